"""The project's settings of the checks: [checks] in diglot.toml (severities of the
translation checks and of the typographic lint, the length check's band, the semantic
checks' thresholds), each problem located at its key."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks import Check
from .diagnostics import Reporter
from .semantic import settings as semantic_settings

CONFIG_FILE = "diglot.toml"
SEVERITIES = ("error", "warning", "off")


@dataclass
class Settings:
    severity: dict[str, str] = field(default_factory=dict)
    length_ratio: tuple[float, float] = (0.12, 0.9)
    length_min_chars: int = 40
    semantic: semantic_settings.SemanticSettings = field(
        default_factory=semantic_settings.SemanticSettings
    )


SETTINGS_KEYS = ("severity", "length-ratio", "length-min-chars", "semantic")


def load_settings(
    path: Path, checks: tuple[Check, ...], reporter: Reporter, config=None
) -> Settings:
    """[checks] in diglot.toml (or in its Config, when the file was read already):
    severity = {"qa.length" = "off"}, length-ratio = [lo, hi], length-min-chars = n. A
    missing file means the defaults. The file's own problems (not TOML, empty, an unknown
    table) are reported where the languages are read (languages.project_languages); these
    are the problems of [checks], each at its key."""
    from .config import is_number, read_config, suggest, type_name

    settings = Settings()
    if config is None:
        config = read_config(path, Reporter())
    if config is None:
        return settings
    table = config.section("checks")
    for key in table:
        if key not in SETTINGS_KEYS:
            reporter.error(
                "config.unknown-key",
                f"[checks] has no setting '{key}'{suggest(key, SETTINGS_KEYS)}",
                config.where("checks", key),
            )
    from .typorules import RULES  # the typographic lint's rules are set here too

    known = [check.id for check in checks] + [rule.id for rule in RULES]
    severities = table.get("severity", {})
    if not isinstance(severities, dict):
        reporter.error(
            "config.bad-value",
            "[checks] severity must be a table of check ids and severities, e.g. "
            f'severity = {{"qa.length" = "off"}}; not {type_name(severities)}',
            config.where("checks", "severity", value=True),
        )
        severities = {}
    for check_id, severity in severities.items():
        if check_id not in known:
            reporter.error(
                "config.unknown-check",
                f"[checks.severity] names no check '{check_id}'"
                + (
                    suggest(check_id, known)
                    if suggest(check_id, known).startswith("; did you mean")
                    else "; `python pipeline.py checks` lists them"
                ),
                config.where("checks", "severity", check_id),
            )
        elif severity not in SEVERITIES:
            reporter.error(
                "config.bad-severity",
                f"severity of '{check_id}' must be one of "
                f"{', '.join(SEVERITIES)}, not {type_name(severity)}",
                config.where("checks", "severity", check_id, value=True),
            )
        else:
            settings.severity[check_id] = severity
    ratio = table.get("length-ratio", settings.length_ratio)
    if (
        isinstance(ratio, list | tuple)
        and len(ratio) == 2
        and all(is_number(x) and 0 <= x < float("inf") for x in ratio)
        and ratio[0] < ratio[1]
    ):
        settings.length_ratio = (float(ratio[0]), float(ratio[1]))
    else:
        reporter.error(
            "config.bad-value",
            "length-ratio must be [low, high], two numbers from 0 with low below high, "
            "e.g. [0.12, 0.9]",
            config.where("checks", "length-ratio", value=True),
        )
    minimum = table.get("length-min-chars", settings.length_min_chars)
    if isinstance(minimum, int) and not isinstance(minimum, bool) and minimum >= 0:
        settings.length_min_chars = minimum
    else:
        reporter.error(
            "config.bad-value",
            f"length-min-chars must be a whole number from 0, e.g. 40; not {type_name(minimum)}",
            config.where("checks", "length-min-chars", value=True),
        )
    settings.semantic = semantic_settings.load(table.get("semantic"), config, reporter)
    return settings
