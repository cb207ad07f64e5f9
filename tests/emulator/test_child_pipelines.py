"""A step's `childPipeline.id` is the child's own execution id (docs/emulator.md, contract §7 as
the emulator decides it): readable in the parent's project, timed and ended like the step that
ran it, with steps of its own that run no further pipelines, and absent from the account-wide
list. Under hostile_names the id is one no execution has: 404 everywhere."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from maia_tui.api.models import PipelineExecution, Step, parse
from maia_tui.emulator import Emulator, EmulatorConfig, running_emulator
from tests.support import bearer

from .conftest import FROZEN_AT


def children_of(api, limit: int = 60, **filters: str) -> Iterator[tuple[dict, dict]]:  # type: ignore[no-untyped-def,type-arg]
    """(parent execution, step with a childPipeline) among the newest runs."""
    runs = api("/v1/pipeline-executions", limit=limit, **filters).json()["results"]
    for run in runs:
        path = f"/v1/projects/{run['projectId']}/pipeline-executions/{run['pipelineExecutionId']}/steps"
        for step in api(path, size=100).json()["results"]:
            if "childPipeline" in step:
                yield run, step


def flat(body: dict) -> dict:  # type: ignore[type-arg]
    return body.get("result", body)


def test_a_child_pipeline_id_is_an_execution_of_the_parents_project(api):
    seen = set()
    for parent, step in children_of(api):
        child_id = step["childPipeline"]["id"]
        base = f"/v1/projects/{parent['projectId']}/pipeline-executions/{child_id}"
        child = flat(api(base).json())
        parse(PipelineExecution, child)
        assert child["pipelineExecutionId"] == child_id and child["projectId"] == parent["projectId"]
        assert child["pipelineName"] == step["childPipeline"]["name"]
        assert child["environmentName"] == parent["environmentName"]
        assert child["startedAt"] == step["result"]["startedAt"]
        if step["result"]["status"] == "RUNNING":
            assert child["status"] in ("RUNNING", "CANCELLING") and "finishedAt" not in child
        else:
            assert child["status"] == step["result"]["status"]
            assert child.get("finishedAt") == step["result"].get("finishedAt")
        assert flat(api(f"{base}/status").json())["status"] == child["status"]
        steps = api(f"{base}/steps", size=100).json()["results"]
        assert steps and all("childPipeline" not in s for s in steps)  # children run no pipelines
        for s in steps:
            parse(Step, s)
        seen.add(step["result"]["status"])
    assert "SUCCESS" in seen and len(seen) >= 2  # finished and running (or failed) children alike


def test_a_failed_child_fails_with_the_parents_message(api):
    for parent, step in children_of(api, limit=100, status="FAILED"):
        if step["result"]["status"] == "FAILED":
            child_id = step["childPipeline"]["id"]
            child = flat(api(f"/v1/projects/{parent['projectId']}/pipeline-executions/{child_id}").json())
            assert child["status"] == "FAILED" and child["message"] == parent["message"]
            return
    pytest.fail("no failed child pipeline among the newest 100 failed runs")


def test_children_are_not_in_the_account_wide_list_and_404_in_another_project(api):
    listed = {r["pipelineExecutionId"] for r in api("/v1/pipeline-executions", limit=100).json()["results"]}
    parent, step = next(children_of(api))
    assert step["childPipeline"]["id"] not in listed
    projects = api("/v1/projects", size=5).json()["results"]
    other = next(p["id"] for p in projects if p["id"] != parent["projectId"])
    assert api(f"/v1/projects/{other}/pipeline-executions/{step['childPipeline']['id']}").status_code == 404


@pytest.fixture(scope="module")
def hostile() -> Iterator[Emulator]:
    with running_emulator(EmulatorConfig(projects=20, seed=7, frozen_at=FROZEN_AT, hostile_names=True)) as emu:
        yield emu


def test_under_hostile_names_a_child_id_is_no_execution(hostile, http: httpx.Client):
    def api(path: str, **params: object) -> httpx.Response:
        return http.get(hostile.api_base + path, params=params, headers=bearer(hostile))

    parent, step = next(children_of(api))
    base = f"/v1/projects/{parent['projectId']}/pipeline-executions/{step['childPipeline']['id']}"
    assert api(base).status_code == 404 and api(f"{base}/steps").status_code == 404
