"""Loads content/<lang>/<doc-id>.yaml into a Document, reporting every problem with its place."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from .diagnostics import Reporter
from .model import (Delegation, Document, Field, RecommendationList, Section, TitleBlock, Unit,
                    Waiver)
from .schema import ID_PATTERN, SchemaReader, where
from .source import SourceText, read_source, source_from_text
from .yamltree import Mapping, Node, Scalar, parse_tree

TOP_KEYS = ("title-block", "sections", "delegations")
TITLE_KEYS = ("series", "title", "date", "place", "organisers")
ANNOTATION_KEYS = ("review", "source-hash", "waive")
TEXT_UNIT_KEYS = ("id", *ANNOTATION_KEYS, "text")
SECTION_KEYS = ("id", *ANNOTATION_KEYS, "heading", "content")
LIST_KEYS = ("recommendations",)
DELEGATION_KEYS = ("id", *ANNOTATION_KEYS, "heading", "members")
MEMBER_KEYS = ("id", *ANNOTATION_KEYS, "name", "roles", "leader")
_SOURCE_HASH = re.compile(r"^[0-9a-f]{10}$")
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def load_document(path: str | Path, lang: str, reporter: Reporter) -> Document | None:
    """Parse one content file; None when it has errors (all of them reported)."""
    source = read_source(str(path), reporter)
    return _document(source, lang, reporter) if source is not None else None


def document_from_text(text: str, path: str, lang: str, reporter: Reporter) -> Document | None:
    """Parse content already read (an earlier version from git, an edit about to be
    written) exactly as load_document parses a file."""
    return _document(source_from_text(path, text), lang, reporter)


def _document(source: SourceText, lang: str, reporter: Reporter) -> Document | None:
    before = len(reporter.errors)
    root = parse_tree(source.path, source.text, reporter)
    if root is None:
        return None
    reader = _DocumentReader(source, reporter)
    document = reader.document(root, Path(source.path).stem, lang)
    reader.report_control_chars()
    return document if len(reporter.errors) == before else None


class _DocumentReader(SchemaReader):
    def document(self, root: Node, doc_id: str, lang: str) -> Document | None:
        if not isinstance(root, Mapping):
            self.error("content.type", "the top level of a content file must be a mapping with "
                       f"keys {', '.join(TOP_KEYS)}; found a "
                       f"{'list' if root.__class__.__name__ == 'Sequence' else 'single value'}",
                       root.location)
            return None
        entries = self.mapping(root, "top level", TOP_KEYS, TOP_KEYS[:2], "the document")
        title_block = self.title_block(entries["title-block"][1]) if "title-block" in entries \
            else None
        sections = tuple(self.section(node, f"sections[{i}]", i) for i, node in enumerate(
            self.sequence(entries["sections"][1], "sections", "sections")
            if "sections" in entries else ()))
        delegations = tuple(self.delegation(node, f"delegations[{i}]") for i, node in enumerate(
            self.sequence(entries["delegations"][1], "delegations", "delegations")
            if "delegations" in entries else ()))
        if title_block is None or None in sections or None in delegations:
            return None
        return Document(doc_id, lang, self.path, title_block, sections, delegations)

    # -- units ---------------------------------------------------------------------------

    def unit(self, node: Node, keypath: str, kind: str, container: str,
             keys: tuple[str, ...], text_keys: tuple[str, ...], required: tuple[str, ...],
             what: str) -> Unit | None:
        entries = self.mapping(node, keypath, keys, ("id", *required), what)
        if entries is None:
            return None
        unit_id = self.unit_id(entries, keypath)
        fields = []
        for name in text_keys:
            if name in entries:
                value = self.text(entries[name][1], f"{keypath}.{name}", unit_id)
                if value is not None:
                    fields.append(Field(name, value, entries[name][1].location))
        annotations = self.annotations(entries, keypath, unit_id)
        if unit_id is None or len(fields) != len([k for k in text_keys if k in entries]):
            return None
        return Unit(unit_id, kind, tuple(fields), node.location, container, **annotations)

    def annotations(self, entries: dict, keypath: str, unit_id: str | None) -> dict:
        """A unit's review note, source hash and waivers, as Unit keyword arguments."""
        found: dict = {}
        if "review" in entries:
            found["review"] = self.text(entries["review"][1], f"{keypath}.review", unit_id)
        if "source-hash" in entries:
            node = entries["source-hash"][1]
            if isinstance(node, Scalar) and _SOURCE_HASH.match(node.value):
                found["source_hash"], found["source_hash_location"] = node.value, node.location
            else:
                self.error("content.bad-source-hash", f"{where(keypath + '.source-hash', unit_id)}"
                           ": expected 10 hexadecimal digits, as written by "
                           "`python pipeline.py approve`", node.location, unit_id)
        if "waive" in entries:
            waivers = []
            node = entries["waive"][1]
            for check, reason in (self.mapping(node, f"{keypath}.waive", (), (), "waivers",
                                               unit_id, any_keys=True) or {}).items():
                text = self.text(reason[1], f"{keypath}.waive.{check}", unit_id)
                if text is not None:
                    waivers.append(Waiver(check, text, reason[0].location))
            found["waivers"] = tuple(waivers)
        return found

    def text_unit(self, node: Node, keypath: str, kind: str, container: str) -> Unit | None:
        return self.unit(node, keypath, kind, container, TEXT_UNIT_KEYS, ("text",), ("text",),
                         f"a {kind}")

    # -- title block ---------------------------------------------------------------------

    def title_block(self, node: Node) -> TitleBlock | None:
        entries = self.mapping(node, "title-block", TITLE_KEYS, TITLE_KEYS[:4], "the title block")
        if entries is None:
            return None
        units = {name: self.text_unit(entries[name][1], f"title-block.{name}", name,
                                      "title-block")
                 for name in ("series", "title", "place") if name in entries}
        organisers = ()
        if "organisers" in entries:
            organisers = tuple(self.text_unit(n, f"title-block.organisers[{i}]", "organiser",
                                              "title-block") for i, n in enumerate(
                self.sequence(entries["organisers"][1], "title-block.organisers", "organisers")))
        date = self.date(entries["date"][1]) if "date" in entries else None
        if date is None or len(units) != 3 or None in units.values() or None in organisers:
            return None
        return TitleBlock(units["series"], units["title"], date, entries["date"][1].location,
                          units["place"], organisers)

    def date(self, node: Node) -> str | None:
        scalar = self.scalar_date(node)
        if scalar is None:
            return None
        match = _DATE.match(scalar.value)
        try:
            if not match:
                raise ValueError
            year, month, day = match.groups()
            datetime.date(int(year), int(month), int(day or 1))
        except ValueError:
            self.error("content.bad-date", f"title-block.date: '{scalar.value}' is not an ISO "
                       "date; write YYYY-MM or YYYY-MM-DD (e.g. 2024-10)", scalar.location)
            return None
        return scalar.value

    def scalar_date(self, node: Node) -> Scalar | None:
        if isinstance(node, Scalar) and _DATE.match(node.value):
            return node
        return self.scalar(node, "title-block.date", None)

    # -- sections ------------------------------------------------------------------------

    def section(self, node: Node, keypath: str, index: int) -> Section | None:
        entries = self.mapping(node, keypath, SECTION_KEYS, ("id", "content"), "a section")
        if entries is None:
            return None
        section_id = self.unit_id(entries, keypath)
        heading = None
        if "heading" in entries:
            heading = self.unit_fields(entries, keypath, section_id, "heading", ("heading",),
                                       node, "sections")
        elif index > 0:
            self.error("content.missing-key", f"{where(keypath, section_id)}: only the first "
                       "section (the introduction) may go without a heading", node.location,
                       section_id)
        blocks = []
        for i, item in enumerate(self.sequence(entries["content"][1], f"{keypath}.content",
                                               "the section's content", section_id)
                                 if "content" in entries else ()):
            blocks.append(self.block(item, f"{keypath}.content[{i}]", section_id or "?"))
        if section_id is None or None in blocks or ("heading" in entries and heading is None):
            return None
        return Section(section_id, node.location, heading, tuple(blocks))

    def unit_fields(self, entries: dict, keypath: str, unit_id: str | None, kind: str,
                    names: tuple[str, ...], node: Node, container: str) -> Unit | None:
        """A unit whose id sits on the enclosing section or delegation."""
        fields = []
        for name in names:
            value = self.text(entries[name][1], f"{keypath}.{name}", unit_id)
            if value is not None:
                fields.append(Field(name, value, entries[name][1].location))
        annotations = self.annotations(entries, keypath, unit_id)
        if unit_id is None or len(fields) != len(names):
            return None
        return Unit(unit_id, kind, tuple(fields), node.location, container, **annotations)

    def block(self, node: Node, keypath: str, section_id: str):
        if isinstance(node, Mapping) and any(k.value in LIST_KEYS for k, _ in node.items):
            entries = self.mapping(node, keypath, LIST_KEYS, LIST_KEYS, "a recommendation list")
            items = tuple(self.text_unit(n, f"{keypath}.recommendations[{i}]", "recommendation",
                                         section_id) for i, n in enumerate(
                self.sequence(entries["recommendations"][1], f"{keypath}.recommendations",
                              "the recommendation list")))
            return None if None in items else RecommendationList(node.location, items)
        if isinstance(node, Mapping) and not any(k.value == "id" for k, _ in node.items):
            import difflib

            list_typo = any(difflib.get_close_matches(k.value, LIST_KEYS, cutoff=0.6)
                            for k, _ in node.items)
            self.mapping(node, keypath, TEXT_UNIT_KEYS + LIST_KEYS, () if list_typo else ("id",),
                         "a content item (a paragraph with id and text, or a recommendations "
                         "list)")
            return None
        return self.text_unit(node, keypath, "paragraph", section_id)

    # -- delegations ---------------------------------------------------------------------

    def delegation(self, node: Node, keypath: str) -> Delegation | None:
        entries = self.mapping(node, keypath, DELEGATION_KEYS, ("id", "heading", "members"),
                               "a delegation")
        if entries is None:
            return None
        delegation_id = self.unit_id(entries, keypath)
        heading = None
        if "heading" in entries:
            heading = self.unit_fields(entries, keypath, delegation_id, "delegation",
                                       ("heading",), node, "delegations")
        members = tuple(self.unit(n, f"{keypath}.members[{i}]", "member", delegation_id or "?",
                                  MEMBER_KEYS, ("name", "roles", "leader"), ("name", "roles"),
                                  "a member")
                        for i, n in enumerate(self.sequence(entries["members"][1],
                                                            f"{keypath}.members", "members",
                                                            delegation_id)
                                              if "members" in entries else ()))
        if heading is None or None in members:
            return None
        return Delegation(heading, members)


def document_id_problem(path: Path) -> str | None:
    """Why a file name cannot serve as a document id, if it cannot."""
    if not ID_PATTERN.match(path.stem):
        return (f"file name '{path.name}' is not a valid document id: use lower-case letters, "
                "digits and '-' (e.g. digital-economy-2024.yaml)")
    return None
