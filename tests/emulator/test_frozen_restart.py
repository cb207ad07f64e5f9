"""`maia-tui emulator --frozen-at 2026-06-01T09:00:00Z` answers byte for byte the same after a
restart, and the account flags reach the config."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

import httpx
import pytest

from maia_tui.emulator import Emulator
from maia_tui.emulator.cli import add_arguments, banner, config_from
from tests.support import bearer


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


def answers(argv: tuple[str, ...]) -> list[bytes]:
    emu = Emulator(config_from(parse(*argv)), port=0).start()
    try:
        with httpx.Client(timeout=5.0, trust_env=False) as http:
            headers = bearer(emu)

            def get(path: str, **params: object) -> bytes:
                response = http.get(emu.api_base + path, params=params, headers=headers)
                assert response.status_code == 200, response.text
                return response.content

            projects = get("/v1/projects", size=100)
            first = httpx.Response(200, content=projects).json()["results"][0]["id"]
            runs = get("/v1/pipeline-executions", limit=100)
            run = httpx.Response(200, content=runs).json()["results"][7]
            run_path = f"/v1/projects/{run['projectId']}/pipeline-executions/{run['pipelineExecutionId']}"
            return [
                projects,
                get(f"/v1/projects/{first}/environments"),
                get(f"/v1/projects/{first}/schedules"),
                get(f"/v1/projects/{first}/streaming-pipelines"),
                runs,
                get("/v1/pipeline-executions", status=["RUNNING", "FAILED"], limit=50),
                get(run_path),
                get(run_path + "/status"),
                get(run_path + "/steps"),
                get("/v1/agents"),
                get("/v1/events", **{"from": "2026-05-31T00:00:00Z", "to": "2026-06-02T00:00:00Z"}),
                get("/v1/consumption", consumedFrom="2026-05-01", consumedBefore="2026-06-02"),
            ]
    finally:
        emu.stop()


def test_frozen_answers_are_byte_identical_across_restarts():
    argv = ("--frozen-at", "2026-06-01T09:00:00Z", "--port", "0")
    first, second = answers(argv), answers(argv)
    assert first == second
    assert b'"status":"RUNNING"' in first[4]  # frozen, yet a live-looking account
    assert first != answers(("--frozen-at", "2026-06-01T09:05:00Z", "--port", "0"))


def test_account_flags_reach_the_config():
    config = config_from(
        parse(
            "--frozen-at",
            "2026-06-01T09:00:00Z",
            "--run-seconds",
            "5",
            "--run-outcome",
            "FAILED",
            "--deny",
            "events,consumption",
            "--runs-per-day",
            "30",
        )
    )
    assert config.frozen_at == datetime(2026, 6, 1, 9, tzinfo=UTC)
    assert (config.run_seconds, config.run_outcome, config.runs_per_project_per_day) == (5.0, "FAILED", 30.0)
    assert config.deny == frozenset({"events", "consumption"})
    emu = Emulator(config)
    assert emu.deny == {"events", "consumption"} and emu.next_run_outcome == "FAILED"
    assert "frozen at 2026-06-01T09:00:00Z" in banner(emu)


@pytest.mark.parametrize(
    "argv",
    [
        ("--frozen-at", "June 1st"),
        ("--deny", "events,everything"),
        ("--run-seconds", "0"),
        ("--run-outcome", "MAYBE"),
    ],
)
def test_bad_account_flags_are_refused(argv, capsys):
    with pytest.raises(SystemExit) as exit_info:
        parse(*argv)
    assert exit_info.value.code == 2
    assert argv[0] in capsys.readouterr().err
