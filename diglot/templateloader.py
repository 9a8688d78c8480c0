"""Jinja's loader for the templates folder, reading through the one bounded reader: a
template is a regular UTF-8 file of a sane size inside the folder, never a pipe, a device
or a link out of it."""

from __future__ import annotations

import os
import posixpath
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import CodeType

import jinja2
import markupsafe
from jinja2.bccache import Bucket
from jinja2.loaders import split_template_path

from .files import NotReadable, read_bytes

TEMPLATE_MAX_BYTES = 2 * 1024 * 1024


class TemplateUnreadable(jinja2.TemplateError):
    """A template that is there but cannot be read; message: why, path: where."""

    def __init__(self, path: str, reason: str):
        super().__init__(reason)
        self.path = path
        self.reason = reason


class BoundedLoader(jinja2.BaseLoader):
    def __init__(self, folder: str | Path):
        self.folder = os.fspath(folder)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        filename = posixpath.join(self.folder, *split_template_path(template))
        if not os.path.lexists(filename):
            raise jinja2.TemplateNotFound(template)
        try:
            data = read_bytes(filename, TEMPLATE_MAX_BYTES, within=self.folder)
            text = data.decode("utf-8")
        except NotReadable as exc:
            raise TemplateUnreadable(filename, f"the template {exc.reason}") from None
        except UnicodeDecodeError:
            raise TemplateUnreadable(
                filename, "the template is not UTF-8 text; re-save it as UTF-8"
            ) from None
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return text, os.path.normpath(filename), uptodate


def read_template_file(templates_dir: Path, *parts: str) -> str:
    """A file of the templates folder read as text ("" when there is none), such as a
    type's own CSS; TemplateUnreadable when it is there but cannot be read."""
    path = templates_dir.joinpath(*parts)
    if not os.path.lexists(path):
        return ""
    try:
        return read_bytes(path, TEMPLATE_MAX_BYTES, within=templates_dir).decode("utf-8")
    except NotReadable as exc:
        raise TemplateUnreadable(str(path), f"the file {exc.reason}") from None
    except UnicodeDecodeError:
        raise TemplateUnreadable(str(path), "the file is not UTF-8 text") from None


class TemplateTooLarge(Exception):
    """An expression of a template that would make a text (or a page) too large to be
    meant; its message says which; path: the template, when no frame of it says so (a whole
    page too large)."""

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class TemplateFault:
    """What a template did wrong as it was compiled or rendered, found in the traceback of
    the exception it raised: code (template.recursion, template.unsafe, template.syntax,
    template.error, template.too-large),
    message, and the template's file and line."""

    code: str
    message: str
    path: str
    line: int


CHAIN_SHOWN = 6  # the places of a recursion's chain that a message names


def template_fault(exc: BaseException, folder: Path) -> TemplateFault | None:
    """The template's fault behind exc, located, or None when exc is not one: an access
    the sandbox refuses, a recursion through the templates (an include, import or extends
    that reaches its own template again, a macro that calls itself without end) or a
    template nested too deeply to be compiled. Read from the traceback as Jinja rewrites
    it: each frame of template code carries the template's file name and line."""
    from jinja2.sandbox import SecurityError

    places = _template_places(exc, folder)
    if isinstance(exc, TemplateTooLarge):
        path, line = places[-1] if places else (exc.path or str(folder), 1)
        return TemplateFault("template.too-large", str(exc), path, line)
    if isinstance(exc, SecurityError):  # the innermost template frame raised it
        path, line = places[-1] if places else (str(folder), 1)
        return TemplateFault(
            "template.unsafe",
            f"the template reaches for what a template may not use: {str(exc).rstrip('.')}; "
            "a template reads the values it is given, never Python's internals, and changes "
            "none of them",
            path,
            line,
        )
    if not isinstance(exc, RecursionError):
        return _failed_expression(exc, folder)
    seen: dict[tuple[str, int], int] = {}
    for i, place in enumerate(places):
        if place in seen:
            chain = places[: i + 1]
            shown = [_place(p, folder) for p in chain[:CHAIN_SHOWN]]
            if len(chain) > CHAIN_SHOWN:
                shown.append("…")
            path, line = places[seen[place]]
            return TemplateFault(
                "template.recursion",
                "the template reaches itself again without end ("
                + " → ".join(shown)
                + "): an include, import or extends of a template that leads back to it, or "
                "a macro that calls itself with nothing to stop it",
                path,
                line,
            )
        seen[place] = i
    compiling = _compiling(exc)
    if compiling is not None:
        return TemplateFault(
            "template.syntax",
            "template syntax error: expressions or blocks nested too deeply to be read",
            *compiling,
        )
    return None


# Jinja's own code and the libraries a template's values pass through: a frame of theirs
# between the template and the error is no code of diglot's
_LIBRARIES = tuple(
    os.path.dirname(os.path.abspath(module.__file__)) + os.sep
    for module in (jinja2, markupsafe)
    if module.__file__
) + (os.path.join(os.path.dirname(os.path.abspath(__file__)), "templatesandbox.py"),)


def _failed_expression(exc: BaseException, folder: Path) -> TemplateFault | None:
    """A template's expression that raised exc as it ran ({{ 1 / 0 }}, {{ "%d" % "x" }},
    {{ items[99] }}): the innermost frame of the traceback that is not Jinja's own is the
    template's. None when it is diglot's code (a filter's own fault: an internal error) or
    when exc is no error an expression makes."""
    import traceback

    if not isinstance(exc, Exception) or isinstance(exc, jinja2.TemplateError):
        return None
    inside = os.path.abspath(folder) + os.sep
    frames = [
        (os.path.abspath(frame.f_code.co_filename), line or 1)
        for frame, line in traceback.walk_tb(exc.__traceback__)
    ]
    own = [place for place in frames if not place[0].startswith(_LIBRARIES)]
    if not own or not own[-1][0].startswith(inside):
        return None
    path, line = own[-1]
    reason = str(exc).strip() or "no reason given"
    return TemplateFault(
        "template.error",
        f"an expression of the template failed: {type(exc).__name__}: {reason}",
        path,
        line,
    )


def template_line(exc: BaseException, folder: Path) -> tuple[str, int] | None:
    """The template file and line where exc was raised: its innermost template frame."""
    places = _template_places(exc, folder)
    return places[-1] if places else None


def _template_places(exc: BaseException, folder: Path) -> list[tuple[str, int]]:
    """The (file, line) of each frame of template code in exc's traceback, outermost
    first: the frames whose file is in the templates folder."""
    import traceback

    inside = os.path.abspath(folder) + os.sep
    return [
        (frame.f_code.co_filename, line or 1)
        for frame, line in traceback.walk_tb(exc.__traceback__)
        if os.path.abspath(frame.f_code.co_filename).startswith(inside)
    ]


def _place(place: tuple[str, int], folder: Path) -> str:
    path, line = place
    return f"{os.path.relpath(path, folder)}:{line}"


def _compiling(exc: BaseException) -> tuple[str, int] | None:
    """The template Jinja was compiling when exc was raised, and the line its parser had
    reached (None when it was not compiling one)."""
    import traceback

    from jinja2.parser import Parser

    found: tuple[str, int] | None = None
    for frame, _ in traceback.walk_tb(exc.__traceback__):
        local = frame.f_locals
        if frame.f_code.co_name == "compile" and isinstance(local.get("filename"), str):
            found = (local["filename"], 1)
        elif found and isinstance(local.get("self"), Parser):
            return found[0], local["self"].stream.current.lineno or 1
    return found


class CompiledTemplates(jinja2.BytecodeCache):
    """The templates this process compiled, kept in memory (never on disk: compiled code
    read from a shared folder would run as it is): a template with the same name, source
    and environment settings is not compiled again. Each environment (one per templates
    folder) compiles its templates once; a second folder with the same templates (a
    release's snapshot, a copy) takes the code, its file name set to the template's own so
    that errors are located in it. At most MAX_KEPT templates are kept, the oldest dropped."""

    MAX_KEPT = 64

    def __init__(self) -> None:
        self._kept: dict[tuple, CodeType] = {}
        self._lock = threading.Lock()  # the review server renders in threads

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> Bucket:
        key = (_settings(environment), name, self.get_source_checksum(source))
        bucket = _Kept(environment, key)
        with self._lock:
            code = self._kept.get(key)
        if code is not None:
            bucket.code = _refiled(code, filename or "<template>")
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        if bucket.code is None or not isinstance(bucket, _Kept):
            return
        with self._lock:
            self._kept[bucket.kept_as] = bucket.code
            while len(self._kept) > self.MAX_KEPT:
                del self._kept[next(iter(self._kept))]

    def load_bytecode(self, bucket: Bucket) -> None:  # get_bucket does it
        pass

    def dump_bytecode(self, bucket: Bucket) -> None:  # set_bucket does it
        pass

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


class _Kept(Bucket):
    """A template's place in CompiledTemplates: its environment's settings, name and source."""

    def __init__(self, environment: jinja2.Environment, key: tuple) -> None:
        super().__init__(environment, repr(key), key[2])
        self.kept_as = key


def _settings(environment: jinja2.Environment) -> tuple:
    """What an environment compiles a template's code with, besides its source: its class,
    syntax, whitespace control, extensions, autoescaping, and the names of its filters and
    tests (a template naming an unknown one does not compile)."""
    return (
        type(environment),
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        tuple(sorted(environment.extensions)),
        environment.autoescape if isinstance(environment.autoescape, bool) else id(environment),
        environment.optimized,
        environment.finalize is not None,
        getattr(environment, "newstyle_gettext", None),
        tuple(sorted(environment.filters)),
        tuple(sorted(environment.tests)),
    )


def _refiled(code: CodeType, filename: str) -> CodeType:
    """The code, and the code of each function in it, as compiled from filename."""
    if code.co_filename == filename:
        return code
    consts = tuple(_refiled(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


COMPILED = CompiledTemplates()
