"""The Markdown editions (CommonMark, with GFM pipe tables): for web CMS import and for
diffs in review.

One column gives one language's document; two columns give the side-by-side edition as one
pipe table. The text is written so that any CommonMark reader shows exactly the content:

- One unit per line (a blank line between blocks; list items and table rows one a line),
  so a review diff shows the units that changed and nothing else.
- Every unit's id is an HTML anchor at the start of its line
  (`<a id="ai.rec.safety-institute"></a>`), so the links of the HTML edition
  (`#ai.rec.safety-institute`) work in a CMS too; an untitled section's anchor goes before
  its first unit. In the side-by-side table the anchors are in
  the first column only (an id is unique in a page).
- The text is the other editions' text, its quotation marks and apostrophes as the
  language's profile prints them (“…”, ’: the layout's fields, diglot/quotes.py): the
  edition is read in a CMS, and a CommonMark reader shows the characters written, where
  most would leave a straight mark straight (and those that curl them leave curly ones be).
- Bold and links are `**…**` and `[…](…)`; every other character Markdown would read as
  markup is backslash-escaped (`\\*`, `\\_`, `` \\` ``, `\\[`, `\\]`, `\\<`, `\\~`, an `&`
  that would start an entity, `\\|` in table cells, and at the start of a line `#`, `>`,
  `-`, `+`, `=` and the `.` or `)` after digits), so `1.` stays text and `*` stays `*`.
- Generated numbers are text, as the other editions show them: a section heading is its
  number and heading (`## Article 1 — Purpose`), a numbered paragraph starts with its
  number (`1\\. The…`, `一、双方…`). Items are lists: items numbered `1.`, `2.`, … are an
  ordered list with those numbers; other numbers, which a CommonMark list cannot show
  (`(a)`, `（一）`, `①`), are text at the start of a `-` item; bullet items are plain `-`
  items.
- Separators follow the script of what they follow: after a number or a name ending in a
  full-width character (第一条, 附件一, 一、) an ideographic space `　` before a heading or
  roles, and no space before text (一、双方, as printed); otherwise ` — ` before a heading or
  roles and a space before text (Article 1 — Purpose, 1. The, (a) prohibit).
- Persons are `-` items: the name in bold, then the roles and the leader's label.
- Data tables are pipe tables (the caption a line above), a column of figures
  right-aligned (`---:`).
- The side-by-side edition is pipe tables of the rows, the languages side by side: the
  title block, then after each section heading (a Markdown heading: each language's
  heading on one line, ` · ` between) the rows up to the next. A data table's rows are rows
  of the pipe table, each language's cells in its column between ` \\| `, the header rows'
  in bold, so that they stay paired.
- Points led by a dash (——, a Chinese profile's bullet) are paragraphs that start with it,
  not a list a reader would show with a Western bullet.

The first line says what the edition is (a draft, with its date, or the version released).
The bytes depend only on the layout and that status: UTF-8, LF line ends, a final newline.
"""

from __future__ import annotations

import html
import re

from ..inline import Bold, Link, Span, Text
from ..layout import Block, Cell, Layout, Row, TitleCell, is_lead, lead_space, lead_text
from ..locale import EditionLocale, language_name, space_before
from ..script import ends_wide
from ..tables import figure_columns
from . import marks

# -- text ---------------------------------------------------------------------------------

_INLINE_SPECIAL = re.compile(
    r"[\\*_`\[\]<~]|&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};"
    r"|[A-Za-z][A-Za-z0-9]{0,31};)"
)
_CELL_SPECIAL = re.compile(
    r"[\\*_`\[\]<~|]|&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};"
    r"|[A-Za-z][A-Za-z0-9]{0,31};)"
)
_LIST_NUMBER = re.compile(r"^(\d{1,9})([.)])")
_ORDERED = re.compile(r"^([1-9]\d{0,8}|0)\.$")


def escape(text: str, cell: bool = False) -> str:
    """Text with every character Markdown would read as inline markup backslash-escaped
    (and `|` too in a table cell); line breaks become spaces."""
    text = " ".join(text.splitlines()) if "\n" in text or "\r" in text else text
    return (_CELL_SPECIAL if cell else _INLINE_SPECIAL).sub(lambda m: "\\" + m.group(0), text)


def at_line_start(markdown: str) -> str:
    """Inline Markdown that begins a block: a leading character that would start a heading,
    a quote, a list or a setext underline escaped (`\\#`, `1\\.`)."""
    found = _LIST_NUMBER.match(markdown)
    if found:
        return f"{found.group(1)}\\{found.group(2)}{markdown[found.end() :]}"
    if markdown[:1] in ("#", ">", "-", "+", "="):
        return "\\" + markdown
    return markdown.lstrip(" \t")


def spans_md(spans: tuple[Span, ...], cell: bool = False, bold: bool = True) -> str:
    """Inline Markdown for the spans: bold as **…**, links as […](…). bold=False: inside
    text that is bold already (a title cell, a name), bold spans are written as their text."""
    out = []
    for span in spans:
        if isinstance(span, Text):
            out.append(escape(span.text, cell))
        elif isinstance(span, Bold):
            inner = spans_md(span.children, cell, False)
            out.append(f"**{inner}**" if bold and inner else inner)
        elif isinstance(span, Link):
            out.append(f"[{spans_md(span.children, cell, bold)}]({destination(span.href)})")
    return "".join(out)


def destination(href: str) -> str:
    """A link destination as CommonMark reads it back unchanged."""
    href = href.replace("|", "%7C")  # as CommonMark would encode it; never splits a cell
    if any(c in href for c in " <>\n"):
        inner = href.replace("\\", "\\\\").replace("<", "\\<").replace(">", "\\>")
        return f"<{inner}>"
    return re.sub(r"[\\()&]", lambda m: "\\" + m.group(0), href)


def field_md(field, cell: bool = False, bold: bool = True) -> str:
    return spans_md(field.spans, cell, bold) if field is not None else ""


def anchor(unit_id: str | None) -> str:
    return f'<a id="{html.escape(unit_id, quote=True)}"></a>' if unit_id else ""


def heading_separator(before: str) -> str:
    """Between a number (or a name) and a heading (or roles) on one line."""
    return "\u3000" if ends_wide(before) else " \u2014 "


def text_separator(number: str) -> str:
    """Between a number and the text it starts: none after a full-width number (一、)."""
    return "" if ends_wide(number) else " "


def led(cell: Cell, text: str, cell_mode: bool = False) -> str:
    """A paragraph's text after the section number run into it, bold (Cell.lead)."""
    if not cell.lead:
        return text
    return f"**{escape(lead_text(cell.lead), cell_mode)}**{lead_space(cell.lead)}{text}"


def numbered(number: str | None, text: str) -> str:
    """A paragraph's or an item's text after its number."""
    if not number:
        return text
    return escape(number) + (text_separator(number) + text if text else "")


def heading_md(cell: Cell, cell_mode: bool = False, bold: bool = True) -> str:
    """A section's number and heading on one line."""
    heading = field_md(cell.slots.get("heading"), cell_mode, bold)
    if cell.number and heading:
        return escape(cell.number, cell_mode) + heading_separator(cell.number) + heading
    return escape(cell.number, cell_mode) if cell.number else heading


def roles_md(cell: Cell, locale: EditionLocale, cell_mode: bool = False) -> str:
    """A person's roles, then the leader's label with the mark ("(Chinese Delegation
    Leader)")."""
    roles, mark = cell.slots.get("roles"), cell.slots.get("mark")
    out = field_md(roles, cell_mode)
    if mark:
        label = locale.gettext("({leader})")
        if out:
            out += space_before(label)
        for i, part in enumerate(re.split(r"\{(leader)\}", label)):
            out += field_md(mark, cell_mode) if i % 2 else escape(part, cell_mode)
    return out


def person_md(cell: Cell, locale: EditionLocale) -> str:
    """A person on one line: the name in bold, then the roles."""
    name = cell.slots.get("name")
    roles = roles_md(cell, locale)
    plain = name.plain if name is not None else ""
    text = f"**{field_md(name, bold=False)}**" if plain else ""
    if text and roles:
        return text + heading_separator(plain) + roles
    return text or roles


def title_lines(title: TitleCell, part: str, cell_mode: bool = False) -> list[str]:
    """One part of the title block, one line per unit (date and place: two lines)."""
    unit = title.units.get(part)
    if part == "status":
        return [escape(title.status, cell_mode)] if title.status else []
    if part == "reference" and unit is None:  # a code, not a text
        reference = title.codes.get("reference")
        return [escape(reference, cell_mode)] if reference else []
    if part == "place":
        lines = [escape(title.date, cell_mode)] if title.date else []
        if unit is not None:
            lines.append(anchor(unit.id) + field_md(unit.main, cell_mode))
        return lines
    if unit is None:
        return []
    return [anchor(unit.id) + field_md(unit.main, cell_mode, part != "title" or not cell_mode)]


def table_rows(block: Block) -> list[Block]:
    return [row for row in block.children if row.role in ("row", "header-row")]


def row_cells(row: Block, column: int, cell_mode: bool = True) -> list[str]:
    return [field_md(f, cell_mode) for f in row.cells[column].slots.get("cells") or []]


# -- one language -------------------------------------------------------------------------


class _Edition:
    """Writes one column of a layout as Markdown blocks."""

    def __init__(self, layout: Layout, column: int = 0):
        self.layout, self.column = layout, column
        self.locale = layout.columns[column].locale
        self.pending: list[str] = []  # anchors of untitled sections, for the next unit

    def anchored(self, unit_id: str | None) -> str:
        """The anchors before a unit's text: waiting ones, then its own."""
        found = "".join(anchor(a) for a in self.pending) + anchor(unit_id)
        self.pending = []
        return found

    def style(self, block: Block) -> str | None:
        kind = self.layout.type.kinds.get(block.kind)
        return kind.numbering.style if kind is not None and kind.numbering else None

    def document(self) -> str:
        title = self.layout.title[self.column]
        chunks: list[str] = []
        for row in self.layout.rows():
            if row.block is not None or row.part == "closing":
                continue
            lines = title_lines(title, row.part)
            if not lines:
                continue
            if row.part == "title":
                chunks.append("# " + lines[0])
            elif row.part == "place":  # one paragraph, a hard line break between
                chunks.append("\\\n".join(self.line("", text) for text in lines))
            else:
                chunks.append(self.line("", lines[0]))
        chunks += self.blocks(self.layout.body)
        if self.pending:  # an untitled section with nothing in it
            chunks.append(self.anchored(None))
        if title.closing:
            chunks.append(at_line_start(escape(title.closing)))
        return "\n\n".join(chunks) + "\n"

    @staticmethod
    def line(anchors: str, text: str) -> str:
        if text.startswith("<a id="):  # an anchored title line
            end = text.index("</a>") + 4
            return anchors + text[:end] + at_line_start(text[end:])
        return anchors + at_line_start(text)

    def blocks(self, blocks) -> list[str]:
        """Markdown chunks (joined by blank lines) for blocks in order: consecutive items
        make one list, consecutive persons another."""
        chunks: list[str] = []
        group: list[Block] = []
        for block in (*blocks, None):
            if group and (block is None or block.role != group[0].role):
                chunks.append(self.items(group) if group[0].role == "item" else self.people(group))
                group = []
            if block is None:
                break
            if block.role in ("item", "person"):
                group.append(block)
            elif block.role == "signature":
                chunks.append(self.signature(block))
            elif block.role == "testimonium":
                chunks.append(at_line_start(escape(block.cells[self.column].label or "")))
            else:
                chunks += self.block(block)
        return chunks

    def signature(self, block: Block) -> str:
        """A signature block as one paragraph: for whom, in bold, then the name and title,
        each on a line of its own."""
        return "\\\n".join(
            self.line(self.anchored(block.id) if i == 0 else "", text)
            for i, text in enumerate(signature_lines(block.cells[self.column]))
        )

    def block(self, block: Block) -> list[str]:
        cell = block.cells[self.column]
        chunks: list[str] = []
        if block.role == "section":
            if cell.slots.get("heading") or cell.number:
                hashes = "#" * (min(max(block.level, 1), 3) + 1)
                chunks.append(f"{hashes} {self.line(self.anchored(block.id), heading_md(cell))}")
            elif block.id:
                self.pending.append(block.id)
        if block.role in ("section", "list") and cell.label:
            chunks.append(f"**{escape(cell.label)}**")
        if block.role == "paragraph":
            text = numbered(cell.number, led(cell, field_md(cell.slots.get("text"))))
            chunks.append(self.line(self.anchored(block.id), text))
        elif block.role == "table":
            chunks.append(self.table(block, cell))
            return chunks
        return chunks + self.blocks(block.children)

    def items(self, items: list[Block]) -> str:
        numbers = [item.cells[self.column].number or "" for item in items]
        ordered = all(_ORDERED.match(n) for n in numbers) and all(
            int(n[:-1]) == int(numbers[0][:-1]) + i for i, n in enumerate(numbers)
        )
        lines: list[str] = []
        if any(is_lead(n) for n in numbers):  # dash leads (——)
            return self.led(items)
        for item, number in zip(items, numbers):
            cell = item.cells[self.column]
            text = field_md(cell.slots.get("text"))
            if ordered:
                marker = number + " "
            else:
                marker = "- "
                if self.style(item) != "bullet":
                    text = numbered(number, text)
            lines.append(marker + self.line(self.anchored(item.id), text))
            children = self.blocks(item.children)
            if children:
                tight = all(child.role == "item" for child in item.children)
                lines += _indent(("\n" if tight else "\n\n").join(children), len(marker), not tight)
        return "\n".join(lines)

    def led(self, items: list[Block]) -> str:
        """Points led by a dash (——, a Chinese profile's bullet) as paragraphs that start
        with it, not as a list a reader would show with a Western bullet."""
        chunks = []
        for item in items:
            cell = item.cells[self.column]
            text = (cell.number or "") + field_md(cell.slots.get("text"))
            chunks.append(self.line(self.anchored(item.id), text))
            chunks += self.blocks(item.children)
        return "\n\n".join(chunks)

    def people(self, people: list[Block]) -> str:
        return "\n".join(
            "- " + self.line(self.anchored(p.id), person_md(p.cells[self.column], self.locale))
            for p in people
        )

    def table(self, block: Block, cell: Cell) -> str:
        lines: list[str] = []
        own = self.anchored(block.id)
        caption = cell.slots.get("caption")
        if caption is not None:
            lines += [self.line(own, field_md(caption)), ""]
            own = ""
        rows = table_rows(block)
        width = max([1, *(len(r.cells[self.column].slots.get("cells") or []) for r in rows)])
        head = rows[0] if rows and rows[0].role == "header-row" else None
        body = rows[1:] if head else rows

        def line(row: Block | None, bold: bool, lead: str = "") -> str:
            cells = row_cells(row, self.column) if row is not None else []
            cells += [""] * (width - len(cells))
            if bold:
                cells = [f"**{c}**" if c else c for c in cells]
            cells[0] = lead + (anchor(row.id) if row is not None else "") + cells[0]
            return "| " + " | ".join(cells) + " |"

        lines.append(line(head, False, own))
        figures = figure_columns(block, self.column)  # right-aligned
        lines.append(
            "| " + " | ".join("---:" if j in figures else "---" for j in range(width)) + " |"
        )
        lines += [line(row, row.role == "header-row") for row in body]
        return "\n".join(lines)


def signature_lines(cell: Cell, cell_mode: bool = False) -> list[str]:
    """A signature block's lines: "**For the Republic of Varnholm:**", the name, the title."""
    lines = [f"**{escape(cell.label, cell_mode)}**"] if cell.label else []
    for slot in ("name", "title"):
        field = cell.slots.get(slot)
        if field is not None:
            lines.append(field_md(field, cell_mode))
    return lines


def _indent(text: str, width: int, loose: bool) -> list[str]:
    pad = " " * width
    lines = [pad + line if line else "" for line in text.split("\n")]
    return ([""] if loose else []) + lines


# -- side by side -------------------------------------------------------------------------


def status_md(status: marks.Status, lang: str | None = None, cell: bool = False) -> str:
    """The edition's status in one language (or every language): a draft's mark and date
    (`**DRAFT** · Draft of …`), or a released edition's version line. The first line of
    a language's file, the first row of the side-by-side table."""
    parts = [
        (f"**{escape(status.marks[code], cell)}** · " if status.draft else "") + escape(line, cell)
        for code, line in status.lines.items()
        if lang is None or code == lang
    ]
    return " · ".join(parts)


def side_by_side(layout: Layout, status: marks.Status | None = None) -> str:
    """Pipe tables of the rows, the languages side by side (the language names, then the
    edition's status in each language): the title block, then after each section heading,
    which is a heading of the Markdown (each language's heading on one line, the English
    first), the rows up to the next one. A data table's rows are rows of the pipe table,
    each language's cells in its column, so that they stay paired."""
    names = [escape(language_name(c.profile), True) for c in layout.columns]
    head = ["| " + " | ".join(names) + " |", "| " + " | ".join(["---"] * len(names)) + " |"]
    chunks: list[list[str]] = [list(head)]
    if status is not None:
        cells = [status_md(status, c.lang, cell=True) for c in layout.columns]
        chunks[0].append("| " + " | ".join(cells) + " |")
    for row in layout.rows():
        if row.part == "heading" and row.block is not None:
            hashes = "#" * (min(max(row.block.level, 1), 3) + 1)
            texts = [heading_md(c, False) for c in row.block.cells]
            lead = anchor(row.anchor) + anchor(row.id)
            chunks.append([f"{hashes} {lead}{at_line_start(' · '.join(t for t in texts if t))}"])
            chunks.append(list(head))
            continue
        if row.block is not None and row.block.role == "table":
            chunks[-1] += table_lines(layout, row)
            continue
        cells = [cell_md(layout, row, i) for i in range(len(layout.columns))]
        chunks[-1].append("| " + " | ".join(cells) + " |")
    chunks = [chunk for chunk in chunks if chunk != head]  # a heading right after a heading
    return "\n\n".join("\n".join(chunk) for chunk in chunks) + "\n"


def table_lines(layout: Layout, row: Row) -> list[str]:
    """A data table's rows as rows of the side-by-side pipe table: its caption, then each
    header row (its cells in bold) and row, each language's cells joined by \\|."""
    block = row.block
    assert block is not None
    count = range(len(layout.columns))
    lines = []
    lead = anchor(row.anchor) + anchor(row.id)
    captions = [block.cells[i].slots.get("caption") for i in count]
    if any(captions):
        cells = [f"**{field_md(c, True, False)}**" if c is not None else "" for c in captions]
        cells[0] = lead + cells[0]
        lead = ""
        lines.append("| " + " | ".join(cells) + " |")
    for table_row in table_rows(block):
        cells = []
        for i in count:
            texts = row_cells(table_row, i)
            if table_row.role == "header-row":
                texts = [f"**{t}**" if t else t for t in texts]
            cells.append(" \\| ".join(texts))
        cells[0] = lead + anchor(table_row.id) + cells[0]
        lead = ""
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def cell_md(layout: Layout, row: Row, i: int) -> str:
    """One language's cell of a side-by-side row, on one line (`<br>` between lines)."""
    block, title = row.block, layout.title[i]
    if block is None:  # the title block: the units' anchors are in their lines
        if row.part == "closing":
            return escape(title.closing or "", True)
        lines = title_lines(title, row.part, True)
        if i > 0:
            lines = [re.sub(r'^<a id="[^"]*"></a>', "", line) for line in lines]
        if row.part == "title" and lines:
            lines = [_bold_after_anchor(lines[0])]
        return "<br>".join(lines)
    lead = (anchor(row.anchor) + anchor(row.id)) if i == 0 else ""
    cell = block.cells[i]
    locale = layout.columns[i].locale
    if row.part == "heading":
        text = heading_md(cell, True, False)
        return lead + (f"**{text}**" if text else "")
    if row.part == "label":
        return lead + (f"**{escape(cell.label, True)}**" if cell.label else "")
    if row.part == "testimonium":
        return escape(cell.label or "", True)
    if block.role == "signature":
        return lead + "<br>".join(signature_lines(cell, True))
    if block.role in ("paragraph", "item"):
        text = led(cell, field_md(cell.slots.get("text"), True), True)
        return lead + numbered_cell(cell.number, text)
    if block.role == "person":
        name = cell.slots.get("name")
        parts = [f"**{field_md(name, True, False)}**"] if name is not None and name.plain else []
        roles = roles_md(cell, locale, True)
        return lead + "<br>".join(parts + ([roles] if roles else []))
    return lead


def numbered_cell(number: str | None, text: str) -> str:
    if not number:
        return text
    return escape(number, True) + (text_separator(number) + text if text else "")


def _bold_after_anchor(line: str) -> str:
    found = re.match(r"(<a id=\"[^\"]*\"></a>)?(.*)$", line)
    assert found is not None  # (.*)$ matches any line
    head, text = found.group(1) or "", found.group(2)
    return head + (f"**{text}**" if text else "")


# -- the writer ---------------------------------------------------------------------------


class MarkdownWriter:
    """CommonMark with GFM pipe tables: one language, or the languages side by side."""

    name, suffix, heavy = "md", ".md", False

    def write(self, layout: Layout, context) -> bytes:
        from ..diagnostics import Reporter
        from .base import WriteError

        status = marks.status(layout, context)
        if len(layout.columns) == 1:
            text = status_md(status) + "\n\n" + _Edition(layout).document()
        else:
            text = side_by_side(layout, status)
        reporter = Reporter()
        for column in layout.columns:
            column.locale.report_missing(reporter)
        if reporter.errors:
            raise WriteError(reporter.diagnostics)
        return text.replace("\r\n", "\n").encode("utf-8")


WRITER = MarkdownWriter()
