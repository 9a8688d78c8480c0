"""Builds every edition: gather and check, render in memory, then write atomically."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from .diagnostics import Location, Reporter
from .locale import load_locale
from .model import LANGUAGES, Document
from .output import BuildOutput
from .checks.stale import git_source_text
from .project import DocumentPair, load_project
from .qa import check_project
from .render import docx, docx_side_by_side, fonts, html, pdf


def build(content_dir: Path, templates_dir: Path, build_dir: Path,
          reporter: Reporter) -> list[Path]:
    """Write build/<doc-id>/<doc-id>.<en|zh|en-zh>.<html|pdf|docx>; nothing is written
    unless every check passed and every edition rendered."""
    project = load_project(content_dir, reporter)
    if not reporter.errors:  # the translation checks, as `check` runs them
        check_project(project, reporter, source_text=git_source_text(Path.cwd()))
    locales = {lang: load_locale(lang, templates_dir, reporter) for lang in LANGUAGES}
    if reporter.errors:
        return []
    output = BuildOutput(build_dir)
    env, bilingual_env = html.environment(templates_dir), html.environment(templates_dir)
    jobs = []
    try:
        for pair in project.documents:
            editions = [(f"{pair.doc_id}/{pair.doc_id}.{lang}", partial(
                html.render_html, env, templates_dir, getattr(pair, lang), locales[lang]))
                for lang in LANGUAGES]
            editions.append((f"{pair.doc_id}/{pair.doc_id}.en-zh", partial(
                html.render_side_by_side_html, bilingual_env, templates_dir, pair.en, pair.zh,
                locales)))
            for stem, render in reversed(editions):  # the longest PDF first: it sets the pace
                output.add(f"{stem}.html", render("screen", reporter).encode("utf-8"))
                jobs.append(pdf.PdfJob(f"{stem}.pdf", render("pdf", reporter), templates_dir))
    except html.TemplateProblem:
        return []
    for locale in locales.values():
        locale.report_missing(reporter)
    if reporter.errors:
        return []
    with pdf.PdfRenders(jobs) as renders:  # meanwhile: glyph coverage and the Word files
        for pair in project.documents:
            check_glyphs(pair, reporter)
        for pair in project.documents:
            for lang in LANGUAGES:
                output.add(f"{pair.doc_id}/{pair.doc_id}.{lang}.docx",
                           docx.render_docx(getattr(pair, lang), locales[lang]))
            output.add(f"{pair.doc_id}/{pair.doc_id}.en-zh.docx",
                       docx_side_by_side.render_side_by_side_docx(pair.en, pair.zh, locales))
        for result in renders.results():
            for warning in result.warnings:
                reporter.error("pdf.warning", f"WeasyPrint: {warning}",
                               Location(str(templates_dir / html.EDITION_TEMPLATE)))
            output.add(result.name, result.pdf)
    if reporter.errors:
        return []
    return output.commit()


def check_glyphs(pair: DocumentPair, reporter: Reporter) -> None:
    """Every character of every unit must be in the fonts its edition names."""
    for lang in LANGUAGES:
        document: Document = getattr(pair, lang)
        try:
            covered = fonts.edition_coverage(lang)
        except fonts.FontMissing as exc:
            reporter.error("pdf.font-missing", str(exc), Location(document.path))
            return
        for unit in document.units():
            for field in unit.fields:
                for char in fonts.uncovered(field.plain, covered):
                    reporter.error("pdf.glyph-missing", f"'{unit.id}': no font of the {lang} "
                                   f"edition has the character {char!r} (U+{ord(char):04X})",
                                   field.location, unit=unit.id)
