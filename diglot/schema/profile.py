"""The description of a language profile (languages/<tag>.toml), each value's kind and form.

Every key, its kind, range and form, and the checks that have the last word on a value
before it reaches CSS or HTML. A profile is content a project supplies: its values reach CSS,
HTML, Word and the checks, so each is one of a few strict forms (a language tag, a font
family name, a CSS length, a number in range, a choice, a single character, a numbering
text) and nothing else passes.
"""

from __future__ import annotations

import re
import unicodedata

from ..cssvalue import TAG_PATTERN, family_problem, length_problem, tag_problem
from .spec import Entry, Flag, Items, Number, Table, Text

COUNTER_STYLES = (
    "decimal",
    "lower-alpha",
    "upper-alpha",
    "lower-roman",
    "upper-roman",
    "simp-chinese-informal",
    "trad-chinese-informal",
    "cjk-decimal",
    "circled",
)
NUMBER_READERS = ("english", "chinese-simplified", "chinese-traditional")
JUSTIFY = ("inter-word", "inter-character")
LINE_HEIGHT = (0.8, 4.0)
LINE_SPACING = (0.8, 4.0)
COLUMN_WEIGHT = (1.0, 100.0)
FAMILIES_MAX = 12
ALIASES_MAX = 20
CUES_MAX = 200  # negation cues or false friends a profile may list
NAME_MAX = 60
NUMBERING_MAX = 40
LOCALE = r"[A-Za-z]{2,8}(?:_[A-Za-z0-9]{2,8}){0,3}"
CATALOG = r"[A-Za-z][A-Za-z0-9_]{0,31}"
SCRIPT = r"[a-z]{2,16}"
STYLE = r"[a-z][a-z0-9-]{0,31}"
CHARSET = r"[0-9A-Fa-f]{2}"
_FORMAT_FIELD = re.compile(r"\{n(?::([a-z-]+))?\}")
# characters a numbering text may not hold besides its {n} fields: markup of HTML, CSS and
# Markdown, quotes and backslashes, and every control, separator or format character
_NUMBERING_REFUSED = set("<>&\"'\\`*_[]{}|#$^~=@")


def locale_problem(value: str) -> str | None:
    if not re.fullmatch(LOCALE, value):
        return "is not a Babel locale such as en_US or zh_Hans_CN"
    from babel import Locale
    from babel.core import UnknownLocaleError

    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError):
        return "is not a locale Babel knows (such as en_US, zh_Hans_CN)"
    return None


def name_problem(value: str) -> str | None:
    if not value.strip() or len(value) > NAME_MAX:
        return f"is not a name of 1 to {NAME_MAX} characters"
    if any(not (c.isalnum() or c in " ()-,.'") for c in value):
        return "holds characters a language's name does not: letters, digits, spaces, ( ) - , . '"
    return None


def quote_problem(value: str) -> str | None:
    if len(value) != 1 or value.isalnum() or not value.isprintable() or value.isspace():
        return "is not one quotation mark (a single character such as “)"
    return None


def cue_problem(text: str) -> str | None:
    """A negation cue or false friend: a word or phrase ("…" may join two parts)."""
    if not text.strip():
        return "is empty; write a word or phrase"
    if len(text) > 64:
        return "is longer than 64 characters; write a word or phrase"
    if any(unicodedata.category(c)[0] == "C" for c in text):
        return "holds a control character"
    return None


def numbering_problem(text: str) -> str | None:
    """Why a numbering text ("第{n:simp-chinese-informal}条") cannot be used, or None."""
    if len(text) > NUMBERING_MAX:
        return f"is longer than {NUMBERING_MAX} characters"
    for name in _FORMAT_FIELD.findall(text):
        if name and name not in COUNTER_STYLES:
            return f"uses the unknown counter style '{name}'; known: {', '.join(COUNTER_STYLES)}"
    rest = _FORMAT_FIELD.sub("", text)
    wrong = sorted({c for c in rest if c in _NUMBERING_REFUSED or not c.isprintable()})
    if wrong:
        shown = " ".join(c if c.isprintable() else f"U+{ord(c):04X}" for c in wrong)
        return (
            f"holds {shown}, which a numbering text may not hold (besides its {{n}} or "
            "{n:style} fields)"
        )
    return None


def _tag(doc: str, default: str | None = None) -> Text:
    return Text(doc=doc, pattern=TAG_PATTERN, problem=tag_problem, default=default)


def _tags(doc: str, most: int, example: str) -> Items:
    return Items(
        doc=doc, item=Text(pattern=TAG_PATTERN, problem=tag_problem), most=most, example=example
    )


def _families(doc: str, least: int = 0) -> Items:
    return Items(
        doc=doc,
        item=Text(problem=family_problem, max_length=64),
        least=least,
        most=FAMILIES_MAX,
        example='["Noto Serif"]',
        says={"least": "{name} names no font family"},
    )


def _cues(doc: str, example: str) -> Items:
    return Items(
        doc=doc, item=Text(problem=cue_problem, max_length=64), most=CUES_MAX, example=example
    )


FONTS = Table(
    doc="Font families per role, named in order of preference (always quoted in CSS).",
    entries=(
        Entry("body", _families("The body text's families.", least=1), required=True),
        Entry("heading", _families("The headings' families.", least=1), required=True),
        Entry("fallback", _families("Families for characters the others lack.")),
    ),
)
TEXT = Table(
    doc="How the editions set this language's text.",
    entries=(
        Entry(
            "lang",
            _tag(
                "The tag the editions declare (HTML lang, the PDF's /Lang); it "
                "chooses the hyphenation patterns (en-US, en-GB)."
            ),
        ),  # fmt: skip
        Entry("hyphenate", Flag(doc="Hyphenate the body text.", default=False)),
        Entry(
            "justify",
            Text(
                doc="How a justified line's slack is spread.", choices=JUSTIFY, default="inter-word"
            ),
        ),  # fmt: skip
        Entry(
            "first-line-indent",
            Text(
                doc="A CSS length: 0, or a number with a unit (em, rem, ch, pt, px, mm, cm, "
                "in), at most about ten characters.",
                pattern=r"0|[0-9]{1,3}(?:\.[0-9]{1,3})?"
                r"(?:em|rem|ch|pt|px|mm|cm|in)",
                problem=length_problem,
                default="0",
            ),
        ),  # fmt: skip
        Entry("headings-uppercase", Flag(doc="Headings in capitals.", default=False)),
        Entry(
            "line-height",
            Number(
                doc="The body text's line height.",
                low=LINE_HEIGHT[0],
                high=LINE_HEIGHT[1],
                default=1.5,
            ),
        ),  # fmt: skip
        Entry(
            "column-weight",
            Number(
                doc="The column's weight in side-by-side editions; each column gets at "
                "least 20% of the width.",
                low=COLUMN_WEIGHT[0],
                high=COLUMN_WEIGHT[1],
                default=50.0,
            ),
        ),  # fmt: skip
        Entry(
            "bidi-controls",
            Flag(doc="The text may hold bidirectional overrides and isolates.", default=False),
        ),
        Entry(
            "smart-quotes",
            Flag(
                doc="Set straight quotes and apostrophes typed in the content (\" ') as the "
                "language's own in every edition: [checks] quotes, opening or closing by "
                "context, ’ for an apostrophe, ′ ″ after digits. Default: true, unless "
                "[checks] full-width-punctuation is true. The content files keep what was "
                "typed."
            ),
        ),
        Entry(
            "range-dashes",
            Flag(
                doc="Set the hyphen typed between two numbers that make a range (5-7 years, "
                "October 7-8, 2026-2035, 2024-25) as an en dash in every edition. Dates, "
                "codes, telephone numbers, decimals, scores and references such as Figure "
                "3-4 keep their hyphen, and so does one escaped in the markup (1325\\-2000). "
                "Default: true, unless [checks] full-width-punctuation is true. The content "
                "files keep what was typed."
            ),
        ),
    ),
)
WORD = Table(
    doc="Word's settings for this language.",
    entries=(
        Entry("lang", _tag("Word's language tag (zh-CN).")),
        Entry("east-asian", Flag(doc="Set as East Asian text.", default=False)),
        Entry(
            "line-spacing",
            Number(
                doc="Word's line spacing.", low=LINE_SPACING[0], high=LINE_SPACING[1], default=1.15
            ),
        ),  # fmt: skip
        Entry(
            "charset",
            Text(
                doc="The Windows character set of its East Asian faces, in hex (86: GB2312).",
                pattern=CHARSET,
                what="a Windows character set in hex (86)",
            ),
        ),  # fmt: skip
        Entry(
            "office-fonts",
            Items(
                doc="The faces Office has that stand in for the body's and the headings' on a "
                "machine without them (SimSun, SimHei; Times New Roman, Arial): the fonts' "
                "alternative names in the Word file, and its theme's fonts.",
                item=Text(problem=family_problem, max_length=64),
                sizes=(2,),
                example='["SimSun", "SimHei"]',
                says={"size": "{name} names two families: the body's and the headings'"},
            ),
        ),
    ),
)
CHECKS = Table(
    doc="What the translation checks need to know of the language.",
    entries=(
        Entry(
            "number-reader",
            Text(
                doc="How numbers written in this language are read.",
                choices=NUMBER_READERS,
                default="english",
            ),
        ),  # fmt: skip
        Entry(
            "full-width-punctuation",
            Flag(doc="Its punctuation is full-width (，。：).", default=False),
        ),
        Entry(
            "quotes",
            Items(
                doc="Its quotation marks: opening and closing, then the inner pair.",
                item=Text(problem=quote_problem, max_length=1),
                most=4,
                sizes=(0, 2, 4),
                example='["“", "”"]',
                says={
                    "sizes": "{name} lists {count} marks: two (opening, closing) or four (and "
                    "the inner pair)"
                },
            ),
        ),
        Entry(
            "semantic-model",
            Flag(
                doc="The sentence-embedding model of the semantic checks covers it.", default=False
            ),
        ),  # fmt: skip
        Entry("negation", _cues("Words that negate (qa.negation).", '["not", "never"]')),
        Entry(
            "negation-false-friends",
            _cues("Words that hold a negation cue without negating (not only).", '["not only"]'),
        ),
        Entry(
            "negation-prefixes",
            _cues(
                "Prefixes that negate a word, not a clause (non-binding, 非歧视): qa.negation "
                "matches them with each other, never with a clause's negation.",
                '["non-", "non"]',
            ),
        ),
    ),
)
NUMBERING = Table(
    doc="How each numbering style is written: {n} or {n:<counter style>} fields in a short "
    'text (article = "第{n:simp-chinese-informal}条"); "" writes no number in this language '
    "(a Chinese regulation's unnumbered 款 where the English numbers (1), (2)).",
    values=Text(problem=numbering_problem, max_length=NUMBERING_MAX, example='"Article {n}"'),
    key_pattern=STYLE,
    key_doc="A numbering style's name, as types name it (decimal, article, lettered).",
    says={
        "key": "[numbering] {shown_key} is not a numbering style's name (lower-case letters, "
        "digits and '-')"
    },
)
TAG = Entry("tag", _tag("The profile's BCP 47 tag (zh-Hans)."))
ALIASES = Entry("aliases", _tags("Other tags it answers to (zh, zh-CN).", ALIASES_MAX, '["zh-CN"]'))
NAMES = Table(entries=(TAG, ALIASES))  # what a profile answers to
PROFILE = Table(
    doc="A diglot language profile: everything diglot does differently per language.",
    entries=(
        TAG,
        Entry(
            "name",
            Text(
                doc="The language's name in English, for messages.",
                problem=name_problem,
                max_length=NAME_MAX,
            ),
        ),  # fmt: skip
        ALIASES,
        Entry(
            "babel-locale",
            Text(
                doc="The Babel locale of its dates (en_US, zh_Hans_CN).",
                pattern=LOCALE,
                problem=locale_problem,
            ),
            required=True,
        ),  # fmt: skip
        Entry(
            "catalog",
            Text(
                doc="Its label catalog: a folder under templates/locale/.",
                pattern=CATALOG,
                what="a catalog's folder name under templates/locale/ (letters, digits, _)",
            ),
        ),  # fmt: skip
        Entry(
            "source-catalog",
            Flag(doc="The labels are the catalog's messages themselves.", default=False),
        ),
        Entry(
            "script",
            Text(
                doc="Its script (latin, cjk).",
                pattern=SCRIPT,
                what="a script such as latin or cjk",
                default="latin",
            ),
        ),  # fmt: skip
        Entry("fonts", FONTS, required=True),
        Entry("text", TEXT),
        Entry("word", WORD),
        Entry("checks", CHECKS),
        Entry("numbering", NUMBERING),
    ),
)
