"""The server goes away mid-session and comes back on the same port: the client reports a
network error naming the host, then works again by itself — with a new token if needed."""

from __future__ import annotations

import pytest

from maia_tui.api.auth import TokenState
from maia_tui.api.client import MaiaClient
from maia_tui.api.clock import FakeClock
from maia_tui.api.errors import NetworkError
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorConfig, running_emulator
from tests.helpers import eventually


async def test_requests_fail_clearly_while_offline_and_work_again_after():
    clock = FakeClock()
    with running_emulator(EmulatorConfig(projects=60)) as emu:
        endpoints = Endpoints(api_base=emu.api_base, token_url=emu.token_url)

        async def no_wait(_: float) -> None:
            return None

        async with MaiaClient(endpoints, DEMO_CLIENT_ID, Secret(DEMO_CLIENT_SECRET), clock=clock,
                              retry_sleep=no_wait) as client:
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
