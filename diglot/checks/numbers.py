"""Numbers must correspond: digits, decimals, percentages, years, ranges and magnitudes,
understanding the Chinese forms (15亿, 百分之四十, 5至7年, 20纳米, 20世纪80年代, 10月)."""

from __future__ import annotations

import re

from . import Check, Example, Finding
from .text import field_pairs, normalise

MONTHS = {name: i for i, name in enumerate(
    ("january february march april may june july august september october november "
     "december").split(), 1)}
SCALE_EN = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
SCALE_ZH = {"万": 10**4, "亿": 10**8, "万亿": 10**12}
ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
             "七": 7, "八": 8, "九": 9}
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}

_EN = re.compile(
    r"(?<![A-Za-z0-9.,])(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?(?P<s>s\b)?"
    r"(?:\s*(?P<pct>%|percent\b))?(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?"
    r"|\b(?P<month>January|February|March|April|June|July|August|September|October|"
    r"November|December|May(?=\s+\d))\b")  # "may" the verb is no month
# Whether a text can hold a number at all: most texts are skipped with one search.
_DIGIT = re.compile(r"\d")
_MONTH = re.compile(r"J(?:anuary|une|uly)|February|Ma(?:rch|y)|A(?:pril|ugust)|September|"
                    r"October|November|December")
_ZH_ANY = re.compile(r"\d|百分之")
_ZH_DECADE = re.compile(r"(\d{1,2})世纪(\d{1,2})年代")
_ZH_PERCENT_WORDS = re.compile(r"百分之([零〇一二两三四五六七八九十百千]+)")
_ZH = re.compile(r"(?<![A-Za-z0-9.])(?P<n>\d+)(?P<dec>\.\d+)?(?:\s*(?P<pct>%))?"
                 r"(?P<scale>万亿|亿|万)?")


def _value(number: str, decimals: str | None, scale: int = 1) -> str:
    if not decimals and scale == 1:
        return str(int(number.replace(",", "")))  # the common case, without Decimal
    from decimal import Decimal

    value = Decimal(number.replace(",", "") + (decimals or "")) * scale
    return format(value.normalize(), "f")


def _count(found: dict[str, int], value: str) -> None:
    found[value] = found.get(value, 0) + 1


def english_numbers(text: str) -> dict[str, int]:
    """Each number of an English text, as a canonical value, with how often it occurs."""
    found: dict[str, int] = {}
    if not _DIGIT.search(text) and not _MONTH.search(text):
        return found
    for m in _EN.finditer(normalise(text)):
        if m["month"]:
            _count(found, str(MONTHS[m["month"].lower()]))
        elif m["s"] and len(m["n"]) == 4 and m["n"].endswith("0"):
            _count(found, f"decade {m['n']}")  # the 1980s
        else:
            value = _value(m["n"], m["dec"], SCALE_EN.get(m["scale"] or "", 1))
            _count(found, value + ("%" if m["pct"] else ""))
    return found


def _zh_numeral(text: str) -> int:
    total, digit = 0, 0
    for char in text:
        if char in ZH_DIGITS:
            digit = ZH_DIGITS[char]
        else:
            total += (digit or 1) * ZH_UNITS[char]
            digit = 0
    return total + digit


def chinese_numbers(text: str) -> dict[str, int]:
    """Each number of a Chinese text, as a canonical value, with how often it occurs."""
    found: dict[str, int] = {}
    if not _ZH_ANY.search(text):
        return found
    text = normalise(text)  # full-width digits and ％ become ASCII
    if "世纪" in text:
        for m in _ZH_DECADE.finditer(text):
            _count(found, f"decade {(int(m[1]) - 1) * 100 + int(m[2])}")
        text = _ZH_DECADE.sub(" ", text)
    if "百分之" in text:
        for m in _ZH_PERCENT_WORDS.finditer(text):
            _count(found, f"{_zh_numeral(m[1])}%")
    for m in _ZH.finditer(text):
        value = _value(m["n"], m["dec"], SCALE_ZH.get(m["scale"] or "", 1))
        _count(found, value + ("%" if m["pct"] else ""))
    return found


def _difference(a: dict[str, int], b: dict[str, int]) -> list[str]:
    """The values of a not matched in b, each as often as it is unmatched, sorted."""
    return sorted(v for value, n in a.items() for v in [value] * (n - b.get(value, 0)))


def _shown(value: str) -> str:
    return value.replace("decade ", "") + ("s" if value.startswith("decade") else "")


def check_numbers(en, zh, ctx):
    for field, other in field_pairs(en, zh):
        source, target = english_numbers(field.plain), chinese_numbers(other.plain)
        if source == target:
            continue
        missing, extra = _difference(source, target), _difference(target, source)
        if missing:
            yield Finding("qa.numbers", "the Chinese lacks " + ", ".join(map(_shown, missing))
                          + " from the English", field.name)
        if extra:
            yield Finding("qa.numbers", "the Chinese has " + ", ".join(map(_shown, extra))
                          + " that the English does not", field.name)


CHECK = Check(
    "qa.numbers", "error", "Numbers, percentages, years and ranges correspond",
    passes=Example("China will grow over the next 5-7 years, with 1.5 billion in 2020.",
                   "未来5至7年，中国将增长，2020年达15亿。"),
    fails=Example("Demand grows by at least 40% by 2025.", "到2026年需求至少增长40%。"),
    pair=check_numbers)
