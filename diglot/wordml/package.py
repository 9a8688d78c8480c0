"""The package around the parts: the font table (with the Windows character set of each
East Asian Word language), custom document properties, and a reproducible zip."""

from __future__ import annotations

import io
import zipfile

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_LATIN_CHARSET = "00"  # ANSI, for Latin-script fonts


def _with_fonts(font_table: bytes, fonts: list[tuple[str, str | None, str, str | None]]) -> bytes:
    """Declare the edition's fonts (name, the Windows character set of an East Asian face
    from its language profile or None, family, and the Office face that stands in for it or
    None) in word/fontTable.xml, so that Word substitutes a font of the same script and kind
    where one is missing: the one its alternative name (w:altName) gives."""
    from xml.sax.saxutils import quoteattr

    root = etree.fromstring(font_table)
    for name, east_asian, family, alternative in fonts:
        if root.find(f"{{{_W}}}font[@{{{_W}}}name={quoteattr(name)}]") is not None:
            continue
        charset = east_asian or _LATIN_CHARSET
        root.append(
            parse_xml(
                f"<w:font {nsdecls('w')} w:name={quoteattr(name)}>"
                + (f"<w:altName w:val={quoteattr(alternative)}/>" if alternative else "")
                + (f'<w:charset w:val="{charset}"/>' if charset else "")
                + f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _with_theme(theme: bytes, fonts: dict[str, str]) -> bytes:
    """The theme's fonts (minor.latin, minor.ea, major.latin, major.ea: the Office faces
    of the edition's languages), over the template's (Calibri, Cambria, none)."""
    if not fonts:
        return theme
    root = etree.fromstring(theme)
    for key, face in fonts.items():
        kind, script = key.split(".")
        for found in root.iter(f"{{{_A}}}{kind}Font"):
            element = found.find(f"{{{_A}}}{script}")
            if element is not None:
                element.set("typeface", face)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def reproducible_zip(
    docx: bytes,
    date_time: tuple[int, ...],
    fonts: list[tuple[str, str | None, str, str | None]],
    theme: dict[str, str] | None = None,
) -> bytes:
    """The package rewritten with one fixed timestamp and a stable entry order, so that the
    same document always gives the same bytes. A ZIP entry holds no time before 1980 or
    after 2107: the timestamp is brought into that range (the document keeps its date)."""
    y, mo, d, h, mi, s = max(
        min(tuple(date_time), (2107, 12, 31, 23, 59, 58)), (1980, 1, 1, 0, 0, 0)
    )
    stamp = (y, mo, d, h, mi, s)
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        entries = {name: source.read(name) for name in source.namelist()}
    entries["word/fontTable.xml"] = _with_fonts(entries["word/fontTable.xml"], fonts)
    if "word/theme/theme1.xml" in entries:
        entries["word/theme/theme1.xml"] = _with_theme(
            entries["word/theme/theme1.xml"], theme or {}
        )
    first = ["[Content_Types].xml", "_rels/.rels"]
    order = [n for n in first if n in entries] + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name])
    return out.getvalue()


# -- custom document properties -------------------------------------------------------------

CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
RT_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"


CORE_TEXT_MAX = 255  # characters of a core property's text (python-docx refuses more)


def set_core_texts(properties, **texts: str) -> None:
    """Set core properties (title, subject, keywords, author ...) to these texts, each cut
    to CORE_TEXT_MAX characters with an ellipsis when longer: a long title, or two joined
    in a side-by-side edition, is a property cut short, not a build that fails."""
    for name, text in texts.items():
        if len(text) > CORE_TEXT_MAX:
            text = text[: CORE_TEXT_MAX - 1].rstrip() + "\u2026"
        setattr(properties, name, text)


def custom_properties_part(properties: list[tuple[str, str]]) -> bytes:
    """docProps/custom.xml holding these (name, text) properties, in order."""
    from xml.sax.saxutils import escape, quoteattr

    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" '
        f"name={quoteattr(name)}><vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties, 2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Properties xmlns="{CUSTOM}" xmlns:vt="{VT}">{items}</Properties>'
    ).encode()


def add_custom_properties(document, properties: list[tuple[str, str]]) -> None:
    """Custom document properties (File > Properties > Custom in Word) for the package."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document.part.package
    part = Part(
        PackURI("/docProps/custom.xml"), CT_CUSTOM, custom_properties_part(properties), package
    )
    package.relate_to(part, RT_CUSTOM)
