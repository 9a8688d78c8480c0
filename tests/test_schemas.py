"""The published JSON Schemas: the committed ones are what `schemas` makes; every shipped and
fixture file passes its schema (content, type files, profiles, settings); a wrong file fails
it, and diglot refuses it too; a project's own types get schemas of their own."""

from __future__ import annotations

import datetime
import functools
import json
import re
import shutil
import tomllib
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from diglot import load
from diglot.cli import main
from diglot.diagnostics import Reporter
from diglot.load import document_from_text
from diglot.project import project_setup
from diglot.schema import content as content_schema
from diglot.schema.profile import PROFILE
from diglot.schema.settings import SETTINGS
from diglot.schema.spec import Either, Items, Table
from diglot.schema.typefile import TYPE

from conftest import FIXTURES, REPO

SCHEMAS = REPO / "schemas"
# every content folder: the bundled one, each fixture project's, the small fixtures'
CONTENT_FOLDERS = [
    REPO / "content",
    FIXTURES / "tiny",
    *sorted(FIXTURES.glob("*/content")),
    *sorted(FIXTURES.glob("types/*/content")),
    *sorted(FIXTURES.glob("parity/*")),
]


def as_editor_reads(value):
    """A value as an editor's YAML 1.2 reader gives it: ruamel.yaml's, with the dates it
    reads as dates back as the text they are written as."""
    if isinstance(value, dict):
        return {str(key): as_editor_reads(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_reads(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def read_yaml(path: Path):
    return as_editor_reads(YAML(typ="safe").load(path.read_text(encoding="utf-8-sig")))


def validator(path: Path) -> jsonschema.Draft7Validator:
    return _validator(path.read_text(encoding="utf-8"))


@functools.cache
def _validator(text: str) -> jsonschema.Draft7Validator:
    """A schema's validator, once the schema itself is valid: made once per schema text."""
    schema = json.loads(text)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def problems(check: jsonschema.Draft7Validator, value) -> list[str]:
    return [f"{error.json_path}: {error.message}" for error in check.iter_errors(value)]


def project_schemas(content_dir: Path, out: Path) -> Path:
    """The schemas `schemas` writes for the project of a content folder."""
    assert main(["--content", str(content_dir), "schemas", "--out", str(out)]) == 0
    return out


def test_the_committed_schemas_are_what_the_command_makes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    made = project_schemas(Path("content"), tmp_path)
    out = capsys.readouterr().out
    assert out.endswith("7 schemas in " + str(tmp_path) + "/, 7 written (3 document types)\n")
    committed = {p.relative_to(SCHEMAS): p.read_bytes() for p in SCHEMAS.rglob("*.json")}
    generated = {p.relative_to(made): p.read_bytes() for p in made.rglob("*.json")}
    assert sorted(committed) == sorted(generated)
    for name, data in generated.items():
        assert committed[name] == data, f"schemas/{name} is stale: run python pipeline.py schemas"
    # once written, nothing changes
    project_schemas(Path("content"), tmp_path)
    assert capsys.readouterr().out.endswith(", 0 written (3 document types)\n")


@pytest.mark.parametrize("content_dir", CONTENT_FOLDERS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_content_file_passes_its_projects_schema(content_dir, tmp_path):
    if content_dir == REPO / "content":
        schemas = SCHEMAS
    else:
        schemas = project_schemas(content_dir, tmp_path)
    check = validator(schemas / "content.schema.json")
    files = sorted(content_dir.glob("*/*.yaml"))
    assert files
    for path in files:
        document = read_yaml(path)
        assert problems(check, document) == [], path
        # and the schema of its type alone
        alone = validator(schemas / "content" / f"{document['type']}.schema.json")
        assert problems(alone, document) == [], path


def test_every_type_profile_and_settings_file_passes_its_schema():
    types = validator(SCHEMAS / "diglot-type.schema.json")
    for path in [*REPO.glob("types/*.yaml"), *FIXTURES.rglob("types/*.yaml")]:
        assert problems(types, read_yaml(path)) == [], path
    profiles = validator(SCHEMAS / "diglot-language.schema.json")
    for path in [*REPO.glob("languages/*.toml"), *FIXTURES.rglob("languages/*.toml")]:
        assert problems(profiles, tomllib.loads(path.read_text(encoding="utf-8"))) == [], path
    settings = validator(SCHEMAS / "diglot-settings.schema.json")
    found = list(FIXTURES.rglob("diglot.toml"))
    assert found
    for path in found:
        assert problems(settings, tomllib.loads(path.read_text(encoding="utf-8"))) == [], path


# -- a wrong file fails its schema, and diglot refuses it too -------------------------------------

MEMO = (REPO / "content" / "en" / "digital-economy-2024.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "old, new, where",
    [
        # a misspelt key
        ("    text: Consensus Agreement", "    txt: Consensus Agreement", ("title-block", "title")),
        # a missing required field
        (
            "    id: title\n    text: Consensus Agreement\n",
            "    id: title\n",
            ("title-block", "title"),
        ),
        # a value of the wrong kind
        ("    text: Consensus Agreement", "    text: 2024", ("title-block", "title", "text")),
        ("sections:\n", "sections: none\nnothing:\n", ()),
        # an id not of its form, a kind the list does not hold, a malformed date
        ("  - id: introduction\n", "  - id: Introduction\n", ("sections", 0)),
        (
            "      - id: introduction.convened\n",
            "      - id: introduction.convened\n        kind: member\n",
            ("sections", 0, "content", 0),
        ),
        ("  date: 2024-10", "  date: October 2024", ("title-block", "date")),
        # a later section without its heading (only the first may go without)
        ("    heading: Semiconductors\n", "", ("sections", 3)),
    ],
)
def test_a_wrong_content_file_fails_its_schema_and_the_check(old, new, where):
    assert old in MEMO, old
    text = MEMO.replace(old, new, 1)
    check = validator(SCHEMAS / "content" / "consensus-agreement.schema.json")
    errors = list(check.iter_errors(as_editor_reads(YAML(typ="safe").load(text))))
    assert errors, new
    assert any(tuple(e.absolute_path)[: len(where)] == where for e in errors), [
        (e.json_path, e.message) for e in errors
    ]
    reporter = Reporter()
    setup = project_setup(REPO / "content", reporter)
    assert setup is not None
    path = str(REPO / "content" / "en" / "digital-economy-2024.yaml")
    assert document_from_text(text, path, "en", setup.types, reporter) is None


@pytest.mark.parametrize(
    "old, new",
    [
        ('source-hash: "8acea68cee/f68fa0cf81"', "source-hash: 12345"),
        (
            'source-hash: "8acea68cee/f68fa0cf81"',
            "review:\n          - note: Check it.\n            status: closed",
        ),
        (
            'source-hash: "8acea68cee/f68fa0cf81"',
            "review:\n          - note: Check it.\n            date: 28 Nov 2026",
        ),
        (
            'source-hash: "8acea68cee/f68fa0cf81"',
            "waive:\n          qa.lenght: The figure is rounded.",
        ),
    ],
)
def test_a_wrong_annotation_fails_its_schema_and_the_check(old, new):
    zh = (REPO / "content" / "zh" / "digital-economy-2024.yaml").read_text(encoding="utf-8")
    assert old in zh
    text = zh.replace(old, new, 1)
    check = validator(SCHEMAS / "content.schema.json")
    errors = list(check.iter_errors(as_editor_reads(YAML(typ="safe").load(text))))
    assert [tuple(e.absolute_path)[:4] for e in errors] == [("sections", 0, "content", 0)]
    reporter = Reporter()
    setup = project_setup(REPO / "content", reporter)
    assert setup is not None
    path = str(REPO / "content" / "zh" / "digital-economy-2024.yaml")
    document_from_text(text, path, "zh", setup.types, reporter)
    assert reporter.errors or new.startswith("waive")  # an unknown waiver: reported by check


def test_the_content_schema_reads_as_the_loader_does():
    assert re.compile(content_schema.SOURCE_HASH[1:-1]).pattern == load._SOURCE_HASH.pattern
    assert content_schema.FIRST_YEAR == load.FIRST_YEAR
    note = json.loads((SCHEMAS / "content.schema.json").read_text())["definitions"]["note"]
    assert tuple(note["properties"]) == load.NOTE_KEYS
    unit = json.loads((SCHEMAS / "content.schema.json").read_text())["definitions"]["title-unit"]
    assert set(unit["properties"]) == set(load.TITLE_UNIT_KEYS)


def test_the_declaration_schemas_refuse_what_diglot_refuses():
    types = validator(SCHEMAS / "diglot-type.schema.json")
    agreement = read_yaml(REPO / "types" / "consensus-agreement.yaml")
    agreement["kinds"]["paragraph"]["role"] = "paragraf"
    agreement["kinds"]["member"]["fields"]["leader"] = {"slot": "mark", "lsit": True}
    del agreement["body"]
    assert sorted(tuple(e.absolute_path) for e in types.iter_errors(agreement)) == [
        (),
        ("kinds", "member", "fields", "leader"),
        ("kinds", "paragraph", "role"),
    ]
    profiles = validator(SCHEMAS / "diglot-language.schema.json")
    profile = tomllib.loads((REPO / "languages" / "zh-Hans.toml").read_text(encoding="utf-8"))
    profile["text"]["line-height"] = 9
    profile["fonts"]["body"] = "Noto Serif"
    profile["numbering"]["Bad Style"] = "{n}"
    assert sorted(tuple(e.absolute_path) for e in profiles.iter_errors(profile)) == [
        ("fonts", "body"),
        ("numbering",),
        ("text", "line-height"),
    ]
    settings = validator(SCHEMAS / "diglot-settings.schema.json")
    wrong = {"checks": {"severity": {"qa.lenght": "off", "qa.length": "warn"}, "length-ratio": [1]}}
    assert sorted(tuple(e.absolute_path) for e in settings.iter_errors(wrong)) == [
        ("checks", "length-ratio"),
        ("checks", "severity"),
        ("checks", "severity", "qa.length"),
    ]


def test_a_projects_own_type_gets_its_schema_in_the_project(tmp_path, monkeypatch, capsys):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "typography", project)
    monkeypatch.chdir(project)
    assert main(["schemas"]) == 0
    assert "(4 document types)" in capsys.readouterr().out
    own = project / "schemas" / "content" / "joint-statement-annexed.schema.json"
    check = validator(own)
    for path in sorted((project / "content").glob("*/*.yaml")):
        assert problems(check, read_yaml(path)) == [], path
    assert sorted(p.name for p in (project / "schemas").iterdir()) == [
        "content",
        "content.schema.json",
        "diglot-language.schema.json",
        "diglot-settings.schema.json",
        "diglot-type.schema.json",
    ]


def keys_without_doc(spec, path: str = ""):
    """The keys of a description that do not say what they are for (an editor shows it)."""
    if isinstance(spec, Table):
        for entry in spec.entries:
            forms = entry.spec.forms if isinstance(entry.spec, Either) else ()
            if not entry.spec.doc and not (forms and all(form.doc for form in forms)):
                yield f"{path}.{entry.key}"
            yield from keys_without_doc(entry.spec, f"{path}.{entry.key}")
        if spec.values is not None:
            yield from keys_without_doc(spec.values, f"{path}.*")
    elif isinstance(spec, Either):
        for form in spec.forms:
            yield from keys_without_doc(form, path)
    elif isinstance(spec, Items):
        yield from keys_without_doc(spec.item, f"{path}[]")


def test_every_key_of_the_descriptions_says_what_it_is_for():
    for description in (PROFILE, SETTINGS, TYPE):
        assert description.doc
        assert list(keys_without_doc(description)) == []
