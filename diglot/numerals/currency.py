"""The currencies of a text's amounts of money: "US$2.5 billion" (25亿美元), "€300 million"
(3亿欧元), "RMB 1.2 trillion" (1.2万亿元人民币), "500 million yuan" (5亿元).

Each amount is its value, as the language's number reader reads it, and the currencies its
sign or word may stand for: "$" alone is any dollar (the United States', Canada's, Hong
Kong's...), 元 alone the yuan (as Chinese writes the renminbi) unless a word before it names
another (美元, 港元, 日元). Two amounts of one value whose currencies have none in common are
one amount in two currencies: a translator who wrote 25亿元 for US$2.5 billion changed the
sum's currency, which its figures do not show.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import NamedTuple

from .common import LazyPattern

DOLLARS = frozenset({"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD"})


class Amount(NamedTuple):
    currencies: frozenset[str]  # the ISO codes the amount's sign or word may stand for
    values: frozenset[str]  # the values of its number, as the reader reads them
    phrase: str  # as written


# -- English --------------------------------------------------------------------------------

_EN_SIGNS: dict[str, AbstractSet[str]] = {
    "US$": {"USD"},
    "USD": {"USD"},
    "C$": {"CAD"},
    "CA$": {"CAD"},
    "CAD": {"CAD"},
    "A$": {"AUD"},
    "AU$": {"AUD"},
    "AUD": {"AUD"},
    "HK$": {"HKD"},
    "HKD": {"HKD"},
    "S$": {"SGD"},
    "SGD": {"SGD"},
    "NT$": {"TWD"},
    "NZ$": {"NZD"},
    "$": DOLLARS,
    "€": {"EUR"},
    "EUR": {"EUR"},
    "£": {"GBP"},
    "GBP": {"GBP"},
    "RMB": {"CNY"},
    "CNY": {"CNY"},
    "JPY": {"JPY"},
    "CHF": {"CHF"},
    "KRW": {"KRW"},
    "₩": {"KRW"},
    "₹": {"INR"},
    "INR": {"INR"},
    # the yen and the yuan share a sign (and its full-width form)
    "¥": {"JPY", "CNY"},
    "￥": {"JPY", "CNY"},
    "JP¥": {"JPY"},
    "CN¥": {"CNY"},
}
_EN_WORDS: dict[str, AbstractSet[str]] = {
    "us dollars": {"USD"},
    "u.s. dollars": {"USD"},
    "dollars": DOLLARS,
    "euros": {"EUR"},
    "euro": {"EUR"},
    "pounds sterling": {"GBP"},
    "pounds": {"GBP"},
    "yuan": {"CNY"},
    "renminbi": {"CNY"},
    "yen": {"JPY"},
    "swiss francs": {"CHF"},
    "won": {"KRW"},
    "rupees": {"INR"},
}
_EN_NUMBER = r"\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million|billion|trillion)\b)?"


def _alternatives(names) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_EN_BEFORE = LazyPattern(
    rf"(?<![A-Za-z0-9$])(?P<c>{_alternatives(_EN_SIGNS)})\s?(?P<n>{_EN_NUMBER})", re.I
)
_EN_AFTER = LazyPattern(
    rf"(?<![\w.,])(?P<n>{_EN_NUMBER})\s+(?:(?:of\s+)?(?:the\s+)?)?(?P<c>{_alternatives(_EN_WORDS)})\b",
    re.I,
)

# -- Chinese (Simplified and Traditional forms alike) ---------------------------------------

_ZH_NAMES: dict[str, AbstractSet[str]] = {
    "美元": {"USD"},
    "美金": {"USD"},
    "加元": {"CAD"},
    "加拿大元": {"CAD"},
    "澳元": {"AUD"},
    "澳大利亚元": {"AUD"},
    "澳大利亞元": {"AUD"},
    "新西兰元": {"NZD"},
    "紐西蘭元": {"NZD"},
    "港元": {"HKD"},
    "港币": {"HKD"},
    "港幣": {"HKD"},
    "新加坡元": {"SGD"},
    "新台币": {"TWD"},
    "新臺幣": {"TWD"},
    "新台幣": {"TWD"},
    "欧元": {"EUR"},
    "歐元": {"EUR"},
    "英镑": {"GBP"},
    "英鎊": {"GBP"},
    "日元": {"JPY"},
    "日圆": {"JPY"},
    "日圓": {"JPY"},
    "瑞士法郎": {"CHF"},
    "韩元": {"KRW"},
    "韓元": {"KRW"},
    "卢比": {"INR"},
    "盧比": {"INR"},
    "人民币": {"CNY"},
    "人民幣": {"CNY"},
    "元": {"CNY"},
}
# a number starts where no digit, ',' or '.' is before it: tried from within a run of
# figures as well, the pattern would read a long run again from each of its digits
_ZH_NUMBER = (
    r"(?<![\d,.])\d[\d,]*(?:\.\d+)?"
    r"\s*(?:[十百千](?=万|亿|萬|億))?(?:万亿|亿|万|萬億|億|萬)?"
)
_ZH_AFTER = LazyPattern(
    rf"(?P<n>{_ZH_NUMBER})\s*(?P<c>{_alternatives(_ZH_NAMES)})(?:人民币|人民幣)?"
)
# 人民币500万 (without 元 after it: 人民币500万元 is read by the pattern above)
_ZH_BEFORE = LazyPattern(
    rf"(?P<c>人民币|人民幣|美元|欧元|歐元|港币|港幣)\s*(?P<n>{_ZH_NUMBER})"
    r"(?![\d.,万亿萬億十百千])(?!\s*元)"
)
_ZH_SIGN = LazyPattern(rf"(?P<c>{_alternatives(_EN_SIGNS)})\s?(?P<n>{_ZH_NUMBER})")


def amounts(text: str, script: str, read: Callable[[str], dict[str, int]]) -> list[Amount]:
    """The amounts of money of text ("english" or "chinese" script) with their currencies,
    their numbers read by read (a number reader's certain values)."""
    found = []
    patterns: tuple[tuple[LazyPattern, dict[str, AbstractSet[str]]], ...]
    if script == "english":
        patterns = ((_EN_BEFORE, _EN_SIGNS), (_EN_AFTER, _EN_WORDS))
    else:
        patterns = ((_ZH_AFTER, _ZH_NAMES), (_ZH_BEFORE, _ZH_NAMES), (_ZH_SIGN, _EN_SIGNS))
    for pattern, names in patterns:
        for m in pattern.finditer(text):
            named = m["c"] if m["c"] in names else m["c"].upper()
            currencies = names.get(named) or names.get(m["c"].lower())
            if currencies is None:
                continue
            values = frozenset(
                v for v in read(m["n"]) if v[0] != "~" and not v.startswith("range ")
            )
            if values:
                found.append(Amount(frozenset(currencies), values, " ".join(m[0].split())))
    return found


def changed_currencies(source: list[Amount], target: list[Amount]) -> list[tuple[Amount, Amount]]:
    """Each amount of the source whose value the target writes only in currencies the
    source's sign or word cannot stand for, with that amount of the target."""
    pairs = []
    for amount in source:
        same_value = [t for t in target if t.values & amount.values]
        if same_value and not any(t.currencies & amount.currencies for t in same_value):
            pairs.append((amount, same_value[0]))
    return pairs
