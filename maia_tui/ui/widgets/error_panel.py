"""An error shown where the data would be, with the key that tries again."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from maia_tui.ui.format import error_text
from maia_tui.ui.keys import hint


class ErrorPanel(Static):
    DEFAULT_CSS = """
    ErrorPanel {
        height: auto; margin: 1 2; padding: 1 2;
        border: round $error; background: $error-muted 30%; color: $text;
    }
    """

    def show_error(self, error: BaseException, note: str | None = None) -> None:
        """`note`: what to do, `{key:<binding id>}` naming keys (ui.keys.hint); else try again."""
        text = error_text(error, keys=lambda words: hint(self, words))
        text.append("\n\n")
        text.append(hint(self, note or "Press {key:list.reload} to try again."), style="bold")
        self.border_title = "Could not load"
        self.update(text)
        self.display = True

    def show_message(self, title: str, message: str) -> None:
        self.border_title = title
        self.update(Text(hint(self, message)))
        self.display = True
