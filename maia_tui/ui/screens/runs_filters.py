"""The two small dialogs that edit the Runs filters (ui/run_filters.py says what they are)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from maia_tui.ui.resources.runs import STATUSES


class TextPrompt(ModalScreen[str | None]):
    """Asks for one text value; enter keeps it (empty: no filter), esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close without changing the filter", id="prompt.cancel")]
    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt #prompt-box { width: 60; height: auto; border: round $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, title: str, hint: str, value: str) -> None:
        super().__init__()
        self.title_text, self.hint, self.value = title, hint, value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box") as box:
            box.border_title = self.title_text
            yield Static(self.hint, markup=False)
            yield Input(value=self.value, id="prompt-input")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class StatusPicker(ModalScreen[tuple[str, ...] | None]):
    """Several statuses at once: space ticks, enter applies, esc cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without changing the filter", id="statuses.cancel"),
        # priority: the list would otherwise take enter to tick (space ticks)
        Binding(
            "enter", "apply", "Apply", priority=True, tooltip="Show runs with the ticked statuses", id="statuses.apply"
        ),
    ]
    DEFAULT_CSS = """
    StatusPicker { align: center middle; }
    StatusPicker #status-box { width: 46; height: auto; border: round $accent; background: $surface; }
    StatusPicker SelectionList { height: auto; }
    """

    def __init__(self, chosen: tuple[str, ...]) -> None:
        super().__init__()
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        with Vertical(id="status-box") as box:
            box.border_title = "Statuses (space ticks, enter applies)"
            yield SelectionList[str](*(Selection(s, s, s in self.chosen) for s in STATUSES), id="status-list")

    def action_apply(self) -> None:
        picked = self.query_one(SelectionList).selected
        self.dismiss(tuple(s for s in STATUSES if s in picked))

    def action_cancel(self) -> None:
        self.dismiss(None)
