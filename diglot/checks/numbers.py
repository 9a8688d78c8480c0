"""Numbers must correspond: digits, decimals, percentages, fractions, years, decades, months,
ranges and magnitudes, understanding the Chinese forms (15亿, 十五亿, 百分之四十, 三分之二,
5至7年, 二〇三〇年, 20世纪80年代, 10月, 零点五) and the Traditional ones (萬, 億, 兩).

A reader turns a text into a multiset of canonical values ({"1948": 1, "45%": 1, "2/3": 1,
"decade 1980": 1, "1500000000": 1}). Two kinds of key are not plain values:

- "~12": a number written as words ("twelfth", "fifty", "two-thirds", 第十二, 五十, 零点五).
  Words are often not quantities (first of all, 一致, 两国 for "both countries"), so a word
  is never reported: it only accounts for a number of the other side that it equals.
- "range 5–7" and "date 4/2" (month/day): a range or a date as written. One is reported
  only when the other side has it the other way round (5–7 against 7至5; April 2 against
  2月4日); the values themselves are compared as numbers anyway.

Enumerators are structure, not numbers, and are dropped on both sides: (1), （一）, 一、, 1. at
the start of a text or after a colon; ㈠, ①, ⑴ and (a), (i) are never read. A year counts
once however often it is repeated (2023年7月16—19日……11月4—7日 against "16-19 July 2023 …
4-7 November 2023"). Digits glued to letters (G42, D50) or after a code's hyphen (COVID-19,
F-35) are codes, left to `qa.protected`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..diagnostics import some
from ..model import Unit
from . import Check, Context, Example, Finding
from .text import field_pairs, normalise

# -- shared ---------------------------------------------------------------------------------

MONTHS = {
    name: i
    for i, name in enumerate(
        (
            "january february march april may june july august september october november december"
        ).split(),
        1,
    )
}
MONTH_ABBREVIATIONS = {
    name: i for i, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)
} | {"sept": 9}
SCALE_EN = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
SCALE_ZH = {"万": 10**4, "亿": 10**8, "万亿": 10**12}
ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
# Traditional forms read as their Simplified equivalents by the zh-Hant reader.
TRADITIONAL = str.maketrans(
    "萬億兩點紀條個項國屆週層級類種號節歲輪", "万亿两点纪条个项国届周层级类种号节岁轮"
)


def _value(number: str, decimals: str | None, scale: int = 1) -> str:
    if not decimals and scale == 1:
        return str(int(number.replace(",", "")))  # the common case, without Decimal
    from decimal import Decimal

    value = Decimal(number.replace(",", "") + (decimals or "")) * scale
    return format(value.normalize(), "f")


def _count(found: dict[str, int], value: str) -> None:
    found[value] = found.get(value, 0) + 1


def _is_code(text: str, start: int) -> bool:
    """Whether the number at start follows a code's hyphen: COVID-19, SARS-CoV-2, F-35 (a
    word with two capitals, or of one or two capitals); mid-1990s and Post-2020 are not."""
    if start < 2 or text[start - 1] != "-" or not text[start - 2].isalpha():
        return False
    match = re.search(r"[A-Za-z]+$", text[max(0, start - 21) : start - 1])
    if match is None:
        return False
    word = match.group()
    capitals = sum(c.isupper() for c in word)
    return capitals >= 2 or (len(word) <= 2 and word.isupper())


def _is_enumerator(text: str, start: int, end: int) -> bool:
    """Whether the number from start to end numbers a list item: (1), （一）, 1、 or 一、
    anywhere (not 第1、); 1. or 1) at the start of the text or after a colon, a semicolon
    or 。"""
    if end - start > 2:
        return False
    before, after = text[start - 1 : start] if start else "", text[end : end + 1]
    if before in ("(", "（"):  # but alert(1), f(2) in a code sample are read as written
        glued = text[start - 2 : start - 1]
        return after in (")", "）") and not (glued.isascii() and glued.isalpha())
    if after not in (".", ")", "、", "．") or text[end + 1 : end + 2].isdigit():
        return False  # 10、11月, 1.5
    if after == "、":  # 包括1、贸易，2、投资; but 第1、第2条 are articles
        return before != "第"
    head = text[:start].rstrip(" ")
    return not head or head[-1] in ":;：；。"


class _Number:
    """One number as written: where, its digits, and what follows it."""

    __slots__ = ("start", "end", "n", "dec", "pct", "scale", "den", "key")

    def __init__(self, start, end, n, dec=None, pct=False, scale=1, den=None, key=None):
        self.start, self.end, self.n, self.dec = start, end, n, dec
        self.pct, self.scale, self.den, self.key = pct, scale, den, key

    def value(self) -> str:
        if self.key is not None:
            return self.key
        return _value(self.n, self.dec, self.scale) + ("%" if self.pct else "")


def _year_abbreviation(first: _Number, second: _Number, gap: str) -> bool:
    """2023-24 or 2023/24: the second year written with two digits."""
    if gap not in ("-", "–", "/") or first.key or second.key or first.dec or second.dec:
        return False
    if len(first.n) != 4 or len(second.n) != 2 or not 1000 <= int(first.n) <= 2199:
        return False
    century = int(first.n) // 100 * 100
    year = century + int(second.n)
    second.n = str(year if year > int(first.n) else year + 100)
    return True


def _day(number: _Number) -> bool:
    return (
        number.key is None
        and number.n.isdigit()
        and len(number.n) <= 2
        and not number.dec
        and not number.pct
        and number.scale == 1
        and number.den is None
        and 1 <= int(number.n) <= 31
    )


def _plain(number: _Number) -> float:
    return float(number.n.replace(",", "") + (number.dec or ""))


def _emit(numbers: list[_Number], text: str, separator: re.Pattern, found: dict[str, int]) -> None:
    """Counts the numbers, joining ranges: in a range the percentage or magnitude written
    after the second number belongs to the first too when it is the smaller (5-7%,
    15至20亿)."""
    for first, second in zip(numbers, numbers[1:]):
        if first.key or second.key or first.den or second.den:
            continue
        gap = text[first.end : second.start]
        if _year_abbreviation(first, second, gap.strip()):
            pass
        elif not separator.fullmatch(gap):
            continue
        elif gap.strip() == "and" and not re.search(
            r"\bbetween\s+\S*$", text[max(0, first.start - 12) : first.start]
        ):
            continue
        if _plain(first) < _plain(second):  # not "from 16.5% in 2000 to 14.2%"
            if second.pct and not first.pct and first.scale == 1:
                first.pct = True
            if second.scale != 1 and first.scale == 1 and not first.pct:
                first.scale = second.scale
        first.key, second.key = first.value(), second.value()
        _count(found, f"range {first.key}–{second.key}")
    for number in numbers:
        if number.den is not None:
            _fraction(number, found)
        else:
            _count(found, number.value())


def _fraction(number: _Number, found: dict[str, int]) -> None:
    """2/3 is a fraction; 2023/2024 two years; anything else, two numbers."""
    n, den = int(number.n.replace(",", "")), int(number.den)
    if not number.dec and not number.pct and 0 < n < den <= 100:
        _count(found, f"{n}/{den}")
    elif len(number.n) == 4 and 1000 <= n <= 2199 and len(number.den) == 2:  # 2023/24
        second = n // 100 * 100 + den
        _count(found, str(n))
        _count(found, str(second if second > n else second + 100))
    else:
        _count(found, _value(number.n, number.dec))
        _count(found, str(den))


# -- English --------------------------------------------------------------------------------

_EN = re.compile(
    r"(?<![A-Za-z0-9.,/])(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?P<dec>\.\d+)?"
    r"(?:/(?P<den>\d+)(?![\d/]))?(?P<s>s\b)?"
    r"(?:\s*(?P<pct>%|percent\b|per\s+cent\b))?"
    r"(?:\s+(?P<scale>thousand|million|billion|trillion)\b)?"
    r"|\b(?P<month>(?:J[au]|Feb|Ma[ry]|Apr|Aug|Sep|Oct|Nov|Dec)[a-z]*)\b"
)
# Whether a text can hold a number at all: most texts are skipped with one search.
_DIGIT = re.compile(r"\d")
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

_ONES = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
_ORDINALS = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split(),
        1,
    )
}
_ORDINALS.update(
    {
        w: 10 * i
        for i, w in enumerate(
            "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split(),
            2,
        )
    }
)
_ORDINALS.update({"hundredth": 100, "thousandth": 1000})
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4}
_DENOMINATORS.update(
    {
        w + s: _ORDINALS[w]
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
_ROMAN_AFTER = re.compile(
    r"\b(?:Article|Chapter|Part|Section|Annex|Title|Protocol|Principle|"
    r"Phase|Round|Volume|Schedule|Pillar)s?\s+([IVXL]+)\b"
)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def _english_hard(text: str) -> dict[str, int]:
    found: dict[str, int] = {}
    if not _DIGIT.search(text) and not _MONTH.search(text):
        return found
    text = normalise(text)
    numbers: list[_Number] = []
    for m in _EN.finditer(text):
        if m["month"]:
            name = m["month"].lower()
            if name not in MONTHS and name not in MONTH_ABBREVIATIONS:
                continue  # Japan, Market, Decision
            day_or_year = _DAY_OR_YEAR.match(text, m.end())
            month = MONTHS.get(name) or (day_or_year and MONTH_ABBREVIATIONS[name])
            if (
                not month
                or name == "may"
                and not (
                    day_or_year or _MAY_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
                )
            ):
                continue  # Sept. 2024 and Oct 7 are months, "may" the verb is not
            numbers.append(_Number(m.start(), m.end(), "", key=str(month)))
        elif (
            _is_code(text, m.start())
            or _is_enumerator(text, m.start(), m.end())
            or (m["n"] == "00" and text[m.start() - 1 : m.start()] == ":")
        ):
            continue  # G42, COVID-19, (1), the minutes of 3:00 p.m.
        elif m["s"] and len(m["n"]) == 4 and m["n"].endswith("0") and not m["dec"]:
            numbers.append(_Number(m.start(), m.end(), m["n"], key=f"decade {m['n']}"))
        else:
            numbers.append(
                _Number(
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
        if first.n == "" and _day(second) and gap == " ":
            _count(found, f"date {first.key}/{second.n}")
        elif second.n == "" and _day(first) and re.fullmatch(r"(?:st|nd|rd|th)? (?:of )?", gap):
            _count(found, f"date {second.key}/{first.n}")
    for first, second in zip(numbers, numbers[1:]):  # 1 in 3: a share, as words would say
        if (
            text[first.end : second.start] == " in "
            and not (first.key or second.key)
            and first.n.isdigit()
            and second.n.isdigit()
            and 0 < int(first.n) < int(second.n) <= 100
        ):
            first.key, second.key = f"~{first.n}/{second.n}", f"~{first.n}"
            _count(found, f"~{second.n}")
    _emit(numbers, text, _EN_RANGE, found)
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
            word in _ONES
            or word in _TENS
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
                elif w in _ONES and last in (None, "tens", "hundred", "scale", "and"):
                    current += _ONES[w]
                    last = "ones"
                elif w in _TENS and last in (None, "hundred", "scale", "and"):
                    current += _TENS[w]
                    last = "tens"
                elif w in _ORDINALS and last in ("tens", "hundred", "and"):
                    current += _ORDINALS[w]
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
                    and (words[j + 1][0] in _ONES or words[j + 1][0] in _TENS)
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
                and words[j + 1][0] in _ONES
            ):
                _fraction_words(found, 1, _ONES[words[j + 1][0]])
                j += 2
            elif last != "a":
                _count(found, f"~{value}")
            i = max(j, i + 1)
        elif word in _ORDINALS:
            _count(found, f"~{_ORDINALS[word]}")
            i += 1
        elif word in ("half", "halves"):
            _fraction_words(found, 1, 2)
            i += 1
        elif word in _OTHER_WORDS:
            _count(found, _OTHER_WORDS[word])
            i += 1
        else:
            i += 1
    if "I" in text or "V" in text or "X" in text:
        for m in _ROMAN_AFTER.finditer(text):
            roman = _roman(m[1])
            if roman:
                _count(found, f"~{roman}")
    return found


def _fraction_words(found: dict[str, int], numerator: int, denominator: int) -> None:
    """A fraction in words, also as the percentage it makes (half: 1/2 and 50%)."""
    _count(found, f"~{numerator}/{denominator}")
    if 100 * numerator % denominator == 0:
        _count(found, f"~{100 * numerator // denominator}%")


def english_numbers(text: str) -> dict[str, int]:
    """Each number of an English text, as a canonical value, with how often it occurs;
    numbers written as words as "~value"."""
    found = _english_hard(text)
    for value, n in _english_words(text).items():
        found[value] = found.get(value, 0) + n
    return found


# -- Chinese --------------------------------------------------------------------------------

_ZH_CHARS = "零〇一二两三四五六七八九十百千万亿"
_ZH_DIGIT_CHARS = "〇零一二三四五六七八九"


def _may_hold(text: str) -> bool:
    """Whether a Chinese text can hold a number read for certain: digits, 百分之/分之, a
    magnitude, a century, or a year in numerals (二〇三〇, 一九四八, 二零二三). Most texts
    stop here: searching for a few substrings costs less than one regular expression."""
    return (
        _DIGIT.search(text) is not None
        or "分之" in text
        or "万" in text
        or "亿" in text
        or "世纪" in text
        or "〇" in text
        or "一九" in text
        or "二零" in text
    )


_ZH_NUMERAL = rf"[{_ZH_CHARS}]+(?:点[{_ZH_DIGIT_CHARS}]+(?:万亿|亿|万)?)?"
_ZH_DECADE = re.compile(
    r"(\d{1,2}|[一二三四五六七八九十]+)世纪(\d{1,2}|[一二三四五六七八九十]+)"
    r"年代"
)
_ZH_DECADE_SHORT = re.compile(
    r"(?:上|本)?世纪(\d{2}|[一二三四五六七八九十]+)年代|"
    r"(?<![\d年])(\d0|[二三四五六七八九]十)年代"
)
_ZH_PERCENT = re.compile(rf"百分之({_ZH_NUMERAL}|\d+(?:\.\d+)?)")
_ZH_FRACTION = re.compile(rf"([一二两三四五六七八九十百千]+|\d+)分之({_ZH_NUMERAL}|\d+)")
_ZH = re.compile(
    r"(?<![A-Za-z0-9.,/])(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?P<dec>\.\d+)?"
    r"(?:/(?P<den>\d+)(?![\d/]))?(?:\s*(?P<pct>%))?"
    r"(?P<unit>[十百千](?=万|亿))?[多余]?(?P<scale>万亿|亿|万)?"
    r"(?P<decade>年代(?!表))?"
)
_ZH_RANGE = re.compile(r"[年月日号个]?\s*(?:至|到|～|~|—|–|-|－)+\s*")
_ZH_RUN = re.compile(rf"(?P<run>{_ZH_NUMERAL})(?:[多余](?P<scale>万亿|亿|万))?")
# A single numeral character is read only before one of these (五年, 三方; 第一 aside), 一
# only before 年, 月, 日: elsewhere it is part of a word (一致, 一项 "a", 十分, 两国 "both").
_MEASURE = set("年月日号个名项次条款章节位家国方种类点岁倍周天轮届期批层级人中线")
_ONE_BEFORE = set("年月日号条款章节期届轮线级")  # 一年, 第一 are numbers; 一项, 一个 "a"
_APPROXIMATE = set("数几")


def _zh_int(run: str) -> int | None:
    """The value of a positional Chinese numeral (十二, 一百零五, 三万五千, 十五亿, 两千),
    or None when it is not one (五六, 十四五, 万一)."""
    total = section = small = 0
    digit: int | None = None
    last_unit = 10**5
    zero = False
    for char in run:
        if char in ZH_DIGITS:
            if ZH_DIGITS[char] == 0:
                if digit is not None:
                    return None
                zero = True
                continue
            if digit is not None:
                return None
            digit = ZH_DIGITS[char]
        elif char in ZH_UNITS:
            unit = ZH_UNITS[char]
            if unit >= last_unit or (digit is None and small):
                return None
            small += (1 if digit is None else digit) * unit
            digit, last_unit, zero = None, unit, False
        elif char == "万":
            small += digit or 0
            if not small or section:
                return None
            section, small, digit, last_unit, zero = small * 10**4, 0, None, 10**4, False
        else:  # 亿
            small += digit or 0
            group = section + small
            if not group:
                return None
            total, section, small, digit, last_unit, zero = (
                (total + group) * 10**8,
                0,
                0,
                None,
                10**8,
                False,
            )
    if digit is not None:
        if not zero and last_unit in (100, 1000):  # 一百五 is 150; 一百零五 is 105
            digit *= last_unit // 10
        elif not zero and last_unit in (10**4, 10**8):  # 三万五 is 35000
            digit *= last_unit // 10
        small += digit
    return total + section + small


def _zh_number(run: str) -> str | None:
    """A numeral with its decimals (零点五, 一点五亿), as a canonical value."""
    whole, _, rest = run.partition("点")
    if not rest:
        value = _zh_int(whole)
        return None if value is None else str(value)
    decimals = rest.rstrip("万亿")
    scale = SCALE_ZH.get(rest[len(decimals) :], 1) if rest[len(decimals) :] else 1
    value = _zh_int(whole) if whole not in ("零", "〇") else 0
    if value is None or any(c not in ZH_DIGITS for c in decimals):
        return None
    return _value(str(value), "." + "".join(str(ZH_DIGITS[c]) for c in decimals), scale)


def _zh_value(text: str) -> str | None:
    """A numeral or a number in digits."""
    if text[0].isdigit():
        return _value(text.split(".")[0], "." + text.split(".")[1] if "." in text else None)
    return _zh_number(text)


def _zh_runs(text: str, found: dict[str, int], soft: dict[str, int] | None) -> None:
    """Chinese numerals: a year digit by digit (二〇三〇) and a magnitude (十五亿, 两千万)
    are certain; any other numeral is a word, read into soft only."""
    for m in _ZH_RUN.finditer(text):
        run, start = m["run"], m.start()
        before = text[start - 1] if start else ""
        after = text[m.end() : m.end() + 1]
        if before in _APPROXIMATE or after in _APPROXIMATE:  # 数十亿, 十几亿: not a number
            continue
        if len(run) <= 3 and _is_enumerator(text, start, m.end()):  # （一）, 一、
            continue
        if len(run) == 4 and all(c in _ZH_DIGIT_CHARS for c in run):
            year = "".join(str(ZH_DIGITS[c]) for c in run)
            if 1000 <= int(year) <= 2199:
                _count(found, year)
            continue
        scale = SCALE_ZH.get(m["scale"] or "", 1)
        value = _zh_number(run)
        magnitude = scale != 1 or ("万" in run or "亿" in run)
        if value is not None and magnitude and run[0] not in "百千万亿":
            _count(
                found,
                _value(value, None, scale)
                if "." not in value
                else _value(value.split(".")[0], "." + value.split(".")[1], scale),
            )
            continue
        if soft is None:
            continue
        if value is not None and scale != 1:
            value = _value(
                value.split(".")[0], "." + value.split(".")[1] if "." in value else None, scale
            )
        if after in "多余" and after:  # 十余个, 十多年
            after = text[m.end() + 1 : m.end() + 2]
        if (
            len(run) == 1
            and before != "第"
            and (run == "两" or after not in _MEASURE or (run == "一" and after not in _ONE_BEFORE))
        ):
            continue  # 两国 "both countries", 一项 "a", 一致, 十分
        if value is not None:
            _count(soft, value)
            continue
        while run:  # 五六年, 十四五: the longest numerals from the left
            for end in range(len(run), 0, -1):
                piece = _zh_number(run[:end])
                if piece is not None:
                    if end > 1 or run[0] != "两":
                        _count(soft, piece)
                    run = run[end:]
                    break
            else:
                run = run[1:]


def _decade(century: str, decade: str) -> str | None:
    """The decade of 二十世纪八十年代; None when a part is no one numeral (五六十年代,
    the fifties and sixties)."""
    c = int(century) if century.isdigit() else _zh_int(century)
    d = int(decade) if decade.isdigit() else _zh_int(decade)
    if c is None or d is None:
        return None
    return f"decade {(c - 1) * 100 + d}"


def _chinese(text: str, soft: dict[str, int] | None = None) -> dict[str, int]:
    """The numbers of a Chinese text that are certain; with soft, the numerals written as
    words are added to soft (without the "~")."""
    found: dict[str, int] = {}
    if soft is None and not _may_hold(text):
        return found
    text = normalise(text)  # full-width digits and ％ become ASCII
    if "世纪" in text or "年代" in text:
        for m in _ZH_DECADE.finditer(text):
            decade_value = _decade(m[1], m[2])
            if decade_value is not None:
                _count(found, decade_value)
        text = _ZH_DECADE.sub(" ", text)
        for m in _ZH_DECADE_SHORT.finditer(text):  # 上世纪80年代, 80年代: which century?
            decade = m[1] or m[2]
            d = int(decade) if decade.isdigit() else _zh_int(decade)
            if soft is not None and d is not None:
                _count(soft, f"decade {1900 + d}")
                if d <= 20:
                    _count(soft, f"decade {2000 + d}")
        text = _ZH_DECADE_SHORT.sub(" ", text)
    if "分之" in text:
        for m in _ZH_PERCENT.finditer(text):
            value = _zh_value(m[1])
            if value == "100" and not m[1][0].isdigit():  # 百分之百: "entirely" as often
                if soft is not None:
                    _count(soft, "100%")
            elif value is not None:
                _count(found, value + "%")
        text = _ZH_PERCENT.sub(" ", text)
        for m in _ZH_FRACTION.finditer(text):
            numerator, denominator = _zh_value(m[2]), _zh_value(m[1])
            if numerator and denominator and int(denominator) <= 100:
                _count(found, f"{numerator}/{denominator}")
            elif numerator and denominator and soft is not None:
                _count(soft, f"{numerator}/{denominator}")  # 千分之三: per mille
        text = _ZH_FRACTION.sub(" ", text)
    if soft is not None and ("一半" in text or "半数" in text):
        for _ in range(text.count("一半") + text.count("半数")):
            _count(soft, "1/2")
            _count(soft, "50%")
    numbers: list[_Number] = []
    if _DIGIT.search(text):
        for m in _ZH.finditer(text):
            if (
                _is_code(text, m.start())
                or _is_enumerator(text, m.start(), m.end())
                or (m["n"] == "00" and text[m.start() - 1 : m.start()] == ":")
            ):
                continue
            scale = SCALE_ZH.get(m["scale"] or "", 1) * ZH_UNITS.get(m["unit"] or "", 1)
            if m["decade"] and m["n"].endswith("0") and len(m["n"]) == 4 and not m["dec"]:
                numbers.append(_Number(m.start(), m.end(), m["n"], key=f"decade {m['n']}"))
            elif m["decade"]:
                continue  # 80年代: read above
            else:
                numbers.append(
                    _Number(m.start(), m.end(), m["n"], m["dec"], bool(m["pct"]), scale, m["den"])
                )
        for first, second in zip(numbers, numbers[1:]):  # 4月2日
            if (
                _day(first)
                and _day(second)
                and int(first.n) <= 12
                and text[first.end : second.start] == "月"
                and text[second.end : second.end + 1] in ("日", "号")
            ):
                _count(found, f"date {first.n}/{second.n}")
        _emit(numbers, text, _ZH_RANGE, found)
    if (
        soft is not None
        or "万" in text
        or "亿" in text
        or "〇" in text
        or "一九" in text
        or "二零" in text
    ):
        _zh_runs(text, found, soft)
    return found


def chinese_numbers(text: str) -> dict[str, int]:
    """Each number of a (Simplified) Chinese text, as a canonical value, with how often it
    occurs; numerals written as words (第十二, 五十) as "~value"."""
    soft: dict[str, int] = {}
    found = _chinese(text, soft)
    for value, n in soft.items():
        found["~" + value] = found.get("~" + value, 0) + n
    return found


def traditional_chinese_numbers(text: str) -> dict[str, int]:
    """chinese_numbers for Traditional Chinese: 萬, 億, 兩, 點, 世紀 and the measure words."""
    return chinese_numbers(text.translate(TRADITIONAL))


# -- readers --------------------------------------------------------------------------------


class Reader:
    """A number reader: called with a text, every number (words as "~value"); .certain(text)
    only the numbers that may be reported, which is all most texts need."""

    def __init__(
        self, read: Callable[[str], dict[str, int]], certain: Callable[[str], dict[str, int]]
    ):
        self.read, self.certain = read, certain

    def __call__(self, text: str) -> dict[str, int]:
        return self.read(text)


READERS: dict[str, Callable[[str], dict[str, int]]] = {
    "english": Reader(english_numbers, _english_hard),
    "chinese-simplified": Reader(chinese_numbers, _chinese),
    "chinese-traditional": Reader(
        traditional_chinese_numbers, lambda text: _chinese(text.translate(TRADITIONAL))
    ),
}
DEFAULT_READERS = ("english", "chinese-simplified")


def _is_year(value: str) -> bool:
    return len(value) == 4 and value.isdigit() and 1000 <= int(value) <= 2199


def unmatched(a: dict[str, int], b: dict[str, int]) -> list[str]:
    """The values of a that b does not account for, each as often as it is unmatched,
    sorted. A year b has at all is matched however often a repeats it; a word in b ("~7")
    accounts for one value; a range of a is unmatched only when b has it reversed."""
    left: list[str] = []
    for value, n in a.items():
        if value[0] == "~":
            continue
        if value.startswith("range ") or value.startswith("date "):
            kind, _, ends = value.partition(" ")
            first, second = ends.split("–" if kind == "range" else "/")
            reversed_ = f"{kind} {second}{'–' if kind == 'range' else '/'}{first}"
            if value not in b and reversed_ in b:
                left += [value] * n
            continue
        n -= b.get(value, 0)
        if n > 0 and _is_year(value) and b.get(value):
            continue
        n -= b.get("~" + value, 0)
        left += [value] * max(n, 0)
    return sorted(left)


def _shown(value: str) -> str:
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


def check_numbers(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    source_name, target_name = getattr(ctx, "number_readers", None) or DEFAULT_READERS
    read_source, read_target = READERS[source_name], READERS[target_name]
    certain_source = getattr(read_source, "certain", read_source)
    certain_target = getattr(read_target, "certain", read_target)
    for field, other in field_pairs(en, zh):
        english, english_foreign = _digits(field.plain)
        chinese, chinese_foreign = _digits(other.plain)
        for side, runs in (("English", english_foreign), ("Chinese", chinese_foreign)):
            if runs:
                yield Finding(
                    "qa.numbers",
                    f"the {side} writes {some(runs)} in {_script_of(runs[0])} digits, which are "
                    "not read as numbers; write the number in the digits 0-9",
                    field.name,
                )
        source, target = certain_source(english), certain_target(chinese)
        if source == target:
            continue
        missing, extra = unmatched(source, target), unmatched(target, source)
        if missing:  # numbers written as words may account for them
            missing = unmatched(source, read_target(chinese))
        if extra:
            extra = unmatched(target, read_source(english))
        if missing:
            yield Finding(
                "qa.numbers",
                f"the Chinese lacks {some(list(map(_shown, missing)))} from the English",
                field.name,
            )
        if extra:
            yield Finding(
                "qa.numbers",
                f"the Chinese has {some(list(map(_shown, extra)))} that the English does not",
                field.name,
            )


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
