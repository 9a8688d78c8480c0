"""Checks a YAML tree of located nodes (a type file) against its description.

Every mistake is reported at the line and column of its key or value, and every value
refused is kept aside, so that the reader of the file skips it and still reports what it
finds elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Reporter
from ..suggest import did_you_mean
from ..yamltree import Mapping, Node, Scalar, Sequence, kind_name
from .spec import Either, Flag, Items, Number, Spec, Table, Text

# the wording of a mistake, unless the spec has its own (a type file's)
WORDING = {
    "table.type": "{name} must be a mapping; found {found}",
    "table.unknown": "{name}: unknown key '{key}'{hint} (allowed: {allowed})",
    "table.key": "{name}: '{key}' is not a key of this mapping",
    "missing": "{name} needs the key '{key}'",
    "text.type": "{name} must be a text; found {found}",
    "text.value": "{name} must be one of {choices}",
    "text.pattern": "{name}: '{value}' {why}",
    "flag.type": "{name} must be true or false",
    "items.type": "{name} must be a list; found {found}",
    "items.size": "{name} has {count} entries",
    "items.item": "{name}: '{value}' {why}",
}


@dataclass
class YamlCheck:
    """Checks one file's tree, reporting each mistake; refused holds the nodes of the values
    refused (by id). prefix: the problem codes' ("type": type.invalid, type.unknown-key,
    type.missing-key)."""

    reporter: Reporter
    prefix: str
    root: str  # how the whole file is named ("the type"); its keys are named alone
    refused: set[int] = field(default_factory=set)
    refused_keys: set[int] = field(default_factory=set)

    def report(self, spec: Spec, failure: str, default: str, node: Node, **words: Any) -> None:
        message = (spec.wording(failure) or WORDING[default]).format(**words)
        code = spec.code(failure) or self.prefix + {
            "unknown": ".unknown-key",
            "missing": ".missing-key",
        }.get(failure, ".invalid")
        self.reporter.error(code, message, node.location)

    # -- the reader's view ----------------------------------------------------------------------

    def ok(self, node: Node | None) -> bool:
        return node is not None and id(node) not in self.refused

    def entries(self, node: Node | None) -> dict[str, tuple[Scalar, Node]]:
        """A mapping's entries whose values were not refused ({} for anything else)."""
        return {key: entry for key, entry in self.named(node).items() if self.ok(entry[1])}

    def named(self, node: Node | None) -> dict[str, tuple[Scalar, Node]]:
        """A mapping's entries whose keys were not refused, whatever their values."""
        if not isinstance(node, Mapping) or not self.ok(node):
            return {}
        return {
            key.value: (key, value) for key, value in node.items if id(key) not in self.refused_keys
        }

    # -- checking -------------------------------------------------------------------------------

    def value(self, spec: Spec, node: Node, name: str) -> bool:
        """Whether node is of spec (what is wrong inside a table or list does not refuse it)."""
        if isinstance(spec, Either):
            for form in spec.forms:
                if _fits(form, node):
                    return self.value(form, node, name)
            return self.refuse(spec, "type", "table.type", node, name=name, found=_found(node))
        if isinstance(spec, Table):
            if not isinstance(node, Mapping):
                return self.refuse(spec, "type", "table.type", node, name=name, found=_found(node))
            self.table(spec, node, name)
            return True
        if isinstance(spec, Items):
            return self.items(spec, node, name)
        if isinstance(spec, Flag):
            if isinstance(node, Scalar) and node.plain and node.value in ("true", "false"):
                return True
            return self.refuse(spec, "type", "flag.type", node, name=name, found=_found(node))
        if isinstance(spec, Text):
            return self.text(spec, node, name)
        if isinstance(spec, Number):  # no type file has one
            return self.refuse(spec, "type", "text.type", node, name=name, found=_found(node))
        raise TypeError(spec)

    def refuse(self, spec: Spec, failure: str, default: str, node: Node, **words: Any) -> bool:
        self.refused.add(id(node))
        self.report(spec, failure, default, node, **words)
        return False

    def text(self, spec: Text, node: Node, name: str) -> bool:
        if not isinstance(node, Scalar) or not node.value:
            return self.refuse(spec, "type", "text.type", node, name=name, found=_found(node))
        why = spec.why(node.value)
        if why is None:
            return True
        return self.refuse(
            spec, "value", "text.value" if spec.choices else "text.pattern", node,
            name=name, value=node.value, why=why, choices=", ".join(spec.choices),
            hint=did_you_mean(node.value, spec.choices) if spec.choices else "",
        )  # fmt: skip

    def items(self, spec: Items, node: Node, name: str) -> bool:
        if not isinstance(node, Sequence):
            return self.refuse(spec, "type", "items.type", node, name=name, found=_found(node))
        count = len(node.items)
        if (
            count < spec.least
            or (spec.most is not None and count > spec.most)
            or (spec.sizes and count not in spec.sizes)
        ):
            return self.refuse(spec, "size", "items.size", node, name=name, count=count)
        for item in node.items:
            inner = spec.item
            if isinstance(inner, Text):
                value = item.value if isinstance(item, Scalar) else kind_name(item)
                why = inner.why(item.value) if isinstance(item, Scalar) and item.value else "no"
                if why is not None:
                    self.refuse(spec, "item", "items.item", item, name=name, value=value, why=why)
            else:
                self.value(inner, item, name)
        return True

    def table(self, spec: Table, node: Mapping, name: str, deep: bool = True) -> None:
        """Unknown keys, keys not of the open table's form and missing keys reported; each
        value checked (deep), or only the keys."""
        present = set()
        for key, value in node.items:
            present.add(key.value)
            here = key.value if name == self.root else f"{name}.{key.value}"
            entry = spec.entry(key.value)
            if entry is not None:
                if deep:
                    self.value(entry.spec, value, here)
            elif spec.values is not None and spec.key_fits(key.value):
                if deep:
                    self.value(spec.values, value, here)
            elif spec.values is not None:
                self.refused.add(id(value))
                self.refused_keys.add(id(key))
                self.report(spec, "key", "table.key", key, name=name, key=key.value)
            else:
                self.refused.add(id(value))
                self.refused_keys.add(id(key))
                self.report(
                    spec, "unknown", "table.unknown", key, name=name, key=key.value,
                    hint=did_you_mean(key.value, spec.keys),
                    allowed=", ".join(spec.keys),
                )  # fmt: skip
        for entry in spec.entries:
            if entry.required and entry.key not in present:
                self.report(spec, "missing", "missing", node, name=name, key=entry.key)

    def check(self, spec: Table, root: Node) -> bool:
        """The whole file: whether its top level is a mapping."""
        return self.value(spec, root, self.root)


def _found(node: Node) -> str:
    """What a node is, in words: a text, a list, a mapping, nothing (a key without value)."""
    if isinstance(node, Scalar) and not node.value:
        return "nothing" if node.plain else "an empty text"
    return kind_name(node)


def _fits(form: Spec, node: Node) -> bool:
    """Whether node is of the form's kind (a mapping, a list, a scalar)."""
    if isinstance(form, Table):
        return isinstance(node, Mapping)
    if isinstance(form, Items):
        return isinstance(node, Sequence)
    return isinstance(node, Scalar)
