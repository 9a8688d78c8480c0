"""Locale data through Babel: dates and numbers per language, and the gettext label catalogs."""

from __future__ import annotations

import datetime
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel import Locale as BabelLocale
from babel.core import UnknownLocaleError
from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations

from .diagnostics import Location, Reporter
from .files import NotReadable, read_bytes
from .languages import Profile
from .script import starts_wide

DOMAIN = "messages"
CATALOG_MAX_BYTES = 8 * 1024 * 1024


def catalog_path(templates_dir: Path, catalog: str) -> Path:
    return templates_dir / "locale" / catalog / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class EditionLocale:
    """Everything language-specific an edition needs: labels, dates, numbers."""

    lang: str
    translations: NullTranslations
    babel_locale: str
    html_lang: str
    catalog_file: str | None = None
    labels: frozenset[str] = frozenset()  # the catalog's msgids (singular of a plural)
    missing: set[str] = field(default_factory=set, compare=False)
    mo: bytes | None = field(default=None, compare=False)  # the compiled catalog, if any

    def __reduce__(self):
        """Sent to a worker process as the compiled catalog, read again there (gettext's
        objects do not pickle)."""
        return (
            _restore,
            (self.lang, self.mo, self.babel_locale, self.html_lang, self.catalog_file, self.labels),
        )

    def gettext(self, message: str) -> str:
        self._note(message)
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self._note(singular)
        return self.translations.ngettext(singular, plural, n)

    def _note(self, message: str) -> None:
        """Remember labels the catalog lacks: an edition must not fall back to English."""
        if self.catalog_file and message not in self.labels:
            self.missing.add(message)

    def report_missing(self, reporter: Reporter) -> None:
        for message in sorted(self.missing):
            reporter.error(
                "locale.untranslated",
                f"label '{message}' is used by the templates "
                "but missing from the catalog; run pybabel extract and update (see "
                'README, "Labels and catalogs")',
                Location(self.catalog_file),
            )

    def format_date(self, iso: str) -> str:
        """'2024-10' -> 'October 2024' / '2024年10月'; a full date keeps its day; a year
        alone is the year as the language writes it."""
        parts = [int(p) for p in iso.split("-")]
        day = datetime.date(
            parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1
        )
        skeleton = {1: "y", 2: "yMMMM", 3: "yMMMMd"}[len(parts)]
        return format_skeleton(skeleton, day, locale=self.babel_locale)


def language_name(profile: Profile) -> str:
    """A language's name in that language, from Babel's locale data: English, 中文."""
    locale = BabelLocale.parse(profile.babel_locale)
    return locale.languages.get(locale.language, profile.name)


def english_language_name(babel_locale: str, fallback: str = "") -> str:
    """A language's name in English, from Babel's locale data (zh_Hant_TW -> Chinese,
    en_GB -> English): the label an edition translates to name the language in its own
    ("Original: English", 原文：英文)."""
    try:
        language = BabelLocale.parse(babel_locale).language
        return BabelLocale("en").languages.get(language, fallback) or fallback
    except (ValueError, TypeError, UnknownLocaleError):
        return fallback


def space_before(label: str) -> str:
    """The space between text and a label that follows it: none when the label opens with a
    full-width character such as "（", which carries its own space."""
    return "" if starts_wide(label) else " "


PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _placeholders_match(catalog, path: Path, reporter: Reporter) -> bool:
    """Every translation uses the placeholders of its label ({pages}, {leader}) and no
    others: a misspelled one would be printed as it is in every edition. Reported at the
    placeholder in the catalog."""
    lines: list[str] | None = None
    ok = True
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = {name for text in ids for name in PLACEHOLDER.findall(text)}
        for index, string in enumerate(strings):
            used = PLACEHOLDER.findall(string)
            extra = [name for name in dict.fromkeys(used) if name not in wanted]
            missing = [] if len(ids) > 1 else [name for name in wanted if name not in used]
            if not extra and not missing:
                continue
            ok = False
            if lines is None:
                lines = read_bytes(path, CATALOG_MAX_BYTES).decode("utf-8", "replace").splitlines()
            has = ", ".join(f"{{{name}}}" for name in sorted(wanted)) or "no placeholder"
            lacks = ", ".join(f"{{{name}}}" for name in missing)
            for name in extra:  # most often a misspelling: one line, at the placeholder
                line, column = _find_in_msgstr(lines, message.lineno, index, f"{{{name}}}")
                reporter.error(
                    "locale.placeholder",
                    f"label '{ids[0]}': the translation has {{{name}}}, which the label does "
                    f"not have (it has {has}"
                    f"{f'; the translation lacks {lacks}' if lacks else ''}); "
                    "it would be printed as it is",
                    Location(str(path), line, column),
                )
            if missing and not extra:
                line, column = _find_in_msgstr(lines, message.lineno, index, "msgstr")
                reporter.error(
                    "locale.placeholder",
                    f"label '{ids[0]}': the translation lacks {lacks}, which the label has",
                    Location(str(path), line, column),
                )
    return ok


def _find_in_msgstr(lines: list[str], lineno: int | None, index: int, text: str) -> tuple:
    """(line, column) of text in the message's msgstr (msgstr[index] of a plural) that starts
    after the msgid at lineno; the msgid's line when it cannot be found."""
    start = lineno or 1
    inside = False
    for number in range(start, len(lines) + 1):
        line = lines[number - 1]
        if line.startswith("msgstr"):
            inside = line.startswith(("msgstr ", f"msgstr[{index}]"))
        elif not line.startswith('"'):
            if inside or not line.strip() or line.startswith("#"):
                break  # the end of this message
            continue  # msgctxt, msgid, msgid_plural
        if inside and text in line:
            return number, line.index(text) + 1
    return start, 1


def load_locale(profile: Profile, templates_dir: Path, reporter: Reporter) -> EditionLocale | None:
    """The locale for one edition language; a missing or incomplete catalog is an error."""
    lang = profile.tag
    if profile.source_catalog:  # labels are written in this language
        return EditionLocale(lang, NullTranslations(), profile.babel_locale, profile.html_lang)
    path = catalog_path(templates_dir, profile.catalog)
    where = Location(str(path))
    if not os.path.lexists(path):
        reporter.error(
            "locale.missing-catalog",
            f"no label catalog for '{lang}'; create it "
            'with pybabel init (see README, "Labels and catalogs")',
            where,
        )
        return None
    try:  # inside the templates folder, a regular file of a sane size
        data = read_bytes(path, CATALOG_MAX_BYTES, within=templates_dir)
        catalog = read_po(io.BytesIO(data), locale=profile.babel_locale, abort_invalid=True)
    except NotReadable as exc:
        reporter.error("locale.bad-catalog", f"the label catalog {exc.reason}", where)
        return None
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        reporter.error("locale.bad-catalog", f"cannot read the label catalog: {exc}", where)
        return None
    complete = True
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            complete = False
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            reporter.error(
                "locale.untranslated",
                f"label '{msgid}' has no {'confirmed ' if message.fuzzy else ''}translation",
                Location(str(path), message.lineno or 1),
            )
    if not complete or not _placeholders_match(catalog, path, reporter):
        return None
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    labels = frozenset(m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id)
    return _restore(
        lang, buffer.getvalue(), profile.babel_locale, profile.html_lang, str(path), labels
    )


def _restore(
    lang: str,
    mo: bytes | None,
    babel_locale: str,
    html_lang: str,
    catalog_file: str | None,
    labels: frozenset[str],
) -> EditionLocale:
    translations = (
        NullTranslations() if mo is None else Translations(fp=io.BytesIO(mo), domain=DOMAIN)
    )
    return EditionLocale(lang, translations, babel_locale, html_lang, catalog_file, labels, mo=mo)


def extract_language_names(fileobj, keywords, comment_tags, options):
    """pybabel's extractor for language profiles (babel.cfg): each profile's language named
    in English by Babel (its babel-locale: zh_Hant_TW -> Chinese), a message every edition
    translates to name the language ("Original: English", 原文：英文)."""
    import tomllib

    data = tomllib.loads(fileobj.read().decode("utf-8-sig"))
    locale = data.get("babel-locale")
    if isinstance(locale, str):
        name = english_language_name(locale)
        if name:
            yield 1, "gettext", name, []
