"""The fonts of a Word edition beyond its styles: the font table's entries (each family the
styles name, with its Windows character set and the Office face that stands in for it where
Noto is missing: w:altName) and the theme's body and heading fonts; and how wide a text is
set in them (a table column's least width)."""

from __future__ import annotations

import functools
import itertools
import subprocess

from ..languages import Profile
from ..script import is_wide
from .docx_styles import style_fonts


def font_table(profiles) -> list[tuple[str, str | None, str, str | None]]:
    """Every family the edition's styles name as (name, Windows character set of an East
    Asian face or None, family kind, the Office face that stands in for it or None), for
    word/fontTable.xml: a machine without the Noto faces keeps the look (宋体 for Noto Serif
    CJK SC, Times New Roman for Noto Serif: the profiles' [word] office-fonts)."""
    found: dict[str, tuple[str, str | None, str, str | None]] = {}
    east = next((p.word_charset for p in profiles if p.word_east_asian), None)
    east_profile = next((p for p in profiles if p.word_east_asian), None)
    latin_profile = next((p for p in profiles if not p.word_east_asian), None)
    for profile in profiles:
        for sans in (False, True):
            latin, east_asian = style_fonts(profile, sans)
            kind = "swiss" if sans else "roman"
            own = profile.word_east_asian
            latin_alt = office_font(profile if not own else east_profile, sans)
            east_alt = office_font(east_profile if not own else profile, sans)
            if own and latin_profile is None:
                latin_alt = east_alt
            charset = east if east_asian != latin or own else None
            if latin == east_asian:  # an East Asian face that sets Latin letters too
                found.setdefault(latin, (latin, charset, kind, east_alt))
                continue
            found.setdefault(latin, (latin, None, kind, latin_alt))
            found.setdefault(east_asian, (east_asian, charset, kind, east_alt))
    return list(found.values())


def office_font(profile: Profile | None, sans: bool) -> str | None:
    """The Office face a profile names for its body (serif) or headings (sans), if any."""
    if profile is None or len(profile.office_fonts) != 2:
        return None
    return profile.office_fonts[1 if sans else 0]


def theme_fonts(profiles) -> dict[str, str]:
    """The theme's fonts from the profiles' Office faces: minor (body) and major (headings),
    Latin and East Asian."""
    found: dict[str, str] = {}
    east = next((p for p in profiles if p.word_east_asian), None)
    # a Chinese edition sets its Latin letters in its Chinese face: their stand-ins too
    latin = next((p for p in profiles if not p.word_east_asian), east)
    for kind, sans in (("minor", False), ("major", True)):
        for script, profile in (("latin", latin), ("ea", east)):
            face = office_font(profile, sans)
            if face:
                found[f"{kind}.{script}"] = face
    return found


@functools.cache
def _face(family: str, bold: bool):
    """The face fontconfig picks for a family, at 1000 pixels an em (Pillow's FreeType)."""
    from PIL import ImageFont

    found = subprocess.run(
        ["fc-match", "--format=%{file}|%{index}", f"{family}:{'bold' if bold else 'regular'}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    path, _, index = found.partition("|")
    return ImageFont.truetype(path, UNITS, index=int(index or 0))


UNITS = 1000


def text_points(text: str, fonts: tuple[str, str], bold: bool, size_pt: float) -> float:
    """How wide a text is set, in points: its wide (CJK) characters in the East Asian face of
    fonts (Latin, East Asian), the others in the Latin face, as Word picks them."""
    width = 0.0
    for wide, run in itertools.groupby(text, is_wide):
        face = _face(fonts[1] if wide else fonts[0], bold)
        width += face.getlength("".join(run))
    return width / UNITS * size_pt
