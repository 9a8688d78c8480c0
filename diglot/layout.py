"""The layout every edition is written from: a document in one or more languages (columns) as
a tree of blocks with their generated numbers, labels, anchors and languages, computed once.

A single-language edition is a layout with one column; the side-by-side edition is the same
layout with two, and `rows()` flattens it into the rows of its table. Writers read blocks by
role (section, paragraph, list, item, person, table, row, header-row), never by document type.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .languages import Profile
from .locale import EditionLocale
from .model import Document, Unit
from .script import advance, is_wide, text_ems
from .types import DocumentType, Kind


@dataclass(frozen=True)
class Column:
    """One language of a layout: its document, profile and labels."""

    document: Document
    profile: Profile
    locale: EditionLocale

    @property
    def lang(self) -> str:
        return self.document.lang


@dataclass(frozen=True)
class Cell:
    """One language's side of a block: its unit (text fields by slot), its generated number
    and the label shown before its children."""

    unit: Unit | None
    number: str | None = None
    label: str | None = None
    slots: dict = field(default_factory=dict, compare=False)  # slot -> Field, or [Field] (cells)


@dataclass(frozen=True)
class Block:
    role: str
    kind: str
    id: str | None
    level: int  # a section's heading level (1-3); an item's list depth (1, 2, ...)
    cells: tuple[Cell, ...]  # one per column, in column order
    children: tuple[Block, ...] = ()
    first: bool = False  # the first of its kind in its list

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class TitleCell:
    """One language's title block: text units by field name, the date as written and as
    ISO, codes, and the closing line (a type with closing: date-place)."""

    units: dict
    date: str | None
    date_iso: str | None
    codes: dict
    closing: str | None
    organisers: tuple[str, ...]
    # The running header's text by title field (series, title): short forms that fit on
    # one line of a page's header box (running_text).
    running: dict = field(default_factory=dict, compare=False)


# The widths running headers may take, in ems of their own type. One header line of the
# language editions holds the series (left) and the title (right): 49 em of 8.5 pt in the
# 418 pt text block, less a gap. The side-by-side edition's holds one text per language:
# 60 em of 8 pt, half each less a gap.
RUNNING_LINE_EMS = 46.0
RUNNING_EMS = 28.0
ELLIPSIS = "\u2026"


def running_text(text: str, ems: float = RUNNING_EMS) -> str:
    """A text short enough for one line of `ems`: whole, or cut at the last word boundary
    (a space; between two CJK characters) that leaves room for an ellipsis."""
    text = " ".join(text.split())
    if text_ems(text) <= ems:
        return text
    budget = ems - advance(ELLIPSIS)
    width, cut, boundary = 0.0, 0, 0
    for i, char in enumerate(text):
        width += advance(char)
        if width > budget:
            break
        cut = i + 1
        following = text[i + 1] if i + 1 < len(text) else " "
        if following == " " or (is_wide(char) and is_wide(following)):
            boundary = i + 1
    return text[: boundary or cut].rstrip(" ,;:-\u2014\u00b7\uff0c\u3001\uff1b\uff1a") + ELLIPSIS


def running_texts(texts: dict[str, str]) -> dict[str, str]:
    """The running header's texts of one language (series, title), each within
    RUNNING_EMS and together within RUNNING_LINE_EMS: the shorter keeps up to half of the
    line, the longer takes the rest."""
    widths = {name: min(text_ems(" ".join(t.split())), RUNNING_EMS) for name, t in texts.items()}
    budgets = dict.fromkeys(texts, RUNNING_EMS)
    if sum(widths.values()) > RUNNING_LINE_EMS and len(texts) == 2:
        short, long = sorted(texts, key=lambda name: widths[name])
        budgets[short] = min(widths[short], RUNNING_LINE_EMS / 2)
        budgets[long] = RUNNING_LINE_EMS - budgets[short]
    return {name: running_text(text, budgets[name]) for name, text in texts.items()}


@dataclass(frozen=True)
class Row:
    """A row of the side-by-side table: part is series, title, subtitle, reference, place,
    heading, label, body or closing; block is None for the title block's rows."""

    part: str
    block: Block | None
    anchor: str | None = None  # the id of an untitled section that starts here
    title_id: str | None = None  # a title-block row's unit id
    depth: int = 0  # how many paragraphs and items the block stands in (its indent)

    @property
    def id(self) -> str | None:
        if self.block is None:
            return self.title_id
        return None if self.part == "label" else self.block.id


@dataclass(frozen=True)
class Layout:
    doc_id: str
    type: DocumentType
    columns: tuple[Column, ...]
    title: tuple[TitleCell, ...]
    body: tuple[Block, ...]
    # where each Chinese title or heading may break, by its text (with_breaks)
    breaks: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(c.lang for c in self.columns)

    def blocks(self):
        for block in self.body:
            yield from block.walk()

    def contents(self) -> list[Block]:
        """The top-level sections that have a heading or a number: the table of contents."""
        return [
            b
            for b in self.body
            if b.role == "section"
            and b.level == 1
            and any(c.slots.get("heading") or c.number for c in b.cells)
        ]

    def rows(self) -> list[Row]:
        """The side-by-side rows in document order."""
        first = self.title[0]

        def title_id(part: str) -> str | None:
            unit = first.units.get(part)
            return unit.id if unit is not None else None

        rows = [
            Row(part, None, title_id=title_id(part))
            for part in ("series", "title", "subtitle", "reference")
            if any(part in t.units or part in t.codes for t in self.title)
        ]
        if any(t.date or "place" in t.units for t in self.title):
            rows.append(Row("place", None, title_id=title_id("place")))
        pending: list[str] = []  # untitled sections waiting for their first row

        def add(row: Row) -> None:
            if pending and row.part != "label":
                row = Row(row.part, row.block, pending.pop(0), depth=row.depth)
            rows.append(row)

        def visit(block: Block, depth: int = 0) -> None:
            if block.role == "section":
                if any(c.slots.get("heading") or c.number for c in block.cells):
                    add(Row("heading", block))
                elif block.id:
                    pending.append(block.id)
            if block.role in ("section", "list") and any(c.label for c in block.cells):
                add(Row("label", block))
            if block.role in ("paragraph", "item", "person", "table"):
                add(Row("body", block, depth=depth))
            if block.role != "table":
                inner = depth + (block.role in ("paragraph", "item"))
                for child in block.children:
                    visit(child, inner)

        for block in self.body:
            visit(block)
        if any(t.closing for t in self.title):
            rows.append(Row("closing", None))
        return rows


TITLE_PARTS = ("series", "title", "subtitle")


def heading_texts(layout: Layout) -> list[tuple[Column, str]]:
    """Every title part and heading of a layout, with its column: the texts that break only
    between words and into balanced lines."""
    found = []
    for column, title in zip(layout.columns, layout.title):
        for part in TITLE_PARTS:
            unit = title.units.get(part)
            if unit is not None:
                found.append((column, unit.main.plain))
    for block in layout.blocks():
        if block.role != "section":
            continue
        for column, cell in zip(layout.columns, block.cells):
            heading = cell.slots.get("heading")
            if heading is not None:
                found.append((column, heading.plain))
    return found


def names(layout: Layout) -> set[str]:
    """The names a layout shows (persons, places, organisers): kept whole where a line
    breaks between words."""
    found = set()
    for block in layout.blocks():
        for cell in block.cells:
            name = cell.slots.get("name")
            if name is not None and not isinstance(name, list):
                found.add(name.plain)
    for title in layout.title:
        found.update(title.organisers)
        place = title.units.get("place")
        if place is not None:
            found.add(place.main.plain)
    return found


def with_breaks(layout: Layout, breaks_of) -> Layout:
    """The layout with the break places of its titles and headings in scripts written
    without spaces (breaks_of: text -> offsets, diglot/linebreak.py)."""
    breaks = {
        text: tuple(breaks_of(text))
        for column, text in heading_texts(layout)
        if column.profile.cjk and text
    }
    return replace(layout, breaks=breaks)


def build_layout(
    documents: list[Document], profiles: list[Profile], locales: list[EditionLocale]
) -> Layout:
    """The layout of one document in these languages (the first is the source; all are
    aligned, so every unit id is in every document)."""
    columns = tuple(Column(d, p, loc) for d, p, loc in zip(documents, profiles, locales))
    first = documents[0]
    doc_type: DocumentType = first.type
    by_id = [{u.id: u for u in d.units()} for d in documents]
    counters: dict[str, int] = {}

    def cells(unit: Unit, kind: Kind, number: int | None, count: int) -> tuple[Cell, ...]:
        out = []
        for column, units in zip(columns, by_id):
            own = units.get(unit.id) if unit.id is not None else None
            slots: dict = {}
            for spec in kind.fields:
                if spec.list:
                    found = [
                        f for f in (own.fields if own else ()) if f.name.startswith(spec.name + ".")
                    ]
                    if found:
                        slots[spec.slot] = found
                elif own is not None and own.field(spec.name) is not None:
                    slots[spec.slot] = own.field(spec.name)
            label = None
            if kind.label:
                label = column.locale.ngettext(kind.label[0], kind.label[1], count)
            text = (
                column.profile.number(kind.numbering.style, number)
                if kind.numbering and number is not None
                else None
            )
            out.append(Cell(own, text, label, slots))
        return tuple(out)

    def block(
        unit: Unit, parent_counts: dict[str, int], depth: int, item_depth: int, first: bool
    ) -> Block:
        kind = doc_type.kinds[unit.kind]
        number = None
        if kind.numbering and kind.numbering.style != "bullet":
            if kind.numbering.scope == "document":
                counters[kind.name] = number = counters.get(kind.name, 0) + 1
            else:
                parent_counts[kind.name] = number = parent_counts.get(kind.name, 0) + 1
        elif kind.numbering:
            number = 0
        level = min(depth, 3) if kind.role == "section" else item_depth
        inner_counts: dict[str, int] = {}
        children, seen = [], set()
        for child in unit.child_units():
            children.append(
                block(
                    child,
                    inner_counts,
                    depth + (kind.role == "section"),
                    item_depth + (child.role == "item"),
                    child.kind not in seen,
                )
            )
            seen.add(child.kind)
        count = sum(1 for c in unit.child_units())
        return Block(
            kind.role,
            kind.name,
            unit.id,
            level,
            cells(unit, kind, number, count),
            tuple(children),
            first,
        )

    body: list[Block] = []
    top_counts: dict[str, int] = {}
    seen: set[str] = set()
    for _, units in first.body:
        for unit in units:
            body.append(
                block(unit, top_counts, 1, 1 if unit.role == "item" else 0, unit.kind not in seen)
            )
            seen.add(unit.kind)
    title = tuple(_title(column) for column in columns)
    return Layout(first.doc_id, doc_type, columns, title, tuple(body))


def _title(column: Column) -> TitleCell:
    document = column.document
    doc_type: DocumentType = document.type

    def shown(name: str) -> bool:
        spec = doc_type.title_field(name)
        return spec is not None and spec.show and spec.kind == "text"

    units = {name: found[0] for name, found in document.title if found and shown(name)}
    codes = {
        v.name: v.text
        for v in document.values
        if (spec := doc_type.title_field(v.name)) and spec.kind == "code"
    }
    date_iso = document.date
    date = column.locale.format_date(date_iso) if date_iso else None
    closing = None
    if doc_type.closing == "date-place" and date:
        place = units.get("place")
        closing = (
            column.locale.gettext("{place}, {date}")
            .replace("{date}", date)
            .replace("{place}", place.main.plain)
            if place
            else date
        )
    organisers = tuple(u.main.plain for u in document.title_units("organisers"))
    running = running_texts(
        {name: unit.main.plain for name, unit in units.items() if name in ("series", "title")}
    )
    return TitleCell(units, date, date_iso, codes, closing, organisers, running)
