"""Reads one language profile (languages/<tag>.toml): every value checked against its type
and range, each mistake reported at its line and column.

A profile is content a project supplies: its values reach CSS, HTML, Word and the checks,
so each is one of a few strict forms (a language tag, a font family name, a CSS length, a
number in range, a choice, a single character, a numbering text) and nothing else passes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

from .config import Config
from .cssvalue import family_problem, length_problem, tag_problem
from .diagnostics import Reporter
from .languages import COUNTER_STYLES, NUMBER_READERS, Profile

CODE = "language.bad-value"
PROFILE_MAX_BYTES = 256 * 1024
KEYS = {
    "": (
        "tag",
        "name",
        "aliases",
        "babel-locale",
        "catalog",
        "source-catalog",
        "script",
        "fonts",
        "text",
        "word",
        "checks",
        "numbering",
    ),
    "fonts": ("body", "heading", "fallback"),
    "text": (
        "lang",
        "hyphenate",
        "justify",
        "first-line-indent",
        "headings-uppercase",
        "line-height",
        "column-weight",
        "bidi-controls",
    ),
    "word": ("lang", "east-asian", "line-spacing", "charset"),
    "checks": (
        "number-reader",
        "full-width-punctuation",
        "quotes",
        "semantic-model",
        "negation",
        "negation-false-friends",
    ),
}
CUES_MAX = 200  # negation cues or false friends a profile may list
JUSTIFY = ("inter-word", "inter-character")
LINE_HEIGHT = (0.8, 4.0)
LINE_SPACING = (0.8, 4.0)
COLUMN_WEIGHT = (1.0, 100.0)
FAMILIES_MAX = 12
ALIASES_MAX = 20
_LOCALE = re.compile(r"[A-Za-z]{2,8}(?:_[A-Za-z0-9]{2,8}){0,3}")
_CATALOG = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,31}")
_SCRIPT = re.compile(r"[a-z]{2,16}")
_STYLE = re.compile(r"[a-z][a-z0-9-]{0,31}")
_CHARSET = re.compile(r"[0-9A-Fa-f]{2}")
_FORMAT_FIELD = re.compile(r"\{n(?::([a-z-]+))?\}")
NUMBERING_MAX = 40
# characters a numbering text may not hold besides its {n} fields: markup of HTML, CSS and
# Markdown, quotes and backslashes, and every control, separator or format character
_NUMBERING_REFUSED = set("<>&\"'\\`*_[]{}|#$^~=@")
NAME_MAX = 60


def type_words(value: object) -> str:
    """What a TOML value is, in words (a boolean is not a number)."""
    from .config import type_name

    if isinstance(value, float) and not math.isfinite(value):
        return f"the number {value}"
    return type_name(value)


class ProfileReader:
    """Reads the values of one parsed profile, reporting each mistake at its place."""

    def __init__(self, path: Path, text: str, data: dict, reporter: Reporter):
        self.config = Config(str(path), data, text)
        self.data = data
        self.reporter = reporter
        self.failed = False

    def error(self, message: str, *keys: str, code: str = CODE) -> None:
        self.failed = True
        self.reporter.error(code, message, self.config.where(*keys, value=code == CODE))

    def section(self, table: str) -> dict:
        value = self.data.get(table, {}) if table else self.data
        return value if isinstance(value, dict) else {}

    def keys(self) -> None:
        """Unknown keys, and tables that are not tables."""
        for table, allowed in KEYS.items():
            if table and table in self.data and not isinstance(self.data[table], dict):
                self.error(
                    f"[{table}] must be a table ([{table}] on a line of its own), not "
                    f"{type_words(self.data[table])}",
                    table,
                )
                continue
            if table == "numbering":
                continue
            for key in self.section(table):
                if key in allowed or (not table and key in KEYS):
                    continue
                where = f" in [{table}]" if table else ""
                self.error(
                    f"unknown key '{key}'{where}; allowed: {', '.join(allowed)}",
                    *((table, key) if table else (key,)),
                    code="language.unknown-key",
                )

    def _value(self, table: str, key: str, default: object, required: bool = False):
        section = self.section(table)
        if key not in section:
            if required and (not table or isinstance(self.data.get(table, {}), dict)):
                name = f"[{table}] {key}" if table else key
                self.error(f"{name} is missing", *((table,) if table else ()))
            return None, False
        return section[key], True

    @staticmethod
    def _name(table: str, key: str) -> str:
        return f"[{table}] {key}" if table else key

    def flag(self, table: str, key: str, default: bool) -> bool:
        value, given = self._value(table, key, default)
        if not given:
            return default
        if not isinstance(value, bool):
            self.error(
                f"{self._name(table, key)} is true or false, not {type_words(value)}", table, key
            )
            return default
        return value

    def number(self, table: str, key: str, default: float, low: float, high: float) -> float:
        value, given = self._value(table, key, default)
        if not given:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(
                f"{self._name(table, key)} is a number from {low:g} to {high:g}, not "
                f"{type_words(value)}",
                *self._at(table, key),
            )
            return default
        if not math.isfinite(value) or not low <= value <= high:
            self.error(
                f"{self._name(table, key)} is {value}, outside {low:g} to {high:g}",
                *self._at(table, key),
            )
            return default
        return float(value)

    @staticmethod
    def _at(table: str, key: str) -> tuple[str, ...]:
        return (table, key) if table else (key,)

    def text(
        self,
        table: str,
        key: str,
        default: str,
        problem,
        required: bool = False,
    ) -> str:
        """A text value that problem(value) -> str | None accepts."""
        value, given = self._value(table, key, default, required)
        if not given:
            return default
        if not isinstance(value, str):
            self.error(
                f"{self._name(table, key)} is a text, not {type_words(value)}",
                *self._at(table, key),
            )
            return default
        why = problem(value)
        if why:
            self.error(f"{self._name(table, key)} {_shown(value)} {why}", *self._at(table, key))
            return default
        return value

    def text_list(
        self,
        table: str,
        key: str,
        problem,
        most: int,
        required: bool = False,
        example: str = '["Noto Serif"]',
    ) -> tuple[str, ...]:
        value, given = self._value(table, key, [], required)
        if not given:
            return ()
        name = self._name(table, key)
        if not isinstance(value, list):
            self.error(
                f"{name} is a list of texts (such as {example}), not {type_words(value)}",
                *self._at(table, key),
            )
            return ()
        if len(value) > most:
            self.error(f"{name} has {len(value)} entries; at most {most}", *self._at(table, key))
            return ()
        found = []
        for index, item in enumerate(value):
            why = (
                f"is {type_words(item)}, not a text" if not isinstance(item, str) else problem(item)
            )
            if why:
                shown = _shown(item) if isinstance(item, str) else ""
                self.error(
                    f"{name}[{index}] {shown + ' ' if shown else ''}{why}", *self._at(table, key)
                )
                return ()
            found.append(item)
        return tuple(found)


def _shown(value: str) -> str:
    """A value as a message quotes it (escaped, shortened)."""
    shown = value.encode("unicode_escape").decode("ascii") if not value.isprintable() else value
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"'{shown}'"


def _choice(options: tuple[str, ...]):
    return lambda v: None if v in options else f"is not one of {', '.join(options)}"


def _pattern(pattern: re.Pattern, what: str):
    return lambda v: None if pattern.fullmatch(v) else f"is not {what}"


def _locale_problem(value: str) -> str | None:
    if not _LOCALE.fullmatch(value):
        return "is not a Babel locale such as en_US or zh_Hans_CN"
    from babel import Locale
    from babel.core import UnknownLocaleError

    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError):
        return "is not a locale Babel knows (such as en_US, zh_Hans_CN)"
    return None


def _name_problem(value: str) -> str | None:
    if not value.strip() or len(value) > NAME_MAX:
        return f"is not a name of 1 to {NAME_MAX} characters"
    if any(not (c.isalnum() or c in " ()-,.'") for c in value):
        return "holds characters a language's name does not: letters, digits, spaces, ( ) - , . '"
    return None


def _quote_problem(value: str) -> str | None:
    if len(value) != 1 or value.isalnum() or not value.isprintable() or value.isspace():
        return "is not one quotation mark (a single character such as “)"
    return None


def _cue_problem(text: str) -> str | None:
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
    if not text or len(text) > NUMBERING_MAX:
        return f"is not a text of 1 to {NUMBERING_MAX} characters"
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


def check_names(path: Path, text: str, data: dict, reporter: Reporter) -> None:
    """The tag and aliases of a profile the project does not use (a mistake in them may be
    why it is not found)."""
    reader = ProfileReader(path, text, data, reporter)
    reader.text("", "tag", "", tag_problem)
    reader.text_list("", "aliases", tag_problem, ALIASES_MAX, example='["zh-CN"]')


def read_profile_data(path: Path, text: str, data: dict, tag: str, reporter: Reporter):
    """The Profile a parsed profile file describes, or None after reporting every mistake."""
    reader = ProfileReader(path, text, data, reporter)
    reader.keys()
    canonical = reader.text("", "tag", tag, tag_problem)
    reader.text_list("", "aliases", tag_problem, ALIASES_MAX, example='["zh-CN"]')
    name = reader.text("", "name", tag, _name_problem)
    babel_locale = reader.text("", "babel-locale", "", _locale_problem, required=True)
    catalog = reader.text(
        "",
        "catalog",
        tag.replace("-", "_"),
        _pattern(_CATALOG, "a catalog's folder name under templates/locale/ (letters, digits, _)"),
    )
    source_catalog = reader.flag("", "source-catalog", False)
    script = reader.text("", "script", "latin", _pattern(_SCRIPT, "a script such as latin or cjk"))
    body = reader.text_list("fonts", "body", family_problem, FAMILIES_MAX, required=True)
    heading = reader.text_list("fonts", "heading", family_problem, FAMILIES_MAX, required=True)
    fallback = reader.text_list("fonts", "fallback", family_problem, FAMILIES_MAX)
    for key, families in (("body", body), ("heading", heading)):
        if "fonts" in data and isinstance(data["fonts"], dict) and key in data["fonts"]:
            if not families and not reader.failed:
                reader.error(f"[fonts] {key} names no font family", "fonts", key)
    numbering = _numbering(reader)
    reader_name = reader.text("checks", "number-reader", "english", _choice(NUMBER_READERS))
    quotes = reader.text_list("checks", "quotes", _quote_problem, 4, example='["“", "”"]')
    if len(quotes) not in (0, 2, 4):
        reader.error(
            f"[checks] quotes lists {len(quotes)} marks: two (opening, closing) or four (and "
            "the inner pair)",
            "checks",
            "quotes",
        )
    profile = Profile(
        tag=tag,
        canonical=canonical,
        name=name,
        babel_locale=babel_locale,
        catalog=catalog,
        source_catalog=source_catalog,
        script=script,
        body_fonts=body,
        heading_fonts=heading,
        fallback_fonts=fallback,
        hyphenate=reader.flag("text", "hyphenate", False),
        justify=reader.text("text", "justify", "inter-word", _choice(JUSTIFY)),
        first_line_indent=reader.text("text", "first-line-indent", "0", length_problem),
        headings_uppercase=reader.flag("text", "headings-uppercase", False),
        line_height=reader.number("text", "line-height", 1.5, *LINE_HEIGHT),
        column_weight=reader.number("text", "column-weight", 50.0, *COLUMN_WEIGHT),
        word_lang=reader.text("word", "lang", tag, tag_problem),
        word_east_asian=reader.flag("word", "east-asian", False),
        word_line_spacing=reader.number("word", "line-spacing", 1.15, *LINE_SPACING),
        word_charset=reader.text(
            "word", "charset", "", _pattern(_CHARSET, "a Windows character set in hex (86)")
        )
        or None,
        number_reader=reader_name,
        full_width_punctuation=reader.flag("checks", "full-width-punctuation", False),
        quotes=quotes,
        numbering=numbering,
        path=str(path),
        bidi_controls=reader.flag("text", "bidi-controls", False),
        text_lang=reader.text("text", "lang", "", tag_problem) or None,
        semantic_model=reader.flag("checks", "semantic-model", False),
        negation=reader.text_list(
            "checks", "negation", _cue_problem, CUES_MAX, example='["not", "never"]'
        ),
        negation_false_friends=reader.text_list(
            "checks", "negation-false-friends", _cue_problem, CUES_MAX, example='["not only"]'
        ),
    )
    return None if reader.failed else profile


def _numbering(reader: ProfileReader) -> dict[str, str]:
    table = reader.data.get("numbering", {})
    if not isinstance(table, dict):
        return {}  # reported by keys()
    found = {}
    for style, value in table.items():
        if not _STYLE.fullmatch(style):
            reader.error(
                f"[numbering] '{_shown(style)[1:-1]}' is not a numbering style's name "
                "(lower-case letters, digits and '-')",
                "numbering",
                style,
                code="language.unknown-key",
            )
            continue
        if not isinstance(value, str):
            reader.error(
                f'[numbering] {style} is a text such as "Article {{n}}", not {type_words(value)}',
                "numbering",
                style,
            )
            continue
        why = numbering_problem(value)
        if why:
            reader.error(f"[numbering] {style} {_shown(value)} {why}", "numbering", style)
            continue
        found[style] = value
    return found
