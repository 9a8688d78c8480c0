"""Reads located YAML nodes against the content schema: keys, text values and ids."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .. import inline
from ..diagnostics import Location, Reporter
from ..source import ControlChar, SourceText, report_control_chars
from ..suggest import closest, suggestion
from ..yamlplain import not_text
from ..yamltree import Mapping, Node, Scalar, Sequence, kind_name

ID_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*")  # matched whole (fullmatch)


def where(path: str, unit: str | None) -> str:
    return f"'{unit}' at {path}" if unit else path


@dataclass
class SchemaReader:
    """Walks one file's nodes, reporting every schema problem and keeping going."""

    source: SourceText
    reporter: Reporter
    ids: dict[str, Location] = field(default_factory=dict)
    _text_spans: list[tuple[int, int, str]] = field(default_factory=list)  # values read

    @property
    def path(self) -> str:
        return self.source.path

    def error(
        self,
        code: str,
        message: str,
        location: Location,
        unit: str | None = None,
        related: tuple[Location, ...] = (),
    ) -> None:
        self.reporter.error(code, message, location, unit=unit, related=related)

    def mapping(
        self,
        node: Node,
        keypath: str,
        allowed: tuple[str, ...],
        required: tuple[str, ...],
        what: str,
        unit: str | None = None,
        any_keys: bool = False,
    ) -> dict[str, tuple[Scalar, Node]] | None:
        """The mapping's entries by key; unknown (unless any_keys) and missing keys are
        reported."""
        if not isinstance(node, Mapping):
            self.error(
                "content.type",
                f"{where(keypath, unit)}: {what} must be a mapping "
                f"with keys {', '.join(allowed)}; found {kind_name(node)}",
                node.location,
                unit,
            )
            return None
        entries = {key.value: (key, value) for key, value in node.items}
        if unit is None and "id" in entries:
            id_node = entries["id"][1]
            if isinstance(id_node, Scalar):
                unit = id_node.value if ID_PATTERN.fullmatch(id_node.value) else None
        suggested = set()
        for key, _ in node.items:
            self._text_spans.append((key.start, key.end, f"{where(keypath, unit)}, in a key"))
            if key.value not in allowed and not any_keys:
                hint = closest(key.value, allowed)
                if hint is not None:
                    suggested.add(hint)
                self.error(
                    "content.unknown-key",
                    f"{where(keypath, unit)}: unknown key '{key.value}' in {what}"
                    + suggestion(key.value, allowed, "allowed keys"),
                    key.location,
                    unit,
                )
        for name in required:
            if name not in entries and name not in suggested:  # a typo was reported already
                self.error(
                    "content.missing-key",
                    f"{where(keypath, unit)}: {what} needs the key '{name}'",
                    node.location,
                    unit,
                )
        return entries

    def sequence(self, node: Node, keypath: str, what: str, unit: str | None = None) -> list[Node]:
        items: list[Node]
        if isinstance(node, Sequence):
            items = node.items
        elif isinstance(node, Scalar) and node.plain and not node.value:  # "key:" alone
            items = []
        else:
            self.error(
                "content.type",
                f"{where(keypath, unit)}: {what} must be a list; found {kind_name(node)}",
                node.location,
                unit,
            )
            return []
        if not items:  # a warning, so that parity can still name what went missing
            self.reporter.warning(
                "content.empty-list",
                f"{where(keypath, unit)}: {what} is empty",
                node.location,
                unit=unit,
            )
        return items

    def scalar(self, node: Node, keypath: str, unit: str | None) -> Scalar | None:
        """A scalar that is text, not something YAML would read as a boolean, number or date."""
        if not isinstance(node, Scalar):
            self.error(
                "content.type",
                f"{where(keypath, unit)}: must be text; found {kind_name(node)}",
                node.location,
                unit,
            )
            return None
        self._text_spans.append((node.start, node.end, where(keypath, unit)))
        reading = not_text(node.value) if node.plain else None
        if reading:
            shown = node.value or "(nothing)"
            fix = f'; put it in quotes: "{node.value}"' if node.value else "; write the text"
            self.error(
                "content.not-text",
                f"{where(keypath, unit)}: must be text, but the unquoted value "
                f"{shown} is read by YAML as {reading}{fix}",
                node.location,
                unit,
            )
            return None
        return node

    def text(self, node: Node, keypath: str, unit: str | None) -> str | None:
        """A non-empty text value in the inline markup subset."""
        scalar = self.scalar(node, keypath, unit)
        if scalar is None:
            return None
        if not scalar.value.strip():
            self.error(
                "content.empty-text",
                f"{where(keypath, unit)}: text is empty",
                scalar.location,
                unit,
            )
            return None
        for problem in inline.parse(scalar.value).problems:
            self.error(
                "content.markup", f"{where(keypath, unit)}: {problem}", scalar.location, unit
            )
        return scalar.value

    def unit_id(self, entries: dict, keypath: str) -> str | None:
        """The unit's id, checked for form and uniqueness in the document."""
        if "id" not in entries:
            return None
        key, scalar = entries["id"]
        if isinstance(scalar, Scalar):
            self._text_spans.append((scalar.start, scalar.end, f"{keypath}.id"))
        if not isinstance(scalar, Scalar) or not ID_PATTERN.fullmatch(scalar.value):
            shown = f"'{scalar.value}'" if isinstance(scalar, Scalar) else kind_name(scalar)
            self.error(
                "content.bad-id",
                f"{keypath}.id: {shown} is not a valid id: use "
                "lower-case letters and digits, joined by '.', '-' or '_', starting with"
                " a letter (e.g. ai.rec.safety-institute)",
                scalar.location,
            )
            return None
        value = scalar.value
        first = self.ids.get(value)
        if first is not None:
            self.error(
                "content.duplicate-id",
                f"id '{value}' is used twice in this document (first at line {first.line})",
                scalar.location,
                value,
                (first,),
            )
        else:
            self.ids[value] = scalar.location
        return value

    def report_control_chars(self, escaped: list[ControlChar], bidi_allowed: bool = False) -> None:
        """Every character no value may hold, typed or escaped, with the value it is in."""
        spans = sorted(self._text_spans)
        starts = [start for start, _, _ in spans]

        def place(index: int) -> str | None:
            i = bisect.bisect_right(starts, index) - 1
            return spans[i][2] if i >= 0 and index < spans[i][1] else None

        report_control_chars(
            self.source, escaped, self.reporter, bidi_allowed=bidi_allowed, place=place
        )
