"""The number readers a language profile names (`numbers = [...]`): each reads a text into
a multiset of canonical values; .certain(text) only the numbers that may be reported."""

from __future__ import annotations

from collections.abc import Callable

from .chinese import chinese_numbers, read_chinese, traditional_chinese_numbers
from .common import TRADITIONAL
from .english import english_numbers, read_english_certain

# -- readers --------------------------------------------------------------------------------


class Reader:
    """A number reader: called with a text, every number (words as "~value"); .certain(text)
    only the numbers that may be reported, which is all most texts need."""

    def __init__(
        self, read: Callable[[str], dict[str, int]], certain: Callable[[str], dict[str, int]]
    ):
        self.read, self.certain = read, certain

    def __call__(self, text: str) -> dict[str, int]:
        return self.read(text)


READERS: dict[str, Reader] = {
    "english": Reader(english_numbers, read_english_certain),
    "chinese-simplified": Reader(chinese_numbers, read_chinese),
    "chinese-traditional": Reader(
        traditional_chinese_numbers, lambda text: read_chinese(text.translate(TRADITIONAL))
    ),
}
DEFAULT_READERS = ("english", "chinese-simplified")
