"""The timeline of a running run grows with the (fake) clock: the running step's bar reaches
now and gets longer as time passes, while the steps stay the same."""

from __future__ import annotations

import pytest

from maia_tui.api.models import parse_time
from maia_tui.ui.messages import OpenExecution
from maia_tui.ui.widgets.timeline import BAR, Timeline
from tests.support import rendered_text, wait_until

from .test_runs import open_runs, start_run

# Runs started through the API last ten minutes here, so every step lasts a minute or more.
LONG_RUNS = pytest.mark.emulator_config(projects=30, seed=11, run_seconds=600, moves_with="clock")


def running_bar(timeline: Timeline, name: str) -> int:
    """How many cells the running step's bar has on screen."""
    line = next((line for line in rendered_text(timeline).splitlines() if name in line), "")  # not drawn yet: none
    return line.count(BAR)


@LONG_RUNS
async def test_the_running_steps_bar_grows_as_the_clock_moves(app, emulator, clock):
    async with app.run_test(size=(160, 45)) as pilot:
        await open_runs(pilot)
        client = app.session.client
        started = await start_run(app, emulator, "SUCCESS")
        newest = (await client.list_executions(limit=10)).results
        project_id = next(r.project_id for r in newest if r.pipeline_execution_id == started.pipeline_execution_id)
        clock.advance(205)  # past the first step (at most a third of the run): a later one runs
        steps = (await client.list_steps(project_id, started.pipeline_execution_id, 0, 100)).results
        running = steps[-1]
        assert running.result.status == "RUNNING" and len(steps) >= 2
        app.post_message(OpenExecution(project_id, started.pipeline_execution_id))
        await wait_until(pilot, lambda: len(getattr(app.screen, "steps", ())) == len(steps), "the steps")
        timeline = app.screen.query_one(Timeline)
        await wait_until(pilot, lambda: running_bar(timeline, running.name) > 0, "the running bar")
        before = running_bar(timeline, running.name)
        title = timeline.border_title

        # Steps of one run last alike: the running one ends one slice after it began.
        begun = parse_time(running.result.started_at)
        previous = parse_time(steps[-2].result.started_at)
        assert begun is not None and previous is not None
        left = (begun + (begun - previous) - clock.now()).total_seconds()
        assert left > 6
        clock.advance(left / 2)  # still inside the same step
        await wait_until(pilot, lambda: timeline.border_title != title, "the repaint with the new time")
        after = running_bar(timeline, running.name)
        assert after > before
        assert len(app.screen.steps) == len(steps)  # the same steps: only the clock moved
