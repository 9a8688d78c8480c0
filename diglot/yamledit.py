"""Editing YAML as text: a scalar replaced by a new value in a quoting style that can hold
it (the one it had when it can: plain, single, double, a `|` or `>` block; else double-quoted
with escapes, a text of several lines as a `|` block), splices applied at once, and what an
edit needs to know of the text around a node (where its line ends, the file's line break,
where a block node's last scalar ends). Comments, blank lines, key order, line endings and
a byte-order mark are left as they were. It knows nothing of diglot's content: callers
(edits/) say what to change and check the edited text by loading it again."""

from __future__ import annotations

import codecs
import json
import re

from .yamlplain import plain_ok
from .yamltree import Mapping, Node, Scalar, Sequence, mappings


def decode(original: bytes) -> tuple[bytes, str]:
    """A file's byte-order mark (b"" when it has none) and its text; UnicodeDecodeError when
    it is not UTF-8."""
    bom = codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b""
    return bom, original[len(bom) :].decode("utf-8")


def encode(bom: bytes, text: str) -> bytes:
    """The edited file's bytes, with the byte-order mark it had."""
    return bom + text.encode("utf-8")


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """The text with every (start, end, replacement) splice made (they do not overlap)."""
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def quoted(value: str) -> str:
    """A YAML double-quoted scalar every reader takes for this text (JSON's escapes are
    YAML's; the line and paragraph separators are escaped too)."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
        .replace("\x85", "\\u0085")
    )


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _single_ok(value: str) -> bool:
    return bool(
        value
        and "\n" not in value
        and "\r" not in value
        and "\t" not in value
        and not _CONTROL.search(value)
    )


def _block_ok(value: str) -> bool:
    """Whether value can be written as a literal block (each line as it is)."""
    lines = value.rstrip("\n").split("\n")
    return bool(
        value.strip()
        and "\r" not in value
        and "\t" not in value
        and not _CONTROL.search(value)
        and not lines[0].startswith(" ")
        and all(line == line.rstrip(" ") for line in lines)
    )


def replace_scalar(text: str, node: Scalar, new: str, flow: bool) -> tuple[int, int, str]:
    """The edit that replaces a scalar's text with new, in the scalar's style when it can
    hold new, else double-quoted (a literal block for several lines outside flow
    collections)."""
    start, end = node.start, node.end
    style = text[start]
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    head = text[line_start:start]
    indent = len(head) - len(head.lstrip(" -"))  # of the key, or of the text after '- '
    if style in "|>" and not flow:
        body = text[start:end].rstrip()  # the trailing line break stays where it is
        lines = body.splitlines()
        content_indent = next(
            (len(line) - len(line.lstrip(" ")) for line in lines[1:] if line.strip()),
            indent + 2,
        )
        header = lines[0] if lines else style
        header = re.sub(r"[-+]", "", header.split("#")[0].rstrip())  # the chomping follows new
        indicator = header.strip()
        if style == ">" and "\n" in new.rstrip("\n"):
            indicator = "|"  # a folded block would join the lines: write them as they are
        if _block_ok(new) and re.fullmatch(r"[|>][1-9]?", indicator):
            chomp = "-" if not new.endswith("\n") else "+" if new.endswith("\n\n") else ""
            pad = " " * content_indent
            lines_out = new.rstrip("\n").split("\n")
            digits = "".join(c for c in indicator if c.isdigit())
            if digits:
                pad = " " * (indent + int(digits))
            out = indicator[0] + digits + chomp
            nl = line_break(text)
            out += "".join(f"{nl}{pad}{line}" if line else nl for line in lines_out)
            return start, start + len(body), out
        return start, start + len(body), quoted(new)
    if style == "'" and _single_ok(new):
        return start, end, "'" + new.replace("'", "''") + "'"
    if style not in "'\"|>" and plain_ok(new, flow):
        return start, end, new
    if style == '"' or flow or "\n" not in new.strip("\n") or not _block_ok(new):
        return start, end, quoted(new)
    # several lines, once plain or quoted: a literal block
    chomp = "-" if not new.endswith("\n") else "+" if new.endswith("\n\n") else ""
    pad = " " * (indent + 2)
    nl = line_break(text)
    lines_out = new.rstrip("\n").split("\n")
    return (
        start,
        end,
        "|" + chomp + "".join(f"{nl}{pad}{line}" if line else nl for line in lines_out),
    )


def last_scalar_end(node: Node) -> int:
    """Where the last scalar of a node ends (a block node's own end may lie on the next
    line)."""
    while not isinstance(node, Scalar):
        children: list[Node] = (
            node.items
            if isinstance(node, Sequence)
            else [v for _, v in node.items]
            if isinstance(node, Mapping)
            else []
        )
        if not children:
            return node.end
        node = children[-1]
    return node.end


def line_end(text: str, offset: int) -> int:
    """The offset of the line break ending the line offset is on, or -1 on the last line."""
    return min(
        (i for i in (text.find("\n", offset), text.find("\r", offset)) if i >= 0), default=-1
    )


def line_break(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\r" if "\r" in text and "\n" not in text else "\n"


def mappings_by_id(node: Node | None) -> dict[str, Mapping]:
    found: dict[str, Mapping] = {}
    for mapping in mappings(node):
        value = next((v for k, v in mapping.items if k.value == "id"), None)
        if isinstance(value, Scalar):
            found.setdefault(value.value, mapping)
    return found
