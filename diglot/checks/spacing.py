"""No space between two characters of a language written without spaces (a target profile
whose script is cjk): the space a reader sees in 进展， 并公开 is almost always a line break
of the content file, which YAML folds into a space (a plain or quoted text continued on the
next line, or a `|` block, whose line breaks every edition shows as spaces).

Each space is reported where it stands in the file: the end of the line that was broken,
or the space itself. The check finds that place by reading the value again from its file;
when it cannot (the file changed since, an escape stands next to the space), it reports the
text's own place and quotes the characters around the space.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ..diagnostics import Location, Reporter
from ..model import Unit
from ..script import SOLID_CHARS
from . import Check, Context, Example, Finding

# A space or a line break (a tab alone, which only the escape \t puts in a value, is meant)
# between two characters with no space between them (Han, kana, CJK punctuation but not the
# ideographic space, full-width forms, the quotation marks “”‘’: script.SOLID_CHARS).
# The other spaces a tool may leave (a no-break space, the narrow and fixed-width spaces of
# U+2000-U+200A, U+202F, U+205F) count as a space; the ideographic space U+3000 is Chinese.
_OTHER = "\u00a0\u2000-\u200a\u202f\u205f"
_SPACE = re.compile(
    rf"(?<=[{SOLID_CHARS}])[ \t\n{_OTHER}]*[ \n{_OTHER}][ \t\n{_OTHER}]*(?=[{SOLID_CHARS}])"
)
_SPACE_IN_FILE = re.compile(
    rf"(?<=[{SOLID_CHARS}])[ \t\r\n{_OTHER}]*[ \r\n{_OTHER}][ \t\r\n{_OTHER}]*(?=[{SOLID_CHARS}])"
)
_ANY_SPACE = re.compile(f"[ {_OTHER}]")
_AROUND = 6  # characters quoted on each side of a space


def check_cjk_space(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    profile = getattr(ctx, "target_profile", None)
    if profile is not None and not profile.cjk:
        return
    language = profile.name if profile is not None else "Chinese"
    for field in zh.fields:
        plain = field.plain
        if not _ANY_SPACE.search(plain):  # a line break of the value is a space in the text
            continue
        spaces = list(_SPACE.finditer(plain))
        if not spaces:
            continue
        places = None
        if len(_SPACE.findall(field.source)) == len(spaces):
            places = _places(field.location, len(spaces), ctx)
        for k, space in enumerate(spaces):
            around = _around(plain, space.start(), space.end())
            if places is None:
                message = (
                    f"a space between {language} characters ('{around}'); if the text goes "
                    "on over two lines in the file, keep it on one line, or put it in double "
                    "quotes and end the line with \\ (which joins the lines without a "
                    "space); otherwise remove the space"
                )
                yield Finding("qa.cjk-space", message, field.name)
                continue
            location, broken = places[k]
            if broken:
                message = (
                    f"the line break here becomes a space between {language} characters "
                    f"('{around}'); keep the text on one line, or put it in double quotes and "
                    "end the line with \\ (which joins the lines without a space)"
                )
            else:
                message = f"a space between {language} characters ('{around}'); remove it"
            yield Finding("qa.cjk-space", message, field.name, location=location)


def _around(text: str, start: int, end: int) -> str:
    before = text[max(0, start - _AROUND) : start]
    after = text[end : end + _AROUND]
    return (
        ("..." if start > _AROUND else "")
        + before
        + " "
        + after
        + ("..." if end + _AROUND < len(text) else "")
    )


def _places(value_at: Location, count: int, ctx) -> list[tuple[Location, bool]] | None:
    """Where each of the count spaces of the value at value_at stands in its file, and
    whether it is a line break; None if the file no longer says so."""
    found = _scalars(value_at.path, ctx)
    if found is None:
        return None
    source, scalars = found
    span = scalars.get((value_at.line, value_at.column))
    if span is None:
        return None
    matches = list(_SPACE_IN_FILE.finditer(source.text, span[0], span[1]))
    if len(matches) != count:
        return None
    return [(source.location(m.start()), "\n" in m[0] or "\r" in m[0]) for m in matches]


def _scalars(path: str, ctx) -> tuple | None:
    """The file's text and the span of each of its values by place, read once per file."""
    cache = ctx.cache.setdefault("qa.cjk-space", {}) if ctx.cache is not None else {}
    if path not in cache:
        cache.clear()  # documents are checked one after the other: keep one file's text
        from ..source import read_source, source_from_text
        from ..yamltree import Scalar, parse_tree, walk

        text = ctx.text_of(path) if getattr(ctx, "text_of", None) is not None else None
        source = source_from_text(path, text) if text is not None else read_source(path, Reporter())
        root = parse_tree(path, source.text, Reporter()) if source is not None else None
        spans = {
            (node.location.line, node.location.column): (node.start, node.end)
            for node in walk(root)
            if isinstance(node, Scalar)
        }
        cache[path] = (source, spans) if source is not None and root is not None else None
    return cache[path]


CHECK = Check(
    "qa.cjk-space",
    "error",
    "No space between Chinese characters (a line break of a text folded over two lines)",
    passes=Example(
        "Both sides agreed to report progress and publish it.", "双方同意报告进展，并予以公开。"
    ),
    fails=Example(
        "Both sides agreed to report progress and publish it.", "双方同意报告进展， 并予以公开。"
    ),
    pair=check_cjk_space,
)


# Characters that show nothing (zero-width spaces and joiners, the word joiner, a byte order
# mark inside a text): pasted from a web page or left by a tool, and a way to make two texts
# that read alike differ. A U+200B in a title or heading is a break hint (README: Chinese
# titles), and a soft hyphen U+00AD a hyphenation hint: both are meant, and not reported.
_INVISIBLE = re.compile("[\u200b-\u200d\u2060-\u2064\ufeff\u180e]")
_HINTED = ("section",)  # with the title block's: the units whose texts may hold a break hint


def check_invisible(en: Unit, zh: Unit, ctx: Context) -> Iterator[Finding]:
    for unit, side in ((en, ctx.source_name), (zh, ctx.target_name)):
        hinted = unit.container == "title-block" or unit.role in _HINTED
        for field in unit.fields:
            found = [
                char
                for char in dict.fromkeys(_INVISIBLE.findall(field.source + field.plain))
                if not (hinted and char == "\u200b")
            ]
            if not found:
                continue
            names = ", ".join(
                f"U+{ord(c):04X} {unicodedata.name(c, 'format character').lower()}" for c in found
            )
            yield Finding(
                "qa.invisible",
                f"the {side} holds a character that shows nothing ({names}): "
                "pasted or left by a tool, it makes the text differ from what a reader "
                "sees; remove it",
                field.name,
                location=field.location if unit is en else None,
            )


INVISIBLE = Check(
    "qa.invisible",
    "error",
    "No character that shows nothing (zero-width spaces, joiners) in a text",
    passes=Example("The two sides agreed.", "双方同意。"),
    fails=Example("The two sides agreed.", "双方\u200b同意。"),
    pair=check_invisible,
)
