"""The QA corpora: the whole catalogue is silent on the precision corpus of correct official
pairs, and qa.numbers reports every slip of the recall corpus, with its unit id (also
through `check` on a document built from the slips)."""

from __future__ import annotations

import json
import sys

import pytest

from diglot.cli import main

from conftest import REPO, pair_of

sys.path.insert(0, str(REPO / "scripts"))
import measure_checks  # noqa: E402

PRECISION = measure_checks.load("precision.yaml")
RECALL = measure_checks.load("recall.yaml")


def test_the_corpora_are_large_enough_and_well_formed():
    pairs = [item for items in PRECISION.values() for item in items]
    slips = [item for items in RECALL.values() for item in items]
    assert set(PRECISION) == set(RECALL) == {"zh-Hans", "zh-Hant"}
    assert len(pairs) >= 500 and len(slips) >= 130
    for items, keys in ((pairs, {"id", "en", "zh"}), (slips, {"id", "en", "zh", "slip"})):
        assert all(set(item) == keys for item in items)
        ids = [item["id"] for item in items]
        assert len(ids) == len(set(ids))
    # no pair is repeated, so the corpus checks see each text once
    assert len({p["en"] for p in pairs}) == len({p["zh"] for p in pairs}) == len(pairs)


def test_the_whole_catalogue_is_silent_on_the_precision_corpus():
    pairs, findings = measure_checks.precision()
    assert pairs >= 500
    assert [(unit_id, f.check, f.message) for unit_id, f in findings] == []


@pytest.mark.parametrize(
    "section, item",
    [(s, i) for s, items in RECALL.items() for i in items],
    ids=lambda x: x.get("id", x) if isinstance(x, dict) else x,
)
def test_every_slip_is_reported(section, item):
    en, zh = measure_checks.units(item, "recall.yaml")
    numbers = next(c for c in measure_checks.registry() if c.id == "qa.numbers")
    findings = list(pair_of(numbers)(en, zh, measure_checks.context(section)))
    assert findings, item["slip"]
    assert {f.check for f in findings} == {"qa.numbers"}


def _document(side: str, items: list[dict]) -> str:
    lines = ["type: consensus-agreement", "title-block:"]
    for key, en, zh in (
        ("series", "Corpus", "语料"),
        ("title", "Slips", "差错"),
        ("place", "Nowhere", "无"),
    ):
        lines += [f"  {key}:", f"    id: {key}", f"    text: {en if side == 'en' else zh}"]
    lines += ["  date: 2024-10", "sections:", "  - id: slips", "    content:"]
    for item in items:
        lines += [
            f"      - id: {item['id']}",
            f"        text: {json.dumps(item[side], ensure_ascii=False)}",
        ]
    return "\n".join(lines) + "\n"


# Slips per document: a report shows at most 200 findings of one check in one file
PER_DOCUMENT = 50


@pytest.mark.parametrize("variant, folder", [("zh-Hans", "zh"), ("zh-Hant", "zh-Hant")])
def test_check_reports_each_slip_by_its_unit_id(tmp_path, capsys, variant, folder):
    """Through the command line, with the reader the target language's profile names."""
    content = tmp_path / "content"
    items = RECALL[variant]
    (tmp_path / "diglot.toml").write_text(f'[languages]\nsource = "en"\ntargets = ["{folder}"]\n')
    for side, lang in (("en", "en"), ("zh", folder)):
        (content / lang).mkdir(parents=True)
        for start in range(0, len(items), PER_DOCUMENT):
            part = items[start : start + PER_DOCUMENT]
            document = content / lang / f"slips-{start // PER_DOCUMENT + 1}.yaml"
            document.write_text(_document(side, part), encoding="utf-8")
    assert main(["--content", str(content), "check", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    flagged = {d["unit"] for d in report["diagnostics"] if d["code"] == "qa.numbers"}
    assert flagged == {item["id"] for item in items}
