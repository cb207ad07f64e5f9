"""GET /v1/pipeline-executions: the account's runs merged newest first, filtered, cursor-paged.

Each source yields its runs newest first as (start ms, source, index) keys, which are unique:
ad-hoc runs by arithmetic on k, each schedule (or each group of schedules sharing a cron and
time zone) by its fire times, and the runs written through the API from memory. A heap merges
them. A cursor is the key of the last run the server looked at, so the next page starts
strictly below it: no run is repeated or skipped, however the clock moves between pages.
Filters are applied while scanning, within a budget so a rare match in a huge account cannot
stall the server; when the budget is spent the page ends early with a cursor to go on from.
"""

from __future__ import annotations

import heapq
import uuid
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from starlette.datastructures import QueryParams

from .data import ADHOC, CANCELLING_MS, RETENTION_MS, SCHEDULED, STATUSES, Account, Run, ScheduleSpec, status_at, to_ms
from .paging import decode_cursor, encode_cursor, limit_param, time_param
from .problems import bad_request, not_found
from .runs import RunStore

SCAN_BUDGET = 3_000
TEXT_FILTERS = ("projectId", "pipelineName", "environmentName", "scheduleId", "startedAfter", "startedBefore")

Key = tuple[int, int, int]
Entry = tuple[int, int, int, Callable[[], Run]]


class BudgetSpent(Exception):
    pass


class Budget:
    def __init__(self, amount: int) -> None:
        self.left = amount

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise BudgetSpent


def adhoc_stream(account: Account, upper: Key, lower_ms: int, project: int | None) -> Iterator[Entry]:
    if account.project_count == 0:
        return
    top = upper[0] // account.step_ms  # start(k) >= k * step, so no later k can be below upper
    if project is None:
        candidates: Iterator[int] = iter(range(top, -1, -1))
    else:  # one run per round of P runs
        rounds = range(top // account.project_count, -1, -1)
        candidates = (account.project_run_in_round(project, j) for j in rounds)
    for k in candidates:
        start = account.adhoc_start(k)
        if start < lower_ms:
            return
        if (start, ADHOC, k) < upper:
            yield start, ADHOC, k, partial(account.adhoc_run, k)


def schedule_stream(account: Account, spec: ScheduleSpec, upper: Key, lower_ms: int) -> Iterator[Entry]:
    for t in account.fires_before(spec, upper[0] + 1):
        if t < lower_ms:
            return
        if (t, SCHEDULED, spec.g) < upper:
            yield t, SCHEDULED, spec.g, partial(account.scheduled_run, spec, t)


def combo_stream(account: Account, c: int, upper: Key, lower_ms: int, budget: Budget) -> Iterator[Entry]:
    """Every enabled schedule of one (cron, time zone) group: at each fire time, highest g first."""
    if not account.combo_has_schedules(c):
        return
    for t in account.combo_fires_before(c, upper[0] + 1):
        if t < lower_ms:
            return
        below_g = account.schedule_slots
        if t == upper[0]:
            below_g = upper[2] if upper[1] == SCHEDULED else (0 if upper[1] < SCHEDULED else below_g)
        for spec in account.combo_members(c, below_g):
            budget.spend()
            if spec.effective_ms <= t:
                yield t, SCHEDULED, spec.g, partial(account.scheduled_run, spec, t)


def _statuses(query: QueryParams) -> list[str]:
    wanted = []
    for raw in query.getlist("status"):
        for value in raw.split(","):
            if not value.strip():
                continue
            if value.strip().upper() not in STATUSES:
                raise bad_request(
                    f"'status' has an unknown value {value!r}; use one of {', '.join(STATUSES)}.",
                    ["status: invalid value"],
                )
            wanted.append(value.strip().upper())
    return sorted(set(wanted))


def list_executions(account: Account, store: RunStore, query: QueryParams, now: int) -> dict[str, Any]:
    limit = limit_param(query)
    statuses = _statuses(query)
    after = time_param(query, "startedAfter")
    before = time_param(query, "startedBefore")
    filters: dict[str, Any] = {name: query.get(name) for name in TEXT_FILTERS if query.get(name)}
    if statuses:
        filters["status"] = statuses

    project: int | None = None
    if "projectId" in filters:
        if not _is_uuid(filters["projectId"]):
            raise bad_request("'projectId' must be a project's UUID.", ["projectId: invalid value"])
        project = account.project_index(filters["projectId"])
        if project is None:
            raise not_found(f"Project {filters['projectId']} was not found in this account.")
    spec: ScheduleSpec | None = None
    if "scheduleId" in filters:
        g = account.schedule_ids.decode(filters["scheduleId"])
        if g is None and not _is_uuid(filters["scheduleId"]):
            raise bad_request("'scheduleId' must be a schedule's UUID.", ["scheduleId: invalid value"])
        spec = account.schedule_spec(g) if g is not None else None
        if spec is None or not spec.enabled or (project is not None and spec.g // 8 != project):
            return {"results": []}

    upper: Key = (now, 9, 0)
    if before is not None:
        upper = min(upper, (to_ms(before), -1, 0))
    token = query.get("paginationToken")
    if token:
        position = decode_cursor(token, filters)
        if not (isinstance(position, list) and len(position) == 3 and all(type(v) is int for v in position)):
            raise bad_request("'paginationToken' is not a token this API issued.", ["paginationToken: invalid"])
        upper = min(upper, (position[0], position[1], position[2]))
    lower_ms = now - RETENTION_MS
    if after is not None:
        lower_ms = max(lower_ms, to_ms(after) + 1)
    if statuses and set(statuses) <= {"RUNNING", "CANCELLING"}:  # only runs young enough can still run
        # ...and a cancel sent just before a run's end keeps it CANCELLING for CANCELLING_MS past it.
        lower_ms = max(lower_ms, now - max(account.max_duration_ms, store.run_ms) - CANCELLING_MS - 1)

    budget = Budget(SCAN_BUDGET)
    streams: list[Iterator[Entry]]
    if spec is not None:
        streams = [schedule_stream(account, spec, upper, lower_ms)]
    elif project is not None:
        streams = [adhoc_stream(account, upper, lower_ms, project), store.stream(upper, lower_ms, project)]
        streams += [schedule_stream(account, s, upper, lower_ms) for s in account.schedule_specs(project) if s.enabled]
    else:
        streams = [adhoc_stream(account, upper, lower_ms, None), store.stream(upper, lower_ms, None)]
        streams += [combo_stream(account, c, upper, lower_ms, budget) for c in range(account.combo_count)]

    needle = (filters.get("pipelineName") or "").lower()
    environment = filters.get("environmentName")

    def matches(run: Run) -> bool:
        if environment is not None and run.environment != environment:
            return False
        if needle and needle not in run.pipeline.lower():
            return False
        return not statuses or status_at(run, now)[0] in statuses

    results: list[dict[str, Any]] = []
    last: Key | None = None
    more = False
    merged = heapq.merge(*streams, reverse=True)
    try:
        for start, source, index, make in merged:
            budget.spend()
            run = store.resolve(make())
            if not matches(run):
                last = (start, source, index)
                continue
            if len(results) == limit:
                more = True  # peeked: another match exists
                break
            results.append(account.execution(run, now))
            last = (start, source, index)
    except BudgetSpent:
        more = last is not None
    body: dict[str, Any] = {"results": results}
    if more and last is not None:
        body["more"] = encode_cursor(list(last), filters)
    return body


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
