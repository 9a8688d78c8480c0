"""A data table's columns as the editions size them: each by its content (its longest cell
and word), a column of figures right-aligned, and side by side one bilingual table whose
rows stay level (each language's columns under its column)."""

from __future__ import annotations

import re

from .layout import Block, Layout
from .script import is_wide, text_ems

# A figure: a number with its sign, separators, decimals and a percent sign or a currency
# (40%, 100,000, -3.5, US$ 12): a data table's column of figures is right-aligned.
FIGURE = re.compile(r"[-+\u2212(]?\s*(?:[A-Z]{0,3}[$€£¥]\s?)?\d[\d,.\u00a0\u202f ]*(?:%|‰)?\)?")


def table_rows(block: Block) -> list[Block]:
    """A table's header rows and rows, in order."""
    return [row for row in block.children if row.role in ("row", "header-row")]


def figure_columns(block: Block, column: int) -> set[int]:
    """The columns of a data table (in one language column) whose body cells are all
    figures: they are right-aligned, as figures are set."""
    found: dict[int, bool] = {}
    for row in table_rows(block):
        if row.role != "row":
            continue
        for j, field_ in enumerate(row.cells[column].slots.get("cells") or []):
            text = field_.plain.strip()
            figure = bool(text) and FIGURE.fullmatch(text) is not None
            found[j] = found.get(j, True) and figure
    return {j for j, figure in found.items() if figure}


LONGEST_EMS = 9.0  # a column asks for its longest word at most this wide...
LINE_EMS = 16.0  # ... and for its longest cell at most this wide


HEADING_CJK_EMS = 4.0  # a Chinese heading cell wraps between characters: it asks this much
CELL_EMS = 1.5  # a cell's padding and rules


def column_shares(block: Block, column: int) -> list[float]:
    """Each column's share of a data table's width (in one language column), sized by its
    content: what its longest body cell asks for (within LINE_EMS), and its heading's
    longest word (a Chinese heading, which wraps anywhere, at most HEADING_CJK_EMS)."""
    wanted: list[float] = []
    for row in table_rows(block):
        for j, field_ in enumerate(row.cells[column].slots.get("cells") or []):
            text = field_.plain
            words = max((text_ems(w) for w in text.split()), default=0.0)
            if row.role == "header-row":
                cjk = any(is_wide(c) for c in text)
                ems = min(words, HEADING_CJK_EMS if cjk else LONGEST_EMS) + CELL_EMS
            else:
                ems = max(min(text_ems(text), LINE_EMS), min(words, LONGEST_EMS)) + CELL_EMS
            if j >= len(wanted):
                wanted.append(0.0)
            wanted[j] = max(wanted[j], ems)
    total = sum(wanted) or 1.0
    return [w / total for w in wanted] or [1.0]


def bilingual_columns(layout: Layout, block: Block, gutter: float) -> list[tuple[int, float]]:
    """The columns of a data table set side by side as one bilingual table, so that the
    languages' rows stay level: (language column, share of the width) for each table
    column in each language, with a gutter (language column -1) between the languages;
    each language's columns fill its side-by-side column less the gutter, in proportion
    to their content (column_shares). gutter: its share of the width."""
    weights = [c.profile.column_weight for c in layout.columns]
    total = sum(weights) or 1.0
    found: list[tuple[int, float]] = []
    for i, weight in enumerate(weights):
        room = weight / total - (gutter if i < len(weights) - 1 else 0.0)
        found += [(i, room * share) for share in column_shares(block, i)]
        if i < len(weights) - 1:
            found.append((-1, gutter))
    return found
