"""Ctrl-C and SIGTERM while a command runs: one line and an exit code (130, 143), never a
traceback; and, once a command has started to switch in what it wrote (a build, a release,
an import, approve), held back until it has said what it did. (Before the command runs,
diglot.entry's handlers do the same.)"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

EXIT: dict[int, int] = {signal.SIGINT: 130, signal.SIGTERM: 143}
WORDS: dict[int, str] = {signal.SIGINT: "interrupted", signal.SIGTERM: "terminated"}


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that the command ends as Ctrl-C does."""


def _terminate(signum: int, frame) -> None:
    raise Terminated()


# A handler runs wherever the main thread is when the signal comes, and that may be a
# finaliser or a weakref callback (one of the import system's, during an import): Python can
# only print an exception raised there ("Exception ignored in ...") and go on, so the
# command would neither stop nor keep its one line. Such a KeyboardInterrupt or Terminated
# is not printed: the signal is sent to the main thread again a few milliseconds later
# (from a thread of its own: sent from here, the handler would run at once, in this hook,
# where its exception would be lost too), and raised in ordinary code (or, should it land
# in a finaliser again, sent again).
RESEND_AFTER = 0.005  # seconds: this hook has long returned, the main thread runs its code
_unraisable_before: list = []


def _unraisable(unraisable) -> None:
    kind = unraisable.exc_type
    if kind is not None and issubclass(kind, (KeyboardInterrupt, Terminated)):
        signum = signal.SIGINT if issubclass(kind, KeyboardInterrupt) else signal.SIGTERM
        main = threading.main_thread().ident
        # sent once this hook has returned: a thread's start() waits for the thread to run,
        # and on a busy machine that took longer than RESEND_AFTER, so the signal came while
        # this hook still ran, and was lost with it
        returned = threading.Event()
        threading.Thread(target=_send_again, args=(main, signum, returned), daemon=True).start()
        returned.set()
        return
    (_unraisable_before[0] if _unraisable_before else sys.__unraisablehook__)(unraisable)


def _send_again(thread: int | None, signum: int, returned: threading.Event) -> None:
    returned.wait()
    time.sleep(RESEND_AFTER)
    if thread is not None:
        signal.pthread_kill(thread, signum)


_held: list[int] = []
_committing = False


def install() -> None:
    """The handlers while a command runs: Ctrl-C raises KeyboardInterrupt and SIGTERM
    Terminated, which the command turns into one line and its exit code."""
    global _committing
    _held.clear()
    _committing = False
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, _terminate)
        if sys.unraisablehook is not _unraisable:
            _unraisable_before[:] = [sys.unraisablehook]
            sys.unraisablehook = _unraisable


def finish() -> None:
    """The command is over: nothing is held any more (its caller's handlers come back)."""
    global _committing
    _held.clear()
    _committing = False
    if sys.unraisablehook is _unraisable and _unraisable_before:
        sys.unraisablehook = _unraisable_before.pop()


def _hold(signum: int, frame) -> None:
    _held.append(signum)


def commit() -> None:
    """From here to the end of the command, Ctrl-C and SIGTERM are noted, not acted on:
    the command has started to switch in what it wrote and finishes, reporting what it did.
    (In another thread than the main one, nothing changes: signals go to the main thread.)"""
    global _committing
    if _committing or threading.current_thread() is not threading.main_thread():
        return
    _committing = True
    for signum in EXIT:
        signal.signal(signum, _hold)


@contextmanager
def blocked() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block is done (a switch of files or folders)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, set(EXIT))
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def wrapped(exc: BaseException) -> BaseException | None:
    """The Ctrl-C or SIGTERM behind an exception, if any: one that Python wrapped in another
    (3.11 turns what a class attribute's __set_name__ raises into a RuntimeError), or one
    whose handling raised it (its cause or context, followed to the first)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, (KeyboardInterrupt, Terminated)):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def reraise(exc: BaseException) -> None:
    """Raise exc again when a Ctrl-C or SIGTERM lies behind it (see wrapped): a handler of
    other errors (a file that cannot be read, a key that cannot sign) must not take it for
    one of them."""
    if wrapped(exc) is not None:
        raise exc


def committed() -> bool:
    return _committing


def held() -> int | None:
    """The first signal that came while the command committed its work, if any."""
    return _held[0] if _held else None


def said_after(signum: int) -> str:
    """The line for a signal that came once the command had begun to write."""
    return (
        f"diglot: {WORDS[signum]} once it had begun to write its files; it was not stopped "
        "midway: the lines above say what it did"
    )
