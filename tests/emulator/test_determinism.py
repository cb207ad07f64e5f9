"""Same seed, same account: names, ids, timelines and steps never depend on wall time or run order."""

from __future__ import annotations

import httpx

from maia_tui.emulator import EmulatorConfig, running_emulator
from maia_tui.emulator.data import Account
from maia_tui.emulator.ids import IdCodec

from .conftest import WallClock, bearer


def snapshot(seed: int, wall: float) -> list[object]:
    config = EmulatorConfig(projects=60, seed=seed, wall_clock=WallClock(wall))
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
            get("/v1/events", **{"from": "2026-01-10T00:00:00Z", "to": "2026-01-11T00:00:00Z"}),
        ]


def test_same_seed_same_data_whatever_the_wall_clock():
    assert snapshot(11, 1_800_000_000.0) == snapshot(11, 1_900_000_000.0)


def test_another_seed_another_account():
    a, b = snapshot(11, 1_800_000_000.0), snapshot(12, 1_800_000_000.0)
    assert a[0]["results"][0]["id"] != b[0]["results"][0]["id"]
    assert [p["name"] for p in a[0]["results"]] != [p["name"] for p in b[0]["results"]]


def test_data_is_derived_not_stored():
    account = Account(EmulatorConfig(projects=100_000, seed=4))
    # Asking out of order gives the same answers as asking in order: nothing depends on history.
    late = account.project(99_999), account.execution(3_999_999)
    account.project(0), account.steps(17)
    assert (account.project(99_999), account.execution(3_999_999)) == late
    assert account.execution_count == 4_000_000


def test_ids_decode_to_their_index_and_nothing_else():
    codec = IdCodec(seed=9, kind="project")
    for index in (0, 1, 139, 99_999, 2**40):
        assert codec.decode(codec.encode(index)) == index
    assert codec.decode(codec.encode(5).upper()) == 5
    assert codec.decode("00000000-0000-4000-8000-000000000000") is None
    assert IdCodec(seed=9, kind="execution").decode(codec.encode(5)) is None
    assert codec.decode("not a uuid") is None


def test_every_project_runs_land_in_its_own_project():
    account = Account(EmulatorConfig(projects=37, seed=2))
    owners = [account.execution_project(n) for n in range(account.execution_count)]
    assert sorted(set(owners)) == list(range(37))
    for project in (0, 5, 36):
        runs = [account.project_execution(project, k) for k in range(account.runs_per_project)]
        assert all(owners[n] == project for n in runs)
