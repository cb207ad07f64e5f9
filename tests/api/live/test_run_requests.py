"""What a run or cancel request sends and how every answer to it is read (contract §9), to the
word: the body carries each field given, the retried run is looked up with exactly the filters
runs.py documents, and each refusal says what happened and what to do in the product's own text.

Most answers come from the living emulator. The few it never gives (HTTP 300, an accepted run
without an id, a cancel confirming another id) come from a proxy in the way: a transport that
forwards every request to the emulator and replaces the answer of the one request under test."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from maia_tui.api.auth import Backoff
from maia_tui.api.client import MaiaClient
from maia_tui.api.errors import (
    Forbidden,
    InvalidResponse,
    NotFound,
    OutcomeUnknown,
    PipelineDisabled,
    RunConflict,
    ServerError,
)
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from tests.support import Live, RecordingSleep

CLIENT_LOG = "maia_tui.api.client"
EXECUTIONS_LIST = "/dpc/v1/pipeline-executions"  # GET /v1/pipeline-executions (contract §7)


def posted(live: Live) -> list[object]:
    """The bodies of the run requests the server received."""
    return [r.body for r in live.emu.stats.requests if r.method == "POST" and r.path.endswith("/pipeline-executions")]


def started_ids(live: Live) -> list[str]:
    """The ids of the runs started through the API, oldest first, as the emulator keeps them."""
    return list(live.emu.store.written)


def server(live: Live) -> str:
    """How the client names the emulator in its messages: host and port."""
    return urlsplit(live.emu.api_base).netloc


def messages(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == CLIENT_LOG and r.levelno == level]


# ----- a proxy in the way ----------------------------------------------------------------

Rewrite = Callable[[int, Any], tuple[int, Any]]


class Proxy(httpx.AsyncBaseTransport):
    """Forwards every request to the emulator; the answer to a `method` request on a
    pipeline-executions path is replaced by `rewrite(status, json)` of the emulator's answer."""

    def __init__(self, method: str, rewrite: Rewrite) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.method = method
        self.rewrite = rewrite

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method != self.method or "/pipeline-executions" not in request.url.path:
            return response
        content = await response.aread()
        await response.aclose()
        status, body = self.rewrite(response.status_code, httpx.Response(200, content=content).json())
        return httpx.Response(status, json=body)

    async def aclose(self) -> None:
        await self.inner.aclose()


@asynccontextmanager
async def behind(live: Live, method: str, rewrite: Rewrite) -> AsyncIterator[MaiaClient]:
    """A second client of the same account and clock whose requests pass the proxy."""
    client = MaiaClient(
        Endpoints(api_base=live.emu.api_base, token_url=live.emu.token_url),
        DEMO_CLIENT_ID,
        Secret(DEMO_CLIENT_SECRET),
        clock=live.clock,
        transport=Proxy(method, rewrite),
        retry_sleep=RecordingSleep(),
        backoff=Backoff(base=1.0, cap=30.0, rng=lambda: 0.5),
    )
    async with client:
        await client.login()
        yield client


def answering(status: int | None = None, body: Any = ...) -> Rewrite:
    """Replace the status and/or the body (`...` keeps the emulator's)."""
    return lambda got_status, got_body: (
        got_status if status is None else status,
        got_body if body is ... else body,
    )


# ----- what a run sends ------------------------------------------------------------------


async def test_a_run_sends_the_agent_the_grid_and_every_other_field_given(live: Live):
    expected = {
        "pipelineName": live.pipeline,
        "environmentName": live.environment,
        "agentId": "agent-eu-west-7",
        "executionTag": "nightly-load-31",
        "scalarVariables": {"region": "eu-west-1", "batch": "42"},
        "gridVariables": {"targets": [["orders", "eu"], ["refunds", "us"]]},
        "versionName": "release-2026.04",
    }
    started = await live.client.run_pipeline(
        live.project_id,
        live.pipeline,
        live.environment,
        agent_id="agent-eu-west-7",
        execution_tag="nightly-load-31",
        scalar_variables={"region": "eu-west-1", "batch": "42"},
        grid_variables={"targets": [["orders", "eu"], ["refunds", "us"]]},
        version_name="release-2026.04",
    )
    assert posted(live) == [expected]
    assert started.body == expected
    assert started.execution_tag == "nightly-load-31"
    assert not started.resolved_after_conflict
    assert started_ids(live) == [started.pipeline_execution_id]


async def test_the_debug_log_names_a_run_as_a_post_and_a_cancel_as_a_patch(
    live: Live, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG, logger=CLIENT_LOG)
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    run_id = started.pipeline_execution_id
    await live.client.cancel_execution(live.project_id, run_id, force=True)
    logged = messages(caplog, logging.DEBUG)
    assert f"POST /dpc/v1/projects/{live.project_id}/pipeline-executions -> 201" in logged
    assert f"PATCH /dpc/v1/projects/{live.project_id}/pipeline-executions/{run_id} -> 200" in logged


# ----- refusals, word for word ----------------------------------------------------------


async def test_a_lost_answer_without_a_tag_says_to_look_in_the_runs_list(live: Live):
    live.emu.drop_after_accepting_runs(1)
    with pytest.raises(OutcomeUnknown) as caught:
        await live.client.run_pipeline(live.project_id, live.pipeline, live.environment, execution_tag="")
    assert caught.value.hint == (
        "The run may have started: look for it in the runs list before running the pipeline again"
    )
    assert str(caught.value).endswith(
        " The run may have started: look for it in the runs list before running the pipeline again."
    )
    assert live.posts() == 1


async def test_a_tag_already_running_is_a_conflict_naming_pipeline_environment_and_tag(live: Live):
    await live.client.run_pipeline(live.project_id, live.pipeline, live.environment, execution_tag="hourly-9")
    with pytest.raises(RunConflict) as caught:
        await live.client.run_pipeline(live.project_id, live.pipeline, live.environment, execution_tag="hourly-9")
    error = caught.value
    assert error.message == (
        f"A run of '{live.pipeline}' in environment '{live.environment}' with execution tag 'hourly-9'"
        " is already running (HTTP 409)"
    )
    assert error.status == 409
    assert error.hint == (
        "Wait for that run to finish, or run again with another execution tag (an empty tag field gets a new one)"
    )


async def test_a_disabled_pipeline_is_named_with_its_environment(live: Live):
    assert live.disabled is not None, "the sample project publishes a disabled pipeline"
    with pytest.raises(PipelineDisabled) as caught:
        await live.client.run_pipeline(live.project_id, live.disabled, live.environment)
    error = caught.value
    assert error.message == f"The pipeline '{live.disabled}' in environment '{live.environment}' is disabled (HTTP 410)"
    assert f"'{live.disabled}' in environment '{live.environment}'" in str(error)
    assert error.status == 410
    assert error.hint == "Enable it in the Designer (or publish it again), then run it"


async def test_an_unknown_pipeline_says_to_check_where_it_is_published(live: Live):
    with pytest.raises(NotFound) as caught:
        await live.client.run_pipeline(live.project_id, "nope/missing.orch.yaml", live.environment)
    error = caught.value
    assert (
        error.message
        == f"No pipeline 'nope/missing.orch.yaml' in environment '{live.environment}' in this project (HTTP 404)"
    )
    assert error.status == 404
    assert error.hint == "Check that the pipeline is published to that environment and the names are spelled as shown"
    assert str(error).endswith(
        " Check that the pipeline is published to that environment and the names are spelled as shown."
    )
    assert live.written() == []


async def test_a_credential_without_the_run_role_says_which_role_it_needs(live: Live):
    live.emu.deny = {"run"}
    with pytest.raises(Forbidden) as caught:
        await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    error = caught.value
    assert error.message == f"Not allowed to run '{live.pipeline}' in environment '{live.environment}' (HTTP 403)"
    assert error.status == 403
    assert error.hint == "The credential needs a role that may run pipelines in this project and environment"
    assert str(error).endswith(" The credential needs a role that may run pipelines in this project and environment.")
    assert live.written() == []


async def test_a_run_the_server_keeps_failing_is_a_server_error(live: Live):
    live.emu.faults.server_error_share = 1.0
    with pytest.raises(ServerError) as caught:
        await live.client.run_pipeline(live.project_id, live.pipeline, live.environment, execution_tag="t-503")
    error = caught.value
    assert error.status == 503
    assert error.message == (
        f"{server(live)} failed on POST /dpc/v1/projects/{live.project_id}/pipeline-executions (HTTP 503)"
    )
    assert live.posts() == 3  # the try and its two retries (a tagged run may be sent again)
    assert live.written() == []


@pytest.mark.parametrize("status", [300, 301])
async def test_a_run_answered_with_a_3xx_is_not_taken_as_started(live: Live, status: int):
    async with behind(live, "POST", answering(status=status)) as client:  # the id kept in the body
        with pytest.raises(InvalidResponse) as caught:
            await client.run_pipeline(live.project_id, live.pipeline, live.environment)
    error = caught.value
    assert error.status == status
    assert error.message == (
        f"{server(live)} answered POST /dpc/v1/projects/{live.project_id}/pipeline-executions"
        f" with unexpected HTTP {status}"
    )


@pytest.mark.parametrize(
    "answer",
    [{}, {"pipelineExecutionId": ""}, {"pipelineExecutionId": 7}, {"pipelineExecutionId": None}, [], "started"],
    ids=["no-id", "empty-id", "number-id", "null-id", "a-list", "a-string"],
)
async def test_an_accepted_run_without_an_id_is_an_invalid_response(live: Live, answer: Any):
    async with behind(live, "POST", answering(body=answer)) as client:
        with pytest.raises(InvalidResponse) as caught:
            await client.run_pipeline(live.project_id, live.pipeline, live.environment)
    assert caught.value.message == "The run was accepted but the answer has no 'pipelineExecutionId'"
    assert str(caught.value).startswith("The run was accepted but the answer has no 'pipelineExecutionId'.")
    assert len(live.written()) == 1  # it did start: only the answer was wrong


# ----- a retry whose 409 is the first try's run ------------------------------------------


async def test_a_retry_after_a_lost_answer_finds_the_first_try_with_the_documented_filters(
    live: Live, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, logger=CLIENT_LOG)
    live.clock.advance(90)  # the first try at 12:01:30 UTC; the window opens a minute earlier
    live.emu.drop_after_accepting_runs(1)
    started = await live.client.run_pipeline(
        live.project_id,
        live.pipeline,
        live.environment,
        execution_tag="retry-me-5",
        scalar_variables={"day": "2026-04-02"},
    )
    [run_id] = started_ids(live)  # one run: the first try's, whose answer was lost
    assert started.pipeline_execution_id == run_id
    assert started.execution_tag == "retry-me-5"
    assert started.body == {
        "pipelineName": live.pipeline,
        "environmentName": live.environment,
        "executionTag": "retry-me-5",
        "scalarVariables": {"day": "2026-04-02"},
    }
    assert started.resolved_after_conflict
    assert live.posts() == 2
    assert [parse_qs(query, strict_parsing=True) for query in live.emu.stats.queries(EXECUTIONS_LIST)] == [
        {
            "projectId": [live.project_id],
            "limit": ["100"],
            "pipelineName": [live.pipeline],
            "environmentName": [live.environment],
            "status": ["RUNNING"],
            "startedAfter": ["2026-04-02T12:00:30Z"],
        }
    ]
    assert messages(caplog, logging.INFO) == [
        f"run request retried after a lost answer; the first try's run is {run_id}"
    ]


async def test_a_retry_that_cannot_tell_which_running_run_is_ours_says_so(live: Live):
    other = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment, execution_tag="other-1")
    live.clock.advance(5)
    live.emu.drop_after_accepting_runs(1)
    with pytest.raises(RunConflict) as caught:
        await live.client.run_pipeline(live.project_id, live.pipeline, live.environment, execution_tag="mine-2")
    error = caught.value
    assert error.message == (
        f"The run of '{live.pipeline}' in '{live.environment}' started (a retry after a lost answer got"
        " HTTP 409 for tag 'mine-2'), but 2 running runs match and it cannot be told which"
    )
    assert error.status == 409
    assert error.hint == "Find it in the runs list (newest first) instead of running the pipeline again"
    assert str(error).endswith(" Find it in the runs list (newest first) instead of running the pipeline again.")
    assert len(started_ids(live)) == 2 and started_ids(live)[0] == other.pipeline_execution_id


async def test_a_run_retried_after_a_503_takes_the_409_to_its_retry_as_its_own_first_try(live: Live):
    # A 503 may come from a proxy after the server took the run: the retry's 409 for the same
    # tag is then looked up as the first try's run, not reported as somebody else's conflict.
    first = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment, execution_tag="nightly-7")
    live.emu.faults.server_error_share = 0.5  # every second request from here answers 503
    await live.client.list_projects(size=1)  # the first one passes; the run's first try will not
    again = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment, execution_tag="nightly-7")
    assert again.resolved_after_conflict
    assert again.pipeline_execution_id == first.pipeline_execution_id
    assert started_ids(live) == [first.pipeline_execution_id]
    assert live.retry_sleep.waits == [0.2, 0.2]  # the POST after its 503, the lookup after its 503


# ----- cancel ----------------------------------------------------------------------------


async def test_cancelling_an_execution_the_project_does_not_have_is_not_found(live: Live):
    missing = "0f0e0d0c-0b0a-4908-8706-050403020100"
    with pytest.raises(NotFound) as caught:
        await live.client.cancel_execution(live.project_id, missing, force=True)
    error = caught.value
    assert error.status == 404
    assert error.message == (
        f"{server(live)} found nothing at PATCH /dpc/v1/projects/{live.project_id}/pipeline-executions/{missing}"
        " (HTTP 404)"
    )
    assert [r.body for r in live.emu.stats.requests if r.method == "PATCH"] == [
        {"status": "CANCELLED", "forceUpdate": True}
    ]


@pytest.mark.parametrize("status", [300, 301])
async def test_a_cancel_answered_with_a_3xx_is_not_taken_as_confirmed(live: Live, status: int):
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    run_id = started.pipeline_execution_id
    async with behind(live, "PATCH", answering(status=status)) as client:  # the id kept in the body
        with pytest.raises(InvalidResponse) as caught:
            await client.cancel_execution(live.project_id, run_id)
    error = caught.value
    assert error.status == status
    assert error.message == (
        f"{server(live)} answered PATCH /dpc/v1/projects/{live.project_id}/pipeline-executions/{run_id}"
        f" with unexpected HTTP {status}"
    )


async def test_a_cancel_returns_the_id_the_server_confirms(live: Live):
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    confirmed = "11111111-2222-4333-8444-555555555555"
    async with behind(live, "PATCH", answering(body={"pipelineExecutionId": confirmed})) as client:
        assert await client.cancel_execution(live.project_id, started.pipeline_execution_id) == confirmed


@pytest.mark.parametrize(
    "answer",
    [{}, {"pipelineExecutionId": ""}, {"pipelineExecutionId": 7}, {"pipelineExecutionId": None}, [], "cancelled"],
    ids=["no-id", "empty-id", "number-id", "null-id", "a-list", "a-string"],
)
async def test_a_cancel_confirmed_without_a_usable_id_returns_the_id_asked_for(live: Live, answer: Any):
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    run_id = started.pipeline_execution_id
    async with behind(live, "PATCH", answering(body=answer)) as client:
        assert await client.cancel_execution(live.project_id, run_id) == run_id
    assert [r.body for r in live.emu.stats.requests if r.method == "PATCH"] == [
        {"status": "CANCELLED", "forceUpdate": False}
    ]
