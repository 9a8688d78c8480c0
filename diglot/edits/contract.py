"""The public contract: what an import (a review file, an XLIFF file) asks to change, unit by
unit, naming where each request came from."""

from __future__ import annotations

from dataclasses import dataclass

# -- the public contract: what an import asks for --------------------------------------------


@dataclass(frozen=True)
class TextEdit:
    """New text for some fields of one target unit, checked against the text exported."""

    doc_id: str
    lang: str  # the target language tag (folder content/<lang>/)
    unit_id: str
    fields: dict[str, str]  # field name -> new text (inline markup, as written in content)
    expected_hash: str  # provenance.text_hash(target unit) when exported; "" = no translation then
    where: str  # how messages name the origin: "review file row 12"


@dataclass(frozen=True)
class NoteEdit:
    """A new open review note on one unit; or, with resolve, its open notes marked resolved
    (and the text, if any, added as a resolved note that records the resolution)."""

    doc_id: str
    lang: str
    unit_id: str
    text: str
    author: str | None
    date: str | None  # YYYY-MM-DD
    resolve: bool = False
    where: str = ""
