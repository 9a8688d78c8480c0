"""The HTTP server: GET and HEAD from the current snapshot only, on 127.0.0.1, for a loopback
Host with this port; a policy on every page, bounded connections and read time, and the
event stream that tells open pages to reload."""

from __future__ import annotations

import errno
import json
import secrets
import socket
import sys
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BufferedIOBase
from pathlib import Path
from typing import cast
from urllib.parse import parse_qs, unquote, urlsplit

from .pages import served_page
from .site import Site, watch

HOST = "127.0.0.1"  # never another interface: the pages show unpublished work
KEEPALIVE = 15.0  # seconds between the comments that keep an idle event stream open
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
READ_TIMEOUT = 10.0  # seconds a client has to send its request (then its connection is closed)
MAX_CONNECTIONS = 64  # connections served at once; more are answered 503 and closed
# Event streams (an open page's /events) are held apart from those connections, at most
# MAX_EVENT_STREAMS at once, the oldest closed for a new one, each for STREAM_LIFETIME
# seconds at most: the page's EventSource comes back after the retry: it was sent, so streams
# held open never leave the pages answering 503.
MAX_EVENT_STREAMS = 16
STREAM_LIFETIME = 300.0
BACKLOG = 128  # connections the kernel holds while the server is busy
# The pages' policy: nothing but their own inline styles, pictures made by diglot (data:),
# the reload script (by the response's nonce) and its event stream; never in a frame.
POLICY = (
    "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; "
    "img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
QUIET = (ConnectionError, TimeoutError, socket.timeout)  # a client that went away


class _Deadline:
    """A request's reader: its request line and headers must come within the timeout of
    the first read, however slowly they trickle in (the socket's own timeout is per read,
    so a client sending a byte every few seconds kept its connection, and one of the
    server's slots, for as long as it liked)."""

    def __init__(self, raw, connection: socket.socket, seconds: float | None):
        self.raw, self.connection, self.seconds = raw, connection, seconds
        self.until: float | None = None

    def _arm(self) -> None:
        if self.seconds is None:
            return
        now = time.monotonic()
        if self.until is None:
            self.until = now + self.seconds
        left = self.until - now
        if left <= 0:
            raise TimeoutError("the request did not come in time")
        self.connection.settimeout(left)

    def readline(self, limit: int = -1) -> bytes:
        self._arm()
        return self.raw.readline(limit)

    def read(self, size: int = -1) -> bytes:
        self._arm()
        return self.raw.read(size)

    def __getattr__(self, name: str):
        return getattr(self.raw, name)


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD of the snapshot's pages and /events, for a request to this server by a
    loopback name; nothing else."""

    server_version = "diglot"
    timeout = READ_TIMEOUT  # the socket's: a request line or header that does not come
    site: Site  # set on the subclass made per server
    port: int  # the port the server listens on

    def setup(self) -> None:
        super().setup()
        self.deadline = _Deadline(self.rfile, self.connection, self.timeout)
        self.rfile = cast(BufferedIOBase, self.deadline)  # read as the file it wraps

    def handle_one_request(self) -> None:
        self.deadline.until = None  # each request has the whole timeout, from its first read
        super().handle_one_request()

    def parse_request(self) -> bool:
        parsed = super().parse_request()
        self.connection.settimeout(self.timeout)  # the answer is written with the full timeout
        return parsed

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
        its own host, and gets 421 with nothing else. A request line with a whole URL (the
        absolute form) names its host there, and that name decides, not the Host header
        (RFC 9112, 3.2.2)."""
        hosts = self.headers.get_all("Host") or []
        if not self.path.startswith("/"):
            target = urlsplit(self.path)
            absolute = target.scheme.lower() == "http" and target.path[:1] in ("", "/")
            hosts = [target.netloc] if absolute else []
        if host_allowed(hosts, self.port):
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
        """Server-Sent Events: the snapshot's version whenever it changes, until the stream
        has lived STREAM_LIFETIME seconds or a newer stream takes its place (the page then
        comes back after the retry: sent first)."""
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
        server = cast("Server", self.server)
        ended = server.open_stream(self.request)
        until = time.monotonic() + STREAM_LIFETIME
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while not self.site.stopping and not ended.is_set():
                left = until - time.monotonic()
                if left <= 0:
                    break
                version = self.site.wait(since, min(KEEPALIVE, left), also=ended.is_set)
                if self.site.stopping or ended.is_set():
                    break
                if version != since:
                    self.wfile.write(f"event: version\ndata: {version}\n\n".encode())
                    since = version
                else:
                    self.wfile.write(b": waiting\n\n")
                self.wfile.flush()
        except OSError:
            pass  # the page went away
        finally:
            server.close_stream(ended)

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

    def __init__(self, address, handler, log: Callable[[str], None], site: Site | None = None):
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.log = log
        self.site = site  # woken when a stream is to end
        self.lock = threading.Lock()
        self.streams: list[threading.Event] = []  # the open event streams, oldest first
        self.handed: set[object] = set()  # the connections that gave their slot back
        super().__init__(address, handler)

    def open_stream(self, request) -> threading.Event:
        """An event stream begins on this connection: it gives its connection slot back
        (the pages keep theirs) and takes one of the MAX_EVENT_STREAMS, the oldest stream
        told to end when none is free. The event is set when this stream is to end."""
        ended = threading.Event()
        with self.lock:
            while len(self.streams) >= max(1, MAX_EVENT_STREAMS):
                self.streams.pop(0).set()
            self.streams.append(ended)
            if request not in self.handed:
                self.handed.add(request)
                self.slots.release()
        if self.site is not None:
            self.site.wake()
        return ended

    def close_stream(self, ended: threading.Event) -> None:
        with self.lock:
            if ended in self.streams:
                self.streams.remove(ended)

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
            with self.lock:
                handed = request in self.handed
                self.handed.discard(request)
            if not handed:  # an event stream gave its slot back when it began
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
        server = Server((HOST, port), handler, site.log, site)
    except OSError as exc:
        if exc.errno in (errno.EADDRINUSE, errno.EACCES):
            raise PortInUse(str(exc)) from None
        raise
    handler.port = server.server_port
    return server


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
