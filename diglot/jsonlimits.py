"""JSON from files diglot wrote (a release's manifest, the build record, a review file's
properties), read as untrusted: a size limit, a nesting limit checked before parsing (no
recursion to exhaust), no NaN or Infinity, no number too large to be one, no duplicate key;
and small checks of shape (a size is an integer, never a boolean)."""

from __future__ import annotations

import json
import math
import re

MAX_DEPTH = 32
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_OPEN_CLOSE = str.maketrans({"[": "(", "{": "(", "]": ")", "}": ")"})


class JsonProblem(ValueError):
    """Why a text is not the JSON asked for, as words that follow its name ("is not valid
    JSON: …", "nests 100000 levels deep"); line and column where known (from 1)."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def _depth(text: str) -> int:
    """The deepest nesting of arrays and objects, strings left aside (no recursion)."""
    return bracket_depth(_STRING.sub("", text))


def bracket_depth(text: str) -> int:
    """The deepest nesting of [ ] and { } in a text whose strings are taken out (JSON's, or
    TOML's: its parser, like JSON's, recurses once a level)."""
    brackets = "".join(re.findall(r"[\[\]{}]", text)).translate(_OPEN_CLOSE)
    depth = deepest = 0
    for run in re.findall(r"\(+|\)+", brackets):  # runs, not characters: 100,000 '[' is one
        if run[0] == "(":
            depth += len(run)
            deepest = max(deepest, depth)
        else:
            depth -= len(run)
    return deepest


def _constant(name: str) -> None:
    raise JsonProblem(f"holds {name}, which is not a number here")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonProblem(f"holds the number {text[:20]}, which is too large")
    return value


def _int(text: str) -> int:
    if len(text) > 30:
        raise JsonProblem(f"holds a number of {len(text)} digits ({text[:20]}…)")
    return int(text)


def _pairs(pairs: list[tuple[str, object]]) -> dict:
    found: dict = {}
    for key, value in pairs:
        if key in found:
            raise JsonProblem(f"holds the key '{key[:40]}' twice")
        found[key] = value
    return found


def loads(data: bytes | str, max_depth: int = MAX_DEPTH) -> object:
    """Parse JSON within the limits; JsonProblem (with its line and column) says why not."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise JsonProblem("is not UTF-8 text", line) from None
    else:
        text = data
    deepest = _depth(text)
    if deepest > max_depth:
        raise JsonProblem(f"nests {deepest} levels deep; at most {max_depth} are read")
    try:
        return json.loads(
            text,
            parse_constant=_constant,
            parse_float=_float,
            parse_int=_int,
            object_pairs_hook=_pairs,
        )
    except JsonProblem:
        raise
    except json.JSONDecodeError as exc:
        raise JsonProblem(f"is not valid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except (ValueError, RecursionError) as exc:  # a number Python will not convert
        raise JsonProblem(f"is not valid JSON: {exc}") from None


def is_count(value: object, most: int | None = None) -> bool:
    """A JSON integer from 0 (to most): true and false are not counts, nor is 3.0."""
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and value >= 0
        and (most is None or value <= most)
    )
