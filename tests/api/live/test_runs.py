"""Running and cancelling pipelines (contract §9) against a living emulator: one confirmation
never starts two runs, and every refusal is an error a person can act on."""

from __future__ import annotations

import pytest

from maia_tui.api.errors import (
    AlreadyFinished,
    Forbidden,
    NotFound,
    OutcomeUnknown,
    PipelineDisabled,
    RunConflict,
)
from maia_tui.api.runs import TAG_PREFIX
from tests.support import RUN_SECONDS, Live


def posted(live: Live) -> list[object]:
    """The bodies of the run requests the server received."""
    return [r.body for r in live.emu.stats.requests if r.method == "POST" and r.path.endswith("/pipeline-executions")]


async def status_of(live: Live, run_id: str) -> str:
    return await live.client.get_execution_status(live.project_id, run_id)


async def test_a_run_sends_exactly_its_preview_and_starts_one_running_run(live: Live):
    body = live.client.run_request_body(
        live.pipeline, live.environment, scalar_variables={"region": "eu-west-1"}, version_name="v12"
    )
    assert body == {
        "pipelineName": live.pipeline,
        "environmentName": live.environment,
        "executionTag": body["executionTag"],
        "scalarVariables": {"region": "eu-west-1"},
        "versionName": "v12",
    }
    assert body["executionTag"].startswith(TAG_PREFIX) and len(body["executionTag"]) > len(TAG_PREFIX) + 16
    started = await live.client.run_pipeline(
        live.project_id,
        live.pipeline,
        live.environment,
        execution_tag=body["executionTag"],
        scalar_variables={"region": "eu-west-1"},
        version_name="v12",
    )
    assert started.body == body and started.execution_tag == body["executionTag"]
    assert not started.resolved_after_conflict
    assert posted(live) == [body]  # what the server got is what the preview showed
    assert [run.execution_id for run in live.written()] == [started.pipeline_execution_id]
    assert await status_of(live, started.pipeline_execution_id) == "RUNNING"


async def test_every_run_gets_its_own_generated_tag(live: Live):
    first = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    second = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    assert first.execution_tag != second.execution_tag
    assert first.pipeline_execution_id != second.pipeline_execution_id


async def test_a_duplicate_tag_is_a_run_conflict(live: Live):
    await live.client.run_pipeline(live.project_id, live.pipeline, live.environment, execution_tag="nightly-7")
    with pytest.raises(RunConflict) as caught:
        await live.client.run_pipeline(live.project_id, live.pipeline, live.environment, execution_tag="nightly-7")
    error = caught.value
    assert error.status == 409
    assert "'nightly-7'" in str(error) and "already running" in str(error)
    assert "another execution tag" in str(error)  # what to do
    assert "nightly-7" in error.detail  # the server's own words, kept
    assert len(live.written()) == 1
    assert live.retry_sleep.waits == []  # a 409 is an answer, not a reason to retry


async def test_a_disabled_pipeline_is_410(live: Live):
    assert live.disabled is not None, "the sample project publishes a disabled pipeline"
    with pytest.raises(PipelineDisabled) as caught:
        await live.client.run_pipeline(live.project_id, live.disabled, live.environment)
    assert caught.value.status == 410
    assert "disabled" in str(caught.value) and "enable it" in str(caught.value)
    assert live.written() == []


async def test_an_unknown_pipeline_is_404_and_says_what_to_check(live: Live):
    with pytest.raises(NotFound) as caught:
        await live.client.run_pipeline(live.project_id, "nope/missing.orch.yaml", live.environment)
    assert caught.value.status == 404
    assert "published to that environment" in str(caught.value)
    assert "region" not in str(caught.value)  # not the projects list's hint


async def test_a_credential_without_the_run_role_is_403(live: Live):
    live.emu.deny = {"run"}
    with pytest.raises(Forbidden) as caught:
        await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    assert caught.value.status == 403 and "role that may run pipelines" in str(caught.value)


async def test_a_connection_dropped_after_the_server_accepted_leaves_exactly_one_run(live: Live):
    live.emu.drop_after_accepting_runs(1)
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    runs = live.written()
    assert len(runs) == 1
    assert started.pipeline_execution_id == runs[0].execution_id
    assert started.resolved_after_conflict
    assert live.posts() == 2  # the first try (accepted, answer lost) and the retry (409)
    assert await status_of(live, started.pipeline_execution_id) == "RUNNING"


async def test_without_a_tag_a_lost_answer_is_never_sent_again(live: Live):
    live.emu.drop_after_accepting_runs(1)
    with pytest.raises(OutcomeUnknown) as caught:
        await live.client.run_pipeline(live.project_id, live.pipeline, live.environment, execution_tag="")
    assert "may have started" in str(caught.value) and "runs list" in str(caught.value)
    assert live.posts() == 1
    assert len(live.written()) == 1
    assert "executionTag" not in posted(live)[0]


async def test_a_run_refused_at_the_door_is_sent_again_even_without_a_tag(live: Live):
    live.emu.faults.rate_limit_share = 0.5  # every second request from here is a 429: the POST
    live.emu.faults.retry_after = "3"
    await live.client.list_projects(size=1)
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment, execution_tag="")
    assert live.retry_sleep.waits == [3.0]
    assert live.posts() == 2  # refused with 429 (nothing started), then sent again and accepted
    assert [run.execution_id for run in live.written()] == [started.pipeline_execution_id]


async def test_cancel_goes_through_cancelling_to_cancelled(live: Live):
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    run_id = started.pipeline_execution_id
    assert await live.client.cancel_execution(live.project_id, run_id) == run_id
    received = [r.body for r in live.emu.stats.requests if r.method == "PATCH"]
    assert received == [{"status": "CANCELLED", "forceUpdate": False}]
    assert await status_of(live, run_id) == "CANCELLING"
    live.clock.advance(6)
    assert await status_of(live, run_id) == "CANCELLED"


async def test_a_forced_cancel_ends_at_once(live: Live):
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    run_id = started.pipeline_execution_id
    await live.client.cancel_execution(live.project_id, run_id, force=True)
    assert [r.body for r in live.emu.stats.requests if r.method == "PATCH"] == [
        {"status": "CANCELLED", "forceUpdate": True}
    ]
    assert await status_of(live, run_id) == "CANCELLED"


async def test_cancelling_a_finished_run_is_already_finished(live: Live):
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    live.clock.advance(RUN_SECONDS + 1)
    assert await status_of(live, started.pipeline_execution_id) == "SUCCESS"
    with pytest.raises(AlreadyFinished) as caught:
        await live.client.cancel_execution(live.project_id, started.pipeline_execution_id)
    assert caught.value.status == 409 and "already finished" in str(caught.value)
    assert "Reload the run to see how it ended." in str(caught.value)


async def test_a_cancel_whose_answer_is_lost_is_not_sent_again(live: Live):
    started = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    live.emu.faults.drop_share = 1.0
    with pytest.raises(OutcomeUnknown):
        await live.client.cancel_execution(live.project_id, started.pipeline_execution_id)
    assert live.emu.stats.requests_by_path[live.path("pipeline-executions", started.pipeline_execution_id)] == 1
    assert live.retry_sleep.waits == []


async def test_a_run_needs_a_pipeline_and_an_environment(live: Live):
    with pytest.raises(ValueError, match="pipeline name"):
        live.client.run_request_body("", live.environment)
    with pytest.raises(ValueError, match="environment name"):
        await live.client.run_pipeline(live.project_id, live.pipeline, "")
    assert live.posts() == 0


async def test_cursor_paging_under_a_filter_repeats_and_skips_nothing_while_the_clock_moves(live: Live):
    """Runs keep starting while a list is walked page by page: the walk shows the runs that were
    there when it began, each once, in order; new runs appear only on a fresh first page."""
    filters = {"environment_name": live.environment, "project_id": live.project_id}
    whole = await live.client.list_executions(limit=100, **filters)
    assert len(whole.results) >= 30, "a month of runs in one environment"
    walked = []
    cursor = None
    while len(walked) < len(whole.results):
        page = await live.client.list_executions(limit=7, pagination_token=cursor, **filters)
        walked += page.results
        cursor = page.more
        live.clock.advance(600)  # ten minutes between pages: new runs start meanwhile
        assert cursor is not None
    ids = [run.pipeline_execution_id for run in walked[: len(whole.results)]]
    assert ids == [run.pipeline_execution_id for run in whole.results]
    assert all(run.environment_name == live.environment for run in walked)
    fresh = await live.client.list_executions(limit=100, **filters)
    assert fresh.results[0].started_at > whole.results[0].started_at  # the walk did not show these
