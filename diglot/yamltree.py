"""Parses YAML text into a small tree of located nodes, refusing what content must not use.

ruamel.yaml's event parser (libyaml's, through ruamel.yaml.clib) reads the text: no
constructor runs, aliases are never expanded (so alias bombs cost nothing), and duplicate
keys, anchors, aliases, tags and multiple documents are reported as diagnostics.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from .diagnostics import Location, Reporter, on_forget
from .script import WIDE_CHARS
from .source import IN_VALUE, ControlChar


@dataclass(slots=True)
class Node:
    location: Location
    start: int  # character offsets in the source text
    end: int


@dataclass(slots=True)
class Scalar(Node):
    value: str
    plain: bool  # written without quotes or block style, so YAML may read it as a non-string


@dataclass(slots=True)
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(slots=True)
class Mapping(Node):
    items: list[tuple[Scalar, Node]] = field(default_factory=list)


_ALIAS_AS_TEXT = (
    "a value starting with * is read by YAML as an alias; if it is text (such as "
    "**bold** at the start), put the whole text in double quotes"
)


def kind_name(node: Node) -> str:
    return {Scalar: "a text", Sequence: "a list", Mapping: "a mapping"}[type(node)]


def walk(node: Node | None) -> Iterator[Node]:
    """The node and every node inside it, in the order of the text (a mapping's keys left
    out: its values are walked)."""
    stack = [node] if node is not None else []
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, Mapping):
            stack.extend(value for _, value in reversed(node.items))
        elif isinstance(node, Sequence):
            stack.extend(reversed(node.items))


def mappings(node: Node | None) -> Iterator[Mapping]:
    """Every mapping of a tree (a unit, a note, a table row ...), in the order of the text."""
    return (found for found in walk(node) if isinstance(found, Mapping))


def parse_tree(
    path: str, text: str, reporter: Reporter, escaped: list[ControlChar] | None = None
) -> Node | None:
    """Return the document's root node, or None if the text is not usable YAML. escaped, if
    given, receives each character no value may hold that an escape of a double-quoted
    value ("\\v", "\\x01") put in it, at the escape's offset.

    The tree is read-only: a text parsed without a problem is parsed once per process and
    its tree shared (the same file's tree for the check, the history lookup, an import's
    plan and `serve`'s next check, whose unchanged files are not parsed again)."""
    key = (path, text)
    found = _TREES.get(key)
    if found is not None:
        _TREES.move_to_end(key)
        if escaped is not None:
            escaped += found[1]
        return found[0]
    own: list[ControlChar] = []
    root, clean = _parse(path, text, reporter, own)
    if escaped is not None:
        escaped += own
    if root is not None and clean and len(text) <= _TREE_TEXT_MAX:
        _TREES[key] = (root, tuple(own))
        _trees_size[0] += len(text)
        while _trees_size[0] > _TREES_TEXT_TOTAL:
            (_, old_text), _ = _TREES.popitem(last=False)
            _trees_size[0] -= len(old_text)
    return root


# the parsed trees by (path, text), oldest first: at most _TREES_TEXT_TOTAL characters of
# text in all (the trees take some ten times that), none of a text over _TREE_TEXT_MAX
_TREES: OrderedDict[tuple[str, str], tuple[Node, tuple[ControlChar, ...]]] = OrderedDict()
_trees_size = [0]
_TREES_TEXT_TOTAL = 4_000_000
_TREE_TEXT_MAX = 1_000_000


def _forget_trees() -> None:
    _TREES.clear()
    _trees_size[0] = 0


on_forget(_forget_trees)


def _parse(
    path: str, text: str, reporter: Reporter, escaped: list[ControlChar] | None
) -> tuple[Node | None, bool]:
    """The text read by ruamel.yaml's event parser: the root (None when the text is not
    usable YAML) and whether nothing was reported."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    deep = _too_deep(text)
    if deep is not None:  # the parser takes time with the square of the depth: not read
        line = text.count("\n", 0, deep) + 1
        column = deep - (text.rfind("\n", 0, deep) + 1) + 1
        reporter.error(
            "yaml.syntax",
            f"more than {MAX_FLOW_DEPTH} lists or mappings in brackets ([ or {{) are open "
            "here, one inside the other; content never nests so deep",
            Location(path, line, column),
        )
        return None, False
    builder = _Builder(path, reporter, text, escaped)
    event = None  # the last event read, when the parser stops
    try:
        for event in YAML(typ="safe").parse(text):  # libyaml's parser (ruamel.yaml.clib)
            builder.feed(event)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        unclosed = _unclosed(exc, text, event)
        if "scanning an alias" in (exc.context or ""):  # "**bold" at a value's start
            reporter.error("yaml.alias", _ALIAS_AS_TEXT, _mark(path, exc.context_mark or mark))
        elif unclosed is not None:
            opened, message = unclosed
            reporter.error(
                "yaml.syntax", message, _mark(path, opened), related=(_mark(path, mark),)
            )
        else:
            reporter.error("yaml.syntax", _syntax_message(exc, text), _mark(path, mark))
        return None, False
    except YAMLError as exc:  # pragma: no cover - ruamel raises marked errors for text input
        reporter.error("yaml.syntax", str(exc), Location(path))
        return None, False
    return builder.root, not builder.reported


MAX_FLOW_DEPTH = 1000
_BRACKET = re.compile(r"[\[\]{}]")


def _too_deep(text: str) -> int | None:
    """The offset of the first bracket that opens more than MAX_FLOW_DEPTH brackets (quoted
    or not: an overestimate that no real file reaches), or None."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return None
    depth = 0
    for match in _BRACKET.finditer(text):
        if match[0] in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return match.start()
        elif depth:
            depth -= 1
    return None


def _mark(path: str, mark) -> Location:
    return Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)


_QUOTES = {'"': "double quote", "'": "single quote"}
_CLOSERS = {"sequence": ("[", "]", "list"), "mapping": ("{", "}", "mapping")}


def _unclosed(exc, text: str, last) -> tuple[object, str] | None:
    """The mark of an opening quote or bracket that was most likely never closed, and what
    to say of it, when the parser's error comes from one (else None): a quoted text the
    parser read on over line breaks, through what look like further keys, up to the next
    quote, or to the end of the file; a [ or { whose list or mapping runs on over lines
    without its closing bracket. YAML stops far below the mistake then, and says only what
    it did not find there."""
    problem, context = exc.problem_mark, exc.context or ""
    if problem is None:
        return None
    stopped = f"line {problem.line + 1}, column {problem.column + 1}"
    said = exc.problem or ""
    opened = exc.context_mark
    if "scanning a quoted scalar" in context and "end of stream" in said and opened:
        quote = _QUOTES.get(text[opened.index : opened.index + 1], "quote")
        return opened, (
            f"this {quote} is never closed: YAML reads everything after it, to the end of the "
            f"file, as one text; end the text with a {quote}"
        )
    if (
        last is not None
        and type(last).__name__ == "ScalarEvent"
        and last.style in _QUOTES
        and last.start_mark.line < last.end_mark.line <= problem.line
    ):
        quote = _QUOTES[last.style]
        inside = text[last.start_mark.index : last.end_mark.index].splitlines()[1:]
        keys = [n for n, line in enumerate(inside) if _KEY.match(line)]
        if keys:
            first = last.start_mark.line + 2 + keys[0]
            shown = inside[keys[0]].strip()
            if len(shown) > _SHOWN_VALUE:
                shown = shown[: _SHOWN_VALUE - 3] + "..."
            return last.start_mark, (
                f"this {quote} is probably not closed: YAML reads on as one text to the next "
                f"{quote} (line {last.end_mark.line + 1}), past what looks like a further key "
                f"on line {first} ('{shown}'), and stops at {stopped} ({said}); end the text "
                f"with a {quote}"
            )
    for kind, (opener, closer, name) in _CLOSERS.items():
        if f"parsing a flow {kind}" in context and opened and opened.line < problem.line:
            return opened, (
                f"this {opener} is probably not closed: YAML reads the lines after it as part "
                f"of the {name} it opens, and stops at {stopped} ({said}); end the {name} "
                f"with {closer}"
            )
    return None


def _syntax_message(exc, text: str) -> str:
    mark = exc.problem_mark
    if mark is not None:
        lines = text.splitlines()
        line = lines[mark.line] if mark.line < len(lines) else ""
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent or "'\\t'" in (exc.problem or ""):
            return "tab character in indentation; YAML indents with spaces only"
        if "mapping values are not allowed" in (exc.problem or "") and line:
            return _colon_message(lines, mark.line, mark.column)
    parts = [p for p in (exc.context, exc.problem) if p]
    return "invalid YAML: " + ", ".join(parts)


# A line's key (after its indentation and any "- "), as a colon message names it.
_KEY = re.compile(r"([ \t]*(?:-[ \t]+)*)([^\s:#'\"][^:#]*?):(?:[ \t]+|$)")
_SHOWN_VALUE = 60  # characters of a text a message quotes
_WIDE = re.compile(f"[{WIDE_CHARS}]")  # a colon after one is in Chinese text


def _colon_message(lines: list[str], number: int, column: int) -> str:
    """What to do about a ': ' YAML took for a second key (line number and column of the
    colon, from 0): quote the text it stands in, or indent the key it starts."""
    line = lines[number]
    found = _KEY.match(line)
    if found and found.end() <= column:  # the colon is inside the value of this line's key
        key, value = found[2], line[found.end() :].rstrip()
        if value[:1] and value[0] in "\"'":
            return (
                f"the text after '{key}:' goes on after its closing quote, and YAML reads "
                "the ': ' there as another key; put the whole text inside the quotes"
            )
        indent = len(found[1])
        following = [n for n in range(number + 1, len(lines)) if lines[n].strip()]
        continued = following and _indent(lines[following[0]]) > indent
        if continued:
            end = next((n for n in following if _indent(lines[n]) <= indent), len(lines))
            last = max(n for n in following if n < end) + 1
            fix = f"put the whole text (lines {number + 1}-{last}) in double quotes"
        else:
            shown = value.replace("\\", "\\\\").replace('"', '\\"')
            if len(shown) > _SHOWN_VALUE:
                shown = shown[: _SHOWN_VALUE - 3] + "..."
            fix = f'put the text in quotes: {key}: "{shown}"'
        if _WIDE.match(line[column - 1 : column]):  # 双方同意: in Chinese text
            fix = f"write the full-width colon ： (the text then needs no quotes), or {fix}"
        return (
            f"the text after '{key}:' holds a colon and a space, which YAML reads as the "
            f"start of another key; {fix}"
        )
    word = line[:column].strip().lstrip("- ").strip() or ":"
    above = next(
        (
            (n, match)
            for n in range(number - 1, -1, -1)
            if (match := _KEY.match(lines[n])) and len(match[1]) < _indent(line)
        ),
        None,
    )
    if above is None:
        return f"'{word}:' is not where a key can stand; check the indentation of this line"
    n, match = above
    return (
        f"YAML reads '{word}:' as a key inside the text after '{match[2]}:' (line {n + 1}): "
        "if this line continues that text, put the whole text in quotes; if it is a key, "
        f"indent it like '{match[2]}'"
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


# A YAML escape in a double-quoted scalar, and the characters the one-letter ones stand for.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[\s\S])")
_ESCAPED = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}


def escaped_chars(text: str, start: int, end: int) -> list[ControlChar]:
    """The escapes in text[start:end] (a double-quoted scalar) that stand for a character
    no value may hold."""
    return [
        ControlChar(match.start(), char, match[0])
        for match in _ESCAPE.finditer(text, start, end)
        if (char := _forbidden_escape(match[1])) is not None
    ]


@lru_cache(maxsize=4096)
def _forbidden_escape(body: str) -> str | None:
    """The character an escape's body (v, x01, u2028) stands for, if no value may hold it."""
    code = int(body[1:], 16) if len(body) > 1 else -1
    char = _ESCAPED.get(body) if code < 0 else chr(code) if code <= 0x10FFFF else None
    return char if char is not None and IN_VALUE.match(char) else None


class _Builder:
    def __init__(self, path: str, reporter: Reporter, text: str = "", escaped: list | None = None):
        from ruamel.yaml import events

        self.path, self.reporter, self.events = path, reporter, events
        self.text, self.escaped = text, escaped
        self.stack: list[Sequence | Mapping] = []  # the open collections, innermost last
        self.pending_key: list[Scalar | None] = []
        self.seen_keys: list[dict[str, Scalar]] = []
        self.root: Node | None = None
        self.documents = 0
        self.anchors: set[str] = set()
        self.reported = False

    def error(
        self, code: str, message: str, location: Location, related: tuple[Location, ...] = ()
    ) -> None:
        self.reported = True
        self.reporter.error(code, message, location, related=related)

    def alias_message(self, name: str) -> str:
        if name in self.anchors:
            return f"anchors and aliases are not allowed in content (*{name})"
        return _ALIAS_AS_TEXT

    def loc(self, event) -> Location:
        return _mark(self.path, event.start_mark)

    def feed(self, event) -> None:
        ev = self.events
        kind = type(event)
        if (
            kind is ev.ScalarEvent
            and event.tag is None
            and event.anchor is None
            and self.documents == 1
        ):  # the common case, first
            mark = event.start_mark
            if event.style == '"' and self.escaped is not None and IN_VALUE.search(event.value):
                self.escaped += escaped_chars(self.text, mark.index, event.end_mark.index)
            self.add(
                Scalar(
                    Location(self.path, mark.line + 1, mark.column + 1),
                    mark.index,
                    event.end_mark.index,
                    event.value,
                    not event.style,
                )
            )
            return
        if isinstance(event, ev.DocumentStartEvent):
            self.documents += 1
            if self.documents == 2:
                self.error(
                    "yaml.multiple-documents",
                    "a content file holds one YAML document; remove the second "
                    "'---' and what follows",
                    self.loc(event),
                )
            return
        if self.documents > 1 or isinstance(
            event, (ev.StreamStartEvent, ev.StreamEndEvent, ev.DocumentEndEvent)
        ):
            return
        if isinstance(event, ev.AliasEvent):
            self.error("yaml.alias", self.alias_message(event.anchor), self.loc(event))
            self.add(
                Scalar(self.loc(event), event.start_mark.index, event.end_mark.index, "", False)
            )
            return
        if getattr(event, "anchor", None):
            self.anchors.add(event.anchor)
            self.error(
                "yaml.anchor",
                f"anchors and aliases are not allowed in content (&{event.anchor});"
                " write the text out in full",
                self.loc(event),
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            self.error("yaml.tag", f"YAML tags are not allowed in content ({tag})", self.loc(event))
        if isinstance(event, ev.ScalarEvent):
            if event.style == '"' and self.escaped is not None and IN_VALUE.search(event.value):
                self.escaped += escaped_chars(
                    self.text, event.start_mark.index, event.end_mark.index
                )
            self.add(
                Scalar(
                    self.loc(event),
                    event.start_mark.index,
                    event.end_mark.index,
                    event.value,
                    not event.style and tag is None,
                )
            )
        elif isinstance(event, ev.SequenceStartEvent):
            self.open(Sequence(self.loc(event), event.start_mark.index, 0))
        elif isinstance(event, ev.MappingStartEvent):
            self.open(Mapping(self.loc(event), event.start_mark.index, 0))
        elif isinstance(event, (ev.SequenceEndEvent, ev.MappingEndEvent)):
            node = self.stack.pop()
            node.end = event.end_mark.index
            if isinstance(node, Mapping):
                self.pending_key.pop()
                self.seen_keys.pop()
            self.add(node)

    def open(self, node: Sequence | Mapping) -> None:
        self.stack.append(node)
        if isinstance(node, Mapping):
            self.pending_key.append(None)
            self.seen_keys.append({})

    def add(self, node: Node) -> None:
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        if isinstance(parent, Sequence):
            parent.items.append(node)
            return
        key = self.pending_key[-1]
        if key is None:
            if not isinstance(node, Scalar):
                self.error("yaml.complex-key", "mapping keys must be plain words", node.location)
                node = Scalar(node.location, node.start, node.end, "", True)
            self.pending_key[-1] = node
            return
        self.pending_key[-1] = None
        first = self.seen_keys[-1].get(key.value)
        if first is not None:
            self.error(
                "yaml.duplicate-key",
                f"duplicate key '{key.value}' (first at line {first.location.line})",
                key.location,
                related=(first.location,),
            )
            return
        self.seen_keys[-1][key.value] = key
        parent.items.append((key, node))
