"""The inline markup subset: bold and links pass, everything else is reported."""

import pytest

from diglot.inline import Bold, Link, Text, parse


def test_bold_and_plain_text():
    parsed = parse("The **National Committee** and the **Fund** met.")
    assert parsed.problems == ()
    assert parsed.spans == (
        Text("The "),
        Bold((Text("National Committee"),)),
        Text(" and the "),
        Bold((Text("Fund"),)),
        Text(" met."),
    )
    assert parsed.plain == "The National Committee and the Fund met."


def test_chinese_bold_without_spaces():
    parsed = parse("**美中关系全国委员会**与**中美绿色基金**于2024年举办")
    assert parsed.problems == ()
    assert parsed.spans[0] == Bold((Text("美中关系全国委员会"),))
    assert parsed.plain == "美中关系全国委员会与中美绿色基金于2024年举办"


def test_link():
    parsed = parse("See [the report](https://example.org/r.pdf).")
    assert parsed.problems == ()
    assert parsed.spans[1] == Link("https://example.org/r.pdf", (Text("the report"),))


def test_escaped_asterisk_and_literal_text_pass():
    parsed = parse(r"5 \* 7, {{ 7*7 }}? no: 5-7 years, DGA--Albright, <3, a * b")
    assert parsed.problems == (), parsed.problems
    assert parsed.plain == "5 * 7, {{ 7*7 }}? no: 5-7 years, DGA--Albright, <3, a * b"


def test_javascript_links_are_errors_not_text():
    assert parse("[x](javascript:alert(1))").problems == (
        "link target 'javascript:alert(1)' must start with https://, http:// or mailto:",
    )


def test_markdown_block_syntax_is_plain_text():
    assert parse("1. first").plain == "1. first"
    assert parse("# not a heading").problems == ()


@pytest.mark.parametrize(
    "source, problem",
    [
        (
            "an *emphasis*",
            "emphasis with * or _ is not part of the markup subset; use **bold** or "
            "escape the character as \\*",
        ),
        (
            "an _emphasis_",
            "emphasis with * or _ is not part of the markup subset; use **bold** or "
            "escape the character as \\*",
        ),
        ("**unclosed bold", "unclosed **bold**: each ** needs a partner, or escape it as \\*\\*"),
        ("some `code`", "`code` is not part of the markup subset; escape the backtick as \\`"),
        ("![logo](logo.png)", "images are not part of the markup subset"),
        ("<b>bold</b>", "raw HTML is not allowed in content; use **bold** or [label](url)"),
        (
            "<script>alert(1)</script>",
            "raw HTML is not allowed in content; use **bold** or [label](url)",
        ),
        (
            "[x](report.pdf)",
            "link target 'report.pdf' must start with https://, http:// or mailto:",
        ),
        ("line  \nbreak", "line breaks inside a unit are not allowed; make two units"),
    ],
)
def test_outside_the_subset(source, problem):
    assert problem in parse(source).problems


# Pieces that put CommonMark's flanking rules to the test: letters, digits, CJK, spaces,
# ASCII and Chinese punctuation, symbols, and runs of one to four asterisks.
_PIECES = [
    "**",
    "**",
    "**",
    "*",
    "***",
    "a",
    "Z",
    "9",
    "é",
    "中",
    "文",
    " ",
    "\u3000",
    ".",
    "-",
    "(",
    ")",
    "，",
    "（",
    "）",
    "“",
    "”",
    "$",
    "+",
    "%",
    "©",
    "_",
    "&",
    "& ",
    "&amp;",
    "&#35;",
    "&x;",
]
