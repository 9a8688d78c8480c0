"""diglot.edits: reviewed texts and notes written into content files as text edits."""

from __future__ import annotations

import codecs
import re

import pytest

from diglot.diagnostics import Reporter
from diglot.edits import NoteEdit, TextEdit, plan, write_file_edit
from diglot.project import load_project
from diglot.provenance import text_hash
from diglot.yamledit import replace_scalar
from diglot.yamltree import Mapping, Scalar, Sequence, parse_tree

from conftest import ContentTree

AWKWARD = [
    "He said \"yes\" and 'no'.",
    "key: value # not a comment",
    "# a hash at the start",
    "  two leading spaces",
    "line one\nline two",
    "双方一致认为：“受关注国家”（一）；是否？！",
    "长" * 150 + " and a very long English tail " * 10,
    "**美中关系全国委员会**与[中美绿色基金](https://example.org/a?b=c&d=e)召开了对话。",
    "- a dash and a space at the start",
    "2024",
    "yes",
    "ends with a colon:",
    "'quoted at the start' and more",
    "@at and %percent",
    "a backslash \\\\ and a tab-free text",
    "{braces} [brackets]",
    "    indented\nsecond line",
]
STYLES = {
    "plain": "未来5至7年，中国将成为成熟制程芯片的重要制造国。",
    "single": "'未来5至7年，中国将成为成熟制程芯片的重要制造国。'",
    "double": '"未来5至7年，中国将成为成熟制程芯片的重要制造国。"',
    "literal": "|\n          未来5至7年，中国将成为成熟制程芯片的重要制造国。",
    "folded": ">-\n          未来5至7年，\n          中国将成为成熟制程芯片的重要制造国。",
}
ORIGINAL = "text: 未来5至7年，中国将成为成熟制程芯片的重要制造国。"


def target(tree: ContentTree, unit_id: str):
    reporter = Reporter()
    project = load_project(tree.content, reporter)
    assert project is not None and not reporter.errors, reporter.to_text()
    (pair,) = project.documents
    return next(u for u in pair.target.units() if u.id == unit_id)


def edit(tree: ContentTree, unit_id: str, new: str, field: str = "text", expected=None):
    unit = target(tree, unit_id)
    reporter = Reporter()
    found = plan(
        tree.content,
        [
            TextEdit(
                "memo",
                "zh",
                unit_id,
                {field: new},
                text_hash(unit) if expected is None else expected,
                "review file row 7",
            )
        ],
        [],
        reporter,
    )
    return found, reporter


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("new", AWKWARD, ids=range(len(AWKWARD)))
def test_any_text_round_trips_in_any_quoting_style(tree, style, new):
    tree.replace("zh", ORIGINAL, "text: " + STYLES[style])
    before = tree.read("zh")
    found, reporter = edit(tree, "chips.outlook", new)
    assert found is not None, reporter.to_text()
    for file_edit in found.edits:  # Plan.apply without its check run, which is tested below
        assert write_file_edit(file_edit, reporter)
    after = tree.read("zh")
    assert target(tree, "chips.outlook").field("text").source == new
    # the rest of the file is as it was: the comment, every other line
    head, tail = before.split("id: chips.outlook", 1)
    assert after.startswith(head)
    assert after.endswith(tail[tail.index("      - recommendations:") :])
    assert (tree.content / "zh" / "memo.yaml.bak").read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    "style, new, written",
    [
        ("plain", "两国应明确定义。", "text: 两国应明确定义。"),
        ("single", "两国'应'明确。", "text: '两国''应''明确。'"),
        ("double", "两国“应”明确。", 'text: "两国“应”明确。"'),
        ("plain", "key: value", 'text: "key: value"'),
        ("literal", "第一行\n第二行", "text: |-\n          第一行\n          第二行\n"),
        ("folded", "一行", "text: >-\n          一行\n"),
        ("plain", "第一行\n第二行", "text: |-\n          第一行\n          第二行\n"),
        ("single", "第一行\n第二行", "text: |-\n          第一行\n          第二行\n"),
        ("double", "第一行\n第二行", 'text: "第一行\\n第二行"'),
        ("literal", "  首行缩进\n第二行", 'text: "  首行缩进\\n第二行"'),
    ],
)
def test_the_quoting_style_is_kept_where_it_can_hold_the_text(tree, style, new, written):
    tree.replace("zh", ORIGINAL, "text: " + STYLES[style])
    found, reporter = edit(tree, "chips.outlook", new)
    assert found is not None and found.apply(reporter), reporter.to_text()
    assert written in tree.read("zh")


def test_the_source_hash_is_left_alone(tree):
    tree.replace(
        "zh",
        "      - id: chips.outlook\n",
        '      - id: chips.outlook\n        source-hash: "0123456789"\n',
    )
    from diglot.provenance import text_hash

    approved = text_hash(target(tree, "chips.outlook"))
    found, reporter = edit(tree, "chips.outlook", "未来5至7年，新的译文。")
    assert found is not None and found.apply(reporter)
    text = tree.read("zh")
    # the English's hash is kept; an approval that did not record the text it approved
    # records it now (the text before the edit), so the new text is not taken as approved
    assert f'source-hash: "0123456789/{approved}"' in text and "新的译文" in text
    found, reporter = edit(tree, "chips.outlook", "未来5至7年，又一译文。")
    assert found is not None and found.apply(reporter)
    assert f'source-hash: "0123456789/{approved}"' in tree.read("zh")  # left alone now


def test_line_endings_and_byte_order_mark_are_kept(tree):
    text = tree.read("zh").replace("\n", "\r\n")
    tree.path("zh").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    found, reporter = edit(tree, "chips.outlook", "一行\n两行")
    assert found is not None and found.apply(reporter), reporter.to_text()
    data = tree.path("zh").read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert target(tree, "chips.outlook").field("text").source == "一行\n两行"


def test_a_stale_expected_hash_is_refused_and_nothing_is_written(tree):
    before = tree.snapshot()
    found, reporter = edit(tree, "chips.outlook", "新的译文。", expected="0000000000")
    assert found is None
    (error,) = reporter.errors
    assert error.code == "edit.refused"
    assert "review file row 7: 'chips.outlook': changed in the repository since the export" in (
        error.message
    )
    assert error.location.path.endswith("zh/memo.yaml") and error.location.line == 25
    assert tree.snapshot() == before


def test_a_unit_missing_in_the_target_is_added_in_its_place(tree):
    text = tree.read("zh")
    unit = "      - id: chips.outlook\n        text: 未来5至7年，中国将成为成熟制程芯片的重要制造国。\n"
    assert unit in text
    tree.write("zh", text.replace(unit, ""))
    reporter = Reporter()
    found = plan(
        tree.content,
        [TextEdit("memo", "zh", "chips.outlook", {"text": "新"}, "", "row 3")],
        [],
        reporter,
    )
    assert found is not None and not reporter.errors, reporter.to_text()
    assert found.added == ["chips.outlook"]
    assert found.preview() == "content/zh/memo.yaml: chips.outlook (row 3): add: 新\n"
    assert found.apply(reporter)
    assert tree.read("zh") == text.replace(unit, "      - id: chips.outlook\n        text: 新\n")


def test_a_unit_missing_whose_text_is_incomplete_is_refused(tree):
    text = tree.read("zh")
    tree.write("zh", re.sub(r"      - id: us.dennis-blair\n(        .*\n)+", "", text, count=1))
    reporter = Reporter()
    found = plan(
        tree.content,
        [TextEdit("memo", "zh", "us.dennis-blair", {"name": "丹尼斯·布莱尔"}, "", "row 9")],
        [],
        reporter,
        partial=True,
    )
    assert found is not None and found.empty and found.refused == ["us.dennis-blair"]
    assert reporter.errors[0].message == (
        "row 9: 'us.dennis-blair': a unit is added with all its texts; roles and leader have none"
    )


def test_an_unknown_field_and_bad_markup_are_refused(tree):
    found, reporter = edit(tree, "chips.outlook", "x", field="heading")
    assert found is None and "has no field 'heading' (it has text)" in reporter.errors[0].message
    found, reporter = edit(tree, "chips.outlook", "*强调*")
    assert found is None and "emphasis" in reporter.errors[0].message


def test_an_unknown_document_is_refused(tree):
    reporter = Reporter()
    found = plan(
        tree.content, [TextEdit("nope", "zh", "x", {"text": "y"}, "", "row 1")], [], reporter
    )
    assert found is None and "no document 'nope'" in reporter.errors[0].message


def test_notes_are_added_and_resolved_and_previewed(tree):
    reporter = Reporter()
    unit = target(tree, "chips.outlook")
    found = plan(
        tree.content,
        [
            TextEdit(
                "memo",
                "zh",
                "chips.outlook",
                {"text": "未来5至7年，中国将成为重要制造国。"},
                text_hash(unit),
                "row 6",
            )
        ],
        [
            NoteEdit(
                "memo",
                "zh",
                "chips.outlook",
                "Check: the term.",
                "Li Wei",
                "2026-11-30",
                where="row 6",
            ),
            NoteEdit(
                "memo", "zh", "us.stephen-orlins", "fixed", "Li Wei", "2026-11-30", True, "row 14"
            ),
        ],
        reporter,
    )
    assert found is not None, reporter.to_text()
    preview = found.preview()
    assert "chips.outlook (row 6): 未来5至7年，中国将成为[-成熟制程芯片的-]重要制造国。" in preview
    assert "new note: Check: the term. (Li Wei, 2026-11-30)" in preview
    assert "resolve note: Confirm the title used in the committee's Chinese materials." in preview
    assert found.apply(reporter)
    outlook = target(tree, "chips.outlook")
    assert [(n.text, n.author, n.date, n.status) for n in outlook.notes] == [
        ("Check: the term.", "Li Wei", "2026-11-30", "open")
    ]
    orlins = target(tree, "us.stephen-orlins")
    assert [(n.text, n.status) for n in orlins.notes] == [
        ("Confirm the title used in the committee's Chinese materials.", "resolved"),
        ("fixed", "resolved"),
    ]
    assert "# 测试用的小型文件" in tree.read("zh")


def test_resolving_notes_written_as_lists_and_flow_mappings(tree):
    tree.replace(
        "zh",
        "        review: Confirm the title used in the committee's Chinese materials.\n",
        "        review:\n          - first note\n          - note: second\n            author: A\n"
        "          - {note: third, status: open}\n          - note: fourth\n            status: open\n",
    )
    reporter = Reporter()
    found = plan(
        tree.content,
        [],
        [NoteEdit("memo", "zh", "us.stephen-orlins", "", None, None, True, "row 1")],
        reporter,
    )
    assert found is not None and found.apply(reporter), reporter.to_text()
    notes = target(tree, "us.stephen-orlins").notes
    assert [(n.text, n.author, n.status) for n in notes] == [
        ("first note", None, "resolved"),
        ("second", "A", "resolved"),
        ("third", None, "resolved"),
        ("fourth", None, "resolved"),
    ]


ORLINS = (
    "      - id: us.stephen-orlins\n        name: 欧伦斯\n        roles: 美中关系全国委员会会长\n"
    "        review: Confirm the title used in the committee's Chinese materials.\n"
)
UNIT = (
    "      - id: us.stephen-orlins\n        name: 欧伦斯\n        roles: 美中关系全国委员会会长\n"
)
FLOW_UNIT = "      - {id: us.stephen-orlins, name: 欧伦斯, roles: 美中关系全国委员会会长"


@pytest.mark.parametrize(
    "unit",
    [
        UNIT,
        ORLINS,
        UNIT + "        review:\n          - note: first\n            author: A\n",
        UNIT + "        review: [{note: first, status: open}]\n",
        UNIT + "        review: {note: first, status: open}\n",
        FLOW_UNIT + "}\n",
        FLOW_UNIT + ", review: first}\n",
    ],
    ids=["none", "short", "block", "flow-list", "flow-note", "flow-unit", "flow-unit-short"],
)
def test_several_notes_for_one_unit_in_one_plan(tree, unit):
    """A review file's comment and a tracked change on one row are two notes on one unit."""
    tree.replace("zh", ORLINS, unit)
    before = [(n.text, n.status) for n in target(tree, "us.stephen-orlins").notes]
    reporter = Reporter()
    notes = [
        NoteEdit("memo", "zh", "us.stephen-orlins", text, who, "2026-11-30", where="row 14")
        for text, who in (("Check: the title.", "Li Wei"), ("Proposed: 会长兼首席执行官", "Wang"))
    ]
    found = plan(tree.content, [], notes, reporter)
    assert found is not None and found.apply(reporter), reporter.to_text()
    after = target(tree, "us.stephen-orlins").notes
    assert [(n.text, n.status) for n in after] == before + [
        ("Check: the title.", "open"),
        ("Proposed: 会长兼首席执行官", "open"),
    ]
    assert [n.author for n in after[-2:]] == ["Li Wei", "Wang"]


def test_an_unchanged_text_changes_nothing(tree):
    before = tree.snapshot()
    found, reporter = edit(
        tree, "chips.outlook", target(tree, "chips.outlook").field("text").source
    )
    assert found is not None and found.empty and found.preview() == ""
    assert found.apply(reporter)
    assert tree.snapshot() == before


def test_a_read_only_file_is_refused(tree):
    tree.path("zh").chmod(0o444)
    found, reporter = edit(tree, "chips.outlook", "新的译文。")
    assert found is None and reporter.errors[0].code == "edit.read-only"


def test_replace_scalar_in_a_flow_mapping_is_double_quoted():
    text = "- {id: a, text: plain}\n"
    root = parse_tree("x.yaml", text, Reporter())
    assert isinstance(root, Sequence)
    mapping = root.items[0]
    assert isinstance(mapping, Mapping)
    node = mapping.items[1][1]
    assert isinstance(node, Scalar)
    start, end, out = replace_scalar(text, node, "two\nlines", True)
    assert out == '"two\\nlines"'


def test_a_file_changed_after_the_plan_is_not_overwritten(tree):
    found, reporter = edit(tree, "chips.outlook", "新的译文。")
    assert found is not None
    tree.replace("zh", "两国应明确国家安全的定义。", "两国应明确定义。")
    changed = tree.read("zh")
    assert not found.apply(reporter)
    assert "the file changed while the edit was being prepared" in reporter.errors[0].message
    assert tree.read("zh") == changed
    assert not (tree.content / "zh" / "memo.yaml.bak").exists()
