"""English numbers: digits, decimals, percentages, ranges, years, decades, dates, and numbers
written as words ("twelfth", "fifty", "two-thirds"), as canonical values."""

from __future__ import annotations

import re

from . import counting
from .common import (
    EN_ONES,
    EN_ORDINALS,
    EN_TENS,
    MONTH_ABBREVIATIONS,
    MONTHS,
    SCALE_EN,
    Number,
    add_reference,
    add_value,
    canonical_value,
    emit,
    is_code,
    is_day,
    is_enumerator,
    normalise,
    whole,
)

# -- English --------------------------------------------------------------------------------

_EN = re.compile(
    r"(?<![A-Za-z0-9.,/])(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?P<dec>\.\d+)?"
    r"(?:/(?P<den>\d+)(?![\d/]))?(?P<s>s\b)?"
    r"(?:\s*(?P<pct>%|percent\b|per\s+cent\b))?"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?"
    r"|\b(?P<month>(?:J[au]|Feb|Ma[ry]|Apr|Aug|Sep|Oct|Nov|Dec)[a-z]*)\b"
)
# Whether a text can hold a number at all: most texts are skipped with one search.
DIGIT = re.compile(r"\d")
_MONTH = re.compile(
    r"J(?:anuary|une|uly)|February|Ma(?:rch|y)|A(?:pril|ugust)|September|"
    r"October|November|December"
)  # abbreviations need a digit after them
# "May" the month, not the verb: before a day or a year, or after a word that takes a month.
_MAY_BEFORE = re.compile(
    r"\b(?:in|of|since|until|till|by|early|late|mid|from|to|last|next|"
    r"this|during|between|before|after|through|and|or|on)[\s-]*$",
    re.I,
)
_DAY_OR_YEAR = re.compile(r"\.?\s\d")
_EN_RANGE = re.compile(r"\s*(?:-|–|—|to|and|through)\s*")

_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
_DENOMINATORS.update(
    {
        w + s: EN_ORDINALS[w]
        for w in "fourth fifth sixth seventh eighth ninth tenth".split()
        for s in ("", "s")
    }
)
# Words that stand for a number: once (一次), twice (2次), a dozen (12个), a decade (10年).
_OTHER_WORDS = {
    "once": "~1",
    "twice": "~2",
    "thrice": "~3",
    "dozen": "~12",
    "decade": "~10",
    "century": "~100",
}
_WORD = re.compile(r"[a-z]+")
# An exchange rate's unit of currency: 7.1 yuan to the dollar, per euro, against the pound
_PER_CURRENCY = re.compile(
    r"\b(?:to|per|against|for)\s+(?:the\s+|a\s+|one\s+|each\s+)?(?:u\.?s\.?\s+)?"
    r"(?:dollar|euro|pound|yen|yuan|renminbi|franc|won|rupee)\b"
)
_ROMAN_AFTER = re.compile(
    r"\b(?:Article|Chapter|Part|Section|Annex|Title|Protocol|Principle|"
    r"Phase|Round|Volume|Schedule|Pillar)s?\s+([IVXL]+)\b"
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


_REFERENCE_GAP = r"(?:\s*,\s*|\s+(?:and|or|to|through)\s+|\s*[-–]\s*)"
# a list of references is of one kind of numbers: "Annex I to 5% or less" is Annex I
_ONE_REFERENCE = [r"\d+(?![\d.,]\d|\s*%)\b(?:\s*\(\d+\))?", r"[IVXL]+\b(?:\s*\(\d+\))?"]
_REFERENCES = re.compile(
    r"\b(?P<kind>Article|Art\.|Annex)(?:e?s)?\s+(?P<refs>"
    + "|".join(rf"{one}(?:{_REFERENCE_GAP}{one})*" for one in _ONE_REFERENCE)
    + ")"
)
_REFERENCE = re.compile(r"(\d+|[IVXL]+)\b(?:\s*\((\d+)\))?")
_PARAGRAPH_OF = re.compile(r"\bparagraph\s+(\d+)\s+of\s+Article\s+(\d+|[IVXL]+)\b")


def read_references(text: str, found: dict[str, int]) -> None:
    """Article 7(2), Articles XX and XXI, paragraph 2 of Article 7, Annex I: as reference
    keys (article 7, article 7(2), annex 1)."""
    for m in _REFERENCES.finditer(text):
        kind = "annex" if m["kind"] == "Annex" else "article"
        for ref in _REFERENCE.finditer(m["refs"]):
            number = whole(ref[1]) if ref[1].isdigit() else _roman(ref[1])
            add_reference(found, kind, number, whole(ref[2]) if ref[2] else None)
    for m in _PARAGRAPH_OF.finditer(text):
        number = whole(m[2]) if m[2].isdigit() else _roman(m[2])
        add_reference(found, "article", number, whole(m[1]))


def read_english_certain(text: str, soft: dict[str, int] | None = None) -> dict[str, int]:
    """The numbers of an English text that are certain; with soft, what its words of
    frequency, times, ordinals and sides may also say is added to soft (without the "~")."""
    found: dict[str, int] = {}
    if "Art" in text or "Annex" in text:
        read_references(text, found)
    counting.read_english(text, found, soft)
    if not DIGIT.search(text) and not _MONTH.search(text):
        return found
    text = normalise(text)
    numbers: list[Number] = []
    for m in _EN.finditer(text):
        if m["month"]:
            month = _month(text, m.start(), m.end())
            if month:
                numbers.append(Number(m.start(), m.end(), "", key=str(month)))
        elif (
            is_code(text, m.start())
            or is_enumerator(text, m.start(), m.end())
            or (m["n"] == "00" and text[m.start() - 1 : m.start()] == ":")
        ):
            continue  # G42, COVID-19, (1), the minutes of 3:00 p.m.
        elif m["s"] and len(m["n"]) == 4 and m["n"].endswith("0") and not m["dec"]:
            numbers.append(Number(m.start(), m.end(), m["n"], key=f"decade {m['n']}"))
        else:
            numbers.append(
                Number(
                    m.start(),
                    m.end(),
                    m["n"],
                    m["dec"],
                    bool(m["pct"]),
                    SCALE_EN.get(m["scale"] or "", 1),
                    m["den"],
                )
            )
    for first, second in zip(numbers, numbers[1:]):  # 2 April, April 2
        gap = text[first.end : second.start]
        if first.n == "" and is_day(second) and gap == " ":
            add_value(found, f"date {first.key}/{second.n}")
        elif second.n == "" and is_day(first) and re.fullmatch(r"(?:st|nd|rd|th)? (?:of )?", gap):
            add_value(found, f"date {second.key}/{first.n}")
    for first, second in zip(numbers, numbers[1:]):  # 1 in 3: a share, as words would say
        if (
            text[first.end : second.start] == " in "
            and not (first.key or second.key)
            and first.n.isdigit()
            and second.n.isdigit()
            and 0 < (whole(first.n) or 0) < (whole(second.n) or 101) <= 100
        ):
            first.key, second.key = f"~{first.n}/{second.n}", f"~{first.n}"
            add_value(found, f"~{second.n}")
    emit(numbers, text, _EN_RANGE, found)
    return found


def _month(text: str, start: int, end: int) -> int | None:
    """The month a word of text names (text[start:end]: March, Sept. 2024, Oct 7), or None:
    Japan, Market, "may" the verb."""
    name = text[start:end].lower()
    if name not in MONTHS and name not in MONTH_ABBREVIATIONS:
        return None
    day_or_year = _DAY_OR_YEAR.match(text, end)
    month = MONTHS.get(name) or (day_or_year and MONTH_ABBREVIATIONS[name])
    if not month or (
        name == "may" and not (day_or_year or _MAY_BEFORE.search(text[max(0, start - 12) : start]))
    ):
        return None
    return month


# A month's name, its abbreviation too, next to any character but a Latin letter (Chinese
# characters are word characters: \b would not find 于March).
_MONTH_WORD = re.compile(
    r"(?<![A-Za-z])(?:J[au]|Feb|Ma[ry]|Apr|Aug|Sep|Oct|Nov|Dec)[a-z]*(?![A-Za-z])"
)
_DAY_AFTER = re.compile(r" (\d{1,2})(?!\d|[.,]\d)")
_DAY_BEFORE = re.compile(r"(?<![\d.,])(\d{1,2})(?:st|nd|rd|th)? (?:of )?$")
_DAY_BEFORE_MAX = len("12th of ")


def months_named(text: str) -> list[str]:
    """The months that English month names in text name (March 2026), and the dates they
    make with a day (15 May, May 15), as the English reader reads them: for a text of
    another language that quotes English."""
    found: list[str] = []
    for m in _MONTH_WORD.finditer(text):
        month = _month(text, m.start(), m.end())
        if month is None:
            continue
        found.append(str(month))
        # the day before the month ends where it begins: looked for in the few characters
        # before it, never in the whole text before each month's name
        before = _DAY_BEFORE.search(text, max(0, m.start() - _DAY_BEFORE_MAX), m.start())
        for day in (before, _DAY_AFTER.match(text, m.end())):
            if day is not None and 1 <= int(day[1]) <= 31:
                found.append(f"date {month}/{int(day[1])}")
    return found


def _roman(numeral: str) -> int | None:
    values = [_ROMAN[c] for c in numeral]
    total = sum(
        -v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)
    )
    return total if total > 0 else None


def _english_words(text: str) -> dict[str, int]:
    """Numbers written as words, each as "~value": twelve, twenty-five, three million, a
    billion, twelfth, two-thirds, a quarter, one in five, Article IV."""
    found: dict[str, int] = {}
    lower = text.lower()
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(lower)]

    def joined(j: int) -> bool:  # words j-1 and j are separated by spaces or a hyphen only
        return 0 < j < len(words) and lower[words[j - 1][2] : words[j][1]] in (" ", "-", " - ")

    i = 0
    while i < len(words):
        word = words[i][0]
        starts = (
            word in EN_ONES
            or word in EN_TENS
            or (
                word in ("a", "an", "one")
                and joined(i + 1)
                and (
                    words[i + 1][0] in SCALE_EN
                    or words[i + 1][0] == "hundred"
                    or words[i + 1][0] in _DENOMINATORS
                )
            )
        )
        if starts:
            total, current, j, ordinal, last = 0, 0, i, False, None
            while j < len(words) and (j == i or joined(j)):
                w = words[j][0]
                if w in ("a", "an") and j == i:
                    current, last = 1, "a"
                elif w in EN_ONES and last in (None, "tens", "hundred", "scale", "and"):
                    current += EN_ONES[w]
                    last = "ones"
                elif w in EN_TENS and last in (None, "hundred", "scale", "and"):
                    current += EN_TENS[w]
                    last = "tens"
                elif w in EN_ORDINALS and last in ("tens", "hundred", "and"):
                    current += EN_ORDINALS[w]
                    ordinal, j = True, j + 1
                    break
                elif w == "hundred" and last in ("ones", "a", "tens"):
                    current, last = current * 100, "hundred"
                elif w in SCALE_EN and last in ("ones", "a", "tens", "hundred"):
                    total, current, last = total + current * SCALE_EN[w], 0, "scale"
                elif (
                    w == "and"
                    and last in ("hundred", "scale")
                    and joined(j + 1)
                    and (words[j + 1][0] in EN_ONES or words[j + 1][0] in EN_TENS)
                ):
                    last = "and"
                else:
                    break
                j += 1
            value = total + current
            nxt = words[j][0] if j < len(words) and joined(j) else None
            if not ordinal and nxt in _DENOMINATORS and 0 < value <= 20 and last in ("ones", "a"):
                _fraction_words(found, value, _DENOMINATORS[nxt])
                j += 1
            elif (
                not ordinal
                and value == 1
                and nxt == "in"
                and j + 1 < len(words)
                and words[j + 1][0] in EN_ONES
            ):
                _fraction_words(found, 1, EN_ONES[words[j + 1][0]])
                j += 2
            elif last != "a":
                add_value(found, f"~{value}")
            i = max(j, i + 1)
        elif word in EN_ORDINALS:
            add_value(found, f"~{EN_ORDINALS[word]}")
            i += 1
        elif word in ("half", "halves"):
            _fraction_words(found, 1, 2)
            i += 1
        elif word in _OTHER_WORDS:
            add_value(found, _OTHER_WORDS[word])
            i += 1
        elif word in SCALE_EN and not lower[: words[i][1]].rstrip(" ,")[-1:].isdigit():
            add_value(found, f"~{SCALE_EN[word]}")  # a table's (USD billion): 十亿美元
            i += 1
        else:
            i += 1
    for _ in _PER_CURRENCY.finditer(lower):  # 7.1 yuan to the dollar: 1美元兑7.1元
        add_value(found, "~1")
    if "I" in text or "V" in text or "X" in text:
        for m in _ROMAN_AFTER.finditer(text):
            roman = _roman(m[1])
            if roman:
                add_value(found, f"~{roman}")
    return found


def _fraction_words(found: dict[str, int], numerator: int, denominator: int) -> None:
    """A fraction in words, also as the percentage and the decimal it makes (half: 1/2, 50%
    and 0.5: half a percentage point, 0.5个百分点)."""
    add_value(found, f"~{numerator}/{denominator}")
    if 100 * numerator % denominator == 0:
        add_value(found, f"~{100 * numerator // denominator}%")
        add_value(found, "~" + canonical_value("0", f".{100 * numerator // denominator:02d}"))


def english_numbers(text: str) -> dict[str, int]:
    """Each number of an English text, as a canonical value, with how often it occurs;
    numbers written as words as "~value"."""
    soft: dict[str, int] = {}
    found = read_english_certain(text, soft)
    for value, n in soft.items():
        found["~" + value] = found.get("~" + value, 0) + n
    for value, n in _english_words(text).items():
        found[value] = found.get(value, 0) + n
    return found
