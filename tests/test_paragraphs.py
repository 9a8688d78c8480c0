"""The paragraph planner's rules for names and last words (writers/_paragraphs.py): a word
with a capital letter, and the paragraph's last word, are hyphenated only where every other
way to break the paragraph leaves a line looser than the word-gap limit. The text is set in
a font of one unit a character."""

from __future__ import annotations

from diglot.typorules import may_hyphenate
from diglot.writers._paragraphs import HYPHEN, SPACE, Break, Paragraph


def paragraph(text: str, word: str) -> Paragraph:
    """text in a font one unit wide a character (a space too), which may break at its
    spaces and after the first three letters of word (hyphenated: one unit more; the last
    word's hyphenation point is marked final, as writers/_measure.py marks it)."""
    x = [float(i) for i in range(len(text) + 1)]
    breaks = [Break(i + 1, SPACE, float(i)) for i, c in enumerate(text) if c == " "]
    at = text.index(word) + 3
    final = text.rstrip(".:").endswith(word)
    breaks.append(Break(at, HYPHEN, at + 1.0, name=not may_hyphenate(word), final=final))
    breaks.sort(key=lambda b: (b.at, b.kind != SPACE))
    return Paragraph(text, x, 1.0, breaks)


def hyphenates(text: str, word: str, measure: float) -> bool:
    plan = paragraph(text, word).plan(0, measure)
    assert plan is not None
    return any(b.kind == HYPHEN for b in plan)


def test_a_name_is_kept_whole_where_a_common_word_would_be_hyphenated():
    text = "a b c d e {} f g h i j k l m n o p"
    assert hyphenates(text.format("marvellan"), "marvellan", 10.5)
    assert not hyphenates(text.format("Marvellan"), "Marvellan", 10.5)


def test_a_name_is_hyphenated_only_to_spare_a_line_looser_than_the_limit():
    text = "aaaa bbbb Marvellan cccc dddd eeee"
    assert hyphenates(text, "Marvellan", 8.0)  # "aaaa bbbb" alone would be far too loose


def test_the_last_word_is_hyphenated_only_to_spare_a_line_looser_than_the_limit():
    # "aaaa bbbb cccc" alone on a line of 19 would have gaps of 3.5 spaces
    assert hyphenates("aaaa bbbb cccc obligations:", "obligations", 19.0)
    # "a b c d e f" on a line of 15 has gaps of 1.8 spaces: within the limit, it is kept
    assert not hyphenates("a b c d e f obligations:", "obligations", 15.0)


def test_words_with_a_capital_letter_are_names():
    assert not may_hyphenate("Federation")
    assert not may_hyphenate("ISO")
    assert not may_hyphenate("eGovernment")
    assert may_hyphenate("federation")
    assert may_hyphenate("合作")


def test_a_page_s_last_line_never_ends_inside_an_address():
    """A break inside an address (its <wbr>) is never taken on a page's last line: the
    line ends at a space before it instead, as it would before a hyphen."""
    text = "write to desk@example.org now"
    x = [float(i) for i in range(len(text) + 1)]
    inside = text.index("@")
    breaks = [
        Break(9, SPACE, 8.0),
        Break(inside, "dash", float(inside), inner=True),
        Break(text.index(" now") + 1, SPACE, float(text.index(" now"))),
    ]
    measure = float(inside) + 0.5
    plan = Paragraph(text, x, 1.0, breaks).plan(0, measure)
    assert plan is not None and plan[0].at == inside
    plan = Paragraph(text, x, 1.0, breaks).plan(0, measure, no_hyphen_first=True)
    assert plan is not None and plan[0].at == 9
