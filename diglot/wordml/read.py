"""Reading a .docx that came from elsewhere, untrusted: the archive (every entry's name, size
and compression ratio checked before it is read), each XML part parsed without DTDs,
entities or network, and the WordprocessingML a reader edits read back as runs of (text,
bold, link target): tracked insertions count, tracked deletions do not."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from ..files import NotReadable, read_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

MAX_FILE_BYTES = 50 * 1024 * 1024  # the .docx itself
MAX_ENTRY_BYTES = 20 * 1024 * 1024  # one entry, uncompressed
MAX_TOTAL_BYTES = 100 * 1024 * 1024  # all entries, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for entries above 1 MiB
MAX_ENTRIES = 2000

Run = tuple[str, bool, str | None]  # text, bold, link target


class Refused(Exception):
    """The file cannot be read as a Word file: the message says why."""


class Unreadable(Refused):
    """The file cannot be read at all (missing, no permission): an environment error."""


def read_zip(path: Path, kind: str = "a Word file") -> dict[str, bytes]:
    """The entries of a .docx, every name, size and ratio checked before it is read; kind
    names the file in the messages."""
    try:  # a regular file, never more than the limit read (not /dev/zero, not a pipe)
        data = read_bytes(path, MAX_FILE_BYTES)
    except NotReadable as exc:
        if exc.kind == "too-large":
            raise Refused(
                f"the file {exc.reason}; {kind} is at most {MAX_FILE_BYTES:,} bytes"
            ) from None
        raise Unreadable(f"the file {exc.reason}") from None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Refused("not a Word file (.docx): it is not a zip archive") from None
    entries: dict[str, bytes] = {}
    total = 0
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise Refused(f"the archive holds {len(infos)} entries; a .docx has far fewer")
        for info in infos:
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if (
                name.startswith(("/", "\\"))
                or ".." in parts
                or re.match(r"[A-Za-z]:", name)
                or "\x00" in name
            ):
                raise Refused(f"entry '{name}': a name that leads out of the archive is refused")
            if info.file_size > MAX_ENTRY_BYTES:
                raise Refused(
                    f"entry '{name}': {info.file_size} bytes uncompressed; at most "
                    f"{MAX_ENTRY_BYTES} are read"
                )
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise Refused(
                    f"entry '{name}': compressed {info.compress_size} to {info.file_size} bytes "
                    "(a compression bomb)"
                )
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise Refused(f"the entries hold more than {MAX_TOTAL_BYTES} bytes uncompressed")
            if name.endswith("/"):
                continue
            try:
                with archive.open(info) as handle:
                    data = handle.read(MAX_ENTRY_BYTES + 1)  # the header's size may lie
            except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError) as exc:
                raise Refused(f"entry '{name}': cannot be read ({exc})") from None
            except Exception as exc:  # zlib.error and the like: a damaged archive
                raise Refused(f"entry '{name}': cannot be read ({exc})") from None
            if len(data) > MAX_ENTRY_BYTES:
                raise Refused(f"entry '{name}': more than {MAX_ENTRY_BYTES} bytes uncompressed")
            entries[name] = data
    for needed in ("[Content_Types].xml", "word/document.xml"):
        if needed not in entries:
            raise Refused(f"not a Word file (.docx): the archive has no {needed}")
    return entries


def parse_part(name: str, data: bytes):
    """Parse one XML entry safely: no DTD (so no entity can be declared or expanded), no
    network, no huge trees."""
    from lxml import etree

    from ..xmlsafe import hardened_parser

    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise Refused(
            f"{name}: a document type declaration (<!DOCTYPE>, <!ENTITY>) is not allowed in "
            "a Word file; refused (entity expansion)"
        )
    try:
        root = etree.fromstring(data, hardened_parser())
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None) or 1
        raise Refused(f"{name}:{line}: the XML is not well-formed: {exc.msg}") from None
    if root.getroottree().docinfo.doctype:
        raise Refused(f"{name}: a document type declaration is not allowed; refused")
    return root


def hyperlink_targets(entries: dict[str, bytes]) -> dict[str, str]:
    """The external link targets of the main document, by relationship id."""
    found: dict[str, str] = {}
    name = "word/_rels/document.xml.rels"
    if name in entries:
        for rel in parse_part(name, entries[name]):
            if rel.get("Id") and rel.get("Type", "").endswith("/hyperlink"):
                found[rel.get("Id")] = rel.get("Target", "")
    return found


def custom_properties(entries: dict[str, bytes]) -> dict[str, str]:
    """The custom document properties (docProps/custom.xml), by name."""
    found: dict[str, str] = {}
    name = "docProps/custom.xml"
    if name in entries:
        for prop in parse_part(name, entries[name]):
            if prop.get("name"):
                found[prop.get("name")] = "".join(prop.itertext())
    return found


def last_author(
    entries: dict[str, bytes], ignored: tuple[str, ...] = ("python-docx",)
) -> str | None:
    """Who last saved the file (lastModifiedBy), else who made it (creator); a name a
    program writes for itself does not count."""
    name = "docProps/core.xml"
    if name not in entries:
        return None
    core = parse_part(name, entries[name])
    for local in ("lastModifiedBy", "creator"):
        for element in core:
            if element.tag.rsplit("}", 1)[-1] == local and (element.text or "").strip():
                if element.text.strip() not in ignored:
                    return element.text.strip()
    return None


def tables(document) -> list:
    """The tables of the document's body (w:tbl), in order."""
    body = document.find(f"{{{W}}}body")
    return [] if body is None else body.findall(f"{{{W}}}tbl")


def rows(table) -> list:
    return table.findall(f"{{{W}}}tr")


def cells(row) -> list:
    return row.findall(f"{{{W}}}tc")


def cell_span(tc) -> int:
    """How many grid columns a cell spans (w:gridSpan)."""
    span = tc.find(f"{{{W}}}tcPr/{{{W}}}gridSpan")
    try:
        return int(span.get(f"{{{W}}}val")) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def cell_paragraphs(tc, links: dict[str, str]) -> list[list[Run]]:
    """A cell's paragraphs as runs (neighbours of the same bold and link merged)."""
    paragraphs = []
    for p in tc.iter(f"{{{W}}}p"):
        found: list[Run] = []
        _runs(p, links, None, found)
        paragraphs.append(merge(found))
    return paragraphs


def merge(found: list[Run]) -> list[Run]:
    """Neighbouring runs of the same bold and link as one; empty runs dropped."""
    merged: list[Run] = []
    for text, bold, href in found:
        if not text:
            continue
        if merged and merged[-1][1:] == (bold, href):
            merged[-1] = (merged[-1][0] + text, bold, href)
        else:
            merged.append((text, bold, href))
    return merged


def _bold_of(r) -> bool:
    b = r.find(f"{{{W}}}rPr/{{{W}}}b")
    return b is not None and b.get(f"{{{W}}}val", "true") not in ("false", "0", "off")


def _runs(element, links: dict[str, str], href: str | None, out: list[Run]) -> None:
    for child in element:
        local = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if local == "r":
            bold = _bold_of(child)
            for part in child:
                name = part.tag.rsplit("}", 1)[-1] if isinstance(part.tag, str) else ""
                if name == "t":
                    out.append((part.text or "", bold, href))
                elif name == "tab":  # no value holds a tab
                    out.append((" ", bold, href))
                elif name in ("br", "cr"):
                    out.append(("\n", bold, href))
        elif local == "hyperlink":
            target = links.get(child.get(f"{{{R}}}id", ""), None)
            anchor = child.get(f"{{{W}}}anchor")
            _runs(
                child,
                links,
                target if target is not None else (f"#{anchor}" if anchor else href),
                out,
            )
        elif local in ("del", "moveFrom", "pPr", "rPr", "p", "tbl"):
            continue  # deleted text, properties; nested paragraphs are read on their own
        else:  # ins, smartTag, sdt, sdtContent, customXml, fldSimple, permStart …
            _runs(child, links, href, out)
