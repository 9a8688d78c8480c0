"""What a command reads is kept for the rest of the process by its text (diagnostics.Kept,
yamltree's trees, config's TOML): a text read again is not parsed again, but nothing kept
hides a change, a problem, or what a caller did with its copy."""

from __future__ import annotations

from pathlib import Path

from diglot import provenance
from diglot.config import toml_loads
from diglot.diagnostics import Kept, Location, Reporter
from diglot.load import load_document
from diglot.provenance import GitHistory
from diglot.types import TypeRegistry
from diglot.yamltree import parse_tree

from conftest import REPO, TINY, commit_all, copy_project


def test_a_problem_is_reported_every_time_the_text_is_read():
    text = "a: 1\na: 2\n"
    for _ in range(3):
        reporter = Reporter()
        parse_tree("x.yaml", text, reporter)
        assert [d.code for d in reporter.diagnostics] == ["yaml.duplicate-key"]


def test_a_clean_text_is_parsed_once_and_its_escapes_given_each_time():
    text = 'a: "tab\\there and a \\v"\n'
    first: list = []
    second: list = []
    one = parse_tree("x.yaml", text, Reporter(), first)
    two = parse_tree("x.yaml", text, Reporter(), second)
    assert one is two  # the same tree: not parsed again
    assert first == second and [c.char for c in first] == ["\v"]
    assert parse_tree("y.yaml", text, Reporter()) is not one  # another file's place


def test_each_caller_gets_tables_of_its_own():
    text = 'name = "x"\n[fonts]\nbody = ["A", "B"]\n'
    one = toml_loads(text)
    one["fonts"]["body"].append("C")
    assert toml_loads(text) == {"name": "x", "fonts": {"body": ["A", "B"]}}


def test_a_reading_with_problems_is_passed_on_and_not_kept():
    kept: Kept[str, str] = Kept(size=2)
    calls = []

    def reading(reporter: Reporter) -> str:
        calls.append(reporter)
        reporter.warning("x.warn", "a warning", Location("x.yaml"))
        return "value"

    caller = Reporter()
    assert kept.read("k", reading, caller) == "value"
    assert len(calls) == 1 and [d.code for d in caller.diagnostics] == ["x.warn"]
    assert kept.get("k") is None  # and not kept
    for key in "abc":
        kept.put(key, key)
    assert kept.get("a") is None and kept.get("c") == "c"  # the oldest forgotten first


def test_a_document_is_read_again_when_its_project_changes_its_type(tmp_path: Path):
    root = copy_project(tmp_path, TINY)
    (root / "types").mkdir()
    own = root / "types" / "consensus-agreement.yaml"
    builtin = (REPO / "types" / "consensus-agreement.yaml").read_text(encoding="utf-8")
    path = root / "content" / "en" / "memo.yaml"

    def document(project_root: Path | None):
        reporter = Reporter()
        found = load_document(path, "en", TypeRegistry(project_root, None, reporter), reporter)
        assert found is not None, reporter.to_text()
        return found

    first = document(None)
    assert document(None) is first  # the same text and type: kept
    own.write_text(builtin.replace("description: ", "description: Ours. "), encoding="utf-8")
    ours = document(root)
    assert ours is not first and ours.type.description.startswith("Ours. ")
    own.write_text(builtin.replace("description: ", "description: Changed. "), encoding="utf-8")
    assert document(root).type.description.startswith("Changed. ")


def test_what_git_said_is_kept_by_commit_so_a_new_commit_is_read(tmp_path: Path, monkeypatch):
    root = copy_project(tmp_path, TINY, repo=True)
    path = str(root / "content" / "zh" / "memo.yaml")
    calls: list[tuple[str, ...]] = []
    real = provenance.run_git

    def counted(cwd, *args):
        calls.append(args)
        return real(cwd, *args)

    monkeypatch.setattr(provenance, "run_git", counted)
    first = GitHistory(root).committed(path)
    assert first
    shown = len([c for c in calls if c[0] == "show"])
    assert GitHistory(root).committed(path) == first  # the same commit: git is not asked again
    assert len([c for c in calls if c[0] == "show"]) == shown
    text = Path(path).read_text(encoding="utf-8")
    unit = next(unit for unit, tracking in first.items() if not tracking.notes)
    Path(path).write_text(
        text.replace(f"id: {unit}\n", f"id: {unit}\n    review: a note\n", 1), encoding="utf-8"
    )
    assert GitHistory(root).committed(path) == first  # not committed yet: HEAD is as it was
    commit_all(root, "a note")
    assert GitHistory(root).committed(path)[unit].notes == ("a note",)


def test_what_a_reading_reported_reaches_the_caller_once_under_its_limits():
    kept: Kept[str, str] = Kept()
    readings = []

    def reading(reporter: Reporter) -> str:
        readings.append(reporter)
        for line in range(1, 31):
            reporter.error("x.bad", f"bad {line}", Location("x.yaml", line))
        return "value"

    caller = Reporter()
    for line in range(1, 6):  # the caller had shown five of these already
        caller.error("x.bad", "before", Location("x.yaml", line))
    assert kept.read("k", reading, caller) == "value"
    assert len(readings) == 1  # read once, not again for the caller
    shown = [d for d in caller.diagnostics if d.message.startswith("bad")]
    assert [d.message for d in shown] == [f"bad {line}" for line in range(1, 16)]
    assert caller.diagnostics[-1].message == "…and 15 more like this in this file"


def test_outside_any_repository_no_git_is_started(tmp_path: Path, monkeypatch):
    import subprocess

    outside = copy_project(tmp_path / "plain", TINY)
    inside = copy_project(tmp_path / "repo", TINY, repo=True)
    worktree = tmp_path / "linked" / "content"  # a .git file, as a linked worktree has
    worktree.mkdir(parents=True)
    (tmp_path / "linked" / ".git").write_text("gitdir: /nowhere\n", encoding="utf-8")
    started: list[list[str]] = []
    real = subprocess.run

    def run(args, **kwargs):
        started.append(list(args))
        return real(args, **kwargs)

    monkeypatch.setattr(subprocess, "run", run)
    monkeypatch.delenv("GIT_DIR", raising=False)
    assert provenance.may_be_in_repository(inside / "content" / "zh")
    assert provenance.may_be_in_repository(worktree)
    assert not provenance.may_be_in_repository(outside / "content")
    history = GitHistory(outside)
    assert history.top() is None and history.committed(str(outside / "content/zh/memo.yaml")) == {}
    assert started == []
    assert GitHistory(inside).top() == inside.resolve() and started
    monkeypatch.setenv("GIT_DIR", str(inside / ".git"))  # git is told where: it is asked
    assert provenance.may_be_in_repository(outside)
