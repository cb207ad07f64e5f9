"""One line under a list: the selected row's cells that its columns cut or left out, whole
(`Project Customer 360 – Global  Message Skipped: upstream failed`). Shown only while the
table's width cuts something; wide mode (`W`) cuts nothing."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from maia_tui.ui.keys import hint
from maia_tui.ui.views.resource_table import ResourceTable

EMPTY = "—"
WIDE = "Wide: every column whole · ←/→ scroll sideways · {key:list.table.wide} fits the width again"


class RowDetail(Static):
    DEFAULT_CSS = """
    RowDetail { height: 1; padding: 0 1; background: $boost; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, table: ResourceTable[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.table = table
        self.shown: Text | str = ""

    def on_mount(self) -> None:
        self.display = False
        self.watch(self.table, "cursor_row", self.follow, init=False)
        self.watch(self.table, "redrawn", self.follow, init=False)
        self.watch(self.table, "wide", self.follow, init=False)

    def follow(self) -> None:
        table = self.table
        self.display = table.row_count > 0 and (table.wide or table.clipped and table.resource.row_detail)
        if table.wide:
            self.show(hint(self.table, WIDE))
        elif self.display:
            self.show(self.describe())

    def show(self, line: Text | str) -> None:
        # The selected row changes every second while it runs (its duration ticks), mostly in
        # cells this line does not hold; an update lays the whole screen out again, so only a
        # line that reads differently is given.
        if line != self.shown:
            self.shown = line
            self.update(line, layout=False)  # one line, as wide as the list: its size never changes

    def describe(self) -> Text:
        table, line = self.table, Text(no_wrap=True, overflow="ellipsis")
        item, ctx = table.selected, table.ctx
        if item is None or ctx is None:
            return line
        for column in table.resource.columns:
            width = table.widths.get(column.key, 0)
            whole = column.cell(item, ctx)
            plain = whole.plain if isinstance(whole, Text) else whole
            if not plain or plain == EMPTY:
                continue
            shown = table.cell(column, item, ctx)
            shown_width = shown.cell_len if isinstance(shown, Text) else cell_len(shown)
            if width and shown_width <= width:
                continue  # whole in its column
            if line:
                line.append("  ")
            line.append(column.title + " ", style="bold")
            line.append_text(whole if isinstance(whole, Text) else Text(whole))
        return line
