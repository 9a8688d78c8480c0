"""Parity between the languages: golden cases under tests/fixtures/parity/<case>/.

Each case is a tiny en/zh document pair with one difference from tests/fixtures/tiny
and the exact report `diglot check` must print for it (expected.txt).
"""

import pytest

from diglot.cli import main

from conftest import FIXTURES

# every case folder
CASES = sorted(
    p.name for p in (FIXTURES / "parity").iterdir() if p.is_dir() and not p.name.startswith(".")
)

# Cases whose difference the document type allows: the check must pass (exit 0).
CLEAN_CASES = {"declaration-date-may-differ", "declaration-signatures-alternat"}

# Cases built on the type fixtures instead of tests/fixtures/tiny: case prefix -> (type
# fixture folder, file name).
TYPE_BASES = {
    "declaration-": ("declaration", "aldane-sea-fisheries-1948.yaml"),
    "joint-statement-": ("joint-statement", "harbour-cooperation-2025.yaml"),
}


def test_every_case_is_here():
    assert CASES == [
        "date-differs",
        "declaration-article-order",
        "declaration-date-may-differ",
        "declaration-item-extra",
        "declaration-item-missing",
        "declaration-item-moved",
        "declaration-item-order",
        "declaration-kind",
        "declaration-reference-differs",
        "declaration-signature-missing",
        "declaration-signatures-alternat",
        "declaration-table-row-missing",
        "extra-in-zh",
        "joint-statement-point-missing",
        "kind-differs",
        "list-split",
        "member-missing",
        "missing-in-zh",
        "moved-to-other-section",
        "no-en-file",
        "no-zh-file",
        "out-of-order",
    ]


@pytest.mark.parametrize("case", CASES)
def test_parity_case(case, monkeypatch, capsys):
    folder = FIXTURES / "parity" / case
    monkeypatch.chdir(folder)
    code = main(["--content", ".", "check"])
    out = capsys.readouterr().out
    assert code == (0 if case in CLEAN_CASES else 1)
    assert out == (folder / "expected.txt").read_text(encoding="utf-8")


def test_the_unchanged_pair_is_clean(monkeypatch, capsys):
    monkeypatch.chdir(FIXTURES / "tiny")
    assert main(["--content", ".", "check"]) == 0
    assert capsys.readouterr().out == (
        "diglot check: 1 document, 14 aligned units: no problems; 1 unit marked for review "
        "(diglot review lists them)\n"
    )


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


def test_a_date_the_type_lets_differ_is_not_reported(monkeypatch, capsys):
    """declaration dates are per-language: a Chinese date one day later is no error."""
    folder = FIXTURES / "parity" / "declaration-date-may-differ"
    name = "aldane-sea-fisheries-1948.yaml"
    assert "  date: 1948-06-17\n" in (folder / "en" / name).read_text(encoding="utf-8")
    assert "  date: 1948-06-18\n" in (folder / "zh" / name).read_text(encoding="utf-8")
    monkeypatch.chdir(folder)
    assert main(["--content", ".", "check"]) == 0
    out = capsys.readouterr().out
    assert "parity.date" not in out
    assert out == "diglot check: 1 document, 37 aligned units: no problems\n"


def test_the_english_side_of_every_type_case_is_the_type_fixture():
    seen = set()
    for case in CASES:
        for prefix, (type_name, name) in TYPE_BASES.items():
            if case.startswith(prefix):
                seen.add(case)
                base = FIXTURES / "types" / type_name / "content" / "en" / name
                path = FIXTURES / "parity" / case / "en" / name
                assert path.read_text(encoding="utf-8") == base.read_text(encoding="utf-8"), case
    assert len(seen) == 12
