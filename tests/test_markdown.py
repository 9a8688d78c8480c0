"""The Markdown editions: read back with a CommonMark parser (GFM tables on), every unit's
text, number and anchor is there, nothing else is read as markup, and the bytes are stable."""

from __future__ import annotations

import functools
import random
import re
import shutil
from dataclasses import dataclass, field

import pytest
from markdown_it import MarkdownIt

from diglot import writers
from diglot.inline import Bold, Link, Text
from diglot.layout import Layout
from diglot.locale import language_name
from diglot.writers import WriteContext
from diglot.writers.markdown import WRITER, at_line_start, escape, spans_md

from conftest import PROJECTS, REPO, layouts

CONTEXT = WriteContext(REPO / "templates")
ANCHOR = re.compile(r'^<a id="([^"<>&]+)">$')
# Every token a Markdown edition may hold: no emphasis, code, images, quotes, rules, HTML
# blocks; inline HTML only anchors and <br>.
ALLOWED = {
    "paragraph_open",
    "paragraph_close",
    "heading_open",
    "heading_close",
    "inline",
    "text",
    "strong_open",
    "strong_close",
    "link_open",
    "link_close",
    "html_inline",
    "hardbreak",
    "bullet_list_open",
    "bullet_list_close",
    "ordered_list_open",
    "ordered_list_close",
    "list_item_open",
    "list_item_close",
    "table_open",
    "table_close",
    "thead_open",
    "thead_close",
    "tbody_open",
    "tbody_close",
    "tr_open",
    "tr_close",
    "th_open",
    "th_close",
    "td_open",
    "td_close",
}


@functools.cache
def parser() -> MarkdownIt:
    """A CommonMark reader with GFM tables, made once (parsing keeps no state in it)."""
    return MarkdownIt("commonmark").enable("table")


@dataclass
class Read:
    """What a CommonMark reader sees in a Markdown file."""

    text: str = ""  # the text, blocks and <br> as newlines, ordered-list numbers included
    anchors: list[str] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    strong: list[str] = field(default_factory=list)  # the text of every bold run
    hrefs: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # the body rows of tables: cells per row
    header: list[str] = field(default_factory=list)  # the first table's header cells
    items: int = 0


def read(markdown: str) -> Read:
    found = Read()
    out: list[str] = []
    ordered: list[bool] = []
    cells, in_head = 0, False
    for token in parser().parse(markdown):
        found.types.add(token.type)
        kind = token.type
        if kind in ("ordered_list_open", "bullet_list_open"):
            ordered.append(kind == "ordered_list_open")
        elif kind in ("ordered_list_close", "bullet_list_close"):
            ordered.pop()
        elif kind == "list_item_open":
            found.items += 1
            out.append("\n")
            if ordered[-1]:
                out.append(f"{token.info}{token.markup} ")
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            cells = 0
        elif kind in ("th_open", "td_open"):
            cells += 1
        elif kind == "tr_close" and not in_head:
            found.rows.append(cells)
        elif kind == "inline":
            text = inline_text(token.children or [], found)
            if in_head and not found.rows:
                found.header.append(text)
            out.append(text + "\n")
        elif kind.endswith("_close"):
            out.append("\n")
    found.text = "".join(out)
    return found


def inline_text(children, found: Read) -> str:
    out: list[str] = []
    strong: list[int] = []
    for token in children:
        found.types.add(token.type)
        if token.type in ("text", "text_special"):
            out.append(token.content)
        elif token.type == "hardbreak":
            out.append("\n")
        elif token.type == "html_inline":
            if token.content == "<br>":
                out.append("\n")
            else:
                anchor = ANCHOR.match(token.content)
                assert anchor or token.content == "</a>", token.content
                if anchor:
                    found.anchors.append(anchor.group(1))
        elif token.type == "strong_open":
            strong.append(len(out))
        elif token.type == "strong_close":
            found.strong.append("".join(out[strong.pop() :]))
        elif token.type == "link_open":
            found.hrefs.append(str(token.attrs["href"]))
    return "".join(out)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def editions(content) -> dict[str, tuple[Layout, bytes]]:
    return {
        stem: (layout, WRITER.write(layout, CONTEXT)) for stem, layout in layouts(content).items()
    }


@pytest.fixture(scope="module", params=sorted(PROJECTS))
def written(request) -> dict[str, tuple[Layout, bytes]]:
    return editions(PROJECTS[request.param])


def fields(slot) -> list:
    return slot if isinstance(slot, list) else [slot]


def spans_of(spans):
    for span in spans:
        yield span
        if not isinstance(span, Text):
            yield from spans_of(span.children)


def expected(layout: Layout, column: int):
    """(what, text the reader must see) for every unit, number and label of one column, and
    the unit ids."""
    found: list[tuple[str, str]] = []
    ids: list[str] = []
    title = layout.title[column]
    for part, unit in title.units.items():
        found.append((part, unit.main.plain))
        ids.append(unit.id)
    for value in (title.date, title.codes.get("reference"), title.closing):
        if value:
            found.append(("title block", value))
    for block in layout.blocks():
        cell = block.cells[column]
        if block.id:
            ids.append(block.id)
        for slot, value in cell.slots.items():
            for one in fields(value):
                if one.plain:
                    found.append((f"{block.id} {slot}", one.plain))
        if cell.label:
            found.append((f"{block.id} label", cell.label))
        if cell.number:
            found.append((f"{block.id} number", cell.number))
    return found, ids


def numbered_text(layout: Layout, column: int) -> list[tuple[str, str]]:
    """(number, text) of every numbered paragraph, item and heading: the number must stand
    just before its text (a space, an ideographic space or an em dash between)."""
    pairs = []
    for block in layout.blocks():
        cell = block.cells[column]
        text = cell.slots.get("heading") or cell.slots.get("text")
        if cell.number and text is not None:
            pairs.append((cell.number, text.plain))
    return pairs


def bullet(layout: Layout, block) -> bool:
    kind = layout.type.kinds[block.kind]
    return kind.numbering is not None and kind.numbering.style == "bullet"


def test_the_writer_is_registered():
    assert "md" in writers.names()
    found = next(w for w in writers.registered() if w.name == "md")
    assert (found.suffix, found.heavy) == (".md", False)


def test_every_unit_number_and_anchor_is_read_back(written):
    for stem, (layout, data) in written.items():
        markdown = data.decode("utf-8")
        seen = read(markdown)
        flat = squash(seen.text)
        for column in range(len(layout.columns)):
            found, ids = expected(layout, column)
            for what, text in found:
                if text == "•" and len(layout.columns) == 1:
                    continue  # a bullet item is a "-" item (counted below)
                assert squash(text) in flat, f"{stem}: {what} {text!r} not in the text"
            for number, text in numbered_text(layout, column):
                if number == "•" and len(layout.columns) == 1:
                    continue
                pattern = (
                    re.escape(squash(number)) + r"( |\u3000| \u2014 )?" + re.escape(squash(text))
                )
                assert re.search(pattern, flat), f"{stem}: {number!r} not before {text!r}"
        assert sorted(seen.anchors) == sorted(set(ids)), stem  # each id once, all of them
        if len(layout.columns) == 1:
            blocks = list(layout.blocks())
            assert seen.items == sum(b.role in ("item", "person") for b in blocks), stem


def test_nothing_but_the_content_is_markup(written):
    for stem, (layout, data) in written.items():
        seen = read(data.decode("utf-8"))
        assert seen.types <= ALLOWED, f"{stem}: {sorted(seen.types - ALLOWED)}"
        bold, hrefs = [], []
        for block in layout.blocks():
            for cell in block.cells:
                for value in cell.slots.values():
                    for one in fields(value):
                        for span in spans_of(one.spans):
                            if isinstance(span, Bold) and block.role != "person":
                                bold.append(squash(spans_md(span.children)))
                            elif isinstance(span, Link):
                                hrefs.append(span.href)
        strong = {squash(s) for s in seen.strong}
        for text in bold:  # every bold run is bold, every link a link
            assert any(re.sub(r"\\(.)", r"\1", text) in s for s in strong), (stem, text)
        assert sorted(set(hrefs)) == sorted(set(seen.hrefs)), stem


def test_one_language_reads_as_a_document(written):
    for stem, (layout, data) in written.items():
        if len(layout.columns) != 1:
            continue
        markdown = data.decode("utf-8")
        lines = markdown.split("\n")
        title = layout.title[0].units["title"]
        assert (
            lines[next(i for i, s in enumerate(lines) if s.startswith("# "))]
            == f'# <a id="{title.id}"></a>{spans_md(title.main.spans)}'
        )
        headings = [s for s in lines if s.startswith("#")]
        sections = [
            b
            for b in layout.blocks()
            if b.role == "section" and (b.cells[0].number or b.cells[0].slots.get("heading"))
        ]
        assert len(headings) == 1 + len(sections), stem
        for block, heading in zip(sections, headings[1:]):
            assert heading.startswith("#" * (block.level + 1) + " "), (stem, heading)
        for block in layout.blocks():  # a numbered paragraph's number is text, not a list
            number = block.cells[0].number
            if block.role == "paragraph" and number:
                written = re.sub(r"^(\d+)\.", r"\1\\.", number)  # 1. -> 1\.
                assert f'<a id="{block.id}"></a>{written}' in markdown, (stem, written)


def test_side_by_side_is_one_table_of_the_rows(written):
    for stem, (layout, data) in written.items():
        if len(layout.columns) != 2:
            continue
        seen = read(data.decode("utf-8"))
        assert seen.types >= {"table_open", "thead_open", "tbody_open"}
        assert not seen.types & {"paragraph_open", "heading_open", "bullet_list_open"}
        assert seen.header == [language_name(c.profile) for c in layout.columns]
        assert seen.rows == [2] * (1 + len(layout.rows())), stem  # the status row first
        lines = data.decode("utf-8").splitlines()
        assert len(lines) == 3 + len(layout.rows())
        assert lines[2].startswith("| **DRAFT** · Draft |"), lines[2]


def test_the_bytes_are_stable(written):
    for stem, (layout, data) in written.items():
        assert WRITER.write(layout, CONTEXT) == data, stem
        assert data.endswith(b"\n") and not data.endswith(b"\n\n"), stem
        assert b"\r" not in data and b"\t" not in data, stem
        data.decode("utf-8")
        assert not any(line.endswith(b" ") for line in data.split(b"\n")), stem


def test_a_new_layout_gives_the_same_bytes():
    first = editions(PROJECTS["declaration"])
    again = editions(PROJECTS["declaration"])
    assert {k: v[1] for k, v in first.items()} == {k: v[1] for k, v in again.items()}


# -- escaping -----------------------------------------------------------------------------

SPECIALS = "*_`[]<>&#|\\~!-+=.()1 aé中"


@pytest.mark.parametrize("seed", range(5))
def test_escaped_text_reads_back_as_itself(seed):
    """Any text, at the start of a line, in a list item or in a table cell, is read back as
    exactly that text (entities, emphasis, code, lists, headings, quotes: nothing)."""
    rng = random.Random(seed)
    for _ in range(400):
        text = "".join(rng.choice(SPECIALS) for _ in range(rng.randint(1, 12))).strip()
        if not text:
            continue
        entity = rng.choice(["", "&amp;", "&#42;", "&x;"])
        text = (text + entity).strip()
        for prefix, cell in (("", False), ("- ", False), ("| x |\n| --- |\n| ", True)):
            source = prefix + (escape(text, cell) if cell else at_line_start(escape(text)))
            if cell:
                source += " |"
            seen = read(source + "\n")
            assert seen.text.strip().split("\n")[-1].strip() == text, (source, seen.text)
            assert seen.types <= ALLOWED | {"text_special"}, (source, seen.types)


def test_content_with_markdown_characters_comes_back_literally(tmp_path):
    """Asterisks, underscores, brackets, pipes, hashes and angle brackets in the content."""
    content = tmp_path / "content"
    shutil.copytree(PROJECTS["declaration"], content)
    texts = {
        "en": r"# a \* b, snake_case, [brackets], a | b, x < y > z, AT&T, ~tilde~ and **bold**",
        "zh": r"# 甲 \* 乙，snake_case，[方括号]，甲 | 乙，x < y > z，AT&T，~波浪~和**粗体**",
    }
    plain = {lang: text.replace("\\*", "*").replace("**", "") for lang, text in texts.items()}
    for lang, text in texts.items():
        path = content / lang / "aldane-sea-fisheries-1948.yaml"
        source = path.read_text(encoding="utf-8")
        old = re.search(r"(?m)^( +- id: purpose\.text\n +kind: paragraph\n +text: ).*$", source)
        assert old, lang
        quoted = "'" + text.replace("'", "''") + "'"
        path.write_text(source[: old.end(1)] + quoted + source[old.end() :], encoding="utf-8")
    for stem, (layout, data) in editions(content).items():
        seen = read(data.decode("utf-8"))
        assert seen.types <= ALLOWED, stem
        for column in layout.columns:
            assert plain[column.lang] in seen.text, (stem, seen.text)
        assert "bold" in seen.strong or "粗体" in seen.strong, stem
