"""Language profiles and document types a project supplies are content: every value is
checked against its type and range, each mistake located (never an internal error, a
division by zero or a render without end), and no value reaches CSS or HTML except through
a whitelisted form. Hostile strings in every field, fuzzed: refused with a located error, or
escaped in every HTML edition and every page `serve` renders."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diglot.cli import main
from diglot.diagnostics import Reporter
from diglot.languages import project_languages
from diglot.serve import Snapshot, render_pages, served_page

from conftest import FIXTURES, REPO

PROFILE = REPO / "languages" / "zh-Hans.toml"
TYPE = REPO / "types" / "consensus-agreement.yaml"
LOCATED = re.compile(
    r"^(?P<path>\S+):(?P<line>\d+):(?P<column>\d+): error: .+ \[(?P<code>[a-z.-]+)\]$"
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    shutil.copytree(FIXTURES / "tiny", tmp_path / "content")
    (tmp_path / "languages").mkdir()
    shutil.copy(PROFILE, tmp_path / "languages" / "zh-Hans.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def set_line(path: Path, key: str, line: str) -> None:
    """Replace the line that sets key (the first) with line."""
    text = path.read_text(encoding="utf-8")
    found = re.search(rf"(?m)^{re.escape(key)} = .*$", text)
    assert found, key
    path.write_text(text[: found.start()] + line + text[found.end() :], encoding="utf-8")


# -- each attack of the issue, a located error -------------------------------------------------


@pytest.mark.parametrize(
    "key, line, expected",
    [
        (
            "body",
            'body = "x"',
            '10:8: error: [fonts] body is a list of texts (such as ["Noto Serif"]), not the text '
            "'x' [language.bad-value]",
        ),
        (
            "fallback",
            "fallback = 5",
            '12:12: error: [fonts] fallback is a list of texts (such as ["Noto Serif"]), not the '
            "number 5 [language.bad-value]",
        ),
        (
            "quotes",
            "quotes = [1]",
            "32:10: error: [checks] quotes[0] is the number 1, not a text [language.bad-value]",
        ),
        (
            "column-weight",
            "column-weight = 0",
            "20:17: error: [text] column-weight is 0, outside 1 to 100 [language.bad-value]",
        ),
        (
            "column-weight",
            "column-weight = -43",
            "20:17: error: [text] column-weight is -43, outside 1 to 100 [language.bad-value]",
        ),
        (
            "line-height",
            "line-height = 1e308",
            "19:15: error: [text] line-height is 1e+308, outside 0.8 to 4 [language.bad-value]",
        ),
        (
            "line-height",
            "line-height = nan",
            "19:15: error: [text] line-height is nan, outside 0.8 to 4 [language.bad-value]",
        ),
        (
            "line-spacing",
            "line-spacing = -inf",
            "25:16: error: [word] line-spacing is -inf, outside 0.8 to 4 [language.bad-value]",
        ),
        (
            "line-height",
            "line-height = true",
            "19:15: error: [text] line-height is a number from 0.8 to 4, not the boolean true "
            "[language.bad-value]",
        ),
        (
            "first-line-indent",
            'first-line-indent = "2em; } </style><script>alert(1)</script>"',
            "17:21: error: [text] first-line-indent '2em; } </style><script>alert(1)</script>' "
            "is not a length such as 2em, 12pt or 0 (a number, then em, rem, ch, pt, px, mm, cm "
            "or in) [language.bad-value]",
        ),
        (
            "first-line-indent",
            'first-line-indent = "900em"',
            "17:21: error: [text] first-line-indent '900em' is too large: at most 10em "
            "[language.bad-value]",
        ),
        (
            "body",
            'body = ["Noto\\"; } </style><script>alert(1)</script>"]',
            "10:8: error: [fonts] body[0] 'Noto\"; } </style><script>alert(1)</sc...' must "
            "begin and end with a letter or digit [language.bad-value]",
        ),
        (
            "catalog",
            'catalog = "../../elsewhere"',
            "6:11: error: catalog '../../elsewhere' is not a catalog's folder name under "
            "templates/locale/ (letters, digits, _) [language.bad-value]",
        ),
        (
            "catalog",
            'catalog = "/etc"',
            "6:11: error: catalog '/etc' is not a catalog's folder name under templates/locale/ "
            "(letters, digits, _) [language.bad-value]",
        ),
        (
            "babel-locale",
            'babel-locale = "xx_YY"',
            "5:16: error: babel-locale 'xx_YY' is not a locale Babel knows (such as en_US, "
            "zh_Hans_CN) [language.bad-value]",
        ),
        (
            "tag",
            'tag = "zh-Hans;}body{color:red"',
            "2:7: error: tag 'zh-Hans;}body{color:red' is not a language tag: letters, then "
            "groups of '-' and letters or digits (en, zh-Hans) [language.bad-value]",
        ),
        (
            "paragraph",
            'paragraph = "</span><script>{n}"',
            "44:13: error: [numbering] paragraph '</span><script>{n}' holds < >, which a "
            "numbering text may not hold (besides its {n} or {n:style} fields) "
            "[language.bad-value]",
        ),
        (
            "quotes",
            'quotes = ["“", "”", "‘"]',
            "32:10: error: [checks] quotes lists 3 marks: two (opening, closing) or four (and "
            "the inner pair) [language.bad-value]",
        ),
    ],
)
def test_a_wrong_profile_value_is_located(project, capsys, key, line, expected):
    set_line(project / "languages" / "zh-Hans.toml", key, line)
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in out + err
    assert out.splitlines()[0] == f"languages/zh-Hans.toml:{expected}"


def test_column_weights_that_leave_a_column_no_room_are_refused(project, capsys):
    set_line(project / "languages" / "zh-Hans.toml", "column-weight", "column-weight = 1")
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "languages/zh-Hans.toml:20:17: error: [text] column-weight 1 against English's 57 gives "
        "Chinese 2% of the side-by-side width; each column needs at least 20% "
        "[language.bad-value]"
    )


def test_a_table_given_as_a_value_is_one_located_line(project, capsys):
    path = project / "languages" / "zh-Hans.toml"
    path.write_text(path.read_text().replace("[fonts]", 'fonts = "x"\n[fontz]'))
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines()[:2] == [
        "languages/zh-Hans.toml:9:9: error: [fonts] must be a table ([fonts] on a line of its "
        "own), not the text 'x' [language.bad-value]",
        "languages/zh-Hans.toml:10:2: error: unknown key 'fontz'; allowed: tag, name, aliases, "
        "babel-locale, catalog, source-catalog, script, fonts, text, word, checks, numbering "
        "[language.unknown-key]",
    ]


def test_wrong_aliases_are_said_where_they_hide_a_profile(project, capsys):
    set_line(project / "languages" / "zh-Hans.toml", "aliases", "aliases = 5")
    assert main(["check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (
        "languages/zh-Hans.toml:4:11: error: aliases is a list of texts (such as "
        '["zh-CN"]), not the number 5 [language.bad-value]' in out
    )


def test_every_shipped_profile_passes_its_own_schema():
    for folder in (REPO / "languages", FIXTURES / "zh-hant"):
        reporter = Reporter()
        assert project_languages(folder.parent if folder.name == "languages" else folder, reporter)
        assert reporter.diagnostics == [], reporter.to_text()


# -- fuzzing: hostile strings in every field ------------------------------------------------------

MARK = "Zq7"  # in every hostile value: found verbatim in a page, it was not escaped
HOSTILE = st.sampled_from(
    [
        "</style><script>alert(1)</script>",
        "</title><script>",
        '"',
        "'",
        "}",
        "{",
        "\\",
        ";",
        "url(javascript:x)",
        "\n",
        "\r",
        "*/",
        "/*",
        "@import 'x';",
        "<",
        ">",
        "&amp;",
        "expression(",
        "\u202e",
        "\x85",
        "\x00",
        " ",
        "{n}",
        "{n:lower-roman}",
        "Noto Serif",
        "2em",
        "zh",
    ]
)
VALUE = st.lists(HOSTILE, min_size=1, max_size=4).map(lambda parts: "".join(parts) + MARK)
# the keys of a profile, and how a hostile text is written into each
TEXT_KEYS = ["tag", "name", "babel-locale", "catalog", "script"]
TABLE_KEYS = {
    "fonts": ["body", "heading", "fallback"],
    "text": ["justify", "first-line-indent", "line-height", "column-weight", "hyphenate"],
    "word": ["lang", "charset", "line-spacing", "east-asian"],
    "checks": ["number-reader", "quotes", "full-width-punctuation"],
    "numbering": ["decimal", "paragraph", "lettered"],
}
LIST_KEYS = {"aliases", "body", "heading", "fallback", "quotes"}
FIELDS = [("", key) for key in TEXT_KEYS + ["aliases"]] + [
    (table, key) for table, keys in TABLE_KEYS.items() for key in keys
]
STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
HTML_ACTIVE = set("<>&\"'")
CSS_ACTIVE = set("<>\"'\\;{}\n\r") | {"url(", "/*", "*/", "@"}


def toml_string(value: str) -> str:
    """A TOML basic string holding value exactly."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def profile_with(table: str, key: str, value: str, as_key: bool = False) -> str:
    """The Simplified Chinese profile with one value (or one key) replaced."""
    text = PROFILE.read_text(encoding="utf-8")
    written = toml_string(value)
    if as_key:
        return text.replace("[numbering]\n", f'[numbering]\n{written} = "{{n}}."\n', 1)
    if key in LIST_KEYS:
        written = f"[{written}]"
    line = f"{key} = {written}"
    if table and key not in re.findall(rf"(?ms)^\[{table}\].*?(?=^\[|\Z)", text)[0]:
        return text.replace(f"[{table}]\n", f"[{table}]\n{line}\n", 1)
    if not table and not re.search(rf"(?m)^{re.escape(key)} = ", text):
        return line + "\n" + text
    section = re.search(rf"(?ms)^\[{table}\]\n.*?(?=^\[|\Z)", text) if table else None
    start, end = (section.start(), section.end()) if section else (0, text.index("\n["))
    part = re.sub(rf"(?m)^{re.escape(key)} = .*$", lambda m: line, text[start:end], count=1)
    return text[:start] + part + text[end:]


def pages_served(root: Path) -> tuple[dict[str, bytes], list]:
    """Every page serve renders for the project, as served (banner and script added)."""
    pages, problems, note = render_pages(root / "content", REPO / "templates")
    snapshot = Snapshot(1, pages, tuple(problems), note)
    return {path: served_page(snapshot, data, {}) for path, data in pages.items()}, problems


def assert_escaped(pages: dict[str, bytes], value: str) -> None:
    """value (hostile, with the mark) is nowhere verbatim where it could act: not in any
    page if it holds a character HTML gives meaning to, not in any style element if it
    holds one CSS does."""
    for path, data in pages.items():
        page = data.decode("utf-8")
        if any(c in value for c in HTML_ACTIVE):
            assert value not in page, (path, value)
        if any(a in value for a in CSS_ACTIVE):
            for style in STYLE.findall(page):
                assert value not in style, (path, value)
        assert "<script>alert" not in page and "</title><script>" not in page, path


def assert_located(problems, allowed: tuple[str, ...]) -> None:
    assert problems, "refused without a reason"
    for diagnostic in problems:
        line = diagnostic.format().splitlines()[0]
        found = LOCATED.match(line)
        assert found, line
        assert found["code"].startswith(allowed), line
        assert int(found["line"]) >= 1 and int(found["column"]) >= 1


@pytest.fixture(scope="module")
def fuzz_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(FIXTURES / "tiny", root / "content")
    (root / "languages").mkdir()
    (root / "types").mkdir()
    return root


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(field=st.sampled_from(FIELDS + [("numbering", None)]), value=VALUE)
def test_fuzz_hostile_profile_values(fuzz, fuzz_root, monkeypatch, field, value):
    monkeypatch.chdir(fuzz_root)
    table, key = field
    text = profile_with(table, key or "", value, as_key=key is None)
    (fuzz_root / "languages" / "zh-Hans.toml").write_text(text, encoding="utf-8")
    (fuzz_root / "types" / "consensus-agreement.yaml").unlink(missing_ok=True)
    reporter = Reporter()
    accepted = project_languages(fuzz_root, reporter)
    if accepted is None:
        assert_located(reporter.errors, ("language.", "config."))
    else:
        assert not reporter.errors
    pages, problems = pages_served(fuzz_root)
    assert_escaped(pages, value)
    if accepted is None:
        assert_located([d for d in problems if d.severity == "error"], ("language.", "config."))


TYPE_FIELDS = {
    "description": (
        "description: Sections of findings and recommendation lists, then the delegations.",
        "description: {}",
    ),
    "label": ('label: ["Recommendation:", "Recommendations:"]', 'label: ["Recommendation:", {}]'),
    "name": ("name: consensus-agreement", "name: {}"),
    "kind": ("  paragraph:\n    role: paragraph", "  {}:\n    role: paragraph"),
    "role": ("    role: item", "    role: {}"),
    "style": ("      style: decimal", "      style: {}"),
    "scope": ("      scope: document", "      scope: {}"),
    "slot": ("        slot: mark", "        slot: {}"),
    "field": (
        "      heading: required\n    children:\n      members",
        "      {}: required\n    children:\n      members",
    ),
    "title-field": ("  place: required", "  {}: required"),
    "body-key": ("  sections: [section]", "  {}: [section]"),
}


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(field=st.sampled_from(sorted(TYPE_FIELDS)), value=VALUE)
def test_fuzz_hostile_type_values(fuzz, fuzz_root, monkeypatch, field, value):
    import json

    monkeypatch.chdir(fuzz_root)
    (fuzz_root / "languages" / "zh-Hans.toml").unlink(missing_ok=True)
    old, new = TYPE_FIELDS[field]
    text = TYPE.read_text(encoding="utf-8")
    assert old in text, old
    quoted = (
        json.dumps(value, ensure_ascii=False)
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    text = text.replace(old, new.format(quoted), 1)
    (fuzz_root / "types" / "consensus-agreement.yaml").write_text(text, encoding="utf-8")
    pages, problems = pages_served(fuzz_root)
    assert_escaped(pages, value)
    errors = [d for d in problems if d.severity == "error"]
    if errors:
        assert_located(errors, ("type.", "source.", "yaml.", "locale.", "content.", "template."))


def test_a_key_written_with_a_unicode_escape_is_located(project, capsys):
    path = project / "languages" / "zh-Hans.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "[numbering]\n", '[numbering]\n"\\u000aZq7" = "{n}."\n'
        ),
        encoding="utf-8",
    )
    assert main(["check"]) == 1
    out, err = capsys.readouterr()
    assert "internal error" not in out + err
    assert out.splitlines()[0] == (
        "languages/zh-Hans.toml:43:1: error: [numbering] '\\nZq7' is not a numbering style's "
        "name (lower-case letters, digits and '-') [language.unknown-key]"
    )
