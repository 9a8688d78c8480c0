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

from .diagnostics import Kept, Location, Reporter
from .schema.settings import DEFAULT_SOURCE, DEFAULT_TARGETS

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "languages"
PROFILE_SUFFIX = ".toml"
PROFILE_MAX_BYTES = 256 * 1024
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
    # the Office faces that stand in for the body's and the headings' families in Word
    office_fonts: tuple[str, ...] = ()
    negation: tuple[str, ...] = ()  # negation cues (qa.negation) and the words that hold
    negation_false_friends: tuple[str, ...] = ()  # a cue without negating (不断, not only)
    negation_prefixes: tuple[str, ...] = ()  # negate a word, not a clause (non-, 非)
    # [text] smart-quotes: whether the editions set straight quotes as the quotes above;
    # None: the default, on unless the punctuation is full-width (set_quotes)
    smart_quotes: bool | None = None
    # [text] range-dashes: whether the editions set a range's hyphen as an en dash (5–7);
    # None: the default, on unless the punctuation is full-width (set_dashes)
    range_dashes: bool | None = None

    @property
    def html_lang(self) -> str:
        return self.text_lang or self.canonical

    @property
    def set_quotes(self) -> tuple[str, ...]:
        """The marks the editions set this language's straight quotes as (diglot/quotes.py):
        its quotes when [text] smart-quotes is on (by default, unless its punctuation is
        full-width, where ASCII quotes are a mistake qa.punct-ascii-quotes reports), else
        (): printed as written."""
        on = self.smart_quotes
        if on is None:
            on = not self.full_width_punctuation
        return self.quotes if on and len(self.quotes) >= 2 else ()

    @property
    def set_dashes(self) -> bool:
        """Whether the editions set the hyphen of a range of numbers typed in this language's
        content as an en dash (diglot/dashes.py): [text] range-dashes, on by default unless
        its punctuation is full-width (Chinese writes a range 5至7, 5～7 or 2026—2035, and
        its content is left as typed)."""
        on = self.range_dashes
        return (not self.full_width_punctuation) if on is None else on

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
    if parsed.problem is not None:
        code, message, where = parsed.problem
        reporter.error(code, message, where)
        return None
    return profile_from(parsed.path, parsed.text, parsed.data, tag, reporter)


def profile_from(path: Path, text: str, data: dict, tag: str, reporter: Reporter) -> Profile | None:
    """The Profile a parsed profile file describes (schema/profile.py), or None after
    reporting every mistake at its line and column."""
    return _PROFILES.read(
        (str(path), text, tag), lambda into: _profile_from(path, text, data, tag, into), reporter
    )


_PROFILES: Kept[tuple[str, str, str], Profile] = Kept()


def _profile_from(
    path: Path, text: str, data: dict, tag: str, reporter: Reporter
) -> Profile | None:
    from .config import Config
    from .schema.profile import PROFILE
    from .schema.tomlcheck import TomlCheck

    check = TomlCheck(Config(str(path), data, text), reporter, "language")
    found = check.table(PROFILE, data)
    fonts, text_, word, checks = found["fonts"], found["text"], found["word"], found["checks"]
    profile = Profile(
        tag=tag,
        canonical=found.get("tag", tag),
        name=found.get("name", tag),
        babel_locale=found.get("babel-locale", ""),
        catalog=found.get("catalog", tag.replace("-", "_")),
        source_catalog=found["source-catalog"],
        script=found["script"],
        body_fonts=fonts.get("body", ()),
        heading_fonts=fonts.get("heading", ()),
        fallback_fonts=fonts.get("fallback", ()),
        hyphenate=text_["hyphenate"],
        justify=text_["justify"],
        first_line_indent=text_["first-line-indent"],
        headings_uppercase=text_["headings-uppercase"],
        line_height=float(text_["line-height"]),
        column_weight=float(text_["column-weight"]),
        word_lang=word.get("lang", tag),
        word_east_asian=word["east-asian"],
        word_line_spacing=float(word["line-spacing"]),
        word_charset=word.get("charset"),
        number_reader=checks["number-reader"],
        full_width_punctuation=checks["full-width-punctuation"],
        quotes=checks.get("quotes", ()),
        numbering=dict(found.get("numbering", {})),
        path=str(path),
        bidi_controls=text_["bidi-controls"],
        text_lang=text_.get("lang"),
        semantic_model=checks["semantic-model"],
        office_fonts=tuple(word.get("office-fonts", ())),
        negation=checks.get("negation", ()),
        negation_false_friends=checks.get("negation-false-friends", ()),
        negation_prefixes=checks.get("negation-prefixes", ()),
        smart_quotes=text_.get("smart-quotes"),
        range_dashes=text_.get("range-dashes"),
    )
    return None if check.failed else profile


def check_names(path: Path, text: str, data: dict, reporter: Reporter) -> None:
    """The tag and aliases of a profile the project does not use (a mistake in them may be
    why it is not found)."""
    from .config import Config
    from .schema.profile import NAMES
    from .schema.tomlcheck import TomlCheck

    names = {key: data[key] for key in NAMES.keys if key in data}
    TomlCheck(Config(str(path), data, text), reporter, "language").table(NAMES, names)


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


def lookup_tags(tag: str) -> list[str]:
    """The tags a language tag is looked up by, longest first (BCP 47 lookup, RFC 4647
    3.4): the tag itself, then shorter by one subtag at a time (an extension's or private
    use's single-letter subtag goes with the subtag after it); casefolded, `_` read as `-`
    (zh_Hans_CN is zh-Hans-CN)."""
    subtags = [s for s in tag.strip().replace("_", "-").casefold().split("-")]
    if not all(s.isalnum() and s.isascii() for s in subtags):
        return []
    found = []
    while subtags:
        found.append("-".join(subtags))
        subtags = subtags[:-1]
        if len(subtags) > 1 and len(subtags[-1]) == 1:
            subtags = subtags[:-1]
    return found


def profile_path_for(tag: str, known: tuple[tuple[str, frozenset[str]], ...]) -> str | None:
    """The file of the profile, among every one the project can use (known: each profile's
    file and the names it answers to, diglot's own and the project's languages/), that a
    language tag from elsewhere names (a CAT tool's zh-CN, EN-US, zh-Hant-TW): the profile
    whose tag or alias is the tag, else the longest shorter form of it that one answers
    to. Asking every profile, not only the project's, keeps zh-TW from reading as zh
    (Simplified) in a project that has no Traditional Chinese: the zh-Hant profile answers
    to it first. None: no profile answers."""
    for candidate in lookup_tags(tag):
        for path, names in known:
            if candidate in names:
                return path
    return None


@dataclass(frozen=True)
class Languages:
    """A project's languages: the source and its targets, each with its profile."""

    source: Profile
    targets: tuple[Profile, ...]
    # every profile the project can use: its file and the names it answers to (casefolded)
    known: tuple[tuple[str, frozenset[str]], ...] = ()

    @property
    def all(self) -> tuple[Profile, ...]:
        return (self.source, *self.targets)

    def get(self, tag: str) -> Profile:
        return next(p for p in self.all if p.tag == tag)

    @property
    def latin_word_lang(self) -> str | None:
        """The Word language of Latin-script words in an East Asian edition: the first of
        the project's languages (the source first) that is not East Asian; None: none is."""
        return next((p.word_lang for p in self.all if not p.word_east_asian), None)

    @property
    def names(self) -> dict[str, str]:
        return {p.tag: p.name for p in self.all}

    def matching(self, tag: str) -> Profile | None:
        """The project's language a tag from elsewhere names, matched as BCP 47 tags are
        (profile_path_for): zh, zh-CN, zh-Hans, zh-Hans-CN for a zh-Hans project's `zh`;
        zh-TW, zh-Hant for zh-Hant. None: it names none of the project's languages."""
        known = self.known or tuple((p.path, frozenset({p.tag.casefold()})) for p in self.all)
        path = profile_path_for(tag, known)
        exact = tag.strip().replace("_", "-").casefold()
        return next(
            (
                p
                for p in self.all
                if (path is not None and p.path == path) or p.tag.casefold() == exact
            ),
            None,
        )

    @property
    def numbering_styles(self) -> set[str]:
        """The numbering styles every language writes: those a type may use."""
        return set.intersection(*(set(p.numbering) for p in self.all))


def project_languages(
    project_root: Path, reporter: Reporter, config=None, read: bool = False
) -> Languages | None:
    """[languages] of the project's diglot.toml (en -> zh when it says nothing). None, after
    reporting why, when the settings cannot be read: the file's own problems are reported
    here, those of [checks] with the check settings (settings.load_settings). read: the
    file was read already (config: its Config, or None when it could not be used, its
    problems reported)."""
    from .config import CONFIG_FILE, read_config
    from .schema.settings import LANGUAGES, SETTINGS
    from .schema.tomlcheck import TomlCheck

    if not read:
        config = read_config(project_root / CONFIG_FILE, reporter)
    if config is None:
        return None
    # the file's own problems: an unknown table, a table given as a value
    TomlCheck(config, reporter, "config").table(SETTINGS, config.table, deep=False)
    source, targets = DEFAULT_SOURCE, list(DEFAULT_TARGETS)
    where = source_where = config.where()
    if "languages" in config.table:
        table = config.table["languages"]
        if not isinstance(table, dict):
            return None  # reported above
        where = source_where = config.where("languages")
        check = TomlCheck(config, reporter, "config")
        given = check.table(LANGUAGES, table, ("languages",))
        if check.refused:
            return None
        source, targets = given["source"], list(given["targets"])
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
            check_names(entry.path, entry.text, entry.data, reporter)
    profiles = [profile for profile in found if profile is not None]
    if len(profiles) != len(found):
        return None
    known = tuple((str(e.path), frozenset(e.names())) for e in parsed if e.problem is None)
    languages = Languages(profiles[0], tuple(profiles[1:]), known)
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
