"""The Word edition: a plain first version (styles, fonts and numbering follow)."""

from __future__ import annotations

import io

import docx as python_docx

from ..locale import EditionLocale
from ..model import Document


def render_docx(document: Document, locale: EditionLocale) -> bytes:
    out = io.BytesIO()
    word = python_docx.Document()
    for unit in document.units():
        word.add_paragraph(unit.main.plain)
    word.save(out)
    return out.getvalue()
