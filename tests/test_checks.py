"""The translation QA catalogue: each check with real English/Chinese pairs, the registry,
waivers, settings and report formats."""

from __future__ import annotations

import random

import pytest

from diglot.checks import Context, field_texts
from diglot.checks.catalogue import registry
from diglot.checks.text import PhraseIndex, occurs
from diglot.cli import main
from diglot.diagnostics import Location, Reporter
from diglot.model import Field, Unit
from diglot.numerals import chinese_numbers, english_numbers

from conftest import REPO, corpus_of, pair_of, zh_glossary

GLOSSARY = zh_glossary(REPO / "content" / "glossary.yaml", Reporter())
CONTEXT = Context(
    terms=GLOSSARY.terms, protected=GLOSSARY.protected, sanctioned=GLOSSARY.sanctioned
)
PAIR_CHECKS = [c for c in registry() if c.pair and c.id != "qa.stale"]


def unit(text: str, unit_id: str = "u", **fields) -> Unit:
    all_fields = (Field("text", text, Location("x.yaml")),) + tuple(
        Field(name, value, Location("x.yaml")) for name, value in fields.items()
    )
    return Unit(unit_id, "paragraph", all_fields, Location("x.yaml"), "s")


def findings(check, en: str, zh: str) -> list[str]:
    return [f.check for f in pair_of(check)(unit(en), unit(zh), CONTEXT)]


def test_registry_ids_are_unique_and_listed(capsys):
    ids = [c.id for c in registry()]
    assert len(ids) == len(set(ids)) == 23
    assert main(["checks"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ids
    assert lines[0].split(None, 2) == [
        "qa.numbers",
        "error",
        "Numbers, percentages, years and ranges correspond",
    ]


@pytest.mark.parametrize("check", PAIR_CHECKS, ids=lambda c: c.id)
def test_documented_examples(check):
    assert findings(check, check.passes.en, check.passes.zh) == []
    assert check.id in findings(check, check.fails.en, check.fails.zh)


NUMBERS = next(c for c in registry() if c.id == "qa.numbers")


@pytest.mark.parametrize(
    "en, zh",
    [
        ("over the next 5-7 years", "未来5至7年"),
        ("over the next 5-7 years", "未来5～7年"),
        ("1.5 billion dollars", "15亿美元"),
        ("at least a 40% increase", "至少增加40%"),
        ("at least a 40% increase", "至少增加百分之四十"),
        ("produced above 20nm for logic", "以20纳米以上工艺生产的逻辑芯片"),
        ("produced above 20nm for logic", "以20nm以上工艺生产的逻辑芯片"),
        ("a merger in 2020", "2020年的一项并购"),
        ("the auto disputes of the 1980s", "20世纪80年代的汽车贸易争端"),
        ("on October 7-8, 2024", "于2024年10月7日至8日"),
        ("SASAC Directive 79", "国资委第79号文"),
        ("the UAE conglomerate G42 and the D50", "阿联酋集团G42和D50"),
        ("Tens of billions of dollars", "数百亿美元"),
        ("both countries may act", "两国可以采取行动"),
        # English month names quoted in the Chinese are read as the English reader reads them
        ("a workshop in March 2026", "研讨会。The workshop will be held in March 2026."),
        ("on 15 May 2026", "于15 May 2026"),
        ("both countries may act in 2026", "两国may act于2026年"),
    ],
)
def test_numbers_correspond(en, zh):
    assert english_numbers(en) == chinese_numbers(zh)
    assert findings(NUMBERS, en, zh) == []


@pytest.mark.parametrize(
    "en, zh, message",
    [
        (
            "over the next 5-7 years",
            "未来5至8年",
            ["the Chinese lacks 7 from the English", "the Chinese has 8 that the English does not"],
        ),
        (
            "1.5 billion dollars",
            "1.5亿美元",
            [
                "the Chinese lacks 1500000000 from the English",
                "the Chinese has 150000000 that the English does not",
            ],
        ),
        ("in December 2023", "2023年", ["the Chinese lacks 12 from the English"]),
        ("the two sides", "两国2024年", ["the Chinese has 2024 that the English does not"]),
        (
            "The Board meets twice a year.",
            "理事会每年举行一次会议。",
            [
                "the Chinese lacks twice a year from the English",
                "the Chinese has once a year that the English does not",
            ],
        ),
        (
            "the Second Meeting of the two sides",
            "三方第二次会议",
            [
                "the Chinese lacks 2 parties from the English",
                "the Chinese has 3 parties that the English does not",
            ],
        ),
        (
            "in December 2023",
            "于November 2023",
            [
                "the Chinese lacks 12 from the English",
                "the Chinese has 11 that the English does not",
            ],
        ),
    ],
)
def test_numbers_that_differ(en, zh, message):
    assert [f.message for f in pair_of(NUMBERS)(unit(en), unit(zh), CONTEXT)] == message


def test_terminology_matches_plurals_and_case():
    term = next(c for c in registry() if c.id == "qa.term")
    assert findings(term, "Restrictions on mature node chips.", "对成熟制程芯片的限制。") == []
    assert findings(term, "Restrictions on Mature Node chips.", "对成熟工艺芯片的限制。") == [
        "qa.term"
    ]


def test_a_term_s_words_inside_a_web_address_are_no_use_of_the_term():
    """'chips' in an address is part of the address, which the Chinese keeps as it is; the
    same word in the text is the term."""
    term = next(c for c in registry() if c.id == "qa.term")
    for address in ("https://example.org/chips/list", "www.chips.example.org", "chips@example.org"):
        assert findings(term, f"See {address}.", f"见{address}。") == [], address
    assert findings(term, "See the chips at www.example.org.", "见www.example.org。") == ["qa.term"]


def test_protected_tokens_may_touch_chinese_but_not_latin():
    protected = next(c for c in registry() if c.id == "qa.protected")
    assert findings(protected, "EVs and ICVs", "电动汽车（EV）和智能网联汽车（ICV）") == []
    assert findings(protected, "The AI Safety Institute", "AIS网络") == ["qa.protected"]


def test_protected_tokens_accept_their_sanctioned_chinese_forms():
    protected = next(c for c in registry() if c.id == "qa.protected")
    for zh in ("依照世贸组织原则", "依照世界贸易组织原则", "依照WTO原则"):
        assert findings(protected, "in accordance with WTO principles", zh) == []
    assert findings(protected, "imports of Chinese origin EVs", "中国原产电动汽车进口") == []
    assert [
        f.message
        for f in pair_of(protected)(
            unit("in accordance with WTO principles"), unit("依照贸易组织原则"), CONTEXT
        )
    ] == ["'WTO' must appear in the Chinese, unchanged or as 世贸组织 or 世界贸易组织"]
    # A plain entry has no Chinese form: G42 stays G42.
    assert findings(protected, "the conglomerate G42", "该集团") == ["qa.protected"]


def test_terminology_accepts_accepted_variants():
    term = next(c for c in registry() if c.id == "qa.term")
    bletchley = next(t for t in GLOSSARY.terms if t.source == "Bletchley Park Process")
    for zh in bletchley.renderings:
        assert findings(term, "the Bletchley Park Process", f"{zh}") == []
    assert findings(term, "the Bletchley Park Process", "布来切利园进程") == ["qa.term"]


def test_consistency_both_ways():
    source = next(c for c in registry() if c.id == "qa.consistency-source")
    target = next(c for c in registry() if c.id == "qa.consistency-target")
    pairs = [
        (unit("Professor", "a"), unit("教授", "a")),
        (unit("Professor", "b"), unit("讲席教授", "b")),
        (unit("Chairman", "c"), unit("董事长", "c")),
        (unit("Chair", "d"), unit("董事长", "d")),
    ]
    records = [record for en, zh in pairs for record in field_texts(en, zh)]
    assert [(r.source_id, f.message) for r, f in corpus_of(source)(records, CONTEXT)] == [
        ("b", "the same English is translated differently in 'a': “教授”")
    ]
    assert [(r.source_id, f.message) for r, f in corpus_of(target)(records, CONTEXT)] == [
        ("d", "the same Chinese stands for different English in 'c': “Chairman”")
    ]


def test_markup_links():
    check = next(c for c in registry() if c.id == "qa.markup")
    assert (
        findings(check, "See [the report](https://a.org/r).", "见[报告](https://a.org/r)。") == []
    )
    assert [
        f.message
        for f in pair_of(check)(
            unit("See [the report](https://a.org/r)."), unit("见[报告](https://a.org/s)。"), CONTEXT
        )
    ] == ["links differ: English https://a.org/r; Chinese https://a.org/s"]


def test_punctuation_edge_cases():
    half, balance, quotes = (
        next(c for c in registry() if c.id == i)
        for i in ("qa.punct-half-width", "qa.punct-balance", "qa.punct-ascii-quotes")
    )
    assert findings(half, "x", "DGA-Albright Stonebridge, LLC") == []  # no Chinese around
    assert findings(half, "x", "企业(EV)") == ["qa.punct-half-width"]
    assert findings(balance, "x", "“零选项”协议（INF）") == []
    assert findings(balance, "x", "协议）") == ["qa.punct-balance"]
    assert findings(quotes, "x", "O'Brien的报告") == []


def test_readme_documents_every_check_with_its_examples():
    readme = (REPO / "README.md").read_text(encoding="utf-8").replace("\\|", "|")
    for check in registry():
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{check.id}` |"))
        for text in (check.title, check.passes.en, check.passes.zh, check.fails.en, check.fails.zh):
            assert text in row, (check.id, text)


def test_phrase_index_never_misses_a_glossary_term():
    """The term index only narrows the search: every term occurs() finds is a candidate,
    in texts built from the glossary's own words with plurals, hyphens and punctuation."""
    folded = [t.source.casefold() for t in GLOSSARY.terms]
    index = PhraseIndex(folded)
    words = [w for term in folded for w in term.split()] + [
        "s",
        "es",
        "-",
        ",",
        "(",
        ")",
        "x",
        "2024",
        "中文",
        "é",
    ]
    rng = random.Random(7)
    hits = 0
    for _ in range(3000):
        text = "".join(
            rng.choice(words) + rng.choice(["", " ", " ", "-", "s "])
            for _ in range(rng.randint(1, 14))
        )
        found = {i for i, term in enumerate(folded) if occurs(text, term, plural=True)}
        hits += len(found)
        assert found <= set(index.candidates(text)), text
    assert hits > 1000


def test_punctuation_follows_the_target_profile():
    """Traditional Chinese quotes with 「」: “” are reported there, and a target language
    without full-width punctuation is not held to it."""
    from pathlib import Path

    from diglot.languages import find_profile

    reporter = Reporter()
    hant = find_profile("zh-Hant", None, reporter, Location("languages"))
    english = find_profile("en", None, reporter, Location("languages"))
    quotes = next(c for c in registry() if c.id == "qa.punct-ascii-quotes")
    half = next(c for c in registry() if c.id == "qa.punct-half-width")
    source = unit('"joint custody"')
    assert [
        f.message
        for f in pair_of(quotes)(source, unit("「共同保管」"), Context(target_profile=hant))
    ] == []
    assert [
        f.message for f in pair_of(quotes)(source, unit("“共同保管”"), Context(target_profile=hant))
    ] == ["quotation marks “” are not this language's; use 「」 (or 『』 inside them)"]
    assert [
        f.message for f in pair_of(quotes)(source, unit('"共同保管"'), Context(target_profile=hant))
    ] == ["ASCII quotation marks in Chinese text; use 「」 (or 『』 inside them)"]
    assert (
        list(pair_of(half)(source, unit("joint, custody"), Context(target_profile=english))) == []
    )
    assert hant is not None and Path(hant.path).name == "zh-Hant.toml" and not reporter.errors


UNTRANSLATED = next(c for c in registry() if c.id == "qa.untranslated")


def row(*cells: str, unit_id: str = "r") -> Unit:
    """A table row: one field per cell, as the loader makes them."""
    fields = tuple(Field(f"cells.{i}", cell, Location("x.yaml")) for i, cell in enumerate(cells, 1))
    return Unit(unit_id, "row", fields, Location("x.yaml"), "s")


def untranslated(en: Unit, zh: Unit, protected: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    context = Context(protected=protected)
    return [(f.field or "", f.message) for f in pair_of(UNTRANSLATED)(en, zh, context)]


def test_untranslated_leaves_cells_kept_as_written():
    """A cell the translation keeps as the English writes it, because it holds only a
    protected token, an acronym, a code, a figure with its unit or an address, is no English
    left untranslated; a cell of English words copied is."""
    english = row(
        "KRFA",  # a protected acronym
        "NOAA",  # an acronym the glossary does not list
        "ST-07",
        "25 km",
        "7.5 pH",
        "www.ports.example",
        "ops@ports.example",
        "Sea level, waves",
    )
    kept = row(
        "KRFA",
        "NOAA",
        "ST-07",
        "25 km",
        "7.5 pH",
        "www.ports.example",
        "ops@ports.example",
        "海平面、波浪",
    )
    assert untranslated(english, kept, protected=("KRFA",)) == []
    copied = row(
        "KRFA",
        "NOAA",
        "ST-07",
        "25 km",
        "7.5 pH",
        "www.ports.example",
        "ops@ports.example",
        "Sea level, waves",
    )
    assert untranslated(english, copied, protected=("KRFA",)) == [
        ("cells.8", "the Chinese is identical to the English")
    ]
    assert untranslated(row("Jointly"), row("Jointly")) == [
        ("cells.1", "the Chinese is identical to the English")
    ]
    assert untranslated(row("Port Aurelian"), row("Port Aurelian（港）")) == [
        ("cells.1", "the Chinese is mostly Latin letters (2 words to 1 Chinese characters)")
    ]
    assert untranslated(row("Both agencies jointly"), row("2027")) == [
        ("cells.1", "the Chinese has no Chinese characters")
    ]


@pytest.mark.parametrize(
    "zh",
    [
        "双方将于2027年举办研讨会。The workshop will review the regional monitoring programme.",
        "双方将于2027年举办研讨会，the workshop will review the programme，并发表报告。",
        "双方在会议期间经过充分协商后同意（the parties agreed to exchange their data every year）。",
    ],
)
def test_untranslated_names_english_left_in_chinese_text(zh):
    en = "The two sides will hold a workshop in 2027 to review the regional monitoring programme."
    found = untranslated(unit(en), unit(zh))
    assert len(found) == 1 and found[0][1].startswith("the Chinese leaves English untranslated: '")
    assert found[0][1].split(": ", 1)[1].strip("'") in zh


@pytest.mark.parametrize(
    "zh",
    [
        # names, acronyms, codes and addresses
        "科罗纳国家海洋研究院（National Institute for Ocean Research and the Environment）将牵头。",
        "由Helmholtz Centre for Polar and Marine Research与NOAA共同负责，详见www.ocean.example/data。",
        "观测站TB-03、TB-04的数据经KRFA传至ops@ports.example。",
        # a title in 《》, a standard's designation with its title, a short gloss
        "各方的数据交换工作应参照《Guidelines for the exchange of oceanographic data》进行。",
        "符合ISO 19115 Geographic information metadata standards要求。",
        "数据跨境流动（cross-border data flows）应当可信。",
        # short Latin terms and units
        "各方应作必要修改（mutatis mutandis）后适用，inter alia包括25 km以内的水域。",
    ],
)
def test_untranslated_accepts_latin_kept_in_chinese_text(zh):
    en = "The parties shall apply it, with the necessary changes, to the waters concerned."
    assert untranslated(unit(en), unit(zh), protected=("KRFA",)) == []
