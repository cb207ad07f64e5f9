"""PageLoader: one request per page however many want it, a bounded cache, cancellation."""

from __future__ import annotations

import asyncio

import pytest

from maia_tui.api.models import Page
from maia_tui.ui.paging import PageLoader


class Server:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int]] = []
        self.gates: dict[int, asyncio.Event] = {}

    async def fetch(self, page: int, size: int) -> Page[int]:
        self.calls.append((page, size))
        if page in self.gates:
            await self.gates[page].wait()
        if page < 0:
            raise ValueError("no such page")
        return Page(page=page, size=size, total=1000, results=tuple(range(page * size, page * size + size)))


async def test_concurrent_callers_share_one_request():
    server = Server()
    server.gates[3] = asyncio.Event()
    loader = PageLoader(server.fetch)
    loader.prefetch((3, 10))
    waiting = [asyncio.ensure_future(loader.get((3, 10))) for _ in range(3)]
    await asyncio.sleep(0)
    server.gates[3].set()
    pages = await asyncio.gather(*waiting)
    assert server.calls == [(3, 10)] and all(p is pages[0] for p in pages)
    assert loader.peek((3, 10)) is pages[0]


async def test_the_cache_is_bounded_and_keyed_by_page_and_size():
    server = Server()
    loader = PageLoader(server.fetch, keep=4)
    for number in range(10):
        await loader.get((number, 10))
    assert [loader.peek((n, 10)) is not None for n in range(10)] == [False] * 6 + [True] * 4
    await loader.get((9, 25))
    assert loader.peek((9, 25)).size == 25 and loader.peek((9, 10)).size == 10


async def test_cancelling_a_caller_keeps_the_shared_request_but_keep_only_cancels_it():
    server = Server()
    server.gates[1] = asyncio.Event()
    loader = PageLoader(server.fetch)
    caller = asyncio.ensure_future(loader.get((1, 10)))
    await asyncio.sleep(0)
    caller.cancel()
    await asyncio.sleep(0)
    assert loader.is_loading((1, 10))  # a prefetch may still want it
    loader.keep_only({(2, 10)})
    assert not loader.is_loading((1, 10))
    server.gates[1].set()
    await asyncio.sleep(0.01)
    assert loader.peek((1, 10)) is None


async def test_a_failed_fetch_is_not_cached_and_is_tried_again():
    server = Server()
    loader = PageLoader(server.fetch)
    with pytest.raises(ValueError):
        await loader.get((-1, 10))
    loader.prefetch((-1, 10))  # negative pages are never prefetched
    with pytest.raises(ValueError):
        await loader.get((-1, 10))
    assert server.calls == [(-1, 10), (-1, 10)]
