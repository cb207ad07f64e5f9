"""`?`: every key of the screen it was opened from, generated from the live bindings; `/`
narrows the list to the keys whose name or description holds what is typed."""

from __future__ import annotations

from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from maia_tui.ui.keys import KeySection, hint


def matching(sections: list[KeySection], words: str) -> list[KeySection]:
    """The rows whose keys or description hold `words` (any case), in sections that keep one."""
    wanted = words.strip().casefold()
    if not wanted:
        return sections
    found = []
    for section in sections:
        rows = [row for row in section.rows if wanted in " ".join([*row.keys, row.description]).casefold()]
        if rows:
            found.append(replace(section, rows=rows))
    return found


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
        Binding("slash", "search", "Search", tooltip="Search the keys by name or description", id="help.search"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen #help-body {
        width: 76; max-height: 90%; height: auto;
        border: round $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-search { display: none; border: none; height: 1; padding: 0; margin-bottom: 1; }
    HelpScreen #help-search.-shown { display: block; }
    """

    def __init__(self, title: str, sections: list[KeySection]) -> None:
        super().__init__()
        self.title_text = title
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = f"Keys · {self.title_text}"
            body.border_subtitle = hint(self, "{key:help.search} search · {key:help.close} to close")
            yield Input(placeholder="Search the keys (esc: every key again)", id="help-search")
            yield Static(sections_table(self.sections), id="help-keys")

    def action_search(self) -> None:
        search = self.query_one("#help-search", Input)
        search.add_class("-shown")
        search.focus()

    @on(Input.Changed, "#help-search")
    def _narrow(self, event: Input.Changed) -> None:
        found = matching(self.sections, event.value)
        shown = sections_table(found) if found else Text(f"No key matches {event.value.strip()!r}.")
        self.query_one("#help-keys", Static).update(shown)

    def action_close(self) -> None:
        """Esc leaves a search first (every key again), then help."""
        search = self.query_one("#help-search", Input)
        if search.has_class("-shown"):
            search.value = ""
            search.remove_class("-shown")
            self.query_one("#help-body").focus()
            return
        self.dismiss(None)
