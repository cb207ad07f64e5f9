"""`MaiaClient.request`, the raw request behind `maia-tui api`: any path and status answered as it
came, through the token, the request budget and the retry policy; only a GET is sent twice."""

from __future__ import annotations

import pytest

from maia_tui.api.errors import OutcomeUnknown


async def test_any_status_comes_back_as_the_server_answered(make_client, emulator):
    client = make_client()
    await client.login()
    response = await client.request("GET", "/projects", params={"size": "3", "page": "4"})
    assert response.status_code == 200 and response.json()["page"] == 4
    missing = await client.request("get", "/nowhere", headers={"account-id": "acct-7"})
    assert missing.status_code == 404 and missing.json()["status"] == 404
    (sent,) = [r for r in emulator.stats.requests if r.path == "/dpc/v1/nowhere"]
    assert sent.headers["account-id"] == "acct-7"


async def test_it_takes_a_slot_of_the_request_budget(make_client, emulator):
    client = make_client()
    await client.login()
    before = client.budget.granted
    for _ in range(3):
        await client.request("GET", "/agents")
    assert client.budget.granted - before == 3


async def test_a_get_is_retried_after_a_503_and_a_patch_is_not(make_client, emulator, retry_sleep):
    client = make_client()
    await client.login()
    emulator.faults.server_error_share = 1.0
    counts = emulator.stats.requests_by_path
    before = counts["/dpc/v1/agents"], counts["/dpc/v1/projects/p/pipeline-executions/e"]
    answer = await client.request("GET", "/agents")
    assert answer.status_code == 503 and retry_sleep.waits == [0.2, 0.4]
    answer = await client.request("PATCH", "/projects/p/pipeline-executions/e", json={"status": "CANCELLED"})
    assert answer.status_code == 503
    after = counts["/dpc/v1/agents"], counts["/dpc/v1/projects/p/pipeline-executions/e"]
    assert (after[0] - before[0], after[1] - before[1]) == (3, 1)


async def test_a_dropped_write_is_reported_as_maybe_done(make_client, emulator):
    client = make_client()
    await client.login()
    emulator.faults.drop_share = 1.0
    before = emulator.stats.requests_by_path["/dpc/v1/projects/p/pipeline-executions"]
    with pytest.raises(OutcomeUnknown):
        await client.request("POST", "/projects/p/pipeline-executions", json={"pipelineName": "x"})
    assert emulator.stats.requests_by_path["/dpc/v1/projects/p/pipeline-executions"] - before == 1


async def test_a_path_is_relative_to_v1(make_client):
    with pytest.raises(ValueError, match="starts with '/'"):
        await make_client().request("GET", "projects")
