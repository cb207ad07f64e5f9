"""`maia-tui run` before anything is written: writes must be on, names resolve or are refused
with the candidates, and nothing is started by a refusal."""

from __future__ import annotations

import pytest

from maia_tui.emulator import Emulator
from tests.support import call, parse, twin_pipelines

RUN_PATH_SUFFIX = "/pipeline-executions"


def posts(emulator: Emulator) -> int:
    """Every request the emulator got on a project's run endpoint (GET lists use another path)."""
    return sum(
        n
        for path, n in emulator.stats.requests_by_path.items()
        if "/projects/" in path and path.endswith(RUN_PATH_SUFFIX)
    )


async def test_read_only_refuses_before_any_request(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    result = await call(["run", "Anything", "x", "--env", "prod"], env, clock)
    assert result.code == 1
    assert "Running a pipeline writes to the account, and writes are off" in result.err
    assert "--allow-writes" in result.err and "MAIA_ALLOW_WRITES=1" in result.err
    assert emulator.stats.token_requests == 0 and emulator.stats.api_requests == 0


async def test_read_only_refusal_as_json(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    result = await call(["run", "Anything", "x", "--env", "prod", "--json"], env, clock)
    assert result.code == 1
    assert result.json["ok"] is False and result.json["error"]["kind"] == "writes_disabled"


async def test_an_ambiguous_pipeline_name_lists_the_candidates_and_runs_nothing(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    project, environment, short, names = twin_pipelines(emulator)
    result = await call(["run", project, short, "--env", environment, "--allow-writes"], env, clock)
    assert result.code == 1
    assert f"Pipeline name {short!r} is ambiguous: it matches {len(names)}. Give one of these exactly" in result.err
    for name in names:
        assert f"\n    {name}" in result.err
    assert posts(emulator) == 0


async def test_an_unknown_project_says_so_and_suggests(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    account = emulator.state.account
    theme = account.project(0)["name"].split(" – ")[0]
    result = await call(["run", theme, "load_orders", "--env", "prod", "--allow-writes"], env, clock)
    assert result.code == 1
    assert f"No project named {theme!r} in this account" in result.err
    assert "Did you mean one of:" in result.err and account.project(0)["name"] in result.err
    assert posts(emulator) == 0


def test_a_variable_without_equals_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as stopped:
        parse("run", "p", "x", "--env", "prod", "--var", "NOEQUALS")
    assert stopped.value.code == 2
