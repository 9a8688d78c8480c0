"""Builds every edition: gather and check, lay out, render in memory, then write atomically."""

from __future__ import annotations

from pathlib import Path

from .diagnostics import Location, Reporter
from .layout import Layout, build_layout
from .locale import EditionLocale, load_locale
from .output import BuildOutput
from .checks.stale import git_source_text
from .project import Project, load_project
from .qa import check_project
from .render import docx, docx_side_by_side, fonts, html, pdf


def build(content_dir: Path, templates_dir: Path, build_dir: Path,
          reporter: Reporter) -> list[Path]:
    """Write build/<doc-id>/<doc-id>.<lang | source-target>.<html|pdf|docx>; nothing is
    written unless every check passed and every edition rendered."""
    project = load_project(content_dir, reporter)
    if project is None:
        return []
    if not reporter.errors:  # the translation checks, as `check` runs them
        check_project(project, reporter, source_text=git_source_text(Path.cwd()))
    locales = {p.tag: load_locale(p, templates_dir, reporter) for p in project.languages.all}
    if reporter.errors:
        return []
    layouts = editions(project, locales)  # type: ignore[arg-type]
    output = BuildOutput(build_dir)
    env = html.environment(templates_dir)
    jobs = []
    try:
        for stem, layout in reversed(layouts):  # the longest PDF first: it sets the pace
            output.add(f"{stem}.html", html.render_edition(
                env, templates_dir, layout, "screen", reporter).encode("utf-8"))
            jobs.append(pdf.PdfJob(f"{stem}.pdf", html.render_edition(
                env, templates_dir, layout, "pdf", reporter), templates_dir))
    except html.TemplateProblem:
        return []
    for locale in locales.values():
        locale.report_missing(reporter)  # type: ignore[union-attr]
    if reporter.errors:
        return []
    pdf.justify_between_characters({p.html_lang for p in project.languages.all
                                    if p.justify == "inter-character"})
    with pdf.PdfRenders(jobs) as renders:  # meanwhile: glyph coverage and the Word files
        for stem, layout in layouts:
            check_glyphs(layout, reporter)
        for stem, layout in layouts:
            writer = docx.render_docx if len(layout.columns) == 1 else \
                docx_side_by_side.render_side_by_side_docx
            # Latin-script words inside an East Asian text take the source's Word language
            output.add(f"{stem}.docx", writer(layout, project.languages.source.word_lang))
        for result in renders.results():
            for warning in result.warnings:
                reporter.error("pdf.warning", f"WeasyPrint: {warning}",
                               Location(str(templates_dir / html.EDITION_TEMPLATE)))
            output.add(result.name, result.pdf)
    if reporter.errors:
        return []
    return output.commit()


def editions(project: Project, locales: dict[str, EditionLocale]) -> list[tuple[str, Layout]]:
    """(file stem, layout) of every edition: each language of each document alone, and each
    target beside its source."""
    found: dict[str, Layout] = {}
    langs = project.languages
    for pair in project.documents:
        source, target = langs.source, langs.get(pair.target.lang)
        stem = f"{pair.doc_id}/{pair.doc_id}"
        for document, profile in ((pair.source, source), (pair.target, target)):
            found.setdefault(f"{stem}.{document.lang}", build_layout(
                [document], [profile], [locales[profile.tag]]))
        found[f"{stem}.{source.tag}-{target.tag}"] = build_layout(
            [pair.source, pair.target], [source, target],
            [locales[source.tag], locales[target.tag]])
    return list(found.items())


def check_glyphs(layout: Layout, reporter: Reporter) -> None:
    """Every character of every unit must be in the fonts its edition names."""
    for column in layout.columns:
        try:
            covered = fonts.edition_coverage(column.profile.fonts)
        except fonts.FontMissing as exc:
            reporter.error("pdf.font-missing", str(exc), Location(column.document.path))
            return
        for unit in column.document.units():
            for field in unit.fields:
                for char in fonts.uncovered(field.plain, covered):
                    reporter.error("pdf.glyph-missing", f"'{unit.id}': no font of the "
                                   f"{column.profile.name} edition has the character {char!r} "
                                   f"(U+{ord(char):04X})", field.location, unit=unit.id)


