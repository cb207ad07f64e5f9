"""GET /v1/pipeline-executions: cursor paging with `more`, newest first, every filter, and paging
that never repeats or skips a run, even while the clock moves between pages."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from maia_tui.api.clock import FakeClock
from maia_tui.emulator import EmulatorConfig, running_emulator
from tests.support import EmulatorApi

STATUSES = {"RUNNING", "SUCCESS", "FAILED", "CANCELLING", "CANCELLED", "SKIPPED", "UNKNOWN"}
TRIGGERS = {"DESIGNER", "API", "SCHEDULE", "SCHEDULE_RUN_NOW", "UNKNOWN"}
NOW = datetime(2026, 3, 2, 14, 5, tzinfo=UTC)
SIX_HOURS_AGO = "2026-03-02T08:05:00Z"


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


def items(get, **params):
    return [i for p in walk(get, **params) for i in p["results"]]


def ids(runs):
    return [r["pipelineExecutionId"] for r in runs]


@pytest.fixture(scope="module")
def small():
    """10 projects frozen at NOW: the last six hours hold a few hundred runs, small enough to walk."""
    with running_emulator(EmulatorConfig(projects=10, seed=5, frozen_at=NOW)) as emu, httpx.Client() as client:
        yield EmulatorApi(emu, client).get


@pytest.fixture(scope="module")
def recent(small):
    """Every run of the last six hours, newest first."""
    return items(small, startedAfter=SIX_HOURS_AGO, limit=100)


def test_cursor_walk_covers_the_window_newest_first(small, recent):
    assert len(recent) > 100 and len(set(ids(recent))) == len(recent)
    starts = [when(i["startedAt"]) for i in recent]
    assert starts == sorted(starts, reverse=True)
    assert starts[0] <= NOW and starts[-1] > NOW - timedelta(hours=6)
    pages = walk(small, startedAfter=SIX_HOURS_AGO, limit=30)
    assert all(len(p["results"]) == 30 for p in pages[:-1]) and "more" not in pages[-1]
    assert [i for p in pages for i in p["results"]] == recent


def test_default_limit_is_25(small):
    body = small("/v1/pipeline-executions").json()
    assert len(body["results"]) == 25 and body["more"]


@pytest.mark.parametrize("limit", [0, 101, "ten"])
def test_bad_limit_is_400(small, limit):
    response = small("/v1/pipeline-executions", limit=limit)
    assert response.status_code == 400 and response.headers["content-type"] == "application/problem+json"
    assert response.json()["violations"][0].startswith("limit")


def test_statuses_and_triggers_of_a_week(small):
    week = items(small, startedAfter="2026-02-23T14:05:00Z", limit=100)
    assert {i["status"] for i in week} <= STATUSES
    assert {"RUNNING", "SUCCESS", "FAILED", "CANCELLED", "SKIPPED", "UNKNOWN"} <= {i["status"] for i in week}
    assert {i["trigger"] for i in week} == TRIGGERS
    for item in week:
        assert ("finishedAt" in item) == (item["status"] not in ("RUNNING", "CANCELLING"))
        assert ("scheduleId" in item) == (item["trigger"] == "SCHEDULE")
        if item["trigger"] in ("DESIGNER", "SCHEDULE_RUN_NOW"):
            assert "@" in item["user"]


def test_project_filter(small, recent):
    project = small("/v1/projects", size=1).json()["results"][0]["id"]
    got = items(small, projectId=project, startedAfter=SIX_HOURS_AGO, limit=7)
    assert got == [i for i in recent if i["projectId"] == project] and got
    assert small("/v1/pipeline-executions", projectId="7d8f4c2e-0000-4000-8000-000000000000").status_code == 404
    malformed = small("/v1/pipeline-executions", projectId="project-1")
    assert malformed.status_code == 400 and malformed.json()["violations"] == ["projectId: invalid value"]


def test_status_filter_is_repeatable_and_case_insensitive(small, recent):
    expected = [i for i in recent if i["status"] in ("SUCCESS", "RUNNING")]
    got = items(small, status=["success", "RUNNING"], startedAfter=SIX_HOURS_AGO, limit=7)
    assert got == expected and len(expected) > 7
    assert {i["status"] for i in got} == {"SUCCESS", "RUNNING"}
    bad = small("/v1/pipeline-executions", status="EXPLODED")
    assert bad.status_code == 400 and bad.json()["violations"] == ["status: invalid value"]
    assert "EXPLODED" in bad.json()["detail"]


def test_pipeline_name_is_a_partial_case_insensitive_match(small, recent):
    expected = [i for i in recent if "load_" in i["pipelineName"]]
    got = items(small, pipelineName="LOAD_", startedAfter=SIX_HOURS_AGO, limit=5)
    assert got == expected and expected and len(expected) < len(recent)
    assert small("/v1/pipeline-executions", pipelineName="zzz-nothing", startedAfter=SIX_HOURS_AGO).json() == {
        "results": []
    }


def test_environment_filter(small, recent):
    expected = [i for i in recent if i["environmentName"] == "prod"]
    got = items(small, environmentName="prod", startedAfter=SIX_HOURS_AGO, limit=9)
    assert got == expected and expected and len(expected) < len(recent)


def test_schedule_filter(small, recent):
    scheduled = [i for i in recent if i["trigger"] == "SCHEDULE"]
    schedule_id = scheduled[0]["scheduleId"]
    got = items(small, scheduleId=schedule_id, startedAfter=SIX_HOURS_AGO, limit=3)
    assert got == [i for i in recent if i.get("scheduleId") == schedule_id] and got
    bad = small("/v1/pipeline-executions", scheduleId="nightly")
    assert bad.status_code == 400 and bad.json()["violations"] == ["scheduleId: invalid value"]


def test_started_after_and_before(small, recent):
    after, before = recent[-20]["startedAt"], recent[10]["startedAt"]
    got = items(small, startedAfter=after, startedBefore=before, limit=11)
    assert got == [i for i in recent if when(after) < when(i["startedAt"]) < when(before)]
    combined = items(small, startedAfter=after, status="SUCCESS", limit=100)
    assert combined == [i for i in recent if when(i["startedAt"]) > when(after) and i["status"] == "SUCCESS"]
    bad = small("/v1/pipeline-executions", startedAfter="last tuesday")
    assert bad.status_code == 400 and bad.json()["violations"] == ["startedAfter: invalid date-time"]


def test_time_frame_is_ignored(small):
    plain = small("/v1/pipeline-executions", limit=10).json()
    assert small("/v1/pipeline-executions", limit=10, timeFrame="LAST_7_DAYS").json() == plain


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


def test_paging_while_the_clock_moves_neither_repeats_nor_skips(http):
    clock = FakeClock(NOW)
    with running_emulator(EmulatorConfig(projects=10, seed=5, clock=clock)) as emu:
        get = EmulatorApi(emu, http).get
        still = items(get, startedAfter=SIX_HOURS_AGO, limit=100)
        walked, token = [], None
        while True:
            query = {"startedAfter": SIX_HOURS_AGO, "limit": 9, **({"paginationToken": token} if token else {})}
            page = get("/v1/pipeline-executions", **query).json()
            walked += page["results"]
            clock.advance(600)  # ten minutes between pages: runs start and finish meanwhile
            token = page.get("more")
            if token is None:
                break
        fresh = get("/v1/pipeline-executions", limit=100).json()["results"]
    assert len(still) > 50 and ids(walked) == ids(still)
    # Runs that started while we paged are not in that walk, but they lead a fresh first page.
    assert when(fresh[0]["startedAt"]) > NOW


def test_huge_account_first_pages_are_quick(http):

    with running_emulator(EmulatorConfig(projects=100_000, seed=1, frozen_at=NOW)) as emu:
        get = EmulatorApi(emu, http).get
        first = get("/v1/pipeline-executions", limit=100).json()
        failed = get("/v1/pipeline-executions", status="FAILED").json()
        rare = get("/v1/pipeline-executions", pipelineName="no-such-pipeline", limit=100).json()
    assert len(first["results"]) == 100 and first["more"]
    assert len(failed["results"]) == 25 and {i["status"] for i in failed["results"]} == {"FAILED"}
    # A filter with no match cannot scan millions of runs: the page comes back empty, with a
    # token to continue from (how fast: tests/benchmarks/bench_emulator.py).
    assert rare["results"] == [] and rare["more"]


def test_a_schedules_run_one_millisecond_after_started_after_is_listed(small, recent):
    """startedAfter is strictly after: a run at startedAfter + 1 ms is in, one at startedAfter is out."""
    run = next(i for i in recent if i["trigger"] == "SCHEDULE")
    start = when(run["startedAt"])
    just_before = (start - timedelta(milliseconds=1)).isoformat().replace("+00:00", "Z")
    listed = items(small, scheduleId=run["scheduleId"], startedAfter=just_before, limit=5)
    assert run["pipelineExecutionId"] in ids(listed)
    at = items(small, scheduleId=run["scheduleId"], startedAfter=run["startedAt"], limit=5)
    assert run["pipelineExecutionId"] not in ids(at)


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def enabled_schedules(get) -> list[dict]:
    """Every enabled schedule of the account that has fired, with its project's id."""
    found = []
    for project in get("/v1/projects", size=100).json()["results"]:
        for schedule in get(f"/v1/projects/{project['id']}/schedules", size=100).json()["results"]:
            if schedule["scheduleEnabled"] and "lastRunAt" in schedule:
                found.append({**schedule, "projectId": project["id"]})
    return found


@pytest.fixture(scope="module")
def seed_1():
    """Seed 1 holds a schedule in the first slot of the first project (the lowest place a run
    can take at one instant), so a bound at exactly its fire time is tested too."""
    with running_emulator(EmulatorConfig(projects=10, seed=1, frozen_at=NOW)) as emu, httpx.Client() as client:
        yield EmulatorApi(emu, client).get


def test_started_after_and_before_are_strict_to_the_millisecond_for_every_schedule(seed_1):
    """§7: startedAfter and startedBefore are exclusive. Across the account and within its
    project, each schedule's last run is in from 1 ms outside either bound and out at it."""
    ms = timedelta(milliseconds=1)
    schedules = enabled_schedules(seed_1)
    assert len(schedules) > 10
    for schedule in schedules:
        fired = when(schedule["lastRunAt"])

        def runs_of_the_schedule(after: datetime, before: datetime, **scope: str) -> list[str]:
            bounds = {"startedAfter": iso(after), "startedBefore": iso(before), "limit": 100}
            runs = seed_1("/v1/pipeline-executions", **bounds, **scope).json()["results"]
            return [r["startedAt"] for r in runs if r.get("scheduleId") == schedule["scheduleId"]]  # noqa: B023

        for scope in ({}, {"projectId": schedule["projectId"]}):
            assert runs_of_the_schedule(fired - ms, fired + ms, **scope) == [iso(fired)], (schedule["name"], scope)
            assert runs_of_the_schedule(fired, fired + ms, **scope) == [], (schedule["name"], scope)
            assert runs_of_the_schedule(fired - ms, fired, **scope) == [], (schedule["name"], scope)


def test_an_ad_hoc_run_is_in_from_one_millisecond_outside_the_bounds_and_out_at_them(small, recent):
    ms = timedelta(milliseconds=1)
    for run in [i for i in recent if i["trigger"] != "SCHEDULE"][:5]:
        start = when(run["startedAt"])
        assert ids(items(small, startedAfter=iso(start - ms), startedBefore=iso(start + ms))) == ids([run])
        assert items(small, startedAfter=run["startedAt"], startedBefore=iso(start + ms)) == []
        assert items(small, startedAfter=iso(start - ms), startedBefore=run["startedAt"]) == []


def newest_runs(emu, http: httpx.Client) -> list[dict]:
    return EmulatorApi(emu, http).get("/v1/pipeline-executions", limit=50).json()["results"]  # type: ignore[no-any-return]


def test_a_scheduled_run_is_listed_from_the_millisecond_it_starts_and_not_before(http):
    with running_emulator(EmulatorConfig(projects=10, seed=5, frozen_at=NOW)) as emu:
        fire = when(next(r for r in newest_runs(emu, http) if r["trigger"] == "SCHEDULE")["startedAt"])
    clock = FakeClock(fire - timedelta(milliseconds=1))
    with running_emulator(EmulatorConfig(projects=10, seed=5, clock=clock)) as emu:
        assert all(when(r["startedAt"]) < fire for r in newest_runs(emu, http))  # not yet
        clock.advance(0.001)
        starting = [r for r in newest_runs(emu, http) if when(r["startedAt"]) == fire]
    assert starting and {r["trigger"] for r in starting} == {"SCHEDULE"}
    assert {r["status"] for r in starting} == {"RUNNING"}


def test_statuses_may_be_one_comma_separated_value_with_empty_pieces_skipped(small, recent):
    repeated = items(small, status=["SUCCESS", "FAILED"], startedAfter=SIX_HOURS_AGO, limit=100)
    assert {i["status"] for i in repeated} == {"SUCCESS", "FAILED"}
    assert items(small, status="SUCCESS,FAILED", startedAfter=SIX_HOURS_AGO, limit=100) == repeated
    assert items(small, status="success,,failed,", startedAfter=SIX_HOURS_AGO, limit=100) == repeated
    bad = small("/v1/pipeline-executions", status="SUCCESS,EXPLODED").json()
    named = bad["detail"].split("use one of ", 1)[1].rstrip(".").split(", ")
    assert "'EXPLODED'" in bad["detail"] and set(named) == STATUSES


def test_what_a_malformed_or_unknown_project_or_schedule_gets_told(small):
    unknown = "7d8f4c2e-0000-4000-8000-000000000000"
    missing = small("/v1/pipeline-executions", projectId=unknown).json()
    assert missing["status"] == 404 and unknown in missing["detail"] and "not found" in missing["detail"]
    malformed = small("/v1/pipeline-executions", projectId="project-1").json()
    assert malformed["detail"] == "'projectId' must be a project's UUID."
    malformed = small("/v1/pipeline-executions", scheduleId="nightly").json()
    assert malformed["detail"] == "'scheduleId' must be a schedule's UUID."
    # A well-formed id of no schedule here lists nothing, as a schedule with no runs would.
    assert small("/v1/pipeline-executions", scheduleId=unknown).json() == {"results": []}


def test_a_schedule_with_its_own_project_lists_its_runs_and_with_another_nothing(small):
    schedules = enabled_schedules(small)
    projects = {s["projectId"] for s in schedules}
    assert len(schedules) > 10 and len(projects) > 2
    for schedule in schedules:
        own = small("/v1/pipeline-executions", scheduleId=schedule["scheduleId"], projectId=schedule["projectId"])
        assert own.json()["results"][0]["startedAt"] == schedule["lastRunAt"], schedule["name"]
        other = next(p for p in sorted(projects) if p != schedule["projectId"])
        assert small("/v1/pipeline-executions", scheduleId=schedule["scheduleId"], projectId=other).json() == {
            "results": []
        }


def test_an_interval_schedules_first_run_is_at_its_effective_time(http):
    """An interval's effectiveFrom is on its grid, so it is a fire time: the first run is there,
    in the account's list as in the schedule's own."""
    with running_emulator(EmulatorConfig(projects=10, seed=5, frozen_at=NOW)) as emu:
        schedules = enabled_schedules(EmulatorApi(emu, http).get)
    interval = next(s for s in schedules if "intervalExpression" in s)
    first = when(interval["effectiveFrom"])
    ms = timedelta(milliseconds=1)
    with running_emulator(EmulatorConfig(projects=10, seed=5, frozen_at=first + timedelta(minutes=1))) as emu:
        get = EmulatorApi(emu, http).get
        bounds = {"startedAfter": iso(first - ms), "startedBefore": iso(first + ms), "limit": 100}
        for scope in ({}, {"scheduleId": interval["scheduleId"]}):
            runs = get("/v1/pipeline-executions", **bounds, **scope)
            assert [r["scheduleId"] for r in runs.json()["results"] if "scheduleId" in r] == [interval["scheduleId"]]


@pytest.mark.parametrize("position", [[1, 2], ["a", "b", "c"], "x", [1, 2, 3.5], {"p": 1}])
def test_a_token_with_a_position_this_api_never_wrote_is_refused(small, position):
    """A token is base64 JSON, so a client can edit it; one whose position is not three
    integers is refused as any other token the API did not issue."""
    token = small("/v1/pipeline-executions", limit=5).json()["more"]
    data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    forged = base64.urlsafe_b64encode(json.dumps({**data, "p": position}).encode()).decode().rstrip("=")
    refused = small("/v1/pipeline-executions", paginationToken=forged)
    assert refused.status_code == 400
    assert refused.json()["detail"] == "'paginationToken' is not a token this API issued."
    assert refused.json()["violations"] == ["paginationToken: invalid"]


@pytest.mark.parametrize("statuses", [["RUNNING"], ["CANCELLING"], ["RUNNING", "CANCELLING"]])
def test_the_runs_still_going_come_in_one_page_without_scanning_the_month(small, statuses):
    """Only a run young enough can still be going, so the scan for them stops there instead of
    spending its budget on 30 days of ended runs (and ending the page early with a token)."""
    body = small("/v1/pipeline-executions", status=statuses, limit=100).json()
    assert "more" not in body
    assert {r["status"] for r in body["results"]} <= set(statuses)
