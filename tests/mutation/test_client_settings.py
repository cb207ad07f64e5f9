"""MaiaClient's settings and their defaults (api/client.py `__init__`), for the mutants a mutation
run found surviving: the 60 s cap on waiting out 429s, the number of retries, the read timeout as
the whole request whatever form it is given in, and the client id it names itself by. Against
the emulator over loopback; waits are recorded, not slept."""

from __future__ import annotations

import asyncio
import math

import httpx
import pytest

import maia_tui
from maia_tui.api.errors import InvalidResponse, NetworkError, RateLimited
from tests.mutation.transports import Recording
from tests.support import eventually


@pytest.mark.parametrize(("retry_after", "waits"), [("30", [30.0, 30.0]), ("61", [])])
async def test_429s_are_waited_out_up_to_60_s_in_all_by_default(make_client, emulator, retry_sleep, retry_after, waits):
    client = make_client()
    await client.login()
    emulator.faults.rate_limit_share = 1.0
    emulator.faults.retry_after = retry_after
    with pytest.raises(RateLimited):
        await client.list_agents()
    assert retry_sleep.waits == waits


async def test_retries_can_be_switched_off(make_client, emulator, retry_sleep):
    client = make_client(retries=0)
    await client.login()
    before = emulator.stats.requests_by_path["/dpc/v1/agents"]
    emulator.faults.drop_share = 1.0
    with pytest.raises(NetworkError):
        await client.list_agents()
    assert retry_sleep.waits == []
    assert emulator.stats.requests_by_path["/dpc/v1/agents"] == before + 1


@pytest.mark.parametrize(
    ("timeout", "whole_request"),
    [
        (12.5, 12.5),
        (httpx.Timeout(connect=2.0, read=45.0, write=45.0, pool=2.0), 45.0),
        (httpx.Timeout(None), math.inf),
    ],
    ids=["a number", "an httpx.Timeout", "no read limit"],
)
def test_the_read_timeout_bounds_the_whole_request_in_any_form(make_client, timeout, whole_request):
    assert make_client(timeout=timeout).retry_policy.time_limit == whole_request


def test_a_client_names_itself_by_its_client_id(make_client, endpoints):
    client = make_client()
    assert client.client_id == "demo-client"
    assert repr(client) == f"MaiaClient({endpoints.label}, client_id='demo-client')"


async def test_every_request_says_who_sends_it_what_it_accepts_and_its_timeouts(make_client):
    transport = Recording()
    client = make_client(transport=transport, timeout=httpx.Timeout(connect=2.0, read=45.0, write=45.0, pool=3.0))
    await client.login()
    await client.list_agents()
    (request,) = [r for r in transport.requests if r.url.path.endswith("/v1/agents")]
    assert request.headers["user-agent"] == f"maia-tui/{maia_tui.__version__}"
    assert request.headers["accept"] == "application/json"
    assert request.extensions["timeout"] == {"connect": 2.0, "read": 45.0, "write": 45.0, "pool": 3.0}


async def test_at_most_20_requests_are_in_flight_at_once(make_client, emulator):
    client = make_client()
    await client.login()
    emulator.faults.latency_ms = 30_000  # every request waits at the server until cancelled
    calls = [asyncio.ensure_future(client.list_agents()) for _ in range(30)]
    try:
        await eventually(lambda: emulator.stats.open_requests >= 20, what="20 requests at the server")
        await asyncio.sleep(0.3)  # the other ten wait for a connection of the client's pool
        assert emulator.stats.open_requests == 20
    finally:
        for call in calls:
            call.cancel()
        await asyncio.gather(*calls, return_exceptions=True)


class Redirecting(Recording):
    """Answers the projects list with a redirect to the agents list, as a captive portal or a
    misconfigured proxy might; everything else goes to the emulator."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith("/v1/projects"):
            return await super().handle_async_request(request)
        self.requests.append(request)
        elsewhere = str(request.url.copy_with(path=request.url.path.replace("/projects", "/agents"), query=None))
        return httpx.Response(302, headers={"location": elsewhere})


async def test_a_redirect_is_never_followed(make_client):
    transport = Redirecting()
    client = make_client(transport=transport)
    await client.login()
    with pytest.raises(InvalidResponse) as caught:  # said as it is; the hint names a portal or proxy
        await client.list_projects()
    assert caught.value.message.endswith(" answered HTTP 302 with an empty body")
    assert not [r for r in transport.requests if r.url.path.endswith("/v1/agents")]
