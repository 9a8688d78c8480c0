"""The one way diglot reads a file: a regular file only, within a size limit, never more.

Every file diglot reads (content, settings, profiles, types, catalogs, templates, imports,
a release's manifest and sums, build records) comes through `read_bytes` (or `sha256_of`
for large files hashed as they are read). A named pipe, a device, a socket or a folder is
refused before it is opened for reading; a link is followed and, when a folder is named
(`within`), must lead inside it; a file larger than its limit is refused, and no more than
the limit and one byte are ever read, whatever the file says its size is (/dev/zero,
/proc files, a file that grows while it is read).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

CHUNK = 1 << 20


class NotReadable(OSError):
    """Why a file cannot be read, as words that follow its name ("is a named pipe, not a
    regular file", "does not exist"), naming the remedy; kind is one of missing, link,
    outside, not-a-file, too-large, denied, io (any other error of the system). An OSError,
    so that a command that does not say more reports it as one located line (exit 2)."""

    def __init__(
        self,
        path: str | os.PathLike,
        reason: str,
        kind: str,
        size: int | None = None,
        code: int | None = None,
    ):
        super().__init__(code, reason, os.fspath(path))
        self.path = os.fspath(path)
        self.reason = reason
        self.kind = kind
        self.size = size  # the file's size, for too-large


def file_kind(mode: int) -> str:
    """What a file system entry is, in words: "a folder", "a named pipe" ..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def size_words(size: int) -> str:
    """A size for people: 3,145,728 bytes (3.0 MiB)."""
    if size < 1 << 20:
        return f"{size:,} bytes"
    return f"{size:,} bytes ({size / (1 << 20):.1f} MiB)"


def os_reason(exc: OSError) -> str:
    """An error of the operating system in words, with what to do about it."""
    return {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOSPC: "the disk is full: free some space and run the command again",
        errno.EDQUOT: "the disk quota is used up: free some space and run the command again",
        errno.EROFS: "the file system is read-only: work on a copy on a writable disk, or "
        "mount it writable",
        errno.ENOENT: "no such file or folder",
        errno.ENOTDIR: "a file stands where a folder is expected",
        errno.EISDIR: "a folder stands where a file is expected",
        errno.EEXIST: "a file stands where a folder is expected",
        errno.ELOOP: "a link that leads back to itself (a loop of links)",
        errno.EIO: "an input/output error (a failing disk?)",
        errno.ENAMETOOLONG: "the name is too long",
    }.get(exc.errno or 0, exc.strerror or str(exc))


def _check(path: str, limit: int, within: str | os.PathLike | None) -> os.stat_result:
    """The file's status once it is known to be a regular file of at most limit bytes,
    inside within; NotReadable otherwise."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if os.path.islink(path):
            target = os.readlink(path)
            why = (
                "which leads back to itself (a loop of links)"
                if exc.errno == errno.ELOOP
                else "which does not exist"
            )
            raise NotReadable(
                path, f"is a link to '{target}', {why}", "link", code=exc.errno
            ) from None
        if exc.errno == errno.ENOENT:
            raise NotReadable(path, "does not exist", "missing", code=exc.errno) from None
        kind = "denied" if exc.errno in (errno.EACCES, errno.EPERM) else "io"
        raise NotReadable(path, f"cannot be read: {os_reason(exc)}", kind, code=exc.errno) from None
    if within is not None:
        root = Path(os.path.realpath(within))
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(root):
            raise NotReadable(
                path,
                f"leads to {real}, outside {root}; it is read only from inside: copy the "
                "file there",
                "outside",
            )
    if not stat.S_ISREG(info.st_mode):
        raise NotReadable(path, f"is {file_kind(info.st_mode)}, not a regular file", "not-a-file")
    if info.st_size > limit:
        raise NotReadable(
            path,
            f"is {size_words(info.st_size)}, over the limit of {size_words(limit)}",
            "too-large",
            info.st_size,
        )
    return info


def _open(path: str, limit: int, within) -> int:
    """A descriptor of the regular file at path (checked before and after it is opened: a
    file swapped for a pipe meanwhile is refused, and opening never waits on a pipe)."""
    _check(path, limit, within)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        kind = "denied" if exc.errno in (errno.EACCES, errno.EPERM) else "io"
        raise NotReadable(path, f"cannot be read: {os_reason(exc)}", kind, code=exc.errno) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise NotReadable(path, f"is {file_kind(info.st_mode)}, not a regular file", "not-a-file")
    return fd


def _chunks(fd: int, path: str, limit: int):
    """The file's bytes in chunks, NotReadable once more than limit have come."""
    total = 0
    while True:
        try:
            chunk = os.read(fd, min(CHUNK, limit + 1 - total))
        except OSError as exc:
            raise NotReadable(
                path, f"cannot be read: {os_reason(exc)}", "io", code=exc.errno
            ) from None
        if not chunk:
            return
        total += len(chunk)
        if total > limit:
            raise NotReadable(
                path,
                f"holds more than the limit of {size_words(limit)}",
                "too-large",
                total,
            )
        yield chunk


def read_bytes(
    path: str | os.PathLike, limit: int, *, within: str | os.PathLike | None = None
) -> bytes:
    """The bytes of a regular file of at most limit bytes (a link followed; inside the
    folder within, when given). NotReadable says why not."""
    name = os.fspath(path)
    fd = _open(name, limit, within)
    try:
        return b"".join(_chunks(fd, name, limit))
    finally:
        os.close(fd)


# What says a file is as it was read, without reading it again: its device, inode, size
# and the times of its last change (nanoseconds; a write changes ctime, which no tool sets).
Stamp = tuple[int, int, int, int, int]


def stamp(info: os.stat_result) -> Stamp:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def stamp_of(path: str | os.PathLike) -> Stamp | None:
    """The stamp of the file at path now (None: it cannot be asked)."""
    try:
        return stamp(os.stat(path))
    except OSError:
        return None


def read_stamped(
    path: str | os.PathLike, limit: int, *, within: str | os.PathLike | None = None
) -> tuple[bytes, Stamp]:
    """read_bytes, with the file's stamp: an edit later compares it with the file's (a file
    written while it was being read is refused)."""
    name = os.fspath(path)
    fd = _open(name, limit, within)
    try:
        before = stamp(os.fstat(fd))
        data = b"".join(_chunks(fd, name, limit))
        after = stamp(os.fstat(fd))
    finally:
        os.close(fd)
    if before != after:
        raise NotReadable(name, "changed while it was being read; run the command again", "io")
    return data, after


def sha256_of(
    path: str | os.PathLike, limit: int, *, within: str | os.PathLike | None = None
) -> tuple[str, int]:
    """The SHA-256 and size of a regular file, read in chunks (for files too large to hold
    whole, such as editions); the same rules as read_bytes."""
    name = os.fspath(path)
    fd = _open(name, limit, within)
    digest, size = hashlib.sha256(), 0
    try:
        for chunk in _chunks(fd, name, limit):
            digest.update(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    return digest.hexdigest(), size
