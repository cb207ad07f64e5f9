"""A small box that asks for one line of text (a filter), prefilled with the current value."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PromptScreen(ModalScreen[str | None]):
    """Dismisses with the text entered (empty clears the filter), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close without changing anything", id="prompt.cancel")]
    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen #prompt-box { width: 60; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    PromptScreen #prompt-note { color: $text-muted; height: auto; }
    """

    def __init__(self, title: str, value: str, note: str) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box") as box:
            box.border_title = self.title_text
            yield Input(value=self.value, id="prompt-input")
            yield Static(self.note, id="prompt-note", markup=False)

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
