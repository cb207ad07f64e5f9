"""The execution screen at 80×24: one scroll container, End/PgDn/PgUp/Home move through it
(and the step cursor with them), and a failed run opens with its failed step in view."""

from __future__ import annotations

from textual.containers import VerticalScroll

from maia_tui.ui.screens.execution import ExecutionScreen
from maia_tui.ui.widgets.step_tree import StepTree
from tests.support import screen_text, wait_until

from .test_execution import open_run, tree_lines
from .test_runs import LIVING_ACCOUNT, open_runs

pytestmark = LIVING_ACCOUNT
SMALL = (80, 24)


async def a_run_with_steps(client, status: str, at_least: int):  # type: ignore[no-untyped-def]
    """From the server: the newest run in `status` with `at_least` steps, and its steps."""
    page = await client.list_executions(limit=50, status=status)
    for run in page.results:
        steps = (await client.list_steps(run.project_id, run.pipeline_execution_id, 0, 100)).results
        if len(steps) >= at_least:
            return run, steps
    raise AssertionError(f"no {status} run with {at_least} steps among the newest 50")


def on_screen(app, line: str) -> bool:  # type: ignore[no-untyped-def]
    return line[:40] in screen_text(app)


async def test_end_pgdn_pgup_and_home_move_through_the_execution_at_80x24(app):
    async with app.run_test(size=SMALL) as pilot:
        await open_runs(pilot)
        run, steps = await a_run_with_steps(app.session.client, "SUCCESS", 7)
        screen = await open_run(pilot, run.pipeline_execution_id)
        body = screen.query_one("#execution-body", VerticalScroll)
        tree = screen.query_one(StepTree)
        assert len(list(screen.query(VerticalScroll))) == 1  # one scroll container on the screen
        await pilot.pause(0.1)
        lines = tree_lines(screen)
        first, last = lines[0], lines[-1]
        assert body.scroll_y == 0 and not on_screen(app, last)
        # Folded for the short screen: no empty field, no name the header shows; the timeline begins.
        opening = screen_text(app)
        assert "Timeline" in opening and "Pipeline name" not in opening and "—" not in opening

        await pilot.press("end")
        await pilot.pause(0.05)
        assert on_screen(app, last) and tree.cursor_line == tree.last_line == len(steps) - 1
        assert body.scroll_y == body.max_scroll_y > 0

        await pilot.press("home")
        await pilot.pause(0.05)
        assert body.scroll_y == 0 and tree.cursor_line == 0 and not on_screen(app, last)

        pages = 0
        while body.scroll_y < body.max_scroll_y:
            before = body.scroll_y
            await pilot.press("pagedown")
            await pilot.pause(0.05)
            assert body.scroll_y > before  # each press moves a screenful (or to the end)
            pages += 1
            assert pages < 10
        assert on_screen(app, last) and pages >= 1
        assert tree.cursor_line >= 0 and on_screen(app, lines[tree.cursor_line])  # the cursor came along

        while body.scroll_y > 0:
            await pilot.press("pageup")
            await pilot.pause(0.05)
        assert not on_screen(app, last) and "Execution id" in screen_text(app)
        assert on_screen(app, first) or tree.cursor_line == 0


async def test_a_failed_run_opens_with_its_failed_step_and_message_in_view_at_80x24(app):
    async with app.run_test(size=SMALL) as pilot:
        await open_runs(pilot)
        run, steps = await a_run_with_steps(app.session.client, "FAILED", 6)
        failed = next(s for s in steps if s.result and s.result.status == "FAILED")
        assert steps.index(failed) >= 5  # the last of several, far below the fields
        await pilot.press("f")
        screen = await open_run(pilot, run.pipeline_execution_id)
        assert isinstance(screen, ExecutionScreen)
        tree = screen.query_one(StepTree)
        await wait_until(pilot, lambda: tree.cursor_line == steps.index(failed), "the cursor on the failed step")
        await pilot.pause(0.1)
        shown = screen_text(app)
        assert f"✖ FAILED  {failed.name}" in shown
        assert f"Failed step: {failed.name}" in shown
        assert failed.result.message.split()[0] in shown


async def test_the_failed_step_is_chosen_even_before_the_tree_has_laid_out_its_lines(app):
    """On a loaded machine the first frame after the steps arrived came before the tree had laid
    out its new lines: the failed step had no line yet, and the run stayed open with no step
    chosen, for good. Here the steps are painted again and the failure shown at once, with no
    frame between."""
    async with app.run_test(size=SMALL) as pilot:
        await open_runs(pilot)
        run, steps = await a_run_with_steps(app.session.client, "FAILED", 6)
        failed = next(s for s in steps if s.result and s.result.status == "FAILED")
        await pilot.press("f")
        screen = await open_run(pilot, run.pipeline_execution_id)
        assert isinstance(screen, ExecutionScreen)
        tree = screen.query_one(StepTree)
        await wait_until(pilot, lambda: tree.cursor_line == steps.index(failed), "the cursor on the failed step")

        # The run as if just opened: an empty tree with no step chosen, the failure not shown.
        tree.clear()
        tree.cursor_line = -1
        screen.failure_shown = False
        screen.paint_steps()  # the steps arrive: the tree is filled, its lines not laid out yet
        screen.show_failure(failed.id)  # the next frame, before the tree's next idle moment
        assert tree.cursor_line == steps.index(failed)
