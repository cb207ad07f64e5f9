"""MaiaClient: typed, paged access to the Maia API over one shared httpx.AsyncClient."""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from .. import __version__
from .auth import Backoff, BearerAuth, TokenManager, TokenState
from .clock import Clock, SystemClock
from .errors import ConfigurationError, InvalidResponse, MaiaError, NetworkError, ServerError, TLSError
from .health import ConnectionHealth, HealthStatus
from .models import (
    CursorPage,
    Environment,
    Page,
    PipelineExecution,
    Project,
    PublishedPipeline,
    Schedule,
    Step,
    Token,
    parse,
)
from .regions import Endpoints
from .responses import api_error, json_body, retry_after_seconds, transport_error
from .secret import Secret
from .token_exchange import TokenExchange

log = logging.getLogger("maia_tui.api.client")

T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=30.0, write=30.0, pool=5.0)
CONNECT_TIMEOUT_VARIABLE = "MAIA_CONNECT_TIMEOUT"
READ_TIMEOUT_VARIABLE = "MAIA_READ_TIMEOUT"
MAX_PAGE_SIZE = 100
RETRYABLE_STATUS = {502, 503, 504}
REGION_HINT = (
    "A projects list that answers 404 usually means the account lives in another region: "
    "try the other region (eu1 or us1)"
)


def _segment(value: str) -> str:
    return quote(value, safe="")


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
    ) -> None:
        endpoints.check_secure()
        self.endpoints = endpoints
        self.client_id = client_id
        self.clock = clock or SystemClock()
        self.retries = retries
        self.max_rate_limit_wait = max_rate_limit_wait
        self._retry_sleep = retry_sleep or asyncio.sleep
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
        url = f"{self.endpoints.api_base}/v1{path}"
        query = {k: v for k, v in (params or {}).items() if v is not None}
        waited = 0.0
        attempt = 0
        while True:
            try:
                response = await self._http.get(url, params=query, auth=self._auth)
            except httpx.TransportError as error:
                failure = transport_error(error, httpx.URL(url))
                if attempt < self.retries and not isinstance(failure, TLSError):
                    attempt += 1
                    await self._retry_sleep(0.2 * attempt)
                    continue
                if not isinstance(failure, TLSError):
                    self.health.unreachable(failure)
                raise failure from None
            self.health.reached()
            status = response.status_code
            log.debug("GET %s -> %s", response.request.url.path, status)
            if status == 429:
                delay = retry_after_seconds(response) or 1.0
                if waited + delay > self.max_rate_limit_wait:
                    raise api_error(response)
                waited += delay
                await self._retry_sleep(delay)
                continue
            if status in RETRYABLE_STATUS and attempt < self.retries:
                attempt += 1
                await self._retry_sleep(0.2 * attempt)
                continue
            if status >= 400:
                refusal = api_error(response)
                if status == 404 and not_found_hint:
                    refusal.hint = not_found_hint
                raise refusal
            return json_body(response)

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
        )

    async def _list(
        self, path: str, model: type[T], page: int, size: int, extra: dict[str, Any] | None = None, **kw: Any
    ) -> Page[T]:
        _check_size(size)
        if page < 0:
            raise ValueError("page numbers start at 0")
        body = await self._get(path, {**(extra or {}), "page": page, "size": size}, **kw)
        return self._page(body, model, page, size)

    @staticmethod
    async def _all_pages(fetch: Callable[[int], Awaitable[Page[T]]]) -> AsyncIterator[T]:
        """Every item of every page. Stops on the last page by count or on an empty page,
        never on `total` alone (documentation examples show size 0, total 0)."""
        number = 0
        while True:
            page = await fetch(number)
            for item in page.results:
                yield item
            if page.is_last:
                return
            number += 1

    # ----- endpoints ------------------------------------------------------------------

    async def list_projects(self, page: int = 0, size: int = 25) -> Page[Project]:
        return await self._list("/projects", Project, page, size, not_found_hint=REGION_HINT)

    def iter_projects(self, size: int = MAX_PAGE_SIZE) -> AsyncIterator[Project]:
        return self._all_pages(lambda n: self.list_projects(n, size))

    async def list_environments(self, project_id: str, page: int = 0, size: int = 25) -> Page[Environment]:
        return await self._list(f"/projects/{_segment(project_id)}/environments", Environment, page, size)

    def iter_environments(self, project_id: str, size: int = MAX_PAGE_SIZE) -> AsyncIterator[Environment]:
        return self._all_pages(lambda n: self.list_environments(project_id, n, size))

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
        status: str | None = None,
        started_after: str | None = None,
        started_before: str | None = None,
    ) -> CursorPage[PipelineExecution]:
        _check_size(limit)
        body = await self._get(
            "/pipeline-executions",
            {
                "projectId": project_id,
                "limit": limit,
                "paginationToken": pagination_token,
                "pipelineName": pipeline_name,
                "environmentName": environment_name,
                "status": status,
                "startedAfter": started_after,
                "startedBefore": started_before,
            },
        )
        if not isinstance(body, dict) or not isinstance(body.get("results"), list):
            raise InvalidResponse("The executions answer has no 'results' array")
        items, problems = _parse_items(PipelineExecution, body["results"])
        more = body.get("more")
        return CursorPage(
            results=tuple(items), more=more if isinstance(more, str) and more else None, problems=tuple(problems)
        )

    async def iter_executions(
        self, project_id: str | None = None, *, limit: int = 100, **filters: Any
    ) -> AsyncIterator[PipelineExecution]:
        """Newest first, following `more`; a cursor seen before ends the walk with an error."""
        seen: set[str] = set()
        cursor: str | None = None
        while True:
            page = await self.list_executions(project_id, limit=limit, pagination_token=cursor, **filters)
            for item in page.results:
                yield item
            if page.more is None:
                return
            if page.more in seen:
                raise InvalidResponse("The server repeated a pagination token; stopped to avoid looping forever")
            seen.add(page.more)
            cursor = page.more

    async def get_execution(self, project_id: str, execution_id: str) -> PipelineExecution:
        body = await self._get(f"/projects/{_segment(project_id)}/pipeline-executions/{_segment(execution_id)}")
        # Documented flat; seen wrapped as {"result": {...}} by other clients: accept both.
        if isinstance(body, dict) and "pipelineExecutionId" not in body and isinstance(body.get("result"), dict):
            body = body["result"]
        return parse(PipelineExecution, body)

    async def list_steps(self, project_id: str, execution_id: str, page: int = 0, size: int = 25) -> Page[Step]:
        path = f"/projects/{_segment(project_id)}/pipeline-executions/{_segment(execution_id)}/steps"
        return await self._list(path, Step, page, size)


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


__all__ = ["DEFAULT_TIMEOUT", "MaiaClient", "MaiaError", "NetworkError", "ServerError", "timeout_from_environ"]
