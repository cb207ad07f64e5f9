"""`?`: every key of the screen it was opened from, generated from the live bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from maia_tui.ui.keys import KeySection, hint


def sections_table(sections: list[KeySection]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold", min_width=14)
    table.add_column()
    for index, section in enumerate(sections):
        if index:
            table.add_row("", "")
        table.add_row("", Text(section.title, style="bold underline"))
        for row in section.rows:
            table.add_row(Text(" ".join(row.keys)), Text(row.description))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "close", "Close help", id="help.close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-body {
        width: 76; max-height: 90%; height: auto;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, title: str, sections: list[KeySection]) -> None:
        super().__init__()
        self.title_text = title
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = f"Keys · {self.title_text}"
            body.border_subtitle = hint(self, "{key:help.close} to close")
            yield Static(sections_table(self.sections), id="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)
