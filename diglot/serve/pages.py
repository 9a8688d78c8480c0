"""The pages, rendered in memory: the editions (as `build` renders them), a review page per
document and target language, the index; and what is added to each page as it is served
(the problems banner, the reload script with the response's nonce)."""

from __future__ import annotations

import dataclasses
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Location, Reporter, display_path
from ..layout import Layout
from ..status import STATES, DocumentStatus, project_status, to_rows
from ..textdiff import diff_html

if TYPE_CHECKING:
    from ..languages import Profile
from .rows import FILTERS, review_rows, unit_plain

REVIEW_TEMPLATE = "review.html.j2"
INDEX_TEMPLATE = "review-index.html.j2"


@dataclass(frozen=True)
class Snapshot:
    """Every page of one run, by path, and what the run found."""

    version: int
    pages: dict[str, bytes]
    problems: tuple[Diagnostic, ...] = ()  # shown in the banner of every page
    note: str = ""  # a line above the problems (findings shown in the review pages)


def render_pages(
    content_dir: Path, templates_dir: Path, previous: Snapshot | None = None
) -> tuple[dict[str, bytes], list[Diagnostic], str]:
    """Check the project and render every page: the index, each document's editions and its
    review page per target language. Returns (pages, the banner's problems, a note)."""
    from ..locale import load_locale
    from ..pipeline import editions
    from ..project import document_of
    from ..writers import WriteContext, WriteError
    from ..writers import html as html_writer

    reporter = Reporter()
    status = project_status(content_dir, reporter, templates_dir=templates_dir)
    checked = status.checked
    setup = checked.setup
    pages: dict[str, bytes] = {}
    problems = Reporter()
    layouts: dict[str, Layout] = {}
    locales = {}
    if setup is not None:
        loaded = {p.tag: load_locale(p, templates_dir, problems) for p in setup.languages.all}
        locales = {tag: locale for tag, locale in loaded.items() if locale is not None}
        if len(locales) == len(loaded):
            glossary = checked.run.glossary
            layouts = dict(editions(checked.pairs, setup, locales, glossary, checked.pending))
    context = WriteContext(templates_dir, setup.languages.latin_word_lang if setup else None)
    # a document not translated yet: its source edition, a draft that says so
    alone = {d.doc_id for d in checked.pending}
    waiting = tuple(p.babel_locale for p in setup.languages.targets) if setup else ()
    for stem, layout in layouts.items():
        here = context
        if stem.split("/")[0] in alone:
            here = dataclasses.replace(context, pending=waiting)
        try:
            page = html_writer.render(layout, here, "screen")
        except WriteError as error:
            problems.diagnostics.extend(error.diagnostics)
            continue
        pages[f"/{stem}.html"] = page.encode("utf-8")
    shown = {d.doc_id for d in status.documents} | alone
    for doc in status.documents:
        beside = layouts.get(f"{doc.doc_id}/{doc.doc_id}.{doc.source.lang}-{doc.target_lang}")
        if beside is None:
            continue
        try:
            page = render_review(templates_dir, beside, doc, problems)
        except html_writer.TemplateProblem:
            continue
        pages[review_path(doc)] = page.encode("utf-8")
    # the units' findings are in the review pages; the banner shows the rest
    in_rows = {
        (d.location.path, d.unit) for doc in status.documents for u in doc.units for d in u.findings
    }
    banner = [
        d
        for d in reporter.diagnostics
        if d.severity == "error" and (d.location.path, d.unit) not in in_rows
    ]
    banner += [d for d in problems.diagnostics if d not in banner]
    unit_errors = sum(
        1
        for doc in status.documents
        for u in doc.units
        for d in u.findings
        if d.severity == "error"
    )
    note = (
        f"{unit_errors} error{'s' if unit_errors != 1 else ''} in units: the review pages show "
        "them in their rows"
        if unit_errors
        else ""
    )
    known = list(checked.known)
    kept: dict[str, list[str]] = {}
    if previous is not None:  # a document that could not be loaded keeps its last pages
        for path, data in previous.pages.items():
            doc_id = path.split("/")[1]
            if path != "/" and doc_id in known and doc_id not in shown and path not in pages:
                pages[path] = data
                kept.setdefault(doc_id, []).append(path)
    failed = [
        doc_id
        for doc_id in known
        if doc_id not in shown
        or any(
            document_of(d.location.path, setup) == doc_id
            for d in banner
            if setup and not (doc_id in alone and d.code == "parity.no-translation")
        )
    ]
    try:
        index = render_index(templates_dir, status, setup, locales, failed, kept, pages, problems)
        pages["/"] = index.encode("utf-8")
    except html_writer.TemplateProblem:
        banner += [d for d in problems.diagnostics if d not in banner]
        pages["/"] = fallback_index(pages).encode("utf-8")
    return pages, banner, note


def review_path(doc: DocumentStatus) -> str:
    return f"/{doc.doc_id}/{doc.doc_id}.{doc.source.lang}-{doc.target_lang}.review.html"


def render_review(templates_dir: Path, layout: Layout, doc: DocumentStatus, reporter) -> str:
    from ..templateloader import TemplateUnreadable, read_template_file
    from ..writers import html as html_writer

    try:
        type_css = read_template_file(templates_dir, "types", f"{layout.type.name}.css")
    except TemplateUnreadable as exc:
        reporter.error("template.unreadable", exc.reason, Location(exc.path))
        raise html_writer.TemplateProblem from None
    rows = review_rows(layout, doc)
    counts = {name: sum(1 for r in rows if r.matches(name)) for name in FILTERS}
    context = {
        **html_writer.edition_context(layout, "screen", type_css),
        "doc": doc,
        "rows": rows,
        "filters": FILTERS,
        "filter_counts": counts,
        "states": STATES,
        "diff_html": diff_html,
        "unit_plain": unit_plain,
        "unit_text": _unit_text,
        "display_path": display_path,
        "figures": doc.counts(),
        "percent": round(doc.percent(), 1),
        "editions": _edition_links(doc),
        "script_nonce": NONCE_PLACEHOLDER,
        **html_writer.label_functions([c.locale for c in layout.columns], every=True),
    }
    page = html_writer.render_template(templates_dir, REVIEW_TEMPLATE, lambda: context, reporter)
    for column in layout.columns:
        column.locale.report_missing(reporter)
    return page


def _unit_text(unit) -> str:
    from ..provenance import unit_text

    return unit_text(unit)


def _edition_links(doc: DocumentStatus) -> list[tuple[str, str]]:
    """(kind, path) of a document's editions: source, target, side by side."""
    stem = f"/{doc.doc_id}/{doc.doc_id}"
    src, tgt = doc.source.lang, doc.target_lang
    return [
        (src, f"{stem}.{src}.html"),
        (tgt, f"{stem}.{tgt}.html"),
        ("side-by-side", f"{stem}.{src}-{tgt}.html"),
    ]


def render_index(templates_dir: Path, status, setup, locales, failed, kept, pages, reporter) -> str:
    from ..locale import language_name
    from ..writers import html as html_writer

    if setup is None or len(locales) != len(setup.languages.all):
        raise html_writer.TemplateProblem  # no labels to show: the plain index
    profiles = setup.languages.all
    chosen = [locales[p.tag] for p in profiles]
    rows = []
    for row, doc in zip(to_rows(status), status.documents):
        links = [(kind, path) for kind, path in _edition_links(doc) if path in pages]
        # a document not translated yet has no review page: its source edition alone
        review = review_path(doc) if review_path(doc) in pages else None
        title = _title(doc.source, setup.languages.source)
        rows.append({**row, "review_page": review, "links": links, "title": title})
    context = {
        "rows": rows,
        "failed": failed,
        "kept": kept,
        "langs": [p.tag for p in profiles],
        "html_lang": {p.tag: p.html_lang for p in profiles},
        "names": {p.tag: language_name(p) for p in profiles},
        "profile_css": html_writer.profile_css(profiles),
        "counted": ("total", "translated", "missing", "stale", "review", "waived", "approved"),
        **html_writer.label_functions(chosen, every=True),
    }
    page = html_writer.render_template(templates_dir, INDEX_TEMPLATE, lambda: context, reporter)
    for locale in chosen:
        locale.report_missing(reporter)
    if reporter.errors:
        raise html_writer.TemplateProblem
    return page


def _title(document, profile: Profile) -> str:
    """A document's title as its editions print it (its profile's marks and dashes)."""
    for unit in document.units():
        if unit.id == "title" and unit.fields:
            field = unit.fields[0]
            return dataclasses.replace(
                field, quotes=profile.set_quotes, dashes=profile.set_dashes
            ).plain
    return document.doc_id


def fallback_index(pages: dict[str, bytes]) -> str:
    """The index when its template or labels cannot be used: the pages as a plain list."""
    links = "".join(
        f'<li><a href="{html.escape(p)}">{html.escape(p)}</a></li>' for p in sorted(pages)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>diglot</title>'
        f"</head><body><h1>diglot</h1><ul>{links}</ul></body></html>"
    )


# -- what is added to every page as it is served ----------------------------------------------


BANNER_STYLE = (
    "all:initial;display:block;box-sizing:border-box;margin:0 0 1rem;padding:.6rem 1rem;"
    "border:1px solid {0};border-left-width:6px;background:{1};color:#1b1f24;"
    'font:13px/1.5 "Noto Sans","Noto Sans CJK SC",sans-serif;'
)
BANNER_PROBLEMS = ("#b3261e", "#fdf1f0")  # problems that stop a build
BANNER_NOTE = ("#c9ced6", "#f5f6f8")  # only a note: the errors are in the review rows


def banner_html(snapshot: Snapshot) -> str:
    if not snapshot.problems and not snapshot.note:
        return ""
    errors = sum(1 for d in snapshot.problems if d.severity == "error")
    style = BANNER_STYLE.format(*(BANNER_PROBLEMS if snapshot.problems else BANNER_NOTE))
    head = (
        f"The content has {errors} problem{'s' if errors != 1 else ''} that stop a build"
        if snapshot.problems
        else ""
    )
    lines = "".join(
        '<li style="margin:.2em 0;white-space:pre-wrap;overflow-wrap:anywhere">'
        f"<code style='font:12px/1.5 \"DejaVu Sans Mono\",monospace'>"
        f"{html.escape(_located(d))}</code></li>"
        for d in snapshot.problems[:200]
    )
    more = len(snapshot.problems) - 200
    return (
        f'<div id="diglot-problems" class="ui" role="{"alert" if snapshot.problems else "status"}" '
        f"style='{style}'>"
        + (f"<strong>{html.escape(head)}</strong>" if head else "")
        + (f'<ul style="margin:.4em 0 0;padding-left:1.2em">{lines}</ul>' if lines else "")
        + (f"<p style='margin:.3em 0 0'>…and {more} more</p>" if more > 0 else "")
        + (f'<p style="margin:.3em 0 0">{html.escape(snapshot.note)}</p>' if snapshot.note else "")
        + "</div>"
    )


def _located(diagnostic: Diagnostic) -> str:
    where = diagnostic.location
    located = Location(display_path(where.path), where.line, where.column)
    return Diagnostic(
        diagnostic.code, diagnostic.severity, diagnostic.message, located, detail=diagnostic.detail
    ).format()


RELOAD_SCRIPT = """<script nonce="%s">
(() => {
  const seen = %d;
  if (!window.EventSource) return;
  const events = new EventSource("/events?since=" + seen);
  events.addEventListener("version", (e) => {
    if (Number(e.data) !== seen) { events.close(); location.reload(); }
  });
})();
</script>
"""
NONCE_PLACEHOLDER = "diglot-nonce"  # in a rendered page; each response puts its own nonce
_NONCE_ATTRIBUTE = f'<script nonce="{NONCE_PLACEHOLDER}">'.encode()
_BODY = re.compile(rb"<body(?=[\s>/])[^>]*>", re.IGNORECASE)
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
# the text of a <style> or <script> element, where "<body" is text (a type's stylesheet may
# say it in a comment): never the page's tag
_RAW_TEXT = re.compile(rb"<(style|script)(?=[\s>])[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def _outside_raw_text(pattern: re.Pattern[bytes], data: bytes, start: int = 0) -> list:
    """pattern's matches in data from start, but those inside a <style> or <script>."""
    raw = [m.span() for m in _RAW_TEXT.finditer(data)]
    return [m for m in pattern.finditer(data, start) if not any(a <= m.start() < b for a, b in raw)]


def _body(data: bytes):
    found = _outside_raw_text(_BODY, data)
    return found[0] if found else None


_FILTER = re.compile(rb'data-filter="all"', re.IGNORECASE)
# the filter links as review.html.j2 writes them: "all" the current one
_CURRENT = b' aria-current="page"'
_LINK_ALL = b'<a class="filter filter-all" href="?filter=all" data-filter="all"' + _CURRENT + b">"


def served_page(
    snapshot: Snapshot, data: bytes, query: dict[str, list[str]], nonce: str = ""
) -> bytes:
    """A page as served: the banner after <body>, the reload script (with the response's
    nonce, the only script the page's policy lets run) before </body>, and on a review
    page the filter asked for in the query string (?filter=findings), in the body's tag and
    as the current filter link. Each is put in once, however the template writes its tags
    (<BODY>, none at all)."""
    if nonce:  # the template's own scripts (content is escaped: it cannot write this tag)
        data = data.replace(_NONCE_ATTRIBUTE, f'<script nonce="{nonce}">'.encode())
    body = _body(data)
    chosen = (query.get("filter") or ["all"])[0]
    if body is not None and chosen in FILTERS and chosen != "all":  # in the body's tag
        tag = _FILTER.sub(f'data-filter="{chosen}"'.encode(), body[0], count=1)
        data = data[: body.start()] + tag + data[body.end() :]
        link = f'<a class="filter filter-{chosen}" href="?filter={chosen}" data-filter="{chosen}">'
        if _LINK_ALL in data and link.encode() in data:  # (content is escaped: never these)
            data = data.replace(_LINK_ALL, _LINK_ALL.replace(_CURRENT, b""), 1)
            data = data.replace(link.encode(), link[:-1].encode() + _CURRENT + b">", 1)
        body = _body(data)
    end = body.end() if body is not None else 0
    banner = banner_html(snapshot).encode("utf-8")
    script = (RELOAD_SCRIPT % (nonce, snapshot.version)).encode("utf-8")
    closings = [m.start() for m in _outside_raw_text(_BODY_END, data, end)]
    closing = closings[-1] if closings else len(data)
    return data[:end] + banner + data[end:closing] + script + data[closing:]
