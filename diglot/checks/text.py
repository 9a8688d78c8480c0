"""Character classes and small text helpers shared by the checks."""

from __future__ import annotations

import re
import unicodedata

CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK = re.compile(f"[{CJK_CHARS}]")
LATIN_WORD = re.compile(r"[A-Za-z]+")


def plain(unit, name: str | None = None) -> str:
    """A unit's visible text: one field, or all fields joined."""
    if name:
        field = unit.field(name)
        return field.plain if field else ""
    return " / ".join(f.plain for f in unit.fields)


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def token_pattern(token: str, plural: bool = False) -> re.Pattern:
    """A Latin token not glued to other Latin letters or digits (CJK neighbours are fine)."""
    suffix = "(?:s)?" if plural else ""
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(token)}{suffix}(?![A-Za-z0-9])")
