"""`o` on a list: one key picks the column to sort by. The same column again flips the direction;
`0` goes back to the server's order; esc leaves the order as it is."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

SortBy = tuple[str, bool] | None  # (column key, descending); None: the server's order
COLUMN_KEYS = "123456789abcdefghijklmnpqrstuvwxyz"  # one key a column, in the columns' order
SERVER_ORDER_KEY = "0"


@dataclass(frozen=True)
class SortChoice:
    sort_by: SortBy


def next_sort(current: SortBy, column: str | None) -> SortBy:
    """Sorting after picking `column` (None: the server's order): the same column flips."""
    if column is None:
        return None
    if current is not None and current[0] == column:
        return (column, not current[1])
    return (column, False)


class SortPicker(ModalScreen[SortChoice | None]):
    """Dismisses with the sort chosen, or None when left with esc."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Keep the order as it is", id="sort.cancel")]
    DEFAULT_CSS = """
    SortPicker { align: center middle; }
    SortPicker #sort-box { width: auto; max-width: 60; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, columns: list[tuple[str, str]], current: SortBy) -> None:
        """`columns`: (key, title) in the list's order."""
        super().__init__()
        self.current = current
        self.by_key = {COLUMN_KEYS[i]: key for i, (key, _title) in enumerate(columns[: len(COLUMN_KEYS)])}
        self.titles = dict(columns)

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", justify="right")
        table.add_column()
        for press, column in self.by_key.items():
            mark = ""
            if self.current is not None and self.current[0] == column:
                mark = "  ▼ (again: ▲)" if self.current[1] else "  ▲ (again: ▼)"
            table.add_row(press, Text(self.titles[column] + mark))
        table.add_row(SERVER_ORDER_KEY, Text("The server's order" + ("  (now)" if self.current is None else "")))
        box = Static(table, id="sort-box")
        box.border_title = "Sort by"
        box.border_subtitle = "esc: as it is"
        yield box

    def on_key(self, event: events.Key) -> None:
        press = event.character or ""
        if press == SERVER_ORDER_KEY:
            event.stop()
            self.dismiss(SortChoice(None))
        elif press in self.by_key:
            event.stop()
            self.dismiss(SortChoice(next_sort(self.current, self.by_key[press])))

    def action_cancel(self) -> None:
        self.dismiss(None)
