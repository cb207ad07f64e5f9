"""Every read endpoint's shape, its 404s, and the sample data's variety."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import pytest

from maia_tui.api.models import Environment, PipelineExecution, Project, PublishedPipeline, Schedule, Step, parse
from maia_tui.emulator import EmulatorConfig, running_emulator
from tests.support import bearer

ISO_WITH_ZONE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def is_iso(value: str) -> bool:
    return bool(ISO_WITH_ZONE.match(value)) and datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


@pytest.fixture(scope="module")
def projects(shared_emu):
    import httpx

    with httpx.Client() as client:
        body = client.get(shared_emu.api_base + "/v1/projects", params={"size": 100}, headers=bearer(shared_emu)).json()
    return body["results"]


def test_projects_are_uuid_ids_with_names_and_descriptions(projects):
    for item in projects:
        parse(Project, item)
        assert uuid.UUID(item["id"]).version == 4
        assert " – " in item["name"]
    assert len({p["name"] for p in projects}) == len(projects)
    assert any(p["description"] is None for p in projects)
    assert any(p["description"] for p in projects)


def test_environments_have_default_agents(api, projects):
    counts = set()
    for project in projects[:40]:
        body = api(f"/v1/projects/{project['id']}/environments").json()
        counts.add(body["total"])
        for env in body["results"]:
            parse(Environment, env)
            assert env["defaultAgentId"] and env["defaultAgentName"].endswith(tuple("0123456789"))
    assert counts <= {1, 2, 3, 4} and len(counts) >= 3


def test_published_pipelines_per_environment(api, projects):
    project = next(p for p in projects if api(f"/v1/projects/{p['id']}/environments").json()["total"] >= 2)
    envs = [e["name"] for e in api(f"/v1/projects/{project['id']}/environments").json()["results"]]
    sizes = []
    for env in envs:
        body = api(f"/v1/projects/{project['id']}/published-pipelines", environmentName=env, size=100).json()
        sizes.append(body["total"])
        for item in body["results"]:
            parse(PublishedPipeline, item)
            assert re.match(r"^[a-z_]+/[a-z0-9_]+\.(orch|tran)\.yaml$", item["name"])
            assert is_iso(item["publishedTime"])
        assert len({i["name"] for i in body["results"]}) == body["total"]
    assert sizes[0] >= sizes[-1] >= 1  # development publishes at least what production has


def test_published_pipelines_need_a_known_environment(api, projects):
    path = f"/v1/projects/{projects[0]['id']}/published-pipelines"
    missing = api(path)
    assert missing.status_code == 400 and "environmentName" in missing.json()["detail"]
    unknown = api(path, environmentName="no-such-env")
    assert unknown.status_code == 404 and "no-such-env" in unknown.json()["detail"]


def test_schedules_have_quartz_crons_or_intervals_and_the_extra_fields(api, projects):
    schedules = []
    for project in projects[:30]:
        schedules += api(f"/v1/projects/{project['id']}/schedules").json()["results"]
    assert schedules
    now = datetime(2026, 1, 15, 9, 23, tzinfo=UTC)  # the shared emulator's frozen clock
    kinds = set()
    for item in schedules:
        parse(Schedule, item)
        if "cronExpression" in item:
            kinds.add("cron")
            assert len(item["cronExpression"].split()) in (6, 7)  # Quartz has seconds
            assert "intervalExpression" not in item
        else:
            kinds.add("interval")
            assert item["intervalExpression"]["interval"] >= 1
            assert item["intervalExpression"]["unit"] in ("MINUTES", "HOURS", "DAYS")
        assert item["cronTimezone"]
        assert is_iso(item["effectiveFrom"])
        assert isinstance(item["scalarVariables"], dict) and item["gridVariables"] == {}
        assert item["versionName"]
        assert ("nextRunAt" in item) == item["scheduleEnabled"]
        assert ("lastRunAt" in item) == item["scheduleEnabled"]  # every schedule began before 2026
        if item["scheduleEnabled"]:
            assert when(item["lastRunAt"]) <= now < when(item["nextRunAt"])
    assert kinds == {"cron", "interval"}
    assert {True, False} == {s["scheduleEnabled"] for s in schedules}


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_agents_have_the_section_8_fields(api):
    body = api("/v1/agents").json()
    assert body["total"] == 2 + 140 // 30
    for agent in body["results"]:
        assert {
            "agentId",
            "name",
            "description",
            "agentStatus",
            "agentType",
            "cloudProvider",
            "deployment",
            "connected",
            "enableAutoUpdates",
            "versionDetails",
        } <= set(agent)
        assert agent["agentStatus"] in ("running", "stopped", "paused", "pending", "stopping", "pausing", "unknown")
        assert agent["agentType"] in ("data_productivity_cloud", "streaming")
        assert agent["cloudProvider"] in ("aws", "azure", "gcp", "snowflake")
        assert {"agentVersion", "agentUpdateAvailable", "trackName"} <= set(agent["versionDetails"])
    one = body["results"][3]
    assert api(f"/v1/agents/{one['agentId']}").json() == one
    missing = api("/v1/agents/7d8f4c2e-0000-4000-8000-000000000000")
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"


def test_streaming_pipelines(api, projects):
    found = []
    for project in projects[:12]:
        body = api(f"/v1/projects/{project['id']}/streaming-pipelines").json()
        assert body["total"] == len(body["results"])
        for item in body["results"]:
            assert item["projectId"] == project["id"]
            assert {"streamingPipelineId", "name", "agentId", "streamingSource", "streamingTarget"} <= set(item)
        found += body["results"]
    assert found


def _newest_executions(api, limit=100):
    return api("/v1/pipeline-executions", limit=limit).json()["results"]


def test_execution_items_have_the_documented_fields(api):
    for item in _newest_executions(api):
        parse(PipelineExecution, item)
        assert {
            "pipelineExecutionId",
            "projectId",
            "pipelineName",
            "pipelineType",
            "environmentName",
            "status",
            "trigger",
            "startedAt",
        } <= set(item)
        assert is_iso(item["startedAt"])
        assert ("finishedAt" in item) == (item["status"] not in ("RUNNING", "CANCELLING"))
        if item["trigger"] == "SCHEDULE":
            assert item["scheduleId"]


def test_execution_detail_is_flat_for_even_and_wrapped_for_odd(api):
    shapes = set()
    for item in _newest_executions(api, limit=6):
        body = api(f"/v1/projects/{item['projectId']}/pipeline-executions/{item['pipelineExecutionId']}").json()
        if "result" in body:
            shapes.add("wrapped")
            assert body == {"result": item}
        else:
            shapes.add("flat")
            assert body == item
    assert shapes == {"flat", "wrapped"}


def test_execution_detail_of_another_project_is_404(api, projects):
    item = _newest_executions(api, limit=1)[0]
    other = next(p["id"] for p in projects if p["id"] != item["projectId"])
    response = api(f"/v1/projects/{other}/pipeline-executions/{item['pipelineExecutionId']}")
    assert response.status_code == 404


def test_steps_page_and_show_child_pipelines(api):
    children = 0
    for item in _newest_executions(api, limit=40):
        path = f"/v1/projects/{item['projectId']}/pipeline-executions/{item['pipelineExecutionId']}/steps"
        body = api(path, size=100).json()
        assert body["total"] == len(body["results"]) >= 1
        for step in body["results"]:
            parse(Step, step)
            assert step["result"]["status"] and is_iso(step["result"]["startedAt"])
            if "childPipeline" in step:
                children += 1
                assert step["childPipeline"]["id"] and step["childPipeline"]["name"].endswith(".yaml")
        last = body["results"][-1]["result"]["status"]
        expected = {"RUNNING": "RUNNING", "CANCELLING": "RUNNING"}.get(item["status"], item["status"])
        assert last == expected
        if item["status"] == "FAILED":
            assert body["results"][-1]["result"]["message"] == item["message"]
        if body["total"] > 2:
            assert api(path, page=1, size=2).json()["results"] == body["results"][2:4]
    assert children > 0


@pytest.mark.parametrize(
    "path",
    [
        "/v1/projects/{random}/environments",
        "/v1/projects/not-a-uuid/schedules",
        "/v1/projects/{random}/published-pipelines?environmentName=prod",
        "/v1/projects/{project}/pipeline-executions/{random}",
        "/v1/projects/{project}/pipeline-executions/{random}/steps",
        "/v1/projects/{project}",
        "/v1/no-such-thing",
    ],
)
def test_unknown_resources_are_404_problems(api, projects, path):
    response = api(path.format(random=uuid.uuid4(), project=projects[0]["id"]))
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404 and response.json()["detail"]


def test_project_ids_of_another_seed_are_404(api, http):
    with running_emulator(EmulatorConfig(projects=140, seed=8)) as other:
        foreign = http.get(other.api_base + "/v1/projects", headers=bearer(other)).json()["results"][0]["id"]
    assert api(f"/v1/projects/{foreign}/environments").status_code == 404


def test_events_need_from_and_to(api):
    for params in ({}, {"from": "2026-01-14T00:00:00Z"}, {"to": "2026-01-14T00:00:00Z"}):
        response = api("/v1/events", **params)
        assert response.status_code == 400 and response.json()["violations"]
    assert api("/v1/events", **{"from": "yesterday", "to": "2026-01-14T00:00:00Z"}).status_code == 400
    assert api("/v1/events", **{"from": "2026-01-15T00:00:00Z", "to": "2026-01-14T00:00:00Z"}).status_code == 400


def test_events_in_a_window_newest_first(api):
    window = {"from": "2026-01-14T00:00:00Z", "to": "2026-01-15T00:00:00Z"}
    body = api("/v1/events", size=100, **window).json()
    assert 190 <= body["total"] <= 210  # one event every seven minutes
    times = [e["eventTimestamp"] for e in body["results"]]
    assert times == sorted(times, reverse=True)
    assert all("2026-01-14T" in t for t in times)
    assert {"eventId", "eventName", "eventTimestamp", "actorEmail", "eventSubjectName"} <= set(body["results"][0])
    last_page = api("/v1/events", page=body["total"] // 100, size=100, **window).json()
    assert len(last_page["results"]) == body["total"] % 100
    # A '+' sent unencoded arrives as a space and is still understood.
    shifted = {"from": "2026-01-14T01:00:00 01:00", "to": "2026-01-15T00:00:00Z"}
    assert api("/v1/events", **shifted).json()["total"] == body["total"]


def test_events_older_than_90_days_before_the_data_are_gone(api):
    assert api("/v1/events", **{"from": "2025-01-01T00:00:00Z", "to": "2025-02-01T00:00:00Z"}).json()["total"] == 0


def test_hostile_names_for_hardening(http):
    with running_emulator(EmulatorConfig(projects=30, hostile_names=True)) as emu:
        items = http.get(emu.api_base + "/v1/projects", params={"size": 30}, headers=bearer(emu)).json()["results"]
    text = "\n".join(f"{p['name']}\n{p['description'] or ''}" for p in items)
    for needle in ("\x1b[31m", "\x1b]0;pwned\x07", "[bold red]oops[/]", "[link=http://x]", "\x00", "\x9b"):
        assert needle in text
    assert max(len(p["description"] or "") for p in items) == 10_000
    assert sum("\x1b" in p["name"] for p in items) >= 2


def test_hostile_mode_also_sends_statuses_outside_the_docs(http):
    with running_emulator(
        EmulatorConfig(projects=30, hostile_names=True, frozen_at=datetime(2026, 6, 1, 9, tzinfo=UTC))
    ) as emu:
        headers = bearer(emu)
        agents = http.get(emu.api_base + "/v1/agents", headers=headers).json()["results"]
        running = http.get(
            emu.api_base + "/v1/pipeline-executions", params={"status": "RUNNING", "limit": 100}, headers=headers
        ).json()["results"]
        queued = []
        for run in running:
            path = f"/v1/projects/{run['projectId']}/pipeline-executions/{run['pipelineExecutionId']}/steps"
            queued += [
                s
                for s in http.get(emu.api_base + path, headers=headers).json()["results"]
                if s["result"]["status"] == "QUEUED"
            ]
    assert "hibernating" in {a["agentStatus"] for a in agents}
    assert queued and all("startedAt" not in s["result"] for s in queued)


def test_plain_names_have_no_control_characters(api):
    items = api("/v1/projects", size=100).json()["results"]
    assert not any(re.search(r"[\x00-\x1f\x7f-\x9f\[]", p["name"]) for p in items)
