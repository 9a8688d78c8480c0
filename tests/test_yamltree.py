"""The located YAML tree's one walk (diglot/yamltree.py): every node in the order of the text."""

from __future__ import annotations

import pytest

from diglot.diagnostics import Reporter
from diglot.yamledit import mappings_by_id
from diglot.yamltree import Mapping, Scalar, mappings, parse_tree, walk

pytestmark = pytest.mark.fast

TEXT = """\
title: A
body:
  - id: first
    text: one
    items:
      - id: inner
        text: two
  - {id: second, text: three}
"""


def test_the_walk_follows_the_text():
    root = parse_tree("x.yaml", TEXT, Reporter())
    scalars = [node.value for node in walk(root) if isinstance(node, Scalar)]
    assert scalars == ["A", "first", "one", "inner", "two", "second", "three"]
    ids = [dict((k.value, v) for k, v in m.items).get("id") for m in mappings(root)]
    assert [i.value if isinstance(i, Scalar) else i for i in ids] == [
        None,
        "first",
        "inner",
        "second",
    ]
    assert list(walk(None)) == []


def test_a_unit_is_found_by_its_id_first_in_the_text():
    root = parse_tree("x.yaml", TEXT + "  - id: first\n    text: again\n", Reporter())
    found = mappings_by_id(root)
    assert list(found) == ["first", "inner", "second"]
    assert isinstance(found["first"], Mapping) and found["first"].location.line == 3
