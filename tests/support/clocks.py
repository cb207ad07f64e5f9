"""Time in tests: the test's FakeClock (`@pytest.mark.clock(start=...)` starts it elsewhere), an
account clock of its own, stand-ins for retry sleeps, a hand-moved wall clock, a local zone."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from maia_tui.api.clock import FakeClock


def _clock_from_marker(request: pytest.FixtureRequest) -> FakeClock:
    marker = request.node.get_closest_marker("clock")
    return FakeClock(*marker.args, **marker.kwargs) if marker else FakeClock()


@pytest.fixture
def clock(request: pytest.FixtureRequest) -> FakeClock:
    """The test's FakeClock, new for every test; `@pytest.mark.clock(start=datetime(...))` (on a
    test or as a module's `pytestmark`) takes FakeClock's arguments."""
    return _clock_from_marker(request)


@pytest.fixture
def account_clock(request: pytest.FixtureRequest) -> FakeClock:
    """A second FakeClock starting where `clock` does, for an emulated account the test moves
    apart from the app (`@pytest.mark.emulator_config(moves_with="account_clock")`)."""
    return _clock_from_marker(request)


class RecordingSleep:
    """Stands in for the retry sleep so 429 and backoff waits are measured, not waited."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def retry_sleep() -> RecordingSleep:
    return RecordingSleep()


class NoWait:
    """Stands in for the client's retry sleep (429 waits, quick retries): records the wait and
    only yields to the loop, so a storm of `Retry-After: 1` costs no real seconds."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


@pytest.fixture
def no_wait() -> NoWait:
    return NoWait()


async def no_sleep(seconds: float) -> None:
    return None


class WallClock:
    """A wall clock the test moves by hand, for token expiry."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def central_european_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time one hour ahead of UTC (a POSIX rule: no tz database needed), so a screen
    that shows both differs visibly; the zone is put back afterwards."""
    monkeypatch.setenv("TZ", "CET-1")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
