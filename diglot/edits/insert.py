"""Units added to a target file as text: a unit the translation does not have yet is written
in its place, in the English's order, as the English writes it (its id, kind, codes and the
lists it holds) with the new texts in its fields; a document with no file in the target
language yet gets one, made the same way from the English file. A unit whose text is not
translated is left out (with the units it holds), and so are the English's review notes and
comment lines: nothing English is written into the translation. The result is loaded again
by the caller and compared with what was asked before anything is written."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..diagnostics import Reporter
from ..model import Document
from ..yamledit import apply_edits, last_scalar_end, line_break, line_end, replace_scalar
from ..yamltree import Mapping, Node, Scalar, Sequence, parse_tree
from .document import _field_node


class CannotAdd(Exception):
    """The units cannot be added as text (the message says why)."""


Step = tuple[str, str]  # ("key", name), ("id", unit id) or ("nth", k: the k-th item without an id)


@dataclass(frozen=True)
class _Placed:
    """A node of a YAML tree: the node, its parent (a mapping or a sequence) and its path."""

    node: Node
    parent: Node | None
    key: Scalar | None  # the key of a mapping's value
    path: tuple[Step, ...]


def _unit_id(node: Node) -> str | None:
    if isinstance(node, Mapping):
        for key, value in node.items:
            if key.value == "id" and isinstance(value, Scalar):
                return value.value
    return None


Path = tuple[Step, ...]


def _index(root: Node) -> tuple[dict[Path, _Placed], dict[Path, list[Path]]]:
    """Every mapping value and sequence item of a tree by its path (a key's name, a unit's
    id, or, for an item without an id such as a recommendations group, its place among
    those), and the paths of each node's children in the text's order."""
    found: dict[Path, _Placed] = {(): _Placed(root, None, None, ())}
    children: dict[Path, list[Path]] = {}

    def visit(node: Node, path: Path) -> None:
        mine = children.setdefault(path, [])
        if isinstance(node, Mapping):
            for key, value in node.items:
                here = (*path, ("key", key.value))
                found[here] = _Placed(value, node, key, here)
                mine.append(here)
                visit(value, here)
        elif isinstance(node, Sequence):
            nth = 0
            for item in node.items:
                unit = _unit_id(item)
                if unit is not None:
                    here = (*path, ("id", unit))
                else:
                    here = (*path, ("nth", str(nth)))
                    nth += 1
                found[here] = _Placed(item, node, None, here)
                mine.append(here)
                visit(item, here)

    visit(root, ())
    return found, children


def _line_start(text: str, offset: int) -> int:
    return max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1


def _after_line(text: str, offset: int) -> int:
    """The offset just after the line break that ends offset's line (the text's end)."""
    end = line_end(text, offset)
    if end < 0:
        return len(text)
    return end + (2 if text.startswith("\r\n", end) else 1)


def _span(text: str, placed: _Placed) -> tuple[int, int]:
    """The lines a sequence item (from its dash) or a mapping entry (from its key) takes."""
    if placed.key is not None:
        start = placed.key.start
    else:
        start = text.rfind("-", 0, placed.node.start)
    return _line_start(text, start), _after_line(text, last_scalar_end(placed.node))


def _column(text: str, offset: int) -> int:
    return offset - _line_start(text, offset)


def _contains(node: Node, ids: set[str]) -> bool:
    from ..yamltree import mappings

    return any(_unit_id(m) in ids for m in mappings(node))


def add_units(
    source: Document,
    source_text: str,
    target_text: str | None,
    adds: dict[str, dict[str, str]],
) -> str:
    """The target file's text with the units of adds ({unit id: {field: text}}) written in
    their places (target_text None: the file made from the English). CannotAdd when a
    place cannot be edited as text (a list written in brackets)."""
    english_root = parse_tree(source.path, source_text, Reporter())
    if english_root is None:
        raise CannotAdd("the source file does not parse")
    english, english_children = _index(english_root)
    text_units = {u.id for u in source.units() if u.fields and u.id}
    wanted = set(adds)
    if target_text is None:
        return _block(source_text, english[()], (0, len(source_text)), adds, text_units, "\n")
    target_root = parse_tree(source.path, target_text, Reporter())
    if target_root is None:
        raise CannotAdd("the target file does not parse")
    target, _ = _index(target_root)
    newline = line_break(target_text)
    roots: list[_Placed] = []  # the English nodes to write, in the English's order

    def visit(path: Path) -> None:
        for child in english_children.get(path, ()):
            if child in target:
                visit(child)
            elif _contains(english[child].node, wanted):
                roots.append(english[child])

    visit(())
    splices: dict[int, list[str]] = {}
    for placed in roots:
        offset, column = _where(target_text, placed, english_children, target)
        block = _block(source_text, placed, _span(source_text, placed), adds, text_units, newline)
        block = _indent(block, column - _first_column(source_text, placed), newline)
        if offset == len(target_text) and target_text and not target_text.endswith(("\n", "\r")):
            block = newline + block
        splices.setdefault(offset, []).append(block)
    return apply_edits(target_text, [(at, at, "".join(blocks)) for at, blocks in splices.items()])


def _where(
    text: str,
    placed: _Placed,
    english_children: dict[Path, list[Path]],
    target: dict[Path, _Placed],
) -> tuple[int, int]:
    """Where in the target text an English node goes (after the last of its earlier
    neighbours the target has, else before the first later one), and the column its first
    line starts at."""
    parent_path = placed.path[:-1]
    host = target.get(parent_path)
    if host is None or not isinstance(host.node, (Mapping, Sequence)):
        raise CannotAdd(f"no place for '{placed.path[-1][1]}' in the translation")
    if text.startswith(("[", "{"), host.node.start):
        raise CannotAdd(
            f"'{placed.path[-1][1]}' goes into a list or mapping written in brackets, which "
            "cannot be extended as text; write it in block style (one item a line)"
        )
    siblings = english_children[parent_path]
    mine = siblings.index(placed.path)
    for before in reversed(siblings[:mine]):
        if before in target:
            found = target[before]
            return _span(text, found)[1], _first_column(text, found)
    for after in siblings[mine + 1 :]:
        if after in target:
            found = target[after]
            return _span(text, found)[0], _first_column(text, found)
    raise CannotAdd(f"no place for '{placed.path[-1][1]}' in the translation")


def _first_column(text: str, placed: _Placed) -> int:
    if placed.key is not None:
        return _column(text, placed.key.start)
    return _column(text, text.rfind("-", 0, placed.node.start))


def _indent(block: str, delta: int, newline: str) -> str:
    lines = block.split(newline)
    out = []
    for line in lines:
        if not line.strip():
            out.append(line)
        elif delta >= 0:
            out.append(" " * delta + line)
        else:
            cut = min(-delta, len(line) - len(line.lstrip(" ")))
            out.append(line[cut:])
    return newline.join(out)


_COMMENT_LINE = re.compile(r"(?m)^[ \t]*#[^\r\n]*(\r\n|\r|\n)")


def _block(
    text: str,
    placed: _Placed,
    span: tuple[int, int],
    adds: dict[str, dict[str, str]],
    text_units: set[str],
    newline: str,
) -> str:
    """The English lines of a node with the new texts in the fields of the units added,
    the units not added (those with text of their own) and the review notes left out, a
    list left empty taken out with its key, and the comment lines left out."""
    start, end = span
    edits: list[tuple[int, int] | tuple[int, int, str]] = []

    def prune(node: Node, parent: _Placed) -> bool:
        """Edits for a node; True when the node is left out as a whole."""
        if isinstance(node, Mapping):
            unit = _unit_id(node)
            if unit is not None and unit in text_units and unit not in adds:
                return True
            entries = {k.value: (k, v) for k, v in node.items}
            if unit is not None and unit in adds:
                flow = text.startswith("{", node.start)
                for name, new in adds[unit].items():
                    scalar, inside_flow = _field_node(text, node, entries, name)
                    edits.append(replace_scalar(text, scalar, new, flow or inside_flow))
            lists = 0
            emptied = 0
            for key, value in node.items:
                here = _Placed(value, node, key, (*parent.path, ("key", key.value)))
                if unit is not None and key.value in ("review", "source-hash", "waive"):
                    edits.append(_span(text, here))
                elif isinstance(value, (Sequence, Mapping)) and prune(value, here):
                    edits.append(_span(text, here))
                    emptied += 1
                if isinstance(value, Sequence):
                    lists += 1
            # a group (recommendations) or a section without text of its own, emptied
            return (
                lists > 0
                and emptied == lists
                and parent.key is None
                and (unit is None or unit not in text_units)
            )
        if isinstance(node, Sequence):
            items = node.items
            gone = 0
            for item in items:
                here = _Placed(item, node, None, parent.path)
                if prune(item, here):
                    if not text.startswith("[", node.start):
                        edits.append(_span(text, here))
                    gone += 1
            return bool(items) and gone == len(items)
        return False

    if prune(placed.node, placed):
        return ""
    inside = [
        (s - start, e - start, r)
        for s, e, r in (_as_edit(x) for x in edits)
        if start <= s and e <= end
    ]
    block = apply_edits(text[start:end], _outermost(inside))
    block = _COMMENT_LINE.sub("", block)
    block = block.replace("\r\n", "\n").replace("\r", "\n")
    block = re.sub(r"\n(?:[ \t]*\n){2,}", "\n\n", block)  # left by units left out
    block = block.rstrip("\n").lstrip("\n") + "\n"
    return block.replace("\n", newline) if newline != "\n" else block


def _as_edit(edit) -> tuple[int, int, str]:
    return edit if len(edit) == 3 else (edit[0], edit[1], "")


def _outermost(edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The edits that no removal holds (a unit left out takes its texts and lists along)."""
    kept: list[tuple[int, int, str]] = []
    for edit in sorted(set(edits), key=lambda e: (e[0], -e[1])):
        if any(k[2] == "" and k[0] <= edit[0] and edit[1] <= k[1] for k in kept):
            continue
        kept.append(edit)
    return kept
