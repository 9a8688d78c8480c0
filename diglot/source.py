"""Reads a content file as text: size cap, strict UTF-8, and control characters located."""

from __future__ import annotations

import bisect
import codecs
import dataclasses
import heapq
import itertools
import os
import re
import unicodedata
from collections import namedtuple
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from .diagnostics import Location, Reporter
from .files import NotReadable, Stamp, read_stamped

MAX_BYTES = 2 * 1024 * 1024
"""A content file larger than this is refused before it is read (the bundled one is 25 kB)."""

# What no value may hold, typed or written as a YAML escape ("\v", "\x01", "\u2028"): C0
# controls but tab and line feed, DEL, C1 controls, the line and paragraph separators (YAML
# reads them as line breaks), surrogates and noncharacters. A carriage return is only
# refused in a value: in the file it ends a line.
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(1, 17)
)
_CONTROL = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{_NONCHARACTERS}]"
)  # typed in the file
_BIDI = "\u202a-\u202e\u2066-\u2069"  # overrides and isolates; a profile may allow them
_BIDI_CHAR = re.compile(f"[{_BIDI}]")
_IN_FILE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029{_NONCHARACTERS}{_BIDI}]")
IN_VALUE = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff{_NONCHARACTERS}{_BIDI}]"
)  # in a parsed value, where only an escape can have put them
_CONTROL_NAMES = {
    "\x00": "NULL",
    "\x07": "BELL",
    "\x08": "BACKSPACE",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\x0d": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    "\x85": "NEXT LINE",
}
_FOREIGN_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


class ControlChar(namedtuple("ControlChar", "index char escape", defaults=(None,))):
    """A character no value may hold, at its offset in the text; escape: how it is written
    when it is a YAML escape ("\\v"). (A named tuple: a hostile file holds millions.)"""

    __slots__ = ()

    @property
    def name(self) -> str:
        return char_name(self.char)

    @property
    def control(self) -> bool:
        """A control character or a line or paragraph separator, not a noncharacter."""
        return unicodedata.category(self.char) in ("Cc", "Zl", "Zp")

    @property
    def bidi(self) -> bool:
        return bool(_BIDI_CHAR.match(self.char))


def value_problem(text: str, bidi_allowed: bool = False) -> str | None:
    """Why a text that is about to be written into a content file cannot be (the loader's
    rule: no character no value may hold, no bidirectional control unless the language's
    profile allows them, no more than a content file may hold), or None."""
    for match in IN_VALUE.finditer(text):
        char = match[0]
        if bidi_allowed and _BIDI_CHAR.match(char):
            continue
        if _BIDI_CHAR.match(char):
            return (
                f"contains {char_name(char)}, a bidirectional control character, which the "
                "language's profile does not allow ([text] bidi-controls); remove it"
            )
        return f"contains {char_name(char)}, which no text may hold; remove it"
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        return (
            f"is {size:,} bytes long, more than a whole content file may hold ({MAX_BYTES:,} bytes)"
        )
    return None


NAME_MAX = 100


def clean_name(name: str | None) -> str | None:
    """A person's name from metadata (git's user.name, a Word file's last author) as a note
    may record it: without the characters no value may hold (controls, bidirectional
    controls), its spaces collapsed, at most NAME_MAX characters; None when nothing is left."""
    if not name:
        return None
    kept = " ".join(IN_VALUE.sub(" ", name).split())[:NAME_MAX].strip()
    return kept or None


def nfc(text: str) -> str:
    """The text in Unicode's composed form (NFC): an accented letter typed as one character
    or as a letter and a combining mark is the same text to the glossary and its checks."""
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def char_name(char: str) -> str:
    """U+000B (LINE TABULATION), U+0091 (a C1 control character), U+FFFE (a noncharacter)."""
    code = ord(char)
    name = _CONTROL_NAMES.get(char) or unicodedata.name(char, "")
    if not name:
        name = (
            "a control character"
            if code < 0x20
            else "a C1 control character"
            if code < 0xA0
            else "a surrogate, not a character"
            if 0xD800 <= code < 0xE000
            else "a noncharacter"
        )
    return f"U+{code:04X} ({name})"


@dataclass(frozen=True)
class SourceText:
    path: str
    text: str  # control characters replaced by U+FFFD so that parsing can go on
    typed: str | None = None  # the text as read, when it holds characters no value may
    raw: bytes | None = None  # the file's bytes, when the text was read from the disk
    stamp: Stamp | None = None  # and what says the file is still as read (files.Stamp)

    def control_chars(self, bidi_allowed: bool = False) -> Iterator[ControlChar]:
        """The characters no value may hold as typed in the file, in order (found on
        demand: a hostile file holds millions)."""
        pattern = _CONTROL if bidi_allowed else _IN_FILE
        return (ControlChar(m.start(), m[0]) for m in pattern.finditer(self.typed or ""))

    def count_control_chars(self, bidi_allowed: bool = False) -> int:
        return len((_CONTROL if bidi_allowed else _IN_FILE).findall(self.typed or ""))

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer("\n", self.text)]

    def location(self, index: int) -> Location:
        """The place of a character offset, found in logarithmic time."""
        line = bisect.bisect_right(self._line_starts, index)
        return Location(self.path, line, index - self._line_starts[line - 1] + 1)


def read_source(
    path: str,
    reporter: Reporter,
    max_bytes: int = MAX_BYTES,
    within: str | os.PathLike | None = None,
) -> SourceText | None:
    """Return the file's text, or None after reporting why it cannot be read (within: the
    folder a link may not lead out of)."""
    start = Location(path)
    try:
        data, found = read_stamped(path, max_bytes, within=within)
    except NotReadable as exc:
        if exc.kind == "too-large":
            size = f"{exc.size:,} bytes" if exc.size else "more bytes than that"
            reporter.error(
                "source.too-large",
                f"file is {size}, over the limit of {max_bytes:,} bytes "
                "for one content file; split the document or check that this "
                "is the right file",
                start,
            )
        else:
            reporter.error("source.unreadable", f"cannot read the file: it {exc.reason}", start)
        return None
    for bom, name in _FOREIGN_BOMS:
        if data.startswith(bom):
            reporter.error(
                "source.encoding", f"file is encoded as {name}; re-save it as UTF-8", start
            )
            return None
    raw_bom = b""
    if data.startswith(codecs.BOM_UTF8):
        raw_bom, data = codecs.BOM_UTF8, data[len(codecs.BOM_UTF8) :]
    if _utf16_without_bom(data):
        reporter.error(
            "source.encoding",
            "file is encoded as UTF-16 without a byte-order mark; re-save as UTF-8 "
            "(in Notepad: Save As, Encoding: UTF-8)",
            start,
        )
        return None
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
    raw = data if raw_bom == b"" else raw_bom + data
    return dataclasses.replace(source_from_text(path, text), raw=raw, stamp=found)


def source_from_text(path: str, text: str) -> SourceText:
    """Decoded text as a SourceText: a leading BOM dropped, control characters located."""
    text = text.removeprefix("\ufeff")
    if not _IN_FILE.search(text):
        return SourceText(path, text)
    return SourceText(path, _CONTROL.sub("\ufffd", text), text)  # bidi controls are valid YAML


def report_control_chars(
    source: SourceText,
    escaped: list[ControlChar],
    reporter: Reporter,
    *,
    bidi_allowed: bool = False,
    place: Callable[[int], str | None] = lambda index: None,
) -> None:
    """Report every character no value may hold, typed (source.control_chars) or written as
    an escape (escaped), in file order, each with the value it is in (place: by offset);
    the same rule for both."""
    code = "source.control-char"
    typed = source.control_chars(bidi_allowed)
    chars = heapq.merge(typed, escaped, key=lambda c: c.index) if escaped else typed
    if bidi_allowed:
        chars = (c for c in chars if not c.bidi)
    shown = 0
    for char in itertools.islice(chars, reporter.room(source.path, code)):
        shown += 1
        where = place(char.index) or "outside any text value"
        written = f", written as the escape {char.escape}," if char.escape else ","
        kind = "a control character" if char.control else "a character"
        if char.bidi:
            why = (
                f"{written} a bidirectional control character that can make the text "
                "display in another order than it is stored; delete it (a language "
                "profile can allow them: [text] bidi-controls = true)"
            )
        elif char.escape:
            why = f"{written} {kind} that is not allowed in text; delete it"
        else:
            why = f"{written} {kind} that is not allowed (often pasted from Word); delete it"
        reporter.error(code, f"{where}: contains {char.name}{why}", source.location(char.index))
    first = next(chars, None)
    if first is not None:
        total = source.count_control_chars(bidi_allowed) + sum(
            1 for c in escaped if not (bidi_allowed and c.bidi)
        )
        reporter.more(code, "error", source.location(first.index), total - shown)


def _utf16_without_bom(data: bytes) -> bool:
    """Whether the bytes look like UTF-16 without its byte-order mark: NUL bytes at most
    even or at most odd offsets (the high byte of Latin text, or the low byte of some
    characters), and hardly any at the others."""
    head = data[:4096]
    halves = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    return pairs >= 2 and max(halves) >= pairs / 4 and min(halves) <= max(halves) / 8


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
