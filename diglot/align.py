"""Pairs the English and Chinese documents by id, and reports every way they fail to align."""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Location, Reporter, display_path
from .model import Document, RecommendationList, Unit


@dataclass(frozen=True)
class Placement:
    unit: Unit
    container: str  # "title-block", "sections", "delegations", a section id or a delegation id
    index: int  # position among the units of its container


@dataclass(frozen=True)
class AlignedUnit:
    en: Unit
    zh: Unit


def placements(document: Document) -> dict[str, Placement]:
    """Where each unit id sits: its container and its position there."""
    containers: dict[str, list[Unit]] = {}
    for unit in document.units():
        container = "sections" if unit.kind == "heading" else \
            "delegations" if unit.kind == "delegation" else unit.container
        containers.setdefault(container, []).append(unit)
    return {unit.id: Placement(unit, container, i)
            for container, units in containers.items() for i, unit in enumerate(units)}


def describe(container: str, kind: str) -> str:
    """How a message names the container of a unit of this kind."""
    named = {"title-block": "the title block", "sections": "the section headings",
             "delegations": "the delegation headings"}
    if container in named:
        return named[container]
    return f"{'delegation' if kind == 'member' else 'section'} '{container}'"


def align(en: Document, zh: Document, reporter: Reporter) -> tuple[AlignedUnit, ...]:
    """The unit pairs in English document order; parity problems go to the reporter."""
    en_at, zh_at = placements(en), placements(zh)
    for unit_id, place in en_at.items():
        if unit_id not in zh_at:
            reporter.error("parity.missing", f"{place.unit.kind} '{unit_id}' has no Chinese "
                           f"counterpart: no unit with this id in {_file(zh)}",
                           place.unit.location, related=(Location(zh.path),), unit=unit_id)
    for unit_id, place in zh_at.items():
        if unit_id not in en_at:
            reporter.error("parity.extra", f"{place.unit.kind} '{unit_id}' has no English "
                           f"source: no unit with this id in {_file(en)}",
                           place.unit.location, related=(Location(en.path),), unit=unit_id)
    common = [i for i in en_at if i in zh_at]
    disturbed: set[str] = {p.container for i, p in en_at.items() if i not in zh_at}
    disturbed |= {p.container for i, p in zh_at.items() if i not in en_at}
    for unit_id in common:
        e, z = en_at[unit_id], zh_at[unit_id]
        if e.unit.kind != z.unit.kind:
            reporter.error("parity.kind", f"'{unit_id}' is a {e.unit.kind} in English "
                           f"({e.unit.location}) but a {z.unit.kind} here", z.unit.location,
                           related=(e.unit.location,), unit=unit_id)
        elif e.container != z.container:
            disturbed |= {e.container, z.container}
            reporter.error("parity.moved", f"{z.unit.kind} '{unit_id}' is in "
                           f"{describe(z.container, z.unit.kind)} here but in "
                           f"{describe(e.container, e.unit.kind)} in "
                           f"English ({e.unit.location})", z.unit.location,
                           related=(e.unit.location,), unit=unit_id)
    _check_order(en_at, zh_at, common, reporter)
    _check_counts(en, zh, disturbed, reporter)
    if en.title_block.date != zh.title_block.date:
        reporter.error("parity.date", f"date '{zh.title_block.date}' differs from the English "
                       f"'{en.title_block.date}' ({en.title_block.date_location})",
                       zh.title_block.date_location, related=(en.title_block.date_location,))
    return tuple(AlignedUnit(en_at[i].unit, zh_at[i].unit) for i in common)


def _check_order(en_at, zh_at, common, reporter: Reporter) -> None:
    by_container: dict[str, tuple[list[str], list[str]]] = {}
    for unit_id in common:
        e, z = en_at[unit_id], zh_at[unit_id]
        if e.container == z.container and e.unit.kind == z.unit.kind:
            pair = by_container.setdefault(e.container, ([], []))
            pair[0].append(unit_id)
    for container, (en_ids, zh_ids) in by_container.items():
        zh_ids.extend(sorted(en_ids, key=lambda i: zh_at[i].index))
        if en_ids == zh_ids:
            continue  # all in order
        import difflib

        matcher = difflib.SequenceMatcher(a=en_ids, b=zh_ids, autojunk=False)
        in_place = {en_ids[b.a + k] for b in matcher.get_matching_blocks() for k in range(b.size)}
        for position, unit_id in enumerate(zh_ids):
            if unit_id not in in_place:
                e, z = en_at[unit_id], zh_at[unit_id]
                reporter.error("parity.order", f"{z.unit.kind} '{unit_id}' is out of order: "
                               f"it comes at position {position + 1} of {describe(container, z.unit.kind)} "
                               f"here but at {en_ids.index(unit_id) + 1} in English "
                               f"({e.unit.location})", z.unit.location,
                               related=(e.unit.location,), unit=unit_id)


def _check_counts(en: Document, zh: Document, disturbed: set[str], reporter: Reporter) -> None:
    en_groups = {s.id: s for s in en.sections} | {d.id: d for d in en.delegations}
    for group in (*zh.sections, *zh.delegations):
        other = en_groups.get(group.id)
        if other is None:
            continue
        is_section = hasattr(group, "blocks")
        what = "recommendation" if is_section else "member"
        counts = [len(g.recommendations if is_section else g.members) for g in (other, group)]
        location = group.location if is_section else group.heading.location
        other_location = other.location if is_section else other.heading.location
        noun = "section" if is_section else "delegation"
        if counts[0] != counts[1]:
            reporter.error("parity.count", f"{noun} '{group.id}' has {_count(counts[1], what)} "
                           f"here but {counts[0]} in English ({other_location})", location,
                           related=(other_location,), unit=group.id)
        elif is_section and group.id not in disturbed and _shape(group) != _shape(other):
            reporter.error("parity.structure", f"section '{group.id}' is laid out as "
                           f"{_shape(group)} here but as {_shape(other)} in English "
                           f"({other_location})", location, related=(other_location,),
                           unit=group.id)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _shape(section) -> str:
    return "[" + ", ".join(f"list of {len(b.items)}" if isinstance(b, RecommendationList)
                           else "paragraph" for b in section.blocks) + "]"


def _file(document: Document) -> str:
    return display_path(document.path)
