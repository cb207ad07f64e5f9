"""`maia-tui run`, `watch` and `api` called in-process through the real parser, with a fake clock
and no real retry sleeps; what they printed and returned."""

from __future__ import annotations

import argparse
import asyncio
import io
import json
from dataclasses import dataclass
from typing import Any

from maia_tui.api.clock import FakeClock
from maia_tui.commands.api import api_async
from maia_tui.commands.main import build_parser
from maia_tui.commands.run import run_async
from maia_tui.commands.watch import watch_async
from maia_tui.emulator import Emulator

from .clocks import no_sleep


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.out)  # type: ignore[no-any-return]


def parse(*argv: str) -> argparse.Namespace:
    """Through the real `maia-tui` parser, so the wiring in cli.py is what is tested."""
    return build_parser().parse_args(list(argv))


async def call(argv: list[str], env: dict[str, str], clock: FakeClock) -> Result:
    args = parse(*argv)
    out, err = io.StringIO(), io.StringIO()
    command = {"run": run_async, "watch": watch_async, "api": api_async}[args.command]
    code = await command(args, env=env, out=out, err=err, clock=clock, retry_sleep=no_sleep)
    return Result(code, out.getvalue(), err.getvalue())


async def call_while_time_passes(
    argv: list[str],
    env: dict[str, str],
    clock: FakeClock,
    *,
    step: float = 1.0,
    limit: float = 600.0,
    server: Emulator | None = None,
) -> tuple[Result, float]:
    """Run the command while the fake clock moves `step` seconds at a time (up to `limit`),
    each step once the command has had a moment to react; (result, seconds that passed).
    With `server`, time waits while a request is open there (for up to half a real second, so
    a request the server holds cannot stall the clock for good): on a loaded machine a round
    trip can take several ticks, and counting them as seconds the command waited made a 35 s
    wait read 41 s (seen in CI)."""
    task = asyncio.create_task(call(argv, env, clock))
    passed = 0.0
    held = 0  # ticks the clock has waited for an open request
    while not task.done():
        await asyncio.sleep(0.02)  # real I/O with the emulator happens here
        if task.done() or passed >= limit:
            break
        if server is not None and server.stats.open_requests and held < 25:
            held += 1
            continue
        held = 0
        clock.advance(step)
        passed += step
    return await asyncio.wait_for(task, 5), passed
