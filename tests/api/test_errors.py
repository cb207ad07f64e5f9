"""Every failure becomes an error a person can act on, with the server's own words."""

from __future__ import annotations

import httpx
import pytest

from maia_tui.api.errors import (
    CredentialsRefused,
    Forbidden,
    InsecureTransport,
    InvalidResponse,
    NetworkError,
    NotFound,
    RateLimited,
    ServerError,
)
from maia_tui.api.regions import Endpoints


async def test_refused_credentials_carry_the_servers_message(make_client, emulator):
    client = make_client(secret="not-the-secret")
    with pytest.raises(CredentialsRefused) as caught:
        await client.login()
    text = str(caught.value)
    assert "Invalid client or Invalid client credentials" in text
    assert "client id and secret" in text
    assert caught.value.status == 401


async def test_unknown_client_is_refused_too(make_client):
    client = make_client(client_id="nobody")
    with pytest.raises(CredentialsRefused, match="Invalid client"):
        await client.login()


# Retry-After values that differ from the client's 1 s fallback, so ignoring the header shows.
@pytest.mark.parametrize("seconds", [7, 45])
async def test_429_waits_for_retry_after_and_then_succeeds(make_client, emulator, retry_sleep, seconds):
    client = make_client()
    await client.login()
    emulator.faults.rate_limit_share = 0.5  # every second request
    emulator.faults.retry_after = seconds
    projects = [p async for p in client.iter_projects(size=25)]
    assert len(projects) == 140
    assert len(retry_sleep.waits) >= 3 and set(retry_sleep.waits) == {float(seconds)}


class RateLimitedOnce(httpx.AsyncBaseTransport):
    """A server that answers the first API request with 429 and this Retry-After header, then
    lets everything through to the emulator."""

    def __init__(self, retry_after: str) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.retry_after = retry_after
        self.limited = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not self.limited and "/v1/" in request.url.path:
            self.limited = True
            return httpx.Response(429, headers={"Retry-After": self.retry_after}, json={"title": "Too Many Requests"})
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


# RFC 9110 §10.2.3: Retry-After is delay-seconds or an HTTP-date. The client reads the date
# against its own clock (the FakeClock starts at Thu, 15 Jan 2026 09:30:00 UTC).


@pytest.mark.parametrize(
    ("header", "expected_wait"),
    [
        pytest.param("Thu, 15 Jan 2026 09:30:07 GMT", 7.0, id="http-date-7s-ahead"),
        pytest.param("Thu, 15 Jan 2026 09:29:00 GMT", 0.0, id="http-date-in-the-past"),
        pytest.param("0", 0.0, id="zero-is-honoured"),
        pytest.param("3", 3.0, id="delay-seconds"),
    ],
)
async def test_retry_after_as_seconds_or_http_date(make_client, emulator, retry_sleep, header, expected_wait):
    client = make_client(transport=RateLimitedOnce(header))
    await client.login()
    page = await client.list_projects()
    assert page.total == 140
    assert retry_sleep.waits == [expected_wait]


async def test_429_gives_up_after_a_capped_total_wait(make_client, emulator, retry_sleep):
    client = make_client(max_rate_limit_wait=5)
    await client.login()
    emulator.faults.rate_limit_share = 1.0
    emulator.faults.retry_after = 2
    with pytest.raises(RateLimited) as caught:
        await client.list_projects()
    assert sum(retry_sleep.waits) <= 5
    assert caught.value.retry_after == 2
    assert "1000 requests a minute" in str(caught.value)


async def test_5xx_is_retried_then_reported(make_client, emulator, retry_sleep):
    client = make_client()
    await client.login()
    emulator.faults.server_error_share = 1.0
    with pytest.raises(ServerError) as caught:
        await client.list_projects()
    assert caught.value.status == 503
    assert retry_sleep.waits == [0.2, 0.4]  # two retries (RetryPolicy: 0.2 s x the try), then the error


async def test_a_dropped_connection_is_a_network_error_naming_the_host(make_client, emulator):
    client = make_client()
    await client.login()
    emulator.faults.drop_share = 1.0
    with pytest.raises(NetworkError) as caught:
        await client.list_projects()
    assert "dropped" in str(caught.value)
    assert caught.value.host == "127.0.0.1"


@pytest.mark.parametrize("kind", ["html", "truncated", "empty", "wrong_types"])
async def test_malformed_bodies_are_invalid_responses(make_client, emulator, kind):
    client = make_client()
    await client.login()
    emulator.faults.malformed = kind
    with pytest.raises(InvalidResponse):
        await client.list_projects()


PROJECTS_404_HINT = (
    "A projects list that answers 404 usually means the account lives in another region: "
    "try the other region (eu1 or us1)"
)


async def test_wrong_region_404_says_to_try_the_other_region(make_client, emulator):
    client = make_client()
    await client.login()
    emulator.faults.wrong_region = True
    with pytest.raises(NotFound) as caught:
        await client.list_projects()
    assert "another region" in str(caught.value)  # the server's words, shown as they came
    assert caught.value.hint == PROJECTS_404_HINT


async def test_only_a_projects_404_carries_the_region_hint(make_client, emulator):
    client = make_client()
    await client.login()
    project = (await client.list_projects(size=1)).results[0].id
    with pytest.raises(NotFound) as unknown_run:
        await client.get_execution(project, "00000000-0000-4000-8000-000000000000")
    emulator.faults.forbidden = "role"
    with pytest.raises(Forbidden) as refused:
        await client.list_projects()
    # NotFound's own hint, not the projects list's
    assert (
        unknown_run.value.hint
        == "If this is the projects list, the account probably lives in another region (eu1 or us1)"
    )
    assert refused.value.hint != PROJECTS_404_HINT


@pytest.mark.parametrize("reason, words", [("role", "role"), ("ip", "allow list")])
async def test_403_explains_role_or_ip_allow_list(make_client, emulator, reason, words):
    client = make_client()
    await client.login()
    emulator.faults.forbidden = reason
    with pytest.raises(Forbidden) as caught:
        await client.list_projects()
    assert words in str(caught.value).lower()


async def test_unknown_project_is_not_found(make_client):
    client = make_client()
    await client.login()
    with pytest.raises(NotFound):
        await client.list_environments("00000000-0000-0000-0000-000000000000")


async def test_a_closed_port_is_a_network_error(make_client, refusing_port):
    from maia_tui.api.client import MaiaClient
    from maia_tui.api.secret import Secret

    port = refusing_port
    endpoints = Endpoints(api_base=f"http://127.0.0.1:{port}/dpc", token_url=f"http://127.0.0.1:{port}/oauth/dpc/token")
    async with MaiaClient(endpoints, "id", Secret("s")) as client:
        with pytest.raises(NetworkError, match="Could not connect to 127.0.0.1"):
            await client.login()


@pytest.mark.parametrize(
    "api, token",
    [
        ("http://eu1.api.matillion.com/dpc", "https://id.core.matillion.com/oauth/dpc/token"),
        ("https://eu1.api.matillion.com/dpc", "http://id.example.com/oauth/dpc/token"),
        ("http://10.0.0.5/dpc", "http://10.0.0.5/token"),
    ],
)
def test_plain_http_is_refused_for_non_loopback_hosts(api, token):
    from maia_tui.api.client import MaiaClient
    from maia_tui.api.secret import Secret

    with pytest.raises(InsecureTransport, match="plain http"):
        MaiaClient(Endpoints(api_base=api, token_url=token), "id", Secret("s"))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_plain_http_is_allowed_for_loopback(host):
    Endpoints(api_base=f"http://{host}:9/dpc", token_url=f"http://{host}:9/t").check_secure()
