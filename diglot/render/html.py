"""The HTML edition: the aligned model merged with the Jinja templates (also the PDF's input)."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..diagnostics import Location, Reporter
from ..inline import to_html
from ..locale import EditionLocale, language_name, space_before
from ..model import Document, RecommendationList, Unit
from ..rows import side_by_side_rows

EDITION_TEMPLATE = "edition.html.j2"
SIDE_BY_SIDE_TEMPLATE = "side-by-side.html.j2"


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
    """One language edition's HTML; template problems are reported and raise TemplateProblem."""
    env.install_gettext_callables(locale.gettext, locale.ngettext, newstyle=True)
    return _render(env, templates_dir, EDITION_TEMPLATE,
                   lambda: edition_context(document, locale, medium), reporter)


class Bilingual:
    """A label in both languages: the side-by-side template picks .en or .zh (or [lang])."""

    def __init__(self, en: str, zh: str):
        self.en, self.zh = en, zh

    def __getitem__(self, lang: str) -> str:
        return getattr(self, lang)


def _cell(unit: Unit) -> dict:
    if unit.kind == "member":
        leader = unit.field("leader")
        return {"name": to_html(unit.field("name").spans),
                "roles": to_html(unit.field("roles").spans),
                "leader": to_html(leader.spans) if leader else None}
    return _unit(unit)


def side_by_side_context(en: Document, zh: Document, locales: dict[str, EditionLocale],
                         medium: str) -> dict:
    rows, first_delegation = [], True
    for row in side_by_side_rows(en, zh):
        entry = {"kind": row.kind, "id": row.id, "number": row.number, "count": row.count,
                 "anchor": row.anchor,
                 "en": _cell(row.en) if row.en else None,
                 "zh": _cell(row.zh) if row.zh else None, "first": False, "bookmark": None}
        if row.kind in ("title", "heading", "delegation"):
            entry["bookmark"] = f"{row.en.main.plain} · {row.zh.main.plain}"
        if row.kind == "delegation":
            entry["first"], first_delegation = first_delegation, False
        rows.append(entry)
    both = {"en": en, "zh": zh}
    return {
        "medium": medium, "rows": rows, "date_iso": en.title_block.date,
        "names": {lang: language_name(lang) for lang in both},
        "html_lang": {lang: locales[lang].html_lang for lang in both},
        "dates": {lang: locales[lang].format_date(both[lang].title_block.date) for lang in both},
        "series": {lang: _unit(both[lang].title_block.series) for lang in both},
        "title": {lang: _unit(both[lang].title_block.title) for lang in both},
        "organisers": [o.main.plain for o in en.title_block.organisers],
    }


def render_side_by_side_html(env: jinja2.Environment, templates_dir: Path, en: Document,
                             zh: Document, locales: dict[str, EditionLocale], medium: str,
                             reporter: Reporter) -> str:
    """The bilingual edition's HTML, one table row per aligned unit."""
    env.install_gettext_callables(
        lambda message: Bilingual(locales["en"].gettext(message), locales["zh"].gettext(message)),
        lambda singular, plural, n: Bilingual(locales["en"].ngettext(singular, plural, n),
                                              locales["zh"].ngettext(singular, plural, n)),
        newstyle=False)
    return _render(env, templates_dir, SIDE_BY_SIDE_TEMPLATE,
                   lambda: side_by_side_context(en, zh, locales, medium), reporter)


def _render(env: jinja2.Environment, templates_dir: Path, name: str, context,
            reporter: Reporter) -> str:
    try:
        return env.get_template(name).render(context())
    except jinja2.TemplateNotFound as exc:
        missing = exc.name or name
        reporter.error("template.missing", f"template '{missing}' not found in "
                       f"{templates_dir}", Location(str(templates_dir / missing)))
    except jinja2.TemplateSyntaxError as exc:
        reporter.error("template.syntax", f"template syntax error: {exc.message}",
                       Location(exc.filename or str(templates_dir / name), exc.lineno or 1))
    except jinja2.UndefinedError as exc:
        reporter.error("template.undefined", f"template uses an undefined value: {exc.message}",
                       Location(str(templates_dir / name)))
    raise TemplateProblem
