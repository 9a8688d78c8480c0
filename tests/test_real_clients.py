"""The interchange files in clients no one here wrote: OmegaT 3.6 (Debian's `omegat`, run
headless) translates an `xliff-export --for omegat` project from a translator's project
memory, and its translated files come back through `xliff-import --apply`, `approve` and
`check`; translate-toolkit's storage classes (the library under Weblate and Pootle) read the
XLIFF 1.2, TMX and TBX exports."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from diglot import inline
from diglot.diagnostics import Reporter
from diglot.project import load_project

from conftest import FIXTURES, REPO, commit_all

DOC = "digital-economy-2024"
DECLARATION = "aldane-sea-fisheries-1948"
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")


def project(round_trip, source: Path = REPO / "content") -> Path:
    """A copy of a content folder in a git repository of its own; the working directory."""
    return round_trip(source, repo=True, at="project")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def units(content: Path, lang: str, doc_id: str) -> dict[str, dict[str, str]]:
    """Every unit of a document in one language: its fields' markup by name."""
    reporter = Reporter()
    opened = load_project(content, reporter)
    assert opened is not None
    path = content / lang / f"{doc_id}.yaml"
    if lang == "en":
        document = opened.load_source(doc_id, reporter)
    else:
        document = next(p.target for p in opened.documents if p.target.path == str(path))
    assert document is not None, reporter.to_text()
    return {u.id: {f.name: f.source for f in u.fields} for u in document.units() if u.id}


# -- OmegaT ------------------------------------------------------------------------------------


def omegat_text(markup: str, order: list[tuple[str, str]] | None = None):
    """A text as OmegaT shows it: each paired code of the XLIFF as <gN>…</gN>, numbered from 0
    in the English's order (order: the English's codes, for a translation, whose codes take
    the number of the English's code of the same kind and link). Returns the text and its
    codes."""
    out: list[str] = []
    codes: list[tuple[str, str]] = []
    taken: set[int] = set()

    def walk(spans) -> None:
        for span in spans:
            if isinstance(span, inline.Text):
                out.append(span.text)
                continue
            key = ("bold", "") if isinstance(span, inline.Bold) else ("link", span.href)
            if order is None:
                number = len(codes)
            else:
                number = next(i for i, k in enumerate(order) if k == key and i not in taken)
                taken.add(number)
            codes.append(key)
            out.append(f"<g{number}>")
            walk(span.children)
            out.append(f"</g{number}>")

    walk(inline.parse(markup).spans)
    return "".join(out), codes


def project_memory(
    folder: Path,
    pairs: list[tuple[str, str]],
    target: str = "zh-Hans",
    notes: dict[str, str] | None = None,
) -> None:
    """omegat/project_save.tmx as OmegaT writes it: the translator's translations (default
    translations, by English text), from (English markup, Chinese markup) pairs; notes: the
    translator's note on a segment (Edit > Notes), by its English markup."""
    tus = []
    for english, chinese in pairs:
        source, order = omegat_text(english)
        translated, _ = omegat_text(chinese, order)
        note = (notes or {}).get(english)
        tus.append(
            "    <tu>\n"
            + (f"      <note>{escape(note)}</note>\n" if note else "")
            + f'      <tuv lang="en"><seg>{escape(source)}</seg></tuv>\n'
            f'      <tuv lang="{target}" changeid="Wang Fang" changedate="20261201T090000Z" '
            f'creationid="Wang Fang" creationdate="20261201T090000Z">'
            f"<seg>{escape(translated)}</seg></tuv>\n"
            "    </tu>\n"
        )
    (folder / "omegat" / "project_save.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx11.dtd">\n'
        '<tmx version="1.1">\n  <header creationtool="OmegaT" o-tmf="OmegaT TMX" '
        'adminlang="EN-US" datatype="plaintext" creationtoolversion="3.6.0_10" '
        'segtype="paragraph" srclang="en"/>\n  <body>\n' + "".join(tus) + "  </body>\n</tmx>\n",
        encoding="utf-8",
    )


def omegat_translate(folder: Path, home: Path) -> str:
    """OmegaT's console mode: load the project, fill the segments from its memories, write
    target/ (Project > Create Translated Documents). Returns its log."""
    home.mkdir(exist_ok=True)
    done = subprocess.run(
        [
            "java",
            "-Djava.awt.headless=true",
            "-Duser.language=en",
            "-jar",
            str(OMEGAT_JAR),
            str(folder),
            "--mode=console-translate",
            "--disable-project-locking",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HOME": str(home)},
    )
    log = done.stdout + done.stderr
    assert done.returncode == 0 and "Finished" in log, log
    return log


def omegat_targets(path: Path) -> dict[str, str]:
    """The <target> of each trans-unit of a file OmegaT wrote, as XML text, by id."""
    from lxml import etree

    tree = etree.parse(str(path))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    found = {}
    for tu in tree.iterfind(".//x:trans-unit", ns):
        target = tu.find("x:target", ns)
        inner = (target.text or "") + "".join(
            etree.tostring(child, encoding="unicode", with_tail=True) for child in target
        )
        found[tu.get("id")] = re.sub(r' xmlns="[^"]*"', "", inner)
    return found


needs_omegat = pytest.mark.skipif(
    not OMEGAT_JAR.is_file() or shutil.which("java") is None,
    reason="OmegaT (Debian's omegat) is installed by ./dev setup",
)


@needs_omegat
def test_omegat_translates_the_bundled_document_and_a_new_one(round_trip, tmp_path, cli):
    """current, stale (one gained bold), new, missing units and an English-only document,
    from xliff-export --for omegat through OmegaT to xliff-import, approve and check."""
    root = project(round_trip)
    content = root / "content"
    en, zh = content / "en" / f"{DOC}.yaml", content / "zh" / f"{DOC}.yaml"
    old = units(content, "zh", DOC)
    # stale: the English gained bold; stale: a word changed (left untranslated at first)
    replace(
        en,
        "text: Despite these state driven measures,",
        "text: Despite these **state driven** measures,",
    )
    replace(en, "The two sides reviewed", "The two sides examined")
    # new: a unit the English gained
    new_english = "Both sides noted the growth of cross-border e-commerce."
    replace(
        en,
        "      - id: developments.outlook\n",
        f"      - id: developments.new\n        text: {new_english}\n"
        "      - id: developments.outlook\n",
    )
    # missing: a unit the Chinese lost
    text = zh.read_text(encoding="utf-8")
    start = text.index("      - id: developments.us-view\n")
    zh.write_text(text[:start] + text[text.index("      - id: developments.outlook\n") :])
    # a new document, in English only
    declaration = FIXTURES / "types" / "declaration" / "content"
    shutil.copy(declaration / "en" / f"{DECLARATION}.yaml", content / "en")
    commit_all(root, "the English moved on")

    code, out = cli("xliff-export", "--for", "omegat", "--out", "omegat").merged()
    assert code == 0, out
    folder = root / "omegat" / "en-zh"
    assert sorted(p.name for p in (folder / "source").iterdir()) == [
        f"{DECLARATION}.en-zh.xlf",
        f"{DOC}.en-zh.xlf",
    ]
    english = units(content, "en", DOC)
    outlook = old["developments.outlook"]["text"]
    bold = outlook.replace("由政府主导的措施", "**由政府主导的**措施")
    assert bold != outlook
    scope = units(content, "zh", DOC)["introduction.scope"]["text"]
    memory = [
        (english["developments.outlook"]["text"], bold),
        (new_english, "双方注意到跨境电子商务的增长。"),
        (english["developments.us-view"]["text"], old["developments.us-view"]["text"]),
    ]
    chinese = units(declaration, "zh", DECLARATION)
    for unit_id, fields in units(declaration, "en", DECLARATION).items():
        memory += [(fields[name], chinese[unit_id][name]) for name in fields]
    note = "跨境电子商务: the glossary has no entry yet; please confirm"
    project_memory(folder, memory, notes={new_english: note})
    omegat_translate(folder, tmp_path / "home")
    out_doc = omegat_targets(folder / "target" / f"{DOC}.en-zh.xlf")
    # current: the approved translation, from tm/auto
    assert out_doc["title#text"] == "共识文件"
    # stale and translated: the translator's text, the bold as the XLIFF's paired code
    assert (
        out_doc["developments.outlook#text"].count('<g id="1" ctype="bold">由政府主导的</g>') == 1
    )
    # stale and not translated: OmegaT writes the English (the previous translation was a
    # fuzzy match and a note only)
    assert out_doc["introduction.scope#text"].startswith("The two sides examined")
    assert out_doc["developments.new#text"] == "双方注意到跨境电子商务的增长。"
    assert out_doc["developments.us-view#text"].startswith("美方认为")

    code, out = cli("xliff-import", str(folder / "target")).merged()  # the folder, or target/
    assert "nothing was written" in out, out
    code, out = cli("xliff-import", str(folder), "--apply").merged()
    # the stale unit left untranslated is listed, not applied
    assert re.search(
        r"introduction\.scope.*untranslated|untranslated.*introduction\.scope", out, re.S
    ), out
    text = zh.read_text(encoding="utf-8")
    assert "**由政府主导的**措施" in text and "双方注意到跨境电子商务的增长。" in text
    assert text.count(note) == 1  # the note OmegaT kept in its project memory
    assert text.index("id: developments.us-view") < text.index("id: developments.new")
    assert text.index("id: developments.new") < text.index("id: developments.outlook")
    made = content / "zh" / f"{DECLARATION}.yaml"
    assert made.is_file()
    assert list(units(content, "zh", DECLARATION)) == list(chinese)

    # the translator translates the rest, and hands the project back again
    memory.append(
        (english["introduction.scope"]["text"], scope.replace("双方分析了", "双方审查了"))
    )
    project_memory(folder, memory)
    omegat_translate(folder, tmp_path / "home")
    code, out = cli("xliff-import", str(folder), "--apply").merged()
    assert "审查" in out, out
    code, out = cli("approve", DOC, DECLARATION).merged()
    assert code == 0, out
    code, out = cli("check").merged()
    assert code == 0, out
    code, out = cli("status").merged()
    assert re.search(rf"^{DOC} +zh +71 +71 +0 +0 .* 100\.0%$", out, re.M), out
    assert re.search(rf"^{DECLARATION} +zh +37 +37 +0 +0 .* 100\.0%$", out, re.M), out


@needs_omegat
def test_omegat_on_the_declaration_fixture(round_trip, tmp_path, cli):
    """The declaration type: a stale article paragraph that gained bold and a new one."""
    root = project(round_trip, FIXTURES / "types" / "declaration" / "content")
    content = root / "content"
    code, out = cli("approve", "--all").merged()
    assert code == 0, out
    commit_all(root, "approve")
    en = content / "en" / f"{DECLARATION}.yaml"
    english = units(content, "en", DECLARATION)
    chinese = units(content, "zh", DECLARATION)
    closed = english["measures.closed-season"]["text"]
    replace(en, closed, closed.replace("1 March", "**1 March**"))
    spawning = "The participating States shall protect the spawning grounds of the herring."
    replace(
        en,
        "      - id: measures.jurisdiction\n",
        f"      - id: measures.spawning\n        text: {spawning}\n"
        "      - id: measures.jurisdiction\n",
    )
    commit_all(root, "bold, and a new paragraph")
    code, out = cli(
        "xliff-export", "--for", "omegat", "--out", "omegat", "--only", "new,stale"
    ).merged()
    assert code == 0, out
    folder = root / "omegat" / "en-zh"
    english = units(content, "en", DECLARATION)
    old = chinese["measures.closed-season"]["text"]
    assert "3月1日" in old
    project_memory(
        folder,
        [
            (english["measures.closed-season"]["text"], old.replace("3月1日", "**3月1日**")),
            (spawning, "各参加国应保护鲱鱼产卵场。"),
        ],
    )
    omegat_translate(folder, tmp_path / "home")
    code, out = cli("xliff-import", str(folder), "--apply").merged()
    zh = (content / "zh" / f"{DECLARATION}.yaml").read_text(encoding="utf-8")
    assert "**3月1日**" in zh
    assert zh.index("id: measures.closed-season") < zh.index("id: measures.spawning")
    assert zh.index("各参加国应保护鲱鱼产卵场。") < zh.index("id: measures.jurisdiction")
    code, out = cli("approve", DECLARATION).merged()
    assert code == 0, out
    code, out = cli("check").merged()
    assert code == 0, out


# -- translate-toolkit ---------------------------------------------------------------------------


def test_translate_toolkit_reads_the_exports(round_trip, tmp_path, cli):
    """Every approved unit of the 1.2 export reads as approved (a stale one does not); the
    TMX holds the approved pairs only, never a stale one; the TBX holds every term."""
    from translate.storage.tbx import tbxfile
    from translate.storage.tmx import tmxfile
    from translate.storage.xliff import xlifffile

    from diglot.diagnostics import Reporter
    from diglot.status import project_status

    root = project(round_trip)
    en = root / "content" / "en" / f"{DOC}.yaml"
    replace(en, "The two sides reviewed", "The two sides examined")
    commit_all(root, "stale")
    for argv in (
        ("xliff-export", "--version", "1.2", "--out", "xliff"),
        ("tmx-export", "--out", "tmx"),
        ("glossary-export", "--out", "termbase"),
    ):
        code, out = cli(*argv).merged()
        assert code == 0, out
    store = xlifffile.parsefile(str(root / "xliff" / f"{DOC}.en-zh.xlf"))
    found = {u.getid().split("\x04")[-1]: u for u in store.units if not u.isheader()}
    assert len(found) == 93
    approved = {k for k, u in found.items() if u.isapproved()}
    status = project_status(root / "content", Reporter()).document(DOC)
    assert status is not None
    ids = {u.id for u in status.units if u.state == "approved"}
    assert approved == {k for k in found if k.split("#")[0] in ids}
    assert "introduction.scope#text" not in approved and len(approved) > 40
    assert not any(found[k].isfuzzy() for k in approved)

    memory = tmxfile.parsefile(str(root / "tmx" / "approved.en-zh.tmx"))
    pairs = {str(u.source): str(u.target) for u in memory.units}
    assert len(pairs) == len(approved)
    assert not any(source.startswith("The two sides") for source in pairs)
    assert pairs["Consensus Agreement"] == "共识文件"
    bold = [source for source in pairs if "**" in source]  # the markup kept on both sides
    assert all("**" in pairs[source] for source in bold)

    terms = tbxfile.parsefile(str(root / "termbase" / "glossary.en-zh.tbx"))
    by_source = {str(u.source): str(u.target) for u in terms.units}
    assert by_source["National Committee on U.S.-China Relations"] == "美中关系全国委员会"
    glossary = (root / "content" / "glossary.yaml").read_text(encoding="utf-8")
    assert len(terms.units) == glossary.count("\n  - ")  # the terms and protected tokens
