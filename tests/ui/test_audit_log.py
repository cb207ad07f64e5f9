"""Section 4, the audit log: the window presets (from/to always sent, checked in the queries
the emulator received), paging, the type and actor filters, and the 403 and 400 answers."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import parse_qs

from maia_tui.ui.screens.audit import AuditScreen
from maia_tui.ui.screens.runs_filters import TextPrompt
from tests.support import SIZE, raw_get, raw_pages, rendered_text, wait_until

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
        # A page of 25 login events, read from as many server pages as that takes (#22).
        window = {"from": query["from"][0], "to": query["to"][0]}
        every = raw_pages(emulator, "/v1/events", window)
        logins = [e["eventName"] for e in every if "login" in f"{e['eventType']} {e['eventName']}".lower()]
        assert [cells(table, r)[2] for r in range(table.row_count)] == logins[:25]
        assert login == logins[: len(login)]

        actor = raw["results"][0]["actorEmail"]
        await pilot.press("T")
        await pilot.press("ctrl+a", "ctrl+k", "enter")  # clear the type filter
        await pilot.press("a")
        await pilot.press(*actor.split("@")[0], "enter")
        expected = [e["eventName"] for e in every if actor.split("@")[0] in e["actorEmail"]][:25]
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


async def test_a_filter_that_matches_nothing_reads_to_the_end_and_says_so(app, emulator):
    """A type filter that matches nothing: the one page reads every server page of the window
    (205 events in 24 h, 3 pages of 100) and says so, rather than a blank page with no reason."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "4", AuditScreen)
        total = raw_get(emulator, "/v1/events", {**window_params(emulator), "page": 0, "size": 1})["total"]
        await pilot.press("T")
        await pilot.press(*"zzq", "enter")
        await wait_until(pilot, lambda: "type ~ zzq" in header(screen) and "filtered:" in header(screen), "filtered")
        pages = -(-total // 100)
        assert f"filtered: 0 of {total} events in {pages} pages read" in header(screen)
        assert "page 1 of 1" in header(screen) and "could not be loaded" not in header(screen)
        assert screen.listing.table.row_count == 0
        await pilot.press("n")
        await pilot.pause()
        assert screen.listing.page_number == 0  # nothing more to read


def window_params(emulator) -> dict[str, str]:  # type: ignore[no-untyped-def]
    query = last_query(emulator)
    return {"from": query["from"][0], "to": query["to"][0]}


async def test_a_long_header_wraps_at_80_columns_rather_than_hiding_the_filters(app, emulator):
    """At 80 columns the header was one line: the window's dates, the filters and how far they
    read were cut off, so a page the filters left empty was a blank table with no reason given."""
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_section(pilot, "4", AuditScreen)
        await pilot.press("T", *"zzq", "enter")
        await wait_until(pilot, lambda: "filtered:" in header(screen), "filtered")
        await pilot.pause()
        shown = screen.query_one("#events-header")
        assert shown.region.height >= 2
        assert shown.region.height * (shown.region.width - 2) >= len(header(screen).strip())


async def test_a_rare_type_reads_on_five_pages_at_a_time_and_says_how_far(app, emulator):
    """#22: the filters once narrowed each server page, so page 2 could be empty with no word
    of why. Now each page reads on until it is full or five server pages were read."""
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "4", AuditScreen)
        await pilot.press("w")  # 7 days: well over 500 events
        await wait_until(pilot, lambda: "last 7 d" in header(screen) and screen.listing.status == "ready", "7 d")
        query = last_query(emulator)
        window = {"from": query["from"][0], "to": query["to"][0]}
        every = raw_pages(emulator, "/v1/events", window)
        assert len(every) > 1000

        def matching(kind: str, who: str) -> list[dict]:  # type: ignore[type-arg]
            return [
                e
                for e in every
                if kind.lower() in f"{e['eventType']} {e['eventName']}".lower() and who in e["actorEmail"].lower()
            ]

        # The rarest event name and actor that still show up among the first 500 events and the next 500.
        pairs = {(e["eventName"], e["actorEmail"].split("@")[0].lower()) for e in every[:500]}
        found = {pair: matching(*pair) for pair in pairs}
        rare, actor = min(
            (pair for pair, hits in found.items() if any(e in every[500:1000] for e in hits)),
            key=lambda pair: len([e for e in every[:500] if e in found[pair]]),
        )
        first = [e for e in every[:500] if e in found[rare, actor]]
        assert len(first) < 25  # rare enough that five pages do not fill a page of the list

        asked = len(emulator.stats.queries(EVENTS_PATH))
        await pilot.press("T")
        await pilot.press(*rare, "enter")
        await wait_until(pilot, lambda: "type ~" in header(screen), "the type")
        await pilot.press("a")
        await pilot.press(*actor, "enter")
        await wait_until(pilot, lambda: "actor ~" in header(screen) and screen.listing.status == "ready", "filtered")
        await wait_until(pilot, lambda: "filtered:" in header(screen), "the filter's note")
        table = screen.listing.table
        assert [cells(table, r)[2] for r in range(table.row_count)] == [e["eventName"] for e in first]
        assert f"filtered: {len(first)} of 500 events in 5 pages read" in header(screen)
        assert "page 1 of 2" in header(screen)  # there is more: the next page reads on
        sizes = {parse_qs(q)["size"][0] for q in emulator.stats.queries(EVENTS_PATH)[asked:]}
        assert sizes == {"100"}  # the API's largest page: the fewest requests

        await pilot.press("n")
        await wait_until(pilot, lambda: screen.listing.page_number == 1 and screen.listing.status == "ready", "page 2")
        second = [e for e in every[500:1000] if e in found[rare, actor]][:25]  # five pages more at most
        await wait_until(pilot, lambda: table.row_count == len(second), "page 2's rows")
        assert [cells(table, r)[2] for r in range(table.row_count)] == [e["eventName"] for e in second]
        assert "filtered:" in header(screen)
