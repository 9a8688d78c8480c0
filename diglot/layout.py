"""The layout every edition is written from: a document in one or more languages (columns) as
a tree of blocks with their generated numbers, labels, anchors and languages, computed once.

A single-language edition is a layout with one column; the side-by-side edition is the same
layout with two, and `rows()` flattens it into the rows of its table. Writers read blocks by
role (section, paragraph, list, item, person, table, row, header-row), never by document type.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .align import language_status
from .languages import Profile
from .locale import EditionLocale
from .model import Document, Unit
from .running import running_of
from .script import is_wide, text_ems
from .types import DocumentType, Kind
from .versions import SIGNED_FOR, Version, status_line, testimonium


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
    and the label shown before its children. lead: in a paragraph, the number of the section
    it begins, run into its text (第一条　为了……: a type's `run-in` numbering)."""

    unit: Unit | None
    number: str | None = None
    label: str | None = None
    slots: dict = field(default_factory=dict, compare=False)  # slot -> Field, or [Field] (cells)
    lead: str | None = None
    lead_level: int = 0  # the level of the section whose number is the lead (its bookmark's)


@dataclass(frozen=True)
class Block:
    """A unit as the editions show it (role: section, paragraph, list, item, person, table,
    row, header-row, signature; or testimonium, the formula before the signatures, whose
    text is each cell's label)."""

    role: str
    kind: str
    id: str | None
    level: int  # a section's heading level (1-3); an item's list depth (1, 2, ...)
    cells: tuple[Cell, ...]  # one per column, in column order
    children: tuple[Block, ...] = ()
    first: bool = False  # the first of its kind in its list
    new_page: bool = False  # starts a page in print (the first of a new-page list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class TitleCell:
    """One language's title block: text units by field name, the date as written and as
    ISO, codes, the closing line (a type with closing: date-place), and the line on the
    language versions' status ("Original: English")."""

    units: dict
    date: str | None
    date_iso: str | None
    codes: dict
    closing: str | None
    organisers: tuple[str, ...]
    # The running header's texts, short forms that fit on one line of a page's header box
    # (running_text): "left" (the reference, else the series) and "right" (the short title,
    # else the title) of a language edition's header; "column" one language's text of the
    # side-by-side header (the short title, else the series, else the title).
    running: dict = field(default_factory=dict, compare=False)
    status: str | None = None  # "Original: English", 原文：英文; None: the type has none


DASHES = "\u2014\u2015\u2e3a"


class Number(str):
    """A generated number ("1.", "(a)", 一、) that knows whether it runs in (runs_in): the
    layout gives every number of a Chinese edition run_in, since Chinese official texts set
    each level so (GB/T 9704: 一、, （一）, 1., （1）, after the two-character indent),
    whatever its characters; side by side, only the full-width ones."""

    run_in: bool

    def __new__(cls, text: str, run_in: bool = False) -> Number:
        made = super().__new__(cls, text)
        made.run_in = run_in
        return made


def runs_in(number: str | None) -> bool:
    """Whether a generated number runs in at the start of its text after the first-line
    indent, as Chinese official texts set it (any number of a Chinese column: Number; else
    a full-width enumerator 一、, （一）, （1）, or a dash lead ——), rather than hanging in
    the margin (1., (a), •)."""
    if not number:
        return False
    if isinstance(number, Number):
        return number.run_in
    return is_wide(number[-1]) or is_lead(number)


def _run_in(cells: tuple[Cell, ...], first: Block, level: int) -> tuple[tuple[Cell, ...], Block]:
    """A section whose number runs into its first paragraph (a type's `run-in` numbering):
    in each language where the section has no heading and its first child is a paragraph,
    the number moves to that paragraph's lead, and the section is left untitled there."""
    if first.role != "paragraph":
        return cells, first
    own, into = list(cells), list(first.cells)
    for i, cell in enumerate(cells):
        if cell.number and not cell.slots.get("heading") and into[i].lead is None:
            own[i] = replace(cell, number=None)
            into[i] = replace(into[i], lead=cell.number, lead_level=level)
    return tuple(own), replace(first, cells=tuple(into))


def lead_text(lead: str) -> str:
    """A run-in number as printed: its spaces no-break spaces, so that "Article 5" neither
    breaks between its words nor stretches in a justified line."""
    return lead.replace(" ", "\u00a0")


def lead_space(lead: str) -> str:
    """What stands between a run-in number and its text: an ideographic space after a
    full-width number (第一条　为了……), an en space after a Latin one (Article 1 These…),
    which justification does not stretch."""
    return "\u3000" if number_joins_heading(lead) else "\u2002"


def is_lead(number: str) -> bool:
    """Whether a number is a dash lead (——) rather than a number."""
    return bool(number) and all(c in DASHES for c in number)


def number_joins_heading(number: str) -> bool:
    """Whether a section's heading follows its number on the same line, after an
    ideographic space: a full-width number (第一章　总则, 第一条　目的, as Chinese documents
    set them, GB/T 9704), where a Latin one stands on a line of its own (Article 1 / Purpose)."""
    return bool(number) and is_wide(number[-1])


def heading_line(cell: Cell) -> str:
    """A section's number and heading as one line of text, for a bookmark or a contents
    entry: "Article 1 Purpose", 第一条　宗旨 (an ideographic space after a full-width
    number)."""
    heading = cell.slots.get("heading")
    text = heading.plain if heading is not None else ""
    if cell.number and text:
        wide = is_wide(cell.number[-1])
        return cell.number + ("\u3000" if wide else " ") + text
    return cell.number or text


@dataclass(frozen=True)
class Row:
    """A row of the side-by-side table: part is series, title, subtitle, reference, place,
    status, heading, label, body, testimonium or closing; block is None for the title
    block's rows."""

    part: str
    block: Block | None
    anchor: str | None = None  # the id of an untitled section that starts here
    title_id: str | None = None  # a title-block row's unit id
    depth: int = 0  # how many paragraphs and items the block stands in (its indent)
    new_page: bool = False  # starts a page in print

    @property
    def id(self) -> str | None:
        if self.block is None:
            return self.title_id
        return None if self.part in ("label", "contents") else self.block.id


@dataclass(frozen=True)
class Layout:
    doc_id: str
    type: DocumentType
    columns: tuple[Column, ...]
    title: tuple[TitleCell, ...]
    body: tuple[Block, ...]
    # where each Chinese title or heading may break, by its text (with_breaks)
    breaks: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)
    # names and terms of several words in a script with spaces (The Port of Lanmere
    # Authority) that a balanced title or heading keeps on one line where it can (with_kept)
    kept: tuple[str, ...] = field(default=(), compare=False)
    # every language version of the document, the source first (Version: the editions
    # name each other's languages and link to each other)
    versions: tuple = field(default=(), compare=False)

    def siblings(self) -> list[tuple[str, str | None, tuple[Profile, ...]]]:
        """The document's other editions as (file name, HTML language of a language
        edition or None for a side-by-side one, their profiles): each language edition,
        then each side-by-side one."""
        own = {c.profile.tag for c in self.columns}
        found: list[tuple[str, str | None, tuple[Profile, ...]]] = []
        for version in self.versions:
            profile = version.profile
            if len(self.columns) > 1 or profile.tag not in own:
                found.append((f"{self.doc_id}.{profile.tag}.html", profile.html_lang, (profile,)))
        if not self.versions:
            return found
        source = self.versions[0].profile
        for version in self.versions[1:]:
            pair = (source, version.profile)
            if len(self.columns) == 1 or {p.tag for p in pair} != own:
                name = f"{self.doc_id}.{source.tag}-{version.profile.tag}.html"
                found.append((name, None, pair))
        return found

    @property
    def langs(self) -> tuple[str, ...]:
        return tuple(c.lang for c in self.columns)

    @property
    def cover(self) -> bool:
        """Whether the title block has a page of its own (the type's cover)."""
        return self.type.cover

    def blocks(self):
        for block in self.body:
            yield from block.walk()

    def centred(self, block: Block) -> bool:
        """Whether a section's heading is centred (its kind's `centred`)."""
        kind = self.type.kinds.get(block.kind)
        return bool(kind is not None and kind.centred)

    def headings(self) -> list[Block]:
        """The top-level sections that have a heading or a number."""
        return [
            b
            for b in self.body
            if b.role == "section"
            and b.level == 1
            and any(c.slots.get("heading") or c.number for c in b.cells)
        ]

    def contents(self) -> list[Block]:
        """The table of contents: the top-level headings, when the type has contents and
        the document is long enough for them (its headings, its estimated pages)."""
        wanted = self.type.contents
        found = self.headings()
        if wanted is None or len(found) < wanted.min_headings:
            return []
        if wanted.min_pages and estimated_pages(self) < wanted.min_pages:
            return []
        return found

    def rows(self, edition: bool = False) -> list[Row]:
        """The side-by-side rows in document order. The editions' rows (edition, not the
        review page's) add the contents after the title block ("contents-heading", then a
        "contents" row per entry, its block the section), the body then starting a page."""
        contents = edition
        first = self.title[0]

        def title_id(part: str) -> str | None:
            unit = first.units.get(part)
            return unit.id if unit is not None else None

        rows = [
            Row(part, None, title_id=title_id(part))
            for part in ("series", "reference", "title", "subtitle")
            if any(part in t.units or part in t.codes for t in self.title)
        ]
        if any(t.date or "place" in t.units for t in self.title):
            rows.append(Row("place", None, title_id=title_id("place")))
        if any(t.status for t in self.title):
            rows.append(Row("status", None))
        entries = self.contents() if contents else []
        if entries:
            rows.append(Row("contents-heading", None))
            rows += [Row("contents", block) for block in entries]
        pending: list[str] = []  # untitled sections waiting for their first row
        page = [bool(entries)]  # the next row starts a page

        def add(row: Row) -> None:
            if pending and row.part != "label":
                row = replace(row, anchor=pending.pop(0))
            if page[0]:
                row, page[0] = replace(row, new_page=True), False
            rows.append(row)

        def visit(block: Block, depth: int = 0) -> None:
            if block.new_page:
                page[0] = True
            if block.role == "section":
                if any(c.slots.get("heading") or c.number for c in block.cells):
                    add(Row("heading", block))
                elif block.id:
                    pending.append(block.id)
            if block.role in ("section", "list") and any(c.label for c in block.cells):
                add(Row("label", block))
            if block.role in ("paragraph", "item", "person", "table", "signature"):
                add(Row("body", block, depth=depth))
            if block.role == "testimonium":
                add(Row("testimonium", block))
            if block.role != "table":
                inner = depth + (block.role in ("paragraph", "item"))
                for child in block.children:
                    visit(child, inner)

        for block in self.body:
            visit(block)
        if any(t.closing for t in self.title):
            rows.append(Row("closing", None))
        return rows


# A page of the language editions' text block, for estimating a document's length: 38 em
# of 11 pt across, about 700 pt down.
PAGE_EMS = 38.0
PAGE_PT = 700.0
BODY_PT = 11.0


def estimated_pages(layout: Layout) -> float:
    """How many pages the document's text takes in its first language (the title and
    contents aside), estimated from its texts' widths, the line height of its profile and
    a line's gap after each block."""
    column = layout.columns[0]
    pitch = BODY_PT * column.profile.line_height
    lines = 0.0
    for block in layout.blocks():
        cell = block.cells[0]
        texts = [cell.label] if cell.label else []
        for value in cell.slots.values():
            texts += [f.plain for f in (value if isinstance(value, list) else [value])]
        for text in texts:
            lines += max(1.0, -(-text_ems(text) // PAGE_EMS)) + 0.7
    return lines * pitch / PAGE_PT


def build_layout(
    documents: list[Document],
    profiles: list[Profile],
    locales: list[EditionLocale],
    versions: tuple[Version, ...] | None = None,
) -> Layout:
    """The layout of one document in these languages (the first is the source; all are
    aligned, so every unit id is in every document). versions: every language version of
    the document, the source first (for the status line of each edition); by default the
    languages laid out. Every text is laid out as printed: its straight quotes and
    apostrophes set as its profile's marks (Profile.set_quotes) and its ranges of numbers
    with en dashes where the profile sets them so (Profile.set_dashes), for every writer
    alike."""
    documents = [d.printed(p.set_quotes, p.set_dashes) for d, p in zip(documents, profiles)]
    columns = tuple(Column(d, p, loc) for d, p, loc in zip(documents, profiles, locales))
    first = documents[0]
    doc_type: DocumentType = first.type
    if versions is None:
        versions = tuple(
            Version(p, language_status(d, i == 0))
            for i, (d, p) in enumerate(zip(documents, profiles))
        )
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
            elif kind.role == "signature" and "party" in slots:
                label = column.locale.gettext(SIGNED_FOR).replace("{party}", slots["party"].plain)
            text = None
            if kind.numbering and number is not None:
                shown = column.profile.number(kind.numbering.style, number)
                # side by side a Chinese 1. hangs as the English one beside it does, the
                # numbers of a row level (and the narrow column keeps its first line)
                text = Number(shown, (column.profile.cjk and len(columns) == 1) or runs_in(shown))
            out.append(Cell(own, text, label, slots))
        return tuple(out)

    def block(
        unit: Unit,
        parent_counts: dict[str, int],
        depth: int,
        item_depth: int,
        first: bool,
        new_page: bool = False,
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
        lists = {c.key: c for c in kind.children}
        for key, units in unit.children:
            for index, child in enumerate(units):
                children.append(
                    block(
                        child,
                        inner_counts,
                        depth + (kind.role == "section"),
                        item_depth + (child.role == "item"),
                        child.kind not in seen,
                        index == 0 and key in lists and lists[key].new_page,
                    )
                )
                seen.add(child.kind)
        count = sum(1 for c in unit.child_units())
        made = cells(unit, kind, number, count)
        if kind.numbering and kind.numbering.run_in and children:
            made, children[0] = _run_in(made, children[0], level)
        return Block(
            kind.role,
            kind.name,
            unit.id,
            level,
            made,
            tuple(children),
            first,
            new_page,
        )

    body: list[Block] = []
    top_counts: dict[str, int] = {}
    seen: set[str] = set()
    body_lists = {c.key: c for c in doc_type.body}
    for key, units in first.body:
        for index, unit in enumerate(units):
            body.append(
                block(
                    unit,
                    top_counts,
                    1,
                    1 if unit.role == "item" else 0,
                    unit.kind not in seen,
                    index == 0 and key in body_lists and body_lists[key].new_page,
                )
            )
            seen.add(unit.kind)
    title = tuple(_title(column, versions) for column in columns)
    if doc_type.closing == "testimonium":
        at = next((i for i, b in enumerate(body) if b.role == "signature"), len(body))
        formula = tuple(Cell(None, label=t.closing) for t in title)
        body.insert(at, Block("testimonium", "testimonium", None, 0, formula, first=True))
        title = tuple(replace(t, closing=None) for t in title)
    return Layout(first.doc_id, doc_type, columns, title, tuple(body), versions=versions)


def _title(column: Column, versions: tuple[Version, ...]) -> TitleCell:
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
    place = units.get("place")
    if doc_type.closing == "date-place" and date:
        closing = (
            column.locale.gettext("{place}, {date}")
            .replace("{date}", date)
            .replace("{place}", place.main.plain)
            if place
            else date
        )
    elif doc_type.closing == "testimonium":
        originals = document.value("originals")
        closing = testimonium(
            column.locale,
            column.profile,
            versions,
            date,
            place.main.plain if place else None,
            int(originals.text) if originals else None,
        )
    organisers = tuple(u.main.plain for u in document.title_units("organisers"))
    return TitleCell(
        units,
        date,
        date_iso,
        codes,
        closing,
        organisers,
        running_of(units, codes),
        status_line(column.locale, column.profile, versions),
    )


# The side-by-side PDF's text block (A4 less 20 mm each side: side-by-side-paged.css) and
# its cells' type sizes (pt), for estimating how many lines a row takes.
SIDE_BY_SIDE_TEXT_PT = 481.9
SHORT_ROW_LINES = 4  # a row of at most this many lines is never split between pages


def short_row(layout: Layout, row) -> bool:
    """Whether a side-by-side row takes at most SHORT_ROW_LINES lines in every column (an
    estimate from its texts' widths and the columns' widths), so that it is kept on one
    page: a short row split between pages leaves one line alone at a page's foot or
    head."""
    if row.block is None:
        return True
    total = sum(c.profile.column_weight for c in layout.columns) or 1.0
    for column, cell in zip(layout.columns, row.block.cells):
        size = 10.5 if column.profile.cjk else 10.0
        width = SIDE_BY_SIDE_TEXT_PT * column.profile.column_weight / total - 14
        ems = width / size
        texts = []
        for value in cell.slots.values():
            for one in value if isinstance(value, list) else [value]:
                texts.append(one.plain)
        lines = sum(max(1, -(-text_ems(t) // ems)) for t in texts) if texts else 0
        if lines > SHORT_ROW_LINES:
            return False
    return True
