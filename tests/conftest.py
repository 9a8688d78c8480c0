"""Shared helpers and fixtures of the suite.

Projects: `copy_project(root, content, templates=..., repo=...)` copies a content folder (a
fixture's or the bundled `content/`), optionally with `templates/`, optionally as a git
repository with a first commit (copied from a repository made once per process, not made
again with git for each test). The `project` fixture is such a copy in the test's tmp_path and
the current directory; a module chooses its variant with
`pytestmark = pytest.mark.project(content=..., templates=True, repo=True, at="project")`, and
`make_project(...)` makes more. `snapshot(folder)` is every file below a folder, `cli(*args)`
runs the command line in-process and asserts that it printed no traceback.

Fast and slow: a test is slow when it uses a heavy fixture (HEAVY below: WeasyPrint, Chromium,
LibreOffice, diglot in a process of its own, long fuzzing, a build of a whole project, keys
made with openssl), directly or through another fixture (`item.fixturenames`), or when it is
listed in `tests/costs.txt`: the tests that take no heavy fixture and still cost more than the
fast set's budget for one test, as `scripts/test_costs.py` measured them. Every other test is
fast (`pytest -m fast`). A test that does something heavy takes the fixture that says so (a
test that renders PDFs takes `weasyprint`, even when it calls the renderer itself); an
explicit `@pytest.mark.slow` is for the rare test that is slow for none of these reasons.

Parallel runs (pytest-xdist, `./dev test`): each process has its own cache of derived data
(DIGLOT_CACHE_DIR) and its own copies of the template repositories. The tests that share an
expensive fixture of module or session scope (one built on a heavy fixture: a project's
build, LibreOffice's conversions, a running server) are put in one xdist group, so that with
`--dist loadgroup` the fixture is made once in all and its tests run in order on one worker.
"""

from __future__ import annotations

import atexit
import functools
import gc
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple, cast

import pytest

from diglot.checks import Check, Context, FieldText, Finding
from diglot.cli import main
from diglot.diagnostics import Reporter, forget_kept
from diglot.glossary import Glossary, load_glossary
from diglot.languages import Profile
from diglot.locale import EditionLocale, load_locale
from diglot.model import Unit
from diglot.project import DocumentPair, Project, load_project

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent
TINY = FIXTURES / "tiny"

os.environ.setdefault("NO_COLOR", "1")
# The suite's heap is large and long-lived (the rendering libraries, the model's vocabulary,
# what each process keeps): with Python's thresholds (700, 10, 10) a collection of every
# generation ran 13 times in a serial fast set and took 2.3 s of its 31. Young collections
# a fourteenth as often: the full ones run once or twice, cyclic garbage is still collected,
# and pytest's closing collection still reports what a finaliser raised.
gc.set_threshold(10_000, 10, 10)


def pytest_sessionfinish(session):
    _write_costs()
    # What the process kept of the projects it read (hundreds of copies, each at its own
    # path) is some 600,000 of its 750,000 objects: dropped before pytest's closing garbage
    # collections and the interpreter's, which walk them all (some 0.8 s at each worker's end).
    forget_kept()


# An xdist worker has sent its last report before its interpreter begins to exit: what is
# left is Python's finalization, which frees the worker's objects one by one (0.6 to 0.8 s),
# and the run waits for it (execnet waits for the worker's process to end). Registered
# first, this runs after every other exit handler, then ends the worker at once.
if os.environ.get("PYTEST_XDIST_WORKER"):

    def _end_worker() -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

    atexit.register(_end_worker)


# diglot's cache of derived data (diglot/cache.py): the suite's own, not the user's; one per
# process, so one per xdist worker
_SCRATCH = Path(tempfile.mkdtemp(prefix="diglot-test-"))
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)
(_SCRATCH / "cache").mkdir()
os.environ["DIGLOT_CACHE_DIR"] = str(_SCRATCH / "cache")


# -- typed access -------------------------------------------------------------------------------


def loaded(content: Path | Project, reporter: Reporter | None = None) -> Project:
    """load_project for a project the test knows opens (its languages read)."""
    project = load_project(content, reporter if reporter is not None else Reporter())
    assert project is not None, "the project's languages could not be read"
    return project


def text_of(unit: Unit, name: str = "text") -> str:
    """A field's text as written, for a field the test knows the unit has."""
    found = unit.field(name)
    assert found is not None, f"unit {unit.id} has no field {name!r}"
    return found.source


def locale_of(profile: Profile, reporter: Reporter) -> EditionLocale:
    """A language's edition locale from the shipped templates, which the test knows load."""
    locale = load_locale(profile, REPO / "templates", reporter)
    assert locale is not None, reporter.to_text()
    return locale


def zh_glossary(path: Path, reporter: Reporter | None = None) -> Glossary:
    """The glossary file's terms for the Chinese target, for a glossary the test knows loads."""
    termbase = load_glossary(path, reporter if reporter is not None else Reporter())
    assert termbase is not None, f"{path} did not load"
    return termbase.for_target("zh")


def pair_of(check: Check) -> Callable[[Unit, Unit, Context], Iterable[Finding]]:
    """A check's function of a unit pair; a test that asks a check for one it lacks fails."""
    assert check.pair is not None, f"{check.id} checks no pair"
    return check.pair


def corpus_of(
    check: Check,
) -> Callable[[list[FieldText], Context], Iterable[tuple[FieldText, Finding]]]:
    """A check's function of a whole corpus of texts."""
    assert check.corpus is not None, f"{check.id} checks no corpus"
    return check.corpus


def document_of(
    check: Check,
) -> Callable[[list[tuple[Unit, Unit]], Context], Iterable[tuple[str, Finding]]]:
    """A check's function of a document's aligned pairs."""
    assert check.document is not None, f"{check.id} checks no document"
    return check.document


# -- files --------------------------------------------------------------------------------------


def grows_in_proportion(work: Callable[[float], object], within: float) -> None:
    """Assert that `work(size)` takes time in proportion to its size: done at full size
    (`work(1)`) within `within` seconds of the process's own CPU time, or else at most 8 times
    what a quarter of the size took (in proportion 4 times, quadratic 16). The second measure
    makes the test hold on a machine slower than this one, or one other work loads; CPU time
    leaves out what other processes take."""

    def spent(size: float) -> float:
        started = time.process_time()
        work(size)
        return time.process_time() - started

    quarter = spent(0.25)  # also what is done once: compiled patterns, imported modules
    full = spent(1)
    assert full < within or full < 8 * quarter, (
        f"{full:.2f} s at full size, {quarter:.2f} s at a quarter: more than in proportion"
    )


def snapshot(folder: Path, *within: str, links: bool = False) -> dict[str, bytes]:
    """Every file below folder (or below folder/within…), by path relative to folder, a link
    to a file read through; links=True: every link too, so that one to nowhere fails."""
    top = folder.joinpath(*within)
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(top.rglob("*"))
        if p.is_file() or (links and p.is_symlink())
    }


def git(root: Path, *args: str) -> str:
    """git in root, with a fixed identity and no signing (tests make their own repositories)."""
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def edit(root: Path, name: str, old: str, new: str) -> None:
    """Replace the first old in the file root/name with new (the fixture must hold old)."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the fixture has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, name: str, text: str) -> int:
    """The number of the first line of root/name that holds text."""
    lines = (root / name).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@functools.cache
def approved(content: Path) -> Path:
    """A copy of a fixture's content folder with every unit of its translations approved
    (`approve --all`, no backups kept), made once per process: a release requires it."""
    from diglot.approve import approve

    copy = Path(tempfile.mkdtemp(prefix="approved-", dir=_SCRATCH)) / "content"
    shutil.copytree(content, copy)
    reporter = Reporter()
    assert approve(copy, None, False, reporter), reporter.to_text()
    for bak in copy.rglob("*.bak"):
        bak.unlink()
    return copy


# -- projects -----------------------------------------------------------------------------------

_REPOSITORIES: dict[tuple, Path] = {}


def _repository(content: Path, folders: tuple[str, ...]) -> Path:
    """A project made a git repository with a first commit, once per process: the tests copy
    it (three git processes a test fewer)."""
    key = (str(content), folders)
    if key not in _REPOSITORIES:
        root = _SCRATCH / "repositories" / str(len(_REPOSITORIES))
        _copy(root, content, folders)
        git(root, "init", "-q")
        commit_all(root, "content")
        _REPOSITORIES[key] = root
    return _REPOSITORIES[key]


def _copy(root: Path, content: Path, folders: tuple[str, ...]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(content, root / "content")
    for name in folders:
        shutil.copytree(REPO / name, root / name)


def copy_project(
    root: Path,
    content: Path = TINY,
    *,
    templates: bool = False,
    repo: bool = False,
    also: tuple[str, ...] = (),
) -> Path:
    """A project in root: a copy of a content folder (a fixture's, or the bundled content/),
    with a copy of templates/ if asked and of the repository's other folders named in also
    (types, languages), as a git repository whose one commit holds them all if asked."""
    folders = (("templates",) if templates else ()) + also
    if repo:
        source = _repository(content, folders)
        root.mkdir(parents=True, exist_ok=True)
        for entry in source.iterdir():
            shutil.copytree(entry, root / entry.name, symlinks=True)
    else:
        _copy(root, content, folders)
    return root


@pytest.fixture
def make_project(tmp_path, monkeypatch) -> Callable[..., Path]:
    """make_project(content=TINY, at="", templates=, repo=, also=): a project in tmp_path/at
    (copy_project), made the current directory."""

    def make(content: Path = TINY, *, at: str = "", **options) -> Path:
        root = copy_project(tmp_path / at, content, **options)
        monkeypatch.chdir(root)
        return root

    return make


@pytest.fixture
def project(request, make_project) -> Path:
    """The test's project, the current directory: the tiny fixture document unless the module
    or test asks for another with pytest.mark.project(content=, templates=, repo=, at=)."""
    marker = request.node.get_closest_marker("project")
    return make_project(**(marker.kwargs if marker else {}))


class ContentTree:
    """A content folder in a temporary directory, built from the tiny fixture document."""

    def __init__(self, root: Path):
        self.root = root
        self.content = copy_project(root) / "content"

    def path(self, lang: str, name: str = "memo.yaml") -> Path:
        return self.content / lang / name

    def read(self, lang: str) -> str:
        return self.path(lang).read_text(encoding="utf-8")

    def write(self, lang: str, text: str) -> None:
        self.path(lang).write_bytes(text.encode("utf-8"))

    def replace(self, lang: str, old: str, new: str) -> None:
        text = self.read(lang)
        assert old in text, f"fixture has no {old!r}"
        self.write(lang, text.replace(old, new, 1))

    def snapshot(self) -> dict[str, bytes]:
        """Every file of the tree (the cache of derived data lives outside it)."""
        return snapshot(self.root)


@pytest.fixture
def tree(tmp_path, monkeypatch) -> ContentTree:
    monkeypatch.chdir(tmp_path)
    return ContentTree(tmp_path)


# -- the command line ---------------------------------------------------------------------------


class Ran(NamedTuple):
    """What a command printed: the exit code, stdout and stderr."""

    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()

    def split(self) -> tuple[int, list[str], list[str]]:
        """(code, stdout lines, stderr lines)"""
        return self.code, self.out.splitlines(), self.err.splitlines()

    def merged(self) -> tuple[int, str]:
        """(code, stdout and stderr in one text)"""
        return self.code, self.out + self.err

    def merged_lines(self) -> tuple[int, list[str]]:
        """(code, the lines of stdout, then those of stderr)"""
        return self.code, (self.out + self.err).splitlines()


@pytest.fixture
def cli(capsys) -> Callable[..., Ran]:
    """cli(*args): `diglot ARGS` in this process, in the current directory; what it printed,
    which never holds a traceback."""

    def run(*args: str) -> Ran:
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err, out + err
        return Ran(code, out, err)

    return run


@pytest.fixture
def check(tree, cli):
    """Run `diglot check` on the tree; return (exit code, stdout lines) and assert nothing
    was written."""

    def run(*args: str) -> tuple[int, list[str]]:
        before = tree.snapshot()
        ran = cli("check", *args)
        assert tree.snapshot() == before, "check must not write anything but its cache"
        return ran.code, ran.lines

    return run


# -- the bundled document -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def pair() -> DocumentPair:
    """The bundled document, both languages, loaded and aligned without a single problem."""
    reporter = Reporter()
    (only,) = loaded(REPO / "content", reporter).documents
    assert reporter.diagnostics == [], reporter.to_text()
    return only


@pytest.fixture(scope="session")
def locales():
    """The edition locales of the bundled project's languages, by tag (en, zh)."""
    reporter = Reporter()
    project = loaded(REPO / "content", reporter)
    found = {p.tag: load_locale(p, REPO / "templates", reporter) for p in project.languages.all}
    assert reporter.diagnostics == [], reporter.to_text()
    return found


# The projects every edition test runs on: the bundled document, a fixture of each other
# document type, and a project from English into Traditional Chinese.
PROJECTS = {
    "consensus-agreement": REPO / "content",
    "joint-statement": FIXTURES / "types" / "joint-statement" / "content",
    "declaration": FIXTURES / "types" / "declaration" / "content",
    "zh-hant": FIXTURES / "zh-hant" / "content",
    # a project's own type; long titles, long words, units, page breaks, a narrow table
    "typography": FIXTURES / "typography" / "content",
}


def layouts(content_dir: Path) -> dict:
    """Every edition's layout of a project, by file stem (doc/doc.en, doc/doc.en-zh)."""
    from diglot.pipeline import check, editions

    reporter = Reporter()
    checked = check(content_dir, reporter, keep=True)
    setup = checked.setup
    assert setup is not None, reporter.to_text()
    found = {p.tag: locale_of(p, reporter) for p in setup.languages.all}
    assert not reporter.errors, reporter.to_text()
    return dict(editions(checked.pairs, setup, found))


# -- the heavy fixtures: a test that uses one is slow -------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SOFFICE_TIMEOUT = 120


@pytest.fixture(scope="session")
def weasyprint():
    """WeasyPrint, for a test that renders PDF pages (a second or more a document)."""
    import weasyprint

    return weasyprint


class Built(NamedTuple):
    """A project of PROJECTS built with every format: its name, the build folder, the files
    written and what the build reported (no error)."""

    name: str
    out: Path
    written: list[Path]
    diagnostics: list


_BUILT: dict[str, Built] = {}


def _built(name: str, factory: pytest.TempPathFactory) -> Built:
    """A project of PROJECTS built once per process (every edition, every format); the tests
    that read it must not change it."""
    if name not in _BUILT:
        from diglot.pipeline import build

        out = factory.mktemp(f"built-{name}")
        reporter = Reporter()
        written = build(PROJECTS[name], REPO / "templates", out, reporter)
        assert not reporter.errors, reporter.to_text()
        _BUILT[name] = Built(name, out, written, list(reporter.diagnostics))
    return _BUILT[name]


@pytest.fixture(scope="session", params=sorted(PROJECTS))
def built_project(request, weasyprint, tmp_path_factory) -> Built:
    """Each project of PROJECTS built with every format (made once; read only)."""
    return _built(request.param, tmp_path_factory)


@pytest.fixture(scope="session")
def built_bundled(weasyprint, tmp_path_factory) -> Built:
    """The bundled document built with every format (the same build as built_project's)."""
    return _built("consensus-agreement", tmp_path_factory)


@pytest.fixture
def run_build(weasyprint, cli) -> Callable[..., tuple[int, list[str]]]:
    """run_build(*args): `diglot build ARGS` in-process, PDFs and all: (code, stdout lines)."""

    def run(*args: str) -> tuple[int, list[str]]:
        ran = cli("build", *args)
        return ran.code, ran.lines

    return run


@pytest.fixture(scope="session")
def chromium():
    """Chromium (Debian's, driven by playwright), started once per process."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def axe_source() -> str:
    """axe-core's script, as the axe-playwright-python package ships it."""
    spec = importlib.util.find_spec("axe_playwright_python")
    assert spec is not None and spec.origin is not None, "pip install -e '.[test]'"
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


class Office:
    """LibreOffice, headless. Each call site gives a profile folder of its own (a new one when
    none is given): parallel runs never share one."""

    def __init__(self, factory: pytest.TempPathFactory):
        self._factory = factory

    def profile(self) -> Path:
        return self._factory.mktemp("lo-profile")

    def convert(self, fmt: str, outdir: Path, *files: Path, profile: Path | None = None) -> None:
        """soffice --convert-to FMT --outdir OUTDIR FILES"""
        profile = profile or self.profile()
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={profile.resolve().as_uri()}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                *map(str, files),
            ],
            check=True,
            capture_output=True,
            timeout=SOFFICE_TIMEOUT,
        )


@pytest.fixture(scope="session")
def soffice(tmp_path_factory) -> Office:
    """LibreOffice (seconds a start), for a test that converts or edits files with it."""
    return Office(tmp_path_factory)


class Process:
    """diglot in a process of its own, as a user starts it (python pipeline.py ARGS)."""

    env = {**os.environ, "PYTHONPATH": str(REPO)}

    @staticmethod
    def command(*args: str) -> list[str]:
        return [sys.executable, str(REPO / "pipeline.py"), *args]

    def run(self, *args: str, **options) -> subprocess.CompletedProcess:
        """pipeline.py ARGS to its end: stdout and stderr as text (CompletedProcess)."""
        return self.python(str(REPO / "pipeline.py"), *args, **options)

    def python(self, *args: str, **options) -> subprocess.CompletedProcess:
        """python ARGS (-c CODE that imports diglot, say) to its end, as run does."""
        options.setdefault("env", self.env)
        options.setdefault("capture_output", True)
        options.setdefault("text", True)
        return subprocess.run([sys.executable, *args], **options)

    def popen(self, *args: str, **options) -> subprocess.Popen:
        options.setdefault("env", self.env)
        return subprocess.Popen(self.command(*args), **options)


@pytest.fixture(scope="session")
def diglot_process() -> Process:
    """For a test that runs diglot (or Python importing it) in a process of its own: a start
    of Python and of diglot's imports each time."""
    return Process()


@pytest.fixture(scope="session")
def fuzz() -> None:
    """For a test that fuzzes with hypothesis for seconds (hundreds of examples, each a run of
    a loader, an importer or a check)."""


@pytest.fixture(scope="session")
def certificates() -> None:
    """For a test that makes a throwaway certificate authority and signing keys with
    openssl (RSA keys: a second or more)."""


@pytest.fixture
def round_trip(make_project) -> Callable[..., Path]:
    """make_project, for a test that takes a whole document through an export, an outside
    tool, the import and the checks (a second or more)."""
    return make_project


# the fixtures of the shared builds (one build of each project in all)
BUILT_FIXTURES = ("built_project", "built_bundled")

# The fixtures that make a test slow, and what they cost.
HEAVY = {
    "weasyprint": "renders PDF pages",
    "built_project": "builds each project with every format",
    "built_bundled": "builds the bundled document with every format",
    "run_build": "runs `diglot build`, PDFs and all",
    "chromium": "drives Chromium",
    "soffice": "runs LibreOffice",
    "diglot_process": "runs diglot in a process of its own",
    "fuzz": "fuzzes for seconds",
    "certificates": "makes a certificate authority and keys with openssl",
    "round_trip": "takes a whole document through an export, an outside tool and the import",
}


def _shared(item: pytest.Item) -> list[tuple]:
    """The expensive fixture instances of module or session scope that item shares with other
    tests: those whose own fixtures include a heavy one (a build, a conversion, a server),
    each told apart by its scope and by the parameters it depends on."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return []
    defs = info.name2fixturedefs
    params = getattr(getattr(item, "callspec", None), "params", {})
    found = []
    for name in item.fixturenames:  # type: ignore[attr-defined]
        if name in BUILT_FIXTURES:  # one build of each project, whoever asks
            found.append(("built", params.get(name, "consensus-agreement")))
            continue
        if name in HEAVY or not defs.get(name) or defs[name][-1].scope not in ("module", "session"):
            continue
        closure = _closure(name, defs)
        if not closure & HEAVY.keys():
            continue
        fixturedef = defs[name][-1]
        where = (
            fixturedef.baseid
            if fixturedef.scope == "session"
            else cast(pytest.Function, item).module.__name__
        )
        found.append((name, where, *(str(params[n]) for n in sorted(closure) if n in params)))
    return found


def _closure(name: str, defs) -> set[str]:
    """name and every fixture it uses, directly or through others."""
    seen, todo = {name}, [name]
    while todo:
        current = todo.pop()
        if not defs.get(current):
            continue
        for used in defs[current][-1].argnames:
            if used not in seen:
                seen.add(used)
                todo.append(used)
    return seen


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    groups: dict[tuple, tuple] = {}  # union-find over the shared fixture instances

    def find(key: tuple) -> tuple:
        while groups.setdefault(key, key) != key:
            key = groups[key]
        return key

    shared = {}
    costly = costly_tests()
    for item in items:
        heavy = HEAVY.keys() & set(getattr(item, "fixturenames", ()))
        slow = bool(heavy) or item.get_closest_marker("slow") is not None or item.nodeid in costly
        item.add_marker(pytest.mark.slow if slow else pytest.mark.fast)
        shared[item] = _shared(item)
        for key in shared[item][1:]:
            groups[find(key)] = find(shared[item][0])
    for item, keys in shared.items():
        if keys and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(_group_name(find(keys[0]))))


def pytest_make_parametrize_id(config, val, argname):
    """A long text or byte string is named by its start and a digest of the whole: the node id
    (sent to every xdist worker, listed in tests/costs.txt, printed when the test fails) of a
    2 MB parameter was 2 MB."""
    if not isinstance(val, str | bytes) or len(val) <= 60:
        return None
    import hashlib

    whole = val if isinstance(val, bytes) else val.encode("utf-8", "surrogatepass")
    start = val[:40] if isinstance(val, str) else val[:40].decode("latin-1")
    shown = start.encode("unicode_escape").decode("ascii")
    return f"{shown}...{len(val)}-{hashlib.sha256(whole).hexdigest()[:8]}"


# -- the fast set's budget: tests that cost more are slow (tests/costs.txt) ---------------------

COSTS = Path(__file__).parent / "costs.txt"
# set by scripts/test_costs.py: the list to read instead of tests/costs.txt, and the file to
# write what each test cost (setup, call and teardown) to
COSTS_LIST = "DIGLOT_TEST_COSTS"
MEASURE_COSTS = "DIGLOT_MEASURE_TEST_COSTS"
_costs: dict[str, float] = {}


def costly_tests(path: Path | None = None) -> set[str]:
    """The node ids the list (tests/costs.txt) names: a line each, a comment after #."""
    path = path or Path(os.environ.get(COSTS_LIST) or COSTS)
    if not path.exists():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return {line for line in lines if line}


# A shared fixture (module or session scope) is made in the setup of the first test that asks
# for it: its cost is the fixture's, paid once, not that test's (listed, the test would pass
# it on to the next). It is taken off the test's cost and counted under its own name.
_shared_costs: dict[str, float] = {}
_making_shared = [0]  # how many shared fixtures are being made, one inside another


def _shared_setup(fixturedef, request, took: float) -> None:
    item = getattr(request, "_pyfuncitem", None)
    if item is None:
        return
    _costs[item.nodeid] = _costs.get(item.nodeid, 0.0) - took
    key = f"{fixturedef.argname} ({fixturedef.scope}: {item.nodeid.split('::')[0]})"
    _shared_costs[key] = _shared_costs.get(key, 0.0) + took


def pytest_sessionstart(session):
    if os.environ.get(MEASURE_COSTS) and not os.environ.get("PYTEST_XDIST_WORKER"):
        _warm_up()


def _warm_up() -> None:
    """What a process does once, whichever test comes first (the sentence model read, the
    locale data, the templates compiled, the Word template opened): done before the tests are
    measured, so that it is counted to none of them. A test listed for it would only pass it on
    to the next."""
    import contextlib
    import io

    with tempfile.TemporaryDirectory(prefix="diglot-warm-up-") as folder:
        shutil.copytree(REPO / "content", Path(folder) / "content")
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            for command in ("check", "build"):
                args = ["--content", f"{folder}/content", command]
                if command == "build":
                    args += ["--templates", str(REPO / "templates"), "--out", f"{folder}/b"]
                    args += ["--format", "html,docx,md"]
                main(args)


def pytest_runtest_logreport(report):
    if os.environ.get(MEASURE_COSTS):
        _costs[report.nodeid] = _costs.get(report.nodeid, 0.0) + report.duration


def _write_costs() -> None:
    target = os.environ.get(MEASURE_COSTS)
    if target and _costs:
        import json

        measured = {"tests": _costs, "shared fixtures": _shared_costs}
        Path(target).write_text(json.dumps(measured, indent=0, sort_keys=True), "utf-8")


def _group_name(key: tuple) -> str:
    return "-".join(str(part).strip("'") for part in key if part not in ("None", "")).replace(
        "/", "."
    )


# A shared fixture (module or session scope) that is slow to make but takes no heavy fixture
# is not grouped, so a parallel run makes it on each worker whose tests ask for it (a release
# made twice, five seconds each). Each worker records the shared fixtures that took over a
# second (the heavy ones themselves aside: a browser or a renderer per process is meant), and
# the run ends by naming any made on more than one worker.
SLOW_TO_MAKE = 1.0  # seconds


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef, request):
    shared = fixturedef.scope != "function"
    _making_shared[0] += shared
    started = time.monotonic()
    yield
    took = time.monotonic() - started
    _making_shared[0] -= shared
    # a shared fixture made while another is made is in that one's time already
    if shared and not _making_shared[0] and os.environ.get(MEASURE_COSTS):
        _shared_setup(fixturedef, request, took)
    output = getattr(request.config, "workeroutput", None)
    if (
        output is None
        or took < SLOW_TO_MAKE
        or fixturedef.scope not in ("module", "session")
        or fixturedef.argname in HEAVY
        or fixturedef.argname in BUILT_FIXTURES
    ):
        return
    where = request.node.nodeid.split("::")[0] if fixturedef.scope == "module" else ""
    # the instance: the parameters of the fixtures it is made from (as _shared tells them
    # apart), read from the test that asked for it
    item = getattr(request, "_pyfuncitem", None)
    params = getattr(getattr(item, "callspec", None), "params", {})
    info = getattr(item, "_fixtureinfo", None)
    closure = _closure(fixturedef.argname, info.name2fixturedefs) if info else set()
    given = ", ".join(f"{n}={params[n]}" for n in sorted(closure) if n in params)
    key = "|".join((fixturedef.argname, where, given))
    output.setdefault("slow shared fixtures", []).append((key, round(took, 1)))


_made_on: dict[str, list[tuple[str, float]]] = {}  # in the controller: fixture -> (worker, s)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    worker = node.workerinput.get("workerid", "?")
    for key, took in node.workeroutput.get("slow shared fixtures", []):
        _made_on.setdefault(key, []).append((worker, took))


def pytest_terminal_summary(terminalreporter):
    twice = {k: v for k, v in _made_on.items() if len({w for w, _ in v}) > 1}
    for key, made in sorted(twice.items()):
        name, where, param = key.split("|", 2)
        terminalreporter.write_line(
            f"shared fixture {name} ({where or 'session'}{', ' + param if param else ''}) was "
            f"made on {len(made)} workers ({', '.join(f'{w}: {t} s' for w, t in made)}): "
            "let it take the heavy fixture that says what it does (HEAVY), so that its tests "
            "are grouped",
            yellow=True,
        )


# -- reading what was written -------------------------------------------------------------------


def pdftotext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_structure(pdf) -> list[tuple[str, str | None, int | None, int]]:
    """The structure elements in reading order: (type, language in force, page, how many
    table cells it stands in)."""
    import pikepdf

    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    found: list[tuple[str, str | None, int | None, int]] = []

    def walk(node, lang: str | None, cells: int = 0) -> None:
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if not isinstance(kid, pikepdf.Dictionary) or "/S" not in kid:
                continue
            own = str(kid["/Lang"]) if "/Lang" in kid else lang
            page = pages.get(kid["/Pg"].objgen) if "/Pg" in kid else None
            found.append((str(kid["/S"]), own, page, cells))
            walk(kid, own, cells + (str(kid["/S"]) in ("/TD", "/TH")))

    walk(pdf.Root.StructTreeRoot, str(pdf.Root.Lang))
    return found


def structure_elements(pdf, node=None):
    """Every structure element under node (the structure tree's root by default) in
    reading order: (type, element)."""
    import pikepdf

    node = pdf.Root.StructTreeRoot if node is None else node
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield str(kid.S), kid
            yield from structure_elements(pdf, kid)


def assert_archival_pdf(path: Path, edition: str) -> None:
    """A released PDF is PDF/A-3a and declares PDF/UA-1: qpdf finds nothing wrong, it is
    tagged, its metadata, output intent and fonts are archival, its structure tree is in
    reading order and says the languages (edition: en, zh or en-zh)."""
    import pikepdf

    check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        with pdf.open_metadata() as meta:
            assert meta.get("pdfaid:part") == "3" and meta.get("pdfaid:conformance") == "A"
            assert meta.get("pdfuaid:part") == "1"
            assert meta.get("dc:title")
        (intent,) = root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and len(intent.DestOutputProfile.read_bytes()) > 1000
        assert bool(root.MarkInfo.Marked) and bool(root.ViewerPreferences.DisplayDocTitle)
        assert str(root.Lang) == ("zh-Hans" if edition == "zh" else "en-US")
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        elements = pdf_structure(pdf)
        kinds = [kind for kind, _, _, _ in elements]
        for wanted in ("/H1", "/P", "/Table", "/TR", "/TD"):
            assert wanted in kinds, (edition, wanted)
        if edition != "en-zh":
            assert "/L" in kinds and "/LI" in kinds, edition
            assert "/H2" in kinds, edition
        # reading order: the title first, the pages in order
        assert kinds.index("/H1") < min(
            (kinds.index(h) for h in ("/H2", "/H3") if h in kinds), default=len(kinds)
        )
        # (inside a cell, a row split by a page break reads its English on both pages, then
        # its Chinese: the pages are in order from row to row and cell to cell)
        pages = [page for _, _, page, depth in elements if page is not None and not depth]
        assert pages == sorted(pages), edition
        # the page furniture (running heads, page numbers) is an artifact, not text
        for page in pdf.pages[1:]:
            assert "/Artifact" in page.Contents.read_bytes().decode("latin-1"), edition
        # one structure element for each element of the page, whatever pages it runs over:
        # the aligned table is one table with its header row once, every row two cells
        # (a row split by a page break too), and each cell's headers resolve (/IDTree)
        root = pdf.Root.StructTreeRoot
        names: list = list(root.IDTree.Names) if "/IDTree" in root else []
        ids = {str(names[i]) for i in range(0, len(names), 2)}
        for kind, element in structure_elements(pdf):
            if "/A" in element and "/Headers" in element.A:
                assert {str(h) for h in element.A.Headers} <= ids, (edition, kind)
        if edition == "en-zh":
            document = root.K[0] if isinstance(root.K, pikepdf.Array) else root.K
            tops = [kid for kid in document.K if isinstance(kid, pikepdf.Dictionary)]
            for part in [kid for kid in tops if str(kid.get("/S")) == "/Part"]:  # <main>
                tops += [kid for kid in part.K if isinstance(kid, pikepdf.Dictionary)]
            tables = [kid for kid in tops if str(kid.get("/S")) == "/Table"]
            assert len(tables) == 1, edition
            parts = {str(kid.S): kid for kid in tables[0].K}
            assert sorted(parts) == ["/TBody", "/THead"], edition  # each once
            rows = [kid for kid in parts["/TBody"].K if str(kid.get("/S")) == "/TR"]
            for row in rows:
                kinds_of_cells = [str(kid.get("/S")) for kid in row.K]
                assert kinds_of_cells in (["/TD"], ["/TD", "/TD"], ["/TH"], ["/TH", "/TH"])
        if edition == "en-zh":  # every cell of the Chinese column says its language
            cells = [
                (kind, lang)
                for kind, lang, _, depth in elements
                if kind in ("/TD", "/TH") and not depth  # the aligned table's own
            ]
            assert cells[1::2] and {lang for _, lang in cells[1::2]} == {"zh-Hans"}
            assert {lang for _, lang in cells[0::2]} == {"en-US"}
            spans = [lang for kind, lang, _, _ in elements if kind == "/Span"]
            assert spans.count("zh-Hans") > 100 and spans.count("en-US") > 100


def lines_with(lines: list[str], code: str) -> list[str]:
    return [line for line in lines if line.endswith(f"[{code}]")]


def word_text(paragraph) -> str:
    """A Word paragraph's text as a reader reads it: the joins the Word writers put where no
    line may break (a word joiner U+2060, a no-break space) read as nothing and a space."""
    return paragraph.text.replace("\u2060", "").replace("\u00a0", " ")


@pytest.fixture
def reads(monkeypatch):
    """How often each file (by its real path) is read through diglot's files module from
    now on: a Counter that the test reads (and may clear)."""
    from collections import Counter

    from diglot import files

    opened: Counter[str] = Counter()
    real_open = files._open

    def counting(name, limit, within):
        opened[os.path.realpath(name)] += 1
        return real_open(name, limit, within)

    monkeypatch.setattr(files, "_open", counting)
    return opened
