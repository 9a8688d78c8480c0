"""A data table's columns as the editions size them: each by its content (its longest cell
and word), a column of figures right-aligned, and side by side one bilingual table whose
rows stay level (each language's columns under its column), or, when a language's columns
cannot have their least widths in its column, each language's table across the whole width,
one after the other (stacked)."""

from __future__ import annotations

import re

from .layout import Block, Layout
from .linebreak import joins
from .script import LINE_START_PROHIBITED, OPENING, is_wide, text_ems

# A figure: a number with its sign, separators, decimals and a percent sign or a currency
# (40%, 100,000, -3.5, US$ 12): a data table's column of figures is right-aligned.
FIGURE = re.compile(r"[-+\u2212(]?\s*(?:[A-Z]{0,3}[$€£¥]\s?)?\d[\d,.\u00a0\u202f ]*(?:%|‰)?\)?")


def table_rows(block: Block) -> list[Block]:
    """A table's header rows and rows, in order."""
    return [row for row in block.children if row.role in ("row", "header-row")]


# A year written alone (2024, 2024年, FY2024 aside): a label of its row, not an amount
_YEAR = re.compile(r"(?:1[0-9]|20|21)\d\d年?")


def figure_columns(block: Block, column: int) -> set[int]:
    """The columns of a data table (in one language column) whose body cells are all
    figures: they are right-aligned, as figures are set. A column of years only is a column
    of labels (the year of each row), set as text."""
    found: dict[int, bool] = {}
    years: dict[int, bool] = {}
    for row in table_rows(block):
        if row.role != "row":
            continue
        for j, field_ in enumerate(row.cells[column].slots.get("cells") or []):
            text = field_.plain.strip()
            figure = bool(text) and FIGURE.fullmatch(text) is not None
            found[j] = found.get(j, True) and figure
            years[j] = years.get(j, True) and _YEAR.fullmatch(text) is not None
    return {j for j, figure in found.items() if figure and not years.get(j)}


LONGEST_EMS = 9.0  # a column asks for its longest word at most this wide...
LINE_EMS = 16.0  # ... and for its longest cell at most this wide


HEADING_CJK_EMS = 4.0  # a Chinese heading cell wraps between characters: it asks this much
CELL_EMS = 1.5  # a cell's padding and rules
# The side-by-side edition's text block, 170 mm, in ems of its Chinese text (10.5 pt): what a
# bilingual table's columns share.
SIDE_BY_SIDE_EMS = 46.0


BOLD = 1.1  # a header cell's words are set bold: this much wider than estimated


def unbroken(text: str) -> list[str]:
    """The parts of a text no line may break inside: its words, and in Chinese text what
    stays together (linebreak.joins: a range of years, a number with what it counts) with
    the punctuation no line may end or start with beside it (（1950—2000年）)."""
    parts = text.split()
    for start, stop in joins(text):
        while start > 0 and text[start - 1] in OPENING:
            start -= 1
        while stop < len(text) and text[stop] in LINE_START_PROHIBITED:
            stop += 1
        parts.append(text[start:stop])
    return parts


KEPT_OVER = 1.1  # a part kept whole in Chinese text, estimated a little above its faces'


def column_asks(block: Block, column: int) -> tuple[list[float], list[float], list[float]]:
    """What each column of a data table (in one language column) needs at least and would
    take, in ems: its longest word (within LONGEST_EMS), a Chinese heading in two lines at
    most and a Chinese cell four characters wide at least (both wrap between characters);
    and its longest body cell on one line (within LINE_EMS). Then what it needs whatever
    happens: the widest part of a Chinese cell no line may break inside (unbroken: a range
    of years in brackets), which, unlike a Latin word, does not wrap as a last resort."""
    least: list[float] = []
    wanted: list[float] = []
    hard: list[float] = []
    for row in table_rows(block):
        for j, field_ in enumerate(row.cells[column].slots.get("cells") or []):
            text = field_.plain
            bold = BOLD if row.role == "header-row" else 1.0
            words = max((text_ems(w) * bold for w in text.split()), default=0.0)
            kept = 0.0
            if any(is_wide(c) for c in text):
                low = max(min(text_ems(text), HEADING_CJK_EMS), -(-text_ems(text) // 2))
                low = min(low, LONGEST_EMS) if row.role == "header-row" else min(low, words)
                parts = unbroken(text)[len(text.split()) :]
                kept = max((text_ems(w) * bold * KEPT_OVER for w in parts), default=0.0)
                low = max(low, kept)
            else:
                low = min(words, LONGEST_EMS)
            if row.role == "header-row":
                ems = low
            else:
                ems = max(min(text_ems(text), LINE_EMS), low)
            if j >= len(wanted):
                least.append(0.0)
                wanted.append(0.0)
                hard.append(0.0)
            least[j] = max(least[j], low + CELL_EMS)
            wanted[j] = max(wanted[j], ems + CELL_EMS)
            hard[j] = max(hard[j], kept + CELL_EMS if kept else 0.0)
    return least, wanted, hard


def column_shares(block: Block, column: int, room: float | None = None) -> list[float]:
    """Each column's share of a data table's width (in one language column), sized by its
    content (column_asks). room: the table's width in ems where it is known to be tight (a
    bilingual table's language): each column gets what it needs at least, the rest of the
    room in proportion to what each would take beyond that; where even the least widths
    do not fit, every column gives up width but what it needs whatever happens."""
    least, wanted, hard = column_asks(block, column)
    if not wanted:
        return [1.0]
    widths = wanted
    if room is not None and sum(wanted) > room:
        spare = room - sum(least)
        extra = [w - low for w, low in zip(wanted, least)]
        if spare <= 0 or not sum(extra):
            widths = least
        else:
            widths = [low + spare * e / sum(extra) for low, e in zip(least, extra)]
        over, give = sum(widths) - room, sum(w - h for w, h in zip(widths, hard))
        if over > 0 and give > 0:
            widths = [h + (w - h) * max(0.0, 1 - over / give) for w, h in zip(widths, hard)]
    total = sum(widths) or 1.0
    return [w / total for w in widths]


STACK_OVER = 1.15  # how far column_asks' least widths may exceed a column before it stacks


def stacked(layout: Layout, block: Block, gutter: float = 0.029) -> bool:
    """Whether the side-by-side editions set a data table as each language's table across
    the whole width, one after the other, rather than as one bilingual table: when some
    language's columns need more than its column's width at least (column_asks: their
    longest words, estimated a little above the faces' widths: beyond STACK_OVER of it),
    which would break words and figures inside them."""
    weights = [c.profile.column_weight for c in layout.columns]
    if len(weights) < 2:
        return False
    total = sum(weights) or 1.0
    for i, weight in enumerate(weights):
        room = (weight / total - gutter) * SIDE_BY_SIDE_EMS
        least, _, hard = column_asks(block, i)
        if sum(least) > room * STACK_OVER or sum(hard) > room:
            return True
    return False


def bilingual_columns(
    layout: Layout, block: Block, gutter: float, gutters_from_last: bool = False
) -> list[tuple[int, float]]:
    """The columns of a data table set side by side as one bilingual table, so that the
    languages' rows stay level: (language column, share of the width) for each table
    column in each language, with a gutter (language column -1) between the languages;
    each language's columns fill its side-by-side column less the gutter, in proportion
    to their content (column_shares). gutter: its share of the width. Where the edition's
    own columns take their gutters: after each column but the last, out of that column's
    share (the Word edition), or (gutters_from_last: the HTML and PDF editions, whose
    columns have their shares and a padding after them) all out of the last column's."""
    weights = [c.profile.column_weight for c in layout.columns]
    total = sum(weights) or 1.0
    last = len(weights) - 1
    found: list[tuple[int, float]] = []
    for i, weight in enumerate(weights):
        if gutters_from_last:
            room = weight / total - (gutter * last if i == last else 0.0)
        else:
            room = weight / total - (gutter if i < last else 0.0)
        shares = column_shares(block, i, room * SIDE_BY_SIDE_EMS)
        found += [(i, room * share) for share in shares]
        if i < last:
            found.append((-1, gutter))
    return found
