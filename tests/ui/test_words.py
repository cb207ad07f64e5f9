"""#22 item 6: words — one and many ("1 best match", "1 match"), and one sign for empty (`—`)
in the search results as in every list."""

from __future__ import annotations

import httpx
import pytest
from textual.widgets import DataTable

from maia_tui.emulator import Emulator, EmulatorConfig
from maia_tui.services.project_search import SessionIndex
from maia_tui.ui.screens.project_search import ProjectSearchScreen
from maia_tui.ui.words import counted
from tests.support import SIZE, log_in, raw_pages, rendered_text, wait_until


def test_one_and_many() -> None:
    assert counted(1, "match", "matches") == "1 match"
    assert counted(2, "match", "matches") == "2 matches"
    assert counted(0, "project") == "0 projects"
    assert counted(1204, "project") == "1,204 projects"


def served_projects(emu: Emulator) -> list[dict]:  # type: ignore[type-arg]
    headers = {"Authorization": f"Bearer {emu.issue_token()}"}
    with httpx.Client(trust_env=False) as http:
        body = http.get(f"{emu.api_base}/v1/projects", params={"page": 0, "size": 100}, headers=headers).json()
    return list(body["results"])


@pytest.mark.parametrize("emulator_config", [EmulatorConfig(projects=1, seed=5)])
async def test_one_project_reads_one_best_match(app, emulator: Emulator) -> None:
    (only,) = served_projects(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        screen = ProjectSearchScreen(app.session.client, app.clock, SessionIndex(), query=only["name"])
        await app.push_screen(screen)
        header = screen.query_one("#search-header")
        await wait_until(pilot, lambda: "1 project indexed" in rendered_text(header), "the index")
        assert "· 1 best match" in rendered_text(header) and "matches" not in rendered_text(header)


async def test_a_project_without_a_description_shows_the_empty_sign_in_search(app, emulator: Emulator) -> None:
    bare = next(p for p in served_projects(emulator) if not p.get("description"))
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        screen = ProjectSearchScreen(app.session.client, app.clock, SessionIndex(), query=bare["name"])
        await app.push_screen(screen)
        table = screen.query_one("#search-results", DataTable)
        await wait_until(pilot, lambda: any(m.project.id == bare["id"] for m in screen.matches), "the project")
        row = [m.project.id for m in screen.matches].index(bare["id"])
        assert str(table.get_row_at(row)[1]) == "—"


async def test_search_results_fit_80_columns_and_each_cut_cell_ends_in_an_ellipsis(app, emulator: Emulator) -> None:
    projects = {p["id"]: p for p in raw_pages(emulator, "/v1/projects")}
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot)
        screen = ProjectSearchScreen(app.session.client, app.clock, SessionIndex(), query="a")
        await app.push_screen(screen)
        table = screen.query_one("#search-results", DataTable)
        await wait_until(pilot, lambda: table.row_count > 5, "results")
        await pilot.pause()
        assert table.max_scroll_x == 0  # nothing past the right edge
        cut = 0
        for row, match in enumerate(screen.matches):
            name, description = (str(cell) for cell in table.get_row_at(row)[:2])
            assert name == match.project.name  # names whole
            whole = (projects[match.project.id].get("description") or "—").splitlines()[0]
            if description != whole:
                cut += 1
                assert description.endswith("…") and whole.startswith(description[:-1])
        assert cut  # the sample's descriptions are longer than what 80 columns leave
