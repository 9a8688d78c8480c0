"""Translation memories and termbases: what a CAT tool, a translation platform or a
spreadsheet reads beside the XLIFF files, and an OmegaT project made of all of them.

`tmx`: the approved translations as TMX 1.4 (inline codes as TMX's paired codes, or as
OmegaT's tags); `termbase`: the glossary as TBX, CSV and OmegaT's tab-separated form, and
those forms read back; `glossaryedit`: entries of such a file written into
content/glossary.yaml as text (comments and formatting kept); `omegat`: an OmegaT project
folder a translator opens as it is."""

from __future__ import annotations

from .omegat import Written, export_projects
from .termbase import Entry, Unreadable, read_file, write_csv, write_tbx, write_tsv
from .tmx import Pair, approved_pairs, memories, omegat_text, previous_pairs, write_tmx

__all__ = [
    "Entry",
    "Pair",
    "Unreadable",
    "Written",
    "approved_pairs",
    "export_projects",
    "memories",
    "omegat_text",
    "previous_pairs",
    "read_file",
    "write_csv",
    "write_tbx",
    "write_tmx",
    "write_tsv",
]
