"""`maia-tui watch` finding its run: by id however old (each project asked in turn, through the
request budget, saying so), the newest run of a pipeline (--latest), a pick of the running runs
on a terminal, and --interval as the floor between polls. Expected runs come from the
emulator's own answers, read with plain httpx."""

from __future__ import annotations

import asyncio
import io
from typing import Any

from maia_tui.commands.watch import watch_async
from maia_tui.emulator import Emulator
from tests.support import Result, a_pipeline, call, call_while_time_passes, parse, raw_get, raw_pages

CODES = {"SUCCESS": 0, "FAILED": 5, "CANCELLED": 6, "SKIPPED": 7, "UNKNOWN": 7}  # the exit-code table


def runs_newest_first(emulator: Emulator, count: int, **filters: Any) -> list[dict[str, Any]]:
    runs: list[dict[str, Any]] = []
    token = None
    while len(runs) < count:
        body = raw_get(emulator, "/v1/pipeline-executions", {**filters, "limit": 100, "paginationToken": token})
        runs.extend(body["results"])
        token = body.get("more")
        if not token:
            break
    return runs[:count]


def sent_by_maia_tui(emulator: Emulator, prefix: str) -> list[Any]:
    return [
        r
        for r in emulator.stats.requests
        if r.path.startswith("/dpc/v1" + prefix) and r.headers.get("user-agent", "").startswith("maia-tui/")
    ]


async def test_watch_finds_a_run_older_than_1000_newer_ones_by_asking_each_project(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    projects = [p["id"] for p in raw_pages(emulator, "/v1/projects")]
    newer = runs_newest_first(emulator, 2500)
    # an ended run with more than 1,000 newer ones, in one of the last projects asked
    old = next(r for r in newer[1200:] if projects.index(r["projectId"]) >= 120 and r["status"] != "RUNNING")
    assert newer.index(old) >= 1000

    result, waited = await call_while_time_passes(
        ["watch", old["pipelineExecutionId"], "--json"], env, clock, server=emulator
    )

    assert result.code == CODES[old["status"]], result.err
    assert result.json["project_id"] == old["projectId"] and result.json["status"] == old["status"]
    assert "among the newest 1,000 runs" in result.err
    assert "Not among the newest 1,000; asking each of the 140 projects in turn" in result.err
    assert f"({old['projectId']})" in result.err.split("Found it in project ")[1].splitlines()[0]
    assert " of 140 projects asked (" in result.err  # progress while it asks
    asked = [r.path.split("/")[4] for r in sent_by_maia_tui(emulator, "/projects/") if r.path.count("/") == 6]
    found_at = projects.index(old["projectId"])
    assert asked[: found_at + 1] == projects[: found_at + 1], "each project in turn, up to the run's own"
    assert waited > 0, "over 100 requests: the request budget made the later ones wait for the clock"


async def test_an_id_that_is_nowhere_says_so(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    result, _ = await call_while_time_passes(
        ["watch", "00000000-0000-4000-8000-000000000000"], env, clock, server=emulator
    )
    assert result.code == 1
    assert "is in none of the 140 projects of this account" in result.err


async def test_watch_latest_follows_the_newest_run_of_a_pipeline(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    project_id, project_name, environment, pipeline = a_pipeline(emulator)
    emulator.next_run_outcome = "CANCELLED"
    started = await call(["run", project_id, pipeline, "--env", environment, "--allow-writes", "--json"], env, clock)
    argv = ["watch", "--latest", pipeline, "--project", project_name, "--env", environment, "--json"]
    result, _ = await call_while_time_passes(argv, env, clock, server=emulator)
    assert result.code == 6, result.err
    assert result.json["execution_id"] == started.json["execution_id"]
    assert f"Looking for the newest run of {pipeline} in project {project_name}" in result.err
    (search,) = [r for r in sent_by_maia_tui(emulator, "/pipeline-executions") if "pipelineName=" in r.query]
    assert f"projectId={project_id}" in search.query and f"environmentName={environment}" in search.query


async def test_watch_latest_of_an_ended_pipeline_and_of_none(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    newest = runs_newest_first(emulator, 100, status="FAILED")[0]
    argv = ["watch", "--latest", newest["pipelineName"], "--project", newest["projectId"], "--json"]
    result = await call(argv, env, clock)
    expected = runs_newest_first(emulator, 1, projectId=newest["projectId"], pipelineName=newest["pipelineName"])[0]
    assert result.json["execution_id"] == expected["pipelineExecutionId"]
    assert result.code == CODES[expected["status"]]
    missing = await call(["watch", "--latest", "no_such_pipeline_anywhere"], env, clock)
    assert missing.code == 1 and "No run of a pipeline named 'no_such_pipeline_anywhere'" in missing.err


async def test_on_a_terminal_watch_offers_the_running_runs(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    running = runs_newest_first(emulator, 20, status="RUNNING")
    assert len(running) >= 2
    out, err = io.StringIO(), io.StringIO()
    task = asyncio.create_task(
        watch_async(
            parse("watch", "--json"),
            env=env,
            out=out,
            err=err,
            clock=clock,
            stdin=io.StringIO("seven\n99\n2\n"),
            interactive=True,
        )
    )
    while not task.done():
        await asyncio.sleep(0.02)
        # Time moves only once the runs are listed (the first answer refused says so): moved
        # before, a loaded machine lets runs end or start between the test's read and the list.
        if "is not one of 1 to" in err.getvalue():
            clock.advance(5)
    result = Result(await task, out.getvalue(), err.getvalue())
    assert result.json["execution_id"] == running[1]["pipelineExecutionId"], result.err
    listed = [line for line in result.err.splitlines() if line.endswith("…") and " ago  " in line]
    assert [line.split()[0] for line in listed] == [str(n) for n in range(1, len(running) + 1)]
    assert [line.split()[-1] for line in listed] == [r["pipelineExecutionId"][:8] + "…" for r in running]
    assert all(len(line) <= 80 for line in listed)
    assert "'seven' is not one of 1 to" in result.err and "'99' is not one of 1 to" in result.err


async def test_without_an_id_off_a_terminal_it_is_a_usage_error(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    result = await call(["watch"], env, clock)
    assert result.code == 2 and "give an EXECUTION_ID or --latest PIPELINE" in result.err
    assert emulator.stats.api_requests == 0
    out, err = io.StringIO(), io.StringIO()
    picked_none = await watch_async(
        parse("watch"), env=env, out=out, err=err, clock=clock, stdin=io.StringIO(""), interactive=True
    )
    assert picked_none == 1 and "No run was picked" in err.getvalue()


async def test_interval_is_the_floor_between_polls(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    project_id, project_name, environment, pipeline = a_pipeline(emulator)
    started = await call(["run", project_id, pipeline, "--env", environment, "--allow-writes", "--json"], env, clock)
    execution_id = started.json["execution_id"]
    argv = ["watch", execution_id, "--project", project_id, "--interval", "30"]
    result, waited = await call_while_time_passes(argv, env, clock, step=1.0, server=emulator)
    assert result.code == 0, result.err
    status_polls = sent_by_maia_tui(emulator, f"/projects/{project_id}/pipeline-executions/{execution_id}/status")
    step_reads = sent_by_maia_tui(emulator, f"/projects/{project_id}/pipeline-executions/{execution_id}/steps")
    assert len(status_polls) == 2  # at 0 s and 30 s (the run ends at 20 s); without the floor, 6
    assert len(step_reads) == 2  # one while it ran (at 30 s) and the last, once it ended
    assert 30 <= waited < 40


async def test_watch_latest_never_takes_a_partial_name_nor_guesses_between_two(env, emulator, clock) -> None:  # type: ignore[no-untyped-def]
    project_id = raw_get(emulator, "/v1/projects", {"size": 1})["results"][0]["id"]
    partial = await call(["watch", "--latest", "load_", "--project", project_id], env, clock)
    assert partial.code == 1 and "No run of a pipeline named 'load_' in that project" in partial.err
    # A short name that runs of two pipelines (or of one in two projects) answer to, on the
    # first page of the runs whose name contains it.
    short = runs_newest_first(emulator, 1)[0]["pipelineName"].rsplit("/", 1)[1].split(".")[0]
    first_page = raw_get(emulator, "/v1/pipeline-executions", {"pipelineName": short, "limit": 100})["results"]
    twins = {
        f"{r['pipelineName']}  (project {r['projectId']})"
        for r in first_page
        if r["pipelineName"].rsplit("/", 1)[1].split(".")[0] == short
    }
    assert len(twins) > 1
    result = await call(["watch", "--latest", short], env, clock)
    assert result.code == 1 and f"Pipeline name {short!r} is ambiguous: it matches {len(twins)}" in result.err
    assert all(twin in result.err for twin in list(twins)[:20])
