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
        description = max(20, self.app.size.width - NAME_WIDTH - ID_WIDTH - 10)
        self.add_column("Name", width=NAME_WIDTH, key="name")
        self.add_column("Description", width=description, key="description")
        self.add_column("ID", width=ID_WIDTH, key="id")

    def show(self, projects: Sequence[Project], name_filter: str = "") -> int:
        """Replace the rows; returns how many rows match the filter."""
        needle = name_filter.casefold()
        shown = [p for p in projects if needle in p.name.casefold()] if needle else list(projects)
        self.clear()
        self.shown = shown
        self.add_rows(
            (server_text(p.name, 200), server_text(p.description or "", 300), Text(p.id, style="dim"))
            for p in shown
        )
        return len(shown)

    @property
    def selected(self) -> Project | None:
        row = self.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None
