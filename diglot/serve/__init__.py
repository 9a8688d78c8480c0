"""`diglot serve`: the HTML editions and a review page per document and target language,
served read-only on 127.0.0.1 and rebuilt whenever the content, the glossary, diglot.toml,
the types, the language profiles or the templates change.

Nothing is written: the pages are rendered in memory (the same layout and templates as
`build`) into a Snapshot, which the watcher thread replaces whole after every change. The
server answers GET and HEAD from the current snapshot only, so no request can reach a file;
every other method is refused (405). Open pages hold a Server-Sent Events connection
(/events) and reload when the snapshot's version changes. A content error never stops the
server: the pages show the run's problems in a banner, and a document that cannot be loaded
keeps its pages of the last run that could load it."""

from __future__ import annotations

from ..textdiff import diff_html
from .pages import Snapshot, render_pages, served_page
from .rows import FILTERS, ReviewRow, review_rows
from .server import BACKLOG, HOST, READ_TIMEOUT, Handler, PortInUse, Server, make_server, serve
from .site import Site, watch

__all__ = [
    "BACKLOG",
    "FILTERS",
    "HOST",
    "Handler",
    "PortInUse",
    "READ_TIMEOUT",
    "ReviewRow",
    "Server",
    "Site",
    "Snapshot",
    "diff_html",
    "make_server",
    "render_pages",
    "review_rows",
    "serve",
    "served_page",
    "watch",
]
