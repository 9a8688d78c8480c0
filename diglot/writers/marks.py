"""What an edition says of itself: a draft's mark and date, or a released edition's version
and release date, in each of its languages; every writer takes its words from here.

Everything `build` writes is a draft: its pages carry the mark (DRAFT, 草案) and the date of
its content (WriteContext.draft_date); a draft of a document whose translation does not
exist yet says that it is pending (WriteContext.pending). An edition written with
WriteContext.release set is released: no mark, and a version line with the release date
instead. A rehearsal of a release (Release.rehearsal) is marked as a draft is, with words
no reader can take for a release ("REHEARSAL — not a release"), on every page and in its
version line. A released edition's metadata (keywords) repeat its version line, and say
so when it is a rehearsal or when the project does not track its translations. The PDF's
diagonal mark is a picture made here (draft_picture), so that it is no text of the page.
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
DRAFT_PENDING = _("Draft of {date} — translation into {languages} pending")
DRAFT_UNDATED_PENDING = _("Draft — translation into {languages} pending")
VERSION_OF = _("Version {version}, released {date}")
REHEARSAL_MARK = _("REHEARSAL — not a release")
REHEARSAL_WORD = _("REHEARSAL")  # the mark in the page margin, where the long one has no room
REHEARSAL_OF = _("Rehearsal of version {version}, {date} — not a release")
NOT_TRACKED = _("translations not approved unit by unit")


@dataclass(frozen=True)
class Status:
    """An edition's status in each of its languages (by language tag, in column order)."""

    draft: bool  # marked on every page: a draft, or a rehearsal of a release
    marks: dict[str, str]  # the mark (DRAFT, 草案); empty for a released edition
    lines: dict[str, str]  # "Draft of November 30, 2026" or "Version 1.0, released …"
    keywords: tuple[str, ...] = ()  # a release's, for the edition's metadata
    short: dict[str, str] | None = None  # the marks in the page margin, when not the marks

    @property
    def mark(self) -> str:
        """Every language's mark in one: DRAFT · 草案."""
        return " · ".join(dict.fromkeys(self.marks.values()))

    @property
    def margin(self) -> str:
        """The marks in the page margin (DRAFT · 草案; REHEARSAL · 发布演练)."""
        return " · ".join(dict.fromkeys((self.short or self.marks).values()))

    @property
    def line(self) -> str:
        return " · ".join(dict.fromkeys(self.lines.values()))


def status(layout: Layout, context) -> Status:
    release = getattr(context, "release", None)
    marks: dict[str, str] = {}
    lines: dict[str, str] = {}
    keywords: list[str] = []
    short: dict[str, str] = {}
    for column in layout.columns:
        locale = column.locale
        if release is not None:
            words = {"version": release.version, "date": locale.format_date(release.date)}
            if release.rehearsal:
                marks[column.lang] = locale.gettext(REHEARSAL_MARK)
                short[column.lang] = locale.gettext(REHEARSAL_WORD)
                lines[column.lang] = _fill(locale.gettext(REHEARSAL_OF), **words)
                keywords.append(marks[column.lang])
            else:
                lines[column.lang] = _fill(locale.gettext(VERSION_OF), **words)
            keywords.append(lines[column.lang])
            if not release.tracked:
                keywords.append(locale.gettext(NOT_TRACKED))
            continue
        marks[column.lang] = locale.gettext(DRAFT_MARK)
        date = getattr(context, "draft_date", None)
        pending = getattr(context, "pending", ())
        if pending:
            languages = locale.gettext(", ").join(_pending_name(tag, locale) for tag in pending)
            label = DRAFT_PENDING if date else DRAFT_UNDATED_PENDING
            lines[column.lang] = _fill(
                locale.gettext(label),
                languages=languages,
                date=locale.format_date(date) if date else "",
            )
        else:
            lines[column.lang] = (
                _fill(locale.gettext(DRAFT_OF), date=locale.format_date(date))
                if date
                else locale.gettext(DRAFT_UNDATED)
            )
    marked = release is None or release.rehearsal
    return Status(marked, marks, lines, tuple(dict.fromkeys(keywords)), short or None)


def _pending_name(babel_locale: str, locale) -> str:
    """A pending language as the draft line names it: as the edition's catalog names the
    language ("Original: English", 原文：英文: 英文译本, not Babel's 英语), else in Babel's
    words with its script (Simplified Chinese)."""
    from ..locale import english_language_name

    english = english_language_name(babel_locale)
    translated = locale.gettext(english) if english else ""
    if english and translated != english:
        return str(translated)
    return language_name(babel_locale, locale.babel_locale)


def language_name(babel_locale: str, in_locale: str) -> str:
    """A language's name (given by its Babel locale: zh_Hans_CN) in another's words
    (Simplified Chinese, 简体中文): its language and script, else its language alone."""
    from babel import Locale, UnknownLocaleError

    try:
        language = Locale.parse(babel_locale)
        names = Locale.parse(in_locale).languages
    except (ValueError, UnknownLocaleError):
        return babel_locale
    for key in (f"{language.language}_{language.script}", language.language):
        if key in names:
            return names[key]
    return babel_locale


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
MARK_MAX_PT = 500  # a longer mark (a rehearsal's) is drawn smaller: it stays on the page


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
    return url, round(min(turned.width / PX_PER_PT, MARK_MAX_PT), 1)


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
