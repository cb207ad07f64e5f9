"""Watching an execution: the status now, then each change, until it ends; one poll of the
status endpoint, 2 s apart at first and slower while nothing changes, shared by every watcher."""

from __future__ import annotations

import asyncio

import pytest

from maia_tui.api.errors import MaiaError, NotFound
from tests.support import RUN_SECONDS, Live, eventually

# The pauses between polls while nothing changes: 2 s, then 1.5 times the last, at most 15 s.
PAUSES = [2.0, 3.0, 4.5, 6.75, 10.125, 15.0, 15.0]


class Watcher:
    """Collects what one watcher sees, in a task of its own."""

    def __init__(self, live: Live, run_id: str) -> None:
        self.seen: list[str] = []
        self.task = asyncio.ensure_future(self._watch(live, run_id))

    async def _watch(self, live: Live, run_id: str) -> None:
        async for status in live.client.watch_execution(live.project_id, run_id):
            self.seen.append(status)


def polls(live: Live, run_id: str) -> int:
    return live.emu.stats.requests_by_path[live.path("pipeline-executions", run_id, "status")]


async def asleep(live: Live, run_id: str) -> float:
    """Wait until the poll is asleep until its next look; returns the pause."""
    await eventually(lambda: live.client.next_status_poll_in(live.project_id, run_id) is not None, what="a pause")
    pause = live.client.next_status_poll_in(live.project_id, run_id)
    assert pause is not None
    return pause


async def test_run_then_watch_until_success(live: Live):
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    run_id = started.pipeline_execution_id
    watcher = Watcher(live, run_id)
    await eventually(lambda: watcher.seen == ["RUNNING"], what="the current status, at once")
    assert polls(live, run_id) == 1
    elapsed = 0.0
    for n, pause in enumerate(PAUSES[:5], start=2):
        assert await asleep(live, run_id) == pause
        live.clock.advance(pause - 0.01)
        await asyncio.sleep(0.02)
        assert polls(live, run_id) == n - 1, f"poll {n} came early"
        live.clock.advance(0.01)
        elapsed += pause
        await eventually(lambda: polls(live, run_id) == n, what=f"poll {n} at {elapsed} s")
        if elapsed > RUN_SECONDS:
            break
    await asyncio.wait_for(watcher.task, 2.0)
    assert watcher.seen == ["RUNNING", "SUCCESS"]
    # polls at 0, 2, 5, 9.5, 16.25 (RUNNING) and 26.375 s (SUCCESS), then none
    assert polls(live, run_id) == 6
    live.clock.advance(60)
    await asyncio.sleep(0.05)
    assert polls(live, run_id) == 6 and live.client.watching == 0


async def test_run_then_cancel_is_seen_as_cancelling_then_cancelled(live: Live):
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    run_id = started.pipeline_execution_id
    watcher = Watcher(live, run_id)
    await eventually(lambda: watcher.seen == ["RUNNING"], what="RUNNING")
    await live.client.cancel_execution(live.project_id, run_id)
    assert await asleep(live, run_id) == 2.0
    live.clock.advance(2)  # the next poll: CANCELLING for 5 s
    await eventually(lambda: watcher.seen == ["RUNNING", "CANCELLING"], what="CANCELLING")
    assert await asleep(live, run_id) == 2.0  # a change brings the pause back to 2 s
    live.clock.advance(2)  # still CANCELLING at 4 s
    await eventually(lambda: polls(live, run_id) == 3, what="the poll at 4 s")
    assert await asleep(live, run_id) == 3.0  # unchanged once: 1.5 times longer
    live.clock.advance(3)  # at 7 s it is over
    await asyncio.wait_for(watcher.task, 2.0)
    assert watcher.seen == ["RUNNING", "CANCELLING", "CANCELLED"]
    assert polls(live, run_id) == 4


async def test_watchers_of_one_run_share_one_poll(live: Live):
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    run_id = started.pipeline_execution_id
    first = Watcher(live, run_id)
    await eventually(lambda: first.seen == ["RUNNING"], what="the first watcher's status")
    second, third = Watcher(live, run_id), Watcher(live, run_id)
    await eventually(lambda: second.seen == third.seen == ["RUNNING"], what="late watchers, from the current status")
    assert polls(live, run_id) == 1  # they joined the poll, they did not start their own
    live.clock.advance(RUN_SECONDS + 1)  # the one poll's next look finds it finished
    await asyncio.wait_for(asyncio.gather(first.task, second.task, third.task), 2.0)
    assert first.seen == second.seen == third.seen == ["RUNNING", "SUCCESS"]
    assert polls(live, run_id) == 2


async def test_the_last_watcher_leaving_stops_the_poll(live: Live):
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    run_id = started.pipeline_execution_id
    one, two = Watcher(live, run_id), Watcher(live, run_id)
    await eventually(lambda: one.seen == two.seen == ["RUNNING"], what="both watching")
    one.task.cancel()
    await asleep(live, run_id)
    live.clock.advance(2)
    await eventually(lambda: polls(live, run_id) == 2, what="the poll going on for the other watcher")
    two.task.cancel()
    await eventually(lambda: live.client.watching == 0, what="the poll to stop")
    live.clock.advance(60)
    await asyncio.sleep(0.05)
    assert polls(live, run_id) == 2


async def test_watching_a_finished_run_yields_its_end_and_stops(live: Live):
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    live.emu.next_run_outcome = "FAILED"
    failing = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    live.clock.advance(RUN_SECONDS + 1)
    seen = [s async for s in live.client.watch_execution(live.project_id, started.pipeline_execution_id)]
    assert seen == ["SUCCESS"]
    seen = [s async for s in live.client.watch_execution(live.project_id, failing.pipeline_execution_id)]
    assert seen == ["FAILED"]


async def test_an_error_ends_every_watcher_with_it(live: Live):
    unknown = "00000000-0000-0000-0000-000000000000"
    one, two = Watcher(live, unknown), Watcher(live, unknown)
    for watcher in (one, two):
        with pytest.raises(NotFound):
            await asyncio.wait_for(watcher.task, 2.0)
    assert polls(live, unknown) == 1 and live.client.watching == 0


async def test_closing_the_client_ends_its_watchers(live: Live):
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    watcher = Watcher(live, started.pipeline_execution_id)
    await eventually(lambda: watcher.seen == ["RUNNING"], what="watching")
    await live.client.aclose()
    with pytest.raises(MaiaError, match="client was closed"):
        await asyncio.wait_for(watcher.task, 2.0)
    assert live.client.watching == 0


async def test_a_floor_makes_every_pause_at_least_that_long_and_the_lowest_floor_wins(live: Live):
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    run_id = started.pipeline_execution_id

    async def watch(floor: float | None) -> None:
        async for _ in live.client.watch_execution(live.project_id, run_id, min_interval=floor):
            pass

    slow = asyncio.ensure_future(watch(5.0))
    assert await asleep(live, run_id) == 5.0  # not 2 s
    live.clock.advance(5.0)
    await eventually(lambda: polls(live, run_id) == 2, what="the second poll, 5 s on")
    assert await asleep(live, run_id) == 5.0  # not 3 s
    slower = asyncio.ensure_future(watch(20.0))
    live.clock.advance(5.0)
    await eventually(lambda: polls(live, run_id) == 3, what="the third poll: the lower floor still counts")
    assert await asleep(live, run_id) == 5.0  # 4.5 s but for the floor; the 20 s watcher does not slow it
    slow.cancel()
    await asyncio.gather(slow, return_exceptions=True)
    live.clock.advance(5.0)
    await eventually(lambda: polls(live, run_id) == 4, what="the fourth poll")
    assert await asleep(live, run_id) == 20.0  # only the 20 s watcher is left
    slower.cancel()
    await asyncio.gather(slower, return_exceptions=True)
