"""The Runs screen (section 2) against a living emulator whose account moves with the test's
FakeClock: columns, each filter as the server received it, the next cursor page, live updates
(in place, new on top, selection and view kept), no polling while hidden or offline, 429s
slowing the poll, and a project's Runs tab narrowed to the project."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import parse_qs

import pytest

from maia_tui.api.errors import PipelineDisabled
from maia_tui.api.models import parse_time
from maia_tui.emulator.faults import Faults
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.screens.runs import RunsScreen
from maia_tui.ui.screens.runs_filters import StatusPicker, TextPrompt
from tests.support import SIZE, advance_until, header, log_in, notifications, screen_text, wait_until

RUNS_PATH = "/dpc/v1/pipeline-executions"
ZONE = timezone(timedelta(hours=2), "EET")  # "local" in these tests: not UTC, so conversion shows


# A living account: runs start, progress and end as the test moves the FakeClock.
LIVING_ACCOUNT = pytest.mark.emulator_config(projects=30, seed=11, run_seconds=20, moves_with="clock")
pytestmark = LIVING_ACCOUNT


@pytest.fixture
def app(make_app):  # type: ignore[no-untyped-def]
    made = make_app()
    made.local_zone = ZONE
    return made


def queries(emulator) -> list[dict[str, list[str]]]:  # type: ignore[no-untyped-def]
    return [parse_qs(q) for q in emulator.stats.queries(RUNS_PATH)]


def column(table, key: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(value) for value in table.get_column(key)]


async def open_runs(pilot) -> RunsScreen:  # type: ignore[no-untyped-def]
    await log_in(pilot)
    await pilot.press("2")
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs screen")
    screen = app.screen
    await wait_until(pilot, lambda: screen.panel.listing.status == "ready", "the first runs")
    return screen


async def start_run(app, emulator, outcome: str = "SUCCESS"):  # type: ignore[no-untyped-def]
    """A run started through the API (as another user would): it shows as RUNNING for
    run_seconds, then ends with `outcome`."""
    client = app.session.client
    emulator.next_run_outcome = outcome
    for project in (await client.list_projects(0, 30)).results:
        async for environment in client.iter_environments(project.id):
            for pipeline in (await client.list_published_pipelines(project.id, environment.name, 0, 25)).results:
                try:
                    return await client.run_pipeline(project.id, pipeline.name, environment.name)
                except PipelineDisabled:
                    continue  # the account has disabled pipelines too
    raise AssertionError("no published pipeline in the account")


async def test_the_runs_list_shows_what_the_server_has_newest_first(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        listing = screen.panel.listing
        client = app.session.client
        served = (await client.list_executions(limit=50)).results
        table = listing.table
        assert table.row_count == 50
        assert [r.pipeline_execution_id for r in table.shown] == [r.pipeline_execution_id for r in served]
        names = {p.id: p.name for p in (await client.list_projects(0, 30)).results}
        await wait_until(pilot, lambda: column(table, "project")[0] != served[0].project_id[:8] + "…", "names")
        now = app.clock.now()
        for row, run in enumerate(served[:10]):
            status = column(table, "status")[row]
            icon = {"RUNNING": "▶", "SUCCESS": "✔", "FAILED": "✖", "CANCELLING": "◌", "CANCELLED": "⊘"}
            assert status == f"{icon.get(run.status, status[0])} {run.status}"
            assert names[run.project_id].startswith(column(table, "project")[row].removesuffix("…"))
            started = parse_time(run.started_at)
            local = started.astimezone(ZONE)  # UTC+2, written out by hand: 09:30 UTC shows as 11:30
            expected_clock = local.strftime("%H:%M") if local.date() == now.astimezone(ZONE).date() else None
            # 120 columns: the compact form, `11:30 12m` (#22: the pipeline name has the room)
            if expected_clock:
                assert column(table, "started")[row].startswith(f"{expected_clock} ")
            minutes = int((now - started).total_seconds() // 60)
            if 1 <= minutes < 60:
                assert column(table, "started")[row].endswith(f" {minutes}m")
        assert header(app).startswith("Runs · 50 runs · more below · live · 5 s · any time")
        first = queries(emulator)[0]
        assert first["limit"] == ["50"] and "status" not in first and "projectId" not in first


async def test_each_filter_is_sent_as_the_apis_query_and_shown_in_the_header(app, emulator, clock):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        listing = screen.panel.listing

        sent = [len(queries(emulator))]

        async def applied(what: str) -> dict[str, list[str]]:
            """The query of the fetch the last key started, once its answer is shown."""
            await wait_until(
                pilot, lambda: len(queries(emulator)) > sent[0] and listing.status in ("ready", "empty"), what
            )
            sent[0] = len(queries(emulator))
            return queries(emulator)[-1]

        await pilot.press("f")
        query = await applied("failed only")
        assert query["status"] == ["FAILED"] and "failed" not in header(app).lower().split("·")[0]
        assert "status FAILED" in header(app)
        assert {r.status for r in listing.items} == {"FAILED"}

        await pilot.press("R")
        query = await applied("running only")
        assert query["status"] == ["RUNNING"] and "status RUNNING" in header(app)

        await pilot.press("S")
        await wait_until(pilot, lambda: isinstance(app.screen, StatusPicker), "the status picker")
        await pilot.pause()
        assert "Statuses (space ticks, enter applies)" in screen_text(app)  # its title whole (#22)
        picker = app.screen.query_one("#status-list")
        picker.select("FAILED")  # RUNNING is ticked already: both now
        await pilot.press("enter")
        query = await applied("running and failed")
        assert query["status"] == ["RUNNING", "FAILED"]
        assert "status RUNNING + FAILED" in header(app)
        assert {r.status for r in listing.items} <= {"RUNNING", "FAILED"} and len(listing.items) > 0

        await pilot.press("E")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt), "the environment prompt")
        await pilot.press(*"prod", "enter")
        query = await applied("environment prod")
        assert query["environmentName"] == ["prod"] and "env prod" in header(app)
        assert all(r.environment_name == "prod" for r in listing.items)

        await pilot.press("X", "P")
        await wait_until(pilot, lambda: isinstance(app.screen, TextPrompt), "the pipeline prompt")
        await pilot.press(*"LOAD", "enter")
        query = await applied("pipeline ~LOAD")
        assert query["pipelineName"] == ["LOAD"] and "status" not in query and "environmentName" not in query
        assert "pipeline ~'LOAD'" in header(app)
        assert listing.items and all("load" in (r.pipeline_name or "").lower() for r in listing.items)

        expected = {
            "1h": "2026-01-15T08:30:00Z",
            "24h": "2026-01-14T09:30:00Z",
            "7d": "2026-01-08T09:30:00Z",
        }  # the FakeClock starts at 2026-01-15 09:30 UTC
        for window, words in (("1h", "last 1 h"), ("24h", "last 24 h"), ("7d", "last 7 d")):
            await pilot.press("w")
            query = await applied(window)
            assert query["startedAfter"] == [expected[window]] and words in header(app)
        await pilot.press("w")
        query = await applied("any time")
        assert "startedAfter" not in query and "any time" in header(app)

        # kept when you come back, and still what the server is asked
        await pilot.press("f", "1")
        await wait_until(pilot, lambda: not isinstance(app.screen, RunsScreen), "the projects")
        await pilot.press("2")
        await wait_until(pilot, lambda: app.screen is screen, "the runs again")
        assert "status FAILED" in header(app) and "pipeline ~'LOAD'" in header(app)
        await pilot.press("r")
        query = await applied("reload")
        assert query["status"] == ["FAILED"] and query["pipelineName"] == ["LOAD"]


async def test_scrolling_down_loads_the_next_cursor_page(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        listing = screen.panel.listing
        first_page = [r.pipeline_execution_id for r in listing.items]
        await pilot.press(*["down"] * 42)
        await wait_until(pilot, lambda: len(listing.items) == 100, "the second page")
        sent = queries(emulator)[-1]
        token = (await app.session.client.list_executions(limit=50)).more
        assert sent["paginationToken"] == [token]
        served = await app.session.client.list_executions(limit=50, pagination_token=token)
        assert [r.pipeline_execution_id for r in listing.items] == first_page + [
            r.pipeline_execution_id for r in served.results
        ]
        assert listing.table.row_count == 100 and listing.table.cursor_row == 42


async def test_a_running_row_turns_success_in_place_with_the_selection_kept(app, emulator, clock):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        listing = screen.panel.listing
        table = listing.table
        started = await start_run(app, emulator, "SUCCESS")
        run_id = started.pipeline_execution_id

        def row() -> int | None:
            return table.index_of(run_id)

        await advance_until(pilot, clock, lambda: row() is not None, "the new run", step=1.0)
        assert column(table, "status")[row()] == "▶ RUNNING"
        await pilot.press("ctrl+home", *["down"] * row())  # selected by keys, as a person would
        assert table.selected.pipeline_execution_id == run_id
        before = [r.pipeline_execution_id for r in table.shown]
        await advance_until(
            pilot, clock, lambda: column(table, "status")[row()] == "✔ SUCCESS", "the run to end", step=1.0, timeout=8.0
        )
        assert table.selected.pipeline_execution_id == run_id and table.cursor_row == row()
        after = [r.pipeline_execution_id for r in table.shown]
        assert [key for key in after if key in before] == before  # nothing re-sorted
        assert column(table, "duration")[row()] == "20 s"  # run_seconds on the FakeClock
        assert listing.poll_interval == 5.0


async def test_a_new_run_appears_on_top_without_moving_the_selection_or_the_view(app, emulator, clock):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        listing = screen.panel.listing
        table = listing.table
        await pilot.press(*["down"] * 36)  # scrolled: the first rows are out of view
        await pilot.pause()
        selected = table.selected.pipeline_execution_id
        top_in_view = table.shown[int(table.scroll_y)].pipeline_execution_id
        assert table.scroll_y > 0
        started = await start_run(app, emulator)
        await advance_until(
            pilot,
            clock,
            lambda: table.shown[0].pipeline_execution_id == started.pipeline_execution_id,
            "the new run on top",
            step=1.0,
        )
        await pilot.pause()
        new_on_top = table.index_of(started.pipeline_execution_id) + 1
        assert table.selected.pipeline_execution_id == selected and table.cursor_row == 36 + new_on_top
        assert table.shown[int(table.scroll_y)].pipeline_execution_id == top_in_view  # the same rows in view


async def test_no_polling_while_hidden_or_offline(app, emulator, clock):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        polled = len(queries(emulator))
        await advance_until(pilot, clock, lambda: len(queries(emulator)) > polled, "a poll while shown", step=1.0)

        await pilot.press("1")  # hidden behind another section
        await wait_until(pilot, lambda: app.screen is not screen, "the projects")
        hidden = len(queries(emulator))
        for _ in range(60):
            clock.advance(1.0)
            await pilot.pause(0.01)
        assert len(queries(emulator)) == hidden

        await pilot.press("2")
        await wait_until(pilot, lambda: app.screen is screen, "the runs again")
        await wait_until(pilot, lambda: len(queries(emulator)) > hidden, "a poll at once when shown again")

        emulator.faults = Faults(drop_share=1.0)  # the server drops every connection: offline
        client = app.session.client
        await advance_until(pilot, clock, lambda: not client.health.online, "the app to see it is offline", step=1.0)
        offline = len(queries(emulator))
        for _ in range(60):
            clock.advance(1.0)
            await pilot.pause(0.01)
        assert len(queries(emulator)) == offline  # only the app's probe (of /projects) goes out
        assert "paused (offline)" in header(app) and not screen.panel.listing.failed  # the rows stay

        emulator.faults = Faults()
        await advance_until(pilot, clock, lambda: client.health.online, "back online", step=1.0, timeout=8.0)
        await advance_until(pilot, clock, lambda: len(queries(emulator)) > offline, "polling again", step=1.0)


async def test_429s_slow_the_poll_and_never_show_as_an_error(make_app, emulator, clock):
    app = make_app()
    app.client_options["max_rate_limit_wait"] = 0  # a 429 reaches the poll at once
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        listing = screen.panel.listing
        assert listing.poll_interval == 5.0
        emulator.faults = Faults(rate_limit_share=1.0, retry_after=1)
        before = len(queries(emulator))
        for _ in range(120):
            clock.advance(1.0)
            await pilot.pause(0.01)
        limited = len(queries(emulator)) - before
        # At 5 s a poll, 120 s would be 24 polls; doubling after each 429 (10, 20, 40, 80 s) ~4.
        assert 2 <= limited <= 6, limited
        assert listing.poll_interval >= 40.0
        assert listing.status == "ready" and listing.table.row_count == 50 and not listing.error_panel.display
        assert not [n for n in notifications(app) if n.severity == "error"]


async def test_a_projects_runs_tab_is_the_same_list_narrowed_to_the_project(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        projects = await log_in(pilot)
        project = projects.table.shown[2]
        await pilot.press("down", "down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "the project")
        detail = app.screen
        detail.query_one("#detail-tabs").active = "tab-runs"
        await wait_until(pilot, lambda: bool(detail.query("#runs")) and detail.query_one("#runs").row_count > 0, "runs")
        sent = queries(emulator)[-1]
        assert sent["projectId"] == [project.id]
        listing = detail.query_one("#runs-list")
        served = (await app.session.client.list_executions(project.id, limit=50)).results
        assert [r.pipeline_execution_id for r in listing.items] == [r.pipeline_execution_id for r in served]
        assert {r.project_id for r in listing.items} == {project.id}
        assert "project only" in str(detail.query_one("#runs-header").render())
        await pilot.press("f")  # the same filters work here
        await wait_until(
            pilot, lambda: parse_qs(emulator.stats.queries(RUNS_PATH)[-1]).get("status") == ["FAILED"], "f"
        )
        assert parse_qs(emulator.stats.queries(RUNS_PATH)[-1])["projectId"] == [project.id]


def test_windows_are_computed_from_the_clock_not_the_machine():
    from maia_tui.ui.resources.runs import started_after

    now = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert started_after("1h", now) == "2026-03-29T00:30:00Z"
    assert started_after("7d", now) == "2026-03-22T01:30:00Z"
    assert started_after("all", now) is None


async def test_relative_start_times_age_on_screen(app, clock):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_runs(pilot)
        listing = screen.panel.listing
        listing.pause()  # no poll: only the ageing redraw may change the cell
        table = listing.table
        # 120 columns: the compact form, `11:30 12m`
        row = next(i for i, r in enumerate(table.shown) if column(table, "started")[i].endswith("m"))
        minutes = int(column(table, "started")[row].split(" ")[1].removesuffix("m"))
        clock.advance(120)
        for _ in range(15):  # the list's one-second timer, fifteen times (AGE_EVERY)
            listing.tick()
        assert column(table, "started")[row].endswith(f" {minutes + 2}m")
