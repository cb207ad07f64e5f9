"""The audit log's type and actor filters, which the API does not have: each page of the list
reads the server's pages on from where the last one stopped, keeping the events that match,
until the page is full or MAX_PAGES pages were read; the header says how far it read
("filtered: 2 of 500 events in 5 pages read").

List page p starts where page p-1 stopped (a server page and a place in it), so pages are found
in order; a jump ahead reads the pages before it first. The answer is a `FilteredPage`, whose
page count is "this one, and one more while the server has more"."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from maia_tui.api.models import AuditEvent, Page
from maia_tui.ui.words import counted

MAX_PAGES = 5  # server pages read for one page of the list at most
SCAN_SIZE = 100  # the API's largest page: the fewest requests

Position = tuple[int, int]  # (server page, index of the first event not yet looked at)
ReadPage = Callable[[int, int], Awaitable[Page[AuditEvent]]]  # (server page, size)


@dataclass(frozen=True)
class FilteredPage(Page[AuditEvent]):
    more: bool = False  # the server has events past this page

    @property
    def page_count(self) -> int:
        return self.page + (2 if self.more else 1)


@dataclass
class EventScan:
    """Where each page of a filtered list starts, per page size; one per query."""

    starts: dict[int, list[Position]] = field(default_factory=dict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def page(self, number: int, size: int, read: ReadPage, keep: Callable[[AuditEvent], bool]) -> FilteredPage:
        async with self.lock:  # the list prefetches neighbours: pages are found in order
            starts = self.starts.setdefault(size, [(0, 0)])
            while len(starts) <= number:
                found = await self._read(len(starts) - 1, starts[-1], size, read, keep)
                if not found.more:
                    return found  # asked past the end: the last page there is
            return await self._read(number, starts[number], size, read, keep)

    async def _read(
        self, number: int, start: Position, size: int, read: ReadPage, keep: Callable[[AuditEvent], bool]
    ) -> FilteredPage:
        kept: list[AuditEvent] = []
        looked = pages = total = 0
        server_page, index = start
        more = True
        problems: list[str] = []
        skipped = 0
        while pages < MAX_PAGES and len(kept) < size:
            answer = await read(server_page, SCAN_SIZE)
            pages += 1
            total, skipped = answer.total, skipped + answer.skipped
            problems.extend(answer.problems)
            events = answer.results
            while index < len(events) and len(kept) < size:
                looked += 1
                if keep(events[index]):
                    kept.append(events[index])
                index += 1
            if index >= len(events):  # this server page is done
                more = not answer.is_last
                server_page, index = server_page + 1, 0
                if not more:
                    break
        starts = self.starts[size]
        if more and len(starts) == number + 1:
            starts.append((server_page, index))
        note = f"filtered: {len(kept)} of {counted(looked, 'event')} in {counted(pages, 'page')} read"
        return FilteredPage(
            page=number,
            size=size,
            total=total,
            results=tuple(kept),
            problems=tuple(problems),
            skipped=skipped,
            note=note,
            more=more,
        )
