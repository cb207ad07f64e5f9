"""GET /v1/pipeline-executions: cursor paging with `more`, newest first, and every filter."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from maia_tui.emulator import EmulatorConfig, running_emulator

from .conftest import bearer

STATUSES = {"RUNNING", "SUCCESS", "FAILED", "CANCELLING", "CANCELLED", "SKIPPED", "UNKNOWN"}
TRIGGERS = {"DESIGNER", "API", "SCHEDULE", "SCHEDULE_RUN_NOW", "UNKNOWN"}


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def walk(get, **params):
    """Every page of a cursor list; fails on a repeated token."""
    pages, token, seen_tokens = [], None, set()
    while True:
        query = dict(params, **({"paginationToken": token} if token else {}))
        response = get("/v1/pipeline-executions", **query)
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append(body)
        token = body.get("more")
        if token is None:
            return pages
        assert token not in seen_tokens
        seen_tokens.add(token)


@pytest.fixture(scope="module")
def small():
    """10 projects x 40 runs = 400 executions: small enough to walk completely."""
    with running_emulator(EmulatorConfig(projects=10, seed=5)) as emu, httpx.Client() as client:
        headers = bearer(emu)

        def get(path, **params):
            return client.get(emu.api_base + path, params=params, headers=headers)

        yield get


def test_cursor_walk_covers_everything_newest_first(small):
    pages = walk(small, limit=100)
    assert [len(p["results"]) for p in pages] == [100, 100, 100, 100]
    assert "more" not in pages[-1] and all("more" in p for p in pages[:-1])
    items = [i for p in pages for i in p["results"]]
    assert len({i["pipelineExecutionId"] for i in items}) == 400
    starts = [when(i["startedAt"]) for i in items]
    assert starts == sorted(starts, reverse=True) and len(set(starts)) == 400


def test_default_limit_is_25(small):
    body = small("/v1/pipeline-executions").json()
    assert len(body["results"]) == 25 and body["more"]


def test_a_partial_last_page_has_no_more(small):
    pages = walk(small, limit=30)
    assert [len(p["results"]) for p in pages] == [30] * 13 + [10]


@pytest.mark.parametrize("limit", [0, 101, "ten"])
def test_bad_limit_is_400(small, limit):
    response = small("/v1/pipeline-executions", limit=limit)
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"


def test_every_status_and_trigger_occurs(small):
    items = [i for p in walk(small, limit=100) for i in p["results"]]
    assert {i["status"] for i in items} == STATUSES
    assert {i["trigger"] for i in items} == TRIGGERS
    assert items[0]["status"] == "RUNNING" and items[1]["status"] == "CANCELLING"


def test_project_filter(small):
    project = small("/v1/projects", size=1).json()["results"][0]["id"]
    pages = walk(small, projectId=project, limit=15)
    items = [i for p in pages for i in p["results"]]
    assert len(items) == 40 and {i["projectId"] for i in items} == {project}
    starts = [i["startedAt"] for i in items]
    assert starts == sorted(starts, reverse=True)
    assert small("/v1/pipeline-executions", projectId="7d8f4c2e-0000-4000-8000-000000000000").status_code == 404


def test_status_filter_pages_through_matches_only(small):
    everything = [i for p in walk(small, limit=100) for i in p["results"]]
    expected = [i for i in everything if i["status"] == "FAILED"]
    pages = walk(small, status="failed", limit=7)  # case-insensitive
    got = [i for p in pages for i in p["results"]]
    assert got == expected and len(expected) > 7
    assert small("/v1/pipeline-executions", status="EXPLODED").status_code == 400


def test_pipeline_name_is_a_partial_case_insensitive_match(small):
    everything = [i for p in walk(small, limit=100) for i in p["results"]]
    expected = [i for i in everything if "load_" in i["pipelineName"]]
    got = [i for p in walk(small, pipelineName="LOAD_", limit=100) for i in p["results"]]
    assert got == expected and expected
    assert small("/v1/pipeline-executions", pipelineName="zzz-nothing").json() == {"results": []}


def test_environment_filter(small):
    got = [i for p in walk(small, environmentName="prod", limit=100) for i in p["results"]]
    assert got and {i["environmentName"] for i in got} == {"prod"}


def test_started_after_and_before(small):
    everything = [i for p in walk(small, limit=100) for i in p["results"]]
    after, before = everything[300]["startedAt"], everything[100]["startedAt"]
    got = [i for p in walk(small, startedAfter=after, startedBefore=before, limit=50) for i in p["results"]]
    assert got == everything[101:300]
    combined = [i for p in walk(small, startedAfter=after, status="SUCCESS", limit=100) for i in p["results"]]
    assert combined == [i for i in everything[:300] if i["status"] == "SUCCESS"]
    assert small("/v1/pipeline-executions", startedAfter="last tuesday").status_code == 400


def test_a_token_is_bound_to_its_filters(small):
    token = small("/v1/pipeline-executions", status="SUCCESS", limit=5).json()["more"]
    assert small("/v1/pipeline-executions", status="SUCCESS", paginationToken=token).status_code == 200
    mismatch = small("/v1/pipeline-executions", status="FAILED", paginationToken=token)
    assert mismatch.status_code == 400 and "different filters" in mismatch.json()["detail"]
    garbage = small("/v1/pipeline-executions", paginationToken="not-a-token")
    assert garbage.status_code == 400 and garbage.json()["violations"] == ["paginationToken: invalid"]


def test_execution_ids_round_trip_through_the_detail_endpoint(small):
    for item in small("/v1/pipeline-executions", limit=10).json()["results"]:
        body = small(f"/v1/projects/{item['projectId']}/pipeline-executions/{item['pipelineExecutionId']}").json()
        assert body.get("result", body) == item


def test_huge_account_first_and_far_pages_are_quick(http):
    import time

    with running_emulator(EmulatorConfig(projects=100_000, seed=1)) as emu:
        headers = bearer(emu)
        started = time.perf_counter()
        first = http.get(emu.api_base + "/v1/pipeline-executions", params={"limit": 100}, headers=headers).json()
        rare = http.get(
            emu.api_base + "/v1/pipeline-executions",
            params={"pipelineName": "no-such-pipeline", "limit": 100},
            headers=headers,
        ).json()
        elapsed = time.perf_counter() - started
    assert len(first["results"]) == 100 and first["more"]
    # A filter with no match cannot scan four million runs: the page comes back empty, with a
    # token to continue from, well within a second.
    assert rare["results"] == [] and rare["more"]
    assert elapsed < 2.0
