"""Everyday editing: review notes with authors and status, approve only what was looked at,
YAML that every reader reads the same way, and tracking data that is never lost silently."""

from __future__ import annotations

import datetime
import io

import pytest
import yaml
from ruamel.yaml import YAML

from diglot.approve import UNCHANGED_NOTE, approve
from diglot.cli import main
from diglot.diagnostics import Reporter
from diglot.model import ReviewNote
from diglot.yamltree import Mapping, Node, Scalar, Sequence, parse_tree

from conftest import REPO, ContentTree, commit_all, git, loaded

CONVERSATION = """\
          - id: chips.rec.define
            review:
              - note: Characters of the name not confirmed.
                author: Li Wen
                date: 2026-11-20
              - note: Asked the delegate's office.
                author: Li Wen
                date: 2026-11-21
              - note: Confirmed with the delegate's office.
                author: J. Smith
                date: 2026-11-28
                status: resolved
"""


def units(tree: ContentTree) -> dict:
    reporter = Reporter()
    project = loaded(tree.content, reporter)
    assert not reporter.errors, reporter.to_text()
    return {u.id: u for pair in project.documents for u in pair.target.units()}


def notes(tree: ContentTree, unit_id: str) -> list[tuple]:
    return [(n.text, n.author, n.date, n.status) for n in units(tree)[unit_id].notes]


def with_conversation(tree: ContentTree) -> None:
    tree.replace("zh", "          - id: chips.rec.define\n", CONVERSATION)


def cli(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


THREE = [
    ("Characters of the name not confirmed.", "Li Wen", "2026-11-20", "open"),
    ("Asked the delegate's office.", "Li Wen", "2026-11-21", "open"),
    ("Confirmed with the delegate's office.", "J. Smith", "2026-11-28", "resolved"),
]


# -- review notes ---------------------------------------------------------------------------


def test_a_unit_carries_a_conversation_of_notes(tree):
    with_conversation(tree)
    unit = units(tree)["chips.rec.define"]
    assert notes(tree, "chips.rec.define") == THREE
    assert all(isinstance(n, ReviewNote) for n in unit.notes)
    assert unit.notes[0].location.line == 30 and unit.notes[0].location.column == 17
    assert unit.review == "Characters of the name not confirmed.\nAsked the delegate's office."


def test_the_short_form_is_one_open_note_without_author_or_date(tree):
    tree.replace(
        "zh",
        "          - id: chips.rec.define\n",
        "          - id: chips.rec.define\n            review: Check 定义.\n",
    )
    assert notes(tree, "chips.rec.define") == [("Check 定义.", None, None, "open")]


@pytest.mark.parametrize(
    "lines, message",
    [
        (
            "              - note: Seen.\n                status: closed\n",
            "content/zh/memo.yaml:31:25: error: 'chips.rec.define' at "
            "sections[1].content[1].recommendations[0].review[0].status: 'closed' is no "
            "status; write open (the default) or resolved [content.bad-status]",
        ),
        (
            "              - note: Seen.\n                date: 2026-11-31\n",
            "content/zh/memo.yaml:31:23: error: 'chips.rec.define' at "
            "sections[1].content[1].recommendations[0].review[0].date: '2026-11-31' is no "
            "date: November 2026 has no 31st day (it has 30) [content.bad-date]",
        ),
        (
            "              - note: Seen.\n                date: 28 Nov 2026\n",
            "content/zh/memo.yaml:31:23: error: 'chips.rec.define' at "
            "sections[1].content[1].recommendations[0].review[0].date: '28 Nov 2026' is not a "
            "date; write the day the note was written as YYYY-MM-DD (e.g. 2026-11-28) "
            "[content.bad-date]",
        ),
        (
            "              - note: Seen.\n                autor: Li Wen\n",
            "content/zh/memo.yaml:31:17: error: 'chips.rec.define' at "
            "sections[1].content[1].recommendations[0].review[0]: unknown key 'autor' in a "
            "review note; did you mean 'author'? [content.unknown-key]",
        ),
        (
            "              - author: Li Wen\n",
            "content/zh/memo.yaml:30:17: error: 'chips.rec.define' at "
            "sections[1].content[1].recommendations[0].review[0]: a review note needs the key "
            "'note' [content.missing-key]",
        ),
    ],
    ids=["status", "impossible-date", "date-in-words", "unknown-key", "no-note"],
)
def test_a_wrong_note_is_a_located_error(tree, check, lines, message):
    tree.replace(
        "zh",
        "          - id: chips.rec.define\n",
        "          - id: chips.rec.define\n            review:\n" + lines,
    )
    code, out = check()
    assert code == 1
    assert message in out


def test_review_lists_open_notes_and_filters_by_author_and_status(tree, capsys):
    with_conversation(tree)
    code, out = cli(capsys, "review")
    assert code == 0
    assert out.splitlines() == [
        "content/zh/memo.yaml:30:17: review: chips.rec.define: Characters of the name not "
        "confirmed. (Li Wen, 2026-11-20)",
        "content/zh/memo.yaml:33:17: review: chips.rec.define: Asked the delegate's office. "
        "(Li Wen, 2026-11-21)",
        "content/zh/memo.yaml:60:17: review: us.stephen-orlins: Confirm the title used in the "
        "committee's Chinese materials.",
    ]
    code, out = cli(capsys, "review", "--status", "resolved")
    assert out.splitlines() == [
        "content/zh/memo.yaml:36:17: review: chips.rec.define (resolved): Confirmed with the "
        "delegate's office. (J. Smith, 2026-11-28)"
    ]
    code, out = cli(capsys, "review", "--status", "all", "--author", "J. Smith")
    assert len(out.splitlines()) == 1 and "J. Smith" in out
    code, out = cli(capsys, "review", "--author", "J. Smith")  # open notes only
    assert out == ""


def test_check_counts_units_with_open_notes(tree, check):
    with_conversation(tree)
    # chips.rec.define and the fixture's us.stephen-orlins; a unit whose only note is
    # resolved is not counted
    tree.replace(
        "zh",
        "      - id: chips.outlook\n",
        "      - id: chips.outlook\n        review:\n          - note: Fine.\n"
        "            status: resolved\n",
    )
    code, out = check()
    assert out[-1].endswith("; 2 units marked for review (diglot review lists them)")


# -- approve only what was looked at ---------------------------------------------------------

EDIT = (
    "text: Both countries should clarify the definition of national security.",
    "text: Both countries should clarify the definition of economic security.",
)


@pytest.fixture
def approved(tree):
    """A repository whose translation is approved and committed, then an English edit."""
    git(tree.root, "init", "-q")
    git(tree.root, "config", "user.name", "Li Wen")
    reporter = Reporter()
    approve(tree.content, None, False, reporter)
    assert not reporter.errors
    commit_all(tree.root, "approved translation")
    tree.replace("en", *EDIT)
    return tree


@pytest.mark.parametrize("commit_edit", [True, False], ids=["committed", "uncommitted"])
def test_approve_refuses_a_translation_untouched_since_its_english_changed(
    approved, capsys, commit_edit
):
    if commit_edit:
        commit_all(approved.root, "edit the English")
    before = approved.snapshot()
    code, out = cli(capsys, "approve", "chips.rec.define")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith(
        "content/zh/memo.yaml:35:13: error: 'chips.rec.define': not approved: the English "
        "changed, but the translation has not changed since (it reads as "
    )
    assert lines[0].endswith(
        "); update the translation and approve it again, or, if it needs no change, run "
        "`python pipeline.py approve --unchanged chips.rec.define` [approve.unchanged]"
    )
    assert ("before commit" in lines[0]) == commit_edit
    assert lines[-1] == (
        "refused 1 unit whose translation has not changed since its source text did (listed above)"
    )
    assert approved.snapshot() == before


def test_approve_accepts_an_updated_translation_even_if_committed_with_the_english(
    approved, capsys
):
    approved.replace("zh", "两国应明确国家安全的定义。", "两国应明确经济安全的定义。")
    commit_all(approved.root, "edit the English and the Chinese together")
    code, out = cli(capsys, "approve", "chips.rec.define")
    assert code == 0, out
    assert out.splitlines()[-1].startswith("approved 1 unit in 1 file")


def test_approve_all_approves_the_rest_and_names_the_refused(approved, capsys):
    approved.replace("en", "text: China will become", "text: In time China will become")
    approved.replace("zh", "未来5至7年，中国将", "假以时日，未来5至7年，中国将")
    code, out = cli(capsys, "approve", "--all")
    assert code == 1
    assert "'chips.rec.define': not approved" in out
    assert "chips.outlook: source-hash " in out
    assert "approved 1 unit in 1 file" in out
    assert "refused 1 unit" in out


def test_unchanged_approves_and_records_a_resolved_note(approved, capsys):
    code, out = cli(capsys, "approve", "--unchanged", "chips.rec.define")
    assert code == 0, out
    assert "(no change to the translation: recorded in a resolved review note)" in out
    today = datetime.date.today().isoformat()
    assert notes(approved, "chips.rec.define") == [(UNCHANGED_NOTE, "Li Wen", today, "resolved")]
    assert (
        "          - id: chips.rec.define\n"
        "            review:\n"
        f'              - note: "{UNCHANGED_NOTE}"\n'
        '                author: "Li Wen"\n'
        f'                date: "{today}"\n'
        "                status: resolved\n"
        '            source-hash: "'
    ) in approved.read("zh")
    code, out = cli(capsys, "check")
    assert code == 0, out


@pytest.mark.parametrize(
    "review",
    [
        "            review: Check the term.\n",
        "            review:\n              - note: Check the term.\n",
        '            review: ["Check the term."]\n',
    ],
    ids=["short-form", "block-list", "flow-list"],
)
def test_unchanged_adds_its_note_to_the_notes_already_there(approved, capsys, review):
    approved.replace(
        "zh", "          - id: chips.rec.define\n", "          - id: chips.rec.define\n" + review
    )
    commit_all(approved.root, "a note")
    code, out = cli(capsys, "approve", "--unchanged", "chips.rec.define")
    assert code == 0, out
    found = notes(approved, "chips.rec.define")
    assert found[0] == ("Check the term.", None, None, "open")
    assert found[1][0] == UNCHANGED_NOTE and found[1][3] == "resolved"


def test_without_git_history_approve_accepts_as_before(tree, capsys):
    reporter = Reporter()
    approve(tree.content, None, False, reporter)
    tree.replace("en", *EDIT)
    code, out = cli(capsys, "approve", "chips.rec.define")
    assert code == 0, out


# -- YAML that every reader reads alike -----------------------------------------------------


def test_approve_writes_quoted_hashes_and_reads_both_forms(tree):
    reporter = Reporter()
    approve(tree.content, ["chips.outlook"], False, reporter)
    text = tree.read("zh")
    quoted = next(line for line in text.splitlines() if "source-hash" in line)
    assert quoted.strip().startswith('source-hash: "') and quoted.endswith('"')
    plain = quoted.replace('"', "")
    tree.write("zh", text.replace(quoted, plain))
    assert units(tree)["chips.outlook"].approval == plain.split(": ")[1]
    # an unquoted hash YAML 1.1 reads as a number is quoted when approve replaces it
    tree.write("zh", text.replace(quoted, plain.split(": ")[0] + ": 0816024e53"))
    approve(tree.content, ["chips.outlook"], False, Reporter())
    assert "0816024e53" not in tree.read("zh") and quoted in tree.read("zh")


def _values(node: Node | None, path: str = "") -> dict[str, str]:
    """Every scalar of diglot's own reading by its path."""
    found: dict[str, str] = {}
    if isinstance(node, Scalar):
        found[path] = node.value
    elif isinstance(node, Mapping):
        for key, value in node.items:
            found.update(_values(value, f"{path}/{key.value}"))
    elif isinstance(node, Sequence):
        for i, item in enumerate(node.items):
            found.update(_values(item, f"{path}/{i}"))
    return found


def _plain(data, path: str = "") -> dict[str, str]:
    found: dict[str, str] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            found.update(_plain(value, f"{path}/{key}"))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            found.update(_plain(item, f"{path}/{i}"))
    else:
        found[path] = data if isinstance(data, str) else str(data)
    return found


CONTENT_FILES = sorted(
    [
        *(REPO / "content").rglob("*.yaml"),
        *(REPO / "tests" / "fixtures" / "tiny").rglob("*.yaml"),
        *(REPO / "tests" / "fixtures" / "types").rglob("content/**/*.yaml"),
        *(REPO / "tests" / "fixtures" / "zh-hant").rglob("content/**/*.yaml"),
    ]
)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_pyyaml_and_ruamel_read_every_value_as_diglot_does(path):
    text = path.read_text(encoding="utf-8")
    ours = _values(parse_tree(str(path), text, Reporter()))
    assert ours
    for reading in (yaml.safe_load(text), YAML(typ="safe", pure=True).load(text)):
        assert _plain(reading) == ours
    # every source hash is text to both readers, not a number
    for data in (yaml.safe_load(text), YAML(typ="safe", pure=True).load(text)):
        hashes = [v for k, v in _typed(data) if k == "source-hash"]
        assert all(isinstance(v, str) for v in hashes)


def _typed(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield key, value
            yield from _typed(value)
    elif isinstance(data, list):
        for item in data:
            yield from _typed(item)


# -- tracking data lost ---------------------------------------------------------------------


def test_tracking_data_lost_in_a_round_trip_is_reported(approved, check):
    approved.replace("en", *reversed(EDIT))  # back to the approved English
    with_conversation(approved)
    approved.replace(
        "zh",
        "      - id: chips.outlook\n",
        "      - id: chips.outlook\n        waive:\n          qa.length: Short on purpose.\n",
    )
    commit_all(approved.root, "notes")
    code, out = check()
    assert code == 0, out
    # a generic converter: hashes that look like numbers become numbers, and a tool that
    # keeps only the text drops the rest
    data = yaml.safe_load(approved.read("zh"))
    _strip(data)
    approved.write("zh", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    code, out = check()
    assert code == 1
    text = "\n".join(out)
    assert text.count("[tracking.lost]") >= 14 + 3 + 1
    assert (
        "error: 'chips.outlook': source-hash: \"" in text
        and '" of the last commit is gone from this unit; restore it (git diff shows what else '
        "was lost), or commit the file if it was removed on purpose"
        in text
    )
    assert (
        "warning: 'chips.rec.define': review note 'Confirmed with the delegate's office.' of "
        "the last commit is gone; restore it (a resolved note is kept with status: "
        "resolved), or commit the file if it was removed on purpose" in text
    )
    assert "warning: 'chips.outlook': the waiver of qa.length of the last commit is gone" in text
    commit_all(approved.root, "accept the loss")
    code, out = check()
    assert not any("tracking.lost" in line for line in out)


def _strip(data):
    if isinstance(data, dict):
        for key in ("source-hash", "review", "waive"):
            data.pop(key, None)
        for value in data.values():
            _strip(value)
    elif isinstance(data, list):
        for item in data:
            _strip(item)


def test_a_conversation_survives_approve_check_and_a_pyyaml_round_trip(approved, check, capsys):
    approved.replace("zh", "两国应明确国家安全的定义。", "两国应明确经济安全的定义。")
    with_conversation(approved)
    commit_all(approved.root, "the conversation")
    code, out = cli(capsys, "approve", "chips.rec.define")
    assert code == 0, out
    assert notes(approved, "chips.rec.define") == THREE
    code, out = check()
    assert code == 0 and out[-1].endswith("2 units marked for review (diglot review lists them)")
    data = yaml.safe_load(approved.read("zh"))
    approved.write("zh", yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert notes(approved, "chips.rec.define") == THREE
    code, out = check()
    assert code == 0, out
    assert not any("tracking.lost" in line for line in out)
    # and through ruamel.yaml's round trip too
    stream = io.StringIO()
    reader = YAML()
    reader.dump(reader.load(approved.read("zh")), stream)
    approved.write("zh", stream.getvalue())
    assert notes(approved, "chips.rec.define") == THREE
