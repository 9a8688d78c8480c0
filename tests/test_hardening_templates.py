"""A project's own templates (`--templates`, `serve`): rendered in Jinja's sandbox, so that a
template reads the values it is given and nothing of Python's (no command run, no file read,
no object changed); a template that reaches itself again without end (an include, an import,
an extends, a macro) or is nested too deeply to be read is a located template error, never
an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO

pytestmark = pytest.mark.project(templates=True)
EDITION = Path("templates") / "edition.html.j2"


def prepend(path: Path, text: str) -> None:
    path.write_text(text + path.read_text(encoding="utf-8"), encoding="utf-8")


def refused(cli, *expected: str) -> str:
    """A build refused with one located template error holding every expected text; nothing
    written."""
    code, out = cli("build", "--force", "--format", "html").merged()
    assert code == 1, out
    errors = [line for line in out.splitlines() if ": error: " in line]
    assert len(errors) == 1, out
    for text in expected:
        assert text in errors[0], out
    assert "internal error" not in out and "Traceback" not in out
    assert not Path("build").exists() or not list(Path("build").rglob("*.html"))
    return errors[0]


def test_a_template_that_includes_itself_is_a_located_error(project, cli):
    prepend(EDITION, '{% include "edition.html.j2" %}\n')
    refused(
        cli,
        "templates/edition.html.j2:1:1: error: the template reaches itself again without end "
        "(edition.html.j2:1 → edition.html.j2:1)",
        "[template.recursion]",
    )


def test_templates_that_include_each_other_are_a_located_error(project, cli):
    prepend(EDITION, '{% include "partials/loop.html.j2" %}\n')
    Path("templates/partials/loop.html.j2").write_text('\n{% include "edition.html.j2" %}\n')
    refused(
        cli,
        "templates/edition.html.j2:1:1: error:",
        "(edition.html.j2:1 → partials/loop.html.j2:2 → edition.html.j2:1)",
        "[template.recursion]",
    )


@pytest.mark.parametrize(
    "template",
    [
        "{% macro down(n) %}{{ down(n + 1) }}{% endmacro %}\n{{ down(1) }}\n",
        '{% extends "partials/loop.html.j2" %}\n',
        '{% import "partials/loop.html.j2" as again %}\n',
        "{% for x in [1] recursive %}{{ loop([x]) }}{% endfor %}\n",
    ],
    ids=["macro", "extends", "import", "recursive-loop"],
)
def test_a_template_that_reaches_itself_without_end_is_a_located_error(project, cli, template):
    prepend(EDITION, '{% include "partials/loop.html.j2" %}\n')
    Path("templates/partials/loop.html.j2").write_text(template)
    refused(cli, "templates/partials/loop.html.j2:1:1: error:", "[template.recursion]")


@pytest.mark.parametrize(
    "nested",
    ["{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}", "{% if 1 %}" * 3000 + "{% endif %}" * 3000],
    ids=["parentheses", "blocks"],
)
def test_a_template_nested_too_deeply_is_a_located_syntax_error(project, cli, nested):
    prepend(EDITION, f"\n{nested}\n")
    refused(
        cli,
        "templates/edition.html.j2:2:1: error: template syntax error: expressions or blocks "
        "nested too deeply to be read [template.syntax]",
    )


RUN = 'popen("touch ran").read()'
ESCAPES = {
    "cycler-globals": "{{ cycler.__init__.__globals__.os." + RUN + " }}",
    "lipsum-globals": "{{ lipsum.__globals__.os." + RUN + " }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "format": "{{ '{0.__class__.__mro__}'.format(1) }}",
    "format-map": "{{ '{x.__class__}'.format_map({'x': 1}) }}",
    "dunder": "{{ layout.__dict__ }}",
    "function-code": "{{ runs.__code__ }}",
    "change-a-list": "{% set l = [] %}{{ l.append(1) }}",
    "change-a-dict": "{% set d = {} %}{{ d.update(a=1) }}",
}


# Expressions that fail as the template runs: the template's fault, located at its line
FAILING = {
    "division": ("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
    "format": ('{{ "%d" % "x" }}', "TypeError: %d format: a real number is required, not str"),
    "call": ("{{ (1).bit_length(5) }}", "TypeError: int.bit_length() takes no arguments"),
    "range": ("{{ range(10 ** 7) | length }}", "OverflowError: Range too big."),  # Jinja's own
}


@pytest.mark.parametrize("expression, reason", FAILING.values(), ids=FAILING.keys())
def test_an_expression_that_fails_is_a_located_error_at_its_line(project, cli, expression, reason):
    prepend(EDITION, "{# a comment #}\n\n" + expression + "\n")
    refused(
        cli,
        "templates/edition.html.j2:3:1: error: an expression of the template failed: " + reason,
        "[template.error]",
    )


# Expressions that would make a text of gigabytes: refused at their line before they do
TOO_LARGE = {
    "repeat": ('{{ "x" * 3000000000 }}', "a repeat of 1 × 3,000,000,000"),
    "list repeat": ("{{ [0] * 100000000 }}", "a repeat of 1 × 100,000,000"),
    "format width": ('{{ "{:>2000000000}".format(1) }}', "a format field '>2000000000'"),
    "format nested": ('{{ "{:>{}}".format(1, 5) }}', "a format field whose width comes from"),
    "printf width": ('{{ "%*d" % (1000000000, 1) }}', "a %-format's width or precision from"),
    "printf written": ('{{ "%2000000000d" % 1 }}', "a %-format's width or precision of 2000000000"),
    "format filter": ('{{ "%*d" | format(1000000000, 1) }}', "a %-format's width or precision"),
    "center": ('{{ "x" | center(1000000000) }}', "center() to a width of 1000000000"),
    "indent": ('{{ "ab" | indent(1000000000) }}', "indent() by 1000000000"),
    "power": ("{{ 10 ** 100000000 }}", "a power 10 ** 100000000"),
}


@pytest.mark.parametrize("expression, says", TOO_LARGE.values(), ids=TOO_LARGE.keys())
def test_an_expression_that_would_make_gigabytes_is_refused_at_its_line(
    project, cli, expression, says
):
    prepend(EDITION, "{# a comment #}\n\n" + expression + "\n")
    line = refused(cli, "templates/edition.html.j2:3:1: error: " + says, "[template.too-large]")
    assert "more than a page of an edition could hold" in line


def test_a_page_larger_than_any_edition_is_refused(project, cli):
    """Each expression of a sane size, a loop that writes them for ever is stopped when the
    page holds more than any edition."""
    prepend(
        EDITION,
        '{% for i in range(99999) %}{% for j in range(99999) %}{{ "x" * 999 }}'
        "{% endfor %}{% endfor %}\n",
    )
    refused(
        cli,
        "templates/edition.html.j2:1:1: error: the page holds more than",
        "[template.too-large]",
    )


def test_sane_widths_repeats_and_powers_are_written(project, cli):
    prepend(EDITION, '{{ "%05d" % 3 }}|{{ "x" * 3 }}|{{ 2 ** 10 }}|{{ "{:>6}".format(7) }}\n')
    code, out = cli("build", "--force", "--format", "html").merged()
    assert code == 0, out
    assert "00003|xxx|1024|     7" in Path("build/memo/memo.en.html").read_text(encoding="utf-8")


def test_an_undefined_value_is_located_at_its_line(project, cli):
    prepend(EDITION, "\n\n\n{{ layout.no_such_thing.either }}\n")
    refused(cli, "templates/edition.html.j2:4:1: error: template uses an undefined value:")


def test_a_filter_s_own_fault_stays_an_internal_error(project, cli, monkeypatch):
    """diglot's code that fails under a template is diglot's fault: reported as internal,
    not blamed on the template."""
    from diglot.writers import html

    def broken(environment):
        made = real(environment)
        made.filters["broken"] = lambda value: 1 / 0
        return made

    real = html.environment
    html.environment_of.cache_clear()
    monkeypatch.setattr(html, "environment", broken)
    prepend(EDITION, "{{ 1 | broken }}\n")
    try:
        code, out = cli("build", "--force", "--format", "html").merged()
    finally:
        html.environment_of.cache_clear()
    assert code == 2 and "template.error" not in out and "internal error" in out, out


@pytest.mark.parametrize("escape", ESCAPES.values(), ids=ESCAPES.keys())
def test_a_template_cannot_reach_python_s_internals(project, cli, escape):
    prepend(EDITION, f"\n\n{escape}\n")
    line = refused(cli, "templates/edition.html.j2:3:1: error:", "[template.unsafe]")
    assert "is unsafe" in line, line
    assert not Path("ran").exists()


def test_serve_renders_its_pages_in_the_sandbox(project):
    from diglot.serve import render_pages

    review = project / "templates" / "review.html.j2"
    prepend(review, "{{ cycler.__init__.__globals__.os." + RUN + " }}\n")
    pages, banner, _ = render_pages(project / "content", project / "templates")
    assert [(d.code, d.location.path, d.location.line) for d in banner] == [
        ("template.unsafe", str(review), 1)
    ]
    assert not Path("ran").exists()


def test_the_bundled_templates_render_as_they_did(project, cli, monkeypatch):
    """The sandbox changes nothing of what the bundled templates make: the same bytes as
    Jinja's ordinary environment renders from them."""
    import jinja2

    from diglot.writers import html

    def built(out: str) -> dict[str, bytes]:
        html.environment_of.cache_clear()
        code, text = cli("build", "--force", "--format", "html", "--out", out).merged()
        assert code == 0, text
        return {p.name: p.read_bytes() for p in Path(out).rglob("*.html")}

    assert isinstance(html.environment(REPO / "templates"), jinja2.sandbox.SandboxedEnvironment)
    sandboxed = built("sandboxed")
    monkeypatch.setattr(html, "BoundedSandbox", jinja2.Environment)
    assert len(sandboxed) == 3 and built("ordinary") == sandboxed
    monkeypatch.undo()
    html.environment_of.cache_clear()


def test_templates_compiled_for_one_folder_serve_another_and_are_located_in_it(
    make_project, cli, monkeypatch, tmp_path
):
    """The same templates in two folders (a project's, a release's snapshot of it) are
    compiled once in a process, and an error in the second folder names the second folder's
    file; a template changed, or an environment that compiles otherwise, compiles anew."""
    import jinja2

    from diglot.templateloader import COMPILED
    from diglot.writers.html import environment

    compiled: list[str] = []
    compile_ = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(Path(filename).resolve().relative_to(tmp_path).parts[0])
        return compile_(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    COMPILED.clear()
    for at in ("first", "second"):
        make_project(at=at, templates=True)
        prepend(EDITION, "{# a comment #}\n\n{{ 1 / 0 }}\n")
        refused(cli, "templates/edition.html.j2:3:1: error: an expression of the template failed")
    assert compiled.count("first") >= 1 and "second" not in compiled
    root = make_project(at="third", templates=True)
    prepend(EDITION, "{# another comment #}\n\n\n{{ 1 / 0 }}\n")
    refused(cli, "templates/edition.html.j2:4:1: error: an expression of the template failed")
    assert compiled.count("third") == 1  # changed: compiled; the templates it includes: not
    env = environment(root / "templates")
    env.trim_blocks = False
    env.get_template("edition.html.j2")
    assert compiled.count("third") > 1
