"""The rows of a review page: each unit of the side-by-side edition with its state, findings,
notes and the word diff of its English since approval; filters by what needs doing."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic
from ..layout import Layout, Row
from ..status import DocumentStatus, UnitStatus

FILTERS = ("all", "findings", "stale", "review")
WORST_FIRST = ("missing", "stale", "translated", "approved")
# -- the review rows --------------------------------------------------------------------------


@dataclass
class ReviewRow:
    """One row of the review page: a side-by-side row (None for a unit that has no row of its
    own in the edition, such as an organiser of the title block) and the units it shows: its
    own and those inside it (the rows of a table)."""

    row: Row | None
    units: list[UnitStatus] = field(default_factory=list)

    @property
    def unit(self) -> UnitStatus | None:
        return self.units[0] if self.units else None

    @property
    def state(self) -> str | None:
        """The state that most needs attention among the row's units."""
        states = {u.state for u in self.units}
        return next((s for s in WORST_FIRST if s in states), None)

    @property
    def findings(self) -> list[Diagnostic]:
        return [d for u in self.units for d in u.findings]

    @property
    def notes(self):
        return [n for u in self.units for n in u.notes]

    @property
    def review(self) -> bool:
        return any(u.review for u in self.units)

    @property
    def waived(self) -> bool:
        return any(u.waived for u in self.units)

    @property
    def stale(self) -> list[UnitStatus]:
        return [u for u in self.units if u.state == "stale"]

    def matches(self, name: str) -> bool:
        return {
            "all": True,
            "findings": bool(self.findings),
            "stale": bool(self.stale),
            "review": self.review,
        }[name]


def review_rows(layout: Layout, status: DocumentStatus) -> list[ReviewRow]:
    """The side-by-side rows with the units each shows; then the units the rows do not show."""
    rows = [ReviewRow(row) for row in layout.rows()]
    own = {r.row.id: r for r in rows if r.row is not None and r.row.id is not None}
    # a unit inside a block without a row of its own belongs to the innermost row holding
    # it: rows come in document order, so the last one to claim it is the innermost
    holder: dict[str, ReviewRow] = {}
    for review in rows:
        block = review.row.block if review.row is not None else None
        if block is not None and review.row is not None and review.row.part != "label":
            for inner in block.walk():
                if inner.id is not None and inner.id not in own:
                    holder[inner.id] = review
    apart: list[ReviewRow] = []
    for unit in status.units:
        if unit.id in own:
            own[unit.id].units.insert(0, unit)
        elif unit.id in holder:
            holder[unit.id].units.append(unit)
        else:
            apart.append(ReviewRow(None, [unit]))
    return rows + apart


def unit_plain(unit) -> str:
    """A unit's text fields as plain text (a unit shown apart from the edition's rows)."""
    if unit is None:
        return ""
    return " / ".join(f.plain for f in unit.fields)
