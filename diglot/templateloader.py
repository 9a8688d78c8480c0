"""Jinja's loader for the templates folder, reading through the one bounded reader: a
template is a regular UTF-8 file of a sane size inside the folder, never a pipe, a device
or a link out of it."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from pathlib import Path

import jinja2
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
