"""yamlquick reads the common block YAML without ruamel.yaml: wherever it answers, its tree
(values, locations, offsets) must be exactly ruamel.yaml's, on real files, generated files
and mutated copies of the bundled content."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from diglot.diagnostics import Reporter
from diglot.yamlquick import quick_tree
from diglot.yamltree import full_tree

from conftest import REPO

YAML_FILES = sorted(p for folder in ("content", "tests/fixtures")
                    for p in (REPO / folder).rglob("*.yaml"))


def assert_same_as_ruamel(text: str) -> bool:
    """Whether the quick reader answered; where it did, ruamel.yaml agrees in every detail
    and finds nothing wrong."""
    quick = quick_tree("f.yaml", text)
    if quick is None:
        return False
    reporter = Reporter()
    full = full_tree("f.yaml", text, reporter)
    assert not reporter.diagnostics, (text, reporter.to_text())
    assert quick == full, text
    return True


def test_the_bundled_content_is_read_without_ruamel():
    for path in ("en/digital-economy-2024.yaml", "zh/digital-economy-2024.yaml",
                 "glossary.yaml"):
        assert assert_same_as_ruamel((REPO / "content" / path).read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_fixture_agrees_with_ruamel(path):
    assert_same_as_ruamel(path.read_text(encoding="utf-8", errors="replace"))


def test_check_on_the_bundled_document_never_imports_ruamel():
    code = ("import sys; from diglot.cli import main; main(['check']); "
            "print(any(m.startswith('ruamel') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, check=True)
    assert result.stdout.splitlines()[-1] == "False"


# -- generated files ------------------------------------------------------------------------

_SAFE = ["id", "text", "a", "中文", "美中关系", "AI", "2024", "yes", "x-y", "3.5", "~", "C#",
         "a'b", 'a"b', "\\*", "**bold**", "，。", "a  b", "null", "U.S.-China", "(GDC)"]
_NASTY = ["a #b", "k: v", "end:", "&x", "*y", "!t", "-5", "'q'", '"d"', "[l]", "{m}", "|",
          ">", "%", "@", "`", "? q", "- z"]


def _word(rng: random.Random) -> str:
    return rng.choice(_NASTY if rng.random() < 0.12 else _SAFE)


def _scalar(rng: random.Random) -> str:
    words = " ".join(_word(rng) for _ in range(rng.randint(1, 3)))
    kind = rng.random()
    if kind < 0.55:
        return words
    if kind < 0.75:
        return '"' + words.replace("\\", "\\\\").replace('"', rng.choice(['\\"', '"'])) + '"'
    if kind < 0.9:
        return "'" + words.replace("'", rng.choice(["''", "'"])) + "'"
    items = ", ".join(rng.choice([_word(rng), '"q"', "'s'"])
                      for _ in range(rng.randint(0, 3)))
    return f"[{items}]" + rng.choice(["", ",]", " ]"])


def _trailer(rng: random.Random) -> str:
    return rng.choice(["", "", "", " ", "  # note", "#x"])


def _block(rng: random.Random, indent: int, depth: int, out: list[str], first: str = "") -> None:
    """A mapping or a list at indent; first replaces the first line's indentation (a '- ')."""
    pad = " " * indent
    lead = first or pad
    if rng.random() < 0.35:
        for n in range(rng.randint(1, 3)):
            prefix = lead if n == 0 else pad
            if depth < 3 and rng.random() < 0.3:
                _block(rng, indent + 2, depth + 1, out, prefix + "- ")
            else:
                out.append(f"{prefix}- {_scalar(rng)}{_trailer(rng)}")
        return
    keys = rng.sample(["id", "text", "name", "roles", "heading", "k", "id"], rng.randint(1, 4))
    for n, key in enumerate(keys):
        prefix = lead if n == 0 else pad
        roll = rng.random()
        if depth < 3 and roll < 0.3:
            out.append(f"{prefix}{key}:{_trailer(rng)}")
            if rng.random() < 0.3:
                out.append(rng.choice(["", "# comment", "      # deep comment"]))
            child = indent + rng.choice([2, 2, 4, 1])
            _block(rng, child, depth + 1, out)
        elif depth < 3 and roll < 0.4:
            out.append(f"{prefix}{key}:")
            for _ in range(rng.randint(1, 2)):  # a list at the key's own indent
                out.append(f"{pad}- {_scalar(rng)}")
        else:
            out.append(f"{prefix}{key}:{rng.choice([' ', ' ', '  '])}{_scalar(rng)}"
                       f"{_trailer(rng)}")
            if rng.random() < 0.05:
                out.append(pad + "    continued")


def test_generated_files_agree_with_ruamel():
    rng = random.Random(2024)
    answered = 0
    for _ in range(1500):
        lines: list[str] = []
        _block(rng, 0, 0, lines)
        if rng.random() < 0.2:
            lines.insert(0, "# a comment")
        text = "\n".join(lines) + rng.choice(["\n", "", "\n\n", "\n# end\n"])
        answered += assert_same_as_ruamel(text)
    assert answered > 400  # the subset is really exercised


def test_mutated_content_agrees_with_ruamel():
    """Single-character edits of the bundled files: either left to ruamel.yaml, or read
    exactly as it reads them."""
    rng = random.Random(7)
    texts = [(REPO / "content" / p).read_text(encoding="utf-8") for p in
             ("en/digital-economy-2024.yaml", "zh/digital-economy-2024.yaml", "glossary.yaml")]
    answered = 0
    for _ in range(300):
        text = rng.choice(texts)
        at = rng.randrange(len(text))
        edit = rng.choice([" ", "  ", "-", "- ", ":", ": ", "#", " #", "\n", "'", '"', "[",
                           "]", ",", "\\", "&", "*", "!", "\t", "?", "", "x"])
        answered += assert_same_as_ruamel(text[:at] + edit + text[at + rng.randint(0, 2):])
    assert answered > 30
