"""Malformed and unexpected answers, in the app: nothing crashes; what can be shown is shown,
what cannot is reported; server text is always shown literally (no markup, no escapes)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from maia_tui.api.text import printable
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.views.resource_table import ResourceTable
from tests.support import SIZE, header, log_in, notifications, page_shown, rendered_text, screen_text, wait_until


@pytest.mark.parametrize(
    "kind, words",
    [
        ("html", "answered HTTP 200 with text/html that is not valid JSON"),
        ("truncated", "answered HTTP 200 with application/json that is not valid JSON"),
        ("empty", "answered HTTP 200 with an empty body"),
        ("wrong_types", "The list answer has no 'results' array"),
    ],
)
async def test_an_unreadable_answer_is_reported_where_the_page_would_be(start_emulator, hardened_app, kind, words):
    emu = start_emulator(projects=140)
    app = hardened_app(emu)
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        emu.faults.malformed = kind
        await pilot.press("G")
        panel = screen.query_one("#projects-error")
        await wait_until(pilot, lambda: panel.display, "the error")
        text = str(panel.render())
        assert words in text and "a proxy or captive portal may be in the way" in text and "Press r" in text
        assert "page 6 could not be loaded" in header(app)
        assert app.session.client.health.online  # the server answered: not an outage

        await pilot.press("g", "enter")  # the detail screen reports it in its tab, too
        detail = app.screen
        assert isinstance(detail, ProjectDetailScreen)
        tab_error = detail.query_one("#environments-error")
        await wait_until(pilot, lambda: tab_error.display, "the tab's error")
        assert words.split(" that ")[0].split(" with ")[0] in str(tab_error.render())

        emu.faults.malformed = None
        await pilot.press("r")  # and both recover
        await wait_until(pilot, lambda: detail.query_one("#environments", ResourceTable).row_count > 0, "environments")
        await pilot.press("escape", "G")
        await wait_until(pilot, lambda: page_shown(app) and screen.table.display, "page 6")
        assert header(app).startswith("Projects · page 6 of 6")


class EditingProxy(httpx.AsyncBaseTransport):
    """A misbehaving proxy in front of the emulator: every answer passes through, except that
    the projects list comes back edited by `edit` (missing fields, wrong types, extra fields)."""

    def __init__(self, edit: Callable[[dict[str, Any]], None]) -> None:
        self._upstream = httpx.AsyncHTTPTransport()
        self._edit = edit

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._upstream.handle_async_request(request)
        if not request.url.path.endswith("/v1/projects") or response.status_code != 200:
            return response
        body = json.loads(await response.aread())
        await response.aclose()
        self._edit(body)
        return httpx.Response(200, json=body, request=request)

    async def aclose(self) -> None:
        await self._upstream.aclose()


def damage(body: dict[str, Any]) -> None:
    rows = body["results"]
    rows[1].pop("id")  # a missing required field
    rows[2]["name"] = 42  # a wrong type
    rows[4]["description"] = ["not", "text"]  # a wrong type in an optional field
    rows[3]["owner"] = {"unexpected": [1, 2, 3]}  # an extra field: tolerated
    body["links"] = {"next": "?page=1"}  # an extra top-level field: tolerated


async def test_rows_that_cannot_be_read_are_skipped_and_reported_the_rest_shown(start_emulator, hardened_app):
    emu = start_emulator(projects=140)
    app = hardened_app(emu, client_options={"transport": EditingProxy(damage)})
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        expected = [emu.state.account.project(i) for i in range(25)]
        readable = [p for i, p in enumerate(expected) if i not in (1, 2, 4)]
        assert [p.id for p in screen.table.shown] == [p["id"] for p in readable]
        assert screen.table.row_count == 22
        assert (
            header(app) == "Projects · page 1 of 6 · 140 total · 25 per page · live · 30 s · 3 unreadable rows skipped"
        )
        await wait_until(pilot, lambda: notifications(app), "the report")
        note = notifications(app)[-1]
        assert note.title == "Page 1: part of the answer could not be read"
        assert "Missing field Project[1].id" in note.message
        assert "Unexpected type for Project[2].name: int" in note.message
        assert "Unexpected type for Project[4].description: list" in note.message


async def test_hostile_names_and_descriptions_are_shown_literally_everywhere(start_emulator, hardened_app):
    emu = start_emulator(projects=30, hostile_names=True)
    app = hardened_app(emu)
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        raw = [emu.state.account.project(i) for i in range(25)]
        markup = next(i for i, p in enumerate(raw) if p["name"].startswith("[bold red]"))
        cells = [str(screen.table.get_row_at(i)[0]) for i in range(screen.table.row_count)]
        assert cells[markup] == raw[markup]["name"]  # the markup is text, not style
        shown = screen_text(app)
        room = screen.table.widths["description"] - 1  # a description is cut to its column (#22: names first)
        for needle in (
            "[bold red]oops[/] Marketing",
            "[link=http://x]click me[/link] In",  # cut to the column
            "\\x1b[31mRED ALERT\\x1b[0m Fina",
            "Right-to-left \\u202eevil\\u202c",
            "[bold red]oops[/] and [link=http://x]"[:room],
            "Rings the bell\\x07 and sets the title"[:room],
        ):
            assert needle in shown, needle
        for row in raw:  # every name on screen as sent, made visible, cut to its column (a tab is spaces)
            assert printable(row["name"])[:30].split("\t")[-1] in shown
        for forbidden in ("\x1b", "\x07", "\x00", "\x9b", "\u202e"):
            assert forbidden not in shown
        huge = next(row["description"] for row in raw if len(row["description"] or "") == 10_000)
        assert huge[:room] in shown and huge[:200] not in shown  # shown, cut to its column
        assert max(len(line) for line in shown.splitlines()) <= SIZE[0]

        screen.table.move_cursor(row=markup)
        await pilot.press("enter")
        detail = app.screen
        assert isinstance(detail, ProjectDetailScreen)
        assert f"Projects › {raw[markup]['name']}" in str(detail.query_one("#detail-header").render())
        fields = rendered_text(detail.query_one("#project-fields"))
        assert printable(raw[markup]["description"]) in fields and "\x1b" not in fields
        assert "\\x1b[10A\\x1b[2K" in fields  # a cursor-moving escape, made visible
        await pilot.press("c")
        copied = notifications(app)[-1]  # headless: nothing to copy to, so the id is shown to select
        assert f"The id of {raw[markup]['name']} not copied" == copied.title and copied.markup is False
        assert raw[markup]["id"] in copied.message
        detail_shown = screen_text(app)
        assert "[bold red]oops[/] Marketing" in detail_shown and "\x1b" not in detail_shown
