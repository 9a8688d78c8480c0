"""Hardening of the project's files, settings, glossary and markup: nothing read is dropped
in silence, settings come from the project only, every settings problem is located, and the
markup subset is enforced exactly."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from diglot.inline import parse

from conftest import REPO

GLOSSARY = """\
terms:
  - en: Entity List
    zh: 实体清单
"""


def problems(lines: list[str]) -> list[str]:
    return [line for line in lines if ": error: " in line or ": warning: " in line]


# -- 1. nothing disappears in silence ---------------------------------------------------------


@pytest.mark.parametrize("text", ["# only a comment\n", "\n# one\n\n# two\n", "---\n", "--- # c\n"])
def test_a_content_file_without_a_document_is_an_error(tree, check, text):
    tree.write("zh", text)
    code, out = check()
    assert code == 1
    assert problems(out) == [
        "content/zh/memo.yaml:1:1: error: file holds no document, only comments, blank "
        "lines or ---; a content file holds one document (type: ..., title-block: ...) [source.empty]"
    ]
    assert out[-1].startswith("diglot check: 0 documents")


def test_a_glossary_of_comments_only_is_an_error(tree, check):
    (tree.content / "glossary.yaml").write_text("# the terms are to come\n", encoding="utf-8")
    code, out = check()
    assert code == 1
    assert problems(out) == [
        "content/glossary.yaml:1:1: error: the glossary holds no terms, only comments or blank "
        "lines; write its terms: list, or delete the file [source.empty]"
    ]


@pytest.mark.parametrize("text", ["", "# settings to come\n", "\n\n"])
def test_an_empty_settings_file_is_an_error(tree, check, text):
    (tree.root / "diglot.toml").write_text(text, encoding="utf-8")
    code, out = check()
    assert code == 1
    assert problems(out) == [
        "diglot.toml:1:1: error: diglot.toml holds no settings (it is empty or only comments); "
        "write [languages] or [checks] in it, or delete it to use the defaults [config.empty]"
    ]


def test_language_folders_without_any_document_are_an_error(tree, check):
    for lang in ("en", "zh"):
        tree.path(lang).unlink()
    code, out = check()
    assert code == 1
    assert problems(out) == [
        "content:1:1: error: no documents: the language folders (en/, zh/) hold no .yaml "
        "file; a document is content/en/<doc-id>.yaml with its translation under the same "
        "name in each target language's folder [content.no-documents]"
    ]


def test_a_folder_inside_a_language_folder_is_named(tree, check):
    (tree.content / "zh" / "drafts").mkdir()
    code, out = check()
    assert code == 0
    assert problems(out) == [
        "content/zh/drafts:1:1: warning: folder drafts/ is not read: a language's documents "
        "are files directly in content/zh/ [content.file-name]"
    ]


# -- 7. settings from the project, content inside it ------------------------------------------


def test_settings_come_from_the_project_not_from_where_content_links(tmp_path, cli, monkeypatch):
    """With content/ a link to another project's content, that project's diglot.toml (which
    would make it English into Traditional Chinese) is not read: the run is refused."""
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(Path(__file__).parent / "fixtures" / "tiny", elsewhere / "content")
    (elsewhere / "diglot.toml").write_text('[languages]\ntargets = ["zh-Hant"]\n')
    project = tmp_path / "project"
    project.mkdir()
    (project / "content").symlink_to(elsewhere / "content")
    monkeypatch.chdir(project)
    for command in ("check", "review", "approve"):
        code, out = cli(command, *(["--all"] if command == "approve" else [])).merged_lines()
        assert code == 2
        assert out == [
            f"diglot: error: the content folder 'content' leads to {elsewhere}/content, outside "
            f"the project folder {project} whose diglot.toml, types/ and languages/ would be "
            "used; put the content folder inside its project (or run from the project that "
            "holds it)"
        ]


def test_a_content_link_inside_the_project_is_read_with_the_projects_settings(
    tmp_path, cli, monkeypatch
):
    shutil.copytree(Path(__file__).parent / "fixtures" / "tiny", tmp_path / "drafts" / "content")
    (tmp_path / "drafts" / "diglot.toml").write_text('[languages]\ntargets = ["zh-Hant"]\n')
    (tmp_path / "content").symlink_to(tmp_path / "drafts" / "content")
    monkeypatch.chdir(tmp_path)
    code, out = cli("check").merged_lines()
    assert code == 0, out  # drafts/diglot.toml (zh-Hant) was not read: zh/ is the target
    assert out[-1].startswith("diglot check: 1 document")


def test_a_broken_content_folder_link_is_named(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").symlink_to(tmp_path / "gone")
    assert cli("check").merged_lines() == (
        2,
        [
            "diglot: error: the content folder 'content' is a link to "
            f"'{tmp_path}/gone', which does not exist (or loops back on itself)"
        ],
    )


def test_content_files_that_lead_outside_or_nowhere_are_refused(tree, check, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_bytes(tree.path("zh").read_bytes())
    try:
        zh = tree.content / "zh"
        tree.path("zh").unlink()
        (zh / "memo.yaml").symlink_to(outside)
        (zh / "environ.yaml").symlink_to("/proc/self/environ")
        (zh / "gone.yaml").symlink_to("nowhere.yaml")
        (zh / "loop.yaml").symlink_to("loop2.yaml")
        (zh / "loop2.yaml").symlink_to("loop.yaml")
        os.mkfifo(zh / "pipe.yaml")
        code, out = check()
    finally:
        outside.unlink()
    assert code == 1
    environ = os.path.realpath("/proc/self/environ")  # this process's: the same folder
    assert [line.replace(environ.split("/")[2], "PID") for line in problems(out)] == [
        "content/zh/environ.yaml:1:1: error: content/zh/environ.yaml leads to "
        "/proc/PID/environ, outside the project folder "
        f"{tree.root}; content is read only from inside the project: move the file into "
        "it [content.outside]",
        "content/zh/gone.yaml:1:1: error: content/zh/gone.yaml is a link to 'nowhere.yaml', "
        "which does not exist; fix or remove the link [content.link]",
        "content/zh/loop.yaml:1:1: error: content/zh/loop.yaml is a link to 'loop2.yaml', "
        "which leads back to itself (a loop of links); fix or remove the link [content.link]",
        "content/zh/loop2.yaml:1:1: error: content/zh/loop2.yaml is a link to 'loop.yaml', "
        "which leads back to itself (a loop of links); fix or remove the link [content.link]",
        f"content/zh/memo.yaml:1:1: error: content/zh/memo.yaml leads to {outside}, outside "
        f"the project folder {tree.root}; content is read only from inside the project: "
        "move the file into it [content.outside]",
        "content/zh/pipe.yaml:1:1: error: content/zh/pipe.yaml is a named pipe, not a "
        "regular file; a content file is a YAML text file [content.not-a-file]",
    ]


def test_a_content_file_linked_inside_the_project_is_read(tree, check):
    shared = tree.root / "shared.yaml"
    tree.path("zh").rename(shared)
    tree.path("zh").symlink_to(Path("..") / ".." / "shared.yaml")
    code, out = check()
    assert code == 0, out


def test_a_glossary_outside_the_project_is_refused(tree, check, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-glossary.yaml"
    outside.write_text(GLOSSARY, encoding="utf-8")
    try:
        (tree.content / "glossary.yaml").symlink_to(outside)
        code, out = check()
    finally:
        outside.unlink()
    assert code == 1
    assert problems(out) == [
        f"content/glossary.yaml:1:1: error: content/glossary.yaml leads to {outside}, outside "
        f"the project folder {tree.root}; content is read only from inside the project: "
        "move the file into it [content.outside]"
    ]


# -- 12. settings: every mistake located, nothing misread ---------------------------------------


@pytest.mark.parametrize(
    "toml, expected",
    [
        (
            "# tuning\n[chekcs]\nlength-min-chars = 20\n",
            [
                "diglot.toml:2:2: error: diglot.toml has no table [chekcs]; did you mean 'checks'? "
                "[config.unknown-key]"
            ],
        ),
        (
            "[checks]\nseverty = {}\n",
            [
                "diglot.toml:2:1: error: [checks] has no setting 'severty'; did you mean "
                "'severity'? [config.unknown-key]"
            ],
        ),
        (
            "[checks]\nlength-min-chars = true\n",
            [
                "diglot.toml:2:20: error: length-min-chars must be a whole number from 0 to 2000, "
                "e.g. 40; not the boolean true [config.bad-value]"
            ],
        ),
        (
            "[checks]\nlength-ratio = [false, true]\n",
            [
                "diglot.toml:2:16: error: length-ratio must be [low, high], two numbers from 0 to "
                "10 with low below high, e.g. [0.12, 0.9] [config.bad-value]"
            ],
        ),
        (
            "checks = 5\n",
            [
                "diglot.toml:1:1: error: 'checks' must be a table ([checks] on a line of its "
                "own), not the number 5 [config.bad-value]"
            ],
        ),
        (
            '[checks]\nseverity = "x"\n',
            [
                "diglot.toml:2:12: error: [checks] severity must be a table of check ids and "
                'severities, e.g. severity = {"qa.length" = "off"}; not the text \'x\' '
                "[config.bad-value]"
            ],
        ),
        (
            '[checks]\nseverity = {"qa.lenght" = "off", "qa.length" = true}\n',
            [
                "diglot.toml:2:13: error: [checks.severity] names no check 'qa.lenght'; did "
                "you mean 'qa.length'? [config.unknown-check]",
                "diglot.toml:2:48: error: severity of 'qa.length' must be one of error, "
                "warning, off, not the boolean true [config.bad-severity]",
            ],
        ),
        (
            '[checks.severity]\n"qa.numbers" = "warn"\n',
            [
                "diglot.toml:2:16: error: severity of 'qa.numbers' must be one of error, "
                "warning, off, not the text 'warn' [config.bad-severity]"
            ],
        ),
        (
            "[checks]\nlength-ratio = [0.1,\n",
            ["diglot.toml:2:21: error: cannot read the settings: Invalid value [config.syntax]"],
        ),
        (
            '[languages]\nsource = "en"\nsource = "en"\n',
            [
                "diglot.toml:3:14: error: cannot read the settings: Cannot overwrite a value "
                "[config.syntax]"
            ],
        ),
        (
            "languages = 5\n",
            [
                "diglot.toml:1:1: error: 'languages' must be a table ([languages] on a line of "
                "its own), not the number 5 [config.bad-value]"
            ],
        ),
        (
            '[languages]\nsorce = "en"\n',
            [
                "diglot.toml:2:1: error: [languages] has no key 'sorce'; did you mean 'source'? "
                "[config.unknown-key]"
            ],
        ),
        (
            '[languages]\ntargets = "zh"\n',
            [
                "diglot.toml:2:11: error: [languages] targets is a non-empty list of language "
                "tags, e.g. targets = [\"zh\"]; not the text 'zh' [config.bad-value]"
            ],
        ),
        (
            '[languages]\nsource = "en"\ntargets = ["fr"]\n',
            [
                "diglot.toml:3:11: error: no language profile for 'fr'; known: en, en-GB, zh-Hans, "
                'zh-Hant (add languages/<tag>.toml to the project, see README, "Adding a '
                'language") [language.unknown]'
            ],
        ),
    ],
)
def test_settings_mistakes_are_located(tree, check, toml, expected):
    (tree.root / "diglot.toml").write_text(toml, encoding="utf-8")
    code, out = check()
    assert code == 1
    assert problems(out) == expected


@pytest.mark.parametrize(
    "setting, line",
    [
        (
            "[checks]\nlength-min-chars = 99999999999999999999\n",
            "diglot.toml:2:20: error: length-min-chars must be a whole number from 0 to 2000, "
            "e.g. 40; not the number 99999999999999999999 [config.bad-value]",
        ),
        (
            "[checks]\nlength-ratio = [0, 1e300]\n",
            "diglot.toml:2:16: error: length-ratio must be [low, high], two numbers from 0 to 10 "
            "with low below high, e.g. [0.12, 0.9] [config.bad-value]",
        ),
        (
            "[checks.semantic]\nmin-words = 99999999999999999999\n",
            "diglot.toml:2:13: error: [checks.semantic] min-words must be a whole number from 1 "
            "to 100, e.g. 4; not the number 99999999999999999999 [config.bad-value]",
        ),
        (
            "[checks.semantic]\nexchange-margin = 100\n",
            "diglot.toml:2:19: error: [checks.semantic] exchange-margin must be a number above 0 "
            "and at most 2, e.g. 0.2; not the number 100 [config.bad-value]",
        ),
        (
            "[checks.semantic]\nsentence-z = 1e308\n",
            "diglot.toml:2:14: error: [checks.semantic] sentence-z must be a number above 0 and "
            "at most 20, e.g. 4.0; not the number 1e+308 [config.bad-value]",
        ),
        (
            "[checks.semantic]\nlength-z = 21\n",
            "diglot.toml:2:12: error: [checks.semantic] length-z must be a number above 0 and at "
            "most 20, e.g. 3.5; not the number 21 [config.bad-value]",
        ),
    ],
    ids=["min-chars", "ratio", "min-words", "margin", "sentence-z", "length-z"],
)
def test_a_threshold_beyond_its_sane_range_is_refused(tree, check, setting, line):
    """A number that would turn its check off in all but name (a length no text has, a
    margin no pair reaches) is out of the range the settings schema documents: a located
    error, not a check silently off with no reason asked by a release."""
    (tree.root / "diglot.toml").write_text(setting, encoding="utf-8")
    code, out = check()
    assert code == 1
    assert problems(out) == [line]


def test_settings_linked_from_outside_the_project_are_refused(tree, check, tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-diglot.toml"
    outside.write_text('[languages]\ntargets = ["zh-Hant"]\n', encoding="utf-8")
    try:
        (tree.root / "diglot.toml").symlink_to(outside)
        code, out = check()
    finally:
        outside.unlink()
    assert code == 1
    assert problems(out) == [
        f"diglot.toml:1:1: error: diglot.toml leads to {outside}, outside the project folder "
        f"{tree.root}; the settings are read only from the project itself: copy the file "
        "into it [config.unreadable]"
    ]


def test_a_language_tag_ending_in_a_newline_is_refused(tree, check):
    (tree.root / "diglot.toml").write_text('[languages]\ntargets = ["zh\\n"]\n')
    code, out = check()
    assert code == 1
    assert problems(out) == [
        "diglot.toml:2:11: error: [languages] 'zh\\n' is not a language tag: letters, digits "
        "and '-' (en, zh, zh-Hant) [config.bad-value]"
    ]


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["status"],
        ["approve", "--all"],
        ["build", "--format", "html"],
        ["review-export"],
        ["xliff-export"],
        ["tmx-export"],
        ["review"],
        ["release", "memo", "--version", "1.0"],
    ],
)
def test_a_project_whose_languages_cannot_be_read_stops_every_command(tree, cli, command):
    """A setting that leaves the project without languages: every command says where, exits
    1, writes nothing, and none fails with an internal error."""
    shutil.copytree(REPO / "templates", tree.root / "templates")
    (tree.root / "diglot.toml").write_text('[languages]\ntargets = ["zh\\n"]\n')
    before = sorted(p.relative_to(tree.root) for p in tree.root.rglob("*"))
    ran = cli(*command)
    assert "internal error" not in ran.out + ran.err, ran.out + ran.err
    assert "diglot.toml:2:11: error:" in ran.out + ran.err, ran.out + ran.err
    assert ran.code == 1, ran.out + ran.err
    assert sorted(p.relative_to(tree.root) for p in tree.root.rglob("*")) == before


def test_settings_that_are_not_a_file_are_reported(tree, check):
    (tree.root / "diglot.toml").mkdir()
    code, out = check()
    assert code == 1
    assert problems(out) == [
        "diglot.toml:1:1: error: diglot.toml is not a regular file (a folder); the settings "
        "are a TOML text file [config.unreadable]"
    ]


def test_a_forbidden_variant_equal_to_the_term_is_an_error(tree, check):
    (tree.content / "glossary.yaml").write_text(
        "terms:\n"
        "  - en: Entity List\n"
        "    zh: 实体清单\n"
        "    variants: [实体名录]\n"
        "    forbidden: [实体名单, 实体清单, 实体名录]\n",
        encoding="utf-8",
    )
    code, out = check()
    assert code == 1
    assert problems(out) == [
        "content/glossary.yaml:5:23: error: terms[0].forbidden[1]: '实体清单' is the term "
        "itself (its zh column); a rendering cannot be both correct and forbidden "
        "[glossary.forbidden-term]",
        "content/glossary.yaml:5:29: error: terms[0].forbidden[2]: '实体名录' is one of its "
        "accepted variants; a rendering cannot be both correct and forbidden "
        "[glossary.forbidden-term]",
    ]


def test_source_hash_and_waivers_in_the_source_file_are_errors(tree, check):
    tree.replace(
        "en",
        "      - id: chips.outlook\n",
        "      - id: chips.outlook\n"
        "        source-hash: 0123456789\n"
        "        waive:\n"
        "          qa.numbers: not here\n",
    )
    code, out = check()
    assert code == 1
    assert problems(out) == [
        "content/en/memo.yaml:26:22: error: 'chips.outlook': source-hash: belongs in the "
        "translation's file (it records the English text a translation was made from); "
        "remove it from the English file [content.source-annotation]",
        "content/en/memo.yaml:28:11: error: 'chips.outlook': waive: belongs in the "
        "translation's file (the checks compare a translation with its English text); "
        "remove it from the English file [content.source-annotation]",
    ]


@pytest.mark.parametrize(
    "name", ["memo2.YAML", "memo2.Yaml", "memo2.yml", "memo2.YML", "memo2.yaml "]
)
def test_every_case_of_the_suffix_is_reported(tree, check, name):
    shutil.copy(tree.path("en"), tree.content / "en" / name)
    code, out = check()
    assert code == 1
    assert problems(out) == [
        f"content/en/{name}:1:1: error: content files end in .yaml; rename '{name}' to "
        "'memo2.yaml' [content.file-name]"
    ]


# -- 8. whole names ---------------------------------------------------------------------------


def test_a_file_name_ending_in_a_newline_is_no_document_id(tree, check):
    shutil.copy(tree.path("en"), tree.content / "en" / "memo2\n.yaml")
    code, out = check()
    assert code == 1
    assert problems(out) == [
        "content/en:1:1: error: file name 'memo2\\n.yaml' is not a valid document id: use "
        "lower-case letters, digits and '-' (e.g. digital-economy-2024.yaml) "
        "[content.file-name]"
    ]


def test_a_source_hash_ending_in_a_newline_is_malformed(tree, check):
    tree.replace(
        "zh",
        "      - id: chips.outlook\n",
        '      - id: chips.outlook\n        source-hash: "0123456789\\n"\n',
    )
    code, out = check()
    assert code == 1
    assert problems(out) == [
        "content/zh/memo.yaml:26:22: error: 'chips.outlook' at sections[1].content[0]"
        ".source-hash: expected 32 hexadecimal digits (and, after a /, 32 more), as written by "
        "`python pipeline.py "
        "approve` [content.bad-source-hash]"
    ]


# -- 11. messages that say where ----------------------------------------------------------------


def test_templates_pointing_nowhere(tree, cli):
    """A project with no templates of its own is told where diglot's are and what to do."""
    shipped = REPO.resolve() / "templates"
    assert cli("build", "--templates", "nowhere").merged_lines() == (
        2,
        [
            "diglot build: error: no templates folder at 'nowhere'; run from the project "
            f"folder or pass --templates DIR (diglot's own are in {shipped}: copy them into "
            f"the project, `cp -r {shipped} templates`, and commit them with the content; a "
            "release is made from committed files only)"
        ],
    )


# -- 10. the markup subset, exactly ---------------------------------------------------------------

SCHEME = "link target '{}' must start with https://, http:// or mailto:"
RAW_HTML = "raw HTML is not allowed in content; use **bold** or [label](url)"
IMAGE = "images are not part of the markup subset"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("__x__", ("bold is written **bold**; __bold__ is not part of the markup subset",)),
        ("a __b__ c", ("bold is written **bold**; __bold__ is not part of the markup subset",)),
        ("[a](file:///etc/passwd)", (SCHEME.format("file:///etc/passwd"),)),
        ("[a](javascript:alert(1))", (SCHEME.format("javascript:alert(1)"),)),
        ("[a](JavaScript:alert(1))", (SCHEME.format("JavaScript:alert(1)"),)),
        ("[a](data:text/html,x)", (SCHEME.format("data:text/html,x"),)),
        ("[a](vbscript:x)", (SCHEME.format("vbscript:x"),)),
        ("![a](javascript:x)", (IMAGE,)),
        ("![a](data:image/png;base64,AAAA)", (IMAGE,)),
        ("![a](https://example.org/a.png)", (IMAGE,)),
        ("<svg/onload=alert(1)>", (RAW_HTML,)),
        ("<img src=x onerror=alert(1)>", (RAW_HTML,)),
        ("a<svg\tonload=alert(1)>", (RAW_HTML,)),
        ("</script>", (RAW_HTML,)),
        ("<?php echo 1 ?>", (RAW_HTML,)),
        ("<!DOCTYPE html>", (RAW_HTML,)),
        ("<![CDATA[x]]>", (RAW_HTML,)),
        (
            "<javascript:alert(1)>",
            (
                "write a link as [label](javascript:alert(1)); a link between < and > is not "
                "part of the markup subset",
                SCHEME.format("javascript:alert(1)"),
            ),
        ),
        (
            "<https://example.org>",
            (
                "write a link as [label](https://example.org); a link between < and > is not "
                "part of the markup subset",
            ),
        ),
        (
            '[a](https://example.org "title")',
            ("link titles are not part of the markup subset; write [label](url)",),
        ),
    ],
)
def test_markup_outside_the_subset_is_reported(source, expected):
    assert parse(source).problems == expected


@pytest.mark.parametrize(
    "source",
    [
        "**bold** and [a link](https://example.org) and [mail](mailto:office@example.org)",
        "<3, a < b, 5<6, x \\<svg\\> as text",
        "snake_case_name and a_b_c",
        "**a_b_c**",
    ],
)
def test_the_subset_itself_passes(source):
    assert parse(source).problems == ()


def test_reference_links_stay_text():
    """A unit's text cannot hold a link definition (markdown-it reads inline markup only):
    [a][b] is shown as it is written, never as a link."""
    parsed = parse("[a][b]\n\n[b]: javascript:alert(1)")
    assert parsed.problems == ()
    assert parsed.plain == "[a][b]  [b]: javascript:alert(1)"


def test_a_bad_link_in_content_is_located(tree, check):
    tree.replace("en", "convened the dialogue", "convened [the dialogue](javascript:alert(1))")
    code, out = check()
    assert code == 1
    assert (
        "content/en/memo.yaml:21:15: error: 'intro.convened' at sections[0].content[0].text: "
        "link target 'javascript:alert(1)' must start with https://, http:// or mailto: "
        "[content.markup]"
    ) in problems(out)
