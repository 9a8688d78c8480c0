"""A Chinese original translated into English (`[languages] source = "zh"`, targets =
["en"]): the translation checks read the pair as the languages it is in, and name each side
by its role. Before, such a project had every English unit "with no Chinese characters" and
"3.76 times the length" of its source, and the messages called the source "the English"."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from test_datestyle import EN, ZH, unit

from diglot.checks import Context, Finding, datestyle, length, markup, numbers, stale, terms
from diglot.checks.catalogue import registry
from diglot.diagnostics import Location
from diglot.glossary import Term

from conftest import REPO, pair_of

DOC = "digital-economy-2024"
INTO_ENGLISH = Context(
    source_profile=ZH, target_profile=EN, number_readers=("chinese-simplified", "english")
)


def found(check, original: str, translation: str, ctx: Context = INTO_ENGLISH) -> list[str]:
    return [f.message for f in pair_of(check)(unit(original), unit(translation), ctx)]


@pytest.mark.parametrize("check", [c for c in registry() if c.pair is not None], ids=lambda c: c.id)
def test_each_checks_passing_example_passes_read_the_other_way_round(check):
    """The catalogue's passing pair, the Chinese as the original: nothing to report."""
    findings: list[Finding] = list(
        pair_of(check)(unit(check.passes.zh), unit(check.passes.en), INTO_ENGLISH)
    )
    assert [f.message for f in findings if f.check != "qa.stale"] == []


@pytest.mark.parametrize(
    ("original", "translation", "message"),
    [
        (
            "到2025年需求至少增长40%。",
            "Demand grows by at least 40% by 2026.",
            "the English lacks 2025 from the Chinese",
        ),
        (
            "到2025年需求至少增长40%。",
            "Demand grows by at least 40% by 2026.",
            "the English has 2026 that the Chinese does not",
        ),
        (
            "到2025年需求最多增长40%。",
            "Demand grows by at least 40% by 2025.",
            "the Chinese sets an upper bound ('最多增长40%'), the English a lower bound "
            "('at least 40%'): the bound is reversed",
        ),
        (
            "金额为25亿美元。",
            "The amount is 2.5 billion yuan.",
            "the Chinese amount '25亿美元' is in US dollars, the English '2.5 billion yuan' in "
            "yuan (renminbi): the currency differs",
        ),
        (
            "期限为15个工作日。",
            "The time limit is 15 days.",
            "the Chinese '15个工作日' counts working days, the English '15 days' calendar "
            "time: another time limit",
        ),
    ],
)
def test_numbers_are_compared_and_named_by_role(original, translation, message):
    assert message in found(numbers.CHECK, original, translation)


def test_a_faithful_translation_of_numbers_passes():
    assert (
        found(
            numbers.CHECK,
            "未来5至7年，2020年达15亿。",
            "Over the next 5-7 years, 1.5 billion in 2020.",
        )
        == []
    )


@pytest.mark.parametrize(
    ("translation", "messages"),
    [
        ("The Data Security Law applies to everyone.", []),
        (
            "The 数据安全 law applies to everyone.",
            ["the English leaves Chinese untranslated: '数据安全'"],
        ),
        ("数据安全法适用于所有人。", ["the English is identical to the Chinese"]),
        ("数据安全法适用。", ["the English has no Latin letters"]),
        (
            "The law 《数据安全法》 applies.",
            ["the English leaves Chinese untranslated: '数据安全法'"],
        ),
    ],
)
def test_chinese_left_in_the_english_is_untranslated(translation, messages):
    assert found(terms.UNTRANSLATED, "数据安全法适用于所有人。", translation) == messages


def test_chinese_the_glossary_keeps_is_not_untranslated():
    ctx = Context(source_profile=ZH, target_profile=EN, protected=("一带一路",), sanctioned={})
    assert (
        found(terms.UNTRANSLATED, "推进一带一路建设。", "Advance the 一带一路 initiative.", ctx)
        == []
    )


def test_a_glossary_term_is_found_in_the_english_in_any_case_and_plural():
    term = Term("国家安全", "national security", None, (), Location("glossary.yaml"))
    ctx = Context(source_profile=ZH, target_profile=EN, terms=(term,))
    assert found(terms.TERMINOLOGY, "国家安全至关重要。", "National security matters.", ctx) == []
    assert found(terms.TERMINOLOGY, "维护国家安全。", "Protect state security.", ctx) == [
        "'国家安全' is translated 'national security' in the glossary, which the English "
        "does not use"
    ]


def test_length_is_weighed_as_chinese_over_english_whichever_is_the_original():
    original = "双方认识到，透明的监管规则有助于降低人工智能风险，并促进创新与合作。"
    faithful = (
        "Both sides recognize that transparent regulatory rules can help reduce the risks of "
        "artificial intelligence and promote innovation and cooperation."
    )
    assert found(length.CHECK, original, faithful) == []
    padded = faithful + " " + " ".join(["They also agreed on many further unrelated points."] * 6)
    (message,) = found(length.CHECK, original, padded)
    assert re.fullmatch(
        r"the Chinese is 0\.\d\d times the length of the English; expected 0\.12 to 0\.9", message
    )


def test_markup_dates_and_stale_name_the_original_as_the_source():
    assert found(markup.CHECK, "**基金**召集了对话。", "The Fund convened it.") == [
        "1 bold span(s) in the Chinese, 0 in the English"
    ]
    assert found(stale.CHECK, "双方同意。", "The two sides agreed.") == [
        "no source hash: record the Chinese this translation was made from with "
        "`python pipeline.py approve u`"
    ]
    # each text by its own language: the English translation's dates by its locale
    assert found(datestyle.CHECK, "于2025年11月14日通过。", "Adopted on 14 November 2025.") == [
        "the English writes the date '14 November 2025' day first; English writes dates "
        "month first (June 17, 1948), as the edition prints the document's date"
    ]


@pytest.fixture
def chinese_original(tmp_path, monkeypatch) -> Path:
    """The bundled agreement with its Chinese text as the original and the English as the
    translation (no source hashes yet, no glossary), the current directory."""
    shutil.copytree(
        REPO / "content", tmp_path / "content", ignore=shutil.ignore_patterns("glossary.yaml")
    )
    for path in (tmp_path / "content" / "zh").glob("*.yaml"):  # hashes are the translation's
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(?m)^\s*source-hash:.*\n", "", text), encoding="utf-8")
    (tmp_path / "diglot.toml").write_text('[languages]\nsource = "zh"\ntargets = ["en"]\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_project_with_a_chinese_original_checks_clean(chinese_original, cli):
    """A faithful pair has nothing to report (before: 17 errors, 36 warnings)."""
    ran = cli("check")
    assert ran.code == 0, ran.lines
    assert "no problems" in ran.lines[-1], ran.lines[-1]


def test_the_review_file_names_its_columns_by_language_the_original_first(chinese_original, cli):
    """Before, the Chinese original stood under "English" and the English translation under
    "Chinese", and the reviewer was told to edit "the Chinese column"."""
    import docx
    from test_review_roundtrip import edit_rows, export, set_cell, table_ids

    path = export(cli)
    assert path.name == f"{DOC}.zh-en.review.docx"
    document = docx.Document(str(path))
    header = [cell.text for cell in document.tables[0].rows[0].cells]
    assert header[2:4] == ["Chinese 中文", "English 英文"]
    said = "\n".join(p.text for p in document.paragraphs)
    assert "Edit only the English column and the Comment column" in said
    assert "(as in the Chinese cell)" in said and "Changes tracked in the English column" in said
    assert "Chinese column" not in said
    # the labels in English and in the pair's other language, the original's
    assert "请仅修改“英文”栏和“意见”栏" in said and "与“中文”单元格一致" in said
    assert "Review file · 审校文件" in said
    row = table_ids(path).index("place") + 1
    assert "华盛顿" in document.tables[0].rows[row].cells[2].text

    edit_rows(path, lambda rows, table: set_cell(rows[row], 3, "Washington, D.C., USA"))
    ran = cli("review-import", str(path), "--author", "Li Wei", "--apply")
    assert ran.code == 0, ran.out + ran.err
    assert "text: Washington, D.C., USA\n" in (
        chinese_original / "content" / "en" / f"{DOC}.yaml"
    ).read_text(encoding="utf-8")

    edit_rows(path, lambda rows, table: set_cell(rows[row], 2, "华盛顿"))
    ran = cli("review-import", str(path), "--author", "Li Wei")
    assert ran.code != 0
    assert (
        "error: the Chinese was changed in the file; only the English and Comment columns may "
        "be edited" in ran.out + ran.err
    )


def test_the_semantic_checks_weigh_a_chinese_original_by_its_characters():
    """min-words counted the source's spaces: a Chinese original's every text was one word,
    below the least, and no semantic check ran on it."""
    from diglot.semantic.prose import prose

    pair = (
        unit("本办法自发布之日起施行，有效期五年。"),
        unit("These Measures take effect on the day."),
    )
    assert prose([pair], 4, cjk=True) != []
    assert prose([pair], 4) == []  # read as a text with spaces: one word


def test_exchanged_translations_of_a_chinese_original_are_found(chinese_original, cli):
    path = chinese_original / "content" / "en" / f"{DOC}.yaml"
    text = path.read_text(encoding="utf-8")
    first = re.search(r"(?m)^(\s+- id: semiconductors\.rec\.zero-option\n\s+text: )(.*)$", text)
    second = re.search(r"(?m)^(\s+- id: vehicles\.competition\n\s+text: )(.*)$", text)
    assert first and second
    swapped = text.replace(first[0], first[1] + second[2]).replace(second[0], second[1] + first[2])
    path.write_text(swapped, encoding="utf-8")
    ran = cli("check")
    out = ran.out + ran.err
    assert "[qa.exchanged]" in out, out
    # each finding says where its source stands, in the source's language
    assert f"(Chinese: content/zh/{DOC}.yaml:" in out and "(English: " not in out


@pytest.mark.parametrize(
    ("translation", "messages"),
    [
        (
            "In accordance with regulations，and as needed；",
            ["full-width ， ； in English text; use , ;"],
        ),
        (
            "(collectively, a public body shall act",
            ["unbalanced brackets or quotes: '(' is never closed"],
        ),
        ("the refusal.. and more", ["doubled punctuation '..'"]),
        ("the following: 1) one, 2) two and (a) three; wait... then 1..10", []),
        ('He said "yes" and “no”.', []),
    ],
)
def test_the_english_translation_s_punctuation_is_checked(translation, messages):
    from diglot.checks import punctuation

    checks = (punctuation.HALF_WIDTH, punctuation.BALANCE, punctuation.DOUBLED)
    assert [m for check in checks for m in found(check, "原文。", translation)] == messages


def test_a_plural_in_ies_is_the_glossary_term():
    from diglot.checks.text import PhraseIndex, occurs

    assert occurs("public administration bodies", "public administration body", plural=True)
    assert occurs("the policies", "policy", plural=True) and not occurs("bodies", "body")
    assert occurs("working days", "working day", plural=True)
    assert PhraseIndex(["body"]).candidates("the bodies") == [0]


def test_a_date_in_figures_in_the_english_is_written_in_words():
    assert found(datestyle.CHECK, "自2025年5月1日起施行。", "Effective as of 2025.5.1.") == [
        "the date '2025.5.1' is written in figures only; English writes May 1, 2025"
    ]
    assert found(datestyle.CHECK, "自2025年5月1日起施行。", "Effective as of 2025-05-01.") == []


def test_english_word_editions_are_english_whatever_the_original():
    """The English Word edition of a Chinese original was tagged zh-CN throughout (the
    source's Word language stood for Latin-script text)."""
    from diglot.languages import Languages
    from diglot.writers.docx_styles import WordLanguages

    assert WordLanguages.of([EN], "zh-CN").latin == "en-US"
    assert WordLanguages.of([ZH], "en-US") == WordLanguages("en-US", "zh-CN")
    assert Languages(ZH, (EN,), ()).latin_word_lang == "en-US"
    assert Languages(EN, (ZH,), ()).latin_word_lang == "en-US"


def test_release_reasons_name_the_language():
    from diglot.release.manifest import language_name

    assert [language_name(t) for t in ("zh", "zh-Hans", "en-GB", "xx-Yyyy")] == [
        "Chinese",
        "Chinese",
        "English",
        "xx-Yyyy",
    ]
