"""Reports of a check run: grouped text for people (coloured on a terminal), JSON, SARIF
for code-review tools, and JUnit XML for CI."""

from __future__ import annotations

import os

from .checks import Check
from .diagnostics import ERROR, Diagnostic, display_path

_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m"}
_RESET, _DIM = "\033[0m", "\033[2m"


def grouped(
    diagnostics: list[Diagnostic],
) -> list[tuple[str, list[tuple[str | None, list[Diagnostic]]]]]:
    """The diagnostics by document, then by unit (None: of no unit), each in the order of
    its first problem's place: a document's files in each language share its name (the same
    unit id in two documents is two units)."""
    documents: dict[str, dict[str | None, list[Diagnostic]]] = {}
    for diagnostic in sorted(diagnostics, key=lambda d: d.location):
        units = documents.setdefault(os.path.basename(diagnostic.location.path), {})
        units.setdefault(diagnostic.unit, []).append(diagnostic)
    return [(name, list(units.items())) for name, units in documents.items()]


def _rule(mark: str, title: str, colour: bool) -> str:
    line = f"{mark}{mark} {title} " + mark * max(3, 60 - len(title))
    return f"{_DIM}{line}{_RESET}" if colour else line


def to_text(diagnostics: list[Diagnostic], colour: bool = False) -> str:
    """The diagnostics grouped by document and unit (check and build print the same). A
    unit has a header line when it has several problems or a translation check's finding,
    and then every other unit of its document has one too, and the document's problems of
    no unit come first, so that no line stands under another unit's header; when headers
    are shown and more than one document has problems, each document's lines come under a
    header of its own."""
    out = []
    documents = grouped(diagnostics)
    headed = {
        name
        for name, units in documents
        if any(
            unit is not None and (len(items) > 1 or any(d.code.startswith("qa.") for d in items))
            for unit, items in units
        )
    }
    for name, units in documents:
        if name in headed:
            units.sort(key=lambda group: group[0] is not None)  # stable: units keep their order
        if headed and len(documents) > 1:
            out.append(_rule("═", os.path.splitext(name)[0], colour))
        for unit, items in units:
            if unit is not None and name in headed:
                out.append(_rule("─", unit, colour))
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
    if location.within:  # a file without lines (a Word file's row): named, no region
        return {
            "physicalLocation": {"artifactLocation": {"uri": display_path(location.path)}},
            "logicalLocations": [{"name": location.within}],
        }
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
