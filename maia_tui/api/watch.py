"""Watching an execution: one poll of its status endpoint, fanned out to every watcher.

The poll asks at once, then every 2 s; while nothing changes each pause is 1.5 times the last,
up to 15 s, and a change brings it back to 2 s. A watcher may ask for a floor (`maia-tui watch
--interval`): no pause is shorter; with several watchers the lowest floor wins, so none sees
changes later than it asked. It ends after a terminal status, or when the last watcher leaves.
Pauses are on the client's clock, so tests move a FakeClock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from .clock import Clock
from .errors import MaiaError
from .status import FINAL_RUN_WORDS

log = logging.getLogger("maia_tui.api.watch")

TERMINAL_STATUSES = FINAL_RUN_WORDS  # a run ends on one of these (api/status.py)
FIRST_INTERVAL = 2.0
SLOWDOWN = 1.5
MAX_INTERVAL = 15.0

_END = object()  # put in a watcher's queue after the terminal status


def is_terminal(status: str) -> bool:
    return status.upper() in TERMINAL_STATUSES


def poll_interval(unchanged: int, floor: float | None = None) -> float:
    """The pause after `unchanged` polls in a row that saw no change (0 after a change), and
    never less than `floor` seconds."""
    pause = min(MAX_INTERVAL, FIRST_INTERVAL * SLOWDOWN**unchanged)
    return pause if floor is None else max(floor, pause)


class StatusPoll:
    """One execution's poll and its watchers' queues."""

    def __init__(self, fetch: Callable[[], Awaitable[str]], clock: Clock, finished: Callable[[StatusPoll], None]):
        self._fetch = fetch
        self._clock = clock
        self._finished = finished
        self._queues: set[asyncio.Queue[object]] = set()
        self._floors: dict[asyncio.Queue[object], float | None] = {}
        self._task: asyncio.Task[None] | None = None
        self.status: str | None = None
        self.polls = 0
        self.next_poll_at: float | None = None  # on the clock; None while asking

    @property
    def floor(self) -> float | None:
        """The lowest floor any watcher asked for; None when one of them asked for none."""
        floors = list(self._floors.values())
        return None if not floors or None in floors else min(f for f in floors if f is not None)

    def join(self, floor: float | None = None) -> asyncio.Queue[object]:
        queue: asyncio.Queue[object] = asyncio.Queue()
        if self.status is not None:
            queue.put_nowait(self.status)  # a late watcher starts from the current status
        self._queues.add(queue)
        self._floors[queue] = floor
        if self._task is None:
            self._task = asyncio.ensure_future(self._run())
        return queue

    def leave(self, queue: asyncio.Queue[object]) -> None:
        self._queues.discard(queue)
        self._floors.pop(queue, None)
        if not self._queues and self._task is not None and not self._task.done():
            self._task.cancel()
            self._finished(self)

    def close(self, reason: MaiaError) -> None:
        """Stop polling; every watcher gets `reason` raised."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._send(reason)

    def _send(self, item: object) -> None:
        for queue in self._queues:
            queue.put_nowait(item)

    async def _run(self) -> None:
        unchanged = 0
        try:
            while True:
                status = await self._fetch()
                self.polls += 1
                if status != self.status:
                    self.status = status
                    unchanged = 0
                    self._send(status)
                else:
                    unchanged += 1
                if is_terminal(status):
                    self._send(_END)
                    return
                pause = poll_interval(unchanged, self.floor)
                self.next_poll_at = self._clock.monotonic() + pause
                try:
                    await self._clock.sleep(pause)
                finally:
                    self.next_poll_at = None
        except MaiaError as error:
            log.info("watching stopped: %s", error.message)
            self._send(error)
        except Exception as error:  # a bug must end the watchers too, not leave them waiting
            log.exception("watching stopped")
            self._send(error)
        finally:
            self._finished(self)


class Watches:
    """The polls of one client, one per execution being watched."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._polls: dict[tuple[str, str], StatusPoll] = {}

    def __len__(self) -> int:
        return len(self._polls)

    def next_poll_in(self, key: tuple[str, str]) -> float | None:
        poll = self._polls.get(key)
        if poll is None or poll.next_poll_at is None:
            return None
        return max(0.0, poll.next_poll_at - self._clock.monotonic())

    async def watch(
        self, key: tuple[str, str], fetch: Callable[[], Awaitable[str]], floor: float | None = None
    ) -> AsyncIterator[str]:
        poll = self._polls.get(key)
        if poll is None:
            poll = StatusPoll(fetch, self._clock, lambda done: self._forget(key, done))
            self._polls[key] = poll
        queue = poll.join(floor)
        try:
            while True:
                item = await queue.get()
                if item is _END:
                    return
                if isinstance(item, BaseException):
                    raise item
                assert isinstance(item, str)
                yield item
        finally:
            with contextlib.suppress(Exception):
                poll.leave(queue)

    def close(self) -> None:
        """The client is closing: end every poll, and every watcher with an error saying so."""
        for poll in list(self._polls.values()):
            poll.close(MaiaError("Stopped watching: the client was closed"))
        self._polls.clear()

    def _forget(self, key: tuple[str, str], poll: StatusPoll) -> None:
        if self._polls.get(key) is poll:
            del self._polls[key]
