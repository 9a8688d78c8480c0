"""Consistency both ways: one English text, one translation; one translation, one source."""

from __future__ import annotations

from collections.abc import Iterator

from . import Check, Context, Example, FieldText, Finding


def _both_ways(records, ctx, check_id: str, key_side: str):
    # (target language, field, text): (other text, unit id, place); each target language
    # is compared with itself only
    first: dict[tuple[str, str, str], tuple] = {}
    for record in records:
        key, value = (
            (record.source, record.target)
            if key_side == "source"
            else (record.target, record.source)
        )
        seen = first.setdefault(
            (record.target_lang, record.name, key),
            (value, record.source_id, record.target_location),
        )
        if seen[0] != value:
            where = f"'{seen[1]}'"
            if seen[2].path != record.target_location.path:  # another document
                where += f" ({seen[2]})"
            what = (
                f"the same {ctx.source_name} is translated differently in {where}"
                if key_side == "source"
                else f"the same {ctx.target_name} stands for different {ctx.source_name} in {where}"
            )
            yield record, Finding(check_id, what + f": “{seen[0]}”", record.name)


def check_source(records: list[FieldText], ctx: Context) -> Iterator[tuple[FieldText, Finding]]:
    yield from _both_ways(records, ctx, "qa.consistency-source", "source")


def check_target(records: list[FieldText], ctx: Context) -> Iterator[tuple[FieldText, Finding]]:
    yield from _both_ways(records, ctx, "qa.consistency-target", "target")


SOURCE = Check(
    "qa.consistency-source",
    "warning",
    "The same English text is translated the same way",
    passes=Example("Professor (twice)", "教授 (both times)"),
    fails=Example("Professor (twice)", "教授, then 讲席教授"),
    corpus=check_source,
)
TARGET = Check(
    "qa.consistency-target",
    "warning",
    "The same Chinese text translates the same English",
    passes=Example("Chairman (twice)", "董事长 (both times)"),
    fails=Example("Chairman, then Chair", "董事长 (both times)"),
    corpus=check_target,
)
