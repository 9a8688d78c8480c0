"""Imported values YAML would misread, and values no content may hold: one rule for when a
value must be quoted, shared by the loader and the writer and fuzzed against the YAML
readers; characters the content may not hold, and texts too large for a file, refused as
the user's error before anything is written; a no-break space kept."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from diglot import inline, xliff
from diglot.diagnostics import Reporter
from diglot.edits import TextEdit, plan, write_file_edit
from diglot.load import document_from_text
from diglot.provenance import text_hash
from diglot.reviewfile import canonical
from diglot.types import TypeRegistry
from diglot.yamledit import replace_scalar
from diglot.yamlplain import not_text, plain_ok
from diglot.yamltree import Mapping, Node, Scalar, Sequence, parse_tree

from conftest import REPO, loaded, text_of

# ruamel.yaml warns when it reads 1e5 as YAML 1.1 does: the readers are asked on purpose
pytestmark = pytest.mark.filterwarnings("ignore::ruamel.yaml.error.MantissaNoDotYAML1_1Warning")

# the strings of the differential fuzz that the writer and the loader disagreed on, and more
MISREAD = [
    ".",
    ".e5",
    "+.INF",
    "-.inf",
    ".NaN",
    "~",
    "null",
    "Null",
    "yes",
    "No",
    "on",
    "y",
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "1_000",
    "1:20",
    "12:30:00",
    "1e5",
    "+1",
    "1.",
    "=",
    "<<",
    ": x",
    "- x",
    "-",
    "? x",
    "#x",
    "a #b",
    "a: b",
    "ends:",
    " leading",
    "trailing ",
    "*alias",
    "&anchor",
    "!tag",
    "|",
    ">",
    "%x",
    "@x",
    "`x",
    "2024-10-07",
    "2001-12-14t21:59:43.10-05:00",
    "2024-02-30",
    "'",
    '"',
    "a\xa0",
    "\xa0a",
]


def _loaded_by_readers(value: str) -> list:
    """`k: value` as ruamel.yaml (YAML 1.2 and 1.1) and PyYAML (1.1) read it; an exception
    instance where a reader fails."""
    found: list = []
    for version in ((1, 2), (1, 1)):
        reader = YAML(typ="safe")
        reader.version = version
        try:
            found.append(reader.load(f"k: {value}\n")["k"])
        except Exception as exc:  # noqa: BLE001 - any failure is an answer here
            found.append(exc)
    try:
        found.append(yaml.safe_load(f"k: {value}\n")["k"])
    except Exception as exc:  # noqa: BLE001
        found.append(exc)
    return found


TYPES = TypeRegistry(REPO, None, Reporter())
DOCUMENT = (REPO / "tests" / "fixtures" / "tiny" / "zh" / "memo.yaml").read_text(encoding="utf-8")
LINE = "        text: 未来5至7年，中国将成为成熟制程芯片的重要制造国。"
FLOW = "        text: 未来5至7年。"


def _written_and_read_back(value: str, flow: bool) -> str | None:
    """Replace a unit's plain text with value as the edit module writes it, load the file
    as the loader does; the text it reads (None: it does not load)."""
    base = DOCUMENT
    if flow:
        base = base.replace(LINE, "        text: 未来5至7年。", 1)
        base = base.replace(
            "      - id: chips.outlook\n" + FLOW,
            "      - {id: chips.outlook, text: 未来5至7年。}",
            1,
        )
    root = parse_tree("memo.yaml", base, Reporter())
    found = []
    stack: list[Node | None] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            entries = {k.value: v for k, v in node.items}
            if getattr(entries.get("id"), "value", None) == "chips.outlook":
                found.append(entries["text"])
            stack += [v for _, v in node.items]
        elif isinstance(node, Sequence):
            stack += list(node.items)
    (scalar,) = found
    assert isinstance(scalar, Scalar)
    start, end, written = replace_scalar(base, scalar, value, flow)
    text = base[:start] + written + base[end:]
    reporter = Reporter()
    document = document_from_text(text, "memo.yaml", "zh", TYPES, reporter)
    if document is None:
        return None
    unit = next(u for u in document.units() if u.id == "chips.outlook")
    return text_of(unit)


@pytest.mark.parametrize("value", MISREAD)
def test_every_value_yaml_would_misread_is_written_so_that_it_reads_back(value):
    for flow in (False, True):
        assert _written_and_read_back(value, flow) == value, (value, flow)


@pytest.mark.parametrize("value", MISREAD)
def test_the_loader_refuses_exactly_what_some_reader_misreads(value):
    if not plain_ok(value) and not_text(value) is None:
        return  # not a plain scalar at all (a comment, a key, quotes): the parser says so
    readers = _loaded_by_readers(value)
    misread = any(not isinstance(found, str) or found != value for found in readers)
    assert (not_text(value) is not None) == misread, (value, readers)


_YAML_CHARS = st.sampled_from(
    list("aZ09 .,:;-+_#~=<>!&*|?%@`'\"[]{}()\\/\xa0\t") + ["e", "E", "x", "o", "b", "中", "。"]
)
_YAML_WORDS = st.sampled_from(
    ["inf", "Inf", "INF", "nan", "NaN", "null", "Null", "true", "yes", "no", "on", "off"]
    + ["0x", "0o", "0b", "1_0", "12:30", "2024-10-07", "t21:59:43", ".5", "1e5", "<<"]
    + ["+.", "-.", ".e", "e5", ".INF", ".inf", "0", "Y", "~", ": ", "- ", "# "]
)
_VALUES = st.lists(st.one_of(_YAML_CHARS, _YAML_WORDS), min_size=1, max_size=8).map("".join)


@settings(max_examples=800, deadline=None)
@given(value=_VALUES)
@example(value=".")
@example(value=".e5")
@example(value="+.INF")
def test_fuzz_the_quoting_rule_against_the_yaml_readers(fuzz, value):
    """Differential: whatever the rule says, a value written by the edit module reads back
    as itself; a value written unquoted reads as itself in every reader; a value the loader
    refuses as not text is read as something else by at least one reader."""
    if not value.strip() or "\t" in value or inline.parse(value).problems:
        return  # refused before writing: empty texts, tabs, markup outside the subset
    for flow in (False, True):
        assert _written_and_read_back(value, flow) == value, (value, flow)
    if plain_ok(value):
        assert _loaded_by_readers(value) == [value, value, value], value
    reading = not_text(value)
    readers = _loaded_by_readers(value)
    if reading is not None:
        assert any(not isinstance(r, str) or r != value for r in readers), (value, reading)
    elif plain_ok(value):
        assert all(r == value for r in readers), value


# -- imports: values the content may not hold, texts too large ------------------------------------


def _plan(tree, unit_id: str, new: str, command: str = "xliff-import"):
    reporter = Reporter()
    project = loaded(tree.content, reporter)
    (pair,) = project.documents
    unit = next(u for u in pair.target.units() if u.id == unit_id)
    found = plan(
        tree.content,
        [TextEdit("memo", "zh", unit_id, {"text": new}, text_hash(unit), "memo.xlf:12")],
        [],
        reporter,
        command,
    )
    return found, reporter


def test_a_refusal_without_a_place_in_the_content_names_the_imported_file_once(tree):
    """An edit refused for what is not in the content (no such unit in the English) is
    located where the imported file holds it, once: never "content:1:1: error: FILE:12: …"."""
    reporter = Reporter()
    found = plan(
        tree.content,
        [TextEdit("memo", "zh", "chips.no-such-unit", {"text": "新的译文。"}, "", "memo.xlf:12")],
        [],
        reporter,
        "xliff-import",
    )
    assert found is None or found.refused == ["chips.no-such-unit"]
    assert [d.format() for d in reporter.errors] == [
        "memo.xlf:12:1: error: 'chips.no-such-unit': no unit with this id in the source "
        "[xliff-import.refused]"
    ]


@pytest.mark.parametrize(
    "char, name",
    [
        (
            "\u202e",
            "U+202E (RIGHT-TO-LEFT OVERRIDE), a bidirectional control character, which "
            "the language's profile does not allow ([text] bidi-controls); remove it",
        ),
        (
            "\u2066",
            "U+2066 (LEFT-TO-RIGHT ISOLATE), a bidirectional control character, which "
            "the language's profile does not allow ([text] bidi-controls); remove it",
        ),
        ("\ufdd0", "U+FDD0 (a noncharacter), which no text may hold; remove it"),
        ("\x85", "U+0085 (NEXT LINE), which no text may hold; remove it"),
        ("\x9b", "U+009B (a C1 control character), which no text may hold; remove it"),
        ("\x0b", "U+000B (LINE TABULATION), which no text may hold; remove it"),
        ("\u2028", "U+2028 (LINE SEPARATOR), which no text may hold; remove it"),
    ],
)
def test_a_character_no_text_may_hold_is_the_users_error(tree, char, name):
    before = tree.snapshot()
    found, reporter = _plan(tree, "chips.outlook", f"未来5至7年{char}，新的译文。")
    assert found is None
    (line,) = [d.format() for d in reporter.errors]
    assert line == (
        f"content/zh/memo.yaml:26:15: error: memo.xlf:12: 'chips.outlook': the new text "
        f"contains {name} [xliff-import.refused]"
    )
    assert "internal" not in line
    assert tree.snapshot() == before


def test_a_profile_that_allows_bidi_controls_lets_them_in(tree):
    profiles = tree.root / "languages"
    profiles.mkdir()
    text = (REPO / "languages" / "zh-Hans.toml").read_text(encoding="utf-8")
    (profiles / "zh-Hans.toml").write_text(
        text.replace("[text]\n", "[text]\nbidi-controls = true\n", 1), encoding="utf-8"
    )
    found, reporter = _plan(tree, "chips.outlook", "未来\u202e5至7年。")
    assert found is not None, reporter.to_text()
    assert found.apply(reporter)
    assert "未来\u202e5至7年。" in tree.read("zh")


def test_a_no_break_space_is_kept(tree):
    found, reporter = _plan(tree, "chips.outlook", "未来5至7年，\xa0中国。\xa0")
    assert found is not None, reporter.to_text()
    assert found.apply(reporter)
    reporter = Reporter()
    (pair,) = loaded(tree.content, reporter).documents
    unit = next(u for u in pair.target.units() if u.id == "chips.outlook")
    assert text_of(unit) == "未来5至7年，\xa0中国。\xa0"
    # and the importers see a no-break space where there was a space as a change
    assert canonical([("a\xa0b", False, None)]) != canonical([("a b", False, None)])
    spaced, kept = inline.parse("5 %").spans, inline.parse("5\xa0%").spans
    assert xliff.normalised(spaced) != xliff.normalised(kept)


def test_a_text_too_large_for_a_content_file_is_refused_before_writing(tree):
    before = tree.snapshot()
    found, reporter = _plan(tree, "chips.outlook", "长" * 1_000_000)  # 3 MB in UTF-8
    assert found is None
    (line,) = [d.format() for d in reporter.errors]
    assert line == (
        "content/zh/memo.yaml:26:15: error: memo.xlf:12: 'chips.outlook': the new text is "
        "3,000,000 bytes long, more than a whole content file may hold (2,097,152 bytes) "
        "[xliff-import.refused]"
    )
    assert tree.snapshot() == before


def test_texts_that_together_overflow_the_file_are_refused_before_writing(tree):
    before = tree.snapshot()
    reporter = Reporter()
    project = loaded(tree.content, reporter)
    (pair,) = project.documents
    edits = [
        TextEdit("memo", "zh", str(u.id), {"text": "长" * 400_000}, text_hash(u), f"row {i}")
        for i, u in enumerate(pair.target.units())
        if u.field("text") is not None
    ][:3]
    assert plan(tree.content, edits, [], reporter, "review-import") is None
    (line,) = [d.format() for d in reporter.errors]
    assert line.startswith("content/zh/memo.yaml:1:1: error: the edited file would be ")
    assert line.endswith(
        "bytes, more than the 2,097,152 a content file may hold; nothing was written (split "
        "the document, or shorten the texts) [review-import.refused]"
    )
    assert tree.snapshot() == before


def test_values_yaml_would_misread_are_imported_not_internal_errors(tree):
    for value in (".", ".e5", "+.INF", "~", "yes", "0x1F", "1_000", ": x", "- x", "#x"):
        found, reporter = _plan(tree, "chips.outlook", value)
        assert found is not None, (value, reporter.to_text())
        for edit in found.edits:
            assert write_file_edit(edit, reporter, "xliff-import")
        reporter = Reporter()
        (pair,) = loaded(tree.content, reporter).documents
        assert not reporter.errors, reporter.to_text()
        unit = next(u for u in pair.target.units() if u.id == "chips.outlook")
        assert text_of(unit) == value


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=_VALUES)
@example(value=".")  # the values the writer and the loader disagreed on, always tried
@example(value=".e5")
@example(value="+.INF")
def test_fuzz_plan_writes_any_value_back_as_itself(fuzz, tree, value):
    """Any text an import brings is either refused (located, its own error) or written so
    that the file loads with exactly that text."""
    before = tree.snapshot()
    found, reporter = _plan(tree, "chips.outlook", value)
    if found is None:
        assert reporter.errors and all(
            d.code == "xliff-import.refused" and d.location.line >= 1 for d in reporter.errors
        ), reporter.to_text()
        assert tree.snapshot() == before
        return
    for edit in found.edits:
        assert write_file_edit(edit, reporter, "xliff-import")
    check = Reporter()
    (pair,) = loaded(tree.content, check).documents
    assert not check.errors, check.to_text()
    unit = next(u for u in pair.target.units() if u.id == "chips.outlook")
    assert text_of(unit) == value
    for path, data in before.items():  # back to the start for the next example
        (tree.root / path).write_bytes(data)
    for path in tree.content.rglob("*.bak"):
        path.unlink()


def test_an_author_from_metadata_is_recorded_without_control_characters(tree):
    """git's user.name or a Word file's last author may hold anything: the note records the
    name without the characters no value may hold (it was an internal error)."""
    from diglot.edits import NoteEdit
    from diglot.source import clean_name

    assert clean_name("Eve\x1b[31m\u202e Smith\x85") == "Eve [31m Smith"
    assert clean_name("\x1b\x00") is None
    reporter = Reporter()
    found = plan(
        tree.content,
        [],
        [NoteEdit("memo", "zh", "chips.outlook", "Check.", "Eve\x1b[31m", "2026-01-05")],
        reporter,
        "review-import",
    )
    assert found is not None, reporter.to_text()
    assert found.apply(reporter, "review-import")
    assert 'author: "Eve [31m"' in tree.read("zh")
