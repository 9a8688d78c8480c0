"""The units the semantic checks judge (prose: paragraphs and items of a few words or more) and
the sentences of their texts.

Names, roles, headings, table cells and very short texts are left out: a model that compares
meanings has too little to go on in them, and their lengths vary for reasons of their own
(a name is as long as it is in each script)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..checks.text import field_pairs, normalise
from ..diagnostics import Location
from ..model import Unit
from ..script import HAN

PROSE_ROLES = ("paragraph", "item")  # a document type's roles (types.py) that hold prose

# Words before a full stop that do not end a sentence: titles, Latin abbreviations, and
# parts of names and references (U.S., No. 5, Art. 3).
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr no nos art arts para paras sec vol vols p pp ch fig figs "
    "e.g i.e etc vs cf al approx inc ltd co corp dept govt jan feb mar apr jun jul aug sep "
    "sept oct nov dec u.s u.k u.n d.c p.m a.m".split()
)
# A sentence ends at . ! ? (closing quotes and brackets after it belong to it) before a
# space and the start of the next sentence; in a CJK text at 。！？ (or ！？ written narrow),
# wherever it stands.
_LATIN_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_CJK_END = re.compile(r"(?:[。！？]|[!?](?!\w))[”’」』）)\]]*")
_LAST_WORD = re.compile(r"([A-Za-z]+(?:\.[A-Za-z]+)*)\.?$")


@dataclass(frozen=True)
class Prose:
    """One field of one unit in both languages, as the semantic checks read it: plain text
    with its whitespace normalised, and where each side stands."""

    unit_id: str
    field: str
    source: str
    target: str
    source_location: Location
    target_location: Location


def words(text: str) -> int:
    """The words of a text written with spaces."""
    return len(text.split())


_LATIN_WORD = re.compile(r"[A-Za-z0-9]+")


def size(text: str, cjk: bool) -> float:
    """A text's length in words: a CJK text's characters count half a word each, its Latin
    words one each."""
    if not cjk:
        return float(words(text))
    chinese = len(text) - len(HAN.sub("", text))
    return chinese / 2 + len(_LATIN_WORD.findall(text))


def prose(pairs: list[tuple[Unit, Unit]], min_words: int, cjk: bool = False) -> list[Prose]:
    """The prose fields of a document's aligned pairs, in document order: fields of units whose
    role is paragraph or item (or not known: a pair made outside a document), and whose
    source has at least min_words words (cjk: the source is Chinese, two characters a word:
    before, a Chinese original's texts counted one word each, and no check ran)."""
    found = []
    for en, zh in pairs:
        if (en.role and en.role not in PROSE_ROLES) or en.id is None:
            continue
        for field, other in field_pairs(en, zh):
            source, target = normalise(field.plain), normalise(other.plain)
            if size(source, cjk) >= min_words and target:
                found.append(
                    Prose(en.id, field.name, source, target, field.location, other.location)
                )
    return found


def sentences(text: str, cjk: bool) -> list[tuple[int, int]]:
    """The (start, end) of each sentence of text, spaces around them left out."""
    spans = []
    start = 0
    ends = _CJK_END.finditer(text) if cjk else _LATIN_END.finditer(text)
    for match in ends:
        stop = match.end()
        if not cjk and _abbreviation(text[start : match.start() + 1]):
            continue
        if text[start:stop].strip():
            spans.append(_strip(text, start, stop))
        start = stop
    if text[start:].strip():
        spans.append(_strip(text, start, len(text)))
    return spans


def _abbreviation(sentence: str) -> bool:
    """Whether the full stop that ends this text ends an abbreviation rather than a sentence."""
    if not sentence.endswith("."):
        return False
    last = _LAST_WORD.search(sentence[:-1] + ".")
    if last is None:
        return False
    word = last.group(1)
    return word.casefold() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _strip(text: str, start: int, stop: int) -> tuple[int, int]:
    while start < stop and text[start].isspace():
        start += 1
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return start, stop
