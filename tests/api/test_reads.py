"""The read endpoints of §7-§8 through MaiaClient, against the emulator over loopback.

Where a model is checked against "what the server sent", the same request is made with a bare
httpx client, so `raw` is compared with the server's JSON, not with our own parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import httpx
import pytest

from maia_tui.api.errors import BadRequest, Forbidden
from maia_tui.api.models import Agent, AuditEvent, PipelineExecution, Schedule


async def bare_get(emulator, path: str, **params: object) -> object:  # type: ignore[no-untyped-def]
    """The same request, made without MaiaClient."""
    token = emulator.issue_token()
    async with httpx.AsyncClient() as http:
        answer = await http.get(
            f"{emulator.api_base}/v1{path}", params=params, headers={"Authorization": f"Bearer {token}"}
        )
    assert answer.status_code == 200, answer.text
    return answer.json()


async def test_agents_are_typed_and_keep_the_servers_object(make_client, emulator):
    client = make_client()
    await client.login()
    page = await client.list_agents(page=0, size=3)
    sent = await bare_get(emulator, "/agents", page=0, size=3)
    assert len(page.results) == 3
    assert [a.raw for a in page.results] == sent["results"]
    assert page.raw == sent
    for agent, item in zip(page.results, sent["results"], strict=True):
        assert isinstance(agent, Agent)
        assert agent.agent_id == item["agentId"] and agent.name == item["name"]


async def test_events_always_send_from_and_to_and_fall_inside_them(make_client, emulator):
    client = make_client()
    await client.login()
    end = datetime(2026, 1, 14, 12, 0, tzinfo=UTC)
    start = end - timedelta(days=2)
    page = await client.list_events(start, end, page=0, size=20)
    assert page.results, "the sample account has audit events in any recent 2-day window"
    for event in page.results:
        assert isinstance(event, AuditEvent) and event.event_id
        when = datetime.fromisoformat(event.event_timestamp.replace("Z", "+00:00"))
        assert start <= when < end


async def test_events_outside_any_window_still_send_the_window(make_client, emulator):
    client = make_client()
    await client.login()
    # from after to: the server answers 400 naming the parameters, which proves both were sent
    with pytest.raises(BadRequest, match="'from' must be earlier than 'to'"):
        await client.list_events(datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))


async def test_a_status_filter_narrows_and_cursor_paging_repeats_and_skips_nothing(make_client, emulator):
    client = make_client()
    await client.login()
    filters = {"status": "FAILED", "started_before": datetime(2026, 1, 15, tzinfo=UTC)}
    whole = await client.list_executions(limit=100, **filters)
    assert len(whole.results) == 100 and whole.more, "more than 100 failed runs in the sample account"
    walked: list[PipelineExecution] = []
    cursor = None
    while len(walked) < 100:
        page = await client.list_executions(limit=7, pagination_token=cursor, **filters)
        walked.extend(page.results)
        cursor = page.more
        assert cursor is not None
    ids = [run.pipeline_execution_id for run in walked[:100]]
    assert len(set(ids)) == 100  # no run twice
    assert ids == [run.pipeline_execution_id for run in whole.results]  # and none skipped, same order
    assert {run.status for run in walked} == {"FAILED"}
    started = [run.started_at for run in whole.results]
    assert started == sorted(started, reverse=True)  # newest first
    assert max(started) < "2026-01-15T00:00:00"


async def test_a_pipeline_name_filter_is_partial_and_ignores_case(make_client, emulator):
    client = make_client()
    await client.login()
    first = (await client.list_executions(limit=1)).results[0]
    word = first.pipeline_name.rsplit("/", 1)[-1].split(".")[0]
    page = await client.list_executions(limit=50, pipeline_name=word.upper())
    assert page.results
    assert all(word.lower() in run.pipeline_name.lower() for run in page.results)


async def test_started_after_takes_a_datetime(make_client, emulator):
    client = make_client()
    await client.login()
    newest = (await client.list_executions(limit=1)).results[0]
    cut = datetime.fromisoformat(newest.started_at.replace("Z", "+00:00")) - timedelta(hours=6)
    page = await client.list_executions(limit=100, started_after=cut)
    assert page.results
    assert all(datetime.fromisoformat(r.started_at.replace("Z", "+00:00")) >= cut for r in page.results)


async def test_an_execution_answers_flat_or_wrapped_alike(make_client, emulator):
    client = make_client()
    await client.login()
    runs = (await client.list_executions(limit=4)).results
    for run in runs:  # the emulator wraps every other execution in {"result": ...}
        got = await client.get_execution(run.project_id, run.pipeline_execution_id)
        assert got == run
        assert got.raw["pipelineExecutionId"] == run.pipeline_execution_id


async def test_schedules_keep_their_extra_fields(make_client, emulator):
    client = make_client()
    await client.login()
    project = (await client.list_projects(size=1)).results[0]
    page = await client.list_schedules(project.id, size=10)
    sent = await bare_get(emulator, f"/projects/{project.id}/schedules", page=0, size=10)
    assert [s.raw for s in page.results] == sent["results"]
    for schedule, item in zip(page.results, sent["results"], strict=True):
        assert isinstance(schedule, Schedule)
        assert schedule.last_run_at == item.get("lastRunAt")
        assert schedule.effective_from == item.get("effectiveFrom")
        assert schedule.version_name == item.get("versionName")
        interval = item.get("intervalExpression")
        if interval is None:
            assert schedule.interval_expression is None
        else:
            assert (schedule.interval_expression.interval, schedule.interval_expression.unit) == (
                interval["interval"],
                interval["unit"],
            )


async def test_several_statuses_go_as_a_repeated_parameter(make_client, emulator):
    client = make_client()
    await client.login()
    page = await client.list_executions(limit=100, status=["RUNNING", "FAILED"])
    query = emulator.stats.queries("/dpc/v1/pipeline-executions")[-1]
    assert "status=RUNNING&status=FAILED" in query
    assert page.results and {run.status for run in page.results} <= {"RUNNING", "FAILED"}
    assert {run.status for run in page.results} == {"RUNNING", "FAILED"}, "the sample account has both"


async def test_a_schedule_filter_and_the_time_bounds_go_on_the_wire(make_client, emulator):
    client = make_client()
    await client.login()
    scheduled = [r for r in (await client.list_executions(limit=100, status="SUCCESS")).results if r.schedule_id][0]
    before = datetime(2026, 1, 15, 9, 0, tzinfo=timezone(timedelta(hours=1)))  # 08:00 UTC
    page = await client.list_executions(schedule_id=scheduled.schedule_id, started_before=before, limit=50)
    query = emulator.stats.queries("/dpc/v1/pipeline-executions")[-1]
    assert f"scheduleId={scheduled.schedule_id}" in query
    assert "startedBefore=2026-01-15T08%3A00%3A00Z" in query  # in UTC, with a Z
    assert page.results and all(r.schedule_id == scheduled.schedule_id for r in page.results)
    assert all(r.started_at < "2026-01-15T08:00:00" for r in page.results)


async def test_the_status_endpoint_answers_flat_or_wrapped_alike(make_client, emulator):
    client = make_client()
    await client.login()
    runs = (await client.list_executions(limit=4, status="RUNNING")).results
    runs += (await client.list_executions(limit=12, status="FAILED")).results
    shapes = set()
    for run in runs:
        path = f"/projects/{run.project_id}/pipeline-executions/{run.pipeline_execution_id}/status"
        shapes.add("result" in await bare_get(emulator, path))
        assert await client.get_execution_status(run.project_id, run.pipeline_execution_id) == run.status
    assert [r.status for r in runs] == ["RUNNING"] * 4 + ["FAILED"] * 12
    assert shapes == {True, False}, "the emulator wraps about half of them"


async def test_one_agent_by_id(make_client, emulator):
    client = make_client()
    await client.login()
    listed = (await client.list_agents(size=2)).results[1]
    agent = await client.get_agent(listed.agent_id)
    assert agent == listed and agent.raw == listed.raw
    assert agent.version_details is None or agent.version_details.raw == agent.raw["versionDetails"]


async def test_consumption_sends_days_and_reads_credits(make_client, emulator):
    client = make_client()
    await client.login()
    consumption = await client.get_consumption(date(2026, 1, 10), datetime(2026, 1, 13, 23, 59, tzinfo=UTC))
    query = emulator.stats.queries("/dpc/v1/consumption")[-1]
    assert query == "consumedFrom=2026-01-10&consumedBefore=2026-01-13"  # days, not times
    sent = await bare_get(emulator, "/consumption", consumedFrom="2026-01-10", consumedBefore="2026-01-13")
    assert consumption.raw == sent
    assert [(p.consumed_from, p.consumed_before) for p in consumption.results] == [
        ("2026-01-10", "2026-01-11"),
        ("2026-01-11", "2026-01-12"),
        ("2026-01-12", "2026-01-13"),
    ]
    for period, item in zip(consumption.results, sent["results"], strict=True):
        assert [c.credits for c in period.consumption] == [float(c["credits"]) for c in item["consumption"]]
        assert all(isinstance(c.credits, float) for c in period.consumption)


async def test_streaming_pipelines_of_a_project(make_client, emulator):
    client = make_client()
    await client.login()
    projects = (await client.list_projects(size=20)).results
    for project in projects:
        page = await client.list_streaming_pipelines(project.id)
        if page.results:
            break
    else:
        pytest.fail("no project in the sample account has streaming pipelines")
    sent = await bare_get(emulator, f"/projects/{project.id}/streaming-pipelines", page=0, size=25)
    assert [p.raw for p in page.results] == sent["results"]
    assert all(p.project_id == project.id and p.streaming_pipeline_id for p in page.results)


async def test_denied_areas_are_forbidden_with_a_hint(make_client, emulator):
    client = make_client()
    await client.login()
    emulator.deny = {"events"}
    with pytest.raises(Forbidden) as caught:
        await client.list_events(datetime(2026, 1, 14, tzinfo=UTC), datetime(2026, 1, 15, tzinfo=UTC))
    assert caught.value.status == 403 and "role" in str(caught.value)
