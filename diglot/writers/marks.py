"""What an edition says of itself: a draft's mark and date, or a released edition's version
and release date, in each of its languages; every writer takes its words from here.

Everything `build` writes is a draft: its pages carry the mark (DRAFT, 草案) and the date of
its content (WriteContext.draft_date). An edition written with WriteContext.release set is
released: no mark, and a version line with the release date instead.
"""

from __future__ import annotations

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
