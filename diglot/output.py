"""The only code that writes into build/: a whole build switched in at once, or nothing.

A build's files are written into a staging folder beside the output folder (on the same
file system), which then takes the output folder's place in one step: on Linux the two
folders are exchanged atomically (renameat2 with RENAME_EXCHANGE); elsewhere the output
folder is renamed away and the staging folder renamed in, and the next build puts the
previous folder back if it was stopped between the two. Readers and a stopped build (a
full disk, kill -9, a power cut) therefore see the complete previous set of files or the
complete new one, never a mix. A lock file beside the output folder (removed when the
build ends) keeps two builds from writing at once; the second waits a bounded time, then
stops with a clear message. The output folder is diglot's: it cannot be, hold or lie inside
one of the project's folders (content, templates, types, languages, .git), and a folder
that is there already must be empty or hold an earlier build.

The output folder may hold other files than the editions: diglot records the files it
wrote in `.diglot-files`, and carries every other file and folder over into the new set
unchanged (hard-linked, so nothing is copied). A build replaces the files diglot wrote
before with the ones it writes now: the editions of a document no longer in the project
go, those of the formats a `--format` build did not write stay, and so do those of a
document the build refused (its checks failed) or was not asked to build. Leftovers of a
stopped build (staging folders, temporary files of earlier versions) are removed by the
next one.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import signal
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from . import interrupts
from .diagnostics import Diagnostic, Location
from .files import read_bytes

MANIFEST = ".diglot-files"  # the files diglot wrote, one relative path a line
MANIFEST_MAX_BYTES = 16 * 1024 * 1024
_MANIFEST_HEADER = "# the files diglot wrote into this folder; the others are kept by a build\n"
# a temporary file of an earlier diglot, beside the file it was to become: .memo.en.pdf.k2j4x8_q
_OLD_TEMPORARY = re.compile(r"\.(.+)\.[a-z0-9_]{8}")


class DoubleWrite(Exception):
    pass


class OutputError(Exception):
    """A problem with the output folder or the machine (not the content): exit 2."""

    def __init__(self, code: str, message: str, path: Path | str):
        super().__init__(message)
        self.code, self.message, self.path = code, message, str(path)

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(self.code, "error", self.message, Location(self.path))


def _step(what: str) -> None:
    """Called after each step of a commit; tests replace it to stop the build there."""


def project_folders(content_dir: Path, templates_dir: Path) -> tuple[Path, ...]:
    """The folders of a project no output may be, hold or lie in: its content and templates,
    and the types, languages and .git folders of the project folder (the one that holds the
    content folder)."""
    root = Path(os.path.abspath(content_dir)).parent
    return (content_dir, templates_dir, root / "types", root / "languages", root / ".git")


def check_target(build_dir: Path, protect: Iterable[Path] = (), own: bool = True) -> Path:
    """The real output folder (a link is followed), after checking that a build can replace
    it: not a file, not read-only, not the current folder or a folder holding it, neither
    one of the project's folders (protect: project_folders), nor a folder holding one or
    lying inside one, with a writable folder around it for the staging. own: the folder
    becomes diglot's (a build replaces it whole): one that is there already must be empty
    or hold an earlier build (its .diglot-files)."""
    shown = build_dir
    if build_dir.is_symlink() and not build_dir.exists():
        raise OutputError(
            "output.not-a-folder", "the output folder is a link to nothing; remove it", shown
        )
    real = Path(os.path.realpath(build_dir))
    if real.exists() and not real.is_dir():
        raise OutputError(
            "output.not-a-folder",
            "the output folder is a file, not a folder; pass --out DIR for another place",
            shown,
        )
    here = Path.cwd().resolve()
    for inner in (here, *protect):
        inner = Path(os.path.realpath(inner))
        if inner == real or real in inner.parents:
            what = "the current folder" if inner == here else _folder(inner)
            relation = "is" if inner == real else "holds"
        elif inner != here and inner in real.parents:
            what, relation = _folder(inner), "lies inside"
        else:
            continue
        raise OutputError(
            "output.holds-project",
            f"the output folder {relation} {what}; "
            + ("a build replaces the whole output folder, so " if own else "")
            + "give it a folder of its own, outside the project's content, templates, "
            "types, languages and .git folders" + (" (such as build/)" if own else ""),
            shown,
        )
    if real.exists() and _read_only(real):
        raise OutputError(
            "output.read-only",
            "the output folder is read-only; make it writable (chmod u+w) or pass --out DIR",
            shown,
        )
    if own and real.is_dir() and not (real / MANIFEST).is_file():
        found = _entries(real)
        if found:
            more = len(found) - 3
            named = ", ".join(found[:3]) + (f" and {more} more" if more > 0 else "")
            raise OutputError(
                "output.not-empty",
                f"the output folder holds {named}, and no earlier build (it has no "
                f"{MANIFEST}); a build replaces the whole folder, so give it a new or empty "
                "folder (such as build/), or, to build into this one and keep what it holds, "
                f"mark it as diglot's first: touch {_shown(build_dir / MANIFEST)}",
                shown,
            )
    parent = real.parent
    if not parent.is_dir():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _os_error(exc, parent) from exc
    if _read_only(parent):
        raise OutputError(
            "output.read-only",
            f"cannot create files in {_shown(parent)}, where a build prepares the new output "
            "folder beside the old one; make it writable or pass --out DIR",
            shown,
        )
    return real


def _folder(path: Path) -> str:
    """One of the project's folders, in words."""
    return f"the project's {path.name} folder ({_shown(path)})"


def _entries(folder: Path) -> list[str]:
    """What a folder holds, by name, sorted (a folder's name with a slash); [] when it
    cannot be listed (the build then says why)."""
    try:
        with os.scandir(folder) as entries:
            return sorted(
                e.name + ("/" if e.is_dir(follow_symlinks=False) else "") for e in entries
            )
    except OSError:
        return []


def _read_only(path: Path) -> bool:
    """Read-only for this process, or by its mode (root may write anywhere, but a folder
    without write permission was made so to be left alone)."""
    return not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR


def _shown(path: Path) -> str:
    from .diagnostics import display_path

    return display_path(str(path))


class BuildOutput:
    """Collects a build's files in memory; commit() switches them all in at once, or none.

    suffixes: the file suffixes this build writes (None: every format), so that a build of
    some formats keeps the previous files of the others. keep: the folders (document ids)
    whose previous files stay as they are: documents refused by their checks, or not built
    now."""

    def __init__(
        self, build_dir: Path, suffixes: Iterable[str] | None = None, keep: Iterable[str] = ()
    ):
        self.build_dir = build_dir
        self.suffixes = None if suffixes is None else tuple(suffixes)
        self.keep = frozenset(keep)
        self.files: dict[str, bytes] = {}

    def add(self, relative: str, data: bytes) -> None:
        if relative in self.files:
            raise DoubleWrite(f"{relative} would be written twice")
        self.files[relative] = data

    def commit(self, wait: float = 60.0, protect: Iterable[Path] = ()) -> list[Path]:
        """Stage every file, then switch the staging folder in for the output folder.
        Raises OutputError (the previous files untouched) when it cannot."""
        shown = self.build_dir
        real = check_target(self.build_dir, protect)
        with _Lock(real, wait, shown):
            recover(real)
            staging = Path(tempfile.mkdtemp(dir=real.parent, prefix=f".{real.name}.staging-"))
            try:
                self._stage(real, staging)
            except BaseException as exc:
                shutil.rmtree(staging, ignore_errors=True)
                if isinstance(exc, OSError):
                    raise _os_error(exc, shown) from exc
                raise
            try:
                old = _switch(staging, real)
            except OSError as exc:
                shutil.rmtree(staging, ignore_errors=True)
                raise _os_error(exc, shown) from exc
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)  # what is left, the next build removes
                _step("removed")
        return [self.build_dir / relative for relative in self.files]

    def _stage(self, real: Path, staging: Path) -> None:
        """The new set in staging: the new files (an unchanged file as a link to the
        previous one, so its timestamp still says when its content last changed), the
        previous files of formats not built now, and every file diglot did not write."""
        existed = real.is_dir()
        os.chmod(staging, stat.S_IMODE(real.stat().st_mode) if existed else 0o777 & ~_umask())
        written = _read_manifest(real) if existed else set()
        mode = 0o666 & ~_umask()
        ours = set(self.files)
        for relative, data in sorted(self.files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = real / relative
            if not _same_file(previous, data) or not _link(previous, target):
                _write_new(target, data, mode)
            _step(f"staged {relative}")
        folders = {relative.split("/", 1)[0] for relative in self.files}
        if existed:
            for relative, kind in _walk(real):
                if relative in ours or relative == MANIFEST:
                    continue
                if relative in written:  # diglot's, from an earlier build
                    if relative.split("/", 1)[0] in self.keep:
                        pass  # a document not built now: its files stay
                    elif (
                        self.suffixes is None
                        or relative.endswith(self.suffixes)
                        or relative.split("/", 1)[0] not in folders
                    ):
                        continue  # replaced by this build
                    ours.add(relative)
                elif kind == "dir" and any(w.startswith(f"{relative}/") for w in written):
                    continue  # a folder of diglot's: made again if something in it stays
                elif kind != "dir" and _is_old_temporary(relative, written | ours):
                    continue
                _carry(real, staging, relative, kind)
            _step("carried")
        manifest = _MANIFEST_HEADER + "".join(f"{r}\n" for r in sorted(ours))
        _write_new(staging / MANIFEST, manifest.encode("utf-8"), mode)
        for folder in sorted({p for r in ours for p in Path(r).parents}, reverse=True):
            fsync_folder(staging / folder)
        _step("staged")


def _same_file(path: Path, data: bytes) -> bool:
    try:  # a regular file of the same size (a pipe or a device is never read)
        return not path.is_symlink() and read_bytes(path, len(data)) == data
    except OSError:
        return False


def _link(source: Path, target: Path) -> bool:
    try:
        os.link(source, target)
    except OSError:
        return False
    return True


def _write_new(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _walk(root: Path) -> list[tuple[str, str]]:
    """(relative path, 'dir' | 'file' | 'link') of everything under root, folders first."""
    found = []
    for folder, dirs, files in os.walk(root):
        base = Path(folder).relative_to(root)
        for name in sorted(dirs):
            path = Path(folder) / name
            found.append((str(base / name), "link" if path.is_symlink() else "dir"))
        for name in sorted(files):
            path = Path(folder) / name
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found.append((str(base / name), "link"))
            elif stat.S_ISREG(mode):
                found.append((str(base / name), "file"))
            else:
                raise OutputError(
                    "output.foreign",
                    f"the output folder holds {base / name}, which is neither a file, a "
                    "folder nor a link; move it elsewhere",
                    root,
                )
    return found


def _is_old_temporary(relative: str, diglots: set[str]) -> bool:
    """A temporary file an earlier diglot left beside one of its files."""
    folder, _, name = relative.rpartition("/")
    match = _OLD_TEMPORARY.fullmatch(name)
    if not match:
        return False
    if (f"{folder}/" if folder else "") + match.group(1) in diglots:
        return True
    # an edition's name in a document's folder of diglot's: <doc-id>/.<doc-id>.<...>.xxxxxxxx
    return bool(folder) and (
        match.group(1).startswith(f"{folder}.") and any(d.startswith(f"{folder}/") for d in diglots)
    )


def _carry(real: Path, staging: Path, relative: str, kind: str) -> None:
    """One file, link or folder diglot did not write (or keeps), into the new set."""
    source, target = real / relative, staging / relative
    if kind == "dir" and target.is_dir() and not target.is_symlink():
        return  # made for the new editions
    _make_folders(real, staging, Path(relative).parent)
    if target.exists() or target.is_symlink():
        raise OutputError(
            "output.foreign",
            f"the output folder holds {relative}, which is not diglot's and is in the way of "
            "the new editions; move it elsewhere",
            real,
        )
    if kind == "dir":
        target.mkdir()
        os.chmod(target, stat.S_IMODE(source.stat().st_mode))
    elif kind == "link":
        os.symlink(os.readlink(source), target)
    elif not _link(source, target):
        shutil.copy2(source, target)


def _make_folders(real: Path, staging: Path, relative: Path) -> None:
    """The folders above a carried file, with their previous permissions."""
    for folder in reversed((relative, *relative.parents)):
        if str(folder) != "." and not (staging / folder).is_dir():
            (staging / folder).mkdir()
            os.chmod(staging / folder, stat.S_IMODE((real / folder).stat().st_mode))


def _read_manifest(real: Path) -> set[str]:
    try:
        text = read_bytes(real / MANIFEST, MANIFEST_MAX_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return set()  # none or unreadable: every file is kept, none is taken for diglot's
    return {line for line in text.splitlines() if line and not line.startswith("#")}


# -- the switch ------------------------------------------------------------------------------


def _switch(staging: Path, real: Path) -> Path | None:
    """Put staging in real's place; return where the previous folder now is (to remove).
    SIGINT and SIGTERM wait until it is done."""
    interrupts.commit()  # from here the build finishes, and says what it wrote
    blocked = {signal.SIGINT, signal.SIGTERM}
    previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
    try:
        parent = real.parent
        if not real.exists():
            os.rename(staging, real)
            fsync_folder(parent)
            _step("switched")
            return None
        if _exchange(staging, real):
            fsync_folder(parent)
            _step("switched")
            return staging  # which now holds the previous set
        away = Path(tempfile.mkdtemp(dir=parent, prefix=f".{real.name}.previous-"))
        os.rename(real, away)  # replaces the empty folder mkdtemp made
        _step("renamed away")
        os.rename(staging, real)
        fsync_folder(parent)
        _step("switched")
        return away
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_RENAMEAT2: tuple | None = None  # (the function or None), once looked up


def _renameat2():
    """libc's renameat2, or None where the process has none (another system, an old C
    library). Looked up among the symbols the process has loaded (dlopen of no file), not
    with ctypes.util.find_library, which runs ldconfig and, failing that, a C compiler: no
    process is started while the switch holds SIGINT and SIGTERM back."""
    global _RENAMEAT2
    if _RENAMEAT2 is None:
        try:
            import ctypes

            function = ctypes.CDLL(None, use_errno=True).renameat2
            function.argtypes = [
                ctypes.c_int,
                ctypes.c_char_p,
                ctypes.c_int,
                ctypes.c_char_p,
                ctypes.c_uint,
            ]
            function.restype = ctypes.c_int
            _RENAMEAT2 = (function,)
        except (OSError, AttributeError, TypeError):
            _RENAMEAT2 = (None,)
    return _RENAMEAT2[0]


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two folders atomically (Linux renameat2); False where that is not possible
    (another system, an old kernel, a file system without it)."""
    import ctypes

    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def recover(real: Path) -> None:
    """Undo what a stopped build left beside the output folder: put the previous folder back
    if a build stopped between its two renames, and remove staging and previous folders.
    Call with the lock held."""
    parent = real.parent
    if not parent.is_dir():
        return
    staging = sorted(parent.glob(f".{glob_escape(real.name)}.staging-*"))
    previous = sorted(
        parent.glob(f".{glob_escape(real.name)}.previous-*"), key=lambda p: p.stat().st_ctime
    )
    if not real.exists() and previous:
        os.rename(previous.pop(), real)  # the complete previous set, renamed away last
        fsync_folder(parent)
    for leftover in (*staging, *previous):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def fsync_folder(path: Path) -> None:
    """Make a folder's entries (files renamed into it) durable; a file system that cannot
    is left as it is."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- the lock --------------------------------------------------------------------------------


class _Lock:
    """An exclusive lock on `.<name>.lock` beside the output folder (flock: released when
    the process ends, however it ends), waited for up to `wait` seconds. The file is removed
    when the build ends, while it is still locked: a build that was waiting for it then
    finds that the file it locked is no longer the one there, and locks the one there now
    (made by it or by another build), so two builds never hold a lock at once."""

    def __init__(self, real: Path, wait: float, shown: Path):
        self.path = real.parent / f".{real.name}.lock"
        self.wait, self.shown = wait, shown
        self.fd = -1

    def __enter__(self) -> _Lock:
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666 & ~_umask())
            except OSError as exc:
                raise _os_error(exc, self.path) from exc
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        holder = _holder(fd)
                        os.close(fd)
                        raise OutputError(
                            "output.locked",
                            f"another build{holder} is writing this folder; waited "
                            f"{self.wait:g} s. Run again when it has finished (build --wait "
                            "SECONDS waits longer)",
                            self.shown,
                        ) from None
                    time.sleep(0.05)
            if _still_there(fd, self.path):
                break
            os.close(fd)  # removed by the build that held it meanwhile: lock the one there
        self.fd = fd
        os.ftruncate(self.fd, 0)
        os.write(self.fd, f"{os.getpid()}\n".encode())
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self.path.unlink()  # while it is locked: see the class
        except OSError:
            pass  # a folder that no longer lets it go: the next build takes it as it is
        os.close(self.fd)  # releases the lock


def _still_there(fd: int, path: Path) -> bool:
    """Whether the file open at fd is the one at path."""
    try:
        there = os.stat(path)
    except OSError:
        return False
    held = os.fstat(fd)
    return (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino)


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (process {pid})" if pid.isdigit() else ""


def _os_error(exc: OSError, where: Path | str) -> OutputError:
    """An OSError of the output as one diagnostic at the output folder."""
    from .files import os_reason

    what = os_reason(exc)  # with the remedy: free some space, a writable disk
    return OutputError(
        "output.write",
        f"cannot write the editions: {what}; the previous files are unchanged",
        where,
    )


# -- one file elsewhere (approve) ------------------------------------------------------------


def write_atomic(path: Path, data: bytes, mode: int, owner: tuple[int, int] | None = None) -> None:
    """Write through a temporary file in the same folder and an atomic rename: readers see
    the old file or the new one, never half of one. owner: (uid, gid) to keep, if allowed."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.chmod(temporary, mode)
        if owner is not None:
            try:
                os.chown(temporary, *owner)
            except OSError:
                pass  # not allowed: the file becomes this user's
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
