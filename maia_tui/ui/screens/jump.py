"""`:` on the projects browser: a small box that asks for a page number (counted from 1)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class JumpScreen(ModalScreen[int | None]):
    """Dismisses with a 0-based page number, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="jump.cancel")]
    DEFAULT_CSS = """
    JumpScreen { align: center middle; }
    JumpScreen #jump-box { width: 44; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    JumpScreen #jump-error { color: $text-error; height: auto; }
    """

    def __init__(self, page_count: int, current: int) -> None:
        super().__init__()
        self.page_count = page_count
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="jump-box") as box:
            box.border_title = "Go to page"
            yield Input(placeholder=f"1–{self.page_count} (now {self.current + 1})", type="integer", id="jump-page")
            yield Static("", id="jump-error")

    @on(Input.Submitted)
    def _go(self, event: Input.Submitted) -> None:
        try:
            number = int(event.value)
        except ValueError:
            number = 0
        if not 1 <= number <= self.page_count:
            self.query_one("#jump-error", Static).update(f"Enter a page from 1 to {self.page_count}.")
            return
        self.dismiss(number - 1)

    def action_cancel(self) -> None:
        self.dismiss(None)
