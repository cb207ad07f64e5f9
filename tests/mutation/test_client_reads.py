"""What MaiaClient's read calls put on the wire and make of the answers (api/client.py), for the
mutants a mutation run found surviving: default pages and sizes, the probe's one-project page,
arguments passed through by the walks, both shapes of a single execution or agent, unusable
status answers, and the timeouts read from the environment.

Requests go to the emulator over loopback through a transport that notes each URL on the way;
answers the emulator never gives (a flat body that also has a `result` object) come from a
transport standing in for the server, as in test_token_answers.py. Expected values are the
contract's (docs: shared/maia-api.md §4-§8) and the product's own words."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from maia_tui.api.client import DEFAULT_TIMEOUT, MaiaClient, timeout_from_environ
from maia_tui.api.errors import ConfigurationError, InvalidResponse
from maia_tui.api.models import Agent, PipelineExecution, Schedule
from tests.mutation.transports import Answering


async def a_project_id(client: MaiaClient) -> str:
    return (await client.list_projects(page=3, size=7)).results[2].id


# ----- what goes on the wire ------------------------------------------------------------------


async def test_the_probe_asks_for_the_first_page_of_one_project(recorded):
    client, transport = recorded
    await client.probe()
    assert transport.queries("/v1/projects") == [{"page": ["0"], "size": ["1"]}]


async def test_every_page_and_size_list_asks_for_page_0_of_25_by_default(recorded):
    client, transport = recorded
    await client.list_projects()
    assert transport.queries("/v1/projects") == [{"page": ["0"], "size": ["25"]}]
    project = await a_project_id(client)
    environment = (await client.list_environments(project)).results[0].name
    execution = (await client.list_executions(project, limit=1)).results[0].pipeline_execution_id
    await client.list_published_pipelines(project, environment)
    await client.list_schedules(project)
    await client.list_steps(project, execution)
    await client.list_agents()
    await client.list_streaming_pipelines(project)
    first_page = {"page": ["0"], "size": ["25"]}
    for path_end in ("/environments", "/schedules", "/steps", "/agents", "/streaming-pipelines"):
        assert transport.queries(path_end) == [first_page], path_end
    assert transport.queries("/published-pipelines") == [{"environmentName": [environment], **first_page}]


async def test_audit_events_ask_for_page_0_of_25_between_the_two_instants(recorded):
    from datetime import UTC, datetime, timedelta, timezone

    client, transport = recorded
    start = datetime(2026, 1, 14, 10, 15, tzinfo=timezone(timedelta(hours=2)))
    await client.list_events(start, datetime(2026, 1, 15, 9, 0, tzinfo=UTC))
    assert transport.queries("/events") == [
        {"from": ["2026-01-14T08:15:00Z"], "to": ["2026-01-15T09:00:00Z"], "page": ["0"], "size": ["25"]}
    ]


async def test_walking_environments_asks_for_pages_of_the_size_given(recorded):
    client, transport = recorded
    project = await a_project_id(client)
    names = [environment.name async for environment in client.iter_environments(project, size=2)]
    queries = transport.queries("/environments")
    assert {q["size"][0] for q in queries} == {"2"}
    assert [q["page"][0] for q in queries] == [str(n) for n in range(len(queries))]
    assert len(names) == len(set(names)) and len(queries) == -(-len(names) // 2)


async def test_walking_executions_passes_its_limit_and_filters_on_every_page(recorded):
    client, transport = recorded
    environment = (await client.list_executions(limit=1)).results[0].environment_name
    seen = []
    async for execution in client.iter_executions(limit=3, status="FAILED", environment_name=environment):
        seen.append(execution)
        if len(seen) == 7:
            break
    assert {(e.status, e.environment_name) for e in seen} == {("FAILED", environment)}
    queries = transport.queries("/v1/pipeline-executions")[1:]
    assert len(queries) == 3  # 7 runs at 3 a page
    for query in queries:
        assert query["limit"] == ["3"] and query["status"] == ["FAILED"]
        assert query["environmentName"] == [environment]
    assert "paginationToken" not in queries[0] and all("paginationToken" in q for q in queries[1:])


# ----- what comes back ------------------------------------------------------------------------


async def test_schedules_come_back_as_schedules(recorded):
    client, _ = recorded
    projects = (await client.list_projects(size=20)).results
    page = max([await client.list_schedules(p.id, size=100) for p in projects], key=lambda page: page.total)
    assert page.results and all(isinstance(schedule, Schedule) for schedule in page.results)
    assert all(schedule.schedule_id and schedule.pipeline_name for schedule in page.results)
    assert any(schedule.cron_expression or schedule.interval_expression for schedule in page.results)


FLAT_EXECUTION: dict[str, Any] = {
    "pipelineExecutionId": "0c6a8d1e-2b4f-4e7a-9d3c-5f1e2a7b8c9d",
    "projectId": "a1b2c3d4-0000-4000-8000-000000000001",
    "pipelineName": "dir/nightly.orch.yaml",
    "environmentName": "Staging",
    "status": "RUNNING",
    "trigger": "API",
    "startedAt": "2026-01-15T09:00:00Z",
    # A flat answer may carry an object of its own under `result`: it is a field, not a wrapper.
    "result": {"status": "SUCCESS", "message": "not the execution"},
}


async def test_a_flat_execution_with_a_result_field_is_read_flat(make_client):
    client = make_client(transport=Answering("/pipeline-executions/0c6a8d1e", FLAT_EXECUTION))
    await client.login()
    execution = await client.get_execution("p", "0c6a8d1e")
    assert isinstance(execution, PipelineExecution)
    assert execution.pipeline_execution_id == "0c6a8d1e-2b4f-4e7a-9d3c-5f1e2a7b8c9d"
    assert (execution.status, execution.pipeline_name) == ("RUNNING", "dir/nightly.orch.yaml")


async def test_a_flat_agent_with_a_result_field_is_read_flat(make_client):
    agent = {"agentId": "agent-77", "name": "eu-west hybrid", "agentStatus": "paused", "result": {"agentId": "x"}}
    client = make_client(transport=Answering("/agents/agent-77", agent))
    await client.login()
    got = await client.get_agent("agent-77")
    assert isinstance(got, Agent) and (got.agent_id, got.name) == ("agent-77", "eu-west hybrid")


async def test_a_flat_status_with_a_result_field_is_read_from_the_top(make_client):
    body = {"pipelineExecutionId": "e-1", "status": "CANCELLING", "result": {"status": "SUCCESS"}}
    client = make_client(transport=Answering("/e-1/status", body))
    await client.login()
    assert await client.get_execution_status("p", "e-1") == "CANCELLING"


@pytest.mark.parametrize(
    "body",
    [
        [{"status": "RUNNING"}],
        {"status": ""},
        {"status": 5},
        {"pipelineExecutionId": "e-1"},
        {"result": {"status": None}},
    ],
    ids=["a list", "empty", "a number", "missing", "null under result"],
)
async def test_an_unusable_status_answer_says_so(make_client, body):
    client = make_client(transport=Answering("/e-1/status", body))
    await client.login()
    with pytest.raises(InvalidResponse) as caught:
        await client.get_execution_status("p", "e-1")
    assert caught.value.message == "The execution status answer has no 'status'"


# ----- timeouts from the environment ----------------------------------------------------------


def test_without_the_variables_the_timeouts_are_5_s_to_connect_and_30_s_to_read():
    assert timeout_from_environ({}) == httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
    assert timeout_from_environ({"MAIA_CONNECT_TIMEOUT": "  ", "MAIA_READ_TIMEOUT": ""}) == DEFAULT_TIMEOUT


def test_the_variables_set_connect_and_pool_and_read_and_write():
    got = timeout_from_environ({"MAIA_CONNECT_TIMEOUT": " 2.5 ", "MAIA_READ_TIMEOUT": "45"})
    assert got == httpx.Timeout(connect=2.5, read=45.0, write=45.0, pool=2.5)
    assert timeout_from_environ({"MAIA_READ_TIMEOUT": "0.25"}) == httpx.Timeout(
        connect=5.0, read=0.25, write=0.25, pool=5.0
    )
    assert timeout_from_environ({"MAIA_CONNECT_TIMEOUT": "9"}) == httpx.Timeout(
        connect=9.0, read=30.0, write=30.0, pool=9.0
    )


def test_the_process_environment_is_read_when_none_is_given(monkeypatch):
    monkeypatch.setenv("MAIA_CONNECT_TIMEOUT", "3")
    monkeypatch.setenv("MAIA_READ_TIMEOUT", "12")
    assert timeout_from_environ() == httpx.Timeout(connect=3.0, read=12.0, write=12.0, pool=3.0)


@pytest.mark.parametrize("raw", ["soon", "0", "-1", "inf", "nan", "1e400"])
@pytest.mark.parametrize("name", ["MAIA_CONNECT_TIMEOUT", "MAIA_READ_TIMEOUT"])
def test_a_timeout_that_is_not_a_positive_number_is_refused_by_name(name, raw):
    with pytest.raises(ConfigurationError) as caught:
        timeout_from_environ({name: raw})
    assert caught.value.message == f"{name} must be a number of seconds greater than 0, not '{raw}'"
