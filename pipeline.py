"""diglot's entry point: python pipeline.py check | build | ... (see README)."""

import _signal  # built in: Ctrl-C and SIGTERM are handled before anything else is imported
import os  # already loaded by the interpreter


def _stop_now(signum, frame):  # nothing to undo yet: one line and the exit code
    os.write(2, b"diglot: interrupted\n" if signum == _signal.SIGINT else b"diglot: terminated\n")
    os._exit(130 if signum == _signal.SIGINT else 143)


_signal.signal(_signal.SIGINT, _stop_now)
_signal.signal(_signal.SIGTERM, _stop_now)

from diglot.entry import run  # noqa: E402 (the same handlers, then the command)

if __name__ == "__main__":
    raise SystemExit(run())
