"""The manifest of a release (what was released, from what content, with which checks'
settings, by which diglot, with which fonts, signed by whom) and its SHA256SUMS, as bytes
that depend on the content only (and, when signed, on the signatures)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from ..config import project_root
from ..diagnostics import ERROR, WARNING
from ..files import sha256_of
from ..source import MAX_BYTES
from .outcome import Released, ReleaseError

MANIFEST = "manifest.json"
SIGNATURE = "manifest.json.p7s"  # the manifest's detached CMS signature, when signed
SUMS = "SHA256SUMS"
MANIFEST_FORMAT = 2
MANIFEST_MAX_BYTES = 16 * 1024 * 1024
SUMS_MAX_BYTES = 1024 * 1024
EDITION_MAX_BYTES = 2 * 1024 * 1024 * 1024  # a released edition larger than this is no edition


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def language_name(tag: str) -> str:
    """A language tag's language as messages name it (zh-Hans: Chinese); the tag itself
    when Babel does not know it."""
    from ..locale import english_language_name

    return english_language_name(tag.replace("-", "_"), tag)


def project_relative(path: str, content_dir: Path) -> str:
    """A content path relative to the project folder, with / (the same in every clone); a
    byte of a file name that is no UTF-8 written as \\xNN (the manifest is UTF-8 text)."""
    root = project_root(content_dir)
    name = Path(os.path.relpath(os.path.abspath(path), root)).as_posix()
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# -- the bundle -------------------------------------------------------------------------------


def make_manifest(
    done: Released,
    status,
    built: dict[str, bytes],
    content_dir,
    inputs,
    checks_record: dict,
    tracked: bool,
    signature: dict | None = None,
    made: list[dict] | None = None,
) -> dict:
    """The manifest: what was released (each file's name, size and SHA-256), from what
    (the content's hashes, the commit, the files not committed in a rehearsal), with which
    checks (the figures, every severity changed and waiver, whether translations are
    tracked), by which diglot and fonts, and who signed it (when signed)."""
    from .. import __version__
    from ..provenance import text_hash
    from ..settings import CONFIG_FILE

    root = project_root(content_dir)
    documents = status.documents
    checked = status.checked
    sources: dict[str, str] = {}
    units: dict[str, dict] = {}
    langs: list[str] = []
    for document in documents:
        for side in (document.source, document.target):
            sources[project_relative(side.path, content_dir)] = _read_hash(checked, side.path)
            langs.append(side.lang)
        for unit in document.units:
            units.setdefault(unit.id, {})["source-hash"] = _source_hash(unit.source)
            units[unit.id][f"text-hash.{document.target_lang}"] = text_hash(unit.target)
    # the glossary and the settings decide what the checks find
    for path in (content_dir / "glossary.yaml", root / CONFIG_FILE):
        if path.is_file():
            sources[project_relative(str(path), content_dir)] = _read_hash(checked, str(path))
    counts: dict[str, int] = {}
    for document in documents:
        for key, value in document.counts().items():
            counts[key] = counts.get(key, 0) + value
    diagnostics = status.diagnostics
    setup = checked.setup
    profiles = [setup.languages.get(tag) for tag in dict.fromkeys(langs)]
    state = inputs.state if inputs is not None else None
    uncommitted = [
        {"name": project_relative(str(u.path), content_dir), "how": u.how}
        for u in (state.uncommitted if state else ())
    ]
    manifest = {
        "format": MANIFEST_FORMAT,
        "document": done.doc_id,
        "version": done.version,
        "date": done.date,
        "rehearsal": done.rehearsal,
        "languages": list(dict.fromkeys(langs)),
        "files": [
            {"name": name, "size": len(data), "sha256": sha256(data)}
            for name, data in sorted(built.items())
        ],
        "content": {
            "commit": state.commit.sha if state and state.commit else None,
            "dirty": bool(uncommitted),
            "uncommitted": uncommitted,
            "files": [{"name": n, "sha256": h} for n, h in sorted(sources.items())],
            "made-from": [entry for entry in made or () if entry["name"] not in sources],
            "units": units,
            "approvals": approvals(documents, content_dir, state.top if state else None)
            if tracked
            else [],
        },
        "translations": {"tracked": tracked},
        "diglot": {"version": __version__},
        "fonts": fonts([family for p in profiles for family in p.fonts]),
        "accepted-review-notes": done.accepted,
        "checks": {
            "errors": sum(1 for d in diagnostics if d.severity == ERROR),
            "warnings": sum(1 for d in diagnostics if d.severity == WARNING),
            **{key.replace("review", "marked-for-review"): n for key, n in counts.items()},
            "settings": checks_record,
        },
    }
    if signature is not None:
        manifest["signature"] = signature
    return manifest


def approvals(documents, content_dir: Path, top: Path | None) -> list[dict]:
    """Each approval the release relies on (every approved unit's `source-hash:` line) with
    the commit that last changed that line, its author and the author's date (git blame): an
    approval is a hash in the content file that anyone with write access can write, and
    this names who committed each. A line not committed (a rehearsal), or a project in no
    repository, has no commit (null)."""
    from ..gitstate import line_commits, repository_name

    found = []
    for document in documents:
        for unit in document.units:
            where = unit.target.source_hash_location if unit.target is not None else None
            if unit.state == "approved" and where is not None:
                found.append((where.path, where.line, unit.id, document.target_lang))
    blamed: dict[str, dict] = {}
    for path in dict.fromkeys(path for path, _, _, _ in found):
        name = repository_name(Path(path), top) if top is not None else None
        lines = [line for p, line, _, _ in found if p == path]
        blamed[path] = line_commits(top, name, lines) if top is not None and name else {}
    entries = []
    for path, line, unit_id, lang in found:
        commit = blamed[path].get(line)
        entries.append(
            {
                "unit": unit_id,
                "language": lang,
                "file": project_relative(path, content_dir),
                "line": line,
                "commit": commit.sha if commit else None,
                "author": commit.author if commit else None,
                "date": commit.date if commit else None,
            }
        )
    return sorted(entries, key=lambda e: (e["file"], e["line"]))


def _source_hash(unit) -> str:
    from ..provenance import source_hash

    return source_hash(unit)


def fonts(families: Iterable[str]) -> list[dict]:
    """The face fontconfig uses for each family: its family, style, file and version."""
    found = []
    for family in dict.fromkeys(families):
        answer = _fc_match(family)
        name, style, path, version = (answer.split("\t") + ["", "", "", ""])[:4]
        try:
            shown = f"{int(version) / 65536:.3f}"  # fontconfig's 16.16 fixed-point version
        except ValueError:
            shown = version
        found.append(
            {"family": family, "face": name, "style": style, "file": path, "version": shown}
        )
    return found


def _fc_match(family: str) -> str:
    try:
        return subprocess.run(
            ["fc-match", "--format=%{family[0]}\t%{style[0]}\t%{file}\t%{fontversion}", family],
            capture_output=True,
            text=True,
            errors="replace",
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise ReleaseError(f"fontconfig cannot look up the font '{family}': {exc}") from None


def manifest_bytes(manifest: dict) -> bytes:
    # (a text not UTF-8, such as a file name's byte left in a reason, as an escape)
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return text.encode("utf-8", "backslashreplace")


def sums_bytes(files: dict[str, bytes]) -> bytes:
    return "".join(f"{sha256(data)}  {name}\n" for name, data in sorted(files.items())).encode()


def _read_hash(checked, path: str) -> str:
    """The SHA-256 of a file as the project read it (a content file, the glossary,
    diglot.toml: the editions and the checks are made from those bytes), or as it is on
    the disk when it was not read."""
    from ..settings import CONFIG_FILE

    project = getattr(checked, "project", None)
    text = project.texts.get(str(path)) if project is not None else None
    if text is not None and text.raw is not None:
        return hashlib.sha256(text.raw).hexdigest()
    if project is not None and project.settings_sha256 and Path(path) == project.root / CONFIG_FILE:
        return project.settings_sha256
    return sha256_of(path, MAX_BYTES)[0]


def made_from(inputs, content_dir: Path, copy_of: tuple[Path, Path] | None) -> list[dict]:
    """The files the editions were made from, each with its SHA-256, for the manifest's
    made-from (less the content files it lists itself): the document type's file and the
    language profiles when they are the project's own, the templates and catalogs (hashed
    as copied for the render: copy_of is (the copy, the templates folder)), diglot's source
    in a project that holds it. Hashed before the gate's last look at the commit, so that
    a file changed after it (while the editions are signed) is not what the manifest says.
    A file that is not there (a deletion not committed, in a rehearsal), and a link in the
    copy that leads out of it (no edition can read it), are left out."""

    found = []
    for path in inputs.files if inputs is not None else ():
        name = project_relative(str(path), content_dir)
        read = Path(path)
        if copy_of is not None:
            copy, templates = copy_of
            if os.path.abspath(path).startswith(os.path.abspath(templates) + os.sep):
                read = copy / os.path.relpath(os.path.abspath(path), os.path.abspath(templates))
                if not os.path.realpath(read).startswith(os.path.realpath(copy) + os.sep):
                    continue
        try:
            digest = sha256_of(read, EDITION_MAX_BYTES)[0]
        except OSError:
            continue
        found.append({"name": name, "sha256": digest})
    return sorted(found, key=lambda entry: entry["name"])
