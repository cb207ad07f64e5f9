"""Same seed and same clock, same account: names, ids, timelines and steps never depend on the
wall clock or on the order of requests; the same run keeps its id as the clock moves."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from maia_tui.emulator import EmulatorConfig, running_emulator
from maia_tui.emulator.data import Account
from maia_tui.emulator.ids import IdCodec
from tests.support import WallClock, bearer

AT = datetime(2026, 3, 2, 14, 5, tzinfo=UTC)


def snapshot(seed: int, wall: float, at: datetime = AT) -> list[object]:
    config = EmulatorConfig(projects=60, seed=seed, wall_clock=WallClock(wall), frozen_at=at)
    with running_emulator(config) as emu, httpx.Client() as client:
        headers = bearer(emu)

        def get(path: str, **params: object) -> object:
            return client.get(emu.api_base + path, params=params, headers=headers).json()

        projects = get("/v1/projects", size=100)
        first = projects["results"][0]["id"]
        runs = get("/v1/pipeline-executions", limit=20)
        run = runs["results"][3]
        return [
            projects,
            get(f"/v1/projects/{first}/environments"),
            get(f"/v1/projects/{first}/schedules"),
            runs,
            get(f"/v1/projects/{run['projectId']}/pipeline-executions/{run['pipelineExecutionId']}/steps"),
            get("/v1/agents"),
            get("/v1/events", **{"from": "2026-03-01T00:00:00Z", "to": "2026-03-02T00:00:00Z"}),
        ]


def test_same_seed_same_clock_same_data_whatever_the_wall_clock():
    assert snapshot(11, 1_800_000_000.0) == snapshot(11, 1_900_000_000.0)


def test_another_seed_another_account():
    a, b = snapshot(11, 1_800_000_000.0), snapshot(12, 1_800_000_000.0)
    assert a[0]["results"][0]["id"] != b[0]["results"][0]["id"]
    assert [p["name"] for p in a[0]["results"]] != [p["name"] for p in b[0]["results"]]


def test_a_run_keeps_its_id_and_start_as_the_clock_moves():
    now = int(AT.timestamp() * 1000)
    account = Account(EmulatorConfig(projects=60, seed=11))
    k = now // account.step_ms - 3  # an ad-hoc run that had started by AT
    run = account.adhoc_run(k)
    assert run.start_ms <= now
    for later in (now, now + 60_000, now + 3_600_000):
        found = account.find_run(run.execution_id, later)
        assert found == run
    assert account.find_run(run.execution_id, run.start_ms - 1) is None  # not started yet: 404


def test_data_is_derived_not_stored():
    account = Account(EmulatorConfig(projects=100_000, seed=4))
    now = int(AT.timestamp() * 1000)
    k = now // account.step_ms
    # Asking out of order gives the same answers as asking in order: nothing depends on history.
    late = account.project(99_999), account.execution(account.adhoc_run(k), now)
    account.project(0), account.steps(account.adhoc_run(17), now)
    assert (account.project(99_999), account.execution(account.adhoc_run(k), now)) == late


def test_ids_decode_to_their_index_and_nothing_else():
    codec = IdCodec(seed=9, kind="project")
    for index in (0, 1, 139, 99_999, 2**40):
        assert codec.decode(codec.encode(index)) == index
    assert codec.decode(codec.encode(5).upper()) == 5
    assert codec.decode("00000000-0000-4000-8000-000000000000") is None
    assert IdCodec(seed=9, kind="execution").decode(codec.encode(5)) is None
    assert codec.decode("not a uuid") is None
    wide = IdCodec(seed=9, kind="run", bits=56)
    assert wide.decode(wide.encode(2**55 + 7)) == 2**55 + 7


def test_every_project_gets_ad_hoc_runs_of_its_own_at_irregular_times():
    account = Account(EmulatorConfig(projects=37, seed=2))
    owners = [account.project_of_run(k) for k in range(37 * 3)]
    assert sorted(set(owners)) == list(range(37))
    for project in (0, 5, 36):
        runs = [account.project_run_in_round(project, j) for j in range(5)]
        assert all(account.project_of_run(k) == project for k in runs)
        assert [k // 37 for k in runs] == list(range(5))  # one run per round of 37
    # Each round visits every project once, in a different order from the round before.
    assert sorted(owners[:37]) == sorted(owners[37:74]) == list(range(37)) and owners[:37] != owners[37:74]
