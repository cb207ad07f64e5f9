"""Token exchange, refresh ahead of expiry, single-flight refresh, 401 retry, backoff."""

from __future__ import annotations

import asyncio
import gc

import httpx
import pytest

from maia_tui.api.auth import BearerAuth, TokenState
from maia_tui.api.errors import CredentialsRefused
from maia_tui.emulator import Emulator, EmulatorConfig
from tests.support import HANG_GUARD, HeldRequests, eventually, settle


async def test_exchange_gives_a_bearer_token_with_the_servers_lifetime(make_client, emulator, clock):
    client = make_client()
    token = await client.login()
    assert token.expires_in == 1800
    assert token.scope == "pipeline-execution"
    assert token.remaining(clock.monotonic()) == pytest.approx(1800)
    assert token.access_token.reveal().count(".") == 2  # a JWT
    status = client.tokens.status()
    assert status.state is TokenState.VALID
    assert status.last_refresh == clock.now()


async def test_status_goes_expiring_under_two_minutes_then_refreshes_ahead(make_client, emulator, clock):
    client = make_client()
    token = await client.login()
    before = emulator.stats.token_requests
    clock.advance(1800 - 119)  # 119 s left: expiring, but not yet at the refresh point (60 s)
    await settle()
    assert client.tokens.status().state is TokenState.EXPIRING
    assert emulator.stats.token_requests == before

    clock.advance(60)  # 59 s left: past min(60 s, 10% of 1800 s)
    await eventually(lambda: client.tokens.token is not token, what="the background refresh")
    assert emulator.stats.token_requests == before + 1
    status = client.tokens.status()
    assert status.state is TokenState.VALID
    assert status.remaining == pytest.approx(1800)
    assert status.refreshes == 2


async def test_requests_keep_using_the_valid_token_while_the_refresh_runs(make_client, emulator, clock):
    held = HeldRequests()
    client = make_client(transport=held)
    token = await client.login()
    held.hold(lambda request: request.url.path.endswith("/token"))  # the refresh is in flight until let go
    clock.advance(1800 - 60 + 1)  # 1 s past the refresh point: 60 s before a 1800 s token dies
    await eventually(lambda: held.held == 1, what="the background refresh in flight")
    page = await asyncio.wait_for(client.list_projects(), HANG_GUARD)  # times out if it waits for the refresh
    assert page.total == 140
    assert client.tokens.token is token
    held.release()
    await eventually(lambda: client.tokens.token is not token, what="the background refresh")


async def test_fifty_concurrent_requests_at_the_refresh_point_cause_one_token_request(make_client, emulator, clock):
    client = make_client()
    token = await client.login()
    await client.tokens.stop()  # no background loop: the requests themselves must share one refresh
    clock.advance(token.expires_in + 5)  # expired: nobody may send it
    before = emulator.stats.token_requests
    pages = await asyncio.gather(*(client.list_projects(page=i % 6) for i in range(50)))
    assert emulator.stats.token_requests == before + 1
    assert all(p.total == 140 for p in pages)


async def test_fifty_concurrent_requests_with_the_background_loop_cause_one_token_request(make_client, emulator, clock):
    client = make_client()
    token = await client.login()
    before = emulator.stats.token_requests
    clock.advance(token.expires_in - 30)  # past the refresh point, still valid
    pages = await asyncio.gather(*(client.list_projects(page=i % 6) for i in range(50)))
    await eventually(lambda: client.tokens.token is not token, what="the refresh")
    assert emulator.stats.token_requests == before + 1
    assert len(pages) == 50


async def test_a_401_causes_one_new_token_and_one_retry(make_client, emulator):
    client = make_client()
    await client.login()
    emulator.revoke_all_tokens(reject_clients=False)  # every issued token now gets 401
    tokens_before = emulator.stats.token_requests
    api_before = emulator.stats.api_requests
    results = await asyncio.gather(*(client.list_projects() for _ in range(10)))
    assert all(r.total == 140 for r in results)
    assert emulator.stats.token_requests == tokens_before + 1
    assert emulator.stats.api_requests == api_before + 20  # each request once with the old token, once retried


async def test_revoked_credentials_end_in_refused_after_one_token_request(make_client, emulator):
    client = make_client()
    await client.login()
    emulator.revoke_all_tokens(reject_clients=True)
    before = emulator.stats.token_requests
    outcomes = await asyncio.gather(*(client.list_projects() for _ in range(10)), return_exceptions=True)
    assert all(isinstance(o, CredentialsRefused) for o in outcomes)
    assert "Invalid client or Invalid client credentials" in str(outcomes[0])
    assert emulator.stats.token_requests == before + 1
    assert client.tokens.status().state is TokenState.REFUSED


async def test_failed_refreshes_back_off_with_a_cap_and_recover(make_client, emulator, clock):
    client = make_client()
    await client.login()
    emulator.faults.token_endpoint_faults = True
    emulator.faults.server_error_share = 1.0
    clock.advance(1800 - 60 + 1)  # 1 s past the refresh point: 60 s before a 1800 s token dies
    delays = []
    for attempt in range(1, 8):
        await eventually(lambda: client.tokens.status().failures == attempt, what=f"failed refresh {attempt}")
        status = client.tokens.status()
        assert status.state is TokenState.FAILING
        assert "503" in str(status.last_error)
        delays.append(status.next_retry_in)
        clock.advance(status.next_retry_in + 0.01)
    # rng fixed at 0.5: 3/4 of min(cap 30, base * 2**n) -> 0.75, 1.5, 3, 6, 12, 22.5, 22.5
    assert delays[:4] == pytest.approx([0.75, 1.5, 3.0, 6.0], abs=0.05)
    assert max(delays) <= 30.0
    emulator.faults.server_error_share = 0.0
    clock.advance(31)
    await eventually(lambda: client.tokens.status().state is TokenState.VALID, what="recovery")


async def test_an_expired_token_is_never_sent_requests_wait_for_the_new_one(make_client, emulator, clock):
    client = make_client()
    token = await client.login()
    emulator.faults.token_endpoint_faults = True
    emulator.faults.server_error_share = 1.0
    clock.advance(token.expires_in + 1)  # expired, and the token endpoint is failing
    before_api = emulator.stats.api_requests
    fetch = asyncio.ensure_future(client.list_projects())
    # FAILING comes first, the retry's time a moment later (the background loop sets it): wait for both.
    await eventually(
        lambda: client.tokens.status().state is TokenState.FAILING and client.tokens.status().next_retry_in is not None,
        what="a failed refresh and its retry time",
    )
    assert not fetch.done()
    assert emulator.stats.api_requests == before_api  # nothing was sent with the expired token
    emulator.faults.server_error_share = 0.0
    clock.advance(client.tokens.status().next_retry_in + 0.01)
    page = await asyncio.wait_for(fetch, 2)
    assert page.total == 140


async def test_a_failed_forced_refresh_is_reported_and_retried_with_backoff(make_client, emulator, clock):
    client = make_client()
    await client.login()
    seen = []
    client.tokens.subscribe(lambda status: seen.append(status.state))
    emulator.faults.token_endpoint_faults = True
    emulator.faults.server_error_share = 1.0
    with pytest.raises(Exception, match="503"):
        await client.tokens.refresh()
    await eventually(lambda: client.tokens.status().next_retry_in is not None, what="backoff scheduled")
    assert seen[:2] == [TokenState.REFRESHING, TokenState.FAILING]  # listeners hear the start and the failure
    emulator.faults.server_error_share = 0.0
    clock.advance(client.tokens.status().next_retry_in + 0.01)
    await eventually(lambda: client.tokens.status().state is TokenState.VALID, what="the retry")
    assert seen[-1] is TokenState.VALID


# ----- the contract's timing, written out as numbers ------------------------------------------


class Recording(httpx.AsyncBaseTransport):
    """The real transport, noting the bearer of every API request; token requests wait at
    `token_gate` while it is set and closed (an identity server that is slow to answer), and
    get a 503 while `token_down` (the API itself still answers)."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.bearers: list[str] = []
        self.token_gate: asyncio.Event | None = None
        self.token_down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            if self.token_gate is not None:
                await self.token_gate.wait()
            if self.token_down:
                return httpx.Response(503, json={"title": "Service Unavailable"})
        else:
            self.bearers.append(request.headers.get("authorization", "").removeprefix("Bearer "))
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture
def recording() -> Recording:
    return Recording()


@pytest.fixture
def lifetime_emulator(clock):  # type: ignore[no-untyped-def]
    """Start an emulator whose tokens live `lifetime` seconds, judged on the test's FakeClock."""
    started = []

    def start(lifetime: float) -> Emulator:
        config = EmulatorConfig(projects=30, token_lifetime=lifetime, wall_clock=lambda: clock.now().timestamp())
        emu = Emulator(config).start()
        started.append(emu)
        return emu

    yield start
    for emu in started:
        emu.stop()


# min(60 s, 10% of the lifetime) before expiry: the two rules give different points for both.
@pytest.mark.parametrize(
    ("lifetime", "refresh_at"),
    [(300, 270.0), (3600, 3540.0), (450, 405.0)],
    ids=["300s-refreshes-30s-ahead", "3600s-refreshes-60s-ahead", "450s-refreshes-45s-ahead"],
)
async def test_the_refresh_point_is_the_smaller_of_60_s_and_a_tenth_of_the_lifetime(
    lifetime_emulator, make_client, clock, lifetime, refresh_at
):
    emu = lifetime_emulator(lifetime)
    client = make_client(emulator=emu)
    token = await client.login()
    assert token.expires_in == lifetime
    clock.advance(refresh_at - 0.5)  # half a second before the point: nothing happens
    await settle()
    assert client.tokens.token is token and client.tokens.status().state is not TokenState.REFRESHING
    assert emu.stats.token_requests == 1
    clock.advance(0.5)  # at the point: one refresh, at once
    await eventually(lambda: client.tokens.token is not token, what="the refresh at the refresh point")
    assert emu.stats.token_requests == 2
    assert client.tokens.token.obtained_at == token.obtained_at + refresh_at


@pytest.mark.parametrize(
    ("left", "sends_the_old_token"),
    [(1.5, True), (1.0, False), (0.5, False)],
    ids=["1.5s-left-sent", "1.0s-left-not-sent", "0.5s-left-not-sent"],
)
async def test_a_token_is_never_sent_in_its_last_second(
    make_client, emulator, clock, recording, left, sends_the_old_token
):
    client = make_client(transport=recording)
    old = await client.login()
    await client.tokens.stop()  # no background loop: the request itself decides
    clock.advance(old.expires_in - left)
    page = await client.list_projects()
    assert page.total == 140
    old_bearer = old.access_token.reveal()
    if sends_the_old_token:
        assert recording.bearers == [old_bearer]  # still more than a second to live: used
    else:
        assert len(recording.bearers) == 1 and recording.bearers[0] != old_bearer  # a new one first
        assert emulator.stats.token_requests >= 2
        assert client.tokens.token is not old


async def test_a_request_past_the_refresh_point_uses_the_valid_token_without_waiting(
    make_client, emulator, clock, recording
):
    """The refresh hangs at the identity server; the page must come with the old token."""
    client = make_client(transport=recording)
    old = await client.login()
    tokens_before = emulator.stats.token_requests
    recording.token_gate = asyncio.Event()  # closed: the next token request hangs
    clock.advance(old.expires_in - 30)  # past the refresh point (60 s ahead), 30 s to live
    await settle()
    assert client.tokens.status().state is TokenState.REFRESHING
    page = await asyncio.wait_for(client.list_projects(), HANG_GUARD)
    assert page.total == 140
    assert recording.bearers == [old.access_token.reveal()]
    assert client.tokens.status().state is TokenState.REFRESHING and client.tokens.token is old
    assert emulator.stats.token_requests == tokens_before  # the refresh is still held at the gate
    recording.token_gate.set()
    await eventually(lambda: client.tokens.token is not old, what="the held refresh to land")
    assert emulator.stats.token_requests == tokens_before + 1


# ----- the edges a mutation run found untested ---------------------------------------------------


async def test_stop_ends_the_background_refreshing(make_client, emulator, clock):
    client = make_client()
    token = await client.login()
    await client.tokens.stop()
    before = emulator.stats.token_requests
    clock.advance(1800 - 30)  # past the refresh point: a running loop would refresh now
    await settle()
    assert client.tokens.token is token and client.tokens.status().state is TokenState.EXPIRING
    assert emulator.stats.token_requests == before


async def test_logout_drops_the_token_and_says_so(make_client, emulator):
    client = make_client()
    await client.login()
    seen: list[TokenState] = []
    client.tokens.subscribe(lambda status: seen.append(status.state))
    await client.logout()
    assert client.tokens.token is None
    status = client.tokens.status()
    assert status.state is TokenState.SIGNED_OUT and status.remaining == 0.0 and status.next_retry_in is None
    assert seen == [TokenState.SIGNED_OUT]


async def test_a_late_401_for_an_already_replaced_token_costs_no_token_request(make_client, emulator):
    client = make_client()
    old = await client.login()
    emulator.revoke_all_tokens(reject_clients=False)
    new = await client.tokens.renew_after_rejection(old)
    assert new is not old
    before = emulator.stats.token_requests
    assert await client.tokens.renew_after_rejection(old) is new  # the 401 of a request sent earlier
    assert emulator.stats.token_requests == before


async def test_a_failed_background_refresh_leaves_no_unretrieved_error(make_client, emulator, clock, recording):
    """Started by a request past the refresh point with no loop running: its failure is
    recorded in the status, and nothing is left for asyncio to complain about."""
    complaints: list[dict[str, object]] = []
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(lambda _loop, context: complaints.append(context))
    client = make_client(transport=recording)
    old = await client.login()
    await client.tokens.stop()
    recording.token_down = True
    clock.advance(1800 - 30)  # past the refresh point, 30 s to live
    page = await client.list_projects()  # sent with the old token; the refresh runs behind it
    assert page.total == 140
    await eventually(lambda: client.tokens.status().state is TokenState.FAILING, what="the failed refresh")
    await settle()
    gc.collect()  # a task whose exception nobody read complains when it is collected
    await settle()
    loop.set_exception_handler(None)
    assert client.tokens.token is old
    assert complaints == []


def test_the_bearer_auth_refuses_a_sync_client(make_client, emulator):
    client = make_client()
    with httpx.Client(auth=BearerAuth(client.tokens)) as sync:
        with pytest.raises(RuntimeError, match="^MaiaClient is async-only$"):
            sync.get(emulator.api_base + "/v1/projects")
