"""Inline markup parity: the same number of bold spans and the same link targets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..diagnostics import some
from ..inline import Bold, Link, Text
from ..model import Unit
from . import Check, Context, Example, Finding
from .text import field_pairs

_NONE: Counter = Counter()


def _markup(spans) -> tuple[int, Counter]:
    if len(spans) == 1 and type(spans[0]) is Text:  # most texts: no markup at all
        return 0, _NONE
    bold = 0
    links: Counter[str] = Counter()  # link target: how many links to it
    for span in spans:
        if isinstance(span, Bold):
            bold += 1
        if isinstance(span, Link):
            links[span.href] += 1
        if isinstance(span, (Bold, Link)):
            inner_bold, inner_links = _markup(span.children)
            bold, links = bold + inner_bold, links + inner_links
    return bold, links


def check_markup(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    for field, other in field_pairs(en, zh):
        (en_bold, en_links), (zh_bold, zh_links) = _markup(field.spans), _markup(other.spans)
        if en_bold != zh_bold:
            yield Finding(
                "qa.markup",
                f"{en_bold} bold span(s) in the {ctx.source_name}, {zh_bold} in the "
                f"{ctx.target_name}",
                field.name,
            )
        if en_links != zh_links:
            yield Finding(
                "qa.markup",
                f"links differ: {ctx.source_name} "
                + (some(sorted(en_links)) or "none")
                + f"; {ctx.target_name} "
                + (some(sorted(zh_links)) or "none"),
                field.name,
            )


CHECK = Check(
    "qa.markup",
    "error",
    "Bold and links match between the languages",
    passes=Example("The **Fund** convened it.", "**基金**召集了对话。"),
    fails=Example("The **Fund** convened it.", "基金召集了对话。"),
    pair=check_markup,
)
