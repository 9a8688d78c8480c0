"""The HTML editions: a layout merged with the Jinja templates (also the PDF's input)."""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..cssvalue import css_family, css_lang, css_length, css_number, css_string
from ..diagnostics import Location, Reporter
from ..layout import (
    SIDE_BY_SIDE_TEXT_PT,
    Layout,
    heading_line,
    lead_space,
    lead_text,
    number_joins_heading,
    runs_in,
    short_row,
)
from ..locale import language_name, space_before
from ..script import HAN, text_ems
from ..tables import bilingual_columns, figure_columns, stacked, unbroken
from ..templateloader import (
    COMPILED,
    BoundedLoader,
    TemplateTooLarge,
    TemplateUnreadable,
    read_template_file,
    template_fault,
    template_line,
)
from ..templatesandbox import MAX_PAGE, BoundedSandbox
from . import marks
from ._html_text import closing_html, field_html, label_html, note_html, place_html
from .base import WriteError

EDITION_TEMPLATE = "edition.html.j2"
SIDE_BY_SIDE_TEMPLATE = "side-by-side.html.j2"


class TemplateProblem(Exception):
    """A template that cannot be loaded or rendered, already reported."""


def environment(templates_dir: Path) -> jinja2.Environment:
    """The templates' environment: Jinja's sandbox, immutable (a template reads the values
    it is given and calls what they offer, never an attribute of Python's own, `__...`, nor
    a method that changes a list or a dict)."""
    env = BoundedSandbox(
        loader=BoundedLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=COMPILED,
    )
    # labels come with each page's context (label_functions), never installed here; a
    # {% trans %} block is compiled for the new-style gettext of the language editions
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.filters["css_content"] = css_content
    env.filters["fill"] = fill
    env.filters["space_before"] = space_before
    env.filters["html"] = field_html
    env.filters["note_html"] = note_html
    env.filters["label_html"] = label_html
    env.globals["runs"] = runs
    env.filters["run_in"] = run_in
    env.globals["bookmark"] = heading_line
    env.globals["number_joins_heading"] = number_joins_heading
    env.globals["lead_space"] = lead_space
    env.globals["lead_text"] = lead_text
    env.globals["language_name"] = language_name
    env.globals["short_row"] = short_row
    env.globals["column_widths"] = column_widths
    env.globals["hanging"] = hanging
    env.globals["bulleted"] = bulleted
    env.globals["figure_columns"] = figure_columns
    env.globals["bilingual_columns"] = bilingual_columns
    env.globals["stacked"] = stacked
    env.filters["closing_html"] = closing_html
    env.filters["place_html"] = place_html
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


def run_in(number: str | None) -> bool:
    """Whether a generated number runs in at the start of its text (a full-width enumerator
    such as 一、 or （一）, a dash lead ——) rather than hanging in the margin (1., (a))."""
    return runs_in(number)


# The widths (ems) of the characters of list numbers in the body's serif (Noto Serif),
# others taken as 0.6: enough to tell whether a list's widest number fits its hanging indent.
_LABEL_EMS = {
    **dict.fromkeys("0123456789", 0.56),
    **dict.fromkeys("()[]", 0.33),
    **dict.fromkeys(".,:", 0.25),
    **dict.fromkeys("ijlI", 0.29),
    **dict.fromkeys("frt", 0.38),
    **dict.fromkeys("mMW", 0.85),
}
HANG = 2.0  # ems: an item's hanging indent (edition.css), its number's gap 0.5 of it


def hanging(items) -> tuple[str, str]:
    """The styles of a list's hanging items and of their numbers, when its widest number is
    wider than the default indent leaves it ((iii), (xviii), 12.3): an indent that holds it,
    so that every item's first line starts where its other lines do. ("", "") when the
    default holds every number."""
    widest = max(
        (
            sum(_LABEL_EMS.get(c, 0.6) for c in item.cells[0].number or "")
            for item in items
            if not run_in(item.cells[0].number)
        ),
        default=0.0,
    )
    if widest <= HANG - 0.5:
        return "", ""
    hang = math.ceil((widest + 0.5) * 4) / 4
    return f"padding-left: {hang:g}em; text-indent: -{hang:g}em", f"min-width: {hang - 0.5:g}em"


def bulleted(layout: Layout, block) -> bool:
    """Whether a list's items are marked, not numbered: by the language's bullet (•, or the
    dash lead —— of Chinese texts: the numbering style "bullet"), or by nothing. Such a list
    is a <ul>; a numbered one an <ol>."""
    kind = layout.type.kinds.get(block.kind)
    return kind is None or kind.numbering is None or kind.numbering.style == "bullet"


LONGEST_LATIN_EMS = 9.0  # a data table column keeps whole words up to this wide
CJK_CELL_CHARS = 3  # ... and the first characters of a Chinese cell, up to this many


def column_widths(layout: Layout, block, i: int, across: bool = False) -> list[str]:
    """The least width of each column of a data table in language column i, as a CSS
    declaration: its longest word (a Latin word up to LONGEST_LATIN_EMS, the first
    CJK_CELL_CHARS characters of a Chinese cell), so that the table's automatic layout
    does not break "Operator" or 运营方 inside a word; a longer word still wraps in its
    cell (overflow-wrap). Together they never ask for more than the column has (the
    print layouts' measures; cells have half an em of padding each side). across: a table of
    the side-by-side edition set across both columns (tables.stacked)."""
    widths: list[float] = []
    for row in block.children:
        cells = row.cells[i].slots.get("cells") or []
        for j, field in enumerate(cells):
            text = field.plain
            if HAN.search(text):  # and what no line may break inside: （1950—2000年）
                kept = unbroken(text)[len(text.split()) :]
                ems = max(
                    min(len(text.strip()), CJK_CELL_CHARS) * 1.0,
                    min(max((text_ems(w) for w in kept), default=0.0), LONGEST_LATIN_EMS),
                )
            else:
                longest = max((text_ems(w) for w in text.split()), default=0) * 1.08
                ems = min(longest, LONGEST_LATIN_EMS)
            if j >= len(widths):
                widths.append(0.0)
            widths[j] = max(widths[j], ems)
    if len(layout.columns) > 1:
        profile = layout.columns[i].profile
        total = sum(c.profile.column_weight for c in layout.columns) or 1.0
        size = 10.5 if profile.cjk else 10.0
        share = 1.0 if across else profile.column_weight / total
        budget = (SIDE_BY_SIDE_TEXT_PT * share - 14) / size
    else:
        budget = 38.0  # the language editions' text block
    room = budget - len(widths) * 1.0
    wanted = sum(widths)
    if wanted > room > 0:
        widths = [w * room / wanted for w in widths]
    return [f"min-width: {w:.2f}em" if w else "" for w in widths]


def runs(blocks) -> list[tuple[str, list]]:
    """Consecutive blocks of the same role, grouped: items become one list, persons one
    table."""
    grouped: list[tuple[str, list]] = []
    for block in blocks:
        if (
            grouped
            and grouped[-1][0] == block.role
            and block.role in ("item", "person", "signature")
        ):
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
        "type_css": style_text(type_css),
        "html_lang": {c.lang: c.locale.html_lang for c in columns},
        "names": {c.lang: language_name(c.profile) for c in columns},
        "profile_css": profile_css([c.profile for c in columns]),
    }


def style_text(css: str) -> Markup:
    """A stylesheet as the text of a <style> element: as written (a child combinator `>`, a
    quoted font name or `content: "§"` mean what they say; HTML's escapes are not read there),
    save that it cannot end the element (`</` is written `<\\/`, the same in CSS)."""
    return Markup(re.sub(r"<(?=/)", r"<\\", css))


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
        # an inline element (a compound, a no-break span, a bold, a link) keeps the line height
        # of its paragraph or title: the rule above gave it the body's, and a title's line
        # holding one (ASIA-/PACIFIC) stood taller than the others
        inline_ = "span a strong em b i sub sup".split()
        rules.append(
            ", ".join(f"{sel}:lang({lang})" for sel in inline_) + " { line-height: inherit; }"
        )
        # the heading face on these and on everything inside them (a no-break span, a bold
        # or a link), which the body's :lang() rule would otherwise set back to the body face
        faced = "h1 h2 h3 h4 .title .series .name th .show-label .toc-heading .ui".split()
        rules.append(
            ", ".join(f"{sel}:lang({lang}), {sel} :lang({lang})" for sel in faced)
            + f" {{ font-family: {heading}, sans-serif; }}"
        )
        indent = css_length(profile.first_line_indent or "0")
        if indent != "0":
            rules.append(
                f"p.body:not(.numbered):lang({lang}), p.testimonium:lang({lang}) "
                f"{{ text-indent: {indent}; }} "
                f"p.body:lang({lang}) {{ margin-bottom: 0; }}"
            )
            # items as its paragraphs: no space between them (GB/T 9704)
            rules.append(
                f".items:lang({lang}), .items li:lang({lang}), .items .items:lang({lang}) "
                "{ margin-top: 0; margin-bottom: 0; }"
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
            # CJK titles, headings, table cells and signature blocks break only between
            # words (the layout's breaks), where the content marks it (U+200B), at a space
            # or after punctuation:
            # word-break: keep-all on screens (screen.css), the same in the PDF through
            # writers/_cjk_justify.py.
            rules.append(
                f"h1:lang({lang}), h2:lang({lang}), h3:lang({lang}), "
                f"h4:lang({lang}), .title:lang({lang}), .series:lang({lang}), "
                f".subtitle:lang({lang}), table.data th:lang({lang}), "
                f"table.data td:lang({lang}), .party:lang({lang}), "
                f".signatory-title:lang({lang}) "
                "{ --diglot-word-break: keep-all; }"
            )
    # Titles, headings, names, labels, table cells, web and e-mail addresses, words written
    # with hyphens of their own and ragged text are never hyphenated, whatever their language (nor is anything inside them,
    # which :lang() would otherwise set again).
    never = (
        "h1, h2, h3, h4, .title, .series, .subtitle, .name, .members th, .members td, "
        ".member, .number, .marker, .list-label, .date-place, .closing, .language-status, "
        ".party, .signatory-title, .url, .compound, table.data th, table.data td"
    ).split(", ")
    rules.append(
        ", ".join(f"{s}, {s} *" for s in never)
        + " { hyphens: manual !important; -webkit-hyphens: manual !important; }"
    )
    total = sum(p.column_weight for p in profiles)
    for profile in profiles if len(profiles) > 1 else ():
        if profile.justify == "inter-word":
            # Side by side, a column of a script with spaces is narrow (about 55 characters):
            # justified, it shows rivers; it is set ragged-right, unhyphenated, as parallel
            # texts commonly are.
            lang = profile.html_lang
            rules.append(
                f"table.aligned td:lang({lang}) p.body, table.aligned td:lang({lang}) .item, "
                f"table.aligned td:lang({lang}) .testimonium "
                "{ text-align: left; hyphens: manual; -webkit-hyphens: manual; }"
            )
    if len(profiles) > 1:
        for i, profile in enumerate(profiles[:-1]):
            share = css_number(round(100 * profile.column_weight / total, 2), 0, 100)
            rules.append(f"table.aligned .col-{i} {{ width: {share}%; }}")
    return Markup("\n".join(rules))


def render_edition(
    templates_dir: Path,
    layout: Layout,
    medium: str,
    reporter: Reporter,
    status: marks.Status | None = None,
) -> str:
    """One edition's HTML (one column: a language edition; two: side by side); template
    problems are reported and raise TemplateProblem."""
    columns = layout.columns
    name = EDITION_TEMPLATE if len(columns) == 1 else SIDE_BY_SIDE_TEMPLATE
    locales = [column.locale for column in columns]
    return render_template(
        templates_dir,
        name,
        lambda: {
            **edition_context(
                layout,
                medium,
                read_template_file(templates_dir, "types", f"{layout.type.name}.css"),
                status,
            ),
            **label_functions(locales, every=len(locales) > 1),
        },
        reporter,
    )


def label_functions(locales, every: bool) -> dict:
    """The gettext and ngettext a page's template calls for its labels (`_("...")`),
    given in the page's context: the shared environment is never changed. One locale's
    (every=False): a label is a format string, safe as the template's own text; or every
    locale's (every=True): a label in each language, `_("...")[lang]`."""
    if not every:
        (locale,) = locales
        return {
            "gettext": _new_gettext(locale.gettext),
            "ngettext": _new_ngettext(locale.ngettext),
        }
    return {
        "gettext": lambda message: Labels({loc.lang: loc.gettext(message) for loc in locales}),
        "ngettext": lambda singular, plural, n: Labels(
            {loc.lang: loc.ngettext(singular, plural, n) for loc in locales}
        ),
    }


def _new_gettext(func):
    """A "new style" gettext (as jinja2.ext.i18n makes one): the label is markup and a
    format string for the call's keywords."""

    @jinja2.pass_context
    def gettext(__context, __string: str, **variables):
        found = __context.call(func, __string)
        if __context.eval_ctx.autoescape:
            found = Markup(found)
        return found % variables

    return gettext


def _new_ngettext(func):
    @jinja2.pass_context
    def ngettext(__context, __singular: str, __plural: str, __num: int, **variables):
        variables.setdefault("num", __num)
        found = __context.call(func, __singular, __plural, __num)
        if __context.eval_ctx.autoescape:
            found = Markup(found)
        return found % variables

    return ngettext


class Labels(dict):
    """A label in every language of a side-by-side edition: labels[lang]."""


def render_template(templates_dir: Path, name: str, context, reporter: Reporter) -> str:
    """A page from one of the templates (its context from context(), its labels among it:
    label_functions); a template problem is reported, and raises TemplateProblem."""
    env = environment_of(templates_dir)
    try:
        return _bounded(env.get_template(name), context())
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
        path, line = template_line(exc, templates_dir) or (str(templates_dir / name), 1)
        reporter.error(
            "template.undefined",
            f"template uses an undefined value: {exc.message}",
            Location(path, line),
        )
    except Exception as exc:  # the sandbox's refusal, a loop, an expression that failed
        fault = template_fault(exc, templates_dir)
        if fault is None:
            raise
        reporter.error(fault.code, fault.message, Location(fault.path, fault.line))
    raise TemplateProblem


def _bounded(template: jinja2.Template, context) -> str:
    """The page a template makes, refused as soon as it holds more than MAX_PAGE characters
    (a loop that writes gigabytes stops there)."""
    parts: list[str] = []
    size = 0
    for part in template.generate(context):
        size += len(part)
        if size > MAX_PAGE:
            raise TemplateTooLarge(
                f"the page holds more than {MAX_PAGE:,} characters, more than any edition; "
                "a template writes the texts it is given",
                template.filename,
            )
        parts.append(part)
    return "".join(parts)


@functools.cache
def environment_of(templates_dir: Path) -> jinja2.Environment:
    """The templates folder's environment, made once: its templates compiled once (before
    the build's workers fork) and never changed after it is made."""
    return environment(templates_dir)


def render(layout: Layout, context, medium: str) -> str:
    """The HTML of an edition for a medium (screen, or pdf: the PDF writer's input); a
    template problem or a label missing from a catalog raises WriteError."""
    reporter = Reporter()
    try:
        page = render_edition(
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
    env = environment_of(context.templates_dir)
    for name in (EDITION_TEMPLATE, SIDE_BY_SIDE_TEMPLATE):
        try:
            env.get_template(name)
        except (jinja2.TemplateError, RecursionError):  # nested too deeply to be read
            pass


class HtmlWriter:
    """One self-contained page for screens (its CSS inside)."""

    name, suffix, heavy = "html", ".html", False

    def prepare(self, context) -> None:
        prepare(context)

    def write(self, layout: Layout, context) -> bytes:
        return render(layout, context, "screen").encode("utf-8")


WRITER = HtmlWriter()
