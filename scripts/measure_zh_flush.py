"""Share of full body lines in the Chinese PDF that end flush with the right margin.

A body line is a line of a body paragraph or of a recommendation that is not the
last line of its paragraph or item (those are meant to end short). It is flush when
its last glyph ends within 0.5 pt of the text block's right edge.

    .venv/bin/python scripts/measure_zh_flush.py [build/<doc>/<doc>.zh.pdf ...]
"""

from __future__ import annotations

import glob
import re
import sys
from dataclasses import dataclass

import pdfplumber

TOLERANCE = 0.5
BODY_SIZE = 11.0
CLOSING = "，。、；：？！）》」』”’〉】〕…"


@dataclass
class Line:
    page: int
    top: float
    x0: float
    x1: float
    text: str
    bold: bool
    size: float
    sans_start: bool


def lines_of(pdf_path: str) -> tuple[list[Line], float, float]:
    lines: list[Line] = []
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            rows: dict[float, list] = {}
            for char in page.chars:
                if char["size"] < 9.5 or not char["text"].strip():
                    continue  # running header and footer
                rows.setdefault(round(char["top"]), []).append(char)
            for top in sorted(rows):
                chars = sorted(rows[top], key=lambda c: c["x0"])
                lines.append(
                    Line(
                        number,
                        top,
                        chars[0]["x0"],
                        chars[-1]["x1"],
                        "".join(c["text"] for c in chars),
                        all("Bold" in c["fontname"] for c in chars),
                        max(c["size"] for c in chars),
                        "Sans" in chars[0]["fontname"],
                    )
                )
    body = [line for line in lines if abs(line.size - BODY_SIZE) < 0.2]
    left = min(line.x0 for line in body)
    # the right margin: where most lines end (a line's last mark set half width, as
    # adjacent punctuation is, is drawn with its full advance and ends further right)
    ends: dict[float, int] = {}
    for line in body:
        ends[round(line.x1, 1)] = ends.get(round(line.x1, 1), 0) + 1
    right = max(ends, key=lambda end: (ends[end], end))
    return lines, left, right


def classify(line: Line, left: float, previous: str) -> str:
    """What a line is, from where it starts: body paragraphs are indented 2 em on their
    first line; list items hang their number left of a text column 2 em in."""
    if abs(line.size - BODY_SIZE) > 0.2 or line.bold or line.sans_start:
        return "other"  # headings, labels, delegation rows (names are set in the sans)
    indent = left + 2 * BODY_SIZE
    # (a number of two digits fills its hanging 1.5 em and starts at the margin itself)
    if re.match(r"^\d+\.(?!\d)", line.text) and line.x0 < indent - 1:
        return "item-start"
    if abs(line.x0 - left) < 1:
        return "paragraph-continuation"
    if abs(line.x0 - indent) < 1:
        return "item-continuation" if previous.startswith("item") else "paragraph-start"
    return "other"


def measure(pdf_path: str) -> tuple[int, int, list[Line], list[Line]]:
    lines, left, right = lines_of(pdf_path)
    kinds: list[str] = []
    for line in lines:
        kinds.append(classify(line, left, kinds[-1] if kinds else "other"))
    full, flush, ragged = 0, 0, []
    for i, line in enumerate(lines[:-1]):
        kind, following = kinds[i], kinds[i + 1]
        continues = (kind.startswith("paragraph") and following == "paragraph-continuation") or (
            kind.startswith("item") and following == "item-continuation"
        )
        if not continues:
            continue
        full += 1
        # a closing mark set half width at the line's end keeps its full advance in the
        # PDF's font widths: it reads up to half an em past the margin
        half = BODY_SIZE / 2 if line.text[-1:] in CLOSING else 0
        if right - TOLERANCE <= line.x1 <= right + TOLERANCE + half:
            flush += 1
        else:
            ragged.append(line)
    bad_starts = [line for line in lines if line.text[:1] in CLOSING]
    return full, flush, ragged, bad_starts


def main(paths: list[str]) -> int:
    paths = paths or sorted(glob.glob("build/*/*.zh.pdf"))
    if not paths:
        print("no Chinese PDF found; run `python pipeline.py build` first", file=sys.stderr)
        return 2
    for path in paths:
        full, flush, ragged, bad_starts = measure(path)
        share = flush / full if full else 0.0
        print(
            f"{path}: {flush} of {full} full body lines end flush with the right margin "
            f"(±{TOLERANCE} pt): {share:.1%}"
        )
        for line in ragged:
            print(f"  ragged, page {line.page}: {line.text[-12:]}  ({line.x1:.1f} pt)")
        for line in bad_starts:
            print(f"  closing punctuation at a line start, page {line.page}: {line.text[:12]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
