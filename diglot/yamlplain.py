"""One rule for unquoted YAML values, shared by the loader and the writer: what a YAML 1.1
or 1.2 reader takes an unquoted value for (ruamel.yaml's resolvers for both versions decide:
a boolean, null, a number, a date), and whether a text can be written unquoted at all (the
parser decides: the value must come back as a plain scalar holding exactly this text).

The loader refuses a plain value that is not text (`content.not-text`); the edit module
writes a value unquoted only when `plain_ok` says so, and quotes it otherwise."""

from __future__ import annotations

import threading
from functools import lru_cache

_STR = "tag:yaml.org,2002:str"
_READINGS = {
    "bool": "a boolean",
    "null": "empty (null)",
    "int": "a number",
    "float": "a number",
    "timestamp": "a date",
    "merge": "a merge key (<<)",
    "value": "a value key (=)",
}


@lru_cache(maxsize=1)
def _resolvers() -> tuple:
    from ruamel.yaml.resolver import VersionedResolver

    return tuple(VersionedResolver(version=version) for version in ((1, 1), (1, 2)))


@lru_cache(maxsize=1)
def _first_characters() -> frozenset[str]:
    """The characters a value YAML may take for something else can begin with."""
    found: set[str] = set()
    for resolver in _resolvers():
        found.update(key for key in resolver.versioned_resolver if isinstance(key, str))
    return frozenset(found)


@lru_cache(maxsize=4096)
def _reading(value: str) -> str | None:
    from ruamel.yaml.nodes import ScalarNode

    for resolver in _resolvers():
        tag = resolver.resolve(ScalarNode, value, (True, False))
        name = str(getattr(tag, "value", tag) or "")
        if name != _STR:
            return _READINGS.get(name.rsplit(":", 1)[-1], "something other than text")
    return None


def not_text(value: str) -> str | None:
    """What a YAML 1.1 or 1.2 reader takes this unquoted value for, in words ("a number",
    "a boolean", "empty (null)"); None when every reader takes it for text."""
    if not value:
        return "empty (null)"
    if value[0] not in _first_characters():
        return None
    return _reading(value)


_parsers = threading.local()


def _parser():
    """A YAML parser of this thread's, made once: making one looks for ruamel.yaml's plug-ins
    on disk (a glob), which was most of the time of quoting a glossary of thousands of terms."""
    found = getattr(_parsers, "yaml", None)
    if found is None:
        from ruamel.yaml import YAML

        found = _parsers.yaml = YAML(typ="safe")
    return found


@lru_cache(maxsize=4096)
def plain_ok(value: str, flow: bool = False) -> bool:
    """Whether value can be written unquoted on one line (a mapping's value or a list item;
    flow: inside [ ] or { }) and be read back by every YAML reader, and by the loader, as
    exactly this text."""
    if not value or not value.isprintable() or "\ufeff" in value or not_text(value):
        return False
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.events import ScalarEvent

    # each document, and how many scalars it holds: the value is the last
    documents = (
        ((f"[{value}]", 1), (f"{{k: {value}}}", 2))
        if flow
        else ((f"k: {value}", 2), (f"- {value}", 1))
    )
    for document, count in documents:
        try:
            scalars = [e for e in _parser().parse(document) if isinstance(e, ScalarEvent)]
        except YAMLError:
            return False
        last = scalars[-1] if scalars else None
        if len(scalars) != count or last is None or last.value != value:
            return False
        if last.style or last.tag is not None or last.anchor is not None:
            return False
    return True
