"""How MaiaClient retries (api/client.py `_request` with api/retry.py's policy), for the mutants a
mutation run found surviving: the pauses between tries (0.2 s, then 0.4 s: the policy's linear
backoff, two retries), which failures count as "maybe sent", and a write refused before it
left, which is sent again even without an execution tag. Against the emulator over loopback;
the pauses are recorded, not slept."""

from __future__ import annotations

import pytest

from maia_tui.api.client import MaiaClient
from maia_tui.api.errors import NetworkError
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret

PAUSES = [0.2, 0.4]  # RetryPolicy: backoff 0.2 s x the try number, two retries


async def test_a_dropped_read_is_tried_three_times_and_is_a_network_error(make_client, emulator, retry_sleep):
    client = make_client()
    await client.login()
    before = emulator.stats.requests_by_path["/dpc/v1/agents"]
    emulator.faults.drop_share = 1.0
    with pytest.raises(NetworkError) as caught:
        await client.list_agents()
    # A read may always be sent again: never "the outcome is unknown", which is for writes.
    assert type(caught.value) is NetworkError
    assert retry_sleep.waits == PAUSES
    assert emulator.stats.requests_by_path["/dpc/v1/agents"] == before + 3


async def test_a_write_refused_before_it_left_is_sent_again_and_said_not_sent(
    emulator, clock, retry_sleep, demo_credentials, refusing_port
):
    endpoints = Endpoints(api_base=f"http://127.0.0.1:{refusing_port}/dpc", token_url=emulator.token_url)
    async with MaiaClient(
        endpoints, demo_credentials[0], Secret(demo_credentials[1]), clock=clock, retry_sleep=retry_sleep
    ) as client:
        await client.login()
        with pytest.raises(NetworkError) as caught:  # no tag: only a try that surely never left is repeated
            await client.run_pipeline("p", "dir/load.orch.yaml", "Production", execution_tag="")
    assert type(caught.value) is NetworkError  # not "may have started": nothing reached a server
    assert caught.value.message == f"Could not connect to 127.0.0.1:{refusing_port}"
    assert retry_sleep.waits == PAUSES
