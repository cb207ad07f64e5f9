"""API clients of the shared emulator (or of one given), on the test's FakeClock, and the
credentials they sign in with."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from maia_tui.api.auth import Backoff
from maia_tui.api.client import MaiaClient
from maia_tui.api.clock import FakeClock
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, Emulator

from .clocks import RecordingSleep
from .leaks import PROBE_CLIENT_ID, PROBE_SECRET


@pytest.fixture
def demo_credentials() -> tuple[str, str]:
    return DEMO_CLIENT_ID, DEMO_CLIENT_SECRET


@pytest.fixture
def probe_credentials() -> tuple[str, str]:
    """A client of the shared emulator whose secret can be searched for 6 characters at a time."""
    return PROBE_CLIENT_ID, PROBE_SECRET


def endpoints_of(emu: Emulator) -> Endpoints:
    return Endpoints(api_base=emu.api_base, token_url=emu.token_url, region="custom")


@pytest.fixture
def endpoints(emulator: Emulator) -> Endpoints:
    return endpoints_of(emulator)


@pytest.fixture
async def make_client(
    endpoints: Endpoints, clock: FakeClock, retry_sleep: RecordingSleep, demo_credentials: tuple[str, str]
) -> AsyncIterator[Callable[..., MaiaClient]]:
    made: list[MaiaClient] = []

    def make(
        secret: str | None = None, client_id: str | None = None, *, emulator: Emulator | None = None, **kwargs: Any
    ) -> MaiaClient:
        """A client of the shared emulator, or of `emulator` when given."""
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("retry_sleep", retry_sleep)
        kwargs.setdefault("backoff", Backoff(base=1.0, cap=30.0, rng=lambda: 0.5))
        where = endpoints if emulator is None else endpoints_of(emulator)
        client = MaiaClient(
            where,
            client_id or demo_credentials[0],
            Secret(secret if secret is not None else demo_credentials[1]),
            **kwargs,
        )
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()
