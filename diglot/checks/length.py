"""Length-ratio outliers: a Chinese text far shorter or longer than its English suggests
something dropped or added (the thresholds are settings)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Unit
from . import Check, Context, Example, Finding
from .text import field_pairs


def check_length(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    low, high = ctx.length_ratio
    for field, other in field_pairs(en, zh):
        if len(field.plain) < ctx.length_min_chars:
            continue
        ratio = len(other.plain) / len(field.plain)
        if not low <= ratio <= high:
            yield Finding(
                "qa.length",
                f"the Chinese is {ratio:.2f} times the length of the "
                f"English; expected {low:g} to {high:g}",
                field.name,
            )


CHECK = Check(
    "qa.length",
    "warning",
    "Chinese length in proportion to the English",
    passes=Example(
        "Both sides recognize that transparent regulatory rules can help reduce AI risks.",
        "双方认识到，透明的监管规则有助于降低AI风险。",
    ),
    fails=Example(
        "Both sides recognize that transparent regulatory rules can help reduce AI risks.",
        "双方认识到。",
    ),
    pair=check_length,
)
