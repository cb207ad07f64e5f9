"""How wide each column of a resource list is for a given table width: worked out again on
every resize, so a wide terminal shows more of the free text and a narrow one keeps the ids.

Fixed columns (ids, times, statuses) keep their width. Free-text columns (no width) share what
is left, never less than FREE_MIN each. When that does not fit, named columns with a preferred
width and a `min_width` give up width first, in proportion to what they can spare; if it still
does not fit, columns with a `drop_order` are left out (width 0), the highest number first."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from maia_tui.ui.resources.base import Column

FREE_MIN = 12  # a free-text column narrower than this shows too little to be worth its place
FREE_FLOOR = 6  # ...but when nothing else can give, it takes what is left, down to this
CELL_PADDING = 2  # one cell on each side
SCROLLBAR = 2  # kept free so a vertical scrollbar never pushes the last column off


def column_widths(columns: Sequence[Column[Any]], table_width: int) -> dict[str, int]:
    shown = list(columns)
    while True:
        widths, short = _fit(shown, table_width)
        droppable = [c for c in shown if c.drop_order]
        if short <= 0 or not droppable:
            break
        shown.remove(max(droppable, key=lambda c: c.drop_order))
    return {c.key: widths.get(c.key, 0) for c in columns}


def _fit(columns: Sequence[Column[Any]], table_width: int) -> tuple[dict[str, int], int]:
    """Widths for these columns, and by how many cells they still overflow (<= 0: they fit)."""
    room = table_width - CELL_PADDING * len(columns) - SCROLLBAR
    free = [c for c in columns if c.width is None]
    widths = {c.key: c.width for c in columns if c.width is not None}
    short = sum(widths.values()) + FREE_MIN * len(free) - room
    if short > 0:
        spare = {c.key: c.width - c.min_width for c in columns if c.width and c.min_width and c.width > c.min_width}
        total = sum(spare.values())
        for key, can_give in spare.items():
            given = min(can_give, -(-short * can_give // total))  # a ceiling share
            widths[key] -= given
        short -= total
    if free:
        left = room - sum(widths.values())
        each, extra = divmod(max(left, FREE_FLOOR * len(free)), len(free))
        for index, column in enumerate(free):
            widths[column.key] = each + (1 if index < extra else 0)
    return widths, short
