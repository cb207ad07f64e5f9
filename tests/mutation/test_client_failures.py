"""How MaiaClient behaves around failures (api/client.py), for the mutants a mutation run found
surviving: a token refresh that failed for lack of a network is tried again as soon as the API
answers again (and only then), a write whose answer was lost keeps the failure's host and detail,
and a page of which no item can be read says why. Against the emulator over loopback, with the
client's FakeClock: nothing waits for real."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from maia_tui.api.auth import Backoff, TokenState
from maia_tui.api.errors import InvalidResponse, NetworkError, OutcomeUnknown, ServerError
from tests.mutation.transports import Answering
from tests.support import eventually, settle

LONG_BACKOFF = Backoff(base=600.0, cap=600.0, rng=lambda: 1.0)  # a planned retry 10 minutes away


async def failing_refresh(client, emulator, clock, *, dropped: bool) -> int:
    """Sign in, then let the background refresh fail: the token endpoint drops the connection
    (a NetworkError) or answers 5xx (a ServerError). Returns the token requests so far."""
    await client.login()
    emulator.faults.token_endpoint_faults = True
    if dropped:
        emulator.faults.drop_share = 1.0
    else:
        emulator.faults.server_error_share = 1.0
    clock.advance(1800 - 10)  # past the refresh point; the old token is still good for 10 s
    await eventually(lambda: client.tokens.status().state is TokenState.FAILING, what="the failed refresh")
    await eventually(lambda: client.tokens.status().next_retry_in is not None, what="the planned retry")
    assert client.tokens.status().next_retry_in == pytest.approx(600.0)
    return emulator.stats.token_requests


async def test_a_refresh_that_failed_offline_is_tried_again_when_the_api_answers_again(make_client, emulator, clock):
    client = make_client(backoff=LONG_BACKOFF)
    before = await failing_refresh(client, emulator, clock, dropped=True)
    assert isinstance(client.tokens.status().last_error, NetworkError)
    # The API is unreachable too: going offline is no reason to try the token endpoint again.
    emulator.faults.token_endpoint_faults = False
    with pytest.raises(NetworkError):
        await client.probe()
    assert not client.health.status().online
    await settle()
    assert emulator.stats.token_requests == before
    # The network is back: the refresh is tried now, not in ten minutes.
    emulator.faults.drop_share = 0.0
    await client.probe()
    await eventually(lambda: client.tokens.status().state is TokenState.VALID, what="the refresh after reconnecting")
    assert emulator.stats.token_requests == before + 1


async def test_a_refresh_refused_by_a_server_error_keeps_its_backoff_when_the_api_answers_again(
    make_client, emulator, clock
):
    client = make_client(backoff=LONG_BACKOFF)
    before = await failing_refresh(client, emulator, clock, dropped=False)
    assert isinstance(client.tokens.status().last_error, ServerError)
    emulator.faults.server_error_share = 0.0
    emulator.faults.token_endpoint_faults = False
    emulator.faults.drop_share = 1.0
    with pytest.raises(NetworkError):
        await client.probe()
    emulator.faults.drop_share = 0.0
    await client.probe()  # back online: the token endpoint's own failure is not a network's
    assert client.health.status().online
    await settle()
    assert emulator.stats.token_requests == before
    assert client.tokens.status().next_retry_in == pytest.approx(600.0)


async def test_a_cancel_whose_answer_was_lost_keeps_the_host_and_the_words_of_the_failure(make_client, emulator):
    client = make_client()
    await client.login()
    run = (await client.list_executions(status="RUNNING", limit=1)).results[0]
    emulator.faults.drop_share = 1.0
    with pytest.raises(OutcomeUnknown) as caught:
        await client.cancel_execution(run.project_id, run.pipeline_execution_id)
    assert caught.value.host == "127.0.0.1"
    assert caught.value.message.startswith("The connection to 127.0.0.1:")
    # What httpx said about the drop, when it said anything: a reset connection often comes as a
    # ReadError with no words (transport_error then gives no detail); this failed CI once so.
    assert caught.value.detail is None or caught.value.detail in str(caught.value)


async def test_a_page_of_which_no_item_can_be_read_says_so_with_the_first_reason(make_client):
    body = {"page": 0, "size": 25, "total": 2, "results": [{"name": "no id"}, {"id": 12, "name": "number id"}]}
    client = make_client(transport=Answering("/v1/projects", body))
    await client.login()
    with pytest.raises(InvalidResponse) as caught:
        await client.list_projects()
    assert caught.value.message == "None of the 2 items could be read: Missing field Project[0].id"


async def test_requests_while_a_failed_refresh_backs_off_send_the_token_endpoint_nothing(make_client, emulator, clock):
    client = make_client(backoff=LONG_BACKOFF)
    before = await failing_refresh(client, emulator, clock, dropped=False)
    emulator.faults.server_error_share = 0.0
    for _ in range(5):  # past the refresh point, with a token still good for 10 s
        assert (await client.list_projects()).total == 140
    await settle()
    assert emulator.stats.token_requests == before
    clock.advance(600)  # the planned retry
    await eventually(lambda: client.tokens.status().state is TokenState.VALID, what="the planned retry")
    assert emulator.stats.token_requests == before + 1


async def test_a_cancel_that_runs_out_of_time_may_have_arrived(make_client, emulator, clock):
    client = make_client(timeout=httpx.Timeout(connect=5.0, read=20.0, write=20.0, pool=5.0))
    await client.login()
    run = (await client.list_executions(status="RUNNING", limit=1)).results[0]
    path = f"/dpc/v1/projects/{run.project_id}/pipeline-executions/{run.pipeline_execution_id}"
    before = emulator.stats.requests_by_path[path]  # the shared emulator counts for the session
    emulator.faults.latency_ms = 60_000  # the server takes a minute: the client gives up first
    await eventually(lambda: clock.sleepers == 1, what="the token refresh loop asleep")
    cancel = asyncio.ensure_future(client.cancel_execution(run.project_id, run.pipeline_execution_id))
    await eventually(lambda: emulator.stats.requests_by_path[path] == before + 1, what="the cancel at the server")
    await eventually(lambda: clock.sleepers == 2, what="the cancel's time limit on the clock")
    clock.advance(20.1)
    with pytest.raises(OutcomeUnknown) as caught:  # sent, so it may have been done: never sent again
        await cancel
    assert caught.value.message == "127.0.0.1 did not answer within 20 s (the whole request, retries included)"
    assert emulator.stats.requests_by_path[path] == before + 1


async def test_a_negative_page_is_refused_before_anything_is_sent(make_client, emulator):
    client = make_client()
    await client.login()
    before = emulator.stats.api_requests
    with pytest.raises(ValueError) as caught:
        await client.list_agents(page=-1)
    assert str(caught.value) == "page numbers start at 0"
    assert emulator.stats.api_requests == before
