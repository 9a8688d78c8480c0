"""The typographic lint's rules: their codes, default severities, titles and limits. The
lint itself reads rendered pages (diglot/writers/typolint.py); the rules are listed here, below
the checks and the writers, so that `[checks.severity]` in diglot.toml can set them and
`diglot checks` can list them."""

from __future__ import annotations

from dataclasses import dataclass

MAX_LADDER = 2  # hyphenated lines in a row
WORD_GAP = 2.0  # the widest word gap of a justified line, in spaces of its font
CJK_GAP = 0.25  # the most space added between two Chinese characters, in ems
CJK_SHORT = 1.0  # the most a justified Chinese line may end short of its measure, in ems (a
# character: what a column that keeps numbers with their units and days with their months
# leaves now and then; spreading such a line further reads as letter-spaced)


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str


RULES: tuple[Rule, ...] = (
    Rule("typo.hyphen-ladder", "warning", f"No more than {MAX_LADDER} hyphenated lines in a row"),
    Rule("typo.hyphen-last", "warning", "The last word of a paragraph or cell is never hyphenated"),
    Rule(
        "typo.hyphen-page",
        "warning",
        "No word is hyphenated, and no web or e-mail address broken, across a page break",
    ),
    Rule(
        "typo.hyphen-heading",
        "warning",
        "Titles, headings, names, labels and ragged text are never hyphenated",
    ),
    Rule(
        "typo.loose-line",
        "warning",
        f"No justified line has a word gap wider than {WORD_GAP:g} spaces, or holds one word "
        "with most of its measure empty",
    ),
    Rule(
        "typo.loose-cjk",
        "warning",
        f"No Chinese line is spread more than {CJK_GAP:g} em between characters, or left "
        f"more than {CJK_SHORT:g} em short of a justified measure",
    ),
    Rule(
        "typo.cjk-word-break",
        "warning",
        "Chinese titles, headings and table cells break only between words",
    ),
    Rule("typo.cjk-single", "warning", "No Chinese text ends with one character alone on a line"),
    Rule("typo.word-split", "warning", "No word is broken across lines without a hyphen"),
    Rule("typo.widow", "warning", "No last line of a paragraph alone at the head of a page"),
    Rule("typo.orphan", "warning", "No first line of a paragraph alone at the foot of a page"),
)

BY_ID = {rule.id: rule for rule in RULES}


def may_hyphenate(word: str) -> bool:
    """Whether a word may be hyphenated at a line's end as any other: not one with a capital
    letter (a name, an acronym, a word of a title: Federation, Marvellan, ISO), which an
    editor keeps whole (the patterns know names least of all: Hydrom-eteorology). A
    paragraph planned as a whole hyphenates one only where the line would otherwise be
    looser than WORD_GAP (writers/_paragraphs.py); elsewhere, never."""
    return not any(character.isupper() for character in word)
