"""Parity between the languages: golden cases under tests/fixtures/parity/<case>/.

Each case is a tiny en/zh document pair with one difference from tests/fixtures/tiny
and the exact report `diglot check` must print for it (expected.txt).
"""


import pytest

from diglot.cli import main

from conftest import FIXTURES

CASES = sorted(p.name for p in (FIXTURES / "parity").iterdir() if p.is_dir())


def test_every_case_is_here():
    assert CASES == ["date-differs", "extra-in-zh", "kind-differs", "list-split",
                     "member-missing", "missing-in-zh", "moved-to-other-section", "no-en-file",
                     "no-zh-file", "out-of-order"]


@pytest.mark.parametrize("case", CASES)
def test_parity_case(case, monkeypatch, capsys):
    folder = FIXTURES / "parity" / case
    monkeypatch.chdir(folder)
    code = main(["--content", ".", "check"])
    out = capsys.readouterr().out
    assert code == 1
    assert out == (folder / "expected.txt").read_text(encoding="utf-8")


def test_the_unchanged_pair_is_clean(monkeypatch, capsys):
    monkeypatch.chdir(FIXTURES / "tiny")
    assert main(["--content", ".", "check"]) == 0
    assert capsys.readouterr().out == (
        "diglot check: 1 document, 14 aligned units: no problems; 1 unit marked for review "
        "(diglot review lists them)\n")


def test_missing_names_the_id_and_both_files():
    expected = (FIXTURES / "parity" / "missing-in-zh" / "expected.txt").read_text()
    first = expected.splitlines()[0]
    assert first.startswith("en/memo.yaml:30:13: error: recommendation 'chips.rec.relax'")
    assert "zh/memo.yaml" in first


def test_the_english_side_of_every_case_is_the_tiny_document():
    tiny = {lang: (FIXTURES / "tiny" / lang / "memo.yaml").read_text() for lang in ("en", "zh")}
    for case in CASES:
        for lang in ("en", "zh"):
            path = FIXTURES / "parity" / case / lang / "memo.yaml"
            if path.exists() and lang == "en":
                assert path.read_text() == tiny["en"], case
