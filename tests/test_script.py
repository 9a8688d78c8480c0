"""The character classes and widths of diglot/script.py, against Unicode's own data."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest

from diglot.checks import Context
from diglot.checks.catalogue import registry
from diglot.diagnostics import Location
from diglot.locale import space_before
from diglot.model import Field, Unit
from diglot.running import RUNNING_LINE_EMS, running_text, running_texts
from diglot.script import (
    CJK,
    CJK_PUNCTUATION,
    HAN,
    HAN_BLOCKS,
    LINE_START_PROHIBITED,
    SOLID_CHARS,
    TRAILING_PUNCTUATION,
    WIDE_CHARS,
    ends_wide,
    is_wide,
    starts_wide,
    text_ems,
)

pytestmark = pytest.mark.fast

IDEOGRAPH_NAMES = ("CJK UNIFIED IDEOGRAPH-", "CJK COMPATIBILITY IDEOGRAPH-")


def test_every_ideograph_python_knows_is_han_and_nothing_else_is():
    named = {
        code
        for code in range(sys.maxunicode + 1)
        if unicodedata.name(chr(code), "").startswith(IDEOGRAPH_NAMES)
    }
    assert named and all(HAN.match(chr(code)) for code in named)
    others = [
        code
        for low, high in HAN_BLOCKS
        for code in range(low, high + 1)
        if code not in named and unicodedata.name(chr(code), "") != ""
    ]
    assert others == []  # what else the Han blocks hold is unassigned (in this Python)


@pytest.mark.parametrize(
    "char",
    [
        "\u3400",  # Extension A
        "\u4e00",
        "\u9fff",
        "\uf900",  # compatibility ideographs
        "\U00020bb7",  # 𠮷, Extension B
        "\U0002a700",  # C
        "\U0002b740",  # D
        "\U0002b820",  # E
        "\U0002ceb0",  # F
        "\U0002ebf0",  # I
        "\U0002f800",  # compatibility supplement
        "\U00030000",  # G
        "\U00031350",  # H
        "\U000323af",
    ],
)
def test_han_holds_every_extension(char):
    assert HAN.fullmatch(char) and CJK.fullmatch(char)
    assert re.fullmatch(f"[{WIDE_CHARS}]", char) and re.fullmatch(f"[{SOLID_CHARS}]", char)


@pytest.mark.parametrize("char", ["a", "1", "，", "、", "ー", "あ", "한", "\u3007", "\u2e80"])
def test_han_is_the_ideographs_alone(char):
    assert not HAN.match(char)


def test_the_classes_nest():
    wide, solid = re.compile(f"[{WIDE_CHARS}]"), re.compile(f"[{SOLID_CHARS}]")
    for char in "中𠮷あア，、《（Ａ１":
        assert wide.match(char) and solid.match(char) and CJK.match(char), char
    assert not wide.match("\u3000") and not wide.match("“") and solid.match("“")
    for char in "，。、：？！「」（）\u3000｡":
        assert CJK_PUNCTUATION.match(char), char
    for char in "Ａ１中a":
        assert not CJK_PUNCTUATION.match(char), char
    assert "，" in LINE_START_PROHIBITED and "…" in LINE_START_PROHIBITED
    assert "（" not in LINE_START_PROHIBITED


def test_trailing_punctuation_is_every_mark_after_the_last_character():
    for text, body in [
        ("双方同意。", "双方同意"),
        ("双方同意——", "双方同意"),
        ("协定”。", "协定"),
        ("agreed.)", "agreed"),
        ("同意\u200b", "同意"),
    ]:
        found = TRAILING_PUNCTUATION.search(text)
        assert found is not None and text[: found.start()] == body


def test_widths():
    assert is_wide("中") and is_wide("，") and is_wide("Ａ") and not is_wide("a")
    assert ends_wide("第一条") and ends_wide("（一）") and not ends_wide("1.")
    assert not ends_wide("") and not ends_wide(None) and not starts_wide(None)
    assert starts_wide("（注）") and not starts_wide("(note)")
    assert space_before("（注）") == "" and space_before("(note)") == " "
    assert text_ems("中文") == 2.0 and text_ems("Ab") == pytest.approx(1.2)


def test_a_running_header_cuts_between_two_wide_characters():
    text = "关于数字经济的共识" * 4
    cut = running_text(text, 10)
    assert cut.endswith("…") and text_ems(cut) <= 10


def test_an_extension_b_character_is_chinese_to_the_checks():
    half_width = next(c for c in registry() if c.id == "qa.punct-half-width")

    def findings(check, en: str, zh: str) -> list[str]:
        def unit(text: str) -> Unit:
            return Unit(
                "u",
                "paragraph",
                (Field("text", text, Location("x.yaml")),),
                Location("x.yaml"),
                "s",
            )

        return [f.check for f in check.pair(unit(en), unit(zh), Context())]

    assert "qa.punct-half-width" in findings(half_width, "Yoshino", "Yoshino,𠮷野")
    assert findings(half_width, "Yoshino", "Yoshino，𠮷野") == []


def test_a_running_title_alone_is_never_cut_when_it_fits_the_line():
    """A short title with nothing beside it (a joint statement has no reference) has the
    whole header line; beside a reference each keeps to its share."""
    title = "Joint Communiqué on Digital Trade and the Blue Economy"
    assert running_texts({"right": title}) == {"right": title}
    assert running_texts({"left": "DE/2025/7", "right": title})["right"].endswith("…")
    both = running_texts({"left": "Track II Dialogue on the Digital Economy " * 2, "right": title})
    assert both["right"].endswith("…") or both["left"].endswith("…")
    assert sum(text_ems(t) for t in both.values()) <= RUNNING_LINE_EMS
