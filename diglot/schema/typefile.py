"""The description of a document type's declaration (types/<name>.yaml), mistakes worded.

Its title block, the lists of its body, and its kinds of unit with their roles, fields,
child lists, numbering and labels. What one part says of another (a kind named in a list
exists, a field fills a slot of its kind's role, no kind contains itself) is checked where
the type is read (types.py).
"""

from __future__ import annotations

from .spec import Either, Entry, Flag, Items, Number, Table, Text

NAME = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*"  # a type's, kind's, list's or field's name

# What each role shows: its text slots (a kind's fields fill them), and whether it may hold
# child units.
ROLES: dict[str, tuple[str, ...]] = {
    "section": ("heading",),
    "paragraph": ("text",),
    "list": (),
    "item": ("text",),
    "person": ("name", "roles", "mark"),
    "table": ("caption",),
    "row": ("cells",),
    "header-row": ("cells",),  # a table's heading row, repeated on every page
    "signature": ("party", "name", "title"),  # a signature block: for whom, who, as what
}
TITLE_ROLES = (
    "series",
    "title",
    "subtitle",
    "short-title",
    "reference",
    "date",
    "place",
    "organisers",
)
TITLE_KINDS = ("text", "list", "date", "code")
SCOPES = ("document", "parent")
CLOSINGS = ("date-place", "testimonium")
# What each language version of a document is: the original, an (official or unofficial)
# translation of it, or one of texts that are all equally authentic.
STATUSES = ("original", "translation", "unofficial-translation", "equally-authentic")
RESERVED_KEYS = ("id", "kind", "review", "source-hash", "waive")

KIND_NAMES = Items(
    doc="Kinds of unit the list holds; the first is the default when a unit does not say its kind.",
    item=Text(pattern=NAME, what="a kind name"),
    least=1,
    says={
        "type": "{name} must be a non-empty list of kind names, e.g. [paragraph]",
        "size": "{name} must be a non-empty list of kind names, e.g. [paragraph]",
        "item": "{name}: '{value}' is not a kind name",
    },
)
CHILD_LIST = Either(
    doc="A list of units: its kinds, [paragraph, recommendations], or a mapping with kinds "
    "and required.",
    says={"type": "{name} must be a non-empty list of kind names, e.g. [paragraph]"},
    forms=(
        KIND_NAMES,
        Table(
            entries=(
                Entry("kinds", KIND_NAMES, required=True),
                Entry("required", Flag(doc="Every document has the list.", default=True)),
                Entry(
                    "alternat",
                    Flag(
                        doc="The order of its units may differ between the languages (each "
                        "party first in its own language's version); every unit is still in "
                        "every language, once.",
                        default=False,
                    ),
                ),
                Entry(
                    "new-page",
                    Flag(doc="Its first unit starts a new page in print.", default=False),
                ),
            ),
            says={"missing": "{name} needs kinds: [...]"},
        ),
    ),
)


def _lists(doc: str) -> Table:
    """The lists of units a document's body or a kind holds, by key."""
    return Table(
        doc=doc,
        values=CHILD_LIST,
        key_pattern=NAME,
        key_reserved=RESERVED_KEYS,
        key_doc="The list's key in content: lower-case words joined by '-'.",
        says={"key": "{name}: '{key}' cannot name a list of units"},
    )


_TITLE_SHORT = (
    "{name}: write required, optional, or a mapping with required, kind, per-language, show"
)
TITLE_FIELD = Either(
    doc="required, optional, or a mapping.",
    forms=(
        Text(choices=("required", "optional"), says={"*": _TITLE_SHORT}),
        Table(
            entries=(
                Entry("required", Flag(doc="Every document has it.", default=False)),
                Entry(
                    "kind",
                    Text(
                        doc="text (a unit with id and text, the default; date for date), list "
                        "(of such units), date (ISO), code (the same in every language).",
                        choices=TITLE_KINDS,
                    ),
                ),
                Entry(
                    "per-language",
                    Flag(
                        doc="A date or code that may differ between the languages.", default=False
                    ),
                ),  # fmt: skip
                Entry("show", Flag(doc="Shown on the title page (else metadata).", default=True)),
                Entry("list", Flag(doc="A list of text units.", default=False)),
            )
        ),
    ),
)
TITLE_BLOCK = Table(
    doc="The title block's fields, which exist and which are required.",
    entries=tuple(Entry(role, TITLE_FIELD) for role in TITLE_ROLES),
    says={"unknown": "{name}.{key}: unknown title-block field; known: {allowed}"},
    codes={"unknown": "type.invalid"},
)
_FIELD_SHORT = (
    "{name}: write required, optional or first-optional, or a mapping with required, slot, list"
)
FIELD = Either(
    doc="required, optional, first-optional (required except on the first unit of its list), "
    "or a mapping.",
    forms=(
        Text(choices=("required", "optional", "first-optional"), says={"*": _FIELD_SHORT}),
        Table(
            entries=(
                Entry("required", Flag(doc="Every unit of the kind has it.")),
                Entry(
                    "slot",
                    Text(
                        doc="The role's slot it fills when it is not named after it: "
                        + "; ".join(
                            f"{role}: {', '.join(slots) or 'none'}" for role, slots in ROLES.items()
                        )
                    ),
                ),  # fmt: skip
                Entry("list", Flag(doc="A list of texts (a row's cells).", default=False)),
            )
        ),
    ),
)
NUMBERING = Either(
    doc="A numbering style every language profile writes ([numbering] in languages/*.toml), "
    "or a mapping with style and scope.",
    forms=(
        Text(),
        Table(
            entries=(
                Entry(
                    "style",
                    Text(
                        doc="decimal, paragraph, lettered, roman, article, part, "
                        "annex, chapter, bullet, or a project's own."
                    ),
                    required=True,
                ),  # fmt: skip
                Entry(
                    "scope",
                    Text(
                        doc="document: 1…N through the document; parent: restarting in each "
                        "parent.",
                        choices=SCOPES,
                        default="parent",
                    ),
                ),  # fmt: skip
                Entry(
                    "run-in",
                    Flag(
                        doc="A section's number runs into its first paragraph when the section "
                        "has no heading (第一条　为了……, Article 1 These Measures…), as laws "
                        "and regulations set their articles.",
                        default=False,
                    ),
                ),  # fmt: skip
            ),
            says={"missing": "{name} needs a style"},
        ),
    ),
)
_LABEL = {"*": "{name}: a label text, or [singular, plural]"}
LABEL = Either(
    doc="A label shown before the children, a gettext message: a text, or [singular, plural].",
    forms=(Text(says=_LABEL), Items(item=Text(says=_LABEL), sizes=(2,), says=_LABEL)),
    says=_LABEL,
)
KIND = Table(
    doc="A kind of unit.",
    entries=(
        Entry(
            "role",
            Text(
                doc="How the editions show it.",
                choices=tuple(ROLES),
                says={"value": "{name}: unknown role '{value}'{hint} (roles: {choices})"},
                codes={"value": "type.unknown-role"},
            ),
            required=True,
        ),
        Entry(
            "id",
            Flag(doc="Its units have ids (false: a list that only holds units).", default=True),
        ),  # fmt: skip
        Entry(
            "fields",
            Table(
                doc="Its text fields, each filling a slot of its role.",
                values=FIELD,
                key_pattern=NAME,
                key_reserved=RESERVED_KEYS,
                key_doc="The field's key in content.",
                says={"key": "{name}.{key}: '{key}' cannot name a field"},
            ),
        ),
        Entry("children", _lists("The lists of units it holds.")),
        Entry("numbering", NUMBERING),
        Entry("label", LABEL),
        Entry(
            "centred",
            Flag(
                doc="A section's heading is centred in every edition (a law's or regulation's "
                "chapters: 第一章　总则).",
                default=False,
            ),
        ),
        Entry("description", Text(doc="What the kind is, for people.")),
    ),
    says={"missing": "{name} needs a role: one of " + ", ".join(ROLES)},
)
STATUS = Text(
    doc="original (the text the others translate), translation, unofficial-translation, or "
    "equally-authentic (every language's text is authentic).",
    choices=STATUSES,
    says={"value": "{name} '{value}' is not one of: {choices}"},
)
LANGUAGE_STATUS = Either(
    doc="The line on each language version's status that every edition shows under the "
    'title ("Original: English" / 原文：英文): equally-authentic, or a mapping with the '
    "status of the source and of the targets; a document may give its own "
    "(title-block: language-status: ...).",
    forms=(
        Text(
            choices=("equally-authentic",),
            says={"*": "{name}: equally-authentic, or a mapping with source and targets"},
        ),
        Table(
            entries=(
                Entry("source", STATUS, required=True),
                Entry("targets", STATUS, required=True),
            ),
            says={"missing": "{name} needs {key}"},
        ),
    ),
)
CONTENTS = Either(
    doc="Whether the editions have contents: false, or a mapping with the least number of "
    "headings and of pages (estimated from the text) a document needs for them.",
    says={"type": "{name}: write false, true, or a mapping with min-headings and min-pages"},
    forms=(
        Flag(doc="false: never; true: whenever the document has a heading."),
        Table(
            entries=(
                Entry(
                    "min-headings",
                    Number(doc="Top-level headings at least.", low=1, whole=True, default=1),
                ),
                Entry(
                    "min-pages",
                    Number(
                        doc="Pages of text at least (estimated from its length).",
                        low=0,
                        whole=True,
                        default=0,
                    ),
                ),
            )
        ),
    ),
)
TYPE = Table(
    doc="A diglot document type: what a document of the type holds.",
    entries=(
        Entry("name", Text(doc="The type's name: its file's name."), required=True),
        Entry("description", Text(doc="What documents of the type are, for people.")),
        Entry("title-block", TITLE_BLOCK, required=True),
        Entry("body", _lists("The document's top-level lists: key: [kinds]."), required=True),
        Entry(
            "closing",
            Text(
                doc="date-place: a closing line with each language's place and date; "
                'testimonium: the formula "Done at …, on …, in the … languages …" before the '
                "signature blocks (or at the end).",
                choices=CLOSINGS,
                says={"value": "{name} '{value}' is not one of: {choices}"},
            ),
        ),
        Entry("language-status", LANGUAGE_STATUS),
        Entry(
            "cover",
            Flag(
                doc="A title page of its own (false: the title at the head of page 1).",
                default=True,
            ),
        ),
        Entry("contents", CONTENTS),
        Entry(
            "kinds",
            Table(
                doc="The kinds of unit, by name.",
                values=KIND,
                key_pattern=NAME,
                key_reserved=RESERVED_KEYS,
                key_doc="The kind's name: lower-case words joined by '-'.",
                says={"key": "'{key}' cannot name a kind: use lower-case words joined by '-'"},
            ),
            required=True,
        ),
    ),
)
