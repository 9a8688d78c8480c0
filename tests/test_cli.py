"""The command line as users run it: exit codes, formats, no tracebacks."""

import json
import os
import subprocess
import sys
from pathlib import Path

from diglot.cli import main

from conftest import REPO


def test_pipeline_check_on_the_bundled_document(diglot_process):
    result = diglot_process.run("check", cwd=REPO, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith("diglot check: 1 document, 70 aligned units: no problems")
    assert result.stderr == ""


def test_console_script_is_installed(diglot_process):
    script = Path(sys.executable).parent / ("diglot.exe" if os.name == "nt" else "diglot")
    result = subprocess.run([str(script), "check"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_json_format_names_both_locations(tree, check):
    tree.replace(
        "zh",
        "          - id: chips.rec.relax\n            text: 考虑放宽对民用先进半导体的出口管制。\n",
        "",
    )
    code, out = check("--format", "json")
    report = json.loads("\n".join(out))
    assert code == 1
    assert report["summary"] == {
        "documents": 1,
        "unit_pairs": 13,
        "errors": 1,  # the section's count is told by the unit it lacks
        "warnings": 0,
        "marked_for_review": 1,
        "files_not_loaded": [],
        "passed": False,
    }
    missing = report["diagnostics"][0]
    assert missing["code"] == "parity.missing" and missing["unit"] == "chips.rec.relax"
    assert missing["locations"] == [
        {"path": "content/en/memo.yaml", "line": 30, "column": 13},
        {"path": "content/zh/memo.yaml", "line": 1, "column": 1},
    ]


def test_json_format_when_clean(tree, check):
    code, out = check("--format", "json")
    assert code == 0
    assert json.loads("\n".join(out))["diagnostics"] == []


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main([]) == 2
    assert main(["check", "--format", "xml"]) == 2
    assert main(["publish"]) == 2
    assert main(["--content", str(tmp_path / "nowhere"), "check"]) == 2
    err = capsys.readouterr().err
    assert (
        "has no language folder (such as en/ and zh/); run from the project folder or "
        "pass --content DIR"
    ) in err


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    assert "check" in capsys.readouterr().out


def test_review_lists_flagged_units(tree, capsys):
    assert main(["review"]) == 0
    assert capsys.readouterr().out == (
        "content/zh/memo.yaml:49:17: review: us.stephen-orlins: Confirm the title used in the "
        "committee's Chinese materials.\n"
    )


def test_bad_content_never_prints_a_traceback(tmp_path, diglot_process):
    content = tmp_path / "content"
    (content / "en").mkdir(parents=True)
    (content / "zh").mkdir()
    samples = {
        "a.yaml": b"\x00\x01\x02",
        "b.yaml": b"[unclosed",
        "c.yaml": b"title-block: 5\n",
        "d.yaml": b"sections:\n  - 3\n  - {id: x}\n  - {id: Y, heading: [1]}\n",
        "e.yaml": b"title-block:\n  series: {id: s, text: {a: b}}\ndelegations: {}\n",
        "f.yaml": "\ufeffsections: !!binary AAA=\n".encode(),
        "g.yaml": b"? [a]\n: b\n",
        "h.yaml": b"sections:\n  - id: a\n    content:\n      - recommendations: 5\n",
    }
    for name, data in samples.items():
        (content / "en" / name).write_bytes(data)
        (content / "zh" / name).write_bytes(data)
    result = diglot_process.run("check", cwd=tmp_path, encoding="utf-8")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr == ""
    for name in samples:
        assert f"content/en/{name}:" in result.stdout


def test_exports_refuse_a_folder_inside_the_content_and_a_file_in_the_way(tree, capsys):
    before = tree.snapshot()
    for command, out in (("review-export", "content"), ("xliff-export", "content/zh")):
        assert main([command, "--out", out]) == 2
        err = capsys.readouterr().err
        assert f"--out {out} lies inside the content folder content" in err
    for folder in ("templates", "types", "languages", ".git"):  # the project's other folders
        (tree.root / folder / "inner").mkdir(parents=True)
    before = tree.snapshot()
    for command in ("review-export", "xliff-export", "tmx-export", "glossary-export"):
        for out in ("templates", "types/inner", "languages", ".git/inner"):
            assert main([command, "--out", out]) == 2, (command, out)
            err = capsys.readouterr().err
            assert f"--out {out} lies inside the project's folder " in err, err
    assert tree.snapshot() == before
    release = tree.root / "release" / "memo" / "1.0"  # a published release, and a folder in it
    (release / "inner").mkdir(parents=True)
    (release / "manifest.json").write_text("{}")
    (release / "SHA256SUMS").write_text("")
    before = tree.snapshot()
    for command in ("review-export", "xliff-export", "tmx-export", "glossary-export"):
        for out in ("release/memo/1.0", "release/memo/1.0/inner", "release/memo/1.0/new"):
            assert main([command, "--out", out]) == 2, (command, out)
            err = capsys.readouterr().err
            assert f"--out {out} lies inside the release release/memo/1.0; a release" in err, err
    assert tree.snapshot() == before
    (tree.root / "afile").write_text("mine")
    assert main(["xliff-export", "--out", "afile"]) == 2
    out, err = capsys.readouterr()
    assert (
        "afile:1:1: error: cannot use this file or folder: a file stands where a folder is "
        "expected [io.error]"
    ) in out + err
    assert tree.snapshot() == {**before, "afile": b"mine"}
