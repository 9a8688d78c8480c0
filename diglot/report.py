"""Reports of a check run: grouped text for people (coloured on a terminal), JSON, SARIF
for code-review tools, and JUnit XML for CI."""

from __future__ import annotations

from .checks import Check
from .diagnostics import ERROR, Diagnostic, display_path

_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m"}
_RESET, _DIM = "\033[0m", "\033[2m"


def grouped(diagnostics: list[Diagnostic]) -> list[tuple[str | None, list[Diagnostic]]]:
    """Diagnostics by unit of a document (the same unit id in two documents is two units;
    a document's files in each language share its name), units in the order of their first
    problem's place."""
    import os

    groups: dict[tuple[str, str] | None, list[Diagnostic]] = {}
    for diagnostic in sorted(diagnostics, key=lambda d: d.location):
        key = (
            None
            if diagnostic.unit is None
            else (os.path.basename(diagnostic.location.path), diagnostic.unit)
        )
        groups.setdefault(key, []).append(diagnostic)
    return [(key[1] if key else None, items) for key, items in groups.items()]


def to_text(diagnostics: list[Diagnostic], colour: bool = False) -> str:
    """The diagnostics grouped by unit, a header line above a unit with several problems
    or a translation check's finding (check and build print the same)."""
    out = []
    for unit, items in grouped(diagnostics):
        if unit is not None and (len(items) > 1 or any(d.code.startswith("qa.") for d in items)):
            header = f"── {unit} " + "─" * max(3, 60 - len(unit))
            out.append(f"{_DIM}{header}{_RESET}" if colour else header)
        for diagnostic in items:
            line = diagnostic.format()
            if colour:
                severity = diagnostic.severity
                line = line.replace(
                    f": {severity}: ", f": {_COLOURS[severity]}{severity}{_RESET}: ", 1
                )
            out.append(line)
    return "".join(line + "\n" for line in out)


def to_json(diagnostics: list[Diagnostic], summary: dict) -> str:
    import json

    return (
        json.dumps(
            {
                "diagnostics": [d.as_dict() for d in sorted(diagnostics, key=lambda d: d.location)],
                "summary": summary,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


def _sarif_location(location) -> dict:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": display_path(location.path)},
            "region": {"startLine": location.line, "startColumn": location.column},
        }
    }


def to_sarif(diagnostics: list[Diagnostic], checks: tuple[Check, ...], version: str) -> str:
    """SARIF 2.1.0, the format code-review tools (GitHub code scanning and others) display."""
    import json

    rules = [
        {
            "id": c.id,
            "shortDescription": {"text": c.title},
            "defaultConfiguration": {"level": c.severity},
        }
        for c in checks
    ]
    results = []
    for d in sorted(diagnostics, key=lambda d: d.location):
        message = d.message + (f"\n{d.detail}" if d.detail else "")
        result = {
            "ruleId": d.code,
            "level": d.severity,
            "message": {"text": message},
            "locations": [_sarif_location(d.location)],
        }
        if d.related:
            result["relatedLocations"] = [
                dict(_sarif_location(loc), id=i) for i, loc in enumerate(d.related)
            ]
        if d.unit:
            result["properties"] = {"unit": d.unit}
        results.append(result)
    sarif = {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [
            {
                "tool": {"driver": {"name": "diglot", "version": version, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, ensure_ascii=False, indent=2) + "\n"


def to_junit(diagnostics: list[Diagnostic], unit_ids: list[str], strict: bool) -> str:
    """JUnit XML: one test case per unit; its errors (and with --strict its warnings) are
    failures, other warnings are printed to the case's system-out."""
    from xml.etree import ElementTree

    by_unit: dict[str | None, list[Diagnostic]] = {}
    for d in diagnostics:
        by_unit.setdefault(d.unit, []).append(d)
    cases: list[tuple[str | None, list[Diagnostic]]] = [
        (unit, by_unit.get(unit, [])) for unit in unit_ids
    ]
    cases += [(unit, items) for unit, items in by_unit.items() if unit not in set(unit_ids)]
    suite = ElementTree.Element("testsuite", name="diglot check", tests=str(len(cases)))
    failures = 0
    for unit, items in cases:
        case = ElementTree.SubElement(suite, "testcase", classname="diglot", name=unit or "(files)")
        failing = [d for d in items if d.severity == ERROR or strict]
        for d in failing:
            failure = ElementTree.SubElement(case, "failure", type=d.code, message=d.message)
            failure.text = d.format()
        if failing:
            failures += 1
        others = [d for d in items if d not in failing]
        if others:
            ElementTree.SubElement(case, "system-out").text = "\n".join(d.format() for d in others)
    suite.set("failures", str(failures))
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
