"""Length-ratio outliers: a Chinese text far shorter or longer than its English suggests
something dropped or added (the thresholds are settings).

The ratio is the Chinese text's length over the English one's, whichever is the original:
a Chinese original translated into English is weighed in the same terms (Context.into_spaces),
so the default limits and the minimum length (in English characters) hold either way."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Unit
from . import Check, Context, Example, Finding
from .text import field_pairs


def check_length(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    low, high = ctx.length_ratio
    swapped = ctx.into_spaces
    spaced, chinese = (
        (ctx.target_name, ctx.source_name) if swapped else (ctx.source_name, ctx.target_name)
    )
    for field, other in field_pairs(en, zh):
        if swapped:
            field, other = other, field  # the English first, as the limits are written
        if len(field.plain) < ctx.length_min_chars:
            continue
        ratio = len(other.plain) / len(field.plain)
        if not low <= ratio <= high:
            yield Finding(
                "qa.length",
                f"the {chinese} is {ratio:.2f} times the length of the "
                f"{spaced}; expected {low:g} to {high:g}",
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
