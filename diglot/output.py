"""The only code that writes into build/: every file of a build written atomically, once."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class DoubleWrite(Exception):
    pass


class BuildOutput:
    """Collects a build's files in memory; commit() writes them all or none."""

    def __init__(self, build_dir: Path):
        self.build_dir = build_dir
        self.files: dict[Path, bytes] = {}

    def add(self, relative: str, data: bytes) -> None:
        path = self.build_dir / relative
        if path in self.files:
            raise DoubleWrite(f"{relative} would be written twice")
        self.files[path] = data

    def commit(self) -> list[Path]:
        """Write each file through a temporary file and an atomic rename, unchanged files
        untouched (so their timestamps still say when their content last changed)."""
        written = []
        for path, data in self.files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_file() and path.read_bytes() == data:
                written.append(path)
                continue
            write_atomic(path, data, 0o666 & ~_umask())
            written.append(path)
        return written


def write_atomic(path: Path, data: bytes, mode: int) -> None:
    """Write through a temporary file in the same folder and an atomic rename: readers see
    the old file or the new one, never half of one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.chmod(temporary, mode)
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
