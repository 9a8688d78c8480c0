"""The English and Chinese editions (HTML, PDF): built for real and read back."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from diglot.diagnostics import Reporter
from diglot.pipeline import build

from conftest import REPO, loaded, pdftotext, snapshot

sys.path.insert(0, str(REPO / "scripts"))

DOC = "digital-economy-2024"
pytestmark = pytest.mark.project(templates=True)  # the tiny document and the templates


@pytest.fixture(scope="module")
def built(built_bundled) -> Path:
    assert built_bundled.diagnostics == []
    assert len(built_bundled.written) == 12
    return built_bundled.out / DOC


def squash(text: str) -> str:
    """Compare text across line breaks: no whitespace, no hyphenation hyphens."""
    text = unicodedata.normalize("NFKC", text).replace("\u2010", "")
    return re.sub(r"\s+", "", text)


def test_every_edition_file_is_written(built):
    assert sorted(p.name for p in built.iterdir()) == sorted(
        f"{DOC}.{edition}.{ext}"
        for edition in ("en", "zh", "en-zh")
        for ext in ("html", "pdf", "docx", "md")
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pdf_text_has_every_unit(built, pair, lang):
    text = pdftotext(built / f"{DOC}.{lang}.pdf")
    assert "\u00ad" not in text  # no soft hyphens leak into extracted text
    # the text as the edition prints it: the profile's quotation marks and apostrophes, and
    # its ranges' dashes
    profile = loaded(REPO / "content").languages.get(lang)
    document = (pair.source if lang == "en" else pair.target).printed(
        profile.set_quotes, profile.set_dashes
    )
    furniture = {document.title_unit("series").main.plain, document.title_unit("title").main.plain}
    pages = text.split("\f")
    body = pages[:1] + [
        line
        for page in pages[1:]
        for line in page.splitlines()
        if line not in furniture
        and not re.match(r"^(Page \d+ of \d+|第\d+页，共\d+页|DRAFT|草案)$", line)
    ]
    flat = squash("\n".join(body))
    flat = flat.casefold()  # the English title block and headings are set in capitals
    missing = [
        (u.id, f.name)
        for u in document.units()
        for f in u.fields
        if squash(f.plain).casefold() not in flat
    ]
    assert missing == []
    numbers = re.findall(r"^(\d+)\.", text, flags=re.M)
    assert [int(n) for n in numbers] == list(range(1, 25))


def pdffonts(path: Path) -> list[list[str]]:
    out = subprocess.run(
        ["pdffonts", str(path)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    return [line.split() for line in out]


@pytest.mark.parametrize(
    "lang, families",
    [
        ("en", {"Noto-Serif", "Noto-Serif-Bold", "Noto-Sans-Bold"}),
        ("zh", {"Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC-Bold"}),
    ],
)
def test_pdf_fonts_are_named_embedded_and_subset(built, lang, families):
    fonts = pdffonts(built / f"{DOC}.{lang}.pdf")
    names = {row[0].split("+", 1)[1] for row in fonts}
    assert names == families
    for row in fonts:
        assert row[0][6] == "+"  # subset prefix
        emb, sub = row[-5], row[-4]
        assert (emb, sub) == ("yes", "yes"), row


@pytest.mark.parametrize(
    "lang, title, author, lang_tag",
    [
        (
            "en",
            "Consensus Agreement · U.S.-China Track II Dialogue on the Digital Economy",
            "National Committee on U.S.-China Relations, China-U.S. Green Fund",
            "en-US",  # the profile's text language: it also picks US hyphenation patterns
        ),
        ("zh", "共识文件 · 中美数字经济二轨对话", "美中关系全国委员会、中美绿色基金", "zh-Hans"),
    ],
)
def test_pdf_metadata(built, pair, lang, title, author, lang_tag):
    import pdfplumber

    with pdfplumber.open(built / f"{DOC}.{lang}.pdf") as pdf:
        info = pdf.metadata
        assert info["Title"] == title
        assert info["Author"] == author
        assert info["Subject"]
        assert info["CreationDate"] == "D:202410"  # the document's date, not the clock
        catalog = pdf.doc.catalog
        assert catalog["Lang"].decode() == lang_tag
        outline = [title for _, title, *_ in pdf.doc.get_outlines()]
    document = pair.source if lang == "en" else pair.target
    headings = [
        u.main.plain for u in document.units() if u.kind in ("section", "delegation") and u.fields
    ]
    assert len(headings) == 8 and set(headings) <= set(outline)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_contents_page_numbers_point_at_the_headings(built, pair, lang):
    import pdfplumber

    with pdfplumber.open(built / f"{DOC}.{lang}.pdf") as pdf:
        pages = [page.extract_text() or "" for page in pdf.pages]
    document = pair.source if lang == "en" else pair.target
    headings = [
        u.main.plain for u in document.units() if u.kind in ("section", "delegation") and u.fields
    ]
    toc = pages[1]
    for heading in headings:
        match = re.search(re.escape(heading) + r"[ .]*(\d+)", toc.replace("\n", " "))
        assert match, heading
        page = int(match.group(1))
        assert squash(heading).casefold() in squash(pages[page - 1]).casefold(), heading
        assert f"{page}" in pages[page - 1].splitlines()[-1]  # the footer's page number


def test_running_header_and_page_numbers(built):
    import pdfplumber

    with pdfplumber.open(built / f"{DOC}.zh.pdf") as pdf:
        third = pdf.pages[2].extract_text().splitlines()
        total = len(pdf.pages)
    assert third[0].startswith("中美数字经济二轨对话") and third[0].endswith("共识文件")
    assert third[-1] == f"第3页，共{total}页"
    with pdfplumber.open(built / f"{DOC}.en.pdf") as pdf:
        third = pdf.pages[2].extract_text().splitlines()
        assert third[-1] == f"Page 3 of {len(pdf.pages)}"


def test_chinese_lines_justified_without_closing_punctuation_at_a_line_start(built):
    import measure_zh_flush

    full, flush, ragged, bad_starts = measure_zh_flush.measure(str(built / f"{DOC}.zh.pdf"))
    assert full > 100
    assert bad_starts == []
    assert flush / full >= 0.9, [line.text for line in ragged]


def test_chinese_body_indented_two_characters_and_headings_not(built):
    import measure_zh_flush

    lines, left, _ = measure_zh_flush.lines_of(str(built / f"{DOC}.zh.pdf"))
    starts = [line for line in lines if line.text.startswith(("双方一致认为", "中方认为"))]
    assert len(starts) == 2 and all(abs(line.x0 - left - 22) < 0.5 for line in starts)
    headings = [line for line in lines if line.sans_start and 12 < line.size < 13]
    assert len(headings) >= 8 and all(abs(line.x0 - left) < 0.5 for line in headings)


@pytest.mark.parametrize(
    "lang, html_lang, date", [("en", "en-US", "October 2024"), ("zh", "zh-Hans", "2024年10月")]
)
def test_html_edition(built, pair, lang, html_lang, date):
    page = (built / f"{DOC}.{lang}.html").read_text(encoding="utf-8")
    assert re.search(rf'<html lang="{html_lang}"', page)
    for unit in (pair.source if lang == "en" else pair.target).units():
        if unit.kind != "organiser":  # metadata: the author of the document
            assert f'id="{unit.id}"' in page, unit.id
    for target in re.findall(r'href="#([^"]+)"', page):
        assert f'id="{target}"' in page
    assert f'<time datetime="2024-10">{date}</time>' in page
    # self-contained: it loads nothing; its only links name the other editions
    assert not re.search(r"<(link(?! rel=\"alternate\")|script|img)\b|\bsrc=|url\(", page)
    others = re.findall(r'<link rel="alternate" href="([^"]+)"(?: hreflang="([^"]+)")?>', page)
    assert others and all(name.startswith(DOC + ".") for name, _ in others)
    assert page.count('<ol class="items kind-recommendation') == 5


def test_builds_are_reproducible(built, tmp_path):
    reporter = Reporter()
    build(REPO / "content", REPO / "templates", tmp_path, reporter)
    for path in built.iterdir():
        assert (tmp_path / DOC / path.name).read_bytes() == path.read_bytes(), path.name


# -- a small project of one's own: content and templates copied to a temporary folder ------


def test_content_is_escaped_and_never_a_template(project, run_build):
    en = project / "content" / "en" / "memo.yaml"
    en.write_text(
        en.read_text().replace(
            "Both sides should participate in the OECD process.",
            r"'Both sides should participate in the OECD process \<script>alert(1)\</script> "
            r"{{ 7*7 }}.'",
        )
    )
    zh = project / "content" / "zh" / "memo.yaml"  # the same in the Chinese, or qa.numbers
    zh.write_text(
        zh.read_text().replace(
            "双方应参与经合组织（OECD）进程。",
            r"'双方应参与经合组织（OECD）进程 \<b>1\</b> {{ 7*7 }}。'",
        )
    )
    code, out = run_build()
    assert code == 0, out
    page = (project / "build" / "memo" / "memo.en.html").read_text()
    assert "process &lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}." in page
    assert "<script" not in page and "49" not in page
    assert "{{ 7*7 }}" in pdftotext(project / "build" / "memo" / "memo.en.pdf")


def test_a_translation_check_error_fails_the_build_and_writes_nothing(project, run_build):
    assert run_build()[0] == 0
    before = snapshot(project / "build")
    zh = project / "content" / "zh" / "memo.yaml"
    zh.write_text(zh.read_text().replace("未来5至7年", "未来5至8年"))
    code, out = run_build()
    assert code == 1
    assert [line.rsplit(" [", 1)[1] for line in out if line.endswith("]")] == [
        "qa.numbers]",
        "qa.numbers]",
    ]
    assert out[-1] == (
        "diglot build: 2 errors; nothing was written; refused 1 document whose checks failed: "
        "memo (2 errors: qa.numbers)"
    )
    assert snapshot(project / "build") == before


def test_missing_template_fails_and_leaves_the_previous_build(project, run_build):
    assert run_build()[0] == 0
    before = snapshot(project / "build")
    (project / "templates" / "css" / "paged.css").unlink()
    code, out = run_build()
    assert code == 1
    assert out[0] == (
        "templates/css/paged.css:1:1: error: template 'css/paged.css' not found "
        "in templates [template.missing]"
    )
    assert out[-1] == "diglot build: 1 error; nothing was written"
    assert snapshot(project / "build") == before


def test_missing_catalog_fails_and_leaves_the_previous_build(project, run_build):
    assert run_build()[0] == 0
    before = snapshot(project / "build")
    shutil.rmtree(project / "templates" / "locale" / "zh")
    code, out = run_build()
    assert code == 1
    assert out[0] == (
        "templates/locale/zh/LC_MESSAGES/messages.po:1:1: error: no label "
        "catalog for 'zh'; create it with pybabel init (see README, \"Labels and "
        'catalogs") [locale.missing-catalog]'
    )
    assert snapshot(project / "build") == before


def test_untranslated_and_unknown_labels_fail(project, run_build):
    po = project / "templates" / "locale" / "zh" / "LC_MESSAGES" / "messages.po"
    translated = po.read_text(encoding="utf-8")
    po.write_text(translated.replace('msgstr "目录"', 'msgstr ""'), encoding="utf-8")
    code, out = run_build()
    assert code == 1
    assert re.match(
        r"templates/locale/zh/LC_MESSAGES/messages\.po:\d+:1: error: label "
        r"'Contents' has no translation \[locale\.untranslated\]",
        out[0],
    )
    po.write_text(translated, encoding="utf-8")
    template = project / "templates" / "edition.html.j2"
    template.write_text(
        template.read_text().replace('{{ _("Contents") }}', '{{ _("Table of contents") }}')
    )
    code, out = run_build()
    assert code == 1
    assert out[0] == (
        "templates/locale/zh/LC_MESSAGES/messages.po:1:1: error: label 'Table of "
        "contents' is used by the templates but missing from the catalog; run "
        'pybabel extract and update (see README, "Labels and catalogs") '
        "[locale.untranslated]"
    )


def test_a_character_no_font_has_fails_naming_unit_and_character(project, run_build):
    zh = project / "content" / "zh" / "memo.yaml"
    zh.write_text(
        zh.read_text(encoding="utf-8").replace("两国应明确", "两国应𓀀明确"), encoding="utf-8"
    )
    code, out = run_build()
    assert code == 1
    assert out[0] == (
        "content/zh/memo.yaml:29:19: error: 'chips.rec.define': no font of the "
        "Chinese edition has the character '𓀀' (U+13000) [pdf.glyph-missing]"
    )
    assert not (project / "build").exists()


def test_resources_outside_templates_are_refused(project, run_build):
    css = project / "templates" / "css" / "paged.css"
    css.write_text(
        '.series { background: url("https://example.org/x.png"); }\n'
        '.title { background: url("/etc/passwd"); }\n' + css.read_text()
    )
    code, out = run_build()
    assert code == 1
    assert any("refused to fetch https://example.org/x.png" in line for line in out)
    assert any("refused to fetch file:///etc/passwd" in line for line in out)
    assert not (project / "build").exists()


def test_fetcher_reads_only_files_under_templates(tmp_path, weasyprint):
    from diglot.writers.pdf import TemplatesOnlyFetcher

    (tmp_path / "logo.svg").write_text("<svg/>")
    fetcher = TemplatesOnlyFetcher(tmp_path)
    assert fetcher.fetch((tmp_path / "logo.svg").as_uri()).read() == b"<svg/>"
    for url in (
        "file:///etc/passwd",
        (tmp_path / ".." / "x").as_uri(),
        "http://127.0.0.1/x.css",
        "data:text/css,body{}",
    ):
        with pytest.raises(ValueError, match="refused to fetch"):
            fetcher.fetch(url)
