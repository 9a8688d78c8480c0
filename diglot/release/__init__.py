"""Official releases: the gate, the bundle and its verification.

`release DOC --version V` publishes a document only when it is ready: every check passes
with its warnings counted (waived findings are not findings), no unit is stale, no review
note is open (unless its unit is accepted with --accept, which records the note in the
manifest), and every edition builds and passes the rendered-output lint. Otherwise every
reason is listed, grouped, each at its file and line, and nothing is written.

A release is the folder `<out>/<doc>/<version>/`: every edition, built as released (with
the version and the release date), `manifest.json` (what was released, from what content,
by which diglot and with which fonts) and `SHA256SUMS`. It is written into a staging
folder beside it and renamed into place, never over an existing release. Its bytes depend
on the content only: the release date defaults to the date of the content's last commit,
so two clones of the same commit give byte-identical releases.

`verify DIR` re-checks a release folder against its manifest and SHA256SUMS."""

from __future__ import annotations

from .gate import release
from .manifest import MANIFEST, SUMS, fonts, manifest_bytes, sums_bytes
from .outcome import Reason, Released, ReleaseError, format_refusal
from .verify import manifest_of, verify
from .versions import canonical_version, check_date, check_date_near, check_version, version_key

__all__ = [
    "MANIFEST",
    "Reason",
    "ReleaseError",
    "Released",
    "SUMS",
    "canonical_version",
    "check_date",
    "check_date_near",
    "check_version",
    "fonts",
    "format_refusal",
    "manifest_bytes",
    "manifest_of",
    "release",
    "sums_bytes",
    "verify",
    "version_key",
]
