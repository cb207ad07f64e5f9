"""One retry policy: Retry-After in seconds and as an HTTP date, 0 honoured, the waits capped,
and the read timeout (30 s) the whole of a request rather than 30 s per try."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest

from maia_tui.api.clock import FakeClock
from maia_tui.api.errors import RateLimited, RequestTimeout
from maia_tui.api.retry import parse_retry_after
from tests.support import eventually

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)  # FakeClock's default start


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("7", 7.0),
        ("0", 0.0),
        (" 120 ", 120.0),
        ("Thu, 15 Jan 2026 09:30:12 GMT", 12.0),  # an HTTP date, 12 s after NOW
        ("Thursday, 15-Jan-26 09:31:00 GMT", 60.0),  # the obsolete RFC 850 form
        ("Thu, 15 Jan 2026 09:29:00 GMT", 0.0),  # already past: at once
    ],
)
def test_retry_after_in_seconds_and_as_an_http_date(header, seconds):
    assert parse_retry_after(header, NOW) == seconds


@pytest.mark.parametrize("header", [None, "", "soon", "-5", "nan", "inf"])
def test_an_unusable_retry_after_is_none(header):
    assert parse_retry_after(header, NOW) is None


@pytest.mark.parametrize(
    ("header", "expected_wait"),
    [("7", 7.0), ("0", 0.0), ("Thu, 15 Jan 2026 09:30:12 GMT", 12.0)],
)
async def test_a_429_waits_what_retry_after_says_not_the_fallback(
    make_client, emulator, retry_sleep, header, expected_wait
):
    client = make_client()
    await client.login()
    await client.list_projects(page=0, size=5)  # with no share set, the emulator's dice start over
    emulator.faults.rate_limit_share = 0.5  # every second request from here: the second one below
    emulator.faults.retry_after = header  # the emulator sends it as given
    await client.list_projects(page=0, size=5)
    before = emulator.stats.requests_by_path["/dpc/v1/projects"]
    page = await client.list_projects(page=1, size=5)
    assert page.page == 1 and len(page.results) == 5
    assert retry_sleep.waits == [expected_wait]
    assert emulator.stats.requests_by_path["/dpc/v1/projects"] - before == 2  # the 429, then the answer


async def test_rate_limit_waits_stop_at_their_cap_and_report_the_servers_wait(make_client, emulator, retry_sleep):
    client = make_client(max_rate_limit_wait=20)
    await client.login()
    emulator.faults.rate_limit_share = 1.0
    emulator.faults.retry_after = "7"
    with pytest.raises(RateLimited) as caught:
        await client.list_projects()
    assert retry_sleep.waits == [7.0, 7.0]  # a third wait would make 21 s > 20 s
    assert caught.value.retry_after == 7.0


async def test_a_storm_of_retry_after_0_still_ends(make_client, emulator, retry_sleep):
    client = make_client(requests_per_minute=60_000)  # the default budget would pace the 101 tries
    await client.login()
    emulator.faults.rate_limit_share = 1.0
    emulator.faults.retry_after = "0"
    with pytest.raises(RateLimited):
        await client.list_projects()
    assert retry_sleep.waits == [0.0] * 100


async def test_the_read_timeout_is_the_whole_request_not_each_try(make_client, emulator, clock: FakeClock):
    client = make_client(timeout=httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0))
    await client.login()
    before = emulator.stats.requests_by_path["/dpc/v1/projects"]
    emulator.faults.latency_ms = 60_000  # the server takes a minute: the client gives up first
    await eventually(lambda: clock.sleepers == 1, what="the token refresh loop asleep")
    fetch = asyncio.ensure_future(client.list_projects())
    await eventually(lambda: emulator.stats.requests_by_path["/dpc/v1/projects"] == before + 1, what="the request")
    await eventually(lambda: clock.sleepers == 2, what="the request's time limit on the clock")
    clock.advance(29.9)
    await asyncio.sleep(0.05)
    assert not fetch.done()
    clock.advance(0.2)
    with pytest.raises(RequestTimeout) as caught:
        await fetch
    assert caught.value.message == "127.0.0.1 did not answer within 30 s (the whole request, retries included)"
    assert caught.value.host == "127.0.0.1"
    # Given up after 30 s in all: not sent again (old behaviour: three tries of 30 s each).
    assert emulator.stats.requests_by_path["/dpc/v1/projects"] == before + 1
    assert not client.health.online
