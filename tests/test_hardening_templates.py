"""A project's own templates (`--templates`, `serve`): a template that reaches itself again
without end (an include, an import, an extends, a macro) or is nested too deeply to be read
is a located template error, never an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest

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
