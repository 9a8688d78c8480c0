"""What a release says: a request that cannot start (ReleaseError), each reason a release is
refused (grouped: files not committed, translations never approved, stale translations,
open review notes, checks lowered without a reason, check findings, the editions and their
lint), and what a release did."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Location

GROUPS = (
    ("committed", "files not committed"),
    ("approval", "translations never approved"),
    ("stale", "stale translations"),
    ("review", "open review notes"),
    ("settings", "checks lowered without a reason"),
    ("check", "check findings"),
    ("lint", "editions and rendered-output lint"),
)


class ReleaseError(Exception):
    """A usage or environment problem (a bad version, an existing release, no date): the
    release does not start (exit 2)."""


@dataclass(frozen=True)
class Reason:
    """One reason the release is refused: its group (GROUPS) and the line that says it."""

    group: str
    location: Location
    line: str
    unit: str | None = None
    code: str = ""  # a diagnostic's code (the gate's own reasons: release.stale, release.review)


@dataclass
class Released:
    """What a release did: its folder (None when refused), the reasons it was refused, the
    notes it accepted, the files it wrote; unknown: the document id names no document."""

    doc_id: str
    version: str
    date: str
    folder: Path | None = None
    reasons: list[Reason] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    accepted: list[dict] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    remark: str = ""  # said below the reasons (the lint could not run)
    hints: dict[str, str] = field(default_factory=dict)  # by group: what to do about them
    rehearsal: bool = False  # --rehearsal: marked as such, from files maybe not committed
    uncommitted: list[str] = field(default_factory=list)  # a rehearsal's files not committed
    record: list[str] = field(default_factory=list)  # the settings and waivers, as printed
    signed: list[str] = field(default_factory=list)  # the files signed
    # the approvals relied on, by the author of the commit that recorded each ("" : none)
    approvals: dict[str, int] = field(default_factory=dict)


def format_refusal(done: Released) -> str:
    """Every reason, grouped, under one headline."""
    count = len(done.reasons)
    lines = [f"refused: {done.doc_id} {done.version} — {count} reason{'s' if count != 1 else ''}"]
    for group, title in GROUPS:
        items = [r.line for r in done.reasons if r.group == group]
        if items:
            header = f"── {title} ({len(items)}) "
            lines.append(header + "─" * max(3, 60 - len(header)))
            lines.extend(items)  # located lines at the start, as check prints them
            if group in done.hints:
                lines.append(done.hints[group])
            if group == "review":
                units = " ".join(
                    dict.fromkeys(r.unit or "" for r in done.reasons if r.group == group)
                )
                lines.append(f"resolve each note, or release with it: --accept {units}")
    if done.remark:
        lines.append(f"note: {done.remark}")
    lines.append("nothing was written")
    return "".join(line + "\n" for line in lines)
