"""The layout, tested once for every type: blocks in document order with their numbers,
labels, anchors and languages; the side-by-side rows. Writers are tested for their own part."""

from __future__ import annotations

import pytest

from conftest import PROJECTS, layouts


@pytest.fixture(scope="module", params=sorted(PROJECTS))
def found(request):
    return layouts(PROJECTS[request.param])


def side_by_side(found):
    (layout,) = [layout for layout in found.values() if len(layout.columns) == 2]
    return layout


def test_every_edition_lays_out_every_unit_once_in_document_order(found):
    for layout in found.values():
        for i, column in enumerate(layout.columns):
            body_ids = [node.id for node in column.document.nodes() if node.id is not None]
            laid_out = [block.id for block in layout.blocks() if block.id is not None]
            assert laid_out == body_ids
            for block in layout.blocks():
                cell = block.cells[i]
                if block.id is not None:
                    assert cell.unit is not None and cell.unit.id == block.id


def test_columns_carry_their_languages(found):
    for stem, layout in found.items():
        assert stem.rsplit(".", 1)[1] == "-".join(layout.langs)
        for column in layout.columns:
            assert column.profile.tag == column.lang == column.locale.lang


def test_numbers_are_the_same_count_in_every_language(found):
    layout = side_by_side(found)
    for block in layout.blocks():
        numbered = [cell.number is not None for cell in block.cells]
        assert len(set(numbered)) == 1, block.id  # numbered in both languages or in neither


def test_rows_pair_every_unit_and_label_once(found):
    layout = side_by_side(found)
    rows = layout.rows()
    body_rows = [row for row in rows if row.block is not None and row.part != "label"]
    flattened = [
        b
        for b in layout.blocks()
        if b.role not in ("list", "row", "header-row")
        and not (
            b.role == "section" and not any(c.slots.get("heading") or c.number for c in b.cells)
        )
    ]
    assert [row.block.id for row in body_rows] == [b.id for b in flattened]
    labels = [row for row in rows if row.part == "label"]
    # a section's or a list's label has a row of its own; a signature block's ("For the
    # Republic of Varnholm:") and the testimonium's text stand in their own rows
    assert len(labels) == sum(
        1 for b in layout.blocks() if b.cells[0].label and b.role in ("section", "list")
    )
    ids = [row.id for row in rows if row.id]
    assert len(ids) == len(set(ids))
    # an untitled section's id is kept as the anchor of the row that starts it
    untitled = [
        b.id
        for b in layout.body
        if b.role == "section"
        and b.id
        and not any(c.slots.get("heading") or c.number for c in b.cells)
    ]
    assert untitled == [row.anchor for row in rows if row.anchor]


def test_the_agreement_numbers_recommendations_through_the_document():
    layout = side_by_side(layouts(PROJECTS["consensus-agreement"]))
    items = [b for b in layout.blocks() if b.kind == "recommendation"]
    assert [b.cells[0].number for b in items] == [f"{n}." for n in range(1, 25)]
    assert [b.cells[1].number for b in items] == [f"{n}." for n in range(1, 25)]
    lists = [b for b in layout.blocks() if b.kind == "recommendations"]
    assert [b.cells[0].label for b in lists][:2] == ["Recommendation:", "Recommendations:"]
    assert {b.cells[1].label for b in lists} == {"建议："}
    assert [b.first for b in layout.body if b.kind == "delegation"] == [True, False]


def test_the_contents_are_the_top_level_sections_with_headings():
    for project in PROJECTS.values():
        for layout in layouts(project).values():
            for block in layout.contents():
                assert block.role == "section" and block.level == 1
                assert block.cells[0].slots.get("heading") or block.cells[0].number


def test_pages_take_their_labels_from_their_context_not_from_a_shared_environment():
    """The HTML writer's environment is made once per templates folder and never changed:
    a language edition rendered after the side-by-side one has its own language's labels,
    the same as when it is rendered first."""
    from diglot.diagnostics import Reporter
    from diglot.writers import html

    from conftest import REPO

    found = layouts(PROJECTS["consensus-agreement"])
    zh = next(layout for stem, layout in found.items() if stem.endswith(".zh"))
    both = next(layout for stem, layout in found.items() if stem.endswith(".en-zh"))
    first = html.render_edition(REPO / "templates", zh, "screen", Reporter())
    html.render_edition(REPO / "templates", both, "screen", Reporter())
    again = html.render_edition(REPO / "templates", zh, "screen", Reporter())
    assert again == first
    assert "目录" in first  # the Chinese label of the contents
    env = html.environment_of(REPO / "templates")
    assert "gettext" not in env.globals and "ngettext" not in env.globals


def test_every_chinese_number_runs_in_and_english_ones_hang():
    """Each number of a Chinese edition runs in after the first-line indent, whatever its
    characters (1., ①, as 一、 and （一）); an English one hangs, but for a dash lead; side
    by side only a full-width one runs in. The HTML marks it so for print and screen."""
    from diglot.diagnostics import Reporter
    from diglot.layout import runs_in
    from diglot.writers import html

    from conftest import REPO

    found = layouts(PROJECTS["declaration"])
    seen: dict[str, set[tuple[str, bool]]] = {"en": set(), "zh": set(), "en-zh": set()}
    for stem, layout in found.items():
        lang = stem.rsplit(".", 1)[1]
        for block in layout.blocks():
            for cell in block.cells:
                if cell.number and block.role in ("paragraph", "item"):
                    seen[lang].add((cell.number, runs_in(cell.number)))
    assert {("1.", True), ("（一）", True), ("①", True)} <= seen["zh"]
    assert {("1.", False), ("(a)", False), ("(i)", False)} <= seen["en"]
    # side by side a Chinese 1. hangs as the English one beside it: a row's numbers level
    assert {("1.", False), ("（一）", True), ("①", False)} <= seen["en-zh"]
    zh = next(layout for stem, layout in found.items() if stem.endswith(".zh"))
    page = html.render_edition(REPO / "templates", zh, "screen", Reporter())
    assert 'class="item run-in"' in page and 'class="item"' not in page
