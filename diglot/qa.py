"""Runs the QA catalogue over every aligned unit pair: severities from the project's
settings, waivers from the content, findings as located diagnostics."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .checks import Check, Context, Finding, registry
from .diagnostics import ERROR, Location, Reporter
from .model import Unit
from .project import Project

CONFIG_FILE = "diglot.toml"
SEVERITIES = ("error", "warning", "off")


@dataclass
class Settings:
    severity: dict[str, str] = field(default_factory=dict)
    length_ratio: tuple[float, float] = (0.12, 0.9)
    length_min_chars: int = 40


def load_settings(path: Path, checks: tuple[Check, ...], reporter: Reporter) -> Settings:
    """[checks] in diglot.toml: severity = {"qa.length" = "off"}, length-ratio = [lo, hi],
    length-min-chars = n. A missing file means the defaults."""
    settings = Settings()
    if not path.is_file():
        return settings
    where = Location(str(path))
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("checks", {})
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        reporter.error("config.syntax", f"cannot read the settings: {exc}", where)
        return settings
    known = {check.id for check in checks}
    for check_id, severity in dict(table.get("severity", {})).items():
        if check_id not in known:
            reporter.error("config.unknown-check", f"[checks.severity] names no check "
                           f"'{check_id}'; `python pipeline.py checks` lists them", where)
        elif severity not in SEVERITIES:
            reporter.error("config.bad-severity", f"severity of '{check_id}' must be one of "
                           f"{', '.join(SEVERITIES)}, not '{severity}'", where)
        else:
            settings.severity[check_id] = severity
    ratio = table.get("length-ratio", settings.length_ratio)
    if not (isinstance(ratio, list | tuple) and len(ratio) == 2
            and all(isinstance(x, int | float) for x in ratio) and ratio[0] < ratio[1]):
        reporter.error("config.bad-value", "length-ratio must be [low, high], e.g. [0.12, 0.9]",
                       where)
    else:
        settings.length_ratio = (float(ratio[0]), float(ratio[1]))
    minimum = table.get("length-min-chars", settings.length_min_chars)
    if isinstance(minimum, int) and minimum >= 0:
        settings.length_min_chars = minimum
    else:
        reporter.error("config.bad-value", "length-min-chars must be a whole number", where)
    return settings


def run_checks(project: Project, settings: Settings, reporter: Reporter,
               source_text=None) -> None:
    """Every check over every aligned pair; findings become diagnostics unless waived."""
    checks = registry()
    glossary = project.glossary
    context = Context(terms=glossary.terms if glossary else (),
                      protected=glossary.protected if glossary else (),
                      length_ratio=settings.length_ratio,
                      length_min_chars=settings.length_min_chars, source_text=source_text,
                      tracked={pair.zh.path for pair in project.documents
                               if any(unit.source_hash for unit in pair.zh.units())})
    known = {check.id: check for check in checks}
    pairs = [(unit.en, unit.zh) for pair in project.documents for unit in pair.units]
    used: set[tuple[str, str]] = set()
    waivers = {(zh.id, w.check): w for _, zh in pairs for w in zh.waivers}
    for check in checks:
        severity = settings.severity.get(check.id, check.severity)
        if severity == "off":
            continue
        if check.pair:
            found = ((en, zh, f) for en, zh in pairs for f in check.pair(en, zh, context))
        else:
            found = check.corpus(pairs, context)
        for en, zh, finding in found:
            if (zh.id, finding.check) in waivers:
                used.add((zh.id, finding.check))
                continue
            _report(reporter, severity, en, zh, finding)
    for (unit_id, check_id), waiver in waivers.items():
        if check_id not in known:
            reporter.error("qa.unknown-waiver", f"'{unit_id}' waives '{check_id}', which is no "
                           "check; `python pipeline.py checks` lists them", waiver.location,
                           unit=unit_id)
        elif (unit_id, check_id) not in used and \
                settings.severity.get(check_id, known[check_id].severity) != "off":
            reporter.warning("qa.unused-waiver", f"'{unit_id}' waives '{check_id}', which no "
                             "longer finds anything here; remove the waiver",
                             waiver.location, unit=unit_id)


def _report(reporter: Reporter, severity: str, en: Unit, zh: Unit, finding: Finding) -> None:
    zh_field = zh.field(finding.field) if finding.field else None
    en_field = en.field(finding.field) if finding.field else None
    location = zh_field.location if zh_field else zh.location
    related = (en_field.location if en_field else en.location,)
    add = reporter.error if severity == ERROR else reporter.warning
    add(finding.check, f"'{zh.id}': {finding.message} (English: {related[0]})", location,
        related=related, unit=zh.id, detail=finding.detail)
