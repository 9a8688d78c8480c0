"""The templates' sandbox with bounds: Jinja's immutable sandbox (no attribute of Python's
own, no method that changes a value) that also refuses an expression making a text or a
list too large to be meant ("x" * 3000000000, "{:>2000000000}".format(1), "%*d" % (10**9,
1), 10 ** 10 ** 8, a center() or indent() of a billion), and a page larger than any edition:
a template's slip, or a template written to exhaust memory and disk, ends as a located
template.too-large, never as gigabytes written."""

from __future__ import annotations

import re
from string import Formatter
from typing import Any

from jinja2 import filters as jinja_filters
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .templateloader import TemplateTooLarge

MAX_TEXT = 16 * 1024 * 1024  # characters (or items) one expression may make
MAX_WIDTH = 10_000  # a field width or precision, a center() or indent() width
MAX_POWER_BITS = 1 << 16  # the size of an integer a power may make
MAX_PAGE = 64 * 1024 * 1024  # characters a page may hold

# a printf-style field: its width and precision (a figure or *, read from the arguments)
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


def _too_large(what: str) -> TemplateTooLarge:
    return TemplateTooLarge(
        f"{what}: more than a page of an edition could hold; a template writes the texts it "
        "is given, with widths and repeats of a sane size"
    )


def check_printf(template: str, args: Any) -> None:
    """Refuse a %-format whose widths or precisions (written, or taken from args by *) make
    a text too large."""
    values = list(args) if isinstance(args, tuple) else [args]
    for match in _PRINTF.finditer(template):
        for part in match.groups():
            if part is None:
                continue
            if part == "*":
                if any(isinstance(v, int) and abs(v) > MAX_WIDTH for v in values):
                    raise _too_large("a %-format's width or precision from its arguments")
            elif int(part) > MAX_WIDTH:
                raise _too_large(f"a %-format's width or precision of {part}")


def check_format(template: str) -> None:
    """Refuse a str.format field whose width or precision makes a text too large, or is
    taken from the arguments (a nested field)."""
    try:
        fields = list(Formatter().parse(template))
    except ValueError:
        return  # str.format will say what is wrong with it
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            raise _too_large("a format field whose width comes from its arguments")
        if any(int(n) > MAX_WIDTH for n in re.findall(r"\d+", spec)):
            raise _too_large(f"a format field '{spec}'")


def _checked_center(value: Any, width: int = 80) -> str:
    if isinstance(width, int) and width > MAX_WIDTH:
        raise _too_large(f"center() to a width of {width}")
    return jinja_filters.do_center(value, width)


def _checked_indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> str:
    if isinstance(width, int) and width > MAX_WIDTH:
        raise _too_large(f"indent() by {width}")
    return jinja_filters.do_indent(value, width, *args, **kwargs)


def _checked_format(value: Any, *args: Any, **kwargs: Any) -> str:
    check_printf(str(value), tuple(args) if args else kwargs)
    return jinja_filters.do_format(value, *args, **kwargs)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with the size of what an expression makes bounded."""

    intercepted_binops = frozenset(["*", "%", "**"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["center"] = _checked_center
        self.filters["indent"] = _checked_indent
        self.filters["format"] = _checked_format

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            count, sequence = (right, left) if isinstance(right, int) else (left, right)
            if (
                isinstance(count, int)
                and isinstance(sequence, str | list | tuple)
                and len(sequence) * count > MAX_TEXT
            ):
                raise _too_large(f"a repeat of {len(sequence):,} × {count:,}")
        elif operator == "%" and isinstance(left, str):
            check_printf(left, right)
        elif (
            operator == "**"
            and isinstance(left, int)
            and isinstance(right, int)
            and abs(left) > 1
            and right * abs(left).bit_length() > MAX_POWER_BITS
        ):
            raise _too_large(f"a power {left} ** {right}")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            check_format(value.__self__)
        return wrapped
