"""A 429 storm (every second API request answers 429 with Retry-After: 1) while paging in the
app: each page asked for shows, with its own rows, never an older one over a newer one; a
storm that does not end gives up after a capped total wait with a message that says so.
The client's Retry-After waits are recorded, not slept."""

from __future__ import annotations

from textual import events

from maia_tui.api.models import Page
from maia_tui.ui.screens.projects import ProjectsScreen
from tests.support import SIZE, header, log_in, page_shown, wait_until


def record_painted_pages(screen: ProjectsScreen) -> list[int]:
    """The page numbers (from 1) the screen paints, in order."""
    painted: list[int] = []
    show_page = screen.listing.show_page

    def show_and_record(page: Page) -> None:  # type: ignore[type-arg]
        painted.append(page.page + 1)
        show_page(page)

    screen.listing.show_page = show_and_record  # type: ignore[method-assign]
    return painted


def expected_ids(emu, number: int, size: int) -> list[str]:  # type: ignore[no-untyped-def]
    """A page's project ids as the account holds them (straight from the emulator's data)."""
    first = (number - 1) * size
    return [emu.state.account.project(i)["id"] for i in range(first, min(first + size, emu.config.projects))]


async def test_paging_through_a_429_storm_shows_every_page_in_order(start_emulator, hardened_app, no_wait):
    emu = start_emulator(projects=140)
    app = hardened_app(emu)
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        await pilot.press("s", "s", "s")  # 25 -> 50 -> 100 -> 10 per page: 14 pages
        await wait_until(
            pilot, lambda: page_shown(app) and header(app).startswith("Projects · page 1 of 14"), "size 10"
        )
        painted = record_painted_pages(screen)
        emu.faults.rate_limit_share = 0.5
        emu.faults.retry_after = 1
        api_before = emu.stats.api_requests

        # One page at a time: every page shows, with its own rows.
        for number in range(2, 15):
            await pilot.press("n")
            await wait_until(
                pilot,
                lambda: page_shown(app) and header(app).startswith(f"Projects · page {number} of 14"),
                f"page {number}",
            )
            assert [p.id for p in screen.table.shown] == expected_ids(emu, number, 10)
        assert painted == list(range(2, 15))

        # Fast: eight keys sent at once, answers slowed a little so they cross. Only pages asked
        # for are painted, in the order asked, and the last one asked for is left on screen.
        painted.clear()
        for number in (1, 2, 11):  # these from the network, through the storm; the others are cached
            screen.listing.loader.forget((number - 1, 10))
        emu.faults.latency_ms = 20
        keys = ["g", "n", "n", "n", "G", "p", "p", "p"]
        asked = [1, 2, 3, 4, 14, 13, 12, 11]
        for key in keys:
            app.post_message(events.Key(key, key))  # no waiting for idle between keys
        await wait_until(
            pilot, lambda: page_shown(app) and header(app).startswith("Projects · page 11 of 14"), "page 11"
        )
        await pilot.pause(0.1)  # any stale answer still in flight would land now
        assert header(app).startswith("Projects · page 11 of 14") and painted[-1] == 11
        assert [p.id for p in screen.table.shown] == expected_ids(emu, 11, 10)
        positions = [asked.index(n) for n in painted]
        assert positions == sorted(positions), painted  # never an older page after a newer one

    # Every second API request was a 429, and each was waited out for its Retry-After: 1.
    assert len(no_wait.waits) >= 10 and set(no_wait.waits) == {1.0}
    assert emu.stats.api_requests - api_before >= 2 * len(no_wait.waits)


async def test_a_storm_that_does_not_end_gives_up_with_a_clear_message(start_emulator, hardened_app, no_wait):
    emu = start_emulator(projects=140)
    app = hardened_app(emu, client_options={"max_rate_limit_wait": 5.0})
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        emu.faults.rate_limit_share = 1.0
        emu.faults.retry_after = 1
        await pilot.press("G")
        panel = screen.query_one("#projects-error")
        await wait_until(pilot, lambda: panel.display, "the error")
        text = str(panel.render())
        assert "kept rate-limiting GET /dpc/v1/projects (HTTP 429)" in text
        assert "Rate limit of 1000 requests per minute exceeded; retry after 1 s." in text
        assert "wait a moment and try again" in text and "Press r to try again" in text
        assert "page 6 could not be loaded" in header(app)
        assert sum(no_wait.waits) == 5.0  # the cap on the total wait, not a wait per request

        emu.faults.rate_limit_share = 0.0
        await pilot.press("r")
        await wait_until(pilot, lambda: page_shown(app) and screen.table.display, "page 6")
        assert header(app).startswith("Projects · page 6 of 6")
