"""Pairs a document's source and target languages by id, and reports every way they fail to
align: units missing, extra, of another kind, moved, out of order, lists of other lengths."""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import Location, Reporter, display_path
from .model import Document, Unit
from .suggest import closest


@dataclass(frozen=True)
class Placement:
    unit: Unit
    container: str  # "title-block", "sections", "delegations", a section id or a delegation id
    index: int  # position among the units of its container


@dataclass(frozen=True)
class AlignedUnit:
    source: Unit
    target: Unit

    @property
    def id(self) -> str:
        """The id the two units share: units are aligned by id, so both have it."""
        assert self.source.id is not None
        return self.source.id


def placements(document: Document) -> dict[str, Placement]:
    """Where each unit id sits: its container and its position there."""
    containers: dict[str, list[Unit]] = {}
    for unit in document.units():
        containers.setdefault(unit.container, []).append(unit)
    found: dict[str, Placement] = {}
    for container, units in containers.items():
        for i, unit in enumerate(units):
            assert unit.id is not None  # Document.units() yields only units with ids
            found[unit.id] = Placement(unit, container, i)
    return found


def describe(container: str, document: Document) -> str:
    """How a message names a container: the title block, a body list, or a unit."""
    if container == "title-block":
        return "the title block"
    if any(key == container for key, _ in document.body):
        return f"the list '{container}'"
    kinds = {u.id: u.kind for u in document.units()}
    return f"{kinds.get(container, 'unit')} '{container}'"


def align(
    source: Document, target: Document, reporter: Reporter, names: dict[str, str] | None = None
) -> tuple[AlignedUnit, ...]:
    """The unit pairs in source document order; parity problems go to the reporter. names
    gives each language's name for messages (English, Chinese)."""
    names = names or {}
    src_name = names.get(source.lang, source.lang)
    tgt_name = names.get(target.lang, target.lang)
    if source.type.name != target.type.name:
        reporter.error(
            "parity.type",
            f"this document is a {target.type.name} here but a "
            f"{source.type.name} in {src_name} ({source.type_location})",
            target.type_location,
            related=(source.type_location,),
        )
        return ()
    en_at, zh_at = placements(source), placements(target)
    renamed = _renamed(en_at, zh_at)
    for en_id, zh_id in renamed.items():
        e, z = en_at[en_id], zh_at[zh_id]
        reporter.error(
            "parity.renamed",
            f"{e.unit.kind} '{en_id}' in {src_name} ({e.unit.location}) seems renamed to "
            f"'{zh_id}' here; use the same id in both",
            z.unit.location,
            related=(e.unit.location,),
            unit=en_id,
        )
    renamed_to = set(renamed.values())
    for unit_id, place in en_at.items():
        if unit_id not in zh_at and unit_id not in renamed:
            reporter.error(
                "parity.missing",
                f"{place.unit.kind} '{unit_id}' has no {tgt_name} "
                f"counterpart: no unit with this id in {_file(target)}",
                place.unit.location,
                related=(Location(target.path),),
                unit=unit_id,
            )
    for unit_id, place in zh_at.items():
        if unit_id not in en_at and unit_id not in renamed_to:
            reporter.error(
                "parity.extra",
                f"{place.unit.kind} '{unit_id}' has no {src_name} "
                f"source: no unit with this id in {_file(source)}",
                place.unit.location,
                related=(Location(source.path),),
                unit=unit_id,
            )
    common = [i for i in en_at if i in zh_at]
    disturbed: set[str] = {p.container for i, p in en_at.items() if i not in zh_at}
    disturbed |= {p.container for i, p in zh_at.items() if i not in en_at}
    for unit_id in common:
        e, z = en_at[unit_id], zh_at[unit_id]
        if e.unit.kind != z.unit.kind:
            disturbed |= {e.container, z.container}
            reporter.error(
                "parity.kind",
                f"'{unit_id}' is a {e.unit.kind} in {src_name} "
                f"({e.unit.location}) but a {z.unit.kind} here",
                z.unit.location,
                related=(e.unit.location,),
                unit=unit_id,
            )
        elif renamed.get(e.container, e.container) != z.container:
            disturbed |= {e.container, z.container}
            reporter.error(
                "parity.moved",
                f"{z.unit.kind} '{unit_id}' is in "
                f"{describe(z.container, target)} here but in "
                f"{describe(e.container, source)} in {src_name} "
                f"({e.unit.location})",
                z.unit.location,
                related=(e.unit.location,),
                unit=unit_id,
            )
        else:
            _check_fields(e.unit, z.unit, reporter, src_name)
    alternat = alternat_ids(target)
    ordered = [i for i in common if i not in alternat]
    _check_order(en_at, zh_at, ordered, reporter, source, target, src_name, renamed)
    # the units each container lacks or holds besides, by kind: a count those explain is
    # not reported again (parity.missing or parity.extra names each unit)
    explained: dict[str, dict[str, int]] = {}
    for unit_id, place in en_at.items():
        if unit_id not in zh_at and unit_id not in renamed:
            by_kind = explained.setdefault(renamed.get(place.container, place.container), {})
            by_kind[place.unit.kind] = by_kind.get(place.unit.kind, 0) + 1
    for unit_id, place in zh_at.items():
        if unit_id not in en_at and unit_id not in renamed_to:
            by_kind = explained.setdefault(place.container, {})
            by_kind[place.unit.kind] = by_kind.get(place.unit.kind, 0) - 1
    _check_shapes(source, target, disturbed, reporter, src_name, renamed, explained)
    _check_values(source, target, reporter, src_name)
    _check_status(source, target, reporter, src_name)
    return tuple(AlignedUnit(en_at[i].unit, zh_at[i].unit) for i in common)


def alternat_ids(document: Document) -> set[str]:
    """The ids of the units in lists whose order may differ between the languages (the
    type's alternat lists: each party first in its own language's version)."""
    doc_type = document.type
    found: set[str] = set()

    def visit(lists, kinds) -> None:
        for key, units in lists:
            child = next((c for c in kinds if c.key == key), None)
            for unit in units:
                if child is not None and child.alternat and unit.id is not None:
                    found.add(unit.id)
                kind = doc_type.kinds.get(unit.kind)
                visit(unit.children, kind.children if kind else ())

    visit(document.body, doc_type.body)
    return found


def language_status(document: Document, is_source: bool) -> str | None:
    """What a language's text of a document is (original, translation,
    unofficial-translation, equally-authentic): as its title block says, else as its type
    says of the source or the targets; None when the type has no status line."""
    given = document.value("language-status")
    if given is not None:
        return given.text
    default = document.type.language_status
    return None if default is None else default[0 if is_source else 1]


def _check_status(source: Document, target: Document, reporter: Reporter, src_name: str) -> None:
    """Both texts are equally authentic or neither is; at most one is the original."""
    theirs, ours = language_status(source, True), language_status(target, False)
    if theirs is None or ours is None:
        return
    given = target.value("language-status")
    where = given.location if given is not None else target.type_location
    other = source.value("language-status")
    related = (other.location,) if other is not None else ()
    equal = "equally-authentic"
    if (theirs == equal) != (ours == equal) or theirs == ours == "original":
        reporter.error(
            "parity.language-status",
            f"language-status '{ours}' here but '{theirs}' in {src_name}: either every "
            "language's text is equally authentic, or one is the original and the others "
            "translations",
            where,
            related=related,
        )


def _renamed(en_at: dict[str, Placement], zh_at: dict[str, Placement]) -> dict[str, str]:
    """Source ids missing from the target that a new target id seems to replace: one of the
    same kind in the same container (or in the container's own renamed counterpart), at the
    same position there or, failing that, with a similar id (suggest.closest)."""
    at_place: dict[tuple[str, int], str] = {}
    by_list: dict[tuple[str, str], list[str]] = {}
    for zh_id, z in zh_at.items():
        if zh_id not in en_at:
            at_place[(z.container, z.index)] = zh_id
            by_list.setdefault((z.container, z.unit.kind), []).append(zh_id)
    found: dict[str, str] = {}
    taken: set[str] = set()
    for en_id, e in en_at.items():  # document order: a unit before the units it holds
        if en_id in zh_at or not at_place:
            continue
        container = found.get(e.container, e.container)
        best = at_place.get((container, e.index))
        if best is None or best in taken or zh_at[best].unit.kind != e.unit.kind:
            candidates = [i for i in by_list.get((container, e.unit.kind), ()) if i not in taken]
            best = None
            if len(candidates) <= _COMPARED:  # a list renamed throughout is no one rename
                best = closest(en_id, candidates)
        if best is not None:
            found[en_id] = best
            taken.add(best)
    return found


_COMPARED = 20  # new ids of one list compared with a missing one, at most


def _check_fields(source: Unit, target: Unit, reporter: Reporter, src_name: str) -> None:
    """A text a unit has in one language and not in the other (an article's optional
    heading, a person's roles): the editions would show it in one column only, and no
    check compares it. parity.field, at the translation's unit."""
    mine = {f.name for f in target.fields if f.plain.strip()}
    theirs = {f.name for f in source.fields if f.plain.strip()}
    for name in sorted(theirs - mine):
        reporter.error(
            "parity.field",
            f"'{target.id}' has no {name} here but has one in {src_name} "
            f"({source.location}); translate it, or remove it there",
            target.location,
            related=(source.location,),
            unit=target.id,
        )
    for name in sorted(mine - theirs):
        reporter.error(
            "parity.field",
            f"'{target.id}' has a {name} here but none in {src_name} ({source.location}); "
            "add it there, or remove it here",
            target.location,
            related=(source.location,),
            unit=target.id,
        )


def _check_order(
    en_at,
    zh_at,
    common,
    reporter: Reporter,
    source: Document,
    target: Document,
    src_name: str,
    renamed: dict[str, str],
) -> None:
    by_container: dict[str, tuple[list[str], list[str]]] = {}
    for unit_id in common:
        e, z = en_at[unit_id], zh_at[unit_id]
        if renamed.get(e.container, e.container) == z.container and e.unit.kind == z.unit.kind:
            pair = by_container.setdefault(z.container, ([], []))
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
                reporter.error(
                    "parity.order",
                    f"{z.unit.kind} '{unit_id}' is out of order: "
                    f"it comes at position {position + 1} of "
                    f"{describe(container, target)} here but at "
                    f"{en_ids.index(unit_id) + 1} in {src_name} "
                    f"({e.unit.location})",
                    z.unit.location,
                    related=(e.unit.location,),
                    unit=unit_id,
                )


def _check_shapes(
    source: Document,
    target: Document,
    disturbed: set[str],
    reporter: Reporter,
    src_name: str,
    renamed: dict[str, str],
    explained: dict[str, dict[str, int]],
) -> None:
    """Each unit holds as many units of each kind, in lists of the same lengths, as its
    counterpart (reported once, where ids alone do not tell: a difference the units missing
    or extra in it account for, by kind, is already reported unit by unit)."""
    others = {renamed.get(u.id, u.id): u for u in source.units() if u.id is not None}
    for unit in target.units():
        other = others.get(unit.id or "")
        if other is None or other.kind != unit.kind or not (unit.children or other.children):
            continue
        counts = [_counts(u) for u in (other, unit)]
        accounted = explained.get(unit.id or "", {})
        every = counts[0].keys() | counts[1].keys() | accounted.keys()
        if counts[0] != counts[1] and any(
            counts[0].get(k, 0) - counts[1].get(k, 0) != accounted.get(k, 0) for k in every
        ):
            kinds = sorted(counts[0].keys() | counts[1].keys())
            differ = [k for k in kinds if counts[0].get(k, 0) != counts[1].get(k, 0)]
            said = ", ".join(
                f"{_count(counts[1].get(k, 0), k)} here but {counts[0].get(k, 0)} in {src_name}"
                for k in differ
            )
            reporter.error(
                "parity.count",
                f"{unit.kind} '{unit.id}' has {said} ({other.location})",
                unit.location,
                related=(other.location,),
                unit=unit.id,
            )
        elif unit.id not in disturbed and _shape(unit) != _shape(other):
            reporter.error(
                "parity.structure",
                f"{unit.kind} '{unit.id}' is laid out as "
                f"{_shape(unit)} here but as {_shape(other)} in {src_name} "
                f"({other.location})",
                unit.location,
                related=(other.location,),
                unit=unit.id,
            )


def _counts(unit: Unit) -> dict[str, int]:
    """How many units of each kind a unit holds (lists without id looked through)."""
    found: dict[str, int] = {}
    for child in unit.child_units():
        if child.id is None:
            for kind, n in _counts(child).items():
                found[kind] = found.get(kind, 0) + n
        else:
            found[child.kind] = found.get(child.kind, 0) + 1
    return found


def _shape(unit: Unit) -> str:
    return (
        "["
        + ", ".join(
            f"list of {len(list(c.child_units()))}" if c.id is None else c.kind
            for c in unit.child_units()
        )
        + "]"
    )


def _check_values(source: Document, target: Document, reporter: Reporter, src_name: str) -> None:
    """Dates and codes agree, unless the type lets them differ per language."""
    for value in target.values:
        spec = target.type.title_field(value.name)
        other = source.value(value.name)
        if (spec is None and value.name != "originals") or (spec and spec.per_language):
            continue
        if other is None:
            reporter.error(
                "parity.value",
                f"title-block.{value.name} is given here but not in {src_name}",
                value.location,
            )
        elif other.text != value.text:
            code = "parity.date" if spec and spec.kind == "date" else "parity.value"
            reporter.error(
                code,
                f"{value.name} '{value.text}' differs from the {src_name} "
                f"'{other.text}' ({other.location})",
                value.location,
                related=(other.location,),
            )
    for value in source.values:
        spec = source.type.title_field(value.name)
        kept = value.name == "originals" or (spec is not None and not spec.per_language)
        if kept and target.value(value.name) is None:
            reporter.error(
                "parity.value",
                f"title-block.{value.name} is given in {src_name} ({value.location}) but not here",
                Location(target.path),
                related=(value.location,),
            )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _file(document: Document) -> str:
    return display_path(document.path)
