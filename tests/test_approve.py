"""approve: source-hash lines written into content/zh as text edits, with backup and dry run."""

from __future__ import annotations

import codecs
import difflib
import re
import shutil

import pytest

from diglot.approve import Change, approve, format_changes
from diglot.checks import Context
from diglot.checks.stale import check_stale
from diglot.diagnostics import Reporter
from diglot.provenance import source_hash

from conftest import REPO, ContentTree, loaded

UNITS = [
    "series",
    "title",
    "place",
    "organiser.ncuscr",
    "intro.convened",
    "chips",
    "chips.outlook",
    "chips.rec.define",
    "chips.rec.relax",
    "ai",
    "ai.rec.oecd",
    "delegation.american",
    "us.dennis-blair",
    "us.stephen-orlins",
]
# the English's hash, then the approved translation's
HASH_LINE = re.compile(r'^( *)source-hash: "([0-9a-f]{32}/[0-9a-f]{32})"$')


def run(tree: ContentTree, ids=None, dry_run=False) -> tuple[list[Change], Reporter]:
    reporter = Reporter()
    return approve(tree.content, ids, dry_run, reporter), reporter


def english_hashes(tree: ContentTree) -> dict[str, str]:
    reporter = Reporter()
    project = loaded(tree.content, reporter)
    assert not reporter.errors, reporter.to_text()
    return {
        str(u.id): source_hash(u)
        for pair in project.documents
        for u in pair.source.units()
        if u.fields
    }


def recorded_hashes(tree: ContentTree) -> dict[str, str | None]:
    reporter = Reporter()
    project = loaded(tree.content, reporter)
    assert not reporter.errors, reporter.to_text()
    return {
        str(u.id): u.source_hash
        for pair in project.documents
        for u in pair.target.units()
        if u.fields
    }


def inserted_lines(old: str, new: str) -> list[tuple[int, str]]:
    """(index in the new lines, line) of every inserted line; asserts nothing else changed."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    inserted: list[tuple[int, str]] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        assert tag == "insert", (tag, old_lines[i1:i2], new_lines[j1:j2])
        inserted.extend((j, new_lines[j]) for j in range(j1, j2))
    return inserted


@pytest.fixture(autouse=True)
def unapproved(tree):
    """Start from a translation that records no source hashes (the fixture records them)."""
    tree.write("zh", re.sub(r"(?m)^ *source-hash: .*\n", "", tree.read("zh")))


# -- approving everything -------------------------------------------------------------------


def test_approve_all_adds_one_source_hash_line_after_each_unit_id(tree):
    original = tree.read("zh")
    changes, reporter = run(tree)
    assert not reporter.errors
    edited = tree.read("zh")
    new_lines = edited.splitlines()
    hashes = english_hashes(tree)
    added = inserted_lines(original, edited)
    assert len(added) == len(UNITS) == len(changes)
    for (index, line), change in zip(added, changes):
        matched = HASH_LINE.match(line.rstrip("\n"))
        assert matched, line
        indent, value = matched.groups()
        id_line = new_lines[index - 1]
        assert id_line.startswith(indent + "id: ") or id_line.startswith(indent[:-2] + "- id: ")
        assert id_line.endswith(f"id: {change.unit}")
        assert value == change.new_hash and value.split("/")[0] == hashes[change.unit]
        assert change.line == index + 1 and change.old_hash is None
        assert change.path == str(tree.path("zh"))
    assert [c.unit for c in changes] == UNITS  # every id line but the untitled 'intro'
    assert recorded_hashes(tree) == hashes
    assert edited.startswith("# 测试用的小型文件，包含每一种单元。\n")
    assert "review: Confirm the title used in the committee's Chinese materials." in edited


def test_approve_keeps_a_backup_and_leaves_no_temporary_files(tree):
    original = tree.path("zh").read_bytes()
    english = tree.path("en").read_bytes()
    run(tree)
    assert tree.path("zh", "memo.yaml.bak").read_bytes() == original
    assert sorted(p.name for p in tree.path("zh").parent.iterdir()) == [
        "memo.yaml",
        "memo.yaml.bak",
    ]
    assert tree.path("en").read_bytes() == english
    assert not tree.path("en", "memo.yaml.bak").exists()


def test_dry_run_writes_nothing_and_reports_the_same_changes(tree):
    before = tree.snapshot()
    planned, reporter = run(tree, dry_run=True)
    assert not reporter.errors
    assert tree.snapshot() == before
    made, _ = run(tree)
    assert planned == made


def test_a_second_approve_changes_nothing(tree):
    run(tree)
    before = tree.snapshot()
    changes, reporter = run(tree)
    assert changes == [] and not reporter.errors
    assert tree.snapshot() == before
    assert run(tree, ["chips.rec.define"])[0] == []


@pytest.mark.parametrize(
    "bom, newline",
    [(b"", "\r\n"), (codecs.BOM_UTF8, "\n"), (codecs.BOM_UTF8, "\r\n")],
    ids=["crlf", "bom", "bom-crlf"],
)
def test_line_endings_and_byte_order_mark_are_kept(tree, bom, newline):
    original = bom + tree.read("zh").replace("\n", newline).encode("utf-8")
    tree.path("zh").write_bytes(original)
    changes, reporter = run(tree)
    assert not reporter.errors and len(changes) == len(UNITS)
    data = tree.path("zh").read_bytes()
    assert data.startswith(bom) and not data[len(bom) :].startswith(codecs.BOM_UTF8)
    text = data[len(bom) :].decode("utf-8")
    if newline == "\r\n":
        assert text.count("\n") == text.count("\r\n") == original.count(b"\r\n") + len(UNITS)
    else:
        assert "\r" not in text
    added = inserted_lines(original[len(bom) :].decode("utf-8"), text)
    hash_lines = [
        re.fullmatch(r' +source-hash: "([0-9a-f]{32}/[0-9a-f]{32})"(\r?\n)', line)
        for _, line in added
    ]
    assert [m.groups() if m else None for m in hash_lines] == [
        (c.new_hash, newline) for c in changes
    ]
    assert tree.path("zh", "memo.yaml.bak").read_bytes() == original
    assert recorded_hashes(tree) == english_hashes(tree)


# -- approving some units -------------------------------------------------------------------


def test_approve_named_units_only(tree):
    original = tree.read("zh")
    changes, reporter = run(tree, ["ai.rec.oecd", "chips", "ai.rec.oecd"])
    assert not reporter.errors
    assert [(c.unit, c.old_hash) for c in changes] == [("chips", None), ("ai.rec.oecd", None)]
    added = [line.strip() for _, line in inserted_lines(original, tree.read("zh"))]
    hashes = english_hashes(tree)
    assert added == [f'source-hash: "{c.new_hash}"' for c in changes]
    assert [c.new_hash.split("/")[0] for c in changes] == [hashes["chips"], hashes["ai.rec.oecd"]]
    recorded = recorded_hashes(tree)
    assert {i for i, h in recorded.items() if h} == {"chips", "ai.rec.oecd"}


def test_an_out_of_date_hash_is_replaced_in_place_keeping_quotes_and_comment(tree):
    tree.replace(
        "zh",
        "      - id: chips.outlook\n",
        "      - id: chips.outlook\n        source-hash: '0123456789'  # old\n",
    )
    original = tree.read("zh")
    [change], reporter = run(tree, ["chips.outlook"])
    assert not reporter.errors
    new = change.new_hash
    assert new.split("/")[0] == english_hashes(tree)["chips.outlook"]
    assert change == Change(str(tree.path("zh")), "chips.outlook", "0123456789", new, 26)
    assert tree.read("zh") == original.replace("'0123456789'  # old", f"'{new}'  # old")


def test_a_flow_mapping_gets_the_key_inside_its_braces(tree):
    tree.replace(
        "zh", "      - id: intro.convened\n        text: ", "      - {id: intro.convened, text: "
    )
    tree.replace("zh", '召开了本次对话。"\n', '召开了本次对话。"}\n')
    [change], reporter = run(tree, ["intro.convened"])
    assert not reporter.errors
    assert f'      - {{id: intro.convened, source-hash: "{change.new_hash}", text: ' in tree.read(
        "zh"
    )
    assert f"{recorded_hashes(tree)['intro.convened']}/" in change.new_hash


def test_an_id_on_the_last_line_without_a_line_break(tree):
    tree.replace(
        "zh", "      - id: us.stephen-orlins\n        name: 欧伦斯\n", "      - name: 欧伦斯\n"
    )
    text = tree.read("zh").rstrip("\n") + "\n        id: us.stephen-orlins"
    tree.write("zh", text)
    [change], reporter = run(tree, ["us.stephen-orlins"])
    assert not reporter.errors
    assert tree.read("zh") == text + f'\n        source-hash: "{change.new_hash}"'


def test_comments_and_blank_lines_around_ids_are_kept(tree):
    tree.replace(
        "zh",
        "          - id: chips.rec.define\n",
        "          # 定义\n\n          - id: chips.rec.define   # 要点\n\n",
    )
    original = tree.read("zh")
    [change], reporter = run(tree, ["chips.rec.define"])
    assert not reporter.errors
    assert tree.read("zh") == original.replace(
        "- id: chips.rec.define   # 要点\n",
        f'- id: chips.rec.define   # 要点\n            source-hash: "{change.new_hash}"\n',
    )


# -- refusing -------------------------------------------------------------------------------


def test_an_unknown_id_is_an_error_and_nothing_is_written(tree):
    before = tree.snapshot()
    changes, reporter = run(tree, ["chips.rec.define", "chips.rec.nope"])
    assert changes == []
    assert [(d.code, d.message, d.location.path) for d in reporter.diagnostics] == [
        (
            "approve.unknown-id",
            "no unit 'chips.rec.nope' in any document (searched: content/en/memo.yaml); "
            "did you mean 'chips.rec.relax' (content/en/memo.yaml:30:13)?",
            str(tree.content),
        )
    ]
    assert tree.snapshot() == before


def test_an_untitled_section_is_not_a_unit(tree):
    before = tree.snapshot()
    changes, reporter = run(tree, ["intro"])
    assert changes == []
    assert [d.message for d in reporter.errors] == [
        "'intro' is a section without a heading: it has no text of its own to approve"
    ]
    assert tree.snapshot() == before


@pytest.mark.parametrize(
    "lang, old, new, code",
    [
        (
            "en",
            "    text: Consensus Agreement",
            "    txt: Consensus Agreement",
            "content.unknown-key",
        ),
        (
            "zh",
            "      - id: chips.outlook\n",
            "      - id: chips.outlook\n        source-hash: 12\n",
            "content.bad-source-hash",
        ),
    ],
    ids=["english", "chinese"],
)
def test_content_with_errors_is_not_touched(tree, lang, old, new, code):
    tree.replace(lang, old, new)
    before = tree.snapshot()
    changes, reporter = run(tree)
    assert changes == []
    assert code in {d.code for d in reporter.errors}
    assert tree.snapshot() == before


# -- the report -----------------------------------------------------------------------------


def test_format_changes(tree):
    changes = [
        Change("content/zh/memo.yaml", "chips", None, "6f7a8b9c0d", 27),
        Change("content/zh/memo.yaml", "ai.rec.oecd", "1a2b3c4d5e", "6f7a8b9c0e", 46),
    ]
    lines = [
        "content/zh/memo.yaml:27: chips: source-hash (none) -> 6f7a8b9c0d",
        "content/zh/memo.yaml:46: ai.rec.oecd: source-hash 1a2b3c4d5e -> 6f7a8b9c0e",
    ]
    assert format_changes(changes, False) == "\n".join(lines) + (
        "\napproved 2 units in 1 file; each file's previous version is kept beside it as "
        "<file>.bak\n"
    )
    assert format_changes(changes[:1], True) == lines[0] + (
        "\ndry run: would approve 1 unit in 1 file; nothing written\n"
    )
    assert format_changes([], False) == (
        "nothing to approve: every unit asked for already records the hash of its current source text\n"
    )


# -- the bundled document -------------------------------------------------------------------


def test_the_bundled_document_approves_cleanly(tmp_path, monkeypatch):
    root = tmp_path / "bundled"
    shutil.copytree(REPO / "content", root / "content")
    monkeypatch.chdir(root)
    zh = root / "content" / "zh" / "digital-economy-2024.yaml"
    zh.write_text(
        re.sub(r"(?m)^ *source-hash: .*\n", "", zh.read_text(encoding="utf-8")), encoding="utf-8"
    )
    reporter = Reporter()
    project = loaded(root / "content", reporter)
    assert not reporter.errors, reporter.to_text()
    units = sum(1 for pair in project.documents for a in pair.units if a.source.fields)
    changes = approve(root / "content", None, False, reporter)
    assert not reporter.errors, reporter.to_text()
    already = sum(
        1
        for pair in project.documents
        for a in pair.units
        if a.source.fields and a.target.source_hash == source_hash(a.source)
    )
    assert len(changes) == units - already
    project = loaded(root / "content", reporter)
    assert not reporter.errors
    assert len(changes) == 70
    assert [
        f
        for pair in project.documents
        for a in pair.units
        for f in check_stale(a.source, a.target, Context())
    ] == []


def test_a_document_left_out_for_its_errors_names_the_files_that_have_them(tree, cli):
    """The report is in file order, where the line that leaves the document out (at the
    content folder) comes before its files' errors: it names them, never "above"."""
    tree.replace("zh", "    text: 共识文件\n", "    text: 共识文件\n    text: 共识\n")
    ran = cli("approve", "memo")
    assert ran.code == 1
    assert ran.lines[:2] == [
        "content:1:1: error: document 'memo' was not approved: there are errors in "
        "content/zh/memo.yaml; fix them and approve it again [approve.document]",
        "content/zh/memo.yaml:10:5: error: duplicate key 'text' (first at line 9) "
        "[yaml.duplicate-key]",
    ]
