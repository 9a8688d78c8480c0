"""qa.term-variants: one English term, one rendering in each document's Chinese."""

from __future__ import annotations

from diglot.checks import Context, field_texts
from diglot.checks.catalogue import registry
from diglot.diagnostics import Location
from diglot.glossary import Term
from diglot.model import Field, Unit

from conftest import corpus_of

CHECK = next(c for c in registry() if c.id == "qa.term-variants")
BLETCHLEY = Term(
    "Bletchley Park Process", "布莱切利园进程", None, (), Location("g.yaml"), ("布莱奇利园进程",)
)
CONTEXT = Context(
    terms=(BLETCHLEY,),
    protected=("AI", "EV", "WTO", "G42"),
    sanctioned={"AI": ("人工智能",), "EV": ("电动汽车",), "WTO": ("世贸组织", "世界贸易组织")},
)


def records(*pairs: tuple[str, str], doc: str = "memo"):
    """FieldText records of one document, a unit per (English, Chinese) pair."""
    found = []
    for n, (en, zh) in enumerate(pairs):
        units = [
            Unit(
                f"u{n}",
                "paragraph",
                (Field("text", text, Location(f"{lang}/{doc}.yaml", n + 1)),),
                Location(f"{lang}/{doc}.yaml", n + 1),
                "s",
            )
            for lang, text in (("en", en), ("zh", zh))
        ]
        found += field_texts(units[0], units[1])
    return found


def findings(*documents):
    return [
        (record.target_id, finding.message)
        for record, finding in corpus_of(CHECK)(
            [record for document in documents for record in document], CONTEXT
        )
    ]


def test_passes_one_rendering_throughout():
    assert (
        findings(
            records(
                ("AI systems", "人工智能系统"),
                ("AI data centers", "人工智能数据中心"),
                ("AI risks", "人工智能风险"),
            )
        )
        == []
    )
    assert findings(records(("AI systems", "AI系统"), ("AI data centers", "AI数据中心"))) == []


def test_fails_two_renderings_with_the_count_of_each_at_the_minority():
    assert findings(
        records(
            ("AI systems", "AI系统"),
            ("AI models and AI chips", "AI模型和AI芯片"),
            ("Bletchley", "无关"),
            ("AI risks", "人工智能风险"),
        )
    ) == [
        (
            "u3",
            "'AI' is rendered in 2 ways in this document: “AI” ×3, “人工智能” ×1; "
            "this unit uses the less used “人工智能”",
        )
    ]


def test_a_tie_is_reported_where_the_second_rendering_starts():
    assert [
        unit for unit, _ in findings(records(("AI risks", "人工智能风险"), ("AI chips", "AI芯片")))
    ] == ["u1"]


def test_a_term_and_its_accepted_variant():
    assert findings(
        records(
            ("the Bletchley Park Process", "布莱切利园进程"),
            ("the Bletchley Park Process", "布莱奇利园进程"),
            ("the Bletchley Park Process", "布莱切利园进程"),
        )
    ) == [
        (
            "u1",
            "'Bletchley Park Process' is rendered in 2 ways in this document: "
            "“布莱切利园进程” ×2, “布莱奇利园进程” ×1; this unit uses the less used "
            "“布莱奇利园进程”",
        )
    ]


def test_a_gloss_counts_for_neither_rendering():
    assert (
        findings(
            records(
                ("electric vehicles (EVs)", "电动汽车（EV）"),
                ("EVs", "电动汽车"),
                ("EVs", "电动汽车"),
            )
        )
        == []
    )
    assert (
        findings(
            records(
                ("electric vehicles (EVs)", "电动汽车（EV）"),
                ("EVs", "EV"),
                ("EVs and ICVs", "电动汽车/智能网联汽车（EV/ICV）"),
            )
        )
        == []
    )


def test_full_and_short_chinese_names_are_one_rendering():
    assert (
        findings(records(("WTO rules", "世界贸易组织规则"), ("WTO principles", "世贸组织原则")))
        == []
    )
    assert [
        unit
        for unit, _ in findings(
            records(
                ("WTO rules", "世界贸易组织规则"),
                ("WTO principles", "世贸组织原则"),
                ("WTO principles", "WTO原则"),
            )
        )
    ] == ["u2"]


def test_only_units_whose_english_has_the_term_count():
    # AIS is not AI; the heading's 人工智能 renders "Artificial Intelligence", not "AI".
    assert (
        findings(
            records(
                ("Artificial Intelligence", "人工智能"),
                ("AI chips", "AI芯片"),
                ("the AIS Network", "AIS网络"),
            )
        )
        == []
    )


def test_each_document_on_its_own():
    one = records(("AI chips", "AI芯片"), ("AI risks", "AI风险"), doc="one")
    other = records(("AI chips", "人工智能芯片"), doc="other")
    assert findings(one, other) == []
    mixed = records(("AI chips", "AI芯片"), ("AI risks", "人工智能风险"), doc="mixed")
    assert [(unit, message.split(":")[1]) for unit, message in findings(one, mixed, other)] == [
        ("u1", " “AI” ×1, “人工智能” ×1; this unit uses the less used “人工智能”")
    ]


def test_check_warns_and_strict_fails(tree, check):
    (tree.content / "glossary.yaml").write_text(
        "terms:\n  - en: export controls\n    zh: 出口管制\nprotected:\n  - token: OECD\n"
        "    zh: [经合组织]\n  - token: AI\n    zh: [人工智能]\n",
        encoding="utf-8",
    )
    tree.replace("en", "participate in the OECD process.", "participate in the OECD AI process.")
    tree.replace("zh", "双方应参与经合组织（OECD）进程。", "双方应参与经合组织AI进程。")
    tree.replace("en", "on advanced semiconductors", "on advanced AI semiconductors")
    tree.replace("zh", "对民用先进半导体", "对民用先进人工智能半导体")
    code, out = check()
    assert code == 0
    [line] = [line for line in out if line.endswith("[qa.term-variants]")]
    assert line.startswith(
        "content/zh/memo.yaml:37:19: warning: 'ai.rec.oecd': 'AI' is "
        "rendered in 2 ways in this document: “AI” ×1, “人工智能” ×1;"
    )
    assert check("--strict")[0] == 1
    tree.replace("zh", "双方应参与经合组织AI进程。", "双方应参与经合组织人工智能进程。")
    code, out = check("--strict")
    assert code == 0, out
