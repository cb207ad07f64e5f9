"""`maia-tui export RESOURCE`: every item of a list (or the first --limit N, newest first for
runs), to stdout or a file, as CSV, JSON or JSON Lines, with its progress on stderr.

Credentials and exit codes are those of `maia-tui check`. Paged lists are fetched to the end;
a file is written under its name only once the whole list has arrived (see exporting.py), so an
error or Ctrl+C leaves no file, and no temporary one, behind.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, TextIO

from ..api.clock import Clock
from ..api.errors import MaiaError
from ..api.models import parse_time
from ..api.text import printable
from ..credentials.resolve import LoginSettings
from ..resources import Filter, Kind, Query, exportable, kind
from ..resources.base import raw_of
from ..services.exporting import FORMATS, RowWriter, atomic_text_file, columns
from .common import DEFAULT_TIMEOUT, EXIT_OK, EXIT_OTHER, classify, client_for, exit_codes_help, login_from_args
from .progress import Progress

PAGE_SIZE = 100
EXIT_USAGE = 2  # argparse's own code for a bad command line
EXIT_INTERRUPTED = 130  # the shell's own code for a command stopped by Ctrl+C (128 + SIGINT)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {text}")
    return value


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = exit_codes_help(
        "every item asked for was written",
        (EXIT_INTERRUPTED, "stopped by Ctrl+C; nothing was written to -o FILE"),
    )
    parser.add_argument("resource", choices=[k.name for k in exportable()], help="what to export")
    parser.add_argument(
        "--format", choices=FORMATS, default="csv", help="csv (default, with a header row), json or jsonl"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (only once complete); default stdout")
    parser.add_argument("--project", metavar="ID", help="project id (required for schedules and pipelines)")
    parser.add_argument("--env", metavar="NAME", help="environment name (required for pipelines; filters runs)")
    parser.add_argument(
        "--status", action="append", metavar="STATUS", help="runs: only this status (repeatable, e.g. RUNNING)"
    )
    parser.add_argument("--pipeline", metavar="TEXT", help="runs: pipeline name contains TEXT (any case)")
    parser.add_argument("--since", metavar="ISO", help="runs: started after; events: from (default 24 h ago)")
    parser.add_argument("--until", metavar="ISO", help="runs: started before; events: to (default now)")
    parser.add_argument(
        "--limit", type=_positive_int, metavar="N", help="only the first N items (for runs: the newest N)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary on stderr")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS", help="network timeout per request"
    )


def _when(value: str | None, flag: str) -> datetime | None:
    if value is None:
        return None
    parsed = parse_time(value)
    if parsed is None or parsed.tzinfo is None:
        raise ValueError(f"{flag} must be an ISO 8601 time with a zone, e.g. 2026-06-01T09:00:00Z")
    return parsed


def query_of(args: argparse.Namespace, now: datetime) -> Query:
    """The command line's filters as the query every kind reads (maia_tui.resources.base)."""
    since, until = _when(args.since, "--since"), _when(args.until, "--until")
    return {
        "project_id": args.project,
        "environment_name": args.env,
        "statuses": args.status or (),
        "pipeline_name": args.pipeline,
        "started_after": since,
        "started_before": until,
        # The audit log always sends a window: the last 24 hours unless told otherwise.
        "start": since or now - timedelta(hours=24),
        "end": until or now,
    }


def _ignored_filters(chosen: Kind[Any], args: argparse.Namespace) -> list[str]:
    given = {
        Filter.STATUS: args.status,
        Filter.PIPELINE: args.pipeline,
        Filter.SINCE: args.since,
        Filter.UNTIL: args.until,
    }
    return [f"--{flag.value}" for flag, value in given.items() if value and flag not in chosen.filters]


async def export(
    login: LoginSettings,
    args: argparse.Namespace,
    out: TextIO,
    progress: Progress,
    *,
    now: datetime | None = None,
    **options: Any,
) -> int:
    """Write every item (at most --limit) to `out`, telling `progress`; returns how many."""
    client = client_for(login, timeout=args.timeout, **options)
    size = PAGE_SIZE if args.limit is None else min(PAGE_SIZE, args.limit)

    def heard(total: int) -> None:
        progress.total = total if args.limit is None else min(total, args.limit)

    if args.limit is not None:
        progress.total = args.limit  # at most; a list's total may say fewer
    async with client:
        await client.login()
        chosen = kind(args.resource)
        writer = RowWriter(out, args.format, columns(*chosen.export_columns))
        with stopped_by_ctrl_c() as stopped:
            async for item in chosen.walk(client, query_of(args, now or datetime.now(UTC)), size, heard):
                if stopped.is_set():
                    raise KeyboardInterrupt
                writer.write(raw_of(item))
                progress.update(writer.count)
                if writer.count == args.limit:
                    break
        writer.close()
        return writer.count


@contextlib.contextmanager
def stopped_by_ctrl_c() -> Iterator[asyncio.Event]:
    """Ctrl+C stops the export at its next row, as well as cancelling what it awaits. asyncio's
    own Ctrl+C only cancels the main task, and a full run once saw an export go on for 30 s
    after it: a cancellation swallowed somewhere below us. Not on the main thread (tests call the
    command in-process), asyncio's own handling stays."""
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()

    def on_ctrl_c() -> None:
        stopped.set()
        if task is not None:
            task.cancel()

    try:
        loop.add_signal_handler(signal.SIGINT, on_ctrl_c)
    except (RuntimeError, ValueError, NotImplementedError):  # not the main thread, or no signals
        yield stopped
        return
    try:
        yield stopped
    except asyncio.CancelledError:
        if stopped.is_set():  # our cancel: the command's Ctrl+C path (exit 130, nothing written)
            raise KeyboardInterrupt from None
        raise
    finally:
        loop.remove_signal_handler(signal.SIGINT)


def _usage_problem(args: argparse.Namespace) -> str | None:
    chosen = kind(args.resource)
    ignored = _ignored_filters(chosen, args)
    if ignored:
        return f"{' and '.join(ignored)} cannot narrow {chosen.name}"
    return chosen.usage_problem({"project_id": args.project, "environment_name": args.env})


def run_export(
    args: argparse.Namespace,
    *,
    env: dict[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    progress_clock: Clock | None = None,
    **client_options: Any,
) -> int:
    """`progress_clock` times the progress lines (the client's clock, in `client_options`,
    paces its requests: a test may want to move one and not the other)."""
    out = out or sys.stdout
    err = err or sys.stderr
    problem = _usage_problem(args)
    if problem:
        print(f"maia-tui export: {problem}", file=err)
        return EXIT_USAGE
    progress = Progress(err, args.resource, clock=progress_clock, quiet=args.quiet)
    try:
        login = login_from_args(args, env)
        if args.output:
            with atomic_text_file(args.output) as handle:
                count = asyncio.run(export(login, args, handle, progress, **client_options))
            progress.close()
            if not args.quiet:
                print(f"Exported {count:,} {args.resource} to {args.output}", file=err)
        else:
            export_count = asyncio.run(export(login, args, out, progress, **client_options))
            progress.close()
            if not out.isatty() and not args.quiet:
                print(f"Exported {export_count:,} {args.resource}", file=err)
    except KeyboardInterrupt:
        progress.close()
        where = f"; nothing was written to {args.output}" if args.output else ""
        print(f"Interrupted after {progress.count:,} {args.resource}{where}.", file=err)
        return EXIT_INTERRUPTED
    except OSError as error:
        progress.close()
        print(f"✗ Export failed: could not write {args.output}: {error.strerror or error}", file=err)
        return EXIT_OTHER
    except (MaiaError, ValueError) as error:  # the same classes and codes as `check`
        progress.close()
        code, kind = classify(error)
        print(f"✗ Export failed ({kind.replace('_', ' ')}, exit {code}): {printable(str(error))}", file=err)
        if args.output:
            print(f"  Nothing was written to {args.output}.", file=err)
        return code
    return EXIT_OK
