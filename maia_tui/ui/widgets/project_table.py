"""The projects grid: one server page of projects, filtered by name, with the paging keys a
DataTable would otherwise take for scrolling (←/→, PgUp/PgDn) handed to the screen."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from maia_tui.api.models import Project
from maia_tui.ui.format import server_text

ID_WIDTH = 36  # a UUID
NAME_WIDTH = 34


def _cell(value: str, width: int) -> Text:
    """Cut to the column here: a DataTable would otherwise wrap the whole text to draw one line
    (descriptions can run to thousands of characters)."""
    text = server_text(value, width + 1)
    text.no_wrap = True
    text.truncate(width, overflow="ellipsis")
    return text


class ProjectTable(DataTable):
    HELP_TITLE = "Project list"
    BINDINGS = [
        Binding("right,pagedown", "screen.next_page", "Next page", show=False, id="projects.table.next_page"),
        Binding("left,pageup", "screen.previous_page", "Previous page", show=False, id="projects.table.previous_page"),
        Binding("enter", "select_cursor", "Open", tooltip="Open the selected project", id="projects.table.open"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self.shown: list[Project] = []  # row i shows shown[i]

    def on_mount(self) -> None:
        self._add_columns()

    def _add_columns(self) -> None:
        self.description_width = max(20, self.app.size.width - NAME_WIDTH - ID_WIDTH - 10)
        self.add_column("Name", width=NAME_WIDTH, key="name")
        self.add_column("Description", width=self.description_width, key="description")
        self.add_column("ID", width=ID_WIDTH, key="id")

    def show(self, projects: Sequence[Project], name_filter: str = "") -> int:
        """Replace the rows; returns how many rows match the filter."""
        needle = name_filter.casefold()
        shown = [p for p in projects if needle in p.name.casefold()] if needle else list(projects)
        self.clear()
        self.shown = shown
        self.add_rows(
            (_cell(p.name, NAME_WIDTH), _cell(p.description or "", self.description_width), Text(p.id, style="dim"))
            for p in shown
        )
        return len(shown)

    @property
    def selected(self) -> Project | None:
        row = self.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None
