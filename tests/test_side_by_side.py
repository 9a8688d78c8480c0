"""The side-by-side edition (HTML and PDF), checked in a real browser and in the real PDF."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from playwright.sync_api import sync_playwright

from diglot.build import build
from diglot.diagnostics import Reporter
from diglot.rows import side_by_side_rows

from conftest import REPO

DOC = "digital-economy-2024"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    reporter = Reporter()
    build(REPO / "content", REPO / "templates", out, reporter)
    assert reporter.diagnostics == [], reporter.to_text()
    return out / DOC


@pytest.fixture(scope="module")
def rows(pair):
    return side_by_side_rows(pair.en, pair.zh)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_page(browser, built, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((built / f"{DOC}.en-zh.html").as_uri())
    return page


CELL_BOXES = """() => [...document.querySelectorAll('tbody tr')].map(tr => {
  const [en, zh] = tr.querySelectorAll('td');
  const box = cell => { const r = cell.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, left: r.left, visible: r.height > 0}; };
  return {id: tr.id, en: box(en), zh: box(zh), enLang: en.lang, zhLang: zh.lang,
          enText: en.innerText, zhText: zh.innerText};
})"""


def test_html_rows_are_level_at_1280px(browser, built, rows):
    page = open_page(browser, built, 1280)
    cells = page.evaluate(CELL_BOXES)
    page.close()
    assert len(cells) == len(rows)
    for cell, row in zip(cells, rows):
        assert cell["id"] == (row.id or "")
        assert (cell["enLang"], cell["zhLang"]) == ("en", "zh-Hans")
        assert abs(cell["en"]["top"] - cell["zh"]["top"]) <= 1, cell["id"]
        assert cell["zh"]["left"] > cell["en"]["left"]
        if row.number:
            assert cell["enText"].startswith(f"{row.number}.")
            assert cell["zhText"].startswith(f"{row.number}.")


def test_html_stacks_chinese_under_english_at_390px(browser, built, rows):
    page = open_page(browser, built, 390)
    cells = page.evaluate(CELL_BOXES)
    page.close()
    for cell in cells:
        assert cell["zh"]["top"] >= cell["en"]["bottom"] - 0.5, cell["id"]
        assert abs(cell["zh"]["left"] - cell["en"]["left"]) <= 1, cell["id"]


def test_html_language_switch(browser, built):
    page = open_page(browser, built, 1280)
    count = """lang => [...document.querySelectorAll('td.' + lang)]
                 .filter(td => td.getBoundingClientRect().height > 0).length"""
    total = page.locator("td.en").count()
    assert (page.evaluate(count, "en"), page.evaluate(count, "zh")) == (total, total)
    page.click("label[for=show-en]")
    assert (page.evaluate(count, "en"), page.evaluate(count, "zh")) == (total, 0)
    assert page.locator("th.zh").is_hidden()
    page.click("label[for=show-zh]")
    assert (page.evaluate(count, "en"), page.evaluate(count, "zh")) == (0, total)
    page.click("label[for=show-both]")
    assert (page.evaluate(count, "en"), page.evaluate(count, "zh")) == (total, total)
    page.close()


def test_html_has_the_single_editions_anchors(built):
    side = (built / f"{DOC}.en-zh.html").read_text(encoding="utf-8")
    single = (built / f"{DOC}.en.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'<(?:p|h1|h2|li|tr|span|section)[^>]* id="([^"]+)"', single))
    anchors -= {"toc-heading", "title-block"}
    assert anchors and all(f'id="{anchor}"' in side for anchor in anchors)


# -- PDF ----------------------------------------------------------------------------------

def first_lines(pdf_path, split_x):
    """Each column's text lines in reading order: (page, baseline from the top, text)."""
    columns = {"en": [], "zh": []}
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


def starts(row, lang):
    unit = getattr(row, lang)
    field = unit.field("name") if unit.kind == "member" else unit.main
    return (f"{row.number}." if row.number else "") + re.sub(r"\s", "", field.plain)


def test_pdf_rows_start_on_one_page_with_level_first_lines(built, rows):
    # The English column is 57 % of the 170 mm text block that starts 20 mm in.
    split_x = (20 + 0.57 * 170) / 25.4 * 72
    columns = first_lines(built / f"{DOC}.en-zh.pdf", split_x)
    position = {"en": 0, "zh": 0}
    checked = 0
    for row in rows:
        if row.kind == "label":
            continue
        found = {}
        for lang in ("en", "zh"):
            expected = starts(row, lang).casefold()
            lines = columns[lang]
            for i in range(position[lang], len(lines)):
                text = lines[i][2].casefold()
                k = min(len(text), len(expected), 12)
                if text[:k] == expected[:k]:
                    found[lang], position[lang] = lines[i], i + 1
                    break
        assert set(found) == {"en", "zh"}, (row.id, found)
        assert found["en"][0] == found["zh"][0], (row.id, "different pages")
        assert abs(found["en"][1] - found["zh"][1]) <= 2, (row.id, found)
        checked += 1
    assert checked == len(rows) - 5


def test_pdf_repeats_the_header_row_on_every_page(built):
    with pdfplumber.open(built / f"{DOC}.en-zh.pdf") as pdf:
        assert len(pdf.pages) > 5
        for page in pdf.pages:
            head = page.crop((0, 0, page.width, 80)).extract_text()
            assert "English" in head and "中文" in head


def test_pdf_cells_use_each_language_s_fonts(built):
    import subprocess
    fonts = subprocess.run(["pdffonts", str(built / f"{DOC}.en-zh.pdf")], check=True,
                           capture_output=True, text=True).stdout
    names = {line.split()[0].split("+")[1] for line in fonts.splitlines()[2:]}
    assert {"Noto-Serif", "Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC-Bold", "Noto-Sans-Bold"} <= names
    assert not any("JP" in name or "KR" in name or "TC" in name for name in names)
