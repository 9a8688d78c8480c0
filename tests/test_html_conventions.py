"""The HTML editions in Chromium: the links between a document's editions, links that look
like links, the print stylesheet, no Chinese text ending with one character alone on its
last line on screen, one h1 side by side, and no WCAG 2.1 A/AA violation that axe-core finds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from playwright.sync_api import Page

from diglot.diagnostics import Reporter
from diglot.pipeline import build

from conftest import FIXTURES, PROJECTS, REPO, axe_source, copy_project


@pytest.fixture(scope="module", params=sorted(PROJECTS))
def pages(request, tmp_path_factory) -> list[Path]:
    """A project's HTML editions: each language alone, then side by side."""
    out = tmp_path_factory.mktemp(request.param)
    reporter = Reporter()
    files = build(PROJECTS[request.param], REPO / "templates", out, reporter, formats=["html"])
    assert not reporter.errors, reporter.to_text()
    return sorted(files, key=lambda p: (p.name.count("-zh"), p.name))


WIDTHS = (390, 1280)  # a phone and a desktop


@pytest.fixture(scope="module")
def opened(chromium, pages) -> Iterator[dict[tuple[str, int], Page]]:
    """Each edition loaded once at each width (by file name and width), for the tests that
    read what is on the screen; the print test loads its own."""
    found: dict[tuple[str, int], Page] = {}
    try:
        for path in pages:
            for width in WIDTHS:
                page = chromium.new_page(viewport={"width": width, "height": 900})
                page.goto(path.as_uri())
                found[path.name, width] = page
        yield found
    finally:
        for page in found.values():
            page.close()


def side_by_side(path: Path) -> bool:
    return bool(re.search(r"\.[a-zA-Z-]+-zh(-Hant)?\.html$", path.name))


def test_each_edition_links_to_the_others(opened, pages):
    """rel=alternate with hreflang to every other edition, and a visible list of links that
    open them (each page declares its language)."""
    names = {p.name for p in pages}
    for path in pages:
        page = opened[path.name, 1280]
        alternates = page.evaluate(
            """() => [...document.querySelectorAll('link[rel=alternate]')]
                   .map(l => [l.getAttribute('href'), l.getAttribute('hreflang')])"""
        )
        # every edition (a language edition names itself among them too); a language
        # edition with its language, the bilingual one without
        assert {href for href, _ in alternates} | {path.name} == names, path.name
        assert all(bool(lang) != side_by_side(Path(href)) for href, lang in alternates)
        shown = page.locator("nav.editions a")
        assert shown.count() == len(names) - 1, path.name
        for i in range(shown.count()):
            target = shown.nth(i).get_attribute("href")
            assert target is not None
            # the link opens another edition (a file beside this one, which declares its
            # language), as the browser resolves it from this page
            resolved = page.evaluate("href => new URL(href, document.baseURI).href", target)
            other = next((p for p in pages if p.as_uri() == resolved), None)
            assert other is not None and other != path, (path.name, target)
            assert opened[other.name, 1280].evaluate("document.documentElement.lang"), target


def test_chinese_titles_and_headings_break_only_between_words_in_every_column(opened, pages):
    """Every title, heading, series line and subtitle in Chinese, whichever element it is (the
    side-by-side edition's second column sets its title in a p), keeps its words whole on
    screen (word-break: keep-all), as the PDF does; an English one breaks as usual."""
    for path in pages:
        found = opened[path.name, 390].evaluate(
            """() => [...document.querySelectorAll(
                    'h1, h2, h3, h4, .title, .series, .subtitle')]
                .filter(e => e.closest('main, table, header'))
                .map(e => [e.closest('[lang]').lang, getComputedStyle(e).wordBreak,
                           e.tagName + '.' + e.className])"""
        )
        chinese = [(kind, brk) for lang, brk, kind in found if lang.startswith("zh")]
        assert chinese or not any(lang.startswith("zh") for lang, _, _ in found), path.name
        assert all(brk == "keep-all" for _, brk in chinese), (path.name, chinese)
        assert all(brk == "normal" for lang, brk, _ in found if lang.startswith("en"))


def test_everything_inside_a_title_heading_or_name_is_in_its_face(opened, pages):
    """One face per heading: a no-break span, a bold or a link inside a title, a series
    line, a heading or a name is set in that element's face, not in the body face that its
    language would otherwise give it."""
    for path in pages:
        page = opened[path.name, 1280]
        odd = page.evaluate(
            """() => [...document.querySelectorAll(
                    'h1 *, h2 *, h3 *, h4 *, .title *, .series *, .name *')]
                .filter(e => getComputedStyle(e).fontFamily
                             !== getComputedStyle(e.parentElement).fontFamily)
                .map(e => [e.parentElement.className, e.outerHTML.slice(0, 80)])"""
        )
        assert odd == [], (path.name, odd[:5])


def test_links_are_underlined_and_print_is_a4_without_the_switch(chromium, opened, pages):
    for path in pages:
        # (the entries of the contents, a navigation, are not underlined: a list of links)
        underline = opened[path.name, 1280].evaluate(
            """() => [...document.querySelectorAll(
                      'main a[href]:not([role=navigation] a), nav.editions a')]
                   .map(a => getComputedStyle(a).textDecorationLine)"""
        )
        assert underline and all("underline" in u for u in underline), path.name
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        page.goto(path.as_uri())
        page.emulate_media(media="print")
        hidden = page.evaluate(
            """() => [...document.querySelectorAll('nav.editions, input.show, label.show-label')]
                   .every(e => getComputedStyle(e).display === 'none')"""
        )
        assert hidden, path.name
        if not side_by_side(path):  # a readable measure: about 70 characters
            width = page.evaluate("document.querySelector('main, body').clientWidth")
            size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
            assert 30 <= width / size <= 40, (path.name, width / size)
        pdf = path.with_suffix(".chromium.pdf")
        # the whole edition is laid out for print; only its first page needs writing
        page.pdf(path=str(pdf), prefer_css_page_size=True, page_ranges="1")
        with pdfplumber.open(pdf) as document:
            first = document.pages[0]
            assert (round(first.width), round(first.height)) == (595, 842), path.name
        page.close()


# The last line of each Chinese block on screen: the characters (not punctuation or spaces)
# on the line of the block's last character.
LAST_LINES = r"""() => {
  const han = /[\u3400-\u9fff]/;
  const found = [];
  const blocks = document.querySelectorAll(
    ':is(p, h1, h2, h3, h4, li, td, th):lang(zh)');
  for (const block of blocks) {
    if (block.querySelector('p, h1, h2, h3, h4, li, table')) continue;
    if (!han.test(block.textContent)) continue;
    if (block.getBoundingClientRect().height === 0) continue;
    const chars = [];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        if (!han.test(node.data[i])) continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getBoundingClientRect();
        if (rect.height) chars.push([rect.top, rect.bottom]);
      }
    }
    if (chars.length < 3) continue;
    const [top, bottom] = chars[chars.length - 1];
    const mid = (top + bottom) / 2;
    const last = chars.filter(([t, b]) => t <= mid && mid <= b).length;
    found.push([block.textContent.trim().slice(-12), last]);
  }
  return found;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_no_chinese_text_ends_with_one_character_alone_on_screen(opened, pages, width):
    for path in pages:
        lasts = opened[path.name, width].evaluate(LAST_LINES)
        if "zh" not in path.name:
            continue
        assert lasts, path.name
        alone = [text for text, count in lasts if count == 1]
        assert alone == [], (path.name, width, alone)


def test_side_by_side_has_one_h1_and_a_presentational_table(opened, pages):
    (path,) = [p for p in pages if side_by_side(p)]
    page = opened[path.name, 1280]
    # (the second language's title is its h1 in the view of that language alone, hidden
    # until then: test_side_by_side_shows_one_h1_in_each_view_in_its_language)
    assert page.locator("h1:visible").count() == 1
    assert page.locator("table.aligned").get_attribute("role") == "presentation"


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_wcag_2_1_a_or_aa_violation(opened, pages, width):
    source = axe_source()
    for path in pages:
        page = opened[path.name, width]
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.add_script_tag(content=source)
        violations = page.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag',
                   values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                 .then(r => r.violations.map(v => [v.id, v.nodes.length]))"""
        )
        assert violations == [], (path.name, width, violations)


# -- accessibility: landmarks, headings, the language switch, tables and lists -------------


def test_every_edition_has_a_main_landmark_and_a_skip_link_to_it(chromium, opened, pages):
    """The first thing the keyboard reaches is a link to the text (the <main> landmark),
    in the edition's language(s), hidden until it has the focus."""
    for path in pages:
        for width in WIDTHS:
            page = opened[path.name, width]
            assert page.locator("main").count() == 1, path.name
            main_id = page.locator("main").get_attribute("id")
            skip = page.locator("a.skip")
            assert skip.count() == 1 and main_id, path.name
            assert skip.get_attribute("href") == f"#{main_id}"
            languages = page.evaluate(
                """() => [...document.querySelectorAll('a.skip, a.skip [lang]')]
                       .map(e => [e.closest('[lang]').lang, e.textContent.trim()])"""
            )
            texts = {lang[:2]: text for lang, text in languages if text}
            # in the edition's language, or in each of its languages side by side
            shown = page.evaluate(
                """() => [...document.querySelectorAll('table.aligned > thead th')]
                       .map(th => th.lang).concat([document.documentElement.lang])"""
            )
            for lang in shown if side_by_side(path) else shown[-1:]:
                label = {"en": "Skip to the text", "zh": "跳到正文"}[lang[:2]]
                assert label in texts.get(lang[:2], ""), (path.name, lang, texts)
        # out of sight until focused, then on the screen: the first stop of the keyboard
        page = chromium.new_page(viewport={"width": 390, "height": 800})
        page.goto(path.as_uri())
        skip = page.locator("a.skip")
        box = skip.bounding_box()
        assert box is None or box["x"] + box["width"] <= 0 or box["width"] <= 1, box
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip", path.name
        box = skip.bounding_box()
        assert box and box["x"] >= 0 and box["y"] >= 0 and box["width"] > 20, box
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == f"#{main_id}"
        page.close()


def test_side_by_side_contents_are_a_navigation_with_a_heading(opened, pages):
    (path,) = [p for p in pages if side_by_side(p)]
    page = opened[path.name, 1280]
    if not page.locator(".toc-entry").count():
        return  # a document without contents
    navigation = page.get_by_role("navigation", name=re.compile("Contents"))
    assert navigation.count() == 1
    assert navigation.get_by_role("heading", name="Contents").count() == 1
    assert navigation.locator(".toc-entry a").count() == page.locator(".toc-entry a").count()


def test_side_by_side_shows_one_h1_in_each_view_in_its_language(chromium, pages):
    """Whichever languages the switch shows, the page has one visible h1: the title in the
    first language shown (so the Chinese view has the Chinese title as its h1)."""
    (path,) = [p for p in pages if side_by_side(p)]
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    page.goto(path.as_uri())
    visible_h1 = """() => [...document.querySelectorAll('h1')]
        .filter(e => e.getClientRects().length).map(e => e.closest('[lang]').lang)"""
    langs = page.evaluate(
        "[...document.querySelectorAll('table.aligned > thead th')].map(th => th.lang)"
    )
    for label, expected in (("show-both", langs[0]), ("show-0", langs[0]), ("show-1", langs[1])):
        page.click(f"label[for={label}]")
        assert page.evaluate(visible_h1) == [expected], label
    page.close()


def test_the_language_switch_is_a_labelled_group_of_whole_language_names(chromium, pages):
    """The three choices are one group with a name; each language's name is in its
    language and never broken across lines, even on a narrow phone."""
    (path,) = [p for p in pages if side_by_side(p)]
    page = chromium.new_page(viewport={"width": 320, "height": 700})
    page.goto(path.as_uri())
    groups = page.evaluate(
        """() => [...document.querySelectorAll('input.show')].map(input => {
            const fieldset = input.closest('fieldset');
            const legend = fieldset && fieldset.querySelector(':scope > legend');
            const group = input.closest('[role=radiogroup]');
            const by = group && group.getAttribute('aria-labelledby');
            const name = legend ? legend.textContent
                : by ? by.split(' ').map(id => document.getElementById(id).textContent).join(' ')
                : '';
            return [fieldset || group ? 'group' : 'none', name.trim()]; })"""
    )
    assert len(groups) == 3 and all(kind == "group" and name for kind, name in groups), groups
    # every Han character of the labels is inside an element in Chinese
    untagged = page.evaluate(
        """() => [...document.querySelectorAll('label.show-label')].flatMap(label => {
            const found = [];
            const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode())
              if (/[\\u3400-\\u9fff]/.test(n.data) && !n.parentElement.closest('[lang]')
                    .lang.startsWith('zh')) found.push(n.data);
            return found; })"""
    )
    assert untagged == []
    # each language's name on one line
    broken = page.evaluate(
        """() => [...document.querySelectorAll('label.show-label [lang], label.show-label[lang]')]
            .filter(e => { const r = document.createRange(); r.selectNodeContents(e);
                           const tops = new Set([...r.getClientRects()].map(b => Math.round(b.top)));
                           return tops.size > 1; }).map(e => e.textContent)"""
    )
    assert broken == []
    page.close()


def test_signature_blocks_are_layout_not_data_tables(pages):
    found = 0
    for path in pages:
        for table in re.findall(r"<table class=\"signatures[^>]*>", path.read_text("utf-8")):
            found += 1
            assert 'role="presentation"' in table, (path.name, table)
    assert found or not any("declaration" in str(p) for p in pages)


def test_bulleted_lists_are_ul_and_numbered_lists_ol(pages):
    """A list whose markers are the language's bullet (•, or the dash lead —— in Chinese) is
    a <ul>, its markers hidden from screen readers; a numbered list stays an <ol>."""
    for path in pages:
        if side_by_side(path):
            continue
        text = path.read_text("utf-8")
        for tag, body in re.findall(r"<(ol|ul) class=\"items[^>]*>(.*?)</\1>", text, re.S):
            markers = re.findall(r'<span class="marker"([^>]*)>([^<]*)</span>', body)
            bullets = [m for m in markers if m[1] in ("\u2022", "\u2014\u2014")]
            if tag == "ul":
                assert markers and len(bullets) == len(markers), (path.name, markers)
                assert all('aria-hidden="true"' in attrs for attrs, _ in markers)
            else:
                assert not bullets, (path.name, markers)
        if "harbour-cooperation" in path.name:  # the joint statement's bullet points
            assert '<ul class="items' in text, path.name


def wide_table_project(root: Path) -> Path:
    """The declaration fixture with its allocation table given a column per year: wider
    than a phone in either language."""
    content = copy_project(root, FIXTURES / "types" / "declaration" / "content") / "content"
    for lang, head, row in (
        ("en", "Tonnes per year]", ['"100,000"]', '"87,500"]', '"62,500"]']),
        ("zh", "年捕捞量（吨）]", ['"100000"]', '"87500"]', '"62500"]']),
    ):
        (path,) = (content / lang).glob("*.yaml")
        text = path.read_text(encoding="utf-8")
        years = ", ".join(
            f"{y}年（吨）" if lang == "zh" else f"Tonnes in {y}" for y in (1949, 1950, 1951)
        )
        text = text.replace(head, f"{head[:-1]}, {years}]", 1)
        for figure in row:
            text = text.replace(figure, f"{figure[:-1]}, {figure[:-1]}, {figure[:-1]}, {figure}", 1)
        path.write_text(text, encoding="utf-8")
    return content


def test_a_wide_data_table_scrolls_in_a_labelled_region_not_the_page(chromium, tmp_path):
    """A language edition on a phone: a data table wider than the screen scrolls by itself
    in a region the keyboard reaches (its caption its name); the page does not."""
    content = wide_table_project(tmp_path / "project")
    reporter = Reporter()
    files = build(content, REPO / "templates", tmp_path / "out", reporter, formats=["html"])
    assert not reporter.errors, reporter.to_text()
    singles = [p for p in files if not side_by_side(p)]
    assert len(singles) == 2
    for path in singles:
        page = chromium.new_page(viewport={"width": 320, "height": 700})
        page.goto(path.as_uri())
        regions = page.evaluate(
            """() => [...document.querySelectorAll('table.data')].map(t => {
                const r = t.parentElement;
                return {role: r.getAttribute('role'), tabindex: r.getAttribute('tabindex'),
                        label: r.getAttribute('aria-label'),
                        caption: t.caption ? t.caption.textContent.trim() : null,
                        scrolls: r.scrollWidth > r.clientWidth,
                        right: r.getBoundingClientRect().right}; })"""
        )
        assert len(regions) == 1, path.name
        (region,) = regions
        assert (region["role"], region["tabindex"]) == ("region", "0"), (path.name, region)
        assert region["label"] and region["label"] == region["caption"]
        assert region["scrolls"] and region["right"] <= 320, (path.name, region)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path.name
        page.close()
