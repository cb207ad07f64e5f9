"""Shared fixtures: a real emulator on loopback, and a guard that no secret leaks into logs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime

import keyring
import pytest

from maia_tui.api.auth import Backoff
from maia_tui.api.client import MaiaClient
from maia_tui.api.clock import FakeClock
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorConfig, Faults, running_emulator
from tests.credentials.fakes import MemoryKeyring
from tests.helpers import PROBE_CLIENT_ID, PROBE_SECRET, assert_no_secret, render_traceback

# The shared emulator's account clock: a FakeClock at this instant, new for every test, so reads
# repeat exactly unless a test moves it (`emulator.clock.advance(20)`).
SESSION_NOW = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="session")
def session_emulator() -> Iterator[object]:
    clients = {DEMO_CLIENT_ID: DEMO_CLIENT_SECRET, PROBE_CLIENT_ID: PROBE_SECRET}
    config = EmulatorConfig(projects=140, seed=7, clients=clients, clock=FakeClock(SESSION_NOW))
    with running_emulator(config) as emu:
        yield emu


@pytest.fixture
def emulator(session_emulator):  # type: ignore[no-untyped-def]
    """The shared emulator with every fault knob off, every client allowed again, and its account
    as new: knobs (deny, run outcome, drops after accepting a run) off, nothing written, and a
    fresh FakeClock at SESSION_NOW that the test may advance."""
    session_emulator.faults = Faults()
    session_emulator.restore_clients()
    session_emulator.reset_account(FakeClock(SESSION_NOW))
    yield session_emulator
    session_emulator.faults = Faults()
    session_emulator.restore_clients()
    session_emulator.reset_account()


@pytest.fixture
def demo_credentials() -> tuple[str, str]:
    return DEMO_CLIENT_ID, DEMO_CLIENT_SECRET


@pytest.fixture
def probe_credentials() -> tuple[str, str]:
    """A client of the shared emulator whose secret can be searched for 6 characters at a time."""
    return PROBE_CLIENT_ID, PROBE_SECRET


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Everything logged at DEBUG by any logger (ours, httpx, httpcore) during the test."""
    caplog.set_level(logging.DEBUG)
    return caplog


class RecordingSleep:
    """Stands in for the retry sleep so 429 and backoff waits are measured, not waited."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def endpoints(emulator) -> Endpoints:  # type: ignore[no-untyped-def]
    return Endpoints(api_base=emulator.api_base, token_url=emulator.token_url, region="custom")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def retry_sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
async def make_client(endpoints, clock, retry_sleep, demo_credentials) -> AsyncIterator[Callable[..., MaiaClient]]:  # type: ignore[no-untyped-def]
    made: list[MaiaClient] = []

    def make(
        secret: str | None = None, client_id: str | None = None, *, emulator: object = None, **kwargs: object
    ) -> MaiaClient:
        """A client of the shared emulator, or of `emulator` when given."""
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("retry_sleep", retry_sleep)
        kwargs.setdefault("backoff", Backoff(base=1.0, cap=30.0, rng=lambda: 0.5))
        where = endpoints
        if emulator is not None:
            where = Endpoints(api_base=emulator.api_base, token_url=emulator.token_url, region="custom")  # type: ignore[attr-defined]
        client = MaiaClient(
            where,
            client_id or demo_credentials[0],
            Secret(secret if secret is not None else demo_credentials[1]),
            **kwargs,  # type: ignore[arg-type]
        )
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


@pytest.fixture
def no_secret_in_logs(caplog: pytest.LogCaptureFixture, demo_credentials):  # type: ignore[no-untyped-def]
    """DEBUG logging on for the test, and afterwards no record (message or attached traceback)
    may hold a 6-character run of the probe secret, the whole demo secret (its runs are English
    words), nor anything that looks like a token."""
    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.records:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += render_traceback(record.exc_info[1], show_locals=False)
        assert demo_credentials[1] not in text, f"the demo secret logged by {record.name}"
        assert_no_secret(text, PROBE_SECRET, what=f"a log record of {record.name}")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring, set explicitly with keyring.set_keyring and put back exactly as it
    was afterwards, so no test can reach the machine's real keyring."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
