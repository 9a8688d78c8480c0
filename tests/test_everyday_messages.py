"""Messages that say what to do (issue 15): Chinese wrapped over two lines, an unquoted
colon in a text, a date written 2025-3-14, a unit renamed in one language. Exact texts,
each at its file:line:column."""

from __future__ import annotations

from types import SimpleNamespace
from typing import cast

import pytest

from diglot.checks import Context
from diglot.checks.spacing import CHECK as CJK_SPACE
from diglot.diagnostics import Location
from diglot.languages import Profile
from diglot.model import Field, Unit

from conftest import lines_with, pair_of

ZH = "content/zh/memo.yaml"
EN = "content/en/memo.yaml"
RELAX = "            text: 考虑放宽对民用先进半导体的出口管制。\n"
REVIEW = "; 1 unit marked for review (diglot review lists them)"


def load_failed(lang: str) -> str:
    return (
        "diglot check: 0 documents checked, 1 file could not be loaded "
        f"(content/{lang}/memo.yaml): 1 error"
    )


FOLD_FIX = (
    "keep the text on one line, or put it in double quotes and end the line with \\ "
    "(which joins the lines without a space)"
)


def relax(text: str) -> str:
    """The Chinese of chips.rec.relax written as given (the lines after `text:`)."""
    return "            text: " + text + "\n"


# -- Chinese wrapped over two lines --------------------------------------------------------


def test_a_chinese_text_folded_over_two_lines_is_reported_where_the_line_broke(tree, check):
    tree.replace("zh", RELAX, relax("考虑放宽对民用先进\n              半导体的出口管制。"))
    code, out = check()
    assert code == 1
    assert lines_with(out, "qa.cjk-space") == [
        f"{ZH}:31:28: error: 'chips.rec.relax': the line break here becomes a space between "
        f"Chinese characters ('...宽对民用先进 半导体的出口...'); {FOLD_FIX} "
        f"(English: {EN}:31:19) [qa.cjk-space]"
    ]
    assert out[-1] == "diglot check: 1 document, 14 aligned units: 1 error" + REVIEW


def test_quoted_and_block_texts_are_placed_too_and_a_typed_space_is_named(tree, check):
    tree.replace("zh", RELAX, relax('"考虑放宽，对民用先进\n              半导体的 出口管制。"'))
    tree.replace(
        "zh",
        "            text: 两国应明确国家安全的定义。\n",
        "            text: |\n              两国应明确\n              国家安全的定义。\n",
    )
    code, out = check()
    assert lines_with(out, "qa.cjk-space") == [
        f"{ZH}:30:20: error: 'chips.rec.define': the line break here becomes a space between "
        f"Chinese characters ('两国应明确 国家安全的定...'); {FOLD_FIX} "
        f"(English: {EN}:29:19) [qa.cjk-space]",
        f"{ZH}:33:30: error: 'chips.rec.relax': the line break here becomes a space between "
        f"Chinese characters ('...，对民用先进 半导体的 出...'); {FOLD_FIX} "
        f"(English: {EN}:31:19) [qa.cjk-space]",
        f"{ZH}:34:19: error: 'chips.rec.relax': a space between Chinese characters "
        f"('...进 半导体的 出口管制。'); remove it (English: {EN}:31:19) [qa.cjk-space]",
    ]


def test_a_no_break_space_between_chinese_characters_is_a_space_too(tree, check, reads):
    """A tool's no-break space (贾\u00a0天宇 after an import) is reported where it stands, as a
    typed space is; the check places it in the text as loaded, reading no file again."""
    import os

    tree.replace("zh", RELAX, relax("考虑放宽对民用先进\u00a0半导体的出口管制。"))
    reads.clear()
    code, out = check()
    assert lines_with(out, "qa.cjk-space") == [
        f"{ZH}:31:28: error: 'chips.rec.relax': a space between Chinese characters "
        f"('...宽对民用先进 半导体的出口...'); remove it (English: {EN}:31:19) [qa.cjk-space]"
    ]
    assert reads[os.path.realpath(tree.path("zh"))] == 1


def test_an_escaped_line_break_joins_without_a_space(tree, check):
    tree.replace("zh", RELAX, relax('"考虑放宽对民用先进\\\n              半导体的出口管制。"'))
    assert check() == (0, ["diglot check: 1 document, 14 aligned units: no problems" + REVIEW])


def test_a_space_the_file_does_not_show_is_quoted_at_the_text(tree, check):
    """An escape (\\x20) puts the space there: the text's own place, and the characters."""
    tree.replace("zh", RELAX, relax('"考虑放宽对民用先进\\x20半导体的出口管制。"'))
    code, out = check()
    assert lines_with(out, "qa.cjk-space") == [
        f"{ZH}:31:19: error: 'chips.rec.relax': a space between Chinese characters "
        "('...宽对民用先进 半导体的出口...'); if the text goes on over two lines in the file, "
        f"keep it on one line, or put it in double quotes and end the line with \\ (which "
        f"joins the lines without a space); otherwise remove the space "
        f"(English: {EN}:31:19) [qa.cjk-space]"
    ]


def test_spaces_beside_latin_words_and_a_waiver_are_left_alone(tree, check):
    tree.replace("zh", RELAX, relax("考虑放宽对民用 AI 芯片的出口管制。"))
    tree.replace(
        "zh",
        "            text: 两国应明确国家安全的定义。\n",
        "            waive:\n              qa.cjk-space: 原文如此。\n"
        "            text: 两国应明确 国家安全的定义。\n",
    )
    assert check() == (0, ["diglot check: 1 document, 14 aligned units: no problems" + REVIEW])


def test_only_a_target_written_without_spaces_is_checked():
    def unit(text: str) -> Unit:
        return Unit(
            "u", "paragraph", (Field("text", text, Location("x.yaml")),), Location("x"), "s"
        )

    en, zh = unit("Progress, and publication."), unit("进展， 并公开。")
    latin = Context(target_profile=cast(Profile, SimpleNamespace(cjk=False, name="French")))
    assert list(pair_of(CJK_SPACE)(en, zh, latin)) == []
    cjk = Context(target_profile=cast(Profile, SimpleNamespace(cjk=True, name="Japanese")))
    assert [f.message for f in pair_of(CJK_SPACE)(en, zh, cjk)] == [
        "a space between Japanese characters ('进展， 并公开。'); if the text goes on over two "
        "lines in the file, keep it on one line, or put it in double quotes and end the line "
        "with \\ (which joins the lines without a space); otherwise remove the space"
    ]


# -- an unquoted colon in a text -----------------------------------------------------------


def test_an_unquoted_colon_says_put_the_text_in_quotes(tree, check):
    tree.replace("en", "    text: Consensus Agreement", "    text: Note: Consensus Agreement")
    assert check() == (
        1,
        [
            f"{EN}:9:15: error: the text after 'text:' holds a colon and a space, which YAML "
            "reads as the start of another key; put the text in quotes: "
            'text: "Note: Consensus Agreement" [yaml.syntax]',
            load_failed("en"),
        ],
    )


def test_a_colon_after_chinese_suggests_the_full_width_colon(tree, check):
    tree.replace("zh", "text: 两国应明确", "text: 双方同意: 两国应明确")
    assert check() == (
        1,
        [
            f"{ZH}:29:23: error: the text after 'text:' holds a colon and a space, which YAML "
            "reads as the start of another key; write the full-width colon ： (the text then "
            'needs no quotes), or put the text in quotes: text: "双方同意: 两国应明确国家安全'
            '的定义。" [yaml.syntax]',
            load_failed("zh"),
        ],
    )


def test_a_colon_in_a_text_over_several_lines_names_the_lines(tree, check):
    tree.replace(
        "en",
        "    text: Consensus Agreement\n",
        '    text: Note: a "Consensus" Agreement\n      of the dialogue\n',
    )
    assert check()[1][0] == (
        f"{EN}:9:15: error: the text after 'text:' holds a colon and a space, which YAML reads "
        "as the start of another key; put the whole text (lines 9-10) in double quotes "
        "[yaml.syntax]"
    )


def test_a_colon_on_a_continued_line_or_a_key_indented_too_far(tree, check):
    tree.replace("en", "    text: Consensus Agreement\n", "    text: Consensus\n      Note: x\n")
    assert check()[1][0] == (
        f"{EN}:10:11: error: YAML reads 'Note:' as a key inside the text after 'text:' "
        "(line 9): if this line continues that text, put the whole text in quotes; if it is "
        "a key, indent it like 'text' [yaml.syntax]"
    )


def test_a_colon_after_the_closing_quote(tree, check):
    tree.replace("en", "    text: Consensus Agreement", '    text: "Consensus": Agreement')
    assert check()[1][0] == (
        f"{EN}:9:22: error: the text after 'text:' goes on after its closing quote, and YAML "
        "reads the ': ' there as another key; put the whole text inside the quotes "
        "[yaml.syntax]"
    )


def test_a_quoted_suggestion_escapes_quotes_and_backslashes(tree, check):
    tree.replace("en", "    text: Consensus Agreement", '    text: Note: "C" \\ Agreement')
    assert check()[1][0].endswith(
        'put the text in quotes: text: "Note: \\"C\\" \\\\ Agreement" [yaml.syntax]'
    )


# -- a quote or a bracket never closed ----------------------------------------------------


def test_a_quote_never_closed_is_named_where_it_opens_not_where_yaml_stops(tree, check):
    """The text reads on to the next quote, ten lines below, through the keys between:
    YAML stops there, and the message names the opening quote."""
    tree.replace("zh", '本次对话。"\n', "本次对话。\n")
    tree.replace("zh", RELAX, relax('"考虑放宽对民用先进半导体的出口管制。"'))
    assert check() == (
        1,
        [
            f"{ZH}:21:15: error: this double quote is probably not closed: YAML reads on as "
            "one text to the next double quote (line 31), past what looks like a further key "
            "on line 22 ('- id: chips'), and stops at line 31, column 20 (did not find "
            "expected key); end the text with a double quote [yaml.syntax]",
            load_failed("zh"),
        ],
    )


def test_a_single_quote_never_closed_is_named_too(tree, check):
    tree.replace("en", "    text: Consensus Agreement\n", "    text: 'Consensus Agreement\n")
    tree.replace("en", "heading: Semiconductors", "heading: 'Semiconductors'")
    code, out = check()
    assert out[0].startswith(
        f"{EN}:9:11: error: this single quote is probably not closed: YAML reads on as one "
        "text to the next single quote (line 23), past what looks like a further key on "
        "line 10 ('date: 2024-10')"
    )


def test_a_quote_open_to_the_end_of_the_file(tree, check):
    tree.replace("zh", '本次对话。"\n', "本次对话。\n")
    assert check() == (
        1,
        [
            f"{ZH}:21:15: error: this double quote is never closed: YAML reads everything "
            "after it, to the end of the file, as one text; end the text with a double quote "
            "[yaml.syntax]",
            load_failed("zh"),
        ],
    )


def test_a_bracket_never_closed_is_named_where_it_opens(tree, check):
    tree.replace("en", "    text: Consensus Agreement", "    text: [Consensus Agreement")
    code, out = check()
    assert out[0].startswith(
        f"{EN}:9:11: error: this [ is probably not closed: YAML reads the lines after it as "
        "part of the list it opens, and stops at line 10,"
    )
    tree.replace("en", "    text: [Consensus Agreement", "    text: {Consensus: Agreement")
    code, out = check()
    assert out[0].startswith(
        f"{EN}:9:11: error: this {{ is probably not closed: YAML reads the lines after it as "
        "part of the mapping it opens, and stops at line 10,"
    )


def test_a_closed_quote_over_two_lines_is_not_blamed(tree, check):
    """A text quoted over two lines with something after its closing quote: no key inside
    the quotes, so the quote is not what went wrong."""
    tree.replace("zh", RELAX, relax('"考虑放宽对民用先进\n              半导体的出口管制。" 等'))
    assert check()[1][0] == (
        f"{ZH}:32:26: error: invalid YAML: while parsing a block mapping, did not find "
        "expected key [yaml.syntax]"
    )


# -- a date written another way ------------------------------------------------------------


def date_message(shown: str, fix: str) -> str:
    return (
        f"{ZH}:10:9: error: title-block.date: write the date as {fix} (ISO 8601: two digits "
        f"for the month and the day), not '{shown}' [content.bad-date]"
    )


def test_a_date_without_leading_zeros_is_given_its_form(tree, check):
    tree.replace("zh", "  date: 2024-10", "  date: 2024-3-14")
    assert check() == (1, [date_message("2024-3-14", "2024-03-14"), load_failed("zh")])


def test_the_same_date_in_quotes_gets_the_same_answer(tree, check):
    tree.replace("zh", "  date: 2024-10", '  date: "2024-3-14"')
    assert check() == (1, [date_message("2024-3-14", "2024-03-14"), load_failed("zh")])


def test_dates_written_the_chinese_way_or_with_slashes(tree, check):
    tree.replace("zh", "  date: 2024-10", "  date: 2024年10月")
    assert check() == (1, [date_message("2024年10月", "2024-10"), load_failed("zh")])
    tree.replace("zh", "  date: 2024年10月", "  date: 2024/10/7")
    assert check() == (1, [date_message("2024/10/7", "2024-10-07"), load_failed("zh")])


def test_an_impossible_date_is_not_told_to_go_in_quotes(tree, check):
    tree.replace("zh", "  date: 2024-10", "  date: 2024-13-1")
    assert check() == (
        1,
        [
            f"{ZH}:10:9: error: title-block.date: '2024-13-1' is not a date from the year 1000 "
            "on; write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2024-10-15) [content.bad-date]",
            load_failed("zh"),
        ],
    )


@pytest.mark.parametrize(
    "date, why",
    [
        ("2025-11-31", "November 2025 has no 31st day (it has 30)"),
        ("2025-02-29", "February 2025 has no 29th day (it has 28)"),
        ("2025-01-32", "January 2025 has no 32nd day (it has 31)"),
        ("2025-04-00", "there is no day 00: the days of April 2025 are 01 to 30"),
        ("2025-13-01", "there is no month 13 (the months are 01 to 12)"),
        ("2025-00", "there is no month 00 (the months are 01 to 12)"),
    ],
)
def test_a_date_of_the_right_form_that_does_not_exist_says_which_day(tree, check, date, why):
    tree.replace("zh", "  date: 2024-10", f"  date: {date}")
    assert check() == (
        1,
        [
            f"{ZH}:10:9: error: title-block.date: '{date}' is no date: {why} [content.bad-date]",
            load_failed("zh"),
        ],
    )


def test_a_leap_day_is_a_date():
    from diglot.dates import no_such_day

    assert no_such_day("2024-02-29") is None
    assert no_such_day("2000-02-29") is None
    assert no_such_day("1900-02-29") == "February 1900 has no 29th day (it has 28)"


# -- a unit renamed in one language --------------------------------------------------------


def renamed(kind: str, old: str, at: str, new: str, here: str) -> str:
    return (
        f"{here}: error: {kind} '{old}' in English ({at}) seems renamed to '{new}' here; "
        "use the same id in both [parity.renamed]"
    )


def test_a_renamed_unit_is_one_finding_with_both_ids(tree, check):
    tree.replace("zh", "id: chips.rec.relax", "id: chips.rec.ease")
    assert check() == (
        1,
        [
            renamed(
                "recommendation",
                "chips.rec.relax",
                f"{EN}:30:13",
                "chips.rec.ease",
                f"{ZH}:30:13",
            ),
            "diglot check: 1 document, 13 aligned units: 1 error" + REVIEW,
        ],
    )


def test_a_renamed_section_does_not_move_its_units(tree, check):
    tree.replace("zh", "  - id: chips\n", "  - id: semiconductors\n")
    assert check() == (
        1,
        [
            renamed("section", "chips", f"{EN}:22:5", "semiconductors", f"{ZH}:22:5"),
            "diglot check: 1 document, 13 aligned units: 1 error" + REVIEW,
        ],
    )


def test_an_id_renamed_in_english_is_found_from_the_chinese_side(tree, check):
    tree.replace("en", "id: us.stephen-orlins", "id: us.s-orlins")
    code, out = check()
    assert out[0] == renamed(
        "member", "us.s-orlins", f"{EN}:46:9", "us.stephen-orlins", f"{ZH}:46:9"
    )


def test_a_unit_gone_from_one_list_and_new_in_another_stays_two_problems(tree, check):
    """ai.rec.new is no renamed chips.rec.relax: it stands in another section."""
    tree.replace("zh", "          - id: chips.rec.relax\n" + RELAX, "")
    tree.replace(
        "zh",
        "            text: 双方应参与经合组织（OECD）进程。\n",
        "            text: 双方应参与经合组织（OECD）进程。\n"
        "          - id: ai.rec.new\n            text: 新的建议。\n",
    )
    code, out = check()
    assert [line.rsplit(" [", 1)[1] for line in out[:-1]] == [
        "parity.missing]",
        "parity.extra]",
    ]  # (each section's count is told by the unit it lacks or holds besides)


def test_a_character_that_shows_nothing_is_reported_but_a_break_hint_in_a_title(tree, check):
    """A zero-width space or word joiner in a text makes it differ from what a reader sees
    (two texts that read alike, one approved): reported, in either language; a U+200B in a
    Chinese title is the break hint the README describes, and is not."""
    tree.replace("zh", RELAX, relax('"考虑放宽对民用先进\\u2060半导体的出口管制。"'))
    tree.replace("zh", "text: 共识文件", 'text: "共识\\u200b文件"')
    code, out = check()
    found = lines_with(out, "qa.invisible")
    assert len(found) == 1 and "'chips.rec.relax'" in found[0] and "U+2060 word joiner" in found[0]
    assert code == 1
