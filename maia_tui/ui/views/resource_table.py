"""The grid under every resource list: rows keyed by the object's identity, drawn by the
resource's columns, updated in place, with the paging keys a DataTable would otherwise take for
scrolling (←/→, PgUp/PgDn) handed to the list when it pages by number."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message

from maia_tui.ui.idle_keys import idle_check, nothing_to_open
from maia_tui.ui.resources.base import Column, Resource, RowContext
from maia_tui.ui.views.column_widths import column_widths
from maia_tui.ui.views.row_table import RowDoesNotExist, RowTable

T = TypeVar("T")


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
    ]

    @dataclass
    class Turn(Message):
        """Ask the list for the next (+1) or previous (-1) page."""

        delta: int

    def __init__(self, resource: Resource[T], paged: bool, **kwargs: Any) -> None:
        super().__init__(zebra_stripes=True, **kwargs)
        self.resource = resource
        self.paged = paged
        self.shown: list[T] = []  # row i shows shown[i]
        self.widths: dict[str, int] = {}
        self.dimmed: set[str] = set()  # keys of rows drawn dim (they no longer match the filters)
        self.marked: set[str] = set()  # keys of rows marked for a bulk action (drawn bold, underlined)

    def on_mount(self) -> None:
        # Laid out before the first resize: the screen's width is the best guess of ours.
        self.widths = column_widths(self.resource.columns, self.app.size.width)
        for column in self.resource.columns:
            self.add_column(column.title, width=self.widths[column.key], key=column.key)

    def on_resize(self, event: events.Resize) -> None:
        """Columns follow every resize (see column_widths): ids and times keep their width,
        names give up width first, free text takes the rest. The selected row stays in view."""
        widths = column_widths(self.resource.columns, event.size.width)
        if widths != self.widths:
            self.widths = widths
            self.set_column_widths(widths)
        self.keep_cursor_in_view()  # shorter (a header grew a line): the selected row stays in view

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return idle_check(self, action) if action == "select_cursor" else True

    def why_idle(self, action: str) -> str | None:
        """`enter` where no row opens anything (ui/idle_keys.py)."""
        if action == "select_cursor" and not self.resource.opens:
            return nothing_to_open(self, self.resource.noun)
        return None

    def action_turn(self, delta: int) -> None:
        if self.paged:
            self.post_message(self.Turn(delta))
        elif delta > 0:  # a list without page numbers: ←/→ scroll the columns, as in any table
            self.scroll_right(animate=False)
        else:
            self.scroll_left(animate=False)

    def action_turn_or_scroll(self, delta: int) -> None:
        if self.paged:
            self.post_message(self.Turn(delta))
        elif delta > 0:
            self.action_page_down()
        else:
            self.action_page_up()

    # ----- rows -----------------------------------------------------------------------

    def cells(self, item: T, ctx: RowContext, columns: Iterable[Column[T]] | None = None) -> list[Text | str]:
        drawn = [column.cell(item, ctx) for column in (columns or self.resource.columns)]
        key = self.resource.key(item)
        if key in self.dimmed:
            drawn = [styled(cell, "dim") for cell in drawn]
        if key in self.marked:
            drawn = [styled(cell, "bold underline") for cell in drawn]
        return drawn

    def show(self, items: Sequence[T], ctx: RowContext) -> None:
        """Replace every row (one repaint: the old rows never show without the new ones)."""
        self.clear()
        self.shown = list(items)
        key = self.resource.key
        self.add_rows((key(item), self.cells(item, ctx)) for item in self.shown)

    def replace(self, item: T, ctx: RowContext, columns: Iterable[Column[T]] | None = None) -> bool:
        """Redraw one row in place (its cells only: no clear, no re-sort). False if not shown."""
        row_key = self.resource.key(item)
        try:
            index = self.get_row_index(row_key)
        except RowDoesNotExist:  # not shown (under the filter)
            return False
        self.shown[index] = item
        chosen = list(columns or self.resource.columns)
        for column, value in zip(chosen, self.cells(item, ctx, chosen), strict=True):
            # Any update makes the table draw every row in view again: skip cells that read the same.
            if value != self.get_cell(row_key, column.key):
                self.update_cell(row_key, column.key, value)
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
