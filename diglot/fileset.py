"""Several content files replaced together, or none: every new version and every backup is
written beside its file first; only then are the files switched in, one rename each, with
Ctrl-C held back; if a rename fails, the files already switched get their previous version
back. Each file's previous version is then kept as `<file>.bak`. A file that did not exist
(a translation made by an import) is created with the others, with the permissions of a new
file, and has no `.bak`; if a later switch fails, it is taken away again.

`check_writable` is the one rule for a file that must not be replaced (read-only, with
several hard links); every command that writes content files asks it before it shows or
writes anything, and `replace_together` asks it again for every file it is given, so a file
it refuses is never written, whoever calls.

A file reached through a symbolic link is replaced where it really is, with its permissions
and (where allowed) its owner."""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import interrupts
from .diagnostics import Location, Reporter, display_path
from .files import NotReadable, Stamp, os_reason, read_bytes, stamp_of
from .output import fsync_folder
from .source import MAX_BYTES


@dataclass
class _Staged:
    path: str  # as the edit names it
    real: Path
    new: Path | None = None  # the new version, beside the file
    old: Path | None = None  # the previous version, to become <file>.bak (or to put back)
    created: bool = False  # the file did not exist: no previous version


def _stage(real: Path, data: bytes, new: bool = False) -> Path:
    """data in a temporary file beside real, with real's permissions and owner (new: those
    of a new file, as the umask says), on disk."""
    handle, name = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.diglot-")
    path = Path(name)
    try:
        if new:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(path, 0o666 & ~umask)
        else:
            info = real.stat()
            os.chmod(path, stat.S_IMODE(info.st_mode))
            try:
                os.chown(path, info.st_uid, info.st_gid)
            except OSError:
                pass  # not allowed: the file becomes this user's
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _discard(staged: list[_Staged]) -> None:
    for item in staged:
        for path in (item.new, item.old):
            if path is not None:
                path.unlink(missing_ok=True)


def replace_together(
    changes: list[tuple[str, bytes | None, bytes]],
    reporter: Reporter,
    command: str = "edit",
    stamps: dict[str, Stamp] | None = None,
) -> bool:
    """Replace each file (path, what it held when read or None for a file to create, its new
    bytes) with its new bytes, all or none; False after reporting why none was: a file
    check_writable refuses (read-only, hard links), or `<command>.write`, located at the
    file, with the remedy (a full disk, a read-only file system, a file changed meanwhile).
    stamps: what said each file was as read (files.read_stamped), compared instead of
    reading the file again."""
    refusals = Reporter()
    for path, original, _ in changes:
        if original is not None:
            check_writable(Path(path), refusals, command)
    if refusals.errors:
        for diagnostic in refusals.diagnostics:
            reporter.add(diagnostic)
        return False
    staged: list[_Staged] = []
    current = ""
    try:
        for path, original, edited in changes:
            current = path
            real = Path(os.path.realpath(path))
            item = _Staged(path, real)
            staged.append(item)
            known = (stamps or {}).get(path)
            if original is None:
                item.created = True
                changed = os.path.lexists(path)
            elif known is not None:
                changed = stamp_of(real) != known
            else:
                changed = read_bytes(real, MAX_BYTES) != original
            if changed:
                reporter.error(
                    f"{command}.write",
                    (
                        "the file was made by someone else while the edit was being prepared"
                        if original is None
                        else "the file changed while the edit was being prepared"
                    )
                    + "; nothing was written: run the command again",
                    Location(path),
                )
                _discard(staged)
                return False
            item.new = _stage(real, edited) if original is not None else _stage(real, edited, True)
            if original is not None:
                item.old = _stage(real, original)
    except OSError as exc:
        _discard(staged)
        why = f"it {exc.reason}" if isinstance(exc, NotReadable) else os_reason(exc)
        reporter.error(
            f"{command}.write",
            f"cannot write the file: {why}; nothing was written",
            Location(current),
        )
        return False
    interrupts.commit()  # from here the command finishes, and says what it did
    switched: list[_Staged] = []
    with interrupts.blocked():
        try:
            for item in staged:
                current = item.path
                assert item.new is not None
                os.replace(item.new, item.real)
                item.new = None
                switched.append(item)
        except OSError as exc:
            for item in reversed(switched):  # their previous versions, back in place
                if item.created:
                    item.real.unlink(missing_ok=True)
                    continue
                assert item.old is not None
                os.replace(item.old, item.real)
                item.old = None
            _discard(staged)
            reporter.error(
                f"{command}.write",
                f"cannot replace the file: {os_reason(exc)}; nothing was written (the files "
                "replaced before it have their previous version back)",
                Location(current),
            )
            return False
        for item in staged:  # every file is switched in: keep the previous versions
            if item.created:
                continue
            assert item.old is not None
            try:
                os.replace(item.old, item.real.with_name(item.real.name + ".bak"))
                item.old = None
            except OSError as exc:
                reporter.warning(
                    f"{command}.write",
                    f"the file is written, but its previous version could not be kept as "
                    f"{item.real.name}.bak: {os_reason(exc)}",
                    Location(item.path),
                )
        _discard(staged)
        for folder in {item.real.parent for item in staged}:
            fsync_folder(folder)
    return True


def check_writable(
    path: Path, reporter: Reporter, command: str = "edit", purpose: str = "to apply the edits"
) -> None:
    """Refuse a file that must not be replaced: read-only (by its permissions or its mode:
    root may write anything, but a file without write permission was made so to be left
    alone), or with several hard links."""
    real = Path(os.path.realpath(path))
    try:
        info = real.stat()
    except OSError as exc:
        reporter.error(
            f"{command}.write",
            f"cannot write the file: {os_reason(exc)}",
            Location(str(path)),
        )
        return
    link = f" (a link to {display_path(str(real))})" if Path(path).is_symlink() else ""
    writable_mode = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    if not os.access(real, os.W_OK) or not info.st_mode & writable_mode:
        reporter.error(
            f"{command}.read-only",
            f"the file{link} is read-only; make it writable (chmod u+w) {purpose}",
            Location(str(path)),
        )
    elif not os.access(real.parent, os.W_OK):
        reporter.error(
            f"{command}.read-only",
            f"the folder of the file{link} is read-only: {command} replaces the file and keeps "
            "the previous one beside it as <file>.bak",
            Location(str(path)),
        )
    elif info.st_nlink > 1:
        reporter.error(
            f"{command}.hard-link",
            f"the file{link} has {info.st_nlink} hard links; {command} replaces the file, which "
            "would leave the other names with the old text: make it a single file (or a "
            "symbolic link) first",
            Location(str(path)),
        )
