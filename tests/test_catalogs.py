"""The label catalogs are what the code and templates ask for: `pybabel extract` with the
project's babel.cfg finds exactly the labels of templates/locale/messages.pot, and every
language's catalog translates each of them."""

from __future__ import annotations

import os

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from conftest import REPO

LOCALE = REPO / "templates" / "locale"


def labels(path) -> set[str]:
    with open(path, "rb") as handle:
        return {str(m.id) for m in read_po(handle) if m.id}


def test_extraction_finds_exactly_the_labels_of_the_template(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    extracted = tmp_path / "messages.pot"
    CommandLineInterface().run(
        ["pybabel", "-q", "extract", "-F", "babel.cfg", "-o", str(extracted), "."]
    )
    assert labels(extracted) == labels(LOCALE / "messages.pot")


@pytest.mark.parametrize(
    "catalog", sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/messages.po"))
)
def test_every_catalog_translates_every_label(catalog):
    with open(os.path.join(LOCALE, catalog, "LC_MESSAGES", "messages.po"), "rb") as handle:
        translated = {str(m.id) for m in read_po(handle) if m.id and m.string}
    assert labels(LOCALE / "messages.pot") - translated == set()
