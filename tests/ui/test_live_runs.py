"""Every row of the Runs list is the server's truth within one poll (#21), not only the newest
page's: runs deep in the loaded list, cancelled on the server, show CANCELLING then CANCELLED at
the next poll, under a RUNNING filter (where they stay, dim, until a reload) and without one;
and a poll of 100 loaded RUNNING rows costs a handful of requests, not one per row."""

from __future__ import annotations

from collections import Counter

import pytest

from maia_tui.ui.screens.runs import RunsScreen
from tests.support import SIZE, advance_until, header, log_in, raw_get, wait_until

from .test_runs import open_runs as open_runs_screen

RUNS_PATH = "/dpc/v1/pipeline-executions"
POLL_SECONDS = 5.0  # the Runs list's fast poll while rows are live (the header says "live · 5 s")
STEP = 0.5  # the clock moves in these steps until a poll starts

# 140 projects: about 120 runs RUNNING at once, so two loaded pages of 50 are all RUNNING under
# the RUNNING filter. A cancel stays CANCELLING a poll and a half: every poll after it sees it.
CANCELLING_SECONDS = 7.5
pytestmark = pytest.mark.emulator_config(
    projects=140, seed=7, cancelling_seconds=CANCELLING_SECONDS, moves_with="clock"
)


def status_of(listing, execution_id: str) -> str:  # type: ignore[no-untyped-def]
    table = listing.table
    return str(table.get_cell(execution_id, "status"))


async def open_runs(pilot, running_only: bool):  # type: ignore[no-untyped-def]
    listing = (await open_runs_screen(pilot)).panel.listing
    if running_only:
        await pilot.press("R")
        await wait_until(pilot, lambda: listing.params.get("statuses") == ("RUNNING",), "the RUNNING filter")
        await wait_until(pilot, lambda: listing.status == "ready" and listing.items, "the running runs")
    await pilot.press(*["down"] * 42)  # near the end of the first page: the second one loads
    await wait_until(pilot, lambda: len(listing.items) == 100 and not listing.loading_more, "the second page")
    return listing


async def next_poll(pilot, clock, listing) -> float:  # type: ignore[no-untyped-def]
    """Move the clock until the list starts its next poll, then let that poll finish with the
    clock standing still (the server answers it at the instant it was sent); the fake seconds
    until it started."""
    asked_at, done = clock.monotonic(), listing.polls_done
    await advance_until(pilot, clock, lambda: (listing.polled_at or 0) > asked_at, "a poll", step=STEP)
    await wait_until(pilot, lambda: listing.polls_done > done, "the poll to finish")
    return listing.polled_at - asked_at


@pytest.mark.parametrize("running_only", [False, True], ids=["all runs", "running only"])
async def test_runs_on_the_second_page_cancelled_on_the_server_show_cancelling_then_cancelled(
    make_app, emulator, clock, running_only
):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        listing = await open_runs(pilot, running_only)
        second_page = listing.items[50:]
        targets = [run for run in second_page if run.status == "RUNNING"][-3:]
        assert len(targets) == 3
        ids = [run.pipeline_execution_id for run in targets]
        await next_poll(pilot, clock, listing)
        clock.advance(1.0)  # cancelled a second after a poll, as another user would
        for run in targets:
            await app.session.client.cancel_execution(run.project_id, run.pipeline_execution_id)

        assert await next_poll(pilot, clock, listing) <= POLL_SECONDS
        await wait_until(
            pilot,
            lambda: all("CANCELLING" in status_of(listing, i) for i in ids),
            "CANCELLING at the next poll",  # the clock stands still: this very poll shows it
        )
        assert await next_poll(pilot, clock, listing) <= POLL_SECONDS
        await wait_until(pilot, lambda: all("CANCELLED" in status_of(listing, i) for i in ids), "CANCELLED")

        shown = [run.pipeline_execution_id for run in listing.table.shown]
        assert all(i in shown for i in ids)  # in place, not gone
        if running_only:  # no longer matching "running only": dim, said in the header, gone at r
            assert set(ids) <= listing.table.dimmed
            assert "no longer match" in header(app)
            await pilot.press("r")
            await wait_until(pilot, lambda: listing.status == "ready" and listing.items, "the reload")
            assert not {run.pipeline_execution_id for run in listing.items} & set(ids)
            assert "no longer match" not in header(app)
        else:
            assert not listing.table.dimmed and "no longer match" not in header(app)


async def test_a_poll_of_100_loaded_running_rows_costs_a_handful_of_requests(make_app, emulator, clock):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        listing = await open_runs(pilot, running_only=True)
        assert all(run.status == "RUNNING" for run in listing.items)
        await next_poll(pilot, clock, listing)
        emulator.stats.reset()
        polls = 0
        for _ in range(12):  # a minute at the fast poll
            await next_poll(pilot, clock, listing)
            polls += 1
        by_kind = Counter(
            "list" if r.path == RUNS_PATH else "status" if r.path.endswith("/status") else "run"
            for r in emulator.stats.requests
            if "pipeline-executions" in r.path
        )
        spent = sum(by_kind.values())
        print(f"\n{polls} polls of 100 loaded RUNNING rows: {dict(by_kind)}, {spent / polls:.1f} a poll")
        assert spent / polls <= 6, by_kind  # not 100, nor one per row
        assert by_kind["list"] <= 2 * polls

        # And what they bought: every row shows the server's status now.
        for run in listing.items:
            served = raw_get(emulator, f"/v1/projects/{run.project_id}/pipeline-executions/{run.pipeline_execution_id}")
            assert run.status == served.get("status", served.get("result", {}).get("status")), run


async def test_c_copies_the_selected_runs_id_in_the_runs_section_and_a_projects_runs_tab(make_app, emulator):
    from maia_tui.ui.screens.project_detail import ProjectDetailScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        projects = await log_in(pilot)
        project = projects.table.shown[3]
        await pilot.press("2")
        await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs screen")
        listing = app.screen.panel.listing
        await wait_until(pilot, lambda: listing.status == "ready", "the first runs")
        await pilot.press("down", "down", "c")
        first_page = await app.session.client.list_executions(limit=50)
        assert app.clipboard == first_page.results[2].pipeline_execution_id

        await pilot.press("1")
        await wait_until(pilot, lambda: app.screen is projects, "the projects")
        await pilot.press(*["down"] * 3, "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProjectDetailScreen), "the project")
        detail = app.screen
        detail.query_one("#detail-tabs").active = "tab-runs"
        await wait_until(pilot, lambda: bool(detail.query("#runs")) and detail.query_one("#runs").row_count > 1, "runs")
        detail.query_one("#runs").focus()
        await pilot.press("down", "c")
        served = (await app.session.client.list_executions(project.id, limit=50)).results
        assert app.clipboard == served[1].pipeline_execution_id != project.id
