"""The console script `diglot` and `python pipeline.py`: Ctrl-C and SIGTERM are handled from
the first lines, before diglot's own imports (a tenth of a second), then the command runs.

Until the command installs its own handlers (diglot.interrupts) there is nothing to undo: a
signal prints one line and ends the process with 130 (Ctrl-C) or 143 (SIGTERM). The C
module _signal is used here: `signal` imports enum and more, which takes long enough for a
Ctrl-C to land in it."""

import _signal
import os


def _stop_now(signum: int, frame: object) -> None:
    interrupted = signum == _signal.SIGINT
    os.write(2, b"diglot: interrupted\n" if interrupted else b"diglot: terminated\n")
    os._exit(130 if interrupted else 143)


_signal.signal(_signal.SIGINT, _stop_now)
_signal.signal(_signal.SIGTERM, _stop_now)


def run() -> int:
    from .cli import main

    try:
        return main()
    except BaseException as exc:
        # a signal raised in the few instructions between the command's end and the moment
        # it gives back these handlers (which never raise): one line and the exit code too
        from .interrupts import Terminated

        if isinstance(exc, (KeyboardInterrupt, Terminated)):
            _stop_now(
                _signal.SIGINT if isinstance(exc, KeyboardInterrupt) else _signal.SIGTERM, None
            )
        raise
