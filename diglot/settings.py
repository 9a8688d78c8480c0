"""The project's settings of the checks: [checks] in diglot.toml (severities of the
translation checks and of the typographic lint, the reasons for those lowered, the length
check's band, the semantic checks' thresholds) and [translations] (whether the project
tracks its translations), each problem located at its key, as the description of the file
says (schema/settings.py). `changes` lists every severity that differs from its check's
default, with its reason and place: what a release records and refuses unexplained."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checks import Check
from .diagnostics import Location, Reporter
from .schema import settings as settings_schema
from .schema.spec import default_of
from .semantic import settings as semantic_settings

CONFIG_FILE = "diglot.toml"
SEVERITIES = settings_schema.SEVERITIES


def _default(key: str) -> Any:
    return default_of(settings_schema.CHECKS.spec(key))


@dataclass
class Settings:
    severity: dict[str, str] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)  # [checks.reasons]
    tracked: bool = True  # [translations] tracked: approvals are recorded unit by unit
    places: dict[str, Location] = field(default_factory=dict)  # of each severity set
    length_ratio: tuple[float, float] = _default("length-ratio")
    length_min_chars: int = _default("length-min-chars")
    semantic: semantic_settings.SemanticSettings = field(
        default_factory=semantic_settings.SemanticSettings
    )


SETTINGS_KEYS = settings_schema.CHECKS.keys


def load_settings(
    path: Path, checks: tuple[Check, ...], reporter: Reporter, config=None
) -> Settings:
    """[checks] in diglot.toml (or in its Config, when the file was read already):
    severity = {"qa.length" = "off"}, length-ratio = [lo, hi], length-min-chars = n,
    [checks.semantic]. A missing file means the defaults. The file's own problems (not
    TOML, empty, an unknown table) are reported where the languages are read
    (languages.project_languages); these are the problems of [checks], each at its key."""
    from .config import read_config
    from .schema.tomlcheck import TomlCheck
    from .typorules import RULES  # the typographic lint's rules are set here too

    if config is None:
        config = read_config(path, Reporter())
    if config is None:
        return Settings()
    known = [check.id for check in checks] + [rule.id for rule in RULES]
    thresholds = [f"semantic.{key}" for key in semantic_settings.KEYS] + list(LIMITS)
    check = TomlCheck(
        config,
        reporter,
        "config",
        {settings_schema.CHECK_IDS: known, settings_schema.REASON_KEYS: known + thresholds},
    )
    found = check.table(settings_schema.CHECKS, config.section("checks"), ("checks",))
    translations = check.table(
        settings_schema.TRANSLATIONS, config.section("translations"), ("translations",)
    )
    low, high = found["length-ratio"]
    severity = dict(found.get("severity", {}))
    reasons = dict(found.get("reasons", {}))
    defaults = default_severities(checks)
    semantic = semantic_settings.from_values(found["semantic"])
    limits = {
        "length-ratio": (float(low), float(high)),
        "length-min-chars": int(found["length-min-chars"]),
    }
    for check_id in reasons:
        if check_id in LIMITS:
            if not _loosened(check_id, limits[check_id]):
                reporter.warning(
                    "config.unused-reason",
                    f"[checks.reasons] gives a reason for '{check_id}', which [checks] does "
                    f"not {LIMITS[check_id][0]} beyond its default; remove the reason, or "
                    "change the setting it explains",
                    config.where("checks", "reasons", check_id),
                )
            continue
        if check_id in thresholds:
            if not _raised(semantic, check_id):
                reporter.warning(
                    "config.unused-reason",
                    f"[checks.reasons] gives a reason for '{check_id}', which [checks.semantic] "
                    "does not raise above its default; remove the reason, or raise the "
                    "threshold it explains",
                    config.where("checks", "reasons", check_id),
                )
            continue
        if _rank(severity.get(check_id, defaults[check_id])) >= _rank(defaults[check_id]):
            reporter.warning(
                "config.unused-reason",
                f"[checks.reasons] gives a reason for '{check_id}', whose severity "
                f"[checks.severity] does not lower (its default is {defaults[check_id]}); "
                "remove the reason, or lower the severity it explains",
                config.where("checks", "reasons", check_id),
            )
    return Settings(
        severity=severity,
        reasons=reasons,
        tracked=bool(translations["tracked"]),
        places={
            **{key: config.where("checks", "severity", key) for key in severity},
            **{
                f"semantic.{key}": config.where("checks", "semantic", key)
                for key in semantic_settings.KEYS
            },
            "translations.tracked": config.where("translations", "tracked"),
            **{key: config.where("checks", key) for key in LIMITS},
        },
        length_ratio=(float(low), float(high)),
        length_min_chars=int(found["length-min-chars"]),
        semantic=semantic,
    )


# The length check's limits, which, changed one way, make it find less: the verb a message
# uses for that change, and the check they belong to
LIMITS = {"length-ratio": ("widen", "qa.length"), "length-min-chars": ("raise", "qa.length")}


def _loosened(key: str, value) -> bool:
    """Whether a limit of [checks] lets its check find less than its default does: a
    length-ratio wider on either side, a length-min-chars above its default."""
    default = _default(key)
    if key == "length-ratio":
        return bool(value[0] < default[0] or value[1] > default[1])
    return bool(value > default)


def _raised(semantic, name: str) -> bool:
    """Whether a semantic threshold ("semantic.exchange-margin") is above its default: each
    of them, raised, makes its check find less."""
    attribute = name.removeprefix("semantic.").replace("-", "_")
    return bool(
        getattr(semantic, attribute) > getattr(semantic_settings.SemanticSettings(), attribute)
    )


@dataclass(frozen=True)
class ThresholdChange:
    """A setting the project changes so that its check finds less (a semantic threshold
    raised above its default, the length check's limits widened or raised): the setting,
    its default and value, why (from [checks.reasons]), and where it is set."""

    name: str  # "semantic.exchange-margin", "length-ratio"
    default: Any
    value: Any
    reason: str | None
    location: Location

    @property
    def key(self) -> str:
        """Its key in its table ("exchange-margin", "length-ratio")."""
        return self.name.removeprefix("semantic.")

    @property
    def table(self) -> str:
        return "[checks.semantic]" if self.name.startswith("semantic.") else "[checks]"

    @property
    def verb(self) -> str:
        """What the change does, said of the setting: "raises", "widens"."""
        return LIMITS.get(self.name, ("raise",))[0] + "s"

    @staticmethod
    def shown(value) -> str:
        """A value as diglot.toml writes it: 0.2, [0.3, 3]."""
        if isinstance(value, tuple | list):
            return "[" + ", ".join(f"{item:g}" for item in value) + "]"
        return f"{value:g}"


def raised_thresholds(settings: Settings) -> list[ThresholdChange]:
    """Every setting that makes its check find less than by default: each semantic threshold
    raised above its default, and the length check's limits widened or raised."""
    found = []
    default = semantic_settings.SemanticSettings()
    for key in semantic_settings.KEYS:
        name, attribute = f"semantic.{key}", key.replace("-", "_")
        if _raised(settings.semantic, name):
            found.append(
                ThresholdChange(
                    name,
                    getattr(default, attribute),
                    getattr(settings.semantic, attribute),
                    settings.reasons.get(name),
                    settings.places.get(name, Location("diglot.toml")),
                )
            )
    for key in LIMITS:
        value = getattr(settings, key.replace("-", "_"))
        if _loosened(key, value):
            found.append(
                ThresholdChange(
                    key,
                    _default(key),
                    value,
                    settings.reasons.get(key),
                    settings.places.get(key, Location("diglot.toml")),
                )
            )
    return found


# -- what the settings change ------------------------------------------------------------------

_RANKS = {"off": 0, "warning": 1, "error": 2}


def _rank(severity: str) -> int:
    return _RANKS.get(severity, 2)


def default_severities(checks: tuple[Check, ...]) -> dict[str, str]:
    """The default severity of every check and typographic rule, by id."""
    from .typorules import RULES

    return {
        **{check.id: check.severity for check in checks},
        **{rule.id: rule.severity for rule in RULES},
    }


@dataclass(frozen=True)
class SeverityChange:
    """A check whose severity the project changed: from its default to this, why (for a
    lowered one, from [checks.reasons]), and where it is set."""

    check: str
    default: str
    severity: str
    reason: str | None
    location: Location

    @property
    def lowered(self) -> bool:
        return _rank(self.severity) < _rank(self.default)


def changes(settings: Settings, checks: tuple[Check, ...]) -> list[SeverityChange]:
    """Every severity the settings change from its default, in the order of the ids."""
    defaults = default_severities(checks)
    return [
        SeverityChange(
            check_id,
            defaults[check_id],
            severity,
            settings.reasons.get(check_id),
            settings.places.get(check_id, Location(CONFIG_FILE)),
        )
        for check_id, severity in sorted(settings.severity.items())
        if check_id in defaults and severity != defaults[check_id]
    ]
