"""Reads a content file as text: size cap, strict UTF-8, and control characters located."""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from dataclasses import dataclass

from .diagnostics import Location, Reporter

MAX_BYTES = 2 * 1024 * 1024
"""A content file larger than this is refused before it is read (the bundled one is 25 kB)."""

# C0 and C1 controls and DEL; tab, newline and carriage return are allowed.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_NAMES = {
    "\x00": "NULL",
    "\x08": "BACKSPACE",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
}
_FOREIGN_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


@dataclass(frozen=True)
class ControlChar:
    index: int  # offset in the returned text
    char: str
    location: Location

    @property
    def name(self) -> str:
        name = _CONTROL_NAMES.get(self.char) or unicodedata.name(self.char, "")
        return f"U+{ord(self.char):04X}" + (f" ({name})" if name else "")


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str  # control characters replaced by U+FFFD so that parsing can go on
    control_chars: tuple[ControlChar, ...]


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def read_source(path: str, reporter: Reporter, max_bytes: int = MAX_BYTES) -> SourceText | None:
    """Return the file's text, or None after reporting why it cannot be read."""
    start = Location(path)
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            reporter.error(
                "source.too-large",
                f"file is {size:,} bytes, over the limit of {max_bytes:,} bytes "
                "for one content file; split the document or check that this "
                "is the right file",
                start,
            )
            return None
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        reporter.error("source.unreadable", f"cannot read file: {exc.strerror}", start)
        return None
    for bom, name in _FOREIGN_BOMS:
        if data.startswith(bom):
            reporter.error(
                "source.encoding", f"file is encoded as {name}; re-save it as UTF-8", start
            )
            return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        reporter.error(
            "source.encoding", _encoding_message(data, exc), _byte_location(path, data, exc.start)
        )
        return None
    if not text.strip():
        reporter.error("source.empty", "file is empty; a content file holds one document", start)
        return None
    return source_from_text(path, text)


def source_from_text(path: str, text: str) -> SourceText:
    """Decoded text as a SourceText: a leading BOM dropped, control characters located."""
    text = text.removeprefix("\ufeff")
    found = []
    for match in _CONTROL.finditer(text):
        found.append(
            ControlChar(
                match.start(), match.group(), Location(path, *position(text, match.start()))
            )
        )
    if found:
        text = _CONTROL.sub("\ufffd", text)
    return SourceText(path, text, tuple(found))


def _byte_location(path: str, data: bytes, offset: int) -> Location:
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Location(path, data.count(b"\n", 0, offset) + 1, column)


def _encoding_message(data: bytes, exc: UnicodeDecodeError) -> str:
    bad = data[exc.start : exc.start + 2].hex(" ").upper()
    try:
        data.decode("gb18030")
        guess = "it looks like GBK/GB18030 (a common Chinese Windows encoding)"
    except UnicodeDecodeError:
        guess = "its encoding is unknown"
    return (
        f"file is not valid UTF-8 (bytes {bad}); {guess}. Re-save it as UTF-8 "
        "(in Notepad: Save As, Encoding: UTF-8)"
    )
