"""`maia-tui run` and `watch` against the emulator with a fake clock: what is printed, what the
server received, one run per call even when the answer is lost, and the exit code for each
way a run can end (the emulator's knob picks the outcome)."""

from __future__ import annotations

from typing import Any

import pytest

from maia_tui.emulator import DEMO_CLIENT_SECRET, Emulator
from maia_tui.services.run_lookup import console_execution_url
from tests.support import a_pipeline, assert_no_secret, call, call_while_time_passes, raw_pages, short

CONSOLE = "https://app.matillion.com/observability-dashboard/pipeline/"


def run_posts(emulator: Emulator) -> list[Any]:
    return [r for r in emulator.stats.requests if r.method == "POST" and r.path.endswith("/pipeline-executions")]


def post_project(emulator: Emulator) -> str:
    (post,) = run_posts(emulator)
    return str(post.path.split("/projects/")[1].split("/")[0])


def patches(emulator: Emulator) -> list[Any]:
    return [r for r in emulator.stats.requests if r.method == "PATCH"]


async def test_run_prints_the_execution_and_its_link_and_sends_what_it_says(
    env, emulator, clock, tokens, no_secret_in_logs
) -> None:  # type: ignore[no-untyped-def]
    project_id, project_name, environment, pipeline = a_pipeline(emulator)
    argv = ["run", project_name, pipeline, "--env", environment, "--allow-writes"]
    result = await call(
        [*argv, "--var", "LOAD_DATE=2026-01-15", "--var", "REGION=emea", "--tag", "nightly-7"], env, clock
    )
    assert result.code == 0, result.err
    (post,) = run_posts(emulator)
    assert post.path == f"/dpc/v1/projects/{project_id}/pipeline-executions"
    assert post.body == {
        "pipelineName": pipeline,
        "environmentName": environment,
        "executionTag": "nightly-7",
        "scalarVariables": {"LOAD_DATE": "2026-01-15", "REGION": "emea"},
    }
    (execution_id,) = emulator.store.written
    assert f"execution:  {execution_id}" in result.out
    assert f"console:    {CONSOLE}{execution_id}" in result.out
    assert "tag:        nightly-7" in result.out
    assert_no_secret(result.out + result.err, DEMO_CLIENT_SECRET, *(t.access_token.reveal() for t in tokens))


async def test_run_by_project_id_and_short_name_as_json_with_a_generated_tag(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    project_id, _, environment, pipeline = a_pipeline(emulator, unique_short_name=True)
    result = await call(
        ["run", project_id, short(pipeline), "--env", environment, "--allow-writes", "--json"], env, clock
    )
    assert result.code == 0, result.out
    document = result.json
    (post,) = run_posts(emulator)
    assert document["request"] == post.body  # the JSON says exactly what was sent
    assert post.body["pipelineName"] == pipeline and post.body["environmentName"] == environment
    assert post.body["executionTag"] and document["execution_tag"] == post.body["executionTag"]
    assert document["execution_id"] == next(iter(emulator.store.written))
    assert document["console_url"] == CONSOLE + document["execution_id"]
    assert console_execution_url("abc") == CONSOLE + "abc"


async def test_an_answer_lost_after_the_server_accepted_the_run_leaves_exactly_one_run(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    _, project_name, environment, pipeline = a_pipeline(emulator)
    emulator.drop_after_accepting_runs(1)
    result = await call(["run", project_name, pipeline, "--env", environment, "--allow-writes", "--json"], env, clock)
    assert result.code == 0, result.out
    assert len(run_posts(emulator)) == 2  # the first try's answer was lost; the retry got 409
    assert len(emulator.store.written) == 1
    assert result.json["execution_id"] == next(iter(emulator.store.written))


@pytest.mark.parametrize(
    ("outcome", "code"),
    [("SUCCESS", 0), ("FAILED", 5), ("CANCELLED", 6), ("SKIPPED", 7), ("UNKNOWN", 7)],
)
async def test_run_wait_exits_with_the_outcome(env, emulator, clock, outcome: str, code: int) -> None:  # type: ignore[no-untyped-def]
    _, project_name, environment, pipeline = a_pipeline(emulator)
    emulator.next_run_outcome = outcome
    argv = ["run", project_name, pipeline, "--env", environment, "--allow-writes", "--wait"]
    result, passed = await call_while_time_passes(argv, env, clock, step=1.0, server=emulator)
    assert result.code == code, (result.out, result.err)
    assert 20 <= passed <= 40  # runs last 20 s in this account; polls stretch to 15 s at most
    assert f"status:     {outcome}" in result.out
    lines = result.err.splitlines()
    assert lines[1] == "status: RUNNING" and lines[-1] == f"status: {outcome}"
    project_id = post_project(emulator)
    (execution_id,) = emulator.store.written
    steps = raw_pages(emulator, f"/v1/projects/{project_id}/pipeline-executions/{execution_id}/steps")
    printed = sorted(" ".join(line.split("  — ")[0].split()) for line in lines if line.startswith("  "))
    assert printed == sorted(f"{s['result']['status']} {s['name']}" for s in steps)  # one line per step
    assert not patches(emulator)


async def test_run_wait_timeout_exits_8_and_leaves_the_run_going(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    _, project_name, environment, pipeline = a_pipeline(emulator)
    argv = [
        "run",
        project_name,
        pipeline,
        "--env",
        environment,
        "--allow-writes",
        "--wait",
        "--timeout",
        "10",
        "--json",
    ]
    result, passed = await call_while_time_passes(argv, env, clock, step=1.0, server=emulator)
    assert result.code == 8, result.err
    assert 10 <= passed < 20
    assert result.json["timed_out"] is True and result.json["status"] is None
    assert "Timed out waiting; the run goes on" in result.err
    assert not patches(emulator)  # never cancelled
    execution_id = result.json["execution_id"]
    assert f"maia-tui watch {execution_id} --project" in result.err


@pytest.mark.parametrize("give_project", [True, False])
async def test_watch_follows_a_run_with_the_same_exit_codes(env, emulator, clock, give_project: bool) -> None:  # type: ignore[no-untyped-def]
    project_id, project_name, environment, pipeline = a_pipeline(emulator)
    emulator.next_run_outcome = "FAILED"
    started = await call(["run", project_name, pipeline, "--env", environment, "--allow-writes", "--json"], env, clock)
    execution_id = started.json["execution_id"]
    argv = ["watch", execution_id, *(["--project", project_id] if give_project else []), "--json"]
    result, _ = await call_while_time_passes(argv, env, clock, step=1.0, server=emulator)
    assert result.code == 5, result.err
    assert result.json["status"] == "FAILED" and result.json["project_id"] == project_id
    assert result.json["console_url"] == CONSOLE + execution_id
    assert f"Following {pipeline} in {environment}" in result.err


async def test_watch_of_a_run_that_already_ended_answers_at_once(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    project_id, project_name, environment, pipeline = a_pipeline(emulator)
    emulator.next_run_outcome = "CANCELLED"
    started = await call(["run", project_name, pipeline, "--env", environment, "--allow-writes", "--json"], env, clock)
    clock.advance(60)
    result = await call(["watch", started.json["execution_id"], "--project", project_id], env, clock)
    assert result.code == 6 and "status:     CANCELLED" in result.out


async def test_run_refusals_keep_the_exit_codes_of_check(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    _, project_name, environment, pipeline = a_pipeline(emulator)
    argv = ["run", project_name, pipeline, "--env", environment, "--allow-writes", "--json"]
    emulator.deny = {"run"}
    refused = await call(argv, env, clock)
    assert refused.code == 4 and refused.json["error"]["kind"] == "forbidden"
    emulator.deny = set()
    bad = await call(argv, {**env, "MAIA_CLIENT_SECRET": "not-the-secret"}, clock)
    assert bad.code == 2
    assert not emulator.store.written


def test_the_secret_is_never_taken_on_argv(capsys: pytest.CaptureFixture[str]) -> None:
    from maia_tui.commands.main import main

    with pytest.raises(SystemExit) as stopped:
        main(["run", "p", "x", "--env", "prod", "--client-secret=hunter2-not-echoed"])
    assert stopped.value.code == 2
    assert "hunter2" not in capsys.readouterr().err
