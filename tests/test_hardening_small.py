"""Smaller holes: one version written several ways, a release date far from the document's,
digits of other scripts in the number check, composed and decomposed spellings of a glossary
term, messages that would list a number 90,000 times, and what a message says of a full
disk or a read-only file system."""

from __future__ import annotations

import errno
import os
import unicodedata

import pytest

from diglot.checks import Context
from diglot.checks.catalogue import registry
from diglot.cli import main
from diglot.diagnostics import Diagnostic, Location, Reporter, some
from diglot.glossary import load_glossary
from diglot.model import Field, Unit

from conftest import pair_of, zh_glossary


@pytest.fixture
def project(project):
    (project / "templates").mkdir()  # the release refuses these before it reads templates
    return project


# -- versions -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "version, canonical", [("1.00", "1.0"), ("01.0", "1.0"), ("007", "7"), ("1.02.3", "1.2.3")]
)
def test_a_version_with_leading_zeros_is_refused_with_its_canonical_form(
    project, capsys, version, canonical
):
    assert main(["release", "memo", "--version", version, "--date", "2024-10-31"]) == 2
    assert capsys.readouterr().err == (
        f"diglot release: error: --version '{version}' is not written the canonical way: its "
        f"numbers have no leading zeros; write --version {canonical}\n"
    )


@pytest.mark.parametrize("existing", ["1.0", "1", "1.0.0"])
@pytest.mark.parametrize("asked", ["1", "1.0", "1.0.0"])
def test_one_version_written_another_way_is_the_same_release(project, capsys, existing, asked):
    (project / "release" / "memo" / existing).mkdir(parents=True)
    assert main(["release", "memo", "--version", asked, "--date", "2024-10-31"]) == 2
    err = capsys.readouterr().err
    if asked == existing:
        assert "already exists: a release is never replaced" in err
    else:
        assert err == (
            f"diglot release: error: release/memo/{existing} is the same version as {asked} "
            "(versions compare by their numbers: 1, 1.0 and 1.0.0 are one version); a release "
            "is never replaced: give the new one another --version\n"
        )


def test_versions_that_differ_are_not_the_same_release():
    from diglot.release import version_key

    assert version_key("1.0") != version_key("1.0.1") != version_key("1.0-rc.1")
    assert version_key("1.10") != version_key("1.1")
    assert version_key("2") == version_key("2.0.0")


# -- release dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "date, message",
    [
        ("0999-01-01", "--date '0999-01-01' is before the year 1000"),
        (
            "1999-01-01",
            "--date 1999-01-01 is 26 years before the date of memo (2024-10); a release is "
            "dated at most 1 year before its document and 10 years after it: check the year, "
            "or pass --any-date if this is the date",
        ),
        (
            "2204-10-31",
            "--date 2204-10-31 is 180 years after the date of memo (2024-10); a release is "
            "dated at most 1 year before its document and 10 years after it: check the year, "
            "or pass --any-date if this is the date",
        ),
    ],
)
def test_a_release_date_far_from_the_documents_is_refused(project, capsys, date, message):
    assert main(["release", "memo", "--version", "1.0", "--date", date]) == 2
    assert capsys.readouterr().err == f"diglot release: error: {message}\n"
    assert not (project / "release").exists()


def test_any_date_lets_a_far_date_through():
    from diglot.release import ReleaseError, check_date_near

    check_date_near("2024-10-31", "2024-10", "memo")
    check_date_near("2023-11-01", "2024-10", "memo")  # within a year before
    check_date_near("2034-09-30", "2024-10", "memo")  # within ten years after
    with pytest.raises(ReleaseError):
        check_date_near("2035-01-01", "2024-10", "memo")
    check_date_near("1999-01-01", None, "memo")  # a document without a date: any


# -- digits of other scripts ----------------------------------------------------------------------

NUMBERS = next(c for c in registry() if c.id == "qa.numbers")


def _unit(text: str) -> Unit:
    return Unit(
        "u", "paragraph", (Field("text", text, Location("x.yaml")),), Location("x.yaml"), "s"
    )


def _numbers(en: str, zh: str) -> list[str]:
    return [f.message for f in pair_of(NUMBERS)(_unit(en), _unit(zh), Context())]


def test_arabic_indic_digits_do_not_pass_the_number_check():
    assert _numbers("The dialogue met in 2023.", "对话于٢٠٢٣年举行。") == [
        "the Chinese writes ٢٠٢٣ in Arabic-Indic digits, which are not read as numbers; write "
        "the number in the digits 0-9",
        "the Chinese lacks 2023 from the English",
    ]
    assert _numbers("The dialogue met in ٢٠٢٣.", "对话于2023年举行。") == [
        "the English writes ٢٠٢٣ in Arabic-Indic digits, which are not read as numbers; write "
        "the number in the digits 0-9",
        "the Chinese has 2023 that the English does not",
    ]
    assert _numbers("in 2023", "于२०२३年")[0].startswith("the Chinese writes २०२३ in Devanagari")


def test_full_width_digits_are_read_as_digits():
    assert (
        _numbers("The dialogue met in 2023, with 40% more.", "对话于２０２３年举行，增加４０%。")
        == []
    )
    assert _numbers("in 2023", "于２０２２年") == [
        "the Chinese lacks 2023 from the English",
        "the Chinese has 2022 that the English does not",
    ]


# -- composed and decomposed spellings -------------------------------------------------------------


def test_a_glossary_term_matches_in_either_normal_form(tmp_path):
    composed = "Société Générale"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    term = next(c for c in registry() if c.id == "qa.term")
    forbidden = next(c for c in registry() if c.id == "qa.term-forbidden")
    for in_glossary, in_text in ((composed, decomposed), (decomposed, composed)):
        path = tmp_path / "glossary.yaml"
        path.write_text(
            f"terms:\n  - en: {in_glossary}\n    zh: 法国兴业银行\n    forbidden: [兴业银行{in_glossary[1]}]\n",
            encoding="utf-8",
        )
        reporter = Reporter()
        glossary = zh_glossary(path, reporter)
        assert not reporter.errors, reporter.to_text()
        context = Context(terms=glossary.terms, protected=(), sanctioned={})
        en = _unit(f"A loan from {in_text}.")
        assert [
            f.message for f in pair_of(term)(en, _unit("来自法国兴业银行的贷款。"), context)
        ] == []
        assert [f.check for f in pair_of(term)(en, _unit("来自兴业银行的贷款。"), context)] == [
            "qa.term"
        ]
        zh = _unit(f"来自兴业银行{in_text[1]}的贷款。")
        assert [f.check for f in pair_of(forbidden)(en, zh, context)] == ["qa.term-forbidden"]


def test_two_spellings_of_one_term_are_one_term_twice(tmp_path):
    path = tmp_path / "glossary.yaml"
    composed = "Société Générale"
    path.write_text(
        f"terms:\n  - en: {composed}\n    zh: 法国兴业银行\n"
        f"  - en: {unicodedata.normalize('NFD', composed)}\n    zh: 法国兴业银行\n",
        encoding="utf-8",
    )
    reporter = Reporter()
    load_glossary(path, reporter)
    assert [d.code for d in reporter.errors] == ["glossary.duplicate-term"]


# -- long lists in messages -------------------------------------------------------------------------


def test_a_number_missing_90000_times_is_said_once():
    (message,) = _numbers("7 " * 90_000, "数字")
    assert message == "the Chinese lacks 7 ×90,000 from the English"


def test_a_list_in_a_message_is_capped():
    assert some([str(n) for n in range(100)]) == "0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 90 more"
    assert some(["a", "b", "a"]) == "a ×2, b"


def test_no_message_is_longer_than_a_line_can_be():
    diagnostic = Diagnostic("x.y", "error", "z" * 1_000_000, Location("f.yaml"))
    assert len(diagnostic.message) < 2100
    assert diagnostic.message.endswith("… (1,000,000 characters, cut)")


# -- what a message says of the machine --------------------------------------------------------------


@pytest.mark.parametrize(
    "code, words",
    [
        (
            errno.EROFS,
            "the file system is read-only: work on a copy on a writable disk, or mount it writable",
        ),
        (errno.ENOSPC, "the disk is full: free some space and run the command again"),
    ],
)
def test_a_machine_fault_names_the_file_and_the_remedy(project, capsys, monkeypatch, code, words):
    from diglot import output

    def fault(*args, **kwargs):
        raise OSError(code, os.strerror(code), "xliff/memo.en-zh.xlf")

    monkeypatch.setattr(output, "write_atomic", fault)
    assert main(["xliff-export"]) == 2
    out, err = capsys.readouterr()
    assert (
        f"xliff/memo.en-zh.xlf:1:1: error: cannot use this file or folder: {words} [io.error]"
        in err
    )
