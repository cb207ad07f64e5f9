"""The API goes away mid-session and comes back on the same port, in the app: the status bar
turns red with the last error and the next retry, the page on screen stays, and once the
server answers the page asked for shows, with a new token if the old one died meanwhile —
with no keypress after the outage, only the fake clock moving."""

from __future__ import annotations

from textual.widgets import Label

from maia_tui.api.auth import TokenState
from maia_tui.ui.screens.projects import ProjectsScreen
from tests.support import SIZE, advance_until, bar_text, header, log_in, page_shown, wait_until


def names(screen: ProjectsScreen) -> list[str]:
    return [p.name for p in screen.table.shown]


async def test_offline_keeps_the_page_shows_why_and_recovers_without_a_keypress(start_emulator, hardened_app, clock):
    emu = start_emulator(projects=140, token_lifetime=300)
    app = hardened_app(emu)
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        client = app.session.client
        await wait_until(pilot, lambda: screen.listing.loader.peek((1, 25)) is not None, "the prefetch of page 2")
        page2 = [p.name for p in screen.listing.loader.peek((1, 25)).results]
        port = emu.port

        emu.stop()
        await pilot.press("n")  # page 2 was prefetched: it shows; the prefetch of page 3 fails
        assert header(app).startswith("Projects · page 2 of 6")
        await wait_until(pilot, lambda: not client.health.online, "the offline state")
        await pilot.press("n")  # page 3 cannot be fetched
        await wait_until(pilot, lambda: screen.listing.waiting_for_network == (2, 25), "page 3 to wait for the network")

        # The page on screen stays, the header says which page waits, the bar is red and says why.
        assert (
            names(screen) == page2
            and screen.table.display
            and not screen.table.loading
            and not screen.table.has_class("-waiting")
        )
        assert not screen.query_one("#projects-error").display
        assert header(app).startswith("Projects · page 2 of 6 · 140 total")
        assert "offline: page 3 loads when the server answers" in header(app)
        await wait_until(pilot, lambda: "retry in" in bar_text(app), "a planned retry")
        bar = bar_text(app)
        assert "✖ offline" in bar and "offline for 00:00" in bar
        assert "Could not connect to 127.0.0.1" in bar
        assert app.screen.query_one("#sb-problem", Label).display and app.screen.query_one("#sb-net", Label).display

        # Still offline when the token's refresh point passes: refreshing fails and backs off.
        await advance_until(pilot, clock, lambda: client.tokens.status().remaining == 0, "the token to expire", step=30)
        # A retry may be on its way to the dead server at this instant: let it fail (the clock stands).
        await wait_until(pilot, lambda: client.tokens.status().state is not TokenState.REFRESHING, "the retry to end")
        assert client.tokens.status().state is TokenState.FAILING
        bar = bar_text(app)
        assert "offline for 05:00" in bar and "✖ refresh failing" in bar and "token expired" in bar
        assert names(screen) == page2  # still the page on screen, through all of it
        tokens_before = emu.stats.token_requests

        # The app's reconnect probe is parked on the dead token (it cannot send without one):
        # from here only the token's retry can bring everything back.
        await advance_until(pilot, clock, lambda: client.health.status().next_retry_in is None, "the probe to wait")

        emu.start()  # the same port; from here on no key is pressed, only the clock moves
        assert emu.port == port
        # The clock moves until the new token is in and then stands still, so what the bar says
        # below is what it says at the instant of recovery, however long the page takes to come.
        await advance_until(pilot, clock, lambda: client.tokens.status().state is TokenState.VALID, "a new token")
        await wait_until(
            pilot, lambda: page_shown(app) and screen.listing.waiting_for_network is None, "page 3 by itself"
        )
        assert header(app) == "Projects · page 3 of 6 · 140 total · 25 per page · live · 30 s"
        assert names(screen) == [p.name for p in (await client.list_projects(2, 25)).results]
        assert client.health.online and client.tokens.status().state is TokenState.VALID
        assert emu.stats.token_requests == tokens_before + 1  # a new token, fetched once
        bar = bar_text(app)
        assert "offline" not in bar and "● valid" in bar and "05:00 left" in bar
        assert not app.screen.query_one("#sb-problem", Label).display

        await pilot.press("n")  # and paging works again
        await wait_until(pilot, lambda: page_shown(app) and header(app).startswith("Projects · page 4 of 6"), "page 4")


async def test_offline_before_any_page_shows_says_so_and_loads_by_itself(start_emulator, hardened_app, clock):
    emu = start_emulator(projects=40)
    emu.faults.page_latency_ms = {0: 30_000}  # the first page hangs until the server goes away
    app = hardened_app(emu)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectsScreen), "the projects screen")
        screen = app.screen
        await wait_until(pilot, lambda: sum(emu.stats.requests_by_path.values()) >= 2, "the first page's request")
        emu.stop()  # drops the hanging request; nothing was ever shown
        panel = screen.query_one("#projects-error")
        await wait_until(pilot, lambda: panel.display, "the error panel")
        assert screen.listing.waiting_for_network == (0, 25) and screen.listing.current is None
        text = str(panel.render())
        assert "127.0.0.1" in text and "loads by itself once the server answers" in text
        emu.faults.page_latency_ms = {}
        emu.start()
        await advance_until(pilot, clock, lambda: page_shown(app) and screen.table.display, "the page")
        assert header(app) == "Projects · page 1 of 2 · 40 total · 25 per page · live · 30 s"
        assert app.session.client.health.online and not panel.display
