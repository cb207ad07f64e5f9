"""How a list's columns share a table width, from what the rows hold (Textual-free, so it is
tested with Hypothesis).

Every column starts at its natural width: the widest cell of the rows measured (and its title).
While that does not fit, columns give up room in order, the least important first:

1. times take their compact form (`09:55 2m` for `09:55 · 2 min ago`: the same facts);
2. free text (a message, a description) narrows to FREE_MIN;
3. then each column by its priority (the highest number first, the rightmost of equals first):
   a column that may be cut narrows to its minimum, an optional one is left out, a time shows
   its last form (the age alone), free text that may not be left out narrows to FREE_FLOOR.

Then, the most important first, each concession is taken back where the room freed allows (a
name cut by two cells gets them back once a column is left out). What is left goes to the free
text. Wide mode skips all this: every column at its natural width, the table scrolls sideways.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from maia_tui.ui.resources.base import Column

FREE_MIN = 12  # a free-text column narrower than this shows too little to be worth its place
FREE_FLOOR = 6  # ...but when it may not be left out and nothing else can give, down to this
CELL_PADDING = 2  # one cell on each side
SCROLLBAR = 2  # kept free so a vertical scrollbar never pushes the last column off

# Ranks of the concessions (higher: conceded sooner). A column's own come at priority x 10.
COMPACT_TIME = 10_000
SHRINK_FREE_TEXT = 9_000


@dataclass(frozen=True)
class Want:
    """What one column asks for, measured from its rows."""

    key: str
    forms: tuple[int, ...]  # the natural width of each form, widest first (most columns: one)
    minimum: int | None = None  # it may be cut down to this; None: never cut
    priority: int = 0  # higher: gives up room sooner
    optional: bool = False  # may be left out
    free: bool = False  # free text: takes what the others leave

    @property
    def natural(self) -> int:
        return self.forms[0]


@dataclass
class Fit:
    """Each column's width (0: left out) and the form it shows (0: its widest)."""

    widths: dict[str, int] = field(default_factory=dict)
    forms: dict[str, int] = field(default_factory=dict)

    def used(self) -> int:
        shown = [w for w in self.widths.values() if w > 0]
        return sum(shown) + CELL_PADDING * len(shown) + SCROLLBAR


@dataclass(frozen=True)
class _Concession:
    rank: int
    position: int
    width: int  # the column's width once conceded (0: left out)
    form: int


def want_for(column: Column[Any], measured: Sequence[int], title_extra: int = 0) -> Want:
    """What a column asks for, given its widest cell in each form: never narrower than its
    title, never wider than its `width`."""
    cap = column.width
    title = len(column.title) + title_extra
    natural = tuple(max(title, min(w, cap) if cap else w) for w in measured)  # the title whole in every form
    minimum = None if column.min_width is None else min(column.min_width, natural[0])
    return Want(column.key, natural, minimum, column.priority, column.optional, free=cap is None)


def fit_columns(wants: Sequence[Want], table_width: int) -> Fit:
    fit = natural_fit(wants)
    concessions = sorted(
        (c for position, want in enumerate(wants) for c in _concessions(want, position)),
        key=lambda c: (c.rank, c.position),
        reverse=True,
    )
    taken: list[tuple[_Concession, int, int]] = []  # with the width and form before it
    for concession in concessions:
        if fit.used() <= table_width:
            break
        key = wants[concession.position].key
        before = (fit.widths[key], fit.forms[key])
        if fit.widths[key] == 0 or concession.width >= before[0] and concession.form <= before[1]:
            continue  # already left out, or narrower already
        taken.append((concession, *before))
        fit.widths[key] = concession.width
        fit.forms[key] = max(concession.form, before[1])
    for concession, width, form in reversed(taken):  # the most important first
        _take_back(fit, wants[concession.position], width, form, table_width)
    free = [w.key for w in wants if w.free and fit.widths[w.key] > 0]
    left = table_width - fit.used()
    if free and left > 0:
        each, extra = divmod(left, len(free))
        for index, key in enumerate(free):
            fit.widths[key] += each + (1 if index < extra else 0)
    return fit


def natural_fit(wants: Sequence[Want]) -> Fit:
    """Every column whole, in its widest form (wide mode)."""
    return Fit({w.key: max(1, w.natural) for w in wants}, {w.key: 0 for w in wants})


def _concessions(want: Want, position: int) -> list[_Concession]:
    own = want.priority * 10
    found: list[_Concession] = []
    if want.free and want.natural > FREE_MIN:
        found.append(_Concession(SHRINK_FREE_TEXT, position, FREE_MIN, 0))
    if len(want.forms) > 1:
        found.append(_Concession(COMPACT_TIME, position, want.forms[1], 1))
        last = len(want.forms) - 1
        if last > 1:
            found.append(_Concession(own + 5, position, want.forms[last], last))
    if want.minimum is not None and want.minimum < want.natural:
        found.append(_Concession(own + 5, position, want.minimum, 0))
    elif want.free and not want.optional:
        found.append(_Concession(own + 5, position, min(FREE_FLOOR, want.natural), 0))
    if want.optional:
        found.append(_Concession(own, position, 0, 0))
    return found


def _take_back(fit: Fit, want: Want, width: int, form: int, table_width: int) -> None:
    """Undo one concession as far as the room allows: a column back, a wider form, more width."""
    key = want.key
    now = fit.widths[key]
    if now == 0:  # left out: back at the width it had, if that fits
        fit.widths[key] = width
        if fit.used() > table_width:
            fit.widths[key] = 0
        return
    if form < fit.forms[key]:  # a wider form
        before = (now, fit.forms[key])
        fit.widths[key], fit.forms[key] = want.forms[form], form
        if fit.used() > table_width:
            fit.widths[key], fit.forms[key] = before
        return
    if width > now:  # cut or narrowed: as many cells back as fit
        fit.widths[key] = now + max(0, min(width - now, table_width - fit.used()))
