"""Without the token printed at start, or with a wrong one, the page, the websocket and the
download route answer 403, and no app process starts. With it, a websocket starts one app."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.support.serving import Served, require_serve_extra

require_serve_extra()  # the whole file: skipped without the extra (failed with MAIA_REQUIRE_BROWSER=1)
import aiohttp  # noqa: E402  (comes with the serve extra)

WRONG = "0123456789abcdefghijklmnopqrstuv"  # as long as a real token, and not it
REFUSALS_WATCHED = 1.5  # seconds to watch for an app process after the refused requests


def no_app_starts(served: Served) -> None:
    """Watch the server's process tree for a while: an app starting takes longer than a poll."""
    deadline = time.monotonic() + REFUSALS_WATCHED
    while time.monotonic() < deadline:
        assert served.descendants() == [], "a refused request started an app process"
        time.sleep(0.02)
    assert served.apps_seen == set()


def cookie_name(served: Served) -> str:
    return f"maia-serve-{served.base.rsplit(':', 1)[1]}"


def test_the_page_needs_the_token(serve) -> None:
    served: Served = serve()
    with httpx.Client(trust_env=False, timeout=10) as http:
        assert http.get(f"{served.base}/").status_code == 403
        assert http.get(f"{served.base}/", params={"token": WRONG}).status_code == 403
        assert http.get(f"{served.base}/", params={"token": served.token[:-1]}).status_code == 403
        refused = http.get(f"{served.base}/", headers={"Cookie": f"{cookie_name(served)}={WRONG}"})
        assert refused.status_code == 403
        assert "token" in refused.text  # it says what is missing
        assert served.token not in refused.text

        page = http.get(served.url)
        assert page.status_code == 200
        assert page.headers["Referrer-Policy"] == "no-referrer"
        cookie = page.headers["Set-Cookie"]
        assert f"{cookie_name(served)}={served.token}" in cookie
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    # Loading the page starts nothing either: only a websocket does.
    no_app_starts(served)


def test_a_download_needs_the_token(serve) -> None:
    served: Served = serve()
    key = "5f0c4b1d2e3a49c8b7a6f5e4d3c2b1a0"
    with httpx.Client(trust_env=False, timeout=10) as http:
        assert http.get(f"{served.base}/download/{key}").status_code == 403
        assert http.get(f"{served.base}/download/{key}", params={"token": WRONG}).status_code == 403
        wrong_cookie = {"Cookie": f"{cookie_name(served)}={WRONG}"}
        assert http.get(f"{served.base}/download/{key}", headers=wrong_cookie).status_code == 403
        # With the token the guard lets it through to textual-serve, which knows no such download.
        assert http.get(f"{served.base}/download/{key}", params={"token": served.token}).status_code == 404
    no_app_starts(served)


async def refused_websocket(http: aiohttp.ClientSession, url: str, **options: object) -> int:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await http.ws_connect(url, **options)  # type: ignore[arg-type]
    return refused.value.status


async def test_the_websocket_needs_the_token_and_no_app_starts_without_it(serve) -> None:
    served: Served = serve()
    ws = f"{served.base.replace('http', 'ws', 1)}/ws?width=80&height=24"
    async with aiohttp.ClientSession() as http:
        assert await refused_websocket(http, ws) == 403
        assert await refused_websocket(http, f"{ws}&token={WRONG}") == 403
        assert await refused_websocket(http, ws, headers={"Cookie": f"{cookie_name(served)}={WRONG}"}) == 403
        # The right token from another site's page (a browser names it in Origin) is refused too.
        foreign = {"Origin": "http://attacker.example"}
        assert await refused_websocket(http, f"{ws}&token={served.token}", headers=foreign) == 403
    no_app_starts(served)

    # The control: with the token (as the page's cookie) a websocket starts exactly one app.
    async with aiohttp.ClientSession() as http:
        own = {"Cookie": f"{cookie_name(served)}={served.token}", "Origin": served.base}
        async with http.ws_connect(ws, headers=own) as socket:
            await socket.receive(timeout=30)  # the app's first output
            assert len(served.apps()) == 1
