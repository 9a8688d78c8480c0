"""What the readers of every script share: month names, scales, the digits of Chinese
numerals, the canonical values, and the numbers of a text that are not quantities
(enumerators, codes)."""

from __future__ import annotations

import re
from collections.abc import Callable

# -- shared ---------------------------------------------------------------------------------

# Full-width forms U+FF01-FF5E are ASCII shifted by 0xFEE0. Only a text holding full-width
# digits, ％ or ～ is translated: Chinese commas and brackets alone do not make a number.
_NARROW = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_NUMERIC_WIDE = re.compile("[\uff05\uff10-\uff19\uff5e]")


def normalise(text: str) -> str:
    """Whitespace (the ideographic space too) collapsed; in a text with full-width digits,
    ％ or ～, full-width forms made ASCII as NFKC would (１，５００ is 1,500). Chinese
    punctuation elsewhere is left as it is."""
    if _NUMERIC_WIDE.search(text):
        text = text.translate(_NARROW)
    return " ".join(text.split())


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
# English number words, cardinal and ordinal
EN_ONES = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
EN_TENS = {
    w: 10 * i
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)
}
EN_ORDINALS = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split(),
        1,
    )
}
EN_ORDINALS.update(
    {
        w: 10 * i
        for i, w in enumerate(
            "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split(),
            2,
        )
    }
)
EN_ORDINALS.update({"hundredth": 100, "thousandth": 1000})
# Traditional forms read as their Simplified equivalents by the zh-Hant reader.
TRADITIONAL = str.maketrans(
    "萬億兩點紀條個項國屆週層級類種號節歲輪雙邊數禮",
    "万亿两点纪条个项国届周层级类种号节岁轮双边数礼",
)


# The most characters of a numeral read as one: 九千九百九十九万九千九百九十九亿九千九百九十九万
# 九千九百九十九 has 31. A longer run (一亿 a thousand times) is no number a text writes, and its
# value would have more figures than Python converts to a string.
ZH_NUMERAL_MAX = 32


def zh_int(run: str) -> int | None:
    """The value of a positional Chinese numeral (十二, 一百零五, 三万五千, 十五亿, 两千),
    or None when it is not one (五六, 十四五, 万一) or longer than ZH_NUMERAL_MAX."""
    if len(run) > ZH_NUMERAL_MAX:
        return None
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


# The most figures of a number read as a Python int: a run of figures longer than any number
# a text compares (a code, a pasted serial) is kept as written; Python refuses to convert
# more than 4,300 figures to an int or back (sys.get_int_max_str_digits) and raises.
WHOLE_MAX = 30


def whole(figures: str) -> int | None:
    """The whole number that figures write (commas aside), or None when it has more than
    WHOLE_MAX of them (no article, day, year or fraction that a reader compares) or is no
    whole number (0.5)."""
    figures = figures.replace(",", "")
    return int(figures) if figures.isdecimal() and len(figures) <= WHOLE_MAX else None


def canonical_value(number: str, decimals: str | None, scale: int = 1) -> str:
    from decimal import Decimal

    if not decimals and scale == 1:
        figures = whole(number)
        if figures is not None:
            return str(figures)  # the common case, without Decimal
        # a long run of figures: as written, without leading zeros
        return format(Decimal(number.replace(",", "")), "f")
    value = Decimal(number.replace(",", "") + (decimals or "")) * scale
    return format(value.normalize(), "f")


def add_value(found: dict[str, int], value: str) -> None:
    found[value] = found.get(value, 0) + 1


def is_code(text: str, start: int) -> bool:
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


def is_enumerator(text: str, start: int, end: int) -> bool:
    """Whether the number from start to end numbers a list item: (1), （一）, 1、 or 一、
    anywhere (not 第1、); 1. or 1) at the start of the text or after a colon, a semicolon
    or 。"""
    if end - start > 2:
        return False
    before, after = text[start - 1 : start] if start else "", text[end : end + 1]
    if before in ("(", "（"):  # but alert(1), f(2) in a code sample, and the paragraph
        # of Article 7(2), are read as written
        glued = text[start - 2 : start - 1]
        return after in (")", "）") and not (glued.isascii() and glued.isalnum())
    if after not in (".", ")", "、", "．") or text[end + 1 : end + 2].isdigit():
        return False  # 10、11月, 1.5
    if after == "、":  # 包括1、贸易，2、投资; but 第1、第2条 are articles
        return before != "第"
    head = text[:start].rstrip(" ")
    return not head or head[-1] in ":;：；。"


class Number:
    """One number as written: where, its digits, and what follows it."""

    __slots__ = ("start", "end", "n", "dec", "pct", "scale", "den", "key")

    def __init__(self, start, end, n, dec=None, pct=False, scale=1, den=None, key=None):
        self.start, self.end, self.n, self.dec = start, end, n, dec
        self.pct, self.scale, self.den, self.key = pct, scale, den, key

    def value(self) -> str:
        if self.key is not None:
            return self.key
        return canonical_value(self.n, self.dec, self.scale) + ("%" if self.pct else "")


def _year_abbreviation(first: Number, second: Number, gap: str) -> bool:
    """2023-24 or 2023/24: the second year written with two digits."""
    if gap not in ("-", "–", "/") or first.key or second.key or first.dec or second.dec:
        return False
    if len(first.n) != 4 or len(second.n) != 2 or not 1000 <= int(first.n) <= 2199:
        return False
    century = int(first.n) // 100 * 100
    year = century + int(second.n)
    second.n = str(year if year > int(first.n) else year + 100)
    return True


def is_day(number: Number) -> bool:
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


def _plain(number: Number) -> float:
    return float(number.n.replace(",", "") + (number.dec or ""))


def emit(
    numbers: list[Number],
    text: str,
    separator: re.Pattern,
    found: dict[str, int],
    ordered: Callable[[str, Number, Number], bool] | None = None,
) -> None:
    """Counts the numbers, joining ranges: two numbers with only the separator between them,
    or that ordered(text, first, second) says the text puts in an order (从45%提高到50%);
    in a range the percentage or magnitude written after the second number belongs to the
    first too when it is the smaller (5-7%, 15至20亿)."""
    for first, second in zip(numbers, numbers[1:]):
        if first.key or second.key or first.den or second.den:
            continue
        gap = text[first.end : second.start]
        if _year_abbreviation(first, second, gap.strip()):
            pass
        elif not separator.fullmatch(gap) and not (ordered and ordered(text, first, second)):
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
        add_value(found, f"range {first.key}–{second.key}")
    for number in numbers:
        if number.den is not None:
            _fraction(number, found)
        else:
            add_value(found, number.value())


def _fraction(number: Number, found: dict[str, int]) -> None:
    """2/3 is a fraction; 2023/2024 two years; anything else, two numbers."""
    n, den = whole(number.n), whole(number.den)
    if n is None or den is None:  # two long runs of figures
        add_value(found, canonical_value(number.n, number.dec))
        add_value(found, canonical_value(number.den, None))
    elif not number.dec and not number.pct and 0 < n < den <= 100:
        add_value(found, f"{n}/{den}")
    elif len(number.n) == 4 and 1000 <= n <= 2199 and len(number.den) == 2:  # 2023/24
        second = n // 100 * 100 + den
        add_value(found, str(n))
        add_value(found, str(second if second > n else second + 100))
    else:
        add_value(found, canonical_value(number.n, number.dec))
        add_value(found, str(den))


# -- references -----------------------------------------------------------------------------

# The article (and its paragraph) and the annex a text refers to, as keys: "article 7",
# "article 7(2)", "annex 1". They are compared only between two texts that both refer to
# some: "the twelfth article" and 第十二条 are no reference of the English.
REFERENCE_KINDS = ("article ", "annex ")


def add_reference(found: dict[str, int], kind: str, number: int | None, paragraph=None) -> None:
    if number is None or number <= 0:
        return
    add_value(found, f"{kind} {number}")
    if paragraph is not None and paragraph > 0:
        add_value(found, f"{kind} {number}({paragraph})")


class LazyPattern:
    """A regular expression compiled when first used (a module of many large patterns
    costs a check's start-up milliseconds for texts that never need them)."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self.flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def finditer(self, text: str, *args: int):
        return self.compiled().finditer(text, *args)

    def sub(self, repl, text: str) -> str:
        return self.compiled().sub(repl, text)
