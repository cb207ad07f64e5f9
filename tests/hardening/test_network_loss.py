"""The server goes away mid-session and comes back on the same port: the client reports a
network error naming the host, then works again by itself — with a new token if needed."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from maia_tui.api.auth import Backoff, TokenState
from maia_tui.api.client import MaiaClient
from maia_tui.api.clock import FakeClock
from maia_tui.api.errors import NetworkError
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorConfig, running_emulator
from tests.support import eventually


async def test_requests_fail_clearly_while_offline_and_work_again_after():
    clock = FakeClock()
    with running_emulator(EmulatorConfig(projects=60)) as emu:
        endpoints = Endpoints(api_base=emu.api_base, token_url=emu.token_url)

        async def no_wait(_: float) -> None:
            return None

        async with MaiaClient(
            endpoints, DEMO_CLIENT_ID, Secret(DEMO_CLIENT_SECRET), clock=clock, retry_sleep=no_wait
        ) as client:
            token = await client.login()
            assert (await client.list_projects()).total == 60
            emu.stop()
            with pytest.raises(NetworkError, match="127.0.0.1"):
                await client.list_projects(page=1)
            # While offline the token dies; the refresh fails and backs off.
            clock.advance(token.expires_in - 10)
            await eventually(lambda: client.tokens.status().state is TokenState.FAILING, what="failing refresh")
            assert isinstance(client.tokens.status().last_error, NetworkError)
            emu.start()  # same port
            clock.advance(client.tokens.status().next_retry_in + 0.01)
            await eventually(lambda: client.tokens.status().state is TokenState.VALID, what="recovery")
            page = await client.list_projects(page=1)
            assert page.page == 1 and page.total == 60


async def test_connection_health_records_the_outage_and_the_probe_backoff():
    clock = FakeClock()
    with running_emulator(EmulatorConfig(projects=10)) as emu:
        endpoints = Endpoints(api_base=emu.api_base, token_url=emu.token_url)

        async def no_wait(_: float) -> None:
            return None

        draws = itertools.cycle([0.0, 1.0, 0.5])
        async with MaiaClient(
            endpoints,
            DEMO_CLIENT_ID,
            Secret(DEMO_CLIENT_SECRET),
            clock=clock,
            retry_sleep=no_wait,
            reconnect_backoff=Backoff(base=1.0, cap=4.0, rng=lambda: next(draws)),
        ) as client:
            changes: list[bool] = []
            client.health.subscribe(lambda status: changes.append(status.online))
            await client.login()
            await client.probe()
            assert client.health.online and changes == []  # answering is not news
            emu.stop()
            with pytest.raises(NetworkError):
                await client.probe()
            status = client.health.status()
            assert not status.online and status.failures == 1 and status.offline_since == clock.now()
            assert "Could not connect to 127.0.0.1" in status.last_error.message
            clock.advance(7)
            assert client.health.status().offline_for == 7

            delays = []
            for _ in range(3):  # capped exponential backoff with jitter between probes
                waiting = asyncio.ensure_future(client.health.wait_for_retry())
                await eventually(lambda: client.health.status().next_retry_in is not None, what="a planned retry")
                delays.append(client.health.status().next_retry_in)
                clock.advance(delays[-1])
                await waiting
            assert delays == [0.5, 2.0, 3.0]  # ceilings 1, 2, 4 (cap 4): half plus the jitter's share

            emu.start()
            waiting = asyncio.ensure_future(client.health.wait_for_retry())
            await eventually(lambda: client.health.status().next_retry_in is not None, what="a planned retry")
            await client.probe()  # any answer ends the outage, and the wait with it
            await asyncio.wait_for(waiting, 1.0)
            assert client.health.online and client.health.status().failures == 0
            assert changes[0] is False and changes[-1] is True
