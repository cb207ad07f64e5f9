"""Searching every project from the app, against the emulator: results while the index fills,
a project on the last page found by a fuzzy query, enter opens it, log-out drops the index."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from textual.widgets import DataTable

from maia_tui.emulator import Emulator, EmulatorConfig
from maia_tui.services.project_search import SessionIndex
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.screens.project_search import ProjectSearchScreen
from tests.support import SIZE, HeldRequests, log_in, page_of, rendered_text, wait_until

PROJECTS = 4_000  # 40 pages of 100


def project_on_page(emu: Emulator, page: int, row: int) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {emu.issue_token()}"}
    with httpx.Client(trust_env=False) as http:
        body = http.get(f"{emu.api_base}/v1/projects", params={"page": page, "size": 100}, headers=headers).json()
    return dict(body["results"][row])


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(projects=PROJECTS, seed=31)])
async def test_results_while_indexing_then_the_last_page_found_and_opened(make_app, emulator: Emulator) -> None:
    wanted = project_on_page(emulator, 39, 42)
    late = HeldRequests(page_of("/v1/projects", 39))  # the last page comes late: when let go
    app = make_app(client_options={"transport": late})
    holder = SessionIndex()
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        first = project_on_page(emulator, 0, 0)
        screen = ProjectSearchScreen(app.session.client, app.clock, holder, query=first["name"][:6])
        await app.push_screen(screen)
        header = screen.query_one("#search-header")
        table = screen.query_one("#search-results", DataTable)
        await wait_until(pilot, lambda: table.row_count > 0 and "indexing" in rendered_text(header), "early results")
        assert "of 4,000" in rendered_text(header)
        assert not holder.index.complete
        late.release()
        await wait_until(pilot, lambda: "4,000 projects indexed" in rendered_text(header), "the whole index", 10)

        screen.query_one("#search-input").value = ""
        name = wanted["name"]
        await pilot.press(*(name[:2] + name[3:]).lower())  # one letter dropped
        assert wanted["id"] in [m.project.id for m in screen.matches[:10]]
        row = [m.project.id for m in screen.matches].index(wanted["id"])
        table.focus()
        table.move_cursor(row=row)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "the project")
        assert app.screen.project.id == wanted["id"]


async def test_many_results_scroll_in_the_table_not_the_whole_screen(app, emulator: Emulator) -> None:
    """The results once took their full height: at 80x24 the screen itself scrolled (a second
    scrollbar, the status bar narrowed by it)."""
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        screen = ProjectSearchScreen(app.session.client, app.clock, SessionIndex(), query="a")
        await app.push_screen(screen)
        table = screen.query_one("#search-results", DataTable)
        await wait_until(pilot, lambda: table.row_count > 20, "more results than lines")
        await pilot.pause()
        assert screen.max_scroll_y == 0
        assert table.region.bottom <= 24
