"""`maia-tui run`: start a published pipeline from a shell or CI, and with --wait follow it in the
manner of `gh run watch --exit-status`; the pieces `maia-tui watch` (watch.py) shares with it.

Credentials and the exit codes for failures are those of `maia-tui check` (0 ok, 1 anything
else, 2 credentials refused, 3 network or TLS, 4 API refused). `run` is a write: it needs
--allow-writes, MAIA_ALLOW_WRITES=1 or the profile's allow_writes, else exit 1 saying so.
With --wait (and always for `watch`) the exit code says how the run ended: 0 SUCCESS, 5 FAILED,
6 CANCELLED, 7 SKIPPED or UNKNOWN, 8 still running when --timeout passed (the run goes on).
Step lines and progress go to stderr; stdout carries the result (text, or one JSON object).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from ..api.clock import Clock, SystemClock
from ..api.errors import MaiaError
from ..api.text import printable
from ..credentials.resolve import LoginSettings
from ..credentials.writes import FLAG, WritesDisabled
from ..services.run_follow import (
    EXIT_CANCELLED,
    EXIT_FAILED,
    EXIT_OTHER_OUTCOME,
    EXIT_TIMEOUT,
    exit_code_for,
    follow,
)
from ..services.run_lookup import console_execution_url, find_pipeline, find_project
from .common import (
    DEFAULT_TIMEOUT,
    EXIT_OK,
    EXIT_OTHER,
    classify,
    client_for,
    exit_codes_help,
    login_with_writes,
)


def _variable(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key.strip(), value


def seconds(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


# How a followed run ended, after the codes every command shares (common.EXIT_CODES).
FOLLOW_EXIT_CODES = (
    (EXIT_FAILED, "the run FAILED"),
    (EXIT_CANCELLED, "the run was CANCELLED"),
    (EXIT_OTHER_OUTCOME, "the run ended SKIPPED or UNKNOWN"),
    (EXIT_TIMEOUT, "--timeout passed while the run was still going (it is not cancelled)"),
)


def add_follow_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout",
        type=seconds,
        metavar="SECONDS",
        help="stop waiting after this long and exit 8; the run is not cancelled (default: wait until it ends)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout instead of text")


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = exit_codes_help(
        "started (without --wait), or the run ended SUCCESS",
        *FOLLOW_EXIT_CODES,
        other="anything else: writes not enabled, an unknown or ambiguous name, 409/410, no credentials",
    )
    parser.add_argument("project", metavar="PROJECT", help="project name or id")
    parser.add_argument(
        "pipeline", metavar="PIPELINE", help="published pipeline: full name (dir/x.orch.yaml) or short name (x)"
    )
    parser.add_argument("--env", required=True, metavar="ENV", help="environment to run in")
    parser.add_argument(
        "--var",
        dest="variables",
        type=_variable,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a scalar variable (repeat for more)",
    )
    parser.add_argument("--tag", metavar="TAG", help="execution tag (default: a generated one, so a retry is safe)")
    parser.add_argument("--agent", metavar="AGENT_ID", help="agent to run on (default: the environment's)")
    parser.add_argument("--wait", action="store_true", help="follow the run; the exit code says how it ended")
    parser.add_argument(
        FLAG, action="store_true", default=argparse.SUPPRESS, help="allow this write (or MAIA_ALLOW_WRITES=1)"
    )
    add_follow_arguments(parser)


# ----- what a command did ----------------------------------------------------------------------


@dataclass
class Outcome:
    """Everything printed at the end. Holds no secret and no token."""

    project_id: str
    execution_id: str
    project_name: str | None = None
    pipeline_name: str | None = None
    environment_name: str | None = None
    execution_tag: str | None = None
    request: Mapping[str, Any] | None = None  # the body sent to start the run, as sent
    followed: bool = False
    status: str | None = None  # the final status; None while running or after a timeout
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return exit_code_for(self.status) if self.followed else EXIT_OK

    def as_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "ok": True,
            "exit_code": self.exit_code,
            "execution_id": self.execution_id,
            "project_id": self.project_id,
            "console_url": console_execution_url(self.execution_id),
        }
        for key, value in (
            ("project_name", self.project_name),
            ("pipeline_name", self.pipeline_name),
            ("environment_name", self.environment_name),
            ("execution_tag", self.execution_tag),
            ("request", dict(self.request) if self.request is not None else None),
        ):
            if value is not None:
                document[key] = value
        if self.followed:
            document["status"] = self.status
            document["timed_out"] = self.status is None
        return document

    def as_text(self) -> str:
        lines = []
        if self.pipeline_name is not None:
            lines.append(
                f"✓ Started {printable(self.pipeline_name)} in {printable(self.environment_name)} "
                f"(project {printable(self.project_name)})"
            )
        lines.append(f"  execution:  {self.execution_id}")
        if self.execution_tag:
            lines.append(f"  tag:        {printable(self.execution_tag)}")
        lines.append(f"  console:    {console_execution_url(self.execution_id)}")
        if self.followed:
            ended = self.status if self.status is not None else "still running (timed out waiting; not cancelled)"
            lines.append(f"  status:     {printable(ended)}")
        return "\n".join(lines)


# ----- shared plumbing -------------------------------------------------------------------------


@dataclass
class Io:
    out: TextIO
    err: TextIO
    as_json: bool

    def progress(self, line: str) -> None:
        print(line, file=self.err, flush=True)


def follow_client(login: LoginSettings, clock: Clock, options: Mapping[str, Any]) -> Any:
    options = dict(options)
    options.setdefault("timeout", DEFAULT_TIMEOUT)
    return client_for(login, clock=clock, **options)


def report_failure(io: Io, verb: str, error: BaseException) -> int:
    code, kind = classify(error)
    if io.as_json:
        print(json.dumps({"ok": False, "exit_code": code, "error": {"kind": kind, "message": str(error)}}), file=io.out)
    else:
        print(f"✗ {verb} failed ({kind.replace('_', ' ')}, exit {code})\n  {error}", file=io.err)
    return code


def report_outcome(io: Io, outcome: Outcome) -> int:
    print(json.dumps(outcome.as_json()) if io.as_json else outcome.as_text(), file=io.out)
    if outcome.followed and outcome.status is None:
        io.progress(
            f"Timed out waiting; the run goes on. Follow it with: maia-tui watch {outcome.execution_id} "
            f"--project {outcome.project_id}"
        )
    return outcome.exit_code


# ----- the commands ------------------------------------------------------------------------------


async def run_async(
    args: argparse.Namespace,
    *,
    env: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    clock: Clock | None = None,
    **client_options: Any,
) -> int:
    """`maia-tui run`: resolve the names, start the run once, print its id and link; with
    --wait, follow it and exit with its outcome."""
    io = Io(out or sys.stdout, err or sys.stderr, bool(getattr(args, "json", False)))
    env = os.environ if env is None else env
    try:
        login, policy = login_with_writes(args, env)
        if not policy.allowed:
            raise WritesDisabled("Running a pipeline")
        async with follow_client(login, clock or SystemClock(), client_options) as client:
            await client.login()
            project = await find_project(client, args.project)
            pipeline = await find_pipeline(client, project, args.env, args.pipeline)
            started = await client.run_pipeline(
                project.id,
                pipeline,
                args.env,
                agent_id=args.agent,
                execution_tag=args.tag,
                scalar_variables=dict(args.variables) or None,
            )
            outcome = Outcome(
                project_id=project.id,
                execution_id=started.pipeline_execution_id,
                project_name=project.name,
                pipeline_name=pipeline,
                environment_name=args.env,
                execution_tag=started.execution_tag,
                request=started.body,
            )
            if args.wait:
                io.progress(f"Started {started.pipeline_execution_id}; following it (the run is not cancelled on exit)")
                outcome.followed = True
                outcome.status = await follow(
                    client, project.id, outcome.execution_id, timeout=args.timeout, emit=io.progress
                )
    except (MaiaError, ValueError) as error:
        return report_failure(io, "Run", error)
    return report_outcome(io, outcome)


def run_run(args: argparse.Namespace, **options: Any) -> int:
    return asyncio.run(run_async(args, **options))


__all__ = ["EXIT_OTHER", "EXIT_TIMEOUT", "add_run_arguments", "run_run"]
