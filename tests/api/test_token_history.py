"""The token refresh history: every exchange of the session, how long it took on the client's
clock, and why a failed one failed."""

from __future__ import annotations

import asyncio

import pytest

from maia_tui.api.errors import ServerError
from maia_tui.api.token_history import TokenHistory
from maia_tui.emulator import Faults
from tests.support import HeldRequests, eventually


async def test_login_refreshes_and_a_failure_are_recorded(make_client, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    held = HeldRequests()
    client = make_client(transport=held)
    await client.login()
    clock.advance(100)
    held.hold(lambda request: request.url.path.endswith("/token"))
    refresh = asyncio.ensure_future(client.tokens.refresh())
    await eventually(lambda: held.held == 1, what="the exchange in flight")
    clock.advance(0.75)  # the exchange takes 0.75 s on the client's clock
    held.release()
    await refresh
    emulator.faults = Faults(server_error_share=1.0, token_endpoint_faults=True)
    clock.advance(10)
    with pytest.raises(ServerError):
        await client.tokens.refresh()
    first, second, third = client.tokens.history()
    assert (first.ok, second.ok, third.ok) == (True, True, False)
    assert first.at.isoformat() == "2026-01-15T09:30:00+00:00"
    assert second.at.isoformat() == "2026-01-15T09:31:40+00:00"
    assert third.at.isoformat() == "2026-01-15T09:31:50.750000+00:00"
    assert second.duration == pytest.approx(0.75)
    assert third.error_kind == "ServerError"
    assert "HTTP 503" in (third.reason or "") and "temporarily unavailable" in (third.reason or "")
    assert first.reason is None


def test_history_is_bounded() -> None:
    from datetime import UTC, datetime

    history = TokenHistory(limit=3)
    for n in range(5):
        history.succeeded(datetime(2026, 1, 1, 0, 0, n, tzinfo=UTC), n)
    assert [r.duration for r in history.records()] == [2, 3, 4]
