"""What an edition says of itself: a draft's mark and date, or a released edition's version
and release date, in each of its languages; every writer takes its words from here.

Everything `build` writes is a draft: its pages carry the mark (DRAFT, 草案) and the date of
its content (WriteContext.draft_date). An edition written with WriteContext.release set is
released: no mark, and a version line with the release date instead. The PDF's diagonal
mark is a picture made here (draft_picture), so that it is no text of the page.
"""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass

from ..layout import Layout

# The labels, in the gettext catalogs (templates/locale) through pybabel extract; marked
# here for extraction, looked up per language below.


def _(message: str) -> str:
    return message


DRAFT_MARK = _("DRAFT")
DRAFT_OF = _("Draft of {date}")
DRAFT_UNDATED = _("Draft")
VERSION_OF = _("Version {version}, released {date}")


@dataclass(frozen=True)
class Status:
    """An edition's status in each of its languages (by language tag, in column order)."""

    draft: bool
    marks: dict[str, str]  # the draft mark (DRAFT, 草案); empty for a released edition
    lines: dict[str, str]  # "Draft of November 30, 2026" or "Version 1.0, released …"

    @property
    def mark(self) -> str:
        """Every language's mark in one: DRAFT · 草案."""
        return " · ".join(dict.fromkeys(self.marks.values()))

    @property
    def line(self) -> str:
        return " · ".join(dict.fromkeys(self.lines.values()))


def status(layout: Layout, context) -> Status:
    release = getattr(context, "release", None)
    marks: dict[str, str] = {}
    lines: dict[str, str] = {}
    for column in layout.columns:
        locale = column.locale
        if release is not None:
            lines[column.lang] = _fill(
                locale.gettext(VERSION_OF),
                version=release.version,
                date=locale.format_date(release.date),
            )
            continue
        marks[column.lang] = locale.gettext(DRAFT_MARK)
        date = getattr(context, "draft_date", None)
        lines[column.lang] = (
            _fill(locale.gettext(DRAFT_OF), date=locale.format_date(date))
            if date
            else locale.gettext(DRAFT_UNDATED)
        )
    return Status(release is None, marks, lines)


def _fill(label: str, **values: str) -> str:
    for name, value in values.items():
        label = label.replace("{" + name + "}", value)
    return label


# -- the PDF's draft mark: a picture, not text --------------------------------------------------

# The mark is drawn as a picture so that it is no text of the page: copied text, pdftotext
# and the lint read the document only. Its words are in the page margin as text too
# (paged.css, the @page margin box), where every text tool finds them.
MARK_COLOUR = (200, 200, 200, 255)  # light grey, behind the text
PX_PER_PT = 2.5  # 180 dpi
MARK_PT, DATE_PT = 64, 14


@functools.cache
def _face(family: str, bold: bool, size_px: int):
    """The font fontconfig picks for a family, at a size in pixels (Pillow's FreeType)."""
    from PIL import ImageFont

    found = subprocess.run(
        ["fc-match", "--format=%{file}|%{index}", f"{family}:{'bold' if bold else 'regular'}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path, _, index = found.partition("|")
    return ImageFont.truetype(path, size_px, index=int(index or 0))


@functools.cache
def mark_picture(lines: tuple[tuple[tuple[str, str], ...], ...]) -> tuple[str, float]:
    """The draft mark as a PNG data URL, and its width in points: lines of (text, font
    family) runs, the first line in large bold type (the marks), the others smaller (the
    dates), centred and turned 45 degrees."""
    import base64
    import io

    from PIL import Image, ImageDraw

    sized = []
    for number, runs in enumerate(lines):
        size = round((MARK_PT if number == 0 else DATE_PT) * PX_PER_PT)
        faces = [(text, _face(family, number == 0, size)) for text, family in runs]
        width = sum(face.getlength(text) for text, face in faces)
        sized.append((faces, width, round(size * 1.3)))
    width = int(max(w for _, w, _ in sized)) + 8
    height = sum(h for _, _, h in sized) + 8
    picture = Image.new("LA", (width, height), (0, 0))
    draw = ImageDraw.Draw(picture)
    y = 4
    for faces, line_width, line_height in sized:
        x = (width - line_width) / 2
        for text, face in faces:
            draw.text((x, y), text, font=face, fill=(MARK_COLOUR[0], MARK_COLOUR[3]))
            x += face.getlength(text)
        y += line_height
    turned = picture.rotate(45, resample=Image.Resampling.BICUBIC, expand=True)
    out = io.BytesIO()
    turned.save(out, format="PNG")
    url = "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
    return url, round(turned.width / PX_PER_PT, 1)


def draft_picture(layout: Layout, status: Status) -> tuple[str, float]:
    """The draft mark of an edition as a picture (mark_picture): each language's mark in
    its heading face, then each language's dated line."""
    columns = [c for c in layout.columns if c.lang in status.marks]
    first: list[tuple[str, str]] = []
    for index, column in enumerate(columns):
        family = column.profile.heading_fonts[0]
        if index:
            first.append((" · ", family))
        first.append((status.marks[column.lang], family))
    dates = tuple(((status.lines[c.lang], c.profile.heading_fonts[0]),) for c in columns)
    return mark_picture((tuple(first), *dates))
