"""qa.date-style: dates written as the language writes them (the profile's Babel locale):
month first in US English, day first in British English, 年月日 in Chinese."""

from __future__ import annotations

import pytest

from diglot.checks import Context
from diglot.checks.datestyle import CHECK
from diglot.diagnostics import Location, Reporter
from diglot.languages import BUILTIN_DIR, Profile, read_profile
from diglot.model import Field, Unit

from conftest import pair_of


def shipped(name: str, tag: str) -> Profile:
    profile = read_profile(BUILTIN_DIR / name, tag, Reporter())
    assert profile is not None
    return profile


EN, EN_GB = shipped("en.toml", "en"), shipped("en-GB.toml", "en-GB")
ZH, ZH_HANT = shipped("zh-Hans.toml", "zh"), shipped("zh-Hant.toml", "zh-Hant")


def unit(text: str) -> Unit:
    return Unit(
        "u", "paragraph", (Field("text", text, Location("x.yaml")),), Location("x.yaml"), "s"
    )


def messages(en: str, zh: str, source: Profile = EN, target: Profile = ZH) -> list[str]:
    ctx = Context(source_profile=source, target_profile=target)
    return [f.message for f in pair_of(CHECK)(unit(en), unit(zh), ctx)]


@pytest.mark.parametrize(
    "written",
    ["14 November 2025", "the 14th of November, 2025", "7-8 October 2024", "1 May 1999"],
)
def test_a_date_written_day_first_in_us_english_is_reported(written):
    assert messages(f"Signed on {written}.", "签署。") == [
        f"the English writes the date '{written}' day first; English writes dates month "
        "first (June 17, 1948), as the edition prints the document's date"
    ]
    assert messages(f"Signed on {written}.", "签署。", EN_GB) == []


@pytest.mark.parametrize("written", ["November 14, 2025", "October 7–8, 2024", "May 1 1999"])
def test_a_date_written_month_first_in_british_english_is_reported(written):
    assert messages(f"Signed on {written}.", "签署。") == []
    [found] = messages(f"Signed on {written}.", "签署。", EN_GB)
    assert f"'{written}' month first" in found and "(17 June 1948)" in found, found


def test_a_month_and_year_or_a_day_and_month_alone_have_no_order_to_keep():
    for text in (
        "In November 2025 the parties met.",
        "On 14 November the parties met.",
        "The 2025 budget of 14 million",
        "Article 14 November clause 2025",
    ):
        assert messages(text, "双方会晤。") == [], text


@pytest.mark.parametrize("target", [ZH, ZH_HANT], ids=["zh-Hans", "zh-Hant"])
@pytest.mark.parametrize("written", ["2025.11.14", "2025-11-14", "2025/11/4"])
def test_a_chinese_date_in_figures_only_is_reported(written, target):
    year, month, day = (int(x) for x in written.replace("-", ".").replace("/", ".").split("."))
    assert messages("Signed on November 14, 2025.", f"于{written}签署。", EN, target) == [
        f"the date '{written}' is written in figures only; Chinese text writes "
        f"{year}年{month}月{day}日"
    ]


def test_figures_that_are_no_date_are_not_reported():
    for text in (
        "于2025年11月14日签署。",
        "版本1.2.3发布。",
        "GB/T 7714-2015规定",
        "电话2025-1114",
        "ISO 8601",
        "2025.11",
    ):
        assert messages("Signed.", text) == [], text
    assert messages("Signed.", "Version 2025.11.14") == []  # no Chinese: not Chinese text
