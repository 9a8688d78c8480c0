"""Consistency both ways: one English text, one translation; one translation, one source."""

from __future__ import annotations

from . import Check, Example, Finding
from .text import field_pairs, normalise


def _normalised(pairs, ctx) -> list[tuple]:
    """(en, zh, field name, English, Chinese) for every field pair, whitespace normalised;
    worked out once for both checks."""
    cached = ctx.cache.get("normalised fields")
    if cached is None or cached[0] is not pairs:
        cached = ctx.cache["normalised fields"] = (pairs, [
            (en, zh, field.name, normalise(field.plain), normalise(other.plain))
            for en, zh in pairs for field, other in field_pairs(en, zh)])
    return cached[1]


def _both_ways(pairs, ctx, check_id: str, key_lang: str):
    first: dict[tuple[str, str], tuple] = {}
    for en, zh, name, en_text, zh_text in _normalised(pairs, ctx):
        key, value = (en_text, zh_text) if key_lang == "en" else (zh_text, en_text)
        seen = first.setdefault((name, key), (value, en.id))
        if seen[0] != value:
            what = ("the same English is translated differently in '{}'" if key_lang == "en"
                    else "the same Chinese stands for different English in '{}'")
            yield en, zh, Finding(check_id, what.format(seen[1]) + f": “{seen[0]}”", name)


def check_source(pairs, ctx):
    yield from _both_ways(pairs, ctx, "qa.consistency-source", "en")


def check_target(pairs, ctx):
    yield from _both_ways(pairs, ctx, "qa.consistency-target", "zh")


SOURCE = Check(
    "qa.consistency-source", "warning", "The same English text is translated the same way",
    passes=Example("Professor (twice)", "教授 (both times)"),
    fails=Example("Professor (twice)", "教授, then 讲席教授"),
    corpus=check_source)
TARGET = Check(
    "qa.consistency-target", "warning", "The same Chinese text translates the same English",
    passes=Example("Chairman (twice)", "董事长 (both times)"),
    fails=Example("Chairman, then Chair", "董事长 (both times)"),
    corpus=check_target)
