"""Reads the plain block YAML that content files are written in, without ruamel.yaml.

Content files use a small part of YAML: block mappings and sequences indented with spaces,
and one-line scalars (plain, "double-quoted" or 'single-quoted'), with comments. This
reader builds exactly the tree yamltree's ruamel.yaml path builds for such a file (the same
values, locations and character offsets), and answers None for anything else: flow
collections, block scalars, multi-line scalars, anchors, aliases, tags, escapes other than
\\" and \\\\, empty values, duplicate keys, tabs, CR line ends, document markers, or any line
it does not recognise. yamltree then parses the file with ruamel.yaml, which also reports
every error with its place, so this reader never reports anything.

It saves importing ruamel.yaml (a tenth of `check`'s start-up) and most of the parsing time
of every file. tests/test_yamlquick.py compares its trees with ruamel.yaml's on the bundled
content, every test fixture and many generated files.
"""

from __future__ import annotations

import re

from .diagnostics import Location
from .yamltree import Mapping, Node, Scalar, Sequence

# Characters this reader leaves to ruamel.yaml wherever they are: tabs, CR and the other
# YAML line breaks, other control characters, the byte-order mark and non-characters.
_UNUSUAL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff"
                      "\ud800-\udfff]")
_KEY = re.compile(r"([A-Za-z0-9][A-Za-z0-9_.-]*):(?: +|$)")
_PLAIN_START = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s]")
# A plain scalar in a flow list: no indicator first, and no , [ ] { } : # inside.
_FLOW_PLAIN = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s][^,\[\]{}:#]*")


class _Unsupported(Exception):
    """The file uses YAML beyond the subset: ruamel.yaml will read it."""


class _Line:
    __slots__ = ("number", "start", "indent", "text")

    def __init__(self, number: int, start: int, indent: int, text: str):
        self.number, self.start, self.indent, self.text = number, start, indent, text


def quick_tree(path: str, text: str) -> Node | None:
    """The document's root node, or None when the text is not in the subset."""
    if _UNUSUAL.search(text):
        return None
    lines = []
    offset = 0
    for number, raw in enumerate(text.split("\n")):
        content = raw.lstrip(" ")
        if content and not content.startswith("#"):
            if raw.startswith(("---", "...", "%")):
                return None
            lines.append(_Line(number, offset, len(raw) - len(content), raw))
        offset += len(raw) + 1
    if not lines or lines[0].indent != 0:
        return None
    reader = _Reader(path, lines, len(text))
    try:
        root = reader.block(0, 0)
    except _Unsupported:
        return None
    return root if reader.next_line == len(lines) else None


class _Reader:
    def __init__(self, path: str, lines: list[_Line], length: int):
        self.path, self.lines, self.length = path, lines, length
        self.next_line = 0

    def location(self, line: _Line, column: int) -> Location:
        return Location(self.path, line.number + 1, column + 1)

    def end_before(self, i: int) -> int:
        """Where a block collection ends: the first character of line i, or the end."""
        if i < len(self.lines):
            line = self.lines[i]
            return line.start + line.indent
        return self.length

    def block(self, i: int, column: int) -> Node:
        """The mapping or sequence whose first entry starts at column of line i."""
        line = self.lines[i]
        if line.text.startswith("-", column) and line.text[column + 1:column + 2] in (" ", ""):
            return self.sequence(i, column, indentless=False)
        return self.mapping(i, column)

    def mapping(self, i: int, column: int) -> Mapping:
        lines = self.lines
        first = lines[i]
        node = Mapping(self.location(first, column), first.start + column, 0)
        keys: set[str] = set()
        while True:
            line = lines[i]
            match = _KEY.match(line.text, column)
            if match is None:
                raise _Unsupported
            name = match.group(1)
            if name in keys:
                raise _Unsupported  # ruamel.yaml's path reports the duplicate
            keys.add(name)
            start = line.start + column
            key = Scalar(Location(self.path, line.number + 1, column + 1), start,
                         start + len(name), name, True)
            rest = match.end()
            if rest == len(line.text) or line.text.startswith("#", rest):
                value, i = self.nested(i + 1, column)
            else:
                value = self.inline(line, rest)
                i += 1
                if i < len(lines) and lines[i].indent > column:
                    raise _Unsupported  # a continuation line, or an error
            node.items.append((key, value))
            if i == len(lines) or lines[i].indent < column:
                break
            if lines[i].indent > column:
                raise _Unsupported
        node.end = self.end_before(i)
        self.next_line = i
        return node

    def nested(self, i: int, key_column: int) -> tuple[Node, int]:
        """The block value of a key at key_column whose line ends after the colon."""
        if i == len(self.lines):
            raise _Unsupported  # an empty value
        line = self.lines[i]
        if line.indent > key_column:
            node = self.block(i, line.indent)
        elif line.indent == key_column and line.text.startswith("- ", key_column):
            node = self.sequence(i, key_column, indentless=True)
        else:
            raise _Unsupported  # an empty value
        return node, self.next_line

    def sequence(self, i: int, column: int, indentless: bool) -> Sequence:
        lines = self.lines
        first = lines[i]
        node = Sequence(self.location(first, column), first.start + column, 0)
        while True:
            line = lines[i]
            if not line.text.startswith("- ", column):
                raise _Unsupported  # "-" alone on its line, or not an entry
            item = column + 2
            while line.text.startswith(" ", item):
                item += 1
            if item == len(line.text) or line.text.startswith(("- ", "#"), item) \
                    or line.text[item:] == "-":
                raise _Unsupported  # an empty entry, or a list or comment after the dash
            if _KEY.match(line.text, item):
                value = self.mapping(i, item)
                i = self.next_line
            else:
                value = self.inline(line, item)
                i += 1
                if i < len(lines) and lines[i].indent > column:
                    raise _Unsupported
            node.items.append(value)
            if i == len(lines) or lines[i].indent < column:
                break
            if lines[i].indent > column:
                raise _Unsupported
            if not lines[i].text.startswith("- ", column):
                if indentless:
                    break  # the next key of the mapping this list belongs to
                raise _Unsupported
        node.end = self.end_before(i)
        self.next_line = i
        return node

    def inline(self, line: _Line, column: int) -> Node:
        """A value that starts at column and ends on its line: a scalar, or a flow list of
        scalars ([a, "b"]); a comment may follow."""
        if line.text.startswith("[", column):
            return self.flow_sequence(line, column)
        return self.scalar(line, column)

    def flow_sequence(self, line: _Line, column: int) -> Sequence:
        text = line.text
        node = Sequence(self.location(line, column), line.start + column, 0)
        i = _skip_spaces(text, column + 1)
        while not text.startswith("]", i):
            if i == len(text):
                raise _Unsupported  # continues on the next line
            if text[i] in "\"'":
                item = self.scalar(line, i, flow=True)
                i = item.end - line.start
            else:
                match = _FLOW_PLAIN.match(text, i)
                if match is None:
                    raise _Unsupported
                value = match.group().rstrip(" ")
                item = Scalar(self.location(line, i), line.start + i,
                              line.start + i + len(value), value, True)
                i = match.end()
            node.items.append(item)
            i = _skip_spaces(text, i)
            if text.startswith(",", i):
                i = _skip_spaces(text, i + 1)
                if text.startswith("]", i):
                    raise _Unsupported  # a trailing comma
            elif not text.startswith("]", i):
                raise _Unsupported
        _end_of_line(text, i + 1)
        node.end = line.start + i + 1
        return node

    def scalar(self, line: _Line, column: int, flow: bool = False) -> Scalar:
        """A one-line scalar starting at column, up to an optional comment (or, in a flow
        list, the quoted scalar alone)."""
        text = line.text
        first = text[column]
        if first == '"':
            value, close = _double_quoted(text, column)
        elif first == "'":
            value, close = _single_quoted(text, column)
        elif _PLAIN_START.match(first):
            comment = text.find(" #", column)
            end = len(text) if comment == -1 else comment
            value = text[column:end].rstrip(" ")
            if ": " in value or value.endswith(":"):
                raise _Unsupported  # YAML reads that as a mapping: an error
            start = line.start + column
            return Scalar(Location(self.path, line.number + 1, column + 1), start,
                          start + len(value), value, True)
        else:
            raise _Unsupported  # an indicator: anchor, alias, tag, flow, block scalar ...
        if not flow:
            _end_of_line(text, close)
        return Scalar(self.location(line, column), line.start + column, line.start + close,
                      value, False)


def _skip_spaces(text: str, i: int) -> int:
    while text.startswith(" ", i):
        i += 1
    return i


def _end_of_line(text: str, i: int) -> None:
    """Only spaces, or spaces and a comment, may follow a value that ends at i."""
    after = text[i:]
    stripped = after.lstrip(" ")
    if stripped and not (stripped.startswith("#") and len(stripped) < len(after)):
        raise _Unsupported


def _double_quoted(text: str, column: int) -> tuple[str, int]:
    """The value of "..." at column and the offset after its closing quote."""
    parts = []
    i = column + 1
    while True:
        quote, backslash = text.find('"', i), text.find("\\", i)
        if quote == -1:
            raise _Unsupported  # continues on the next line
        if backslash == -1 or quote < backslash:
            parts.append(text[i:quote])
            return "".join(parts), quote + 1
        escaped = text[backslash + 1:backslash + 2]
        if escaped not in ('"', "\\"):
            raise _Unsupported
        parts.append(text[i:backslash] + escaped)
        i = backslash + 2


def _single_quoted(text: str, column: int) -> tuple[str, int]:
    """The value of '...' at column and the offset after its closing quote."""
    parts = []
    i = column + 1
    while True:
        quote = text.find("'", i)
        if quote == -1:
            raise _Unsupported
        parts.append(text[i:quote])
        if text.startswith("'", quote + 1):  # '' stands for '
            parts.append("'")
            i = quote + 2
            continue
        return "".join(parts), quote + 1
