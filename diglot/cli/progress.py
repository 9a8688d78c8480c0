"""The progress display of a long build or release on a terminal: which edition files are
being written and how many are done (rich, on stderr; gone when the command ends)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Progress:
    """On a terminal, once a build has taken a second: which editions are being written, and
    how many of them are done."""

    DELAY = 1.0  # seconds before anything is shown

    def __init__(self, command: str = "build") -> None:
        import threading

        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
        from rich.progress import Progress as Display

        self.display = Display(
            TextColumn(f"diglot {command}: writing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.description}"),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.display.add_task("", total=0)
        self.running: list[str] = []
        self.lock = threading.Lock()
        self.created = time.monotonic()
        self.timer: threading.Timer | None = None

    def planned(self, names: list[str]) -> None:
        """The display's threads start now, once the build has started its worker
        processes: a process forked while another thread runs may deadlock."""
        import threading

        self.display.update(self.task, total=len(names))
        if self.timer is None:
            wait = max(0.0, self.DELAY - (time.monotonic() - self.created))
            self.timer = threading.Timer(wait, self.display.start)
            self.timer.daemon = True
            self.timer.start()

    def started(self, name: str) -> None:
        with self.lock:
            self.running.append(name.rsplit("/", 1)[-1])
            self._show()

    def finished(self, name: str) -> None:
        with self.lock:
            short = name.rsplit("/", 1)[-1]
            if short in self.running:
                self.running.remove(short)
            self.display.advance(self.task)
            self._show()

    def _show(self) -> None:
        self.display.update(self.task, description=", ".join(self.running))

    def close(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.display.stop()


@contextmanager
def on_terminal(command: str) -> Iterator[Progress | None]:
    """A progress display while the block runs when stderr is a terminal, else None."""
    progress = Progress(command) if sys.stderr.isatty() else None
    try:
        yield progress
    finally:
        if progress is not None:
            progress.close()
