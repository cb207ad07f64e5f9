"""One generic list for every resource (k9s's "resource viewer"): a header line, the rows, an
error or empty panel where the rows would be, and a `/` filter over the rows loaded.

How it pages comes from the resource (see `maia_tui.ui.resources`):
- page/size: one server page at a time, neighbours prefetched, n/p/g/G/:/s; only the newest
  navigation may paint (one exclusive worker group; a page shows only if still asked for);
- cursor: the first page, then the next ones as the cursor nears the end;
- none: one answer.

Offline (a fetch failed for lack of a network), what is on screen stays, the header says what
waits, and once the app's probe finds the server again (`connection_restored`) it is fetched
again without a keypress.

Live resources follow the server while the list is shown: an adaptive poll on the app's clock
(fast while rows are live or something changed, slower while nothing does, slower still after a
429; none while the screen is hidden, the tab is not shown, or the app is offline). New rows
are put on top without moving the selection or the rows in view; changed rows are redrawn in
place.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from maia_tui.api.errors import MaiaError, NetworkError, RateLimited, TLSError
from maia_tui.api.models import CursorPage, Page
from maia_tui.api.text import printable
from maia_tui.services.live_cadence import Outcome
from maia_tui.ui.feedback import flash
from maia_tui.ui.idle_keys import idle_check
from maia_tui.ui.keys import hint
from maia_tui.ui.paging import Key, PageLoader
from maia_tui.ui.resources.base import Paging, Query, Resource, RowContext
from maia_tui.ui.views.host import host_of
from maia_tui.ui.views.live_window import LiveRows, live_state, replaced_page, unmatched_note
from maia_tui.ui.views.page_keys import FIRST_PAGE, LAST_PAGE, NOT_LOADED, ONE_PAGE, page_key_idle
from maia_tui.ui.views.resource_table import ResourceTable
from maia_tui.ui.views.row_detail import RowDetail
from maia_tui.ui.views.row_table import RowTable
from maia_tui.ui.widgets.error_panel import ErrorPanel
from maia_tui.ui.words import counted

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient
    from maia_tui.ui.screens.sort_picker import SortChoice

T = TypeVar("T")

OFFLINE_NOTE = "This list loads by itself once the server answers; press {key:list.reload} to try now."
LOAD_MORE_WITHIN = 10  # rows from the end of a cursor list at which the next page is fetched
EXPORT_PAGE_SIZE = 100  # the API's largest page: fewest requests for an export


def is_offline(error: BaseException) -> bool:
    """A failure to reach the server (refused, dropped, timed out), not a TLS problem."""
    return isinstance(error, NetworkError) and not isinstance(error, TLSError)


class ResourceList(Widget, Generic[T]):
    DEFAULT_CSS = """
    ResourceList { height: 1fr; }
    ResourceList:focus { background-tint: $foreground 0%; }
    ResourceList > .list-header { height: auto; max-height: 3; padding: 0 1; background: $boost; color: $text; }
    ResourceList > ResourceTable { height: 1fr; }
    ResourceList > ResourceTable.-waiting { opacity: 60%; }
    ResourceList > Input { dock: bottom; margin-bottom: 1; border: tall $accent; }
    """
    HELP_TITLE = "List"
    BINDINGS = [
        Binding("n", "next_page", "Next", tooltip="Next page", id="list.next_page"),
        Binding("p", "previous_page", "Prev", tooltip="Previous page", id="list.previous_page"),
        Binding("g", "first_page", "First", show=False, tooltip="First page", id="list.first_page"),
        Binding("G", "last_page", "Last", show=False, tooltip="Last page", id="list.last_page"),
        Binding("colon", "jump", "Go to", tooltip="Go to a page by number", id="list.jump"),
        Binding("s", "cycle_page_size", "Size", tooltip="Page size: 10, 25, 50, 100", id="list.page_size"),
        Binding("r", "reload", "Reload", tooltip="Reload (also: try again after an error)", id="list.reload"),
        Binding("slash", "filter", "Filter", tooltip="Filter the loaded rows by name", id="list.filter"),
        Binding(
            "o",
            "pick_sort",
            "Sort",
            tooltip="Sort: one key picks the column, again flips it (a header click cycles too)",
            id="list.sort",
        ),
        Binding("v", "view_raw", "JSON", tooltip="The selected row exactly as the API sent it", id="list.raw"),
        Binding("escape", "clear_filter", "Clear filter", show=False, tooltip="Clear the filter", id="list.clear"),
        Binding("e", "export", "Export", tooltip="Export the whole list, every page, to CSV or JSON", id="list.export"),
    ]
    can_focus = True  # only while its table is hidden (see keep_keys)
    PAGE_ACTIONS = frozenset({"next_page", "previous_page", "first_page", "last_page", "jump", "cycle_page_size"})

    # What the list shows: loading | ready | empty | error. The header and panels follow it.
    status: reactive[str] = reactive("loading", init=False)
    name_filter: reactive[str] = reactive("", init=False)
    # (column key, descending) the rows shown are sorted by; None: the server's order.
    sort_by: reactive[tuple[str, bool] | None] = reactive(None, init=False)
    # Seconds until the next live poll (None: not live); the header shows it.
    poll_interval: reactive[float | None] = reactive(None, init=False)

    @dataclass
    class Opened(Message):
        """`enter` on a row: a screen or panel that has a place for it takes it, else the app
        (MaiaApp.on_resource_list_opened) opens what a project or a run opens."""

        resource_list: ResourceList[Any]
        item: Any

    @dataclass
    class PageSizeChosen(Message):
        """A person chose a page size (`s`, the palette): the app remembers it."""

        resource_list: ResourceList[Any]
        size: int

    @dataclass
    class Changed(Message):
        """Rows were shown or updated (tests and screens wait on this, never on time)."""

        resource_list: ResourceList[Any]

    def __init__(
        self,
        resource: Resource[T],
        client: MaiaClient,
        *,
        query: Query | None = None,
        describe: Callable[[Query], Text] | None = None,
        page_size: int | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id or f"{resource.name}-list")
        self.resource = resource
        self.client = client
        self.params: dict[str, Any] = dict(query or {})  # the screen's filters, for the fetch
        self.describe = describe  # how the screen's filters read in the header
        self.page_number = 0
        self.page_size = page_size or resource.page_size
        self.current: Page[T] | None = None  # page/size: the page shown
        self.items: list[T] = []  # every row loaded, in the server's order
        self.more: str | None = None  # cursor: the next page's token
        self.loading_key: Key | None = None
        self.loading_more = False
        self.waiting_for_network: Key | None = None  # asked for while offline: fetched once back
        self.failed = False
        self.new_on_top = 0  # rows added on top by live polls since the list was loaded
        self.problems_reported: set[Key] = set()
        self.generation = 0  # bumped by a new query: answers to an older one are dropped
        self.paused = False
        self.live_rows = LiveRows(resource)
        self.polled_at: float | None = None  # the app clock's monotonic time of the last poll
        self.polls_done = 0
        self.loader: PageLoader[T] | None = None
        if resource.paging is Paging.PAGE:
            fetch = resource.fetch_page
            assert fetch is not None
            self.loader = PageLoader(lambda page, size: fetch(client, self.params, page, size))
            self.loader.prefetch(self.key)  # the request flies while the list is built

    # ----- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        name = self.resource.name
        yield Static(id=f"{name}-header", classes="list-header")
        table = ResourceTable(self.resource, paged=self.paged, id=name)
        yield table
        yield RowDetail(table, id=f"{name}-detail")
        error = ErrorPanel(id=f"{name}-error")
        error.display = False
        yield error
        search = Input(
            placeholder=hint(self, "filter the loaded rows — enter keeps it, {key:list.clear} clears"),
            id=f"{name}-filter",
        )
        search.display = False
        yield search

    def on_mount(self) -> None:
        self.paint_header()
        self.reload(forget=False)
        if self.resource.live is not None:
            self.poll_interval = self.resource.live.fast
            self.polled_at = host_of(self).clock.monotonic()  # the first load is as good as a poll
            self._poll()
        if any(column.ticks or column.ages for column in self.resource.columns):
            host_of(self).every_second(self, self.tick)
        if self.resource.needs_project_names:
            host_of(self).project_names(self.client).subscribe(self, self.names_arrived)

    def on_unmount(self) -> None:
        if self.loader is not None:
            self.loader.close()

    @property
    def paged(self) -> bool:
        return self.resource.paging is Paging.PAGE

    @property
    def table(self) -> ResourceTable[T]:
        return self.query_one(ResourceTable)

    @property
    def error_panel(self) -> ErrorPanel:
        return self.query_one(ErrorPanel)

    @property
    def key(self) -> Key:
        return (self.page_number, self.page_size)

    @property
    def page_count(self) -> int:
        return self.current.page_count if self.current else 0

    def context(self) -> RowContext:
        return host_of(self).row_context(self.client)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.PAGE_ACTIONS:
            return self.paged and idle_check(self, action)
        if action == "clear_filter":  # else esc goes on to the screen (back)
            return bool(self.name_filter) or self.query_one(Input).display
        return True

    # ----- queries (filters the screen sets) -------------------------------------------

    def set_query(self, query: Query) -> None:
        """New server-side filters: everything loaded is dropped and fetched again."""
        self.params = dict(query)
        self.reload()

    def reload(self, forget: bool = True) -> None:
        self.generation += 1
        self.failed = False
        self.new_on_top = 0
        self.table.dimmed.clear()  # rows that left the filters go now
        if self.paged:
            if forget and self.loader is not None:
                self.loader.forget()
            self.go_to(self.page_number if forget else 0)
            return
        self.items = []
        self.more = None
        self.status = "loading"
        self.set_waiting(True)
        self.paint_header()
        self._load_first(self.generation)

    # ----- page/size -----------------------------------------------------------------

    def go_to(self, number: int, size: int | None = None) -> None:
        """Show page `number` (from 0): at once when it is cached, else after a fetch."""
        assert self.loader is not None
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
        self.set_waiting(True)
        self.paint_header()
        self._navigate(key)

    @work(exclusive=True, group="navigate", exit_on_error=False)
    async def _navigate(self, key: Key) -> None:
        assert self.loader is not None
        page = await self.loader.get(key)
        if key == self.key:  # a newer navigation may have moved on while this one waited
            self.show_page(page)

    def show_page(self, page: Page[T]) -> None:
        if page.total and page.page >= page.page_count > 0:
            # The list shrank under us: show its new last page. (Not merely an empty page: a
            # filter that narrows each page, as the audit log's, can leave any page empty.)
            self.go_to(page.page_count - 1)
            return
        self.loading_key = None
        self.current = page
        self.refresh_bindings()  # the paging keys the footer shows depend on the page (why_idle)
        self.items = list(page.results)
        self.show_rows(empty=page.total == 0 and not page.results)
        self.report_problems(page.page, page.problems)
        assert self.loader is not None
        for neighbour in (page.page + 1, page.page - 1):
            if 0 <= neighbour < page.page_count:
                self.loader.prefetch((neighbour, self.page_size))

    def why_idle(self, action: str) -> str | None:
        """Why a paging key has nothing to do now (ui/idle_keys.py)."""
        return page_key_idle(
            action, self.page_number, self.page_count if self.current else None, hint(self, NOT_LOADED)
        )

    def action_next_page(self) -> None:
        if self.current is None or self.page_number + 1 < self.page_count:
            self.go_to(self.page_number + 1)
        else:
            flash(self, LAST_PAGE if self.page_count > 1 else ONE_PAGE)

    def action_previous_page(self) -> None:
        if self.page_number > 0:
            self.go_to(self.page_number - 1)
        else:
            flash(self, FIRST_PAGE if self.page_count > 1 else ONE_PAGE)

    def action_first_page(self) -> None:
        if self.page_number == 0 and self.current is not None:
            flash(self, FIRST_PAGE if self.page_count > 1 else ONE_PAGE)
            return
        self.go_to(0)

    def action_last_page(self) -> None:
        if not self.page_count:
            flash(self, hint(self, NOT_LOADED))
        elif self.page_number == self.page_count - 1:
            flash(self, LAST_PAGE if self.page_count > 1 else ONE_PAGE)
        else:
            self.go_to(self.page_count - 1)

    def action_jump(self) -> None:
        from maia_tui.ui.screens.jump import JumpScreen

        if self.page_count > 1:
            self.app.push_screen(JumpScreen(self.page_count, self.page_number), self._jumped)
        else:
            flash(self, hint(self, ONE_PAGE if self.page_count else NOT_LOADED))

    def _jumped(self, number: int | None) -> None:
        if number is not None:
            self.go_to(number)

    def action_cycle_page_size(self) -> None:
        sizes = self.resource.page_sizes
        following = sizes[(sizes.index(self.page_size) + 1) % len(sizes)] if self.page_size in sizes else sizes[0]
        self.set_page_size(following)

    def set_page_size(self, size: int) -> None:
        """Keep the first row on screen in view: the page that holds it at the new size."""
        first_item = self.page_number * self.page_size
        self.go_to(first_item // size, size=size)
        self.post_message(self.PageSizeChosen(self, size))

    @on(ResourceTable.Turn)
    def _turn(self, event: ResourceTable.Turn) -> None:
        event.stop()
        if event.delta > 0:
            self.action_next_page()
        else:
            self.action_previous_page()

    # ----- cursor and none -------------------------------------------------------------

    @work(exclusive=True, group="navigate", exit_on_error=False)
    async def _load_first(self, generation: int) -> None:
        items, more, problems = await self.fetch_chunk(None)
        if generation != self.generation:
            return
        self.items, self.more = list(items), more
        self.show_rows(empty=not items)
        self.report_problems(0, problems)

    async def fetch_chunk(self, token: str | None) -> tuple[Sequence[T], str | None, Sequence[str]]:
        resource = self.resource
        if resource.paging is Paging.CURSOR:
            assert resource.fetch_cursor is not None
            page: CursorPage[T] = await resource.fetch_cursor(self.client, self.params, token, resource.cursor_limit)
            return page.results, page.more, page.problems
        assert resource.fetch_all is not None
        return await resource.fetch_all(self.client, self.params), None, ()

    def load_more(self) -> None:
        if self.more is not None and not self.loading_more and self.status == "ready":
            self.loading_more = True
            self.paint_header()
            self._load_more(self.generation, self.more)

    @work(exclusive=True, group="more", exit_on_error=False)
    async def _load_more(self, generation: int, token: str) -> None:
        try:
            items, more, problems = await self.fetch_chunk(token)
        finally:
            self.loading_more = False
        if generation != self.generation:
            return
        known = {self.resource.key(item) for item in self.items}
        fresh = [item for item in items if self.resource.key(item) not in known]
        self.items.extend(fresh)
        self.more = more
        ctx = self.context()
        needle = self.name_filter.casefold()
        table = self.table
        if self.sort_by is not None:  # sorted: the new rows take their places among the others
            selected = table.selected
            table.show(self.visible_items(), ctx)
            self.keep_selection(selected)
            fresh = []
        for item in fresh:
            if not needle or needle in self.resource.filter_text(item).casefold():
                table.shown.append(item)
                table.add_row(*table.cells(item, ctx), key=self.resource.key(item))
        self.paint_header()
        self.post_message(self.Changed(self))
        self.report_problems(len(self.items), problems)

    @on(RowTable.RowHighlighted)
    def _near_the_end(self, event: RowTable.RowHighlighted) -> None:
        if self.resource.paging is Paging.CURSOR and event.cursor_row >= self.table.row_count - LOAD_MORE_WITHIN:
            self.load_more()

    # ----- showing rows ------------------------------------------------------------------

    def set_waiting(self, waiting: bool) -> None:
        """A fetch is on its way. With nothing to show yet, a loading indicator covers the
        table; over rows already shown, they dim instead, so the keys stay live (Textual gives
        a loading widget's keys to nobody) and a second n flips on at once."""
        table = self.table
        empty = table.row_count == 0
        table.loading = waiting and empty
        table.set_class(waiting and not empty, "-waiting")

    def visible_items(self) -> list[T]:
        needle = self.name_filter.casefold()
        if not needle:
            shown = list(self.items)
        else:
            shown = [item for item in self.items if needle in self.resource.filter_text(item).casefold()]
        return self.sorted(shown) if self.sort_by is not None else shown

    def sorted(self, items: list[T]) -> list[T]:
        """Stable, by value (times, seconds, text without case); rows without a value last."""
        assert self.sort_by is not None
        key, descending = self.sort_by
        column = next(c for c in self.resource.columns if c.key == key)
        ctx = self.context()

        def value(item: T) -> Any:
            if column.sort_key is not None:
                return column.sort_key(item, ctx)
            cell = column.cell(item, ctx)
            plain = cell.plain if isinstance(cell, Text) else str(cell)
            return None if plain == "—" else plain.casefold()

        keyed = [(value(item), item) for item in items]
        present = sorted((pair for pair in keyed if pair[0] is not None), key=lambda pair: pair[0], reverse=descending)
        return [item for _, item in present] + [item for v, item in keyed if v is None]

    def action_pick_sort(self) -> None:
        """A one-key column picker (screens/sort_picker.py); the selected row stays selected, in view."""
        from maia_tui.ui.screens.sort_picker import SortPicker

        def chosen(choice: SortChoice | None) -> None:
            if choice is not None:
                self.sort_by = choice.sort_by

        columns = [(column.key, column.title) for column in self.resource.columns]
        self.app.push_screen(SortPicker(columns, self.sort_by), chosen)

    @on(RowTable.HeaderClicked)
    def _header_clicked(self, event: RowTable.HeaderClicked) -> None:
        """A click on a header: that column ascending, again descending, again unsorted."""
        event.stop()
        if self.sort_by is None or self.sort_by[0] != event.column_key:
            self.sort_by = (event.column_key, False)
        elif not self.sort_by[1]:
            self.sort_by = (event.column_key, True)
        else:
            self.sort_by = None

    def watch_sort_by(self, sort_by: tuple[str, bool] | None) -> None:
        self.table.mark_sorted(sort_by)
        if self.status == "ready":
            selected = self.table.selected
            self.table.show(self.visible_items(), self.context())
            self.keep_selection(selected)
        self.paint_header()

    def show_rows(self, empty: bool = False) -> None:
        table = self.table
        self.set_waiting(False)
        self.failed = False
        self.waiting_for_network = None
        table.show(self.visible_items(), self.context())
        self.status = "empty" if empty else "ready"
        self.paint_header()
        self.post_message(self.Changed(self))

    def watch_status(self, status: str) -> None:
        table, panel = self.table, self.error_panel
        if status == "empty":
            table.display = False
            panel.show_message(self.resource.title, self.resource.empty)
            self.keep_keys()
        elif status == "ready":
            panel.display = False
            table.display = True
            if self.screen.is_current and self.screen.focused in (None, self):
                table.focus()
        elif status == "loading":
            panel.display = False
            table.display = True

    def watch_name_filter(self) -> None:
        if self.status == "ready":
            selected = self.table.selected
            self.table.show(self.visible_items(), self.context())
            self.keep_selection(selected)
        self.paint_header()

    def keep_keys(self) -> None:
        """The table is hidden (an error or nothing to show): the list itself takes the focus
        from it, so r, / and the section keys still reach it."""
        if self.screen.focused is self.table or (self.screen.focused is None and self.screen.is_current):
            self.focus()

    def keep_selection(self, item: T | None) -> None:
        if item is None:
            return
        index = self.table.index_of(self.resource.key(item))
        if index is not None:
            self.table.move_cursor(row=index, animate=False)

    def report_problems(self, where: int, problems: Sequence[str]) -> None:
        """Say once per page what the server sent that could not be read (the rows that could
        are shown; the header keeps the count)."""
        key = (where, self.page_size)
        if not problems or key in self.problems_reported:
            return
        self.problems_reported.add(key)
        listed = "\n".join(printable(problem, 120) for problem in problems[:3])
        more = f"\n… and {len(problems) - 3} more" if len(problems) > 3 else ""
        what = f"Page {where + 1}" if self.paged else self.resource.title
        self.notify(listed + more, title=f"{what}: part of the answer could not be read", severity="warning", timeout=8)

    # ----- failures and recovery --------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.ERROR or event.worker.error is None:
            return
        if event.worker.group not in ("navigate", "more"):
            return  # the live poll handles its own errors
        event.stop()
        self.failed_to_load(event.worker.error)

    def failed_to_load(self, error: BaseException) -> None:
        self.loading_key = None
        self.set_waiting(False)
        # Offline: wait for the app's probe to find the server again. (A network error while the
        # API answers other requests is this request's own problem: shown, with r to retry.)
        offline = is_offline(error) and not self.client.health.online
        if offline:
            self.waiting_for_network = self.key
        if offline and (self.current is not None or (not self.paged and self.items)):
            self.paint_header()  # what is on screen stays; the header says what waits
            return
        self.failed = True
        self.items = []
        self.table.show((), self.context())  # no rows from an older page behind the error
        self.table.display = False
        self.keep_keys()
        self.status = "error"
        self.error_panel.show_error(error, note=OFFLINE_NOTE if offline else None)
        self.paint_header()

    def connection_restored(self) -> None:
        """The API answers again: fetch what was asked for while offline; resume live polling."""
        if self.waiting_for_network is not None or self.failed:
            if self.paged and self.waiting_for_network not in (None, self.key):
                return
            self.reload()
        elif self.paged and self.current is not None and self.loading_key is None and self.loader is not None:
            for neighbour in (self.current.page + 1, self.current.page - 1):
                if 0 <= neighbour < self.current.page_count:
                    self.loader.prefetch((neighbour, self.page_size))

    # ----- header ----------------------------------------------------------------------

    def paint_header(self) -> None:
        header = Text(self.resource.title, style="bold")
        if self.paged:
            self._page_header(header)
        else:
            self._rows_header(header)
        if self.describe is not None:
            header.append_text(self.describe(self.params))
        if self.table.dimmed:  # after the filters they no longer match
            header.append_text(unmatched_note(len(self.table.dimmed), hint(self, "{key:list.reload}")))
        if self.sort_by is not None:
            title = next(c.title for c in self.resource.columns if c.key == self.sort_by[0])
            header.append(f" · sorted by {title} {'▼' if self.sort_by[1] else '▲'}", style="bold")
            if self.paged or self.more is not None:
                header.append(" (the rows loaded)")
        if self.name_filter:
            header.append(" · filter on this page " if self.paged else " · filter ")
            header.append(repr(self.name_filter), style="bold")
            header.append(f" ({self.table.row_count} of {len(self.items)} shown)")
        if self.waiting_for_network is not None and not self.failed:
            what = f"page {self.page_number + 1}" if self.paged else "the list"
            header.append(f" · offline: {what} loads when the server answers", style="bold")
        self.query_one(".list-header", Static).update(header)

    def _page_header(self, header: Text) -> None:
        page = self.current
        if self.failed:
            header.append(f" · page {self.page_number + 1} could not be loaded")
        elif self.waiting_for_network is not None and page is not None:
            header.append(f" · page {page.page + 1} of {page.page_count}")
        elif self.loading_key is not None:
            header.append(f" · loading page {self.page_number + 1}…")
        elif page is not None:
            header.append(
                f" · no {self.resource.noun}s" if page.total == 0 else f" · page {page.page + 1} of {page.page_count}"
            )
        if page is not None and page.total:
            header.append(f" · {page.total} total")
        header.append(f" · {self.page_size} per page")
        if self.poll_interval is not None and not self.failed:
            header.append_text(live_state(self.poll_interval, self.paused, self.client.health.online))
        if page is not None and page.skipped:
            header.append(f" · {counted(page.skipped, 'unreadable row')} skipped", style="italic")
        if page is not None and page.note:
            header.append(f" · {page.note}")
        if page is not None and len(page.problems) > page.skipped:
            header.append(" · " + "; ".join(printable(p, 80) for p in page.problems[page.skipped :]), style="italic")

    def _rows_header(self, header: Text) -> None:
        if self.failed:
            header.append(" · could not be loaded")
        elif self.status == "loading":
            header.append(" · loading…")
        else:
            count = len(self.items)
            header.append(f" · {counted(count, self.resource.noun)}")
            if self.more is not None:
                header.append(" · loading more…" if self.loading_more else " · more below")
        if self.poll_interval is not None and not self.failed:
            header.append_text(live_state(self.poll_interval, self.paused, self.client.health.online))

    def watch_poll_interval(self) -> None:
        self.paint_header()

    # ----- filter ---------------------------------------------------------------------

    def action_filter(self) -> None:
        search = self.query_one(Input)
        search.display = True
        search.focus()

    @on(Input.Changed)
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.name_filter = event.value.strip()

    @on(Input.Submitted)
    def _filter_kept(self, event: Input.Submitted) -> None:
        event.stop()
        if not self.name_filter:
            self.query_one(Input).display = False
        self.table.focus()

    def action_clear_filter(self) -> None:
        search = self.query_one(Input)
        if search.value:
            search.value = ""  # Input.Changed repaints the rows
        search.display = False
        self.table.focus()

    def action_reload(self) -> None:
        self.reload()

    def action_view_raw(self) -> None:
        from maia_tui.ui.views.json_view import JsonScreen

        item = self.table.selected
        if item is None:
            self.notify("No row selected.", severity="warning")
            return
        from maia_tui.ui.take_away import file_name

        key = self.resource.key(item)
        filename = file_name("maia", self.resource.name, str(key), suffix=".json")
        self.app.push_screen(JsonScreen(f"{self.resource.title} · {key}", self.resource.exported(item), filename))

    # ----- open -----------------------------------------------------------------------

    @on(RowTable.RowSelected)
    def _open(self, event: RowTable.RowSelected) -> None:
        event.stop()
        item = self.table.selected
        if item is None:
            return
        self.post_message(self.Opened(self, item))

    # ----- raw JSON and export ---------------------------------------------------------

    def action_export(self) -> None:
        from maia_tui.services.exporting import columns
        from maia_tui.ui.screens.export_dialog import ExportDialog

        now = host_of(self).clock.now()
        kind = self.resource.kind
        self.app.push_screen(ExportDialog(kind.name, columns(*kind.export_columns), self.every_item, now=now))

    async def every_item(self) -> AsyncIterator[Mapping[str, Any]]:
        """Every row of the list with its filters, fetched to the end (not only those loaded),
        as the export writes them. A cursor the server repeats ends the walk with an error."""
        async for item in self.resource.kind.walk(self.client, self.params, EXPORT_PAGE_SIZE):
            yield self.resource.exported(item)

    # ----- live -------------------------------------------------------------------------

    def shown_now(self) -> bool:
        """On the current screen, in the tab shown, and the app online."""
        if not self.is_attached or not self.screen.is_current or not self.client.health.online:
            return False
        return all(node.display for node in self.ancestors_with_self if isinstance(node, Widget))

    def pause(self) -> None:
        """The screen is hidden: no polling until `resume`."""
        self.paused = True
        self.workers.cancel_group(self, "live")
        if self.poll_interval is not None:
            self.paint_header()

    def resume(self) -> None:
        if not self.paused:
            return
        self.paused = False
        self.paint_header()  # "live" at once, not at the next poll that changes the interval
        if self.resource.live is not None:
            # At once if a poll is due (hidden a while), else on the usual beat: a dialog
            # closing is no reason to ask the server again.
            since = None if self.polled_at is None else host_of(self).clock.monotonic() - self.polled_at
            self._poll(at_once=self.resource.live.due(since, self.poll_interval))

    def poll_now(self) -> None:
        """Something was just written (a cancel): show what the server says now, not in 5 s."""
        if self.resource.live is not None and not self.paused:
            self._poll(at_once=True)

    @work(exclusive=True, group="live", exit_on_error=False)
    async def _poll(self, at_once: bool = False) -> None:
        live = self.resource.live
        assert live is not None
        clock = host_of(self).clock
        interval = self.poll_interval or live.fast
        first = True
        while True:
            if not (first and at_once):
                await clock.sleep(interval)
            first = False
            if not self.shown_now() or self.status not in ("ready", "empty") or self.loading_more:
                continue
            self.polled_at = clock.monotonic()
            try:
                changed = await self.follow_server()
            except RateLimited:
                outcome = Outcome.RATE_LIMITED
            except MaiaError:
                outcome = Outcome.FAILED
            else:
                live_rows = any(self.resource.is_live(item) for item in self.items[:200])
                outcome = Outcome.BUSY if changed or live_rows else Outcome.QUIET
            interval = live.after(interval, outcome)
            self.poll_interval = interval
            self.polls_done += 1  # tests and benchmarks wait on whole polls, never on time

    async def follow_server(self) -> bool:
        """One poll (see live_window): new rows on top, changed rows redrawn in place, rows the
        filters no longer match marked. Returns whether anything changed."""
        generation = self.generation
        slide = self.resource.live.slide if self.resource.live is not None else None
        if slide is not None:  # a window that ends now: it ends at this poll's now
            self.params = dict(slide(self.params, host_of(self).clock.now()))
            self.paint_header()
        page = (self.page_number, self.page_size) if self.paged else None
        poll = await self.live_rows.poll(self.client, self.params, self.items, page)
        if generation != self.generation or (self.paged and (page != self.key or self.loading_key is not None)):
            return False  # another query, or another page, since the poll began
        if poll.page is not None and replaced_page(self, poll.page):
            return True
        changed = self.merge(poll.window)
        changed = self.merge(poll.reread, add_new=False) or changed
        if not poll.unmatched <= self.table.dimmed:
            self.table.dimmed |= poll.unmatched
            for item in self.items:
                if self.resource.key(item) in poll.unmatched:
                    self.table.replace(item, self.context())
            self.paint_header()
            changed = True
        return changed

    def merge(self, fresh: Sequence[T], add_new: bool = True) -> bool:
        key = self.resource.key
        index = {key(item): position for position, item in enumerate(self.items)}
        ctx = self.context()
        changed = False
        new: list[T] = []
        for item in fresh:
            position = index.get(key(item))
            if position is None:
                if add_new:
                    new.append(item)
                continue
            if self.items[position] != item:
                self.items[position] = item
                self.table.replace(item, ctx)
                changed = True
        # Only rows newer than everything loaded go on top; a gap (a row that slipped in
        # further down) waits for a reload rather than shuffling rows under the cursor.
        if new and self.items:
            first_known = next((i for i, item in enumerate(fresh) if key(item) in index), len(fresh))
            new = [item for item in fresh[:first_known] if key(item) not in index]
        if new:
            self.put_on_top(new)
            changed = True
        if changed:
            self.post_message(self.Changed(self))
        return changed

    def put_on_top(self, new: Sequence[T]) -> None:
        """New rows above the others, the same row still selected and the same rows in view
        (unless the view was at the very top: then the new rows show there)."""
        table = self.table
        selected = table.selected
        scroll_y = table.scroll_y
        self.items[:0] = new
        self.new_on_top += len(new)
        visible = self.visible_items()
        added_above = len(visible) - table.row_count
        table.show(visible, self.context())
        self.keep_selection(selected)
        if scroll_y > 0 and added_above > 0:
            table.scroll_to(y=scroll_y + added_above, animate=False, immediate=True)
        if self.status == "empty":
            self.status = "ready"
        self.paint_header()

    def tick(self) -> None:
        """Redraw the ticking cells (a running duration) of live rows in view, every second."""
        if not self.items or not self.screen.is_current or self.status != "ready":
            return
        ticking = [c for c in self.resource.columns if c.ticks]
        aging = [c for c in self.resource.columns if c.ages]
        table = self.table
        first = max(0, int(table.scroll_y))
        ctx = self.context()
        for item in table.shown[first : first + table.size.height + 1]:
            columns = aging + ticking if self.resource.is_live(item) else aging
            if columns:  # a cell that reads the same is not drawn again (ResourceTable.replace)
                table.replace(item, ctx, columns)
        if self.resource.paging is Paging.CURSOR and table.scroll_y + table.size.height >= table.row_count - 2:
            self.load_more()  # scrolled (e.g. by the mouse) to the end of what is loaded

    def names_arrived(self) -> None:
        """Project names resolved (or times now show in another zone): redraw the rows."""
        if self.status == "ready":
            ctx = self.context()
            for item in list(self.table.shown):
                self.table.replace(item, ctx)
