"""Where the texts of a layout may break (private to the pipeline's layout step): the
titles, headings, table cells and signature blocks that break only between words and into
balanced lines, the names kept whole, and the layout given those break places
(with_breaks, with_kept; diglot/linebreak.py finds the words)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .layout import Column, Layout
from .running import running_of
from .script import HAN

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


def cell_texts(layout: Layout) -> list[tuple[Column, str]]:
    """The text of every cell of the data tables of a layout, with its column: a short text
    set ragged (a name, a heading of a column) that breaks only between words."""
    found = []
    for block in layout.blocks():
        if block.role != "table":
            continue
        for row in (r for r in block.children if r.role in ("row", "header-row")):
            for column, cell in zip(layout.columns, row.cells):
                for field_ in cell.slots.get("cells") or []:
                    found.append((column, field_.plain))
    return found


def signature_texts(layout: Layout) -> list[tuple[Column, str]]:
    """The party ("For the …") and the signatory's title of every signature block, with
    its column: short texts set ragged that break only between words, as titles do."""
    found = []
    for block in layout.blocks():
        if block.role != "signature":
            continue
        for column, cell in zip(layout.columns, block.cells):
            if cell.label:
                found.append((column, cell.label))
            title = cell.slots.get("title")
            if title is not None and not isinstance(title, list):
                found.append((column, title.plain))
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


def with_kept(layout: Layout, phrases: Iterable[str]) -> Layout:
    """The layout with the names and terms of several words, in a script written with
    spaces, that its balanced titles and headings keep on one line where they can."""
    kept = sorted({p for p in phrases if " " in p.strip() and not HAN.search(p)}, key=len)
    return replace(layout, kept=tuple(kept))


def with_breaks(layout: Layout, breaks_of) -> Layout:
    """The layout with the break places of its titles, headings, table cells and signature
    blocks in scripts written without spaces (breaks_of: text -> offsets,
    diglot/linebreak.py)."""
    breaks = {
        text: tuple(breaks_of(text))
        for column, text in [*heading_texts(layout), *cell_texts(layout), *signature_texts(layout)]
        if column.profile.cjk and text
    }
    # a running head too long for its line is cut between words (…海洋观测, not …海洋观…)
    titles = tuple(
        replace(title, running=running_of(title.units, title.codes, breaks_of))
        if column.profile.cjk
        else title
        for column, title in zip(layout.columns, layout.title)
    )
    return replace(layout, breaks=breaks, title=titles)
