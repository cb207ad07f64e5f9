"""GET /v1/pipeline-executions: a cursor list over the account's timeline, newest first.

Positions walk either the global timeline or one project's runs; both have strictly
decreasing start times, so time filters become a binary search. Other filters are applied
while scanning, within a budget so a rare match in a huge account cannot stall the server.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.datastructures import QueryParams

from .data import STATUSES, Account
from .paging import decode_cursor, encode_cursor, limit_param, time_param
from .problems import bad_request, not_found

SCAN_BUDGET = 8_000  # ~0.25 s of work at most, even in a 4-million-run account
FILTERS = ("projectId", "pipelineName", "environmentName", "status", "startedAfter", "startedBefore")


def _first_true(count: int, predicate: Callable[[int], bool]) -> int:
    """Smallest position in [0, count) where a monotonic false->true predicate holds, else count."""
    lo, hi = 0, count
    while lo < hi:
        mid = (lo + hi) // 2
        if predicate(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def list_executions(account: Account, query: QueryParams) -> dict[str, Any]:
    limit = limit_param(query)
    filters = {name: query.get(name) for name in FILTERS if query.get(name)}
    status = filters.get("status")
    if status is not None and status.upper() not in STATUSES:
        raise bad_request(f"Unknown status {status!r}; use one of {', '.join(STATUSES)}.", ["status: invalid value"])
    after = time_param(query, "startedAfter")
    before = time_param(query, "startedBefore")

    project_id = filters.get("projectId")
    if project_id is not None:
        project = account.project_index(project_id)
        if project is None:
            raise not_found(f"Project {project_id} was not found in this account.")
        count = account.runs_per_project

        def index_of(position: int) -> int:
            return account.project_execution(project, position)
    else:
        count = account.execution_count

        def index_of(position: int) -> int:
            return position

    def started(position: int) -> int:
        return account.started_ms(index_of(position))

    lo, hi = 0, count
    if before is not None:
        lo = _first_true(count, lambda p: started(p) < before.timestamp() * 1000)
    if after is not None:
        hi = _first_true(count, lambda p: started(p) <= after.timestamp() * 1000)
    token = query.get("paginationToken")
    position = max(lo, decode_cursor(token, filters)) if token else lo

    def matches(item: dict[str, Any]) -> bool:
        if status is not None and item["status"] != status.upper():
            return False
        if "environmentName" in filters and item["environmentName"] != filters["environmentName"]:
            return False
        needle = filters.get("pipelineName")
        return needle is None or needle.lower() in item["pipelineName"].lower()

    results: list[dict[str, Any]] = []
    next_position: int | None = None
    if not {"status", "environmentName", "pipelineName"} & filters.keys():
        stop = min(hi, position + limit)
        results = [account.execution(index_of(p)) for p in range(position, stop)]
        next_position = stop if stop < hi else None
    else:
        scanned = 0
        while position < hi and scanned < SCAN_BUDGET:
            scanned += 1
            item = account.execution(index_of(position))
            if matches(item):
                if len(results) == limit:
                    next_position = position  # peeked: another match exists, so say `more`
                    break
                results.append(item)
            position += 1
        else:
            if position < hi:
                next_position = position  # budget spent; the client continues from here

    body: dict[str, Any] = {"results": results}
    if next_position is not None:
        body["more"] = encode_cursor(next_position, filters)
    return body
