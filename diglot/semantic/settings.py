"""[checks.semantic] in diglot.toml: the thresholds of the semantic checks, as checked against
their description (schema/settings.py), each mistake reported at its key or value.

    [checks.semantic]
    min-words = 4          # prose: a paragraph or item of at least this many source words
    exchange-margin = 0.2  # how much closer two translations must come to the sources when
                           # exchanged (summed cosine similarity) before they are reported
    sentence-z = 4.0       # a sentence matched this many robust deviations below the
                           # document's typical sentence is reported
    length-z = 3.5         # a length ratio this many robust deviations from the document's
                           # typical ratio is reported
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..schema.settings import SEMANTIC
from ..schema.spec import default_of


def _default(key: str) -> Any:
    return default_of(SEMANTIC.spec(key))


@dataclass(frozen=True)
class SemanticSettings:
    min_words: int = _default("min-words")
    exchange_margin: float = _default("exchange-margin")
    sentence_z: float = _default("sentence-z")
    length_z: float = _default("length-z")


KEYS = SEMANTIC.keys


def from_values(values: dict) -> SemanticSettings:
    """The settings of [checks.semantic] as checked against their description
    (schema/settings.py), which gives the defaults of what it does not say."""
    return SemanticSettings(
        min_words=int(values["min-words"]),
        exchange_margin=float(values["exchange-margin"]),
        sentence_z=float(values["sentence-z"]),
        length_z=float(values["length-z"]),
    )
