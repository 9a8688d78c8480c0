"""`diglot glossary-import`: a CSV, TBX or OmegaT glossary merged into content/glossary.yaml as
text. A known term anywhere in the list gets its note, variants and forbidden forms; the
others stay as they were, comments included; a CSV that cannot be read is refused at the line
where the trouble starts, and nothing is written."""

from __future__ import annotations

from pathlib import Path

from diglot.diagnostics import Reporter
from diglot.glossary import load_glossary

from conftest import snapshot

GLOSSARY = """\
# the termbase of the memo
terms:
  - en: digital economy
    zh: 数字经济
  # kept as it is
  - en: data security
    zh: 数据安全
  - en: supply chain
    zh: 供应链
"""


def write_glossary(root: Path) -> Path:
    path = root / "content" / "glossary.yaml"
    path.write_text(GLOSSARY, encoding="utf-8")
    return path


def terms(path: Path) -> dict[str, tuple]:
    reporter = Reporter()
    glossary = load_glossary(str(path), reporter)
    assert glossary is not None and not reporter.errors, reporter.to_text()
    return {
        t.source: (t.target, t.note, t.variants, t.forbidden)
        for t in glossary.for_target("zh").terms
    }


def test_a_term_above_others_gets_its_note_variants_and_forbidden_forms(project, cli, tmp_path):
    path = write_glossary(project)
    csv = tmp_path / "terms.csv"
    csv.write_text(
        "en,zh,note,variants,forbidden\n"
        "digital economy,数字经济,the sense of G20 usage,数码经济,电子经济\n"
        "data security,数据安全,,,\n",
        encoding="utf-8",
    )
    ran = cli("glossary-import", str(csv), "--apply")
    assert ran.code == 0, ran.out + ran.err
    assert terms(path) == {
        "digital economy": ("数字经济", "the sense of G20 usage", ("数码经济",), ("电子经济",)),
        "data security": ("数据安全", None, (), ()),
        "supply chain": ("供应链", None, (), ()),
    }
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# the termbase of the memo\n") and "  # kept as it is\n" in text
    assert (path.parent / "glossary.yaml.bak").read_text(encoding="utf-8") == GLOSSARY


def test_an_omegat_comment_becomes_the_first_terms_note(project, cli, tmp_path):
    path = write_glossary(project)
    txt = tmp_path / "glossary.txt"
    txt.write_text("digital economy\t数字经济\tas in the 2024 agreement\n", encoding="utf-8")
    assert cli("glossary-import", str(txt), "--apply").code == 0
    assert terms(path)["digital economy"] == ("数字经济", "as in the 2024 agreement", (), ())
    assert terms(path)["supply chain"] == ("供应链", None, (), ())


def test_a_quote_never_closed_is_refused_at_its_row(project, cli, tmp_path):
    write_glossary(project)
    csv = tmp_path / "terms.csv"
    csv.write_text('en,zh\nsupply chain,供应链\n"digital economy,数字经济\nfoo,福\n', "utf-8")
    before = snapshot(project)
    ran = cli("glossary-import", str(csv), "--apply")
    assert ran.code != 0
    assert ran.lines[0].startswith("terms.csv:3:1: error: not readable as CSV: ")
    assert ran.lines[0].endswith("[glossary-import.file]")
    assert snapshot(project) == before


def test_a_row_after_a_cell_of_two_lines_is_reported_at_its_own_line(project, cli, tmp_path):
    write_glossary(project)
    csv = tmp_path / "terms.csv"
    csv.write_text(
        'en,zh,note\ndigital economy,数字经济,"first line\nsecond line"\nsupply chain,\n', "utf-8"
    )
    ran = cli("glossary-import", str(csv))
    assert ran.lines[0] == (
        "terms.csv:4:1: error: a row without a term in both languages [glossary-import.entry]"
    )


def test_an_import_reads_the_glossary_once_and_merges_into_what_it_checked(
    project, cli, tmp_path, reads
):
    """The glossary is read from the disk once: the bytes the project checked are the ones
    merged (and compared with the file when it is replaced)."""
    import os

    path = write_glossary(project)
    csv = tmp_path / "terms.csv"
    csv.write_text(
        "en,zh,note\ndigital economy,数字经济,the sense of G20 usage\n", encoding="utf-8"
    )
    reads.clear()
    opened = reads
    ran = cli("glossary-import", str(csv), "--apply")
    assert ran.code == 0, ran.out + ran.err
    # read once to check and merge, once more just before it is replaced (unchanged meanwhile)
    assert opened[os.path.realpath(path)] == 2, opened
    assert terms(path)["digital economy"][1] == "the sense of G20 usage"


def test_a_tbx_declaring_a_doctype_is_refused_at_the_declaration(project, cli, tmp_path):
    """A TBX with a DOCTYPE (an entity could expand or read other files) is not parsed: the
    refusal names the declaration's line, not that of a comment before it."""
    before = write_glossary(project).read_bytes()
    tbx = tmp_path / "terms.tbx"
    tbx.write_text(
        '<?xml version="1.0"?>\n<!-- from the termbase -->\n'
        '<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<tbx>&x;</tbx>\n',
        encoding="utf-8",
    )
    ran = cli("glossary-import", str(tbx), "--apply")
    assert ran.code != 0
    assert ran.out.startswith("terms.tbx:3:1: error: the file declares a DOCTYPE"), ran.out
    assert (project / "content" / "glossary.yaml").read_bytes() == before


def test_a_doctype_past_a_long_comment_is_refused_all_the_same(project, cli, tmp_path):
    """The bytes are looked at for a declaration only so far: one after a comment longer
    than that was parsed, each entity reference imported as its name (a term `&x;`). The
    parsed document is asked too."""
    before = write_glossary(project).read_bytes()
    tbx = tmp_path / "terms.tbx"
    tbx.write_text(
        '<?xml version="1.0"?>\n<!-- ' + "x" * 70_000 + " -->\n"
        '<!DOCTYPE martif [<!ENTITY x "data">]>\n<martif type="TBX"><text><body>\n'
        '<termEntry><langSet xml:lang="en"><tig><term>&x; economy</term></tig></langSet>'
        '<langSet xml:lang="zh"><tig><term>数字经济</term></tig></langSet></termEntry>\n'
        "</body></text></martif>\n",
        encoding="utf-8",
    )
    ran = cli("glossary-import", str(tbx), "--apply")
    assert ran.code != 0
    assert ran.out.startswith("terms.tbx:3:1: error: the file declares a DOCTYPE"), ran.out
    assert "&x;" not in ran.out
    assert (project / "content" / "glossary.yaml").read_bytes() == before


def test_an_import_names_the_units_a_changed_rendering_puts_in_question(project, cli, tmp_path):
    """A rendering the import replaces is one the translations may use: each unit that the
    term check would then report is named, before anything is written and when it is."""
    path = project / "content" / "glossary.yaml"
    path.write_text("terms:\n  - en: national security\n    zh: 国家安全\n", encoding="utf-8")
    csv = tmp_path / "terms.csv"
    csv.write_text("en,zh\nnational security,国土安全\n", encoding="utf-8")
    for apply in ([], ["--apply"]):
        ran = cli("glossary-import", str(csv), *apply)
        impact = [line for line in ran.out.splitlines() if "[glossary-import.impact]" in line]
        assert len(impact) == 1 and "'chips.rec.define'" in impact[0], ran.out
        assert impact[0].startswith("content/zh/memo.yaml:"), impact


MAX_ENTRIES = 20_000  # the README's limit


def test_a_termbase_of_too_many_terms_is_refused_before_it_is_merged(project, cli, tmp_path):
    """A CSV of 300,000 rows (5 MB, well within the file size limit) ran for minutes on a
    dry run: each term is compared with the glossary and quoted for YAML. More terms than a
    termbase is read with are refused at once, nothing written."""
    import time

    write_glossary(project)
    csv = tmp_path / "terms.csv"
    csv.write_text(
        "en,zh\n" + "".join(f"term {i},术语{i}\n" for i in range(MAX_ENTRIES + 1)), "utf-8"
    )
    before = snapshot(project)
    start = time.perf_counter()
    ran = cli("glossary-import", str(csv), "--apply")
    assert time.perf_counter() - start < 10
    assert ran.code == 1
    assert ran.lines == [
        f"terms.csv:1:1: error: the file holds {MAX_ENTRIES + 1:,} terms; a termbase is read "
        f"with at most {MAX_ENTRIES:,} (split it, and import each part) [glossary-import.file]"
    ]
    assert snapshot(project) == before


def test_quoting_a_value_makes_no_yaml_reader_of_its_own():
    """Making a ruamel.yaml reader looks for its plug-ins on disk: once per thread, not once
    for each value quoted (a third of a large import's time)."""
    from unittest import mock

    import ruamel.yaml

    from diglot import yamlplain

    yamlplain.plain_ok("warm up the reader")
    with mock.patch.object(ruamel.yaml, "YAML", side_effect=AssertionError("a new reader")):
        assert all(yamlplain.plain_ok(f"term number {i}") for i in range(50))
