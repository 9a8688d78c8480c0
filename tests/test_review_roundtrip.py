"""review-export and review-import: the bilingual review file, edited in LibreOffice, read
back; and every way a file can be wrong or hostile refused, naming the row or entry, with
nothing written."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from contextlib import nullcontext
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, REPO, commit_all, git, loaded, snapshot

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOC = "digital-economy-2024"
SCOPE = "双方分析了全球数字经济发展现状，包括数字经济与中美两国外交政策之间的相互作用，并就半导体、电动汽车和自动驾驶汽车、数据跨境流动与治理以及人工智能等议题进行了讨论。与会者提出了若干重要建议，详见本共识文件。"
LO_EDIT = Path(__file__).parent / "lo_review_edit.py"
SYSTEM_PYTHON = "/usr/bin/python3"


class Project:
    """A project in a git repository (make_project(..., repo=True)), the current directory."""

    def __init__(self, root: Path):
        self.root = root

    def zh(self, doc: str = DOC) -> Path:
        return self.root / "content" / "zh" / f"{doc}.yaml"

    def snapshot(self) -> dict[str, bytes]:
        return snapshot(self.root, "content")


def export(cli, *args: str) -> Path:
    code, out = cli("review-export", "--templates", str(REPO / "templates"), *args).merged()
    assert code == 0, out
    return Path(out.split("wrote ", 1)[1].split("\n", 1)[0])


@pytest.fixture
def bundled(make_project) -> Project:
    return Project(make_project(REPO / "content", repo=True))


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> bytes:
    """The bundled document's review file, exported once (the checks take a second)."""
    from diglot.diagnostics import Reporter
    from diglot.reviewfile import export as export_files

    root = tmp_path_factory.mktemp("exported")
    shutil.copytree(REPO / "content", root / "content")
    reporter = Reporter()
    (path,), _, _ = export_files(
        root / "content", None, {"all"}, root / "review", REPO / "templates", reporter
    )
    assert not reporter.errors, reporter.to_text()
    return path.read_bytes()


@pytest.fixture
def review(bundled, exported) -> Path:
    """The review file of the bundled document, as exported, in the project's review/."""
    path = Path("review") / f"{DOC}.en-zh.review.docx"
    path.parent.mkdir()
    path.write_bytes(exported)
    return path


def table_ids(path: Path) -> list[str]:
    import docx

    table = docx.Document(str(path)).tables[0]
    return [row.cells[1].text for row in table.rows[1:]]


# -- the file as exported ---------------------------------------------------------------------


def test_export_writes_a_protected_table_with_the_export_data(bundled, review, cli):
    path = review
    assert path == Path("review") / f"{DOC}.en-zh.review.docx"
    with zipfile.ZipFile(path) as archive:
        settings = archive.read("word/settings.xml").decode()
        document = archive.read("word/document.xml").decode()
        custom = archive.read("docProps/custom.xml").decode()
        core = archive.read("docProps/core.xml").decode()
    assert '<w:documentProtection w:edit="readOnly" w:enforcement="1"/>' in settings
    ids = table_ids(path)
    assert len(ids) == 70 and ids[:3] == ["series", "title", "place"]
    # two editable ranges a row (Chinese and Comment), for everyone; the header repeats
    assert document.count('w:edGrp="everyone"') == 2 * 70
    assert document.count("<w:permEnd ") == 2 * 70
    assert "<w:tblHeader/>" in document  # on, as w:val="true" would say
    assert '"document": "digital-economy-2024"' in custom.replace("&quot;", '"')
    assert 'name="diglot.row.2"><vt:lpwstr>title 45969a0599f55e0d596315af1c88740e ' in custom
    assert "python-docx" not in core
    # bold as bold runs, the edition's numbers, the instructions in both languages
    import docx

    word = docx.Document(str(path))
    row = word.tables[0].rows[ids.index("introduction.convened") + 1]
    bold = [r.text for r in row.cells[3].paragraphs[0].runs if r.bold]
    assert bold == ["美中关系全国委员会", "中美绿色基金"]
    numbered = word.tables[0].rows[ids.index("developments.rec.common-good") + 1]
    assert numbered.cells[0].text == "1."
    text = "\n".join(p.text for p in word.paragraphs)
    assert "begin the comment with “resolved”" in text and "请在意见开头写“已解决”" in text


def test_export_only_some_units(bundled, cli):
    code, out = cli(
        "review-export", "--only", "findings", "--templates", str(REPO / "templates")
    ).merged()
    assert code == 0
    assert (
        out
        == "digital-economy-2024 (en-zh): no unit to review (--only findings); no file written\n"
    )
    zh = bundled.zh()
    zh.write_text(
        zh.read_text(encoding="utf-8").replace(
            'source-hash: "45969a0599f55e0d596315af1c88740e/', f'source-hash: "{"0" * 32}/'
        ),
        encoding="utf-8",
    )
    path = export(cli, DOC, "--only", "stale", "--out", "elsewhere")
    assert path.parent == Path("elsewhere")
    assert table_ids(path) == ["title"]
    path = export(cli, "--only", "stale,review")
    ids = table_ids(path)
    assert "title" in ids and "developments.chinese-view" in ids and "series" not in ids


def test_export_usage_errors(bundled, cli):
    code, out = cli("review-export", "--only", "everything").merged()
    assert code == 2 and "expected all, findings, stale, review" in out
    code, out = cli("review-export", "nope", "--templates", str(REPO / "templates")).merged()
    assert code == 2 and "nope" in out


def test_an_untouched_file_imports_as_no_change(bundled, review, cli):
    path = review
    before = bundled.snapshot()
    code, out = cli("review-import", str(path), "--apply").merged()
    assert code == 0 and "no change to import" in out
    assert bundled.snapshot() == before


# -- editing the XML directly (fast) -------------------------------------------------------------


def rewrite(path: Path, name: str, change) -> None:
    """Replace one entry of the archive with change(its bytes)."""
    with zipfile.ZipFile(path) as archive:
        entries = [(i, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info.filename, change(data) if info.filename == name else data)


def edit_rows(path: Path, change) -> None:
    """change(list of the table's w:tr elements, the table) edits the table in place."""

    def edit(data: bytes) -> bytes:
        root = etree.fromstring(data)
        table = root.find(f"{W}body/{W}tbl")
        change(table.findall(f"{W}tr"), table)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    rewrite(path, "word/document.xml", edit)


def set_cell(row, column: int, text: str) -> None:
    cell = row.findall(f"{W}tc")[column]
    texts = cell.findall(f".//{W}t")
    if not texts:
        p = cell.find(f"{W}p")
        r = etree.SubElement(p, f"{W}r")
        texts = [etree.SubElement(r, f"{W}t")]
    texts[0].text = text
    for t in texts[1:]:
        t.text = ""


def test_an_edit_and_a_comment_in_the_xml_are_applied(bundled, review, cli):
    path = review
    ids = table_ids(path)
    row = ids.index("place") + 1

    def change(rows, table):
        set_cell(rows[row], 3, "美国华盛顿特区")
        set_cell(rows[row], 7, "Check the place name.")

    edit_rows(path, change)
    before = bundled.snapshot()
    code, out = cli("review-import", str(path), "--author", "Li Wei").merged()
    assert code == 0, out
    assert f"place (review/{DOC}.en-zh.review.docx row 3): {{+美国+}}华盛顿特区" in out
    assert "new note: Check the place name. (Li Wei, " in out
    assert "nothing written" in out
    assert bundled.snapshot() == before
    code, out = cli("review-import", str(path), "--author", "Li Wei", "--apply").merged()
    assert code == 0, out
    text = bundled.zh().read_text(encoding="utf-8")
    assert "    text: 美国华盛顿特区\n" in text
    assert '      - note: "Check the place name."\n        author: "Li Wei"\n' in text
    # approval is a separate step: the approval still names the text it approved, so the
    # changed text reads as not approved
    en = "bedbf69e8871129afbce77a97cb8feeb"
    assert f'source-hash: "{en}/{text_hash_of("华盛顿特区")}"' in text
    assert (
        bundled.zh().with_name(bundled.zh().name + ".bak").read_bytes()
        == before[f"content/zh/{DOC}.yaml"]
    )


def test_a_note_reads_as_typed_in_the_next_review_file(bundled, review, cli):
    """A comment is kept as the reviewer typed it (a tag, `*` or `_` are characters), and the
    next review file shows it so in the notes column, without the escapes it is stored
    with; bold in a note is shown bold."""
    row = table_ids(review).index("place") + 1
    said = "Use <b>城市</b>, *not* 特区; see [4] & snake_case"
    edit_rows(review, lambda rows, table: set_cell(rows[row], 7, said))
    code, out = cli("review-import", str(review), "--author", "Li Wei", "--apply").merged()
    assert code == 0, out
    text = bundled.zh().read_text(encoding="utf-8")
    series = "    text: 中美数字经济二轨对话\n"
    assert series in text
    bundled.zh().write_text(
        text.replace(series, "    review: A **bold** word.\n" + series), encoding="utf-8"
    )
    import docx

    again = export(cli, "--out", "again")
    rows = docx.Document(str(again)).tables[0].rows
    assert [p.text for p in rows[row].cells[6].paragraphs] == [f"{said} (Li Wei)"]
    notes = rows[table_ids(again).index("series") + 1].cells[6].paragraphs
    assert [p.text for p in notes] == ["A bold word."]
    assert [r.text for r in notes[0].runs if r.bold] == ["bold"]


def set_lines(row, column: int, *lines: str) -> None:
    """The cell's paragraph as these lines, with a line break (Shift+Enter) between each."""
    set_cell(row, column, lines[0])
    run = row.findall(f"{W}tc")[column].find(f".//{W}t").getparent()
    for line in lines[1:]:
        after = etree.Element(f"{W}r")
        etree.SubElement(after, f"{W}br")
        etree.SubElement(after, f"{W}t").text = line
        run.addnext(after)
        run = after


def test_a_line_break_typed_in_a_cell_reads_as_the_text_does(bundled, review, cli):
    """A unit's text is one paragraph: a line break typed in its cell (Shift+Enter) is no
    space between Chinese characters and one space elsewhere, and is never written into
    the content as a line break."""
    row = table_ids(review).index("place") + 1
    edit_rows(review, lambda rows, table: set_lines(rows[row], 3, "华盛顿", "特区"))
    before = bundled.snapshot()
    code, out = cli("review-import", str(review), "--apply").merged()
    assert (code, out.splitlines()[-1]) == (0, f"{review}: no change to import"), out
    assert bundled.snapshot() == before
    edit_rows(
        review,
        lambda rows, table: set_lines(rows[row], 3, "美国华盛顿", "特区（Washington,", "D.C.）"),
    )
    code, out = cli("review-import", str(review), "--apply", "--author", "A").merged()
    assert code in (0, 1), out
    assert "    text: 美国华盛顿特区（Washington, D.C.）\n" in bundled.zh().read_text(
        encoding="utf-8"
    )


def text_hash_of(text: str) -> str:
    from diglot.provenance import hash_fields

    return hash_fields([("text", text)])


def test_the_checks_run_on_the_result(bundled, review, cli):
    row = table_ids(review).index("title") + 1
    edit_rows(review, lambda rows, table: set_cell(rows[row], 3, "共识文本"))
    code, out = cli("review-import", str(review), "--apply", "--author", "A").merged()
    assert code == 1
    assert "'Consensus Agreement' is translated '共识文件' in the glossary" in out
    assert "applied 1 changes" in out
    assert "    text: 共识文本\n" in (bundled.zh().read_text(encoding="utf-8"))


def refused(bundled, cli, path: Path, *expected: str) -> str:
    before = bundled.snapshot()
    code, out = cli("review-import", str(path), "--apply", "--author", "A").merged()
    assert code == 1, out
    for text in expected:
        assert text in out, out
    assert str(path) in out.split("error:", 1)[0] + out.split("error:", 1)[1][:200]
    assert bundled.snapshot() == before
    return out


def test_a_file_of_another_document_is_refused(bundled, review, cli):
    path = review
    rewrite(
        path,
        "docProps/custom.xml",
        lambda d: d.replace(b'"document": "digital-economy-2024"', b'"document": "memo"'),
    )
    refused(
        bundled,
        cli,
        path,
        "exported from document 'memo' (en-zh), which this project does not have",
    )


def test_a_changed_id_is_refused(bundled, review, cli):
    path = review
    row = table_ids(path).index("introduction.scope") + 1
    edit_rows(path, lambda rows, table: set_cell(rows[row], 1, "introduction.scopes"))
    refused(
        bundled,
        cli,
        path,
        f"{path}: row {row} (introduction.scopes): error: was added to the table, or its id "
        "changed",
    )


def test_changed_english_is_refused(bundled, review, cli):
    path = review
    row = table_ids(path).index("place") + 1
    edit_rows(path, lambda rows, table: set_cell(rows[row], 2, "Washington DC"))
    refused(bundled, cli, path, f"row {row} (place): error: the English was changed in the file")


def test_reordered_rows_are_refused(bundled, review, cli):
    path = review

    def swap(rows, table):
        rows[5].addprevious(rows[6])

    edit_rows(path, swap)
    ids = table_ids(path)
    refused(
        bundled,
        cli,
        path,
        f"{path}: row 5 ({ids[4]}): error: the rows were reordered: this unit was exported "
        "as row 6",
    )


def test_an_added_row_is_refused(bundled, review, cli):
    path = review
    import copy

    edit_rows(path, lambda rows, table: rows[3].addnext(copy.deepcopy(rows[3])))
    refused(bundled, cli, path, f"{path}: row 3 (place): error: was added to the table")


def test_a_deleted_row_is_refused(bundled, review, cli):
    path = review
    edit_rows(path, lambda rows, table: table.remove(rows[3]))
    refused(bundled, cli, path, f"{path}: row 3 (place): error: was deleted from the table")


def test_a_broken_table_is_refused(bundled, review, cli):
    path = review

    def drop_cell(rows, table):
        rows[4].remove(rows[4].findall(f"{W}tc")[5])

    edit_rows(path, drop_cell)
    refused(bundled, cli, path, f"{path}: row 4: error: 7 cells where the review file has 8")


def test_a_row_s_problem_is_located_at_the_row_a_word_file_has_no_lines(bundled, review, cli):
    """Every problem of a row is located by the row and its unit, never at a line and
    column: a Word file has none (it said FILE:1:1)."""
    path = review
    ids = table_ids(path)
    place, scope = ids.index("place") + 1, ids.index("introduction.scope") + 1

    def edit(rows, table):
        import copy

        paragraph = rows[place].findall(f"{W}tc")[3].find(f"{W}p")
        paragraph.addnext(copy.deepcopy(paragraph))  # two paragraphs for one text
        set_cell(rows[scope], 2, "The two sides examined it.")

    edit_rows(path, edit)
    out = refused(bundled, cli, path)
    assert (
        f"{path}: row {place} (place): error: the Chinese cell has 2 paragraphs, the unit has "
        "1 text(s) (text): keep one paragraph per text [review-import.row]"
    ) in out
    assert f"{path}: row {scope} (introduction.scope): error: the English was changed" in out
    assert ":1:1:" not in out


def test_chinese_changed_in_the_repository_since_the_export_is_refused(bundled, review, cli):
    path = review
    row = table_ids(path).index("place") + 1
    edit_rows(path, lambda rows, table: set_cell(rows[row], 3, "美国华盛顿特区"))
    zh = bundled.zh()
    zh.write_text(
        zh.read_text(encoding="utf-8").replace("text: 华盛顿特区", "text: 华盛顿哥伦比亚特区"),
        encoding="utf-8",
    )
    refused(
        bundled,
        cli,
        path,
        f"row {row}: 'place': changed in the repository since the export",
        f"content/zh/{DOC}.yaml:",
    )


def test_a_zip_entry_leading_out_of_the_archive_is_refused(bundled, review, cli):
    path = review
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("../evil.txt", "x")
    refused(bundled, cli, path, "entry '../evil.txt': a name that leads out of the archive")


@pytest.mark.parametrize("second", ["word/document.xml", "Word/Document.XML", "word\\document.xml"])
def test_a_member_named_twice_is_refused(bundled, review, cli, second):
    """A second word/document.xml appended to the archive: Word shows one copy, a zip reader
    may read the other, so what the reviewer saw is not what would be imported. A part's
    name is compared as Word compares it (ASCII case ignored, either slash)."""
    path = review
    document = zipfile.ZipFile(path).read("word/document.xml")
    hidden = document.replace("华盛顿特区".encode(), "别处".encode(), 1)
    assert hidden != document
    with zipfile.ZipFile(path, "a") as archive:
        with pytest.warns(UserWarning) if second == "word/document.xml" else nullcontext():
            archive.writestr(second, hidden)
    refused(bundled, cli, path, f"entry '{second}': the archive holds a second 'word/document.xml'")


def test_a_huge_entry_is_refused(bundled, review, cli):
    path = review
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/big.bin", b"\0" * (21 * 1024 * 1024))
    refused(bundled, cli, path, "entry 'word/media/big.bin': 22020096 bytes uncompressed")


def test_a_compression_bomb_is_refused(bundled, review, cli):
    path = review
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/zeros.bin", b"\0" * (5 * 1024 * 1024))
    refused(bundled, cli, path, "entry 'word/media/zeros.bin': compressed", "(a compression bomb)")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"""


def test_an_xml_bomb_is_refused(bundled, review, cli):
    path = review
    rewrite(path, "word/document.xml", lambda d: BILLION_LAUGHS)
    refused(
        bundled,
        cli,
        path,
        "word/document.xml: a document type declaration (<!DOCTYPE>, <!ENTITY>) is not allowed",
    )


def test_an_external_entity_is_refused(bundled, review, cli):
    path = review

    def xxe(data: bytes) -> bytes:
        head, body = data.split(b"?>", 1)
        body = body.replace(">华盛顿特区<".encode(), b">&xxe;<", 1)
        return (
            head + b'?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + body
        )

    rewrite(path, "word/document.xml", xxe)
    out = refused(bundled, cli, path, "word/document.xml: a document type declaration")
    assert "root:" not in out


def test_a_file_that_is_not_a_zip_is_refused(bundled, cli):
    path = Path("review.docx")
    path.write_text("hello", encoding="utf-8")
    refused(bundled, cli, path, "not a Word file (.docx): it is not a zip archive")


def test_a_zip_that_is_not_a_word_file_is_refused(bundled, cli):
    with zipfile.ZipFile("notes.docx", "w") as archive:
        archive.writestr("notes.txt", "hello")
    refused(bundled, cli, Path("notes.docx"), "not a Word file (.docx): the archive has no")


def test_an_opendocument_or_old_word_file_is_named_as_such(bundled, cli):
    """A reviewer who saved the file in LibreOffice's own format (.odt, a zip archive with a
    mimetype member) or as Word 97-2003 (.doc) is told what to save it as."""
    with zipfile.ZipFile("reviewed.odt", "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    refused(
        bundled,
        cli,
        Path("reviewed.odt"),
        "reviewed.odt:1:1: error: an OpenDocument text (.odt), not a Word file (.docx): save "
        "it as Word (.docx) and import that; nothing was written [review-import.file]",
    )
    Path("reviewed.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    refused(bundled, cli, Path("reviewed.doc"), "a Word 97-2003 document (.doc), not a Word")


def test_xml_that_is_not_well_formed_is_refused(bundled, review, cli):
    path = review
    rewrite(path, "word/document.xml", lambda d: d[: len(d) // 2])
    refused(bundled, cli, path, "word/document.xml:", "the XML is not well-formed")


def test_a_docx_that_is_no_review_file_is_refused(bundled, cli):
    import docx

    document = docx.Document()
    document.add_table(rows=2, cols=8)
    document.save("other.docx")
    refused(bundled, cli, Path("other.docx"), "not a diglot review file")


def test_a_missing_file_is_an_environment_error(bundled, cli):
    code, out = cli("review-import", "nowhere.docx").merged()
    assert code == 2
    assert out == (
        "nowhere.docx:1:1: error: the file does not exist; nothing was written [io.error]\n"
    )


# -- edited in LibreOffice (slow) ------------------------------------------------------------------


def libreoffice_edit(soffice, source: Path, target: Path, edits: list[dict], tmp: Path) -> str:
    """Edit the review file in LibreOffice (through its UNO API), save it as .docx."""
    script = tmp / "edits.json"
    script.write_text(json.dumps(edits, ensure_ascii=False), encoding="utf-8")
    profile = soffice.profile()
    done = subprocess.run(
        [SYSTEM_PYTHON, str(LO_EDIT), str(source), str(target), str(script), str(profile)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def cell(column: str, ids: list[str], unit_id: str) -> str:
    return f"{column}{ids.index(unit_id) + 2}"  # the header is row 1


def test_a_review_edited_in_libreoffice_is_applied(bundled, cli, tmp_path, soffice):
    path = export(cli)
    ids = table_ids(path)
    edited = tmp_path / "edited.docx"
    libreoffice_edit(
        soffice,
        path,
        edited,
        [
            {"cell": cell("D", ids, "introduction.scope"), "text": SCOPE.replace("若干", "多项")},
            {"cell": cell("H", ids, "title"), "text": "Is 文本 right here?"},
            {
                "cell": cell("D", ids, "introduction.convened"),
                "text": "（会议纪要）",
                "mode": "append",
            },
            {"cell": cell("H", ids, "developments.chinese-view"), "text": "已解决：主办方已确认。"},
        ],
        tmp_path,
    )
    with zipfile.ZipFile(edited) as archive:  # LibreOffice keeps the protection and ranges
        settings = archive.read("word/settings.xml").decode()
        document = archive.read("word/document.xml").decode()
    assert '<w:documentProtection w:edit="readOnly" w:enforcement="1"' in settings
    import re

    starts = set(re.findall(r'<w:permStart w:id="(\d+)" w:edGrp="everyone"/>', document))
    assert len(starts) == 2 * len(ids)
    assert starts == set(re.findall(r'<w:permEnd w:id="(\d+)"/>', document))
    before = bundled.zh().read_text(encoding="utf-8")
    code, out = cli("review-import", str(edited), "--author", "Li Wei").merged()
    assert code == 0, out
    shown = [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("content/")]
    # exactly the edits: no untouched cell (bold, links, long texts) reads as changed
    assert len(shown) == 5, out
    assert shown[0].startswith("title (edited.docx row 2): new note: Is 文本 right here?")
    assert "**中美绿色基金**" not in shown[1] and "{+（会议纪要）+}" in shown[1]
    assert (
        shown[2]
        == "introduction.scope (edited.docx row 7): …了讨论。与会者提出了[-若干-]{+多项+}重要建议，详见本共识文件。"
    )
    assert (
        shown[3].startswith("developments.chinese-view")
        and "resolve note: For both organisers" in shown[3]
    )
    assert "resolved note: 主办方已确认。 (Li Wei," in shown[4]
    code, out = cli("review-import", str(edited), "--author", "Li Wei", "--apply").merged()
    assert code == 0, out
    after = bundled.zh().read_text(encoding="utf-8")
    assert "与会者提出了多项重要建议" in after
    assert '（两国代表团名单见下文。）（会议纪要）"\n' in after
    assert 'text: "**美中关系全国委员会**与**中美绿色基金**于2024年' in after
    assert after.startswith(before.split("\n", 2)[0] + "\n")  # the file's comments stay
    assert '        review:\n          - note: "For both organisers' in after
    code, out = cli("check").merged()
    assert code == 0, out
    code, out = cli("review", "--status", "resolved").merged()
    assert "developments.chinese-view (resolved): For both organisers" in out
    assert "developments.chinese-view (resolved): 主办方已确认。 (Li Wei, " in out


def test_the_declaration_fixture_round_trips_through_libreoffice(
    make_project, tmp_path, cli, soffice
):
    project = Project(
        make_project(FIXTURES / "types" / "declaration" / "content", repo=True, at="decl")
    )
    doc = "aldane-sea-fisheries-1948"
    path = export(cli)
    assert path.name == f"{doc}.en-zh.review.docx"
    ids = table_ids(path)
    untouched = tmp_path / "untouched.docx"
    libreoffice_edit(soffice, path, untouched, [], tmp_path)
    code, out = cli("review-import", str(untouched), "--apply").merged()
    assert code == 0 and "no change to import" in out, out
    edited = tmp_path / "edited.docx"
    libreoffice_edit(
        soffice,
        path,
        edited,
        [
            {
                "cell": cell("D", ids, "measures.closed-season"),
                "text": "各参加国应于每年3月1日至4月30日关闭鲱鱼渔场，不得例外。",
            },
            {"cell": cell("H", ids, "measures.closed-season"), "text": "Added: no exceptions?"},
        ],
        tmp_path,
    )
    code, out = cli("review-import", str(edited), "--apply", "--author", "Reviewer").merged()
    assert code == 0, out
    text = project.zh(doc).read_text(encoding="utf-8")
    assert "关闭鲱鱼渔场，不得例外。" in text
    assert '- note: "Added: no exceptions?"' in text
    assert text.startswith("# 宣言类型的测试用文件")
    code, out = cli("check").merged()
    assert code == 0, out


# -- links, missing units, files that do not load ------------------------------------------------

LINK = "https://example.org/d?x=1&y=2"


@pytest.fixture
def linked(make_project, tmp_path) -> Project:
    """The tiny fixture, with a link (and bold) in intro.convened in both languages."""
    project = Project(make_project(repo=True))
    for lang, old, new in (
        ("en", "convened the dialogue", f"convened the [dialogue]({LINK})"),
        ("zh", "召开了本次对话", f"召开了本次[对话]({LINK})"),
    ):
        path = tmp_path / "content" / lang / "memo.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    commit_all(tmp_path, "links")
    return project


def test_links_survive_the_round_trip(linked, cli):
    path = export(cli)
    with zipfile.ZipFile(path) as archive:
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert f'Target="{LINK.replace("&", "&amp;")}" TargetMode="External"' in rels
    code, out = cli("review-import", str(path)).merged()
    assert code == 0 and "no change to import" in out, out
    row = table_ids(path).index("intro.convened") + 1

    def retitle(rows, table):
        cell = rows[row].findall(f"{W}tc")[3]
        (link_text,) = cell.findall(f".//{W}hyperlink//{W}t")
        link_text.text = "二轨对话"

    edit_rows(path, retitle)
    code, out = cli("review-import", str(path), "--apply", "--author", "A").merged()
    assert code == 0, out
    assert "本次[{+二轨+}对话](https://example.org/…" in out
    text = linked.zh("memo").read_text(encoding="utf-8")
    assert f'"**美中关系全国委员会**于2024年10月7日至8日召开了本次[二轨对话]({LINK})。"' in text


def test_a_translation_for_a_missing_unit_is_added_in_its_place(linked, cli):
    zh = linked.zh("memo")
    zh.write_text(
        zh.read_text(encoding="utf-8").replace(
            "          - id: chips.rec.relax\n            text: 考虑放宽对民用先进半导体的出口管制。\n",
            "",
        ),
        encoding="utf-8",
    )
    path = export(cli)
    row = table_ids(path).index("chips.rec.relax") + 1
    edit_rows(path, lambda rows, table: set_cell(rows[row], 3, "考虑放宽出口管制。"))
    code, out = cli("review-import", str(path), "--apply", "--author", "A").merged()
    assert (
        f"chips.rec.relax (review/memo.en-zh.review.docx row {row}): add: 考虑放宽出口管制。" in out
    )
    text = zh.read_text(encoding="utf-8")
    assert text.index("id: chips.rec.define") < text.index("id: chips.rec.relax")
    assert "考虑放宽出口管制。" in text


def test_a_document_that_does_not_load_is_named(linked, cli):
    path = export(cli)
    zh = linked.zh("memo")
    zh.write_text(zh.read_text(encoding="utf-8") + "  extra: [\n", encoding="utf-8")
    refused(
        linked,
        cli,
        path,
        "content/zh/memo.yaml:",
        "[yaml.syntax]",
        "do not load: there are errors in content/zh/memo.yaml;",
    )


def test_links_and_bold_survive_libreoffice(linked, cli, tmp_path, soffice):
    path = export(cli)
    ids = table_ids(path)
    edited = tmp_path / "edited.docx"
    libreoffice_edit(
        soffice,
        path,
        edited,
        [{"cell": cell("D", ids, "chips.outlook"), "text": "（草案）", "mode": "append"}],
        tmp_path,
    )
    code, out = cli("review-import", str(edited), "--apply", "--author", "A").merged()
    assert code == 0, out
    assert [line for line in out.splitlines() if line.startswith("content/")] == [
        "content/zh/memo.yaml: chips.outlook (edited.docx row 7): …程芯片的重要制造国。{+（草案）+}"
    ]


def test_comments_resolve_only_after_the_word_resolved(bundled, review, cli, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")  # no git user: notes without author
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    ids = table_ids(review)
    viewed, place = ids.index("developments.chinese-view") + 1, ids.index("place") + 1

    def comment(rows, table):
        set_cell(rows[viewed], 7, "RESOLVED.")
        set_cell(rows[place], 7, "Resolvedly\tunclear")

    edit_rows(review, comment)
    code, out = cli("review-import", str(review), "--apply").merged()
    assert code == 0, out
    assert (
        "developments.chinese-view (review/" in out and "resolve note: For both organisers" in out
    )
    assert "place (review/" in out and "new note: Resolvedly unclear (20" in out
    text = bundled.zh().read_text(encoding="utf-8")
    assert '      - note: "Resolvedly unclear"\n        date: "20' in text
    code, out = cli("review", "--status", "resolved").merged()
    assert "developments.chinese-view (resolved): For both organisers" in out
    code, out = cli("check").merged()
    assert code == 0, out


def test_a_resolution_imported_again_is_not_recorded_twice(bundled, review, cli):
    """A comment that resolves a unit's notes with words of its own records them as a
    resolved note, another opens a note; the same file imported again records nothing more
    (and says so: it once ended with no word, exit 1)."""
    ids = table_ids(review)
    row, place = ids.index("developments.chinese-view") + 1, ids.index("place") + 1

    def comment(rows, table):
        set_cell(rows[row], 7, "Resolved: agreed by both.")
        set_cell(rows[place], 7, "Check the district's name.")

    edit_rows(review, comment)
    code, out = cli("review-import", str(review), "--apply", "--author", "Li Wei").merged()
    assert code == 0 and "resolve note: For both organisers" in out, out
    once = bundled.zh().read_text(encoding="utf-8")
    assert once.count("agreed by both.") == 1
    ran = cli("review-import", str(review), "--apply", "--author", "Li Wei")
    code, out = ran.code, ran.out + ran.err
    assert code == 0 and out.splitlines()[-1].endswith("no change to import"), out
    assert bundled.zh().read_text(encoding="utf-8") == once


def test_a_traditional_chinese_project_gets_its_labels_and_faces(make_project, tmp_path, cli):
    make_project(FIXTURES / "zh-hant" / "content")
    shutil.copy(FIXTURES / "zh-hant" / "diglot.toml", tmp_path / "diglot.toml")
    git(tmp_path, "init", "-q")
    commit_all(tmp_path, "content")
    path = export(cli)
    assert path.name == "digital-heritage-2025.en-GB-zh-Hant.review.docx"
    import docx

    word = docx.Document(str(path))
    assert [c.text for c in word.tables[0].rows[0].cells][3:5] == ["Chinese 中文", "Status 狀態"]
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("word/styles.xml").decode()
    assert '<w:rFonts w:eastAsia="Noto Serif CJK TC"/>' in styles
    code, out = cli("review-import", str(path)).merged()
    assert code == 0 and "no change to import" in out


def test_untouched_cells_of_units_changed_in_the_repository_are_no_conflict(bundled, review, cli):
    row = table_ids(review).index("place") + 1
    edit_rows(review, lambda rows, table: set_cell(rows[row], 7, "Fine as it is."))
    zh, en = bundled.zh(), bundled.root / "content" / "en" / f"{DOC}.yaml"
    zh.write_text(
        zh.read_text(encoding="utf-8").replace("text: 华盛顿特区", "text: 华盛顿哥伦比亚特区"),
        encoding="utf-8",
    )
    en.write_text(
        en.read_text(encoding="utf-8").replace("text: Washington, D.C.", "text: Washington DC"),
        encoding="utf-8",
    )
    code, out = cli("review-import", str(review), "--author", "A", "--apply").merged()
    assert f": row {row} (place): warning: the English changed in the repository since" in out
    assert "[review-import.english-changed]" in out
    assert "place (review/" in out and "new note: Fine as it is. (A, " in out
    assert "华盛顿哥伦比亚特区" in zh.read_text(encoding="utf-8")
    assert code == 1  # the checks on the result: the English changed, the Chinese is stale
    assert "[qa.stale]" in out


# -- Word's own review features: tracked changes and comments -----------------------------------

WANG = {f"{W}id": "", f"{W}author": "Wang Fang", f"{W}date": "2026-11-28T09:30:00Z"}


def tracked(kind: str, text: str, n: int, who: dict = WANG):
    """A tracked insertion (w:ins) or deletion (w:del) of one run, as Word writes it."""
    change = etree.Element(f"{W}{kind}", {**who, f"{W}id": str(n)})
    run = etree.SubElement(change, f"{W}r")
    element = etree.SubElement(run, f"{W}t" if kind == "ins" else f"{W}delText")
    element.text = text
    return change


def word_review(path: Path, ids: list[str]) -> None:
    """What reviewers do with Word's Review tab: tracked changes in two Chinese cells and
    one in an English cell; comments (python-docx writes word/comments.xml with its
    relationship and content type) on a Chinese cell, on an English cell, one saying
    已解决 on a unit with an open note, and one on the heading, outside the table."""
    import docx

    document = docx.Document(str(path))
    rows = document.tables[0].rows
    row = {unit_id: rows[ids.index(unit_id) + 1] for unit_id in ids}
    # introduction.scope: 中美 inserted before 双方
    p = row["introduction.scope"].cells[3].paragraphs[0]._p
    p.find(f"{W}r").addprevious(tracked("ins", "中美", 901))
    # place: 华盛顿特区 deleted, 华盛顿哥伦比亚特区 inserted, by another reviewer
    p = row["place"].cells[3].paragraphs[0]._p
    old = p.find(f"{W}r")
    zhao = {**WANG, f"{W}author": "Zhao Min", f"{W}date": "2026-11-29T10:00:00Z"}
    old.addprevious(tracked("del", old.find(f"{W}t").text, 902, zhao))
    old.addprevious(tracked("ins", "华盛顿哥伦比亚特区", 903, zhao))
    p.remove(old)
    # series: a tracked insertion in the English column (protected: listed, not applied)
    row["series"].cells[2].paragraphs[0]._p.append(tracked("ins", " (2024)", 904))
    # comments
    document.add_comment(
        row["organiser.ncuscr"].cells[3].paragraphs[0].runs,
        "Use the full name here?",
        "Li Wei",
        "LW",
    )
    document.add_comment(
        row["introduction.scope"].cells[2].paragraphs[0].runs,
        "The English says 'reviewed'; 分析 is freer.",
        "Li Wei",
        "LW",
    )
    document.add_comment(
        row["developments.us-view"].cells[3].paragraphs[0].runs,
        "已解决：主办方确认了措辞。",
        "Li Wei",
        "LW",
    )
    document.add_comment(document.paragraphs[0].runs, "Nice layout.", "Li Wei", "LW")
    document.save(str(path))


def test_word_tracked_changes_and_comments_are_imported(bundled, review, cli, tmp_path, soffice):
    ids = table_ids(review)
    word_review(review, ids)
    with zipfile.ZipFile(review) as archive:
        names = archive.namelist()
        types = archive.read("[Content_Types].xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert "word/comments.xml" in names and "comments+xml" in types and "/comments" in rels
    # LibreOffice opens it as a Word file, and saves it as one again
    office = tmp_path / "office"
    soffice.convert("docx", office, review)
    resaved = office / review.name
    assert resaved.is_file()

    for path in (review, resaved):
        before = bundled.snapshot()
        code, out = cli("review-import", str(path)).merged()
        assert code == 0, out
        assert bundled.snapshot() == before
        # tracked changes in the Chinese column are proposals, signed by their authors
        assert (
            f"new note: Proposed in Word (tracked changes by Wang Fang): 中美{SCOPE} "
            "(Wang Fang, 2026-11-28)" in out
        )
        assert (
            "new note: Proposed in Word (tracked changes by Zhao Min): 华盛顿哥伦比亚特区 "
            "(Zhao Min, 2026-11-29)" in out
        )
        assert "{+" not in out  # no text changed
        assert (
            "tracked changes in the translation's column of 2 rows (place, introduction.scope) are "
            "proposals" in out
        )
        # comments: on the unit of their row, with Word's author and date
        assert re.search(
            r"organiser\.ncuscr .*new note: Use the full name here\? \(Li Wei, \d{4}-", out
        )
        assert (
            "new note: On the English: The English says 'reviewed'; 分析 is freer. (Li Wei" in out
        )
        assert "resolve note: For the organisers (open defect of the English source)." in out
        assert "resolved note: 主办方确认了措辞。 (Li Wei" in out
        # outside the editable cells: listed, not lost
        assert re.search(
            r": row \d+ \(series\): warning: a tracked insertion by Wang Fang on 2026-11-28 in the English column: “\(2024\)”; only the Chinese and Comment columns are imported; not applied \[review-import.outside\]",
            out,
        ), out
        assert (
            "a Word comment by Li Wei" in out
            and "“Nice layout.”; not imported [review-import.outside]" in out
        )

    code, out = cli("review-import", str(review), "--apply").merged()
    assert code == 0, out
    text = bundled.zh().read_text(encoding="utf-8")
    assert "    text: 华盛顿特区\n" in text and f"text: {SCOPE}\n" in text  # not applied
    assert "Proposed in Word (tracked changes by Zhao Min): 华盛顿哥伦比亚特区" in text
    assert 'author: "Zhao Min"' in text

    # --accept-changes applies them
    git(bundled.root, "checkout", "-q", "--", "content")
    code, out = cli("review-import", str(resaved), "--apply", "--accept-changes").merged()
    assert code == 0, out
    assert "华盛顿{+哥伦比亚+}特区" in out and "Proposed in Word" not in out
    text = bundled.zh().read_text(encoding="utf-8")
    assert "    text: 华盛顿哥伦比亚特区\n" in text and f"text: 中美{SCOPE}\n" in text
    assert "(2024)" not in text


def test_a_word_comment_over_several_rows_is_a_note_on_each_unit(bundled, review, cli):
    """Word writes a comment's range start in one cell and its end in another: a comment
    from one row's Chinese to a later row's is a note on every unit of the rows it covers
    (saying so); one from a row's English to its Chinese is one note on that unit."""
    import docx

    ids = table_ids(review)
    first = ids.index("foreign-policy.rec.share-knowledge")
    covered = ids[first : first + 3]
    document = docx.Document(str(review))
    rows = document.tables[0].rows
    start = rows[first + 1].cells[3].paragraphs[0].runs
    end = rows[first + 3].cells[3].paragraphs[0].runs
    document.add_comment([start[0], end[-1]], "Use 合作 in all three.", "Li Wei", "LW")
    place = rows[ids.index("place") + 1].cells
    runs = [place[2].paragraphs[0].runs[0], place[3].paragraphs[0].runs[-1]]
    document.add_comment(runs, "Both say the city.", "Li Wei", "LW")
    document.save(str(review))

    code, out = cli("review-import", str(review), "--apply").merged()
    assert code == 0, out
    said = f"On 3 units ({covered[0]} to {covered[-1]}): Use 合作 in all three."
    for n, unit_id in enumerate(covered, first + 1):
        assert f"{unit_id} (review/{DOC}.en-zh.review.docx row {n}): new note: {said}" in out
    assert out.count("Use 合作") == 3
    assert out.count("Both say the city.") == 1
    assert "new note: On the English and Chinese: Both say the city. (Li Wei" in out
    pair = next(p for p in loaded(bundled.root / "content").documents if p.doc_id == DOC)
    units = {u.id: u for u in pair.target.units()}
    for unit_id in covered:
        assert [(x.text, x.author, x.open) for x in units[unit_id].notes][-1:] == [
            (said, "Li Wei", True)
        ]
    assert units["place"].notes[-1].text == "On the English and Chinese: Both say the city."


W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16CID = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
W16CEX = "http://schemas.microsoft.com/office/word/2018/wordml/cex"


def word_threads(path: Path, threads: list[tuple[int, list[tuple[str, str, str, bool]]]]) -> None:
    """Comment threads as Word 2016 and later write them: each reply a comment of its own
    in word/comments.xml, anchored where its question is, and linked to it in
    word/commentsExtended.xml by the w14:paraId of each comment's last paragraph
    (w15:paraIdParent; w15:done="1" on one resolved); word/commentsIds.xml and
    word/commentsExtensible.xml beside them, as Word 365 adds them. threads: (table row,
    [(author, date, text, done), ...]), the question first, on the row's Chinese cell."""
    w = W.strip("{}")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    document = etree.fromstring(parts["word/document.xml"])
    rows = document.find(f"{W}body").find(f"{W}tbl").findall(f"{W}tr")
    comments, extended, ids, extensible = [], [], [], []
    number = 0
    for row, said in threads:
        paragraph = rows[row].findall(f"{W}tc")[3].find(f"{W}p")
        first = next(i for i, child in enumerate(paragraph) if child.tag == f"{W}r")
        parent = None
        for author, date, text, done in said:
            cid, para = str(number), f"1A{number:06X}"
            number += 1
            paragraph.insert(first, etree.Element(f"{W}commentRangeStart", {f"{W}id": cid}))
            paragraph.append(etree.Element(f"{W}commentRangeEnd", {f"{W}id": cid}))
            run = etree.SubElement(paragraph, f"{W}r")
            etree.SubElement(run, f"{W}commentReference", {f"{W}id": cid})
            comments.append(
                f'<w:comment w:id="{cid}" w:author="{author}" w:date="{date}" w:initials="X">'
                f'<w:p w14:paraId="{para}" w14:textId="77777777"><w:r><w:t>{text}</w:t></w:r>'
                "</w:p></w:comment>"
            )
            link = f' w15:paraIdParent="{parent}"' if parent else ""
            extended.append(f'<w15:commentEx w15:paraId="{para}"{link} w15:done="{int(done)}"/>')
            ids.append(
                f'<w16cid:commentId w16cid:paraId="{para}" w16cid:durableId="{number:08X}"/>'
            )
            extensible.append(
                f'<w16cex:commentExtensible w16cex:durableId="{number:08X}" '
                f'w16cex:dateUtc="{date}"/>'
            )
            parent = parent or para
    parts["word/document.xml"] = etree.tostring(document, xml_declaration=True, encoding="UTF-8")
    spaces = f'xmlns:w="{w}" xmlns:w14="{W14}" xmlns:w15="{W15}"'
    parts["word/comments.xml"] = f"<w:comments {spaces}>{''.join(comments)}</w:comments>".encode()
    parts["word/commentsExtended.xml"] = (
        f"<w15:commentsEx {spaces}>{''.join(extended)}</w15:commentsEx>".encode()
    )
    parts["word/commentsIds.xml"] = (
        f'<w16cid:commentsIds xmlns:w16cid="{W16CID}">{"".join(ids)}</w16cid:commentsIds>'
    ).encode()
    parts["word/commentsExtensible.xml"] = (
        f'<w16cex:commentsExtensible xmlns:w16cex="{W16CEX}">{"".join(extensible)}'
        "</w16cex:commentsExtensible>"
    ).encode()
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    kinds = {
        "comments.xml": (f"{office}/comments", "comments"),
        "commentsExtended.xml": (
            "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
            "commentsExtended",
        ),
        "commentsIds.xml": (
            "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
            "commentsIds",
        ),
        "commentsExtensible.xml": (
            "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
            "commentsExtensible",
        ),
    }
    rels, types = (
        parts["word/_rels/document.xml.rels"].decode(),
        parts["[Content_Types].xml"].decode(),
    )
    for n, (name, (kind, content)) in enumerate(kinds.items()):
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rIdThread{n}" Type="{kind}" Target="{name}"/></Relationships>',
        )
        types = types.replace(
            "</Types>",
            f'<Override PartName="/word/{name}" ContentType="application/vnd.openxmlformats-'
            f'officedocument.wordprocessingml.{content}+xml"/></Types>',
        )
    parts["word/_rels/document.xml.rels"], parts["[Content_Types].xml"] = (
        rels.encode(),
        types.encode(),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_a_word_thread_of_replies_is_one_note(bundled, review, cli):
    """Word 2013 and later write a reply as a comment of its own, linked to its question in
    word/commentsExtended.xml: a thread is one note on the unit, the question's, with each
    reply after it signed; a reply that begins with 已解决 or "resolved", or a question
    marked done (Word's Resolve), resolves the whole thread; no reply is a note of its
    own."""
    ids = table_ids(review)
    title, fund, place = (ids.index(i) + 1 for i in ("title", "organiser.green-fund", "place"))
    li, zhang = ("Li Na", "2026-12-05T09:00:00Z"), ("Zhang Wei", "2026-12-06T09:00:00Z")
    word_threads(
        review,
        [
            (
                title,
                [(*li, "是否应为共识协议？", False), (*zhang, "保留，与官方用法一致。", False)],
            ),
            (
                fund,
                [(*li, "Check the Fund's name.", False), (*zhang, "已解决 — 与网站一致", False)],
            ),
            (place, [(*li, "哥伦比亚特区？", True), (*zhang, "同意。", False)]),
        ],
    )
    code, out = cli("review-import", str(review), "--apply").merged()
    assert code == 0, out
    notes = [line.split("): ", 1)[1] for line in out.splitlines() if "note: " in line]
    assert notes == [
        "new note: 是否应为共识协议？ — reply by Zhang Wei on 2026-12-06: 保留，与官方用法一致。"
        " (Li Na, 2026-12-05)",
        "resolved note: 哥伦比亚特区？ — reply by Zhang Wei on 2026-12-06: 同意。 (Li Na, 2026-12-05)",
        "resolved note: Check the Fund's name. — resolved by Zhang Wei on 2026-12-06: 与网站一致"
        " (Li Na, 2026-12-05)",
    ]
    pair = next(p for p in loaded(bundled.root / "content").documents if p.doc_id == DOC)
    units = {u.id: u for u in pair.target.units()}
    assert [(n.author, n.open) for n in units["title"].notes] == [("Li Na", True)]
    for unit_id in ("organiser.green-fund", "place"):
        assert not any(n.open for n in units[unit_id].notes), unit_id
    code, out = cli("review", "--status", "open").merged()
    assert "Zhang Wei" not in out.replace("reply by Zhang Wei", "")
