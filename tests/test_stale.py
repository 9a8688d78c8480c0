"""qa.stale: source hashes, the word diff, the earlier English from git, and the check."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from diglot.approve import approve
from diglot.checks import Context
from diglot.checks.stale import CHECK, EARLIER_EN, check_stale
from diglot.diagnostics import Location, Reporter
from diglot.model import Field, Unit
from diglot.project import load_project
from diglot.provenance import git_source_text, hash_fields, source_hash

from conftest import commit_all, git

DEFINE_EN = "Both countries should clarify the definition of national security."
DEFINE_EN_EDITED = "Both countries should clarify the definition of economic security."


def unit(
    *fields: tuple[str, str],
    source_hash: str | None = None,
    unit_id: str = "u.one",
    kind: str = "paragraph",
) -> Unit:
    here = Location("memo.yaml", 3, 5)
    return Unit(
        unit_id,
        kind,
        tuple(Field(name, text, here) for name, text in fields),
        here,
        "sec",
        source_hash=source_hash,
    )


def text_unit(text: str, source_hash: str | None = None) -> Unit:
    return unit(("text", text), source_hash=source_hash)


def findings(content_dir: Path, source_text=None) -> dict[str | None, list]:
    """qa.stale's findings for every unit pair of the project, by unit id."""
    reporter = Reporter()
    project = load_project(content_dir, reporter)
    assert project is not None and not reporter.errors, reporter.to_text()
    ctx = Context(source_text=source_text)
    found: dict[str | None, list] = {}
    for pair in project.documents:
        for aligned in pair.units:
            result = list(check_stale(aligned.source, aligned.target, ctx))
            if result:
                found[aligned.source.id] = result
    return found


def approve_all(content: Path) -> None:
    reporter = Reporter()
    assert approve(content, None, False, reporter)
    assert not reporter.errors


# -- source_hash ----------------------------------------------------------------------------


def test_source_hash_is_the_documented_sha256_prefix():
    member = unit(("name", "Dennis Blair"), ("roles", "Professor"), kind="member")
    expected = hashlib.sha256(b"name\x1fDennis Blair\x1eroles\x1fProfessor").hexdigest()
    assert source_hash(member) == expected[:32]
    assert source_hash(member) == hash_fields([("name", "Dennis Blair"), ("roles", "Professor")])


def test_a_recorded_hash_matches_in_full_or_in_the_older_short_form():
    from diglot.provenance import same_hash, short_hash

    full = source_hash(unit(("text", "The two sides agreed.")))
    assert len(full) == 32 and same_hash(full, full) and not short_hash(full)
    assert same_hash(full[:10], full) and short_hash(full[:10])  # as approve wrote it before
    for other in (full[:9], full[:11], full[:31], "", None, "0" * 32, "0" * 10):
        assert not same_hash(other, full), other


def test_source_hash_is_stable_and_32_lowercase_hex_digits():
    first, second = source_hash(text_unit(DEFINE_EN)), source_hash(text_unit(DEFINE_EN))
    assert first == second
    assert len(first) == 32 and all(c in "0123456789abcdef" for c in first)


def test_source_hash_ignores_whitespace_reflows():
    reflowed = "  Both countries should\n clarify the   definition\tof national security. "
    assert source_hash(text_unit(reflowed)) == source_hash(text_unit(DEFINE_EN))


def test_source_hash_changes_with_a_word():
    assert source_hash(text_unit(DEFINE_EN_EDITED)) != source_hash(text_unit(DEFINE_EN))


def test_source_hash_changes_with_markup():
    bold = "Both countries should clarify the definition of **national security**."
    assert source_hash(text_unit(bold)) != source_hash(text_unit(DEFINE_EN))


def test_source_hash_keeps_fields_apart():
    # The separators are whitespace to Python; normalising the whole string would merge them.
    assert source_hash(unit(("name", "A"), ("roles", "B C"))) != source_hash(
        unit(("name", "A B"), ("roles", "C"))
    )
    assert source_hash(unit(("name", "A"), ("roles", "B"))) != source_hash(
        unit(("name", "A"), ("leader", "B"))
    )


# -- the check ------------------------------------------------------------------------------


def test_no_source_hash_is_reported_with_the_approve_command():
    [finding] = check_stale(
        text_unit(DEFINE_EN), text_unit("两国应明确国家安全的定义。"), Context()
    )
    assert finding.check == "qa.stale"
    assert finding.field is None and finding.detail is None
    assert finding.message == (
        "no source hash: record the English this translation was made "
        "from with `python pipeline.py approve u.one`"
    )


def test_a_matching_hash_is_not_reported():
    en = text_unit(DEFINE_EN)
    assert (
        list(check_stale(en, text_unit("两国应明确国家安全的定义。", source_hash(en)), Context()))
        == []
    )


def test_a_changed_english_is_reported_with_the_diff_from_the_source_text():
    earlier = source_hash(text_unit(DEFINE_EN))
    asked = []

    def source_text(en_unit, wanted):
        asked.append((en_unit.id, wanted))
        return DEFINE_EN

    [finding] = check_stale(
        text_unit(DEFINE_EN_EDITED), text_unit("两国…", earlier), Context(source_text=source_text)
    )
    assert asked == [("u.one", earlier)]
    assert finding.message == (
        "the English text changed after this unit was translated; "
        "update the translation, then run `python pipeline.py approve "
        "u.one`"
    )
    assert finding.detail == (
        "English then → now:\n  Both countries should clarify the "
        "definition of [-national-]{+economic+} security."
    )


def test_english_that_only_gained_markup_shows_the_marks_on_their_words():
    earlier = source_hash(text_unit(DEFINE_EN))
    now = DEFINE_EN.replace("national security", "[national](https://example.org) **security**")
    [finding] = check_stale(
        text_unit(now),
        text_unit("两国…", earlier),
        Context(source_text=lambda en_unit, wanted: DEFINE_EN),
    )
    assert finding.detail == (
        "English then → now:\n  Both countries should clarify the definition of "
        "{+[+}national{+](https://example.org) **+}security{+**+}."
    )


def test_a_changed_english_without_its_earlier_text_shows_the_current_english():
    stale = text_unit("两国…", source_hash(text_unit(DEFINE_EN)))
    [finding] = check_stale(
        text_unit(DEFINE_EN_EDITED), stale, Context(source_text=lambda en_unit, wanted: None)
    )
    assert finding.detail == (
        f"earlier English not found in the git history; current English:\n  {DEFINE_EN_EDITED}"
    )
    [finding] = check_stale(text_unit(DEFINE_EN_EDITED), stale, Context())
    assert (
        finding.detail == f"earlier English not looked up; current English:\n  {DEFINE_EN_EDITED}"
    )


LONG = 1_900_000  # a title of 1.9 MB: its diff was one line of 1.9 MB


@pytest.mark.parametrize(
    "then, now, shown",
    [
        (
            "Consensus Agreement",
            "Consensus " + "word " * (LONG // 5) + "Agreement",
            ["Consensus {+word word", "word word+} Agreement"],
        ),
        (
            "x " * 5 + "a" * LONG + " end",
            "x " * 5 + "b" * LONG + " end",
            ["x x x x x [-aaa", "aaa-]{+bbb", "bbb+} end"],
        ),
    ],
    ids=["words-added", "one-long-word"],
)
def test_a_huge_change_is_shown_around_its_changes_within_a_message_s_length(then, now, shown):
    from diglot.diagnostics import MESSAGE_MAX, Diagnostic

    earlier = source_hash(text_unit(then))
    [finding] = check_stale(
        text_unit(now), text_unit("两国…", earlier), Context(source_text=lambda u, w: then)
    )
    assert finding.detail is not None
    report = Diagnostic(
        "qa.stale", "warning", finding.message, Location("memo.yaml", 3, 5), detail=finding.detail
    ).format()
    assert max(len(line) for line in report.splitlines()) <= MESSAGE_MAX
    for text in shown:
        assert text in report, report


def test_the_diff_of_a_long_chinese_text_takes_no_time():
    """difflib's matching grows with the square of the words (characters, in Chinese): a
    paragraph of 8,000 characters changed in its middle took nine seconds."""
    import time

    from diglot.textdiff import word_diff

    then = "中" * 8000
    now = "中" * 4000 + "美" + "中" * 4000
    start = time.perf_counter()
    shown = word_diff(then, now)
    assert time.perf_counter() - start < 2
    assert shown == "…" + "中" * 10 + "{+美+}" + "中" * 10 + "…"


def test_the_catalogue_examples():
    # Examples are plain pairs: the passing pair's Chinese is approved against its own
    # English; the failing pair's Chinese was approved against the earlier English.
    assert CHECK.passes.en == EARLIER_EN
    passing_en = text_unit(CHECK.passes.en)
    passing_zh = text_unit(CHECK.passes.zh, source_hash(passing_en))
    failing_zh = text_unit(CHECK.fails.zh, source_hash(text_unit(EARLIER_EN)))
    ctx = Context(source_text=lambda en_unit, wanted: EARLIER_EN)
    assert CHECK.pair is not None
    assert list(CHECK.pair(passing_en, passing_zh, ctx)) == []
    [finding] = CHECK.pair(text_unit(CHECK.fails.en), failing_zh, ctx)
    assert "[-national-]{+economic+}" in (finding.detail or "")
    assert (CHECK.id, CHECK.severity) == ("qa.stale", "error")


# -- the whole round: approve, edit the English, check, approve again ----------------------

EDIT = (
    "text: Both countries should clarify the definition of national security.",
    "text: Both countries should clarify the definition of economic security.",
)


def test_fresh_content_has_no_source_hashes(tree):
    found = findings(tree.content)
    assert len(found) == 14
    assert all(f.message.startswith("no source hash") for [f] in found.values())


@pytest.mark.parametrize("commit_edit", [True, False], ids=["committed", "uncommitted"])
def test_an_edited_english_is_reported_with_a_word_diff_from_git(tree, commit_edit):
    git(tree.root, "init", "-q")
    approve_all(tree.content)
    commit_all(tree.root, "approved translation")
    assert findings(tree.content, git_source_text(tree.root)) == {}
    tree.replace("en", *EDIT)
    if commit_edit:
        commit_all(tree.root, "edit the English")
    found = findings(tree.content, git_source_text(tree.root))
    assert list(found) == ["chips.rec.define"]
    [finding] = found["chips.rec.define"]
    assert finding.detail == (
        "English then → now:\n  Both countries should clarify the "
        "definition of [-national-]{+economic+} security."
    )
    tree.replace("zh", "两国应明确国家安全的定义。", "两国应明确经济安全的定义。")
    reporter = Reporter()
    [change] = approve(tree.content, ["chips.rec.define"], False, reporter)
    assert change.unit == "chips.rec.define" and not reporter.errors
    assert findings(tree.content, git_source_text(tree.root)) == {}


def test_the_earlier_english_is_found_several_commits_back(tree):
    git(tree.root, "init", "-q")
    approve_all(tree.content)
    commit_all(tree.root, "approved translation")
    tree.replace("en", *EDIT)
    commit_all(tree.root, "first edit")
    tree.replace("en", "of economic security.", "of economic and national security.")
    commit_all(tree.root, "second edit")
    tree.replace("en", "Both countries", "Both governments")  # and one not committed
    found = findings(tree.content, git_source_text(tree.root))
    assert list(found) == ["chips.rec.define"]
    [finding] = found["chips.rec.define"]
    assert finding.detail == (
        "English then → now:\n  Both [-countries-]{+governments+} should clarify the "
        "definition of {+economic and+} national security."
    )


def test_a_member_diff_joins_its_fields(tree):
    git(tree.root, "init", "-q")
    approve_all(tree.content)
    commit_all(tree.root, "approved translation")
    tree.replace("en", "roles: President, National", "roles: Chair, National")
    [finding] = findings(tree.content, git_source_text(tree.root))["us.stephen-orlins"]
    assert finding.detail == (
        "English then → now:\n  Stephen Orlins / [-President-]"
        "{+Chair+}, National Committee on U.S.-China Relations"
    )


def test_without_a_repository_the_earlier_english_is_not_found(tree, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tree.root.parent))  # no repository above
    approve_all(tree.content)
    tree.replace("en", *EDIT)
    source_text = git_source_text(tree.root)
    found = findings(tree.content, source_text)
    assert list(found) == ["chips.rec.define"]
    [finding] = found["chips.rec.define"]
    assert finding.detail == (
        "earlier English not found in the git history; current "
        "English:\n  Both countries should clarify the definition of "
        "economic security."
    )


def test_a_hash_in_no_version_is_not_found(tree):
    git(tree.root, "init", "-q")
    commit_all(tree.root, "content")
    reporter = Reporter()
    project = load_project(tree.content, reporter)
    assert project is not None
    en = next(u for u in project.documents[0].source.units() if u.id == "chips.rec.define")
    source_text = git_source_text(tree.root)
    assert source_text(en, source_hash(en)) == DEFINE_EN
    assert source_text(en, "0123456789") is None
    assert source_text(en, "0123456789") is None  # cached, still no answer


def test_a_version_the_loader_now_refuses_is_still_searched(tree):
    # An older English file that today's rules reject (here: emphasis markup in another unit)
    # still yields the unit's text, read from its YAML tree.
    git(tree.root, "init", "-q")
    tree.replace("en", "Consider relaxing", "Consider *relaxing*")
    commit_all(tree.root, "content with a markup error elsewhere")
    old_hash = hash_fields([("text", DEFINE_EN)])
    tree.replace("en", "Consider *relaxing*", "Consider relaxing")
    tree.replace("en", *EDIT)
    reporter = Reporter()
    project = load_project(tree.content, reporter)
    assert project is not None and not reporter.errors
    en = next(u for u in project.documents[0].source.units() if u.id == "chips.rec.define")
    assert git_source_text(tree.root)(en, old_hash) == DEFINE_EN


def test_without_git_on_the_path_nothing_is_found(tree, monkeypatch):
    empty = tree.root / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    reporter = Reporter()
    project = load_project(tree.content, reporter)
    assert project is not None
    en = next(project.documents[0].source.units())
    assert git_source_text(tree.root)(en, source_hash(en)) is None


def test_a_missing_folder_finds_nothing(tree):
    reporter = Reporter()
    project = load_project(tree.content, reporter)
    assert project is not None
    en = next(project.documents[0].source.units())
    assert git_source_text(tree.root / "not-there")(en, source_hash(en)) is None
