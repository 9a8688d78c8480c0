"""What the Latin letters of a translation are: words of English left untranslated, or what
a translation keeps as written (protected tokens, acronyms, codes, numbers, units of
measure, web and mail addresses).

`words` gives the words of a text that are none of those (the text of a table cell made of
an acronym and a figure has none); `english_runs` the stretches of Latin text that read as
English prose: several ordinary lowercase words together, which names (capitalised words
joined by short words: the Federal Institute for Standardisation and Metrology), acronyms
and short Latin terms (inter alia, mutatis mutandis) are not. A title in 《》, a gloss in
brackets after a Chinese term (数据跨境流动（cross-border data flows）) and a standard's
designation followed by its title (ISO/IEC 27001 Information security management systems)
are kept as written and are not reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import occurs

# Web and mail addresses, and host names: kept as written.
ADDRESS = re.compile(
    r"(?:https?://|mailto:|www\.)[^\s\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f（）《》“”‘’]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z][a-z0-9-]+\b"
)
# A token: letters and digits, with the joiners a code, an abbreviation or a compound holds
# inside it (TB-01, ISO/IEC, U.S., cross-border, Parties').
_TOKEN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|[-/.'’+_](?=[A-Za-z0-9]))*\.?")
# A run: tokens joined by spaces and ASCII punctuation, nothing of another script between.
_RUN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 \t!-/:-@\[-`{-~’]*[A-Za-z0-9.!?])?")
# Symbols of units of measure (SI and the units beside it, data, concentration): kept as
# written in any language.
UNITS = frozenset(
    (
        "nm um µm mm cm dm m km ha mg g kg t kt Mt Gt ml mL cl l L s ms min h "
        "Hz kHz MHz GHz THz W kW MW GW TW Wh kWh MWh GWh TWh V kV mV A mA dB dBm Pa kPa MPa "
        "hPa mbar K mol ppm ppb ppt psu pH kn nmi J kJ MJ GJ cal kcal N kN lx lm cd rpm "
        "bps kbps Mbps Gbps B kB KB MB GB TB PB Bq Gy Sv mSv"
    ).split()
)
_SENTENCE_END = ".!?"
_TITLE_OPEN, _TITLE_CLOSE = "《〈", "》〉"
_GLOSS_OPEN, _GLOSS_CLOSE = "（(", "）)"
GLOSS_WORDS = 6  # a gloss in brackets is a term: a few words, no sentence
ORDINARY_LETTERS = 4  # shorter lowercase words join names (of, and, the, for, de, von)
RUN_WORDS = 3  # ordinary lowercase words that make a run English prose


@dataclass(frozen=True)
class Run:
    start: int
    end: int
    text: str


def _kept(token: str) -> bool:
    """Whether a token is kept as written in a translation: it holds a digit (a number, a
    code), is an acronym (MNIOAR, U.S., ISO/IEC) or mixed case inside (pH, mRNA), is a unit's
    symbol, or is a single letter (x, Annex A)."""
    token = token.rstrip(".")
    if any(c.isdigit() for c in token) or token in UNITS:
        return True
    letters = [c for c in token if c.isalpha()]
    return (
        len(letters) <= 1 or not any(c.islower() for c in letters) or token[1:] != token[1:].lower()
    )


def _masked(text: str, protected: tuple[str, ...]) -> str:
    """The text with its addresses and protected tokens (where they stand as whole words)
    replaced by digits of the same length: codes, kept as written, at the same offsets."""

    def mask(m: re.Match) -> str:
        return "0" * len(m.group())

    text = ADDRESS.sub(mask, text)
    for token in protected:
        if token in text and occurs(text, token):
            text = re.sub(
                rf"(?<![A-Za-z0-9]){re.escape(token)}(?![A-Za-z0-9])", "0" * len(token), text
            )
    return text


def words(text: str, protected: tuple[str, ...] = ()) -> list[str]:
    """The words of text that a translation would not keep as written (see _kept), after
    the addresses and protected tokens are set aside."""
    return [t for t in _TOKEN.findall(_masked(text, protected)) if not _kept(t)]


def _ordinary(token: str) -> bool:
    """A lowercase word long enough not to be one of the short words inside a name."""
    token = token.rstrip(".")
    return (
        token[:1].islower()
        and token == token.lower()
        and not _kept(token)
        and sum(c.isalpha() for c in token) >= ORDINARY_LETTERS
    )


def _enclosed(text: str, start: int, end: int, opening: str, closing: str) -> bool:
    before = text[:start].rstrip(" ")
    after = text[end:].lstrip(" ")
    return bool(before) and before[-1] in opening and bool(after) and after[0] in closing


def english_runs(text: str, protected: tuple[str, ...] = ()) -> list[Run]:
    """The stretches of text that read as English left untranslated: at least RUN_WORDS
    ordinary lowercase words in one run of Latin text, which is not a title in 《》, a short
    gloss in brackets, or a designation with its title."""
    masked = _masked(text, protected)
    found: list[Run] = []
    for m in _RUN.finditer(masked):
        tokens = _TOKEN.findall(m.group())
        if sum(_ordinary(t) for t in tokens) < RUN_WORDS:
            continue
        start, end = m.span()
        sentence = m.group()[-1] in _SENTENCE_END and not m.group().endswith("..")
        if _enclosed(text, start, end, _TITLE_OPEN, _TITLE_CLOSE):
            continue  # a title: 《Data Free Flow with Trust: the road ahead》
        if not sentence and len(tokens) <= GLOSS_WORDS:
            if _enclosed(text, start, end, _GLOSS_OPEN, _GLOSS_CLOSE):
                continue  # a gloss: 数据跨境流动（cross-border data flows）
        if not sentence and _kept(tokens[0]) and any(c.isdigit() for c in "".join(tokens[:2])):
            continue  # a designation and its title: ISO/IEC 27001 Information security …
        found.append(Run(start, end, text[start:end]))
    return found
