"""An error shown where the data would be, with the key that tries again."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from maia_tui.ui.format import error_text


class ErrorPanel(Static):
    DEFAULT_CSS = """
    ErrorPanel {
        height: auto; margin: 1 2; padding: 1 2;
        border: round $error; background: $error-muted 30%; color: $text;
    }
    """

    def show_error(self, error: BaseException, retry_key: str = "r", note: str | None = None) -> None:
        text = error_text(error)
        text.append("\n\n")
        text.append(note or f"Press {retry_key} to try again.", style="bold")
        self.border_title = "Could not load"
        self.update(text)
        self.display = True

    def show_message(self, title: str, message: str) -> None:
        self.border_title = title
        self.update(Text(message))
        self.display = True
