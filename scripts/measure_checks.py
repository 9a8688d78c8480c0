"""Precision and recall of the translation checks on the QA corpora in tests/fixtures/qa-corpus/.

Precision: every check of the catalogue runs on correct English/Chinese pairs
(precision.yaml) with an empty glossary and default settings: every pair check except
qa.stale (which needs the git history of the English), then the corpus checks over the
pairs of each section. Any finding is a false positive. Recall: qa.numbers runs on pairs
whose Chinese carries one slip each (recall.yaml); a slip is found when qa.numbers reports
its unit. zh-Hans pairs are read with the chinese-simplified number reader, zh-Hant pairs
with chinese-traditional.

    .venv/bin/python scripts/measure_checks.py [--verbose]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diglot.checks import Context, Finding, field_texts  # noqa: E402
from diglot.checks.catalogue import registry  # noqa: E402
from diglot.diagnostics import Location  # noqa: E402
from diglot.model import Field, Unit  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "qa-corpus"
READERS = {
    "zh-Hans": ("english", "chinese-simplified"),
    "zh-Hant": ("english", "chinese-traditional"),
}
SKIPPED = {"qa.stale"}  # needs the English text's history


def load(name: str) -> dict[str, list[dict]]:
    """A corpus file: its sections (zh-Hans, zh-Hant), each a list of {id, en, zh, ...}."""
    from ruamel.yaml import YAML

    path = CORPUS / name
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def context(section: str) -> Context:
    ctx = Context()
    ctx.number_readers = READERS[section]
    return ctx


def units(item: dict, name: str) -> tuple[Unit, Unit]:
    def unit(lang: str) -> Unit:
        where = Location(f"{name}:{lang}")
        return Unit(item["id"], "paragraph", (Field("text", item[lang], where),), where, "corpus")

    return unit("en"), unit("zh")


def precision() -> tuple[int, list[tuple[str, Finding]]]:
    """The number of pairs, and every finding on them with its unit id."""
    found: list[tuple[str, Finding]] = []
    pairs = 0
    checks = [c for c in registry() if c.id not in SKIPPED]
    for section, items in load("precision.yaml").items():
        ctx = context(section)
        records = []
        for item in items:
            en, zh = units(item, "precision.yaml")
            pairs += 1
            for check in checks:
                if check.pair:
                    found += [(item["id"], f) for f in check.pair(en, zh, ctx)]
            records += field_texts(en, zh)
        for check in checks:
            if check.corpus:
                found += [(record.source_id, f) for record, f in check.corpus(records, ctx)]
    return pairs, found


def recall() -> list[tuple[str, str, list[Finding]]]:
    """Each slip (unit id, description) with what qa.numbers reports on its unit."""
    numbers = next(c for c in registry() if c.id == "qa.numbers").pair
    assert numbers is not None
    results = []
    for section, items in load("recall.yaml").items():
        ctx = context(section)
        for item in items:
            en, zh = units(item, "recall.yaml")
            results.append((item["id"], item["slip"], list(numbers(en, zh, ctx))))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="list the findings on the precision corpus and the slips missed",
    )
    verbose = parser.parse_args().verbose
    pairs, findings = precision()
    flagged = len({unit_id for unit_id, _ in findings})
    print(
        f"precision corpus: {pairs} correct pairs, {len(findings)} findings, "
        f"{flagged} pairs with a finding (false-positive rate {flagged / pairs:.1%})"
    )
    if verbose:
        for unit_id, finding in findings:
            print(f"  {unit_id}: [{finding.check}] {finding.message}")
    results = recall()
    found = sum(1 for _, _, reported in results if reported)
    print(
        f"recall corpus: {len(results)} slips, {found} found by qa.numbers "
        f"(recall {found / len(results):.1%})"
    )
    if verbose:
        for unit_id, slip, reported in results:
            if not reported:
                print(f"  missed {unit_id}: {slip}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
