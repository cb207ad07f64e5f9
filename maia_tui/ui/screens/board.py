"""Section 6: the credential board. Every saved profile side by side, checked at once when the
section opens and on `r`; `enter` switches to the profile in place (ui/switching.py).

The generic resource list shows the rows (so `/`, `o`, `v` and `e` work as everywhere); a round
of checks starts with each reload, and each check redraws its row as it ends."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from maia_tui.api.client import MaiaClient
from maia_tui.services.profile_checks import ProfileLogin
from maia_tui.ui.board import BoardRow, BoardSource, RowState
from maia_tui.ui.feedback import flash
from maia_tui.ui.resources.base import Query
from maia_tui.ui.resources.credentials import CREDENTIALS, LEGEND
from maia_tui.ui.screens.base import SessionScreen
from maia_tui.ui.switching import switch_profile
from maia_tui.ui.views.resource_list import ResourceList


def describe(query: Query) -> Text:
    return Text(f" · {LEGEND}", style="dim")


class BoardList(ResourceList[BoardRow]):
    """The resource list, where each reload (opening, `r`, the network back) is a new round
    of checks rather than a new page."""

    def __init__(self, source: BoardSource, client: MaiaClient) -> None:
        super().__init__(CREDENTIALS, client, query={"source": source}, describe=describe)
        self.source = source

    def reload(self, forget: bool = True) -> None:
        self.source.new_round()
        super().reload(forget)


class BoardScreen(SessionScreen):
    HELP_TITLE = "Credentials"
    SECTION = "credentials"
    BINDINGS = [
        # Before the table's own enter ("Open"): here it switches, and the key bar says so.
        Binding(
            "enter",
            "switch",
            "Switch",
            priority=True,
            tooltip="Switch to the selected profile in place: sign in with it, then end this session",
            id="board.switch",
        ),
    ]

    def __init__(self, client: MaiaClient) -> None:
        super().__init__()
        self.client = client
        self.source: BoardSource | None = None
        self.listing: BoardList | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        self.source = BoardSource(self.maia)
        self.listing = BoardList(self.source, self.client)
        yield self.listing

    @on(ResourceList.Changed)
    def _rows_shown(self, event: ResourceList.Changed) -> None:
        """A round's rows are on screen: check them (a new round cancels an older one)."""
        self.refresh_bindings()  # enter switches once there is a row
        logins = self.source.take_round() if self.source is not None else []
        if logins:
            self.check_all(logins)

    @work(exclusive=True, group="board-checks", exit_on_error=False)
    async def check_all(self, logins: list[ProfileLogin]) -> None:
        """Every profile at once, each through its own client; a row is redrawn as its check ends."""
        source, listing = self.source, self.listing
        assert source is not None and listing is not None

        async def one(login: ProfileLogin) -> None:
            listing.merge([await source.check(login)], add_new=False)

        await asyncio.gather(*(one(login) for login in logins))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch":  # not while typing a filter, nor with no row to switch to
            listing = self.listing
            return not isinstance(self.focused, Input) and listing is not None and listing.table.selected is not None
        return True

    def action_switch(self) -> None:
        if self.listing is not None and self.listing.table.selected is not None:
            self.switch_to(self.listing.table.selected)

    @on(ResourceList.Opened)
    def _opened(self, event: ResourceList.Opened) -> None:
        """A row opened another way (a double click): switch, as `enter` does."""
        event.stop()
        event.prevent_default()  # not "nothing more to open" (SessionScreen)
        assert isinstance(event.item, BoardRow)
        self.switch_to(event.item)

    def switch_to(self, row: BoardRow) -> None:
        """Sign in as this profile in place of the session."""
        if row.state is RowState.SIGNED_IN:
            flash(self, f"Already signed in here with profile {row.name!r}.")
            return
        switch_profile(self, row.name)
