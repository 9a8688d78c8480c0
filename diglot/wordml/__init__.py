"""Raw WordprocessingML (Office Open XML) that python-docx has no API for: the one place
that touches its XML, shared by the Word editions (writers/docx*.py) and the review file.

- `styles`: styles, document defaults and the settings part;
- `content`: fields, hyperlinks, table rows and widths, cell margins, editable ranges in a
  protected document, a watermark;
- `package`: the font table, custom document properties, a reproducible zip;
- `read`: an untrusted .docx read back (the archive checked, XML parsed without DTDs) and
  its paragraphs as runs of (text, bold, link target).
"""

from __future__ import annotations

from .content import (
    LINE_MARKS,
    WORD_JOINER,
    ZERO_WIDTH_SPACE,
    add_bookmark,
    add_contents_entry,
    add_editable_range,
    add_field,
    add_line_mark,
    add_watermark,
    clear_cell_borders,
    drop_spaces_before_page_breaks,
    keep_row_together,
    protect_read_only,
    remove_paragraph,
    repeat_as_header,
    set_cell_margins,
    set_table_width,
    wrap_in_hyperlink,
)
from .package import (
    CORE_TEXT_MAX,
    add_custom_properties,
    custom_properties_part,
    reproducible_zip,
    set_core_texts,
)
from .styles import (
    add_style,
    cache_style_ids,
    child_in_order,
    clear_style_paragraph,
    drop_template_leftovers,
    has_style,
    mark_builtin,
    set_document_defaults,
    set_settings,
    set_style_border,
    set_style_east_asian,
    set_style_first_line_chars,
    set_style_fonts,
    set_style_language,
    set_style_switch,
    set_table_style_layout,
    strip_theme_fonts,
    style,
)

__all__ = [
    "LINE_MARKS",
    "WORD_JOINER",
    "ZERO_WIDTH_SPACE",
    "add_line_mark",
    "add_bookmark",
    "add_contents_entry",
    "add_custom_properties",
    "add_style",
    "add_editable_range",
    "add_field",
    "add_watermark",
    "cache_style_ids",
    "clear_cell_borders",
    "drop_spaces_before_page_breaks",
    "child_in_order",
    "clear_style_paragraph",
    "custom_properties_part",
    "set_core_texts",
    "CORE_TEXT_MAX",
    "drop_template_leftovers",
    "has_style",
    "keep_row_together",
    "mark_builtin",
    "protect_read_only",
    "remove_paragraph",
    "repeat_as_header",
    "reproducible_zip",
    "set_cell_margins",
    "set_document_defaults",
    "set_settings",
    "set_style_border",
    "set_style_east_asian",
    "set_style_first_line_chars",
    "set_style_fonts",
    "set_style_language",
    "set_style_switch",
    "set_table_style_layout",
    "set_table_width",
    "strip_theme_fonts",
    "style",
    "wrap_in_hyperlink",
]
