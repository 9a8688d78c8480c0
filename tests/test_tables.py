"""A data table's columns, sized by their content (diglot/tables.py)."""

from __future__ import annotations

from test_docx import TYPES, project_layouts

from diglot.tables import SIDE_BY_SIDE_EMS, bilingual_columns, column_asks, column_shares


def allocation():
    layout = project_layouts(TYPES / "declaration" / "content")["both"]
    (block,) = [b for b in layout.blocks() if b.role == "table"]
    return layout, block


def test_a_roomy_table_shares_its_width_as_its_columns_would_take_it():
    _, block = allocation()
    least, wanted, _ = column_asks(block, 0)
    assert all(low <= want for low, want in zip(least, wanted))
    shares = column_shares(block, 0)
    assert [round(s, 3) for s in shares] == [round(w / sum(wanted), 3) for w in wanted]


def test_a_tight_table_gives_each_column_what_it_needs_first():
    """Side by side the Chinese columns of the allocation table are tight: each heading gets
    two lines' room (占总捕捞 / 量的比例), the rest goes to the state's names."""
    layout, block = allocation()
    least, wanted, _ = column_asks(block, 1)
    assert sum(wanted) > sum(least)
    columns = bilingual_columns(layout, block, 0.029)
    room = sum(share for lang, share in columns if lang == 1)
    widths = [share * SIDE_BY_SIDE_EMS for lang, share in columns if lang == 1]
    assert sum(widths) < sum(wanted)  # tight
    assert all(w >= low - 1e-9 for w, low in zip(widths, least))
    assert widths[0] > least[0]  # the spare room to the column that would take more
    assert abs(sum(column_shares(block, 1, room * SIDE_BY_SIDE_EMS)) - 1) < 1e-9


def wide_allocation(tmp_path):
    """The declaration with its allocation table three columns wider in both languages: the
    columns can no longer have their longest words side by side."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(TYPES / "declaration" / "content", content)
    extra = {
        "en": [
            (
                "Tonnes per year]",
                "Tonnes per year, Registered vessels, Port of landing, Inspection authority]",
            ),
            ('"100,000"]', '"100,000", "1,240", Varnholmhaven, Fisheries Directorate]'),
            ('"87,500"]', '"87,500", "1,085", Estrelmouth, Maritime Inspectorate]'),
            ('"62,500"]', '"62,500", "610", Lessa Harbour, Harbour Commission]'),
        ],
        "zh": [
            ("年捕捞量（吨）]", "年捕捞量（吨）, 登记渔船数, 卸货港, 检查机关]"),
            ('"100000"]', '"100000", "1240", 瓦恩霍尔姆港, 渔业局]'),
            ('"87500"]', '"87500", "1085", 埃斯特雷尔河口港, 海事检查署]'),
            ('"62500"]', '"62500", "610", 莱萨港, 港务委员会]'),
        ],
    }
    for lang, pairs in extra.items():
        (path,) = (content / lang).glob("*.yaml")
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return content


def test_a_table_too_wide_for_its_column_is_stacked_side_by_side(tmp_path):
    """Side by side, a table whose columns cannot have their longest words in its language's
    column is set across both columns, one language after the other (tables.stacked);
    the allocation table as it is fits and stays one bilingual table."""
    from diglot.tables import stacked

    layout, block = allocation()
    assert not stacked(layout, block)
    layout = project_layouts(wide_allocation(tmp_path))["both"]
    (block,) = [b for b in layout.blocks() if b.role == "table"]
    assert stacked(layout, block)
    assert not stacked(project_layouts(wide_allocation(tmp_path / "x"))["en"], block)


def test_a_stacked_table_is_set_across_both_columns_in_every_side_by_side_edition(
    tmp_path, weasyprint
):
    """The PDF sets each language's table across the text block (its lines cross the column
    edge, which the lint knows), its words and figures whole; the HTML holds the two tables
    one after the other; the Word file two tables in the row's merged cell."""
    import re

    import docx
    import pdfplumber

    from diglot.diagnostics import Reporter
    from diglot.pipeline import build

    from conftest import REPO

    reporter = Reporter()
    out = tmp_path / "out"
    build(wide_allocation(tmp_path), REPO / "templates", out, reporter)
    assert not reporter.errors, reporter.to_text()
    stem = out / "aldane-sea-fisheries-1948" / "aldane-sea-fisheries-1948.en-zh"
    with pdfplumber.open(f"{stem}.pdf") as pdf:
        words = [w for page in pdf.pages for w in page.extract_words()]
        middle = pdf.pages[0].width / 2
    for word in ("Varnholmhaven", "Directorate", "Inspectorate", "1,240"):
        (found,) = [w for w in words if w["text"] == word]
        assert found["x0"] > middle, word  # the English table's last columns, right of it
    html = (stem.parent / f"{stem.name}.html").read_text(encoding="utf-8")
    assert re.findall(r'<div class="stacked" data-column="(\d)"', html) == ["0", "1"]
    document = docx.Document(f"{stem}.docx")
    nested = [
        len(cell.tables)
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        if cell.tables
    ]
    assert 2 in nested


def test_a_column_of_years_is_labels_and_a_column_of_amounts_figures(tmp_path):
    """Figures are right-aligned; a column of years only holds the label of each row (the
    year it is about), set as text."""
    import shutil

    from diglot.tables import figure_columns

    content = tmp_path / "content"
    shutil.copytree(TYPES / "declaration" / "content", content)
    for lang, old, new in (
        ("en", '"100,000"]', '"100,000", "1949"]'),
        ("en", '"87,500"]', '"87,500", "1950"]'),
        ("en", '"62,500"]', '"62,500", "1951"]'),
        ("en", "Tonnes per year]", "Tonnes per year, Year]"),
        ("zh", '"100000"]', '"100000", "1949"]'),
        ("zh", '"87500"]', '"87500", "1950"]'),
        ("zh", '"62500"]', '"62500", "1951"]'),
        ("zh", "年捕捞量（吨）]", "年捕捞量（吨）, 年份]"),
    ):
        (path,) = (content / lang).glob("*.yaml")
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")
    layout = project_layouts(content)["both"]
    (block,) = [b for b in layout.blocks() if b.role == "table"]
    for column in (0, 1):  # the State's name, its share and tonnage as figures, the year
        assert figure_columns(block, column) == {1, 2}


def test_a_chinese_part_no_line_may_break_inside_keeps_its_width_in_a_tight_table(tmp_path):
    """A range of years in brackets, （1950—2000年）, is never broken (linebreak.joins, and
    no line ends with （ or starts with ）): unlike a Latin word it has no last-resort
    break, so a tight bilingual table gives its column that width at least (else the text
    runs over the next cell), or stacks when it cannot."""
    import shutil

    from diglot.script import text_ems
    from diglot.tables import CELL_EMS, stacked, unbroken

    content = tmp_path / "content"
    shutil.copytree(TYPES / "declaration" / "content", content)
    for lang, old, new in (
        ("en", "[Republic of Varnholm,", "[Historical compiled records (1950–2000),"),
        ("zh", "[瓦恩霍尔姆共和国,", "[历史整编资料（1950—2000年）,"),
    ):
        path = next((content / lang).glob("*.yaml"))
        path.write_text(path.read_text().replace(old, new))
    assert unbroken("历史整编资料（1950—2000年）")[1:] == ["（1950—2000年）"]
    layout = project_layouts(content)["both"]
    (block,) = [b for b in layout.blocks() if b.role == "table"]
    assert not stacked(layout, block)
    columns = bilingual_columns(layout, block, 0.029)
    chinese = [share * SIDE_BY_SIDE_EMS for lang, share in columns if lang == 1]
    assert chinese[0] >= text_ems("（1950—2000年）") + CELL_EMS
    _, _, hard = column_asks(block, 1)
    assert hard[0] > 0 and hard[1:] == [0.0, 0.0]


def test_a_header_cell_asks_for_its_words_set_bold():
    """A header's words are bold, wider than the body's: "Rate (yuan)" had broke as
    "Rate (yuan" / ")" in a column sized for them set roman."""
    from diglot.script import text_ems
    from diglot.tables import BOLD, CELL_EMS

    _, block = allocation()
    least, _, _ = column_asks(block, 0)
    header = next(r for r in block.children if r.role == "header-row")
    for j, cell in enumerate(header.cells[0].slots["cells"]):
        longest = max(text_ems(w) for w in cell.plain.split())
        assert least[j] >= min(longest * BOLD, 9.0) + CELL_EMS - 1e-9
