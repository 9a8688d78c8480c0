"""Where lines may break (diglot/linebreak.py): Chinese titles between words, the glossary's
terms and the document's names kept whole, joins, balanced lines."""

from __future__ import annotations

import pytest

from diglot.linebreak import (
    Segmenter,
    address_lines,
    balance,
    joins,
    last_pair,
    opened,
    urls,
)
from diglot.script import text_ems

from conftest import pdftotext


def lines(text: str, breaks: tuple[int, ...]) -> list[str]:
    points = (0, *breaks, len(text))
    return [text[a:b] for a, b in zip(points, points[1:])]


@pytest.fixture(scope="module")
def segmenter():
    return Segmenter(cached=False)


def test_a_chinese_title_breaks_only_between_words(segmenter):
    text = "关于养护阿尔丹海渔业资源的宣言"
    pieces = lines(text, segmenter.breaks(text))
    assert "".join(pieces) == text
    # never inside a word: not 渔业资/源, 宣/言
    assert all(piece not in ("源的宣言", "言") for piece in pieces)
    assert "渔业资源的" in pieces  # 的 leans on the word before it
    for piece in pieces:
        assert len(piece) > 1, pieces  # no character alone


def test_glossary_terms_and_names_are_never_split():
    text = "美中关系全国委员会与中美绿色基金联合声明"
    plain = Segmenter(cached=False)
    assert "美中关系全国委员会" not in lines(text, plain.breaks(text))  # jieba splits it
    kept = Segmenter(["美中关系全国委员会", "中美绿色基金"], cached=False)
    pieces = lines(text, kept.breaks(text))
    assert "美中关系全国委员会" in pieces
    assert any(piece.endswith("中美绿色基金") for piece in pieces)
    name = Segmenter(["岭北市港口管理局"], cached=False)
    title = "韦斯特黑文港务局与岭北市港口管理局关于港口合作的联合声明"
    assert any("岭北市港口管理局" in piece for piece in lines(title, name.breaks(title)))
    assert not any(
        piece.startswith(("港口管理局", "北市")) for piece in lines(title, name.breaks(title))
    )


def test_one_character_words_lean_on_a_neighbour(segmenter):
    text = "数字经济与两国外交政策"
    pieces = lines(text, segmenter.breaks(text))
    assert "与两国" in pieces or any(p.startswith("与") for p in pieces), pieces
    assert not any(p.endswith("与") for p in pieces)


def test_traditional_characters_are_segmented(segmenter):
    text = "諾斯布里奇國家檔案館與青嶺文化資產基金會"
    pieces = lines(text, segmenter.breaks(text))
    assert "國家檔案館" in pieces, pieces
    assert not any(p in ("檔", "案館與") for p in pieces)


def test_a_zero_width_space_typed_by_the_author_wins(segmenter):
    text = "关于养护\u200b阿尔丹海渔业资源的宣言"
    assert lines(text, segmenter.breaks(text)) == ["关于养护\u200b", "阿尔丹海渔业资源的宣言"]


def test_numbers_keep_their_units_and_punctuation_its_side(segmenter):
    text = "2024年10月中美港口合作会议成果（第三次）"
    pieces = lines(text, segmenter.breaks(text))
    assert pieces[0].startswith("2024年") and not any(p.startswith(("年", "月")) for p in pieces)
    assert not any(p.startswith(("）", "次")) for p in pieces)
    assert not any(p.endswith("（") for p in pieces)


def test_a_span_of_years_in_a_title_is_never_broken_at_its_dash(segmenter):
    text = "关于港口国监督检查结果互认（2026—2035年）的谅解备忘录"
    pieces = lines(text, segmenter.breaks(text))
    assert "".join(pieces) == text
    assert any("2026—2035年" in piece for piece in pieces), pieces


def test_latin_titles_break_at_spaces(segmenter):
    text = "U.S.-China Track II Dialogue on the Digital Economy"
    assert lines(text, segmenter.breaks(text))[:3] == ["U.S.-China ", "Track ", "II "]


def test_segmentations_are_cached(tmp_path, monkeypatch):
    from diglot import cache, linebreak

    monkeypatch.setenv("DIGLOT_CACHE_DIR", str(tmp_path))
    first = Segmenter()
    text = "港口互联互通联合工作组"
    breaks = first.breaks(text)
    assert list((tmp_path / linebreak.NAMESPACE).rglob("*"))

    def refuse():
        raise AssertionError("the segmenter was loaded for a title it has cut before")

    monkeypatch.setattr(linebreak, "_cutter", refuse)
    assert Segmenter().breaks(text) == breaks
    # a damaged entry is not trusted: the words must join back into the text
    for entry in (tmp_path / linebreak.NAMESPACE).rglob("*"):
        if entry.is_file():
            entry.write_text('["港口", "X"]')
    monkeypatch.undo()
    monkeypatch.setenv("DIGLOT_CACHE_DIR", str(tmp_path))
    assert Segmenter().breaks(text) == breaks
    assert cache.read(linebreak.NAMESPACE, cache.key(linebreak._segmenter_version(), text))


@pytest.mark.parametrize(
    "text, kept",
    [
        ("服务时间为每天24小时。", ["24小时"]),
        ("增长30%，2020年以来", ["30%", "2020年"]),
        ("依据第3条", ["第3条"]),
        # a number in Chinese numerals with what it counts: the originals, an ordinal
        ("订于梅罗港，一式两份，每份均以中文和英文写成", ["一式两份"]),
        ("依照第二十三条第三款", ["第二十三条", "第三款"]),
        ("第五次会议", ["第五次"]),
        ("on 1 March 2024 and March 5", ["1 March", "March 5"]),
        ("a 5 km run costing US$ 12", ["5 km", "US$ 12"]),
        # a share written out is a unit; a word of time or scale is not (kept whole, it left
        # loose lines, and broke inside a word in a narrow Word table cell)
        ("for 3 to 6 months, 2 million, 30 per cent, 12 days", ["30 per cent"]),
        ("the global network—despite it", ["network—"]),
        ("他说——好", ["说——"]),
        # a range written with a one-em dash or a wave dash (GB/T 15834) is one span
        ("流量为2000—2024年期间", ["2000—2024年"]),
        ("增长3.5—4.0%", ["3.5—4.0%"]),
        ("人数1,000—2,000人", ["1,000—2,000人"]),
        ("（2026—2035年）", ["2026—2035年"]),
        ("2026年—2035年规划", ["2026年—2035年"]),
        ("为期5～7年、3〜4个月", ["5～7年", "3〜4个月"]),
        ("in 2024 — 25 people", []),
        ("于1948年12月6日举行，1月31日前", ["1948年", "12月6日", "1月31日"]),
        ("2026年5月19日", ["2026年", "5月19日"]),
        # ranges, telephone numbers, designations and codes read as one
        ("on 3–4 November 2026, for 2026-2028", ["3–4 November", "2026-2028"]),
        ("call +86 21 5555 0199 or +1 (202) 555-0100.", ["+86 21 5555 0199", "+1 (202) 555-0100"]),
        ("under ISO/IEC 23894 and GB/T 9704-2012", ["ISO/IEC 23894", "GB/T 9704-2012"]),
        ("工作组（APT-WG-AI）与COVID-19", ["APT-WG-AI", "COVID-19"]),
        ("a well-being, non-commercial A-level", ["A-level"]),
    ],
)
def test_joins(text, kept):
    assert [text[a:b] for a, b in joins(text)] == kept


def widths_of(positions, total, chosen):
    edges = [0.0, *[positions[i] for i in chosen], total]
    return [b - a for a, b in zip(edges, edges[1:])]


def test_balanced_lines_are_even_and_the_longer_first():
    # ten characters of one unit: 10 wide in a measure of 4 takes three lines
    positions = [float(i) for i in range(1, 10)]
    assert widths_of(positions, 10.0, balance(positions, 10.0, 4.0)) == [4.0, 3.0, 3.0]
    assert widths_of(positions, 10.0, balance(positions, 10.0, 6.0)) == [5.0, 5.0]
    assert widths_of(positions, 9.0, balance(positions[:8], 9.0, 6.0)) == [5.0, 4.0]
    assert balance(positions, 10.0, 20.0) == []  # one line holds it
    # words of uneven widths: as even as the words allow, never wider than the measure
    words = [3.0, 7.0, 8.0, 12.0, 14.0, 17.0]  # the places between the words
    chosen = balance(words, 20.0, 12.0)
    assert widths_of(words, 20.0, chosen) == [12.0, 8.0]  # two lines, the longer first


def test_a_break_that_costs_is_taken_only_when_the_lines_need_it():
    """balance() with penalties: a break inside a name costs as much as that much less
    even lines; the lines are still as many as filling them takes."""
    words = [4.0, 9.0, 10.0, 11.0, 15.0]  # the places between the words
    assert widths_of(words, 20.0, balance(words, 20.0, 12.0)) == [10.0, 10.0]
    cheap = [0.0, 0.0, 1.0, 0.0, 0.0]  # the break after 10 is inside a name: 201 < 11² + 9²
    assert widths_of(words, 20.0, balance(words, 20.0, 12.0, cheap)) == [10.0, 10.0]
    dear = [0.0, 0.0, 5.0, 0.0, 0.0]  # 205 > 202: the name is kept
    assert widths_of(words, 20.0, balance(words, 20.0, 12.0, dear)) == [11.0, 9.0]
    everywhere = [500.0] * 5  # every break is dear: the lines are as many all the same
    assert len(balance(words, 20.0, 12.0, everywhere)) == 1


def test_names_are_found_in_a_title_set_in_capitals_at_word_edges():
    from diglot.writers._cjk_justify import _occurrences

    text = "BETWEEN THE PORT OF LANMERE AUTHORITY AND THE LANMEREAN PORTS"
    [found] = _occurrences(text, ["port of lanmere authority"])
    assert text[min(found) - 1 : max(found) + 1] == "PORT OF LANMERE AUTHORITY"
    assert _occurrences(text, ["lanmere"]) == [frozenset(range(21, 27))]  # not in LANMEREAN
    assert _occurrences("STRASSE ß", ["strasse"]) == []  # casefold changes the length


@pytest.mark.project(templates=True)
def test_an_english_title_keeps_a_name_of_the_glossary_on_one_line(project, cli, weasyprint):
    """A balanced English title keeps a name or term of several words (the glossary's, the
    document's names) on one line where its lines stay within the measure and nearly as
    even: "Xinzhou Port / Administration" was broken for a slightly more even title."""
    en = project / "content" / "en" / "memo.yaml"
    zh = project / "content" / "zh" / "memo.yaml"
    title_en = (
        "Memorandum of Understanding between the Port of Lanmere Authority and the Xinzhou "
        "Port Administration on Cooperation in Green Shipping Corridors and Digital Port "
        "Services"
    )
    title_zh = "兰米尔港务局与新洲港口管理局关于绿色航运走廊和数字港口服务合作的谅解备忘录"
    en.write_text(
        en.read_text(encoding="utf-8").replace("text: Consensus Agreement", f"text: {title_en}"),
        encoding="utf-8",
    )
    zh.write_text(
        zh.read_text(encoding="utf-8").replace("text: 共识文件", f"text: {title_zh}"),
        encoding="utf-8",
    )
    (project / "content" / "glossary.yaml").write_text(
        "terms:\n"
        "  - en: Port of Lanmere Authority\n    zh: 兰米尔港务局\n"
        "  - en: Xinzhou Port Administration\n    zh: 新洲港口管理局\n",
        encoding="utf-8",
    )
    code, out = cli("build", "--format", "pdf", "--force").merged()
    assert code == 0, out
    text = pdftotext(project / "build" / "memo" / "memo.en.pdf")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("MEMORANDUM"))
    title = lines[start : start + 8]
    for name in ("PORT OF LANMERE AUTHORITY", "XINZHOU PORT ADMINISTRATION"):
        assert any(name in line for line in title), title


LONG_NAME = "瓦恩霍尔姆—岭北贸易投资部长级对话"


def test_a_kept_term_wider_than_the_line_breaks_between_its_words():
    """A glossary term kept whole that no line can hold breaks between its own words (the
    segmenter's), never anywhere nor past the margin; one that fits stays whole."""
    title = f"{LONG_NAME}第五次会议联合公报"
    breaks = Segmenter([LONG_NAME], cached=False).breaks(title)
    assert LONG_NAME in lines(title, breaks)  # kept whole
    narrow = opened(title, breaks, lambda piece: text_ems(piece) <= 11)
    pieces = lines(title, narrow)
    assert "".join(pieces) == title
    assert all(text_ems(piece) <= 11 for piece in pieces), pieces
    assert "投资" in pieces or any(p.endswith("投资") or p.startswith("投资") for p in pieces)
    assert not any(p.endswith("投") for p in pieces)  # never 贸易投 / 资
    wide = opened(title, breaks, lambda piece: text_ems(piece) <= 20)
    assert wide == tuple(breaks)


@pytest.mark.project(templates=True)
def test_a_chinese_title_whose_kept_term_is_wider_than_its_column(project, cli, weasyprint):
    """Side by side, a Chinese title holding a glossary name wider than its column: the PDF
    breaks the name between its words (it ran past the margin, pdf.overflow, and the build
    was refused) and so does the Word file (its lines had no break inside the name, which
    Word and LibreOffice then broke anywhere: 贸易投 / 资)."""
    import zipfile

    zh = project / "content" / "zh" / "memo.yaml"
    zh.write_text(
        zh.read_text(encoding="utf-8").replace(
            "text: 共识文件", f"text: {LONG_NAME}第五次会议联合公报"
        ),
        encoding="utf-8",
    )
    (project / "content" / "glossary.yaml").write_text(
        f"terms:\n  - en: Consensus Agreement\n    zh: {LONG_NAME}\n", encoding="utf-8"
    )
    code, out = cli("build", "--format", "pdf,docx", "--force").merged()
    assert code == 0, out
    assert "pdf.overflow" not in out
    text = pdftotext(project / "build" / "memo" / "memo.en-zh.pdf")
    title = [line.split()[-1] for line in text.splitlines() if "第五次" in line or "霍尔姆" in line]
    assert title and not any(line.endswith("投") for line in title), title
    with zipfile.ZipFile(project / "build" / "memo" / "memo.en-zh.docx") as docx:
        xml = docx.read("word/document.xml").decode()
    at = xml.index("瓦恩霍尔姆")
    paragraph = xml[at : xml.index("</w:p>", at)]
    assert "<w:br/>" in paragraph.split("对话")[0], paragraph  # a line ends inside the name
    assert "投</w:t>" not in paragraph, paragraph  # between its words


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("两种文本同等作准。", "作准。"),  # the last two characters with the punctuation after
        ("中美数字经济二轨对话", "对话"),
        ("年捕捞量（吨）", "量（吨）"),  # an opening bracket between them stays with them
        ("深度（米）", "度（米）"),
        ("参加国", "加国"),
        ("国家", None),  # two characters: nothing to keep from the line before
        ("Tonnes per year", None),
        ("占总捕捞量的40%", None),
    ],
)
def test_a_chinese_text_never_ends_with_one_character_alone(text, kept):
    found = last_pair(text)
    assert (text[found[0] : found[1]] if found else None) == kept


def test_a_join_and_the_last_pair_are_one_unbreakable_span_in_html():
    """Two no-break spans side by side let a browser break between them: joins that overlap
    (a number with its unit, and the text's last two characters) are written as one."""
    from diglot.writers._html_text import marked

    text = "至少48小时"
    kept = sorted([*joins(text), (len(text) - 2, len(text))])
    assert marked(kept, ())(text, 0) == '至少<span class="nobr">48小时</span>'
    text = "于1948年12月6日"  # the year may end a line, the month keeps its day
    assert marked(joins(text), ())(text, 0) == (
        '于<span class="nobr">1948年</span><span class="nobr">12月6日</span>'
    )


def test_a_chinese_running_head_too_long_for_its_line_is_cut_between_words():
    """A long Chinese title without a short title is shortened for the running head at a
    place between words (…可互操作海洋…), never inside one (…海洋观…), in every edition."""
    from diglot.running import ELLIPSIS

    from conftest import FIXTURES, layouts

    found = layouts(FIXTURES / "typography" / "content")
    segmenter = Segmenter()
    cut = 0
    for stem, layout in found.items():
        for column, title in zip(layout.columns, layout.title):
            if not column.profile.cjk:
                continue
            whole = title.units["title"].main.plain
            for name, text in title.running.items():
                if not text.endswith(ELLIPSIS) or not whole.startswith(text[:-1]):
                    continue
                assert len(text) - 1 in segmenter.breaks(whole), (stem, name, text)
                cut += 1
    assert cut  # the fixture's title is too long for its line


@pytest.mark.parametrize(
    "text, found",
    [
        (
            "from https://opendata.example.gov/coverage/2025.",
            ["https://opendata.example.gov/coverage/2025"],
        ),
        (
            "at https://amber-hydro.example.org/data, using",
            ["https://amber-hydro.example.org/data"],
        ),
        ("（https://www.window.example.cn）；", ["https://www.window.example.cn"]),
        ("网址为https://x.example.cn/数据。", ["https://x.example.cn/"]),
        ("write to info.desk@example.org.", ["info.desk@example.org"]),
        ("see www.example.com/a?b=1).", ["www.example.com/a?b=1"]),
        ("5.3 km, U.S.-China, e.g. a@b, 5@3.50", []),
        ("see https://x.org—or write", ["https://x.org"]),
        ("访问www.x.org——这是", ["www.x.org"]),
        ("HTTPS://DATA.EXAMPLE.ORG/A", ["HTTPS://DATA.EXAMPLE.ORG/A"]),
        # a bare domain name, as a link's text shows one
        ("门户网站（flood-share.example.org），咨询", ["flood-share.example.org"]),
        ("see data.example.cn/zh/ now", ["data.example.cn/zh/"]),
        ("i.e. a.m. Art.12 No.5 in 2024.It was Ms.Li etc.) U.S.A.", []),
    ],
)
def test_web_and_e_mail_addresses_are_found_without_the_punctuation_around_them(text, found):
    assert [text[a:b] for a, b in urls(text)] == found


def test_an_address_is_marked_in_the_html_never_hyphenated():
    from diglot.writers._html_text import marked
    from diglot.writers.html import profile_css

    from conftest import TINY, loaded

    text = "See https://data.example.org/tables-2025 for 5 km."
    write = marked([(text.index("5 km"), len(text) - 1)], (), urls(text))
    assert write(text, 0) == (
        'See <span class="url">https://<wbr>data<wbr>.example<wbr>.org/<wbr>tables'
        '<wbr><span class="nobr">-2</span>025</span> for <span class="nobr">5 km</span>.'
    )
    # it breaks as a typesetter breaks one: after a slash, before a dot, the @ or its own
    # hyphen; never after the hyphen (a hyphenated word, or part of the address?)
    text = "at a-b--c.example.org/x-y."
    assert marked([], (), urls(text))(text, 0) == (
        'at <span class="url">a<wbr><span class="nobr">-b</span><wbr><span class="nobr">--c'
        '</span><wbr>.example<wbr>.org/<wbr>x<wbr><span class="nobr">-y</span></span>.'
    )
    kept, breaks = address_lines("mail.desk@x-y.org?a=1")
    assert kept == [(11, 13)] and breaks == [4, 9, 11, 13, 18, 20]
    css = str(profile_css(loaded(TINY).setup.languages.all))
    never = next(rule for rule in css.splitlines() if "hyphens: manual !important" in rule)
    assert ".url, .url *" in never and "table.data th, table.data th *" in never
