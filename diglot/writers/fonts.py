"""Which characters the editions' fonts cover: a character no font has fails the build."""

from __future__ import annotations

import bisect
import subprocess
from dataclasses import dataclass
from functools import cache

from ..diagnostics import Location

IGNORED = {"\n", "\t", "\u00ad", "\u200b"}


class FontMissing(Exception):
    pass


@dataclass(frozen=True)
class Coverage:
    """Sorted, disjoint code point ranges (from fontconfig's cached charsets)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __contains__(self, code: int) -> bool:
        i = bisect.bisect_right(self.starts, code) - 1
        return i >= 0 and code <= self.ends[i]


@cache
def coverage(family: str) -> list[tuple[int, int]]:
    """The code point ranges of the face fontconfig uses for this family."""
    try:
        found = subprocess.run(
            ["fc-match", "--format=%{family}\t%{charset}", family],
            capture_output=True,
            text=True,
            errors="replace",
            check=True,
            timeout=60,
        ).stdout
    except FileNotFoundError as exc:
        raise FontMissing(
            "fontconfig's fc-match is not installed, so no font can be looked up; run ./dev setup"
        ) from exc
    except (OSError, subprocess.SubprocessError) as exc:
        raise FontMissing(f"fontconfig cannot look up the font '{family}': {exc}") from exc
    families, _, charset = found.partition("\t")
    if family not in families.split(","):
        offered = families.split(",")[0].strip()
        raise FontMissing(
            f"the font '{family}' is not installed ("
            + (f"fontconfig offers '{offered}' instead" if offered else "fontconfig finds no font")
            + "); run ./dev setup"
        )
    ranges = []
    try:
        for item in charset.split():
            first, _, last = item.partition("-")
            ranges.append((int(first, 16), int(last or first, 16)))
    except ValueError as exc:
        raise FontMissing(f"fontconfig's answer for the font '{family}' cannot be read") from exc
    return ranges


@cache
def edition_coverage(families: tuple[str, ...]) -> Coverage:
    """What the families an edition names (a language profile's fonts) cover together."""
    ranges = sorted(r for family in families for r in coverage(family))
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return Coverage(tuple(r[0] for r in merged), tuple(r[1] for r in merged))


def uncovered(text: str, covered: Coverage) -> list[str]:
    """The characters of text that none of the fonts can draw, in order, once each."""
    # each distinct character once (dict keeps their order): a Chinese paragraph repeats
    # most of its characters, an English one its few dozen letters
    return [
        char for char in dict.fromkeys(text) if char not in IGNORED and ord(char) not in covered
    ]


def check_glyphs(layout, reporter) -> None:
    """Every character of every unit must be in the fonts its edition names."""
    for column in layout.columns:
        try:
            covered = edition_coverage(column.profile.fonts)
        except FontMissing as exc:  # once, at the first profile that names the font
            if not any(
                d.code == "pdf.font-missing" and d.message == str(exc) for d in reporter.diagnostics
            ):
                where = Location(column.profile.path or column.document.path)
                reporter.error("pdf.font-missing", str(exc), where)
            return
        for unit in column.document.units():
            for field in unit.fields:
                for char in uncovered(field.plain, covered):
                    reporter.error(
                        "pdf.glyph-missing",
                        f"'{unit.id}': no font of the "
                        f"{column.profile.name} edition has the character {char!r} "
                        f"(U+{ord(char):04X})",
                        field.location,
                        unit=unit.id,
                    )
