"""The project's settings of the checks: [checks] in diglot.toml (severities of the
translation checks and of the typographic lint, the length check's band, the semantic
checks' thresholds), each problem located at its key, as the description of the file says
(schema/settings.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checks import Check
from .diagnostics import Reporter
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
    check = TomlCheck(config, reporter, "config", {settings_schema.CHECK_IDS: known})
    found = check.table(settings_schema.CHECKS, config.section("checks"), ("checks",))
    low, high = found["length-ratio"]
    return Settings(
        severity=dict(found.get("severity", {})),
        length_ratio=(float(low), float(high)),
        length_min_chars=int(found["length-min-chars"]),
        semantic=semantic_settings.from_values(found["semantic"]),
    )
