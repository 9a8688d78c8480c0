"""The language versions of a document and the lines that state what each is: the status
line under the title ("Original: English", 原文：英文, "The English and Chinese texts are
equally authentic.") and the testimonium before the signatures ("Done at …, in the English
and Chinese languages, both texts being equally authentic."), in each language."""

from __future__ import annotations

from dataclasses import dataclass

from .languages import Profile
from .locale import EditionLocale, english_language_name


@dataclass(frozen=True)
class Version:
    """One language version of a document: its profile and what its text is (original,
    translation, unofficial-translation, equally-authentic; None: the type says nothing)."""

    profile: Profile
    status: str | None


# The labels of the status line, the testimonium and the signature blocks (in the gettext
# catalogs through pybabel extract); a language's name is its profile's name, translated.


def _(message: str) -> str:
    return message


ORIGINAL = _("Original: {language}")
UNOFFICIAL = _("Unofficial translation; original: {language}")
EQUALLY_AUTHENTIC = _("The {languages} texts are equally authentic.")
AND = _("{first} and {last}")
DONE_AT = _("Done at {place}, on {date}")
DONE_ON = _("Done on {date}")
DONE_EQUAL = _("{done}, in the {languages} languages, both texts being equally authentic.")
DONE_EQUAL_ALL = _("{done}, in the {languages} languages, all texts being equally authentic.")
DONE_ORIGINAL = _("{done}, in the {language} language.")
# with the number of originals signed (title-block originals)
DONE_EQUAL_COPIES = _(
    "{done}, {copies}, in the {languages} languages, both texts being equally authentic."
)
DONE_EQUAL_ALL_COPIES = _(
    "{done}, {copies}, in the {languages} languages, all texts being equally authentic."
)
DONE_ORIGINAL_COPIES = _("{done}, {copies}, in the {language} language.")
COPIES = {2: _("in duplicate"), 3: _("in triplicate"), 4: _("in quadruplicate")}
COPIES_MORE = _("in {n} originals")
# a number of originals written out in the catalogs' own words ("five", 五)
NUMBER_WORDS = {
    5: _("five"),
    6: _("six"),
    7: _("seven"),
    8: _("eight"),
    9: _("nine"),
    10: _("ten"),
    11: _("eleven"),
    12: _("twelve"),
    13: _("thirteen"),
    14: _("fourteen"),
    15: _("fifteen"),
    16: _("sixteen"),
    17: _("seventeen"),
    18: _("eighteen"),
    19: _("nineteen"),
    20: _("twenty"),
}
SIGNED_FOR = _("For {party}:")


def _fill(label: str, **values: str) -> str:
    for name, value in values.items():
        label = label.replace("{" + name + "}", value)
    return label


def _names(locale: EditionLocale, profiles: list[Profile]) -> str:
    """Languages named in one language: "English and Chinese", 中文和英文."""
    names = [locale.gettext(english_language_name(p.babel_locale, p.name)) for p in profiles]
    if len(names) == 1:
        return names[0]
    return _fill(locale.gettext(AND), first=locale.gettext(", ").join(names[:-1]), last=names[-1])


def _own_first(profile: Profile, versions: tuple[Version, ...]) -> list[Profile]:
    """The languages of the versions, the profile's own first (each text names its own
    language first: "English and Chinese", 中文和英文)."""
    own = [v.profile for v in versions if v.profile.tag == profile.tag]
    return own + [v.profile for v in versions if v.profile.tag != profile.tag]


def status_line(
    locale: EditionLocale, profile: Profile, versions: tuple[Version, ...]
) -> str | None:
    """The line on the status of the language versions, in a language (its locale and
    profile): "The
    English and Chinese texts are equally authentic.", "Original: English", or for an
    unofficial translation "Unofficial translation; original: English"."""
    statuses = [v.status for v in versions]
    if not any(statuses):
        return None
    if all(s == "equally-authentic" for s in statuses):
        return _fill(
            locale.gettext(EQUALLY_AUTHENTIC),
            languages=_names(locale, _own_first(profile, versions)),
        )
    original = next((v.profile for v in versions if v.status == "original"), None)
    if original is None:  # a translation laid out without its original: which it is unknown
        return None
    own = next((v.status for v in versions if v.profile.tag == profile.tag), None)
    label = UNOFFICIAL if own == "unofficial-translation" else ORIGINAL
    return _fill(locale.gettext(label), language=_names(locale, [original]))


def testimonium(
    locale: EditionLocale,
    profile: Profile,
    versions: tuple[Version, ...],
    date: str | None,
    place: str | None,
    originals: int | None = None,
) -> str:
    """The formula before the signatures: "Done at Port Merrow, on 17 June 1948, in the
    English and Chinese languages, both texts being equally authentic." (or "…, in the
    English language." when one text is the original); with the number of originals
    signed: "…, in duplicate, in the English and Chinese languages, …" (一式两份，每份均以…)."""
    done = (
        _fill(locale.gettext(DONE_AT), place=place, date=date or "")
        if place is not None
        else _fill(locale.gettext(DONE_ON), date=date or "")
    )
    copies = _copies(locale, originals) if originals else None
    statuses = [v.status for v in versions]
    if statuses and all(s == "equally-authentic" for s in statuses):
        if copies is None:
            label = DONE_EQUAL if len(versions) == 2 else DONE_EQUAL_ALL
        else:
            label = DONE_EQUAL_COPIES if len(versions) == 2 else DONE_EQUAL_ALL_COPIES
        return _fill(
            locale.gettext(label),
            done=done,
            copies=copies or "",
            languages=_names(locale, _own_first(profile, versions)),
        )
    original = next((v.profile for v in versions if v.status == "original"), versions[0].profile)
    label = DONE_ORIGINAL if copies is None else DONE_ORIGINAL_COPIES
    return _fill(
        locale.gettext(label),
        done=done,
        copies=copies or "",
        language=_names(locale, [original]),
    )


def _copies(locale: EditionLocale, originals: int) -> str:
    """How many originals were signed, as the testimonium says it: "in duplicate", 一式两份,
    "in five originals", 一式五份."""
    if originals in COPIES:
        return locale.gettext(COPIES[originals])
    word = NUMBER_WORDS.get(originals)
    number = locale.gettext(word) if word else str(originals)
    return _fill(locale.gettext(COPIES_MORE), n=number)
