"""The export: a protected bilingual table per document and target language, the units chosen
by --only, with the export data in custom document properties."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .. import wordml
from ..diagnostics import Reporter
from ..project import Project
from .markup import (
    COLUMNS,
    COMMENT_COLUMN,
    FORMAT,
    TARGET_COLUMN,
    Row,
    escaped,
    segments,
    shown_hash,
)

if TYPE_CHECKING:
    from ..status import ProjectStatus


def _fields_shown(unit) -> str:
    return shown_hash([segments(f.source) for f in unit.fields] if unit is not None else [])


def _wanted(unit, only: set[str]) -> bool:
    if "all" in only:
        return True
    return bool(
        ("findings" in only and unit.findings)
        or ("stale" in only and unit.state in ("stale", "missing"))
        or ("review" in only and unit.review)
    )


def export(
    content_dir: Path | Project,
    documents: list[str] | None,
    only: set[str],
    out_dir: Path,
    templates_dir: Path,
    reporter: Reporter,
    today: str | None = None,
) -> tuple[list[Path], list[str], ProjectStatus]:
    """Write the review files; returns the files written, the documents left out because no
    unit matched `only`, and the run's status (its checked run tells unknown document
    ids). content_dir: the project opened by the command, or its content folder."""
    from .. import __version__
    from ..locale import load_locale
    from ..output import write_atomic
    from ..status import project_status

    found = project_status(content_dir, Reporter(), only=documents, templates_dir=templates_dir)
    checked = found.checked
    if checked.unknown or checked.setup is None:
        return [], [], found
    setup = checked.setup
    # A file that does not load has no status: its errors say why. What the checks find
    # in the documents that load (parity, translation checks) is shown in the file.
    for diagnostic in found.diagnostics:
        if diagnostic.severity == "error" and not diagnostic.code.startswith(
            ("qa.", "tracking.", "parity.")
        ):
            reporter.add(diagnostic)
    today = today or datetime.date.today().isoformat()
    written: list[Path] = []
    skipped: list[str] = []  # documents without a unit to review
    profiles = {p.tag: p for p in setup.languages.all}
    for status in found.documents:
        source, target = status.source.lang, status.target_lang
        before = len(reporter.errors)
        # the labels in English and in the pair's other language: the translation's, or for
        # a translation into English (whose labels are the msgids), the original's
        labels = profiles[target]
        if labels.source_catalog and not setup.languages.source.source_catalog:
            labels = setup.languages.source
        locale = load_locale(labels, templates_dir, reporter)
        if locale is None:
            continue
        units = [u for u in status.units if _wanted(u, only)]
        if not units:
            skipped.append(f"{status.doc_id} ({source}-{target})")
            continue
        data = _document(
            status,
            units,
            locale,
            (setup.languages.source, profiles[target]),
            __version__,
            today,
            sorted(only),
        )
        locale.report_missing(reporter)
        if len(reporter.errors) > before:
            continue
        path = out_dir / f"{status.doc_id}.{source}-{target}.review.docx"
        out_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, 0o644)
        written.append(path)
    return written, skipped, found


def N_(text: str) -> str:
    """A label for the catalogs (pybabel extracts the calls), translated where it is used."""
    return text


EDIT_ONLY = N_(
    "Edit only the {target} column and the Comment column; the other columns are "
    "protected. Keep one paragraph per text in the {target} cell (as in the {source} "
    "cell). Bold and links are kept. A comment becomes a review note; to mark a "
    "unit's open notes as resolved, begin the comment with “resolved” (or “已解决”). "
    "Do not add, delete or reorder rows. Send the saved .docx back; it is read with "
    "`python pipeline.py review-import FILE`."
)
WORD_REVIEW = N_(
    "Word's review features work too: a comment (Review > New Comment) in a row becomes "
    "a review note on its unit, with its author and date; resolving it, or beginning it "
    "with “resolved” (or “已解决”), marks the unit's open notes as resolved. Changes "
    "tracked in the {target} column (Review > Track Changes) are proposals: each becomes a "
    "review note with the proposed text and its author, and is applied only when the file "
    "is imported with --accept-changes."
)


def _document(status, units, locale, profiles, version: str, today: str, only: list[str]) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    from ..locale import english_language_name
    from ..provenance import source_hash, text_hash

    _ = locale.gettext
    source_profile, profile = profiles
    # the columns by language, in English and in the translation's language (the catalog's
    # names: 英文, 中文), the original first whichever it is
    names = {
        role: english_language_name(p.babel_locale) or p.name
        for role, p in (("source", source_profile), ("target", profile))
    }
    local = {role: _(name) for role, name in names.items()}
    document = docx.Document()
    wordml.set_core_texts(
        document.core_properties,
        author="",
        last_modified_by="",
        comments="",
        title=f"Review: {status.doc_id} ({status.source.lang}-{status.target_lang})",
    )
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    normal = document.styles["Normal"]
    normal.font.size = Pt(9)
    normal.element.get_or_add_rPr()
    # the East Asian language's face and language tag, whichever column it is in
    asian = next((p for p in (profile, source_profile) if p.word_east_asian), None)
    if asian is not None:
        wordml.set_style_east_asian(normal, next(iter(asian.body_fonts), None), asian.word_lang)
    src_title = status.source.title_unit("title")
    tgt_title = status.target.title_unit("title")
    heading = (
        " / ".join(u.main.plain for u in (src_title, tgt_title) if u is not None and u.fields)
        or status.doc_id
    )
    document.add_heading(heading, level=1)
    label = _("Review file")
    exported = _("Exported on {date}").format(date=today)
    document.add_paragraph(
        f"Review file · {label} — {status.doc_id}, {status.source.lang} → "
        f"{status.target_lang}; exported {today} · {exported}; diglot {version}"
    )
    instructions: list[str] = []
    for text in (EDIT_ONLY, WORD_REVIEW):
        for shown in (text.format(**names), _(text).format(**local)):
            if shown not in instructions:
                instructions.append(shown)
    for text in instructions:
        document.add_paragraph(text)
    headers = [
        ("No.", _("No.")),
        ("id", "id"),
        (names["source"], local["source"]),
        (names["target"], local["target"]),
        ("Status", _("Status")),
        ("Findings", _("Findings")),
        ("Review notes", _("Review notes")),
        ("Comment", _("Comment")),
    ]
    table = document.add_table(rows=1, cols=COLUMNS)
    table.style = document.styles["Table Grid"]
    widths = [Cm(1.2), Cm(3.0), Cm(5.8), Cm(5.2), Cm(1.8), Cm(3.0), Cm(3.6), Cm(3.1)]
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid, which LibreOffice reads
    header = table.rows[0]
    wordml.repeat_as_header(header)
    for cell, (en, zh), width in zip(header.cells, headers, widths):
        cell.width = width
        paragraph = cell.paragraphs[0]
        paragraph.add_run(en if en == zh else f"{en} {zh}").bold = True
    state_names = {
        "missing": _("missing"),
        "stale": _("stale"),
        "translated": _("translated"),
        "approved": _("approved"),
    }
    marked = _("marked for review")
    rows = []
    permission = 0
    for unit in units:
        cells = table.add_row().cells
        for cell, width in zip(cells, widths):
            cell.width = width
        cells[0].paragraphs[0].add_run(unit.number)
        cells[1].paragraphs[0].add_run(unit.id)
        _write_fields(document, cells[2], [f.source for f in unit.source.fields])
        target_texts = [f.source for f in unit.target.fields] if unit.target is not None else []
        _write_fields(document, cells[3], target_texts)
        state = f"{unit.state} {state_names[unit.state]}"
        if unit.review:
            state += "\nreview " + marked
        _write_lines(cells[4], state.split("\n"))
        _write_lines(cells[5], [f"{d.severity}: {d.message} [{d.code}]" for d in unit.findings])
        _write_fields(  # a note is written in the inline subset, as a text is
            document,
            cells[6],
            [n.text + (escaped(f" ({n.author})") if n.author else "") for n in unit.notes],
        )
        for column in (TARGET_COLUMN, COMMENT_COLUMN):
            permission += 1
            wordml.add_editable_range(cells[column], permission)
        rows.append(
            Row(
                unit.id,
                source_hash(unit.source),
                text_hash(unit.target),
                _fields_shown(unit.source),
                _fields_shown(unit.target),
            )
        )
    wordml.protect_read_only(document)
    header_info = {
        "format": FORMAT,
        "version": version,
        "document": status.doc_id,
        "source": status.source.lang,
        "target": status.target_lang,
        "rows": len(rows),
        "exported": today,
        "only": only,
    }
    properties = [("diglot", json.dumps(header_info, ensure_ascii=False))] + [
        (
            f"diglot.row.{n}",
            f"{r.unit_id} {r.source_hash} {r.target_hash or '-'} {r.source_shown} {r.target_shown}",
        )
        for n, r in enumerate(rows, 1)
    ]
    wordml.add_custom_properties(document, properties)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _write_lines(cell, lines: list[str]) -> None:
    for i, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.add_run(line)


def _write_fields(document, cell, texts: list[str]) -> None:
    """One paragraph per text field: bold as bold runs, links as underlined hyperlinks."""
    for i, source in enumerate(texts):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        for text, bold, href in segments(source):
            run = paragraph.add_run(text)
            run.bold = bold or None
            if href is not None:
                run.underline = True
                wordml.wrap_in_hyperlink(paragraph, [run], href)
