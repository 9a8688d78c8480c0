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
    """A Word comment and the rows of units its range covers: the first table row (from 1)
    and the column it starts in there, the last row and the column it ends in there (the
    same row for a comment on one unit; a column is None where the range starts before the
    row or ends after it, or is anchored on the row itself); row is None for a comment
    outside the rows of units (the heading, the instructions, the header)."""

    comment: read.Comment
    row: int | None
    column: int | None
    last_row: int | None = None  # None: the same as row
    last_column: int | None = None

    @property
    def rows(self) -> range:
        """The rows the comment covers, first to last."""
        if self.row is None:
            return range(0)
        return range(self.row, (self.last_row if self.last_row is not None else self.row) + 1)


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
    anchored = _anchored(document, table, len(rows), entries, links)
    outside = _outside(document, table)
    return ReviewFile(info, recorded, rows, read.last_author(entries), anchored, outside)


def _anchored(document, table, count: int, entries, links) -> list[AnchoredComment]:
    """Every comment that starts a thread (its replies with it) with the rows of units (1
    to count) its range covers: from the row its start is in to the row its end is in,
    whatever cells of those rows they are in."""
    places: dict[Any, tuple[int, int | None]] = {}  # a row or cell: (row, column)
    for n, tr in enumerate(read.rows(table)):
        places[tr] = (n, None)
        for c, tc in enumerate(read.cells(tr)):
            places[tc] = (n, c)
    body = document.find(f"{{{read.W}}}body")
    order = {child: i for i, child in enumerate(body if body is not None else ())}

    def place(element, end: bool) -> tuple[int, int | None] | None:
        """The row (0: the header row; -1: before the table; count + 1: after it) and column
        of a range's start or end."""
        child = None
        while element is not None:
            if element in places:
                return places[element]
            if element is table and child is not None:  # between rows: the row it touches
                step = child.getprevious if end else child.getnext
                neighbour = step()
                while neighbour is not None and neighbour not in places:
                    neighbour = neighbour.getprevious() if end else neighbour.getnext()
                if neighbour is None:
                    return (0 if end else count + 1), None
                return places[neighbour][0], None
            if element in order and table in order:  # in the body, outside the table
                return (-1 if order[element] < order[table] else count + 1), None
            child, element = element, element.getparent()
        return None

    found = []
    starts, ends = read.comment_anchors(document), read.comment_ends(document)
    for comment_id, comment in read.comments(entries, links).items():
        # a thread where its first comment is anchored (else where a reply is)
        ids = [comment_id, *(reply.id for reply in comment.replies)]
        start = place(next((starts[i] for i in ids if i in starts), None), end=False)
        stop = place(next((ends[i] for i in ids if i in ends), None), end=True)
        start, stop = start or stop, stop or start
        if start is None or stop is None:
            found.append(AnchoredComment(comment, None, None))
            continue
        if _before(stop, start):  # an end written before its start: what lies between
            start, stop = stop, start
        first, last = max(start[0], 1), min(stop[0], count)
        if first > last:  # in the heading, the instructions or the header row only
            found.append(AnchoredComment(comment, None, None))
            continue
        found.append(
            AnchoredComment(
                comment,
                first,
                start[1] if start[0] == first else None,
                last,
                stop[1] if stop[0] == last else None,
            )
        )
    return found


def _before(one: tuple[int, int | None], other: tuple[int, int | None]) -> bool:
    """Whether a place comes before another (a row's cells in order; the row itself, a
    column None, is neither before nor after its cells)."""
    if one[0] != other[0]:
        return one[0] < other[0]
    return one[1] is not None and other[1] is not None and one[1] < other[1]


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
                f"{len(cells)} cells where the review file has {COLUMNS} "
                "(merged or split cells, or a damaged table)",
                row=n,
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
