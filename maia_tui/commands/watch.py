"""`maia-tui watch`: follow a run until it ends, like `gh run watch --exit-status`. The run is
given by its id (found however old), as the newest run of a pipeline (--latest), or, on a
terminal, picked from the runs RUNNING now. Credentials and exit codes are those of `run`."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TextIO

from ..api.client import MaiaClient
from ..api.clock import Clock, SystemClock
from ..api.errors import MaiaError
from ..api.models import PipelineExecution, parse_time
from ..api.text import printable
from ..services.run_follow import follow
from ..services.run_lookup import (
    NotResolved,
    find_execution_project,
    find_project,
    latest_execution,
    running_executions,
)
from .common import exit_codes_help, login_with_writes
from .progress import Progress
from .run import FOLLOW_EXIT_CODES, Io, Outcome, add_follow_arguments, follow_client, report_failure, report_outcome
from .run import seconds as positive_seconds

EXIT_USAGE = 2
PICK_FROM = 20  # running runs offered on a terminal


def add_watch_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = exit_codes_help(
        "the run ended SUCCESS",
        *FOLLOW_EXIT_CODES,
        other="anything else: no such run, nothing picked, no credentials",
    )
    parser.add_argument(
        "execution_id",
        metavar="EXECUTION_ID",
        nargs="?",
        help="the run to follow (default: --latest, or on a terminal a pick of the running runs)",
    )
    parser.add_argument(
        "--latest", metavar="PIPELINE", help="follow the newest run of this pipeline (full, file or short name)"
    )
    parser.add_argument(
        "--project",
        metavar="PROJECT",
        help="the run's project: an id, or with --latest a name (default: looked up, however old the run)",
    )
    parser.add_argument("--env", metavar="ENV", help="with --latest: only runs in this environment")
    parser.add_argument(
        "--interval",
        type=positive_seconds,
        metavar="SECONDS",
        help="poll no more often than this (default: from 2 s, slowing to 15 s while nothing changes)",
    )
    add_follow_arguments(parser)


def _ago(started_at: str | None, now: datetime) -> str:
    when = parse_time(started_at) if started_at else None
    if when is None or when.tzinfo is None:
        return "?"
    minutes = max(0, int((now - when).total_seconds() // 60))
    return f"{minutes} min ago" if minutes < 120 else f"{minutes // 60} h ago"


async def pick_running(client: MaiaClient, io: Io, stdin: TextIO) -> PipelineExecution:
    """A numbered list of the running runs on stderr; the number read from `stdin`."""
    running = await running_executions(client, PICK_FROM)
    if not running:
        raise NotResolved("No run is RUNNING in this account right now", hint="Give a run's id, or --latest PIPELINE")
    now = client.clock.now()
    io.progress(
        f"Runs RUNNING now, newest first:\n  {'#':>2}  {'pipeline':<36}  {'environment':<12}  {'started':>10}  id"
    )
    for number, run in enumerate(running, start=1):  # one line each in 80 columns
        pipeline, environment = printable(run.pipeline_name or "?", 36), printable(run.environment_name or "?", 12)
        io.progress(
            f"  {number:>2}  {pipeline:<36}  {environment:<12}  {_ago(run.started_at, now):>10}"
            f"  {run.pipeline_execution_id[:8]}…"
        )
    while True:
        io.err.write(f"Follow which run? [1-{len(running)}, Enter for none] ")
        io.err.flush()
        answer = (await asyncio.to_thread(stdin.readline)).strip()
        if not answer:
            raise NotResolved("No run was picked")
        if answer.isdigit() and 1 <= int(answer) <= len(running):
            return running[int(answer) - 1]
        io.progress(f"{printable(answer, 20)!r} is not one of 1 to {len(running)}.")


async def _which(
    client: MaiaClient, args: argparse.Namespace, io: Io, stdin: TextIO, interactive: bool
) -> tuple[str, str]:
    """(project id, execution id) of the run to follow."""
    if args.execution_id:
        project_id = args.project
        if project_id is None:
            progress = Progress(io.err, "projects asked", clock=client.clock)

            def asked(done: int, total: int) -> None:
                progress.total = total
                progress.update(done)

            try:
                project_id = await find_execution_project(client, args.execution_id, emit=io.progress, asked=asked)
            finally:
                progress.close()
        return project_id, args.execution_id
    if args.latest:
        project = await find_project(client, args.project) if args.project else None
        where = f" in project {printable(project.name)}" if project else ""
        io.progress(f"Looking for the newest run of {printable(args.latest)}{where}")
        run = await latest_execution(
            client, args.latest, project_id=project.id if project else None, environment=args.env
        )
    else:
        run = await pick_running(client, io, stdin)
    if not run.project_id:
        raise NotResolved(f"The run {run.pipeline_execution_id} came without its project id")
    return run.project_id, run.pipeline_execution_id


async def watch_async(
    args: argparse.Namespace,
    *,
    env: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    clock: Clock | None = None,
    stdin: TextIO | None = None,
    interactive: bool | None = None,
    **client_options: Any,
) -> int:
    """`maia-tui watch`: follow an existing run; the exit code says how it ended."""
    io = Io(out or sys.stdout, err or sys.stderr, bool(getattr(args, "json", False)))
    env = os.environ if env is None else env
    stdin = stdin or sys.stdin
    if interactive is None:
        interactive = stdin.isatty() and io.err.isatty()
    if not (args.execution_id or args.latest or interactive):
        print(
            "maia-tui watch: give an EXECUTION_ID or --latest PIPELINE (on a terminal, it offers the running runs)",
            file=io.err,
        )
        return EXIT_USAGE
    try:
        login, _ = login_with_writes(args, env)  # read-only: writes need not be on
        async with follow_client(login, clock or SystemClock(), client_options) as client:
            await client.login()
            project_id, execution_id = await _which(client, args, io, stdin, interactive)
            execution = await client.get_execution(project_id, execution_id)
            io.progress(
                f"Following {printable(execution.pipeline_name or execution_id)} "
                f"in {printable(execution.environment_name or '?')} ({execution_id})"
            )
            outcome = Outcome(
                project_id=project_id,
                execution_id=execution_id,
                environment_name=execution.environment_name,
                followed=True,
            )
            outcome.status = await follow(
                client, project_id, execution_id, timeout=args.timeout, emit=io.progress, interval=args.interval
            )
    except (MaiaError, ValueError) as error:
        return report_failure(io, "Watch", error)
    return report_outcome(io, outcome)


def run_watch(args: argparse.Namespace, **options: Any) -> int:
    return asyncio.run(watch_async(args, **options))
