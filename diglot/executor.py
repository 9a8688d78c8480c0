"""One way to run work in parallel: serially in this process, or in forked worker processes.

`run(fn, shared, items, workers)` starts fn(shared, item) for every item and returns a
Pending whose results() come back in the items' order. With more than one worker (and a
system that can fork) the items run in a pool of forked processes: `shared` (the loaded
project, the layouts) is inherited by the fork instead of being pickled, and only each
item and each result cross the process boundary. Used by the PDF renders and by `check`
on many documents.

Workers end with their parent: each asks the kernel to kill it when the parent dies (Linux
PR_SET_PDEATHSIG; kill -9 of the parent included), leaves Ctrl-C to the parent, and a
Pending left by an error or an interruption kills its workers instead of waiting for them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.process import BaseProcess
from typing import Any

_shared: Any = None  # what the forked workers inherit; set before the pool forks
_fn: Callable | None = None


_PR_SET_PDEATHSIG = 1


def _worker_start(parent: int) -> None:
    """In each forked worker, first: die with the parent, and leave Ctrl-C and TERM of the
    whole process group to the parent (which stops the workers itself)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the parent's exit stops the pool
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _worker_warm(parent: int, warm: Callable | None, args: tuple) -> None:
    """The first thing of a worker started ahead of its work: as _worker_start, then the
    warm-up (importing a renderer), whose failure the work itself will meet and report."""
    _worker_start(parent)
    if warm is not None:
        try:
            warm(*args)
        except Exception:  # noqa: BLE001 - reported where the work runs into it
            pass


def _nothing() -> None:
    pass


def _call(item):
    assert _fn is not None  # set before the pool forks
    return _fn(_shared, item)


# One pool starts its workers at a time, so that the processes that appear are its own.
_starting = threading.Lock()


def _start(pool: ProcessPoolExecutor, fn: Callable, *args) -> tuple[Future, list[BaseProcess]]:
    """Submit a pool's first task, which starts its workers (a fork pool starts them all on
    its first task), and tell its worker processes: this process's children that appeared
    meanwhile (multiprocessing.active_children)."""
    with _starting:
        before = set(multiprocessing.active_children())
        future = pool.submit(fn, *args)
        processes = [p for p in multiprocessing.active_children() if p not in before]
    return future, processes


def default_workers() -> int:
    """The processors this process may use."""
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )


class Pending:
    """Work started by run(); results() waits for it, in order. A context manager, so that
    leaving early (an error, Ctrl-C) stops the workers."""

    def __init__(self, fn: Callable, shared: Any, items: Sequence, workers: int):
        global _shared, _fn
        self.fn, self.shared, self.items = fn, shared, list(items)
        self.pool: ProcessPoolExecutor | None = None
        self.processes: list[BaseProcess] = []
        self.futures: list[Future] = []
        workers = min(workers, len(self.items))
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            _shared, _fn = shared, fn
            self.pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_worker_start,
                initargs=(os.getpid(),),
            )
            first, self.processes = _start(self.pool, _call, self.items[0])
            self.futures = [first, *(self.pool.submit(_call, item) for item in self.items[1:])]

    def results(self) -> list:
        if self.pool is None:
            return [self.fn(self.shared, item) for item in self.items]
        return [future.result() for future in self.futures]

    def close(self, kill: bool = False) -> None:
        """Wait for the workers to finish, or (kill) end them now."""
        if self.pool is not None:
            _stop(self.pool, self.processes, kill)
            self.pool = None

    def __enter__(self) -> Pending:
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        self.close(kill=exc_type is not None)


def _stop(pool: ProcessPoolExecutor, processes: list[BaseProcess], kill: bool) -> None:
    """Stop a pool: its pending work cancelled, its workers waited for or (kill) ended now."""
    if kill:
        for process in processes:
            if process.is_alive():
                process.kill()
    pool.shutdown(cancel_futures=True)


class Workers:
    """Worker processes started before their work is known: forked at once, each runs
    warm(*args) (imports a renderer) while this process gets the work ready; the work then
    goes to them pickled (submit). A context manager: leaving it early kills them."""

    def __init__(self, count: int, warm: Callable | None = None, args: tuple = ()):
        self.pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            count,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_worker_warm,
            initargs=(os.getpid(), warm, args),
        )
        _, self.processes = _start(self.pool, _nothing)  # every worker starts now

    def submit(self, fn: Callable, *args) -> Future:
        assert self.pool is not None, "the workers were stopped"
        return self.pool.submit(fn, *args)

    def close(self, kill: bool = False) -> None:
        if self.pool is not None:
            _stop(self.pool, self.processes, kill)
            self.pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        self.close(kill=exc_type is not None)


def start(count: int, warm: Callable | None = None, args: tuple = ()) -> Workers | None:
    """Workers started now (see Workers), or None when there is one processor or the
    system cannot fork: then the work runs in this process."""
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return Workers(count, warm, args)


def run(fn: Callable, shared: Any, items: Sequence, workers: int = 1) -> Pending:
    """Start fn(shared, item) for each item: in this process when workers is 1 (then the
    work happens in results()), else in up to `workers` forked processes, starting now."""
    return Pending(fn, shared, items, workers)
