"""Hostile content text and YAML: one rule for typed and escaped characters in every value,
reports that print safely, bounded output in linear time, and fuzzing of the reading."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from xml.dom import minidom

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diglot import inline, source
from diglot.cli import main
from diglot.diagnostics import LIMIT_PER_FILE, Reporter
from diglot.load import load_document
from diglot.types import TypeRegistry, read_type
from diglot.yamltree import parse_tree

from conftest import REPO, lines_with

# Every character a report may not print raw: C0 (tab aside), DEL, C1, U+2028/2029,
# bidirectional overrides and isolates.
RAW = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
TITLE = "content/zh/memo.yaml:9"  # the Chinese title's line: "    text: 共识文件"


def _title(tree, value: str) -> None:
    tree.replace("zh", "text: 共识文件", f"text: {value}")


# -- class 2: control characters through YAML escapes ----------------------------------------


@pytest.mark.parametrize(
    "escape, name",
    [
        ("\\x01", "U+0001 (a control character), written as the escape \\x01, a control"),
        ("\\0", "U+0000 (NULL), written as the escape \\0, a control"),
        ("\\e", "U+001B (ESCAPE), written as the escape \\e, a control"),
        ("\\v", "U+000B (LINE TABULATION), written as the escape \\v, a control"),
        ("\\r", "U+000D (CARRIAGE RETURN), written as the escape \\r, a control"),
        ("\\x7f", "U+007F (DELETE), written as the escape \\x7f, a control"),
        ("\\x85", "U+0085 (NEXT LINE), written as the escape \\x85, a control"),
        ("\\N", "U+0085 (NEXT LINE), written as the escape \\N, a control"),
        ("\\u009b", "U+009B (a C1 control character), written as the escape \\u009b, a control"),
        ("\\uFFFE", "U+FFFE (a noncharacter), written as the escape \\uFFFE, a"),
        ("\\uffff", "U+FFFF (a noncharacter), written as the escape \\uffff, a"),
        ("\\uFDD0", "U+FDD0 (a noncharacter), written as the escape \\uFDD0, a"),
        ("\\U0010FFFF", "U+10FFFF (a noncharacter), written as the escape \\U0010FFFF, a"),
        ("\\L", "U+2028 (LINE SEPARATOR), written as the escape \\L, a control"),
        ("\\u2029", "U+2029 (PARAGRAPH SEPARATOR), written as the escape \\u2029, a control"),
    ],
)
def test_escaped_control_character_is_refused_like_a_typed_one(tree, check, escape, name):
    _title(tree, f'"共识{escape}文件"')
    code, out = check()
    assert code == 1
    kind = "control character" if name.endswith("control") else "character"
    assert out[0] == (
        f"{TITLE}:14: error: 'title' at title-block.title.text: contains "
        f"{name.removesuffix(' a control').removesuffix(' a')} a {kind} that is not allowed "
        "in text; delete it [source.control-char]"
    )


def test_escaped_tab_and_newline_stay_allowed(tree, check):
    _title(tree, '"共识\\t文件"')
    assert check()[0] == 0


@pytest.mark.parametrize(
    "where, old, new, expected",
    [
        (  # a review note: the terminal escape sequence of the issue
            "zh",
            "review: Confirm the title used in the committee's Chinese materials.",
            'review: "\\e[31mConfirm the title\\e[0m"',
            "49:18: error: 'us.stephen-orlins' at delegations[0].members[1].review: contains "
            "U+001B (ESCAPE), written as the escape \\e,",
        ),
        (  # an id
            "zh",
            "id: chips.rec.define",
            'id: "chips.rec.\\x01define"',
            "28:28: error: sections[1].content[1].recommendations[0].id: contains U+0001 "
            "(a control character), written as the escape \\x01,",
        ),
        (  # a key
            "zh",
            "  title:\n",
            '  "tit\\x7fle":\n',
            "7:7: error: title-block, in a key: contains U+007F (DELETE), written as the "
            "escape \\x7f,",
        ),
        (  # a date (a value that is not text)
            "zh",
            "date: 2024-10",
            'date: "2024-10\\v"',
            "10:17: error: title-block.date: contains U+000B (LINE TABULATION), written as "
            "the escape \\v,",
        ),
    ],
)
def test_every_value_is_checked(tree, check, where, old, new, expected):
    tree.replace(where, old, new)
    code, out = check()
    assert code == 1
    assert any(line.startswith(f"content/{where}/memo.yaml:{expected}") for line in out), out


def test_waiver_reason_is_checked(tree, check):
    tree.replace(
        "zh",
        "      - id: chips.outlook\n",
        '      - id: chips.outlook\n        waive:\n          qa.numbers: "ok\\u0007"\n',
    )
    code, out = check()
    assert code == 1
    assert out[0] == (
        "content/zh/memo.yaml:27:26: error: 'chips.outlook' at "
        "sections[1].content[0].waive.qa.numbers: contains U+0007 (BELL), written as the "
        "escape \\u0007, a control character that is not allowed in text; delete it "
        "[source.control-char]"
    )


def test_glossary_value_is_checked(tree, check):
    (tree.content / "glossary.yaml").write_text(
        'terms:\n  - en: Entity List\n    zh: "实体\\e清单"\n', encoding="utf-8"
    )
    code, out = check()
    assert code == 1
    assert out[0] == (
        "content/glossary.yaml:3:12: error: terms[0].zh: contains U+001B (ESCAPE), written "
        "as the escape \\e, a control character that is not allowed in text; delete it "
        "[source.control-char]"
    )


@pytest.mark.parametrize("typed", ["\x0b", "\\v"])
def test_type_file_value_is_checked(tmp_path, typed):
    text = (REPO / "types" / "declaration.yaml").read_text(encoding="utf-8")
    text = text.replace("description: ", f'description: "x{typed}" #', 1)
    path = tmp_path / "declaration.yaml"
    path.write_text(text, encoding="utf-8")
    reporter = Reporter()
    assert read_type(path, None, reporter) is None
    (found,) = [d for d in reporter.diagnostics if d.code == "source.control-char"]
    assert found.message.startswith("outside any text value: contains U+000B (LINE TABULATION)")


@pytest.mark.parametrize("char", ["\u202e", "\\u202E", "\u2066", "\\u2069", "\u202a"])
def test_bidirectional_controls_are_refused(tree, check, char):
    _title(tree, f'"共识{char}文件"')
    code, out = check()
    assert code == 1
    name = source.char_name(char if len(char) == 1 else chr(int(char[2:], 16)))
    written = "," if len(char) == 1 else f", written as the escape {char},"
    assert out[0] == (
        f"{TITLE}:14: error: 'title' at title-block.title.text: "
        f"contains {name}{written} a bidirectional control character that can make the text "
        "display in another order than it is stored; delete it (a language profile can "
        "allow them: [text] bidi-controls = true) [source.control-char]"
    )


def test_a_profile_may_allow_bidirectional_controls(tree, check):
    profiles = tree.root / "languages"
    profiles.mkdir()
    text = (REPO / "languages" / "zh-Hans.toml").read_text(encoding="utf-8")
    text = text.replace("[text]\n", "[text]\nbidi-controls = true\n", 1)
    (profiles / "zh-Hans.toml").write_text(text, encoding="utf-8")
    _title(tree, '"共识\u202e文\\u2066件\\u2069"')
    code, out = check()
    assert code == 0, out
    _title_again = tree.read("zh").replace("\\u2069", "\\v")
    tree.write("zh", _title_again)
    code, out = check()  # other control characters stay refused
    assert lines_with(out, "source.control-char") == [
        f"{TITLE}:23: error: 'title' at title-block.title.text: contains U+000B (LINE "
        "TABULATION), written as the escape \\v, a control character that is not allowed in "
        "text; delete it [source.control-char]"
    ]


def test_no_shipped_profile_allows_bidirectional_controls():
    for path in (REPO / "languages").glob("*.toml"):
        assert "bidi-controls" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_reports_are_valid_and_free_of_raw_control_characters(tree, check, fmt):
    # a key is reported verbatim by content.unknown-key: the report must escape it
    tree.replace("zh", "  title:\n", '  "ti\\e[2J\\x85\\u202e\\ntle\\x01\\v":\n')
    code, out = check("--format", fmt)
    assert code == 1
    text = "\n".join(out)
    assert not RAW.search(text.replace("\n", "")), text
    if fmt == "json":
        text = "\n".join(d["message"] for d in json.loads(text)["diagnostics"])
    elif fmt == "sarif":
        text = "\n".join(r["message"]["text"] for r in json.loads(text)["runs"][0]["results"])
    elif fmt == "junit":
        failures = minidom.parseString(text.encode("utf-8")).getElementsByTagName("failure")
        text = "\n".join(f.getAttribute("message") for f in failures)
    assert "unknown key 'ti\\u001b[2J\\u0085\\u202e\\u000atle\\u0001\\u000b'" in text


def test_review_cannot_send_terminal_escapes(tree, capsys):
    tree.replace(
        "zh",
        "review: Confirm the title used in the committee's Chinese materials.",
        'review: "\\e]0;pwned\\a\\e[31mConfirm"',
    )
    code = main(["review"])
    out = capsys.readouterr().out
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out
    assert "contains U+001B (ESCAPE), written as the escape \\e," in out


# -- class 11 (reading): a raw U+2028, UTF-16 without a byte-order mark ----------------------


@pytest.mark.parametrize(
    "char, name", [("\u2028", "LINE SEPARATOR"), ("\u2029", "PARAGRAPH SEPARATOR")]
)
def test_raw_line_separator_is_named_at_its_place(tree, check, char, name):
    _title(tree, f"共识{char}文件")
    code, out = check()
    assert code == 1
    assert out == [
        f"{TITLE}:13: error: 'title' at title-block.title.text: contains U+{ord(char):04X} "
        f"({name}), a control character that is not allowed (often pasted from Word); "
        "delete it [source.control-char]",
        "diglot check: 0 documents checked, 1 file could not be loaded "
        "(content/zh/memo.yaml): 1 error",
    ]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_named(tree, check, encoding):
    tree.path("zh").write_bytes(tree.read("zh").encode(encoding))
    tree.path("en").write_bytes(tree.read("en").encode(encoding))
    code, out = check()
    assert code == 1
    for lang in ("en", "zh"):
        assert (
            f"content/{lang}/memo.yaml:1:1: error: file is encoded as UTF-16 without a "
            "byte-order mark; re-save as UTF-8 (in Notepad: Save As, Encoding: UTF-8) "
            "[source.encoding]"
        ) in out


# -- class 8: whole-string patterns ----------------------------------------------------------


def test_id_with_a_final_newline_is_refused(tree, check):
    tree.replace("zh", "id: chips.rec.define", 'id: "chips.rec.define\\n"')
    code, out = check()
    assert code == 1
    assert out[0] == (
        "content/zh/memo.yaml:28:17: error: sections[1].content[1].recommendations[0].id: "
        "'chips.rec.define\\u000a' is not a valid id: use lower-case letters and digits, "
        "joined by '.', '-' or '_', starting with a letter (e.g. ai.rec.safety-institute) "
        "[content.bad-id]"
    )


# -- class 5: linear time and bounded output -------------------------------------------------


def _cpu_seconds() -> float:
    """The processor time of this process and of its children that ended."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _timed_check(check) -> tuple[float, int, list[str]]:
    """(processor seconds, exit code, lines) of one check: processor time, not wall time, so
    that a machine busy with other work does not fail a check that did its work quickly."""
    started = _cpu_seconds()
    code, out = check()
    return _cpu_seconds() - started, code, out


def test_a_file_full_of_control_characters_is_checked_quickly(tree, check):
    head = tree.read("zh").encode("utf-8") + b"# "
    tree.path("zh").write_bytes(head + b"\x0b" * (source.MAX_BYTES - len(head) - 1) + b"\n")
    took, code, out = _timed_check(check)
    assert code == 1
    assert took < 10, took
    shown = lines_with(out, "source.control-char")
    assert len(shown) == LIMIT_PER_FILE + 1
    count = source.MAX_BYTES - len(head) - 1 - LIMIT_PER_FILE
    line = head.count(b"\n") + 1
    assert shown[-1] == (
        f"content/zh/memo.yaml:{line}:{3 + LIMIT_PER_FILE}: error: …and {count:,} more like this "
        "in this file [source.control-char]".replace(",", "")
    )


@pytest.mark.slow  # a check of a file of the largest size allowed: seconds
def test_a_file_full_of_escaped_control_characters_is_checked_quickly(tree, check):
    text = tree.read("zh")
    escapes = (source.MAX_BYTES - len(text.encode("utf-8")) - 8) // 2
    tree.write("zh", text.replace("text: 共识文件", 'text: "' + "\\v" * escapes + '"'))
    took, code, out = _timed_check(check)
    assert code == 1
    assert took < 10, took
    assert len(out) < 30
    assert out[-2].endswith(
        f"…and {escapes - LIMIT_PER_FILE} more like this in this file [source.control-char]"
    )


@pytest.mark.slow  # a check of a file of the largest size allowed: seconds
def test_a_file_of_many_tiny_units_is_checked_quickly(tree, check):
    text = tree.read("zh")
    units, size, i = [], len(text.encode("utf-8")), 0
    while True:
        unit = f"      - {{id: p{i}, txet: \x0b}}\n"
        if size + len(unit.encode("utf-8")) >= source.MAX_BYTES:
            break
        units.append(unit)
        size += len(unit.encode("utf-8"))
        i += 1
    tree.write("zh", text.replace("  - id: ai\n", "".join(units) + "  - id: ai\n"))
    took, code, out = _timed_check(check)
    assert code == 1
    assert took < 10, took
    assert len(out) < 10 * (LIMIT_PER_FILE + 1), len(out)
    assert f"…and {i - LIMIT_PER_FILE} more like this in this file [content.unknown-key]" in (
        "\n".join(out)
    )


# -- fuzzing ---------------------------------------------------------------------------------

FUZZ = settings(
    max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
TYPES = TypeRegistry(None, None, Reporter())
_LOCATED = re.compile(r"[^\n]+:\d+:\d+: (error|warning): [^\n]* \[[a-z-]+\.[a-z-]+\]")


def _load(tmp_path: Path, data: bytes) -> Reporter:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    reporter = Reporter()
    document = load_document(path, "en", TYPES, reporter)
    if document is None and not reporter.errors:  # no document at all: class 1, elsewhere
        text = data.decode("utf-8").removeprefix("\ufeff")
        assert parse_tree(str(path), text, Reporter()) is None
    else:
        assert (document is None) == bool(reporter.errors)
    for diagnostic in reporter.diagnostics:
        assert _LOCATED.fullmatch(diagnostic.format()), diagnostic.format()
        assert not RAW.search(diagnostic.format())
    return reporter


@FUZZ
@given(data=st.binary(max_size=400))
def test_fuzz_loader_with_random_bytes(tmp_path, data):
    _load(tmp_path, data)


_ESCAPES = st.sampled_from(
    [
        "\\0",
        "\\a",
        "\\b",
        "\\t",
        "\\n",
        "\\v",
        "\\f",
        "\\r",
        "\\e",
        "\\N",
        "\\_",
        "\\L",
        "\\P",
        "\\\\",
        '\\"',
        "\\/",
        "\\ ",
    ]
) | st.integers(0, 0x10FFFF).filter(lambda c: not 0xD800 <= c < 0xE000).map(
    lambda c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}" if c < 0x10000 else f"\\U{c:08x}"
)
_TEXT = st.lists(
    st.text(max_size=6).map(lambda t: t.replace("\\", "").replace('"', "")) | _ESCAPES, max_size=8
).map("".join)


@FUZZ
@given(title=_TEXT, key=_TEXT, note=_TEXT)
def test_fuzz_loader_with_random_escapes(fuzz, tmp_path, title, key, note):
    text = (
        "type: consensus-agreement\ntitle-block:\n  title:\n    id: title\n"
        f'    text: "{title}"\n    review: "{note}"\n  date: 2024-10\n  "{key}": x\n'
        "sections:\n  - id: intro\n    content:\n      - id: intro.a\n        text: a\n"
    )
    _load(tmp_path, text.encode("utf-8", "surrogatepass"))


_IDS = st.from_regex(r"[a-z][a-z0-9]{0,5}(?:[._-][a-z0-9]{1,4}){0,2}\n?", fullmatch=True)
_UNIT_TEXT = st.text(st.characters(exclude_categories=["Cs"]), min_size=0, max_size=20) | _TEXT.map(
    lambda t: f'"{t}"'
)


@st.composite
def _units(draw, depth: int = 0) -> str:
    indent = "  " * (depth + 2)
    out = []
    for _ in range(draw(st.integers(1, 3))):
        uid, text = draw(_IDS), draw(_UNIT_TEXT)
        out.append(f"{indent}- id: {json.dumps(uid)}\n{indent}  text: {text}\n")
    return "".join(out)


@FUZZ
@given(section_id=_IDS, heading=_UNIT_TEXT, units=_units(), recs=_units(1))
def test_fuzz_loader_with_random_unit_trees(fuzz, tmp_path, section_id, heading, units, recs):
    text = (
        "type: consensus-agreement\ntitle-block:\n  title:\n    id: title\n    text: T\n"
        "  date: 2024-10\nsections:\n  - id: intro\n    content:\n"
        + units
        + f"  - id: {json.dumps(section_id)}\n    heading: {heading}\n    content:\n"
        "      - recommendations:\n" + recs
    )
    reporter = _load(tmp_path, text.encode("utf-8"))
    # an id ending in a newline is refused, unless the YAML itself does not parse (a text
    # such as "*" reads as an alias: then no id is read at all)
    if section_id.endswith("\n") and not any(d.code.startswith("yaml.") for d in reporter.errors):
        assert "content.bad-id" in {d.code for d in reporter.diagnostics}


_MARKUP = st.lists(
    st.sampled_from(
        [
            "**",
            "*",
            "_",
            "__",
            "`",
            "[",
            "]",
            "(",
            ")",
            "<",
            ">",
            "\\",
            "!",
            "https://x.org",
            "mailto:a@b",
            "javascript:x",
            "<b>",
            "<!--",
            "\n",
            "  \n",
            "&amp;",
            " ",
            "a",
            "中",
        ]
    )
    | st.text(max_size=4),
    max_size=30,
).map("".join)


@settings(max_examples=200, deadline=1000)
@given(markup=_MARKUP)
def test_fuzz_inline_parser(markup):
    parsed = inline.parse(markup)
    assert all(isinstance(problem, str) and problem for problem in parsed.problems)
    assert isinstance(parsed.plain, str)
