"""The HTML editions: a layout merged with the Jinja templates (also the PDF's input)."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..cssvalue import css_family, css_lang, css_length, css_number, css_string
from ..diagnostics import Location, Reporter
from ..inline import to_html
from ..layout import Layout
from ..locale import language_name, space_before
from ..templateloader import BoundedLoader, TemplateUnreadable, read_template_file
from . import WriteError, marks

EDITION_TEMPLATE = "edition.html.j2"
SIDE_BY_SIDE_TEMPLATE = "side-by-side.html.j2"


class TemplateProblem(Exception):
    """A template that cannot be loaded or rendered, already reported."""


def environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=BoundedLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_content"] = css_content
    env.filters["fill"] = fill
    env.filters["space_before"] = space_before
    env.filters["html"] = field_html
    env.globals["runs"] = runs
    env.filters["run_in"] = run_in
    return env


def css_content(label: str) -> Markup:
    """A label with {page}/{pages} fields as a CSS content value with page counters."""
    parts = re.split(r"\{(page|pages)\}", str(label))
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f"counter({part})")
        elif part:
            out.append(css_string(part))
    return Markup(" ".join(out))


def fill(label: str, **values: str) -> Markup:
    """Insert (already safe) values into a translated label's {name} fields."""
    parts = re.split(r"\{(\w+)\}", str(label))
    return Markup("".join(str(values[p]) if i % 2 else str(escape(p)) for i, p in enumerate(parts)))


def field_html(field) -> Markup:
    """A field's text as safe HTML (bold and links); a list of fields (cells) joined."""
    if field is None:
        return Markup("")
    return Markup(to_html(field.spans))


def run_in(number: str | None) -> bool:
    """Whether a generated number runs in at the start of its text (a full-width enumerator
    such as 一、 or （一）) rather than hanging in the margin (1., (a))."""
    return bool(number) and unicodedata.east_asian_width(number[-1]) in "FW"  # type: ignore


def runs(blocks) -> list[tuple[str, list]]:
    """Consecutive blocks of the same role, grouped: items become one list, persons one
    table."""
    grouped: list[tuple[str, list]] = []
    for block in blocks:
        if grouped and grouped[-1][0] == block.role and block.role in ("item", "person"):
            grouped[-1][1].append(block)
        else:
            grouped.append((block.role, [block]))
    return grouped


def edition_context(
    layout: Layout, medium: str, type_css: str, status: marks.Status | None = None
) -> dict:
    """The template context: the layout itself, read by role in the templates, and the
    edition's status (a draft's mark and date, or a release's version line)."""
    columns = layout.columns
    status = status or marks.status(layout, None)
    return {
        "status": status,
        "draft_picture": (
            marks.draft_picture(layout, status) if medium == "pdf" and status.draft else None
        ),
        "layout": layout,
        "medium": medium,
        "columns": columns,
        "langs": [c.lang for c in columns],
        "type_css": type_css,
        "html_lang": {c.lang: c.locale.html_lang for c in columns},
        "names": {c.lang: language_name(c.profile) for c in columns},
        "profile_css": profile_css([c.profile for c in columns]),
    }


def profile_css(profiles) -> Markup:
    """The language-specific rules of the editions, from the language profiles: fonts per
    role, paragraph indent, hyphenation, line height, capitals in headings. The review
    pages' controls and labels (.ui) are set in the heading faces."""
    rules = []
    for profile in profiles:
        lang = css_lang(profile.html_lang)
        # After its own faces, a language falls back to the other columns' faces (a footer
        # in both languages is set in the first), then to its profile's fallbacks.
        others = [p for p in profiles if p is not profile]
        body = ", ".join(
            css_family(f)
            for f in dict.fromkeys(
                (
                    *profile.body_fonts,
                    *(f for p in others for f in p.body_fonts),
                    *profile.fallback_fonts,
                )
            )
        )
        heading = ", ".join(
            css_family(f)
            for f in dict.fromkeys(
                (
                    *profile.heading_fonts,
                    *(f for p in others for f in p.heading_fonts),
                    *profile.fallback_fonts[::-1],
                )
            )
        )
        generic = "serif"
        rules.append(
            f":lang({lang}) {{ font-family: {body}, {generic}; "
            f"line-height: {css_number(profile.line_height, 0.8, 4)}; "
            + (
                "hyphens: auto; -webkit-hyphens: auto; hyphenate-limit-chars: 7 3 3; "
                if profile.hyphenate
                else ""
            )
            + "}"
        )
        rules.append(
            f"h1:lang({lang}), h2:lang({lang}), h3:lang({lang}), h4:lang({lang}), "
            f".series:lang({lang}), .members th:lang({lang}), .name:lang({lang}), "
            f"th:lang({lang}), .show-label:lang({lang}), .ui:lang({lang}), .ui :lang({lang}) "
            f"{{ font-family: {heading}, "
            "sans-serif; }"
        )
        indent = css_length(profile.first_line_indent or "0")
        if indent != "0":
            rules.append(
                f"p.body:not(.numbered):lang({lang}) {{ text-indent: {indent}; }} "
                f"p.body:lang({lang}) {{ margin-bottom: 0; }}"
            )
        if profile.headings_uppercase:
            rules.append(
                f"h2:lang({lang}), .series:lang({lang}) {{ text-transform: uppercase; "
                "letter-spacing: 0.04em; }"
            )
            rules.append(
                f".title:lang({lang}) {{ text-transform: uppercase; letter-spacing: 0.05em; }}"
            )
            rules.append(
                f".date-place:lang({lang}) {{ text-transform: uppercase; letter-spacing: 0.04em; }}"
            )
        if profile.hyphenate:
            rules.append(
                f"p.body:lang({lang}), li:lang({lang}), .item:lang({lang}) "
                "{ hyphenate-limit-chars: 7 3 3; }"
            )
        if profile.justify == "inter-character":
            # CJK titles and headings break only where the content marks it (U+200B), at a
            # space or after punctuation: word-break: keep-all on screens (screen.css), the
            # same in the PDF through writers/_cjk_justify.py.
            rules.append(
                f"h1:lang({lang}), h2:lang({lang}), h3:lang({lang}), "
                f"h4:lang({lang}), .series:lang({lang}), .subtitle:lang({lang}) "
                "{ --diglot-word-break: keep-all; }"
            )
    # Titles, headings and names are never hyphenated, whatever their language.
    rules.append(
        "h1, h2, h3, h4, .title, .series, .subtitle, .name, .members th, .number, "
        ".marker, .list-label { hyphens: manual !important; "
        "-webkit-hyphens: manual !important; }"
    )
    total = sum(p.column_weight for p in profiles)
    if len(profiles) > 1:
        for i, profile in enumerate(profiles[:-1]):
            share = css_number(round(100 * profile.column_weight / total, 2), 0, 100)
            rules.append(f"table.aligned .col-{i} {{ width: {share}%; }}")
    return Markup("\n".join(rules))


def render_edition(
    env: jinja2.Environment,
    templates_dir: Path,
    layout: Layout,
    medium: str,
    reporter: Reporter,
    status: marks.Status | None = None,
) -> str:
    """One edition's HTML (one column: a language edition; two: side by side); template
    problems are reported and raise TemplateProblem."""
    columns = layout.columns
    if len(columns) == 1:
        locale = columns[0].locale
        # install_gettext_callables is added to the environment by jinja2.ext.i18n
        env.install_gettext_callables(  # type: ignore[attr-defined]
            locale.gettext, locale.ngettext, newstyle=True
        )
        name = EDITION_TEMPLATE
    else:
        env.install_gettext_callables(  # type: ignore[attr-defined]
            lambda message: Labels({c.lang: c.locale.gettext(message) for c in columns}),
            lambda singular, plural, n: Labels(
                {c.lang: c.locale.ngettext(singular, plural, n) for c in columns}
            ),
            newstyle=False,
        )
        name = SIDE_BY_SIDE_TEMPLATE
    return _render(
        env,
        templates_dir,
        name,
        lambda: edition_context(
            layout,
            medium,
            read_template_file(templates_dir, "types", f"{layout.type.name}.css"),
            status,
        ),
        reporter,
    )


class Labels(dict):
    """A label in every language of a side-by-side edition: labels[lang]."""


def _render(
    env: jinja2.Environment, templates_dir: Path, name: str, context, reporter: Reporter
) -> str:
    try:
        return env.get_template(name).render(context())
    except jinja2.TemplateNotFound as exc:
        missing = exc.name or name
        reporter.error(
            "template.missing",
            f"template '{missing}' not found in {templates_dir}",
            Location(str(templates_dir / missing)),
        )
    except jinja2.TemplateSyntaxError as exc:
        reporter.error(
            "template.syntax",
            f"template syntax error: {exc.message}",
            Location(exc.filename or str(templates_dir / name), exc.lineno or 1),
        )
    except TemplateUnreadable as exc:
        reporter.error("template.unreadable", exc.reason, Location(exc.path))
    except jinja2.UndefinedError as exc:
        reporter.error(
            "template.undefined",
            f"template uses an undefined value: {exc.message}",
            Location(str(templates_dir / name)),
        )
    raise TemplateProblem


@functools.cache
def _environment(templates_dir: Path) -> jinja2.Environment:
    return environment(templates_dir)


def render(layout: Layout, context, medium: str) -> str:
    """The HTML of an edition for a medium (screen, or pdf: the PDF writer's input); a
    template problem or a label missing from a catalog raises WriteError."""
    reporter = Reporter()
    try:
        page = render_edition(
            _environment(context.templates_dir),
            context.templates_dir,
            layout,
            medium,
            reporter,
            marks.status(layout, context),
        )
    except TemplateProblem:
        raise WriteError(reporter.diagnostics) from None
    for column in layout.columns:
        column.locale.report_missing(reporter)
    if reporter.errors:
        raise WriteError(reporter.diagnostics)
    return page


def prepare(context) -> None:
    """Compile the templates once, before the build's workers fork (they inherit them); a
    template problem is left for the render to report."""
    env = _environment(context.templates_dir)
    for name in (EDITION_TEMPLATE, SIDE_BY_SIDE_TEMPLATE):
        try:
            env.get_template(name)
        except jinja2.TemplateError:
            pass


class HtmlWriter:
    """One self-contained page for screens (its CSS inside)."""

    name, suffix, heavy = "html", ".html", False

    def prepare(self, context) -> None:
        prepare(context)

    def write(self, layout: Layout, context) -> bytes:
        return render(layout, context, "screen").encode("utf-8")


WRITER = HtmlWriter()
