"""The client's mutation tests share one signed-in client whose every request is noted."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from maia_tui.api.client import MaiaClient
from tests.mutation.transports import Recording


@pytest.fixture
async def recorded(make_client: Callable[..., MaiaClient]) -> tuple[MaiaClient, Recording]:
    transport = Recording()
    client = make_client(transport=transport)
    await client.login()
    return client, transport
