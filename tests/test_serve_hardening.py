"""`serve` under attack: requests for another host (DNS rebinding), idle and half-open
connections, a flood of connections, clients that reset, framing and scripts of other
origins, a template's upper-case <BODY>, and folders deleted, restored and created while it
watches them."""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import struct
import subprocess
import threading
import time
from pathlib import Path

import pytest

from diglot.serve import Site, Snapshot, make_server, served_page, watch
from diglot.serve import server as serve

from conftest import REPO

PAGE = "/memo/memo.en-zh.review.html"


class Running:
    """The server of a project in this process, on a free port."""

    def __init__(self, root: Path):
        self.logged: list[str] = []
        self.site = Site(root / "content", REPO / "templates", self.logged.append)
        self.site.rebuild()
        self.server = make_server(self.site, 0)
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,))
        self.thread.start()

    def get(self, path: str, host: str | None = "default", method: str = "GET"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.putrequest(method, path, skip_host=True)
        if host is not None:
            connection.putheader("Host", f"127.0.0.1:{self.port}" if host == "default" else host)
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, dict(response.getheaders()), body

    def close(self) -> None:
        self.site.stop()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def running(project):
    server = Running(project)
    yield server
    server.close()


# -- the Host header -------------------------------------------------------------------------


def test_only_a_loopback_name_with_this_port_is_answered(running):
    port = running.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}", f"[::1]:{port}"):
        status, _, body = running.get(PAGE, host)
        assert status == 200 and b"memo" in body, host
    for host in (
        f"evil.example:{port}",  # a rebound name: the page of another site
        "evil.example",
        f"localhost.evil.example:{port}",
        f"127.0.0.1:{port + 1}",
        "127.0.0.1",
        f"127.0.0.2:{port}",
        f"0.0.0.0:{port}",
        "",
        f"127.0.0.1:{port}@evil.example",
    ):
        for path in (PAGE, "/", "/events", "/version", "/nothing"):
            status, headers, body = running.get(path, host)
            assert (status, body) == (421, b""), (host, path)
            assert headers["Content-Length"] == "0"
        assert running.get(PAGE, host, method="POST")[0] == 421
    status, _, body = running.get(PAGE, None)  # no Host at all
    assert (status, body) == (421, b"")


def test_two_host_headers_are_refused(running):
    with socket.create_connection(("127.0.0.1", running.port), timeout=5) as client:
        client.sendall(
            f"GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1:{running.port}\r\nHost: evil.example\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.0 421 ") and answer.endswith(b"\r\n\r\n")


# -- what the pages may do -------------------------------------------------------------------------


def test_pages_carry_a_policy_that_runs_only_their_own_script(running):
    status, headers, body = running.get(PAGE)
    assert status == 200
    policy = headers["Content-Security-Policy"]
    nonce = re.search(r"script-src 'nonce-([A-Za-z0-9_-]{20,})'", policy)
    assert nonce, policy
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    scripts = re.findall(rb"<script[^>]*>", body)  # the filter buttons' and the reload's
    assert scripts == [f'<script nonce="{nonce[1]}">'.encode()] * 2
    assert running.get(PAGE)[1]["Content-Security-Policy"] != policy  # a nonce per response
    for path in ("/nothing", "/version"):
        assert running.get(path)[1]["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "body, closing",
    [
        (b'<BODY class="review" data-filter="all">', b"</BODY>"),
        (b'<Body data-filter="all" class="review">', b"</body >"),
        (b"", b""),  # no body tag at all
    ],
)
def test_a_page_is_sent_once_however_its_template_writes_body(body, closing):
    page = b"<!DOCTYPE html><html><head><title>t</title></head>" + body + b"<p>x</p>" + closing
    page += b"</html>"
    snapshot = Snapshot(3, {"/": page}, note="a note")
    for query in ({}, {"filter": ["stale"]}):
        served = served_page(snapshot, page, query, "n0nce")
        assert served.count(b"<!DOCTYPE html>") == 1 and served.count(b"<p>x</p>") == 1
        assert served.count(b'<script nonce="n0nce">') == 1
        assert served.count(b'id="diglot-problems"') == 1
        assert served.index(b"<p>x</p>") < served.index(b"<script")
        if body:
            assert served.index(body[:5]) < served.index(b'id="diglot-problems"')
            assert served.index(b"</script>") < served.lower().rindex(b"</body")
            wanted = b'data-filter="stale"' if query else b'data-filter="all"'
            assert wanted in served


# -- connections -----------------------------------------------------------------------------------


def test_an_idle_connection_is_closed_after_the_read_timeout(project, monkeypatch):
    assert serve.Handler.timeout == serve.READ_TIMEOUT == 10.0  # then, shortened to test it
    monkeypatch.setattr(serve.Handler, "timeout", 0.2)
    server = Running(project)
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as idle:
            idle.sendall(b"GET / HTTP/1.1\r\n")  # and nothing more: half a request
            started = time.monotonic()
            assert idle.recv(1024) == b""  # closed by the server
            assert time.monotonic() - started < 5
    finally:
        server.close()


def test_a_request_that_trickles_in_is_closed_after_the_read_timeout(project, monkeypatch):
    """The timeout is the whole request's, not each read's: a header line every 0.1 s does
    not keep a connection (and one of the server's slots) open past it."""
    monkeypatch.setattr(serve.Handler, "timeout", 0.4)
    server = Running(project)
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as slow:
            started = time.monotonic()
            slow.sendall(b"GET / HTTP/1.1\r\n")
            closed = False
            for number in range(50):  # 5 s of header lines, if the server let them come
                time.sleep(0.1)
                try:
                    slow.sendall(f"X-Slow-{number}: 1\r\n".encode())
                except OSError:
                    closed = True
                    break
                slow.settimeout(0.01)
                try:
                    if slow.recv(1024) == b"":
                        closed = True
                        break
                except TimeoutError:
                    pass
            assert closed and time.monotonic() - started < 3
    finally:
        server.close()


@pytest.mark.slow  # waits for idle connections to time out: seconds
def test_connections_beyond_the_limit_are_refused_not_threaded(project, monkeypatch):
    monkeypatch.setattr(serve, "MAX_CONNECTIONS", 8)
    server = Running(project)
    threads = threading.active_count()
    idle = []
    try:
        for _ in range(200):  # idle connections: each would hold a thread until its timeout
            idle.append(socket.create_connection(("127.0.0.1", server.port), timeout=10))
        time.sleep(0.5)
        assert threading.active_count() <= threads + 8
        status = server.get(PAGE)  # the 209th: answered at once, 503
        assert status[0] == 503
    finally:
        for connection in idle:
            connection.close()
    time.sleep(0.3)
    deadline = time.monotonic() + 15
    while server.get("/version")[0] != 200:  # the slots come back as the idle ones go
        assert time.monotonic() < deadline
        time.sleep(0.2)
    server.close()


def _stream(port: int) -> socket.socket:
    """An event stream, its headers and first field read."""
    connection = socket.create_connection(("127.0.0.1", port), timeout=10)
    connection.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    received = b""
    while b"retry: " not in received:
        chunk = connection.recv(4096)
        assert chunk, received
        received += chunk
    return connection


def _closed(connection: socket.socket, seconds: float) -> bool:
    """Whether the server closes the connection within seconds (what it sends is read)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        connection.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            if connection.recv(4096) == b"":
                return True
        except TimeoutError:
            return False
        except ConnectionError:
            return True
    return False


def test_event_streams_take_no_page_slots_and_the_oldest_make_way(project, monkeypatch):
    """Open pages hold their event stream: streams have a small limit of their own, the
    oldest closed for a new one (the page's EventSource comes back by itself), so streams
    held open never leave the pages answering 503."""
    monkeypatch.setattr(serve, "MAX_CONNECTIONS", 8)
    monkeypatch.setattr(serve, "MAX_EVENT_STREAMS", 4, raising=False)
    server = Running(project)
    streams = []
    try:
        for _ in range(12):  # more than the server's connections
            streams.append(_stream(server.port))
        assert server.get(PAGE)[0] == 200
        assert server.get("/version")[0] == 200
        assert all(_closed(stream, 2) for stream in streams[:8])  # the oldest, made way
        assert not any(_closed(stream, 0.15) for stream in streams[8:])
    finally:
        for stream in streams:
            stream.close()
        server.close()


def test_an_event_stream_ends_after_its_lifetime(project, monkeypatch):
    """A stream is closed after a bounded time, having told the page when to come back
    (retry:): none is held for ever."""
    monkeypatch.setattr(serve, "STREAM_LIFETIME", 0.4, raising=False)
    server = Running(project)
    try:
        with _stream(server.port) as stream:
            started = time.monotonic()
            assert _closed(stream, 5)
            assert time.monotonic() - started < 3
    finally:
        server.close()


def test_the_listen_backlog_is_not_five(running):
    found = subprocess.run(
        ["ss", "-ltnH", f"sport = :{running.port}"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert found[0] == "LISTEN" and int(found[2]) == serve.BACKLOG == 128


def _reset(connection: socket.socket) -> None:
    """Close with a reset (RST), as a client that crashes or a scanner does."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


@pytest.mark.slow  # waits for the server to see the resets: seconds
def test_clients_that_reset_leave_no_trace(running, capfd):
    for i in range(60):
        connection = socket.create_connection(("127.0.0.1", running.port), timeout=5)
        if i % 3 == 0:  # a request, then gone before the answer is read
            connection.sendall(
                f"GET {PAGE} HTTP/1.1\r\nHost: 127.0.0.1:{running.port}\r\n\r\n".encode()
            )
        elif i % 3 == 1:  # half a request line
            connection.sendall(b"GET /memo")
        else:  # the event stream, then gone
            connection.sendall(
                f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{running.port}\r\n\r\n".encode()
            )
            connection.recv(10)
        _reset(connection)
    time.sleep(1)
    assert running.get("/version")[0] == 200
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "Error" not in out + err
    assert all(line.startswith("built ") for line in running.logged), running.logged


# -- the watcher -------------------------------------------------------------------------------------


def _wait_for(condition, seconds: float = 8.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.05)


@pytest.mark.slow  # waits for the watcher at each step: seconds
def test_the_watcher_follows_folders_deleted_restored_and_settings_created(project):
    logged: list[str] = []
    site = Site(project / "content", REPO / "templates", logged.append)
    site.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(site, stop), daemon=True)
    watcher.start()
    try:
        time.sleep(0.6)
        saved = project.parent / f"{project.name}-saved-content"
        shutil.copytree(project / "content", saved)
        version = site.snapshot.version
        shutil.rmtree(project / "content")  # deleted...
        _wait_for(lambda: site.snapshot.version > version)
        assert site.snapshot.problems
        version = site.snapshot.version
        shutil.copytree(saved, project / "content")  # ... and restored
        _wait_for(lambda: site.snapshot.version > version and not site.snapshot.problems)
        version = site.snapshot.version
        zh = project / "content" / "zh" / "memo.yaml"
        zh.write_text(zh.read_text(encoding="utf-8").replace("华盛顿特区", "华盛顿特区（新）"))
        _wait_for(lambda: b"\xef\xbc\x88\xe6\x96\xb0" in site.snapshot.pages[PAGE])  # "（新"
        version = site.snapshot.version
        (project / "diglot.toml").write_text("[checks]\nlength-ratio = true\n")  # created
        _wait_for(lambda: any(d.code.startswith("config.") for d in site.snapshot.problems))
        (project / "diglot.toml").unlink()  # and deleted
        _wait_for(lambda: not site.snapshot.problems)
        assert not any(line.startswith("error") for line in logged), logged
    finally:
        stop.set()
        site.stop()
        watcher.join(timeout=5)
    assert not watcher.is_alive()


@pytest.mark.parametrize(
    "request_line, status",
    [
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", b"414"),
        (b"NOT HTTP AT ALL\r\n\r\n", None),  # no HTTP: no answer, the connection closed
        (b"GET / HTTP/2.0\r\n\r\n", None),
        (b"GET / HTTP/1.1\r\n" + b"X-A: b\r\n" * 200 + b"\r\n", b"431"),
    ],
)
def test_a_request_that_is_no_request_gets_its_status_and_nothing_else(
    running, request_line, status
):
    with socket.create_connection(("127.0.0.1", running.port), timeout=5) as client:
        client.sendall(request_line)
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
    if status is None:
        assert answer == b""
        return
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b" ")[1] == status and body == b""
    assert b"Content-Security-Policy: default-src 'none'" in head
    assert b"\r\nServer: diglot\r\n" in head


@pytest.mark.slow  # waits for the watcher, then a second and a half for no rebuild
def test_a_change_made_before_the_watch_stands_is_shown(project):
    """serve reads the files, then starts the watcher: a file saved in between (a script
    that edits as soon as the server says where it is) reaches the pages all the same."""
    logged: list[str] = []
    site = Site(project / "content", REPO / "templates", logged.append)
    site.rebuild()
    zh = project / "content" / "zh" / "memo.yaml"
    zh.write_text(zh.read_text(encoding="utf-8").replace("华盛顿特区", "华盛顿特区（早）"))
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(site, stop), daemon=True)
    watcher.start()
    try:
        _wait_for(lambda: "（早）".encode() in site.snapshot.pages[PAGE])
        version = site.snapshot.version
        time.sleep(1.5)  # and nothing changed since: no rebuild
        assert site.snapshot.version == version
    finally:
        stop.set()
        site.stop()
        watcher.join(timeout=5)


def test_a_whole_url_in_the_request_line_is_answered_only_for_this_server(running):
    """The absolute form (`GET http://host/path`) names the host in the request line, which
    decides over the Host header (RFC 9112, 3.2.2): another host gets 421 however the Host
    header reads; this server's own name is answered."""
    port = running.port

    def ask(target: str, host: str) -> bytes:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as client:
            client.sendall(
                f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
            )
            answer = b""
            while chunk := client.recv(65536):
                answer += chunk
        return answer

    mine = f"127.0.0.1:{port}"
    for target in (
        "http://evil.example/",
        f"http://evil.example{PAGE}",
        f"http://evil.example:{port}/",
        f"http://{mine}@evil.example/",
        f"https://{mine}/",  # not what this server speaks
        f"ftp://{mine}/",
        "*",
    ):
        answer = ask(target, mine)
        assert answer.startswith(b"HTTP/1.0 421 ") and answer.endswith(b"\r\n\r\n"), target
    for host in (mine, "evil.example"):
        answer = ask(f"http://{mine}{PAGE}", host)
        assert answer.startswith(b"HTTP/1.0 200 ") and b"memo" in answer, host
