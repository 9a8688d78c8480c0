"""Quantities with their units of measure: "3,600 gigawatts" (36亿千瓦), "500 MW" (50万千瓦),
"1.2 million tonnes" (120万吨), "40 km" (40公里), "2,000 hectares" (2000公顷), "within 30
days" (30日内).

Chinese official texts often give a quantity in another unit than the English, with the
figure converted (gigawatts as 亿千瓦, tonnes as 万吨): the figures then differ and agree.
Each quantity is read with its dimension (power, energy, mass, length, area) and its amount
in that dimension's base unit, so that the check can tell a quantity converted (the same
amount: not reported) from a unit changed (the same figure in another unit: 500 MW as
500千瓦, a thousand times less).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from .common import LazyPattern


class Quantity(NamedTuple):
    dimension: str
    values: frozenset[str]  # the figure's values, as the number reader reads them
    amounts: frozenset[float]  # in the dimension's base unit (W, Wh, g, m, m²)
    unit: str  # as written
    phrase: str


# unit as written -> (dimension, factor to the base unit); English matched without case for
# words, with case for symbols (MW is not mW)
_EN_SYMBOLS = {
    "W": ("power", 1.0),
    "kW": ("power", 1e3),
    "MW": ("power", 1e6),
    "GW": ("power", 1e9),
    "TW": ("power", 1e12),
    "Wh": ("energy", 1.0),
    "kWh": ("energy", 1e3),
    "MWh": ("energy", 1e6),
    "GWh": ("energy", 1e9),
    "TWh": ("energy", 1e12),
    "g": ("mass", 1.0),
    "kg": ("mass", 1e3),
    "t": ("mass", 1e6),
    "kt": ("mass", 1e9),
    "Mt": ("mass", 1e12),
    "Gt": ("mass", 1e15),
    "m": ("length", 1.0),
    "km": ("length", 1e3),
    "ha": ("area", 1e4),
    "km2": ("area", 1e6),
    "km²": ("area", 1e6),
}
_EN_WORDS = {
    "watts": ("power", 1.0),
    "kilowatts": ("power", 1e3),
    "megawatts": ("power", 1e6),
    "gigawatts": ("power", 1e9),
    "terawatts": ("power", 1e12),
    "watt-hours": ("energy", 1.0),
    "kilowatt-hours": ("energy", 1e3),
    "megawatt-hours": ("energy", 1e6),
    "gigawatt-hours": ("energy", 1e9),
    "terawatt-hours": ("energy", 1e12),
    "grams": ("mass", 1.0),
    "grammes": ("mass", 1.0),
    "kilograms": ("mass", 1e3),
    "kilogrammes": ("mass", 1e3),
    "tonnes": ("mass", 1e6),
    "metric tons": ("mass", 1e6),
    "metres": ("length", 1.0),
    "meters": ("length", 1.0),
    "kilometres": ("length", 1e3),
    "kilometers": ("length", 1e3),
    "hectares": ("area", 1e4),
    "square kilometres": ("area", 1e6),
    "square kilometers": ("area", 1e6),
    "square metres": ("area", 1.0),
    "square meters": ("area", 1.0),
}
for _word, _unit in list(_EN_WORDS.items()):  # one watt, a tonne
    if _word.endswith("s") and not _word.endswith("tons"):
        _EN_WORDS.setdefault(_word[:-1], _unit)
_ZH_UNITS = {
    "瓦": ("power", 1.0),
    "瓦特": ("power", 1.0),
    "千瓦": ("power", 1e3),
    "兆瓦": ("power", 1e6),
    "吉瓦": ("power", 1e9),
    "太瓦": ("power", 1e12),
    "瓦时": ("energy", 1.0),
    "瓦時": ("energy", 1.0),
    "千瓦时": ("energy", 1e3),
    "千瓦時": ("energy", 1e3),
    "度": ("energy", 1e3),  # a kilowatt-hour, as Chinese counts electricity
    "兆瓦时": ("energy", 1e6),
    "兆瓦時": ("energy", 1e6),
    "吉瓦时": ("energy", 1e9),
    "吉瓦時": ("energy", 1e9),
    "太瓦时": ("energy", 1e12),
    "太瓦時": ("energy", 1e12),
    "克": ("mass", 1.0),
    "千克": ("mass", 1e3),
    "公斤": ("mass", 1e3),
    "吨": ("mass", 1e6),
    "噸": ("mass", 1e6),
    "公吨": ("mass", 1e6),
    "公噸": ("mass", 1e6),
    "米": ("length", 1.0),
    "公尺": ("length", 1.0),
    "千米": ("length", 1e3),
    "公里": ("length", 1e3),
    "公頃": ("area", 1e4),
    "公顷": ("area", 1e4),
    "平方公里": ("area", 1e6),
    "平方千米": ("area", 1e6),
    "平方米": ("area", 1.0),
    "平方公尺": ("area", 1.0),
}


def _alternatives(names) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_EN_NUMBER = r"\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million|billion|trillion)\b)?"
_EN_SYMBOL = LazyPattern(
    rf"(?<![\w.,])(?P<n>{_EN_NUMBER})\s?(?P<u>{_alternatives(_EN_SYMBOLS)})(?![\w²])"
)
_EN_WORD = LazyPattern(
    rf"(?<![\w.,])(?P<n>{_EN_NUMBER})\s+(?:of\s+)?(?P<u>{_alternatives(_EN_WORDS)})\b", re.I
)
# a number starts where no digit, ',' or '.' is before it: tried from within a run of
# figures as well, the pattern would read a long run again from each of its digits
_ZH_NUMBER = (
    r"(?<![\d,.])\d[\d,]*(?:\.\d+)?"
    r"\s*(?:[十百千](?=万|亿|萬|億))?(?:万亿|亿|万|萬億|億|萬)?"
)
# 度 counts electricity only after a number of it (not 30度 of temperature): read where the
# text speaks of 电 (electricity) in the same sentence
_ZH = LazyPattern(rf"(?P<n>{_ZH_NUMBER})\s*(?P<u>{_alternatives(_ZH_UNITS)})")


# A slash between two quantities (200 MW/800 MWh, 20万千瓦/80万千瓦时, a storage plant's power
# and energy): the readers take a number just after a slash for a fraction's or a code's
# (2/3, A/RES/70/1) and leave it out.
_UNIT_SLASH = LazyPattern(
    rf"(?<=[\d万亿萬億])(\s?(?:{_alternatives(set(_EN_SYMBOLS) | set(_ZH_UNITS))}))/(?=\s?\d)"
)


# Durations (in seconds, a month and a year as the calendar's average): "within 30 days"
# (30日内), "six months" written 6个月, "a 90-day period"; a figure of a duration written in
# another unit is another time limit (30 days as 30个月). Working days are a unit of their
# own (not convertible to days). Read by patterns of their own: 5月30日 and 2025年 are dates.
_SECONDS = {"minute": 60.0, "hour": 3600.0, "day": 86400.0, "week": 604800.0}
_SECONDS |= {"month": 2629800.0, "year": 31557600.0}
_EN_TIME = {
    **{f"{unit}s": ("time", factor) for unit, factor in _SECONDS.items()},
    **{unit: ("time", factor) for unit, factor in _SECONDS.items()},
    "calendar days": ("time", 86400.0),
    "working days": ("working time", 1.0),
    "working day": ("working time", 1.0),
    "business days": ("working time", 1.0),
    "business day": ("working time", 1.0),
}
_ZH_TIME = {
    "分钟": ("time", 60.0),
    "分鐘": ("time", 60.0),
    "小时": ("time", 3600.0),
    "小時": ("time", 3600.0),
    "个小时": ("time", 3600.0),
    "個小時": ("time", 3600.0),
    "天": ("time", 86400.0),
    "日": ("time", 86400.0),
    "周": ("time", 604800.0),
    "週": ("time", 604800.0),
    "星期": ("time", 604800.0),
    "个星期": ("time", 604800.0),
    "個星期": ("time", 604800.0),
    "个月": ("time", 2629800.0),
    "個月": ("time", 2629800.0),
    "年": ("time", 31557600.0),
    "周岁": ("time", 31557600.0),  # years of age (not weeks)
    "週歲": ("time", 31557600.0),
    "岁": ("time", 31557600.0),
    "歲": ("time", 31557600.0),
    "个工作日": ("working time", 1.0),
    "個工作日": ("working time", 1.0),
    "工作日": ("working time", 1.0),
}
_EN_DURATION = LazyPattern(
    rf"(?<![\w.,])(?P<n>\d[\d,]*(?:\.\d+)?)(?:\s+|-)(?P<u>{_alternatives(_EN_TIME)})\b", re.I
)
# a duration's figure: not a month's day (5月30日), nor a year (2025年: four figures)
_ZH_DURATION = LazyPattern(
    rf"(?<![\d.月])(?P<n>\d{{1,3}}(?:\.\d+)?)\s*(?P<u>{_alternatives(_ZH_TIME)})(?![\d])"
)


def spaced_slashes(text: str) -> str:
    """text with a space after each slash that follows a quantity's unit and comes before a
    figure, so that the figure after it is read: 200 MW/ 800 MWh."""
    return _UNIT_SLASH.sub(r"\1/ ", text) if "/" in text else text


def quantities(text: str, script: str, read: Callable[[str], dict[str, int]]) -> list[Quantity]:
    """The quantities of text ("english" or "chinese" script) with their units of measure,
    their figures read by read (a number reader's certain values)."""
    found = []
    patterns: tuple[tuple[LazyPattern, dict[str, tuple[str, float]], bool], ...]
    if script == "english":
        patterns = (
            (_EN_SYMBOL, _EN_SYMBOLS, False),
            (_EN_WORD, _EN_WORDS, True),
            (_EN_DURATION, _EN_TIME, True),
        )
    else:
        patterns = ((_ZH, _ZH_UNITS, False), (_ZH_DURATION, _ZH_TIME, False))
    for pattern, units, fold in patterns:
        for m in pattern.finditer(text):
            unit = m["u"].lower() if fold else m["u"]
            if unit == "度" and not re.search(r"[电電]", text):
                continue
            dimension, factor = units[unit]
            values = frozenset(
                v for v in read(m["n"]) if v[0] != "~" and not v.startswith("range ")
            )
            amounts = set()
            for value in values:
                try:
                    amounts.add(float(value) * factor)
                except ValueError:
                    continue
            if amounts:
                found.append(
                    Quantity(dimension, values, frozenset(amounts), m["u"], " ".join(m[0].split()))
                )
    return found


def _same(a: frozenset[float], b: frozenset[float]) -> bool:
    return any(abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1.0) for x in a for y in b)


def converted(source: list[Quantity], target: list[Quantity]) -> list[tuple[Quantity, Quantity]]:
    """The pairs of a source and a target quantity that are one amount in two units of one
    dimension (3,600 gigawatts and 36亿千瓦): their figures differ and agree."""
    return [
        (s, t)
        for s in source
        for t in target
        if s.dimension == t.dimension and not (s.values & t.values) and _same(s.amounts, t.amounts)
    ]


# The measures whose units a translation takes for each other: energy and power (kWh as
# 千瓦, MW as 兆瓦时), calendar and working days (15 working days as 15日, 30 days as 30个
# 工作日: a time limit of a law), the same figure in a unit of the other measure.
_MISTAKEN = {
    "energy": "power",
    "power": "energy",
    "time": "working time",
    "working time": "time",
}


def changed_units(
    source: list[Quantity], target: list[Quantity]
) -> list[tuple[Quantity, Quantity]]:
    """Each source quantity whose figure the target writes in another unit of its dimension
    that makes it another amount (500 MW as 500千瓦), or in a unit of the measure taken for its
    own (30 kWh as 30千瓦, power for energy), and no target quantity of its amount."""
    pairs = []
    for s in source:
        kin = [t for t in target if t.dimension == s.dimension]
        if any(_same(s.amounts, t.amounts) for t in kin):
            continue
        other = [t for t in kin if t.values & s.values] or [
            t for t in target if t.dimension == _MISTAKEN.get(s.dimension) and t.values & s.values
        ]
        if other:
            pairs.append((s, other[0]))
    return pairs
