"""The release folder as it is written (diglot/release/bundle.py): in the document's folder of
the releases folder, never where a link leads, and never over a folder that appears at its
place while it is written, even an empty one."""

from __future__ import annotations

import os

import pytest

from diglot import interrupts
from diglot.release.bundle import write_bundle
from diglot.release.outcome import ReleaseError

FILES = {"doc.en.html": b"<p>x</p>"}
MANIFEST = {"document": "doc", "version": "1.0"}


def test_a_release_is_written_in_place(tmp_path):
    target = tmp_path / "release" / "doc" / "1.0"
    assert write_bundle(target, FILES, MANIFEST) == target
    assert sorted(p.name for p in target.iterdir()) == [
        "SHA256SUMS",
        "doc.en.html",
        "manifest.json",
    ]


def test_a_document_folder_that_is_a_link_is_refused(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "release").mkdir()
    (tmp_path / "release" / "doc").symlink_to(elsewhere)
    with pytest.raises(ReleaseError, match=r"release/doc is a link \(to .*elsewhere\)"):
        write_bundle(tmp_path / "release" / "doc" / "1.0", FILES, MANIFEST)
    assert list(elsewhere.iterdir()) == []


def test_an_empty_folder_made_at_the_place_meanwhile_is_not_replaced(tmp_path, monkeypatch):
    """Renaming a folder onto an empty one replaces it: the place is taken with mkdir first,
    so that a folder made there after the check (by another release) stops this one."""
    target = tmp_path / "release" / "doc" / "1.0"
    commit = interrupts.commit

    def meanwhile():
        target.mkdir()
        os.utime(target, (1, 1))  # to tell it from a folder made by the release
        commit()

    monkeypatch.setattr(interrupts, "commit", meanwhile)
    with pytest.raises(ReleaseError, match="was written meanwhile by another release"):
        write_bundle(target, FILES, MANIFEST)
    assert target.is_dir() and list(target.iterdir()) == []
    assert target.stat().st_mtime == 1
    assert [p.name for p in target.parent.iterdir()] == ["1.0"]  # no staging folder left
