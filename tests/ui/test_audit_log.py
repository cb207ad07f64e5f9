"""Section 4, the audit log: the window presets (from/to always sent, checked in the queries
the emulator received), paging, the type and actor filters, and the 403 and 400 answers."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs

from maia_tui.ui.screens.audit import AuditScreen
from maia_tui.ui.screens.runs_filters import TextPrompt
from tests.support import SIZE, raw_get, rendered_text, wait_until

from .account_sections import NOW, ONE_CLOCK, cells, open_section

pytestmark = ONE_CLOCK

EVENTS_PATH = "/dpc/v1/events"


def last_query(emulator) -> dict[str, list[str]]:
    return parse_qs(emulator.stats.queries(EVENTS_PATH)[-1])


def window_of(query: dict[str, list[str]]) -> timedelta:
    return datetime.fromisoformat(query["to"][0]) - datetime.fromisoformat(query["from"][0])


def header(screen: AuditScreen) -> str:
    return rendered_text(screen.query_one("#events-header"))


async def settle(pilot, screen: AuditScreen, count: int) -> None:
    await wait_until(pilot, lambda: screen.listing.status != "loading", "the events")


async def test_window_presets_always_send_from_and_to(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "4", AuditScreen)
        query = last_query(emulator)
        assert datetime.fromisoformat(query["to"][0]) == NOW
        assert window_of(query) == timedelta(hours=24)
        raw = raw_get(emulator, "/v1/events", {"from": query["from"][0], "to": query["to"][0], "page": 0, "size": 25})
        assert [cells(screen.listing.table, r)[2] for r in range(screen.listing.table.row_count)] == [
            e["eventName"] for e in raw["results"]
        ]
        assert f"{raw['total']} total" in header(screen)
        for label, length in (("7 d", timedelta(days=7)), ("30 d", timedelta(days=30)), ("90 d", timedelta(days=90))):
            asked = len(emulator.stats.queries(EVENTS_PATH))
            await pilot.press("w")
            await wait_until(
                pilot,
                lambda: len(emulator.stats.queries(EVENTS_PATH)) > asked and screen.listing.status == "ready",
                label,
            )
            query = last_query(emulator)
            assert window_of(query) == length and datetime.fromisoformat(query["to"][0]) == NOW
            assert f"last {label}" in header(screen)
        await pilot.press("w")
        await wait_until(pilot, lambda: window_of(last_query(emulator)) == timedelta(hours=24), "back to 24 h")


async def test_paging_keeps_the_window(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "4", AuditScreen)
        await pilot.press("n")
        await wait_until(pilot, lambda: screen.listing.page_number == 1 and screen.listing.status == "ready", "page 2")
        assert "page 2 of 9" in header(screen)
        asked = [parse_qs(q) for q in emulator.stats.queries(EVENTS_PATH)]
        assert ["1"] in [q["page"] for q in asked]  # page 2 (0-based 1) came from the server
        assert {(q["from"][0], q["to"][0]) for q in asked} == {("2026-01-14T09:30:00Z", "2026-01-15T09:30:00Z")}


async def test_filters_by_event_type_and_actor(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "4", AuditScreen)
        query = last_query(emulator)
        raw = raw_get(emulator, "/v1/events", {"from": query["from"][0], "to": query["to"][0], "page": 0, "size": 25})
        login = [e["eventName"] for e in raw["results"] if "login" in f"{e['eventType']} {e['eventName']}".lower()]
        assert login  # the sample account logs people in every day

        await pilot.press("T")
        assert isinstance(pilot.app.screen, TextPrompt)
        await pilot.press(*"login", "enter")
        await wait_until(
            pilot, lambda: screen.listing.status != "loading" and "type ~ login" in header(screen), "filtered"
        )
        table = screen.listing.table
        assert [cells(table, r)[2] for r in range(table.row_count)] == login

        actor = raw["results"][0]["actorEmail"]
        await pilot.press("T")
        await pilot.press("ctrl+a", "ctrl+k", "enter")  # clear the type filter
        await pilot.press("a")
        await pilot.press(*actor.split("@")[0], "enter")
        expected = [e["eventName"] for e in raw["results"] if actor.split("@")[0] in e["actorEmail"]]
        await wait_until(pilot, lambda: "actor ~" in header(screen) and screen.listing.status != "loading", "actor")
        assert [cells(table, r)[2] for r in range(table.row_count)] == expected
        assert "type ~" not in header(screen)


async def test_a_403_names_the_permission_and_a_400_names_the_window(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "4", AuditScreen)
        emulator.deny = {"events"}
        await pilot.press("r")
        panel = screen.query_one("#events-error")
        await wait_until(pilot, lambda: panel.display, "the 403")
        shown = rendered_text(panel)
        assert "HTTP 403" in shown and '"View Audit Events" permission' in shown

        emulator.deny = set()
        # a window that ends before it starts (a clock gone wrong) is the API's 400
        screen.listing.set_query({**screen.listing.params, "start": NOW, "end": NOW - timedelta(hours=1)})
        await wait_until(pilot, lambda: "HTTP 400" in rendered_text(panel), "the 400")
        shown = rendered_text(panel)
        assert "'from' must be earlier than 'to'." in shown
        assert "2026-01-15T09:30:00+00:00 to 2026-01-15T08:30:00+00:00" in shown
        assert "Press w for another window" in shown
        await pilot.press("w")
        await wait_until(pilot, lambda: screen.listing.status == "ready", "a good window again")
        assert window_of(last_query(emulator)) == timedelta(days=7)


async def test_a_page_the_filters_leave_empty_stays_that_page(app, emulator):
    """A type filter that matches nothing on a page is not "the list shrank": `n` shows page 2
    (empty), it does not jump to the last page, nor recurse from it (it once did: RecursionError)."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "4", AuditScreen)
        await pilot.press("T")
        await pilot.press(*"zzq", "enter")
        await wait_until(pilot, lambda: "type ~ zzq" in header(screen), "filtered")
        await settle(pilot, screen, 0)
        await pilot.press("n")
        await wait_until(pilot, lambda: screen.listing.page_number == 1 and screen.listing.status != "loading", "p2")
        assert "page 2 of 9" in header(screen)
        assert "could not be loaded" not in header(screen)
        assert screen.listing.table.row_count == 0


async def test_a_long_header_wraps_at_80_columns_rather_than_hiding_the_filters(app, emulator):
    """At 80 columns the header was one line: the window's dates, the filters and "(narrows each
    page)" were cut off, so a page the filters left empty was a blank table with no reason given."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "4", AuditScreen)
        await pilot.press("T", *"zzq", "enter")
        await wait_until(pilot, lambda: "narrows each page" in header(screen), "filtered")
        await pilot.pause()
        shown = screen.query_one("#events-header")
        assert shown.region.height >= 2
        assert shown.region.height * (shown.region.width - 2) >= len(header(screen).strip())
