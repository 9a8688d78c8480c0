"""A released PDF's structure tree made whole across its pages (private to writers/pdf.py).

WeasyPrint 70 tags each page on its own. An element that runs over a page break becomes one
structure element per page: the side-by-side edition's aligned table was fifteen tables, a
row split by a page break two rows (read: its English, its Chinese, the page's end, then the
rest of its English and Chinese), a paragraph two paragraphs. A table's header row, repeated
at the head of each page, was read again on each, and the header cells' ids were indexed
nowhere, so no cell's /Headers could be resolved.

`Joins` records, for each structure element WeasyPrint makes, the HTML element it stands for
(and whether the box is a repeat: a header row or a fixed element drawn again on a later
page); `join()`, once every page is tagged:

- makes the elements that one HTML element gave under one parent one element, its children
  in page order (marked content from another page keeps its page: a /MCR);
- leaves a repeated header row (and a repeat of a fixed element) out of the tree, as
  WeasyPrint leaves the running heads: its content stays marked, mapped to an element
  outside the tree; the cells below it name the header cells kept instead;
- points the parent tree (marked content and annotations to their elements) at the
  elements kept, and indexes every element id (/IDTree).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pydyf

STRUCT = "/StructElem"


@dataclass
class Joins:
    """What each structure element (by object number) stands for: (the HTML element's
    identity, its tag as WeasyPrint names it, the structure type), and the numbers of the
    elements made for a repeat (a header row or a fixed element drawn again)."""

    origin: dict[int, tuple[int, str | None, str]] = field(default_factory=dict)
    repeats: set[int] = field(default_factory=set)

    def record(self, made, box) -> None:
        element = getattr(box, "element", None)
        if element is None or made.number is None:
            return
        self.origin[made.number] = (id(element), getattr(box, "element_tag", None), made["S"])
        style = getattr(box, "style", None)
        fixed = style is not None and style["position"] == "fixed"
        if getattr(box, "is_header", False) or getattr(box, "is_footer", False) or fixed:
            self.repeats.add(made.number)


def _object(pdf, reference):
    """The object a reference (b"12 0 R") names; None for anything else (a number)."""
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return pdf.objects[int(reference.split()[0])]
    return None


def _element(pdf, reference):
    found = _object(pdf, reference)
    return found if isinstance(found, pydyf.Dictionary) and found.get("Type") == STRUCT else None


def _kids(element) -> list:
    kids = element.get("K")
    return list(kids) if isinstance(kids, (list, pydyf.Array)) else []


def join(pdf, joins: Joins) -> None:
    """Make the structure tree of a tagged PDF whole across its pages (see above)."""
    root_reference = pdf.catalog.get("StructTreeRoot")
    root = _object(pdf, root_reference)
    if root is None:
        return
    moved: dict[bytes, bytes] = {}  # an element joined into another -> that one
    headers: dict[str, pydyf.String] = {}  # a repeated header cell's id -> the kept one's
    for reference in _kids(root):
        document = _element(pdf, reference)
        if document is not None:
            _join(pdf, document, joins, moved, headers)
    ids: list[tuple[str, bytes]] = []
    for element in _walk(pdf, root):
        attributes = element.get("A")
        if isinstance(attributes, pydyf.Dictionary) and "Headers" in attributes:
            attributes["Headers"] = pydyf.Array(
                headers.get(_text(h), h) for h in attributes["Headers"]
            )
        if "ID" in element:
            ids.append((_text(element["ID"]), element.reference))
    if ids:
        names = pydyf.Array()
        for key, reference in sorted(ids):
            names.extend([pydyf.String(key), reference])
        root["IDTree"] = pydyf.Dictionary({"Names": names})
    for later, first in list(moved.items()):  # a chain: a joined into b, b into c
        while first in moved:
            first = moved[first]
        moved[later] = first
    mapping = _object(pdf, root.get("ParentTree"))
    if mapping is not None and moved:
        nums = mapping["Nums"]
        for index in range(1, len(nums), 2):
            entry = nums[index]
            if isinstance(entry, (list, pydyf.Array)):
                nums[index] = pydyf.Array(moved.get(r, r) for r in entry)
            else:
                nums[index] = moved.get(entry, entry)


def _text(value) -> str:
    return str(getattr(value, "string", value))


def _walk(pdf, node):
    for reference in _kids(node):
        element = _element(pdf, reference)
        if element is not None:
            yield element
            yield from _walk(pdf, element)


def _join(pdf, parent, joins: Joins, moved, headers) -> None:
    kept: list = []
    first_of: dict[tuple, pydyf.Dictionary] = {}
    for reference in _kids(parent):
        element = _element(pdf, reference)
        key = joins.origin.get(element.number) if element is not None else None
        if element is None or key is None:
            kept.append(reference)
            continue
        first = first_of.get(key)
        if first is None:
            first_of[key] = element
            kept.append(reference)
        elif element.number in joins.repeats:
            _header_ids(pdf, first, element, joins, headers)
        else:
            _append(pdf, first, element)
            moved[element.reference] = first.reference
    parent["K"] = pydyf.Array(kept)
    for reference in kept:
        element = _element(pdf, reference)
        if element is not None:
            _join(pdf, element, joins, moved, headers)


def _append(pdf, first, later) -> None:
    """later's children after first's, each told its new parent; marked content of another
    page than first's goes in as a marked-content reference naming its page."""
    kids = first.get("K")
    if not isinstance(kids, pydyf.Array):
        kids = first["K"] = pydyf.Array([] if kids is None else [kids])
    for kid in _kids(later):
        element = _object(pdf, kid)
        if isinstance(element, pydyf.Dictionary):
            if element.get("Type") == STRUCT:
                element["P"] = first.reference
            kids.append(kid)
        elif isinstance(kid, int) and later.get("Pg") != first.get("Pg"):
            kids.append(pydyf.Dictionary({"Type": "/MCR", "Pg": later["Pg"], "MCID": kid}))
        else:
            kids.append(kid)


def _header_ids(pdf, kept, repeat, joins: Joins, headers) -> None:
    """The ids of a repeated header row's cells, each mapped to the id of the same cell in
    the row kept."""
    by_origin = {
        joins.origin.get(element.number): element for element in _walk(pdf, kept) if "ID" in element
    }
    for element in _walk(pdf, repeat):
        if "ID" in element:
            same = by_origin.get(joins.origin.get(element.number))
            if same is not None:
                headers[_text(element["ID"])] = same["ID"]
