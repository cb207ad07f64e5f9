"""The token request as it leaves the client (api/token_exchange.py), for the mutants a mutation
run found surviving: the form fields and headers of the vendor's own curl command (seed page,
shared/seed/000_4410c1b984aac9e7.txt), when the token was obtained, and the debug log lines.
The request goes to the emulator over loopback and is noted on the way."""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import parse_qsl

import httpx
import pytest

from tests.mutation.transports import Recording


class RecordingTokens(Recording):
    """Also keeps the token requests themselves, body read, to look at their form and headers."""

    def __init__(self) -> None:
        super().__init__()
        self.token_requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            await request.aread()
            self.token_requests.append(request)
        return await super().handle_async_request(request)


def digest(text: str) -> str:
    """Compared instead of the secret, so a failing assertion never prints it."""
    return hashlib.sha256(text.encode()).hexdigest()


async def test_the_token_request_is_the_vendors_form(make_client, demo_credentials):
    transport = RecordingTokens()
    await make_client(transport=transport).login()
    (request,) = transport.token_requests
    fields = parse_qsl(request.content.decode(), strict_parsing=True)
    names = [name for name, _ in fields]
    assert names == ["grant_type", "client_id", "client_secret", "audience"]
    values = dict(fields)
    assert values["grant_type"] == "client_credentials" and values["client_id"] == demo_credentials[0]
    assert values["audience"] == "https://api.matillion.com"
    assert digest(values["client_secret"]) == digest(demo_credentials[1])


async def test_the_token_request_says_its_form_and_length_as_curl_does(make_client):
    transport = RecordingTokens()
    await make_client(transport=transport).login()
    (request,) = transport.token_requests
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    # A length, not chunks: identity servers may refuse a chunked form.
    assert request.headers["content-length"] == str(len(request.content))
    assert "transfer-encoding" not in request.headers


async def test_a_token_knows_when_it_was_obtained_by_the_wall_clock(make_client, clock):
    clock.advance(4321)
    token = await make_client().login()
    assert token.obtained_at_wall == clock.now()
    assert token.obtained_at == clock.monotonic()


async def test_the_exchange_logs_who_asked_where_and_for_how_long_without_the_token(make_client, emulator, caplog):
    caplog.set_level(logging.DEBUG, logger="maia_tui.api.auth")
    token = await make_client().login()
    lines = [r.getMessage() for r in caplog.records if r.name == "maia_tui.api.auth"]
    where = httpx.URL(emulator.token_url).netloc.decode()  # host and port
    assert lines == [
        f"requesting a token for client demo-client from {where}",
        "token for demo-client valid for 1800.0s",  # the emulator's 30-minute tokens
    ]
    assert token.expires_in == 1800.0


def test_a_plain_string_secret_is_refused_before_any_request(emulator, demo_credentials):
    from maia_tui.api.client import MaiaClient
    from maia_tui.api.regions import Endpoints

    before = emulator.stats.token_requests
    endpoints = Endpoints(api_base=emulator.api_base, token_url=emulator.token_url)
    with pytest.raises(TypeError) as caught:
        MaiaClient(endpoints, demo_credentials[0], demo_credentials[1])  # type: ignore[arg-type]
    assert str(caught.value) == "client_secret must be a Secret"  # never the value itself
    assert emulator.stats.token_requests == before
