"""A returned review file read, untrusted (through wordml.read): its export data, its table
of rows (each cell as paragraphs of runs, with its tracked changes accepted and as it was
before them, and the changes themselves), Word's comments with the row and column each is
anchored in, and the tracked changes made outside the table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import jsonlimits
from ..wordml import read
from ..wordml.read import Refused
from .markup import COLUMNS, MAX_ROWS, Row, Segment


@dataclass(frozen=True)
class FileRow:
    number: int  # the table row, from 1 (the header row not counted)
    cells: list[list[list[Segment]]]  # per cell, per paragraph, the runs (changes accepted)
    original: list[list[list[Segment]]]  # the same, as before the tracked changes
    changes: list[list[read.Change]]  # per cell, its tracked changes
    row_changes: list[read.Change]  # the row itself inserted or deleted


@dataclass(frozen=True)
class AnchoredComment:
    """A Word comment and where it is anchored: the table row (from 1) and column, or None
    for a comment outside the rows of units (the heading, the instructions, the header)."""

    comment: read.Comment
    row: int | None
    column: int | None


@dataclass(frozen=True)
class ReviewFile:
    info: dict
    recorded: list[Row]
    rows: list[FileRow]
    author: str | None  # from the file's properties: last modified by, else creator
    comments: list[AnchoredComment] = field(default_factory=list)
    outside: list[read.Change] = field(default_factory=list)  # changes outside the table


def read_review(path: Path) -> ReviewFile:
    """The review file's properties and table; Refused with a located reason."""
    entries = read.read_zip(path, "a review file")
    document = read.parse_part("word/document.xml", entries["word/document.xml"])
    links = read.hyperlink_targets(entries)
    properties = read.custom_properties(entries)
    if "diglot" not in properties:
        raise Refused(
            "not a diglot review file: its document properties do not say which document it "
            "was exported from (export it with `python pipeline.py review-export`)"
        )
    try:
        info = jsonlimits.loads(properties["diglot"], max_depth=4)
    except jsonlimits.JsonProblem as exc:
        raise Refused(f"the diglot document property {exc.message}: it is damaged") from None
    if not (
        isinstance(info, dict)
        and jsonlimits.is_count(info.get("rows"), MAX_ROWS)
        and all(isinstance(info.get(key), str) for key in ("document", "source", "target"))
    ):
        raise Refused(
            "the diglot document property is damaged (it names the document, its languages "
            f"and a number of rows up to {MAX_ROWS:,})"
        )
    count = info["rows"]
    recorded = []
    for n in range(1, count + 1):
        value = properties.get(f"diglot.row.{n}", "").split(" ")
        if len(value) != 5:
            raise Refused(f"the document property diglot.row.{n} is missing or damaged")
        recorded.append(
            Row(value[0], value[1], "" if value[2] == "-" else value[2], value[3], value[4])
        )
    rows = _table(document, links)
    table = read.tables(document)[0]
    places: dict[Any, tuple[int, int]] = {}  # a table cell: (row, column)
    for n, tr in enumerate(read.rows(table)):
        for c, tc in enumerate(read.cells(tr)):
            places[tc] = (n, c)
    anchored = []
    anchors = read.comment_anchors(document)
    for comment_id, comment in read.comments(entries, links).items():
        row = column = None
        element = anchors.get(comment_id)
        while element is not None:
            if element in places:
                row, column = places[element]
                break
            element = element.getparent()
        if row == 0:  # the header row
            row = column = None
        anchored.append(AnchoredComment(comment, row, column))
    outside = _outside(document, table)
    return ReviewFile(info, recorded, rows, read.last_author(entries), anchored, outside)


def _outside(document, table) -> list[read.Change]:
    """The tracked changes of the body outside the table of units, and in its header row."""
    body = document.find(f"{{{read.W}}}body")
    found: list[read.Change] = []
    for child in body if body is not None else ():
        if child is table:
            header = read.rows(table)[:1]
            for tr in header:
                found += read.tracked_changes(tr)
            continue
        found += read.tracked_changes(child)
    return found


def _table(document, links: dict[str, str]) -> list[FileRow]:
    tables = read.tables(document)
    if not tables:
        raise Refused("word/document.xml: the file has no table (w:tbl) of units")
    rows = read.rows(tables[0])
    if not rows:
        raise Refused("word/document.xml: the table has no rows")
    found = []
    for n, tr in enumerate(rows[1:], 1):  # the first row is the header
        cells = read.cells(tr)
        spans = sum(read.cell_span(tc) for tc in cells)
        if len(cells) != COLUMNS or spans != COLUMNS:
            raise Refused(
                f"table row {n}: {len(cells)} cells where the review file has {COLUMNS} "
                "(merged or split cells, or a damaged table)"
            )
        trpr = tr.find(f"{{{read.W}}}trPr")
        found.append(
            FileRow(
                n,
                [read.cell_paragraphs(tc, links) for tc in cells],
                [read.cell_paragraphs(tc, links, "original") for tc in cells],
                [read.tracked_changes(tc) for tc in cells],
                read.tracked_changes(trpr) if trpr is not None else [],
            )
        )
    return found


def cell_text(paragraphs: list[list[Segment]]) -> str:
    return "\n".join("".join(t for t, _, _ in p) for p in paragraphs).strip()
