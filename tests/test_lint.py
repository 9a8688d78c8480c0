"""The rendered-output lint (diglot/writers/lint.py): every PDF of a build is read back; a
character outside its text area or column, a .notdef glyph, a font not embedded or a
Chinese line that starts with closing punctuation fails the build and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from diglot.diagnostics import Location
from diglot.writers import _pdffonts, lint

from conftest import FIXTURES, layouts

pytestmark = pytest.mark.project(templates=True)

A4 = lint.Rect(0, 0, 595.276, 841.89)


def failed_build(project: Path, run_build) -> tuple[int, list[str]]:
    code, out = run_build()
    assert not (project / "build").exists(), "a failed build writes nothing"
    return code, out


def append(path: Path, css: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + css, encoding="utf-8")


def test_every_project_passes_the_lint(built_project):
    """Each project's build (every format; its PDFs read back by the lint) reports nothing."""
    assert built_project.diagnostics == [], built_project.name
    assert [path for path in built_project.written if path.suffix == ".pdf"]


def test_overflow_into_the_margin_fails_naming_edition_page_and_unit(project, run_build):
    append(project / "templates" / "css" / "paged.css", "p.body { white-space: nowrap; }\n")
    code, out = failed_build(project, run_build)
    assert code == 1
    assert (
        "content/en/memo.yaml:26:15: error: memo.en.pdf, page 3: 'chips.outlook' in the line "
        "'China will become a significant maker of mature node chips …': 'ears.' runs 23.4 pt "
        "into the right margin [pdf.overflow]"
    ) in out
    assert out[-1] == (
        "diglot build: 2 errors; nothing was written; refused 1 document whose checks failed: "
        "memo (2 errors: pdf.overflow)"
    )


def test_overflow_into_the_other_column_fails(project, run_build):
    append(
        project / "templates" / "css" / "side-by-side-paged.css",
        "td.col-0 p { white-space: nowrap; }\n",
    )
    code, out = failed_build(project, run_build)
    assert code == 1
    assert (
        "content/en/memo.yaml:37:19: error: memo.en-zh.pdf, page 2: 'ai.rec.oecd' in the line "
        "'Both sides should participate in the OECD process.': 'ss.' runs 9.8 pt past "
        "the right edge of its column, into the column on its right [pdf.overflow]"
    ) in out
    # a line that runs on into a generated text (a leader's mark) still names its unit
    assert any("'us.dennis-blair' in the line 'Knott Distinguished" in line for line in out)


def test_chinese_line_starting_with_closing_punctuation_fails(project, run_build):
    append(project / "templates" / "css" / "paged.css", "p.body:lang(zh) { width: 1.1em; }\n")
    code, out = failed_build(project, run_build)
    assert code == 1
    # (a column one character wide also breaks the typographic rules: reported beside it)
    assert (
        "content/zh/memo.yaml:21:15: error: memo.zh.pdf, page 3: 'intro.convened' in the line "
        "'。': the line starts with the closing punctuation '。' [pdf.punctuation-start]"
    ) in out


def test_notdef_glyph_fails_naming_the_unit(project, run_build):
    # the build refuses content characters no font has; a template can still draw one
    append(
        project / "templates" / "css" / "side-by-side-paged.css",
        'h1.title:lang(en)::after { content: "\\E000"; }\n',
    )
    code, out = failed_build(project, run_build)
    assert code == 1
    assert out == [
        "content/en/memo.yaml:9:11: error: memo.en-zh.pdf, page 1: 'title' in the line "
        "'CONSENSUS AGREEMENT\ue000': '\ue000' (U+E000) is drawn as a missing glyph (.notdef): "
        "the font 'Noto-Sans-Bold' has no glyph for it [pdf.notdef]",
        "diglot build: 1 error; nothing was written; refused 1 document whose checks failed: "
        "memo (1 error: pdf.notdef)",
    ]


def test_notdef_in_a_crafted_pdf(weasyprint):
    pdf = weasyprint.HTML(string="<p style=\"font-family: 'Noto Serif'\">A\ue000B</p>").write_pdf()
    frame = lint.PageFrame(A4, ((0, 595.276),))
    (finding,) = lint.lint(pdf, [frame])
    assert (finding.code, finding.page, finding.line) == ("pdf.notdef", 1, "A\ue000B")
    assert finding.message == (
        "'\ue000' (U+E000) is drawn as a missing glyph (.notdef): the font 'Noto-Serif' "
        "has no glyph for it"
    )


def minimal_pdf(content: bytes) -> bytes:
    """One A4 page drawing text in Helvetica, a font the PDF names but does not contain."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_font_not_embedded_in_a_crafted_pdf(weasyprint):
    pdf = minimal_pdf(b"BT /F1 12 Tf 100 700 Td (Hello world) Tj ET")
    frame = lint.PageFrame(lint.Rect(50, 50, 545, 792), ((50, 545),))
    (finding,) = lint.lint(pdf, [frame])
    assert finding == lint.Finding(
        "pdf.font-not-embedded",
        1,
        0,
        "Hello world",
        "the font 'Helvetica' is not embedded in the PDF",
    )


def test_overflow_in_a_crafted_pdf_names_the_side(weasyprint):
    pdf = minimal_pdf(b"BT /F1 12 Tf 500 700 Td (Hello world) Tj ET")
    frame = lint.PageFrame(lint.Rect(50, 50, 545, 792), ((50, 545),))
    codes = [(f.code, f.message) for f in lint.lint(pdf, [frame])]
    assert ("pdf.overflow", "'orld' runs 14.3 pt into the right margin") in codes


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1: the catalog first), with its cross-reference
    table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), entries) + data + b"\nendstream"


def test_cmaps_fonts_and_forms_are_read_as_a_pdf_reader_reads_them():
    """A two-byte font with its own CMap (codes 0041-0043 have glyphs, any other code is
    CID 0) and a ToUnicode map with a range of texts; its codes drawn on the page, inside
    q/Q and in a form the page draws."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        b"1 begincidrange <0041> <0042> 1 endcidrange\n"
        b"1 begincidchar <0043> 5 endcidchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    to_unicode = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        b"1 beginbfrange <0041> <0044> [<0041> <0042> <0043> <263A>] endbfrange\n"
        b"1 beginbfchar <0000> <2605> endbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    page = (
        b"BT /F1 12 Tf 100 700 Td <00410000> Tj ET\n"
        b"q BT /F2 12 Tf 100 680 Td (ab) Tj ET Q\n"
        b"BT 100 660 Td [<0042> -20 (\\000C\\000E)] TJ ET\n"
        b"/X1 Do"
    )
    pdf = pdf_of(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 5 0 R "
            b"/F2 10 0 R >> /XObject << /X1 8 0 R >> >> >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            stream(page),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Crafted /Encoding 6 0 R "
            b"/DescendantFonts [7 0 R] /ToUnicode 9 0 R >>",
            stream(cmap),
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Crafted "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            b"/FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+Crafted /Flags 4 >> >>",
            stream(
                b"BT /F3 12 Tf 100 640 Td <0044> Tj ET",
                b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                b"/Resources << /Font << /F3 5 0 R >> >> ",
            ),
            stream(to_unicode),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )
    [(number, missing, notdefs)] = _pdffonts.fonts_and_codes(pdf)
    assert number == 1 and set(missing) == {"Crafted", "Helvetica"}
    # 0000 on the page (★ by the ToUnicode map), 0045 after the Q that gives the font
    # back (no text in the map), 0044 in the form (☺, from the range's list); 0041-0043
    # have glyphs, and the one-byte Helvetica has no .notdef to find
    assert [(font.name, code, char) for font, code, char in notdefs] == [
        ("Crafted", 0x0000, "★"),
        ("Crafted", 0x0045, ""),
        ("Crafted", 0x0044, "☺"),
    ]
    frame = lint.PageFrame(A4, ((0, 595.276),))
    messages = {(f.code, f.message) for f in lint.lint(pdf, [frame])}
    assert messages >= {
        ("pdf.font-not-embedded", "the font 'Crafted' is not embedded in the PDF"),
        ("pdf.font-not-embedded", "the font 'Helvetica' is not embedded in the PDF"),
        (
            "pdf.notdef",
            "'★' (U+2605) is drawn as a missing glyph (.notdef): the font 'Crafted' has no "
            "glyph for it",
        ),
        (
            "pdf.notdef",
            "the code 69 is drawn as a missing glyph (.notdef): the font 'Crafted' has no "
            "glyph for it",
        ),
    }


def test_a_line_found_in_several_units_is_named_by_the_cells_around_it():
    """A figure of a table cell that occurs in other units too (40% in the preamble and in
    the allocation table) is named at its own row, told by the cells drawn next to it."""
    layout = layouts(FIXTURES / "types" / "declaration" / "content")[
        "aldane-sea-fisheries-1948/aldane-sea-fisheries-1948.en"
    ]
    where = Location(Path("templates/edition.html.j2"), 1, 1)
    overflow = "'40%' runs 3.0 pt into the right margin"
    findings = [
        lint.Finding("pdf.overflow", 4, 0, "40%", overflow, "Republic of Varnholm", "100,000"),
        lint.Finding(
            "pdf.overflow", 4, 0, "40%", overflow, "in the Aldane Sea fell by", "between 1938"
        ),
    ]
    found = lint.diagnostics(findings, layout, "x.en.pdf", where)
    assert [d.unit for d in found] == ["allocation.table.varnholm", "preamble.decline"]
    assert found[0].location.line == 114
