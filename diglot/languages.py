"""Language profiles: everything diglot does differently per language, read from data files.

A profile (languages/<tag>.toml) holds a language's BCP 47 tag, its Babel locale and label
catalog, its fonts per role, Word settings, hyphenation and justification, the number reader
and punctuation rules the checks use, how each numbering style is written, and its weight in
the side-by-side columns. Code asks the profile; it never tests a language code itself.
A project names its languages in diglot.toml:

    [languages]
    source = "en"
    targets = ["zh"]

The tags are the content folders' names (content/en/, content/zh/); each must match a
profile's tag or one of its aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Location, Reporter

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "languages"
PROFILE_SUFFIX = ".toml"
DEFAULT_SOURCE = "en"
DEFAULT_TARGETS = ("zh",)
COUNTER_STYLES = (
    "decimal",
    "lower-alpha",
    "upper-alpha",
    "lower-roman",
    "upper-roman",
    "simp-chinese-informal",
    "trad-chinese-informal",
    "cjk-decimal",
    "circled",
)
NUMBER_READERS = ("english", "chinese-simplified", "chinese-traditional")
_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_FORMAT_FIELD = re.compile(r"\{n(?::([a-z-]+))?\}")


@dataclass(frozen=True)
class Profile:
    """One language's settings; `tag` is the project's name for it (its content folder)."""

    tag: str
    canonical: str  # the profile's own BCP 47 tag (zh-Hans for a project's "zh")
    name: str  # in English, for messages: "Chinese"
    babel_locale: str
    catalog: str
    source_catalog: bool
    script: str
    body_fonts: tuple[str, ...]
    heading_fonts: tuple[str, ...]
    fallback_fonts: tuple[str, ...]
    hyphenate: bool
    justify: str
    first_line_indent: str
    headings_uppercase: bool
    line_height: float
    column_weight: float
    word_lang: str
    word_east_asian: bool
    word_line_spacing: float
    word_charset: str | None  # Windows character set of its East Asian faces (86: GB2312)
    number_reader: str
    full_width_punctuation: bool
    quotes: tuple[str, ...]
    numbering: dict[str, str] = field(hash=False, compare=False)
    path: str = ""
    bidi_controls: bool = False  # text may hold bidirectional overrides and isolates
    semantic_model: bool = False  # the sentence-embedding model covers this language
    negation: tuple[str, ...] = ()  # negation cues (qa.negation) and the words that hold
    negation_false_friends: tuple[str, ...] = ()  # a cue without negating (不断, not only)

    @property
    def html_lang(self) -> str:
        return self.canonical

    @property
    def cjk(self) -> bool:
        return self.script == "cjk"

    @property
    def fonts(self) -> tuple[str, ...]:
        """Every family an edition in this language names, for the glyph check."""
        return (*self.body_fonts, *self.heading_fonts, *self.fallback_fonts)

    def number(self, style: str, n: int) -> str:
        """The number n written in a numbering style: 'Article 3', '第三条', '(c)'."""
        return _FORMAT_FIELD.sub(lambda m: counter(n, m[1] or "decimal"), self.numbering[style])


# -- counters --------------------------------------------------------------------------------

_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)
_CJK_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def counter(n: int, style: str) -> str:
    """n in a CSS counter style (CSS Counter Styles 3 names)."""
    if style == "decimal" or n <= 0:
        return str(n)
    if style in ("lower-alpha", "upper-alpha"):
        letters = ""
        while n:
            n, rest = divmod(n - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters if style == "lower-alpha" else letters.upper()
    if style in ("lower-roman", "upper-roman"):
        out = ""
        for value, numeral in _ROMAN:
            while n >= value:
                out, n = out + numeral, n - value
        return out if style == "lower-roman" else out.upper()
    if style == "cjk-decimal":
        return "".join(_CJK_DIGITS[int(d)] for d in str(n))
    if style == "circled":
        return _CIRCLED[n - 1] if n <= len(_CIRCLED) else f"({n})"
    if style in ("simp-chinese-informal", "trad-chinese-informal"):
        return _chinese(n, traditional=style.startswith("trad"))
    raise ValueError(style)


def _chinese(n: int, traditional: bool) -> str:
    """Informal Chinese numerals: 十, 十二, 二十一, 一百零五 (below 10,000; larger in digits)."""
    if n >= 10000:
        return str(n)
    units = ((1000, "千"), (100, "百"), (10, "十"))
    out, zero = "", False
    for value, name in units:
        digit, n = divmod(n, value)
        if digit:
            if zero:
                out += "零"
            out += ("" if value == 10 and not out and digit == 1 else _CJK_DIGITS[digit]) + name
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero else "") + _CJK_DIGITS[n]
    return out


# -- loading ---------------------------------------------------------------------------------


class ProfileError(Exception):
    """A profile file that cannot be used; already reported."""


_KEYS = {
    "": (
        "tag",
        "name",
        "aliases",
        "babel-locale",
        "catalog",
        "source-catalog",
        "script",
        "fonts",
        "text",
        "word",
        "checks",
        "numbering",
    ),
    "fonts": ("body", "heading", "fallback"),
    "text": (
        "hyphenate",
        "justify",
        "first-line-indent",
        "headings-uppercase",
        "line-height",
        "column-weight",
        "bidi-controls",
    ),
    "word": ("lang", "east-asian", "line-spacing", "charset"),
    "checks": (
        "number-reader",
        "full-width-punctuation",
        "quotes",
        "semantic-model",
        "negation",
        "negation-false-friends",
    ),
}


def _profile_files(project_root: Path | None) -> list[Path]:
    folders = [BUILTIN_DIR] + ([project_root / "languages"] if project_root else [])
    files: dict[str, Path] = {}
    for folder in folders:  # the project's profiles replace built-in ones of the same name
        if folder.is_dir():
            for path in sorted(folder.glob(f"*{PROFILE_SUFFIX}")):
                files[path.stem] = path
    return list(files.values())


def read_profile(path: Path, tag: str, reporter: Reporter) -> Profile | None:
    """One profile file, every problem reported with its place."""
    import tomllib

    where = Location(str(path))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        reporter.error("language.syntax", f"cannot read the language profile: {exc}", where)
        return None
    before = len(reporter.errors)
    for table, keys in _KEYS.items():
        section = data.get(table, {}) if table else data
        if not isinstance(section, dict):
            reporter.error("language.bad-value", f"[{table}] must be a table", where)
            continue
        for key in section:
            if key not in keys and not (
                table == "" and isinstance(section[key], dict) and key in _KEYS
            ):
                reporter.error(
                    "language.unknown-key",
                    f"unknown key '{key}'"
                    f"{f' in [{table}]' if table else ''}; allowed: "
                    f"{', '.join(keys)}",
                    where,
                )

    def get(table: str, key: str, kind: type | tuple, default=None):
        section = data.get(table, {}) if table else data
        value = section.get(key, default) if isinstance(section, dict) else default
        if (
            value is None
            or not isinstance(value, kind)
            or isinstance(value, bool)
            and kind in (int, float, (int, float))
        ):
            name = f"[{table}] {key}" if table else key
            reporter.error(
                "language.bad-value",
                f"{name} is missing or not {getattr(kind, '__name__', 'a number')}",
                where,
            )
            return default
        return value

    numbering = data.get("numbering", {})
    if not isinstance(numbering, dict) or not all(isinstance(v, str) for v in numbering.values()):
        reporter.error(
            "language.bad-value",
            '[numbering] maps style names to texts such as "Article {n}"',
            where,
        )
        numbering = {}
    for style, text in numbering.items():
        for name in _FORMAT_FIELD.findall(text):
            if name and name not in COUNTER_STYLES:
                reporter.error(
                    "language.bad-value",
                    f"[numbering] {style}: unknown counter "
                    f"style '{name}'; known: {', '.join(COUNTER_STYLES)}",
                    where,
                )
    reader = get("checks", "number-reader", str, "english")
    if reader not in NUMBER_READERS:
        reporter.error(
            "language.bad-value",
            f"[checks] number-reader '{reader}' is not one of {', '.join(NUMBER_READERS)}",
            where,
        )
    words = {}
    for key in ("negation", "negation-false-friends"):
        listed = get("checks", key, list, [])
        if not all(isinstance(w, str) and w.strip() for w in listed):
            reporter.error(
                "language.bad-value",
                f"[checks] {key} is a list of words or phrases, none of them empty",
                where,
            )
            listed = []
        words[key] = tuple(listed)
    profile = Profile(
        tag=tag,
        canonical=get("", "tag", str, tag),
        name=get("", "name", str, tag),
        babel_locale=get("", "babel-locale", str, ""),
        catalog=get("", "catalog", str, tag),
        source_catalog=bool(data.get("source-catalog")),
        script=get("", "script", str, "latin"),
        body_fonts=tuple(get("fonts", "body", list, [])),
        heading_fonts=tuple(get("fonts", "heading", list, [])),
        fallback_fonts=tuple(data.get("fonts", {}).get("fallback", [])),
        hyphenate=get("text", "hyphenate", bool, False),
        justify=get("text", "justify", str, "inter-word"),
        first_line_indent=get("text", "first-line-indent", str, "0"),
        headings_uppercase=get("text", "headings-uppercase", bool, False),
        line_height=float(get("text", "line-height", (int, float), 1.5)),
        column_weight=float(get("text", "column-weight", (int, float), 50)),
        word_lang=get("word", "lang", str, tag),
        word_east_asian=get("word", "east-asian", bool, False),
        word_line_spacing=float(get("word", "line-spacing", (int, float), 1.15)),
        word_charset=data.get("word", {}).get("charset"),
        number_reader=reader,
        full_width_punctuation=get("checks", "full-width-punctuation", bool, False),
        quotes=tuple(get("checks", "quotes", list, [])),
        numbering=dict(numbering),
        path=str(path),
        bidi_controls=get("text", "bidi-controls", bool, False),
        semantic_model=get("checks", "semantic-model", bool, False),
        negation=words["negation"],
        negation_false_friends=words["negation-false-friends"],
    )
    return profile if len(reporter.errors) == before else None


def find_profile(
    tag: str, project_root: Path | None, reporter: Reporter, where: Location
) -> Profile | None:
    """The profile whose tag or alias is `tag` (case-insensitive, as BCP 47 tags compare)."""
    import tomllib

    wanted = tag.casefold()
    for path in _profile_files(project_root):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            data = {}
        names = [data.get("tag", path.stem), *data.get("aliases", [])]
        if wanted in {str(name).casefold() for name in names}:
            return read_profile(path, tag, reporter)
    known = sorted(p.stem for p in _profile_files(project_root))
    reporter.error(
        "language.unknown",
        f"no language profile for '{tag}'; known: "
        f"{', '.join(known)} (add languages/<tag>.toml to the project, see README, "
        '"Adding a language")',
        where,
    )
    return None


@dataclass(frozen=True)
class Languages:
    """A project's languages: the source and its targets, each with its profile."""

    source: Profile
    targets: tuple[Profile, ...]

    @property
    def all(self) -> tuple[Profile, ...]:
        return (self.source, *self.targets)

    def get(self, tag: str) -> Profile:
        return next(p for p in self.all if p.tag == tag)

    @property
    def names(self) -> dict[str, str]:
        return {p.tag: p.name for p in self.all}

    @property
    def numbering_styles(self) -> set[str]:
        """The numbering styles every language writes: those a type may use."""
        return set.intersection(*(set(p.numbering) for p in self.all))


def project_languages(project_root: Path, reporter: Reporter) -> Languages | None:
    """[languages] of the project's diglot.toml (en -> zh when it says nothing). None, after
    reporting why, when the settings cannot be read: the file's own problems are reported
    here, those of [checks] with the check settings (qa.load_settings)."""
    from .config import CONFIG_FILE, read_config, suggest, type_name

    config = read_config(project_root / CONFIG_FILE, reporter)
    if config is None:
        return None
    source, targets = DEFAULT_SOURCE, list(DEFAULT_TARGETS)
    where = source_where = config.where()
    if "languages" in config.table:
        table = config.table["languages"]
        if not isinstance(table, dict):
            return None  # reported by read_config
        where = source_where = config.where("languages")
        for key in table:
            if key not in ("source", "targets"):
                reporter.error(
                    "config.unknown-key",
                    f"[languages] has no key '{key}'{suggest(key, ('source', 'targets'))}",
                    config.where("languages", key),
                )
        source = table.get("source", source)
        targets = table.get("targets", targets)
        ok = True
        if not isinstance(source, str):
            reporter.error(
                "config.bad-value",
                f'[languages] source is a language tag, e.g. source = "en"; not '
                f"{type_name(source)}",
                config.where("languages", "source", value=True),
            )
            ok = False
        if (
            not isinstance(targets, list)
            or not targets
            or not all(isinstance(t, str) for t in targets)
        ):
            reporter.error(
                "config.bad-value",
                '[languages] targets is a non-empty list of language tags, e.g. targets = ["zh"]'
                f"; not {type_name(targets) if not isinstance(targets, list) else 'this list'}",
                config.where("languages", "targets", value=True),
            )
            ok = False
        for i, tag in enumerate((source, *targets) if ok else ()):
            if not _TAG.fullmatch(tag):  # fullmatch: '$' would let 'zh\n' through
                shown = tag.encode("unicode_escape").decode()
                reporter.error(
                    "config.bad-value",
                    f"[languages] '{shown}' is not a language tag: letters, digits and '-' "
                    "(en, zh, zh-Hant)",
                    config.where("languages", "source" if i == 0 else "targets", value=True),
                )
                ok = False
        if not ok:
            return None
        if source in targets or len(set(targets)) != len(targets):
            reporter.error(
                "config.bad-value",
                "[languages] names a language twice",
                config.where("languages", "targets", value=True),
            )
            return None
        if "source" in table:
            source_where = config.where("languages", "source", value=True)
        if "targets" in table:
            where = config.where("languages", "targets", value=True)
    found = [
        find_profile(tag, project_root, reporter, source_where if i == 0 else where)
        for i, tag in enumerate((source, *targets))
    ]
    profiles = [profile for profile in found if profile is not None]
    if len(profiles) != len(found):
        return None
    return Languages(profiles[0], tuple(profiles[1:]))
