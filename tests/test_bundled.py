"""The bundled consensus agreement: complete, verbatim, translated, and aligned."""

import re
import shutil

import pytest

from diglot.cli import main
from diglot.diagnostics import Reporter

from conftest import FIXTURES, REPO, loaded

DOC = "digital-economy-2024"
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_check_is_clean_with_a_one_line_summary(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    assert main(["check"]) == 0
    assert capsys.readouterr().out == (
        "diglot check: 1 document, 70 aligned units: no problems; 16 units marked for review "
        "(diglot review lists them)\n"
    )


def test_structure_matches_the_agreement(pair):
    for document in (pair.source, pair.target):
        assert document.type.name == "consensus-agreement"
        body = dict(document.body)
        sections, delegations = body["sections"], body["delegations"]
        assert sections[0].field("heading") is None  # the untitled introduction
        assert [s.id for s in sections[1:]] == [
            "developments",
            "foreign-policy",
            "semiconductors",
            "vehicles",
            "ai",
            "conclusion",
        ]
        assert [sum(1 for u in s.walk() if u.kind == "recommendation") for s in sections] == [
            0,
            1,
            6,
            4,
            5,
            8,
            0,
        ]
        paragraphs = [u for u in document.units() if u.kind == "paragraph"]
        assert len(paragraphs) == 12
        assert [len(list(d.child_units())) for d in delegations] == [10, 11]
        for delegation in delegations:
            members = list(delegation.child_units())
            leaders = [m.id for m in members if m.field("leader")]
            assert leaders == [members[0].id]
        assert document.date == "2024-10"


def test_title_block(pair):
    document = pair.source
    assert tuple(
        document.title_unit(name).main.source for name in ("series", "title", "place")
    ) == (
        "U.S.-China Track II Dialogue on the Digital Economy",
        "Consensus Agreement",
        "Washington, D.C.",
    )
    assert [o.main.source for o in document.title_units("organisers")] == [
        "National Committee on U.S.-China Relations",
        "China-U.S. Green Fund",
    ]


def _words(text: str) -> list[str]:
    return re.sub(r"\*\*", "", text).casefold().split()


def test_english_keeps_every_word_of_the_source_in_order(pair):
    seed = (FIXTURES / "seed-consensus-agreement.txt").read_text(encoding="utf-8")
    seed = re.sub(r"^Recommendations?:$|^- ", "", seed, flags=re.M)
    seed = seed.replace("OCTOBER 2024", "")  # the date is metadata, rendered per locale
    en = []
    for unit in pair.source.units():
        if not unit.fields:
            continue  # the untitled introduction
        if unit.kind == "organiser":
            continue  # metadata; the agreement names them in its first paragraph
        if unit.kind == "member":
            en += [unit.field("name").source, unit.field("roles").source]
            if unit.field("leader"):
                en.append(f"({unit.field('leader').source})")
        else:
            en.append(unit.main.source)
    expected = _words(seed)
    got = _words(" ".join(en))
    # The title block's place follows the date in the source; everything else is in order.
    assert sorted(got) == sorted(expected)
    assert got[got.index("washington,") + 2 :] == expected[expected.index("washington,") + 2 :]


def test_every_chinese_unit_is_translated(pair):
    by_id = {u.id: u for u in pair.target.units()}
    for unit in pair.source.units():
        zh = by_id[unit.id]
        assert [f.name for f in zh.fields] == [f.name for f in unit.fields]
        for field in zh.fields:
            assert CJK.search(field.plain), (unit.id, field.name)
            assert not re.search(r"[\u4e00-\u9fff][,;:?!()][\u4e00-\u9fff]", field.plain), unit.id


def test_bold_is_kept_in_both_languages(pair):
    zh = {u.id: u for u in pair.target.units()}["introduction.convened"]
    assert zh.main.source.startswith("**美中关系全国委员会**与**中美绿色基金**")


def test_uncertain_names_are_marked_for_review(pair):
    flagged = {u.id for u in pair.target.units() if u.review}
    assert {
        "cn.wen-zhumu",
        "cn.peng-lihui",
        "cn.you-jing",
        "cn.jia-tianyu",
        "cn.qu-qiang",
    } <= flagged
    # the open defect of the English source, and the names the 2026-11 review found unconfirmed
    assert {"developments.us-view", "us.naomi-wilson", "us.chris-thomas"} <= flagged
    assert "D50" in next(u.review for u in pair.target.units() if u.id == "cn.wen-zhumu")
    # the delegation leader's title and the Taiwan wording (the 2026-12 review)
    assert {"cn.xu-lin", "developments.chinese-view"} <= flagged
    assert "研究员" in next(u.review for u in pair.target.units() if u.id == "cn.qu-qiang")
    assert "us.stephen-orlins" not in flagged and "us.graham-webster" not in flagged


RECOMMENDATIONS = [
    u.id
    for u in loaded(REPO / "content", Reporter()).documents[0].source.units()
    if u.kind == "recommendation"
]


def test_there_are_24_recommendations():
    assert len(RECOMMENDATIONS) == 24


@pytest.mark.parametrize("rec_id", RECOMMENDATIONS)
def test_deleting_a_chinese_recommendation_fails_naming_it_and_both_files(
    rec_id, tmp_path, monkeypatch, capsys
):
    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    zh = tmp_path / "content" / "zh" / f"{DOC}.yaml"
    lines = zh.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index(f"          - id: {rec_id}\n")
    end = start + 1
    while end < len(lines) and lines[end].startswith("            "):
        end += 1
    zh.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    (missing,) = [line for line in out.splitlines() if line.endswith("[parity.missing]")]
    assert missing.startswith(f"content/en/{DOC}.yaml:")
    assert f"recommendation '{rec_id}' has no Chinese counterpart" in missing
    assert f"content/zh/{DOC}.yaml" in missing
