"""What the API wrote: runs started with POST and cancels sent with PATCH, kept in bounded memory.

Everything else is derived (data.py); these are the only state. Touched only on the server's
event loop.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial
from typing import Any

from . import words as w
from .data import WRITTEN, Account, Cancel, Run, status_at
from .ids import IdCodec
from .problems import Problem, bad_request, not_found

MAX_WRITTEN = 10_000  # runs started through the API that are remembered; the oldest go first
MAX_CANCELS = 10_000

Entry = tuple[int, int, int, Callable[[], Run]]


def _same(run: Run) -> Run:
    return run


def _gone(detail: str) -> Problem:
    return Problem(410, "Gone", detail, kind="gone")


def _conflict(detail: str) -> Problem:
    return Problem(409, "Conflict", detail, kind="conflict")


class RunStore:
    def __init__(
        self, account: Account, run_seconds: float, limit: int = MAX_WRITTEN, cancelling_seconds: float = 5.0
    ) -> None:
        self.account = account
        self.run_ms = max(1, int(run_seconds * 1000))
        self.cancelling_ms = int(cancelling_seconds * 1000)
        self.limit = limit
        self.ids = IdCodec(account.seed, "written-run", bits=56)
        self.written: OrderedDict[str, Run] = OrderedDict()
        self.tags: dict[str, str] = {}
        self.cancels: OrderedDict[str, Cancel] = OrderedDict()
        self.counter = 0

    # ---- reading ------------------------------------------------------------------------

    def resolve(self, run: Run) -> Run:
        """The run with any cancel sent for it."""
        if not self.cancels:
            return run
        cancel = self.cancels.get(run.execution_id)
        return replace(run, cancel=cancel) if cancel is not None and run.cancel != cancel else run

    def find(self, execution_id: str, now: int) -> Run | None:
        written = self.written.get(execution_id)
        if written is not None:
            return self.resolve(written) if written.start_ms <= now else None
        run = self.account.find_run(execution_id, now)
        if run is not None:
            return self.resolve(run)
        return self.find_child(execution_id, now)

    def find_child(self, child_id: str, now: int) -> Run | None:
        """A child pipeline's run, through its parent (children.py)."""
        named = self.account.child_ids.decode(child_id)
        if named is None:
            return None
        source, payload, step = named
        parent_id = self.ids.encode(payload) if source == WRITTEN else self.account.parent_id(source, payload)
        parent = self.find(parent_id, now)
        child = self.account.child_run(parent, step, child_id, now) if parent is not None else None
        return self.resolve(child) if child is not None else None

    def stream(self, upper: tuple[int, int, int], lower_ms: int, project: int | None) -> Iterator[Entry]:
        for run in reversed(list(self.written.values())):
            if run.start_ms < lower_ms:
                return
            if run.key < upper and (project is None or run.project == project):
                yield run.key[0], run.key[1], run.key[2], partial(_same, run)

    # ---- writing ------------------------------------------------------------------------

    def start(self, project: int, body: Any, now: int, outcome: str) -> Run:
        """POST .../pipeline-executions: 404, 409 or 410 as the service does, else a new RUNNING run."""
        if not isinstance(body, dict):
            raise bad_request("The request body must be a JSON object.", ["body: must be a JSON object"])
        pipeline, environment = body.get("pipelineName"), body.get("environmentName")
        fields = (("pipelineName", pipeline), ("environmentName", environment))
        missing = [name for name, value in fields if not value]
        if missing:
            raise bad_request(
                f"{' and '.join(repr(m) for m in missing)} required: which pipeline to run, and where.",
                [f"{name}: must not be blank" for name in missing],
            )
        if not isinstance(pipeline, str) or not isinstance(environment, str):
            raise bad_request(
                "'pipelineName' and 'environmentName' are strings.",
                [f"{name}: must be a string" for name, value in fields if not isinstance(value, str)],
            )
        tag = body.get("executionTag")
        if tag is not None and not isinstance(tag, str):
            raise bad_request("'executionTag' must be a string.", ["executionTag: must be a string"])
        account = self.account
        project_id = account.project_ids.encode(project)
        published = account.published_names(project, environment)
        if published is None:
            raise not_found(f"Environment {environment!r} was not found in project {project_id}.")
        if pipeline not in published:
            raise not_found(f"Pipeline {pipeline!r} is not published in environment {environment!r}.")
        if account.pipeline_disabled(pipeline):
            raise _gone(f"Pipeline {pipeline!r} is disabled in environment {environment!r}; enable it to run it.")
        if tag:
            for other_id, other_tag in self.tags.items():
                other = self.written.get(other_id)
                if (
                    other_tag == tag
                    and other is not None
                    and (other.project, other.environment) == (project, environment)
                    and status_at(self.resolve(other), now)[1] is None
                ):
                    raise _conflict(
                        f"An execution with executionTag {tag!r} is already running in environment "
                        f"{environment!r}: {other_id}."
                    )
        self.counter += 1
        execution_id = self.ids.encode(self.counter)
        run = Run(
            execution_id=execution_id,
            key=(now, WRITTEN, self.counter),
            project=project,
            pipeline=pipeline,
            environment=environment,
            trigger="API",
            duration_ms=self.run_ms,
            outcome=outcome,
            h=int(uuid.UUID(execution_id)) >> 64,
            user=w.API_USERS[-1],
        )
        self.written[execution_id] = run
        if tag:
            self.tags[execution_id] = tag
        while len(self.written) > self.limit:
            old_id, _ = self.written.popitem(last=False)
            self.tags.pop(old_id, None)
        return run

    def cancel(self, run: Run, body: Any, now: int) -> None:
        """PATCH .../pipeline-executions/{id}: 400 without status or forceUpdate, 409 once finished."""
        if not isinstance(body, dict):
            raise bad_request("The request body must be a JSON object.", ["body: must be a JSON object"])
        missing = [name for name in ("status", "forceUpdate") if name not in body or body[name] is None]
        if missing:
            raise bad_request(
                f"{' and '.join(repr(m) for m in missing)} required, e.g. "
                '{"status": "CANCELLED", "forceUpdate": false}.',
                [f"{name}: must not be null" for name in missing],
            )
        if body["status"] != "CANCELLED":
            raise bad_request("'status' can only be set to CANCELLED.", ["status: must be CANCELLED"])
        if not isinstance(body["forceUpdate"], bool):
            raise bad_request("'forceUpdate' must be true or false.", ["forceUpdate: must be a boolean"])
        status, finished = status_at(run, now)
        if finished is not None:
            raise _conflict(f"Pipeline execution {run.execution_id} has already finished ({status}).")
        force = body["forceUpdate"]
        if run.cancel is not None and not force:
            return  # already cancelling: a second polite request changes nothing
        self.cancels[run.execution_id] = Cancel(now, force, self.cancelling_ms)
        self.cancels.move_to_end(run.execution_id)
        while len(self.cancels) > MAX_CANCELS:
            self.cancels.popitem(last=False)
