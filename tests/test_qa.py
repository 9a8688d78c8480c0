"""check with the translation checks: mutated copies of a fixture document, waivers,
settings, strictness and report formats."""

from __future__ import annotations

import json
import subprocess
from xml.etree import ElementTree

import pytest

from diglot.approve import approve
from diglot.cli import main
from diglot.diagnostics import Reporter

GLOSSARY = """terms:
  - en: mature node
    zh: 成熟制程
    forbidden: [成熟节点]
  - en: export controls
    zh: 出口管制
protected: [OECD]
"""


@pytest.fixture
def qa_tree(tree):
    """The tiny document with a glossary, every unit approved: a clean starting point."""
    (tree.content / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    approve(tree.content, None, False, Reporter())
    for backup in tree.content.rglob("*.bak"):
        backup.unlink()
    return tree


def codes(lines: list[str]) -> set[str]:
    return {line.rsplit("[", 1)[1].rstrip("]") for line in lines if line.endswith("]")}


def test_the_approved_fixture_is_clean(qa_tree, check):
    code, out = check()
    assert (code, len(out)) == (0, 1), out


MUTATIONS = [
    (
        "deleted recommendation",
        "zh",
        "          - id: chips.rec.relax\n",
        None,
        {"parity.missing"},
    ),
    ("edited number", "zh", "未来5至7年", "未来5至8年", {"qa.numbers"}),
    (
        "English pasted into the Chinese",
        "zh",
        "未来5至7年，中国将成为成熟制程芯片的重要制造国。",
        "China will become a significant maker of mature node chips over the next 5-7 years.",
        {"qa.untranslated", "qa.term", "qa.length", "qa.punct-range"},
    ),
    ("drifted term", "zh", "成熟制程芯片", "成熟工艺芯片", {"qa.term"}),
    ("forbidden variant", "zh", "成熟制程芯片", "成熟制程（成熟节点）芯片", {"qa.term-forbidden"}),
    ("half-width comma", "zh", "未来5至7年，", "未来5至7年,", {"qa.punct-half-width"}),
    (
        "ASCII quotes",
        "zh",
        "两国应明确国家安全的定义。",
        '两国应明确"国家安全"的定义。',
        {"qa.punct-ascii-quotes"},
    ),
    ("unbalanced bracket", "zh", "经合组织（OECD）", "经合组织（OECD", {"qa.punct-balance"}),
    ("lost protected token", "zh", "经合组织（OECD）", "经合组织", {"qa.protected"}),
    ("lost bold", "zh", '"**美中关系全国委员会**于', '"美中关系全国委员会于', {"qa.markup"}),
    ("edited English source", "en", "clarify the definition", "clarify the scope", {"qa.stale"}),
]


@pytest.mark.parametrize("name, lang, old, new, expected", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_one_change_gives_exactly_the_expected_checks(
    qa_tree, check, name, lang, old, new, expected
):
    if new is None:  # delete the whole unit: its id line and the lines below it
        lines = qa_tree.read(lang).splitlines(keepends=True)
        start = lines.index(old)
        end = start + 1
        while lines[end].startswith(" " * 12):
            end += 1
        qa_tree.write(lang, "".join(lines[:start] + lines[end:]))
    else:
        qa_tree.replace(lang, old, new)
    code, out = check()
    assert code == 1, out
    assert codes(out) == expected, out


def test_stale_reports_a_word_diff_from_the_git_history(qa_tree, check):
    for command in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", *command], cwd=qa_tree.root, check=True)
    qa_tree.replace("en", "clarify the definition", "clarify the scope")
    code, out = check()
    stale = [i for i, line in enumerate(out) if line.endswith("[qa.stale]")]
    assert len(stale) == 1
    assert out[stale[0]].startswith("content/zh/memo.yaml:")
    assert (
        "'chips.rec.define': the English text changed after this unit was translated"
        in out[stale[0]]
    )
    assert out[stale[0] + 1 : stale[0] + 3] == [
        "    English then → now:",
        "      Both countries should clarify the [-definition-]{+scope+} of national security.",
    ]
    assert main(["approve", "chips.rec.define"]) == 1  # the Chinese was not looked at
    qa_tree.replace("zh", "两国应明确国家安全的定义", "两国应明确国家安全的范围")
    assert main(["approve", "chips.rec.define"]) == 0
    assert check()[0] == 0


def test_waiver_with_reason_and_unused_waiver(qa_tree, check):
    qa_tree.replace("zh", "未来5至7年", "未来5至8年")
    qa_tree.replace(
        "zh",
        "      - id: chips.outlook\n",
        "      - id: chips.outlook\n"
        "        waive:\n          qa.numbers: The forecast was revised to eight "
        "years by the organisers.\n",
    )
    code, out = check()
    assert (code, len(out)) == (0, 1), out
    qa_tree.replace("zh", "未来5至8年", "未来5至7年")
    code, out = check()
    assert code == 0  # an unused waiver is a warning
    assert [line for line in out if "[qa.unused-waiver]" in line] == [
        "content/zh/memo.yaml:33:11: warning: 'chips.outlook' waives 'qa.numbers', which no "
        "longer finds anything here; remove the waiver [qa.unused-waiver]"
    ]
    assert check("--strict")[0] == 1


def test_waiver_for_an_unknown_check(qa_tree, check):
    qa_tree.replace(
        "zh",
        "      - id: chips.outlook\n",
        "      - id: chips.outlook\n        waive:\n          qa.nmbers: typo\n",
    )
    code, out = check()
    assert code == 1
    assert any("'chips.outlook' waives 'qa.nmbers', which is no check" in line for line in out)


def test_settings_tune_severities(qa_tree, check):
    qa_tree.replace("zh", "两国应明确国家安全的定义。", "两国应明确国家安全的定义。。")
    code, out = check()
    assert code == 0 and any(line.endswith("[qa.punct-doubled]") for line in out)
    settings = qa_tree.root / "diglot.toml"
    settings.write_text('[checks.severity]\n"qa.punct-doubled" = "error"\n')
    assert check()[0] == 1
    settings.write_text('[checks.severity]\n"qa.punct-doubled" = "off"\n')
    code, out = check()
    assert (code, len(out)) == (0, 1)
    settings.write_text('[checks.severity]\n"qa.nope" = "off"\n"qa.length" = "loud"\n')
    code, out = check()
    assert code == 1
    assert codes(out) >= {"config.unknown-check", "config.bad-severity"}


def test_sarif_and_junit(qa_tree, check):
    qa_tree.replace("zh", "未来5至7年", "未来5至8年")
    code, out = check("--format", "sarif")
    sarif = json.loads("\n".join(out))
    assert code == 1 and sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    assert {rule["id"] for rule in run["tool"]["driver"]["rules"]} >= {"qa.numbers", "qa.stale"}
    assert [r["ruleId"] for r in run["results"]] == ["qa.numbers", "qa.numbers"]
    result = run["results"][0]
    assert result["level"] == "error" and "lacks 7" in result["message"]["text"]
    assert (
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "content/zh/memo.yaml"
    )
    assert (
        result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        == "content/en/memo.yaml"
    )
    code, out = check("--format", "junit")
    suite = ElementTree.fromstring("\n".join(out).encode())
    assert suite.get("tests") == "14" and suite.get("failures") == "1"
    (failed,) = [case for case in suite if case.find("failure") is not None]
    assert failed.get("name") == "chips.outlook"


def test_colour_on_request(qa_tree, check):
    qa_tree.replace("zh", "未来5至7年", "未来5至8年")
    code, out = check("--color", "always")
    assert any("\033[1;31merror\033[0m" in line for line in out)
    assert "\033" not in "".join(check("--color", "never")[1])


def six_documents(tree) -> None:
    """Six copies of the approved tiny document, each a little different: a changed number,
    a drifted term, a waiver, a Chinese file that does not parse, and a copy whose
    translation differs from the first copy's (a consistency finding across documents)."""
    en, zh = tree.read("en"), tree.read("zh")
    changes = {
        1: ("未来5至7年", "未来5至8年"),
        2: ("成熟制程", "成熟节点"),
        3: (
            "      - id: chips.outlook\n",
            "      - id: chips.outlook\n        waive:\n          qa.length: reviewed\n",
        ),
        4: ("title-block:", "title-block: ["),
        5: ("本次对话", "这次对话"),
    }
    for i in range(6):
        old, new = changes.get(i, ("", ""))
        (tree.content / "en" / f"memo-{i}.yaml").write_text(en, encoding="utf-8")
        (tree.content / "zh" / f"memo-{i}.yaml").write_text(
            zh.replace(old, new, 1), encoding="utf-8"
        )
    tree.path("en").unlink()
    tree.path("zh").unlink()


@pytest.mark.parametrize("form", ["text", "json", "junit"])
def test_worker_processes_report_exactly_what_one_process_does(qa_tree, check, form):
    six_documents(qa_tree)
    code, serial = check("--jobs", "1", "--format", form)
    assert code == 1
    for jobs in ("2", "4"):
        assert check("--jobs", jobs, "--format", form) == (code, serial)
    if form == "text":
        assert codes(serial) == {
            "qa.numbers",
            "qa.term",
            "qa.term-forbidden",
            "qa.unused-waiver",
            "yaml.syntax",
            "qa.consistency-source",
        }
        assert serial[-1].startswith(
            "diglot check: 5 documents checked, 70 aligned units, 1 file could not be loaded ("
        )
        assert any(
            "memo-5.yaml" in line
            and "translated differently in 'intro.convened' (content/zh/memo-0.yaml:" in line
            for line in serial
        )


def test_a_failing_worker_is_not_silent(qa_tree, monkeypatch, capsys):
    import diglot.pipeline

    six_documents(qa_tree)
    real = diglot.pipeline.check_documents

    def fails_on_the_last_documents(task, documents):
        if any(doc_id == "memo-5" for doc_id, _ in documents):
            raise ValueError("broken check")
        return real(task, documents)

    monkeypatch.setattr(diglot.pipeline, "check_documents", fails_on_the_last_documents)
    assert main(["check", "--jobs", "2"]) == 2  # one line, not a traceback
    assert capsys.readouterr().err == (
        "diglot: internal error: ValueError: broken check (please report this; "
        "DIGLOT_DEBUG=1 shows where it happened)\n"
    )
    monkeypatch.setenv("DIGLOT_DEBUG", "1")
    with pytest.raises(ValueError, match="broken check"):
        main(["check", "--jobs", "2"])


def test_jobs_must_be_a_positive_number(qa_tree, capsys):
    assert main(["check", "--jobs", "0"]) == 2
    assert "expected a whole number of at least 1" in capsys.readouterr().err
