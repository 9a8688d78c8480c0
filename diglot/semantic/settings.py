"""[checks.semantic] in diglot.toml: the thresholds of the semantic checks, each validated and
every mistake reported at its key or value.

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

from ..diagnostics import Reporter


@dataclass(frozen=True)
class SemanticSettings:
    min_words: int = 4
    exchange_margin: float = 0.2
    sentence_z: float = 4.0
    length_z: float = 3.5


KEYS = ("min-words", "exchange-margin", "sentence-z", "length-z")
_EXAMPLES = {"min-words": "4", "exchange-margin": "0.2", "sentence-z": "4.0", "length-z": "3.5"}


def load(table: object, config, reporter: Reporter) -> SemanticSettings:
    """The settings of [checks.semantic] (the defaults for what it does not say); config is
    the read diglot.toml (config.Config), to locate mistakes in."""
    from ..config import is_number, type_name
    from ..suggest import suggestion

    defaults = SemanticSettings()
    if table is None:
        return defaults
    if not isinstance(table, dict):
        reporter.error(
            "config.bad-value",
            "[checks] semantic must be a table of thresholds, e.g. [checks.semantic] with "
            f"length-z = 4.0; not {type_name(table)}",
            config.where("checks", "semantic", value=True),
        )
        return defaults
    values: dict[str, float | int] = {}
    for key, value in table.items():
        where = config.where("checks", "semantic", key, value=True)
        if key not in KEYS:
            reporter.error(
                "config.unknown-key",
                f"[checks.semantic] has no setting '{key}'{suggestion(key, KEYS)}",
                config.where("checks", "semantic", key),
            )
        elif key == "min-words":
            if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
                values[key] = value
            else:
                reporter.error(
                    "config.bad-value",
                    f"[checks.semantic] min-words must be a whole number from 1, e.g. 4; not "
                    f"{type_name(value)}",
                    where,
                )
        elif is_number(value) and 0 < value < float("inf"):
            values[key] = float(value)
        else:
            reporter.error(
                "config.bad-value",
                f"[checks.semantic] {key} must be a number above 0, e.g. {_EXAMPLES[key]}; not "
                f"{type_name(value)}",
                where,
            )
    return SemanticSettings(
        min_words=int(values.get("min-words", defaults.min_words)),
        exchange_margin=float(values.get("exchange-margin", defaults.exchange_margin)),
        sentence_z=float(values.get("sentence-z", defaults.sentence_z)),
        length_z=float(values.get("length-z", defaults.length_z)),
    )
