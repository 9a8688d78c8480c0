"""Checks a parsed TOML file (a language profile, diglot.toml) against its description.

Every mistake is reported at the line and column of its key or value; every value accepted
is returned, with the description's defaults for those not given or refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ..config import type_name
from ..diagnostics import Location, Reporter
from ..suggest import did_you_mean, suggestion
from .spec import Either, Flag, Items, Number, Spec, Table, Text, default_of

# the wording of a mistake, unless the spec has its own (a language profile's)
WORDING = {
    "table.type": "{table} must be a table ({table} on a line of its own), not {found}",
    "table.unknown": "unknown key '{key}'{in_table}; allowed: {allowed}",
    "table.key": "{table} {shown_key} is not a key of this table",
    "missing": "{name} is missing",
    "flag.type": "{name} is true or false, not {found}",
    "number.type": "{name} is {range}, not {found}",
    "number.value": "{name} is {value}, outside {low:g} to {high:g}",
    "text.type": "{name} is a text, not {found}",
    "text.type.example": "{name} is a text such as {example}, not {found}",
    "text.value": "{name} {shown} {why}",
    "items.type": "{name} is a list of texts (such as {example}), not {found}",
    "items.most": "{name} has {count} entries; at most {most}",
    "items.least": "{name} has {count} entries; at least {least}",
    "items.size": "{name} has {count} entries",
    "items.item.type": "{name}[{index}] is {found}, not a text",
    "items.item.value": "{name}[{index}] {shown} {why}",
}


class Locator(Protocol):
    """Where a key (or its value) is in the file's text (config.Config)."""

    def where(self, *keys: str, value: bool = False) -> Location: ...


def shown(value: str) -> str:
    """A value as a message quotes it (escaped, shortened)."""
    text = value.encode("unicode_escape").decode("ascii") if not value.isprintable() else value
    if len(text) > 40:
        text = text[:37] + "..."
    return f"'{text}'"


@dataclass
class TomlCheck:
    """Checks the tables of one file, reporting each mistake. prefix: the problem
    codes' ("language": language.bad-value, language.unknown-key); known: the key sets the
    description names (keys_from), such as the check ids."""

    locator: Locator
    reporter: Reporter
    prefix: str
    known: Mapping[str, Sequence[str]] = field(default_factory=dict)
    failed: bool = False  # anything reported
    refused: bool = False  # a value refused (not only an unknown key)

    # -- reporting ------------------------------------------------------------------------------

    def report(
        self, spec: Spec, failure: str, default: str, path: tuple[str, ...], **words: Any
    ) -> None:
        """One mistake of the value at path, in the spec's wording or the default one."""
        self.failed = True
        self.refused |= failure not in ("unknown", "key")
        words.setdefault("name", label(path))
        words.setdefault("key", path[-1] if path else "")
        words.setdefault("table", f"[{'.'.join(path[:-1])}]" if len(path) > 1 else "")
        message = (spec.wording(failure) or WORDING[default]).format(**words)
        at_value = failure not in ("unknown", "key") and not spec.at_key
        code = spec.code(failure) or (
            f"{self.prefix}.unknown-key" if failure in ("unknown", "key") else self.bad
        )
        self.reporter.error(code, message, self.locator.where(*path, value=at_value))

    @property
    def bad(self) -> str:
        return f"{self.prefix}.bad-value"

    # -- values ---------------------------------------------------------------------------------

    def value(self, spec: Spec, value: object, path: tuple[str, ...], deep: bool = True) -> Any:
        """value checked against spec; None when refused (reported)."""
        if isinstance(spec, Table):
            if not isinstance(value, dict):
                self.report(
                    spec, "type", "table.type", path, table=f"[{'.'.join(path)}]",
                    found=type_name(value),
                )  # fmt: skip
                return None
            return self.table(spec, value, path) if deep else value
        if isinstance(spec, Flag):
            if isinstance(value, bool):
                return value
            self.report(spec, "type", "flag.type", path, found=type_name(value))
            return None
        if isinstance(spec, Number):
            return self.number(spec, value, path)
        if isinstance(spec, Text):
            return self.text(spec, value, path)
        if isinstance(spec, Items):
            return self.items(spec, value, path)
        if isinstance(spec, Either):
            for form in spec.forms:
                if _fits(form, value):
                    return self.value(form, value, path, deep)
            self.report(spec, "type", "text.type", path, found=type_name(value))
            return None
        raise TypeError(spec)

    def number(self, spec: Number, value: object, path: tuple[str, ...]) -> float | None:
        if spec.accepts(value):
            assert isinstance(value, int | float)
            return value
        low, high = spec.low or 0.0, spec.high or 0.0
        kind = isinstance(value, bool) or not isinstance(value, int | float)
        words = {"found": type_name(value), "low": low, "high": high, "value": value}
        if kind:
            self.report(
                spec, "type", "number.type", path, range=f"a number from {low:g} to {high:g}",
                **words,
            )  # fmt: skip
        else:
            self.report(spec, "value", "number.value", path, **words)
        return None

    def text(self, spec: Text, value: object, path: tuple[str, ...]) -> str | None:
        if not isinstance(value, str):
            default = "text.type.example" if spec.example else "text.type"
            self.report(spec, "type", default, path, found=type_name(value), example=spec.example)
            return None
        why = spec.why(value)
        if why:
            self.report(
                spec, "value", "text.value", path, shown=shown(value), why=why,
                found=type_name(value),
            )  # fmt: skip
            return None
        return value

    def items(self, spec: Items, value: object, path: tuple[str, ...]) -> tuple | None:
        if not isinstance(value, list):
            self.report(
                spec, "type", "items.type", path, found=type_name(value), example=spec.example
            )
            return None
        words: dict[str, Any] = {"count": len(value), "most": spec.most, "least": spec.least}
        words["found"] = type_name(value)
        if spec.most is not None and len(value) > spec.most:
            self.report(spec, "most", "items.most", path, **words)
            return None
        if len(value) < spec.least:
            self.report(spec, "least", "items.least", path, **words)
            return None
        found = []
        for index, item in enumerate(value):
            accepted = self.item(spec, item, path, index)
            if accepted is None:
                return None
            found.append(accepted)
        if spec.sizes and len(found) not in spec.sizes:
            self.report(spec, "sizes", "items.size", path, **words)
            return None
        if spec.increasing and any(a >= b for a, b in zip(found, found[1:])):
            self.report(spec, "value", "items.size", path, **words)
            return None
        return tuple(found)

    def item(self, spec: Items, item: object, path: tuple[str, ...], index: int) -> Any:
        """One item of a list: refused in the list's wording."""
        inner = spec.item
        words = {"index": index, "found": type_name(item)}
        if isinstance(inner, Text):
            if not isinstance(item, str):
                self.report(spec, "item", "items.item.type", path, **words)
                return None
            why = inner.why(item)
            if why:
                self.report(
                    spec, "item-value", "items.item.value", path, shown=shown(item), why=why,
                    **words,
                )  # fmt: skip
                return None
            return item
        if isinstance(inner, Number):
            if inner.accepts(item):
                return item
            self.report(spec, "item", "items.item.type", path, **words)
            return None
        return self.value(inner, item, (*path, str(index)))

    # -- tables ---------------------------------------------------------------------------------

    def table(self, spec: Table, data: dict, path: tuple[str, ...] = (), deep: bool = True) -> dict:
        """The entries of a table: unknown keys reported, each value checked (deep: tables
        within it too), the required reported when missing; the accepted values, with the
        defaults of those missing or refused."""
        found: dict[str, Any] = {}
        known = list(self.known.get(spec.keys_from, ())) if spec.keys_from else None
        for key, value in data.items():
            entry = spec.entry(key)
            here = (*path, key)
            if entry is not None:
                accepted = self.value(entry.spec, value, here, deep)
            elif spec.values is not None and (
                known is not None and key in known or known is None and spec.key_fits(key)
            ):
                accepted = self.value(spec.values, value, here, deep)
            else:
                self.unknown(spec, key, here, known)
                continue
            if accepted is not None:
                found[key] = accepted
        for entry in spec.entries:
            if entry.key in found:
                continue
            if entry.key not in data:
                # a table that is missing: its own required keys are said missing
                inner = isinstance(entry.spec, Table) and any(
                    e.required for e in entry.spec.entries
                )
                if entry.required and not (inner and deep):
                    name = label((*path, entry.key))
                    self.report(entry.spec, "missing", "missing", path, name=name)
                if isinstance(entry.spec, Table) and deep:
                    found[entry.key] = self.table(entry.spec, {}, (*path, entry.key))
                    continue
            elif isinstance(entry.spec, Table) and deep:  # not a table: its defaults
                found[entry.key] = defaults(entry.spec)
                continue
            default = default_of(entry.spec)
            if default is not None:
                found[entry.key] = default
        return found

    def unknown(self, spec: Table, key: str, path: tuple[str, ...], known: list | None) -> None:
        parent = path[:-1]
        if spec.values is not None and known is None:  # an open table: a key not of its form
            self.report(
                spec, "key", "table.key", path, table=f"[{'.'.join(parent)}]",
                shown_key=shown(key),
            )  # fmt: skip
            return
        options = known if known is not None else spec.keys
        self.report(
            spec, "unknown", "table.unknown", path,
            in_table=f" in [{'.'.join(parent)}]" if parent else "",
            allowed=", ".join(options), suggest=suggestion(key, list(options)),
            hint=_hint(key, options) or spec.says.get("otherwise", ""),
            table=f"[{'.'.join(parent)}]",
        )  # fmt: skip


def defaults(spec: Table) -> dict:
    """The defaults of a table's entries (of the tables within it too)."""
    found: dict[str, Any] = {}
    for entry in spec.entries:
        if isinstance(entry.spec, Table):
            found[entry.key] = defaults(entry.spec)
        elif default_of(entry.spec) is not None:
            found[entry.key] = default_of(entry.spec)
    return found


def label(path: tuple[str, ...]) -> str:
    """A value as messages name it: tag, [fonts] body, [checks.semantic] min-words."""
    if len(path) <= 1:
        return "".join(path)
    return f"[{'.'.join(path[:-1])}] {path[-1]}"


def _hint(key: str, options: Sequence[str]) -> str:
    """The suggestion of a near option (suggest.did_you_mean), else ''."""
    return did_you_mean(key, list(options))


def _fits(form: Spec, value: object) -> bool:
    """Whether value is of the form's kind (a table, a list, a text, a number, a flag)."""
    kinds = {Table: dict, Items: list, Text: str, Flag: bool}
    if isinstance(form, Number):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, kinds.get(type(form), object))
