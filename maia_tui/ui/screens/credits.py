"""Section 5: credits over the last 30 days: the totals by type, and under them a bar per day
stacked by consumption type (the generic list over CREDITS; the chart is drawn from its rows,
so one request feeds both), in one scroll container."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from maia_tui.api.client import MaiaClient
from maia_tui.ui.resources.credits import CREDITS, DAYS, REFRESH_NOTE, TypeTotal, daily_of, window, window_days
from maia_tui.ui.screens.base import SessionScreen
from maia_tui.ui.views.resource_list import ResourceList
from maia_tui.ui.widgets.credits_chart import CreditsChart


class CreditsScreen(SessionScreen):
    HELP_TITLE = "Credits"
    SECTION = "credits"
    AUTO_FOCUS = "#credits"  # the totals take the keys
    # One scroll container: the totals (every row shown, no scrolling of their own) and the chart
    # under them; PgUp/PgDn/Home/End on the totals scroll it (ResourceTable.outer_scroll).
    DEFAULT_CSS = """
    CreditsScreen {
        #credits-body { height: 1fr; }
        #credits-list { height: auto; }
        #credits-list > ResourceTable { height: auto; overflow-y: hidden; }
        #credits-chart { margin-top: 1; }
        #credits-note { height: 1; padding: 0 1; color: $text-muted; }
    }
    """

    def __init__(self, client: MaiaClient) -> None:
        super().__init__()
        self.client = client
        self.listing: ResourceList[TypeTotal] | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        query = window(self.maia.clock.now())
        yield Static(self._title(query, None), id="credits-title", classes="screen-header")
        self.listing = ResourceList(CREDITS, self.client, query=query, id="credits-list")
        with VerticalScroll(id="credits-body", can_focus=False):
            yield self.listing
            yield CreditsChart(id="credits-chart")
        yield Static(REFRESH_NOTE, id="credits-note", markup=False)

    @staticmethod
    def _title(query: dict[str, object] | object, total: float | None) -> Text:
        assert isinstance(query, dict)
        days = window_days(query)
        title = Text(f"Credits per day, last {DAYS} days", style="bold")
        title.append(f" ({days[0]:%d %b} – {days[-1]:%d %b %Y}, UTC)", style="dim")
        if total is not None:
            title.append(f" · {total:,.2f} credits", style="bold")
        return title

    @on(ResourceList.Changed)
    def _rows_changed(self, event: ResourceList.Changed) -> None:
        listing = event.resource_list
        if listing is not self.listing:
            return
        totals: list[TypeTotal] = list(listing.items)
        days = window_days(listing.params)
        self.query_one(CreditsChart).show(days, daily_of(totals))
        total = sum(t.credits for t in totals)
        self.query_one("#credits-title", Static).update(self._title(dict(listing.params), total))
