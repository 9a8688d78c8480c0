"""Loading content: the YAML subset, the schema and its messages (exact texts)."""

import pytest

from conftest import lines_with

SUMMARY_FAILED = (
    "diglot check: 0 documents checked, 1 file could not be loaded (content/zh/memo.yaml): 1 error"
)
SUMMARY_FAILED_EN = SUMMARY_FAILED.replace("/zh/", "/en/")


def test_duplicate_key(tree, check):
    tree.replace("zh", "    text: 共识文件\n", "    text: 共识文件\n    text: 共识\n")
    code, out = check()
    assert (code, out) == (
        1,
        [
            "content/zh/memo.yaml:10:5: error: duplicate key 'text' (first at line 9) "
            "[yaml.duplicate-key]",
            SUMMARY_FAILED,
        ],
    )


def test_duplicate_id_names_both_places(tree, check):
    tree.replace("zh", "id: chips.rec.relax", "id: chips.rec.define")
    code, out = check()
    assert (code, out) == (
        1,
        [
            "content/zh/memo.yaml:30:17: error: id 'chips.rec.define' is used twice in this "
            "document (first at line 28) [content.duplicate-id]",
            SUMMARY_FAILED,
        ],
    )


def test_tab_indentation(tree, check):
    tree.replace("zh", "  date: 2024-10\n", "\tdate: 2024-10\n")
    code, out = check()
    assert (code, out) == (
        1,
        [
            "content/zh/memo.yaml:10:1: error: tab character in indentation; YAML indents with "
            "spaces only [yaml.syntax]",
            SUMMARY_FAILED,
        ],
    )


def test_other_syntax_errors_are_located(tree, check):
    """A mistake with no message of its own gets the parser's words, at its place (an
    unclosed [ has its own: tests/test_everyday_messages.py)."""
    tree.replace("en", "    text: Consensus Agreement", '    text: "Consensus \\q Agreement"')
    code, out = check()
    assert code == 1
    assert out[0] == (
        "content/en/memo.yaml:9:22: error: invalid YAML: while parsing a quoted scalar, found "
        "unknown escape character [yaml.syntax]"
    )


def test_top_level_list(tree, check):
    tree.write("zh", "- series\n- title\n")
    code, out = check()
    assert (code, out) == (
        1,
        [
            "content/zh/memo.yaml:1:1: error: the top level of a content file must be a mapping "
            "starting with the document's type (type: declaration); found a list [content.type]",
            SUMMARY_FAILED,
        ],
    )


def test_title_no_is_not_a_boolean(tree, check):
    tree.replace("en", "text: Consensus Agreement", "text: no")
    code, out = check()
    assert (code, out) == (
        1,
        [
            "content/en/memo.yaml:9:11: error: 'title' at title-block.title.text: must be text, but "
            'the unquoted value no is read by YAML as a boolean; put it in quotes: "no" '
            "[content.not-text]",
            SUMMARY_FAILED_EN,
        ],
    )


def test_quoted_no_is_text(tree, check):
    tree.replace("en", "text: Consensus Agreement", 'text: "no"')
    assert check()[0] == 0


def test_numeric_id(tree, check):
    tree.replace("en", "id: ai.rec.oecd", "id: 010")
    code, out = check()
    assert (code, out) == (
        1,
        [
            "content/en/memo.yaml:36:17: error: sections[2].content[0].recommendations[0].id: '010' "
            "is not a valid id: use lower-case letters and digits, joined by '.', '-' or '_', "
            "starting with a letter (e.g. ai.rec.safety-institute) [content.bad-id]",
            SUMMARY_FAILED_EN,
        ],
    )


def test_number_as_text(tree, check):
    tree.replace("zh", "text: 共识文件", "text: 2024")
    code, out = check()
    assert out[0] == (
        "content/zh/memo.yaml:9:11: error: 'title' at title-block.title.text: must be text, but "
        'the unquoted value 2024 is read by YAML as a number; put it in quotes: "2024" '
        "[content.not-text]"
    )


def test_unknown_key_with_suggestion(tree, check):
    tree.replace(
        "zh",
        "      - recommendations:\n          - id: ai.rec.oecd",
        "      - recomendations:\n          - id: ai.rec.oecd",
    )
    code, out = check()
    assert (code, out) == (
        1,
        [
            "content/zh/memo.yaml:35:9: error: sections[2].content[0]: unknown key 'recomendations' "
            "in a recommendations; did you mean 'recommendations'? [content.unknown-key]",
            SUMMARY_FAILED,
        ],
    )


def test_misspelt_required_key_is_reported_once(tree, check):
    tree.replace("zh", "  place:", "  palce:")
    code, out = check()
    assert (code, out) == (
        1,
        [
            "content/zh/memo.yaml:11:3: error: title-block: unknown key 'palce' in the title block; "
            "did you mean 'place'? [content.unknown-key]",
            SUMMARY_FAILED,
        ],
    )


def test_unknown_key_without_close_match_lists_allowed_keys(tree, check):
    tree.replace(
        "en",
        "        leader: American delegation leader\n",
        "        leader: American delegation leader\n        photo: blair.jpg\n",
    )
    code, out = check()
    assert out[0] == (
        "content/en/memo.yaml:46:9: error: 'us.dennis-blair' at delegations[0].members[0]: "
        "unknown key 'photo' in a member; allowed keys: id, kind, review, source-hash, waive, name, "
        "roles, "
        "leader "
        "[content.unknown-key]"
    )


def test_alias_bomb_is_refused_without_expansion(tree, check):
    bomb = ["title-block: &a0 [x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    tree.write("en", "\n".join(bomb) + "\n")
    code, out = check()
    assert code == 1
    anchors = lines_with(out, "yaml.anchor")
    assert anchors[0] == (
        "content/en/memo.yaml:1:14: error: anchors and aliases are not allowed "
        "in content (&a0); write the text out in full [yaml.anchor]"
    )
    assert len(anchors) == 10
    aliases = lines_with(out, "yaml.alias")  # 81, of which the first 20 are shown
    assert len(aliases) == 21
    assert aliases[-1] == (
        "content/en/memo.yaml:4:20: error: …and 61 more like this in this file [yaml.alias]"
    )


def test_text_starting_with_bold_must_be_quoted(tree, check):
    tree.replace(
        "zh", '        text: "**美中关系全国委员会**于', "        text: **美中关系全国委员会**于"
    )
    tree.replace("zh", '召开了本次对话。"', "召开了本次对话。")
    code, out = check()
    assert out[0] == (
        "content/zh/memo.yaml:21:15: error: a value starting with * is read by YAML as an alias; "
        "if it is text (such as **bold** at the start), put the whole text in double quotes "
        "[yaml.alias]"
    )


def test_tags_are_refused(tree, check):
    tree.replace("en", "text: Consensus Agreement", "text: !!python/object:os.system rm")
    code, out = check()
    assert out[0] == (
        "content/en/memo.yaml:9:11: error: YAML tags are not allowed in content "
        "(tag:yaml.org,2002:python/object:os.system) [yaml.tag]"
    )


def test_second_document_is_refused(tree, check):
    tree.write("zh", tree.read("zh") + "---\nsections: []\n")
    code, out = check()
    assert lines_with(out, "yaml.multiple-documents") == [
        "content/zh/memo.yaml:50:1: error: a content file holds one YAML document; remove the "
        "second '---' and what follows [yaml.multiple-documents]"
    ]


def test_every_problem_is_reported_in_one_run(tree, check):
    tree.replace("en", "text: Consensus Agreement", "text: yes")
    tree.replace("zh", "  place:", "  palce:")
    tree.replace("zh", "两国应明确", "两国应\x0b明确")
    code, out = check()
    assert code == 1
    assert [line.rsplit("[", 1)[1] for line in out[:-1]] == [
        "content.not-text]",
        "content.unknown-key]",
        "source.control-char]",
    ]
    assert out[-1] == (
        "diglot check: 0 documents checked, 2 files could not be loaded (content/en/memo.yaml, "
        "content/zh/memo.yaml): 3 errors"
    )


def test_bad_markup(tree, check):
    tree.replace("en", "Both sides should participate", "Both sides *should* participate")
    code, out = check()
    assert out[0] == (
        "content/en/memo.yaml:37:19: error: 'ai.rec.oecd' at "
        "sections[2].content[0].recommendations[0].text: emphasis with * or _ is not part of "
        "the markup subset; use **bold** or escape the character as \\* [content.markup]"
    )


def test_empty_text_and_missing_heading(tree, check):
    tree.replace("zh", "    heading: 半导体\n", "")
    tree.replace("zh", "text: 华盛顿特区", 'text: ""')
    code, out = check()
    assert out[:2] == [
        "content/zh/memo.yaml:13:11: error: 'place' at title-block.place.text: text is empty "
        "[content.empty-text]",
        "content/zh/memo.yaml:22:5: error: 'chips' at sections[1]: only the first section of "
        "'sections' may go without a heading [content.missing-key]",
    ]


def test_bad_date(tree, check):
    tree.replace("en", "date: 2024-10", "date: October 2024")
    code, out = check()
    assert out[0] == (
        "content/en/memo.yaml:10:9: error: title-block.date: 'October 2024' is not a date from the "
        "year 1000 on; write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2024-10-15) [content.bad-date]"
    )


def test_full_date_is_accepted(tree, check):
    tree.replace("en", "date: 2024-10", "date: 2024-10-07")
    tree.replace("zh", "date: 2024-10", "date: 2024-10-07")
    assert check()[0] == 0


def test_bad_file_name(tree, check):
    tree.path("en").rename(tree.content / "en" / "Memo 2024.yaml")
    code, out = check()
    assert out[0] == (
        "content/en/Memo 2024.yaml:1:1: error: file name 'Memo 2024.yaml' is not a valid "
        "document id: use lower-case letters, digits and '-' (e.g. digital-economy-2024.yaml) "
        "[content.file-name]"
    )


@pytest.mark.parametrize(
    "value,reading",
    [
        ("yes", "a boolean"),
        ("Off", "a boolean"),
        ("~", "empty (null)"),
        ("NULL", "empty (null)"),
        ("0x1F", "a number"),
        ("-12", "a number"),
        ("+3", "a number"),
        ("1_000", "a number"),
        ("12:30", "a number"),
        (".5", "a number"),
        ("-.inf", "a number"),
        (".NaN", "a number"),
        ("2024-10-07", "a date"),
        ("2024-10-07 12:00:00", "a date"),
    ],
)
def test_every_non_text_reading_is_refused(tree, check, value, reading):
    tree.replace("zh", "text: 共识文件", f"text: {value}")
    code, out = check()
    assert code == 1
    assert f"the unquoted value {value} is read by YAML as {reading}" in out[0]
