"""The PDF edition: WeasyPrint renders the print HTML; the only module that imports weasyprint.

The PDFs of a build render in the build's pool of worker processes (diglot/executor.py:
WeasyPrint costs half a second to import, so never one interpreter per file). Any WeasyPrint warning fails the
build: it is how WeasyPrint reports missing fonts and resources.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..diagnostics import ERROR, Diagnostic, Location
from ..layout import Layout
from . import WriteError, _cjk_justify, html, lint

# The HTML languages (lower case) whose text the renders justify between characters.
_JUSTIFY_LANGS: set[str] = set()


def justify_between_characters(html_langs: set[str]) -> None:
    """The languages whose text the PDFs justify between characters (CSS Text 3
    inter-character), from their profiles; set before the renders start. The renders
    apply it inside _cjk_justify.justified(), which checks WeasyPrint first."""
    _JUSTIFY_LANGS.clear()
    _JUSTIFY_LANGS.update(lang.lower() for lang in html_langs)


class TemplatesOnlyFetcher(URLFetcher):
    """Reads file: URLs under the templates folder and nothing else (no network)."""

    def __init__(self, templates_dir: Path):
        super().__init__(allowed_protocols={"file"})
        self.root = templates_dir.resolve()

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        if path is None or not path.is_relative_to(self.root) or not path.is_file():
            raise ValueError(f"refused to fetch {url}: only files under {self.root} may be read")
        return URLFetcherResponse(url, body=path.read_bytes())


@dataclass(frozen=True)
class PdfJob:
    name: str
    html: str
    templates_dir: Path
    column_weights: tuple[float, ...] = (1.0,)  # the columns across a page's text area


@dataclass(frozen=True)
class PdfResult:
    name: str
    pdf: bytes
    warnings: tuple[str, ...]
    frames: tuple[lint.PageFrame, ...] = ()


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render_pdf(job: PdfJob) -> PdfResult:
    """Render one PDF, collecting every warning WeasyPrint logs meanwhile."""
    collector = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        document = weasyprint.HTML(
            string=job.html,
            base_url=job.templates_dir.resolve().as_uri() + "/",
            url_fetcher=TemplatesOnlyFetcher(job.templates_dir),
        )
        with _cjk_justify.justified(_JUSTIFY_LANGS):
            rendered = document.render()
            pdf = rendered.write_pdf()
    finally:
        logger.removeHandler(collector)
    return PdfResult(
        job.name, pdf, tuple(collector.messages), page_frames(rendered, job.column_weights)
    )


_PT = 0.75  # WeasyPrint lays out in CSS px; the PDF is in points


def page_frames(rendered, weights: tuple[float, ...]) -> tuple[lint.PageFrame, ...]:
    """Where each rendered page may hold text, in PDF points: its text area (the page less
    the @page margins of the edition's stylesheet), the columns across it in proportion to
    the weights, and its margin boxes (running header, page number)."""
    frames = []
    for page in rendered.pages:
        box = page._page_box  # WeasyPrint 70's page box: its geometry after layout
        height = box.margin_height()

        def rect(x: float, y: float, width: float, depth: float, height=height) -> lint.Rect:
            return lint.Rect(
                x * _PT, (height - y - depth) * _PT, (x + width) * _PT, (height - y) * _PT
            )

        area = rect(box.content_box_x(), box.content_box_y(), box.width, box.height)
        margins = tuple(
            rect(m.position_x, m.position_y, m.margin_width(), m.margin_height())
            for m in box.children
            if hasattr(m, "at_keyword")
        )
        frames.append(lint.PageFrame(area, lint.column_edges(area, weights), margins))
    return tuple(frames)


class PdfWriter:
    """A4 pages from the print HTML (medium "pdf") of the same templates, justified between
    characters in the languages whose profiles ask for it."""

    name, suffix, heavy = "pdf", ".pdf", True

    def prepare(self, context) -> None:
        html.prepare(context)

    def write(self, layout: Layout, context) -> bytes:
        page = html.render(layout, context, "pdf")
        justify_between_characters(
            {c.profile.html_lang for c in layout.columns if c.profile.justify == "inter-character"}
        )
        weights = tuple(float(c.profile.column_weight) for c in layout.columns)
        result = render_pdf(PdfJob(layout.doc_id, page, context.templates_dir, weights))
        template = html.EDITION_TEMPLATE if len(layout.columns) == 1 else html.SIDE_BY_SIDE_TEMPLATE
        where = Location(str(context.templates_dir / template))
        edition = f"{layout.doc_id}.{'-'.join(c.lang for c in layout.columns)}{self.suffix}"
        found = lint.diagnostics(lint.lint(result.pdf, result.frames), layout, edition, where)
        notdef = any(d.code == "pdf.notdef" for d in found)
        warned = Location(str(context.templates_dir / html.EDITION_TEMPLATE))
        problems = [
            Diagnostic("pdf.warning", ERROR, f"WeasyPrint: {warning}", warned)
            for warning in result.warnings
            if not (notdef and warning.startswith(".notdef glyph"))  # reported by the lint
        ]
        if problems or found:
            raise WriteError([*problems, *found])
        return result.pdf


WRITER = PdfWriter()
