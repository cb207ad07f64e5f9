"""Watching's rules, on the poll itself (api/watch.py) with a status endpoint played by a script and
a FakeClock: which statuses end a run (contract §5: a run ends SUCCESS, FAILED, SKIPPED, UNKNOWN or
CANCELLED), the pauses (2 s, then 1.5 times the last while nothing changes, at most 15 s, never
under a watcher's floor), and what the poll leaves behind when it ends, is left or is closed.
The loopback tests of the same poll through the client are in tests/api/live/test_watch.py."""

from __future__ import annotations

import asyncio
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maia_tui.api.clock import FakeClock
from maia_tui.api.errors import MaiaError
from maia_tui.api.watch import StatusPoll, Watches, is_terminal, poll_interval
from tests.support import HANG_GUARD, eventually

KEY = ("project-7", "run-42")


class Endpoint:
    """A status endpoint as a script: each poll answers the next word (the last one repeats),
    or raises it if it is an exception; `hold` keeps a poll waiting until released."""

    def __init__(self, *answers: str | Exception) -> None:
        self.answers = answers
        self.asked = 0
        self.hold: asyncio.Event | None = None

    async def fetch(self) -> str:
        self.asked += 1
        if self.hold is not None:
            await self.hold.wait()
        answer = self.answers[min(self.asked, len(self.answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer


async def first(watching) -> str:
    return await asyncio.wait_for(anext(watching), HANG_GUARD)


@pytest.mark.parametrize("word", ["SUCCESS", "FAILED", "SKIPPED", "UNKNOWN", "CANCELLED", "success", "Failed"])
def test_a_run_ends_on_a_final_status_in_any_case(word):
    assert is_terminal(word)


@pytest.mark.parametrize("word", ["RUNNING", "CANCELLING", "running", "QUEUED", "PAUSED"])
def test_a_run_goes_on_while_running_or_cancelling_or_unknown_to_the_contract(word):
    assert not is_terminal(word)


def test_the_pauses_grow_by_half_from_2_s_to_15_s():
    # 2, 2 x 1.5 = 3, 3 x 1.5 = 4.5, 6.75, 10.125, then 15.1875 capped at 15
    assert [poll_interval(n) for n in range(8)] == [2.0, 3.0, 4.5, 6.75, 10.125, 15.0, 15.0, 15.0]


@given(st.integers(0, 60), st.none() | st.floats(0.5, 120.0))
def test_a_pause_is_never_under_the_floor_nor_above_15_s_unless_the_floor_is(unchanged, floor):
    pause = poll_interval(unchanged, floor)
    without_floor = min(15.0, 2.0 * 1.5**unchanged)
    assert pause == (without_floor if floor is None else max(floor, without_floor))
    assert poll_interval(unchanged + 1, floor) >= pause  # nothing changing never speeds it up


async def test_a_watcher_sees_each_change_once_and_the_poll_is_gone_after_the_end():
    clock = FakeClock()
    watches = Watches(clock)
    endpoint = Endpoint("RUNNING", "RUNNING", "RUNNING", "CANCELLING", "CANCELLED")
    watching = watches.watch(KEY, endpoint.fetch)
    assert await first(watching) == "RUNNING"
    assert len(watches) == 1
    seen = []

    async def rest() -> None:
        async for status in watching:
            seen.append(status)

    task = asyncio.ensure_future(rest())
    for pause in (2.0, 3.0, 4.5, 2.0):  # unchanged twice (3 s, 4.5 s), then a change: back to 2 s
        await eventually(lambda p=pause: watches.next_poll_in(KEY) == p, what=f"a pause of {pause} s")
        clock.advance(pause)
    await asyncio.wait_for(task, HANG_GUARD)
    assert seen == ["CANCELLING", "CANCELLED"]
    assert endpoint.asked == 5
    assert len(watches) == 0 and watches.next_poll_in(KEY) is None
    clock.advance(60)
    await asyncio.sleep(0.01)
    assert endpoint.asked == 5  # nothing polls an ended run


async def test_the_poll_counts_its_polls_and_a_late_watcher_starts_from_the_current_status():
    clock = FakeClock()
    ended: list[StatusPoll] = []
    endpoint = Endpoint("QUEUED", "RUNNING", "SUCCESS")
    poll = StatusPoll(endpoint.fetch, clock, ended.append)
    early = poll.join()
    assert await asyncio.wait_for(early.get(), HANG_GUARD) == "QUEUED"
    assert poll.polls == 1 and poll.status == "QUEUED"
    clock.advance(2.0)
    assert await asyncio.wait_for(early.get(), HANG_GUARD) == "RUNNING"
    assert poll.polls == 2
    late = poll.join()
    assert late.get_nowait() == "RUNNING"  # at once, without waiting for a poll
    clock.advance(2.0)
    await eventually(lambda: ended == [poll], what="the poll to end after SUCCESS")
    assert poll.polls == 3 and poll.status == "SUCCESS"
    assert [early.get_nowait(), late.get_nowait()] == ["SUCCESS", "SUCCESS"]


async def test_how_long_until_the_next_poll_counts_down_and_is_none_while_asking():
    clock = FakeClock()
    watches = Watches(clock)
    endpoint = Endpoint("RUNNING")
    endpoint.hold = asyncio.Event()
    watching = watches.watch(KEY, endpoint.fetch)
    reading = asyncio.ensure_future(first(watching))
    await eventually(lambda: endpoint.asked == 1, what="the first poll asking")
    assert watches.next_poll_in(KEY) is None  # asking: no pause yet
    endpoint.hold.set()
    assert await reading == "RUNNING"
    await eventually(lambda: watches.next_poll_in(KEY) == 2.0, what="the first pause")
    clock.advance(1.5)
    assert watches.next_poll_in(KEY) == 0.5
    endpoint.hold = asyncio.Event()
    clock.advance(0.5)
    await eventually(lambda: endpoint.asked == 2, what="the second poll asking")
    assert watches.next_poll_in(KEY) is None  # asking now: no pause to count down
    assert watches.next_poll_in(("project-7", "another-run")) is None
    endpoint.hold.set()
    await eventually(lambda: watches.next_poll_in(KEY) == 3.0, what="the pause after an unchanged status")
    await watching.aclose()


async def test_the_last_watcher_leaving_forgets_the_poll_at_once():
    """At once, not a loop turn later: a watcher arriving just after must start a poll of its own
    rather than join one that is being cancelled."""
    clock = FakeClock()
    watches = Watches(clock)
    endpoint = Endpoint("RUNNING")
    one, two = watches.watch(KEY, endpoint.fetch), watches.watch(KEY, endpoint.fetch)
    assert [await first(one), await first(two)] == ["RUNNING", "RUNNING"]
    assert endpoint.asked == 1  # one poll for both
    await one.aclose()
    assert len(watches) == 1
    await two.aclose()
    assert len(watches) == 0
    again = watches.watch(KEY, endpoint.fetch)
    assert await first(again) == "RUNNING"
    assert endpoint.asked == 2
    await again.aclose()


async def test_the_lowest_floor_of_the_watchers_there_counts_and_none_means_no_floor():
    clock = FakeClock()
    endpoint = Endpoint("RUNNING")
    poll = StatusPoll(endpoint.fetch, clock, lambda _: None)
    assert poll.floor is None
    slow = poll.join(5.0)
    slower = poll.join(20.0)
    assert poll.floor == 5.0
    await eventually(lambda: poll.next_poll_at == clock.monotonic() + 5.0, what="a 5 s pause, not 2 s")
    poll.leave(slow)
    assert poll.floor == 20.0
    poll.leave(slow)  # leaving twice changes nothing
    assert poll.floor == 20.0
    hurried = poll.join()
    assert poll.floor is None  # a watcher without a floor: the pauses are the plain ones
    for queue in (slower, hurried):
        poll.leave(queue)
    assert poll.floor is None
    poll.close(MaiaError("closed"))  # closing a poll that ended is harmless
    StatusPoll(endpoint.fetch, clock, lambda _: None).close(MaiaError("never started"))  # and one never joined


async def test_closing_stops_polling_even_for_a_watcher_that_is_not_reading():
    clock = FakeClock()
    watches = Watches(clock)
    endpoint = Endpoint("RUNNING", "CANCELLING")
    watching = watches.watch(KEY, endpoint.fetch)
    assert await first(watching) == "RUNNING"
    await eventually(lambda: clock.sleepers == 1, what="the poll asleep")
    watches.close()
    assert len(watches) == 0
    clock.advance(60)
    await asyncio.sleep(0.01)
    assert endpoint.asked == 1  # the watcher has not read the error yet, and still nothing polls
    with pytest.raises(MaiaError) as caught:
        await first(watching)
    assert caught.value.message == "Stopped watching: the client was closed"


async def test_an_api_error_ends_every_watcher_with_it_and_is_logged(caplog):
    caplog.set_level(logging.INFO, logger="maia_tui.api.watch")
    watches = Watches(FakeClock())
    gone = MaiaError("Execution run-42 was not found", status=404)
    endpoint = Endpoint(gone)
    both = [asyncio.ensure_future(first(watches.watch(KEY, endpoint.fetch))) for _ in range(2)]
    for watcher in both:
        with pytest.raises(MaiaError) as caught:
            await watcher
        assert caught.value is gone
    assert endpoint.asked == 1 and len(watches) == 0
    assert caplog.messages == ["watching stopped: Execution run-42 was not found"]


async def test_a_bug_while_polling_ends_the_watchers_too_and_is_logged_with_its_traceback(caplog):
    caplog.set_level(logging.INFO, logger="maia_tui.api.watch")
    watches = Watches(FakeClock())
    endpoint = Endpoint(KeyError("status"))
    with pytest.raises(KeyError):
        await first(watches.watch(KEY, endpoint.fetch))
    assert len(watches) == 0
    [record] = caplog.records
    assert record.getMessage() == "watching stopped" and record.levelno == logging.ERROR
    assert record.exc_info is not None and isinstance(record.exc_info[1], KeyError)
