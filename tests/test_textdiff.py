"""The word diff (diglot/textdiff.py): as text for messages, previews and notes, as HTML for
the review pages; Chinese compared character by character."""

from __future__ import annotations

import pytest

from diglot.textdiff import SAME, diff, diff_html, word_diff

pytestmark = pytest.mark.fast


def test_replaced_words():
    assert (
        word_diff(
            "Both countries should clarify the definition of national security.",
            "Both countries should clarify the definition of economic security.",
        )
        == "Both countries should clarify the definition of [-national-]{+economic+} security."
    )


def test_insertions_and_deletions():
    assert (
        word_diff("the digital economy talks", "the new digital economy")
        == "the {+new+} digital economy [-talks-]"
    )
    assert (
        word_diff("Both sides agreed.", "Both sides fully agreed.")
        == "Both sides {+fully+} agreed."
    )


def test_chinese_is_compared_character_by_character():
    assert word_diff("两国应明确定义。", "两国必须明确定义。") == "两国[-应-]{+必须+}明确定义。"
    assert word_diff("2024年10月", "2025年10月") == "[-2024-]{+2025+}年10月"


def test_words_of_other_scripts_with_spaces_are_whole():
    assert word_diff("une économie numérique", "une économie réelle") == (
        "une économie [-numérique-]{+réelle+}"
    )
    assert word_diff("1,500 tonnes", "1,600 tonnes") == "[-1,500-]{+1,600+} tonnes"


def test_a_character_that_shows_nothing_is_named_where_it_changed():
    """A zero-width space, word joiner, soft hyphen or direction mark typed into a text
    would show as an empty change ({++}): it is named, in text and HTML."""
    assert word_diff("中国目标，作为", "中国目标，\u200b作为") == "中国目标，{+⟨U+200B⟩+}作为"
    assert word_diff("land", "la\u2060nd") == "[-land-]{+la⟨U+2060⟩nd+}"
    assert word_diff("right\u200f", "right") == "right[-⟨U+200F⟩-]"
    assert "<ins>⟨U+00AD⟩</ins>" in str(diff_html("数字经济", "数字\u00ad经济"))
    # an unchanged stretch is shown as it is
    assert word_diff("a\u200bb c", "a\u200bb d") == "a\u200bb [-c-]{+d+}"


def test_the_same_words_say_so():
    assert word_diff("a  b", "a b") == f"a b {SAME}"
    assert word_diff("双方\n同意", "双方同意") == f"双方 同意 {SAME}"


def test_long_unchanged_stretches_are_shortened():
    old = " ".join(f"w{i}" for i in range(60))
    assert (
        word_diff(old, old.replace("w30", "changed"), context=3)
        == "… w27 w28 w29 [-w30-]{+changed+} w31 w32 w33 …"
    )
    old = "甲" * 40 + "乙" + "丙" * 40
    assert (
        word_diff(old, old.replace("乙", "丁"))
        == "…" + "甲" * 10 + "[-乙-]{+丁+}" + "丙" * 10 + "…"
    )
    between = "a " + " ".join(f"w{i}" for i in range(30)) + " b"
    assert word_diff(between, between.replace("a ", "A ").replace(" b", " B"), context=2) == (
        "[-a-]{+A+} w0 w1 … w28 w29 [-b-]{+B+}"
    )


def test_a_stretch_a_few_words_longer_than_the_context_is_kept_whole():
    old = " ".join(f"w{i}" for i in range(8)) + " end"
    assert word_diff(old, old.replace("end", "END"), context=3) == (
        "w0 w1 w2 w3 w4 w5 w6 w7 [-end-]{+END+}"
    )


def test_the_parts_in_order():
    assert [(p.tag, p.text, p.space) for p in diff("a b c", "a x c")] == [
        ("equal", "a", False),
        ("delete", "b", True),
        ("insert", "x", True),
        ("equal", "c", True),
    ]


def test_html_marks_deletions_and_insertions_escaped():
    html = diff_html("we discussed <b>semiconductors</b> and AI", "we discussed chips and AI")
    assert (
        str(html)
        == "we discussed <del>&lt;b&gt;semiconductors&lt;/b&gt;</del> <ins>chips</ins> and AI"
    )
    assert str(diff_html("a  b", "a b")) == f'a b <span class="same">{SAME}</span>'
    assert str(diff_html("两国应", "两国必须")) == "两国<del>应</del><ins>必须</ins>"


def test_markup_added_to_words_is_shown_attached_to_them():
    """A link or bold added around words: the marks read attached to the words they touch,
    with no space the text does not have, in either direction and in HTML."""
    old = "Share knowledge about assistance to third countries in order to work together."
    new = (
        "Share knowledge about [assistance to third countries](https://example.org/aid) in order "
        "to work **together**."
    )
    assert word_diff(old, new) == (
        "Share knowledge about {+[+}assistance to third countries{+](https://example.org/aid)+} "
        "in order to work {+**+}together{+**+}."
    )
    assert word_diff(new, old) == (
        "Share knowledge about [-[-]assistance to third countries[-](https://example.org/aid)-] "
        "in order to work [-**-]together[-**-]."
    )
    assert word_diff("两国应明确定义。", "两国**应**明确定义。") == "两国{+**+}应{+**+}明确定义。"
    assert word_diff("a b", "a [ b") == "a {+[+} b"  # a space the text has is shown
    assert str(diff_html("work together.", "work **together**.")) == (
        "work <ins>**</ins>together<ins>**</ins>."
    )
