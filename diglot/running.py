"""The running heads: a title block's texts short enough for one line of a page's header,
cut at a word boundary with an ellipsis (between words of a language written without spaces,
when the layout knows them: layoutbreaks.with_breaks)."""

from __future__ import annotations

from collections.abc import Callable, Collection

from .script import advance, is_wide, text_ems

# The widths running headers may take, in ems of their own type. One header line of the
# language editions holds the series (left) and the title (right): 49 em of 8.5 pt in the
# 418 pt text block, less a gap. The side-by-side edition's holds one text per language:
# 60 em of 8 pt, half each less a gap.
RUNNING_LINE_EMS = 46.0
RUNNING_EMS = 28.0
ELLIPSIS = "\u2026"


def running_text(text: str, ems: float = RUNNING_EMS, words: Collection[int] | None = None) -> str:
    """A text short enough for one line of `ems`: whole, or cut at the last word boundary
    that leaves room for an ellipsis: a space, or between two CJK characters where words
    (the offsets between the words of a text without spaces: linebreak.Segmenter) allows,
    anywhere between two when it is not known."""
    if " ".join(text.split()) != text:
        text, words = " ".join(text.split()), None  # the offsets were of another text
    if text_ems(text) <= ems:
        return text
    budget = ems - advance(ELLIPSIS)
    width, cut, boundary = 0.0, 0, 0
    for i, char in enumerate(text):
        width += advance(char)
        if width > budget:
            break
        cut = i + 1
        following = text[i + 1] if i + 1 < len(text) else " "
        wide = is_wide(char) and is_wide(following)
        if following == " " or wide and (words is None or i + 1 in words):
            boundary = i + 1
    return text[: boundary or cut].rstrip(" ,;:-\u2014\u00b7\uff0c\u3001\uff1b\uff1a") + ELLIPSIS


def running_texts(
    texts: dict[str, str], words_of: Callable[[str], Collection[int]] | None = None
) -> dict[str, str]:
    """The running header's texts of one language (series, title), each within
    RUNNING_EMS and together within RUNNING_LINE_EMS: the shorter keeps up to half of the
    line, the longer takes the rest. A text alone (a joint statement has no reference, a
    document may have no series) has the whole line: a short title that fits it is never
    cut (words_of: a text's word boundaries, running_text)."""
    if len(texts) == 1:
        budgets = dict.fromkeys(texts, RUNNING_LINE_EMS)
    else:
        widths = {n: min(text_ems(" ".join(t.split())), RUNNING_EMS) for n, t in texts.items()}
        budgets = dict.fromkeys(texts, RUNNING_EMS)
        if sum(widths.values()) > RUNNING_LINE_EMS and len(texts) == 2:
            short, long = sorted(texts, key=lambda name: widths[name])
            budgets[short] = min(widths[short], RUNNING_LINE_EMS / 2)
            budgets[long] = RUNNING_LINE_EMS - budgets[short]
    return {
        name: running_text(text, budgets[name], words_of(text) if words_of else None)
        for name, text in texts.items()
    }


def running_of(
    units: dict, codes: dict, words_of: Callable[[str], Collection[int]] | None = None
) -> dict[str, str]:
    """A title block's running texts (TitleCell.running), cut at word boundaries (words_of:
    a text's, for a language written without spaces; with_breaks gives them)."""

    def plain(name: str) -> str:
        unit = units.get(name)
        return unit.main.plain if unit is not None else ""

    short = plain("short-title")
    running = running_texts(
        {
            name: text
            for name, text in (
                ("left", codes.get("reference") or plain("reference") or plain("series")),
                ("right", short or plain("title")),
            )
            if text
        },
        words_of,
    )
    column = short or plain("series") or plain("title")
    running["column"] = running_text(column, RUNNING_EMS, words_of(column) if words_of else None)
    return running
