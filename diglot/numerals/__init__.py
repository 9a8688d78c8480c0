"""Numbers in text as canonical values, per script: the readers of the number check
(checks/numbers.py) and of anything else that compares numbers across languages."""

from __future__ import annotations

from .chinese import chinese_numbers, traditional_chinese_numbers
from .common import MONTHS, TRADITIONAL
from .english import english_numbers
from .readers import DEFAULT_READERS, READERS, Reader

__all__ = [
    "MONTHS",
    "DEFAULT_READERS",
    "READERS",
    "Reader",
    "TRADITIONAL",
    "chinese_numbers",
    "english_numbers",
    "traditional_chinese_numbers",
]
