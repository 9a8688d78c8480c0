"""What the model says about one document's prose, as plain numbers: how close each unit's
translation is to its own source and to every other unit's, and how well each sentence is
matched by the other side of its unit. The rules (rules.py) judge these numbers.

The numbers of a document are cached by its prose texts and the model's version (one entry,
read without numpy): an unchanged document never imports the model. Otherwise each text is
embedded through encoder.embed, which reads the texts that did not change from the cache.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .. import cache
from . import encoder
from .prose import Prose, sentences

NAMESPACE = "semantic"
ALGORITHM = "features 4"  # changes whenever what is computed here changes


@dataclass(frozen=True)
class Sentence:
    """One sentence of one side of a unit, and how close the closest sentence, or two
    sentences together, of the unit's other side comes to it (cosine similarity)."""

    side: str  # "source" or "target"
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class UnitFeatures:
    own: float  # this unit's source and translation, whole
    partner: int  # the other unit whose translation this one's would best be exchanged with
    gain: float  # how much closer the two translations come to the sources when exchanged
    sentences: tuple[Sentence, ...]


def document_features(
    units: Sequence[Prose], source_cjk: bool, target_cjk: bool, cached: bool = True
) -> list[UnitFeatures]:
    """The features of a document's prose units, in order (from the cache when the texts are
    those of an earlier run)."""
    if not units:
        return []
    name = cache.key(
        ALGORITHM,
        encoder.version(),
        str(source_cjk),
        str(target_cjk),
        *(part for unit in units for part in (unit.source, unit.target)),
    )
    data = cache.read(NAMESPACE, name) if cached else None
    if data is not None:
        found = _decode(data, len(units))
        if found is not None:
            return found
    found = _compute(units, source_cjk, target_cjk, cached)
    if cached:
        cache.write(NAMESPACE, name, _encode(found))
    return found


def _compute(
    units: Sequence[Prose], source_cjk: bool, target_cjk: bool, cached: bool = True
) -> list[UnitFeatures]:
    import numpy as np

    texts: list[str] = []
    # per unit, per side (source, target): the sentences' spans, and the rows of the texts
    # list that hold its sentences and its windows (two neighbouring sentences together)
    where: list[tuple[_Side, _Side]] = []

    def add(items: list[str]) -> list[int]:
        texts.extend(items)
        return list(range(len(texts) - len(items), len(texts)))

    for unit in units:
        sides = []
        for text, cjk in ((unit.source, source_cjk), (unit.target, target_cjk)):
            spans = sentences(text, cjk) or [(0, len(text))]
            joiner = "" if cjk else " "
            pieces = [text[a:b] for a, b in spans]
            windows = [joiner.join(pieces[k : k + 2]) for k in range(len(pieces) - 1)]
            sides.append(_Side(spans, add(pieces), add(windows)))
        where.append((sides[0], sides[1]))
    vectors = encoder.embed(texts, cached)
    # A unit's text as a whole: the mean of its sentences, each weighted by its length (the
    # model averages over words too; embedding each text once more would cost a third more)
    source = np.stack([_whole(vectors, side) for side, _ in where])
    target = np.stack([_whole(vectors, side) for _, side in where])
    similar = source @ target.T  # [i, j]: source of i, translation of j
    own = np.diag(similar)
    # gain[i, j]: the similarity the two units' sources and translations would gain together
    # if their translations were exchanged
    gain = similar + similar.T - own[:, None] - own[None, :]
    np.fill_diagonal(gain, -4.0)
    found = []
    n = len(units)
    for i, (source_side, target_side) in enumerate(where):
        partner = int(np.argmax(gain[i])) if n > 1 else -1
        scored = []
        for name, side, other in (
            ("source", source_side, target_side),
            ("target", target_side, source_side),
        ):
            scores = _sentence_scores(
                vectors[side.sentences],
                vectors[side.windows],
                vectors[other.sentences + other.windows],
            )
            scored += [
                Sentence(name, a, b, round(float(score), 4))
                for (a, b), score in zip(side.spans, scores)
            ]
        found.append(
            UnitFeatures(
                round(float(own[i]), 4),
                partner,
                round(float(gain[i, partner]), 4) if partner >= 0 else 0.0,
                tuple(scored),
            )
        )
    return found


class _Side(NamedTuple):
    """One side of a unit as embedded: its sentences' spans, and the rows of their
    embeddings and of its windows' (two neighbouring sentences together)."""

    spans: list[tuple[int, int]]
    sentences: list[int]
    windows: list[int]


def _whole(vectors, side: _Side):
    import numpy as np

    weights = np.array([b - a for a, b in side.spans], dtype=np.float32)[:, None]
    mean = (vectors[side.sentences] * weights).sum(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-9)


# How much better two neighbouring sentences together must match than either alone before
# each counts as matched by them (a sentence the translation splits in two, or two it joins).
JOINED = 0.02


def _sentence_scores(sentences, windows, other):
    """For each sentence of one side, its best cosine similarity with a sentence, or two
    neighbouring sentences, of the other side; or, when it and a neighbour together match
    something of the other side better than the neighbour alone does, that match."""
    import numpy as np

    alone = sentences @ other.T  # (sentences, other)
    best = alone.max(axis=1)
    if len(windows):
        together = windows @ other.T  # window k: sentences k and k + 1
        target = together.argmax(axis=1)
        value = together[np.arange(len(windows)), target]
        first = alone[np.arange(len(windows)), target]  # sentence k alone
        second = alone[np.arange(1, len(windows) + 1), target]  # sentence k + 1 alone
        for k in range(len(windows)):
            if value[k] > second[k] + JOINED:
                best[k] = max(best[k], value[k])
            if value[k] > first[k] + JOINED:
                best[k + 1] = max(best[k + 1], value[k])
    return best


def _encode(found: list[UnitFeatures]) -> bytes:
    rows = [
        [
            f.own,
            f.partner,
            f.gain,
            [[s.side, s.start, s.end, s.score] for s in f.sentences],
        ]
        for f in found
    ]
    return json.dumps(rows, separators=(",", ":")).encode()


def _decode(data: bytes, count: int) -> list[UnitFeatures] | None:
    """The cached features, or None when the entry is not what _encode writes."""
    try:
        rows = json.loads(data)
        found = [
            UnitFeatures(
                float(own),
                int(partner),
                float(gain),
                tuple(Sentence(str(side), int(a), int(b), float(score)) for side, a, b, score in s),
            )
            for own, partner, gain, s in rows
        ]
    except (ValueError, TypeError):
        return None
    if len(found) != count or any(not -1 <= f.partner < count for f in found):
        return None
    return found
