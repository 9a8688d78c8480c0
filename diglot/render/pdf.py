"""The PDF edition: WeasyPrint renders the print HTML; the only module that imports weasyprint.

All PDFs of a build render in one pool of worker processes (WeasyPrint costs half a
second to import, so never one interpreter per file). Any WeasyPrint warning fails the
build: it is how WeasyPrint reports missing fonts and resources.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import _cjk_justify

_cjk_justify.install()


def justify_between_characters(html_langs: set[str]) -> None:
    """The languages whose text the PDFs justify between characters (CSS Text 3
    inter-character), from their profiles; set before the renders start."""
    _cjk_justify.LANGS.clear()
    _cjk_justify.LANGS.update(lang.lower() for lang in html_langs)


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


@dataclass(frozen=True)
class PdfResult:
    name: str
    pdf: bytes
    warnings: tuple[str, ...]


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
            string=job.html, base_url=job.templates_dir.resolve().as_uri() + "/",
            url_fetcher=TemplatesOnlyFetcher(job.templates_dir))
        pdf = document.write_pdf()
    finally:
        logger.removeHandler(collector)
    return PdfResult(job.name, pdf, tuple(collector.messages))


class PdfRenders:
    """PDFs rendering in forked workers on the machine's cores while the caller goes on;
    results() waits for them. Use as a context manager so the workers always end."""

    def __init__(self, jobs: list[PdfJob]):
        self.jobs = jobs
        workers = min(len(jobs), os.cpu_count() or 1)
        self.pool = None
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
            self.futures = [self.pool.submit(render_pdf, job) for job in jobs]

    def results(self) -> list[PdfResult]:
        if self.pool is None:
            return [render_pdf(job) for job in self.jobs]
        return [future.result() for future in self.futures]

    def __enter__(self) -> PdfRenders:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
