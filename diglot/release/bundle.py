"""The release folder written: into a staging folder beside it, renamed into place, never
over an existing release; leftovers of an interrupted release removed."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
from pathlib import Path

from .. import interrupts
from ..diagnostics import display_path
from .manifest import MANIFEST, SIGNATURE, SUMS, manifest_bytes, sums_bytes
from .outcome import ReleaseError


def write_bundle(target: Path, built: dict[str, bytes], manifest: dict, signer=None) -> Path:
    """The release folder, written beside its place and renamed into it; signer: signs the
    manifest (manifest.json.p7s, a detached CMS signature)."""
    files = dict(built)
    files[MANIFEST] = manifest_bytes(manifest)
    if signer is not None:
        files[SIGNATURE] = signer.sign_manifest(files[MANIFEST])
    files[SUMS] = sums_bytes(files)
    if target.parent.is_symlink():  # release/DOC: its releases are in it, never elsewhere
        raise ReleaseError(
            f"{display_path(str(target.parent))} is a link (to "
            f"{display_path(os.readlink(target.parent))}); the releases of a document are "
            "written in a folder of the releases folder, never where a link leads: remove "
            "the link"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target.parent)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.staging-{os.getpid()}-", dir=target.parent)
    )
    made = False  # the target folder, made by this release
    try:
        for name, data in files.items():
            with open(staging / name, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        os.chmod(staging, 0o755)
        if target.exists() or target.is_symlink():
            raise FileExistsError(errno.EEXIST, "exists", str(target))
        interrupts.commit()  # from here the release finishes, and says what it wrote
        with interrupts.blocked():
            # the place taken first (mkdir fails if a folder, even an empty one, is there
            # now), then the staging folder renamed onto this empty folder of its own
            os.mkdir(target)
            made = True
            os.rename(staging, target)  # fails if another process wrote into it meanwhile
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        if made:
            with contextlib.suppress(OSError):
                os.rmdir(target)  # this release's empty folder; never one holding files
        if error.errno in (errno.EEXIST, errno.ENOTEMPTY):
            raise ReleaseError(
                f"{display_path(str(target))} was written meanwhile by another release; "
                "it is kept as it is and this one is not written"
            ) from None
        raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _remove_leftovers(folder: Path) -> None:
    """The staging folders of releases that were stopped (their process is gone)."""
    for path in folder.glob(".*.staging-*"):
        found = re.fullmatch(r"\..+\.staging-([0-9]+)-[^/]+", path.name)
        if not found or not path.is_dir() or path.is_symlink():
            continue
        try:
            os.kill(int(found[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except (PermissionError, OverflowError):
            pass
