"""The description of a project's settings (diglot.toml), with the wording of each mistake.

[languages]: the source and its targets; [checks]: severities and the reasons for those
lowered, the length check's limits, the semantic checks' thresholds; [translations]:
whether the project tracks its translations unit by unit.
"""

from __future__ import annotations

from .spec import Entry, Flag, Items, Number, Table, Text

SEVERITIES = ("error", "warning", "off")
DEFAULT_SOURCE = "en"
DEFAULT_TARGETS = ("zh",)
CHECK_IDS = "check ids"  # the key set of [checks.severity], known when checking
# the key set of [checks.reasons]: the check ids and the semantic thresholds
# ("semantic.exchange-margin"), whose raising needs a reason as a lowered severity does
REASON_KEYS = "reason keys"
LANGUAGE_TAG = r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*"

_NOT_A_TAG = "[languages] {shown} is not a language tag: letters, digits and '-' (en, zh, zh-Hant)"
_TARGETS = '[languages] targets is a non-empty list of language tags, e.g. targets = ["zh"]; not '
_TABLE = "'{key}' must be a table ([{key}] on a line of its own), not {found}"

LANGUAGES = Table(
    doc="The project's languages: each tag names a content folder and matches a language "
    "profile's tag or alias (without [languages]: en into zh).",
    entries=(
        Entry(
            "source",
            Text(
                doc="The source language (en).",
                pattern=LANGUAGE_TAG,
                default=DEFAULT_SOURCE,
                says={
                    "type": '[languages] source is a language tag, e.g. source = "en"; not {found}',
                    "value": _NOT_A_TAG,
                },
            ),
        ),
        Entry(
            "targets",
            Items(
                doc='The target languages (["zh"]).',
                item=Text(pattern=LANGUAGE_TAG),
                least=1,
                default=DEFAULT_TARGETS,
                says={
                    "type": _TARGETS + "{found}",
                    "size": _TARGETS + "this list",
                    "item": _TARGETS + "this list",
                    "item-value": _NOT_A_TAG,
                },
            ),
        ),
    ),
    says={"type": _TABLE, "unknown": "[languages] has no key '{key}'{suggest}"},
    at_key=True,
)


# The sane range of each number of [checks]: a value beyond it turns its check off in all
# but name (a margin no pair can reach, a length no paragraph has), which a project does by
# lowering the check's severity, with a reason a release asks for.
MARGIN_MAX = 2.0  # summed cosine similarities: exchanged pairs of real texts gain far less
DEVIATIONS_MAX = 20.0  # robust deviations from a document's typical value
MIN_WORDS_MAX = 100
MIN_CHARS_MAX = 2000
RATIO_MAX = 10.0


def _threshold(key: str, default: float, high: float, doc: str) -> Entry:
    return Entry(
        key,
        Number(
            doc=f"{doc} Above 0, at most {high:g}.",
            low=0,
            above=True,
            high=high,
            default=default,
            says={
                "*": f"[checks.semantic] {key} must be a number above 0 and at most {high:g}, "
                f"e.g. {default}; not {{found}}"
            },
        ),
    )


SEMANTIC = Table(
    doc="The thresholds of the semantic checks.",
    entries=(
        Entry(
            "min-words",
            Number(
                doc="Prose: a paragraph or item of at least this many source words (1 to "
                f"{MIN_WORDS_MAX}).",
                low=1,
                high=MIN_WORDS_MAX,
                whole=True,
                default=4,
                says={
                    "*": "[checks.semantic] min-words must be a whole number from 1 to "
                    f"{MIN_WORDS_MAX}, e.g. 4; not {{found}}"
                },
            ),
        ),
        _threshold(
            "exchange-margin",
            0.2,
            MARGIN_MAX,
            "How much closer two translations must come to the sources when exchanged (summed "
            "cosine similarity) before they are reported.",
        ),
        _threshold(
            "sentence-z",
            4.0,
            DEVIATIONS_MAX,
            "A sentence matched this many robust deviations below the document's typical "
            "sentence is reported.",
        ),
        _threshold(
            "length-z",
            3.5,
            DEVIATIONS_MAX,
            "A length ratio this many robust deviations from the document's typical ratio is "
            "reported.",
        ),
    ),
    says={
        "type": "[checks] semantic must be a table of thresholds, e.g. [checks.semantic] with "
        "length-z = 4.0; not {found}",
        "unknown": "[checks.semantic] has no setting '{key}'{suggest}",
    },
)

SEVERITY = Table(
    doc="A severity for any check or typographic rule: error, warning or off.",
    values=Text(
        choices=SEVERITIES,
        says={"*": "severity of '{key}' must be one of error, warning, off, not {found}"},
        codes={"*": "config.bad-severity"},
    ),
    keys_from=CHECK_IDS,
    says={
        "type": "[checks] severity must be a table of check ids and severities, e.g. "
        'severity = {{"qa.length" = "off"}}; not {found}',
        "unknown": "[checks.severity] names no check '{key}'{hint}",
        "otherwise": "; `python pipeline.py checks` lists them",
    },
    codes={"unknown": "config.unknown-check"},
)

REASON_MAX = 500


def _reason_problem(value: str) -> str | None:
    if not value.strip():
        return "is empty: say why the check's severity is lowered"
    if len(value) > REASON_MAX:
        return f"is longer than {REASON_MAX} characters"
    return None


REASONS = Table(
    doc="Why a check's severity is lowered (error to warning, or either to off), a semantic "
    "threshold raised or a length limit widened: a release refuses any of them without a "
    "reason, and records each reason in its manifest.",
    values=Text(
        pattern=r"[\s\S]*\S[\s\S]*",
        problem=_reason_problem,
        max_length=REASON_MAX,
        says={
            "type": 'the reason for \'{key}\' is a text, e.g. "qa.length" = "Summaries are '
            'shorter by design"; not {found}',
            "value": "the reason for '{key}' {why}",
        },
        codes={"*": "config.bad-value"},
    ),
    keys_from=REASON_KEYS,
    says={
        "type": "[checks] reasons must be a table of check ids and reasons, e.g. "
        '[checks.reasons] with "qa.length" = "Summaries are shorter by design"; not {found}',
        "unknown": "[checks.reasons] names no check, semantic threshold or length limit "
        "'{key}'{hint}",
        "otherwise": "; `python pipeline.py checks` lists them",
    },
    codes={"unknown": "config.unknown-check"},
)

CHECKS = Table(
    doc="The translation checks' settings.",
    entries=(
        Entry("severity", SEVERITY),
        Entry("reasons", REASONS),
        Entry(
            "length-ratio",
            Items(
                doc="The length check's limits: [low, high], the Chinese text's length over "
                "the English one's, whichever is the original (the target's over the source's "
                f"for other languages; each from 0 to {RATIO_MAX:g}).",
                item=Number(low=0, high=RATIO_MAX),
                sizes=(2,),
                increasing=True,
                default=(0.12, 0.9),
                says={
                    "*": f"length-ratio must be [low, high], two numbers from 0 to {RATIO_MAX:g} "
                    "with low below high, e.g. [0.12, 0.9]"
                },
            ),
        ),
        Entry(
            "length-min-chars",
            Number(
                doc="The length check judges texts of at least this many characters in "
                f"English (in the source for other languages; 0 to {MIN_CHARS_MAX:,}).",
                low=0,
                high=MIN_CHARS_MAX,
                whole=True,
                default=40,
                says={
                    "*": f"length-min-chars must be a whole number from 0 to {MIN_CHARS_MAX}, "
                    "e.g. 40; not {found}"
                },
            ),
        ),
        Entry("semantic", SEMANTIC),
    ),
    says={"type": _TABLE, "unknown": "[checks] has no setting '{key}'{suggest}"},
    at_key=True,
)

TRANSLATIONS = Table(
    doc="How the project follows its translations.",
    entries=(
        Entry(
            "tracked",
            Flag(
                doc="false: the project records no approvals (no source-hash: in the "
                "translations), so a release does not require every unit approved, and its "
                "manifest and editions say that the translations are not tracked.",
                default=True,
                says={"*": "[translations] tracked must be true or false; not {found}"},
            ),
        ),
    ),
    says={"type": _TABLE, "unknown": "[translations] has no setting '{key}'{suggest}"},
    at_key=True,
)

SETTINGS = Table(
    doc="A diglot project's settings (diglot.toml beside the content folder).",
    entries=(
        Entry("languages", LANGUAGES),
        Entry("checks", CHECKS),
        Entry("translations", TRANSLATIONS),
    ),
    says={"unknown": "diglot.toml has no table [{key}]{suggest}"},
)
