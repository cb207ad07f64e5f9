"""The projects browser: one server page at a time, paged by key, with neighbouring pages
prefetched so a flip usually shows at once.

Only the newest navigation may paint: navigations run in one exclusive worker group (a new
one cancels the old) and a page is shown only if it is still the one asked for.

Offline (a page could not be fetched for lack of a network), the page on screen stays there,
the header says which page waits, and the app probes until the API answers; then the page
asked for is fetched again without a keypress (`connection_restored`).
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker

from maia_tui.api.client import MaiaClient
from maia_tui.api.errors import NetworkError, TLSError
from maia_tui.api.models import Page, Project
from maia_tui.api.text import printable
from maia_tui.ui.paging import Key, PageLoader
from maia_tui.ui.screens.base import SessionScreen
from maia_tui.ui.screens.jump import JumpScreen
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.widgets.error_panel import ErrorPanel
from maia_tui.ui.widgets.project_table import ProjectTable

OFFLINE_NOTE = "This page loads by itself once the server answers; press r to try now."


def is_offline(error: BaseException) -> bool:
    """A failure to reach the server (refused, dropped, timed out), not a TLS problem."""
    return isinstance(error, NetworkError) and not isinstance(error, TLSError)


PAGE_SIZES = (10, 25, 50, 100)
DEFAULT_PAGE_SIZE = 25
EMPTY_ACCOUNT = (
    "No projects in this account yet — create one in the Data Productivity Cloud designer, then press r to reload."
)


class ProjectsScreen(SessionScreen):
    HELP_TITLE = "Projects"
    BINDINGS = [
        Binding("n,right,pagedown", "next_page", "Next", tooltip="Next page", id="projects.next_page"),
        Binding("p,left,pageup", "previous_page", "Prev", tooltip="Previous page", id="projects.previous_page"),
        Binding("g", "first_page", "First", show=False, tooltip="First page", id="projects.first_page"),
        Binding("G", "last_page", "Last", show=False, tooltip="Last page", id="projects.last_page"),
        Binding("colon", "jump", "Go to", tooltip="Go to a page by number", id="projects.jump"),
        Binding("s", "cycle_page_size", "Size", tooltip="Page size: 10, 25, 50, 100", id="projects.page_size"),
        Binding("r", "reload", "Reload", tooltip="Reload (also: try again after an error)", id="projects.reload"),
        Binding("slash", "filter", "Filter", tooltip="Filter this page's rows by name", id="projects.filter"),
        Binding("c", "copy_id", "Copy id", tooltip="Copy the selected project's id", id="projects.copy_id"),
        Binding(
            "escape", "clear_filter", "Clear filter", show=False, tooltip="Clear the filter", id="projects.clear_filter"
        ),
    ]

    def __init__(self, client: MaiaClient, page_size: int = DEFAULT_PAGE_SIZE) -> None:
        super().__init__()
        self.page_number = 0
        self.page_size = page_size
        self.current: Page[Project] | None = None  # what the table shows
        self.name_filter = ""
        self.loading_key: Key | None = None
        self.waiting_for_network: Key | None = None  # asked for while offline: fetched once back
        self.problems_reported: set[Key] = set()
        self.client = client
        self.loader: PageLoader[Project] = PageLoader(lambda page, size: client.list_projects(page=page, size=size))
        # Ask for the first page now: the request flies while this screen is built and mounted.
        self.loader.prefetch(self.key)

    # ----- layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        yield Static(id="page-header", classes="screen-header")
        yield ProjectTable(id="projects")
        error = ErrorPanel(id="projects-error")
        error.display = False
        yield error
        search = Input(placeholder="filter this page by name — enter keeps it, esc clears", id="filter")
        search.display = False
        yield search

    def on_mount(self) -> None:
        self.go_to(0)

    def on_unmount(self) -> None:
        self.loader.close()

    @property
    def table(self) -> ProjectTable:
        return self.query_one(ProjectTable)

    @property
    def page_count(self) -> int:
        return self.current.page_count if self.current else 0

    @property
    def key(self) -> Key:
        return (self.page_number, self.page_size)

    # ----- navigation ----------------------------------------------------------------

    def go_to(self, number: int, *, size: int | None = None) -> None:
        """Show page `number` (from 0): at once when it is cached, else after a fetch."""
        if size is not None:
            self.page_size = size
        self.page_number = max(0, number)
        self.waiting_for_network = None
        key = self.key
        self.loader.keep_only({key, (key[0] - 1, key[1]), (key[0] + 1, key[1])})
        cached = self.loader.peek(key)
        if cached is not None:
            self.workers.cancel_group(self, "navigate")
            self.show_page(cached)
            return
        self.loading_key = key
        self.table.loading = True
        self.paint_header()
        self._navigate(key)

    @work(exclusive=True, group="navigate", exit_on_error=False)
    async def _navigate(self, key: Key) -> None:
        page = await self.loader.get(key)
        if key == self.key:  # a newer navigation may have moved on while this one waited
            self.show_page(page)

    def show_page(self, page: Page[Project]) -> None:
        if page.total and not page.results and page.page > 0:
            self.go_to(page.page_count - 1)  # the list shrank under us: show its new last page
            return
        self.loading_key = None
        self.current = page
        self.table.loading = False
        self.query_one("#projects-error", ErrorPanel).display = False
        empty = page.total == 0 and not page.results
        self.table.display = not empty
        if empty:
            self.query_one("#projects-error", ErrorPanel).show_message("No projects", EMPTY_ACCOUNT)
            self.set_focus(None)
        elif self.focused is None:
            self.table.focus()
        self.table.show(page.results, self.name_filter)
        self.paint_header()
        self.report_problems(page)
        for neighbour in (page.page + 1, page.page - 1):
            if 0 <= neighbour < page.page_count:
                self.loader.prefetch((neighbour, self.page_size))

    def report_problems(self, page: Page[Project]) -> None:
        """Say once per page what the server sent that could not be read (the rows that could
        are shown; the header keeps the count)."""
        key = (page.page, page.size)
        if not page.problems or key in self.problems_reported:
            return
        self.problems_reported.add(key)
        listed = "\n".join(printable(problem, 120) for problem in page.problems[:3])
        more = f"\n… and {len(page.problems) - 3} more" if len(page.problems) > 3 else ""
        self.notify(
            listed + more,
            title=f"Page {page.page + 1}: part of the answer could not be read",
            severity="warning",
            timeout=8,
            markup=False,
        )

    def worker_failed(self, worker: Worker, error: BaseException) -> None:
        if worker.group != "navigate":
            return super().worker_failed(worker, error)
        self.loading_key = None
        self.table.loading = False
        # Offline: wait for the app's probe to find the server again. (A network error while the
        # API answers other requests is this request's own problem: shown, with r to retry.)
        offline = is_offline(error) and not self.client.health.online
        if offline:
            self.waiting_for_network = self.key
        if offline and self.current is not None:
            self.paint_header()  # the page on screen stays; the header says which one waits
            return
        self.table.show(())  # no rows from an older page behind the error
        self.table.display = False
        self.set_focus(None)  # decide now, not whenever Textual notices the table is hidden
        self.query_one("#projects-error", ErrorPanel).show_error(
            error, retry_key="r", note=OFFLINE_NOTE if offline else None
        )
        self.paint_header(failed=True)

    def connection_restored(self) -> None:
        """The API answers again: fetch the page asked for while offline, and the neighbours."""
        if self.waiting_for_network is not None and self.waiting_for_network == self.key:
            self.go_to(self.page_number)
        elif self.current is not None and self.loading_key is None:
            for neighbour in (self.current.page + 1, self.current.page - 1):
                if 0 <= neighbour < self.current.page_count:
                    self.loader.prefetch((neighbour, self.page_size))

    def paint_header(self, failed: bool = False) -> None:
        header = Text("Projects", style="bold")
        page = self.current
        if failed:
            header.append(f" · page {self.page_number + 1} could not be loaded")
        elif self.waiting_for_network is not None and page is not None:
            header.append(f" · page {page.page + 1} of {page.page_count}")
        elif self.loading_key is not None:
            header.append(f" · loading page {self.page_number + 1}…")
        elif page is not None:
            if page.total == 0:
                header.append(" · no projects")
            else:
                header.append(f" · page {page.page + 1} of {page.page_count}")
        if page is not None and page.total:
            header.append(f" · {page.total} total")
        header.append(f" · {self.page_size} per page")
        if self.name_filter:
            header.append(" · filter ")
            header.append(repr(self.name_filter), style="bold")
            header.append(f" ({self.table.row_count} of {len(page.results) if page else 0} shown)")
        if page is not None and page.skipped:
            rows = "row" if page.skipped == 1 else "rows"
            header.append(f" · {page.skipped} unreadable {rows} skipped", style="italic")
        if page is not None and len(page.problems) > page.skipped:
            header.append(" · " + "; ".join(printable(p, 80) for p in page.problems[page.skipped :]), style="italic")
        if self.waiting_for_network is not None and page is not None and not failed:
            header.append(f" · offline: page {self.page_number + 1} loads when the server answers", style="bold")
        self.query_one("#page-header", Static).update(header)

    def action_next_page(self) -> None:
        if self.current is None or self.page_number + 1 < self.page_count:
            self.go_to(self.page_number + 1)

    def action_previous_page(self) -> None:
        if self.page_number > 0:
            self.go_to(self.page_number - 1)

    def action_first_page(self) -> None:
        self.go_to(0)

    def action_last_page(self) -> None:
        if self.page_count:
            self.go_to(self.page_count - 1)

    def action_jump(self) -> None:
        if not self.page_count:
            return
        self.app.push_screen(JumpScreen(self.page_count, self.page_number), self._jumped)

    def _jumped(self, number: int | None) -> None:
        if number is not None:
            self.go_to(number)

    def action_cycle_page_size(self) -> None:
        following = (
            PAGE_SIZES[(PAGE_SIZES.index(self.page_size) + 1) % len(PAGE_SIZES)]
            if self.page_size in PAGE_SIZES
            else DEFAULT_PAGE_SIZE
        )
        self.set_page_size(following)

    def set_page_size(self, size: int) -> None:
        """Keep the first project on screen in view: the page that holds it at the new size."""
        first_item = self.page_number * self.page_size
        self.go_to(first_item // size, size=size)

    def action_reload(self) -> None:
        self.loader.forget()
        self.go_to(self.page_number)

    # ----- filter, copy, open ----------------------------------------------------------

    def action_filter(self) -> None:
        search = self.query_one("#filter", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.name_filter = event.value.strip()
        if self.current is not None:
            self.table.show(self.current.results, self.name_filter)
        self.paint_header()

    @on(Input.Submitted, "#filter")
    def _filter_kept(self) -> None:
        if not self.name_filter:
            self.query_one("#filter", Input).display = False
        self.table.focus()

    def action_clear_filter(self) -> None:
        search = self.query_one("#filter", Input)
        if search.value:
            search.value = ""  # Input.Changed repaints the rows
        search.display = False
        self.table.focus()

    def action_copy_id(self) -> None:
        project = self.table.selected
        if project is None:
            self.notify("No project selected.", severity="warning")
            return
        self.app.copy_to_clipboard(project.id)
        self.notify(f"Copied the id of {printable(project.name, 60)}: {project.id}", title="Copied", markup=False)

    @on(DataTable.RowSelected, "#projects")
    def _open(self) -> None:
        project = self.table.selected
        if project is not None:
            self.app.push_screen(ProjectDetailScreen(project))
