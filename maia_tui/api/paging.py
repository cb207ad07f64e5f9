"""Walking a list to its end, in either of the API's two paging styles (§4 of the API notes).

Shared by the client's iterators, `maia-tui export` and the app's export, so every walk stops
the same way: page/size on the last page by count or on an empty page (never on `total` alone:
documentation examples show size 0, total 0); cursor when `more` is absent, with an error rather
than a loop when the server repeats a token.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

from .errors import InvalidResponse
from .models import CursorPage, Page

T = TypeVar("T")


async def every_page(fetch: Callable[[int], Awaitable[Page[T]]]) -> AsyncIterator[T]:
    """Every item of a page/size list; `fetch(n)` returns page n (0-based)."""
    async for page in pages(fetch):
        for item in page.results:
            yield item


async def pages(fetch: Callable[[int], Awaitable[Page[T]]]) -> AsyncIterator[Page[T]]:
    """Each page of a page/size list in turn, to the last; for walks that act per page (a
    bound on how many, a notice after the first)."""
    number = 0
    while True:
        page = await fetch(number)
        yield page
        if page.is_last:
            return
        number += 1


async def every_cursor_page(fetch: Callable[[str | None], Awaitable[CursorPage[T]]]) -> AsyncIterator[T]:
    """Every item of a cursor list; `fetch(token)` returns the page after `token` (None: the first)."""
    seen: set[str] = set()
    token: str | None = None
    while True:
        page = await fetch(token)
        for item in page.results:
            yield item
        if page.more is None:
            return
        if page.more in seen:
            raise InvalidResponse("The server repeated a pagination token; stopped to avoid looping forever")
        seen.add(page.more)
        token = page.more
