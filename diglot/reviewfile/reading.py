"""A returned review file read, untrusted (through wordml.read): its export data and its
table of rows, each cell as paragraphs of runs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import jsonlimits
from ..wordml import read
from ..wordml.read import Refused
from .markup import COLUMNS, MAX_ROWS, Row, Segment


@dataclass(frozen=True)
class FileRow:
    number: int  # the table row, from 1 (the header row not counted)
    cells: list[list[list[Segment]]]  # per cell, per paragraph, the runs


@dataclass(frozen=True)
class ReviewFile:
    info: dict
    recorded: list[Row]
    rows: list[FileRow]
    author: str | None  # from the file's properties: last modified by, else creator


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
    return ReviewFile(info, recorded, _table(document, links), read.last_author(entries))


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
        found.append(FileRow(n, [read.cell_paragraphs(tc, links) for tc in cells]))
    return found


def cell_text(paragraphs: list[list[Segment]]) -> str:
    return "\n".join("".join(t for t, _, _ in p) for p in paragraphs).strip()
