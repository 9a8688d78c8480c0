"""`diglot serve`: the HTML editions and a review page per document and target language,
served read-only on 127.0.0.1 and rebuilt whenever the content, the glossary, diglot.toml,
the types, the language profiles or the templates change.

Nothing is written: the pages are rendered in memory (the same layout and templates as
`build`) into a Snapshot, which the watcher thread replaces whole after every change. The
server answers GET and HEAD from the current snapshot only, so no request can reach a file;
every other method is refused (405). Open pages hold a Server-Sent Events connection
(/events) and reload when the snapshot's version changes. A content error never stops the
server: the pages show the run's problems in a banner, and a document that cannot be loaded
keeps its pages of the last run that could load it.
"""

from __future__ import annotations

import errno
import html
import json
import os
import re
import secrets
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .config import project_root
from .diagnostics import Diagnostic, Location, Reporter, display_path
from .layout import Layout, Row
from .status import STATES, DocumentStatus, UnitStatus, project_status, to_rows
from .textdiff import diff_html

HOST = "127.0.0.1"  # never another interface: the pages show unpublished work
REVIEW_TEMPLATE = "review.html.j2"
INDEX_TEMPLATE = "review-index.html.j2"
FILTERS = ("all", "findings", "stale", "review")
KEEPALIVE = 15.0  # seconds between the comments that keep an idle event stream open
WORST_FIRST = ("missing", "stale", "translated", "approved")


# -- the review rows --------------------------------------------------------------------------


@dataclass
class ReviewRow:
    """One row of the review page: a side-by-side row (None for a unit that has no row of its
    own in the edition, such as an organiser of the title block) and the units it shows: its
    own and those inside it (the rows of a table)."""

    row: Row | None
    units: list[UnitStatus] = field(default_factory=list)

    @property
    def unit(self) -> UnitStatus | None:
        return self.units[0] if self.units else None

    @property
    def state(self) -> str | None:
        """The state that most needs attention among the row's units."""
        states = {u.state for u in self.units}
        return next((s for s in WORST_FIRST if s in states), None)

    @property
    def findings(self) -> list[Diagnostic]:
        return [d for u in self.units for d in u.findings]

    @property
    def notes(self):
        return [n for u in self.units for n in u.notes]

    @property
    def review(self) -> bool:
        return any(u.review for u in self.units)

    @property
    def waived(self) -> bool:
        return any(u.waived for u in self.units)

    @property
    def stale(self) -> list[UnitStatus]:
        return [u for u in self.units if u.state == "stale"]

    def matches(self, name: str) -> bool:
        return {
            "all": True,
            "findings": bool(self.findings),
            "stale": bool(self.stale),
            "review": self.review,
        }[name]


def review_rows(layout: Layout, status: DocumentStatus) -> list[ReviewRow]:
    """The side-by-side rows with the units each shows; then the units the rows do not show."""
    rows = [ReviewRow(row) for row in layout.rows()]
    own = {r.row.id: r for r in rows if r.row is not None and r.row.id is not None}
    # a unit inside a block without a row of its own belongs to the innermost row holding
    # it: rows come in document order, so the last one to claim it is the innermost
    holder: dict[str, ReviewRow] = {}
    for review in rows:
        block = review.row.block if review.row is not None else None
        if block is not None and review.row is not None and review.row.part != "label":
            for inner in block.walk():
                if inner.id is not None and inner.id not in own:
                    holder[inner.id] = review
    apart: list[ReviewRow] = []
    for unit in status.units:
        if unit.id in own:
            own[unit.id].units.insert(0, unit)
        elif unit.id in holder:
            holder[unit.id].units.append(unit)
        else:
            apart.append(ReviewRow(None, [unit]))
    return rows + apart


def unit_plain(unit) -> str:
    """A unit's text fields as plain text (a unit shown apart from the edition's rows)."""
    if unit is None:
        return ""
    return " / ".join(f.plain for f in unit.fields)


# -- the pages --------------------------------------------------------------------------------


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
    from .locale import load_locale
    from .pipeline import document_of, editions
    from .writers import WriteContext, WriteError
    from .writers import html as html_writer

    reporter = Reporter()
    status = project_status(
        content_dir, reporter, templates_dir=templates_dir, repo_root=Path.cwd()
    )
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
            layouts = dict(editions(checked.pairs, setup, locales, glossary))
    context = WriteContext(templates_dir, setup.languages.source.word_lang if setup else None)
    for stem, layout in layouts.items():
        try:
            page = html_writer.render(layout, context, "screen")
        except WriteError as error:
            problems.diagnostics.extend(error.diagnostics)
            continue
        pages[f"/{stem}.html"] = page.encode("utf-8")
    env = html_writer._environment(templates_dir)
    shown = {d.doc_id for d in status.documents}
    for doc in status.documents:
        beside = layouts.get(f"{doc.doc_id}/{doc.doc_id}.{doc.source.lang}-{doc.target_lang}")
        if beside is None:
            continue
        try:
            page = render_review(env, templates_dir, beside, doc, problems)
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
        or any(document_of(d.location.path, setup) == doc_id for d in banner if setup)
    ]
    try:
        index = render_index(
            env, templates_dir, status, setup, locales, failed, kept, pages, problems
        )
        pages["/"] = index.encode("utf-8")
    except html_writer.TemplateProblem:
        banner += [d for d in problems.diagnostics if d not in banner]
        pages["/"] = fallback_index(pages).encode("utf-8")
    return pages, banner, note


def review_path(doc: DocumentStatus) -> str:
    return f"/{doc.doc_id}/{doc.doc_id}.{doc.source.lang}-{doc.target_lang}.review.html"


def _install_labels(env, locales) -> None:
    """_("...") returns the label in every language of the page: {lang: label}."""
    from .writers.html import Labels

    env.install_gettext_callables(
        lambda message: Labels({loc.lang: loc.gettext(message) for loc in locales}),
        lambda singular, plural, n: Labels(
            {loc.lang: loc.ngettext(singular, plural, n) for loc in locales}
        ),
        newstyle=False,
    )


def render_review(env, templates_dir: Path, layout: Layout, doc: DocumentStatus, reporter) -> str:
    from .templateloader import TemplateUnreadable, read_template_file
    from .writers import html as html_writer

    try:
        type_css = read_template_file(templates_dir, "types", f"{layout.type.name}.css")
    except TemplateUnreadable as exc:
        reporter.error("template.unreadable", exc.reason, Location(exc.path))
        raise html_writer.TemplateProblem from None
    rows = review_rows(layout, doc)
    counts = {name: sum(1 for r in rows if r.matches(name)) for name in FILTERS}
    _install_labels(env, [c.locale for c in layout.columns])
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
    }
    page = html_writer._render(env, templates_dir, REVIEW_TEMPLATE, lambda: context, reporter)
    for column in layout.columns:
        column.locale.report_missing(reporter)
    return page


def _unit_text(unit) -> str:
    from .provenance import unit_text

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


def render_index(
    env, templates_dir: Path, status, setup, locales, failed, kept, pages, reporter
) -> str:
    from .locale import language_name
    from .writers import html as html_writer

    if setup is None or len(locales) != len(setup.languages.all):
        raise html_writer.TemplateProblem  # no labels to show: the plain index
    profiles = setup.languages.all
    chosen = [locales[p.tag] for p in profiles]
    _install_labels(env, chosen)
    rows = []
    for row, doc in zip(to_rows(status), status.documents):
        links = [(kind, path) for kind, path in _edition_links(doc) if path in pages]
        rows.append({**row, "review_page": review_path(doc), "links": links, "title": _title(doc)})
    context = {
        "rows": rows,
        "failed": failed,
        "kept": kept,
        "langs": [p.tag for p in profiles],
        "html_lang": {p.tag: p.html_lang for p in profiles},
        "names": {p.tag: language_name(p) for p in profiles},
        "profile_css": html_writer.profile_css(profiles),
        "counted": ("total", "translated", "missing", "stale", "review", "waived", "approved"),
    }
    page = html_writer._render(env, templates_dir, INDEX_TEMPLATE, lambda: context, reporter)
    for locale in chosen:
        locale.report_missing(reporter)
    if reporter.errors:
        raise html_writer.TemplateProblem
    return page


def _title(doc: DocumentStatus) -> str:
    for unit in doc.source.units():
        if unit.id == "title" and unit.fields:
            return unit.fields[0].plain
    return doc.doc_id


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
_FILTER = re.compile(rb'data-filter="all"', re.IGNORECASE)


def served_page(
    snapshot: Snapshot, data: bytes, query: dict[str, list[str]], nonce: str = ""
) -> bytes:
    """A page as served: the banner after <body>, the reload script (with the response's
    nonce, the only script the page's policy lets run) before </body>, and on a review
    page the filter asked for in the query string (?filter=findings). Each is put in once,
    however the template writes its tags (<BODY>, none at all)."""
    if nonce:  # the template's own scripts (content is escaped: it cannot write this tag)
        data = data.replace(_NONCE_ATTRIBUTE, f'<script nonce="{nonce}">'.encode())
    body = _BODY.search(data)
    chosen = (query.get("filter") or ["all"])[0]
    if body is not None and chosen in FILTERS and chosen != "all":  # in the body's tag
        tag = _FILTER.sub(f'data-filter="{chosen}"'.encode(), body[0], count=1)
        data = data[: body.start()] + tag + data[body.end() :]
        body = _BODY.search(data)
    end = body.end() if body is not None else 0
    banner = banner_html(snapshot).encode("utf-8")
    script = (RELOAD_SCRIPT % (nonce, snapshot.version)).encode("utf-8")
    closings = [m.start() for m in _BODY_END.finditer(data, end)]
    closing = closings[-1] if closings else len(data)
    return data[:end] + banner + data[end:closing] + script + data[closing:]


# -- the site: the snapshot, rebuilt on every change -------------------------------------------


class Site:
    def __init__(self, content_dir: Path, templates_dir: Path, log: Callable[[str], None]):
        self.content_dir = content_dir
        self.templates_dir = templates_dir
        self.log = log
        self.snapshot = Snapshot(0, {})
        self.changed = threading.Condition()
        self.stopping = False

    def rebuild(self) -> Snapshot:
        """Render every page again; whatever goes wrong, the server keeps the last pages
        and shows the problem."""
        started = time.monotonic()
        previous = self.snapshot
        try:
            pages, problems, note = render_pages(self.content_dir, self.templates_dir, previous)
        except Exception as exc:  # a fault of diglot's own: shown, the last pages stay
            pages, note = dict(previous.pages), ""
            problems = [
                Diagnostic(
                    "serve.internal",
                    "error",
                    f"internal error while rebuilding: {type(exc).__name__}: {exc} (please "
                    "report this; the pages are those of the last rebuild)",
                    Location(str(self.content_dir)),
                )
            ]
        with self.changed:
            self.snapshot = Snapshot(previous.version + 1, pages, tuple(problems), note)
            self.changed.notify_all()
        errors = sum(1 for d in problems if d.severity == "error")
        self.log(
            f"built {len(pages)} pages in {time.monotonic() - started:.1f} s"
            + (
                f"; {errors} problem{'s' if errors != 1 else ''} shown on the pages"
                if errors
                else ""
            )
        )
        return self.snapshot

    def wait(self, since: int, timeout: float) -> int:
        """The current version, once it differs from since (or after timeout)."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.stopping or self.snapshot.version != since, timeout=timeout
            )
            return self.snapshot.version

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    def candidates(self) -> list[Path]:
        """What a change to rebuilds after: the content folder (the glossary in it),
        diglot.toml, the project's types and language profiles, the templates; whether
        they are there or not (one may be created, deleted or replaced while serving)."""
        root = project_root(self.content_dir)
        return [
            self.content_dir,
            root / "diglot.toml",
            root / "types",
            root / "languages",
            self.templates_dir,
        ]

    def watched(self) -> list[Path]:
        return [p for p in self.candidates() if p.exists()]

    def identity(self) -> tuple:
        """Which of the candidates are there, and which file or folder each is (a folder
        deleted and made again is another one, which the watch must follow)."""
        found: list[tuple[int, int, int] | None] = []
        for path in self.candidates():
            try:
                info = os.stat(path)
                found.append((info.st_dev, info.st_ino, info.st_mode))
            except OSError:
                found.append(None)
        return tuple(found)


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
READ_TIMEOUT = 10.0  # seconds a client has to send its request (then its connection is closed)
MAX_CONNECTIONS = 64  # connections served at once; more are answered 503 and closed
BACKLOG = 128  # connections the kernel holds while the server is busy
# The pages' policy: nothing but their own inline styles, pictures made by diglot (data:),
# the reload script (by the response's nonce) and its event stream; never in a frame.
POLICY = (
    "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; "
    "img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
QUIET = (ConnectionError, TimeoutError, socket.timeout)  # a client that went away


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD of the snapshot's pages and /events, for a request to this server by a
    loopback name; nothing else."""

    server_version = "diglot"
    timeout = READ_TIMEOUT  # the socket's: a request line or header that does not come
    site: Site  # set on the subclass made per server
    port: int  # the port the server listens on

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def __getattr__(self, name: str):
        if name.startswith("do_"):  # POST, PUT, DELETE, PATCH, OPTIONS, anything else
            return self._refuse
        raise AttributeError(name)

    def _refuse(self) -> None:
        if not self._host_ok():
            return
        self._send(
            HTTPStatus.METHOD_NOT_ALLOWED,
            b"405 method not allowed: this server is read-only\n",
            "text/plain; charset=utf-8",
            body=True,
            extra={"Allow": "GET, HEAD"},
        )

    def _host_ok(self) -> bool:
        """Whether the request names this server by a loopback name (and its port): a page
        of another site whose name was made to point at 127.0.0.1 (DNS rebinding) names
        its own host, and gets 421 with nothing else."""
        if host_allowed(self.headers.get_all("Host") or [], self.port):
            return True
        self.close_connection = True
        self.send_response(HTTPStatus.MISDIRECTED_REQUEST)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()
        return False

    def _answer(self, body: bool) -> None:
        if not self._host_ok():
            return
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        query = parse_qs(parts.query)
        if path == "/events":
            if body:
                self._events(query)
            else:
                self._send(HTTPStatus.OK, b"", "text/event-stream", body=False)
            return
        if path == "/version":
            data = json.dumps({"version": self.site.snapshot.version}).encode()
            self._send(HTTPStatus.OK, data, "application/json", body=body)
            return
        snapshot = self.site.snapshot
        page = snapshot.pages.get(path)
        if page is None:
            self._send(
                HTTPStatus.NOT_FOUND,
                b"404 not found\n",
                "text/plain; charset=utf-8",
                body=body,
            )
            return
        nonce = secrets.token_urlsafe(18)
        self._send(
            HTTPStatus.OK,
            served_page(snapshot, page, query, nonce),
            "text/html; charset=utf-8",
            body=body,
            nonce=nonce,
        )

    def _send(self, status, data: bytes, kind: str, body: bool, extra=None, nonce="") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self._safety_headers(nonce)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _safety_headers(self, nonce: str = "") -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Content-Security-Policy", POLICY.format(nonce=nonce or "none"))

    def _events(self, query: dict[str, list[str]]) -> None:
        """Server-Sent Events: the snapshot's version whenever it changes."""
        try:
            since = int((query.get("since") or ["-1"])[0])
        except ValueError:
            since = -1
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self._safety_headers()
        self.end_headers()
        self.close_connection = True
        self.connection.settimeout(2 * KEEPALIVE)  # a page that stops reading is let go
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while not self.site.stopping:
                version = self.site.wait(since, KEEPALIVE)
                if self.site.stopping:
                    break
                if version != since:
                    self.wfile.write(f"event: version\ndata: {version}\n\n".encode())
                    since = version
                else:
                    self.wfile.write(b": waiting\n\n")
                self.wfile.flush()
        except OSError:
            pass  # the page went away

    def version_string(self) -> str:
        return self.server_version  # diglot, not which Python runs it

    def send_error(self, code, message=None, explain=None) -> None:
        """A request that is no request (a line too long, too many headers, not HTTP): its
        status with nothing else, and the pages' headers."""
        self.close_connection = True
        self.send_response(code)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self._safety_headers()
        self.end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base's signature)
        pass  # no line per request


def host_allowed(hosts: list[str], port: int) -> bool:
    """One Host header naming a loopback name, with this port (or none on port 80)."""
    if len(hosts) != 1:
        return False
    host = hosts[0].strip().lower()
    for name in LOOPBACK_NAMES:
        if host == f"{name}:{port}" or (host == name and port == 80):
            return True
    return False


class PortInUse(Exception):
    pass


class Server(ThreadingHTTPServer):
    """The HTTP server: each connection in a thread of its own, at most MAX_CONNECTIONS at
    once (more are answered 503 and closed at once), a listen backlog of BACKLOG, and
    silence about clients that go away (a reset, a timeout)."""

    request_queue_size = BACKLOG
    daemon_threads = True

    def __init__(self, address, handler, log: Callable[[str], None]):
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.log = log
        super().__init__(address, handler)

    def process_request(self, request, client_address) -> None:
        if not self.slots.acquire(blocking=False):
            try:
                request.settimeout(1.0)
                request.sendall(
                    b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0\r\n"
                    b"Connection: close\r\nRetry-After: 1\r\n\r\n"
                )
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, QUIET):
            return  # the client reset its connection or stopped sending: nothing to say
        self.log(f"error: a request failed ({type(error).__name__}: {error}); the server goes on")


def make_server(site: Site, port: int) -> Server:
    """The server, bound to 127.0.0.1:port (0: any free port); PortInUse when taken."""
    handler: type[Handler] = type("SiteHandler", (Handler,), {"site": site, "port": port})
    try:
        server = Server((HOST, port), handler, site.log)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            raise PortInUse(str(exc)) from None
        raise
    handler.port = server.server_port
    return server


POLL = 0.5  # seconds between looks at whether a watched folder or file came or went


def watch(site: Site, stop: threading.Event) -> None:
    """Rebuild after every change to what site.candidates() names, until stop is set. A
    folder deleted and made again, or diglot.toml created or deleted, is seen within POLL
    seconds and watched anew; if the files cannot be watched for a while (too many, a
    folder on its way), the watcher says so once and tries again."""
    import watchfiles

    complained = False
    catch_up = False  # rebuild once the new watch stands: what changed before it was seen
    while not stop.is_set():
        identity = site.identity()
        targets = site.watched() or [project_root(site.content_dir)]
        try:
            for changes in watchfiles.watch(
                *targets,
                stop_event=stop,
                debounce=400,
                step=50,
                rust_timeout=int(POLL * 1000),
                yield_on_timeout=True,
                raise_interrupt=False,
                recursive=targets != [project_root(site.content_dir)],
            ):
                if stop.is_set():
                    return
                now = site.identity()
                if now != identity:
                    catch_up = True
                    break  # watch what is there now (and rebuild then)
                if changes or catch_up:
                    site.rebuild()
                    catch_up = False
            complained = False
        except Exception as exc:  # the watcher's own failure: said once, tried again
            if not complained and not stop.is_set():
                site.log(
                    f"error: cannot watch for changes ({type(exc).__name__}: {exc}); trying again"
                )
                complained = True
            stop.wait(POLL)


def serve(
    content_dir: Path, templates_dir: Path, port: int, out=sys.stdout, err=sys.stderr
) -> None:
    """Serve until interrupted (KeyboardInterrupt, or Terminated from the CLI's handler,
    passes through after the server and the watcher have stopped)."""

    def log(line: str) -> None:
        print(f"diglot serve: {line}", file=err, flush=True)

    site = Site(content_dir, templates_dir, log)
    server = make_server(site, port)
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(site, stop), name="diglot-watch", daemon=True)
    try:
        site.rebuild()
        watcher.start()
        print(
            f"diglot serve: http://{HOST}:{server.server_port}/ (Ctrl-C stops)",
            file=out,
            flush=True,
        )
        server.serve_forever(poll_interval=0.2)
    finally:
        stop.set()
        site.stop()
        server.server_close()
        if watcher.is_alive():
            watcher.join(timeout=2)
