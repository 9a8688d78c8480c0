"""The JSON Schema of each document type's content files, made from the type's declaration.

It covers the title block, the body's lists, each kind's fields and child lists, ids, source
hashes, review notes and waivers, as the loader reads them (load.py). One schema per type,
and one for every type at once that picks a type's by the file's `type:`, so that an editor
completes and checks any content file with one setting. The schema is the editor's aid;
`python pipeline.py check` has the last word (unique ids, the same structure in every
language, the inline markup, quoting YAML would misread).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..model import NOTE_STATUSES
from .reader import ID_PATTERN
from .spec import DRAFT
from .typefile import STATUSES

if TYPE_CHECKING:
    from ..schema.typefile import STATUSES
from ..types import ChildList, DocumentType, Kind

SOURCE_HASH = "^([0-9a-f]{32}|[0-9a-f]{10})(?:/([0-9a-f]{32}|[0-9a-f]{10}))?$"  # as load.py reads it (tests/test_schemas.py keeps them alike)
DATE = r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$"
DAY = r"^\d{4}-\d{2}-\d{2}$"
FIRST_YEAR = 1000


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/definitions/{name}"}


def shared(checks: Mapping[str, str]) -> dict[str, Any]:
    """The definitions every type's content uses; checks: the ids a unit may waive, with
    their titles."""
    text = {
        "type": "string",
        "pattern": r"\S",
        "description": "A text: **bold** and [label](https://…) links only; quote a value YAML "
        'would read as something else ("2024", "no").',
    }
    note = {
        "type": "object",
        "description": "A review note.",
        "properties": {
            "note": _ref("text"),
            "author": {"type": "string", "pattern": r"\S", "description": "Who wrote it."},
            "date": {"type": "string", "pattern": DAY, "description": "The day: YYYY-MM-DD."},
            "status": {"enum": list(NOTE_STATUSES), "default": NOTE_STATUSES[0]},
        },
        "required": ["note"],
        "additionalProperties": False,
    }
    waive: dict[str, Any] = {
        "type": "object",
        "description": "Findings accepted in this unit: the check's id and the reason (target "
        "languages only).",
    }
    if checks:
        waive["properties"] = {
            check: {**_ref("text"), "description": title} for check, title in checks.items()
        }
        waive["additionalProperties"] = False
    else:
        waive["additionalProperties"] = _ref("text")
    return {
        "id": {
            "type": "string",
            "pattern": f"^{ID_PATTERN.pattern}$",
            "description": "A stable id: lower-case words joined by '.', '-' or '_', unique in "
            "the document and the same in every language.",
        },
        "text": text,
        "code": {**text, "description": "A code, the same in every language."},
        "date": {
            "description": f"A date from the year {FIRST_YEAR} on: YYYY-MM-DD, YYYY-MM or YYYY.",
            "anyOf": [
                {"type": "string", "pattern": DATE},
                {"type": "integer", "minimum": FIRST_YEAR, "maximum": 9999},
            ],
        },
        "source-hash": {
            "type": "string",
            "pattern": SOURCE_HASH,
            "description": "The source text's hash when the translation was approved and, "
            "after a /, the approved translation's, as `python pipeline.py approve` writes "
            "them (target languages only).",
        },
        "note": note,
        "review": {
            "description": "Review notes: one text, one note, or a list of them.",
            "anyOf": [
                _ref("text"),
                _ref("note"),
                {"type": "array", "items": {"anyOf": [_ref("text"), _ref("note")]}},
            ],
        },
        "waive": waive,
        "title-unit": {
            "type": "object",
            "properties": {"id": _ref("id"), "text": _ref("text"), **_annotations()},
            "required": ["id", "text"],
            "additionalProperties": False,
        },
    }


def _annotations() -> dict[str, Any]:
    return {key: _ref(key) for key in ("review", "source-hash", "waive")}


def type_definitions(doc_type: DocumentType) -> dict[str, Any]:
    """The definitions of one type's content: the document (named by the type), and each
    kind of unit (type.kind.name, and type.kind.name.first where its first unit in a list
    may go without a field)."""
    name = doc_type.name
    title: dict[str, Any] = {}
    for field in doc_type.title:
        if field.kind == "list":
            title[field.name] = {"type": "array", "items": _ref("title-unit")}
        else:
            title[field.name] = _ref({"text": "title-unit"}.get(field.kind, field.kind))
    if doc_type.language_status is not None:
        title["language-status"] = {
            "description": "What this language's text is: the original, a translation, an "
            "unofficial translation, or one of texts equally authentic (default: the type's).",
            "enum": list(STATUSES),
        }
    if doc_type.closing == "testimonium":
        title["originals"] = {
            "description": "How many originals were signed, which the testimonium says "
            '(2: "in duplicate", 一式两份); the same in every language.',
            "type": "integer",
            "minimum": 2,
            "maximum": 20,
        }
    document = {
        "type": "object",
        "title": name,
        "description": doc_type.description,
        "properties": {
            "type": {"const": name, "description": "The document's type."},
            "title-block": {
                "type": "object",
                "properties": title,
                "required": [field.name for field in doc_type.title if field.required],
                "additionalProperties": False,
            },
            **{child.key: _unit_list(name, child, doc_type) for child in doc_type.body},
        },
        "required": ["type", "title-block", *(c.key for c in doc_type.body if c.required)],
        "additionalProperties": False,
    }
    found = {name: document}
    for kind in doc_type.kinds.values():
        found[f"{name}.kind.{kind.name}"] = _kind(name, kind, doc_type, first=False)
        if any(field.first_optional for field in kind.fields):
            found[f"{name}.kind.{kind.name}.first"] = _kind(name, kind, doc_type, first=True)
    return found


def _kind(type_name: str, kind: Kind, doc_type: DocumentType, first: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {"id": _ref("id")} if kind.has_id else {}
    properties["kind"] = {
        "const": kind.name,
        "description": "The unit's kind, where the list's first kind is not meant.",
    }
    for field in kind.fields:
        text = _ref("text")
        properties[field.name] = (
            {"type": "array", "items": text, "minItems": 1} if field.list else text
        )
    for child in kind.children:
        properties[child.key] = _unit_list(type_name, child, doc_type)
    if kind.has_id:
        properties.update(_annotations())
    required = [
        *(("id",) if kind.has_id else ()),
        *(f.name for f in kind.fields if f.required and not (first and f.first_optional)),
        *(c.key for c in kind.children if c.required),
    ]
    return {
        "type": "object",
        "title": kind.name,
        "description": f"A unit of kind {kind.name}, shown as a {kind.role}"
        + ("." if kind.has_id else "; it has no id of its own, only its units have."),
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _unit_list(type_name: str, child: ChildList, doc_type: DocumentType) -> dict[str, Any]:
    """A list of units of the child list's kinds (its first unit as such where that may go
    without a field)."""

    def choice(first: bool) -> dict[str, Any]:
        names = []
        for kind_name in child.kinds:
            kind = doc_type.kinds[kind_name]
            loose = first and any(field.first_optional for field in kind.fields)
            names.append(f"{type_name}.kind.{kind_name}{'.first' if loose else ''}")
        refs = [_ref(name) for name in names]
        return refs[0] if len(refs) == 1 else {"anyOf": refs}

    if len(child.kinds) == 1:
        about = f"A list of units of kind {child.kinds[0]}."
    else:
        about = (
            f"A list of units of kind {', '.join(child.kinds)}; a unit that does not say its "
            f"kind is the one whose keys it uses, else a {child.kinds[0]}."
        )
    if choice(True) == choice(False):
        return {"type": "array", "description": about, "items": choice(False)}
    return {
        "type": "array",
        "description": about,
        "items": [choice(True)],
        "additionalItems": choice(False),
    }


def type_schema(doc_type: DocumentType, checks: Mapping[str, str]) -> dict[str, Any]:
    """The JSON Schema of one type's content files."""
    return {
        "$schema": DRAFT,
        "title": f"diglot content: {doc_type.name}",
        "$ref": f"#/definitions/{doc_type.name}",
        "definitions": {**shared(checks), **type_definitions(doc_type)},
    }


def content_schema(types: Mapping[str, DocumentType], checks: Mapping[str, str]) -> dict[str, Any]:
    """The JSON Schema of every content file of a project: the file's `type:` picks its
    type's schema."""
    definitions = shared(checks)
    for doc_type in types.values():
        definitions.update(type_definitions(doc_type))
    return {
        "$schema": DRAFT,
        "title": "diglot content",
        "description": "A document of one of the project's types (python pipeline.py types).",
        "type": "object",
        "properties": {
            "type": {"enum": list(types), "description": "The document's type: it comes first."}
        },
        "required": ["type"],
        "allOf": [
            {
                "if": {"properties": {"type": {"const": name}}, "required": ["type"]},
                "then": _ref(name),
            }
            for name in types
        ],
        "definitions": definitions,
    }
