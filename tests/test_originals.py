"""The number of originals signed (title-block originals): the testimonium says it in each
language ("in duplicate", 一式两份，每份均以…写成), the same number in every language, a
whole number from 2 to 20; a type without a testimonium has no such key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, layouts

DECLARATION = FIXTURES / "types" / "declaration" / "content"
DOC = "aldane-sea-fisheries-1948"


@pytest.fixture
def declaration(tmp_path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(DECLARATION, content)
    return content


def originals(content: Path, lang: str, value: str) -> None:
    path = content / lang / f"{DOC}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("  date: 1948-06-17\n", f"  date: 1948-06-17\n  originals: {value}\n", 1),
        encoding="utf-8",
    )


def closings(content: Path) -> dict[str, str | None]:
    """The testimonium of each language edition, by language."""
    found = {}
    for stem, layout in layouts(content).items():
        if len(layout.columns) == 1:
            block = next(b for b in layout.body if b.role == "testimonium")
            found[stem.rsplit(".", 1)[1]] = block.cells[0].label
    return found


@pytest.mark.parametrize(
    "number, english, chinese",
    [
        ("2", "in duplicate", "一式两份"),
        ("3", "in triplicate", "一式三份"),
        ("5", "in five originals", "一式五份"),
        ("12", "in twelve originals", "一式十二份"),
    ],
)
def test_the_testimonium_says_how_many_originals_were_signed(declaration, number, english, chinese):
    for lang in ("en", "zh"):
        originals(declaration, lang, number)
    found = closings(declaration)
    assert found["en"] == (
        f"Done at Port Merrow, on June 17, 1948, {english}, in the English and Chinese "
        "languages, both texts being equally authentic."
    )
    assert found["zh"] == (
        f"1948年6月17日订于梅罗港，{chinese}，每份均以中文和英文写成，两种文本同等作准。"
    )


def test_without_originals_the_testimonium_says_nothing_of_them(declaration):
    assert closings(declaration)["zh"] == (
        "1948年6月17日订于梅罗港，以中文和英文写成，两种文本同等作准。"
    )


@pytest.mark.parametrize("value", ["1", "21", "two", "2.5", "-2", "２"])
def test_a_number_of_originals_that_is_none_is_a_located_error(
    declaration, cli, monkeypatch, value
):
    originals(declaration, "en", value)
    originals(declaration, "zh", "2")
    monkeypatch.chdir(declaration.parent)
    code, out = cli("check").merged()
    assert code == 1
    assert (
        f"content/en/{DOC}.yaml:16:14: error: title-block.originals: '{value}' is not a number "
        'of originals from 2 to 20 (2: the testimonium says "in duplicate") [content.bad-value]'
    ) in out, out


def test_a_number_of_originals_of_thousands_of_figures_is_a_located_error(
    declaration, cli, monkeypatch
):
    """More figures than Python converts to an int (4,300): refused as any other number."""
    originals(declaration, "en", "9" * 5_000)
    originals(declaration, "zh", "2")
    monkeypatch.chdir(declaration.parent)
    code, out = cli("check").merged()
    assert code == 1
    assert f"content/en/{DOC}.yaml:16:14: error: title-block.originals: '999" in out, out
    assert "[content.bad-value]" in out and "internal error" not in out, out


def test_the_number_of_originals_is_the_same_in_every_language(declaration, cli, monkeypatch):
    originals(declaration, "en", "2")
    originals(declaration, "zh", "3")
    monkeypatch.chdir(declaration.parent)
    code, out = cli("check").merged()
    assert code == 1
    assert (
        f"content/zh/{DOC}.yaml:13:14: error: originals '3' differs from the English '2' "
        f"(content/en/{DOC}.yaml:16:14) [parity.value]"
    ) in out, out
    originals(declaration, "en", "")  # given in one language only
    shutil.copy(DECLARATION / "en" / f"{DOC}.yaml", declaration / "en" / f"{DOC}.yaml")
    code, out = cli("check").merged()
    assert code == 1 and "title-block.originals is given here but not in English" in out


def test_a_type_without_a_testimonium_has_no_originals(project, cli):
    """The tiny fixture is a consensus agreement: it closes without a testimonium."""
    originals_in = project / "content" / "en" / "memo.yaml"
    text = originals_in.read_text(encoding="utf-8")
    originals_in.write_text(text.replace("  date: 2024-10\n", "  date: 2024-10\n  originals: 2\n"))
    code, out = cli("check").merged()
    assert code == 1 and "originals" in out and "[content.unknown-key]" in out, out
