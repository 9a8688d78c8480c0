"""The published JSON Schemas, each file's path and text, for `python pipeline.py schemas`.

Those of the declaration files (type files, language profiles, diglot.toml) from their
descriptions, and those of content per document type. The command writes them into the
project's schemas/ folder; diglot's own are committed in schemas/ and kept equal to what the
command makes (tests/test_schemas.py).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import NotReadable, read_bytes
from .content import content_schema, type_schema
from .profile import PROFILE
from .settings import CHECK_IDS, REASON_KEYS, SEMANTIC, SETTINGS
from .spec import json_schema
from .typefile import TYPE

if TYPE_CHECKING:
    from ..types import DocumentType

TYPE_FILE = "diglot-type.schema.json"
LANGUAGE_FILE = "diglot-language.schema.json"
SETTINGS_FILE = "diglot-settings.schema.json"
CONTENT_FILE = "content.schema.json"
CONTENT_FOLDER = "content"  # one schema per type: content/<type>.schema.json


def schema_files(
    types: Mapping[str, DocumentType],
    checks: Mapping[str, str],
    severities: Mapping[str, str],
) -> dict[str, str]:
    """Every schema by its path in the schemas folder. types: the project's document types;
    checks: the ids a content unit may waive, with their titles; severities: what
    [checks.severity] may name (the checks and the typographic rules), with their titles."""
    schemas: dict[str, dict[str, Any]] = {
        TYPE_FILE: json_schema(TYPE, "diglot document type (types/<name>.yaml)"),
        LANGUAGE_FILE: json_schema(PROFILE, "diglot language profile (languages/<tag>.toml)"),
        SETTINGS_FILE: json_schema(
            SETTINGS,
            "diglot settings (diglot.toml)",
            {
                CHECK_IDS: severities,
                REASON_KEYS: {
                    **severities,
                    **{
                        f"semantic.{key}": f"raised above its default: {SEMANTIC.spec(key).doc}"
                        for key in SEMANTIC.keys
                    },
                    "length-ratio": "widened beyond its default: the length check's limits",
                    "length-min-chars": "raised above its default: the shortest text the "
                    "length check judges",
                },
            },
        ),
        CONTENT_FILE: content_schema(types, checks),
    }
    for name, doc_type in types.items():
        schemas[f"{CONTENT_FOLDER}/{name}.schema.json"] = type_schema(doc_type, checks)
    return {path: render(schema) for path, schema in schemas.items()}


def render(schema: Mapping[str, Any]) -> str:
    """A schema as its file holds it: indented JSON, the same bytes for the same schema."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_files(folder: Path, files: Mapping[str, str]) -> list[Path]:
    """Write each file that is missing or differs (each replaced whole, never half written);
    the paths written."""
    written = []
    for name, text in files.items():
        path = folder / name
        data = text.encode("utf-8")
        try:
            if read_bytes(path, len(data), within=folder) == data:
                continue
        except NotReadable:  # missing, larger, not a regular file: written anew
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".schema-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        written.append(path)
    return written
