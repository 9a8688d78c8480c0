"""Chinese numbers: 15亿, 十五亿, 百分之四十, 三分之二, 5至7年, 二〇三〇年, 20世纪80年代, 10月, 零点五,
and the Traditional forms (萬, 億, 兩), as canonical values."""

from __future__ import annotations

import re

from . import counting
from .common import (
    SCALE_ZH,
    TRADITIONAL,
    ZH_DIGITS,
    ZH_NUMERAL_MAX,
    ZH_UNITS,
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
    zh_int,
)
from .english import DIGIT, months_named

# -- Chinese --------------------------------------------------------------------------------

ZH_CHARS = "零〇一二两三四五六七八九十百千万亿"
ZH_DIGIT_CHARS = "〇零一二三四五六七八九"


def may_hold_chinese_number(text: str) -> bool:
    """Whether a Chinese text can hold a number read for certain: digits, 百分之/分之, a
    magnitude, a century, or a year in numerals (二〇三〇, 一九四八, 二零二三). Most texts
    stop here: searching for a few substrings costs less than one regular expression."""
    return (
        DIGIT.search(text) is not None
        or "分之" in text
        or "万" in text
        or "亿" in text
        or "世纪" in text
        or "〇" in text
        or "一九" in text
        or "二零" in text
        or _LATIN_MONTH.search(text) is not None
    )


# An English month name quoted in Chinese text (in March 2026): read as the English reader
# reads it, so that a sentence left in English is not also reported as a month missing.
_LATIN_MONTH = re.compile(r"J(?:an|u[nl])|Feb|Ma[ry]|Apr|Aug|Sep|Oct|Nov|Dec")
_ZH_NUMERAL = rf"[{ZH_CHARS}]+(?:点[{ZH_DIGIT_CHARS}]+(?:万亿|亿|万)?)?"
# A run of numerals or figures is read from its first character (a lookbehind): tried from
# each of its characters, a long run would be read again from each (time its length squared)
_ZH_DECADE = re.compile(
    r"(\d{1,2}|(?<![一二三四五六七八九十])[一二三四五六七八九十]+)世纪"
    r"(\d{1,2}|[一二三四五六七八九十]+)年代"
)
_ZH_DECADE_SHORT = re.compile(
    r"(?:上|本)?世纪(\d{2}|[一二三四五六七八九十]+)年代|"
    r"(?<![\d年])(\d0|[二三四五六七八九]十)年代"
)
_ZH_CENTURY = re.compile(
    r"(?<![一二三四五六七八九十\d])(\d{1,2}|[一二三四五六七八九十]{1,3})\s*世纪"
)
_ZH_PERCENT = re.compile(rf"百分之({_ZH_NUMERAL}|\d+(?:\.\d+)?)")
_ZH_FRACTION = re.compile(
    rf"((?<![一二两三四五六七八九十百千])[一二两三四五六七八九十百千]+|(?<!\d)\d+)"
    rf"分之({_ZH_NUMERAL}|\d+)"
)
_ZH = re.compile(
    r"(?<![A-Za-z0-9.,/])(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?P<dec>\.\d+)?"
    r"(?:/(?P<den>\d+)(?![\d/]))?(?:\s*(?P<pct>%))?"
    r"(?P<unit>[十百千](?=万|亿))?[多余]?(?P<scale>万亿|亿|万)?"
    r"(?P<decade>年代(?!表))?"
)
_ZH_RANGE = re.compile(r"[年月日号个]?\s*(?:至|到|～|~|—|–|-|－)+\s*")
# Two numbers whose order the text fixes, as "from … to" and "between … and" do: 从45%提高到
# 50%, 由20亿增至50亿, 介于10和20公里之间 (a verb of a few characters before 至 or 到).
_ZH_FROM = re.compile(r"(?:从|由|自)\s*$")
_ZH_FROM_GAP = re.compile(r"[年月日号个]?\s*[^\d\s，。；：、,;:（）()]{0,4}?(?:至|到)了?\s*")
_ZH_BETWEEN = re.compile(r"(?:介于|在)\s*$")
_ZH_BETWEEN_GAP = re.compile(r"[年月日号个]?\s*(?:和|与|及|至|到)\s*")
_ZH_BETWEEN_END = re.compile(r"\s*[^\d\s，。；：、,;:（）()]{0,3}?之间")


def _zh_ordered(text: str, first: Number, second: Number) -> bool:
    """Whether text sets first and second in an order: from one to the other, or between."""
    gap, before = text[first.end : second.start], text[max(0, first.start - 3) : first.start]
    if _ZH_FROM.search(before) and _ZH_FROM_GAP.fullmatch(gap):
        return True
    return bool(
        _ZH_BETWEEN.search(before)
        and _ZH_BETWEEN_GAP.fullmatch(gap)
        and _ZH_BETWEEN_END.match(text, second.end)
    )


_ZH_RUN = re.compile(rf"(?P<run>{_ZH_NUMERAL})(?:[多余](?P<scale>万亿|亿|万))?")
# A single numeral character is read only before one of these (五年, 三方; 第一 aside), 一
# only before 年, 月, 日: elsewhere it is part of a word (一致, 一项 "a", 十分, 两国 "both").
_MEASURE = set("年月日号个名项次条款章节位家国方种类点岁倍周天轮届期批层级人中线")
_ONE_BEFORE = set("年月日号条款章节期届轮线级")  # 一年, 第一 are numbers; 一项, 一个 "a"
_APPROXIMATE = set("数几")


def _zh_number(run: str) -> str | None:
    """A numeral with its decimals (零点五, 一点五亿), as a canonical value."""
    whole, _, rest = run.partition("点")
    if not rest:
        value = zh_int(whole)
        return None if value is None else str(value)
    decimals = rest.rstrip("万亿")
    scale = SCALE_ZH.get(rest[len(decimals) :], 1) if rest[len(decimals) :] else 1
    value = zh_int(whole) if whole not in ("零", "〇") else 0
    if value is None or any(c not in ZH_DIGITS for c in decimals):
        return None
    return canonical_value(str(value), "." + "".join(str(ZH_DIGITS[c]) for c in decimals), scale)


def _zh_value(text: str) -> str | None:
    """A numeral or a number in digits."""
    if text[0].isdigit():
        return canonical_value(
            text.split(".")[0], "." + text.split(".")[1] if "." in text else None
        )
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
        if len(run) <= 3 and is_enumerator(text, start, m.end()):  # （一）, 一、
            continue
        if len(run) == 4 and all(c in ZH_DIGIT_CHARS for c in run):
            year = "".join(str(ZH_DIGITS[c]) for c in run)
            if 1000 <= int(year) <= 2199:
                add_value(found, year)
            continue
        scale = SCALE_ZH.get(m["scale"] or "", 1)
        value = _zh_number(run)
        magnitude = scale != 1 or ("万" in run or "亿" in run)
        if value is not None and magnitude and run[0] not in "百千万亿":
            add_value(
                found,
                canonical_value(value, None, scale)
                if "." not in value
                else canonical_value(value.split(".")[0], "." + value.split(".")[1], scale),
            )
            continue
        if soft is None:
            continue
        if run in SCALE_ZH and not before.isdigit():  # 万元GDP, 单位：亿元: per 10,000 yuan
            add_value(soft, str(SCALE_ZH[run]))
            continue
        if value is not None and scale != 1:
            value = canonical_value(
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
            add_value(soft, value)
            continue
        while run:  # 五六年, 十四五: the longest numerals from the left
            # lengthened one character at a time: a character that makes no numeral of
            # what is before it (五六, 十四五) makes none of anything longer either
            end, piece = 0, None
            while end < min(len(run), ZH_NUMERAL_MAX):
                longer = _zh_number(run[: end + 1])
                if longer is None:
                    break
                end, piece = end + 1, longer
            if piece is None:
                run = run[1:]
                continue
            if end > 1 or run[0] != "两":
                add_value(soft, piece)
            run = run[end:]


def _decade(century: str, decade: str) -> str | None:
    """The decade of 二十世纪八十年代; None when a part is no one numeral (五六十年代,
    the fifties and sixties)."""
    c = int(century) if century.isdigit() else zh_int(century)
    d = int(decade) if decade.isdigit() else zh_int(decade)
    if c is None or d is None:
        return None
    return f"decade {(c - 1) * 100 + d}"


_ZH_REF_NUMBER = r"\d+|[零〇一二两三四五六七八九十百]+"
# The list of numbers read whole, then 条 after it or not (a list not followed by 条 is no
# article): with 条 required, a list of thousands of 第1、 was read again from each 第 in it.
_ZH_ARTICLES = re.compile(
    rf"第\s*(?P<refs>(?:{_ZH_REF_NUMBER})(?:\s*[至到、和或及]\s*第?\s*(?:{_ZH_REF_NUMBER}))*)"
    rf"(?:\s*(?P<article>条)(?:\s*第\s*(?P<paragraph>{_ZH_REF_NUMBER})\s*款)?)?"
)
_ZH_ANNEX = re.compile(rf"附件\s*(?P<refs>{_ZH_REF_NUMBER})")


def _ref_number(written: str) -> int | None:
    return whole(written) if written.isdigit() else zh_int(written)


def read_references(text: str, found: dict[str, int]) -> None:
    """第七条第二款, 第二十条或第二十一条, 第三至五条, 附件一: as reference keys (article 7,
    article 7(2), annex 1)."""
    for m in _ZH_ARTICLES.finditer(text):
        if m["article"] is None:
            continue
        refs = re.findall(_ZH_REF_NUMBER, m["refs"])
        paragraph = _ref_number(m["paragraph"]) if m["paragraph"] else None
        for i, ref in enumerate(refs):
            last = i == len(refs) - 1
            add_reference(found, "article", _ref_number(ref), paragraph if last else None)
    for m in _ZH_ANNEX.finditer(text):
        add_reference(found, "annex", _ref_number(m["refs"]))


def read_chinese(text: str, soft: dict[str, int] | None = None) -> dict[str, int]:
    """The numbers of a Chinese text that are certain; with soft, the numerals written as
    words are added to soft (without the "~")."""
    found: dict[str, int] = {}
    if "条" in text or "附件" in text:
        read_references(text, found)
    counting.read_chinese(text, found, soft)
    if soft is None and not may_hold_chinese_number(text):
        return found
    text = normalise(text)  # full-width digits and ％ become ASCII
    if "世纪" in text or "年代" in text:
        for m in _ZH_DECADE.finditer(text):
            decade_value = _decade(m[1], m[2])
            if decade_value is not None:
                add_value(found, decade_value)
        text = _ZH_DECADE.sub(" ", text)
        for m in _ZH_DECADE_SHORT.finditer(text):  # 上世纪80年代, 80年代: which century?
            decade = m[1] or m[2]
            d = int(decade) if decade.isdigit() else zh_int(decade)
            if soft is not None and d is not None:
                add_value(soft, f"decade {1900 + d}")
                if d <= 20:
                    add_value(soft, f"decade {2000 + d}")
        text = _ZH_DECADE_SHORT.sub(" ", text)
        for m in _ZH_CENTURY.finditer(text):  # 二十一世纪, 21世纪: a decade's are read above
            century = int(m[1]) if m[1].isdigit() else zh_int(m[1])
            if century:
                add_value(found, f"century {century}")
    if "分之" in text:
        for m in _ZH_PERCENT.finditer(text):
            value = _zh_value(m[1])
            if value == "100" and not m[1][0].isdigit():  # 百分之百: "entirely" as often
                if soft is not None:
                    add_value(soft, "100%")
            elif value is not None:
                add_value(found, value + "%")
        text = _ZH_PERCENT.sub(" ", text)
        for m in _ZH_FRACTION.finditer(text):
            numerator, denominator = _zh_value(m[2]), _zh_value(m[1])
            if numerator and denominator and (whole(denominator) or 101) <= 100:
                add_value(found, f"{numerator}/{denominator}")
            elif numerator and denominator and soft is not None:
                add_value(soft, f"{numerator}/{denominator}")  # 千分之三: per mille
        text = _ZH_FRACTION.sub(" ", text)
    if soft is not None and ("一半" in text or "半数" in text):
        for _ in range(text.count("一半") + text.count("半数")):
            add_value(soft, "1/2")
            add_value(soft, "50%")
    if _LATIN_MONTH.search(text):
        for value in months_named(text):
            add_value(found, value)
    numbers: list[Number] = []
    if DIGIT.search(text):
        for m in _ZH.finditer(text):
            if (
                is_code(text, m.start())
                or is_enumerator(text, m.start(), m.end())
                or (m["n"] == "00" and text[m.start() - 1 : m.start()] == ":")
            ):
                continue
            scale = SCALE_ZH.get(m["scale"] or "", 1) * ZH_UNITS.get(m["unit"] or "", 1)
            if m["decade"] and m["n"].endswith("0") and len(m["n"]) == 4 and not m["dec"]:
                numbers.append(Number(m.start(), m.end(), m["n"], key=f"decade {m['n']}"))
            elif m["decade"]:
                continue  # 80年代: read above
            else:
                numbers.append(
                    Number(m.start(), m.end(), m["n"], m["dec"], bool(m["pct"]), scale, m["den"])
                )
        for first, second in zip(numbers, numbers[1:]):  # 4月2日
            if (
                is_day(first)
                and is_day(second)
                and int(first.n) <= 12
                and text[first.end : second.start] == "月"
                and text[second.end : second.end + 1] in ("日", "号")
            ):
                add_value(found, f"date {first.n}/{second.n}")
        emit(numbers, text, _ZH_RANGE, found, _zh_ordered)
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
    found = read_chinese(text, soft)
    for value, n in soft.items():
        found["~" + value] = found.get("~" + value, 0) + n
    return found


def traditional_chinese_numbers(text: str) -> dict[str, int]:
    """chinese_numbers for Traditional Chinese: 萬, 億, 兩, 點, 世紀 and the measure words."""
    return chinese_numbers(text.translate(TRADITIONAL))
