"""Marks on the runs list (#21): space marks runs; ctrl+k then cancels every marked run still
running after one question that names each, one PATCH per run, with each outcome reported; x
runs every marked run again, one POST each; in read-only mode nothing is sent."""

from __future__ import annotations

from maia_tui.ui.screens.confirm import ConfirmScreen
from maia_tui.ui.screens.runs import RunsScreen
from tests.support import SIZE, header, log_in, notifications, wait_until

RUNS_PATH = "/dpc/v1/pipeline-executions"


def sent(emulator, method: str) -> list:  # type: ignore[no-untyped-def]
    return [r for r in emulator.stats.requests if r.method == method]


async def runs_with_marks(pilot, count: int):  # type: ignore[no-untyped-def]
    """The Runs section with `count` RUNNING runs marked."""
    app = pilot.app
    await log_in(pilot)
    await pilot.press("2")
    await wait_until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs section")
    panel = app.screen.panel
    table = panel.listing.table
    await wait_until(pilot, lambda: panel.listing.status == "ready", "the runs")
    rows = [i for i, run in enumerate(table.shown) if run.status == "RUNNING"][:count]
    assert len(rows) == count
    for row in rows:
        table.move_cursor(row=row)
        await pilot.press("space")
    await pilot.pause()
    return panel, [table.shown[row] for row in rows]


async def test_bulk_cancel_of_three_marked_runs_asks_once_and_sends_exactly_three_patches(make_app, emulator):
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        panel, marked = await runs_with_marks(pilot, 3)
        assert panel.marked_runs() == marked and "3 marked" in header(app)
        emulator.stats.reset()
        await pilot.press("ctrl+k")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the one question")
        question = app.screen
        assert str(question.query_one("#confirm-question").render()) == "Cancel 3 runs?"
        detail = str(question.query_one("#confirm-detail").render())
        for run in marked:
            assert run.pipeline_execution_id[:8] in detail and run.pipeline_name[:20] in detail
        await pilot.press("y")
        await wait_until(
            pilot, lambda: any("Cancel runs: 3 of 3 runs sent" in n.title for n in notifications(app)), "outcomes"
        )
        patches = sent(emulator, "PATCH")
        assert len(patches) == 3
        assert sorted(p.path.rsplit("/", 1)[-1] for p in patches) == sorted(r.pipeline_execution_id for r in marked)
        assert all(p.body == {"status": "CANCELLED", "forceUpdate": False} for p in patches)
        report = next(n for n in notifications(app) if n.title.startswith("Cancel runs"))
        assert report.message.count(" cancelling · ") == 3
        assert not panel.marked_runs() and "marked" not in header(app)  # the marks are spent
        listing = panel.listing  # and the rows say so at once, not at the next poll (the clock stands still)
        await wait_until(
            pilot,
            lambda: all(
                "CANCELLING" in str(listing.table.get_cell(run.pipeline_execution_id, "status")) for run in marked
            ),
            "CANCELLING in the rows",
        )


async def test_bulk_run_again_starts_each_marked_run_once(make_app, emulator):
    app = make_app(allow_writes=True)
    async with app.run_test(size=SIZE) as pilot:
        _, marked = await runs_with_marks(pilot, 2)
        emulator.stats.reset()
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the one question")
        assert str(app.screen.query_one("#confirm-question").render()) == "Run 2 runs again?"
        await pilot.press("y")
        await wait_until(
            pilot, lambda: any("Run again: 2 of 2 runs sent" in n.title for n in notifications(app)), "outcomes"
        )
        posts = sent(emulator, "POST")
        posts = [p for p in posts if p.path.endswith("/pipeline-executions")]
        assert sorted((p.body["pipelineName"], p.body["environmentName"]) for p in posts) == sorted(
            (r.pipeline_name, r.environment_name) for r in marked
        )


async def test_read_only_bulk_cancel_sends_nothing_and_says_how_to_enable_writes(make_app, emulator):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await runs_with_marks(pilot, 3)
        emulator.stats.reset()
        await pilot.press("ctrl+k")
        await wait_until(pilot, lambda: any(n.title == "Read-only" for n in notifications(app)), "the refusal")
        assert not isinstance(app.screen, ConfirmScreen)
        assert sent(emulator, "PATCH") == []
