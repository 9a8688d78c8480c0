"""Numbers that official texts write in words: how often (annually, every two years, twice a
year; 每年, 每两年, 每年两次), how many times (twice, three times; 两次, 三次), which one of a
series (the Second Meeting, the third quarter, the first half; 第二次会议, 第三季度, 上半年),
which century (the twenty-first century; 二十一世纪), how many sides (the two sides, both
countries, trilateral; 双方, 两国, 三方), and fractions (one third of, two-thirds; 三分之一).

Each is read where the words are certain, as a key of its kind:

- "every 6 months": a rate, a number of times in a period (twice a year, 每年两次, 两年一次),
  as the time between two of them; "each 12 months": a period named, how many times in it
  unsaid (every year, annually, each quarter, 每年, 每两年, 每季度). A rate accounts for its
  period named (twice a year for 每年), and a period named for the rate of once in it
  (annually for 每年一次).
- "times 2": a number of times (twice, three times, only once; 两次, 两度, 3次).
- "ordinal 2": one of a series (the Second Meeting, the third quarter, the first half, Q3;
  第二次, 首届, 第三季度, 三季度, 上半年).
- "century 21"; "parties 2" (the two sides, both countries, bilateral; 双方, 两国, 双边).

These words also say other things (first of all, once it enters into force, a second
opinion, 一次能源, 第三方, 两国 in 中美两国), and a translation may leave them out or say them
another way (annual report as 年度报告): the number check compares them only where both
texts state one of the kind and differ (checks/numbers.py, changed_only), and a value of
these kinds said again counts once. Fractions read here (one third of, two-thirds) are
plain values, compared as any fraction is.
"""

from __future__ import annotations

from math import gcd

from .common import EN_ONES, EN_ORDINALS, EN_TENS, LazyPattern, add_value, zh_int

# -- keys -----------------------------------------------------------------------------------

# A period in months (years, quarters, months) or days (weeks, days): two families that no
# text converts between.
_MONTHS = {"year": 12, "half-year": 6, "quarter": 3, "month": 1}
_DAYS = {"week": 7, "fortnight": 14, "day": 1}


def _period(length: int, unit: str) -> tuple[int, str] | None:
    if unit in _MONTHS:
        return length * _MONTHS[unit], "months"
    if unit in _DAYS:
        return length * _DAYS[unit], "days"
    return None


def _ratio(numerator: int, denominator: int) -> str:
    """numerator/denominator in lowest terms, as a key writes it: 6, 12/5."""
    common = gcd(numerator, denominator)
    numerator, denominator = numerator // common, denominator // common
    return str(numerator) if denominator == 1 else f"{numerator}/{denominator}"


def add_rate(
    found: dict[str, int], soft: dict[str, int] | None, length: int, unit: str, times: int
) -> None:
    """A rate: times in length units ("every" the time between two), which also accounts
    for its period named."""
    period = _period(length, unit)
    if period is None or times <= 0 or period[0] <= 0:
        return
    add_value(found, f"every {_ratio(period[0], times)} {period[1]}")
    if soft is not None:
        add_value(soft, f"each {period[0]} {period[1]}")


def add_each(found: dict[str, int], soft: dict[str, int] | None, length: int, unit: str) -> None:
    """A period named (every year, 每两年), which also accounts for once in it."""
    period = _period(length, unit)
    if period is None or period[0] <= 0:
        return
    add_value(found, f"each {period[0]} {period[1]}")
    if soft is not None:
        add_value(soft, f"every {period[0]} {period[1]}")


# The kinds of key read here; "every" and "each" are one kind, how often
KINDS = {"every": "frequency", "each": "frequency", "times": "times", "ordinal": "ordinal"}
KINDS |= {"century": "century", "parties": "parties"}


def kind_of(value: str) -> str | None:
    """The kind of a key read here (frequency, times, ordinal, century, parties), or None
    for a value of another reader."""
    return KINDS.get(value.partition(" ")[0])


def shown(value: str) -> str | None:
    """A key of this module as a message names it (twice a year, every 2 years, the 3rd,
    the 21st century, 2 parties), or None for a key of another kind."""
    kind, _, rest = value.partition(" ")
    if kind in ("every", "each"):
        amount, unit = rest.split(" ")
        numerator, _, denominator = amount.partition("/")
        between = (int(numerator), int(denominator or 1))
        return _shown_rate(*between, unit) if kind == "every" else _shown_each(between[0], unit)
    if kind == "times":
        return _times(int(rest))
    if kind == "ordinal":
        return f"the {_ordinal(rest)}"
    if kind == "century":
        return f"the {_ordinal(rest)} century"
    if kind == "parties":
        return f"{rest} parties"
    return None


def _ordinal(number: str) -> str:
    n = int(number)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _shown_rate(numerator: int, denominator: int, unit: str) -> str:
    """A rate of once every numerator/denominator units: twice a year, once every 2 years."""
    if unit == "months":
        if denominator % numerator == 0:
            return f"{_times(denominator // numerator)} a month"
        if 12 * denominator % numerator == 0:
            return f"{_times(12 * denominator // numerator)} a year"
        if denominator == 1 and numerator % 12 == 0:
            return f"once every {numerator // 12} years"
        return f"once every {_ratio(numerator, denominator)} months"
    if denominator % numerator == 0:
        return f"{_times(denominator // numerator)} a day"
    if 7 * denominator % numerator == 0:
        return f"{_times(7 * denominator // numerator)} a week"
    if denominator == 1 and numerator % 7 == 0:
        return f"once every {numerator // 7} weeks"
    return f"once every {_ratio(numerator, denominator)} days"


def _shown_each(period: int, unit: str) -> str:
    names = {(12, "months"): "every year", (3, "months"): "every quarter"}
    names |= {(1, "months"): "every month", (7, "days"): "every week"}
    names |= {(1, "days"): "every day", (6, "months"): "every 6 months"}
    if (period, unit) in names:
        return names[period, unit]
    if unit == "months" and period % 12 == 0:
        return f"every {period // 12} years"
    if unit == "days" and period % 7 == 0:
        return f"every {period // 7} weeks"
    return f"every {period} {unit}"


# -- English --------------------------------------------------------------------------------

_EN_TENS_WORDS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_EN_DIGIT_WORDS = "one|two|three|four|five|six|seven|eight|nine"
# A number as a word or in figures (two, twenty-five, 12), its value found by _english_value:
# a word of no number (every single year, many times) is none
_EN_NUMBER = r"[a-z]+(?:-[a-z]+)?|(?<![\d.,])\d{1,3}(?![\d.,]\d)"
_EN_ORDINAL_WORDS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    "thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth|hundredth"
)
_EN_ORDINAL = (
    rf"(?:(?:{_EN_TENS_WORDS})[\s-]?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|"
    rf"ninth)|{_EN_ORDINAL_WORDS})"
)
_EN_UNITS = r"year|month|quarter|week|fortnight|day"
_EN_COUNT = rf"(?P<c>once|twice|thrice|(?P<cn>{_EN_NUMBER})\s+times)"
# every, each and per, with how many units (every two years, every other year)
_EN_EVERY = rf"(?:every|each|per)\s+(?:(?P<pn>{_EN_NUMBER})\s+)?(?P<u>{_EN_UNITS})s?"
_EN_ADVERBS = {
    "annual": 12,
    "annually": 12,
    "yearly": 12,
    "biennial": 24,
    "biennially": 24,
    "triennial": 36,
    "triennially": 36,
    "quadrennial": 48,
    "quadrennially": 48,
    "quinquennial": 60,
    "quinquennially": 60,
    "decennial": 120,
    "decennially": 120,
    "semi-annual": 6,
    "semi-annually": 6,
    "semiannual": 6,
    "semiannually": 6,
    "half-yearly": 6,
    "quarterly": 3,
    "monthly": 1,
}
_EN_DAY_ADVERBS = {"weekly": 7, "daily": 1, "fortnightly": 14}
# Words of two readings: biannual is twice a year or every two years
_EN_AMBIGUOUS = {"biannual": (6, 24), "biannually": (6, 24)}
_EN_ADVERB = "|".join(
    sorted(list(_EN_ADVERBS) + list(_EN_DAY_ADVERBS) + list(_EN_AMBIGUOUS), key=len, reverse=True)
)
_EN_FREQUENCY = LazyPattern(
    rf"\b(?:{_EN_COUNT}[\s-]+(?:(?:a|per|each|every)\s+(?:(?P<cpn>{_EN_NUMBER})\s+)?"
    rf"(?P<cu>{_EN_UNITS})s?|(?P<cadv>annually|yearly|monthly|weekly|daily|quarterly))"
    rf"|{_EN_EVERY}|per\s+(?P<annum>annum)|(?P<adv>{_EN_ADVERB}))\b"
)
# A number of times, but not a ratio (twice as many, three times the size, 1.5 times)
_EN_TIMES = LazyPattern(
    rf"\b(?:(?P<w>twice|thrice)|(?P<n>{_EN_NUMBER})\s+times|(?:at\s+least|only|more\s+than|"
    r"exactly|just|not\s+even)\s+(?P<once>once))\b"
    r"(?![\s-]+(?:as|the|that|this|those|these|its|their|his|her|our|what|more|less|larger|"
    r"greater|higher|bigger|faster|smaller|lower|over|above|below|per|a|an|each|every|"
    r"annually|yearly|monthly|weekly|daily|quarterly)\b)(?!-)"
)
_EN_SERIES = (
    r"meetings?|sessions?|rounds?|conferences?|summits?|congress(?:es)?|plenums?|plenary|"
    r"forums?|dialogues?|assembl(?:y|ies)|editions?|phases?|stages?|quarters?|half|halves|"
    r"years?|terms?|cycles?|batch(?:es)?|tranches?|instal(?:l)?ments?|reports?|reviews?|"
    r"generations?|waves?|time|world\s+war"
)
_EN_QUALIFIERS = (
    r"ordinary|regular|special|extraordinary|plenary|ministerial|high-level|annual|biennial|"
    r"joint|formal|informal|consultative|technical|working|full|review|consecutive|straight"
)
_EN_ORDINALS = LazyPattern(
    rf"\b(?:(?P<o>{_EN_ORDINAL})|(?P<d>\d{{1,3}})(?:st|nd|rd|th))[\s-]+"
    rf"(?:(?:{_EN_QUALIFIERS})[\s-]+)?(?:(?P<century>century)|{_EN_SERIES})\b"
    r"|\bworld\s+war\s+(?P<war>ii?)\b"
)
# Q3, in either language's text
QUARTER = LazyPattern(r"(?<![A-Za-z0-9-])Q(?P<qn>[1-4])(?![A-Za-z0-9-])")
_EN_PARTIES = LazyPattern(
    r"\b(?:(?P<both>both)|(?:the|all)\s+(?P<n>two|three|four|five|six|seven|eight|nine|ten))"
    r"\s+(?:sides|parties|countries|nations|governments|economies|states|leaders|presidents)\b"
    r"|\b(?P<lat>bilateral|trilateral|tripartite|quadrilateral|quadripartite)(?:ly)?\b"
)
_LATERAL = {"bilateral": 2, "trilateral": 3, "tripartite": 3, "quadrilateral": 4}
_LATERAL["quadripartite"] = 4
_EN_DENOMINATORS = "half|third|quarter|fifth|sixth|seventh|eighth|ninth|tenth"
# one third of, a quarter of, two-thirds, half of: certain fractions, but not of a unit (a
# quarter of a million, half of a percentage point) or of a period (a third of the year,
# three quarters of 2024): a quantity or a time that a translation often converts
_OF_A_UNIT = r"(?!\s+(?:(?:the|this|last|next)\s+(?:century|year|decade)\b|\d{4}\b|an?\s|one\s))"
_EN_FRACTIONS = LazyPattern(
    rf"\b(?:(?P<n>{_EN_DIGIT_WORDS}|a)[\s-]+(?P<d>{_EN_DENOMINATORS})s?\s+of\b{_OF_A_UNIT}"
    rf"|(?P<hn>{_EN_DIGIT_WORDS})-(?P<hd>{_EN_DENOMINATORS})s?\b"
    rf"|(?P<half>half)\s+of\b{_OF_A_UNIT})"
)
_EN_DENOMINATOR_VALUES = {"half": 2, "quarter": 4} | {
    w: EN_ORDINALS[w] for w in "third fifth sixth seventh eighth ninth tenth".split()
}
# the first half of a year, the last three quarters: periods, not fractions
_BEFORE_PERIOD = LazyPattern(
    rf"\b(?:{_EN_ORDINAL}|latter|former|last|past|next|coming|previous|final|initial|"
    r"consecutive|following)[\s-]+$"
)
# The words without one of which a kind's patterns find nothing: most texts hold none, and
# are left with one search for them all
_EN_GATES = {
    "frequency": "year month quarter week fortnight day annu ennial",
    "times": "twice thrice times once",
    "ordinal": "first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
    "twelfth teenth tieth hundredth world",
    "sides": "both lateral partite sides parties countries nations governments economies "
    "states leaders presidents",
    "share": "half third quarter fifth sixth seventh eighth ninth tenth",
}
_EN_GATE_KINDS: dict[str, set[str]] = {}
for _kind, _words in _EN_GATES.items():
    for _word in _words.split():
        _EN_GATE_KINDS.setdefault(_word, set()).add(_kind)
_EN_GATE = LazyPattern("|".join(sorted(_EN_GATE_KINDS, key=len, reverse=True)))
_DIGIT_ORDINAL = LazyPattern(r"\d(?:st|nd|rd|th)\b")
# "a year" after an amount (100 billion dollars a year, 15% a year): a rate, as words alone
# say it (每年), but "a year later" is none
_EN_A_PERIOD = LazyPattern(
    r"\b(?:a|per)\s+(?P<u>year|month|week|day)\b"
    r"(?!\s+(?:ago|later|earlier|after|before|from|on|of|and|or|to|in|since|old)\b)"
)


def _english_value(word: str) -> int | None:
    """The number a word or figures write (two, twenty-five, 12; other and second, as in
    every other year, 2), or None."""
    if word.isdigit():
        return int(word)
    if word == "other":
        return 2
    total = 0
    for part in word.replace(" ", "-").split("-"):
        if part in EN_ONES:
            total += EN_ONES[part]
        elif part in EN_TENS:
            total += EN_TENS[part]
        elif part in EN_ORDINALS:
            total += EN_ORDINALS[part]
        elif part:
            return None
    return total or None


def _ordinal_value(word: str) -> int | None:
    """first 1, twenty-first 21, twenty first 21."""
    parts = word.lower().replace("-", " ").split()
    if len(parts) == 1:
        return EN_ORDINALS.get(parts[0])
    tens, ordinal = parts[0], parts[-1]
    if len(parts) == 2 and tens in EN_TENS and ordinal in EN_ORDINALS:
        return EN_TENS[tens] + EN_ORDINALS[ordinal]
    glued = word.lower()
    for t, v in EN_TENS.items():  # twentyfirst
        if glued.startswith(t) and glued[len(t) :] in EN_ORDINALS:
            return v + EN_ORDINALS[glued[len(t) :]]
    return None


def read_english(text: str, found: dict[str, int], soft: dict[str, int] | None) -> None:
    """The frequencies, numbers of times, ordinals of a series, centuries, sides and fractions
    an English text writes in words, into found; with soft, what they may also say."""
    if "Q" in text:
        for m in QUARTER.finditer(text):
            add_value(found, f"ordinal {m['qn']}")
    lower = text.lower()
    kinds = {kind for m in _EN_GATE.finditer(lower) for kind in _EN_GATE_KINDS[m[0]]}
    if soft is not None and _DIGIT_ORDINAL.compiled().search(lower):
        kinds.add("ordinal")  # 21st century, 3rd session: the figures are read as numbers
    if not kinds:
        return
    taken: list[tuple[int, int]] = []
    if "frequency" in kinds:
        _english_frequencies(lower, found, soft, taken)
    if "times" in kinds:
        _english_times(lower, found, taken)
    if "ordinal" in kinds:
        _english_ordinals(lower, found, soft)
    if "sides" in kinds:
        for m in _EN_PARTIES.finditer(lower):
            sides = _LATERAL[m["lat"]] if m["lat"] else 2 if m["both"] else EN_ONES[m["n"]]
            add_value(found, f"parties {sides}")
    if "share" in kinds:
        _english_fractions(lower, found)


def _english_times(text: str, found: dict[str, int], taken: list[tuple[int, int]]) -> None:
    for m in _EN_TIMES.finditer(text):
        if any(start < m.end() and m.start() < end for start, end in taken):
            continue  # twice a year
        if m["w"]:
            count: int | None = 2 if m["w"] == "twice" else 3
        else:
            count = 1 if m["once"] else _english_value(m["n"])
        if count:
            add_value(found, f"times {count}")


def _english_ordinals(text: str, found: dict[str, int], soft: dict[str, int] | None) -> None:
    for m in _EN_ORDINALS.finditer(text):
        if m["war"]:
            add_value(found, f"ordinal {len(m['war'])}")
            continue
        value = _ordinal_value(m["o"]) if m["o"] else int(m["d"])
        if value is None:
            continue
        kind = "century" if m["century"] else "ordinal"
        if m["o"]:
            add_value(found, f"{kind} {value}")
        elif soft is not None:  # 21st, 3rd: the figures are read as numbers
            add_value(soft, f"{kind} {value}")


def _english_frequencies(
    text: str, found: dict[str, int], soft: dict[str, int] | None, taken: list[tuple[int, int]]
) -> None:
    for m in _EN_FREQUENCY.finditer(text):
        adverb = m["cadv"] or m["adv"] or ""
        if adverb in _EN_AMBIGUOUS:  # biannual: twice a year, or every two years
            for months in _EN_AMBIGUOUS[adverb]:
                if soft is not None:
                    add_each(soft, soft, months, "month")
            continue
        if adverb:
            length, unit = (
                (_EN_ADVERBS[adverb], "month")
                if adverb in _EN_ADVERBS
                else (_EN_DAY_ADVERBS[adverb], "day")
            )
        elif m["annum"]:
            length, unit = 1, "year"
        else:
            written = m["cpn"] if m["c"] else m["pn"]
            length_or_none = _english_value(written) if written else 1
            if length_or_none is None:
                continue
            length, unit = length_or_none, m["cu"] or m["u"]
        if not m["c"]:
            add_each(found, soft, length, unit)
            continue
        taken.append(m.span())
        count = {"once": 1, "twice": 2, "thrice": 3}.get(m["c"])
        if count is None:
            count = _english_value(m["cn"]) or 0
        add_rate(found, soft, length, unit, count)
    if soft is not None:
        for m in _EN_A_PERIOD.finditer(text):
            if any(start < m.end() and m.start() < end for start, end in taken):
                continue  # twice a year
            before = text[max(0, m.start() - 40) : m.start()]
            if any(c.isdigit() for c in before) or "%" in before:
                add_each(soft, soft, 1, m["u"])


def _english_fractions(text: str, found: dict[str, int]) -> None:
    for m in _EN_FRACTIONS.finditer(text):
        if _BEFORE_PERIOD.compiled().search(text, max(0, m.start() - 24), m.start()):
            continue  # the first half of 2025, the first three quarters of the year
        if m["half"]:
            numerator, denominator = 1, 2
        else:
            n, d = (m["n"], m["d"]) if m["n"] else (m["hn"], m["hd"])
            numerator = 1 if n == "a" else EN_ONES[n]
            denominator = _EN_DENOMINATOR_VALUES[d]
        if 0 < numerator < denominator:
            add_value(found, f"{numerator}/{denominator}")


# -- Chinese --------------------------------------------------------------------------------

_ZH_NUMERALS = "一二两三四五六七八九十"
_ZH_RUN_BEFORE = rf"(?<![{_ZH_NUMERALS}百千万亿零〇\d])"
_ZH_NUMBER = rf"[{_ZH_NUMERALS}]{{1,3}}|\d{{1,3}}"
_ZH_PERIODS = {
    "半年": (6, "month"),
    "年度": (1, "year"),
    "年": (1, "year"),
    "季度": (1, "quarter"),
    "季": (1, "quarter"),
    "个月": (1, "month"),
    "月": (1, "month"),
    "周": (1, "week"),
    "星期": (1, "week"),
    "礼拜": (1, "week"),
    "天": (1, "day"),
    "日": (1, "day"),
}
_ZH_PERIOD = "|".join(sorted(_ZH_PERIODS, key=len, reverse=True))
# 一次性 (one-off), 一次能源 (primary energy), 三次分配, 三次产业, 二次开发: no number of times
_ZH_NOT_TIMES = r"(?!性|能源|方|元|函数|分配|产业|污染|开发|创业|序|要|贷|又|次)"
# 每年, 每两年, 每个月, 每半年, with the number of times in the same clause: 每年举行两次
_ZH_EVERY = LazyPattern(
    rf"每\s*(?P<skip>隔\s*)?(?P<n>{_ZH_NUMBER})?\s*(?:个\s*)?(?P<u>{_ZH_PERIOD})"
    rf"(?:(?P<gap>[^\d\s，。；：、,;:！？（）()第{_ZH_NUMERALS}]{{0,6}}?)"
    rf"(?P<c>{_ZH_NUMBER})\s*(?:次{_ZH_NOT_TIMES}|度(?!电|以|左)))?"
)
# 一年两次, 两年一次, 五年一度: times in a period without 每
_ZH_RATE = LazyPattern(
    rf"{_ZH_RUN_BEFORE}(?<![第每])(?P<n>{_ZH_NUMBER})\s*(?P<u>年|个月|季度|周|星期|天)"
    rf"\s*(?P<c>[{_ZH_NUMERALS}]{{1,2}}|\d{{1,2}})\s*(?:次{_ZH_NOT_TIMES}|度(?!电|以|左))"
)
_ZH_RATE_UNITS = {"年": "year", "个月": "month", "季度": "quarter", "周": "week"}
_ZH_RATE_UNITS |= {"星期": "week", "天": "day"}
_ZH_TIMES = LazyPattern(
    rf"{_ZH_RUN_BEFORE}(?<![第每再又这那上下同某哪首前后头])(?P<n>{_ZH_NUMBER})\s*次"
    rf"{_ZH_NOT_TIMES}|(?<![{_ZH_NUMERALS}第])两度(?!电|以|左)"
)
_ZH_SERIES = "次|届|轮|期|季度|阶段|批|个|年|代|波|部分|份"
_ZH_ORDINALS = LazyPattern(
    rf"第\s*(?P<n>[{_ZH_NUMERALS}百]{{1,4}}|\d{{1,3}})\s*(?:{_ZH_SERIES})"
    rf"|(?<![元为居榜党魁部])首(?:{_ZH_SERIES})"
    r"|(?P<half>[上下])半年"
    rf"|(?<![前后近头每个几这上下第{_ZH_NUMERALS}\d])(?P<q>[一二三四1-4])季度"
)
# (a character before it is looked at apart: a pattern that starts with a lookbehind is tried
# at every character of a text, one that starts with a set of characters only at those)
_ZH_PARTIES = LazyPattern(
    r"(?P<n>[双两二三四五六七八九十])"
    r"(?:方(?!面|式|向|法|案|针|便|位|略|阵|圆|程|言|形|块|剂|子)"
    r"|国(?!际|家|籍|旗|歌|土|界|内|产|库|外)|边(?!形))"
)
_NOT_SIDES_AFTER = set("第每平立各多" + _ZH_NUMERALS)
_ZH_SOFT_PERIODS = {"年度": (12, "months"), "年均": (12, "months"), "两年期": (24, "months")}
_ZH_SOFT_PERIODS |= {"双年": (24, "months"), "月度": (1, "months"), "日常": (1, "days")}


def _zh_value(written: str) -> int | None:
    if written.isdigit():
        return int(written)
    if written in ("双", "两", "二"):
        return 2
    return zh_int(written)


def _both_as_a_word(soft: dict[str, int] | None, *written: str | None) -> None:
    """两 of 每两年, 两次, 两度 as the word for 2 it is there (the number reader leaves 两 alone
    out: 两国 is both countries), so that it accounts for a 2 of the other text."""
    if soft is not None:
        for numeral in written:
            if numeral == "两":
                add_value(soft, "2")


def read_chinese(text: str, found: dict[str, int], soft: dict[str, int] | None) -> None:
    """What read_english reads, in a Chinese text (Simplified forms)."""
    taken: list[tuple[int, int]] = []
    if "每" in text:
        _chinese_frequencies(text, found, soft, taken)
    if "次" in text or "度" in text:
        _chinese_rates_and_times(text, found, soft, taken)
    if "第" in text or "首" in text or "半年" in text or "季度" in text:
        _chinese_ordinals(text, found)
    if "Q" in text:
        for m in QUARTER.finditer(text):
            add_value(found, f"ordinal {m['qn']}")
    if "方" in text or "国" in text or "边" in text:
        for m in _ZH_PARTIES.finditer(text):
            before = text[m.start() - 1 : m.start()]
            if before and (before in _NOT_SIDES_AFTER or before.isdigit()):
                continue  # 第三方, 平方, 各方, 二十国
            sides = _zh_value(m["n"])
            if sides:
                add_value(found, f"parties {sides}")
    if soft is not None:
        for word, (length, unit) in _ZH_SOFT_PERIODS.items():
            if word in text:
                add_value(soft, f"each {length} {unit}")
                add_value(soft, f"every {length} {unit}")


def _chinese_frequencies(
    text: str, found: dict[str, int], soft: dict[str, int] | None, taken: list[tuple[int, int]]
) -> None:
    for m in _ZH_EVERY.finditer(text):
        taken.append(m.span())
        length = _zh_value(m["n"]) if m["n"] else 1
        count = _zh_value(m["c"]) if m["c"] else None
        if length is None:
            continue
        base, unit = _ZH_PERIODS[m["u"]]
        _both_as_a_word(soft, m["n"], m["c"])
        if m["skip"]:  # 每隔一年: every other year, or every year after one
            for gap in (length, length + 1):
                if soft is not None:
                    add_each(soft, soft, gap * base, unit)
        elif count is not None:
            add_rate(found, soft, length * base, unit, count)
        else:
            add_each(found, soft, length * base, unit)


def _chinese_rates_and_times(
    text: str, found: dict[str, int], soft: dict[str, int] | None, taken: list[tuple[int, int]]
) -> None:
    for m in _ZH_RATE.finditer(text):
        length, count = _zh_value(m["n"]), _zh_value(m["c"])
        if length is None or count is None:
            continue
        taken.append(m.span())
        _both_as_a_word(soft, m["n"], m["c"])
        add_rate(found, soft, length, _ZH_RATE_UNITS[m["u"]], count)
    for m in _ZH_TIMES.finditer(text):
        if any(start < m.end() and m.start() < end for start, end in taken) or m["n"] == "二":
            continue  # 二次: secondary (二次开发, 二次利用)
        count = _zh_value(m["n"]) if m["n"] else 2
        if count is not None:
            add_value(found, f"times {count}")
            _both_as_a_word(soft, m["n"] or "两")


def _chinese_ordinals(text: str, found: dict[str, int]) -> None:
    for m in _ZH_ORDINALS.finditer(text):
        if m["half"]:
            value: int | None = 1 if m["half"] == "上" else 2
        elif m["q"]:
            value = int(m["q"]) if m["q"].isdigit() else "一二三四".index(m["q"]) + 1
        elif m["n"]:
            value = _zh_value(m["n"])
        else:
            value = 1  # 首
        if value:
            add_value(found, f"ordinal {value}")
