"""Several content files replaced together, or none: every new version and every backup is
written beside its file first; only then are the files switched in, one rename each, with
Ctrl-C held back; if a rename fails, the files already switched get their previous version
back. Each file's previous version is kept as `<file>.bak`, made before any file is
switched in: if a backup cannot be made, no file is replaced, so a file is never replaced
without its backup. A file that did not exist (a translation made by an import) is created
with the others, with the permissions of a new file, and has no `.bak`; if a later switch
fails, it is taken away again.

`check_writable` is the one rule for a file that must not be replaced (read-only, with
several hard links, a `.bak` that is not a file); every command that writes content files
asks it before it shows or writes anything, and `replace_together` asks it again for every
file it is given, so a file it refuses is never written, whoever calls.

A file reached through a symbolic link is replaced where it really is, with its permissions
and (where allowed) its owner."""

from __future__ import annotations

import errno
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
    old: Path | None = None  # the previous version, to put back if a switch fails
    kept: Path | None = None  # a copy of it, to become <file>.bak
    older: Path | None = None  # the .bak there was, moved aside until every file is in
    backed_up: bool = False  # <file>.bak now holds the previous version
    created: bool = False  # the file did not exist: no previous version

    @property
    def bak(self) -> Path:
        return backup_of(self.real)


def backup_of(real: Path) -> Path:
    """Where a file's previous version is kept."""
    return real.with_name(real.name + ".bak")


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
        for path in (item.new, item.old, item.kept, item.older):
            if path is not None:
                path.unlink(missing_ok=True)


def _undo(staged: list[_Staged], switched: list[_Staged]) -> None:
    """Everything as it was: the files switched in get their previous version back, each
    backup made is taken away and the .bak there was put back."""
    for item in reversed(switched):
        if item.created:
            item.real.unlink(missing_ok=True)
            continue
        assert item.old is not None
        os.replace(item.old, item.real)
        item.old = None
    for item in reversed(staged):
        if item.backed_up:
            item.bak.unlink(missing_ok=True)
            item.backed_up = False
        if item.older is not None:
            os.replace(item.older, item.bak)
            item.older = None
    _discard(staged)


def replace_together(
    changes: list[tuple[str, bytes | None, bytes]],
    reporter: Reporter,
    command: str = "edit",
    stamps: dict[str, Stamp] | None = None,
) -> bool:
    """Replace each file (path, what it held when read or None for a file to create, its new
    bytes) with its new bytes, all or none, each previous version kept as <file>.bak; False
    after reporting why none was: a file check_writable refuses (read-only, hard links, a
    .bak that is not a file), or `<command>.write`, located at the file, with the remedy (a
    full disk, a read-only file system, a file changed meanwhile, a backup that could not be
    made). stamps: what said each file was as read (files.read_stamped), compared instead
    of reading the file again."""
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
                item.kept = _stage(real, original)
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
        try:  # the backups first: no file is replaced without its .bak
            for item in staged:
                if item.created:
                    continue
                current = item.path
                bak = item.bak
                if os.path.lexists(bak):
                    if not stat.S_ISREG(os.lstat(bak).st_mode):  # appeared since the check
                        raise _NotAFile(errno.EEXIST, "it is not a regular file", str(bak))
                    aside = Path(_free_name(item.real, ".bak.diglot-"))
                    try:
                        os.replace(bak, aside)
                    except OSError:
                        aside.unlink(missing_ok=True)
                        raise
                    item.older = aside
                assert item.kept is not None
                os.replace(item.kept, bak)
                item.kept, item.backed_up = None, True
        except OSError as exc:
            _undo(staged, switched)
            reporter.error(
                f"{command}.write",
                f"cannot keep the previous version of the file as {display_path(str(bak))}: "
                f"{exc.strerror if isinstance(exc, _NotAFile) else os_reason(exc)}; nothing "
                "was written",
                Location(current),
            )
            return False
        try:
            for item in staged:
                current = item.path
                assert item.new is not None
                os.replace(item.new, item.real)
                item.new = None
                switched.append(item)
        except OSError as exc:
            _undo(staged, switched)
            reporter.error(
                f"{command}.write",
                f"cannot replace the file: {os_reason(exc)}; nothing was written (the files "
                "replaced before it have their previous version back)",
                Location(current),
            )
            return False
        _discard(staged)
        for folder in {item.real.parent for item in staged}:
            fsync_folder(folder)
    return True


class _NotAFile(OSError):
    """What stands at a .bak is no regular file."""


def _free_name(real: Path, infix: str) -> str:
    """A name no file has, beside real (a file made empty, to be replaced by a rename)."""
    handle, name = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}{infix}")
    os.close(handle)
    return name


def check_writable(
    path: Path, reporter: Reporter, command: str = "edit", purpose: str = "to apply the edits"
) -> None:
    """Refuse a file that must not be replaced: read-only (by its permissions or its mode:
    root may write anything, but a file without write permission was made so to be left
    alone), with several hard links, or whose <file>.bak is not a regular file (its previous
    version could not be kept)."""
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
    else:
        _check_backup(path, real, reporter, command)


def _check_backup(path: Path, real: Path, reporter: Reporter, command: str) -> None:
    """Refuse a file whose <file>.bak is there but is no regular file (a folder, a link, a
    pipe): the previous version could not be kept there, and a file is never replaced
    without its backup."""
    bak = backup_of(real)
    try:
        mode = os.lstat(bak).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        what = f"cannot be looked at ({os_reason(exc)})"
    else:
        if stat.S_ISREG(mode):
            return
        what = (
            "is a folder"
            if stat.S_ISDIR(mode)
            else "is a symbolic link"
            if stat.S_ISLNK(mode)
            else "is not a regular file"
        )
    reporter.error(
        f"{command}.backup",
        f"{display_path(str(bak))} {what}: {command} keeps the file's previous version there "
        "and never replaces a file without it; move it away first",
        Location(str(path)),
    )
