"""The typographic lint: what a proofreader checks on a rendered page, from the lines as they
were laid out (writers/_boxes.py reads them in the PDF worker).

Each rule has a code, a default severity and a project setting (`[checks.severity]` in
diglot.toml, like the translation checks; the rules are listed in diglot/typorules.py), and
each finding names the edition, the page and the unit. The rules:

- typo.hyphen-ladder: more than MAX_LADDER hyphenated lines in a row;
- typo.hyphen-last: the last word of a paragraph or cell hyphenated (a last line that is a
  fragment, "ation."), unless the paragraph planner chose it because every other way to
  break the paragraph left a line looser than WORD_GAP (writers/_paragraphs.py);
- typo.hyphen-page: a word hyphenated, or a web or e-mail address broken, across a page (or
  a column's page) break;
- typo.hyphen-heading: a hyphenated title, heading, name, label or ragged line;
- typo.loose-line: a justified line of a script with spaces whose widest word gap is over
  WORD_GAP times the font's space, or which holds one word (no space to stretch) and
  fills less than ONE_WORD_FILL of its measure;
- typo.loose-cjk: a Chinese line spread by more than CJK_GAP em between characters, or a
  justified one (not its text's last) left more than CJK_SHORT em short of its measure
  rather than spread so far (before a long word, number or address part that cannot break);
- typo.cjk-word-break: a Chinese title, heading or table cell broken inside a word (the words of the
  same segmenter the editions break by, diglot/linebreak.py);
- typo.cjk-single: one Chinese character alone on the last line of a text;
- typo.word-split: a word of a script with spaces broken across lines without a hyphen
  (a line that ends in a letter or digit, the next beginning with one: `catalog` / `ue`),
  where no break was allowed (a space, a hyphen, an address's own break point);
- typo.widow, typo.orphan: one line of a paragraph or cell alone at the head (widow) or
  foot (orphan) of a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Location
from ..script import HAN, TRAILING_PUNCTUATION, quoted, without_break_hints
from ..typorules import BY_ID, CJK_GAP, CJK_SHORT, MAX_LADDER, WORD_GAP

ONE_WORD_FILL = 0.75  # the least share of its measure a justified line of one word fills


@dataclass(frozen=True)
class TextLine:
    """One laid-out line: its page (from 1), column (side by side), block (the paragraph,
    heading or cell paragraph it belongs to, numbered in reading order), text, language,
    role (title, heading, name, label, body, ragged), unit id, whether it ends with an added
    hyphen, its widest word gap (a multiple of the space; 0: none), the space added
    between its characters (em) and, for a justified line of one word, how much of its
    measure it fills."""

    page: int
    column: int
    block: int
    text: str
    lang: str
    role: str
    unit: str | None
    hyphen: bool = False
    word_gap: float = 0.0
    char_gap: float = 0.0
    fill: float = 1.0  # of a justified line of one word (no space to stretch): how much of
    # its measure it fills
    split: bool = False  # the line ends inside a word (no hyphen added)
    short: float = 0.0  # a justified line of Chinese: how far (ems) it ends before its
    # measure's end
    final: bool = False  # hyphenated in the text's last word by the planner's last resort


@dataclass(frozen=True)
class Finding:
    """One typographic problem: its code, page, column, unit, the line's text and what is
    wrong."""

    code: str
    page: int
    column: int
    unit: str | None
    line: str
    message: str


def _blocks(lines: Sequence[TextLine]) -> dict[int, list[TextLine]]:
    found: dict[int, list[TextLine]] = {}
    for line in lines:
        found.setdefault(line.block, []).append(line)
    return found


def _finding(code: str, line: TextLine, message: str) -> Finding:
    return Finding(code, line.page, line.column, line.unit, line.text, message)


def lint(
    lines: Sequence[TextLine], breaks: Mapping[str, Iterable[int]] | None = None
) -> list[Finding]:
    """Every typographic finding of a document's lines. breaks: the places (offsets) where
    each Chinese title or heading may break, by its text."""
    breaks = breaks or {}
    found: list[Finding] = []
    for block in _blocks(lines).values():
        found.extend(_hyphens(block))
        found.extend(_spacing(block))
        found.extend(_splits(block))
        found.extend(_cjk(block, breaks))
        found.extend(_words(block))
    found.sort(key=lambda f: (f.page, f.column))
    return found


def _hyphens(block: list[TextLine]) -> Iterable[Finding]:
    for line, after in zip(block, block[1:]):
        if after.page != line.page and line.text.rstrip(" ").endswith("\u200b"):
            # a line ended at an address's own break point (its <wbr>): the address is cut
            # in two across the pages, as a hyphenated word would be
            yield _finding(
                "typo.hyphen-page",
                line,
                f"an address is broken across the break to page {after.page}",
            )
    run = 0
    for at, line in enumerate(block):
        run = run + 1 if line.hyphen else 0
        if not line.hyphen:
            continue
        if run == MAX_LADDER + 1:
            yield _finding(
                "typo.hyphen-ladder",
                line,
                f"{run} hyphenated lines in a row (at most {MAX_LADDER})",
            )
        if line.role != "body":
            yield _finding("typo.hyphen-heading", line, f"a {line.role} line is hyphenated")
        following = block[at + 1] if at + 1 < len(block) else None
        if following is None:
            continue
        if following is block[-1] and " " not in following.text.strip() and not line.final:
            yield _finding(
                "typo.hyphen-last",
                following,
                "the last word of the text is hyphenated: its last line is a fragment",
            )
        if following.page != line.page:
            yield _finding(
                "typo.hyphen-page",
                line,
                f"a word is hyphenated across the break to page {following.page}",
            )


def _spacing(block: list[TextLine]) -> Iterable[Finding]:
    for line in block[:-1]:  # the last line of a text is not justified
        if line.fill < ONE_WORD_FILL:
            yield _finding(
                "typo.loose-line",
                line,
                f"a justified line holds one word and fills {line.fill:.0%} of its measure",
            )
        if line.short > CJK_SHORT:
            yield _finding(
                "typo.loose-cjk",
                line,
                f"the justified line ends {line.short:.1f} em short of its measure (filling "
                f"it would spread its characters more than {CJK_GAP:g} em apart)",
            )
    for line in block:
        if line.word_gap > WORD_GAP:
            yield _finding(
                "typo.loose-line",
                line,
                f"a word gap is {line.word_gap:.1f} times a space (at most {WORD_GAP:g})",
            )
        if line.char_gap > CJK_GAP + 1e-6:
            yield _finding(
                "typo.loose-cjk",
                line,
                f"the characters are spread {line.char_gap:.2f} em apart (at most {CJK_GAP:g})",
            )


def _splits(block: list[TextLine]) -> Iterable[Finding]:
    if len(block) < 2 or block[0].page == block[-1].page:
        return
    first = [line for line in block if line.page == block[0].page]
    last = [line for line in block if line.page == block[-1].page]
    if len(first) == 1:
        yield _finding(
            "typo.orphan",
            first[0],
            f"the first line of the text stands alone at the foot of page {first[0].page}",
        )
    if len(last) == 1:
        yield _finding(
            "typo.widow",
            last[0],
            f"the last line of the text stands alone at the head of page {last[0].page}",
        )


def _cjk(block: list[TextLine], breaks: Mapping[str, Iterable[int]]) -> Iterable[Finding]:
    last = block[-1]
    if not HAN.search(last.text):
        return
    if len(block) > 1:
        trailing = TRAILING_PUNCTUATION.search(last.text)
        body = last.text[: trailing.start()] if trailing else last.text
        if len(body) == 1 and HAN.match(body):
            yield _finding(
                "typo.cjk-single",
                last,
                f"one character ('{body}') stands alone on the last line",
            )
    if len(block) < 2:  # (the texts given breaks: titles, headings and table cells)
        return
    whole = "".join(line.text for line in block)
    allowed = breaks.get(whole)
    if allowed is None:
        return
    allowed = set(allowed)
    what = block[0].role if block[0].role in ("title", "heading") else "cell"
    at = 0
    for line, following in zip(block, block[1:]):
        at += len(line.text)
        if at not in allowed:
            before, after = without_break_hints(line.text), without_break_hints(following.text)
            yield _finding(
                "typo.cjk-word-break",
                following,
                f"the {what} breaks inside a word: '{before[-2:]}/{after[:2]}'",
            )


def _words(block: list[TextLine]) -> Iterable[Finding]:
    for line, following in zip(block, block[1:]):
        if not line.split:
            continue
        before, after = without_break_hints(line.text), without_break_hints(following.text)
        yield _finding(
            "typo.word-split",
            following,
            f"a word is broken without a hyphen: '{before[-4:]}/{after[:4]}'",
        )


def diagnostics(
    findings: Iterable[Finding],
    layout,
    edition: str,
    template: Location,
    severity: Mapping[str, str] | None = None,
) -> list[Diagnostic]:
    """The findings as diagnostics at their unit (its first text's place in the content of
    the finding's column), else at the template; each rule at the severity the project
    set, its default otherwise (off: not reported)."""
    severity = severity or {}
    units = [{u.id: u for u in column.document.units()} for column in layout.columns]
    result = []
    for finding in findings:
        level = severity.get(finding.code, BY_ID[finding.code].severity)
        if level == "off":
            continue
        shown = quoted(finding.line)
        where = f"{edition}, page {finding.page}"
        column = units[min(finding.column, len(units) - 1)]
        unit = column.get(finding.unit) if finding.unit else None
        if unit is not None and unit.fields:
            message = f"{where}: '{unit.id}' in the line '{shown}': {finding.message}"
            location = unit.fields[0].location
        else:
            message = f"{where}, in the line '{shown}': {finding.message}"
            location = template
        result.append(Diagnostic(finding.code, level, message, location, unit=finding.unit))
    return result
