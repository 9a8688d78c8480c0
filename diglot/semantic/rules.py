"""The semantic rules, judged within one document by robust statistics (the median and the
median absolute deviation, MAD), so that they carry from one document, register and model
score range to another where fixed cut-offs do not:

- exchanged: two units' translations come closer to the sources when exchanged;
- unmatched sentence: a sentence whose best counterpart on the other side of its unit (a
  sentence, or two together) is far less close than the document's sentences usually are;
- length outlier: a translation whose length in proportion to its source is far from the
  document's usual proportion.

Pure Python: the model's numbers come in as features (features.py)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..script import HAN
from .features import Sentence, UnitFeatures
from .prose import Prose, size

MAD_TO_SD = 1.4826  # the MAD of a normal distribution times this is its standard deviation
# The least spread a document's figures are taken to have: a short or very even document
# would otherwise make an ordinary unit look far from the rest.
LENGTH_SPREAD = 0.09  # of log(target length / source length)
SENTENCE_SPREAD = 0.05  # of cosine similarity
SENTENCE_MIN_SIZE = 4  # words (a CJK text: characters / 2): shorter sentences are not judged
_LATIN_WORD = re.compile(r"[A-Za-z0-9]+")
_NOT_ALNUM = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Outlier:
    """One judged figure of a unit: its index among the document's prose units, the figure
    and how many robust deviations it lies from the document's median."""

    index: int
    value: float
    z: float


def median(values: Sequence[float]) -> float:
    """The middle value (the mean of the two middle ones of an even count); statistics.median
    costs a warm check more to import than it saves."""
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


def robust_z(values: Sequence[float], floor: float) -> tuple[float, float]:
    """The median of values and their spread (the MAD scaled to a standard deviation, at
    least floor)."""
    middle = median(values)
    spread = median([abs(v - middle) for v in values]) * MAD_TO_SD
    return middle, max(spread, floor)


def length(text: str, cjk: bool) -> int:
    """A text's length for the length ratio: characters other than spaces and punctuation
    (a run of Latin letters or digits in a CJK text counts as two characters)."""
    if cjk:
        return _cjk_count(text) + 2 * len(_LATIN_WORD.findall(text))
    return len(_NOT_ALNUM.sub("", text))


def _cjk_count(text: str) -> int:
    return len(text) - len(HAN.sub("", text))


def length_outliers(
    units: Sequence[Prose], source_cjk: bool, target_cjk: bool, threshold: float
) -> list[Outlier]:
    """The units whose length ratio lies threshold robust deviations or more from the
    document's median (log ratios, so that half as long and twice as long are as far)."""
    if len(units) < 3:
        return []
    ratios = [
        math.log((length(u.target, target_cjk) + 1) / (length(u.source, source_cjk) + 1))
        for u in units
    ]
    middle, spread = robust_z(ratios, LENGTH_SPREAD)
    found = []
    for i, ratio in enumerate(ratios):
        z = (ratio - middle) / spread
        if abs(z) >= threshold:
            found.append(Outlier(i, math.exp(ratio - middle), z))
    return found


@dataclass(frozen=True)
class Unmatched:
    index: int  # the unit's index among the prose units
    side: str  # "source" or "target"
    start: int
    end: int
    z: float


def unmatched_sentences(
    units: Sequence[Prose],
    features: Sequence[UnitFeatures],
    source_cjk: bool,
    target_cjk: bool,
    threshold: float,
) -> list[Unmatched]:
    """The sentences whose best match on the other side of their unit lies threshold robust
    deviations or more below the document's median sentence match. Sentences too short to
    judge are left out, and so are units with one sentence on each side (the length ratio
    judges those). When a unit's two sides have as many sentences, and the sentences found
    on each side stand at the same places, they are taken to translate each other (the model
    reads them poorly): a sentence added or left out changes the count."""
    judged = []  # (unit, place among its side's sentences or -1: not reported, sentence)
    for i, (unit, measured) in enumerate(zip(units, features)):
        single = len(measured.sentences) == 2  # one on each side: in the statistics only
        places = {"source": 0, "target": 0}
        for s in measured.sentences:
            place = -1 if single else places[s.side]
            places[s.side] += 1
            text, cjk = (
                (unit.source, source_cjk) if s.side == "source" else (unit.target, target_cjk)
            )
            if size(text[s.start : s.end], cjk) >= SENTENCE_MIN_SIZE:
                judged.append((i, place, s))
    if len(judged) < 3:
        return []
    middle, spread = robust_z([s.score for _, _, s in judged], SENTENCE_SPREAD)
    flagged: dict[int, list[tuple[int, Sentence, float]]] = {}
    for i, place, s in judged:
        z = (s.score - middle) / spread
        if place >= 0 and z <= -threshold:
            flagged.setdefault(i, []).append((place, s, z))
    found = []
    for i, items in flagged.items():
        sides = [[p for p, s, _ in items if s.side == side] for side in ("source", "target")]
        counts = [
            sum(1 for s in features[i].sentences if s.side == side) for side in ("source", "target")
        ]
        if counts[0] == counts[1] and sides[0] == sides[1]:
            continue  # counterparts of each other, read poorly
        found += [Unmatched(i, s.side, s.start, s.end, z) for _, s, z in items]
    return found


def exchanged(features: Sequence[UnitFeatures], margin: float) -> list[tuple[int, int, float]]:
    """(unit, partner, gain) for each unit whose translation and its partner's come closer
    to the sources by more than margin when exchanged."""
    return [
        (i, f.partner, f.gain) for i, f in enumerate(features) if f.partner >= 0 and f.gain > margin
    ]
