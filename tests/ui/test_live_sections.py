"""Sections are live where the data moves (#21): an agent that restarts on the server (running
→ stopping → stopped → running, installing an update) changes on screen within a poll; the audit
log's window keeps ending now, so new events arrive on top; headers say how each list is live;
and `-` goes back to the section shown before, as in k9s."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import httpx

from maia_tui.api.clock import FakeClock
from maia_tui.emulator import running_emulator
from maia_tui.ui.screens.agents import AgentsScreen
from tests.support import SIZE, advance_until, bearer, header

from .account_sections import NOW, ONE_CLOCK, open_section

pytestmark = ONE_CLOCK
SLOWEST_POLL = 30.0  # the list's slowest poll (its header says "live · 30 s" then)
TWIN_STEP = 5.0


def first_restart(emulator) -> tuple[str, list[tuple[str, timedelta]]]:  # type: ignore[no-untyped-def]
    """Ask a twin of the test's account (same seed, its own clock from NOW) which agent stops
    first, and each status it passes through with when it was first seen (`TWIN_STEP` apart)."""
    twin_clock = FakeClock(NOW)
    config = dataclasses.replace(emulator.config, clock=twin_clock)
    with running_emulator(config) as twin, httpx.Client() as client:
        headers = bearer(twin)
        agent_id = None
        story: list[tuple[str, timedelta]] = []
        while twin_clock.now() < NOW + timedelta(hours=3):
            agents = client.get(twin.api_base + "/v1/agents", params={"size": 100}, headers=headers).json()
            if agent_id is None:
                agent_id = next((a["agentId"] for a in agents["results"] if a["agentStatus"] == "stopping"), None)
            if agent_id is not None:
                agent = next(a for a in agents["results"] if a["agentId"] == agent_id)
                if not story or agent["agentStatus"] != story[-1][0]:
                    story.append((agent["agentStatus"], twin_clock.now() - NOW))
                if agent["agentStatus"] == "running":
                    return agent_id, story
            twin_clock.advance(TWIN_STEP)
    raise AssertionError("no agent restarted in three hours")


async def test_an_agent_that_restarts_on_the_server_changes_on_screen(app, emulator, clock):
    agent_id, story = first_restart(emulator)
    assert [status for status, _ in story] == ["stopping", "stopped", "running"]  # the server's story
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", AgentsScreen)
        table = screen.listing.table
        assert " · live · 5 s" in header(app)

        def status() -> str:
            return str(table.get_cell(agent_id, "status"))

        assert status() == "running"
        clock.advance((NOW + story[0][1] - clock.now()).total_seconds() - TWIN_STEP)  # just before it stops
        for expected, since in story:
            await advance_until(pilot, clock, lambda: status() == expected, expected)  # noqa: B023
            # When the poll that showed it started (the clock may step on while its answer is read),
            # against when the server changed (at most TWIN_STEP before `since`).
            polled = clock.now() - timedelta(seconds=clock.monotonic() - screen.listing.polled_at)
            late = (polled - (NOW + since)).total_seconds()
            assert late <= SLOWEST_POLL, (expected, late)
        assert str(table.get_cell(agent_id, "update")) == "up to date"


async def test_the_audit_log_follows_its_window_as_it_ends_now(app, emulator, clock):
    """New events arrive at the top within a poll, and the window sent moves with the clock."""
    from urllib.parse import parse_qs

    from maia_tui.ui.screens.audit import AuditScreen
    from tests.support import raw_get

    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "4", AuditScreen)
        table = screen.listing.table
        assert " · live · 30 s" in header(app)
        first = table.shown[0].event_id
        await advance_until(pilot, clock, lambda: table.shown[0].event_id != first, "a new event on top", step=30.0)
        sent = parse_qs(emulator.stats.queries("/dpc/v1/events")[-1])
        assert datetime.fromisoformat(sent["to"][0]) > NOW + timedelta(minutes=1)  # the window moved on
        served = raw_get(emulator, "/v1/events", {"from": sent["from"][0], "to": sent["to"][0], "size": 25})
        assert [e.event_id for e in table.shown] == [e["eventId"] for e in served["results"]]


async def test_minus_returns_to_the_section_shown_before_and_again_forth(app, emulator):
    from maia_tui.ui.screens.audit import AuditScreen
    from maia_tui.ui.screens.runs import RunsScreen
    from tests.support import log_in, wait_until

    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("2")
        await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs")
        runs = app.screen
        await pilot.press("4")
        await wait_until(pilot, lambda: isinstance(app.screen, AuditScreen), "the audit log")
        audit = app.screen
        await pilot.press("minus")
        await wait_until(pilot, lambda: app.screen is runs, "the runs again")
        await pilot.press("minus")
        await wait_until(pilot, lambda: app.screen is audit, "the audit log again")
