"""`status`: every unit's state per document and target language, and the figures."""

from __future__ import annotations

import json

from diglot.approve import approve
from diglot.cli import main
from diglot.diagnostics import Reporter
from diglot.status import project_status

from conftest import REPO, commit_all, git


def states(tree) -> dict[str, str]:
    found = project_status(tree.content, Reporter(), templates_dir=REPO / "templates")
    (document,) = found.documents
    return {u.id: u.state for u in document.units}


def test_untracked_units_are_translated_and_a_missing_one_is_missing(tree):
    tree.replace(
        "zh",
        "          - id: chips.rec.relax\n            text: 考虑放宽对民用先进半导体的出口管制。\n",
        "",
    )
    found = states(tree)
    assert found["chips.rec.define"] == "translated"
    assert found["chips.rec.relax"] == "missing"
    assert "intro" not in found  # a section without a heading has nothing to translate


def test_approved_stale_and_unapproved_units_in_a_tracked_file(tree):
    git(tree.root, "init", "-q")
    commit_all(tree.root, "content")
    reporter = Reporter()
    approve(tree.content, ["chips.rec.define", "chips.rec.relax"], False, reporter)
    assert not reporter.errors, reporter.to_text()
    commit_all(tree.root, "approved")
    tree.replace("en", "definition of national security", "definition of economic security")
    found = states(tree)
    assert found["chips.rec.relax"] == "approved"
    assert found["chips.rec.define"] == "stale"
    assert found["ai.rec.oecd"] == "stale"  # the file tracks hashes: this unit has none
    status = project_status(tree.content, Reporter(), templates_dir=REPO / "templates")
    define = status.documents[0].unit("chips.rec.define")
    assert define is not None and define.source_then is not None
    assert "national security" in define.source_then


def test_numbers_notes_waivers_and_findings_per_unit(tree):
    tree.replace("zh", "10月7日至8日", "10月7日至9日")  # a number the English does not have
    tree.replace("zh", "未来5至7年", "未来5至8年")
    tree.replace(
        "zh",
        "      - id: chips.outlook\n",
        "      - id: chips.outlook\n        waive:\n          qa.numbers: confirmed by the office\n",
    )
    status = project_status(tree.content, Reporter(), templates_dir=REPO / "templates")
    document = status.documents[0]
    convened = document.unit("intro.convened")
    assert convened is not None and not convened.waived
    assert {d.code for d in convened.findings} == {"qa.numbers"}
    outlook = document.unit("chips.outlook")
    assert outlook is not None and outlook.waived and not outlook.findings
    define = document.unit("chips.rec.define")
    assert define is not None and define.number == "1."
    orlins = document.unit("us.stephen-orlins")
    assert orlins is not None and orlins.review and "committee" in orlins.notes[0].text
    counts = document.counts()
    assert counts["review"] == 1 and counts["waived"] == 1
    assert counts["total"] == len(document.units)


def test_the_command_prints_a_table_and_json(tree, capsys):
    tree.replace(
        "zh",
        "          - id: chips.rec.relax\n            text: 考虑放宽对民用先进半导体的出口管制。\n",
        "",
    )
    code = main(["status"])
    out = capsys.readouterr().out
    assert code == 1  # the missing unit is an error of the run, printed above the table
    assert "parity.missing" in out
    header, row = out.splitlines()[-2:]
    assert header.split()[:3] == ["document", "target", "total"]
    assert row.split()[:2] == ["memo", "zh"]
    main(["status", "--format", "json"])
    (memo,) = json.loads(capsys.readouterr().out)["documents"]
    assert memo["missing"] == 1 and memo["translated"] == memo["total"] - 1
    assert memo["percent"] == round(100 * (memo["total"] - 1) / memo["total"], 1)
    assert main(["status", "nothing"]) == 2


def test_a_translation_changed_since_it_was_approved_is_approved_no_longer(tree):
    """An approval records the English and the translation it approved: a translation
    changed since (by hand, or by an import of a tool's draft) is translated, not approved,
    until it is approved again; an approval recorded with the English only (an older form,
    or the translation's hash cut off) is none: whatever the translation says now could
    have changed since."""
    reporter = Reporter()
    approve(tree.content, ["chips.rec.define", "chips.rec.relax"], False, reporter)
    assert not reporter.errors, reporter.to_text()
    assert states(tree)["chips.rec.relax"] == "approved"
    tree.replace(
        "zh", "考虑放宽对民用先进半导体的出口管制。", "考虑放宽对民用先进半导体的出口管制（草稿）。"
    )
    found = states(tree)
    assert found["chips.rec.relax"] == "translated" and found["chips.rec.define"] == "approved"
    changes = approve(tree.content, ["chips.rec.relax"], False, reporter)
    assert not reporter.errors and [c.unit for c in changes] == ["chips.rec.relax"]
    assert states(tree)["chips.rec.relax"] == "approved"
    # an approval written before the translation's hash was recorded: the English only
    english = changes[0].new_hash.split("/")[0]
    tree.replace("zh", changes[0].new_hash, english)
    tree.replace("zh", "（草稿）", "")
    assert states(tree)["chips.rec.relax"] == "translated"
