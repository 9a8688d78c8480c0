"""The rendered-output lint: what a PDF edition shows, read back from its bytes.

Run on every PDF right after it is rendered (in the PDF worker, diglot/writers/pdf.py), it
finds what no check of the content can see:

- pdf.overflow: a character drawn outside its page's text area (into a margin) or, in the
  side-by-side edition, outside its column (into the other one), by more than TOLERANCE;
  the running header and footer lie in the page's margin boxes by design and are left out;
- pdf.notdef: a character drawn with the .notdef glyph (a glyph the font lacks);
- pdf.font-not-embedded: a font the PDF uses but does not contain;
- pdf.punctuation-start: a line that starts with closing punctuation (，。、；：？！）》」』】…).

The positions come from pypdfium2 (PDFium: fast, in C); the fonts, the glyph codes the
content streams draw (a form's too) and the CMaps that map them from pikepdf (qpdf's
parser, in C++), which reads the PDF's objects without laying out its text. A finding
names the page and the text of its line; diagnostics() matches that line against the
layout's units to name the unit (and its place in the content).
"""

from __future__ import annotations

import ctypes
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..diagnostics import ERROR, Diagnostic, Location
from ..script import HAN, LINE_START_PROHIBITED, quoted
from ._pdffonts import fonts_and_codes, without_subset_tag

# How far a glyph's ink may stray beyond its area (pt): the overhang of an "f" or a "J"
# and the rounding of justified lines stay below it; a real overflow is far more.
TOLERANCE = 1.0

# Closing punctuation no Chinese line may start with (CLREQ: line-start prohibited), less
# the ellipsis and the middle dots, with which a line of English may start.
CLOSING = LINE_START_PROHIBITED - set("…·・")


@dataclass(frozen=True)
class Rect:
    """A rectangle in PDF points, from the bottom left of the page."""

    left: float
    bottom: float
    right: float
    top: float

    def holds(self, left: float, bottom: float, right: float, top: float) -> bool:
        return (
            left >= self.left - TOLERANCE
            and right <= self.right + TOLERANCE
            and bottom >= self.bottom - TOLERANCE
            and top <= self.top + TOLERANCE
        )


@dataclass(frozen=True)
class PageFrame:
    """Where a page may hold text: its text area (the page less its @page margins), the
    columns across it (left, right; one for a language edition) and the margin boxes
    (running header, page number), where text lies by design."""

    area: Rect
    columns: tuple[tuple[float, float], ...]
    margin_boxes: tuple[Rect, ...] = ()
    # a table across the columns (side by side, one too wide for its column), with its
    # language's column: its lines may cross the column edge
    wide: tuple[tuple[Rect, int], ...] = ()


@dataclass(frozen=True)
class Finding:
    """One problem of a rendered PDF: its code, page (from 1), the column of its line (0 is
    the first), the text of the line, and what is wrong."""

    code: str
    page: int
    column: int
    line: str
    message: str
    before: str = ""  # the text of the lines drawn just before and after it (its unit's
    after: str = ""  # text around a line too short to tell the unit)


def column_edges(area: Rect, weights: Sequence[float]) -> tuple[tuple[float, float], ...]:
    """The columns of a side-by-side page, in proportion to the profiles' column-weight."""
    total = float(sum(weights)) or 1.0
    edges, x = [], area.left
    for weight in weights:
        width = (area.right - area.left) * weight / total
        edges.append((x, x + width))
        x += width
    return tuple(edges)


# --- positions (PDFium) -----------------------------------------------------------------


@dataclass
class _Char:
    index: int
    char: str
    left: float
    bottom: float
    right: float
    top: float
    baseline: float
    x: float


def _page_text(textpage) -> tuple[str, int]:
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count <= 0:
        return "", 0
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    pdfium_c.FPDFText_GetText(
        textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    return buffer.raw[: 2 * count].decode("utf-16-le", "surrogatepass"), count


def _lines(textpage, text: str, count: int) -> list[list[_Char]]:
    """The page's drawn characters (spaces and generated ones left out) in drawing order,
    cut into lines: a line ends where the baseline changes, where the text goes back to
    the left, or where it jumps ahead further than a word space (into another column)."""
    rect = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    loose, origin = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin
    lines: list[list[_Char]] = []
    line: list[_Char] = []
    for i in range(count):
        char = text[i]
        if char.isspace() or "\udc00" <= char <= "\udfff":  # a pair is drawn as its first half
            continue
        loose(textpage, i, rect)
        origin(textpage, i, x, y)
        if rect.right - rect.left <= 0 and rect.top - rect.bottom <= 0:
            continue
        if "\ud800" <= char <= "\udbff" and i + 1 < count:
            char += text[i + 1]
        current = _Char(i, char, rect.left, rect.bottom, rect.right, rect.top, y.value, x.value)
        if line:
            last = line[-1]
            size = max(current.top - current.bottom, last.top - last.bottom)
            if (
                abs(current.baseline - last.baseline) > 0.3
                or current.x < last.x - 0.5
                or current.left - last.right > 0.8 * size
            ):
                lines.append(line)
                line = []
        line.append(current)
    if line:
        lines.append(line)
    return lines


def _line_text(text: str, line: list[_Char]) -> str:
    """The text of a line as drawn, spaces included."""
    return text[line[0].index : line[-1].index + len(line[-1].char)].replace("\r\n", " ").strip()


def _place(
    frame: PageFrame, left: float, bottom: float, right: float, top: float
) -> tuple[int, Rect]:
    """The column a text at this place belongs to, and the rectangle it must stay in: its
    column of the text area, or the whole text area in a table set across the columns."""
    area = frame.area
    for rect, number in frame.wide:
        middle = (bottom + top) / 2
        if rect.left - TOLERANCE <= left <= rect.right and rect.bottom <= middle <= rect.top:
            return number, area
    number = _column_of(frame, left)
    column_left, column_right = frame.columns[number]
    return number, Rect(
        max(column_left, area.left), area.bottom, min(column_right, area.right), area.top
    )


def _column_of(frame: PageFrame, x: float) -> int:
    for number, (_, right) in enumerate(frame.columns):
        if x < right - TOLERANCE or number == len(frame.columns) - 1:
            return number
    return 0


def _suspects(textpage, text: str, frame: PageFrame) -> bool:
    """Whether a page may hold a finding, from its text and the boxes of its text objects
    (a run of one font on one line): one outside the text area or across a column edge, a
    run that continues a line of another column, or a closing punctuation mark after a
    line break or a space. Only such a page is read character by character."""
    if any(char in CLOSING and (i == 0 or text[i - 1].isspace()) for i, char in enumerate(text)):
        return True
    count = pdfium_c.FPDFText_CountRects(textpage, 0, -1)
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    previous: tuple[float, float, float, float, int] | None = None
    for i in range(count):
        pdfium_c.FPDFText_GetRect(textpage, i, left, top, right, bottom)
        box = (left.value, bottom.value, right.value, top.value)
        number, column = _place(frame, *box)
        if not column.holds(*box):
            if any(m.holds(*box) for m in frame.margin_boxes):
                previous = None  # the running header or the page number
                continue
            return True
        if previous is not None and number != previous[4]:
            overlap = min(box[3], previous[3]) - max(box[1], previous[1])
            gap = box[0] - previous[2]
            if overlap > 0.5 * (box[3] - box[1]) and -0.5 <= gap <= 0.8 * (box[3] - box[1]):
                return True  # one line across a column edge
        previous = (*box, number)
    return False


def _geometry(page_number: int, textpage, frame: PageFrame) -> tuple[list[Finding], str, list]:
    text, count = _page_text(textpage)
    findings: list[Finding] = []
    if not _suspects(textpage, text, frame):
        return findings, text, []
    lines = _lines(textpage, text, count)
    area = frame.area
    for at, line in enumerate(lines):
        body = [
            c
            for c in line
            if area.holds(c.left, c.bottom, c.right, c.top)
            or not any(m.holds(c.left, c.bottom, c.right, c.top) for m in frame.margin_boxes)
        ]
        if not body:
            continue  # the running header or the page number
        first_char = body[0]
        number, column = _place(
            frame, first_char.x, first_char.bottom, first_char.right, first_char.top
        )
        outside = [c for c in body if not column.holds(c.left, c.bottom, c.right, c.top)]
        words = _line_text(text, line)
        around = {
            "before": "".join(_line_text(text, x) for x in lines[max(0, at - 3) : at]),
            "after": "".join(_line_text(text, x) for x in lines[at + 1 : at + 4]),
        }
        if outside:
            findings.append(
                Finding(
                    "pdf.overflow",
                    page_number,
                    number,
                    words,
                    _overflow(text, line, outside, column, frame, number),
                    **around,
                )
            )
        first = body[0].char
        if first in CLOSING and (first not in "”’" or HAN.search(words)):
            findings.append(
                Finding(
                    "pdf.punctuation-start",
                    page_number,
                    number,
                    words,
                    f"the line starts with the closing punctuation '{first}'",
                    **around,
                )
            )
    return findings, text, lines


def _overflow(
    text: str, line: list[_Char], outside: list[_Char], column: Rect, frame: PageFrame, number: int
) -> str:
    beyond = {
        "right": max(c.right - column.right for c in outside),
        "left": max(column.left - c.left for c in outside),
        "top": max(c.top - column.top for c in outside),
        "bottom": max(column.bottom - c.bottom for c in outside),
    }
    side, distance = max(beyond.items(), key=lambda item: item[1])
    chars = text[outside[0].index : line[-1].index + len(line[-1].char)].replace("\r\n", " ")
    shown = quoted(chars, 24)
    if side in ("left", "right") and len(frame.columns) > 1:
        inner = (side == "right" and number < len(frame.columns) - 1) or (
            side == "left" and number > 0
        )
        if inner:
            return (
                f"'{shown}' runs {distance:.1f} pt past the {side} edge of its column, "
                f"into the column on its {side}"
            )
    return f"'{shown}' runs {distance:.1f} pt into the {side} margin"


# --- the lint -----------------------------------------------------------------------------


def lint(pdf: bytes, frames: Sequence[PageFrame]) -> list[Finding]:
    """Every finding of a PDF's pages, page by page (frames: one per page, in order; a page
    without one is checked against the last)."""
    findings: list[Finding] = []
    document = pdfium.PdfDocument(pdf)
    try:
        pages: dict[int, tuple[str, list]] = {}
        textpages = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            textpages.append((page, textpage))
            frame = frames[min(index, len(frames) - 1)]
            found, text, lines = _geometry(index + 1, textpage.raw, frame)
            findings.extend(found)
            pages[index + 1] = (text, lines)
        for number, missing, notdefs in fonts_and_codes(pdf):
            text, lines = pages.get(number, ("", []))
            frame = frames[min(number - 1, len(frames) - 1)]
            for name in dict.fromkeys(missing):
                line = next(iter(_lines_in_font(textpages[number - 1][1].raw, name, text)), None)
                findings.append(
                    Finding(
                        "pdf.font-not-embedded",
                        number,
                        _column_of(frame, line[0].x) if line else 0,
                        _line_text(text, line) if line else "",
                        f"the font '{name}' is not embedded in the PDF",
                    )
                )
            for font, code, char in notdefs:
                shown = f"'{char}' (U+{ord(char[0]):04X}) " if char else f"the code {code} "
                in_font: list[list[_Char] | None] = [
                    *_lines_in_font(textpages[number - 1][1].raw, font.name, text, char)
                ]
                for line in in_font or [None]:
                    findings.append(
                        Finding(
                            "pdf.notdef",
                            number,
                            _column_of(frame, line[0].x) if line else 0,
                            _line_text(text, line) if line else "",
                            f"{shown}is drawn as a missing glyph (.notdef): the font "
                            f"'{font.name}' has no glyph for it",
                        )
                    )
        for page, textpage in textpages:
            textpage.close()
            page.close()
    finally:
        document.close()
    return findings


def _font_name(textpage, index: int) -> str:
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    size = pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, 256, flags)
    return without_subset_tag(buffer.raw[: max(0, size - 1)].decode("utf-8", "replace"))


def _lines_in_font(textpage, name: str, text: str, char: str = "") -> list[list[_Char]]:
    """The lines (read for the purpose) that hold a character in the named font (the
    character char, if given), each once."""
    lines = _lines(textpage, text, len(text))
    found = []
    for line in lines:
        if any(
            (not char or c.char == char) and _font_name(textpage, c.index) == name for c in line
        ):
            found.append(line)
    return found


# --- findings as diagnostics --------------------------------------------------------------


def _normal(text: str) -> str:
    """Text without spaces, soft hyphens and zero-width spaces, for matching lines."""
    return "".join(
        c
        for c in unicodedata.normalize("NFC", text).casefold()
        if not c.isspace() and c not in "\u00ad\u200b"
    )


def _units_of(line: str, units: Sequence[tuple[str, Any]]) -> list[Any]:
    """The units whose text holds the line, in the document's order (first the whole line,
    then without a hyphen drawn at its end, then without its first word: a generated
    number)."""
    text = _normal(line)
    tries = [text]
    if text.endswith(("-", "‐")):
        tries.append(text[:-1])
    words = line.split(None, 1)
    if len(words) == 2:
        rest = _normal(words[1])
        tries += [rest, rest.rstrip("-‐")]
    for wanted in tries:
        if len(wanted) < 2:
            continue
        found = [unit for plain, unit in units if wanted in plain]
        if found:
            return found
    for end in range(len(text) - 1, max(3, len(text) // 2) - 1, -1):  # a line that runs on
        found = [unit for plain, unit in units if text[:end] in plain]  # into a generated
        if found:  # text (a leader's mark)
            return found
    return []


def _unit_of(line: str, units: Sequence[tuple[str, Any]]) -> Any:
    """The first unit whose text holds the line, or None."""
    found = _units_of(line, units)
    return found[0] if found else None


def _in_context(
    finding: Finding, rows: Sequence[tuple[str, Any, Any]], among: Sequence[Any]
) -> Any:
    """Of the units a line may belong to (among; any when empty), the one whose texts, read
    in order (a table row's cells one after another), also hold the lines drawn next to it:
    a figure or a word found in several units (40%, 1,800,000, Total) is told apart by its
    neighbours (the other cells of its row)."""
    line = _normal(finding.line)
    ids = {id(unit) for unit, _field in among}
    for context in (
        finding.before + finding.line + finding.after,
        finding.before + finding.line,
        finding.line + finding.after,
    ):
        wanted = _normal(context)
        if wanted == line:
            continue
        for joined, unit, fields in rows:
            if (not ids or id(unit) in ids) and wanted in joined:
                field = next((f for f in fields if line and line in _normal(f.plain)), fields[0])
                return unit, field
    return None


def diagnostics(
    findings: Iterable[Finding], layout, edition: str, template: Location
) -> list[Diagnostic]:
    """The findings as located diagnostics: at the unit whose text the line shows (its
    field's place in the content), else at the template, with the page and the line."""
    findings = list(findings)
    if not findings:
        return []
    units = [
        [
            (_normal(field.plain), (unit, field))
            for unit in column.document.units()
            for field in unit.fields
        ]
        for column in layout.columns
    ]
    rows = [
        [
            ("".join(_normal(field.plain) for field in unit.fields), unit, unit.fields)
            for unit in column.document.units()
            if unit.fields
        ]
        for column in layout.columns
    ]
    result = []
    for finding in findings:
        column = min(finding.column, len(units) - 1)
        found = None
        candidates = _units_of(finding.line, units[column]) if finding.line else []
        if len(candidates) > 1 or len(_normal(finding.line)) < 4:  # a line found in several
            # units, or a short one (a few characters of a narrow cell) that may occur in
            # any: first with its neighbours, which tell the unit
            found = _in_context(finding, rows[column], candidates)
        if found is None and candidates:
            found = candidates[0]
        if found is None and finding.line:  # a line that overflowed from another column
            found = next((u for c in units if (u := _unit_of(finding.line, c)) is not None), None)
        shown = quoted(finding.line)
        line = f" in the line '{shown}'" if finding.line else ""
        where = f"{edition}, page {finding.page}"
        if found is not None:
            unit, field = found
            message = f"{where}: '{unit.id}'{line}: {finding.message}"
            result.append(Diagnostic(finding.code, ERROR, message, field.location, unit=unit.id))
        else:
            result.append(
                Diagnostic(finding.code, ERROR, f"{where}{line}: {finding.message}", template)
            )
    return result
