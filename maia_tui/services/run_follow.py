"""Following a run from a script: the status from `client.watch_execution` (one shared, adaptive
poll), the steps as they finish, a deadline on the client's clock, and an exit code that says
how the run ended, like `gh run watch --exit-status`. No Textual.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import Step
from maia_tui.api.paging import every_page
from maia_tui.api.status import FINAL_RUN_WORDS, FINAL_WORDS
from maia_tui.api.text import printable

EXIT_SUCCESS = 0
EXIT_FAILED = 5
EXIT_CANCELLED = 6
EXIT_OTHER_OUTCOME = 7  # SKIPPED or UNKNOWN
EXIT_TIMEOUT = 8
STEP_POLL_SECONDS = 5.0  # steps change between status changes; independent clients poll every 5 s
TERMINAL = FINAL_RUN_WORDS  # a run ends on one of these (api/status.py)
STEP_DONE = FINAL_WORDS - {"UNKNOWN"}  # a step that says UNKNOWN may still be reported on


def exit_code_for(status: str | None) -> int:
    """0 SUCCESS, 5 FAILED, 6 CANCELLED, 7 SKIPPED, UNKNOWN or anything else final; None: timed out."""
    if status is None:
        return EXIT_TIMEOUT
    return {"SUCCESS": EXIT_SUCCESS, "FAILED": EXIT_FAILED, "CANCELLED": EXIT_CANCELLED}.get(
        status.upper(), EXIT_OTHER_OUTCOME
    )


def step_line(step: Step) -> str:
    result = step.result
    status = (result.status if result else None) or "?"
    line = f"  {printable(status, 12):<10} {printable(step.name or step.id, 80)}"
    if result and result.message:
        line += f"  — {printable(result.message, 160)}"
    return line


@dataclass
class StepReporter:
    """Prints each step once, when it has finished (or, at the very end, as it stands)."""

    client: MaiaClient
    project_id: str
    execution_id: str
    emit: Callable[[str], None]

    def __post_init__(self) -> None:
        self.reported: set[str] = set()

    async def report(self, *, final: bool = False) -> None:
        async for step in every_page(
            lambda number: self.client.list_steps(self.project_id, self.execution_id, page=number, size=100)
        ):
            status = (step.result.status if step.result else None) or ""
            if step.id not in self.reported and (final or status.upper() in STEP_DONE):
                self.reported.add(step.id)
                self.emit(step_line(step))


async def wait_for_end(
    client: MaiaClient, project_id: str, execution_id: str, timeout: float
) -> tuple[str | None, bool]:
    """(the last status seen, whether it is final) after the run ends or `timeout` seconds on the
    client's clock, whichever comes first."""
    last: list[str] = []

    async def statuses() -> None:
        async for status in client.watch_execution(project_id, execution_id):
            last.append(status)

    watcher = asyncio.create_task(statuses())
    tick = asyncio.create_task(client.clock.sleep(timeout))
    try:
        await asyncio.wait({watcher, tick}, return_when=asyncio.FIRST_COMPLETED)
        if watcher.done():
            watcher.result()
    finally:
        for task in (watcher, tick):
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await watcher
    status = last[-1] if last else None
    return status, status is not None and status.upper() in TERMINAL


async def follow(
    client: MaiaClient,
    project_id: str,
    execution_id: str,
    *,
    timeout: float | None,
    emit: Callable[[str], None],
    interval: float | None = None,
) -> str | None:
    """Wait for the run to end, printing its status changes and steps; the final status, or
    None when `timeout` seconds (client clock) passed first. No poll comes sooner than
    `interval` seconds after the last. The run itself is never cancelled."""
    clock = client.clock
    steps = StepReporter(client, project_id, execution_id, emit)
    last: list[str] = []

    async def statuses() -> None:
        async for status in client.watch_execution(project_id, execution_id, min_interval=interval):
            if (not last or last[-1] != status) and status.upper() not in TERMINAL:
                emit(f"status: {printable(status, 20)}")  # the final one comes after the last steps
            last.append(status)

    watcher = asyncio.create_task(statuses())
    deadline = None if timeout is None else clock.monotonic() + timeout
    try:
        while not watcher.done():
            wait = max(STEP_POLL_SECONDS, interval or 0.0)
            if deadline is not None:
                wait = min(wait, deadline - clock.monotonic())
                if wait <= 0:
                    return None
            tick = asyncio.create_task(clock.sleep(wait))
            await asyncio.wait({watcher, tick}, return_when=asyncio.FIRST_COMPLETED)
            tick.cancel()
            if not watcher.done():
                await steps.report()
        watcher.result()  # an error while watching is the caller's to report
        await steps.report(final=True)
        final = last[-1] if last else "UNKNOWN"
        emit(f"status: {printable(final, 20)}")
        return final
    finally:
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await watcher
