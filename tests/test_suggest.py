"""The one wording of a suggestion for a misspelt name (diglot/suggest.py)."""

from __future__ import annotations

import pytest

from diglot.suggest import closest, did_you_mean, suggestion

from conftest import REPO

pytestmark = pytest.mark.fast


def test_the_closest_name_if_one_is_close():
    assert closest("severty", ["severity", "negation"]) == "severity"
    assert closest("zzz", ["severity", "negation"]) is None
    assert closest("paragrpah", ("paragraph", "section"), 0.75) == "paragraph"


def test_the_wording():
    assert did_you_mean("memoo", ["memo", "report"]) == "; did you mean 'memo'?"
    assert did_you_mean("zzz", ["memo"]) == ""
    assert (
        did_you_mean("intro.scop", ["intro.scope"], about={"intro.scope": "content/en/a.yaml"})
        == "; did you mean 'intro.scope' (content/en/a.yaml)?"
    )
    assert suggestion("sorce", ("source", "targets")) == "; did you mean 'source'?"
    assert suggestion("zzz", ("source", "targets")) == "; allowed: source, targets"
    assert suggestion("zzz", ["a", "b"], "allowed keys") == "; allowed keys: a, b"


def test_no_other_module_guesses_names_itself():
    own = REPO / "diglot" / "suggest.py"
    for path in (REPO / "diglot").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path != own:
            assert "get_close_matches" not in text and "did you mean" not in text, path
