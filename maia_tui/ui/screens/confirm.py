"""A yes/no question in a modal: y confirms, n or esc declines. Dismissed with True or False."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from maia_tui.ui.keys import hint


class ConfirmScreen(ModalScreen[bool]):
    HELP_TITLE = "Confirm"
    # Focus starts on No: enter on the default does nothing harmful. Textual focuses it once the
    # screen is up (an on_mount query would fail on a screen torn down as it mounts).
    AUTO_FOCUS = "#confirm-no"
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > #confirm-card {
        width: 64; height: auto; padding: 1 2;
        border: thick $error 60%; background: $surface;
    }
    ConfirmScreen #confirm-question { text-style: bold; margin-bottom: 1; }
    ConfirmScreen #confirm-detail { color: $text-muted; margin-bottom: 1; }
    ConfirmScreen #confirm-buttons { height: auto; align-horizontal: right; }
    ConfirmScreen #confirm-buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", tooltip="Yes, do it", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", tooltip="No, leave everything as it is", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "", *, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-card"):
            yield Static(self.question, id="confirm-question", markup=False)
            if self.detail:
                yield Static(self.detail, id="confirm-detail", markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(hint(self, "No ({key:confirm.no})"), id="confirm-no", compact=True)
                yield Button(
                    hint(self, f"{self.yes} ({{key:confirm.yes}})"), variant="error", id="confirm-yes", compact=True
                )

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
