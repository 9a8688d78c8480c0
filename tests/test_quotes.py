"""Straight quotes and apostrophes set as the language's own marks (diglot/quotes.py,
inline.typeset): opening and closing by context, apostrophes, the inner pair, primes, and
what is never touched."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diglot.inline import Bold, Link, Text, typeset
from diglot.quotes import smarten

EN = ("\u201c", "\u201d", "\u2018", "\u2019")  # “ ” ‘ ’
DE = ("\u201e", "\u201c", "\u201a", "\u2018")  # „ “ ‚ ‘


# -- the conversion ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, printed",
    [
        ('to "countries of concern" such as China', "to “countries of concern” such as China"),
        ('"Quoted" at the start', "“Quoted” at the start"),
        ('("in brackets")', "(“in brackets”)"),
        ('a dash—"then a quote"', "a dash—“then a quote”"),
        ('"Don\'t," he said.', "“Don’t,” he said."),
        ('He said "I was—"', "He said “I was—”"),
        # a quotation running on into the next paragraph opens and is never closed in this one
        ('"It went on', "“It went on"),
        ('ended here." Then', "ended here.” Then"),
        ('a " alone', 'a " alone'),  # between spaces: it opens and closes nothing
    ],
)
def test_a_double_quote_opens_or_closes_by_what_stands_around_it(typed, printed):
    assert smarten(typed, EN) == printed


@pytest.mark.parametrize(
    "typed, printed",
    [
        ("Commerce's Entity List", "Commerce’s Entity List"),
        ("China's, don't, O'Brien", "China’s, don’t, O’Brien"),
        ("the members' views", "the members’ views"),
        ("in the '90s, the class of '98", "in the ’90s, the class of ’98"),
        ("rock 'n' roll, fish 'N' chips", "rock ’n’ roll, fish ’N’ chips"),
        ("'Twas the night; give 'em time", "’Twas the night; give ’em time"),
        ("the 1990's", "the 1990’s"),
    ],
)
def test_an_apostrophe_is_a_right_single_quotation_mark(typed, printed):
    assert smarten(typed, EN) == printed


@pytest.mark.parametrize(
    "typed, printed",
    [
        ("\"Every berth is 'open'.\"", "“Every berth is ‘open’.”"),
        ("\"'Quoted' words\"", "“‘Quoted’ words”"),
        ("'single, then \"double\" inside'", "‘single, then “double” inside’"),
        # a closing mark closes the nearest open one of its kind
        ("'the members' views'", "‘the members’ views’"),
    ],
)
def test_a_single_quote_is_the_inner_pair(typed, printed):
    assert smarten(typed, EN) == printed


@pytest.mark.parametrize(
    "typed, printed",
    [
        ("He is 5'10\" tall.", "He is 5′10″ tall."),
        ("a 12\" lamp, a 3' pole", "a 12″ lamp, a 3′ pole"),
        ('"He is 5\'10" tall," she said.', "“He is 5′10″ tall,” she said."),
        # a quotation that ends with a number is closed, not measured
        ("see \"Article 5\" and 'Annex 2'", "see “Article 5” and ‘Annex 2’"),
    ],
)
def test_after_digits_a_mark_no_quotation_closes_is_a_prime(typed, printed):
    assert smarten(typed, EN) == printed


def test_a_profile_s_own_marks_are_used():
    typed = "Er sagt: \"Ich fass' es nicht, 'so' ist es.\""
    assert smarten(typed, DE) == "Er sagt: „Ich fass’ es nicht, ‚so‘ ist es.“"
    # two marks only: a ' is set where it is an apostrophe, a quotation in 's stays as typed
    assert smarten("\"It's 'so'\"", ("«", "»")) == "«It’s 'so'»"
    assert smarten('"x"', ()) == '"x"'


def test_text_already_typographic_or_without_quotes_is_unchanged():
    for text in ("“Already” curly, it’s ‘done’.", "No marks at all", "全角“引号”不变"):
        assert smarten(text, EN) == text
    # typed marks beside curly ones read them as context
    assert smarten("“He said 'no'”", EN) == "“He said ‘no’”"


def test_web_and_e_mail_addresses_and_kept_offsets_are_left_as_typed():
    typed = "See https://example.org/pilots'-notes, www.example.org/o'neil's and \"this\""
    assert smarten(typed, EN) == (
        "See https://example.org/pilots'-notes, www.example.org/o'neil's and “this”"
    )
    # a mark after an address closes a quotation (no address ends with one)
    assert smarten("'https://example.org/a'", EN) == "‘https://example.org/a’"
    assert smarten('a "kept" one', EN, keep={2}) == 'a "kept” one'


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab1 .,-—(\"'“’\n", max_size=40))
def test_only_straight_marks_change_and_the_length_stays(text):
    out = smarten(text, EN)
    assert len(out) == len(text)
    for typed, printed in zip(text, out):
        assert typed == printed or (typed in "\"'" and printed in "“”‘’′″")


def test_inline_text_keeps_escaped_marks_code_and_link_targets_as_typed():
    parsed = typeset(
        r'A \"literal\" and &quot;entity&quot;, `code "x"` and **"bold"** [it'
        r"'s](https://example.org/it's) \"end\" \"",
        EN,
    )
    assert parsed.plain == 'A "literal" and "entity", code "x" and “bold” it’s "end" "'
    bold, link = parsed.spans[1], parsed.spans[3]
    assert bold == Bold((Text("“bold”"),))
    assert link == Link("https://example.org/it's", (Text("it’s"),))
    # a mark across markup: the quote before bold closes after it
    assert typeset('"**Open** Berths"', EN).spans == (
        Text("“"),
        Bold((Text("Open"),)),
        Text(" Berths”"),
    )
