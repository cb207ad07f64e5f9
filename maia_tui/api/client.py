"""MaiaClient: typed, paged access to the Maia API over one shared httpx.AsyncClient."""

from __future__ import annotations

import asyncio
import functools
import logging
import math
import os
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from .. import __version__
from . import runs
from .auth import Backoff, BearerAuth, TokenManager, TokenState
from .budget import DEFAULT_REQUESTS_PER_MINUTE, RequestBudget
from .clock import Clock, SystemClock, time_limit
from .errors import (
    AlreadyFinished,
    ConfigurationError,
    Forbidden,
    InvalidResponse,
    MaiaError,
    NetworkError,
    NotFound,
    OutcomeUnknown,
    PipelineDisabled,
    RateLimited,
    RequestTimeout,
    RunConflict,
    ServerError,
    TLSError,
)
from .health import ConnectionHealth, HealthStatus
from .models import (
    Agent,
    AuditEvent,
    Consumption,
    CursorPage,
    Environment,
    Page,
    PipelineExecution,
    Project,
    PublishedPipeline,
    RunStarted,
    Schedule,
    Step,
    StreamingPipeline,
    Token,
    parse,
)
from .paging import every_cursor_page, every_page
from .regions import Endpoints
from .responses import api_error, json_body, transport_error
from .retry import RetryPolicy, parse_retry_after
from .secret import Secret
from .token_exchange import TokenExchange
from .watch import Watches

log = logging.getLogger("maia_tui.api.client")

T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
CONNECT_TIMEOUT_VARIABLE = "MAIA_CONNECT_TIMEOUT"
READ_TIMEOUT_VARIABLE = "MAIA_READ_TIMEOUT"
MAX_PAGE_SIZE = 100
RETRYABLE_STATUS = {502, 503, 504}
# Failures before the request left: safe to send again even when it is not idempotent.
UNSENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
REGION_HINT = (
    "A projects list that answers 404 usually means the account lives in another region: "
    "try the other region (eu1 or us1)"
)


def _segment(value: str) -> str:
    return quote(value, safe="")


def _iso(value: datetime | str | None) -> str | None:
    """ISO 8601 in UTC with a Z; a naive datetime is taken as UTC; a string is sent as given."""
    if value is None or isinstance(value, str):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _day(value: date) -> str:
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _unwrap(body: Any, key: str) -> Any:
    """Documented flat; seen wrapped as {"result": {...}} by other clients: accept both."""
    if isinstance(body, dict) and key not in body and isinstance(body.get("result"), dict):
        return body["result"]
    return body


def _check_size(size: int) -> None:
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise ValueError(f"page size must be between 1 and {MAX_PAGE_SIZE}, not {size}")


class MaiaClient:
    """One client per credential. Use as `async with MaiaClient(...) as client:`."""

    def __init__(
        self,
        endpoints: Endpoints,
        client_id: str,
        client_secret: Secret,
        *,
        clock: Clock | None = None,
        timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
        ca_bundle: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        retries: int = 2,
        max_rate_limit_wait: float = 60.0,
        retry_sleep: Callable[[float], Awaitable[None]] | None = None,
        backoff: Backoff | None = None,
        reconnect_backoff: Backoff | None = None,
        requests_per_minute: float = DEFAULT_REQUESTS_PER_MINUTE,
        request_burst: int | None = None,
    ) -> None:
        endpoints.check_secure()
        self.endpoints = endpoints
        self.client_id = client_id
        self.clock = clock or SystemClock()
        # The read timeout is the whole of a request, retries included (see retry.py).
        read = timeout.read if isinstance(timeout, httpx.Timeout) else timeout
        self.retry_policy = RetryPolicy(
            retries=retries,
            max_rate_limit_wait=max_rate_limit_wait,
            time_limit=read if read is not None else math.inf,
        )
        # Every request of this client, whoever asks, waits here for a slot.
        self.budget = RequestBudget(self.clock, requests_per_minute, burst=request_burst)
        # Pauses between retries; asyncio's by default: the clock's would need a test to move it.
        self._retry_sleep = retry_sleep or asyncio.sleep
        self._watches = Watches(self.clock)
        self._http = httpx.AsyncClient(
            timeout=timeout,
            verify=_verify(ca_bundle),
            transport=transport,
            limits=httpx.Limits(max_connections=20, max_keepalive_connections=10, keepalive_expiry=30.0),
            headers={"User-Agent": f"maia-tui/{__version__}", "Accept": "application/json"},
            follow_redirects=False,
        )
        exchange = TokenExchange(self._http, endpoints, client_id, client_secret, self.clock)
        self.tokens = TokenManager(exchange, self.clock, backoff=backoff)
        self._auth = BearerAuth(self.tokens)
        # Whether the API answers; a UI shows it and probes (see `probe`) until it does again.
        self.health = ConnectionHealth(self.clock, reconnect_backoff)
        self.health.subscribe(self._health_changed)

    async def __aenter__(self) -> MaiaClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        self._watches.close()
        await self.tokens.stop()
        await self._http.aclose()

    def __repr__(self) -> str:
        return f"MaiaClient({self.endpoints.label}, client_id={self.client_id!r})"

    # ----- tokens --------------------------------------------------------------------

    async def login(self) -> Token:
        """Exchange the credentials for a first token; from then on it refreshes by itself."""
        return await self.tokens.login()

    async def logout(self) -> None:
        await self.tokens.logout()

    # ----- connection health ------------------------------------------------------------

    def _health_changed(self, status: HealthStatus) -> None:
        """Back online while token refreshes fail for lack of a network: try one now rather
        than at the end of the refresh backoff."""
        token = self.tokens.status()
        if status.online and token.state is TokenState.FAILING and isinstance(token.last_error, NetworkError):
            self.tokens.wake()

    async def probe(self) -> None:
        """The cheapest authenticated request (one project): does the API answer again?
        Its outcome lands in `health`; errors are raised as from any request."""
        await self.list_projects(page=0, size=1)

    # ----- the request loop -----------------------------------------------------------

    async def _get(self, path: str, params: dict[str, Any] | None = None, *, not_found_hint: str | None = None) -> Any:
        """GET a JSON document, waiting out 429s (capped) and retrying drops and 502-504."""
        response, _ = await self._request("GET", path, params)
        if response.status_code >= 400:
            error = api_error(response)
            if response.status_code == 404 and not_found_hint:
                error.hint = not_found_hint
            raise error
        return json_body(response)

    async def _request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        json: Any = None,
        replayable: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[httpx.Response, bool]:
        """Send one API request through the budget and the retry policy; return the answer
        (any status but 429 and, when retried, 502-504) and whether an earlier try may
        already have been processed by the server.

        `replayable=False` (a POST or PATCH without an idempotency key) is retried only when
        it surely never reached the server: a refused connection or a 429."""
        url = f"{self.endpoints.api_base}/v1{path}"
        query = {k: v for k, v in (params or {}).items() if v is not None}
        state = self.retry_policy.start()
        doubtful = False
        while True:
            await self.budget.acquire()
            # A refresh can take long while the token endpoint fails; that wait is not the server's.
            await self.tokens.token_for_request()
            began = self.clock.monotonic()
            try:
                async with time_limit(self.clock, state.remaining):
                    response = await self._http.request(
                        method, url, params=query, json=json, headers=headers, auth=self._auth
                    )
            except TimeoutError:
                host = httpx.URL(url).host
                timed_out = RequestTimeout(
                    f"{host} did not answer within {self.retry_policy.time_limit:g} s"
                    " (the whole request, retries included)",
                    host=host,
                )
                self.health.unreachable(timed_out)
                raise self._unsure(timed_out, method, True) from None
            except httpx.TransportError as error:
                state.took(self.clock.monotonic() - began)
                failure = transport_error(error, httpx.URL(url))
                if isinstance(failure, TLSError):
                    raise failure from None
                unsent = isinstance(error, UNSENT)
                if replayable or unsent:
                    delay = state.after_failure()
                    if delay is not None:
                        doubtful = doubtful or not unsent
                        await self._retry_sleep(delay)
                        continue
                self.health.unreachable(failure)
                raise self._unsure(failure, method, doubtful or not unsent) from None
            state.took(self.clock.monotonic() - began)
            self.health.reached()
            status = response.status_code
            log.debug("%s %s -> %s", method, response.request.url.path, status)
            if status == 429:
                wait = parse_retry_after(response.headers.get("retry-after"), self.clock.now())
                delay = state.after_rate_limit(wait)
                if delay is None:
                    refused = api_error(response)
                    if isinstance(refused, RateLimited):
                        refused.retry_after = wait
                    raise refused
                await self._retry_sleep(delay)
                continue
            if status in RETRYABLE_STATUS and replayable:
                delay = state.after_failure()
                if delay is not None:
                    doubtful = True
                    await self._retry_sleep(delay)
                    continue
            return response, doubtful

    @staticmethod
    def _unsure(failure: NetworkError, method: str, maybe_sent: bool) -> NetworkError:
        """A write that may have reached the server says so: a caller must not just send it again."""
        if method == "GET" or not maybe_sent:
            return failure
        return OutcomeUnknown(failure.message, detail=failure.detail, host=failure.host)

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | Sequence[str]] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Any API request, for what the typed methods do not cover (`maia-tui api`): `path`
        is relative to the API's /v1 (`/projects`). It goes through the token, the request
        budget and the retry policy like every request, and the answer comes back whatever its
        status (but a 429, which is waited out). A method other than GET is sent once: it is
        sent again only when it surely never left."""
        method = method.upper()
        if not path.startswith("/"):
            raise ValueError(f"an API path starts with '/', not {path!r}")
        response, _ = await self._request(method, path, params, json=json, replayable=method == "GET", headers=headers)
        return response

    # ----- paging -------------------------------------------------------------------

    def _page(self, body: Any, model: type[T], page: int, size: int) -> Page[T]:
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise InvalidResponse("The list answer has no 'results' array")
        items, problems = _parse_items(model, body["results"])
        total = body.get("total")
        if not isinstance(total, int) or isinstance(total, bool) or total < 0:
            problems.append("the answer has no usable 'total'")
            total = page * size + len(items)
        got_page, got_size = body.get("page"), body.get("size")
        return Page(
            page=got_page if isinstance(got_page, int) and not isinstance(got_page, bool) else page,
            size=got_size if isinstance(got_size, int) and got_size > 0 else size,
            total=total,
            results=tuple(items),
            problems=tuple(problems),
            skipped=len(body["results"]) - len(items),
            raw=body,
        )

    async def _list(
        self, path: str, model: type[T], page: int, size: int, extra: dict[str, Any] | None = None, **kw: Any
    ) -> Page[T]:
        _check_size(size)
        if page < 0:
            raise ValueError("page numbers start at 0")
        body = await self._get(path, {**(extra or {}), "page": page, "size": size}, **kw)
        return self._page(body, model, page, size)

    # ----- endpoints ------------------------------------------------------------------

    async def list_projects(self, page: int = 0, size: int = 25) -> Page[Project]:
        return await self._list("/projects", Project, page, size, not_found_hint=REGION_HINT)

    def iter_projects(self, size: int = MAX_PAGE_SIZE) -> AsyncIterator[Project]:
        return every_page(lambda n: self.list_projects(n, size))

    async def list_environments(self, project_id: str, page: int = 0, size: int = 25) -> Page[Environment]:
        return await self._list(f"/projects/{_segment(project_id)}/environments", Environment, page, size)

    def iter_environments(self, project_id: str, size: int = MAX_PAGE_SIZE) -> AsyncIterator[Environment]:
        return every_page(lambda n: self.list_environments(project_id, n, size))

    async def list_published_pipelines(
        self, project_id: str, environment_name: str, page: int = 0, size: int = 25
    ) -> Page[PublishedPipeline]:
        path = f"/projects/{_segment(project_id)}/published-pipelines"
        return await self._list(path, PublishedPipeline, page, size, {"environmentName": environment_name})

    async def list_schedules(self, project_id: str, page: int = 0, size: int = 25) -> Page[Schedule]:
        return await self._list(f"/projects/{_segment(project_id)}/schedules", Schedule, page, size)

    async def list_executions(
        self,
        project_id: str | None = None,
        *,
        limit: int = 25,
        pagination_token: str | None = None,
        pipeline_name: str | None = None,
        environment_name: str | None = None,
        status: str | Sequence[str] | None = None,
        started_after: datetime | str | None = None,
        started_before: datetime | str | None = None,
        schedule_id: str | None = None,
    ) -> CursorPage[PipelineExecution]:
        """Account-wide, newest first; `project_id` and the filters narrow it. `status` may name
        several (sent as `status=RUNNING&status=FAILED`); `pipeline_name` matches partially."""
        _check_size(limit)
        statuses = [status] if isinstance(status, str) else list(status or ())
        body = await self._get(
            "/pipeline-executions",
            {
                "projectId": project_id,
                "limit": limit,
                "paginationToken": pagination_token,
                "pipelineName": pipeline_name,
                "environmentName": environment_name,
                "status": statuses or None,
                "startedAfter": _iso(started_after),
                "startedBefore": _iso(started_before),
                "scheduleId": schedule_id,
            },
        )
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise InvalidResponse("The executions answer has no 'results' array")
        items, problems = _parse_items(PipelineExecution, body["results"])
        more = body.get("more")
        return CursorPage(
            results=tuple(items),
            more=more if isinstance(more, str) and more else None,
            problems=tuple(problems),
            raw=body,
        )

    async def iter_executions(
        self, project_id: str | None = None, *, limit: int = 100, **filters: Any
    ) -> AsyncIterator[PipelineExecution]:
        """Newest first, following `more`; a cursor seen before ends the walk with an error."""
        async for item in every_cursor_page(
            lambda token: self.list_executions(project_id, limit=limit, pagination_token=token, **filters)
        ):
            yield item

    def _execution_path(self, project_id: str, execution_id: str) -> str:
        return f"/projects/{_segment(project_id)}/pipeline-executions/{_segment(execution_id)}"

    async def get_execution(self, project_id: str, execution_id: str) -> PipelineExecution:
        body = await self._get(self._execution_path(project_id, execution_id))
        return parse(PipelineExecution, _unwrap(body, "pipelineExecutionId"))

    async def get_execution_status(self, project_id: str, execution_id: str) -> str:
        """The status-only endpoint meant for polling; `status` at the top level or under `result`."""
        body = await self._get(self._execution_path(project_id, execution_id) + "/status")
        status = _unwrap(body, "status").get("status") if isinstance(body, dict) else None
        if not isinstance(status, str) or not status:
            raise InvalidResponse("The execution status answer has no 'status'")
        return status

    def watch_execution(
        self, project_id: str, execution_id: str, *, min_interval: float | None = None
    ) -> AsyncIterator[str]:
        """The execution's status now, then each change, ending after a terminal one (SUCCESS,
        FAILED, CANCELLED, SKIPPED, UNKNOWN). Polls 2 s apart at first, slower while nothing
        changes (up to 15 s), never closer than `min_interval` seconds; every watcher of one
        execution shares one poll, which stops when the last watcher leaves (break out, cancel,
        or `contextlib.aclosing`). An error that ends the poll is raised in every watcher."""
        key = (project_id, execution_id)
        return self._watches.watch(key, lambda: self.get_execution_status(project_id, execution_id), min_interval)

    def next_status_poll_in(self, project_id: str, execution_id: str) -> float | None:
        """Seconds until the shared poll of this execution asks again (e.g. "next check in 3 s");
        None while it is asking, or when nobody watches it."""
        return self._watches.next_poll_in((project_id, execution_id))

    @property
    def watching(self) -> int:
        """How many executions are being polled for their watchers right now."""
        return len(self._watches)

    async def list_steps(self, project_id: str, execution_id: str, page: int = 0, size: int = 25) -> Page[Step]:
        return await self._list(self._execution_path(project_id, execution_id) + "/steps", Step, page, size)

    async def list_agents(self, page: int = 0, size: int = 25) -> Page[Agent]:
        return await self._list("/agents", Agent, page, size)

    async def get_agent(self, agent_id: str) -> Agent:
        body = await self._get(f"/agents/{_segment(agent_id)}")
        return parse(Agent, _unwrap(body, "agentId"))

    async def list_events(self, start: datetime, end: datetime, page: int = 0, size: int = 25) -> Page[AuditEvent]:
        """Audit events between `start` and `end` (both always sent; the service keeps 90 days
        and needs the "View Audit Events" permission, else 403)."""
        return await self._list("/events", AuditEvent, page, size, {"from": _iso(start), "to": _iso(end)})

    async def get_consumption(self, consumed_from: date, consumed_before: date) -> Consumption:
        """Credits used from `consumed_from` up to (not including) `consumed_before`."""
        body = await self._get(
            "/consumption", {"consumedFrom": _day(consumed_from), "consumedBefore": _day(consumed_before)}
        )
        return parse(Consumption, body)

    async def list_streaming_pipelines(self, project_id: str, page: int = 0, size: int = 25) -> Page[StreamingPipeline]:
        return await self._list(f"/projects/{_segment(project_id)}/streaming-pipelines", StreamingPipeline, page, size)

    # ----- writes --------------------------------------------------------------------

    @staticmethod
    def run_request_body(
        pipeline_name: str,
        environment_name: str,
        *,
        agent_id: str | None = None,
        execution_tag: str | None = None,
        scalar_variables: Mapping[str, str] | None = None,
        grid_variables: Mapping[str, Any] | None = None,
        version_name: str | None = None,
    ) -> dict[str, Any]:
        """Exactly what `run_pipeline` sends, for a preview. A tag is generated when none is
        given: pass the body's `executionTag` to `run_pipeline` to send what was shown."""
        return runs.run_body(
            pipeline_name,
            environment_name,
            runs.new_execution_tag() if execution_tag is None else execution_tag,
            agent_id=agent_id,
            scalar_variables=scalar_variables,
            grid_variables=grid_variables,
            version_name=version_name,
        )

    async def run_pipeline(
        self,
        project_id: str,
        pipeline_name: str,
        environment_name: str,
        *,
        agent_id: str | None = None,
        execution_tag: str | None = None,
        scalar_variables: Mapping[str, str] | None = None,
        grid_variables: Mapping[str, Any] | None = None,
        version_name: str | None = None,
    ) -> RunStarted:
        """Start a run. It carries an execution tag (a new one when `execution_tag` is None;
        "" sends none), so one call never starts two runs: with a tag, a try that timed out or
        lost its connection is sent again, and a 409 to that retry is the first try's run,
        looked up and returned. Without a tag nothing is sent again once it may have arrived
        (`OutcomeUnknown`). Raises RunConflict (409), PipelineDisabled (410), NotFound (404),
        Forbidden (403)."""
        body = self.run_request_body(
            pipeline_name,
            environment_name,
            agent_id=agent_id,
            execution_tag=execution_tag,
            scalar_variables=scalar_variables,
            grid_variables=grid_variables,
            version_name=version_name,
        )
        tag = body.get("executionTag")
        first_try_at = self.clock.now()
        path = f"/projects/{_segment(project_id)}/pipeline-executions"
        try:
            response, doubtful = await self._request("POST", path, json=body, replayable=tag is not None)
        except OutcomeUnknown as error:
            error.hint = "The run may have started: look for it in the runs list before running the pipeline again"
            raise
        status = response.status_code
        where = f"{pipeline_name!r} in environment {environment_name!r}"
        if status == 409 and doubtful and tag is not None:
            return await self._run_started_earlier(project_id, pipeline_name, environment_name, tag, body, first_try_at)
        if status == 409:
            raise RunConflict(
                f"A run of {where} with execution tag {tag!r} is already running (HTTP 409)", **_said(response)
            )
        if status == 410:
            raise PipelineDisabled(f"The pipeline {where} is disabled (HTTP 410)", **_said(response))
        if status == 404:
            raise NotFound(
                f"No pipeline {where} in this project (HTTP 404)",
                hint="Check that the pipeline is published to that environment and the names are spelled as shown",
                **_said(response),
            )
        if status == 403:
            raise Forbidden(
                f"Not allowed to run {where} (HTTP 403)",
                hint="The credential needs a role that may run pipelines in this project and environment",
                **_said(response),
            )
        if status >= 300:
            raise api_error(response)
        answer = json_body(response)
        run_id = answer.get("pipelineExecutionId") if isinstance(answer, dict) else None
        if not isinstance(run_id, str) or not run_id:
            raise InvalidResponse("The run was accepted but the answer has no 'pipelineExecutionId'")
        return RunStarted(pipeline_execution_id=run_id, execution_tag=tag, body=body)

    async def _run_started_earlier(
        self,
        project_id: str,
        pipeline_name: str,
        environment_name: str,
        tag: str,
        body: Mapping[str, Any],
        first_try_at: datetime,
    ) -> RunStarted:
        """A retry got 409: an earlier try of this very call started the run. Find it (see runs.py)."""
        page = await self.list_executions(
            project_id,
            limit=100,
            pipeline_name=pipeline_name,
            environment_name=environment_name,
            status="RUNNING",
            started_after=runs.search_window_start(first_try_at),
        )
        run = runs.ours(page.results, pipeline_name, environment_name, tag)
        if run is None:
            raise RunConflict(
                f"The run of {pipeline_name!r} in {environment_name!r} started (a retry after a lost answer got"
                f" HTTP 409 for tag {tag!r}), but {len(page.results)} running runs match and it cannot be told which",
                status=409,
                hint="Find it in the runs list (newest first) instead of running the pipeline again",
            )
        log.info("run request retried after a lost answer; the first try's run is %s", run.pipeline_execution_id)
        return RunStarted(
            pipeline_execution_id=run.pipeline_execution_id, execution_tag=tag, body=body, resolved_after_conflict=True
        )

    async def cancel_execution(self, project_id: str, execution_id: str, *, force: bool = False) -> str:
        """Ask the execution to stop (it passes through CANCELLING; `force` terminates it at
        once). Returns the execution id the server confirms. AlreadyFinished (409) when it
        has already ended. Not sent again once it may have arrived (`OutcomeUnknown`)."""
        path = self._execution_path(project_id, execution_id)
        response, _ = await self._request(
            "PATCH", path, json={"status": "CANCELLED", "forceUpdate": force}, replayable=False
        )
        if response.status_code == 409:
            raise AlreadyFinished(f"Execution {execution_id} has already finished (HTTP 409)", **_said(response))
        if response.status_code >= 300:
            raise api_error(response)
        answer = json_body(response)
        confirmed = answer.get("pipelineExecutionId") if isinstance(answer, dict) else None
        return confirmed if isinstance(confirmed, str) and confirmed else execution_id


def _said(response: httpx.Response) -> dict[str, Any]:
    """The status, host and the server's own words, for an error built by hand."""
    error = api_error(response)
    return {"status": error.status, "detail": error.detail, "host": error.host}


def _parse_items(model: type[T], raw: list[Any]) -> tuple[list[T], list[str]]:
    """Parse what can be parsed; report the rest instead of failing the whole page."""
    items: list[T] = []
    problems: list[str] = []
    for index, entry in enumerate(raw):
        try:
            items.append(parse(model, entry))
        except InvalidResponse:
            try:  # again, naming the item: formatting that for every good item costs on big pages
                parse(model, entry, f"{model.__name__}[{index}]")
            except InvalidResponse as error:
                problems.append(error.message)
    if raw and not items:
        raise InvalidResponse(f"None of the {len(raw)} items could be read: {problems[0]}")
    return items, problems


def timeout_from_environ(environ: Mapping[str, str] | None = None) -> httpx.Timeout:
    """Request timeouts: MAIA_CONNECT_TIMEOUT (default 5 s) and MAIA_READ_TIMEOUT (default
    30 s; also used for writes), in seconds. A value that is not a positive number is refused."""
    environ = os.environ if environ is None else environ

    def seconds(name: str, default: float | None) -> float | None:
        raw = environ.get(name, "").strip()
        if not raw:
            return default
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not 0 < value < float("inf"):
            raise ConfigurationError(f"{name} must be a number of seconds greater than 0, not {raw!r}")
        return value

    connect = seconds(CONNECT_TIMEOUT_VARIABLE, DEFAULT_TIMEOUT.connect)
    read = seconds(READ_TIMEOUT_VARIABLE, DEFAULT_TIMEOUT.read)
    return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)


@functools.lru_cache(maxsize=1)
def default_ssl_context() -> ssl.SSLContext:
    """httpx's own default context (certifi, or SSL_CERT_FILE/SSL_CERT_DIR), built once:
    loading the CA store takes ~20 ms, which a login would otherwise pay every time."""
    return httpx.create_ssl_context()


def _verify(ca_bundle: str | None) -> ssl.SSLContext | bool:
    """TLS verification is always on; a CA bundle replaces the default trust store."""
    if not ca_bundle:
        return default_ssl_context()
    try:
        return ssl.create_default_context(cafile=ca_bundle)
    except (OSError, ssl.SSLError) as error:
        raise TLSError(f"Could not load the CA bundle {ca_bundle}", detail=str(error)) from None


__all__ = [
    "DEFAULT_TIMEOUT",
    "MaiaClient",
    "MaiaError",
    "NetworkError",
    "RequestBudget",
    "ServerError",
    "timeout_from_environ",
]
