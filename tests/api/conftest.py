from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from maia_tui.api.auth import Backoff
from maia_tui.api.client import MaiaClient
from maia_tui.api.clock import FakeClock
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret


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

    def make(secret: str | None = None, client_id: str | None = None, **kwargs: object) -> MaiaClient:
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("retry_sleep", retry_sleep)
        kwargs.setdefault("backoff", Backoff(base=1.0, cap=30.0, rng=lambda: 0.5))
        client = MaiaClient(
            endpoints,
            client_id or demo_credentials[0],
            Secret(secret if secret is not None else demo_credentials[1]),
            **kwargs,  # type: ignore[arg-type]
        )
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()


JWT_PREFIX = "eyJ"  # every JWT starts with base64 '{"'


@pytest.fixture(autouse=True)
def no_secret_in_logs(caplog: pytest.LogCaptureFixture, demo_credentials):  # type: ignore[no-untyped-def]
    """Every api test runs with DEBUG logging on, and no record may hold a secret or a token."""
    import logging

    caplog.set_level(logging.DEBUG)
    yield
    for record in caplog.records:
        text = record.getMessage()
        assert demo_credentials[1] not in text, f"secret logged by {record.name}"
        assert JWT_PREFIX not in text, f"token logged by {record.name}"
