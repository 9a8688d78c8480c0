"""The vocabulary the declaration files are described in, and each description as JSON Schema.

A description is a tree of specs: a Table of Entries (keys, each with its spec, required or
not, and the spec of any other key when the table is open), a Text (choices, a pattern, a
problem function that has the last word), a Number (range, whole or not), a Flag, a list of
Items, or Either of several forms. From one description diglot checks a file, each mistake
located (schema/tomlcheck.py, schema/yamlcheck.py), and publishes its JSON Schema (here).

`says` holds a spec's own wording for a mistake, by failure: "type" (not of its kind),
"value" (of its kind, but refused), "size" (a list's length; "least", "most" and "sizes"
in particular), "item" (a list's item not of its kind; "item-value" one refused),
"missing" (a required key), "unknown" (a key the table does not know), "key" (a key of an
open table that is not of its form), "*" (any); `codes` its problem code by failure. Each
checker has its wording and codes for the others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

DRAFT = "http://json-schema.org/draft-07/schema#"  # what the YAML language server reads best

Problem = Callable[[str], "str | None"]


@dataclass(frozen=True, kw_only=True)
class Spec:
    """What every spec has: a description for people (editors show it), its own wording and
    problem codes for a mistake, and whether a mistake is located at its key, not its value."""

    doc: str = ""
    says: Mapping[str, str] = field(default_factory=dict, compare=False)
    codes: Mapping[str, str] = field(default_factory=dict, compare=False)
    at_key: bool = False

    def wording(self, failure: str) -> str | None:
        """The spec's own wording for a failure ("least" and "most" fall back on "size")."""
        return (
            self.says.get(failure)
            or (self.says.get("size") if failure in ("least", "most", "sizes") else None)
            or (self.says.get("item") if failure == "item-value" else None)
            or self.says.get("*")
        )

    def code(self, failure: str) -> str | None:
        return self.codes.get(failure) or self.codes.get("*")


@dataclass(frozen=True, kw_only=True)
class Flag(Spec):
    """true or false."""

    default: bool | None = None


@dataclass(frozen=True, kw_only=True)
class Number(Spec):
    """A finite number from low (above it when above) to high; a whole number when whole."""

    low: float | None = None
    high: float | None = None
    above: bool = False
    whole: bool = False
    default: float | None = None

    def accepts(self, value: object) -> bool:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if self.whole and not isinstance(value, int):
            return False
        if value != value or value in (float("inf"), float("-inf")):
            return False
        if self.low is not None and (value <= self.low if self.above else value < self.low):
            return False
        return self.high is None or value <= self.high


@dataclass(frozen=True, kw_only=True)
class Text(Spec):
    """A non-empty text: one of choices, or matching pattern (whole), and accepted by problem,
    which says why not (problem is the full check; pattern is its form for an editor, and the
    check where there is no problem function). what names the form in a message."""

    choices: tuple[str, ...] = ()
    pattern: str | None = None
    problem: Problem | None = None
    what: str = ""
    max_length: int | None = None
    example: str = ""
    default: str | None = None

    def why(self, value: str) -> str | None:
        """Why value is refused, or None."""
        if self.choices and value not in self.choices:
            return f"is not one of {', '.join(self.choices)}"
        if self.problem is not None:
            return self.problem(value)
        if self.pattern is not None and not re.fullmatch(self.pattern, value):
            return f"is not {self.what or 'of its form'}"
        if self.max_length is not None and len(value) > self.max_length:
            return f"is longer than {self.max_length} characters"
        return None


@dataclass(frozen=True, kw_only=True)
class Items(Spec):
    """A list of items, at least least and at most most of them, of one of sizes if given;
    increasing: each item above the one before (numbers)."""

    item: Spec
    least: int = 0
    most: int | None = None
    sizes: tuple[int, ...] = ()
    increasing: bool = False
    example: str = ""
    default: tuple | None = None


@dataclass(frozen=True)
class Entry:
    """A key of a table, its spec, and whether the table must have it."""

    key: str
    spec: Spec
    required: bool = False


@dataclass(frozen=True, kw_only=True)
class Table(Spec):
    """A table (mapping) of the entries; open when values is given: any other key of the key
    form (key_pattern, key_problem) holds a value of that spec. keys_from names a set of keys
    known only when checking (the check ids), which the open table's keys must be among."""

    entries: tuple[Entry, ...] = ()
    values: Spec | None = None
    key_pattern: str | None = None
    key_problem: Problem | None = None
    key_reserved: tuple[str, ...] = ()
    keys_from: str = ""
    key_doc: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(entry.key for entry in self.entries)

    def entry(self, key: str) -> Entry | None:
        return next((e for e in self.entries if e.key == key), None)

    def spec(self, key: str) -> Spec:
        """The spec of the entry key (which must exist)."""
        found = self.entry(key)
        assert found is not None, key
        return found.spec

    def key_fits(self, key: str) -> bool:
        """Whether key is of the open table's key form."""
        if key in self.key_reserved:
            return False
        if self.key_problem is not None:
            return self.key_problem(key) is None
        return self.key_pattern is None or re.fullmatch(self.key_pattern, key) is not None


@dataclass(frozen=True, kw_only=True)
class Either(Spec):
    """One of several forms, told apart by what the value is (a text, a list, a table)."""

    forms: tuple[Spec, ...]


def default_of(spec: Spec) -> Any:
    """The value a spec stands for when it is not given (None: no default)."""
    return getattr(spec, "default", None)


# -- JSON Schema --------------------------------------------------------------------------------


Known = Mapping[str, Mapping[str, str]]  # the key sets named by keys_from: each key's title


def json_schema(spec: Spec, title: str, known: Known | None = None) -> dict[str, Any]:
    """The JSON Schema (draft-07) of a description; known: the key sets named by keys_from,
    each key with its title."""
    return {"$schema": DRAFT, "title": title, **to_json(spec, known or {})}


def to_json(spec: Spec, known: Known) -> dict[str, Any]:
    """One spec as a JSON Schema object."""
    out: dict[str, Any] = {}
    if spec.doc:
        out["description"] = spec.doc
    if isinstance(spec, Flag):
        out["type"] = "boolean"
        if spec.default is not None:
            out["default"] = spec.default
    elif isinstance(spec, Number):
        out["type"] = "integer" if spec.whole else "number"
        if spec.low is not None:
            out["exclusiveMinimum" if spec.above else "minimum"] = _number(spec.low)
        if spec.high is not None:
            out["maximum"] = _number(spec.high)
        if spec.default is not None:
            out["default"] = spec.default
    elif isinstance(spec, Text):
        out.update(_text(spec))
    elif isinstance(spec, Items):
        out.update(_items(spec, known))
    elif isinstance(spec, Table):
        out.update(_table(spec, known))
    elif isinstance(spec, Either):
        out["anyOf"] = [to_json(form, known) for form in spec.forms]
    return out


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _text(spec: Text) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string"}
    if spec.choices:
        out["enum"] = list(spec.choices)
    else:
        out["minLength"] = 1
        if spec.pattern is not None:
            out["pattern"] = f"^(?:{spec.pattern})$"
        if spec.max_length is not None:
            out["maxLength"] = spec.max_length
    if spec.default is not None:
        out["default"] = spec.default
    if spec.example:
        out["examples"] = [spec.example.strip('"')]
    return out


def _items(spec: Items, known: Known) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "array", "items": to_json(spec.item, known)}
    least = min(spec.sizes) if spec.sizes else spec.least
    most = max(spec.sizes) if spec.sizes else spec.most
    if least:
        out["minItems"] = least
    if most is not None:
        out["maxItems"] = most
    if len(spec.sizes) > 1:
        out["anyOf"] = [{"minItems": n, "maxItems": n} for n in spec.sizes]
    if spec.default is not None:
        out["default"] = list(spec.default)
    return out


def _table(spec: Table, known: Known) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object"}
    properties = {entry.key: to_json(entry.spec, known) for entry in spec.entries}
    if spec.keys_from and spec.values is not None:
        for key, title in known.get(spec.keys_from, {}).items():
            properties.setdefault(key, {"description": title, **to_json(spec.values, known)})
    if properties:
        out["properties"] = properties
    required = [entry.key for entry in spec.entries if entry.required]
    if required:
        out["required"] = required
    if spec.values is None or (spec.keys_from and spec.keys_from in known):
        out["additionalProperties"] = False
    else:
        out["additionalProperties"] = to_json(spec.values, known)
        if spec.key_pattern is not None:
            names: dict[str, Any] = {"pattern": f"^(?:{spec.key_pattern})$"}
            if spec.key_reserved:
                names["not"] = {"enum": list(spec.key_reserved)}
            if spec.key_doc:
                names["description"] = spec.key_doc
            out["propertyNames"] = names
    return out
