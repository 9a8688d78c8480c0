"""WeasyPrint's line breaking, extended (private to writers/pdf.py): justified paragraphs
broken as a whole, and hyphenation within a proofreader's limits.

WeasyPrint 70 fills each line as far as it can, then starts the next, and hyphenates every
line it can (`hyphens: auto`, with the patterns of the text's `lang`). Inside `limited()`:

- a justified paragraph of a script with spaces is broken as a whole
  (writers/_paragraphs.py): its breaks are chosen together, for the most even lines, and
  WeasyPrint is then led to each chosen break (each text box is given just the width that
  ends its line there); where its line ends elsewhere all the same (a measure that was
  off), the rest of the paragraph is planned again from there;
- hyphenation keeps a proofreader's limits, in those paragraphs and in every other one:
  never the last word of a text (no paragraph or cell ends on a fragment, "ation.") unless
  the planner finds every other way to break a justified paragraph looser than
  typorules.WORD_GAP (the line is then marked for the lint: final_hyphen()),
  never a word with a capital letter (a name: typorules.may_hyphenate),
  never more than MAX_LADDER hyphenated lines in a row, never the last line of a page (or
  of a column on it: no word split across pages). A line that would break one of these is
  set without hyphenating;
- a word is broken anywhere (overflow-wrap) only when it is the first on its line and longer
  than the line: WeasyPrint 70 takes every text inside an inline element a line starts in
  (a link, an address) for the line's first, and broke a word of it where the line ran out
  rather than at an earlier break (`…org/catalog` / `ue维护`).
Titles, headings, names and ragged text never hyphenate at all (`hyphens: manual` in the
stylesheets).

`limited()` wraps six WeasyPrint functions for the time of a render and puts them back
after, having checked that they are the ones this module was written for (as
_cjk_justify.py does).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from weasyprint.formatting_structure import boxes
from weasyprint.layout import block, inline
from weasyprint.text import line_break

from ..script import CJK
from ..typorules import MAX_LADDER, WORD_GAP, may_hyphenate
from ._cjk_justify import UnexpectedWeasyPrint, _declare_measures, fingerprint
from ._measure import Measures, Plan, declare_widths, measure, offset
from ._paragraphs import HYPHEN, Break, _content_end

EXPECTED = {
    "weasyprint.layout.inline.iter_line_boxes": (
        "04aec48abfcad809bc94c54eeba0e23a389e824cec85fe67bc1b21412d29dc3a"
    ),
    "weasyprint.text.line_break.split_first_line": (
        "39ad1016863ca34de0bea4c9fcffb46da7e27813c87dd82b7011bfa19fe5504f"
    ),
    "weasyprint.layout.inline.text_align": (
        "e953d41b87ccfc30405f83f6cc3c73918ef4638662794db4f834b1d788d6ed67"
    ),
    "weasyprint.layout.inline.split_inline_box": (
        "3a0cb7ca7e34c7ef0feda818cdb8fea64b7a8332ccf83e12506289534f6faeae"
    ),
    "weasyprint.layout.inline.can_break_inside": (
        "fec5e4629e03814132461eecf4afdfe78f74bbb07f746c01a28c668c399f6c9f"
    ),
    "weasyprint.layout.inline.split_text_box": (
        "8c564329599ef23fac6cc8c403768e9e51638226d87a8b2de69c49c9c5f408c8"
    ),
}
_WORD_END = re.compile(r"[^\W\d_]*$")  # the letters a text ends with
_WORD_START = re.compile(r"[^\W\d_]*")
EPSILON = 0.5  # px: the width a text box is given beyond its planned line's end (less than
# any syllable, more than Pango's rounding)


def _targets() -> dict[str, object]:
    return {
        "weasyprint.layout.inline.iter_line_boxes": inline.iter_line_boxes,
        "weasyprint.text.line_break.split_first_line": line_break.split_first_line,
        "weasyprint.layout.inline.split_text_box": inline.split_text_box,
        "weasyprint.layout.inline.split_inline_box": inline.split_inline_box,
        "weasyprint.layout.inline.can_break_inside": inline.can_break_inside,
        "weasyprint.layout.inline.text_align": inline.text_align,
    }


def check_weasyprint() -> None:
    """Fail with a clear message unless WeasyPrint's line functions are the ones this
    module was written for."""
    changed = [
        name for name, function in _targets().items() if fingerprint(function) != EXPECTED[name]
    ]
    if changed:
        raise UnexpectedWeasyPrint(
            "diglot's line breaking (diglot/writers/_lines.py) extends WeasyPrint and cannot "
            f"run: {', '.join(changed)} changed. Install weasyprint>=70,<71, or port the "
            "module and update its EXPECTED fingerprints."
        )


@dataclass
class _Line:
    """The line being laid out to plan: where it starts, the width of the lines after it,
    how many lines before it ended hyphenated, whether it is probably the last of its page,
    the breaks planned for it and after it (None: not planned yet) and the break it is to
    end at (set by aim(), when its measure is known)."""

    plan: Plan
    start: int
    width: float
    ladder: int
    last_on_page: bool
    planned: list[Break] | None
    measure: float | None = None
    target: Break | None = None
    shrink: float = 0.0  # px each space of the line gives up (a line set tighter)

    def aim(self, measure: float) -> None:
        """Choose the break this line ends at, given its measure: the planned one, unless
        there is no plan yet, its measure changed, or it may not end hyphenated."""
        planned = self.planned
        if (
            planned is None
            or abs(measure - planned_measure(planned)) > 0.01
            or (self.last_on_page and (planned[1].kind == HYPHEN or planned[1].inner))
        ):
            found = self.plan.paragraph.plan(
                self.start, self.width, measure, self.ladder, self.last_on_page
            )
            planned = self.planned = [_Measured(measure), *found] if found else None
        self.measure = measure
        self.target = planned[1] if planned else None
        self.shrink = 0.0
        if self.target is not None:
            paragraph = self.plan.paragraph
            natural = self.target.end_x - paragraph.x[self.start]
            spaces = paragraph.text.count(" ", self.start, _content_end(self.target))
            if natural > measure and spaces:
                self.shrink = (natural - measure) / spaces + 0.001

    def rest(self, reached: int | None) -> list[Break] | None:
        """The plan of the lines after this one, if it ended where planned."""
        if self.planned is None or self.target is None or reached != self.target.at:
            return None  # off plan: the next line plans the rest again from where it is
        following = self.planned[2:]
        return [_Measured(self.width), *following] if following else None


class _Measured(Break):
    """The head of a plan: the measure its next line was planned for."""

    def __init__(self, measure: float):
        super().__init__(-1, "measure", measure)


def planned_measure(planned: list[Break]) -> float:
    return planned[0].end_x


class _State:
    """What the line being laid out may do: hyphenate (False while a limit forbids it), and
    the plan it follows (None: first fit). Outside any line: hyphenate, no plan."""

    hyphenate = True
    line: _Line | None = None
    # the first text laid out on the line box being split (its box's id and the bytes
    # skipped): only it is at the start of the line
    first: tuple[int, int] | None = None


def _in_word(character: str) -> bool:
    """A letter or digit of a script that breaks at spaces (not Chinese, Japanese, Korean)."""
    return bool(character) and character.isalnum() and not CJK.match(character)


def _joined(box) -> str:
    """The text of an inline box, its children's texts joined; the text of a child that may
    not wrap (white-space: nowrap) as one unbreakable word."""
    if isinstance(box, boxes.TextBox):
        return box.text
    if box.style["white_space"] not in ("normal", "pre-wrap", "pre-line"):
        return "x"  # stands for a run that may not break
    return "".join(_joined(child) for child in getattr(box, "children", ()))


def word_split(line) -> bool:
    """Whether a line box ends inside a word, with no hyphen added (a word too long for its
    line, or one WeasyPrint broke where the line ran out)."""
    text = _last_text(line)
    return text is not None and bool(getattr(text, "diglot_word_split", False))


def final_hyphen(line) -> bool:
    """Whether a line box ends with the paragraph's last word hyphenated where the planner
    found every other way to break the paragraph looser than typorules.WORD_GAP."""
    text = _last_text(line)
    return text is not None and bool(getattr(text, "diglot_final_hyphen", False))


def _last_text(line) -> boxes.TextBox | None:
    """The last text box of a line box (its deepest last child)."""
    for child in reversed(getattr(line, "children", ())):
        if isinstance(child, boxes.TextBox):
            return child
        found = _last_text(child) if isinstance(child, boxes.ParentBox) else None
        if found is not None:
            return found
    return None


def _spaces(line) -> int:
    """The spaces of a line's text (what justification stretches or shrinks)."""
    return sum(
        child.text.count(" ") if isinstance(child, boxes.TextBox) else _spaces(child)
        for child in getattr(line, "children", ())
    )


def hyphenated(line) -> bool:
    """Whether a laid-out line ends with a hyphen WeasyPrint added (the hyphenate
    character, at a hyphenation point or a soft hyphen: the text itself does not hold it
    there)."""
    text = _last_text(line)
    if text is None:
        return False
    character = text.style["hyphenate_character"]
    return bool(character) and text.text.endswith(character) and text.style["hyphens"] != "none"


# -- loose lines ---------------------------------------------------------------------------

LETTER_SPACING = 0.04  # em: the most a loose line's letters are spaced, to keep its spaces
# within typorules.WORD_GAP


def _track_loose(context, line, slack: float, measures: Measures) -> None:
    """A justified line of a script with spaces whose spaces would stretch past WORD_GAP:
    its letters take the rest of the slack, when up to LETTER_SPACING em each is enough to
    keep the spaces within WORD_GAP (as book typesetting tracks such a line a little rather
    than open a river). A line that stays loose all the same is not letter-spaced: spaced
    letters and wide gaps together read worse than the gaps alone, and the lint reports the
    line (typo.loose-line) for an editor to mend."""
    texts = list(line_texts(line))
    if not texts or any(CJK.search(t.text) for t in texts):
        return
    spaces = sum(t.text.count(" ") for t in texts)
    space = measures.width(line.style, " ")
    stretch = (WORD_GAP - 1) * space * 0.99  # what the spaces may take, each
    if not spaces or not space or slack <= stretch * spaces:
        return
    # letter spacing widens the spaces too: spaces * (stretch - l) + letters * l = slack
    letters = sum(len(t.text) for t in texts)
    size = line.style["font_size"] or 1.0
    spacing = (slack - stretch * spaces) / max(1, letters - spaces)
    if 0.01 < spacing <= LETTER_SPACING * size:
        line.width += _letter_space(context, line, spacing, 0.0)


def line_texts(box) -> Iterator[boxes.TextBox]:
    """The text boxes of a line (or of an inline box) in order, however deep inside."""
    for child in getattr(box, "children", ()):
        if isinstance(child, boxes.TextBox):
            yield child
        elif isinstance(child, (boxes.InlineBox, boxes.LineBox)):
            yield from line_texts(child)


def _letter_space(context, box, spacing: float, advance: float) -> float:
    """Space a line's letters by spacing more (each text box's style), moving the boxes
    after each along; returns how much wider the line became."""
    for child in getattr(box, "children", ()):
        if not child.is_in_normal_flow():
            continue
        if isinstance(child, boxes.TextBox):
            child.position_x += advance
            style = child.style.copy()
            letter = style["letter_spacing"]
            style["letter_spacing"] = (0 if letter == "normal" else letter) + spacing
            child.style = style
            layout = line_break.create_layout(child.text, style, context, None, 0)
            width = line_break.line_size(layout.get_first_line()[0], style)[0]
            layout.deactivate()
            child.pango_layout = layout
            advance += width - child.width
            child.width = width
        elif isinstance(child, boxes.InlineBox):
            before = advance
            child.position_x += advance
            advance = _letter_space(context, child, spacing, advance)
            child.width += advance - before
        else:
            child.translate(advance, 0)
    return advance


def _split_tight(split_text, tight, context, box, width, skip, shrink, args, kw):
    """WeasyPrint's split of a text box; on a planned tight line, with its spaces shrink
    narrower (justification, which only ever widens them, then fills the line out)."""
    if not shrink:
        return split_text(context, box, width, skip, *args, **kw)
    original = box.style
    box.style = tight(original, shrink)
    try:
        new_box, resume, preserved = split_text(context, box, width, skip, *args, **kw)
    finally:
        box.style = original
    if new_box is not None:
        new_box.style = tight(original, shrink)
    return new_box, resume, preserved


# -- the wrappers -------------------------------------------------------------------------------


@contextlib.contextmanager
def limited() -> Iterator[None]:
    """Within: justified paragraphs are broken as a whole, and hyphenation keeps the limits
    above. WeasyPrint's functions are checked first and restored after."""
    check_weasyprint()
    _declare_measures()
    declare_widths()
    state = _State()
    measures = Measures()
    iter_lines = block.iter_line_boxes
    split = inline.split_first_line
    split_text = inline.split_text_box
    split_inline = inline.split_inline_box
    breakable = inline.can_break_inside
    align = inline.text_align
    # the paragraphs measured, by their line box's id (kept alive beside it)
    measured_boxes: dict[int, tuple[object, Plan | None]] = {}
    # a style's copy with narrower spaces, by the style's id and the shrink
    tightened: dict[tuple[int, float], tuple[object, object]] = {}
    # a style's copy with hyphens: manual, by the style's id (kept alive beside its copy)
    unhyphenated: dict[int, tuple[object, object]] = {}

    def without_hyphens(style):
        found = unhyphenated.get(id(style))
        if found is None:
            copy = style.copy()
            copy["hyphens"] = "manual"
            found = unhyphenated[id(style)] = (style, copy)
        return found[1]

    def split_first_line(text, style, context, max_width, justification_spacing, *args, **kw):
        result = split(text, style, context, max_width, justification_spacing, *args, **kw)
        if style["hyphens"] != "auto" or (state.line is not None and state.line.target):
            return result  # a planned line ends where its plan says
        layout, length = result[0], result[1]
        shown = text.encode()[:length].decode(errors="ignore")
        added = style["hyphenate_character"]
        if not (added and layout.text == shown + added):
            return result  # not hyphenated
        rest = text[len(shown) :].strip()
        end, start = _WORD_END.search(shown), _WORD_START.match(rest)
        word = (end.group() if end else "") + (start.group() if start else "")
        if state.hyphenate and any(c.isspace() for c in rest) and may_hyphenate(word):
            return result
        # a forbidden line, the last word of its text, or a name: set it whole
        return split(
            text, without_hyphens(style), context, max_width, justification_spacing, *args, **kw
        )

    def tight(style, shrink: float):
        """A style's copy whose spaces are shrink narrower (a planned tight line's)."""
        key = (id(style), round(shrink, 3))
        found = tightened.get(key)
        if found is None:
            copy = style.copy()
            copy["word_spacing"] = (copy["word_spacing"] or 0) - shrink
            found = tightened[key] = (style, copy)
        return found[1]

    def split_inline_box(context, box, *args, **kw):
        if not isinstance(box, boxes.LineBox):
            return split_inline(context, box, *args, **kw)
        outer = state.first
        state.first = None
        try:
            return split_inline(context, box, *args, **kw)
        finally:
            state.first = outer

    def can_break_inside(box):
        # WeasyPrint looks for a break inside each child only, not between two (where an
        # address's <wbr> puts one): a closing mark that may not start a line (。) after an
        # address then ran into the margin, the address kept whole on its line
        return breakable(box) or (
            isinstance(box, boxes.InlineBox)
            and box.style["white_space"] in ("normal", "pre-wrap", "pre-line")
            and line_break.can_break_text(_joined(box), box.style["lang"])
        )

    def split_text_box(context, box, available_width, skip, *args, **kw):
        result = planned_split(context, box, available_width, skip, *args, **kw)
        new_box, resume = result[0], result[1]
        if new_box is not None:
            # a line that ends inside a word (no hyphen added): the lint reports it
            # (broken at a space: the space lies between the two lines' texts)
            data = box.text.encode()
            shown = (skip or 0) + len(new_box.text.encode())
            rest = data[resume:].decode("utf-8", "ignore") if resume == shown else ""
            new_box.diglot_word_split = _in_word(new_box.text[-1:]) and _in_word(rest[:1])
        return result

    def planned_split(context, box, available_width, skip, *args, **kw):
        if kw.get("is_line_start") and box.text.encode()[skip or 0 :]:
            # WeasyPrint takes every text inside an inline element that a line starts in for
            # the line's start, and so breaks a word of it anywhere (overflow-wrap) rather
            # than at an earlier break on the line: `…org/catalog` / `ue`
            here = (id(box), skip or 0)
            if state.first is None:
                state.first = here
            elif state.first != here:
                kw = {**kw, "is_line_start": False}
        line = state.line
        start = line.plan.starts.get(id(box)) if line is not None else None
        if line is None or start is None:
            return split_text(context, box, available_width, skip, *args, **kw)
        begin = start + len(box.text.encode()[: skip or 0].decode("utf-8", "ignore"))
        if line.target is None and begin == line.start:
            line.aim(available_width)  # the line's measure, as WeasyPrint has it
        target = line.target
        if target is None:
            return split_text(context, box, available_width, skip, *args, **kw)
        given = available_width
        if begin >= target.at:
            available_width = 0  # the planned line ends before this box
        elif target.at <= start + len(box.text):
            # the line ends in this box: give it just that much
            spaces = box.text.count(" ", begin - start, _content_end(target) - start)
            wanted = target.end_x - line.plan.paragraph.x[begin] - line.shrink * spaces
            available_width = wanted + EPSILON
        shrink = line.shrink
        result = _split_tight(
            split_text, tight, context, box, available_width, skip, shrink, args, kw
        )
        resume = result[1]
        if resume is not None and available_width != given and begin < target.at:
            reached = start + len(box.text.encode()[:resume].decode("utf-8", "ignore"))
            if reached < target.at - 1:
                # the text did not fit as measured: first fit for this line, and the rest of
                # the paragraph planned again from where it ends
                result = split_text(context, box, given, skip, *args, **kw)
        return result

    def text_align(context, line, available_width, last):
        if not last and line.width < available_width and line.style["text_align_all"] == "justify":
            _track_loose(context, line, available_width - line.width, measures)
        return align(context, line, available_width, last)

    def iter_line_boxes(context, box, position_y, bottom_space, skip_stack, containing, *args):
        lines = iter_lines(context, box, position_y, bottom_space, skip_stack, containing, *args)
        if id(box) not in measured_boxes:
            measured_boxes[id(box)] = (box, measure(box, measures))
        plan = measured_boxes[id(box)][1]
        start = 0 if skip_stack is None else (offset(box, skip_stack, plan.starts) if plan else 0)
        if start is None:
            plan = None
        ladder = 0
        height = line_break.strut(box.style)[0] or 0
        widows = max(1, int(box.style["widows"] or 1))
        top = position_y
        planned: list[Break] | None = None
        while True:
            # the line is probably one of the page's last: one a page break may fall after
            # (the widows rule can move the break up by a line or more)
            last_on_page = bool(height) and context.overflows_page(
                bottom_space, top + (1 + widows) * height
            )
            current = None
            if plan is not None and start is not None:
                current = _Line(plan, start, containing.width, ladder, last_on_page, planned)
            # a line may lay out other lines inside it (an inline-block's): their state is
            # their own, and this line's comes back after them
            outer = state.line, state.hyphenate
            state.line = current
            state.hyphenate = ladder < MAX_LADDER and not last_on_page
            try:
                line, resume_at = next(lines)
            except StopIteration:
                return
            finally:
                state.line, state.hyphenate = outer
            ladder = ladder + 1 if hyphenated(line) else 0
            top = line.position_y + line.height
            height = line.height or height
            if current is not None:
                reached = offset(box, resume_at, current.plan.starts) if resume_at else None
                target = current.target
                if target is not None and target.final and reached == target.at:
                    last = _last_text(line) if hyphenated(line) else None
                    if last is not None:  # the planner's last resort: the lint accepts it
                        last.diglot_final_hyphen = True
                planned = current.rest(reached)
                start = reached
            yield line, resume_at

    block.iter_line_boxes = iter_line_boxes
    inline.split_first_line = split_first_line
    inline.split_text_box = split_text_box
    inline.split_inline_box = split_inline_box
    inline.can_break_inside = can_break_inside
    inline.text_align = text_align
    try:
        yield
    finally:
        block.iter_line_boxes = iter_lines
        inline.split_first_line = split
        inline.split_text_box = split_text
        inline.split_inline_box = split_inline
        inline.can_break_inside = breakable
        inline.text_align = align
