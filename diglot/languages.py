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
    # the tag the editions declare for this language's text (HTML lang, the PDF's /Lang),
    # which also chooses the hyphenation patterns: en-US gives in-for-ma-tion, en-GB
    # inform-a-tion; None: the profile's tag
    text_lang: str | None = None
    semantic_model: bool = False  # the sentence-embedding model covers this language
    negation: tuple[str, ...] = ()  # negation cues (qa.negation) and the words that hold
    negation_false_friends: tuple[str, ...] = ()  # a cue without negating (不断, not only)

    @property
    def html_lang(self) -> str:
        return self.text_lang or self.canonical

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


def _profile_files(project_root: Path | None) -> list[Path]:
    folders = [BUILTIN_DIR] + ([project_root / "languages"] if project_root else [])
    files: dict[str, Path] = {}
    for folder in folders:  # the project's profiles replace built-in ones of the same name
        if folder.is_dir():
            for path in sorted(folder.glob(f"*{PROFILE_SUFFIX}")):
                files[path.stem] = path
    return list(files.values())


@dataclass(frozen=True)
class _Parsed:
    """A profile file as read: its text and TOML tables, or why it cannot be used."""

    path: Path
    text: str = ""
    data: dict = field(default_factory=dict)
    problem: tuple[str, str, Location] | None = None  # code, message, place

    def names(self) -> set[str]:
        """The tag and aliases it answers to (casefolded; its file name when unreadable)."""
        aliases = self.data.get("aliases", [])
        names = [
            self.data.get("tag", self.path.stem),
            *(aliases if isinstance(aliases, list) else ()),
        ]
        return {name.casefold() for name in names if isinstance(name, str)}


def _parse(path: Path) -> _Parsed:
    """Read a profile file (a regular file inside the folder that holds its languages/
    folder: never from where a link leads out of the project) and parse its TOML."""
    import tomllib

    from .files import NotReadable, read_bytes
    from .profile_schema import PROFILE_MAX_BYTES

    where = Location(str(path))
    try:
        data = read_bytes(path, PROFILE_MAX_BYTES, within=path.parent.parent)
    except NotReadable as exc:
        return _Parsed(
            path, problem=("language.unreadable", f"the language profile {exc.reason}", where)
        )
    from .config import TomlTooDeep, toml_loads

    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
        return _Parsed(path, text, toml_loads(text))
    except TomlTooDeep as exc:
        return _Parsed(
            path, problem=("language.syntax", f"cannot read the language profile: {exc}", where)
        )
    except UnicodeDecodeError:
        message = "the language profile is not UTF-8 text; re-save it as UTF-8"
        return _Parsed(path, problem=("language.syntax", message, where))
    except tomllib.TOMLDecodeError as exc:
        from .config import toml_error_place

        message, place = toml_error_place(exc, text, str(path))
        return _Parsed(
            path, problem=("language.syntax", f"cannot read the language profile: {message}", place)
        )


def read_profile(path: Path, tag: str, reporter: Reporter) -> Profile | None:
    """One profile file, every problem reported with its place."""
    return _profile(_parse(path), tag, reporter)


def _profile(parsed: _Parsed, tag: str, reporter: Reporter) -> Profile | None:
    from .profile_schema import read_profile_data

    if parsed.problem is not None:
        code, message, where = parsed.problem
        reporter.error(code, message, where)
        return None
    return read_profile_data(parsed.path, parsed.text, parsed.data, tag, reporter)


def find_profile(
    tag: str,
    project_root: Path | None,
    reporter: Reporter,
    where: Location,
    parsed: list[_Parsed] | None = None,
) -> Profile | None:
    """The profile whose tag or alias is `tag` (case-insensitive, as BCP 47 tags compare)."""
    wanted = tag.casefold()
    if parsed is None:
        parsed = [_parse(path) for path in _profile_files(project_root)]
    for found in parsed:
        if wanted in found.names():
            return _profile(found, tag, reporter)
    known = sorted(p.path.stem for p in parsed)
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
    from .config import CONFIG_FILE, read_config, type_name
    from .suggest import suggestion

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
                    f"[languages] has no key '{key}'{suggestion(key, ('source', 'targets'))}",
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
    parsed = [_parse(path) for path in _profile_files(project_root)]
    wanted = {tag.casefold() for tag in (source, *targets)}
    for entry in parsed:  # a project's profile that cannot be read is reported, used or not
        if entry.problem and entry.path.parent != BUILTIN_DIR and not wanted & entry.names():
            reporter.error(*entry.problem)
    found = [
        find_profile(tag, project_root, reporter, source_where if i == 0 else where, parsed)
        for i, tag in enumerate((source, *targets))
    ]
    used = {p.path for p in found if p is not None}
    for entry in parsed:  # the names of the others: a wrong one hides a profile
        if (
            entry.problem is None
            and str(entry.path) not in used
            and entry.path.parent != BUILTIN_DIR
        ):
            from .profile_schema import check_names

            check_names(entry.path, entry.text, entry.data, reporter)
    profiles = [profile for profile in found if profile is not None]
    if len(profiles) != len(found):
        return None
    languages = Languages(profiles[0], tuple(profiles[1:]))
    return languages if _column_weights(languages, parsed, reporter) else None


SHARE_MIN = 0.2  # the least share of the side-by-side text width a column may have


def _column_weights(languages: Languages, parsed: list[_Parsed], reporter: Reporter) -> bool:
    """Whether every side-by-side edition (the source beside each target) gives each column
    at least SHARE_MIN of the width: a narrower column holds hardly a character a line."""
    from .config import Config

    texts = {str(p.path): p.text for p in parsed}
    source = languages.source
    ok = True
    for target in languages.targets:
        total = source.column_weight + target.column_weight
        for profile, other in ((source, target), (target, source)):
            share = profile.column_weight / total
            if share >= SHARE_MIN:
                continue
            ok = False
            where = Config(profile.path, {}, texts.get(profile.path, ""))
            reporter.error(
                "language.bad-value",
                f"[text] column-weight {profile.column_weight:g} against {other.name}'s "
                f"{other.column_weight:g} gives {profile.name} {share:.0%} of the "
                f"side-by-side width; each column needs at least {SHARE_MIN:.0%}",
                where.where("text", "column-weight", value=True),
            )
    return ok
