"""Entries of a termbase file (TBX, CSV, OmegaT's glossary) written into content/glossary.yaml
as text, as the content edits are (diglot.yamledit): a new term is added at the end of
`terms:`, a known one (its source term compared as the glossary compares terms) gets the new
target rendering, note, accepted variants and forbidden renderings; a protected token is
added to `protected:`, or gets the sanctioned forms it lacks. Comments, blank lines, quoting
and key order stay as they were. The edited text is loaded again, as the glossary is, and
must read as the old glossary with exactly these changes; an entry the glossary would refuse
(a forbidden rendering that is the term itself) is refused on its own."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..diagnostics import Reporter
from ..glossary import Termbase, load_glossary
from ..source import nfc, source_from_text, value_problem
from ..textdiff import word_diff
from ..yamledit import apply_edits, last_scalar_end, line_break, line_end, quoted, replace_scalar
from ..yamlplain import plain_ok
from ..yamltree import Mapping, Node, Scalar, Sequence, parse_tree
from .termbase import Entry


@dataclass(frozen=True)
class Merged:
    """The glossary's new text, what changed (one line each), the entries refused (each with
    why)."""

    text: str
    shown: list[str]
    refused: list[tuple[Entry, str]]


def _key(text: str) -> str:
    return nfc(text).casefold()


def _value(text: str, flow: bool = False) -> str:
    return text if plain_ok(text, flow) else quoted(text)


def _after_line(text: str, offset: int) -> int:
    end = line_end(text, offset)
    if end < 0:
        return len(text)
    return end + (2 if text.startswith("\r\n", end) else 1)


def _column(text: str, offset: int) -> int:
    return offset - (max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1)


def merge(
    path: str,
    text: str | None,
    entries: list[Entry],
    source: str,
    target: str,
    targets: tuple[str, ...],
    bidi: bool = False,
) -> Merged:
    """The glossary text (None: no glossary yet) with the entries merged in, for the
    columns source and target (targets: every target column of the project)."""
    refused: list[tuple[Entry, str]] = []
    good = []
    for entry in entries:
        texts = (entry.source, entry.target, entry.note, *entry.variants, *entry.forbidden)
        wrong = next((value_problem(t, bidi) for t in texts if t and value_problem(t, bidi)), None)
        if wrong:
            refused.append((entry, f"a text {wrong}"))
        else:
            good.append(entry)
    old = _load(path, text or "terms: []\n", source, targets, bidi)
    if old is None:
        raise ValueError("the glossary does not load")  # the command loads it first
    merged = _merge(text, good, source, target)
    if _load(path, merged[0], source, targets, bidi) is None:  # find the entries to blame
        kept = []
        for entry in good:
            alone = _merge(text, [entry], source, target)[0]
            if _load(path, alone, source, targets, bidi) is None:
                problems = Reporter()
                _load(path, alone, source, targets, bidi, problems)
                why = "; ".join(d.message for d in problems.errors[:2]) or "it does not load"
                refused.append((entry, f"the glossary would refuse it: {why}"))
            else:
                kept.append(entry)
        merged = _merge(text, kept, source, target)
        good = kept
    new = _load(path, merged[0], source, targets, bidi)
    if new is None or not _as_asked(old, new, good, target):
        raise ValueError("the edit changed more than it was asked to")
    return Merged(merged[0], merged[1], refused)


def _load(path, text, source, targets, bidi, reporter: Reporter | None = None) -> Termbase | None:
    reporter = reporter if reporter is not None else Reporter()
    found = load_glossary(path, reporter, source, targets, bidi, source_from_text(path, text))
    return None if found is None or reporter.errors else found


def _as_asked(old: Termbase, new: Termbase, entries: list[Entry], target: str) -> bool:
    """Every term and token of old is in new, changed only as the entries ask; every entry's
    term or token is in new as it asks."""
    before, after = old.for_target(target), new.for_target(target)
    wanted = {_key(e.source): e for e in entries if not e.protected}
    tokens = {e.source: e for e in entries if e.protected}
    terms = {_key(t.source): t for t in after.terms}
    for term in before.terms:
        now = terms.get(_key(term.source))
        entry = wanted.get(_key(term.source))
        if now is None:
            return False
        # a term is the same wherever it now stands: an edit above it moves its line
        if entry is None and replace(now, location=term.location) != term:
            return False
    for key, entry in wanted.items():
        now = terms.get(key)
        if now is None or now.target != nfc(entry.target):
            return False
        if not {nfc(v) for v in entry.variants} <= set(now.variants) | {now.target}:
            return False
        if not {nfc(f) for f in entry.forbidden} <= set(now.forbidden):
            return False
    if not set(before.protected) <= set(after.protected):
        return False
    for token, entry in tokens.items():
        if nfc(token) not in after.protected:
            return False
        if not {nfc(v) for v in entry.variants} <= set(after.sanctioned.get(nfc(token), ())):
            return False
    return len(after.terms) == len({*(_key(t.source) for t in before.terms), *wanted})


def _merge(
    text: str | None, entries: list[Entry], source: str, target: str
) -> tuple[str, list[str]]:
    """The text with the entries merged in, and what changed."""
    text = text if text is not None else ""
    newline = line_break(text) if text else "\n"
    root = parse_tree("glossary.yaml", text, Reporter()) if text.strip() else None
    top = {k.value: (k, v) for k, v in root.items} if isinstance(root, Mapping) else {}
    edits: list[tuple[int, int, str]] = []
    shown: list[str] = []
    # new items: each a list of (key, value) (a term), or [("", value)] (a protected token)
    appended: dict[str, list[list[tuple[str, object]]]] = {"terms": [], "protected": []}
    terms: dict[str, Mapping] = {}
    if "terms" in top and isinstance(top["terms"][1], Sequence):
        for item in top["terms"][1].items:
            if isinstance(item, Mapping):
                value = dict((k.value, v) for k, v in item.items).get(source)
                if isinstance(value, Scalar):
                    terms.setdefault(_key(value.value), item)
    tokens: dict[str, Node] = {}
    if "protected" in top and isinstance(top["protected"][1], Sequence):
        for item in top["protected"][1].items:
            if isinstance(item, Scalar):
                tokens.setdefault(item.value, item)
            elif isinstance(item, Mapping):
                value = dict((k.value, v) for k, v in item.items).get("token")
                if isinstance(value, Scalar):
                    tokens.setdefault(value.value, item)
    seen: set[str] = set()
    for entry in entries:
        if entry.protected:
            node = tokens.get(entry.source)
            if node is None:
                if entry.source in seen:
                    continue
                seen.add(entry.source)
                if entry.variants:
                    appended["protected"].append(
                        [("token", entry.source), (target, list(entry.variants))]
                    )
                else:
                    appended["protected"].append([("", entry.source)])
                shown.append(
                    f"+ protected {entry.source}"
                    + (f" ({', '.join(entry.variants)})" if entry.variants else "")
                )
            else:
                edits += _token_forms(text, node, entry, target, shown)
            continue
        key = _key(entry.source)
        mapping = terms.get(key)
        if mapping is None:
            if key in seen:
                continue
            seen.add(key)
            pairs: list[tuple[str, object]] = [(source, entry.source), (target, entry.target)]
            if entry.note:
                pairs.append(("note", entry.note))
            variants = [v for v in entry.variants if v != entry.target]
            if variants:
                pairs.append(("variants", variants))
            if entry.forbidden:
                pairs.append(("forbidden", list(entry.forbidden)))
            appended["terms"].append(pairs)
            shown.append(f"+ term {entry.source} → {entry.target}")
        else:
            edits += _term(text, mapping, entry, target, newline, shown)
    for name in ("terms", "protected"):
        items = appended[name]
        if not items:
            continue
        sequence = top[name][1] if name in top else None
        if isinstance(sequence, Sequence) and sequence.items:
            if text.startswith("[", sequence.start):
                close = text.rfind("]", sequence.start, sequence.end)
                edits.append((close, close, ", " + ", ".join(_flow_item(i) for i in items)))
                continue
            first = sequence.items[0]
            dash = text.rfind("-", 0, first.start)
            column = _column(text, dash)
            at = _after_line(text, last_scalar_end(sequence.items[-1]))
            prefix = "" if at == 0 or text[at - 1] in "\r\n" else newline
            edits.append((at, at, prefix + _items(items, column, newline)))
        elif name in top:  # an empty list ([] or nothing)
            key_node, value = top[name]
            at = _after_line(text, key_node.end)
            start = key_node.end
            edits.append((start, at, ":" + newline + _items(items, 2, newline)))
        else:
            prefix = "" if not text or text.endswith(("\n", "\r")) else newline
            edits.append(
                (len(text), len(text), f"{prefix}{name}:{newline}" + _items(items, 2, newline))
            )
    return apply_edits(text, edits), shown


def _items(items: list[list[tuple[str, object]]], column: int, newline: str) -> str:
    """New list items, one a line (a mapping's keys under its first)."""
    out = []
    for item in items:
        if item[0][0] == "":  # a plain protected token
            out.append(" " * column + "- " + _value(str(item[0][1])))
            continue
        for n, (key, value) in enumerate(item):
            shown = _flow(value) if isinstance(value, list) else _value(str(value))
            out.append(
                " " * (column if n == 0 else column + 2)
                + ("- " if n == 0 else "")
                + f"{key}: {shown}"
            )
    return newline.join(out) + newline


def _flow_item(item: list[tuple[str, object]]) -> str:
    """A new list item inside brackets."""
    if item[0][0] == "":
        return _value(str(item[0][1]), True)
    return (
        "{"
        + ", ".join(
            f"{key}: " + (_flow(value) if isinstance(value, list) else _value(str(value), True))
            for key, value in item
        )
        + "}"
    )


def _flow(values) -> str:
    return "[" + ", ".join(_value(v, True) for v in values) + "]"


def _term(text: str, mapping: Mapping, entry: Entry, target: str, newline: str, shown) -> list:
    """Edits that bring a known term to what the entry says."""
    edits: list[tuple[int, int, str]] = []
    entries = {k.value: (k, v) for k, v in mapping.items}
    flow = text.startswith("{", mapping.start)
    added: list[str] = []  # key: value lines to add
    label = entry.source
    current = entries.get(target)
    if current is None:
        added.append(f"{target}: {_value(entry.target, flow)}")
        shown.append(f"term {label}: + {target} {entry.target}")
    elif isinstance(current[1], Scalar) and current[1].value != entry.target:
        edits.append(replace_scalar(text, current[1], entry.target, flow))
        shown.append(f"term {label}: {target} {word_diff(current[1].value, entry.target)}")
    note = entries.get("note")
    if entry.note and note is None:
        added.append(f"note: {_value(entry.note, flow)}")
        shown.append(f"term {label}: + note {entry.note}")
    elif entry.note and note is not None and isinstance(note[1], Scalar):
        if note[1].value != entry.note:
            edits.append(replace_scalar(text, note[1], entry.note, flow))
            shown.append(f"term {label}: note {word_diff(note[1].value, entry.note)}")
    for name, values in (("variants", entry.variants), ("forbidden", entry.forbidden)):
        have = entries.get(name)
        known = (
            [i.value for i in have[1].items if isinstance(i, Scalar)]
            if have is not None and isinstance(have[1], Sequence)
            else []
        )
        if current is not None and isinstance(current[1], Scalar):
            known.append(current[1].value)
        known.append(entry.target)
        new = [v for v in dict.fromkeys(values) if v not in known]
        if not new:
            continue
        shown.append(f"term {label}: + {name} {', '.join(new)}")
        if have is None:
            added.append(f"{name}: {_flow(new)}")
        else:
            edits += _extend(text, have[1], new, newline)
    if added:
        if flow:
            close = text.rfind("}", mapping.start, mapping.end)
            edits.append((close, close, ", " + ", ".join(added)))
        else:
            first_key = mapping.items[0][0]
            column = _column(text, first_key.start)
            at = _after_line(text, last_scalar_end(mapping))
            prefix = "" if text[at - 1 : at] in ("\n", "\r") else newline
            edits.append(
                (at, at, prefix + "".join(" " * column + line + newline for line in added))
            )
    return edits


def _extend(text: str, sequence: Node, values: list[str], newline: str) -> list:
    """Edits that add values at the end of a list (in brackets, or one item a line)."""
    if not isinstance(sequence, Sequence):
        return []
    if text.startswith("[", sequence.start):
        close = text.rfind("]", sequence.start, sequence.end)
        lead = ", " if sequence.items else ""
        return [(close, close, lead + ", ".join(_value(v, True) for v in values))]
    last = sequence.items[-1]
    column = _column(text, text.rfind("-", 0, last.start))
    at = _after_line(text, last_scalar_end(last))
    prefix = "" if text[at - 1 : at] in ("\n", "\r") else newline
    return [(at, at, prefix + "".join(" " * column + f"- {_value(v)}" + newline for v in values))]


def _token_forms(text: str, node: Node, entry: Entry, target: str, shown) -> list:
    """Edits that give a known protected token the sanctioned forms it lacks."""
    if isinstance(node, Scalar):
        if not entry.variants:
            return []
        shown.append(f"protected {entry.source}: + {', '.join(entry.variants)}")
        mapping = (
            "{token: " + _value(node.value, True) + f", {target}: {_flow(entry.variants)}" + "}"
        )
        return [(node.start, node.end, mapping)]
    assert isinstance(node, Mapping)
    entries = {k.value: (k, v) for k, v in node.items}
    have = entries.get(target)
    known = (
        [i.value for i in have[1].items if isinstance(i, Scalar)]
        if have is not None and isinstance(have[1], Sequence)
        else []
    )
    new = [v for v in dict.fromkeys(entry.variants) if v not in known and v != entry.source]
    if not new:
        return []
    shown.append(f"protected {entry.source}: + {', '.join(new)}")
    if have is not None:
        return _extend(text, have[1], new, line_break(text))
    if text.startswith("{", node.start):
        close = text.rfind("}", node.start, node.end)
        return [(close, close, f", {target}: {_flow(new)}")]
    first_key = node.items[0][0]
    column = _column(text, first_key.start)
    at = _after_line(text, last_scalar_end(node))
    newline = line_break(text)
    return [(at, at, " " * column + f"{target}: {_flow(new)}" + newline)]
