"""The termbase: its schema, and that the bundled one covers the bundled document."""

from diglot.diagnostics import Reporter
from diglot.glossary import load_glossary

from conftest import REPO, loaded, zh_glossary

BUNDLED = REPO / "content"


def test_bundled_glossary_loads_with_at_least_forty_terms():
    reporter = Reporter()
    glossary = zh_glossary(BUNDLED / "glossary.yaml", reporter)
    assert reporter.diagnostics == []
    assert len(glossary.terms) >= 40
    assert {
        "G42",
        "INF",
        "OECD",
        "SASAC",
        "QFII",
        "WTO",
        "ICT",
        "EV",
        "ICV",
        "IoT",
        "GPU",
        "AI",
    } <= set(glossary.protected)
    by_en = {t.source: t.target for t in glossary.terms}
    assert by_en["National Committee on U.S.-China Relations"] == "美中关系全国委员会"
    assert by_en["China-U.S. Green Fund"] == "中美绿色基金"


def test_bundled_translation_uses_the_glossary():
    """Each English term that occurs in a unit has its Chinese term in the unit's translation."""
    reporter = Reporter()
    glossary = zh_glossary(BUNDLED / "glossary.yaml", reporter)
    pair = loaded(BUNDLED, reporter).documents[0]
    en = pair.source
    zh = {u.id: u for u in pair.target.units()}
    misses = []
    for unit in en.units():
        source = " ".join(f.plain for f in unit.fields).casefold()
        target = " ".join(f.plain for f in zh[unit.id].fields)
        for term in glossary.terms:
            if term.source.casefold() in source and not any(r in target for r in term.renderings):
                misses.append((unit.id, term.source, term.target))
            misses += [(unit.id, term.source, bad) for bad in term.forbidden if bad in target]
        for token in glossary.protected:
            forms = (token,) + glossary.sanctioned.get(token, ())
            if token in " ".join(f.plain for f in unit.fields) and not any(
                form in target for form in forms
            ):
                misses.append((unit.id, token, token))
    assert misses == []


def test_protected_tokens_plain_or_with_sanctioned_chinese_forms(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text(
        "terms:\n  - en: Bletchley Park Process\n    zh: 布莱切利园进程\n"
        "    variants: [布莱奇利园进程]\nprotected:\n  - G42\n  - token: WTO\n"
        "    zh: [世贸组织, 世界贸易组织]\n    note: 世贸组织 in running text.\n",
        encoding="utf-8",
    )
    reporter = Reporter()
    glossary = zh_glossary(path, reporter)
    assert reporter.diagnostics == []
    assert glossary.protected == ("G42", "WTO")
    assert glossary.sanctioned == {"WTO": ("世贸组织", "世界贸易组织")}
    assert glossary.terms[0].renderings == ("布莱切利园进程", "布莱奇利园进程")


def test_protected_token_errors_are_located(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text(
        "terms: []\nprotected:\n  - token: WTO\n    zh: [世贸组织]\n"
        "  - token: EV\n    chinese: [电动汽车]\n  - WTO\n  - token: OECD\n"
        "    zh: 经合组织\n",
        encoding="utf-8",
    )
    reporter = Reporter()
    assert load_glossary(path, reporter) is None
    assert [
        d.format().replace(str(tmp_path) + "/", "")
        for d in reporter.sorted()
        if d.severity == "error"
    ] == [
        "glossary.yaml:6:5: error: protected[1]: unknown key 'chinese' in a protected token; "
        "allowed keys: token, note, zh [content.unknown-key]",
        "glossary.yaml:7:5: error: protected[2]: 'WTO' is already listed (line 3) "
        "[glossary.duplicate-term]",
        "glossary.yaml:9:9: error: protected[3].zh: sanctioned forms must be a list; "
        "found a text [content.type]",
    ]


def test_glossary_errors_are_located(tmp_path):
    path = tmp_path / "glossary.yaml"
    path.write_text(
        "terms:\n  - en: Entity List\n    zh: 实体清单\n  - en: entity list\n"
        "    zh: 实体名单\n    forbiden: [x]\nprotected: [G42, 42]\n",
        encoding="utf-8",
    )
    reporter = Reporter()
    assert load_glossary(path, reporter) is None
    assert [d.format().replace(str(tmp_path) + "/", "") for d in reporter.sorted()] == [
        "glossary.yaml:4:5: error: terms[1]: 'entity list' is already defined (line 2) "
        "[glossary.duplicate-term]",
        "glossary.yaml:6:5: error: terms[1]: unknown key 'forbiden' in a term; did you mean "
        "'forbidden'? [content.unknown-key]",
        "glossary.yaml:7:18: error: protected[1]: must be text, but the unquoted value 42 is "
        'read by YAML as a number; put it in quotes: "42" [content.not-text]',
    ]
