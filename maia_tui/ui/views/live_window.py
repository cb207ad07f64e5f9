"""One live poll of a list: what the server says now about every row loaded, for a handful of
requests, whatever the number of rows.

A cursor list (runs) is newest first and its order never changes (a run's start does not move),
so one poll is:
1. the loaded window read again from the top, `WINDOW_LIMIT` rows a request, only as deep as
   the deepest live row loaded (rows further down have ended: they no longer change), and at
   most `MAX_WINDOW_PAGES` requests deep;
2. the live rows that window no longer lists (they left a server-side filter, e.g. a RUNNING
   run now CANCELLING under "running only", or lie deeper than it reads) read one by one through the resource's cheapest
   read (runs: the status-only endpoint, §7), at most `MAX_LOOKUPS` a poll, taking turns.
Loaded rows the window skipped over (it lists rows below them) no longer match the list's
filters: the list keeps them in place, marked, until the next reload.

A page/size list reads its page shown again; a whole list (no paging) reads all of it; the
live rows missing from that answer are read one by one the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from rich.text import Text

from maia_tui.api.models import CursorPage, Page
from maia_tui.resources.base import Paging, Query
from maia_tui.ui import palette

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient
    from maia_tui.ui.resources.base import Resource
    from maia_tui.ui.views.resource_list import ResourceList

T = TypeVar("T")

WINDOW_LIMIT = 100  # the API's largest cursor page (§4): the fewest requests for the window
MAX_WINDOW_PAGES = 3  # the window read at most this deep a poll; live rows further down are looked up
MAX_LOOKUPS = 20  # live rows outside the window read one by one, per poll (taking turns beyond)


@dataclass
class Poll(Generic[T]):
    """What one poll learnt."""

    window: list[T] = field(default_factory=list)  # newest first, as the server lists them now
    page: Page[T] | None = None  # page/size: the page shown, read again
    reread: list[T] = field(default_factory=list)  # live rows outside the window, read one by one
    unmatched: set[str] = field(default_factory=set)  # keys of loaded rows the filters no longer match
    pages: int = 0  # list requests made (each lookup is one more)


class LiveRows(Generic[T]):
    """Reads one poll's worth for a list; remembers whose turn it is among many lookups."""

    def __init__(self, resource: Resource[T]) -> None:
        self.resource = resource
        self.turn = 0

    async def poll(
        self, client: MaiaClient, query: Query, items: Sequence[T], page: tuple[int, int] | None = None
    ) -> Poll[T]:
        """`items`: every row loaded, in the server's order; `page`: (number, size) of the page
        shown by a page/size list."""
        resource = self.resource
        result: Poll[T] = Poll()
        if resource.paging is Paging.CURSOR:
            await self.read_window(client, query, items, result)
        elif resource.paging is Paging.PAGE:
            assert resource.fetch_page is not None and page is not None
            result.page = await resource.fetch_page(client, query, *page)
            result.window = list(result.page.results)
            result.pages = 1
        else:
            assert resource.fetch_all is not None
            result.window = list(await resource.fetch_all(client, query))
            result.pages = 1
        await self.read_the_rest(client, items, result)
        return result

    async def read_window(self, client: MaiaClient, query: Query, items: Sequence[T], result: Poll[T]) -> None:
        resource = self.resource
        fetch = resource.fetch_cursor
        assert fetch is not None
        key = resource.key
        position = {key(item): index for index, item in enumerate(items)}
        deepest_live = max((i for i, item in enumerate(items) if resource.is_live(item)), default=-1)
        deepest_seen = -1
        most_pages = min(MAX_WINDOW_PAGES, len(items) // WINDOW_LIMIT + 2)  # the window, plus new rows on top
        token: str | None = None
        reached_end = False
        while result.pages < most_pages:
            got: CursorPage[T] = await fetch(client, query, token, WINDOW_LIMIT)
            result.pages += 1
            result.window.extend(got.results)
            deepest_seen = max([deepest_seen, *(position.get(key(item), -1) for item in got.results)])
            if got.more is None or got.more == token:
                reached_end = got.more is None
                break
            if deepest_seen >= deepest_live:
                break  # every live row loaded lies within what was read
            token = got.more
        judged = len(items) if reached_end else deepest_seen
        listed = {key(item) for item in result.window}
        result.unmatched = {key(item) for item in items[:judged] if key(item) not in listed}

    async def read_the_rest(self, client: MaiaClient, items: Sequence[T], result: Poll[T]) -> None:
        resource = self.resource
        fetch_one = resource.fetch_one
        if fetch_one is None:
            return
        key = resource.key
        listed = {key(item) for item in result.window}
        missing = [item for item in items if resource.is_live(item) and key(item) not in listed]
        if len(missing) > MAX_LOOKUPS:  # taking turns: each is read every few polls
            start = self.turn % len(missing)
            self.turn += MAX_LOOKUPS
            missing = (missing[start:] + missing[:start])[:MAX_LOOKUPS]
        for item in missing:
            result.reread.append(await fetch_one(client, item))


def live_state(interval: float, paused: bool, online: bool) -> Text:
    """The header's word for how the list follows the server: "live · 5 s" (how often it
    asks now), or "paused" while hidden or offline."""
    if not online:
        return Text(" · paused (offline)", style="dim")
    if paused:
        return Text(" · paused", style="dim")
    every = f"{interval:.0f} s" if interval < 60 else f"{interval / 60:.0f} min"
    return Text(f" · live · {every}", style=palette.style("good"))


def unmatched_note(count: int, reload_key: str) -> Text:
    return Text(
        f" · {count} no longer {'matches' if count == 1 else 'match'} (dim; {reload_key} drops)", style="italic"
    )


def replaced_page(listing: ResourceList[T], page: Page[T]) -> bool:
    """A page/size list whose page now holds other rows (some added, some removed, as projects
    are): the page is shown anew, the same row still selected if it is there. False when the
    same rows are there (they are updated in place instead)."""
    key = listing.resource.key
    if [key(item) for item in page.results] == [key(item) for item in listing.items] and (
        listing.current is not None and page.total == listing.current.total
    ):
        return False
    selected = listing.table.selected
    listing.current = page
    listing.items = list(page.results)
    listing.table.show(listing.visible_items(), listing.context())
    listing.keep_selection(selected)
    listing.status = "ready" if page.results or page.total else "empty"
    listing.paint_header()
    listing.post_message(listing.Changed(listing))
    return True
