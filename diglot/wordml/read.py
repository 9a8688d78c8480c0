"""Reading a .docx that came from elsewhere, untrusted: the archive (every entry's name, size
and compression ratio checked before it is read), each XML part parsed without DTDs,
entities or network, and the WordprocessingML a reader edits read back as runs of (text,
bold, link target), in either view of its tracked changes: "accepted" (insertions and the
formatting applied count, deletions do not) or "original" (the text before the changes:
deletions count, insertions do not); the tracked changes themselves with their authors and
dates, and Word's comments (word/comments.xml, resolved ones marked in
word/commentsExtended.xml) with where they are anchored."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .. import interrupts
from ..diagnostics import printable
from ..files import NotReadable, read_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"

MAX_FILE_BYTES = 50 * 1024 * 1024  # the .docx itself
MAX_ENTRY_BYTES = 20 * 1024 * 1024  # one entry, uncompressed
MAX_TOTAL_BYTES = 100 * 1024 * 1024  # all entries, uncompressed
MAX_RATIO = 100  # uncompressed / compressed, for entries above 1 MiB
MAX_ENTRIES = 2000

Run = tuple[str, bool, str | None]  # text, bold, link target
# what a Word writer marks where a line may or may not break (wordml.add_line_mark): a
# zero-width space, a word joiner
LINE_MARKS = ("\u200b", "\u2060")


class Refused(Exception):
    """The file cannot be read as a Word file: the message says why; row, the row of the
    table it is about (from 1, the header not counted), if any."""

    def __init__(self, message: str, row: int = 0):
        super().__init__(message)
        self.row = row


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
        if data.startswith(OLE_MAGIC):
            raise Refused(
                "a Word 97-2003 document (.doc), not a Word file (.docx): save it as Word "
                "(.docx) and import that"
            ) from None
        raise Refused("not a Word file (.docx): it is not a zip archive") from None
    entries: dict[str, bytes] = {}
    total = 0
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise Refused(f"the archive holds {len(infos)} entries; a .docx has far fewer")
        _refuse_names_twice(infos)
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
                interrupts.reraise(exc)
                raise Refused(f"entry '{name}': cannot be read ({exc})") from None
            except Exception as exc:  # zlib.error and the like: a damaged archive
                interrupts.reraise(exc)
                raise Refused(f"entry '{name}': cannot be read ({exc})") from None
            if len(data) > MAX_ENTRY_BYTES:
                raise Refused(f"entry '{name}': more than {MAX_ENTRY_BYTES} bytes uncompressed")
            entries[name] = data
    other = _odf_kind(entries.get("mimetype", b""))
    if other:
        raise Refused(f"{other}, not a Word file (.docx): save it as Word (.docx) and import that")
    for needed in ("[Content_Types].xml", "word/document.xml"):
        if needed not in entries:
            raise Refused(f"not a Word file (.docx): the archive has no {needed}")
    return entries


def _refuse_names_twice(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive that names one member twice: a reader (Word, LibreOffice, Python's
    zipfile) takes one copy and another reader the other, so what the reviewer saw need not
    be what is read. Names are compared as a package's part names are (ECMA-376 part 2:
    ASCII case ignored), either slash, so that no spelling of a name hides a second copy."""
    seen: dict[str, str] = {}
    for info in infos:
        name = info.filename
        key = name.replace("\\", "/").lower()
        if key in seen:
            raise Refused(
                f"entry '{name}': the archive holds a second '{seen[key]}' (a member named "
                "twice: which copy a reader shows is not known, so none is read)"
            )
        seen[key] = name


# the compound file (OLE) a Word 97-2003 .doc is
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF = "application/vnd.oasis.opendocument."
_ODF_KINDS = {
    "text": "an OpenDocument text (.odt)",
    "text-template": "an OpenDocument text template (.ott)",
}


def _odf_kind(mimetype: bytes) -> str:
    """What an OpenDocument package is, by its mimetype member (LibreOffice's own formats:
    a zip archive too, but not a Word file); "" for anything else."""
    text = mimetype[:200].decode("ascii", "replace").strip()
    if not text.startswith(_ODF):
        return ""
    kind = text[len(_ODF) :]
    return _ODF_KINDS.get(kind, f"an OpenDocument file ({printable(text)})")


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


def cell_paragraphs(tc, links: dict[str, str], view: str = "accepted") -> list[list[Run]]:
    """A cell's paragraphs as runs (neighbours of the same bold and link merged), with its
    tracked changes accepted, or (view "original") as they were before them. A paragraph
    whose mark is a tracked insertion (accepted: deletion) runs on into the next."""
    paragraphs: list[list[Run]] = []
    joined = False  # the previous paragraph's mark is not there in this view
    for p in tc.iter(f"{{{W}}}p"):
        found: list[Run] = []
        _runs(p, links, None, found, view)
        if joined and paragraphs:
            paragraphs[-1] = merge(paragraphs[-1] + found)
        else:
            paragraphs.append(merge(found))
        mark = p.find(f"{{{W}}}pPr/{{{W}}}rPr")
        gone = "ins" if view == "original" else "del"
        joined = mark is not None and mark.find(f"{{{W}}}{gone}") is not None
    return paragraphs


@dataclass(frozen=True)
class Change:
    """One tracked change: what it does, who made it and when, and the text it touches."""

    kind: str  # "insertion", "deletion", "formatting", "paragraph"
    author: str
    date: str  # as Word records it (2026-11-30T10:00:00Z), or ""
    text: str


_CHANGE_KINDS = {
    "ins": "insertion",
    "moveTo": "insertion",
    "del": "deletion",
    "moveFrom": "deletion",
    "rPrChange": "formatting",
    "pPrChange": "formatting",
}


def tracked_changes(element) -> list[Change]:
    """Every tracked change inside an element, in document order (a row or cell: its
    insertions, deletions, formatting changes, and paragraph marks inserted or deleted)."""
    found: list[Change] = []
    for node in element.iter(*(f"{{{W}}}{k}" for k in _CHANGE_KINDS)):
        local = node.tag.rsplit("}", 1)[-1]
        parent = node.getparent()
        parent_local = parent.tag.rsplit("}", 1)[-1] if parent is not None else ""
        if local in ("ins", "del") and parent_local == "rPr":
            grand = parent.getparent()
            if grand is not None and grand.tag == f"{{{W}}}pPr":
                kind, text = "paragraph", ""  # a paragraph mark inserted or deleted
            else:
                continue  # a run's mark inside w:ins / w:del: counted with its parent
        elif local in ("ins", "del") and parent_local == "trPr":
            kind, text = "row " + _CHANGE_KINDS[local], _text_of(parent.getparent())
        else:
            kind = _CHANGE_KINDS[local]
            target = parent.getparent() if kind == "formatting" else node
            text = _text_of(target) if target is not None else ""
        found.append(
            Change(kind, node.get(f"{{{W}}}author", ""), node.get(f"{{{W}}}date", ""), text)
        )
    return found


def _text_of(element) -> str:
    return "".join(
        t.text or "" for t in element.iter(f"{{{W}}}t", f"{{{W}}}delText") if t.text
    ).strip()


@dataclass(frozen=True)
class Comment:
    """One of Word's comments: its id, author, date, text as runs (paragraphs joined by a
    space), and whether it was marked resolved (Word's Resolve, w15:done); with the replies
    Word linked to it (Reply, word 2013 and later: comments of their own in
    word/comments.xml whose w15:paraIdParent in word/commentsExtended.xml names this one),
    in the file's order (Word's: oldest first). A thread is done when any of its comments is."""

    id: str
    author: str
    date: str
    runs: list[Run]
    done: bool
    replies: tuple[Comment, ...] = ()


def comments(entries: dict[str, bytes], links: dict[str, str]) -> dict[str, Comment]:
    """The comments of the main document (word/comments.xml) that start a thread, by id,
    each with its replies; a reply is never a comment of its own here. Word links a comment
    to word/commentsExtended.xml by the w14:paraId of its last paragraph (the parts Word
    365 adds beside them, word/commentsIds.xml and commentsExtensible.xml, say nothing
    more that a review needs)."""
    name = "word/comments.xml"
    if name not in entries:
        return {}
    done: set[str] = set()
    parents: dict[str, str] = {}  # a reply's paraId: its parent's
    extended = "word/commentsExtended.xml"
    if extended in entries:
        for item in parse_part(extended, entries[extended]):
            para = item.get(f"{{{W15}}}paraId", "")
            if item.get(f"{{{W15}}}done") in ("1", "true", "on"):
                done.add(para)
            if para and item.get(f"{{{W15}}}paraIdParent"):
                parents[para] = item.get(f"{{{W15}}}paraIdParent", "")
    found: dict[str, Comment] = {}
    para_of: dict[str, str] = {}  # comment id: the paraId of its last paragraph
    by_para: dict[str, str] = {}  # the paraId of a comment's last paragraph: its id
    for comment in parse_part(name, entries[name]).iter(f"{{{W}}}comment"):
        runs: list[Run] = []
        paragraphs = list(comment.iter(f"{{{W}}}p"))
        for i, p in enumerate(paragraphs):
            if i:
                runs.append((" ", False, None))
            _runs(p, links, None, runs, "accepted")
        last = paragraphs[-1].get(f"{{{W14}}}paraId", "") if paragraphs else ""
        comment_id = comment.get(f"{{{W}}}id", "")
        found[comment_id] = Comment(
            comment_id,
            comment.get(f"{{{W}}}author", ""),
            comment.get(f"{{{W}}}date", ""),
            merge(runs),
            bool(last) and last in done,
        )
        if last:
            para_of[comment_id] = last
            by_para.setdefault(last, comment_id)

    order = {comment_id: i for i, comment_id in enumerate(found)}

    def root(comment_id: str) -> str:
        """The comment that starts the thread (a reply to a reply: the first). A parent
        comes before its replies in the file, as Word writes them: one that is not there,
        or comes later (a loop), leaves the comment where it is."""
        current = comment_id
        while True:
            parent = by_para.get(parents.get(para_of.get(current, ""), ""))
            if parent is None or order[parent] >= order[current]:
                return current
            current = parent

    replies: dict[str, list[Comment]] = {}
    for comment_id, comment in found.items():
        first = root(comment_id)
        if first != comment_id:
            replies.setdefault(first, []).append(comment)
    threads: dict[str, Comment] = {}
    for comment_id, comment in found.items():
        if root(comment_id) != comment_id:
            continue
        answers = tuple(replies.get(comment_id, ()))
        threads[comment_id] = replace(
            comment, replies=answers, done=comment.done or any(r.done for r in answers)
        )
    return threads


def comment_anchors(document) -> dict[str, Any]:
    """Where each comment is anchored in the document: the element that starts its range
    (w:commentRangeStart), else its reference mark (w:commentReference), by comment id."""
    return _marks(document, ("commentReference", "commentRangeStart"))


def comment_ends(document) -> dict[str, Any]:
    """Where each comment's range ends: the element that ends it (w:commentRangeEnd), else
    its reference mark (w:commentReference), by comment id. A range may end in another cell
    or row than it starts in (Word writes the start in one row's cell, the end in a later
    one's)."""
    return _marks(document, ("commentReference", "commentRangeEnd"))


def _marks(document, tags: tuple[str, str]) -> dict[str, Any]:
    """The elements of the two tags by comment id, the second's winning."""
    found: dict[str, Any] = {}
    for tag in tags:
        for element in document.iter(f"{{{W}}}{tag}"):
            found[element.get(f"{{{W}}}id", "")] = element
    return found


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


def _bold_of(r, view: str = "accepted") -> bool:
    rpr = r.find(f"{{{W}}}rPr")
    if view == "original" and rpr is not None:  # the formatting before a tracked change
        before = rpr.find(f"{{{W}}}rPrChange/{{{W}}}rPr")
        if before is not None:
            rpr = before
    b = rpr.find(f"{{{W}}}b") if rpr is not None else None
    return b is not None and b.get(f"{{{W}}}val", "true") not in ("false", "0", "off")


def is_line_mark(r) -> bool:
    """Whether a run is one of the Word writers' marks of where a line may or may not break
    (wordml.add_line_mark: a zero-width space or a word joiner alone in a run without
    proofing), not text; such a character an author typed stands with other text, or
    without the mark."""
    noproof = r.find(f"{{{W}}}rPr/{{{W}}}noProof")
    if noproof is None or noproof.get(f"{{{W}}}val", "true") in ("false", "0", "off"):
        return False
    parts = [part for part in r if part.tag != f"{{{W}}}rPr"]
    return len(parts) == 1 and parts[0].tag == f"{{{W}}}t" and parts[0].text in LINE_MARKS


def _runs(element, links: dict[str, str], href: str | None, out: list[Run], view: str) -> None:
    for child in element:
        local = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if local == "r":
            if is_line_mark(child):
                continue  # where a line may (not) break, as a writer marked it: no text
            bold = _bold_of(child, view)
            for part in child:
                name = part.tag.rsplit("}", 1)[-1] if isinstance(part.tag, str) else ""
                if name == "t" or (name == "delText" and view == "original"):
                    out.append((part.text or "", bold, href))
                elif name == "tab":  # no value holds a tab
                    out.append((" ", bold, href))
                elif name in ("br", "cr"):
                    out.append(("\n", bold, href))
                elif name == "noBreakHyphen":  # Word's non-breaking hyphen: a hyphen
                    out.append(("-", bold, href))
        elif local == "hyperlink":
            target = links.get(child.get(f"{{{R}}}id", ""), None)
            anchor = child.get(f"{{{W}}}anchor")
            _runs(
                child,
                links,
                target if target is not None else (f"#{anchor}" if anchor else href),
                out,
                view,
            )
        elif local in ("del", "moveFrom") and view == "original":
            _runs(child, links, href, out, view)  # the text before the change
        elif local in ("ins", "moveTo") and view == "original":
            continue  # inserted by the change
        elif local in ("del", "moveFrom", "pPr", "rPr", "p", "tbl"):
            continue  # deleted text, properties; nested paragraphs are read on their own
        else:  # ins, smartTag, sdt, sdtContent, customXml, fldSimple, permStart …
            _runs(child, links, href, out, view)
