"""The label catalogs are what the code and templates ask for: `pybabel extract` with the
project's babel.cfg finds exactly the labels of templates/locale/messages.pot, and every
language's catalog translates each of them."""

from __future__ import annotations

import os
import re

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


@pytest.mark.parametrize("catalog", ["zh", "zh_Hant"])
def test_chinese_labels_set_no_space_between_han_and_a_number(catalog):
    """The Chinese text sets a number against the characters around it (2024年10月); the
    labels do the same (第2页，共9页), so an edition follows one policy."""
    with open(LOCALE / catalog / "LC_MESSAGES" / "messages.po", "rb") as handle:
        strings = [
            str(s)
            for m in read_po(handle)
            if m.id
            for s in (m.string if isinstance(m.string, (list, tuple)) else [m.string])
        ]
    han, number = r"[\u3400-\u9fff]", r"(?:\{\w+\}|\d)"
    spaced = [s for s in strings if re.search(rf"{han} {number}|{number} {han}", s)]
    assert spaced == []
