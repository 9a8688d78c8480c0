"""Which characters the editions' fonts cover: a character no font has fails the build."""

from __future__ import annotations

import subprocess
from functools import lru_cache

from fontTools.ttLib import TTCollection, TTFont

# The families the PDF stylesheet names for each edition (templates/css/paged.css),
# body and headings, in both languages.
EDITION_FONTS = {
    "en": ("Noto Serif", "Noto Sans", "Noto Serif CJK SC", "Noto Sans CJK SC"),
    "zh": ("Noto Serif CJK SC", "Noto Sans CJK SC", "Noto Serif", "Noto Sans"),
}
IGNORED = {"\n", "\t", "\u00ad", "\u200b"}


class FontMissing(Exception):
    pass


@lru_cache(maxsize=None)
def font_file(family: str) -> tuple[str, int]:
    """The file (and face index in a collection) fontconfig uses for the family."""
    try:
        found = subprocess.run(["fc-match", "--format=%{family}\t%{file}\t%{index}", family],
                               capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise FontMissing(f"fontconfig cannot look up the font '{family}': {exc}") from exc
    families, path, index = found.split("\t")
    if family not in families.split(","):
        raise FontMissing(f"the font '{family}' is not installed (fontconfig offers "
                          f"'{families.split(',')[0]}' instead)")
    return path, int(index or 0)


@lru_cache(maxsize=None)
def coverage(family: str) -> frozenset[int]:
    path, index = font_file(family)
    if path.lower().endswith((".ttc", ".otc")):
        font = TTCollection(path, lazy=True).fonts[index]
    else:
        font = TTFont(path, lazy=True)
    return frozenset(font.getBestCmap())


def edition_coverage(lang: str) -> frozenset[int]:
    covered: set[int] = set()
    for family in EDITION_FONTS[lang]:
        covered |= coverage(family)
    return frozenset(covered)


def uncovered(text: str, covered: frozenset[int]) -> list[str]:
    """The characters of text that none of the fonts can draw, in order, once each."""
    missing: list[str] = []
    for char in text:
        if ord(char) not in covered and char not in IGNORED and char not in missing:
            missing.append(char)
    return missing
