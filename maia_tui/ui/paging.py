"""Pages fetched once and kept a little while: a bounded cache keyed by (page, size), one
shared request per page however many callers want it, and prefetching of neighbours.

No Textual here: the projects screen decides what to show, this only fetches and remembers.
The cache is bounded so walking a thousand pages does not grow memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from typing import Generic, TypeVar

from maia_tui.api.models import Page

log = logging.getLogger("maia_tui.ui.paging")

T = TypeVar("T")
Key = tuple[int, int]  # (page number from 0, page size)


class PageLoader(Generic[T]):
    def __init__(self, fetch: Callable[[int, int], Awaitable[Page[T]]], keep: int = 12) -> None:
        self._fetch = fetch
        self._keep = keep
        self._cache: OrderedDict[Key, Page[T]] = OrderedDict()
        self._inflight: dict[Key, asyncio.Task[Page[T]]] = {}

    def peek(self, key: Key) -> Page[T] | None:
        page = self._cache.get(key)
        if page is not None:
            self._cache.move_to_end(key)
        return page

    def is_loading(self, key: Key) -> bool:
        return key in self._inflight

    async def get(self, key: Key) -> Page[T]:
        """The page, from the cache or the network. Cancelling the caller does not cancel the
        shared request: a prefetch or another caller may still want it (see `keep_only`)."""
        cached = self.peek(key)
        if cached is not None:
            return cached
        return await asyncio.shield(self._start(key))

    def prefetch(self, key: Key) -> None:
        if key[0] >= 0 and key not in self._cache and key not in self._inflight:
            self._start(key)

    def keep_only(self, keys: Iterable[Key]) -> None:
        """Cancel requests for pages nobody is about to look at any more."""
        wanted = set(keys)
        for key, task in list(self._inflight.items()):
            if key not in wanted:
                task.cancel()
                del self._inflight[key]

    def forget(self, key: Key | None = None) -> None:
        """Drop one cached page (or all), so the next `get` asks the server again."""
        if key is None:
            self._cache.clear()
        else:
            self._cache.pop(key, None)

    def close(self) -> None:
        self.keep_only(())
        self._cache.clear()

    def _start(self, key: Key) -> asyncio.Task[Page[T]]:
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(self._load(key))
            self._inflight[key] = task
            task.add_done_callback(_consume_error)
        return task

    async def _load(self, key: Key) -> Page[T]:
        try:
            page = await self._fetch(*key)
        finally:
            if self._inflight.get(key) is asyncio.current_task():
                del self._inflight[key]
        self._cache[key] = page
        self._cache.move_to_end(key)
        while len(self._cache) > self._keep:
            self._cache.popitem(last=False)
        return page


def _consume_error(task: asyncio.Task[object]) -> None:
    """A failed prefetch nobody awaited must not log 'exception was never retrieved'."""
    with contextlib.suppress(asyncio.CancelledError):
        if task.exception() is not None:
            log.debug("page fetch failed: %s", task.exception())
