"""The PDF edition: WeasyPrint renders the print HTML; the only module that imports weasyprint.

The PDFs of a build render in the build's pool of worker processes (diglot/executor.py:
WeasyPrint costs half a second to import, so never one interpreter per file). Any WeasyPrint warning fails the
build: it is how WeasyPrint reports missing fonts and resources.
"""

from __future__ import annotations

import base64
import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse
from xml.etree.ElementTree import fromstring, tostring

import pydyf
import weasyprint
import weasyprint.pdf as weasyprint_pdf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags as weasyprint_tags
from weasyprint.pdf.metadata import NS as XMP_NS
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.pdf.stream import Stream
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..diagnostics import ERROR, Diagnostic, Location
from ..files import read_bytes
from ..layout import Layout
from . import _boxes, _cjk_justify, _lines, _pdftags, html, lint, typolint
from .base import WriteError

# The HTML languages (lower case) whose text the renders justify between characters.
_JUSTIFY_LANGS: set[str] = set()


def justify_between_characters(html_langs: set[str]) -> None:
    """The languages whose text the PDFs justify between characters (CSS Text 3
    inter-character), from their profiles; set before the renders start. The renders
    apply it inside _cjk_justify.justified(), which checks WeasyPrint first."""
    _JUSTIFY_LANGS.clear()
    _JUSTIFY_LANGS.update(lang.lower() for lang in html_langs)


_PNG_DATA = "data:image/png;base64,"
FETCH_MAX_BYTES = 64 * 1024 * 1024  # a picture or font the templates name


class TemplatesOnlyFetcher(URLFetcher):
    """Reads file: URLs under the templates folder and PNG data: URLs (the draft mark), and
    nothing else (no network)."""

    def __init__(self, templates_dir: Path):
        super().__init__(allowed_protocols={"file"})
        self.root = templates_dir.resolve()

    def fetch(self, url, headers=None):
        if url.startswith(_PNG_DATA):  # a picture made by diglot (the draft mark)
            return URLFetcherResponse(url, body=base64.b64decode(url[len(_PNG_DATA) :]))
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" else None
        if path is None or not path.is_relative_to(self.root):
            raise ValueError(f"refused to fetch {url}: only files under {self.root} may be read")
        if not path.is_file():
            raise ValueError(
                f"{path.relative_to(self.root)}: not in the templates folder the editions are "
                f"made from ({self.root})"
            )
        return URLFetcherResponse(url, body=read_bytes(path, FETCH_MAX_BYTES, within=self.root))


@dataclass(frozen=True)
class PdfJob:
    name: str
    html: str
    templates_dir: Path
    column_weights: tuple[float, ...] = (1.0,)  # the columns across a page's text area
    archival: bool = False  # PDF/A-3a and PDF/UA-1: tagged, sRGB output intent, XMP
    # where each Chinese title or heading may break (diglot/linebreak.py), by its text
    breaks: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)
    # the names and terms a balanced title or heading keeps on one line where it can
    kept: tuple[str, ...] = ()


# A released PDF is archival and accessible: PDF/A-3 level A (WeasyPrint's pdf/a-3a: XMP
# metadata, the sRGB output intent, embedded fonts, a structure tree) that also identifies
# itself as PDF/UA-1 (pdfuaid:part in the same XMP). WeasyPrint's tags get one addition
# here: the language of every element whose language differs from its parent's (/Lang,
# from the HTML lang attributes: the Chinese column of the side-by-side edition). A draft
# is a plain PDF: the tagging adds about a fifth to a render, and a draft is replaced by
# its release.
PDF_VARIANT = "pdf/a-3a"


class _Metadata(DocumentMetadata):
    """WeasyPrint's XMP metadata, which also declares PDF/UA-1."""

    def generate_rdf_metadata(self, variant, version, conformance):
        rdf = fromstring(super().generate_rdf_metadata(variant, version, conformance))
        description = rdf.find(f"{{{XMP_NS['rdf']}}}Description")
        if description is not None:
            description.set(f"{{{XMP_NS['pdfuaid']}}}part", "1")
        return tostring(rdf, encoding="utf-8")


# The WeasyPrint internals the tagging extends (WeasyPrint 70.0): qualified name -> sha256
# of their source, checked before each use as diglot/writers/_cjk_justify.py does.
TAGGING_EXPECTED = {
    "weasyprint.pdf.tags._build_box_tree": (
        "f716251a83e7096e9cae972b63e633aab21c664d200582166dd0d5096780f9c4"
    ),
    "weasyprint.pdf.stream.Stream.marked": (
        "3fa3acacbbf66422e7b0de4346b6eaf638657280a0f62c73172e3c445b888692"
    ),
    "weasyprint.pdf.tags.add_tags": (
        "f0e74575b0bafaf36458eaac27874e3b80457fba3694058153da514a68933f22"
    ),
    "weasyprint.pdf.metadata.DocumentMetadata.generate_rdf_metadata": (
        "bc3e78ab24f1a809438159395786cc8b734c87c90f629d2d784742f0136807c5"
    ),
}


def check_tagging() -> None:
    """Fail with a clear message unless WeasyPrint's tagging and metadata functions are
    the ones the additions here were written for."""
    found = {
        "weasyprint.pdf.tags._build_box_tree": weasyprint_tags._build_box_tree,
        "weasyprint.pdf.tags.add_tags": weasyprint_tags.add_tags,
        "weasyprint.pdf.stream.Stream.marked": Stream.marked,
        "weasyprint.pdf.metadata.DocumentMetadata.generate_rdf_metadata": (
            DocumentMetadata.generate_rdf_metadata
        ),
    }
    changed = [
        name
        for name, function in found.items()
        if _cjk_justify.fingerprint(function) != TAGGING_EXPECTED[name]
    ]
    if changed:
        raise _cjk_justify.UnexpectedWeasyPrint(
            "diglot's PDF tagging (diglot/writers/pdf.py: the language of each element, "
            "PDF/UA in the metadata) extends "
            f"WeasyPrint and cannot run: {', '.join(changed)} changed. Install "
            "weasyprint>=70,<71, or port the additions and update TAGGING_EXPECTED."
        )


@contextlib.contextmanager
def _languages(rendered) -> Iterator[None]:
    """Within: WeasyPrint's structure elements carry /Lang where the HTML language changes,
    the tree is whole across pages (writers/_pdftags.py), and the page furniture of the
    rendered document (running heads, page numbers: the margin boxes) and the contents'
    leaders and page numbers are marked as artifacts, not text read as part of the page. The functions extended are checked first
    (check_tagging) and restored after."""
    check_tagging()
    original = weasyprint_tags._build_box_tree
    add_tags = weasyprint_pdf.add_tags
    marked = Stream.marked
    joins = _pdftags.Joins()
    furniture = {
        id(text)
        for page in rendered.pages
        for margin in page._page_box.children  # WeasyPrint 70's laid-out page
        if isinstance(margin, boxes.MarginBox)
        for text in margin.descendants()
        if isinstance(text, boxes.TextBox)
    }

    def leader(box) -> bool:
        """A contents entry's leader and page number (the ::after of its .toc-page)."""
        element = getattr(box, "element", None)
        return (
            element is not None
            and str(getattr(box, "element_tag", "")).endswith("::after")
            and "toc-page" in (element.get("class") or "").split()
        )

    @contextlib.contextmanager
    def mark(stream, box, tag):
        if id(box) in furniture or leader(box):
            with stream.artifact():
                yield
        else:
            with marked(stream, box, tag):
                yield

    def build(box, parent, pdf, page_number, nums, annotations, tags):
        if isinstance(box, boxes.MarginBox) or leader(box):
            return  # its text is an artifact: no structure element
        element = getattr(box, "element", None)
        lang = element.attrib.get("lang") if element is not None else None
        for made in original(box, parent, pdf, page_number, nums, annotations, tags):
            if (
                lang
                and element is not None
                and element.tag != "html"
                and made.get("S") != "/NonStruct"
            ):
                made["Lang"] = pydyf.String(lang)
            joins.record(made, box)
            yield made

    def tag(pdf, *args, **kwargs):
        add_tags(pdf, *args, **kwargs)
        _pdftags.join(pdf, joins)  # the pages' trees made one (writers/_pdftags.py)

    weasyprint_tags._build_box_tree = build
    weasyprint_pdf.add_tags = tag
    Stream.marked = mark
    try:
        yield
    finally:
        weasyprint_tags._build_box_tree = original
        weasyprint_pdf.add_tags = add_tags
        Stream.marked = marked


@dataclass(frozen=True)
class PdfResult:
    name: str
    pdf: bytes
    warnings: tuple[str, ...]
    frames: tuple[lint.PageFrame, ...] = ()
    typography: tuple[typolint.Finding, ...] = ()


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
        with _cjk_justify.justified(_JUSTIFY_LANGS, job.breaks, job.kept), _lines.limited():
            rendered = document.render()
            if job.archival:
                rendered.metadata = _Metadata(**vars(rendered.metadata))
                with _languages(rendered):
                    pdf = rendered.write_pdf(pdf_variant=PDF_VARIANT)
            else:
                pdf = rendered.write_pdf()
    finally:
        logger.removeHandler(collector)
    typography = typolint.lint(_boxes.lines(rendered, _JUSTIFY_LANGS), job.breaks)
    return PdfResult(
        job.name,
        pdf,
        tuple(collector.messages),
        page_frames(rendered, job.column_weights),
        tuple(typography),
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
        wide: list[tuple[lint.Rect, int]] = []
        _stacked_tables(box, wide, rect)
        frames.append(lint.PageFrame(area, lint.column_edges(area, weights), margins, tuple(wide)))
    return tuple(frames)


def _stacked_tables(box, found: list, rect) -> None:
    """The rectangles of the side-by-side edition's tables set across both columns
    (tables.stacked), each with its language column: its lines cross the column edge by
    design."""
    element = getattr(box, "element", None)
    column = element.get("data-column") if element is not None and hasattr(element, "get") else None
    if box.element_tag == "div" and column is not None and column.isdigit():
        found.append(
            (
                rect(box.position_x, box.position_y, box.margin_width(), box.margin_height()),
                int(column),
            )
        )
        return
    for child in getattr(box, "children", ()):
        if hasattr(child, "element_tag"):
            _stacked_tables(child, found, rect)


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
        archival = context.release is not None  # a draft is replaced by its release
        job = PdfJob(
            layout.doc_id,
            page,
            context.templates_dir,
            weights,
            archival,
            dict(layout.breaks),
            layout.kept,
        )
        result = render_pdf(job)
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
        typography = typolint.diagnostics(
            result.typography, layout, edition, where, context.severity
        )
        if typography:
            raise WriteError(typography, result.pdf)
        return result.pdf


WRITER = PdfWriter()
