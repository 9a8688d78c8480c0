"""Where a line may break and where it must not, for every edition: Chinese titles and
headings between words (found by a word segmenter, with the glossary's terms and the
document's names kept whole), the joins that keep a number with its unit or a day with its
month, and balanced lines for titles.

Chinese has no spaces, so a renderer may break a line between any two characters; in
running text that is right, in a title it splits words (港/口合作). `Segmenter.breaks()`
gives the places between words where a title or heading may break: the words come from
jieba's dictionary (rjieba, the jieba-rs binding: the same dictionary, loaded in a tenth of
the time; Traditional characters are read through OpenCC's t2s table), and then
- a glossary term or a name is never split (美中关系全国委员会 stays whole);
- a one-character word leans on its neighbour: 的, 海 or 等 on the word before it, 与, 和
  or 对 on the word after it, so that no line ends or starts with one character alone;
- a number keeps its measure word or unit (2024年, 30%);
- a U+200B ZERO WIDTH SPACE typed by the author wins: where the text has one, it breaks
  only there (and at spaces and after punctuation).
The words of a text are cached (diglot/cache.py): a build whose titles were segmented
before never loads the segmenter.

`balance()` chooses among the break places the lines of a title: as few as the width needs,
each as long as the longest must be, the longer lines first (a centred trapezoid, as
Chinese official titles are set). `joins()` gives the ranges no line may break inside, and
`urls()` the web addresses and e-mail addresses, which may break but are never hyphenated
(a hyphen added to an address changes it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence

from . import cache
from .script import CJK_PUNCTUATION, HAN, HAN_CHARS, LINE_START_PROHIBITED, OPENING

ZWSP = "\u200b"

# One-character words that lead into the word after them (a preposition, a conjunction, a
# prefix such as 可 or 非, a determiner such as 各 or 本); every other one-character word
# leans on the word before it (的, 之, 海, 等, 国 …).
LEADING = set(
    "与和及或对在为把被向从自跟同将以由给至并而且與對為從將給並可非不未无無第各每其该該本此"
)

NAMESPACE = "words"  # the cache's folder for segmentations


def _segmenter_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("rjieba", "opencc"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:  # pragma: no cover - dependencies
            found.append(f"{name} ?")
    return "; ".join(found)


def _cutter() -> tuple[Callable[[str], list[str]], Callable[[str], str]]:
    """The segmenter and the converter it reads Traditional characters through (jieba's
    dictionary is in Simplified characters: 國家檔案館 is cut as 国家档案馆). Loaded only
    when a title is new: about 0.1 s."""
    import opencc
    import rjieba

    return rjieba.cut, opencc.OpenCC("t2s").convert


class Segmenter:
    """Word breaks of Chinese titles and headings. keep: terms and names never split
    (the glossary's target terms and their variants, the document's names); cached: keep
    the segmenter's words between runs (diglot/cache.py)."""

    def __init__(self, keep: Iterable[str] = (), cached: bool = True):
        self.keep = tuple(sorted({k for k in keep if len(k) > 1 and HAN.search(k)}, key=len))
        self.cached = cached
        self._words: dict[str, tuple[str, ...]] = {}
        self._version: str | None = None
        self._cut: tuple[Callable[[str], list[str]], Callable[[str], str]] | None = None

    def words(self, text: str) -> tuple[str, ...]:
        """The segmenter's words of a text (they join back into it)."""
        found = self._words.get(text)
        if found is not None:
            return found
        if self._version is None:
            self._version = _segmenter_version()
        name = cache.key(self._version, text)
        stored = cache.read(NAMESPACE, name) if self.cached else None
        words: tuple[str, ...] | list[str] | None = None
        if stored is not None:
            try:
                loaded = json.loads(stored)
            except ValueError:
                loaded = None
            if isinstance(loaded, list) and all(isinstance(w, str) for w in loaded):
                if "".join(loaded) == text:
                    words = tuple(loaded)
        if words is None:
            if self._cut is None:
                self._cut = _cutter()
            cut_words, simplify = self._cut
            simplified = simplify(text)
            if len(simplified) != len(text):
                simplified = text
            cut = cut_words(simplified)
            words, at = [], 0
            for word in cut:  # the words in the text's own characters
                words.append(text[at : at + len(word)])
                at += len(word)
            if "".join(words) != text:  # never trust a segmenter to keep the text
                words = list(text)
            if self.cached:
                cache.write(NAMESPACE, name, json.dumps(words).encode())
        self._words[text] = tuple(words)
        return self._words[text]

    def breaks(self, text: str) -> tuple[int, ...]:
        """The offsets in text (0 < offset < len) where a line may break: before the
        character at that offset."""
        if not HAN.search(text):
            return _latin_breaks(text)
        if ZWSP in text:
            return _marked_breaks(text)
        offsets: set[int] = set()
        at = 0
        words = self.words(text)
        for word in words:
            if 0 < at < len(text):
                offsets.add(at)
            at += len(word)
        at = 0
        for word in words:  # one-character words lean on a neighbour
            end = at + len(word)
            if len(word) == 1 and HAN.match(word):
                lean_right = word in LEADING or at == 0
                offsets.discard(end if lean_right and end < len(text) else at)
            at = end
        for start, end in self._kept(text):
            offsets.difference_update(range(start + 1, end))
        for start, end in joins(text):
            offsets.difference_update(range(start + 1, end))
        return tuple(sorted(o for o in offsets if _may_break(text, o)))

    def _kept(self, text: str) -> list[tuple[int, int]]:
        """Where the terms and names to keep whole occur (longest first, not overlapping)."""
        found: list[tuple[int, int]] = []
        for term in reversed(self.keep):
            start = text.find(term)
            while start != -1:
                end = start + len(term)
                if not any(s < end and start < e for s, e in found):
                    found.append((start, end))
                start = text.find(term, start + 1)
        return found


_PLAIN: Segmenter | None = None  # the words alone, no term kept whole (opened)


def opened(text: str, offsets: Sequence[int], fits: Callable[[str], bool]) -> tuple[int, ...]:
    """The places a title or heading may break (offsets, from Segmenter.breaks), with the
    segmenter's own word breaks added inside each piece between them that no line can hold
    (fits(piece) is false): a glossary term or name kept whole but wider than the measure
    (瓦恩霍尔姆—岭北贸易投资部长级对话 in a column of the side-by-side edition) breaks
    between its words, neither anywhere (贸易投 / 资) nor past the margin."""
    global _PLAIN
    points = (0, *offsets, len(text))
    found = set(offsets)
    for first, last in zip(points, points[1:]):
        piece = text[first:last]
        if last - first > 1 and HAN.search(piece) and not fits(piece):
            if _PLAIN is None:
                _PLAIN = Segmenter()
            found.update(first + o for o in _PLAIN.breaks(piece))
    return tuple(sorted(found))


def _may_break(text: str, offset: int) -> bool:
    """Whether a break before text[offset] keeps the punctuation rules: no line starts with
    closing punctuation or ends with opening punctuation, and none starts with a space."""
    before, after = text[offset - 1], text[offset]
    return after not in LINE_START_PROHIBITED and before not in OPENING and not after.isspace()


def _marked_breaks(text: str) -> tuple[int, ...]:
    """Breaks of a text with U+200B typed in it: after each U+200B and space, and after
    punctuation."""
    offsets = []
    for i in range(1, len(text)):
        before = text[i - 1]
        if before in (ZWSP, " ") or (CJK_PUNCTUATION.match(before) and before not in OPENING):
            if _may_break(text, i):
                offsets.append(i)
    return tuple(offsets)


def _latin_breaks(text: str) -> tuple[int, ...]:
    """Breaks of a text in a script with spaces: after each space (and after a hyphen
    between letters), outside the joins."""
    kept = [range(s + 1, e) for s, e in joins(text)]
    offsets = []
    for i in range(1, len(text)):
        before = text[i - 1]
        if (before == " " and text[i] != " ") or (
            before in "-\u2010" and text[i].isalpha() and i > 1 and text[i - 2].isalpha()
        ):
            if not any(i in r for r in kept):
                offsets.append(i)
    return tuple(offsets)


# -- balanced lines ------------------------------------------------------------------------


def _greedy(positions: Sequence[float], total: float, width: float) -> list[int]:
    """The breaks (indexes into positions) of lines filled up to width, first to last; a
    piece wider than width takes a line of its own."""
    chosen: list[int] = []
    start = 0.0
    last_fit: int | None = None
    i = 0
    while i < len(positions):
        if positions[i] - start <= width + 1e-6:
            last_fit = i
            i += 1
            continue
        if last_fit is None:  # the piece alone is wider than a line
            chosen.append(i)
            start = positions[i]
            i += 1
            continue
        chosen.append(last_fit)
        start = positions[last_fit]
        last_fit = None
    if total - start > width + 1e-6 and last_fit is not None:
        chosen.append(last_fit)
    return chosen


def balance(
    positions: Sequence[float],
    total: float,
    width: float,
    penalties: Sequence[float] | None = None,
) -> list[int]:
    """The breaks of a balanced title: positions are the x of each place a line may break
    (ascending), total the width of the whole text. As many lines as filling them to width
    takes, each no wider than width, as even as they can be (the least sum of the squares
    of their widths), and of two as even the one whose earlier lines are the longer (a
    centred trapezoid, as Chinese official titles are set). penalties: what breaking at
    each place costs besides (a break inside a name), in the units of the squared widths.
    Returns indexes into positions ([] when one line holds it)."""
    if total <= width + 1e-6 or not positions:
        return []
    lines = len(_greedy(positions, total, width)) + 1
    points = [0.0, *positions, total]
    last = len(points) - 1
    # best[(j, m)]: (cost, the line widths so far negated, the previous point) of m lines
    # ending at point j; the negated widths make min() prefer the longer earlier lines
    best: dict[tuple[int, int], tuple[float, tuple[float, ...], int]] = {(0, 0): (0.0, (), -1)}
    for m in range(1, lines + 1):
        for j in range(1, last + 1):
            options = []
            for i in range(j):
                previous = best.get((i, m - 1))
                line = points[j] - points[i]
                if previous is None or (line > width + 1e-6 and j - i > 1):
                    continue
                spent = previous[0] + line * line
                if penalties is not None and j < last:  # a break at point j
                    spent += penalties[j - 1]
                options.append((spent, previous[1] + (-line,), i))
            if options:
                best[(j, m)] = min(options)
    found = best.get((last, lines))
    if found is None:  # a piece wider than the line: fill them as they come
        return _greedy(positions, total, width)
    chosen, j, m = [], last, lines
    while m > 0:
        i = best[(j, m)][2]
        if i > 0:
            chosen.append(i - 1)
        j, m = i, m - 1
    return sorted(chosen)


# -- joins -----------------------------------------------------------------------------------

_NUMBER = r"\d+(?:[.,:]\d+)*"
# Measure words and units of more than one character (a number keeps all of it).
_CJK_UNITS = (
    "小时 分钟 公里 千米 厘米 毫米 纳米 公斤 千克 公顷 平方米 立方米 摄氏度 美元 欧元 英镑 日元 "
    "人民币 万元 亿元 百分点 个月 周年 年代 世纪 多年 余年 "
    "小時 分鐘 公裡 美圓 萬元 億元 個月 百分點 世紀 餘年"
).split()
# A number with the measure word or unit after it (2020年, 22小时, 30%, 5℃), and 第 before it.
_CJK_JOIN = re.compile(
    rf"(?:第)?{_NUMBER}\s?(?:%|‰|℃|°C|"
    + "|".join(sorted(_CJK_UNITS, key=len, reverse=True))
    + f"|[{HAN_CHARS}])"
)
# A number in Chinese numerals with the word that counts it: the originals of a testimonium
# (一式两份, 一式三份), an ordinal (第二十三条, 第三款, 第五次, 第十届): a line ending at 一式两
# or 第二十 cuts the number from what it counts.
_CJK_NUMERAL_JOIN = re.compile(
    "一式[一二两兩三四五六七八九十百]+份"
    "|第[一二两兩三四五六七八九十百千零〇]+[条條款项項章节節次届屆期轮輪批部]"
)
# A day with its month (12月6日, 1月31日前): as an English day keeps its month name; the
# year before them may end a line (2024年 / 12月6日), as "June 17, / 1948" may.
_CJK_DATE = re.compile(r"\d{1,2}\s?月\s?\d{1,2}\s?[日号號]")
# A number and a unit written after a space (5 km, 30 %, 30 per cent), and an amount after
# its currency. (Not a word of time or scale, 6 months, 2 million: kept whole, they left
# loose lines in narrow measures and broke inside a word in a narrow table cell in Word.)
_UNIT_JOIN = re.compile(
    rf"\b{_NUMBER}\s(?:%|‰|°C|℃|km|kg|mg|g|cm|mm|nm|m|t|GB|MB|TB|kW|MW|GW|kWh|MWh|GWh"
    r"|per cent|percent)(?![\w])"
    rf"|(?:US\$|\$|€|£|¥|USD|EUR|CNY|RMB)\s?{_NUMBER}"
)
# An em dash (or two) stays with the word or number (or CJK character) before it: no line
# starts with one, and a number is not cut from its dash (2000—2024: a join of its last
# digit alone split the number, and justification then spread it).
_DASH_JOIN = re.compile(rf"(?:{_NUMBER}|[^\W_{HAN_CHARS}]+|\S)(?:\u2014\u2014|\u2014|\u2e3a)")
# Numbers and designations read as one: a range written with an en dash or a hyphen (3–4,
# 2026-2028) or as Chinese writes one, with a one-em dash or a wave dash and no space
# (GB/T 15834: 2026—2035年, 2026年—2035年, 5～7年: a line ending at the dash cut the span
# of years in a title), a telephone number (+86 21 5555 0199, +1 (202) 555-0100), a
# standard or code with its number (ISO/IEC 23894, GB/T 9704-2012, ISO 9001:2015), and a code of capitals and
# digits written with hyphens (APT-WG-AI, COVID-19, ITU-T, A-level): a line ending at their space or
# hyphen (`+86` / `21 5555`, `ISO/IEC` / `23894`, `APT-WG-` / `AI`) cuts them in two.
_CODE_JOIN = re.compile(
    r"(?<![A-Za-z0-9.,:])(?:"
    rf"{_NUMBER}(?:\s?[\u2013-]\s?{_NUMBER})+"
    rf"|{_NUMBER}(?:[年月日%‰]?[\u2014\u301c\uff5e~]{_NUMBER})+"
    r"|\+\d{1,3}(?:[ \u00a0.-]?(?:\(\d{1,5}\)|\d{1,5})){1,6}"
    r"|[A-Z]{2,}(?:/[A-Z]{1,})*\s[A-Z]?\d+(?:[-.:]\d+)*"
    r"|(?=[A-Z0-9-]*[A-Z])[A-Z0-9]+(?:-[A-Z0-9]+)+"
    r"|[A-Z]-[a-z]+"  # a single capital before its hyphen (A-level, X-ray)
    r")(?![A-Za-z0-9])"
)
_DEFAULT_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def _date_join(months: Sequence[str]) -> re.Pattern[str]:
    names = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    return re.compile(rf"\b\d{{1,2}}\s(?:{names})\b|\b(?:{names})\s\d{{1,2}}\b")


_DATES = _date_join(_DEFAULT_MONTHS)


# What may follow a text's last character: spaces and punctuation (a line keeps them with it).
_TRAILING = re.compile(
    r"[\s\u200b\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40"
    r"\uff5b-\uff65\u2014\u2026.,;:!?)\]\"'”’»]*$"
)


def last_pair(text: str) -> tuple[int, int] | None:
    """The range of a Chinese text's last two characters with the punctuation after them,
    which stay on one line: no text ends with one character alone on its last line (the
    PDF keeps them together in _cjk_justify; Word gets a word joiner between them, the
    HTML a no-break span); an opening bracket between them stays too (量（吨）). None when
    the text does not end in two Chinese characters."""
    trailing = _TRAILING.search(text)
    body = len(text) - (len(trailing.group()) if trailing else 0)
    if body < 3 or not HAN.match(text[body - 1]):
        return None
    before = body - 2
    while before > 0 and text[before] in OPENING:
        before -= 1
    if HAN.match(text[before]):
        return before, len(text)
    return None


def joins(text: str, months: Sequence[str] | None = None) -> list[tuple[int, int]]:
    """The ranges (start, end) of text that no line may break inside: a number with its
    unit or measure word, a day with its month (months: the language's month names,
    English by default; 12月6日 in Chinese), an em dash with the character before it, a
    range of numbers, a telephone number, a standard's or code's designation."""
    dates = _DATES if months is None else _date_join(months)
    found = [
        m.span()
        for pattern in (
            _CJK_JOIN,
            _CJK_NUMERAL_JOIN,
            _CJK_DATE,
            _UNIT_JOIN,
            dates,
            _DASH_JOIN,
            _CODE_JOIN,
        )
        for m in pattern.finditer(text)
        if m.end() - m.start() > 1
    ]
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# A web or e-mail address written out in the text: up to the first space, and without the
# punctuation that ends the sentence around it (a full stop, a closing bracket, Chinese
# punctuation).
_URL_CHARS = rf"[^\s<>\"{HAN_CHARS}\u2010-\u2015\u2e3a\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]"
# A bare domain name (flood-share.example.org, data.example.cn/zh): names of letters, digits
# and hyphens, the last a common generic one or a two-letter country code, in lower case
# (U.S.A., e.g. and 5.3 are none).
_DOMAIN = (
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:com|org|net|gov|edu|int|info|[a-z]{2})"
)
_URL = re.compile(
    r"(?<![A-Za-z0-9._%+-])(?:(?i:https?|ftp)://|(?i:www)\."
    r"|[A-Za-z0-9._%+-](?:[A-Za-z0-9._%+'-]*[A-Za-z0-9._%+-])?@(?=[A-Za-z0-9-]+\.[A-Za-z])"
    rf"|(?={_DOMAIN}(?![A-Za-z0-9-])))"
    rf"{_URL_CHARS}*(?:(?![.,;:!?)\]'”’]){_URL_CHARS})"
)


def urls(text: str) -> list[tuple[int, int]]:
    """The ranges (start, end) of the web and e-mail addresses written out in text."""
    return [m.span() for m in _URL.finditer(text)]


# A compound written with hyphens (non-commercial, hydro-meteorological, state-of-the-art)
_COMPOUND = re.compile(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)+(?![\w-])")


def compounds(text: str) -> list[tuple[int, int]]:
    """The ranges of the words written with hyphens of their own: a line may break at
    those hyphens, never inside a part (non-commer-cial reads as a word broken twice)."""
    return [m.span() for m in _COMPOUND.finditer(text)]


_HYPHENED = re.compile(r"-+[^-]?")
_ADDRESS_BREAK = re.compile(r"(?<=[/?&=#])(?=[^/])|(?<=.)(?=[.@-])")


def address_lines(address: str) -> tuple[list[tuple[int, int]], list[int]]:
    """Where an address may break, as a typesetter breaks one (never with a hyphen added):
    the ranges no line may break inside, each hyphen (or run of them) with the character
    after it (a line ending at the address's own hyphen reads as a hyphenated word), and the
    offsets a line may break before: after a slash (after the // of the scheme), a ? & = or
    #, and before a dot, the @ or a hyphen (the Chicago Manual's breaks: the hyphen starts
    the next line, so it is read as part of the address); none inside the ranges kept."""
    kept = [m.span() for m in _HYPHENED.finditer(address)]
    breaks = [
        m.start()
        for m in _ADDRESS_BREAK.finditer(address)
        if 0 < m.start() < len(address) and not any(a < m.start() < b for a, b in kept)
    ]
    return kept, breaks
