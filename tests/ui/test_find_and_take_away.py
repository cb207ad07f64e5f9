"""`v`, `e` and the all-projects scope in the app, against the emulator. Expected values are
the emulator's raw answers read over HTTP (tests/ui/raw.py), never the app's own parsing."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from urllib.parse import parse_qs

from textual.widgets import Input

from maia_tui.ui.screens.export_dialog import ExportDialog
from maia_tui.ui.screens.project_search import ProjectSearchScreen
from maia_tui.ui.screens.projects import ProjectsScreen
from maia_tui.ui.screens.runs import RunsScreen
from maia_tui.ui.views.json_view import JsonScreen
from tests.support import SIZE, log_in, raw_get, raw_pages, wait_until

RUNS_PATH = "/dpc/v1/pipeline-executions"


async def test_v_shows_the_selected_project_exactly_as_sent(app, emulator) -> None:
    expected = raw_get(emulator, "/v1/projects", {"page": 0, "size": 25})["results"][2]
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("down", "down", "v")
        await wait_until(pilot, lambda: isinstance(app.screen, JsonScreen), "the JSON screen")
        assert json.loads(app.screen.text) == expected
        await pilot.press("escape")
        assert isinstance(app.screen, ProjectsScreen)


async def test_v_on_a_run_shows_the_run_as_sent(app, emulator) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("2")
        await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs screen")
        listing = app.screen.panel.listing
        await wait_until(pilot, lambda: listing.status == "ready", "the first runs")
        chosen = listing.table.selected
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, JsonScreen), "the JSON screen")
        shown = json.loads(app.screen.text)
        assert shown["pipelineExecutionId"] == chosen.pipeline_execution_id
        sent = raw_get(emulator, "/v1/pipeline-executions", {"limit": 100})["results"]
        assert shown == next(run for run in sent if run["pipelineExecutionId"] == chosen.pipeline_execution_id)


async def test_e_exports_every_page_not_only_the_one_shown(app, emulator, tmp_path: Path) -> None:
    expected = raw_pages(emulator, "/v1/projects")
    assert len(expected) > 100  # more than one export page, and far more than one screen page
    target = tmp_path / "every-project.csv"
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export-go")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectsScreen), "the export to finish", 10)
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["id"], r["name"]) for r in rows] == [(p["id"], p["name"]) for p in expected]


async def test_e_on_runs_exports_json_as_the_api_sent_it(app, emulator, tmp_path: Path) -> None:
    target = tmp_path / "runs.json"
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot)
        await pilot.press("2")
        await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs screen")
        panel = app.screen.panel
        while panel.filters.window != "1h":
            await pilot.press("w")  # an hour of runs: a few cursor pages, not the account's history
        await wait_until(pilot, lambda: panel.listing.status == "ready", "the hour's runs")
        emulator.stats.reset()
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog), "the export dialog")
        await pilot.click("#format-json")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export-go")
        await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the export to finish", 10)
    exported = json.loads(target.read_text())
    # What the server sends for the export's own first request, followed to the end with httpx.
    first_query = parse_qs(emulator.stats.queries(RUNS_PATH)[0])
    assert "startedAfter" in first_query and first_query["limit"] == ["100"]
    expected, params = [], {key: values[0] for key, values in first_query.items()}
    while True:
        body = raw_get(emulator, "/v1/pipeline-executions", params)
        expected.extend(body["results"])
        if "more" not in body:
            break
        params["paginationToken"] = body["more"]
    assert len(expected) > 100  # more than one cursor page was followed
    assert exported == expected


async def test_tab_in_the_filter_widens_it_to_every_project(app, emulator) -> None:
    wanted = raw_pages(emulator, "/v1/projects")[-1]  # on the last page
    async with app.run_test(size=SIZE) as pilot:
        screen = await log_in(pilot)
        await pilot.press("slash", *wanted["name"][:8])
        assert "filter on this page" in str(screen.listing.query_one(".list-header").render())
        await pilot.press("tab")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectSearchScreen), "the all-projects search")
        search = app.screen
        assert search.needle == wanted["name"][:8]
        await wait_until(pilot, lambda: search.holder.index.complete, "the index")
        search.query_one("#search-input", Input).value = wanted["name"]
        await wait_until(pilot, lambda: search.matches and search.matches[0].project.id == wanted["id"], "the hit")
        assert "all projects" in str(search.query_one("#search-header").render())
        await pilot.press("tab")  # back to this page's filter, open, with the text typed there
        assert isinstance(app.screen, ProjectsScreen)
        await pilot.pause()
        page_filter = screen.listing.query_one(Input)
        assert page_filter.display and app.focused is page_filter
        assert page_filter.value == wanted["name"] and screen.listing.name_filter == wanted["name"]
        assert "filter on this page" in str(screen.listing.query_one(".list-header").render())
        await pilot.press("escape")
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, ProjectSearchScreen)
        assert app.screen.holder is search.holder  # kept for the session
        await pilot.press("ctrl+l")  # log out: the index goes with the session
        await wait_until(pilot, lambda: app.session is None, "the log-out")
        await log_in(pilot)
        assert app.session.caches.project_index is None
