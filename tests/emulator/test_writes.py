"""Run and cancel (§9) on a FakeClock, the knobs other tests use (deny, run outcome, a drop after
a run was accepted, recorded queries), and the 400s that name the parameter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from maia_tui.api.clock import FakeClock
from maia_tui.emulator import Emulator, EmulatorConfig, Faults, running_emulator
from tests.support import EmulatorApi, bearer

START = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.fixture(scope="module")
def writable_clock() -> FakeClock:
    """The writable emulator's account clock, for the whole module: runs written by one test are
    reset, but time only moves forward."""
    return FakeClock(START)


@pytest.fixture(scope="module")
def _writable(writable_clock: FakeClock) -> Iterator[Emulator]:
    with running_emulator(EmulatorConfig(projects=12, seed=3, clock=writable_clock, run_seconds=20)) as emu:
        yield emu


@pytest.fixture
def api(_writable: Emulator, http: httpx.Client) -> Iterator[EmulatorApi]:
    _writable.reset()
    yield EmulatorApi(_writable, http)
    _writable.reset()


@pytest.fixture(scope="module")
def target(_writable: Emulator) -> dict[str, str]:
    """A project, an environment and a pipeline published there that can run."""
    with httpx.Client() as http:
        api = EmulatorApi(_writable, http)
        project = api.get("/v1/projects").json()["results"][0]["id"]
        env = api.get(f"/v1/projects/{project}/environments").json()["results"][0]["name"]
        names = [
            p["name"]
            for p in api.get(f"/v1/projects/{project}/published-pipelines", environmentName=env, size=100).json()[
                "results"
            ]
        ]
    pipeline = next(n for n in names if "export_to_salesforce" not in n)
    return {"project": project, "environment": env, "pipeline": pipeline}


def start(api: EmulatorApi, target: dict[str, str], **extra: object) -> httpx.Response:
    body = {"pipelineName": target["pipeline"], "environmentName": target["environment"], **extra}
    return api.post(f"/v1/projects/{target['project']}/pipeline-executions", body)


def detail(api: EmulatorApi, target: dict[str, str], execution_id: str) -> dict:
    body = api.get(f"/v1/projects/{target['project']}/pipeline-executions/{execution_id}").json()
    return body.get("result", body)


def test_a_run_starts_running_progresses_and_succeeds_within_run_seconds(api, target, writable_clock):
    response = start(api, target, executionTag="nightly-fix-1")
    assert response.status_code == 201 and set(response.json()) == {"pipelineExecutionId"}
    run_id = response.json()["pipelineExecutionId"]
    run = detail(api, target, run_id)
    assert run["status"] == "RUNNING" and "finishedAt" not in run
    assert (run["trigger"], run["pipelineName"], run["environmentName"]) == (
        "API",
        target["pipeline"],
        target["environment"],
    )
    assert when(run["startedAt"]) == writable_clock.now()
    newest = api.get("/v1/pipeline-executions", projectId=target["project"], limit=1).json()["results"][0]
    assert newest["pipelineExecutionId"] == run_id
    steps_path = f"/v1/projects/{target['project']}/pipeline-executions/{run_id}/steps"
    assert api.get(steps_path).json()["results"][-1]["result"]["status"] == "RUNNING"
    writable_clock.advance(19.9)
    assert detail(api, target, run_id)["status"] == "RUNNING"
    writable_clock.advance(0.1)
    done = detail(api, target, run_id)
    assert done["status"] == "SUCCESS" and when(done["finishedAt"]) - when(done["startedAt"]) == timedelta(seconds=20)
    assert {s["result"]["status"] for s in api.get(steps_path).json()["results"]} == {"SUCCESS"}


def test_the_status_endpoint_follows_the_run(api, target, writable_clock):
    run_id = start(api, target).json()["pipelineExecutionId"]
    path = f"/v1/projects/{target['project']}/pipeline-executions/{run_id}/status"

    def status() -> str:
        body = api.get(path).json()
        return body.get("result", body)["status"]

    assert status() == "RUNNING"
    writable_clock.advance(20)
    assert status() == "SUCCESS"


@pytest.mark.parametrize("outcome", ["FAILED", "CANCELLED", "SKIPPED", "UNKNOWN"])
def test_the_next_run_outcome_knob(api, target, writable_clock, outcome):
    api.emu.next_run_outcome = outcome
    run_id = start(api, target).json()["pipelineExecutionId"]
    writable_clock.advance(20)
    run = detail(api, target, run_id)
    assert run["status"] == outcome and run["finishedAt"]
    if outcome == "FAILED":
        steps = api.get(f"/v1/projects/{target['project']}/pipeline-executions/{run_id}/steps").json()["results"]
        assert steps[-1]["result"]["status"] == "FAILED" and steps[-1]["result"]["message"] == run["message"]


def test_a_duplicate_tag_while_running_is_409(api, target, writable_clock):
    first = start(api, target, executionTag="release-42")
    assert first.status_code == 201
    again = start(api, target, executionTag="release-42")
    assert again.status_code == 409 and again.headers["content-type"] == "application/problem+json"
    assert "release-42" in again.json()["detail"] and first.json()["pipelineExecutionId"] in again.json()["detail"]
    assert start(api, target, executionTag="release-43").status_code == 201  # another tag is fine
    writable_clock.advance(20)
    assert start(api, target, executionTag="release-42").status_code == 201  # the first one has finished


def test_a_disabled_pipeline_is_410(api):
    for project in api.get("/v1/projects", size=100).json()["results"]:
        for env in api.get(f"/v1/projects/{project['id']}/environments").json()["results"]:
            names = api.get(
                f"/v1/projects/{project['id']}/published-pipelines", environmentName=env["name"], size=100
            ).json()["results"]
            disabled = [p["name"] for p in names if p["name"].split("/")[-1].startswith("export_to_salesforce.")]
            if disabled:
                body = {"pipelineName": disabled[0], "environmentName": env["name"]}
                refused = problem(api.post(f"/v1/projects/{project['id']}/pipeline-executions", body))
                assert (refused["status"], refused["title"], refused["type"]) == (410, "Gone", PROBLEM_TYPE + "gone")
                assert "disabled" in refused["detail"]
                return
    pytest.fail("no disabled pipeline in the sample account")


def test_unknown_pipeline_environment_or_project_is_404(api, target):
    path = f"/v1/projects/{target['project']}/pipeline-executions"
    no_pipeline = api.post(path, {"pipelineName": "nope/missing.orch.yaml", "environmentName": target["environment"]})
    assert no_pipeline.status_code == 404 and "nope/missing.orch.yaml" in no_pipeline.json()["detail"]
    no_env = api.post(path, {"pipelineName": target["pipeline"], "environmentName": "moon"})
    assert no_env.status_code == 404 and "moon" in no_env.json()["detail"]
    no_project = api.post("/v1/projects/7d8f4c2e-0000-4000-8000-000000000000/pipeline-executions", {})
    assert no_project.status_code == 404


def test_a_run_needs_its_fields_and_json(api, target):
    path = f"/v1/projects/{target['project']}/pipeline-executions"
    missing = api.post(path, {"pipelineName": target["pipeline"]})
    assert missing.status_code == 400 and missing.json()["violations"] == ["environmentName: must not be blank"]
    garbage = api.http.post(
        api.url(path), content=b"{not json", headers={**api.headers, "content-type": "application/json"}
    )
    assert garbage.status_code == 400 and garbage.json()["violations"] == ["body: invalid JSON"]


def test_a_credential_without_the_role_gets_403(api, target):
    api.emu.faults = Faults(forbidden="role")
    response = start(api, target)
    assert response.status_code == 403 and "role" in response.json()["detail"]
    assert api.emu.store.written == {}


def test_cancel_passes_through_cancelling(api, target, writable_clock):
    run_id = start(api, target).json()["pipelineExecutionId"]
    path = f"/v1/projects/{target['project']}/pipeline-executions/{run_id}"
    writable_clock.advance(3)
    response = api.patch(path, {"status": "CANCELLED", "forceUpdate": False})
    assert response.status_code == 200 and response.json() == {"pipelineExecutionId": run_id}
    assert detail(api, target, run_id)["status"] == "CANCELLING"
    writable_clock.advance(4.9)
    assert detail(api, target, run_id)["status"] == "CANCELLING"
    writable_clock.advance(0.1)
    cancelled = detail(api, target, run_id)
    assert cancelled["status"] == "CANCELLED" and when(cancelled["finishedAt"]) == writable_clock.now()
    again = api.patch(path, {"status": "CANCELLED", "forceUpdate": False})
    assert again.status_code == 409 and "already finished" in again.json()["detail"]


def test_force_cancels_at_once_even_a_derived_run(api, writable_clock):
    running = api.get("/v1/pipeline-executions", status="RUNNING", limit=1).json()["results"][0]
    path = f"/v1/projects/{running['projectId']}/pipeline-executions/{running['pipelineExecutionId']}"
    assert api.patch(path, {"status": "CANCELLED", "forceUpdate": True}).status_code == 200
    body = api.get(path).json()
    body = body.get("result", body)
    assert body["status"] == "CANCELLED" and when(body["finishedAt"]) == writable_clock.now()


@pytest.mark.parametrize(
    ("body", "violation"),
    [
        ({"status": "CANCELLED"}, "forceUpdate: must not be null"),
        ({"forceUpdate": False}, "status: must not be null"),
        ({"status": "RUNNING", "forceUpdate": False}, "status: must be CANCELLED"),
    ],
)
def test_cancel_needs_status_and_force_update(api, target, body, violation):
    run_id = start(api, target).json()["pipelineExecutionId"]
    response = api.patch(f"/v1/projects/{target['project']}/pipeline-executions/{run_id}", body)
    assert response.status_code == 400 and violation in response.json()["violations"]


def test_a_drop_after_the_run_was_accepted_leaves_exactly_one_run(api, target):
    api.emu.drop_after_accepting_runs(1)
    with pytest.raises(httpx.TransportError):
        start(api, target, executionTag="retry-safe-1")
    retry = start(api, target, executionTag="retry-safe-1")
    assert retry.status_code == 409  # the retry is refused: the first attempt did start a run
    mine = [r for r in api.emu.store.written.values() if r.pipeline == target["pipeline"]]
    assert len(mine) == 1
    listed = api.get("/v1/pipeline-executions", projectId=target["project"], status="RUNNING", limit=100).json()
    assert sum(r["pipelineExecutionId"] == mine[0].execution_id for r in listed["results"]) == 1


def test_written_runs_are_bounded(api, target, writable_clock):
    api.emu.store.limit = 3
    made = []
    for _ in range(5):
        made.append(start(api, target).json()["pipelineExecutionId"])
        writable_clock.advance(1)
    assert list(api.emu.store.written) == made[2:]
    oldest = api.get(f"/v1/projects/{target['project']}/pipeline-executions/{made[0]}")
    assert oldest.status_code == 404


@pytest.mark.parametrize(
    ("area", "path", "params"),
    [
        ("events", "/v1/events", {"from": "2026-05-01T00:00:00Z", "to": "2026-05-02T00:00:00Z"}),
        ("consumption", "/v1/consumption", {"consumedFrom": "2026-05-01", "consumedBefore": "2026-05-02"}),
        ("agents", "/v1/agents", {}),
        ("executions", "/v1/pipeline-executions", {}),
    ],
)
def test_a_denied_area_is_403_and_the_others_still_answer(api, area, path, params):
    assert api.get(path, **params).status_code == 200
    api.emu.deny = {area}
    denied = api.get(path, **params)
    assert denied.status_code == 403 and denied.headers["content-type"] == "application/problem+json"
    assert denied.json()["status"] == 403 and denied.json()["detail"].startswith("Access denied")
    assert api.get("/v1/projects").status_code == 200
    if area == "events":
        assert "View Audit Events" in denied.json()["detail"]


def test_run_and_cancel_can_be_denied(api, target):
    api.emu.deny = {"run"}
    assert start(api, target).status_code == 403
    api.emu.deny = set()
    run_id = start(api, target).json()["pipelineExecutionId"]
    api.emu.deny = {"cancel"}
    path = f"/v1/projects/{target['project']}/pipeline-executions/{run_id}"
    assert api.patch(path, {"status": "CANCELLED", "forceUpdate": True}).status_code == 403


def test_account_id_header_is_accepted_and_ignored(api):
    plain = api.get("/v1/agents").json()
    with_header = api.http.get(api.url("/v1/agents"), headers={**api.headers, "account-id": "12345"})
    assert with_header.status_code == 200 and with_header.json() == plain


def test_each_request_is_recorded_with_its_query_and_body(api, target):
    api.emu.stats.reset()
    api.get("/v1/pipeline-executions", status=["RUNNING", "FAILED"], pipelineName="load")
    start(api, target, executionTag="recorded-1")
    assert api.emu.stats.queries("/dpc/v1/pipeline-executions") == ["status=RUNNING&status=FAILED&pipelineName=load"]
    post = api.emu.stats.requests[-1]
    assert post.method == "POST" and post.body["executionTag"] == "recorded-1"


def test_consumption_per_day_and_its_required_dates(api):
    body = api.get("/v1/consumption", consumedFrom="2026-05-01", consumedBefore="2026-05-04").json()
    assert [(p["consumedFrom"], p["consumedBefore"]) for p in body["results"]] == [
        ("2026-05-01", "2026-05-02"),
        ("2026-05-02", "2026-05-03"),
        ("2026-05-03", "2026-05-04"),
    ]
    for period in body["results"]:
        kinds = {c["consumptionType"] for c in period["consumption"]}
        assert {"etl-compute", "orchestration", "transformation", "dpc-users"} <= kinds
        assert all(isinstance(c["credits"], float) and c["credits"] > 0 for c in period["consumption"])
    future = api.get("/v1/consumption", consumedFrom="2026-05-04", consumedBefore="2026-05-10").json()
    assert [p["consumedFrom"] for p in future["results"]] == ["2026-05-04"]  # "today" only, nothing ahead
    for params, violation in [
        ({"consumedBefore": "2026-05-04"}, "consumedFrom: must not be null"),
        ({"consumedFrom": "2026-05-01"}, "consumedBefore: must not be null"),
        ({"consumedFrom": "May 1st", "consumedBefore": "2026-05-04"}, "consumedFrom: invalid date"),
    ]:
        response = api.get("/v1/consumption", **params)
        assert response.status_code == 400 and response.json()["violations"] == [violation]


def test_events_need_from_and_to_by_name(api):
    response = api.get("/v1/events", to="2026-05-02T00:00:00Z")
    assert response.status_code == 400 and response.json()["violations"] == ["from: must not be null"]
    body = api.get("/v1/events", **{"from": "2026-05-03T10:00:00Z", "to": "2026-05-04T12:00:00Z"}, size=100).json()
    assert body["total"] > 0 and all(when(e["eventTimestamp"]) <= START for e in body["results"])  # none ahead of now
    assert {"eventType", "eventDescription", "actorId", "eventSource", "eventSubjectId", "additionalInfo"} <= set(
        body["results"][0]
    )


def test_the_shared_emulator_gives_each_test_a_fresh_clock_to_move(emulator, http):
    """tests/support/emulators.py's `emulator`: a FakeClock at SESSION_NOW per test, nothing written."""
    from tests.support import SESSION_NOW

    assert emulator.clock.now() == SESSION_NOW and emulator.store.written == {}
    emulator.clock.advance(90)
    headers = bearer(emulator)
    project = http.get(emulator.api_base + "/v1/projects", headers=headers).json()["results"][0]["id"]
    schedules = http.get(emulator.api_base + f"/v1/projects/{project}/schedules", headers=headers).json()["results"]
    for schedule in schedules:
        if schedule["scheduleEnabled"]:
            assert when(schedule["lastRunAt"]) <= SESSION_NOW + timedelta(seconds=90) < when(schedule["nextRunAt"])


# ----- refusals as whole RFC 7807 problem documents: the status, its RFC 9110 reason phrase as the
# title, a type naming the kind, a detail that says what to send, one violation per field --------

PROBLEM_TYPE = "urn:maia-emulator:problem:"


def problem(response: Any) -> dict[str, Any]:
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == response.status_code
    return body


def runs_path(target: dict[str, str]) -> str:
    return f"/v1/projects/{target['project']}/pipeline-executions"


@pytest.mark.parametrize("body", [[], "run", 7])
def test_a_run_or_a_cancel_that_is_not_a_json_object_is_400(
    api: EmulatorApi, target: dict[str, str], body: object
) -> None:
    refused = problem(api.post(runs_path(target), body))
    assert refused["title"] == "Bad Request"
    assert refused["detail"] == "The request body must be a JSON object."
    assert refused["violations"] == ["body: must be a JSON object"]
    run_id = start(api, target).json()["pipelineExecutionId"]
    refused = problem(api.patch(f"{runs_path(target)}/{run_id}", body))
    assert refused["detail"] == "The request body must be a JSON object."
    assert refused["violations"] == ["body: must be a JSON object"]


def test_a_run_names_each_field_it_lacks(api: EmulatorApi, target: dict[str, str]) -> None:
    refused = problem(api.post(runs_path(target), {"environmentName": target["environment"]}))
    assert refused["violations"] == ["pipelineName: must not be blank"]
    assert refused["detail"].startswith("'pipelineName' required")
    both = problem(api.post(runs_path(target), {}))
    assert both["violations"] == ["pipelineName: must not be blank", "environmentName: must not be blank"]
    assert both["detail"].startswith("'pipelineName' and 'environmentName' required")


@pytest.mark.parametrize(
    ("body", "missing"),
    [({}, "'status' and 'forceUpdate'"), ({"status": "CANCELLED"}, "'forceUpdate'")],
)
def test_a_cancel_without_its_fields_shows_a_body_that_works(
    api: EmulatorApi, target: dict[str, str], body, missing
) -> None:  # type: ignore[no-untyped-def]
    run_id = start(api, target).json()["pipelineExecutionId"]
    path = f"{runs_path(target)}/{run_id}"
    refused = problem(api.patch(path, body))
    assert refused["title"] == "Bad Request"
    prefix = f"{missing} required, e.g. "
    assert refused["detail"].startswith(prefix) and refused["detail"].endswith(".")
    example = json.loads(refused["detail"][len(prefix) : -1])
    assert example == {"status": "CANCELLED", "forceUpdate": False}
    assert api.patch(path, example).status_code == 200  # the example is a cancel that works


def test_a_cancel_to_another_status_or_with_a_non_boolean_force_is_400(
    api: EmulatorApi, target: dict[str, str]
) -> None:
    run_id = start(api, target).json()["pipelineExecutionId"]
    path = f"{runs_path(target)}/{run_id}"
    other = problem(api.patch(path, {"status": "RUNNING", "forceUpdate": False}))
    assert other["detail"] == "'status' can only be set to CANCELLED."
    assert other["violations"] == ["status: must be CANCELLED"]
    force = problem(api.patch(path, {"status": "CANCELLED", "forceUpdate": "yes"}))
    assert force["detail"] == "'forceUpdate' must be true or false."
    assert force["violations"] == ["forceUpdate: must be a boolean"]


def test_a_cancel_of_a_finished_run_is_409_conflict(api, target, writable_clock) -> None:  # type: ignore[no-untyped-def]
    run_id = start(api, target).json()["pipelineExecutionId"]
    writable_clock.advance(21)
    refused = problem(api.patch(f"{runs_path(target)}/{run_id}", {"status": "CANCELLED", "forceUpdate": True}))
    assert (refused["status"], refused["title"], refused["type"]) == (409, "Conflict", PROBLEM_TYPE + "conflict")


def test_a_duplicate_tag_is_409_conflict(api: EmulatorApi, target: dict[str, str]) -> None:
    assert start(api, target, executionTag="nightly-9").status_code == 201
    refused = problem(start(api, target, executionTag="nightly-9"))
    assert (refused["status"], refused["title"], refused["type"]) == (409, "Conflict", PROBLEM_TYPE + "conflict")


def test_a_second_polite_cancel_changes_nothing_and_a_forced_one_ends_the_run_at_once(  # type: ignore[no-untyped-def]
    api, target, writable_clock
) -> None:
    run_id = start(api, target).json()["pipelineExecutionId"]
    path = f"{runs_path(target)}/{run_id}"
    assert api.patch(path, {"status": "CANCELLED", "forceUpdate": False}).status_code == 200
    writable_clock.advance(3)
    assert api.patch(path, {"status": "CANCELLED", "forceUpdate": False}).status_code == 200
    writable_clock.advance(2)  # 5 s after the first cancel: over, not 5 s after the second
    assert detail(api, target, run_id)["status"] == "CANCELLED"

    second = start(api, target).json()["pipelineExecutionId"]
    path = f"{runs_path(target)}/{second}"
    assert api.patch(path, {"status": "CANCELLED", "forceUpdate": False}).status_code == 200
    writable_clock.advance(1)
    assert detail(api, target, second)["status"] == "CANCELLING"
    assert api.patch(path, {"status": "CANCELLED", "forceUpdate": True}).status_code == 200
    assert detail(api, target, second)["status"] == "CANCELLED"  # forced: at once


def test_a_run_says_which_fields_it_needs_and_of_what_type(api: EmulatorApi, target: dict[str, str]) -> None:
    both = problem(api.post(runs_path(target), {}))
    assert both["detail"] == "'pipelineName' and 'environmentName' required: which pipeline to run, and where."
    one = problem(api.post(runs_path(target), {"pipelineName": target["pipeline"]}))
    assert one["detail"] == "'environmentName' required: which pipeline to run, and where."
    number = problem(api.post(runs_path(target), {"pipelineName": target["pipeline"], "environmentName": 5}))
    assert number["status"] == 400 and number["detail"] == "'pipelineName' and 'environmentName' are strings."
    assert number["violations"] == ["environmentName: must be a string"]  # the field that is not one
    listed = problem(api.post(runs_path(target), {"pipelineName": [1], "environmentName": target["environment"]}))
    assert listed["violations"] == ["pipelineName: must be a string"]
    tag = problem(start(api, target, executionTag=7))
    assert tag["detail"] == "'executionTag' must be a string."
    assert tag["violations"] == ["executionTag: must be a string"]
    assert api.emu.store.written == {}


def test_a_child_pipeline_of_a_run_started_through_the_api_is_an_execution_too(api, target, writable_clock) -> None:  # type: ignore[no-untyped-def]
    """As for the account's own runs (test_child_pipelines.py): a step's childPipeline.id reads
    as the child's execution, in the parent's project, once the step has begun."""
    path = runs_path(target)
    published = api.get(
        f"/v1/projects/{target['project']}/published-pipelines", environmentName=target["environment"], size=100
    ).json()["results"]
    started = [
        api.post(path, {"pipelineName": p["name"], "environmentName": target["environment"]}).json()
        for p in published
        if p["name"].endswith(".orch.yaml") and "export_to_salesforce" not in p["name"]
    ]
    writable_clock.advance(19)  # every step of a 20 s run has begun
    found = 0
    for run in started:
        run_id = run["pipelineExecutionId"]
        for step in api.get(f"{path}/{run_id}/steps", size=100).json()["results"]:
            if "childPipeline" in step:
                child = api.get(f"{path}/{step['childPipeline']['id']}")
                assert child.status_code == 200
                body = child.json().get("result", child.json())
                assert body["pipelineExecutionId"] == step["childPipeline"]["id"]
                assert body["pipelineName"] == step["childPipeline"]["name"]
                found += 1
    assert found, "a published orchestration of the sample account runs a child pipeline"


def test_a_cancel_takes_the_emulators_cancelling_time(http) -> None:  # type: ignore[no-untyped-def]
    """cancelling_seconds=2 (not the default 5): CANCELLING for 2 s, then CANCELLED."""
    clock = FakeClock(START)
    config = EmulatorConfig(projects=3, seed=3, clock=clock, run_seconds=20, cancelling_seconds=2)
    with running_emulator(config) as emu:
        api = EmulatorApi(emu, http)
        project = api.get("/v1/projects").json()["results"][0]["id"]
        env = api.get(f"/v1/projects/{project}/environments").json()["results"][0]["name"]
        names = api.get(f"/v1/projects/{project}/published-pipelines", environmentName=env, size=100).json()["results"]
        mine = {"project": project, "environment": env}
        mine["pipeline"] = next(p["name"] for p in names if "export_to_salesforce" not in p["name"])
        run_id = start(api, mine).json()["pipelineExecutionId"]
        assert (
            api.patch(f"{runs_path(mine)}/{run_id}", {"status": "CANCELLED", "forceUpdate": False}).status_code == 200
        )
        clock.advance(1.9)
        assert detail(api, mine, run_id)["status"] == "CANCELLING"
        clock.advance(0.1)
        assert detail(api, mine, run_id)["status"] == "CANCELLED"


def test_runs_started_through_the_api_are_listed_by_project_window_and_page(api, target, writable_clock) -> None:  # type: ignore[no-untyped-def]
    mine = start(api, target).json()["pipelineExecutionId"]
    writable_clock.advance(1)
    second = start(api, target).json()["pipelineExecutionId"]
    other_project = api.get("/v1/projects").json()["results"][1]["id"]
    listed = api.get("/v1/pipeline-executions", projectId=target["project"], status="RUNNING", limit=100).json()
    assert {mine, second} <= {r["pipelineExecutionId"] for r in listed["results"]}
    elsewhere = api.get("/v1/pipeline-executions", projectId=other_project, status="RUNNING", limit=100).json()
    assert not {mine, second} & {r["pipelineExecutionId"] for r in elsewhere["results"]}
    # startedAfter is strictly after: 1 ms before the first run's start lists it
    first_start = when(detail(api, target, mine)["startedAt"])
    after = (first_start - timedelta(milliseconds=1)).isoformat().replace("+00:00", "Z")
    window = api.get("/v1/pipeline-executions", projectId=target["project"], startedAfter=after, limit=100).json()
    assert [r["pipelineExecutionId"] for r in window["results"]][-2:] == [second, mine]
    # one run a page: each once
    seen, token = [], None
    while True:
        params = {"projectId": target["project"], "startedAfter": after, "limit": 1}
        page = api.get("/v1/pipeline-executions", **params, **({"paginationToken": token} if token else {})).json()
        seen += [r["pipelineExecutionId"] for r in page["results"]]
        token = page.get("more")
        if not token:
            break
    assert seen.count(mine) == 1 and seen.count(second) == 1


def test_an_unknown_environment_names_the_project(api, target) -> None:  # type: ignore[no-untyped-def]
    refused = problem(api.post(runs_path(target), {"pipelineName": target["pipeline"], "environmentName": "moon"}))
    assert refused["status"] == 404 and target["project"] in refused["detail"] and "'moon'" in refused["detail"]


def test_a_long_run_cancelled_in_its_last_seconds_is_listed_while_it_is_cancelling(http, target):
    """A cancel takes 5 s, so a run cancelled 1 s before its natural end is CANCELLING 4 s past
    it. The status filter for runs still going must reach back far enough to find it, with runs
    longer than any in the account (12 h here; its own longest run is under 9 h)."""
    clock = FakeClock(START)
    with running_emulator(EmulatorConfig(projects=12, seed=3, clock=clock, run_seconds=12 * 3600)) as emu:
        api = EmulatorApi(emu, http)
        run_id = start(api, target).json()["pipelineExecutionId"]
        clock.advance(12 * 3600 - 1)
        path = f"/v1/projects/{target['project']}/pipeline-executions/{run_id}"
        assert api.patch(path, {"status": "CANCELLED", "forceUpdate": False}).status_code == 200
        clock.advance(3)  # 2 s past the natural end, 2 s of the cancel left
        assert detail(api, target, run_id)["status"] == "CANCELLING"
        for statuses in (["CANCELLING"], ["RUNNING", "CANCELLING"]):
            listed = api.get("/v1/pipeline-executions", status=statuses, projectId=target["project"], limit=100)
            assert run_id in [r["pipelineExecutionId"] for r in listed.json()["results"]], statuses
