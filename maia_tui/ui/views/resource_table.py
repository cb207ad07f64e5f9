"""The grid under every resource list: rows keyed by the object's identity, drawn by the
resource's columns, updated in place, with the paging keys a DataTable would otherwise take for
scrolling (←/→, PgUp/PgDn) handed to the list when it pages by number.

Its columns are fitted to its width from what the rows hold (views/column_fit.py) on every new
set of rows and every resize; `W` shows every column whole instead, scrolling sideways."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from maia_tui.ui.idle_keys import idle_check, nothing_to_open
from maia_tui.ui.resources.base import Column, Resource, RowContext
from maia_tui.ui.views.column_fit import Fit, Want, fit_columns, natural_fit, want_for
from maia_tui.ui.views.row_table import RowDoesNotExist, RowTable

T = TypeVar("T")
MEASURED_ROWS = 100  # the natural widths come from the first rows shown (in view, or soon): ~8 ms
SORT_ARROW = 2  # " ▲" after the sorted column's title


def styled(cell: Text | str, style: str) -> Text:
    text = cell.copy() if isinstance(cell, Text) else Text(cell)
    text.stylize(style)
    return text


class ResourceTable(RowTable, Generic[T]):
    HELP_TITLE = "Rows"
    BINDINGS = [
        Binding("right", "turn(1)", "Next page", show=False, id="list.table.next_page"),
        Binding("left", "turn(-1)", "Previous page", show=False, id="list.table.previous_page"),
        Binding(
            "pagedown",
            "turn_or_scroll(1)",
            "Next page",
            show=False,
            tooltip="Next page (a list without pages: down a screen)",
            id="list.table.page_down",
        ),
        Binding(
            "pageup",
            "turn_or_scroll(-1)",
            "Previous page",
            show=False,
            tooltip="Previous page (a list without pages: up a screen)",
            id="list.table.page_up",
        ),
        Binding("enter", "select_cursor", "Open", tooltip="Open the selected row", id="list.table.open"),
        Binding(
            "W",
            "toggle_wide",
            "Wide",
            show=False,
            tooltip="Wide mode: every column whole, ←/→ scroll sideways (again: fit the width)",
            id="list.table.wide",
        ),
    ]

    wide: reactive[bool] = reactive(False, init=False)
    # Bumped on new rows, new widths or forms, and a change to the selected row: the row
    # detail under the list follows it.
    redrawn: reactive[int] = reactive(0, init=False)

    @dataclass
    class Turn(Message):
        """Ask the list for the next (+1) or previous (-1) page."""

        delta: int

    def __init__(self, resource: Resource[T], paged: bool, **kwargs: Any) -> None:
        super().__init__(zebra_stripes=True, **kwargs)
        self.resource = resource
        self.paged = paged
        self.shown: list[T] = []  # row i shows shown[i]
        self.dimmed: set[str] = set()  # keys of rows drawn dim (they no longer match the filters)
        self.marked: set[str] = set()  # keys of rows marked for a bulk action (drawn bold, underlined)
        self.ctx: RowContext | None = None  # the context the rows were last drawn in
        self.wants: list[Want] = [self.want(column, (len(column.title),)) for column in resource.columns]
        self.fit = Fit()

    @property
    def widths(self) -> dict[str, int]:
        return self.fit.widths

    def on_mount(self) -> None:
        # Laid out before the first resize: the screen's width is the best guess of ours.
        self.fit = self.fitted_to(self.app.size.width)
        for column in self.resource.columns:
            self.add_column(column.title, width=self.widths[column.key], key=column.key)

    def on_resize(self, event: events.Resize) -> None:
        """Columns follow every resize: names whole first, then times, then the rest. The
        selected row stays in view (a header that grew a line makes the table shorter)."""
        self.refit(event.size.width)
        self.keep_cursor_in_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return idle_check(self, action) if action == "select_cursor" else True

    def why_idle(self, action: str) -> str | None:
        """`enter` where no row opens anything (ui/idle_keys.py)."""
        if action == "select_cursor" and not self.resource.opens:
            return nothing_to_open(self, self.resource.noun)
        return None

    def action_toggle_wide(self) -> None:
        self.wide = not self.wide

    def watch_wide(self) -> None:
        self.refit()
        if not self.wide:
            self.scroll_to(x=0, animate=False)

    # ----- fitting --------------------------------------------------------------------

    def want(self, column: Column[T], forms: tuple[int, ...]) -> Want:
        sorted_here = self.sort_marker is not None and self.sort_marker[0] == column.key
        return want_for(column, forms, SORT_ARROW if sorted_here else 0)

    def measure(self) -> None:
        """Each column's natural width in each of its forms: its widest cell in the first rows."""
        ctx, sample = self.ctx, self.shown[:MEASURED_ROWS]
        wants = []
        for column in self.resource.columns:
            forms = (column.cell, *column.forms)
            widths = tuple(max((_width(form(item, ctx)) for item in sample), default=1) if ctx else 1 for form in forms)
            wants.append(self.want(column, widths))
        self.wants = wants

    def fitted_to(self, width: int) -> Fit:
        return natural_fit(self.wants) if self.wide else fit_columns(self.wants, width)

    def refit(self, width: int | None = None) -> None:
        """Fit the columns again (a resize, new rows, wide mode): draw again what changed."""
        fit = self.fitted_to(width or self.size.width or self.app.size.width)
        if fit == self.fit:
            return
        changed_forms = [c for c in self.resource.columns if fit.forms[c.key] != self.fit.forms.get(c.key, 0)]
        self.fit = fit
        if changed_forms and self.ctx is not None:
            for item, row in zip(self.shown, self.rows, strict=False):
                for column, value in zip(changed_forms, self.cells(item, self.ctx, changed_forms), strict=True):
                    row.cells[column.key] = value
                row.version += 1
        self.set_column_widths(fit.widths)
        self.redrawn += 1

    def mark_sorted(self, marker: tuple[str, bool] | None) -> None:
        super().mark_sorted(marker)
        self.measure()  # the sorted column's title has an arrow to fit
        self.refit()

    @property
    def clipped(self) -> bool:
        """Some column is left out or narrower than its widest cell (the row detail shows it)."""
        return any(self.widths.get(w.key, 0) < w.forms[self.fit.forms.get(w.key, 0)] for w in self.wants)

    def action_turn(self, delta: int) -> None:
        if self.paged and not self.wide:
            self.post_message(self.Turn(delta))
        else:  # a list without page numbers, or wide mode: ←/→ scroll to the next column
            self.scroll_to(x=self.next_column_start(delta), animate=False)

    def next_column_start(self, delta: int) -> int:
        starts, x = [0], 0
        for column in self.columns:
            if column.width > 0:
                x += column.width + 2
                starts.append(x)
        here = int(self.scroll_x)
        if delta > 0:
            return next((start for start in starts if start > here), here)
        return next((start for start in reversed(starts) if start < here), 0)

    def action_turn_or_scroll(self, delta: int) -> None:
        outer = self.outer_scroll()
        if self.paged:
            self.post_message(self.Turn(delta))
        elif outer is not None:
            (outer.scroll_page_down if delta > 0 else outer.scroll_page_up)(animate=False)
        elif delta > 0:
            self.action_page_down()
        else:
            self.action_page_up()

    def action_first_row(self) -> None:
        super().action_first_row()
        if (outer := self.outer_scroll()) is not None:
            outer.scroll_home(animate=False)

    def action_last_row(self) -> None:
        super().action_last_row()
        if (outer := self.outer_scroll()) is not None:
            outer.scroll_end(animate=False)

    def outer_scroll(self) -> Widget | None:
        """A container that scrolls around a table showing all its rows (the Credits screen):
        PgUp/PgDn/Home/End scroll it, since the table itself has nothing to scroll."""
        if self.max_scroll_y > 0:
            return None
        return next((node for node in self.ancestors if isinstance(node, Widget) and node.max_scroll_y > 0), None)

    # ----- rows -----------------------------------------------------------------------

    def cells(self, item: T, ctx: RowContext, columns: Iterable[Column[T]] | None = None) -> list[Text | str]:
        drawn = [self.cell(column, item, ctx) for column in (columns or self.resource.columns)]
        key = self.resource.key(item)
        if key in self.dimmed:
            drawn = [styled(cell, "dim") for cell in drawn]
        if key in self.marked:
            drawn = [styled(cell, "bold underline") for cell in drawn]
        return drawn

    def cell(self, column: Column[T], item: T, ctx: RowContext) -> Text | str:
        """The cell in the form its column's width allows (0: the widest)."""
        form = self.fit.forms.get(column.key, 0)
        return column.forms[form - 1](item, ctx) if form else column.cell(item, ctx)

    def show(self, items: Sequence[T], ctx: RowContext) -> None:
        """Replace every row (one repaint: the old rows never show without the new ones)."""
        self.clear()
        self.shown = list(items)
        self.ctx = ctx
        self.measure()
        self.refit()
        key = self.resource.key
        self.add_rows((key(item), self.cells(item, ctx)) for item in self.shown)
        self.redrawn += 1

    def replace(self, item: T, ctx: RowContext, columns: Iterable[Column[T]] | None = None) -> bool:
        """Redraw one row in place (its cells only: no clear, no re-sort). False if not shown."""
        row_key = self.resource.key(item)
        try:
            index = self.get_row_index(row_key)
        except RowDoesNotExist:  # not shown (under the filter)
            return False
        self.shown[index] = item
        self.ctx = ctx
        chosen = list(columns or self.resource.columns)
        grew = changed = False
        wants = {want.key: want for want in self.wants}
        for column, value in zip(chosen, self.cells(item, ctx, chosen), strict=True):
            # Any update makes the table draw every row in view again: skip cells that read the same.
            if value != self.get_cell(row_key, column.key):
                self.update_cell(row_key, column.key, value)
                changed = True
                want = wants[column.key]
                grew = grew or _width(value) > want.forms[self.fit.forms.get(column.key, 0)]
        if grew and index < MEASURED_ROWS:  # "59 s ago" became "1 min ago": fit again
            self.measure()
            self.refit()
        if changed and index == self.cursor_row:  # a name arrived, a status changed: the detail too
            self.redrawn += 1
        return True

    def index_of(self, key: str) -> int | None:
        try:
            return self.get_row_index(key)
        except RowDoesNotExist:
            return None

    @property
    def selected(self) -> T | None:
        row = self.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None


def _width(cell: Text | str) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)
