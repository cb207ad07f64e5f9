"""Section 3, agents: every agent the emulator serves, its status in colour and lower case as
sent, connected, type, cloud, deployment, version, and "update available"."""

from __future__ import annotations

from rich.text import Text

from maia_tui.ui.screens.agents import AgentsScreen
from tests.support import SIZE, raw_pages

from .account_sections import ONE_CLOCK, cells, open_section

pytestmark = ONE_CLOCK


async def test_agents_with_status_version_and_an_update_available(app, emulator):
    served = raw_pages(emulator, "/v1/agents")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", AgentsScreen)
        table = screen.listing.table
        assert table.row_count == len(served)
        by_name = {cells(table, row)[0]: row for row in range(table.row_count)}
        updatable = [a for a in served if a["versionDetails"]["agentUpdateAvailable"]]
        current = [a for a in served if a["versionDetails"]["agentUpdateAvailable"] is False]
        assert updatable and current  # the sample account has both
        for agent in served:
            row = cells(table, by_name[agent["name"]])
            name, status, connected, version, update, cloud, deployment, kind = row
            assert status == agent["agentStatus"]  # lower case, as the API sends it
            assert connected == ("yes" if agent["connected"] else "no")
            assert (kind, cloud, deployment) == (agent["agentType"], agent["cloudProvider"], agent["deployment"])
            details = agent["versionDetails"]
            assert version == details["agentVersion"]
            assert update == ("⬆ available" if details["agentUpdateAvailable"] else "up to date")

        running = next(a for a in served if a["agentStatus"] == "running")
        stopped = next(a for a in served if a["agentStatus"] == "stopped")
        status_cell = table.get_row_at(by_name[running["name"]])[1]
        # The theme's colours (textual-dark's success, error and warning text), not fixed ones.
        assert isinstance(status_cell, Text) and "#8AD4A1" in str(status_cell.style)
        assert "#D17E92" in str(table.get_row_at(by_name[stopped["name"]])[1].style)
        assert "#FFC473" in str(table.get_row_at(by_name[updatable[0]["name"]])[4].style)


async def test_enter_on_an_agent_says_there_is_nothing_to_open(app, emulator):
    """The footer offers ⏎ Open on every list; on one whose rows open nothing, enter once did
    nothing at all. It says so now, and what shows the row instead."""
    from tests.support import notifications  # noqa: PLC0415

    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "3", AgentsScreen)
        screen.listing.table.focus()
        before = len(notifications(app))
        await pilot.press("enter")
        await pilot.pause()
        fresh = [str(n.message) for n in notifications(app)[before:]]
        assert fresh == ["There is nothing more to open for this agent: v shows it as the API sent it."]
        assert app.screen is screen
