"""Stale translations: a target unit records a hash of the source text it was made from
(diglot/provenance.py); when the source is edited afterwards, the hashes differ and
`qa.stale` reports the unit with a word diff of the source then and now."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..model import Unit
from ..provenance import Tracking, note_text, same_hash, source_hash, unit_text
from ..textdiff import word_diff
from . import Check, Context, Example, Finding

# -- the check ------------------------------------------------------------------------------


def check_stale(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    """No recorded hash, or a hash of an English text other than the current one; tracking
    data that the file's last committed version has and the file on disk has lost."""
    committed = getattr(ctx.source_text, "committed", None)  # provenance.GitHistory
    if committed is not None:
        yield from lost_tracking(en, zh, committed, ctx.source_name)
    if not en.fields:  # a unit without text (a section without heading): nothing to track
        return
    if zh.source_hash is None:
        # Tracking starts with a document's first approved unit: from then on every unit
        # of that Chinese file must record the English it was made from.
        if ctx.tracked is None or zh.location.path in ctx.tracked:
            yield Finding(
                "qa.stale",
                f"no source hash: record the {ctx.source_name} this translation "
                f"was made from with `python pipeline.py approve {en.id}`",
            )
        return
    if same_hash(zh.source_hash, source_hash(en)):
        return
    now = unit_text(en)
    named = ctx.source_name
    if ctx.source_text is None:
        detail = f"earlier {named} not looked up; current {named}:\n  {now}"
    else:
        then = ctx.source_text(en, zh.source_hash)
        if then is None:
            detail = f"earlier {named} not found in the git history; current {named}:\n  {now}"
        else:
            detail = f"{named} then → now:\n  {word_diff(then, now)}"
    yield Finding(
        "qa.stale",
        f"the {named} text changed after this unit was translated; "
        f"update the translation, then run `python pipeline.py approve {en.id}`",
        detail=detail,
    )


def lost_tracking(
    en: Unit, zh: Unit, committed: Callable[[str], dict[str, Tracking]], source: str = "English"
) -> Iterator[Finding]:
    """`tracking.lost`: a source hash (an error), review note or waiver (warnings) that the
    last committed version of the unit's file records and the file now lacks: a tool that
    rewrote the file (a converter, a round trip through another format) may have dropped
    it. Committing the file accepts the change."""
    then = committed(zh.location.path).get(zh.id or "")
    if then is not None and then.source_hash and zh.source_hash is None:
        yield Finding(
            "tracking.lost",
            f'source-hash: "{then.source_hash}" of the last commit is gone from this unit; '
            "restore it (git diff shows what else was lost), or commit the file if it was "
            "removed on purpose",
        )
    if then is not None:
        waived = {w.check for w in zh.waivers}
        for check in then.waivers:
            if check not in waived:
                yield Finding(
                    "tracking.lost",
                    f"the waiver of {check} of the last commit is gone; restore it, or commit "
                    "the file if it was removed on purpose",
                    severity="warning",
                )
    for unit, side in ((zh, ""), (en, f"the {source} unit's ")):
        before = committed(unit.location.path).get(unit.id or "")
        if before is None:
            continue
        now = {note_text(note.text) for note in unit.notes}
        for text in before.notes:
            if text not in now:
                shown = text if len(text) <= 60 else text[:59] + "…"
                yield Finding(
                    "tracking.lost",
                    f"{side}review note '{shown}' of the last commit is gone; restore it "
                    "(a resolved note is kept with status: resolved), or commit the file if it "
                    "was removed on purpose",
                    severity="warning",
                )


# The failing example's Chinese was translated, and approved, when the English read
# EARLIER_EN ("national security"); the English has been edited since. Examples are plain
# pairs, so a test must build the units and record the hashes itself: tests/test_stale.py
# gives the passing pair's Chinese source_hash(its own English) and the failing pair's Chinese
# source_hash(EARLIER_EN) (== the passing English). A runner that builds units without any
# source-hash sees "no source hash" for both examples.
EARLIER_EN = "Both countries should clarify the definition of national security."

CHECK = Check(
    id="qa.stale",
    severity="error",
    title="Translation made from an older source text",
    passes=Example(en=EARLIER_EN, zh="两国应明确国家安全的定义。"),
    fails=Example(
        en="Both countries should clarify the definition of economic security.",
        zh="两国应明确国家安全的定义。",
    ),
    pair=check_stale,
)
