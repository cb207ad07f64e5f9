"""Helpers for the section tests (agents, audit log, credits): the emulator and the app share
one fake clock (`pytestmark = ONE_CLOCK`), so "now" is the same instant on both sides."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from maia_tui.ui.screens.agents import AgentsScreen
from maia_tui.ui.screens.audit import AuditScreen
from maia_tui.ui.screens.board import BoardScreen
from maia_tui.ui.screens.credits import CreditsScreen
from maia_tui.ui.screens.projects import ProjectsScreen
from maia_tui.ui.screens.runs import RunsScreen
from tests.support import log_in, wait_until

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)

# Each section's key and its screen, as the status strip numbers them.
SECTIONS = (
    ("1", ProjectsScreen),
    ("2", RunsScreen),
    ("3", AgentsScreen),
    ("4", AuditScreen),
    ("5", CreditsScreen),
    ("6", BoardScreen),
)


# The account moves with the app's clock, which starts at NOW.
ONE_CLOCK = [pytest.mark.clock(start=NOW), pytest.mark.emulator_config(moves_with="clock")]


async def open_section(pilot, key: str, screen_type: type):
    """Log in, press the section's key, and wait for its list to settle (rows, empty or error)."""
    await log_in(pilot)
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, screen_type), f"section {key}")
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.listing is not None and screen.listing.status != "loading", "the list")
    return screen


def cells(table, row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]
