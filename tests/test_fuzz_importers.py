"""Fuzzing the importers end to end: XLIFF files and review files built from an export, with
random units given random texts (and random comments): each import is refused with located
lines and writes nothing, or writes files that load with exactly the texts it was given;
never a traceback or an internal error."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from lxml import etree

from diglot import xliff
from diglot.cli import main
from diglot.diagnostics import Reporter
from diglot.project import load_project

from conftest import REPO, copy_project

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
# at a line and column, or (a Word file, which has none) at a row and its unit
LOCATED = re.compile(r"^\S+(:\d+:\d+|: row \d+( \(\S+\))?): (error|warning): .+ \[[a-z.-]+\]$")
# what translators and reviewers type, and what breaks things: YAML's and Markdown's
# characters, values YAML misreads, no-break and ideographic spaces, bidirectional controls,
# C1 controls and noncharacters (all of which XML 1.0 can carry)
BENIGN = [
    "双方",
    "同意",
    "。",
    "，",
    "“",
    "”",
    "a",
    "Z",
    "5",
    " ",
    "\xa0",
    "\u3000",
    "https://e.org/x",
]
HOSTILE = (
    ["*", "**", "_", "[", "]", "(", ")", "<", "<b>", "&", "&amp;", "\\", "`", "#", ": ", "- "]
    + [".", ".e5", "+.INF", "~", "null", "yes", "0x1F", "1_000", "'", '"', "|", ">", "{", "}"]
    + ["\u202e", "\u2066", "\x85", "\x9b", "\ufdd0", "\u2028", "\n", "  "]
)
PIECES = st.sampled_from(BENIGN * 4 + HOSTILE)  # mostly what gets written, some of the rest
TEXT = st.lists(PIECES, min_size=0, max_size=10).map("".join)


def normal(text: str) -> str:
    """A text as the importers compare it: runs of ASCII whitespace as one space, trimmed;
    except a run holding a line break between two full-width characters (not Hangul, which
    the pieces above do not hold), which is no space at all (CSS Text 3's segment breaks)."""
    pieces = re.split(r"([ \t\n\r\f\v]+)", text)  # text, run, text, run, ..., text
    out = pieces[0]
    for run, after in zip(pieces[1::2], pieces[2::2]):
        wide = lambda c: unicodedata.east_asian_width(c) in "FW"  # noqa: E731
        joined = ("\n" in run or "\r" in run) and out and after and wide(out[-1]) and wide(after[0])
        out += ("" if joined else " ") + after
    return out.strip(" ")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A project (the tiny document, in git) with its XLIFF and review exports."""
    root = copy_project(tmp_path_factory.mktemp("importers") / "project", repo=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        assert main(["xliff-export", "--out", "xliff"]) == 0
        assert main(["review-export", "--templates", str(REPO / "templates")]) == 0
    before = {p: p.read_bytes() for p in (root / "content").rglob("*") if p.is_file()}
    return root, before


def restore(root: Path, before: dict[Path, bytes]) -> None:
    for path in (root / "content").rglob("*"):
        if path.is_file() and path not in before:
            path.unlink()
    for path, data in before.items():
        if path.read_bytes() != data:
            path.write_bytes(data)


def targets_now(root: Path) -> dict[str, dict[str, str]]:
    reporter = Reporter()
    project = load_project(root / "content", reporter)
    assert project is not None and not reporter.errors, reporter.to_text()
    (pair,) = project.documents
    return {u.id: {f.name: f.plain for f in u.fields} for u in pair.target.units() if u.id}


def import_and_judge(root, before, capsys, argv, wanted: dict[tuple[str, str], str]):
    """Run the import; a refusal is located lines and no change, a success writes exactly
    the texts wanted ({(unit, field): text}) and leaves the other texts as they were."""
    old = targets_now(root)
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in out + err, out + err
    assert code in (0, 1), out + err
    written = any(p.read_bytes() != data for p, data in before.items())
    event("written" if written else "refused or nothing to change")
    if not written:
        for line in (out + err).splitlines():
            if line.endswith("]") and " error: " in line:
                assert LOCATED.match(line), line
        return False
    now = targets_now(root)
    for (unit_id, name), text in wanted.items():  # written as given (or left: the same)
        changed = now[unit_id][name] != old[unit_id][name]
        assert not changed or normal(now[unit_id][name]) == normal(text), (unit_id, name, text)
    for unit_id, fields in old.items():
        for name, text in fields.items():
            if (unit_id, name) not in wanted:
                assert now[unit_id][name] == text, (unit_id, name)
    return True


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_fuzz_xliff_import(fuzz, workspace, capsys, monkeypatch, data):
    root, before = workspace
    monkeypatch.chdir(root)
    exported = (root / "xliff" / "memo.en-zh.xlf").read_bytes()
    tree = etree.fromstring(exported)
    ns = {"x": xliff.NS2}
    segments = tree.findall(".//x:unit/x:segment", ns)
    chosen = data.draw(st.lists(st.sampled_from(range(len(segments))), max_size=4, unique=True))
    wanted = {}
    for index in chosen:
        segment = segments[index]
        target = segment.find("x:target", ns)
        if target is None:
            continue
        text = data.draw(TEXT)
        for child in list(target):
            target.remove(child)
        target.text = text
        unit = segment.getparent().get("id")
        wanted[(unit, segment.get("id"))] = text
    path = root / "returned.xlf"
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    try:
        import_and_judge(root, before, capsys, ["xliff-import", str(path), "--apply"], wanted)
    finally:
        restore(root, before)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_fuzz_review_import(fuzz, workspace, capsys, monkeypatch, data):
    import docx

    root, before = workspace
    monkeypatch.chdir(root)
    exported = root / "review" / "memo.en-zh.review.docx"
    word = docx.Document(str(exported))
    rows = word.tables[0].rows[1:]
    chosen = data.draw(st.lists(st.sampled_from(range(len(rows))), max_size=4, unique=True))
    wanted = {}
    units = targets_now(root)
    for index in chosen:
        row = rows[index]
        unit_id = row.cells[1].text
        if data.draw(st.booleans()):  # a comment, perhaps one that resolves
            comment = data.draw(st.sampled_from(["", "resolved ", "已解决："])) + data.draw(TEXT)
            row.cells[7].text = comment.replace("\n", " ")
        text = data.draw(TEXT)
        row.cells[3].text = text
        fields = list(units.get(unit_id, {}))
        if len(fields) == 1 and text.strip():
            wanted[(unit_id, fields[0])] = text
    buffer = io.BytesIO()
    word.save(buffer)
    path = root / "returned.docx"
    path.write_bytes(buffer.getvalue())
    try:
        argv = ["review-import", str(path), "--apply", "--author", "Fuzz"]
        import_and_judge(root, before, capsys, argv, wanted)
    finally:
        restore(root, before)
