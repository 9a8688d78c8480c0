"""The gate's reasons from a document's unit states and the project's settings: units never
approved against their current English, stale ones, open review notes (unless accepted),
checks lowered without a reason; and what a release puts on record (the severities the
project changed, every waiver), as it prints it before it writes."""

from __future__ import annotations

import os
from pathlib import Path

from ..diagnostics import Location, display_path
from ..provenance import short_hash
from ..settings import SeverityChange
from .manifest import language_name, project_relative
from .outcome import Reason, Released

SHOWN_IDS = 10  # a command with more unit ids than this approves the document's every unit


def unit_reasons(done: Released, status, accept: list[str], content_dir: Path, tracked: bool):
    """Each unit never approved (unless the project does not track its translations), each
    stale one, each open review note not accepted (an accepted one goes on record)."""
    reasons: list[Reason] = []
    stale_units: set[str] = set()
    never: list[str] = []
    for document in status.documents:
        source = language_name(document.source.lang)
        for unit in document.units:
            target = unit.target
            if target is not None and unit.state == "stale" and target.source_hash is not None:
                stale_units.add(unit.id)
                where = target.source_hash_location or target.location
                line = (
                    f"{where}: stale: unit '{unit.id}': the {source} changed since the "
                    "translation was approved"
                )
                reasons.append(Reason("stale", where, line, unit.id, "release.stale"))
            elif target is not None and unit.state != "approved" and tracked:
                stale_units.add(unit.id)  # qa.stale says so too: said here once
                never.append(unit.id)
                if target.source_hash is not None and target.text_hash is None:
                    where = target.source_hash_location or target.location
                    line = (
                        f"{where}: not approved: unit '{unit.id}': its approval records the "
                        f"{source} alone, not the translation approved (an older form: the "
                        "translation may have changed since)"
                    )
                elif short_hash(target.text_hash):
                    where = target.source_hash_location or target.location
                    line = (
                        f"{where}: not approved: unit '{unit.id}': its approval records the "
                        "translation by a short hash (40 bits, an older form: another text "
                        "with the same hash takes seconds to make); approve it again to "
                        "record a full one"
                    )
                elif target.source_hash is not None:  # approved, then the translation changed
                    where = target.source_hash_location or target.location
                    line = (
                        f"{where}: not approved: unit '{unit.id}': its translation changed "
                        "since it was approved"
                    )
                else:
                    where = target.location
                    line = (
                        f"{where}: never approved: unit '{unit.id}': no source-hash: records "
                        f"the {source} its translation was approved against"
                    )
                reasons.append(Reason("approval", where, line, unit.id, "release.unapproved"))
            for note in unit.notes:
                said = ", ".join(x for x in (note.author, note.date) if x)
                if unit.id in accept:
                    done.accepted.append(
                        {
                            "unit": unit.id,
                            "text": note.text,
                            "author": note.author,
                            "date": note.date,
                            "file": project_relative(note.location.path, content_dir),
                            "line": note.location.line,
                            "column": note.location.column,
                        }
                    )
                    continue
                line = (
                    f"{note.location}: open review note: unit '{unit.id}'"
                    + (f" ({said})" if said else "")
                    + f": {note.text}"
                )
                reasons.append(Reason("review", note.location, line, unit.id, "release.review"))
    if never:
        done.hints["approval"] = "approve them once each is reviewed: " + approve_command(
            done.doc_id, never, content_dir, every=len(never) > SHOWN_IDS
        )
    return reasons, stale_units


def approve_command(doc_id: str, ids: list[str], content_dir: Path, every: bool) -> str:
    """The command that approves these units of the document (every: all its units, by
    naming the document)."""
    shown = display_path(str(content_dir))
    words = ["python pipeline.py approve"]
    if os.path.normpath(shown) != "content":
        words.append(f"--content {_quoted(shown)}")
    words += [_quoted(doc_id)] if every else [_quoted(unit_id) for unit_id in ids]
    return " ".join(words)


def _quoted(text: str) -> str:
    import shlex

    return shlex.quote(text)


def settings_reasons(changes: list[SeverityChange], settings) -> list[Reason]:
    """Each check whose severity the project lowers, and each semantic threshold it raises
    or length limit it widens (the check then finds less), without a reason in
    [checks.reasons]."""
    from ..settings import raised_thresholds

    reasons = []
    for raised in raised_thresholds(settings):
        if raised.reason is None:
            line = (
                f"{raised.location}: error: {raised.table} {raised.verb} '{raised.key}' from "
                f"{raised.shown(raised.default)} to {raised.shown(raised.value)}, so that its "
                "check finds less, without a reason; give it one under [checks.reasons] "
                f'("{raised.name}" = "why it is {raised.verb[:-1]}d"), or remove the setting '
                "[release.no-reason]"
            )
            reasons.append(Reason("settings", raised.location, line, None, "release.no-reason"))
    for change in changes:
        if change.lowered and change.reason is None:
            line = (
                f"{change.location}: error: [checks.severity] lowers '{change.check}' from "
                f"{change.default} to {change.severity} without a reason; give it one under "
                f'[checks.reasons] ("{change.check}" = "why it is lowered"), or remove the '
                "setting [release.no-reason]"
            )
            reasons.append(Reason("settings", change.location, line, None, "release.no-reason"))
    return reasons


# -- on record ----------------------------------------------------------------------------------


def record(changes: list[SeverityChange], status, settings, content_dir: Path) -> dict:
    """What the manifest records of the checks' configuration: every severity changed from
    its default (with its reason), the other settings that differ from their defaults,
    whether translations are tracked, and every waiver of the document."""
    from dataclasses import fields

    from ..settings import Settings

    defaults = Settings()
    values: dict[str, object] = {}
    for name in ("length_ratio", "length_min_chars"):
        if getattr(settings, name) != getattr(defaults, name):
            values[name.replace("_", "-")] = _plain(getattr(settings, name))
    for item in fields(settings.semantic):
        mine, default = getattr(settings.semantic, item.name), getattr(defaults.semantic, item.name)
        if mine != default:
            values[f"semantic.{item.name.replace('_', '-')}"] = _plain(mine)
    return {
        "severities": [
            {
                "check": change.check,
                "default": change.default,
                "severity": change.severity,
                "reason": change.reason,
                "file": project_relative(change.location.path, content_dir),
                "line": change.location.line,
            }
            for change in changes
        ],
        "values": values,
        "waivers": waivers(status, content_dir),
    }


def _plain(value):
    return list(value) if isinstance(value, tuple) else value


def waivers(status, content_dir: Path) -> list[dict]:
    """Every waiver of the document's translations: unit, check, reason, file and line."""
    found = []
    for document in status.documents:
        for unit in document.units:
            for waiver in unit.target.waivers if unit.target is not None else ():
                found.append(
                    {
                        "unit": unit.id,
                        "check": waiver.check,
                        "reason": waiver.reason,
                        "file": project_relative(waiver.location.path, content_dir),
                        "line": waiver.location.line,
                        "column": waiver.location.column,
                    }
                )
    return found


def record_lines(changes: list[SeverityChange], status, settings) -> list[str]:
    """What a release prints before it writes: each setting and waiver it records, located."""
    from ..settings import raised_thresholds

    lines = []
    for raised in raised_thresholds(settings):
        lines.append(
            f"{raised.location}: on record: {raised.table} {raised.key} is "
            f"{raised.shown(raised.value)} (by default {raised.shown(raised.default)}): "
            f"{raised.reason}"
        )
    for change in changes:
        why = f": {change.reason}" if change.reason else ""
        lines.append(
            f"{change.location}: on record: '{change.check}' is {change.severity} (by default "
            f"{change.default}){why}"
        )
    if not settings.tracked:
        where = settings.places.get("translations.tracked", Location("diglot.toml"))
        lines.append(
            f"{where}: on record: [translations] tracked = false: the translations are not "
            "approved unit by unit; the manifest and the editions' metadata say so"
        )
    for document in status.documents:
        for unit in document.units:
            for waiver in unit.target.waivers if unit.target is not None else ():
                lines.append(
                    f"{waiver.location}: on record: unit '{unit.id}' waives {waiver.check}: "
                    f"{waiver.reason}"
                )
    return lines
