"""Justified paragraphs broken as a whole (private to writers/_lines.py): the choice of line
breaks, made for the paragraph at once rather than line by line.

WeasyPrint fills each line as far as it can and then starts the next (first fit). In a
justified paragraph that leaves loose lines wherever the next word cannot be hyphenated: a
short word, the paragraph's last word, a third hyphen in a row. Book typesetting chooses
all the breaks of a paragraph together (Knuth and Plass's total-fit method): of every way
to break it into lines, the one whose lines are the most even. `Paragraph` holds what that
needs from the laid-out text (the x of every character, the spaces, the places a word may
be hyphenated, with the width of the hyphen) and `Paragraph.plan()` finds the breaks:

- a line may end at a space (the space is not counted), after a hyphen or dash in the text,
  or at a hyphenation point (the hyphen's width is added);
- a justified line's spaces may stretch, and shrink down to 1 - SHRINK of their width (as
  in TeX and InDesign: a line that is a hair too long is set a little tighter rather than
  broken before its last word and left loose); the last line is set as it is;
- each line's demerits grow with the cube of how far its spaces stretch or shrink, a
  hyphen adds a fixed amount, and a line whose spaces would stretch past
  typorules.WORD_GAP costs far more, so that such a line is chosen only when nothing else
  fits; a line of one word (no space to stretch) costs more still, the more of its measure
  it leaves empty;
- a word with a capital letter (a name: typorules.may_hyphenate) is hyphenated only where
  every other way to break the paragraph leaves a line looser than WORD_GAP;
- the paragraph's last word is hyphenated (its last line a fragment, "gations:") only where
  every other way to break the paragraph leaves a line looser than WORD_GAP, as a name is
  (TeX's \\finalhyphendemerits, made as strong as the rule for names): a proofreader takes
  "obli-" / "gations:" over a line with gaps of three spaces, which nothing else can close.
  The line is marked (`final`), and the lint accepts that hyphen (typo.hyphen-last);
- never more than typorules.MAX_LADDER hyphens in a row, and a page's last line ends
  neither hyphenated nor inside a web or e-mail address (hard rules: those breaks are not
  considered);
- the last line is not justified and costs nothing, however short.

Pure Python over plain numbers: the WeasyPrint side is in _lines.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..typorules import MAX_LADDER, WORD_GAP

SPACE, HYPHEN, DASH = "space", "hyphen", "dash"  # how a line may end at a break
HYPHEN_DEMERITS = 3000.0  # TeX's \hyphenpenalty 50, squared and then some
LADDER_DEMERITS = 3000.0  # a second hyphen in a row (TeX's \doublehyphendemerits)
TOO_LOOSE = 1e7  # a line looser than WORD_GAP: chosen only when nothing else fits
NAME_DEMERITS = TOO_LOOSE / 10  # a name hyphenated: only to spare a line looser than WORD_GAP
FINAL_DEMERITS = NAME_DEMERITS  # the last word hyphenated: the same
SHRINK = 1 / 3  # how much of its width a space of a justified line may give up (TeX: a third)


@dataclass(frozen=True)
class Break:
    """A place a line may end: before `at` (the next line starts there), of a kind (a
    space, a hyphenation point, after a hyphen or dash of the text), with the x at which
    the line's text ends there (the hyphen added for a hyphenation point)."""

    at: int
    kind: str
    end_x: float
    name: bool = False  # a hyphenation point in a word with a capital letter
    final: bool = False  # a hyphenation point in the paragraph's last word
    inner: bool = False  # inside an address (its <wbr>): like a hyphen, never at a page's foot


@dataclass
class Paragraph:
    """A paragraph's text as measured: x[i] is where character i starts (x[len] where the
    text ends), space the width of a space (the spaces' stretch is measured in it), and
    breaks every place a line may end, in order. Offsets count characters of the
    paragraph's text (all its text boxes joined)."""

    text: str
    x: list[float]
    space: float
    breaks: list[Break]

    def plan(
        self,
        start: int,
        width: float,
        first_width: float | None = None,
        ladder: int = 0,
        no_hyphen_first: bool = False,
    ) -> list[Break] | None:
        """The breaks of the lines from offset start to the end (the last one at the
        text's end), or None when some word is wider than a line (then nothing is planned).
        width: the measure; first_width: the first line's (less an indent or a marker);
        ladder: how many lines in a row before start ended hyphenated; no_hyphen_first: the
        first line may not end hyphenated, nor inside an address (it is the last of a
        page)."""
        first_width = width if first_width is None else first_width
        end = len(self.text)
        nodes = [b for b in self.breaks if b.at > start]
        nodes.append(Break(end, SPACE, self.x[end]))
        count = len(nodes)
        spaces = _spaces_before(self.text)
        x, space = self.x, self.space
        # by origin (0: the start, i: after node i): where its line starts, in x and spaces
        left = [x[start]] + [x[min(n.at, end)] for n in nodes]
        before = [spaces[start]] + [spaces[min(n.at, end)] for n in nodes]
        inf = float("inf")
        # cost[r][i]: the least demerits of the lines up to node i, ending a ladder of r
        # hyphenated lines; back[r][i]: the origin (node, ladder) of its last line
        cost = [[inf] * (count + 1) for _ in range(MAX_LADDER + 1)]
        back: list[list[tuple[int, int]]] = [[(0, 0)] * (count + 1) for _ in range(MAX_LADDER + 1)]
        cost[min(ladder, MAX_LADDER)][0] = 0.0
        active: list[int] = [0]  # origins whose lines may still reach further, in order
        first = 0
        stretch = (WORD_GAP - 1) * space
        for i, node in enumerate(nodes, 1):
            last = node.at == end
            hyphen = node.kind == HYPHEN and not last
            end_x = node.end_x
            content = spaces[node.at - 1 if node.kind == SPACE and node.at > 0 else node.at]
            while first < len(active):  # an origin too far back for this line stays so
                origin = active[first]
                measure = first_width if origin == 0 else width
                if (
                    end_x - left[origin]
                    <= measure + 0.01 + SHRINK * (content - before[origin]) * space
                ):
                    break
                first += 1
            for index in range(first, len(active)):
                origin = active[index]
                measure = first_width if origin == 0 else width
                natural = end_x - left[origin]
                if node.inner and no_hyphen_first and origin == 0:
                    continue  # an address broken across a page
                if last:
                    if natural > measure + 0.01:
                        continue  # the last line is not justified: it cannot shrink
                    demerits = 0.0
                else:
                    gaps = content - before[origin]
                    slack = measure - natural
                    if gaps <= 0:
                        # no space to justify it: the whole slack stays at the line's end,
                        # as one gap that wide, so it costs more than any line whose spaces
                        # share the same slack ("(b) the" alone, the rest on one line)
                        demerits = (
                            0.0 if -0.5 <= slack <= 0.5 else TOO_LOOSE * (1 + abs(slack) / space)
                        )
                    else:
                        gap = slack / (gaps * space)  # beyond the space's own width
                        ratio = gap * space / stretch if gap >= 0 else -gap / SHRINK
                        demerits = (1 + 100 * ratio * ratio * ratio) ** 2
                        if gap * space > stretch:
                            demerits += TOO_LOOSE * (gap + 1 - WORD_GAP)
                    if hyphen:
                        demerits += NAME_DEMERITS if node.name else HYPHEN_DEMERITS
                        demerits += FINAL_DEMERITS if node.final else 0.0
                for run in range(MAX_LADDER + 1):
                    previous = cost[run][origin]
                    if previous == inf:
                        continue
                    if hyphen:
                        if run >= MAX_LADDER or (no_hyphen_first and origin == 0):
                            continue
                        new_run = run + 1
                        total = previous + demerits + (LADDER_DEMERITS if run else 0.0)
                    else:
                        new_run, total = 0, previous + demerits
                    if total < cost[new_run][i]:
                        cost[new_run][i] = total
                        back[new_run][i] = (origin, run)
            if any(cost[run][i] < inf for run in range(MAX_LADDER + 1)):
                active.append(i)
            elif first >= len(active):
                return None  # a word wider than the line
        best = min(range(MAX_LADDER + 1), key=lambda run: cost[run][count])
        if cost[best][count] == inf:
            return None
        chosen: list[Break] = []
        node_index, run = count, best
        while node_index != 0:
            chosen.append(nodes[node_index - 1])
            node_index, run = back[run][node_index]
        chosen.reverse()
        return chosen


def _content_end(node: Break) -> int:
    """The offset where a line's text ends at a break (before the space at a space)."""
    return node.at - 1 if node.kind == SPACE and node.at > 0 else node.at


def _spaces_before(text: str) -> list[int]:
    """spaces[i]: how many spaces text[:i] holds."""
    counts = [0]
    for char in text:
        counts.append(counts[-1] + (char == " "))
    return counts
