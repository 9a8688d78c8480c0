"""The project's cache: atomic entries, never trusted, never a failure."""

import os

import pytest

from diglot import cache

pytestmark = pytest.mark.fast


def test_an_entry_written_is_read_back(tmp_path):
    assert cache.read(tmp_path, "words", "a") is None
    assert cache.write(tmp_path, "words", "a", b"data")
    assert cache.read(tmp_path, "words", "a") == b"data"
    # git ignores the cache folder without the project's .gitignore saying so
    assert (tmp_path / ".diglot-cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_keys_delimit_their_parts():
    assert cache.key("ab", "c") != cache.key("a", "bc")
    assert cache.key("a", b"b") == cache.key("a", "b")


def test_what_is_not_a_regular_file_is_absent(tmp_path):
    where = cache.folder(tmp_path, "words")
    where.mkdir(parents=True)
    os.mkfifo(where / "fifo")
    os.symlink("/dev/zero", where / "zero")
    (where / "dir").mkdir()
    for name in ("fifo", "zero", "dir", "none"):
        assert cache.read(tmp_path, "words", name) is None


def test_an_entry_over_the_limit_is_absent(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRY", 4)
    cache.write(tmp_path, "words", "big", b"12345")
    assert cache.read(tmp_path, "words", "big") is None


def test_a_full_disk_costs_nothing_but_the_entry(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.tempfile, "mkstemp", full)
    assert cache.write(tmp_path, "words", "a", b"data") is False
    assert cache.read(tmp_path, "words", "a") is None
