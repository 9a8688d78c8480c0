"""The typographic lint (diglot/writers/typolint.py): each rule on a page WeasyPrint renders
with diglot's line breaking (writers/pdf.py render_pdf), once failing and once passing."""

from __future__ import annotations

import pytest

from conftest import REPO

SOFT = "\u00ad"


def _render(body: str, css: str = "", lang: str = "en-US", breaks=None) -> list:
    """The typographic findings of a small A6 page."""
    from diglot.writers import pdf
    from diglot.writers.pdf import PdfJob, render_pdf

    pdf.justify_between_characters({"zh-hans"})
    page = f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><style>
@page {{ size: A6; margin: 10mm; }}
body {{ font-family: "Noto Serif", "Noto Serif CJK SC"; font-size: 10pt; line-height: 14pt; }}
p {{ margin: 0 0 6pt; text-align: justify; orphans: 2; widows: 2; }}
:lang(en-US) {{ hyphens: auto; hyphenate-limit-chars: 6 3 3; }}
:lang(zh-Hans) {{ font-family: "Noto Serif CJK SC"; }}
{css}</style></head><body>{body}</body></html>"""
    job = PdfJob("t", page, REPO / "templates", breaks=dict(breaks or {}))
    return list(render_pdf(job).typography)


@pytest.fixture
def render(weasyprint):
    """render(body, css, lang, breaks): the typographic findings of a small A6 page that
    WeasyPrint renders."""
    return _render


def codes(findings) -> list[str]:
    return [f.code for f in findings]


SOFT_WORDS = " ".join(
    [f"in{SOFT}ter{SOFT}na{SOFT}tion{SOFT}al", f"or{SOFT}gan{SOFT}iza{SOFT}tion"] * 12
)
AUTO_WORDS = " ".join(["international", "organization"] * 12)


def test_a_hyphen_ladder_fails_and_the_limits_prevent_one(render):
    # soft hyphens in a ragged column: WeasyPrint hyphenates every line it can
    found = render(f'<p style="text-align: left; hyphens: manual; width: 28mm">{SOFT_WORDS}</p>')
    assert "typo.hyphen-ladder" in codes(found)
    ladder = next(f for f in found if f.code == "typo.hyphen-ladder")
    assert ladder.page == 1 and "3 hyphenated lines in a row" in ladder.message
    found = render(f'<p style="width: 50mm">{AUTO_WORDS}</p>')
    assert "typo.hyphen-ladder" not in codes(found)
    assert "typo.hyphen-last" not in codes(found)


def test_a_hyphenated_last_word_fails_and_is_not_made_where_a_line_can_do_without(render):
    text = f"short words then in{SOFT}ter{SOFT}na{SOFT}tion{SOFT}al{SOFT}iza{SOFT}tion."
    found = render(f'<p style="hyphens: manual; text-align: left; width: 33mm">{text}</p>')
    assert "typo.hyphen-last" in codes(found)
    found = render('<p style="width: 33mm">short words then internationalization.</p>')
    assert "typo.hyphen-last" not in codes(found) and "typo.hyphen-ladder" not in codes(found)


OBLIGATIONS = "A data processor shall perform the following data security protection obligations:"


@pytest.mark.parametrize("width", [66, 68])
def test_the_last_word_is_hyphenated_where_every_other_break_leaves_a_line_too_loose(
    weasyprint, width
):
    """ "…protection" / "obligations:" left gaps of three spaces in the first lines (a loose
    line the release refused): the planner hyphenates the last word where nothing else is
    within the word-gap limit, and the lint accepts that hyphen."""
    import subprocess

    from diglot.writers.pdf import PdfJob, render_pdf

    page = f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8"><style>
@page {{ size: A6; margin: 10mm; }}
body {{ font-family: "Noto Serif"; font-size: 10pt; line-height: 14pt; }}
p {{ margin: 0; text-align: justify; hyphens: auto; hyphenate-limit-chars: 6 3 3; }}
</style></head><body><p style="width: {width}mm">{OBLIGATIONS}</p></body></html>"""
    done = render_pdf(PdfJob("t", page, REPO / "templates", breaks={}))
    lines = subprocess.run(
        ["pdftotext", "-", "-"], input=done.pdf, capture_output=True, check=True
    ).stdout.decode()
    assert [f.code for f in done.typography] == []
    last = [line for line in lines.splitlines() if line.strip()][-2:]
    assert last[0].endswith(("‐", "-")) and last[1] in OBLIGATIONS.split()[-1], last


def test_a_space_is_measured_unspaced_whichever_line_of_its_font_came_first(weasyprint):
    """The lint measures word gaps in spaces of the font, cached by font: a tight line's
    style (spaces made narrower) measured first made every later line's gaps look wider,
    and a line of 1.9 spaces was reported loose."""
    from weasyprint import HTML

    from diglot.writers import _boxes, _lines

    rendered = HTML(string='<p style="font-family: Noto Serif">two words</p>').render()
    text = next(
        _lines.line_texts(
            rendered.pages[0]._page_box.children[0].children[0].children[0].children[0]
        )
    )
    natural = _boxes._space_width(text.style, {})
    cache: dict = {}
    for word, letter in ((-1.5, "normal"), (0, 0.5), (2.0, -0.3)):
        spaced = text.style.copy()
        spaced["word_spacing"], spaced["letter_spacing"] = word, letter
        assert _boxes._space_width(spaced, {}) == natural
        assert _boxes._space_width(spaced, cache) == natural
    assert _boxes._space_width(text.style, cache) == natural


def test_a_word_hyphenated_across_a_page_fails_and_is_never_made(render):
    column = f'<p style="text-align: left; hyphens: manual; width: 22mm">{SOFT_WORDS * 3}</p>'
    found = render(column)
    assert "typo.hyphen-page" in codes(found)
    found = render(f'<p style="width: 40mm">{AUTO_WORDS * 3}</p>')
    assert "typo.hyphen-page" not in codes(found)


def test_a_hyphenated_heading_fails(render):
    found = render(
        f'<h2 style="hyphens: manual; width: 18mm">Inter{SOFT}national{SOFT}ization</h2>'
    )
    assert "typo.hyphen-heading" in codes(found)
    assert set(codes(found)) <= {"typo.hyphen-heading", "typo.hyphen-last"}
    assert "a heading line is hyphenated" in found[0].message
    assert render('<h2 style="width: 18mm">Internationalization</h2>') == []


def test_a_loose_line_fails_and_planned_paragraphs_have_none(render):
    # (an inline-block in the text: a paragraph the planner leaves to first fit)
    found = render(
        '<p style="hyphens: none; width: 50mm">an ab cd ef internationalization of '
        'interoperability <span style="display: inline-block">x</span></p>'
    )
    assert "typo.loose-line" in codes(found)
    loose = next(f for f in found if f.code == "typo.loose-line")
    assert "times a space (at most 2)" in loose.message
    text = (
        "As recommended in previous agreements, both countries should clarify, in both "
        "regulation and practice, the definition of national security restrictions, and "
        "publish the procedures that apply to them. "
    ) * 3
    assert render(f'<p style="width: 85mm">{text}</p>') == []


def test_letter_spaced_chinese_fails(render):
    text = "双方同意定期交换港口运营数据，并共同研究航运脱碳的可行路径。" * 2
    found = render(
        f'<p lang="zh-Hans" style="letter-spacing: 0.3em; width: 60mm">{text}</p>', lang="zh-Hans"
    )
    assert "typo.loose-cjk" in codes(found)
    assert render(f'<p lang="zh-Hans" style="width: 60mm">{text}</p>', lang="zh-Hans") == []


def test_a_justified_chinese_line_is_filled_or_said_to_be_short(render):
    # a number kept with its unit that cannot come up: the line before it (14 characters of
    # 17) is spread to the margin (0.23 em), not left short
    kept = '<span style="white-space: nowrap">2020年代</span>'
    filled = f"为保障经济和制造业安全，参照{kept}美日汽车贸易争端期间所采用的做法。"
    assert render(f'<p lang="zh-Hans" style="width: 17em">{filled}</p>', lang="zh-Hans") == []
    # an address part as wide as the line: the line before it cannot be filled; it is left
    # short (not letter-spaced across the column) and said to be
    word = "www.kestrelbayinstitutedatacatalogue.org"
    found = render(
        f'<p lang="zh-Hans" style="width: 16em">联合目录由{word}维护，并镜像至中心的门户。</p>',
        lang="zh-Hans",
    )
    assert codes(found) == ["typo.loose-cjk"], found
    assert "em short of its measure" in found[0].message
    assert found[0].line == "联合目录由"


def test_a_chinese_heading_broken_inside_a_word_fails(render):
    title = "港口合作联合声明"
    breaks = {title: (2, 4, 6)}
    found = render(
        f'<h2 lang="zh-Hans" style="width: 3.5em">{title}</h2>', lang="zh-Hans", breaks=breaks
    )
    assert "typo.cjk-word-break" in codes(found)
    assert "the heading breaks inside a word" in found[0].message
    keep_all = '<h2 lang="zh-Hans" style="width: 3.5em; --diglot-word-break: keep-all">'
    assert render(f"{keep_all}{title}</h2>", lang="zh-Hans", breaks=breaks) == []


def test_one_chinese_character_alone_on_a_last_line_fails(render):
    # the last character in a box of its own escapes the rule that keeps two together
    found = render('<p lang="zh-Hans" style="width: 5em">一二三四五<b>六</b></p>', lang="zh-Hans")
    assert codes(found) == ["typo.cjk-single"]
    assert "one character ('六')" in found[0].message
    assert render('<p lang="zh-Hans" style="width: 5em">一二三四五六</p>', lang="zh-Hans") == []


def test_a_word_broken_without_a_hyphen_fails(render):
    # a word longer than its line must break somewhere: the lint says where it did
    long = "Telecommunicationsinfrastructuremodernisation"
    found = render(f'<p style="width: 30mm; overflow-wrap: anywhere">see {long} now</p>')
    assert "typo.word-split" in codes(found)
    split = next(f for f in found if f.code == "typo.word-split")
    assert "a word is broken without a hyphen" in split.message
    # broken at spaces, at a hyphen added, or at an address's break point: nothing to say
    fine = (
        "The two sides agreed to meet again next year and to exchange the data each port "
        'collects, at <span class="url">https://<wbr>data<wbr>.example<wbr>.org/<wbr>'
        "arrivals</span> and elsewhere."
    )
    assert "typo.word-split" not in codes(render(f'<p style="width: 30mm">{fine}</p>'))


PARAGRAPH = (  # three lines of 85 mm
    "The two sides agreed to meet again next year and to exchange the data each port "
    "collects on arrivals and departures."
)


@pytest.mark.parametrize(
    "spacer, rule, settings",
    [
        ("114mm", "typo.widow", "widows: 1"),  # two lines fit at the foot, the last does not
        ("118mm", "typo.orphan", "orphans: 1"),  # one line fits at the foot
    ],
)
def test_a_widow_or_orphan_fails_and_the_defaults_avoid_it(spacer, rule, settings, render):
    body = f'<div style="height: {spacer}"></div><p style="width: 85mm; {{}}">{PARAGRAPH}</p>'
    found = render(body.format(settings + "; widows: 1; orphans: 1"))
    assert rule in codes(found), found
    assert rule not in codes(render(body.format("")))


@pytest.fixture
def stress(make_project):
    """The typography fixture project, copied with the templates."""
    import shutil

    from conftest import FIXTURES

    root = make_project(FIXTURES / "typography" / "content", templates=True, at="project")
    shutil.copytree(FIXTURES / "typography" / "types", root / "types")
    return root


def test_the_build_summary_counts_each_rule(stress, capsys, weasyprint):
    import json

    from diglot.cli import main

    assert main(["build", "--format", "pdf"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2] == (
        "typography: 0 findings in the PDFs (hyphen-ladder 0, hyphen-last 0, hyphen-page 0, "
        "hyphen-heading 0, loose-line 0, loose-cjk 0, cjk-word-break 0, cjk-single 0, "
        "word-split 0, widow 0, orphan 0)"
    )
    # letter-spaced Chinese: findings, counted, and the editions written all the same
    css = stress / "templates" / "css" / "paged.css"
    css.write_text(css.read_text() + "p.body:lang(zh) { letter-spacing: 0.3em; }\n")
    (stress / "diglot.toml").write_text('[checks.severity]\n"typo.widow" = "off"\n')
    assert main(["build", "--format", "pdf", "--report", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    counts = report["summary"]["typography"]
    assert counts["typo.widow"] == "off"
    assert counts["typo.loose-cjk"] > 0
    found = [d for d in report["diagnostics"] if d["code"].startswith("typo.")]
    assert len(found) == sum(n for n in counts.values() if isinstance(n, int))
    assert all(d["severity"] == "warning" for d in found)
    assert report["summary"]["written"]["ocean-observation-2026"]
    # a rule made an error refuses the document, as any error does
    (stress / "diglot.toml").write_text('[checks.severity]\n"typo.loose-cjk" = "error"\n')
    assert main(["build", "--format", "pdf", "--force"]) == 1
    out = capsys.readouterr().out
    assert "error: " in out and "[typo.loose-cjk]" in out and "refused 1 document" in out


def test_a_justified_line_of_one_word_fails(render):
    # an inline-block: a paragraph the planner leaves to first fit, which sets "an" alone
    found = render(
        '<p style="hyphens: none; width: 30mm">an internationalization '
        '<span style="display: inline-block">x</span> of words</p>'
    )
    one = [f for f in found if f.code == "typo.loose-line" and "one word" in f.message]
    assert one and one[0].line == "an", found


def test_the_planner_never_sets_one_word_alone_to_fit_the_rest_on_a_line():
    """A justified paragraph a little too long for one line, whose last word may not be
    hyphenated: the least bad break leaves its first line loose, never its first word alone
    on a line ("(b) the", then the rest, in a list item)."""
    from diglot.writers._paragraphs import HYPHEN, SPACE, Break, Paragraph

    text = "the development and validation of flood forecasting models, including:"
    x, widths = [0.0], {" ": 3.8}
    for char in text:
        x.append(x[-1] + widths.get(char, 7.0))
    breaks = [Break(i + 1, SPACE, x[i]) for i, c in enumerate(text) if c == " "]
    at = text.index("lidation")  # a hyphenation point (the last word's are never offered)
    breaks.append(Break(at, HYPHEN, x[at] + 4.0))
    breaks.sort(key=lambda b: b.at)
    paragraph = Paragraph(text, x, 3.8, breaks)
    whole = x[-1]
    for measure in (whole - 40, whole - 20, whole - 5, whole - 1):
        planned = paragraph.plan(0, measure)
        assert planned is not None
        first = planned[0]
        assert " " in text[: first.at].strip(), (measure, text[: first.at])
        assert planned[-1].at == len(text)


def test_a_list_item_s_first_line_starts_where_its_other_lines_do(weasyprint):
    """The edition's list items hang their numbers in 2em: the text of the first line starts
    where the lines under it do (in WeasyPrint as in browsers)."""
    import re
    import subprocess

    from diglot.writers.pdf import PdfJob, render_pdf

    words = " ".join(["cooperation between the participants"] * 6)
    page = f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8">
<style>{(REPO / "templates" / "css" / "edition.css").read_text(encoding="utf-8")}
@page {{ size: A5; margin: 15mm; }} body {{ font-family: "Noto Serif"; }}</style></head>
<body><ol class="items"><li class="item"><span class="marker">(a)</span>{words}</li>
<li class="item"><span class="marker">(b)</span>{words}</li></ol></body></html>"""
    data = render_pdf(PdfJob("t", page, REPO / "templates", breaks={})).pdf
    out = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    found = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)<', out)
    lines: dict[float, list[tuple[float, str]]] = {}
    for x, y, word in found:
        lines.setdefault(round(float(y), 1), []).append((float(x), word))
    starts = [min(row)[0] for _, row in sorted(lines.items()) if row[0][1] not in ("(a)", "(b)")]
    texts = [
        sorted(row)[1][0] for _, row in sorted(lines.items()) if sorted(row)[0][1] in ("(a)", "(b)")
    ]
    assert len(texts) == 2 and starts
    for first in texts:
        assert abs(first - starts[0]) < 0.5, (texts, starts)


def test_a_line_of_a_table_set_across_the_columns_belongs_to_its_language_column(weasyprint):
    """Side by side, a stacked table (tables.stacked) is no cell of a language's column: its
    lines are the column its div names, so that a finding goes to that language's file."""
    from diglot.writers import _boxes

    page = (
        '<html><body><table><tr><td class="col-0">English</td></tr></table>'
        '<div data-column="1" lang="zh-Hans"><p>中文表格</p></div></body></html>'
    )
    lines = _boxes.lines(weasyprint.HTML(string=page).render(), {"zh-hans"})
    assert {line.text: line.column for line in lines} == {"English": 0, "中文表格": 1}


# -- the findings as messages -------------------------------------------------------------------


def test_a_quoted_line_leaves_out_the_invisible_break_hints():
    """A rendered line holds the zero-width spaces (what WeasyPrint writes for <wbr>), word
    joiners and soft hyphens of its text: a message quotes what a reader sees."""
    from types import SimpleNamespace

    from diglot.diagnostics import Location
    from diglot.writers.typolint import Finding, TextLine, diagnostics, lint

    address = ".marine\u200b-data\u200b-exchange\u200b"
    layout = SimpleNamespace(columns=[SimpleNamespace(document=SimpleNamespace(units=list))])
    finding = Finding("typo.loose-line", 5, 0, None, address, "a justified line holds one word")
    [found] = diagnostics([finding], layout, "m.en-zh.pdf", Location("page.html.j2"))
    assert found.message == (
        "m.en-zh.pdf, page 5, in the line '.marine-data-exchange': a justified line holds one word"
    )
    lines = [
        TextLine(1, 0, 0, "an inter\u00ad", "en", "body", "u", split=True),
        TextLine(1, 0, 0, "\u2060national\u200b body", "en", "body", "u"),
    ]
    assert [f.message for f in lint(lines)] == ["a word is broken without a hyphen: 'nter/nati'"]


def test_an_address_broken_across_a_page_is_reported_as_a_hyphen_would_be():
    """A line that ends at a web or e-mail address's own break point (its <wbr>) on one
    page, the address going on at the head of the next, is reported (the keeps of what
    follows can move a paragraph's last lines over after its lines are laid out); a break
    inside an address within a page is not."""
    from diglot.writers.typolint import TextLine, lint

    lines = [
        TextLine(6, 0, 0, "Communications shall be addressed to", "en", "body", "u"),
        TextLine(
            6, 0, 0, "the contact points, namely oskaria\u200b.liaison\u200b", "en", "body", "u"
        ),
        TextLine(7, 0, 0, "@mnioar-marvella.example for the Republic", "en", "body", "u"),
        TextLine(7, 0, 0, "and international\u200b", "en", "body", "u"),
        TextLine(7, 0, 0, ".cooperation@fahomce.example for the Federation.", "en", "body", "u"),
    ]
    found = [(f.code, f.page, f.message) for f in lint(lines)]
    assert found == [
        ("typo.hyphen-page", 6, "an address is broken across the break to page 7"),
    ]
