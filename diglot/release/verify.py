"""`verify DIR`: a release folder against its manifest and SHA256SUMS, inside a git
repository against the last commit that holds it, and, inside the project, its content
files against the hashes the manifest records."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .. import jsonlimits
from ..config import project_root
from ..diagnostics import Diagnostic, Location, Reporter
from ..files import NotReadable, read_bytes, sha256_of
from ..gitstate import FolderState, folder_state
from .manifest import (
    EDITION_MAX_BYTES,
    MANIFEST,
    MANIFEST_MAX_BYTES,
    SIGNATURE,
    SUMS,
    SUMS_MAX_BYTES,
)


def verify(folder: Path, content_dir: Path | None = None) -> list[Diagnostic]:
    """Everything wrong with a release folder: a listed file missing or changed (its size
    or SHA-256 not the manifest's or SHA256SUMS'), a file not listed, a manifest or sums
    file that cannot be read. With content_dir (inside the project): a warning for each
    content file that changed since the release."""
    problems = Reporter()

    def error(code: str, message: str, where: Path | Location) -> None:
        location = where if isinstance(where, Location) else Location(str(where))
        problems.error(f"verify.{code}", message, location)

    manifest_path = folder / MANIFEST
    if not manifest_path.exists() and not (folder / SUMS).exists():
        error(
            "not-a-release",
            f"this folder holds neither {MANIFEST} nor {SUMS}: it is not a release folder "
            "(release/<doc>/<version>/)",
            folder,
        )
        return problems.sorted()
    manifest = None
    data = _read_listing(manifest_path, MANIFEST_MAX_BYTES, error)
    if data is not None:
        try:
            manifest = jsonlimits.loads(data)
        except jsonlimits.JsonProblem as exc:
            error(
                "manifest",
                f"manifest.json {exc.message}",
                Location(str(manifest_path), exc.line, exc.column),
            )
    if isinstance(manifest, dict):
        _check_name(folder, manifest, manifest_path, problems)
    listed: dict[str, tuple[int, str]] = {}
    first: dict[str, int] = {}  # the index of each name's entry
    if manifest is not None:
        files = manifest.get("files") if isinstance(manifest, dict) else None
        if not isinstance(files, list):
            error("manifest", "manifest.json has no list of files ('files')", manifest_path)
            files = []
        for index, entry in enumerate(files):
            ok = (
                isinstance(entry, dict)
                and isinstance(entry.get("name"), str)
                and _plain_name(entry["name"])
                and jsonlimits.is_count(entry.get("size"), EDITION_MAX_BYTES)
                and isinstance(entry.get("sha256"), str)
                and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]) is not None
            )
            if not ok:
                error(
                    "manifest",
                    f"manifest.json: files[{index}] is not a file entry (a plain name, its "
                    "size and SHA-256)",
                    manifest_path,
                )
                continue
            name = entry["name"]
            if name in listed:  # the second entry would stand for the first unchecked
                error(
                    "manifest",
                    f"manifest.json: files[{index}] lists {name} again (as files"
                    f"[{first[name]}] does); a release lists each file once",
                    manifest_path,
                )
                continue
            first[name] = index
            listed[name] = (entry["size"], entry["sha256"])
        if isinstance(manifest, dict) and "content" in manifest:
            _check_content(manifest["content"], manifest_path, error)
    trusted = manifest is not None and not problems.diagnostics  # else it lists nothing
    sums_path = folder / SUMS
    summed: dict[str, str] = {}
    sums_data = _read_listing(sums_path, SUMS_MAX_BYTES, error)
    try:
        sums_text = (sums_data or b"").decode("utf-8")
    except UnicodeDecodeError:
        error("sums", "SHA256SUMS is not UTF-8 text", sums_path)
        sums_text = ""
    for number, line in enumerate(sums_text.splitlines(), 1):
        found = re.fullmatch(r"([0-9a-f]{64}) [ *](.+)", line)
        if not found or not _plain_name(found[2]):
            error(
                "sums",
                "not a line of SHA256SUMS ('<SHA-256>  <file name>')",
                Location(str(sums_path), number),
            )
            continue
        if found[2] in summed:  # sha256sum -c checks each line: the first may be wrong
            error("sums", f"{found[2]} is listed twice", Location(str(sums_path), number))
        summed.setdefault(found[2], found[1])
    for name in (MANIFEST, SUMS, SIGNATURE):  # what says what the release is: its own bytes
        if (folder / name).is_symlink():
            error("changed", "a link, not the file that was released", folder / name)
    present = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or (path.is_file() and path.parent == folder):
            present.append(path.relative_to(folder).as_posix())
        elif path.is_dir():
            error("extra", "a folder: a release holds its files only, no folder", path)
        elif path.parent == folder or not path.is_file():
            error("extra", "not a regular file: not part of the release", path)
    # a manifest that cannot be read lists nothing: the files are checked against the sums
    reference = listed if trusted else {name: (-1, digest) for name, digest in summed.items()}
    said = "manifest.json" if trusted else "SHA256SUMS"
    expected = set(reference) | {MANIFEST, SUMS}
    if isinstance(manifest, dict) and isinstance(manifest.get("signature"), dict):
        expected.add(SIGNATURE)  # the manifest's own signature: it cannot list it
    for name in present:
        if name not in expected:
            error("extra", f"this file is not part of the release (not in {said})", folder / name)
    for name, (size, digest) in sorted(reference.items()):
        path = folder / name
        if name == MANIFEST and not trusted:
            continue  # reported already
        if path.is_symlink():
            error("changed", "a link, not the file that was released", path)
            continue
        if not os.path.lexists(path):
            error("missing", f"listed in {said} but missing", path)
            continue
        try:
            actual, length = sha256_of(path, EDITION_MAX_BYTES)
        except NotReadable as exc:
            error("changed", f"listed in {said}, but it {exc.reason}", path)
            continue
        if size >= 0 and length != size:
            error("changed", f"{length} bytes, not the {size} of {said}", path)
        elif actual != digest:
            error("changed", f"its SHA-256 is not the one in {said}", path)
        if not trusted:
            continue
        if name not in summed:
            error("sums", f"{name} is not listed in SHA256SUMS", sums_path)
        elif summed[name] != digest:
            error("sums", f"the SHA-256 of {name} in SHA256SUMS is not manifest.json's", sums_path)
    for name, digest in sorted(summed.items()) if trusted else ():
        if name not in expected:
            error("sums", f"SHA256SUMS lists {name}, which is not in manifest.json", sums_path)
        elif name not in listed and (folder / name).is_file():
            if _sha256_or_none(folder / name) != digest:
                error("changed", "its SHA-256 is not the one in SHA256SUMS", folder / name)
    if trusted and MANIFEST not in summed and sums_text:
        error("sums", "SHA256SUMS does not list manifest.json", sums_path)
    if content_dir is not None and isinstance(manifest, dict):
        _verify_content(manifest, content_dir, problems)
    return problems.sorted()


def _check_name(folder: Path, manifest: dict, where: Path, problems: Reporter) -> None:
    """An error when the folder's name is not the document and version its manifest states
    (release/<doc>/<version>/): an old release put where a newer one belongs would verify
    as what its manifest says it is, and a reader of the folder's name be misled."""
    document, version = manifest.get("document"), manifest.get("version")
    if not isinstance(document, str) or not isinstance(version, str):
        return
    real = Path(os.path.abspath(folder))
    if (real.parent.name, real.name) != (document, version):
        problems.error(
            "verify.misnamed",
            f"the manifest says this is {document} {version}, but the folder is "
            f"{real.parent.name}/{real.name}",
            Location(str(where)),
        )


def manifest_of(folder: Path) -> dict | None:
    """The release folder's manifest, read with limits; None when it cannot be (verify
    says why)."""
    try:
        found = jsonlimits.loads(read_bytes(folder / MANIFEST, MANIFEST_MAX_BYTES))
    except (NotReadable, jsonlimits.JsonProblem):
        return None
    return found if isinstance(found, dict) else None


def _read_listing(path: Path, limit: int, error) -> bytes | None:
    """manifest.json or SHA256SUMS, read as a regular file of a sane size; None after
    reporting why not (verify.unreadable, an error of the folder, makes the exit code 2)."""
    try:
        return read_bytes(path, limit)
    except NotReadable as exc:
        if exc.kind == "missing":
            error("missing", f"the release has no {path.name}", path)
        elif exc.kind == "too-large":
            code = "manifest" if path.name == MANIFEST else "sums"
            error(code, f"{path.name} {exc.reason}", path)
        else:
            error("unreadable", f"{path.name} {exc.reason}", path)
        return None


def _sha256_or_none(path: Path) -> str | None:
    try:
        return sha256_of(path, EDITION_MAX_BYTES)[0]
    except NotReadable:
        return None


def _plain_name(name: str) -> bool:
    """A file's name in the release folder: not empty, no folder, no control character."""
    return (
        bool(name)
        and "/" not in name
        and "\\" not in name
        and name not in (".", "..")
        and not _CONTROL.search(name)
    )


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _inside(name: str) -> bool:
    """A content file's name: a path inside the project, relative, with /, each part a
    plain name (no '..', no '.', no empty part)."""
    return bool(name) and all(_plain_name(part) for part in name.split("/"))


def _check_content(content, where: Path, error) -> None:
    """What the manifest says the release was made from: a list of files, each a path
    inside the project with its SHA-256, listed once."""
    files = content.get("files") if isinstance(content, dict) else None
    if not isinstance(files, list):
        error("manifest", "manifest.json: 'content' has no list of files ('files')", where)
        return
    seen: dict[str, int] = {}
    for index, entry in enumerate(files):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not (
            isinstance(name, str)
            and _inside(name)
            and isinstance(entry.get("sha256"), str)
            and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]) is not None
        ):
            error(
                "manifest",
                f"manifest.json: content.files[{index}] is not a content file entry (a path "
                "inside the project and its SHA-256)",
                where,
            )
        elif name in seen:
            error(
                "manifest",
                f"manifest.json: content.files[{index}] lists {name} again (as content.files"
                f"[{seen[name]}] does); a release lists each file once",
                where,
            )
        else:
            seen[name] = index


def _verify_content(manifest: dict, content_dir: Path, problems: Reporter) -> None:
    """A warning for each content file of the release that changed or went since."""
    content = manifest.get("content")
    entries = content.get("files") if isinstance(content, dict) else None
    root = project_root(content_dir)
    named = [
        (name, entry.get("sha256"))
        for entry in (entries if isinstance(entries, list) else ())
        if isinstance(entry, dict) and isinstance(name := entry.get("name"), str) and _inside(name)
    ]
    if not any((root / name).is_file() for name, _ in named):
        return  # another project's release: nothing to compare
    for name, digest in named:
        path = root / name
        if not path.is_file():
            problems.warning(
                "verify.content-changed",
                "a content file of the release is no longer in the project",
                Location(str(path)),
            )
        elif _sha256_or_none(path) != digest:
            problems.warning(
                "verify.content-changed",
                f"changed since release {manifest.get('version')} (its SHA-256 is not the "
                "manifest's)",
                Location(str(path)),
            )


def verify_committed(folder: Path, problems: Reporter) -> FolderState | None:
    """The release folder against the last commit of the git repository it lies in (the
    README tells the office to commit release/): an error for each file that is not as the
    commit holds it (changed, added, deleted since: a manifest and SHA256SUMS rewritten
    with the files they list agree with each other, not with the commit), a warning when
    the commit holds none of the folder (not committed: nothing to compare with). None
    outside a repository (no git is started), else what git said."""
    state = folder_state(folder)
    if state is None:
        return None
    if state.commit is None:
        problems.warning(
            "verify.uncommitted",
            f"the release is not committed: the last commit of the git repository it lies in "
            f"holds none of its files, so they cannot be compared with a committed copy "
            f"(commit it: git add {state.name})",
            Location(str(folder)),
        )
        return state
    for entry in state.differing:
        where = os.path.join(folder, os.path.relpath(entry.path, os.path.realpath(folder)))
        problems.error(
            "verify.not-as-committed",
            f"not as the last commit of the release's folder ({state.commit.sha[:12]}) holds "
            f"it: {entry.how}",
            Location(where),
        )
    return state
