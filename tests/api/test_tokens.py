"""Token exchange, refresh ahead of expiry, single-flight refresh, 401 retry, backoff."""

from __future__ import annotations

import asyncio

import pytest

from maia_tui.api.auth import TokenState, refresh_point
from maia_tui.api.errors import CredentialsRefused
from tests.helpers import eventually


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
    await asyncio.sleep(0.05)
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
    client = make_client()
    token = await client.login()
    emulator.faults.token_endpoint_faults = True
    emulator.faults.latency_ms = 300  # the refresh is slow; the page must not wait for it
    clock.advance(refresh_point(token) - clock.monotonic() + 1)
    await asyncio.sleep(0)
    emulator.faults.token_endpoint_faults = True
    page = await client.list_projects()
    assert page.total == 140
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
    token = await client.login()
    emulator.faults.token_endpoint_faults = True
    emulator.faults.server_error_share = 1.0
    clock.advance(refresh_point(token) - clock.monotonic() + 1)
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
    await eventually(lambda: client.tokens.status().state is TokenState.FAILING, what="a failed refresh")
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
