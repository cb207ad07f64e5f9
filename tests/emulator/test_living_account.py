"""The account lives on its clock: schedules fire exactly on their Quartz fire times in their
time zone (DST included), runs start, progress step by step and finish as a FakeClock moves,
and the demo account always has runs in flight."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from maia_tui.api.clock import FakeClock
from maia_tui.emulator import EmulatorConfig, running_emulator
from tests.support import EmulatorApi

START = datetime(2026, 4, 2, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.clock(start=START)
FINISHED = {"SUCCESS", "FAILED", "CANCELLED", "SKIPPED", "UNKNOWN"}


def when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def z(text: str) -> str:
    return text + ":00.000Z"


class Api(EmulatorApi):
    """Every run or schedule of the account, walked page by page."""

    def runs(self, **params: object) -> list[dict]:
        found, token = [], None
        while True:
            query = dict(params, limit=100, **({"paginationToken": token} if token else {}))
            body = self.get("/v1/pipeline-executions", **query).json()
            found += body["results"]
            token = body.get("more")
            if token is None:
                return found

    def schedules(self) -> list[dict]:
        found = []
        for project in self.get("/v1/projects", size=100).json()["results"]:
            for page in (0, 1):
                found += self.get(f"/v1/projects/{project['id']}/schedules", page=page, size=100).json()["results"]
        return found


@pytest.fixture
def live(clock: FakeClock):
    with running_emulator(EmulatorConfig(projects=100, seed=7, clock=clock)) as emu, httpx.Client() as http:
        yield Api(emu, http)


def find(schedules: list[dict], cron: str, zone: str) -> dict:
    return next(
        s for s in schedules if s.get("cronExpression") == cron and s["cronTimezone"] == zone and s["scheduleEnabled"]
    )


def test_a_london_schedule_fires_on_its_cron_across_spring_forward(live):
    schedule = find(live.schedules(), "0 0 2 * * ?", "Europe/London")
    runs = live.runs(scheduleId=schedule["scheduleId"], startedAfter="2026-03-26T00:00:00Z")
    # 02:00 in London: GMT (02:00 UTC) until 2026-03-29, BST (01:00 UTC) from then on.
    assert [r["startedAt"] for r in runs] == [
        z("2026-04-02T01:00"),
        z("2026-04-01T01:00"),
        z("2026-03-31T01:00"),
        z("2026-03-30T01:00"),
        z("2026-03-29T01:00"),
        z("2026-03-28T02:00"),
        z("2026-03-27T02:00"),
        z("2026-03-26T02:00"),
    ]
    assert {r["trigger"] for r in runs} == {"SCHEDULE"}
    assert {r["pipelineName"] for r in runs} == {schedule["pipelineName"]}
    assert {r["environmentName"] for r in runs} == {schedule["environmentName"]}


def test_a_new_york_weekday_schedule_fires_across_its_dst_change(live):
    schedule = find(live.schedules(), "0 30 6 ? * MON-FRI", "America/New_York")
    runs = live.runs(
        scheduleId=schedule["scheduleId"], startedAfter="2026-03-04T00:00:00Z", startedBefore="2026-03-11T00:00:00Z"
    )
    # 06:30 EST is 11:30 UTC; from Sunday 2026-03-08 06:30 EDT is 10:30 UTC. No weekend runs.
    assert [r["startedAt"] for r in runs] == [
        z("2026-03-10T10:30"),
        z("2026-03-09T10:30"),
        z("2026-03-06T11:30"),
        z("2026-03-05T11:30"),
        z("2026-03-04T11:30"),
    ]


def test_last_and_next_run_bracket_now_and_the_next_one_starts_on_time(live, clock):
    schedules = [s for s in live.schedules() if s["scheduleEnabled"]]
    assert len(schedules) > 50
    for schedule in schedules:
        assert when(schedule["lastRunAt"]) <= START < when(schedule["nextRunAt"])
    frequent = find(schedules, "0 */15 * * * ?", "UTC")
    newest = live.runs(scheduleId=frequent["scheduleId"], startedAfter="2026-04-02T11:00:00Z")[0]
    assert newest["startedAt"] == frequent["lastRunAt"] == z("2026-04-02T12:00")
    assert frequent["nextRunAt"] == z("2026-04-02T12:15")
    clock.advance(15 * 60)
    runs = live.runs(scheduleId=frequent["scheduleId"], startedAfter="2026-04-02T12:10:00Z")
    assert [r["startedAt"] for r in runs] == [z("2026-04-02T12:15")]
    assert runs[0]["status"] in ("RUNNING", "SKIPPED")  # a skipped run is over in a second


def test_a_disabled_schedule_never_fires(live):
    paused = next(s for s in live.schedules() if not s["scheduleEnabled"])
    assert "nextRunAt" not in paused and "lastRunAt" not in paused
    assert live.runs(scheduleId=paused["scheduleId"]) == []


def test_advancing_the_clock_finishes_running_runs_and_starts_new_ones(live, clock):
    running = live.runs(status="RUNNING")
    assert len(running) >= 3
    assert all("finishedAt" not in r for r in running)
    clock.advance(9 * 3600)  # longer than any run
    for run in running:
        path = f"/v1/projects/{run['projectId']}/pipeline-executions/{run['pipelineExecutionId']}"
        later = live.get(path).json()
        later = later.get("result", later)
        assert later["pipelineExecutionId"] == run["pipelineExecutionId"] and later["startedAt"] == run["startedAt"]
        assert later["status"] in FINISHED | {"CANCELLED"} and when(later["finishedAt"]) > when(run["startedAt"])
    fresh = live.runs(status="RUNNING")
    assert len(fresh) >= 3 and all(when(r["startedAt"]) > START for r in fresh)


def test_steps_run_one_after_another_with_the_running_one_visible(live, clock):
    candidates = [r for r in live.runs(status="RUNNING") if r["pipelineType"] == "ORCHESTRATION"]
    checked = 0
    for run in candidates:
        path = f"/v1/projects/{run['projectId']}/pipeline-executions/{run['pipelineExecutionId']}/steps"
        steps = live.get(path).json()["results"]
        assert steps, "a running run shows at least its first step"
        assert [s["result"]["status"] for s in steps] == ["SUCCESS"] * (len(steps) - 1) + ["RUNNING"]
        assert "finishedAt" not in steps[-1]["result"]
        starts = [when(s["result"]["startedAt"]) for s in steps]
        assert starts == sorted(starts) and starts[0] == when(run["startedAt"])
        for done, following in zip(steps, steps[1:], strict=False):
            assert done["result"]["finishedAt"] == following["result"]["startedAt"]
        checked += 1
    assert checked >= 1


def test_a_failed_run_has_a_failed_step_that_says_why(live):
    failed = live.runs(status="FAILED", startedAfter="2026-04-01T12:00:00Z")
    assert failed
    for run in failed[:10]:
        path = f"/v1/projects/{run['projectId']}/pipeline-executions/{run['pipelineExecutionId']}/steps"
        last = live.get(path, size=100).json()["results"][-1]["result"]
        assert last["status"] == "FAILED" and last["message"] == run["message"] and run["message"]


def test_the_demo_account_is_always_in_motion(http):
    clock = FakeClock(datetime(2026, 6, 1, 0, 0, tzinfo=UTC))
    with running_emulator(EmulatorConfig(clock=clock)) as emu:  # the default demo account
        api = Api(emu, http)
        for _ in range(160):  # every 9 minutes for a day
            running = api.get("/v1/pipeline-executions", status="RUNNING", limit=100).json()
            assert len(running["results"]) >= 3, clock.now()
            clock.advance(9 * 60)
        # Over two hours, at least one start and one finish per minute on average.
        end = clock.now()
        begin = end - timedelta(hours=2)
        recent = api.runs(startedAfter=(begin - timedelta(hours=9)).isoformat())
    starts = [r for r in recent if when(r["startedAt"]) > begin]
    finishes = [r for r in recent if "finishedAt" in r and begin < when(r["finishedAt"]) <= end]
    assert len(starts) >= 120 and len(finishes) >= 120


def test_an_interval_schedule_fires_every_interval_from_its_effective_start(live):
    schedule = next(
        s
        for s in live.schedules()
        if s.get("intervalExpression") == {"interval": 30, "unit": "MINUTES"} and s["scheduleEnabled"]
    )
    assert "cronExpression" not in schedule
    runs = live.runs(scheduleId=schedule["scheduleId"], startedAfter="2026-04-02T06:00:00Z")
    starts = [when(r["startedAt"]) for r in runs]
    assert len(starts) == 12  # six hours of half hours
    assert all(a - b == timedelta(minutes=30) for a, b in zip(starts, starts[1:], strict=False))
    assert (starts[0] - when(schedule["effectiveFrom"])) % timedelta(minutes=30) == timedelta(0)
    assert starts[0] == when(schedule["lastRunAt"]) and when(schedule["nextRunAt"]) - starts[0] == timedelta(minutes=30)
