"""The fonts of a PDF and the glyph codes its pages draw, read with pikepdf (qpdf's parser):
what the rendered-output lint (writers/lint.py) needs beside the positions PDFium gives.

Every page's content is parsed, and every form it draws (with the form's own resources),
keeping the font that Tf sets as q and Q save and restore it; a two-byte font's codes are
mapped to CIDs through its embedded CMap (cidchar, cidrange) or as they are (Identity-H),
and CID 0 is the .notdef glyph; the text a code stands for comes from the font's ToUnicode
map (bfchar, bfrange with a first text or a list of texts).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

import pikepdf


@dataclass(eq=False)  # one per font dictionary, told apart by identity
class Font:
    """A font the PDF uses: its name (without the subset's tag), whether its program is in
    the PDF, whether its codes are two bytes (a CID-keyed font), how they map to CIDs."""

    name: str
    embedded: bool
    two_byte: bool
    cids: dict[int, int] | None  # code -> CID from an embedded CMap; None: identity
    to_unicode: pikepdf.Object | None = None  # the font's ToUnicode CMap

    def unicode(self, code: int) -> str:
        """The text the font's ToUnicode map gives a code ("" when it gives none)."""
        if not isinstance(self.to_unicode, pikepdf.Stream):
            return ""
        for operands, operator in _cmap(self.to_unicode):
            if operator == "endbfchar":
                for source, target in _groups(operands, 2):
                    if _code(source) == code:
                        return _text(target)
            elif operator == "endbfrange":
                for low, high, target in _groups(operands, 3):
                    first, last = _code(low), _code(high)
                    if first is None or last is None or not first <= code <= last:
                        continue
                    if isinstance(target, pikepdf.Array):  # one text per code
                        return _text(target[code - first]) if code - first < len(target) else ""
                    text = _text(target)
                    return text[:-1] + chr(ord(text[-1]) + code - first) if text else ""
        return ""


def _cmap(stream: pikepdf.Stream) -> list[tuple[Sequence, str]]:
    """A CMap's operators with their operands (begincmap, endbfchar, endcidrange ...)."""
    try:
        return list(_parse(stream))
    except pikepdf.PdfError:
        return []


def _parse(source, operators: str = "") -> Iterator[tuple[Any, str]]:
    """The operands and operator of each instruction of a content stream (or a CMap), of the
    operators named (all when none are)."""
    for instruction in pikepdf.parse_content_stream(source, operators):
        if isinstance(instruction, pikepdf.ContentStreamInstruction):
            yield instruction.operands, str(instruction.operator)


def _groups(operands: Sequence, size: int) -> Iterator[tuple]:
    return zip(*[iter(operands)] * size)


def _code(value) -> int | None:
    """A code of a CMap (<0041>) as a number."""
    return int.from_bytes(bytes(value), "big") if isinstance(value, pikepdf.String) else None


def _text(value) -> str:
    """A destination of a ToUnicode map (<00410042>): UTF-16BE text."""
    return bytes(value).decode("utf-16-be", "replace") if isinstance(value, pikepdf.String) else ""


def _cids(stream: pikepdf.Stream) -> dict[int, int]:
    """The code -> CID table of an embedded CMap (its cidchar and cidrange entries)."""
    cids: dict[int, int] = {}
    for operands, operator in _cmap(stream):
        if operator == "endcidchar":
            for source, cid in _groups(operands, 2):
                code = _code(source)
                if code is not None and isinstance(cid, int):
                    cids[code] = int(cid)
        elif operator == "endcidrange":
            for low, high, cid in _groups(operands, 3):
                first, last = _code(low), _code(high)
                if first is not None and last is not None and isinstance(cid, int):
                    for code in range(first, min(last, first + 65536) + 1):
                        cids[code] = int(cid) + code - first
    return cids


def without_subset_tag(name: str) -> str:
    """A font's name without the tag of its subset (ABCDEF+Noto-Serif: Noto-Serif)."""
    return re.sub(r"^[A-Z]{6}\+", "", name)


def _font(spec) -> Font:
    if not isinstance(spec, pikepdf.Dictionary):
        return Font("?", True, False, None)
    base = spec.get("/BaseFont")
    name = without_subset_tag(str(base).removeprefix("/") if base is not None else "?")
    subtype = spec.get("/Subtype")
    if subtype == "/Type3":
        return Font(name, True, False, None)
    descriptor_of = spec
    cids: dict[int, int] | None = None
    two_byte = subtype == "/Type0"
    if two_byte:
        descendants = spec.get("/DescendantFonts")
        first = descendants[0] if isinstance(descendants, pikepdf.Array) and descendants else None
        descriptor_of = first if isinstance(first, pikepdf.Dictionary) else pikepdf.Dictionary()
        encoding = spec.get("/Encoding")
        if isinstance(encoding, pikepdf.Stream):
            cids = _cids(encoding)
    descriptor = descriptor_of.get("/FontDescriptor")
    embedded = isinstance(descriptor, pikepdf.Dictionary) and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )
    return Font(name, embedded, two_byte, cids, spec.get("/ToUnicode"))


_DRAWING = "Tf Tj TJ ' \" q Q Do"  # the operators that choose a font and draw text


class _Reader:
    """The fonts of one PDF (each font dictionary read once) and the glyph codes its content
    streams draw with each."""

    def __init__(self) -> None:
        self.fonts: dict[tuple[int, int], Font] = {}  # by object number

    def font(self, spec) -> Font:
        objgen = spec.objgen if isinstance(spec, pikepdf.Object) else (0, 0)
        if objgen == (0, 0):  # a font dictionary written inside the page's: not shared
            return _font(spec)
        if objgen not in self.fonts:
            self.fonts[objgen] = _font(spec)
        return self.fonts[objgen]

    def page_fonts(self, resources) -> dict[str, Font]:
        fonts = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) else None
        if not isinstance(fonts, pikepdf.Dictionary):
            return {}
        return {key: self.font(spec) for key, spec in fonts.items()}

    def notdefs(self, source, resources, found: list, missing: list, seen: set) -> None:
        """Read one content stream (a page's, or a form's it draws) for the codes drawn as
        .notdef (into found) and the fonts not embedded (into missing); seen: the forms
        read already."""
        fonts = self.page_fonts(resources)
        missing.extend(f.name for f in fonts.values() if not f.embedded)
        current: Font | None = None
        saved: list[Font | None] = []
        for operands, op in _parse(source, _DRAWING):
            if op == "Tf" and operands:
                current = fonts.get(str(operands[0]))
            elif op == "q":
                saved.append(current)
            elif op == "Q":
                current = saved.pop() if saved else current
            elif op == "TJ" and operands and isinstance(operands[0], pikepdf.Array):
                if _may_draw_notdef(operands[0], current):
                    for item in operands[0]:
                        _count(item, current, found)
            elif op in ("Tj", "'", '"') and operands:
                _count(operands[-1], current, found)
            elif op == "Do" and operands:
                self.form(resources, str(operands[0]), found, missing, seen)

    def form(self, resources, name: str, found: list, missing: list, seen: set) -> None:
        """A form XObject drawn by name: its own content, with its own resources."""
        xobjects = resources.get("/XObject") if isinstance(resources, pikepdf.Dictionary) else None
        form = xobjects.get(name) if isinstance(xobjects, pikepdf.Dictionary) else None
        if not isinstance(form, pikepdf.Stream) or form.get("/Subtype") != "/Form":
            return
        if form.objgen in seen:  # drawn again (or drawing itself): read once
            return
        seen.add(form.objgen)
        self.notdefs(form, form.get("/Resources", resources), found, missing, seen)


def _may_draw_notdef(strings: pikepdf.Array, font: Font | None) -> bool:
    """Whether a TJ array (strings and spacings: a glyph or two each in a justified line)
    may draw code 0 in the font, without making a Python object of each of its items: qpdf
    writes every string that holds a zero byte in hexadecimal, without spaces, so an array
    whose written form has no "0000" has no two zero bytes in a row, no code 0."""
    if font is None or not font.two_byte:
        return False
    return font.cids is not None or b"0000" in strings.unparse()


def _count(string, font: Font | None, found: list) -> None:
    """Note the codes of a string drawn as .notdef (CID 0) in a two-byte font."""
    if font is None or not font.two_byte or not isinstance(string, pikepdf.String):
        return
    codes = bytes(string)
    if font.cids is None and b"\0\0" not in codes:  # identity: no code 0, fast
        return
    for i in range(0, len(codes) - 1, 2):
        code = codes[i] << 8 | codes[i + 1]
        cid = code if font.cids is None else font.cids.get(code, 0)
        if cid == 0:
            found.append((font, code))


def _inherited(page: pikepdf.Dictionary, key: str):
    """A page's value of an inheritable key (Resources): its own or its nearest parent's."""
    node: pikepdf.Object | None = page
    depth = 0
    while isinstance(node, pikepdf.Dictionary) and depth < 64:
        if key in node:
            return node.get(key)
        node, depth = node.get("/Parent"), depth + 1
    return None


def fonts_and_codes(pdf: bytes) -> list[tuple[int, list[str], list[tuple[Font, int, str]]]]:
    """Per page (from 1): the names of the fonts not embedded and the glyphs drawn as
    .notdef ((font, code, the text its ToUnicode map gives the code), once each). Only
    CID-keyed fonts (WeasyPrint's, Identity-H or an embedded CMap) are read for .notdef:
    CID 0."""
    found_pages = []
    reader = _Reader()
    with pikepdf.open(BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, 1):
            resources = _inherited(page.obj, "/Resources")
            missing: list[str] = []
            notdefs: list[tuple[Font, int]] = []
            try:
                reader.notdefs(page, resources, notdefs, missing, set())
            except pikepdf.PdfError:  # a content stream that cannot be read: no codes
                pass
            unique = list(dict.fromkeys(notdefs))
            found_pages.append(
                (number, missing, [(font, code, font.unicode(code)) for font, code in unique])
            )
    return found_pages
