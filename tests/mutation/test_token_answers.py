"""What the client makes of each answer of the token endpoint (api/token_exchange.py), and the
request paths of api/auth.py a mutation run found untested. The identity server's answers are
served by a transport standing in for it; the API requests go to the emulator."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest

from maia_tui.api.auth import TokenState
from maia_tui.api.errors import InvalidResponse, ServerError
from tests.support import eventually, settle


class TokenServer(httpx.AsyncBaseTransport):
    """Answers token requests with `body` (200, JSON); everything else goes to the emulator."""

    def __init__(self, body: object) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.body = body

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return httpx.Response(
                200, content=json.dumps(self.body).encode(), headers={"content-type": "application/json"}
            )
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


GOOD = {"access_token": "eyJ.a.b", "expires_in": 900, "token_type": "Bearer", "scope": "pipeline-execution"}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ([GOOD], "The token endpoint answered with JSON that is not an object"),
        ({**GOOD, "access_token": ""}, "The token endpoint's answer has no access_token"),
        ({k: v for k, v in GOOD.items() if k != "access_token"}, "The token endpoint's answer has no access_token"),
        ({**GOOD, "access_token": 12}, "The token endpoint's answer has no access_token"),
        ({**GOOD, "expires_in": True}, "The token endpoint's answer has no usable expires_in"),
        ({**GOOD, "expires_in": "900"}, "The token endpoint's answer has no usable expires_in"),
        ({**GOOD, "expires_in": 0}, "The token endpoint's answer has no usable expires_in"),
        ({**GOOD, "expires_in": -5}, "The token endpoint's answer has no usable expires_in"),
        ({k: v for k, v in GOOD.items() if k != "expires_in"}, "The token endpoint's answer has no usable expires_in"),
        ({**GOOD, "token_type": "MAC"}, "The token endpoint issued a 'MAC' token, not a Bearer token"),
        ({**GOOD, "token_type": 7}, "The token endpoint issued a 7 token, not a Bearer token"),
    ],
)
async def test_an_unusable_token_answer_says_what_is_wrong(make_client, body, message):
    client = make_client(transport=TokenServer(body))
    with pytest.raises(InvalidResponse) as caught:
        await client.login()
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("changes", "token_type", "scope"),
    [
        ({}, "Bearer", "pipeline-execution"),
        ({"token_type": "bearer", "scope": 5}, "Bearer", None),
        ({"expires_in": 0.5}, "Bearer", "pipeline-execution"),
    ],
)
async def test_a_usable_token_answer(make_client, clock, changes, token_type, scope):
    body = {k: v for k, v in {**GOOD, **changes}.items() if k != "token_type"} | (
        {"token_type": changes["token_type"]} if "token_type" in changes else {}
    )
    client = make_client(transport=TokenServer(body))
    token = await client.tokens.refresh()  # no background loop: a 0.5 s token would be refreshed at once
    assert token.token_type == token_type and token.scope == scope
    assert token.expires_in == float(body["expires_in"]) and token.obtained_at == clock.monotonic()
    assert token.expires_at == clock.monotonic() + float(body["expires_in"])
    assert (token.expires_at_wall - clock.now()).total_seconds() == float(body["expires_in"])


# ----- requests and the refresh point, with no background loop ------------------------------------


async def test_a_request_before_the_refresh_point_starts_no_refresh(make_client, emulator, clock):
    client = make_client()
    token = await client.login()
    await client.tokens.stop()
    before = emulator.stats.token_requests
    clock.advance(1800 - 61)  # a second before the refresh point (60 s ahead)
    assert (await client.list_projects()).total == 140
    await settle()
    assert client.tokens.token is token and client.tokens.status().state is not TokenState.REFRESHING
    assert emulator.stats.token_requests == before


async def test_a_request_exactly_at_the_refresh_point_starts_one(make_client, emulator, clock):
    client = make_client()
    token = await client.login()
    await client.tokens.stop()
    clock.advance(1800 - 60)  # the refresh point itself
    assert (await client.list_projects()).total == 140
    await eventually(lambda: client.tokens.token is not token, what="the refresh a request started")


async def test_a_request_waiting_for_a_failing_refresh_does_not_cut_the_backoff_short(make_client, emulator, clock):
    client = make_client()
    token = await client.login()
    emulator.faults.token_endpoint_faults = True
    emulator.faults.server_error_share = 1.0
    clock.advance(token.expires_in + 1)  # expired; the loop's refresh fails and it backs off
    await eventually(lambda: client.tokens.status().next_retry_in is not None, what="a planned retry")
    before = emulator.stats.token_requests
    waiting = asyncio.ensure_future(client.list_projects())
    await settle()
    assert emulator.stats.token_requests == before  # the request waits for the planned retry
    assert not waiting.done()
    emulator.faults.server_error_share = 0.0
    clock.advance(client.tokens.status().next_retry_in)
    assert (await waiting).total == 140


# ----- the token's state by the clock, with no background loop ------------------------------------


@pytest.mark.parametrize("past_expiry", [0.0, 5.0])
async def test_a_token_at_or_past_its_expiry_is_expired(make_client, clock, past_expiry):
    client = make_client()
    token = await client.login()
    await client.tokens.stop()  # nobody refreshes it
    clock.advance(token.expires_in - 1)
    assert client.tokens.status().state is TokenState.EXPIRING  # a second left: still usable
    clock.advance(1 + past_expiry)
    status = client.tokens.status()
    assert status.state is TokenState.EXPIRED and status.remaining <= 0


async def test_at_two_minutes_left_a_token_is_still_valid_and_expiring_after(make_client, clock):
    client = make_client()
    token = await client.login()
    await client.tokens.stop()
    clock.advance(token.expires_in - 120)  # EXPIRING_SOON: under two minutes left
    status = client.tokens.status()
    assert status.state is TokenState.VALID and status.token is token
    clock.advance(0.5)
    assert client.tokens.status().state is TokenState.EXPIRING


async def test_a_failed_refresh_is_recorded_with_the_time_it_took_and_logged(make_client, emulator, clock, caplog):
    caplog.set_level(logging.INFO, logger="maia_tui.api.auth")
    client = make_client()
    await client.login()
    await client.tokens.stop()
    clock.advance(600)  # the clock's monotonic reading is far from 0 now
    emulator.faults.token_endpoint_faults = True
    emulator.faults.server_error_share = 1.0
    with pytest.raises(ServerError) as caught:
        await client.tokens.refresh()
    failed = client.tokens.history()[-1]
    assert (failed.ok, failed.duration, failed.error_kind) == (False, 0.0, "ServerError")  # the FakeClock stood still
    lines = [r.getMessage() for r in caplog.records if r.name == "maia_tui.api.auth" and r.levelno == logging.INFO]
    assert lines == [f"token refresh failed: {caught.value}"]


# ----- before the first token, and the parts around it --------------------------------------------


async def test_before_the_first_login_a_client_is_signed_out_with_nothing_to_show(make_client):
    status = make_client().tokens.status()
    assert status.state is TokenState.SIGNED_OUT
    assert (status.token, status.last_refresh, status.last_error, status.remaining) == (None, None, None, 0.0)


async def test_a_broken_token_status_listener_is_logged_by_name_and_does_not_stop_a_login(make_client, caplog):
    caplog.set_level(logging.ERROR, logger="maia_tui.api")
    client = make_client()

    def broken(status: object) -> None:
        raise RuntimeError("listener bug")

    client.tokens.subscribe(broken)
    assert (await client.login()).expires_in == 1800.0
    assert "token status listener failed" in [r.getMessage() for r in caplog.records]


def test_the_refresh_backoff_doubles_from_1_s_to_a_60_s_ceiling_by_default():
    from maia_tui.api.auth import Backoff

    highest = Backoff(rng=lambda: 1.0)
    assert [highest.next_delay() for _ in range(8)] == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]
    lowest = Backoff(rng=lambda: 0.0)  # equal jitter: never under half the ceiling
    assert [lowest.next_delay() for _ in range(3)] == [0.5, 1.0, 2.0]


class FlakyIdentity(httpx.AsyncHTTPTransport):
    """Sends everything to the emulator, but answers token requests 503 while `down`."""

    down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down and request.url.path.endswith("/token"):
            body = {"error": "temporarily_unavailable", "error_description": "identity service down"}
            return httpx.Response(503, json=body)
        return await super().handle_async_request(request)


async def test_without_a_refresh_loop_a_request_after_a_failed_refresh_tries_again(make_client, clock):
    identity = FlakyIdentity()
    client = make_client(transport=identity)
    token = await client.login()
    await client.tokens.stop()  # no loop backs off: each request past the refresh point may try
    clock.advance(token.expires_in - 30)
    identity.down = True
    assert (await client.list_projects()).total == 140  # the old token still works
    await eventually(lambda: client.tokens.status().state is TokenState.FAILING, what="the failed refresh")
    identity.down = False
    assert (await client.list_projects()).total == 140
    await eventually(lambda: client.tokens.token is not token, what="the new token a request asked for")
    assert client.tokens.status().state is TokenState.VALID
