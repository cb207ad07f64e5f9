"""Malformed and unexpected bodies at the client: what can be read is read, what cannot is
reported, nothing crashes, and server text is made safe to show."""

from __future__ import annotations

import httpx
import pytest

from maia_tui.api.client import MaiaClient
from maia_tui.api.clock import FakeClock
from maia_tui.api.errors import InvalidResponse, ServerError
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.api.text import printable
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorConfig, running_emulator

API = Endpoints(api_base="https://eu1.api.matillion.com/dpc")


def _server(projects_body: object, status: int = 200, content_type: str = "application/json") -> httpx.MockTransport:
    """A stand-in server for bodies the emulator has no knob for (a test of our parsing, not a mock of our code)."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json={"access_token": "a.b.c", "expires_in": 1800, "token_type": "Bearer"})
        if isinstance(projects_body, bytes):
            return httpx.Response(status, content=projects_body, headers={"content-type": content_type})
        return httpx.Response(status, json=projects_body)

    return httpx.MockTransport(answer)


async def _first_page(transport: httpx.MockTransport):  # type: ignore[no-untyped-def]
    async with MaiaClient(API, "id", Secret("s"), clock=FakeClock(), transport=transport, retries=0) as client:
        await client.login()
        return await client.list_projects()


async def test_hostile_names_from_the_emulator_parse_and_print_safely():
    with running_emulator(EmulatorConfig(projects=30, hostile_names=True)) as emu:
        endpoints = Endpoints(api_base=emu.api_base, token_url=emu.token_url)
        async with MaiaClient(endpoints, DEMO_CLIENT_ID, Secret(DEMO_CLIENT_SECRET), clock=FakeClock()) as client:
            await client.login()
            projects = [p async for p in client.iter_projects(size=10)]
    assert len(projects) == 30
    raw = " ".join(p.name + (p.description or "") for p in projects)
    assert "\x1b" in raw and "[" in raw  # the emulator really sent escapes and markup
    shown = [printable(p.name) + printable(p.description) for p in projects]
    assert all("\x1b" not in s and "\x07" not in s for s in shown)
    assert any("\\x1b" in s for s in shown)  # made visible, not dropped silently
    assert max(len(printable(p.description)) for p in projects) <= 300  # a 10,000-char description is cut


async def test_items_with_wrong_types_or_missing_fields_are_skipped_and_reported():
    page = await _first_page(
        _server(
            {
                "page": 0,
                "size": 25,
                "total": 3,
                "results": [
                    {"id": "1", "name": "fine", "unexpected": {"nested": True}},
                    {"id": "2", "name": 42},
                    {"name": "no id"},
                ],
            }
        )
    )
    assert [p.name for p in page.results] == ["fine"]
    assert len(page.problems) == 2
    assert "Project[1].name" in page.problems[0] and "Project[2].id" in page.problems[1]


async def test_a_page_without_total_still_shows_its_items():
    page = await _first_page(_server({"results": [{"id": "1", "name": "a"}]}))
    assert page.results[0].name == "a" and page.total == 1
    assert "total" in page.problems[0]


@pytest.mark.parametrize(
    "body, content_type, words",
    [
        (b"<html><body>Proxy error</body></html>", "text/html", "not valid JSON"),
        (b'{"page": 0, "results": [', "application/json", "not valid JSON"),
        (b"", "application/json", "empty body"),
        (b'["not", "an", "object"]', "application/json", "no 'results'"),
        (b'{"results": {"id": 1}}', "application/json", "no 'results'"),
    ],
)
async def test_unreadable_bodies_raise_invalid_response(body, content_type, words):
    with pytest.raises(InvalidResponse, match=words):
        await _first_page(_server(body, content_type=content_type))


async def test_an_html_error_page_says_a_proxy_may_have_answered():
    with pytest.raises(ServerError) as caught:
        await _first_page(_server(b"<html>502 Bad Gateway</html>", status=502, content_type="text/html"))
    assert "text/html, not JSON" in str(caught.value)


def test_printable_shows_escapes_and_markup_literally():
    assert printable("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m"
    assert printable("[bold red]oops[/]") == "[bold red]oops[/]"  # markup is the renderer's job: never markup=True
    assert printable("tab\tand\nnewline") == "tab\tand newline"
    assert printable("x" * 500).endswith("…") and len(printable("x" * 500)) == 300
