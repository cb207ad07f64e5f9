"""`maia-tui run` before anything is written: writes must be on, names resolve or are refused
with the candidates, and nothing is started by a refusal."""

from __future__ import annotations

from collections import defaultdict

import pytest

from maia_tui.emulator import Emulator

from .conftest import call, parse

RUN_PATH_SUFFIX = "/pipeline-executions"


def posts(emulator: Emulator) -> int:
    """Every request the emulator got on a project's run endpoint (GET lists use another path)."""
    return sum(
        n
        for path, n in emulator.stats.requests_by_path.items()
        if "/projects/" in path and path.endswith(RUN_PATH_SUFFIX)
    )


def twin_pipelines(emulator: Emulator) -> tuple[str, str, str, list[str]]:
    """A project, an environment and a short name that two published pipelines share, read
    from the emulator's own account (the fixture data, not the code under test)."""
    account = emulator.state.account
    for i in range(account.project_count):
        for environment in account.environment_names(i):
            by_short: dict[str, list[str]] = defaultdict(list)
            for name in account.published_names(i, environment) or ():
                by_short[name.rsplit("/", 1)[-1].split(".")[0]].append(name)
            for short, names in by_short.items():
                if len(names) > 1:
                    return account.project(i)["name"], environment, short, sorted(names)
    raise AssertionError("the sample account has no two pipelines sharing a short name")


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
