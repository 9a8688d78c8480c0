"""The side-by-side edition (HTML and PDF), checked in a real browser and in the real PDF."""

from __future__ import annotations

import re

import pdfplumber
import pytest

from conftest import PROJECTS, REPO, layouts

REPO_TEMPLATES = REPO / "templates"


class Edition:
    """One project's side-by-side edition: its layout, and the files built from it."""

    def __init__(self, content_dir, out):
        ((self.stem, self.layout),) = [
            (stem, layout)
            for stem, layout in layouts(content_dir).items()
            if len(layout.columns) == 2
        ]
        self.html = out / f"{self.stem}.html"
        self.pdf = out / f"{self.stem}.pdf"
        self.single = out / f"{self.stem.rsplit('.', 1)[0]}.{self.layout.langs[0]}.html"
        self.rows = self.layout.rows()
        self.html_langs = tuple(c.profile.html_lang for c in self.layout.columns)


@pytest.fixture(scope="module")
def edition(built_project):
    """One project's side-by-side edition, from its build (made once, shared)."""
    return Edition(PROJECTS[built_project.name], built_project.out)


def open_page(chromium, edition, width):
    page = chromium.new_page(viewport={"width": width, "height": 900})
    page.goto(edition.html.as_uri())
    return page


# The rows of units (not the contents' entries); a data table is one bilingual cell that
# spans both columns.
CELL_BOXES = """() => [...document.querySelectorAll('table.aligned > tbody > tr')]
    .filter(tr => !tr.matches('.row-contents, .row-contents-heading')).map(tr => {
  const [en, zh = en] = tr.querySelectorAll(':scope > td');
  const box = cell => { const r = cell.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, visible: r.height > 0}; };
  return {id: tr.id, en: box(en), zh: box(zh), enLang: en.lang, zhLang: zh.lang,
          enText: en.innerText, zhText: zh.innerText};
})"""


def test_html_rows_are_level_at_1280px(chromium, edition):
    page = open_page(chromium, edition, 1280)
    cells = page.evaluate(CELL_BOXES)
    page.close()
    # a signature block is three rows of the table: its party's (with its id), its name's
    # and its title's
    rows = [
        shown
        for row in edition.rows
        for shown in (
            [row, None, None] if row.block is not None and row.block.role == "signature" else [row]
        )
    ]
    assert len(cells) == len(rows)
    for cell, row in zip(cells, rows):
        if row is None:  # a signature's name or title: level, no id
            assert cell["id"] == "" and abs(cell["en"]["top"] - cell["zh"]["top"]) <= 1
            continue
        assert cell["id"] == (row.id or "")
        if row.block is None or row.block.role != "table":  # a bilingual table: one cell
            assert (cell["enLang"], cell["zhLang"]) == edition.html_langs
        assert abs(cell["en"]["top"] - cell["zh"]["top"]) <= 1, cell["id"]
        assert cell["zh"]["left"] > cell["en"]["left"] or row.block.role == "table"
        if row.block is not None and row.part == "body":
            for i, text in enumerate((cell["enText"], cell["zhText"])):
                number = row.block.cells[i].number
                if number and number != "\u2022":
                    assert text.startswith(number), (row.id, number, text)


def test_html_stacks_chinese_under_english_at_390px(chromium, edition):
    page = open_page(chromium, edition, 390)
    cells = page.evaluate(CELL_BOXES)
    page.close()
    for cell in cells:
        if cell["en"] == cell["zh"]:  # a bilingual table: one cell
            continue
        assert cell["zh"]["top"] >= cell["en"]["bottom"] - 0.5, cell["id"]
        assert abs(cell["zh"]["left"] - cell["en"]["left"]) <= 1, cell["id"]


TABLES = """() => [...document.querySelectorAll('td.bilingual-cell')].map(cell => [
  ...cell.querySelectorAll('table.data')].filter(t => t.getBoundingClientRect().height > 0)
  .map(t => ({lang: t.closest('[lang]').getAttribute('lang'), right: t.getBoundingClientRect().right,
              bilingual: t.matches('.bilingual')})))"""


def test_html_shows_each_language_s_table_whole_on_a_phone(chromium, edition):
    """At 390 px a data table is shown once per language, one under the other, each within
    the screen (a bilingual table hid its second language beyond the edge); at 1280 px once,
    bilingual or stacked, with the ids only once on the page."""
    html = edition.html.read_text(encoding="utf-8")
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    page = open_page(chromium, edition, 390)
    tables = page.evaluate(TABLES)
    for shown in tables:
        assert [t["lang"] for t in shown] == list(edition.html_langs), shown
        assert all(t["right"] <= 390 and not t["bilingual"] for t in shown), shown
    page.click("label[for=show-1]")
    assert all(len(shown) == 1 for shown in page.evaluate(TABLES))
    page.close()
    page = open_page(chromium, edition, 1280)
    for shown in page.evaluate(TABLES):
        assert len(shown) in (1, 2) and (shown[0]["bilingual"] or len(shown) == 2), shown
    page.close()


def test_html_language_switch(chromium, edition):
    page = open_page(chromium, edition, 1280)
    count = """column => [...document.querySelectorAll('table.aligned > tbody > tr > td.' + column)]
                 .filter(td => td.getBoundingClientRect().height > 0).length"""
    total = page.locator("table.aligned > tbody > tr > td.col-0").count()
    assert (page.evaluate(count, "col-0"), page.evaluate(count, "col-1")) == (total, total)
    page.click("label[for=show-0]")
    assert (page.evaluate(count, "col-0"), page.evaluate(count, "col-1")) == (total, 0)
    assert page.locator("table.aligned > thead th.col-1").is_hidden()
    page.click("label[for=show-1]")
    assert (page.evaluate(count, "col-0"), page.evaluate(count, "col-1")) == (0, total)
    page.click("label[for=show-both]")
    assert (page.evaluate(count, "col-0"), page.evaluate(count, "col-1")) == (total, total)
    page.close()


def test_html_has_the_single_editions_anchors(edition):
    side = edition.html.read_text(encoding="utf-8")
    single = edition.single.read_text(encoding="utf-8")
    anchors = set(
        re.findall(r'<(?:p|h1|h2|h3|h4|li|tr|span|section|table)[^>]* id="([^"]+)"', single)
    )
    anchors -= {"toc-heading", "title-block"}
    assert anchors and all(f'id="{anchor}"' in side for anchor in anchors)


# -- PDF ----------------------------------------------------------------------------------


def first_lines(pdf_path, split_x):
    """Each column's text lines in reading order: (page, baseline from the top, text)."""
    columns: dict[str, list[tuple[int, float, str]]] = {"en": [], "zh": []}
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            lines: dict[tuple[str, float], list] = {}
            for char in page.chars:
                if char["size"] < 9 or not char["text"].strip():
                    continue  # running header and footer
                baseline = round(page.height - char["matrix"][5], 1)
                column = "en" if char["x0"] < split_x else "zh"
                lines.setdefault((column, baseline), []).append(char)
            for (column, baseline), chars in sorted(lines.items(), key=lambda kv: kv[0][1]):
                text = "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"]))
                columns[column].append((number, baseline, re.sub(r"\s", "", text)))
    return columns


def starts(layout, row, i):
    """The text a row's cell in column i starts with, as the PDF shows it."""
    title = layout.title[i]
    if row.part in ("series", "title", "subtitle"):
        text = title.units[row.part].main.plain
    elif row.part == "place":
        text = title.date or title.units["place"].main.plain
    elif row.part == "reference":
        text = title.codes["reference"]
    elif row.part == "closing":
        text = title.closing
    elif row.part == "status":  # the language status line
        text = title.status
    else:
        cell = row.block.cells[i]
        slots = cell.slots
        if row.part == "heading":
            text = cell.number or slots["heading"].plain  # a number stands on its own line
        elif row.block.role == "testimonium":  # "Done at …", its cell's label
            text = cell.label
        elif row.block.role == "person":
            text = slots["name"].plain
        elif row.block.role == "table":
            text = (
                slots["caption"].plain
                if "caption" in slots
                else row.block.children[0].cells[i].slots["cells"][0].plain
            )
        else:
            text = (cell.number or "") + slots["text"].plain
    return re.sub(r"\s", "", text)


def test_pdf_rows_start_on_one_page_with_level_first_lines(edition):
    # The first column's share of the 170 mm text block that starts 20 mm in.
    weights = [c.profile.column_weight for c in edition.layout.columns]
    split_x = (20 + weights[0] / sum(weights) * 170) / 25.4 * 72
    columns = first_lines(edition.pdf, split_x)
    position = {"en": 0, "zh": 0}
    checked = 0
    # (a signature block's first line is its party's formula, which may differ in order:
    # alternat)
    rows = [
        row
        for row in edition.rows
        if row.part != "label" and (row.block is None or row.block.role != "signature")
    ]
    for row in rows:
        found = {}
        for i, lang in enumerate(("en", "zh")):
            expected = starts(edition.layout, row, i).casefold()
            lines = columns[lang]
            for i in range(position[lang], len(lines)):
                text = lines[i][2].casefold()
                k = min(len(text), len(expected), 12)
                # (a balanced title's or heading's first line may hold only a few words)
                least = 4 if row.part in ("series", "title", "subtitle", "heading") else 8
                if text[:k] == expected[:k] and len(text) >= min(len(expected), least):
                    found[lang], position[lang] = lines[i], i + 1
                    break
        assert set(found) == {"en", "zh"}, (row.id, found)
        assert found["en"][0] == found["zh"][0], (row.id, "different pages")
        assert abs(found["en"][1] - found["zh"][1]) <= 2, (row.id, found)
        checked += 1
    assert checked == len(rows)


def test_pdf_keeps_every_text_out_of_the_gutter(edition):
    """Between the columns is a gutter (the first column's 1.4rem padding: 14 pt) that no
    text enters: not a paragraph, and not a data table's caption or cells, whose bilingual
    table puts each language's cells where that language's column is."""
    weights = [c.profile.column_weight for c in edition.layout.columns]
    split_x = (20 + weights[0] / sum(weights) * 170) / 25.4 * 72
    gutter = (split_x + 0.5, split_x + 13.5)
    with pdfplumber.open(edition.pdf) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            inside = [
                c["text"]
                for c in page.chars
                if 80 < c["top"] < page.height - 70  # the body: not the running head or foot
                and c["x0"] < gutter[1]
                and c["x1"] > gutter[0]
                and c["text"].strip()
            ]
            assert not inside, (number, "".join(inside))


def test_pdf_repeats_the_header_row_on_every_page(edition):
    with pdfplumber.open(edition.pdf) as pdf:
        assert len(pdf.pages) >= 1
        for page in pdf.pages:
            head = page.crop((0, 0, page.width, 80)).extract_text()
            assert "English" in head and "中文" in head


def test_pdf_cells_use_each_language_s_fonts(edition):
    import subprocess

    fonts = subprocess.run(
        ["pdffonts", str(edition.pdf)], check=True, capture_output=True, text=True
    ).stdout
    names = {line.split()[0].split("+")[1] for line in fonts.splitlines()[2:]}
    cjk = "TC" if edition.html_langs[1] == "zh-Hant" else "SC"
    other = "SC" if cjk == "TC" else "TC"
    assert {
        "Noto-Serif",
        f"Noto-Serif-CJK-{cjk}",
        f"Noto-Sans-CJK-{cjk}-Bold",
        "Noto-Sans-Bold",
    } <= names, names
    assert not any("JP" in name or "KR" in name or other in name for name in names)
