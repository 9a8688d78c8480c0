"""Worker processes (diglot/executor.py): told apart as they start, ended with their work."""

from __future__ import annotations

import os
import time

import pytest

from diglot import executor

pytestmark = pytest.mark.fast


def _pid(_shared, _item) -> int:
    return os.getpid()


def _sleep(_shared, seconds: float) -> None:
    time.sleep(seconds)


def test_a_pool_knows_its_workers_and_only_them():
    with executor.Workers(2) as first, executor.Workers(2) as second:
        assert len(first.processes) == len(second.processes) == 2
        assert not {p.pid for p in first.processes} & {p.pid for p in second.processes}
        pids = {first.submit(os.getpid).result() for _ in range(6)}
        assert pids <= {p.pid for p in first.processes}
    assert not any(p.is_alive() for p in first.processes + second.processes)


def test_leaving_early_kills_busy_workers():
    started = time.monotonic()
    with pytest.raises(RuntimeError), executor.run(_sleep, None, [30, 30], 2) as pending:
        assert len(pending.processes) == 2
        raise RuntimeError("an error while the workers render")
    assert time.monotonic() - started < 10
    assert not any(p.is_alive() for p in pending.processes)


def test_work_comes_back_in_order():
    with executor.run(_pid, None, list(range(4)), 2) as pending:
        pids = pending.results()
    assert len(pids) == 4 and set(pids) <= {p.pid for p in pending.processes}
