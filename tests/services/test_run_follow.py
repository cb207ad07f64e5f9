"""Following a run (services/run_follow.py): the exit codes of docs/scripting.md's table and the
line printed for a step; waiting for a run and following it against the living emulator (the
commands that use them are tested in tests/scripts)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable
from typing import TypeVar
from urllib.parse import parse_qs

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from maia_tui.api.errors import NotFound
from maia_tui.api.models import Step, StepResult
from maia_tui.services.run_follow import StepReporter, exit_code_for, follow, step_line, wait_for_end
from tests.mutation.transports import Answering
from tests.support import RUN_SECONDS, HeldRequests, Live, eventually, raw_pages

T = TypeVar("T")


@pytest.mark.parametrize(
    ("status", "code"),
    [("SUCCESS", 0), ("FAILED", 5), ("CANCELLED", 6), ("SKIPPED", 7), ("UNKNOWN", 7), (None, 8)],
)
def test_exit_codes_are_the_documented_table(status: str | None, code: int) -> None:
    """docs/scripting.md: 0 SUCCESS, 5 FAILED, 6 CANCELLED, 7 SKIPPED or UNKNOWN, 8 timed out."""
    assert exit_code_for(status) == code


@pytest.mark.parametrize(("status", "code"), [("success", 0), ("Failed", 5), ("cancelled", 6)])
def test_a_status_in_another_case_is_the_same_outcome(status: str, code: int) -> None:
    assert exit_code_for(status) == code


@given(st.text(max_size=12).filter(lambda s: s.upper() not in ("SUCCESS", "FAILED", "CANCELLED")))
def test_any_other_final_word_is_another_outcome(status: str) -> None:
    assert exit_code_for(status) == 7


def test_a_finished_step_is_its_status_padded_to_ten_then_its_name_and_message() -> None:
    step = Step(id="s-1", name="load orders", result=StepResult(status="FAILED", message="table gone"))
    assert step_line(step) == "  FAILED     load orders  — table gone"  # "FAILED" + 4 spaces = 10


def test_a_step_without_a_name_shows_its_id_and_without_a_status_a_question_mark() -> None:
    assert step_line(Step(id="s-42")) == "  ?          s-42"
    assert step_line(Step(id="s-42", result=StepResult())) == "  ?          s-42"
    assert step_line(Step(id="s-42", result=StepResult(status="", message=""))) == "  ?          s-42"


def test_long_server_text_is_cut_and_shown_literally() -> None:
    """A status past 12 characters, a name past 80 and a message past 160 are cut to that many,
    the last one an ellipsis; control characters show as escapes."""
    step = Step(id="s", name="n" * 100, result=StepResult(status="S" * 20, message="m" * 200 + "\x1b"))
    line = step_line(step)
    status, name, message = line[2:].split(" ", 2)[0], line.split()[1], line.split("— ")[1]
    assert status == "S" * 11 + "…"
    assert name == "n" * 79 + "…"
    assert message == "m" * 159 + "…"
    assert "\x1b" not in step_line(Step(id="s", name="a\x1bb", result=StepResult(status="X", message="c\x1b")))


# ----- over loopback: the living emulator's runs last RUN_SECONDS (20 s) on the test's clock ----


async def while_time_passes(live: Live, work: Awaitable[T], step: float = 1.0) -> tuple[T, float]:
    """Await `work` while the fake clock moves `step` seconds at a time; (its result, the
    seconds that passed). Real loopback I/O runs between steps."""
    task = asyncio.ensure_future(work)
    passed = 0.0
    while not task.done():
        await asyncio.sleep(0.02)
        if task.done() or passed >= 600:
            break
        live.clock.advance(step)
        passed += step
    return await asyncio.wait_for(task, 5), passed


async def started(live: Live) -> str:
    run = await live.client.run_pipeline(live.project_id, live.pipeline, live.environment)
    return run.pipeline_execution_id


async def test_waiting_for_a_run_that_ends_gives_its_final_status(live: Live) -> None:
    run_id = await started(live)
    (status, final), passed = await while_time_passes(live, wait_for_end(live.client, live.project_id, run_id, 90.0))
    assert (status, final) == ("SUCCESS", True)
    assert RUN_SECONDS <= passed < 90  # it ended with the run, not at the timeout


async def test_waiting_past_the_timeout_gives_the_status_then_and_leaves_the_run_going(live: Live) -> None:
    run_id = await started(live)
    (status, final), passed = await while_time_passes(live, wait_for_end(live.client, live.project_id, run_id, 7.0))
    assert (status, final) == ("RUNNING", False)
    assert 7 <= passed < RUN_SECONDS
    assert await live.client.get_execution_status(live.project_id, run_id) == "RUNNING"
    assert live.client.watching == 0  # the watch it started is over


async def test_a_cancel_waited_for_ends_cancelled(live: Live) -> None:
    run_id = await started(live)
    await live.client.cancel_execution(live.project_id, run_id)
    (status, final), _ = await while_time_passes(live, wait_for_end(live.client, live.project_id, run_id, 60.0))
    assert (status, final) == ("CANCELLED", True)


async def test_an_error_while_waiting_or_following_is_the_callers(live: Live) -> None:
    unknown = "00000000-0000-0000-0000-000000000000"
    with pytest.raises(NotFound):
        await wait_for_end(live.client, live.project_id, unknown, 60.0)
    lines: list[str] = []
    with pytest.raises(NotFound):
        await follow(live.client, live.project_id, unknown, timeout=60.0, emit=lines.append)
    assert lines == [] and live.client.watching == 0


def step_names(live: Live, run_id: str) -> list[str]:
    """The run's steps as the emulator lists them now (its own JSON, not our parsing)."""
    path = f"/v1/projects/{live.project_id}/pipeline-executions/{run_id}/steps"
    return [step["name"] for step in raw_pages(live.emu, path)]


async def test_following_prints_each_status_once_each_step_once_and_the_final_status_last(live: Live) -> None:
    run_id = await started(live)
    lines: list[str] = []
    final, _ = await while_time_passes(
        live, follow(live.client, live.project_id, run_id, timeout=None, emit=lines.append)
    )
    assert final == "SUCCESS"
    assert lines[0] == "status: RUNNING" and lines[-1] == "status: SUCCESS"
    steps = lines[1:-1]
    names = step_names(live, run_id)
    assert names and sorted(line.split(None, 1)[1].split("  — ")[0] for line in steps) == sorted(names)
    assert all(line.startswith("  SUCCESS    ") for line in steps)
    assert live.client.watching == 0
    # The steps read in the largest pages the API gives (size at most 100), the first page first.
    reads = [r for r in live.emu.stats.requests if r.path.endswith(f"/{run_id}/steps")]
    assert reads and all(parse_qs(r.query) == {"page": ["0"], "size": ["100"]} for r in reads)


async def test_following_stops_at_the_timeout_on_the_clients_clock(live: Live) -> None:
    run_id = await started(live)
    lines: list[str] = []
    final, passed = await while_time_passes(
        live, follow(live.client, live.project_id, run_id, timeout=12.0, emit=lines.append)
    )
    assert final is None
    assert 12 <= passed < RUN_SECONDS
    assert lines[0] == "status: RUNNING"
    assert not [line for line in lines[1:] if line.startswith("status:")]  # no final status: it timed out
    # The steps that had finished by then (polled every 5 s: 5 and 10 s), each once, as they finished.
    steps = [line.split(None, 1)[1].split("  — ")[0] for line in lines[1:]]
    path = f"/v1/projects/{live.project_id}/pipeline-executions/{run_id}/steps"
    finished = [step["name"] for step in raw_pages(live.emu, path) if (step.get("result") or {}).get("finishedAt")]
    assert steps and Counter(steps) <= Counter(finished)
    assert live.client.watching == 0
    assert await live.client.get_execution_status(live.project_id, run_id) == "RUNNING"  # never cancelled


STEPS = {
    "page": 0,
    "size": 100,
    "total": 6,
    "results": [
        {"id": "s1", "name": "not started"},  # no result yet
        {"id": "s2", "name": "load", "result": {"status": "SUCCESS"}},
        {"id": "s3", "name": "running", "result": {"status": "RUNNING"}},
        {"id": "s4", "name": "unsure", "result": {"status": "UNKNOWN"}},  # may still be reported on
        {"id": "s5", "name": "broke", "result": {"status": "failed", "message": "no table"}},
        {"id": "s6", "name": "no word", "result": {"status": None}},
    ],
}


async def test_steps_are_reported_once_when_finished_and_the_rest_at_the_end(make_client) -> None:  # type: ignore[no-untyped-def]
    """A server other than the emulator may send a step without a result, or a status in lower
    case: finished steps (SUCCESS, FAILED, CANCELLED, SKIPPED) print as they finish, each once; the
    others, UNKNOWN too, only at the very end, as they stand."""
    client = make_client(transport=Answering("/e-1/steps", STEPS))
    await client.login()
    lines: list[str] = []
    reporter = StepReporter(client, "p", "e-1", lines.append)
    await reporter.report()
    await reporter.report()
    assert [line.split()[1] for line in lines] == ["load", "broke"]
    await reporter.report(final=True)
    assert [line.split(None, 1)[1].split("  — ")[0].strip() for line in lines[2:]] == [
        "not started",
        "running",
        "unsure",
        "no word",
    ]
    assert lines[1] == "  failed     broke  — no table"


async def test_following_ends_at_its_deadline_not_a_moment_before_nor_after(live: Live) -> None:
    """The clock jumps (as a suspended laptop's does): 11.5 s is not yet the 12 s timeout; at 12 s
    it is, with no more time passing."""
    run_id = await started(live)
    lines: list[str] = []
    task = asyncio.ensure_future(follow(live.client, live.project_id, run_id, timeout=12.0, emit=lines.append))
    await eventually(lambda: lines, what="the first status")
    live.clock.advance(11.5)
    await asyncio.sleep(0.3)  # the steps read at 11.5 s, and half a second left to wait
    assert not task.done()
    live.clock.advance(0.5)
    await eventually(task.done, what="following to end at its timeout")
    assert task.result() is None


class StatusAndNoSteps(Answering):
    """Answers the status as given, and the steps with an empty page."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/steps"):
            self.requests.append(request)
            return httpx.Response(200, json={"page": 0, "size": 100, "total": 0, "results": []})
        return await super().handle_async_request(request)


async def test_a_status_from_the_server_is_printed_literally_and_cut(make_client, clock) -> None:  # type: ignore[no-untyped-def]
    """A server other than the emulator says a long status with an escape in it: the line shows
    at most 20 characters of it (19 and an ellipsis), the escape as text."""
    client = make_client(transport=StatusAndNoSteps("/e-1/status", {"status": "\x1b[31m" + "W" * 30}))
    await client.login()
    lines: list[str] = []
    task = asyncio.ensure_future(follow(client, "p", "e-1", timeout=3.0, emit=lines.append))
    await eventually(lambda: lines, what="the status")
    clock.advance(3.0)
    assert await asyncio.wait_for(task, 5) is None
    (line,) = lines
    assert "\x1b" not in line and len(line) == len("status: ") + 20 and line.endswith("W…")


async def test_a_timeout_before_any_status_came_gives_none(make_client, clock) -> None:  # type: ignore[no-untyped-def]
    """The status request hangs: at the timeout there is no status to give, and none is made up."""
    held = HeldRequests(lambda request: request.url.path.endswith("/status"))
    client = make_client(transport=held)
    await client.login()
    task = asyncio.ensure_future(wait_for_end(client, "p", "e-1", 4.0))
    await eventually(lambda: held.held, what="the status request to be held")
    clock.advance(4.0)
    assert await asyncio.wait_for(task, 5) == (None, False)
    held.release()
