"""The Word writer: one language in named styles (docx.py), or the languages side by side
in one table (docx_side_by_side.py)."""

from __future__ import annotations

from ..layout import Layout
from . import marks
from .docx import render_docx
from .docx_side_by_side import render_side_by_side_docx


class DocxWriter:
    name, suffix, heavy = "docx", ".docx", False

    def write(self, layout: Layout, context) -> bytes:
        status = marks.status(layout, context)
        if len(layout.columns) == 1:
            return render_docx(layout, context.latin_lang, status)
        return render_side_by_side_docx(layout, context.latin_lang, status)


WRITER = DocxWriter()
