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
    least, wanted = column_asks(block, 0)
    assert all(low <= want for low, want in zip(least, wanted))
    shares = column_shares(block, 0)
    assert [round(s, 3) for s in shares] == [round(w / sum(wanted), 3) for w in wanted]


def test_a_tight_table_gives_each_column_what_it_needs_first():
    """Side by side the Chinese columns of the allocation table are tight: each heading gets
    two lines' room (占总捕捞 / 量的比例), the rest goes to the state's names."""
    layout, block = allocation()
    least, wanted = column_asks(block, 1)
    assert sum(wanted) > sum(least)
    columns = bilingual_columns(layout, block, 0.029)
    room = sum(share for lang, share in columns if lang == 1)
    widths = [share * SIDE_BY_SIDE_EMS for lang, share in columns if lang == 1]
    assert sum(widths) < sum(wanted)  # tight
    assert all(w >= low - 1e-9 for w, low in zip(widths, least))
    assert widths[0] > least[0]  # the spare room to the column that would take more
    assert abs(sum(column_shares(block, 1, room * SIDE_BY_SIDE_EMS)) - 1) < 1e-9
