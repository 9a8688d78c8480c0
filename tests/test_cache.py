"""The cache of derived data: atomic entries outside the projects, never trusted, never a
failure."""

import os

import pytest

from diglot import cache


@pytest.fixture
def where(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGLOT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_an_entry_written_is_read_back(where):
    name = cache.key("text")
    assert cache.read("words", name) is None
    assert cache.write("words", name, b"data")
    assert cache.read("words", name) == b"data"
    assert (where / "words" / name[:2] / name).is_file()


def test_the_folder_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("DIGLOT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.root() == tmp_path / "xdg" / "diglot"
    monkeypatch.setenv("DIGLOT_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.root() == tmp_path / "mine"


def test_keys_delimit_their_parts():
    assert cache.key("ab", "c") != cache.key("a", "bc")
    assert cache.key("a", b"b") == cache.key("a", "b")


def test_what_is_not_a_regular_file_is_absent(where):
    inside = where / "words" / "ab"
    inside.mkdir(parents=True)
    os.mkfifo(inside / "abfifo")
    os.symlink("/dev/zero", inside / "abzero")
    (inside / "abdir").mkdir()
    for name in ("abfifo", "abzero", "abdir", "abnone"):
        assert cache.read("words", name) is None


def test_an_entry_over_the_limit_is_absent(where, monkeypatch):
    monkeypatch.setattr(cache, "MAX_ENTRY", 4)
    cache.write("words", "big", b"12345")
    assert cache.read("words", "big") is None


def test_a_full_disk_costs_nothing_but_the_entry(where, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.tempfile, "mkstemp", full)
    assert cache.write("words", "abc", b"data") is False
    assert cache.read("words", "abc") is None
