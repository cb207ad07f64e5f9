"""Search every project (the projects list's second scope: `/` then `tab`, or `ctrl+f`).

The API has no search, so the session builds an index of every project the first time (all
pages at size 100, in parallel, through the client's request budget) and keeps it until log-out;
results are ranked fuzzily and shown while the index fills. After INDEX_MAX_AGE seconds the next
search rebuilds it in the background, showing the old one meanwhile.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import DataTable, Input, Static

from maia_tui.api.client import MaiaClient
from maia_tui.api.clock import Clock
from maia_tui.api.text import printable
from maia_tui.services.project_search import Match, ProjectIndex, SessionIndex, fill_index
from maia_tui.ui.resources import cells
from maia_tui.ui.screens.base import SessionScreen
from maia_tui.ui.views.column_fit import Want, fit_columns
from maia_tui.ui.words import counted

TITLES = ("Name", "Description", "ID")
RERANK_EVERY = 0.05  # while filling, rank again each time another 5% of the projects arrived
RESULTS = 50


def highlighted(name: str, spans: tuple[tuple[int, int], ...]) -> Text:
    text = Text(printable(name, limit=None))
    if len(text.plain) == len(name):  # escapes shift positions; then show it unmarked
        for start, end in spans:
            text.stylize("bold underline", start, end)
    return text


def _cut(cell: Text, width: int) -> Text:
    cut = cell.copy()
    cut.truncate(width, overflow="ellipsis")
    return cut


class ProjectSearchScreen(SessionScreen):
    HELP_TITLE = "Search all projects"
    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the projects list", id="search.back"),
        Binding("tab", "page_scope", "This page", tooltip="Switch to filtering this page only", id="search.page_scope"),
        Binding("down", "to_results", "Results", show=False, tooltip="Move to the results", id="search.to_results"),
    ]

    needle: reactive[str] = reactive("")
    loaded: reactive[int] = reactive(0)
    total: reactive[int | None] = reactive(None)

    def __init__(self, client: MaiaClient, clock: Clock, holder: SessionIndex, query: str = "") -> None:
        super().__init__()
        self.client = client
        self.clock = clock
        self.holder = holder
        self.set_reactive(ProjectSearchScreen.needle, query)
        self.matches: list[Match] = []
        self.ranked_at = 0

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        yield Static("", id="search-header", classes="screen-header")
        yield Input(self.needle, placeholder="search every project by name or description", id="search-input")
        yield DataTable(id="search-results", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#search-input", Input).focus()
        index = self.holder.index
        if self.holder.needs_build(self.clock.monotonic()):
            self.build()
        else:
            self.loaded, self.total = len(index.projects), index.total
        self.rank()

    @work(exclusive=True, group="project-index", exit_on_error=False)
    async def build(self) -> None:
        rebuilding = self.holder.index.complete  # keep searching the old index meanwhile
        index = ProjectIndex()
        if not rebuilding:
            self.holder.index = index  # searched while it fills

        def progress(loaded: int, total: int) -> None:
            self.loaded, self.total = loaded, total
            if not rebuilding and loaded - self.ranked_at >= max(1, int(total * RERANK_EVERY)):
                self.rank()

        await fill_index(index, lambda n, size: self.client.list_projects(n, size), on_progress=progress)
        self.holder.completed(index, self.clock.monotonic())
        self.loaded, self.total = len(index.projects), index.total
        self.rank()

    def rank(self) -> None:
        self.ranked_at = len(self.holder.index.projects)
        self.matches = self.holder.index.search(self.needle, limit=RESULTS)
        self.show_matches()
        self.paint_header()

    def on_resize(self) -> None:
        if self.is_mounted:
            self.show_matches()

    def show_matches(self) -> None:
        """The matches in columns fitted to the width as in every list (names whole first, the
        id left out before the description is cut short), every cut cell ending in "…"."""
        table = self.query_one("#search-results", DataTable)
        rows = [
            # One sign for empty, as in every list (resources/cells.py).
            (highlighted(m.project.name, m.name_spans), cells.first_line(m.project.description, 80), Text(m.project.id))
            for m in self.matches
        ]
        widest = [max([len(title), *(row[i].cell_len for row in rows)]) for i, title in enumerate(TITLES)]
        wants = [
            Want("name", (widest[0],), minimum=min(16, widest[0]), priority=1),
            Want("description", (widest[1],), priority=3, free=True),  # what a search reads
            Want("id", (widest[2],), priority=4, optional=True),
        ]
        fit = fit_columns(wants, table.size.width or self.app.size.width)
        shown = [(i, want.key, fit.widths[want.key]) for i, want in enumerate(wants) if fit.widths[want.key]]
        table.clear(columns=True)
        for i, key, width in shown:
            table.add_column(TITLES[i], width=width, key=key)
        for row in rows:
            table.add_row(*(_cut(row[i], width) for i, _, width in shown))

    def paint_header(self) -> None:
        if self.total is None:
            state = "indexing…"
        elif self.loaded < self.total:
            state = f"indexing {self.loaded:,} of {self.total:,}"
        else:
            state = f"{counted(self.total, 'project')} indexed"
        found = f" · {counted(len(self.matches), 'best match', 'best matches')}" if self.needle else " · type to search"
        self.query_one("#search-header", Static).update(Text(f"Search · all projects · {state}{found}"))

    def watch_loaded(self) -> None:
        if self.is_mounted:
            self.paint_header()

    @on(Input.Changed, "#search-input")
    def query_changed(self, event: Input.Changed) -> None:
        self.needle = event.value
        self.rank()

    @on(Input.Submitted, "#search-input")
    def open_first(self) -> None:
        self.open_match(0)

    @on(DataTable.RowSelected, "#search-results")
    def row_chosen(self, event: DataTable.RowSelected) -> None:
        self.open_match(event.cursor_row)

    def breadcrumb(self) -> str:
        return "Search"

    def open_match(self, row: int) -> None:
        if not 0 <= row < len(self.matches):
            self.notify("No project matches yet.", timeout=2)
            return
        from maia_tui.ui.screens.project_detail import ProjectDetailScreen

        self.app.push_screen(ProjectDetailScreen(self.matches[row].project, came_from=self.breadcrumb()))

    def action_to_results(self) -> None:
        self.query_one("#search-results", DataTable).focus()

    def action_page_scope(self) -> None:
        """Back to the projects list's own filter, open, with what was typed here."""
        self.dismiss(self.needle)

    def action_back(self) -> None:
        self.dismiss(None)
