"""Reads the project's settings, diglot.toml beside the content folder: the file as text and
as tables, each problem located at the line and column of the key or value it concerns."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Location, Reporter, on_forget
from .files import file_kind

CONFIG_FILE = "diglot.toml"
MAX_BYTES = 1024 * 1024

_TOML_PLACE = re.compile(r" \(at (?:line (\d+), column (\d+)|end of document)\)\Z")
_HEADER = re.compile(r"\s*\[\[?\s*([^\]]*?)\s*\]\]?\s*(?:#.*)?")
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def project_root(content_dir: Path) -> Path:
    """The project folder: the one holding the content folder as it is named (links in the
    content folder's own name are not followed, so settings never come from a link's
    target)."""
    return Path(os.path.abspath(content_dir)).parent


@dataclass(frozen=True)
class Config:
    """diglot.toml read: its tables (empty when there is no file), its text, to locate
    keys in, and the SHA-256 of its bytes (None when there is no file)."""

    path: str
    table: dict = field(default_factory=dict)
    text: str = ""
    sha256: str | None = None

    def section(self, name: str) -> dict:
        """A top-level table ({} when absent or not a table: reported by read_config)."""
        value = self.table.get(name, {})
        return value if isinstance(value, dict) else {}

    def where(self, *keys: str, value: bool = False) -> Location:
        """The place of the key at this path (the table [a.b], or a.b.c = ...), or of its
        value; the file's start when it cannot be found."""
        line, column = locate(self.text, keys, value)
        return Location(self.path, line, column)


def read_config(path: Path, reporter: Reporter) -> Config | None:
    """The settings at path: Config({}) when there is no file, None when the file cannot be
    used (reported). Reports problems of the file as a whole: unreadable, not TOML, empty.
    Its tables and values are checked against their description (schema/settings.py) by
    those who read them (languages.project_languages, settings.load_settings)."""
    where = Location(str(path))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            reporter.error(
                "config.unreadable",
                f"{CONFIG_FILE} is a link to '{os.readlink(path)}', which does not exist",
                where,
            )
            return None
        return Config(str(path))
    except OSError as exc:
        reporter.error("config.unreadable", f"cannot read the settings: {_reason(exc)}", where)
        return None
    real = Path(os.path.realpath(path))
    root = path.parent.resolve()
    if not real.is_relative_to(root):
        reporter.error(
            "config.unreadable",
            f"{CONFIG_FILE} leads to {real}, outside the project folder {root}; the settings "
            "are read only from the project itself: copy the file into it",
            where,
        )
        return None
    if not stat.S_ISREG(info.st_mode):
        reporter.error(
            "config.unreadable",
            f"{CONFIG_FILE} is not a regular file ({file_kind(info.st_mode)}); the settings "
            "are a TOML text file",
            where,
        )
        return None
    from .files import NotReadable, read_bytes

    # a file that cannot be read (permissions, a failing disk) raises OSError: the command
    # reports it as one located line, exit 2 (an environment fault, not the content's)
    try:
        data = read_bytes(path, MAX_BYTES, within=path.parent)
    except NotReadable as exc:
        if exc.kind in ("denied", "io", "missing"):
            raise
        reason = (
            f"is over {MAX_BYTES:,} bytes; is it the right file?"
            if exc.kind == "too-large"
            else exc.reason
        )
        reporter.error("config.unreadable", f"{CONFIG_FILE} {reason}", where)
        return None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        reporter.error(
            "config.syntax",
            "the settings are not valid UTF-8; re-save diglot.toml as UTF-8",
            Location(str(path), line, column),
        )
        return None
    import tomllib  # only when there is a settings file

    try:
        table = toml_loads(text)
    except TomlTooDeep as exc:
        reporter.error("config.syntax", f"cannot read the settings: {exc}", where)
        return None
    except tomllib.TOMLDecodeError as exc:
        message, place = toml_error_place(exc, text, str(path))
        reporter.error("config.syntax", f"cannot read the settings: {message}", place)
        return None
    config = Config(str(path), table, text, hashlib.sha256(data).hexdigest())
    if not table:
        reporter.error(
            "config.empty",
            f"{CONFIG_FILE} holds no settings (it is empty or only comments); write "
            "[languages] or [checks] in it, or delete it to use the defaults",
            where,
        )
        return None
    return config


TOML_MAX_DEPTH = 32
_TOML_STRINGS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*'
)


class TomlTooDeep(ValueError):
    """A TOML text nested deeper than anyone writes (its parser would recurse that deep)."""


def toml_loads(text: str) -> dict:
    """tomllib.loads, once the text is known to nest at most TOML_MAX_DEPTH arrays and
    inline tables deep (TomlTooDeep otherwise: no recursion without end). A text read before
    in this process is not parsed again: its tables come from a pickled copy (the caller
    owns what it gets; the settings and each language profile are read by every command)."""
    import pickle
    import tomllib

    from .jsonlimits import bracket_depth

    kept = _TOML_READ.get(text)
    if kept is not None:
        return pickle.loads(kept)
    depth = bracket_depth(_TOML_STRINGS.sub("", text))
    if depth > TOML_MAX_DEPTH:
        raise TomlTooDeep(
            f"it nests {depth} arrays or tables deep; at most {TOML_MAX_DEPTH} are read"
        )
    table = tomllib.loads(text)
    if len(text) <= 100_000:
        if len(_TOML_READ) >= 256:
            del _TOML_READ[next(iter(_TOML_READ))]
        _TOML_READ[text] = pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)
    return table


_TOML_READ: dict[str, bytes] = {}  # pickled tables by text, oldest first
on_forget(_TOML_READ.clear)


def toml_error_place(exc: Exception, text: str, path: str) -> tuple[str, Location]:
    """tomllib's message without its "(at line 3, column 7)", and that place."""
    message = str(exc)
    match = _TOML_PLACE.search(message)
    if match and match.group(1):
        place = Location(path, int(match.group(1)), int(match.group(2)))
    elif match:  # at the end of the document
        lines = text.splitlines() or [""]
        place = Location(path, len(lines), len(lines[-1]) + 1)
    else:
        place = Location(path)
    return (message[: match.start()] if match else message), place


def type_name(value: object) -> str:
    """What a TOML value is, in words (a boolean is not a number here)."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def is_number(value: object) -> bool:
    """A TOML integer or float (TOML's true and false are not numbers, though Python's bool
    is an int)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


# -- locating keys in the text ----------------------------------------------------------------


def locate(text: str, keys: tuple[str, ...], value: bool = False) -> tuple[int, int]:
    """Line and column of the key at the path keys: a table header [a.b], a dotted key
    a.b = ..., a key inside an inline table a = {b = ...}; of its value when value is set.
    (1, 1) when it is not found."""
    keys = tuple(keys)
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.fullmatch(line)
        if header:
            parsed = _split_key(header.group(1))
            if parsed is None:
                continue
            table = parsed[0]
            if table[: len(keys)] == keys and table:
                return number, line.index(header.group(1)) + 1
            continue
        entry = _key_at(line)
        if entry is None:
            continue
        path, start, equals = entry
        full = table + path
        if full[: len(keys)] == keys:
            if value and full == keys:
                return number, _value_column(line, equals)
            if full == keys or not value:
                return number, start + 1
        if keys[: len(full)] == full and len(keys) > len(full):  # inside an inline table
            found = _inline_key(line[equals + 1 :], keys[len(full) :])
            if found is not None:
                key_at, equals_at = found
                if value:
                    return number, _value_column(line, equals + 1 + equals_at)
                return number, equals + 1 + key_at + 1
    return 1, 1


def _key_at(line: str) -> tuple[tuple[str, ...], int, int] | None:
    """A key/value line's dotted key, the key's start and the index of its '='."""
    stripped = line.lstrip()
    if not stripped or stripped[0] in "#[":
        return None
    start = len(line) - len(stripped)
    parsed = _split_key(line[start:], until_equals=True)
    if parsed is None:
        return None
    path, length = parsed
    equals = start + length
    if equals >= len(line) or line[equals] != "=":
        return None
    return path, start, equals


def _split_key(text: str, until_equals: bool = False) -> tuple[tuple[str, ...], int] | None:
    """A dotted key's parts (bare or quoted) and the length read (up to the '=' when
    until_equals)."""
    parts: list[str] = []
    i = 0
    while True:
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] in "\"'":
            quote = text[i]
            end = i + 1
            part = []
            while end < len(text) and text[end] != quote:
                if quote == '"' and text[end] == "\\" and end + 1 < len(text):
                    size = {"u": 6, "U": 10}.get(text[end + 1], 2)  # \n, \u000a, \U0001f600
                    part.append(_unescape(text[end : end + size]))
                    end += size
                    continue
                part.append(text[end])
                end += 1
            if end >= len(text):
                return None
            parts.append("".join(part))
            i = end + 1
        else:
            match = _BARE.match(text, i)
            if not match:
                return None
            parts.append(match.group())
            i = match.end()
        while i < len(text) and text[i] in " \t":
            i += 1
        if i < len(text) and text[i] == ".":
            i += 1
            continue
        if until_equals:
            return (tuple(parts), i) if i < len(text) and text[i] == "=" else None
        return (tuple(parts), i) if i == len(text) else None


def _unescape(escape: str) -> str:
    """A TOML escape (\\n, \\u000a) as its character; as written when it is no escape."""
    try:
        return escape.encode("ascii").decode("unicode_escape")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return escape


def _inline_key(rest: str, keys: tuple[str, ...]) -> tuple[int, int] | None:
    """In the text after '=', where the key path keys starts inside an inline table, and
    the index of its '='."""
    for index, char in enumerate(rest):
        if char not in "{,":
            continue
        parsed = _split_key(rest[index + 1 :], until_equals=True)
        if parsed is None:
            continue
        path, length = parsed
        if path[: len(keys)] == keys or keys[: len(path)] == path:
            inner = rest[index + 1 :]
            offset = index + 1 + len(inner) - len(inner.lstrip())
            return offset, index + 1 + length
    return None


def _value_column(line: str, equals: int) -> int:
    """The column of the value after the '=' at index equals."""
    i = equals + 1
    while i < len(line) and line[i] in " \t":
        i += 1
    return i + 1


def _reason(exc: OSError) -> str:
    from .files import os_reason

    return os_reason(exc)
