"""Half of all requests answer 429 with Retry-After: 1 while paging fast: every page asked for
arrives, in order; a capped total wait ends in a clear message."""

from __future__ import annotations

import asyncio

import pytest

from maia_tui.api.errors import RateLimited


async def test_every_page_arrives_in_order_through_a_429_storm(make_client, emulator, retry_sleep):
    client = make_client()
    await client.login()
    emulator.faults.rate_limit_share = 0.5
    emulator.faults.retry_after = 1
    pages = [await client.list_projects(page=n, size=10) for n in range(14)]
    assert [p.page for p in pages] == list(range(14))
    names = [project.id for page in pages for project in page.results]
    assert len(names) == 140 == len(set(names))
    assert len(retry_sleep.waits) >= 10 and set(retry_sleep.waits) == {1.0}


async def test_concurrent_paging_through_a_storm_keeps_each_answer_with_its_page(make_client, emulator):
    client = make_client()
    await client.login()
    emulator.faults.rate_limit_share = 0.5
    pages = await asyncio.gather(*(client.list_projects(page=n, size=10) for n in range(14)))
    assert [p.page for p in pages] == list(range(14))


async def test_a_storm_that_never_ends_gives_up_with_a_clear_message(make_client, emulator, retry_sleep):
    client = make_client(max_rate_limit_wait=10)
    await client.login()
    emulator.faults.rate_limit_share = 1.0
    with pytest.raises(RateLimited) as caught:
        await client.list_projects()
    assert sum(retry_sleep.waits) <= 10
    assert "kept rate-limiting" in str(caught.value) and "wait a moment" in str(caught.value)
