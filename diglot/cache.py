"""diglot's cache of derived data (word segmentations, embeddings): what a command may keep
between runs to avoid recomputing a pure function of its inputs.

Every entry is addressed by a hash of everything it is made from (its key, with the
producing library's version in it), so one cache serves every project and nothing in it is
ever stale; it lives outside the projects, in `$DIGLOT_CACHE_DIR`, else
`$XDG_CACHE_HOME/diglot`, else `~/.cache/diglot`, so that no command writes into a project
it only reads (check, serve). Nothing in it is trusted: an entry is read only when it is a
regular file of a sane size, and anything unreadable or malformed is treated as absent and
computed again. Writes are atomic (a temporary file renamed into place) and best effort: a
read-only or full file system costs speed, never a failure. Deleting the folder is always
safe.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

MAX_ENTRY = 64 * 1024 * 1024  # bytes: an entry larger than this is not read


# Set (to "1") while a command must not take anything from the cache: a release computes
# what it publishes itself (an entry of a cache others can write could move a line break of a
# released edition or quiet a semantic finding). Inherited by the worker processes it starts.
NO_READS = "DIGLOT_CACHE_NO_READS"


@contextlib.contextmanager
def unread() -> Iterator[None]:
    """Within: nothing is read from the cache (every entry is computed again, and written)."""
    before = os.environ.get(NO_READS)
    os.environ[NO_READS] = "1"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(NO_READS, None)
        else:
            os.environ[NO_READS] = before


def root() -> Path:
    """The cache folder."""
    explicit = os.environ.get("DIGLOT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "diglot"


def folder(namespace: str) -> Path:
    """The folder of one kind of cached data."""
    return root() / namespace


def key(*parts: str | bytes) -> str:
    """A hash of everything an entry is made from (each part delimited, so that ("ab", "c")
    and ("a", "bc") differ)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def read(namespace: str, name: str) -> bytes | None:
    """The bytes of an entry, or None when there is none (or it is not a regular file, or
    larger than MAX_ENTRY, or cannot be read; or while nothing may be read: unread())."""
    if os.environ.get(NO_READS) == "1":
        return None
    path = folder(namespace) / name[:2] / name
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY:
            return None
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(MAX_ENTRY + 1)
        return data if len(data) <= MAX_ENTRY else None
    except OSError:
        return None
    finally:
        os.close(fd)


def write(namespace: str, name: str, data: bytes) -> bool:
    """Store an entry atomically; False when it could not be stored (never raises for a
    read-only or full file system)."""
    where = folder(namespace) / name[:2]
    try:
        where.mkdir(parents=True, exist_ok=True)
        _atomic(where / name, data)
        return True
    except OSError:
        return False


def _atomic(path: Path, data: bytes) -> None:
    fd, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
