"""The HTML edition: the aligned model merged with the Jinja templates (also the PDF's input)."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..diagnostics import Location, Reporter
from ..inline import to_html
from ..locale import EditionLocale, space_before
from ..model import Document, RecommendationList, Unit

EDITION_TEMPLATE = "edition.html.j2"


class TemplateProblem(Exception):
    """A template that cannot be loaded or rendered, already reported."""


def environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True, undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)
    env.filters["css_content"] = css_content
    env.filters["fill"] = fill
    env.filters["space_before"] = space_before
    return env


def css_content(label: str) -> Markup:
    """A label with {page}/{pages} fields as a CSS content value with page counters."""
    parts = re.split(r"\{(page|pages)\}", str(label))
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(f"counter({part})")
        elif part:
            out.append('"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return Markup(" ".join(out))


def fill(label: str, **values: str) -> Markup:
    """Insert (already safe) values into a translated label's {name} fields."""
    parts = re.split(r"\{(\w+)\}", str(label))
    return Markup("".join(str(values[p]) if i % 2 else str(escape(p))
                          for i, p in enumerate(parts)))


def _unit(unit: Unit) -> dict:
    return {"id": unit.id, "html": to_html(unit.main.spans), "plain": unit.main.plain}


def edition_context(document: Document, locale: EditionLocale, medium: str) -> dict:
    """The template context for one edition: plain dicts at the template edge."""
    tb = document.title_block
    sections, number = [], 0
    for section in document.sections:
        blocks = []
        for block in section.blocks:
            if isinstance(block, RecommendationList):
                blocks.append({"kind": "recommendations", "start": number + 1,
                               "items": [_unit(u) for u in block.items]})
                number += len(block.items)
            else:
                blocks.append({"kind": "paragraph", **_unit(block)})
        sections.append({"id": section.id, "blocks": blocks,
                         "heading": _unit(section.heading) if section.heading else None})
    delegations = [{
        "id": d.id, "heading": _unit(d.heading),
        "members": [{"id": m.id, "name": to_html(m.field("name").spans),
                     "roles": to_html(m.field("roles").spans),
                     "leader": to_html(m.field("leader").spans) if m.field("leader") else None}
                    for m in d.members]} for d in document.delegations]
    return {
        "lang": document.lang, "html_lang": locale.html_lang, "medium": medium,
        "series": _unit(tb.series), "title": _unit(tb.title), "place": _unit(tb.place),
        "organisers": [_unit(o) for o in tb.organisers], "date_iso": tb.date,
        "date": locale.format_date(tb.date), "sections": sections, "delegations": delegations,
    }


def render_html(env: jinja2.Environment, templates_dir: Path, document: Document,
                locale: EditionLocale, medium: str, reporter: Reporter) -> str:
    """The edition's HTML; template problems are reported and raise TemplateProblem."""
    env.install_gettext_callables(locale.gettext, locale.ngettext, newstyle=True)
    try:
        template = env.get_template(EDITION_TEMPLATE)
        return template.render(edition_context(document, locale, medium))
    except jinja2.TemplateNotFound as exc:
        name = exc.name or EDITION_TEMPLATE
        reporter.error("template.missing", f"template '{name}' not found in "
                       f"{templates_dir}", Location(str(templates_dir / name)))
    except jinja2.TemplateSyntaxError as exc:
        reporter.error("template.syntax", f"template syntax error: {exc.message}",
                       Location(exc.filename or str(templates_dir / EDITION_TEMPLATE),
                                exc.lineno or 1))
    except jinja2.UndefinedError as exc:
        reporter.error("template.undefined", f"template uses an undefined value: {exc.message}",
                       Location(str(templates_dir / EDITION_TEMPLATE)))
    raise TemplateProblem
