"""The site: the snapshot of every page, rendered again after every change to what the
pages are made from (the watcher thread), the last pages kept when a run fails."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .. import interrupts
from ..config import project_root
from ..diagnostics import Diagnostic, Location
from .pages import Snapshot, render_pages


class Site:
    def __init__(self, content_dir: Path, templates_dir: Path, log: Callable[[str], None]):
        self.content_dir = content_dir
        self.templates_dir = templates_dir
        self.log = log
        self.snapshot = Snapshot(0, {})
        self.changed = threading.Condition()
        self.stopping = False
        self.read: dict[str, bytes] = {}  # what the last rebuild started from (files())

    def rebuild(self) -> Snapshot:
        """Render every page again; whatever goes wrong, the server keeps the last pages
        and shows the problem."""
        started = time.monotonic()
        previous = self.snapshot
        self.read = self.files()  # before reading: a change made meanwhile is seen after
        try:
            pages, problems, note = render_pages(self.content_dir, self.templates_dir, previous)
        except Exception as exc:  # a fault of diglot's own: shown, the last pages stay
            interrupts.reraise(exc)
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

    def wait(self, since: int, timeout: float, also: Callable[[], bool] | None = None) -> int:
        """The current version, once it differs from since (or after timeout, or once also()
        is true when woken: wake())."""
        with self.changed:
            self.changed.wait_for(
                lambda: self.stopping or self.snapshot.version != since or bool(also and also()),
                timeout=timeout,
            )
            return self.snapshot.version

    def wake(self) -> None:
        """Every wait asks its question again (an event stream told to end)."""
        with self.changed:
            self.changed.notify_all()

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

    def files(self) -> dict[str, bytes]:
        """Every file of the candidates, with a digest of its bytes (a file larger than any
        that is read, by its size): what tells whether the pages are of what is there now."""
        found: dict[str, bytes] = {}
        for top in self.candidates():
            if top.is_dir():
                paths = sorted(p for p in top.rglob("*") if p.is_file())
            else:
                paths = [top] if top.is_file() else []
            for path in paths:
                try:
                    size = path.stat().st_size
                    data = path.read_bytes() if size <= _DIGESTED else str(size).encode()
                except OSError:
                    data = b""
                found[str(path)] = hashlib.blake2b(data, digest_size=16).digest()
        return found

    def stale(self) -> bool:
        """Whether a file has changed since the last rebuild started (a change made before
        the watcher stood, which it cannot report)."""
        return self.files() != self.read

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


POLL = 0.5  # seconds between looks at whether a watched folder or file came or went
_DIGESTED = 16 * 1024 * 1024  # bytes: a larger file is compared by its size


def watch(site: Site, stop: threading.Event) -> None:
    """Rebuild after every change to what site.candidates() names, until stop is set. A
    folder deleted and made again, or diglot.toml created or deleted, is seen within POLL
    seconds and watched anew; if the files cannot be watched for a while (too many, a
    folder on its way), the watcher says so once and tries again."""
    import watchfiles

    complained = False
    # once a watch stands (its first answer comes within POLL seconds), rebuild if a file
    # changed before it did: between the last rebuild's reading and the watch, a change is
    # seen by no one else (the serve command starts the watch after its first rebuild)
    catch_up = False
    while not stop.is_set():
        identity = site.identity()
        targets = site.watched() or [project_root(site.content_dir)]
        first = True
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
                if changes or catch_up or (first and site.stale()):
                    site.rebuild()
                    catch_up = False
                first = False
            complained = False
        except Exception as exc:  # the watcher's own failure: said once, tried again
            if not complained and not stop.is_set():
                site.log(
                    f"error: cannot watch for changes ({type(exc).__name__}: {exc}); trying again"
                )
                complained = True
            stop.wait(POLL)
