"""Numbers must correspond: digits, decimals, percentages, fractions, years, decades, months,
ranges and magnitudes, understanding the Chinese forms (15亿, 十五亿, 百分之四十, 三分之二,
5至7年, 二〇三〇年, 20世纪80年代, 10月, 零点五) and the Traditional ones (萬, 億, 兩).

A reader turns a text into a multiset of canonical values ({"1948": 1, "45%": 1, "2/3": 1,
"decade 1980": 1, "1500000000": 1}). Some keys are not plain values:

- "~12": a number written as words ("twelfth", "fifty", "a third", 第十二, 五十, 零点五).
  Words are often not quantities (first of all, 一致), so a word is never reported: it only
  accounts for a number of the other side that it equals. Where words are certain (one
  third of, two-thirds) they are read as the plain value.
- "range 5–7" and "date 4/2" (month/day): a range or a date as written. One is reported
  only when the other side has it the other way round (5–7 against 7至5; April 2 against
  2月4日); the values themselves are compared as numbers anyway.
- "every 6 months", "each 12 months", "times 2", "ordinal 2", "century 21", "parties 2":
  how often, how many times, which one of a series, which century, how many sides, as
  words say them where they are certain (twice a year, annually, three times, the Second
  Meeting, the two sides; 每年两次, 每年, 三次, 第二次会议, 双方: numerals/counting.py).
  They are compared only where both sides state one of the kind and differ (changed_only),
  and one said again counts once.

Enumerators are structure, not numbers, and are dropped on both sides: (1), （一）, 一、, 1. at
the start of a text or after a colon; ㈠, ①, ⑴ and (a), (i) are never read. A year counts
once however often it is repeated (2023年7月16—19日……11月4—7日 against "16-19 July 2023 …
4-7 November 2023"). Digits glued to letters (G42, D50) or after a code's hyphen (COVID-19,
F-35) are codes, left to `qa.protected`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..diagnostics import some
from ..model import Unit
from ..numerals import (
    DEFAULT_READERS,
    MONTHS,
    READERS,
    counting,
)
from ..numerals.bounds import AT_LEAST, AT_MOST, bounds, reversed_bounds
from ..numerals.common import REFERENCE_KINDS
from ..numerals.currency import DOLLARS, amounts, changed_currencies
from ..numerals.units import changed_units, converted, quantities, spaced_slashes
from ..script import HAN
from . import Check, Context, Example, Finding
from .datestyle import NUMERIC_DATE
from .text import field_pairs

if TYPE_CHECKING:
    from fractions import Fraction


def _is_year(value: str) -> bool:
    return len(value) == 4 and value.isdigit() and 1000 <= int(value) <= 2199


def unmatched(a: dict[str, int], b: dict[str, int]) -> list[str]:
    """The values of a that b does not account for, each as often as it is unmatched,
    sorted. A year b has at all is matched however often a repeats it (so is a frequency,
    an ordinal, a number of times or of sides); a word in b ("~7") accounts for one value; a
    fraction accounts for its percentage (1/2 for 50%); a range of a is unmatched only when b
    has it reversed."""
    left: list[str] = []
    for value, n in a.items():
        if value[0] == "~":
            continue
        if value.startswith(REFERENCE_KINDS):
            if value not in b and _refers(b, value):
                left += [value] * n
            continue
        if value.startswith("range ") or value.startswith("date "):
            kind, _, ends = value.partition(" ")
            first, second = ends.split("–" if kind == "range" else "/")
            reversed_ = f"{kind} {second}{'–' if kind == 'range' else '/'}{first}"
            if value not in b and reversed_ in b:
                left += [value] * n
            continue
        n -= b.get(value, 0)
        if n > 0 and (_is_year(value) or counting.kind_of(value)) and b.get(value):
            continue  # a year, or a word of how often or which one, said again
        n -= b.get("~" + value, 0)
        if n > 0 and _is_share(value):
            n -= _same_share(value, b)
        left += [value] * max(n, 0)
    return sorted(left)


def _is_share(value: str) -> bool:
    """Whether value writes a share: a fraction (2/3), a percentage (50%), a decimal below
    one (0.25)."""
    value = value.lstrip("~")
    return "/" in value or value.endswith("%") or value.startswith("0.")


def _share(value: str) -> Fraction | None:
    """A share (_is_share) as the fraction it is, else None."""
    from decimal import Decimal, InvalidOperation
    from fractions import Fraction  # imported when a share is compared: most checks need none

    value = value.lstrip("~")
    try:
        if value.endswith("%"):
            return Fraction(Decimal(value[:-1])) / 100
        if value.startswith("0."):
            return Fraction(Decimal(value))
        numerator, slash, denominator = value.partition("/")
        if slash and numerator.isdigit() and denominator.isdigit() and int(denominator):
            return Fraction(int(numerator), int(denominator))
    except (InvalidOperation, ValueError):
        return None
    return None


def _same_share(value: str, b: dict[str, int]) -> int:
    """How often b writes the share of value another way: half as 50%, 25% as 1/4 or 0.25."""
    share = _share(value)
    if share is None:
        return 0
    return sum(
        n
        for key, n in b.items()
        if key.lstrip("~") != value and _is_share(key) and _share(key) == share
    )


def changed_only(missing: list[str], extra: list[str]) -> tuple[list[str], list[str]]:
    """missing and extra without the values of a kind read from words (numerals.counting)
    that only one of them has: such a word is compared only where both texts state one of
    its kind and they differ (annually as 每两年), never where a translation leaves it out or
    says it another way."""
    kinds = [counting.kind_of(v) for v in missing], [counting.kind_of(v) for v in extra]
    return (
        [v for v, k in zip(missing, kinds[0]) if k is None or k in kinds[1]],
        [v for v, k in zip(extra, kinds[1]) if k is None or k in kinds[0]],
    )


def _refers(b: dict[str, int], value: str) -> bool:
    """Whether b refers to anything value could be compared with: an article or an annex
    (for Article 7(2), a paragraph of Article 7)."""
    if "(" in value:
        return any(key.startswith(value.split("(")[0] + "(") for key in b)
    kind = value.split(" ")[0] + " "
    return any(key.startswith(kind) and "(" not in key for key in b)


def _shown(value: str) -> str:
    words = counting.shown(value)
    if words is not None:
        return words
    if value.startswith(REFERENCE_KINDS):
        return value.capitalize()
    if value.startswith("decade "):
        return value[7:] + "s"
    if value.startswith("range "):
        return "the range " + value[6:]
    if value.startswith("date "):
        month, day = value[5:].split("/")
        return f"the date {day} {list(MONTHS)[int(month) - 1].title()}"
    return value


# Digits: ASCII digits are read, and full-width ones (２０２３, common in Chinese typesetting)
# as the same digits; digits of any other script (Arabic-Indic ٢٠٢٣, Devanagari …) are not
# read as numbers, and are reported so that they never pass unseen.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_OTHER_DIGITS = re.compile(r"(?:(?![0-9])\d)+")


def _digits(text: str) -> tuple[str, list[str]]:
    """The text as the readers see it (full-width digits as ASCII, other digits hidden),
    and the runs of digits of other scripts it holds."""
    text = text.translate(_FULL_WIDTH)
    foreign = _OTHER_DIGITS.findall(text)
    return (_OTHER_DIGITS.sub(lambda m: "#" * len(m[0]), text) if foreign else text), foreign


def _script_of(digits: str) -> str:
    import unicodedata

    name = unicodedata.name(digits[0], "")
    return name.split(" DIGIT")[0].title() if " DIGIT" in name else "another script"


def _as_date(text: str) -> str:
    """A Chinese text with its dates of figures only (2018.3.3, qa.date-style reports their
    style) written as dates, so that they are read as one (2018年3月3日), not as 2018.3 and 3."""
    if not NUMERIC_DATE.search(text):
        return text

    def written(m: re.Match[str]) -> str:
        year, month, day = re.split(r"[./-]", m[0])
        return f"{year}年{int(month)}月{int(day)}日"

    return NUMERIC_DATE.sub(written, text)


def _as_english_date(text: str) -> str:
    """An English text with its dates of figures only (2026-03-02, 2026/03/02: a table's or
    a notice's) written out as dates (March 2, 2026), so that they are read as the date they
    are, not as the years 2026-2103 or a year and a fraction."""
    if not _EN_NUMERIC_DATE.search(text):
        return text
    names = [name.title() for name in MONTHS]

    def written(m: re.Match[str]) -> str:
        year, month, day = re.split(r"[./-]", m[0])
        return f"{names[int(month) - 1]} {int(day)}, {year}"

    return _EN_NUMERIC_DATE.sub(written, text)


# NUMERIC_DATE in English text, where a full stop may end the sentence after it (on 2026-03-02.)
_EN_NUMERIC_DATE = re.compile(
    r"(?<![0-9A-Za-z./-])(?:1[5-9]|2\d)\d\d([./-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])"
    r"(?![0-9A-Za-z/-]|\.\w)"
)


@dataclass(frozen=True)
class _Roles:
    """The languages of a pair read in the order the readers are written for (the text with
    spaces first, then the Chinese: swapped when a Chinese original is translated), which
    messages name by role, the source first."""

    source: str
    target: str
    swapped: bool

    def by_role(self, said, written):
        """What the text with spaces and the Chinese said, as (source's, target's)."""
        return (written, said) if self.swapped else (said, written)


def check_numbers(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    source_name, target_name = getattr(ctx, "number_readers", None) or DEFAULT_READERS
    swapped = _script(source_name) == "chinese" and _script(target_name) == "english"
    if swapped:  # a Chinese original: read as the readers are written, English first
        en, zh = zh, en
        source_name, target_name = target_name, source_name
    roles = _Roles(ctx.source_name, ctx.target_name, swapped)
    spaced, chinese_side = roles.by_role(roles.source, roles.target)
    read_source, read_target = READERS[source_name], READERS[target_name]
    certain_source = getattr(read_source, "certain", read_source)
    certain_target = getattr(read_target, "certain", read_target)
    for field, other in field_pairs(en, zh):
        english, english_foreign = _digits(field.plain)
        chinese, chinese_foreign = _digits(other.plain)
        if HAN.search(chinese):
            chinese = _as_date(chinese)
        if source_name == "english":
            english = _as_english_date(english)
        english, chinese = spaced_slashes(english), spaced_slashes(chinese)
        for side, runs in ((spaced, english_foreign), (chinese_side, chinese_foreign)):
            if runs:
                yield Finding(
                    "qa.numbers",
                    f"the {side} writes {some(runs)} in {_script_of(runs[0])} digits, which are "
                    "not read as numbers; write the number in the digits 0-9",
                    field.name,
                )
        measured = None
        if _DIGIT.search(english):  # bounds, amounts and quantities all have figures
            yield from _reversed(english, chinese, source_name, target_name, field.name, roles)
            yield from _currency(english, chinese, source_name, target_name, field.name, roles)
            measured = _quantities(english, chinese, source_name, target_name)
            yield from _units(measured, field.name, roles)
        source, target = certain_source(english), certain_target(chinese)
        if source == target:
            continue
        missing, extra = unmatched(source, target), unmatched(target, source)
        # a quantity in another unit (1,000 MW as 100万千瓦), paired before the numbers
        # written as words are, which the unit's own name may hold (the 千 of 千瓦)
        taken_values: list[str] = []
        given_values: list[str] = []
        if missing and extra and measured is not None:
            for said, written in converted(*measured):
                taken = next((v for v in said.values if v in missing), None)
                given = next((v for v in written.values if v in extra), None)
                if taken is not None and given is not None:
                    missing.remove(taken)
                    extra.remove(given)
                    taken_values.append(taken)
                    given_values.append(given)
        if missing:  # numbers written as words may account for them
            missing = _without(unmatched(source, read_target(chinese)), taken_values)
        if extra:
            extra = _without(unmatched(target, read_source(english)), given_values)
        missing, extra = changed_only(missing, extra)
        # by role: what the translation lacks from its source, then what it adds
        lacks, adds = (extra, missing) if swapped else (missing, extra)
        if lacks:
            yield Finding(
                "qa.numbers",
                f"the {roles.target} lacks {some(list(map(_shown, lacks)))} from the "
                f"{roles.source}",
                field.name,
            )
        if adds:
            yield Finding(
                "qa.numbers",
                f"the {roles.target} has {some(list(map(_shown, adds)))} that the "
                f"{roles.source} does not",
                field.name,
            )


_DIGIT = re.compile(r"\d")


def _without(values: list[str], paired: list[str]) -> list[str]:
    """values without those a quantity converted has paired, each once."""
    left = list(values)
    for value in paired:
        if value in left:
            left.remove(value)
    return left


def _script(reader: str) -> str | None:
    """The script whose words of bounds a number reader's texts are read for."""
    return "english" if reader == "english" else "chinese" if reader.startswith("chinese") else None


def _both(extract, english: str, chinese: str, source_name: str, target_name: str):
    """What extract (bounds, amounts, quantities) finds in each side, the Chinese read only
    when the English has any; None when the readers are not English and Chinese or the
    English has none."""
    source_script, target_script = _script(source_name), _script(target_name)
    if source_script is None or target_script is None:
        return None
    source = extract(english, source_script, READERS[source_name].certain)
    if not source:
        return None
    return source, extract(chinese, target_script, READERS[target_name].certain)


def _reversed(
    english: str, chinese: str, source_name: str, target_name: str, field: str, roles: _Roles
) -> Iterator[Finding]:
    """A number or date bounded one way in the English and the other way in the Chinese: at
    least / 最多, or less / 以上, before / 之后, no later than / 不早于."""
    found = _both(bounds, english, chinese, source_name, target_name)
    for pair in reversed_bounds(*found) if found else ():
        said, written = roles.by_role(*pair)
        yield Finding(
            "qa.numbers",
            f"the {roles.source} sets {_BOUND[said.direction]} ('{said.phrase}'), the "
            f"{roles.target} {_BOUND[written.direction]} ('{written.phrase}'): the bound is "
            "reversed",
            field,
        )


_BOUND = {AT_LEAST: "a lower bound", AT_MOST: "an upper bound"}


def _currency(
    english: str, chinese: str, source_name: str, target_name: str, field: str, roles: _Roles
) -> Iterator[Finding]:
    """An amount of money written in another currency in the Chinese: US$2.5 billion as
    25亿元 (yuan), €300 million as 3亿美元."""
    found = _both(amounts, english, chinese, source_name, target_name)
    for pair in changed_currencies(*found) if found else ():
        said, written = roles.by_role(*pair)
        yield Finding(
            "qa.numbers",
            f"the {roles.source} amount '{said.phrase}' is in {_named(said.currencies)}, the "
            f"{roles.target} '{written.phrase}' in {_named(written.currencies)}: the currency "
            "differs",
            field,
        )


def _quantities(english: str, chinese: str, source_name: str, target_name: str):
    """The quantities with units of measure of each side, or None when the readers are not
    English and Chinese or the English has none."""
    return _both(quantities, english, chinese, source_name, target_name)


_COUNTS = {"time": "calendar time", "working time": "working days"}


def _units(measured, field: str, roles: _Roles) -> Iterator[Finding]:
    """A figure written in another unit of its measure, which makes it another amount:
    500 MW as 500千瓦 (a thousand times less), 40 km as 40米; or in a unit of the measure
    taken for its own: 60 kWh as 60千瓦 (power for energy)."""
    if measured is None:
        return
    source, target = roles.source, roles.target
    for pair in changed_units(*measured):
        said, written = roles.by_role(*pair)
        if {said.dimension, written.dimension} == {"time", "working time"}:  # 15日, 15个工作日
            yield Finding(
                "qa.numbers",
                f"the {source} '{said.phrase}' counts {_COUNTS[said.dimension]}, the {target} "
                f"'{written.phrase}' {_COUNTS[written.dimension]}: another time limit",
                field,
            )
            continue
        if said.dimension != written.dimension:  # 30 kWh as 30千瓦
            yield Finding(
                "qa.numbers",
                f"the {source} '{said.phrase}' is {said.dimension} in {said.unit}, the "
                f"{target} '{written.phrase}' {written.dimension} in {written.unit}: a unit of "
                "another measure",
                field,
            )
            continue
        yield Finding(
            "qa.numbers",
            f"the {source} '{said.phrase}' is given in {said.unit}, the {target} "
            f"'{written.phrase}' in {written.unit}: the same figure in another unit is "
            "another amount",
            field,
        )


def _named(currencies: frozenset[str]) -> str:
    """Currencies as a message names them: US dollars; dollars (any of several)."""
    if len(currencies) > 1 and currencies <= DOLLARS:
        return "dollars"
    return " or ".join(sorted(_CURRENCY_NAMES.get(code, code) for code in currencies))


_CURRENCY_NAMES = {
    "USD": "US dollars",
    "CAD": "Canadian dollars",
    "AUD": "Australian dollars",
    "NZD": "New Zealand dollars",
    "HKD": "Hong Kong dollars",
    "SGD": "Singapore dollars",
    "TWD": "New Taiwan dollars",
    "EUR": "euros",
    "GBP": "pounds sterling",
    "CNY": "yuan (renminbi)",
    "JPY": "yen",
    "CHF": "Swiss francs",
    "KRW": "won",
    "INR": "rupees",
}


CHECK = Check(
    "qa.numbers",
    "error",
    "Numbers, percentages, years and ranges correspond",
    passes=Example(
        "China will grow over the next 5-7 years, with 1.5 billion in 2020.",
        "未来5至7年，中国将增长，2020年达15亿。",
    ),
    fails=Example("Demand grows by at least 40% by 2025.", "到2026年需求至少增长40%。"),
    pair=check_numbers,
)
