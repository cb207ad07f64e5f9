"""The Starlette app: the token endpoint, the /dpc/v1 read endpoints, and the fault layer."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from . import malformed
from .data import DAY_MS, Run, to_ms
from .paging import page_of, page_of_list, time_param
from .problems import Problem, bad_request, denied, forbidden, json_bytes, not_found, oauth_error
from .state import EmulatorState, RecordedRequest
from .timeline import list_executions
from .tokens import AUDIENCE, SCOPE

TOKEN_PATH = "/oauth/dpc/token"
API_PREFIX = "/dpc/v1"
BAD_CREDENTIALS = "Invalid client or Invalid client credentials"

Handler = Callable[..., dict[str, Any] | Response]
MAX_CONSUMPTION_DAYS = 400


class DroppedConnection(Exception):
    """Raised after a response has started, so uvicorn closes the socket mid-body."""


class _HideDeliberateDrops(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], DroppedConnection))


logging.getLogger("uvicorn.error").addFilter(_HideDeliberateDrops())


class DropResponse(Response):
    """Promises a body, sends part of it, then fails: the client sees a broken connection."""

    def __init__(self) -> None:
        super().__init__()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-type", b"application/json"), (b"content-length", b"4096")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b'{"page":0,"size":25,"results":[', "more_body": True})
        raise DroppedConnection("emulator fault: connection dropped mid-response")


class CountRequests:
    """Outermost layer: counts every request, whatever happens to it afterwards, and those still
    open (answer not finished, client still there: see Stats.open_requests)."""

    def __init__(self, app: ASGIApp, state: EmulatorState) -> None:
        self.app = app
        self.stats = state.stats

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        headers = {
            name.decode("latin-1"): value.decode("latin-1")
            for name, value in scope.get("headers", ())
            if name.lower() != b"authorization"
        }
        record = RecordedRequest(scope["method"], path, scope.get("query_string", b"").decode("latin-1"), None, headers)
        scope["maia.record"] = record  # the write endpoints add the body they parsed
        self.stats.requests.append(record)
        self.stats.requests_by_path[path] += 1
        if path == TOKEN_PATH:
            self.stats.token_requests += 1
        elif path.startswith("/dpc/"):
            self.stats.api_requests += 1
        stats, still_open = self.stats, True
        stats.open_requests += 1

        def close() -> None:
            nonlocal still_open
            if still_open:
                still_open = False
                stats.open_requests -= 1

        # The server's messages are read here as they come, so a disconnect is seen while a
        # handler still sleeps on injected latency; the handler reads them from the queue.
        inbox: asyncio.Queue[Any] = asyncio.Queue()

        async def listen() -> None:
            while True:
                message = await receive()
                inbox.put_nowait(message)
                if message["type"] == "http.disconnect":
                    close()
                    return

        async def send_and_close(message: Any) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                close()

        listener = asyncio.create_task(listen())
        try:
            await self.app(scope, inbox.get, send_and_close)
        finally:
            listener.cancel()
            close()


def _page_param(request: Request) -> int | None:
    try:
        return int(request.query_params.get("page", ""))
    except ValueError:
        return None


async def _delay(state: EmulatorState, seconds: float) -> bool:
    """Sleep without blocking the loop; False if the server began stopping meanwhile."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while (remaining := deadline - loop.time()) > 0:
        if state.stopping:
            return False
        await asyncio.sleep(min(remaining, 0.05))
    return not state.stopping


def build_app(state: EmulatorState) -> ASGIApp:
    account = state.account

    # ---- the fault layer and auth, shared by every API endpoint ----------------------

    def api(handler: Handler, area: str) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            faults = state.faults
            dice = state.api_dice
            if not await _delay(state, faults.latency_for(_page_param(request))):
                return DropResponse()
            if dice.hit("drop", faults.drop_share):
                return DropResponse()
            instance = request.url.path
            if dice.hit("server_error", faults.server_error_share):
                return Problem(
                    503,
                    "Service Unavailable",
                    "The service is temporarily unavailable; try again shortly.",
                    kind="service-unavailable",
                ).response(instance)
            if dice.hit("rate_limit", faults.rate_limit_share):
                return Problem(
                    429,
                    "Too Many Requests",
                    f"Rate limit of 1000 requests per minute exceeded; retry after {faults.retry_after} s.",
                    kind="rate-limited",
                    headers={"Retry-After": str(faults.retry_after)},
                ).response(instance)
            if faults.malformed in ("html", "empty"):  # a proxy or captive portal answering instead
                return malformed.replacement(faults.malformed)
            try:
                claims = state.tokens.verify(request.headers.get("authorization"))
                if faults.wrong_region:
                    raise not_found(
                        "No account was found for these credentials in this region. "
                        "The account may live in another region (eu1 or us1)."
                    )
                if faults.forbidden:
                    raise forbidden(faults.forbidden)
                if state.denies(area, claims.get("azp")):
                    raise denied(area)
                if request.method in ("POST", "PATCH"):
                    request.state.json = await _json_body(request)
                body = handler(request, **request.path_params)
            except Problem as problem:
                return problem.response(instance)
            if isinstance(body, Response):
                return body
            if faults.malformed:
                return malformed.corrupt(faults.malformed, body)
            return Response(json_bytes(body), media_type="application/json")

        return endpoint

    def project_of(project_id: str) -> int:
        index = account.project_index(project_id)
        if index is None:
            raise not_found(f"Project {project_id} was not found in this account.")
        return index

    def run_of(project_id: str, execution_id: str) -> Run:
        project = project_of(project_id)
        run = state.store.find(execution_id, state.now())
        if run is None or run.project != project:
            raise not_found(f"Pipeline execution {execution_id} was not found in project {project_id}.")
        return run

    # ---- endpoints --------------------------------------------------------------------

    def projects(request: Request) -> dict[str, Any]:
        return page_of(request.query_params, account.project_count, account.project)

    def environments(request: Request, project_id: str) -> dict[str, Any]:
        return page_of_list(request.query_params, account.environments(project_of(project_id)))

    def published_pipelines(request: Request, project_id: str) -> dict[str, Any]:
        project = project_of(project_id)
        env = request.query_params.get("environmentName")
        if not env:
            raise bad_request(
                "'environmentName' is required: the environment whose published pipelines to list.",
                ["environmentName: must not be blank"],
            )
        names = account.published_names(project, env)
        if names is None:
            raise not_found(f"Environment {env!r} was not found in project {project_id}.")
        now = state.now()
        return page_of(
            request.query_params, len(names), lambda i: account.published_pipeline(project, env, names[i], now)
        )

    def schedules(request: Request, project_id: str) -> dict[str, Any]:
        project = project_of(project_id)
        total = len(account.schedule_specs(project))
        now = state.now()
        return page_of(request.query_params, total, lambda j: account.schedule(project, j, now))

    def streaming_pipelines(request: Request, project_id: str) -> dict[str, Any]:
        project = project_of(project_id)
        total = account.streaming_count(project)
        return page_of(request.query_params, total, lambda k: account.streaming_pipeline(project, k))

    def executions(request: Request) -> dict[str, Any]:
        return list_executions(account, state.store, request.query_params, state.now())

    def execution(request: Request, project_id: str, execution_id: str) -> dict[str, Any]:
        item = account.execution(run_of(project_id, execution_id), state.now())
        # Clients have seen both shapes; about half the executions come wrapped so clients handle both.
        return {"result": item} if _wrapped(execution_id) else item

    def execution_status(request: Request, project_id: str, execution_id: str) -> dict[str, Any]:
        item = account.execution(run_of(project_id, execution_id), state.now())
        body = {"pipelineExecutionId": execution_id, "status": item["status"]}
        return {"result": body} if _wrapped(execution_id) else body

    def steps(request: Request, project_id: str, execution_id: str) -> dict[str, Any]:
        return page_of_list(request.query_params, account.steps(run_of(project_id, execution_id), state.now()))

    def run_pipeline(request: Request, project_id: str) -> Response:
        body = request.state.json
        _record_body(request, body)
        run = state.store.start(project_of(project_id), body, state.now(), state.next_run_outcome)
        if state.drop_accepted_runs > 0:  # accepted, then the connection breaks before the answer
            state.drop_accepted_runs -= 1
            return DropResponse()
        return Response(
            json_bytes({"pipelineExecutionId": run.execution_id}), status_code=201, media_type="application/json"
        )

    def cancel(request: Request, project_id: str, execution_id: str) -> dict[str, Any]:
        body = request.state.json
        _record_body(request, body)
        state.store.cancel(run_of(project_id, execution_id), body, state.now())
        return {"pipelineExecutionId": execution_id}

    def agents(request: Request) -> dict[str, Any]:
        now = state.now()
        return page_of(request.query_params, account.agent_count, lambda j: account.agent(j, now))

    def agent(request: Request, agent_id: str) -> dict[str, Any]:
        index = account.agent_index(agent_id)
        if index is None:
            raise not_found(f"Agent {agent_id} was not found in this account.")
        return account.agent(index, state.now())

    def events(request: Request) -> dict[str, Any]:
        start = time_param(request.query_params, "from", required=True)
        end = time_param(request.query_params, "to", required=True)
        assert start is not None and end is not None
        if start >= end:
            raise bad_request("'from' must be earlier than 'to'.", ["from: must be before to"])
        slots = account.event_slots(start.timestamp(), end.timestamp(), state.now() / 1000)
        return page_of(request.query_params, len(slots), lambda i: account.event(slots[i]))

    def consumption(request: Request) -> dict[str, Any]:
        first = _date_param(request, "consumedFrom")
        before = _date_param(request, "consumedBefore")
        if first >= before:
            raise bad_request(
                "'consumedFrom' must be earlier than 'consumedBefore'.", ["consumedFrom: must be before consumedBefore"]
            )
        days = (before - first).days
        if days > MAX_CONSUMPTION_DAYS:
            raise bad_request(
                f"Ask for at most {MAX_CONSUMPTION_DAYS} days at a time.",
                [f"consumedBefore: at most {MAX_CONSUMPTION_DAYS} days after consumedFrom"],
            )
        now = state.now()
        start_ms = to_ms(datetime(first.year, first.month, first.day, tzinfo=UTC))
        results = []
        for d in range(days):
            day_ms = start_ms + d * DAY_MS
            if day_ms >= now:  # nothing consumed yet
                break
            results.append(
                {
                    "consumedFrom": _iso_date(day_ms),
                    "consumedBefore": _iso_date(day_ms + DAY_MS),
                    "consumption": account.consumption_day(day_ms),
                }
            )
        return {"results": results}

    # ---- the identity server ----------------------------------------------------------

    async def token(request: Request) -> Response:
        faults = state.faults
        if faults.token_endpoint_faults:
            if not await _delay(state, faults.latency_for(None)):
                return DropResponse()
            if state.token_dice.hit("drop", faults.drop_share):
                return DropResponse()
            if state.token_dice.hit("server_error", faults.server_error_share):
                return oauth_error(503, "temporarily_unavailable", "The identity service is temporarily unavailable")
        form: dict[str, str] = {}
        if request.headers.get("content-type", "").split(";")[0].strip().lower() == "application/x-www-form-urlencoded":
            form = dict(parse_qsl((await request.body()).decode("utf-8", "replace"), keep_blank_values=True))
        grant_type = form.get("grant_type")
        if not grant_type:
            return oauth_error(400, "invalid_request", "Missing form parameter: grant_type")
        if grant_type != "client_credentials":
            return oauth_error(400, "unsupported_grant_type", "Unsupported grant_type")
        client_id, secret = _client_credentials(request, form)
        if not client_id:
            return oauth_error(400, "invalid_client", "Missing client_id parameter")
        known = state.clients.get(client_id)
        if known is None:
            return oauth_error(401, "invalid_client", BAD_CREDENTIALS)
        if state.clients_rejected or not hmac.compare_digest(known.encode(), (secret or "").encode()):
            return oauth_error(401, "unauthorized_client", BAD_CREDENTIALS)
        audience = form.get("audience")
        if audience is not None and audience != AUDIENCE:
            return oauth_error(400, "invalid_request", f"Requested audience not available: {audience}")
        lifetime = int(state.config.token_lifetime)
        body = {
            "access_token": state.tokens.issue(client_id),
            "expires_in": lifetime,
            "refresh_expires_in": 0,
            "token_type": "Bearer",
            "not-before-policy": 0,
            "scope": SCOPE,
        }
        return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    async def jwks(request: Request) -> Response:
        return JSONResponse(state.tokens.signing_key.jwks())

    async def home(request: Request) -> Response:
        base = str(request.base_url).rstrip("/")
        return PlainTextResponse(
            f"Maia API emulator (sample data, not the real service).\n"
            f"API base:  {base}/dpc   e.g. GET {base}/dpc/v1/projects\n"
            f"Token URL: {base}{TOKEN_PATH}\n"
        )

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        path = request.url.path
        if exc.status_code == 404:
            problem = not_found(
                f"No resource at {path}. Paths start with /dpc/v1; there is no GET /v1/projects/{{id}}."
            )
        else:
            problem = Problem(
                exc.status_code,
                exc.detail or "Error",
                f"{request.method} is not supported for {path}.",
                headers=dict(exc.headers or {}),
            )
        return problem.response(path)

    routes = [
        Route("/", home),
        Route(TOKEN_PATH, token, methods=["POST"]),
        Route("/realms/dpc/protocol/openid-connect/certs", jwks),
        Route(f"{API_PREFIX}/projects", api(projects, "projects")),
        Route(f"{API_PREFIX}/projects/{{project_id}}/environments", api(environments, "environments")),
        Route(f"{API_PREFIX}/projects/{{project_id}}/published-pipelines", api(published_pipelines, "pipelines")),
        Route(f"{API_PREFIX}/projects/{{project_id}}/schedules", api(schedules, "schedules")),
        Route(f"{API_PREFIX}/projects/{{project_id}}/streaming-pipelines", api(streaming_pipelines, "streaming")),
        Route(f"{API_PREFIX}/pipeline-executions", api(executions, "executions")),
        Route(f"{API_PREFIX}/projects/{{project_id}}/pipeline-executions", api(run_pipeline, "run"), methods=["POST"]),
        Route(
            f"{API_PREFIX}/projects/{{project_id}}/pipeline-executions/{{execution_id}}",
            by_method({"GET": api(execution, "executions"), "PATCH": api(cancel, "cancel")}),
            methods=["GET", "PATCH"],
        ),
        Route(
            f"{API_PREFIX}/projects/{{project_id}}/pipeline-executions/{{execution_id}}/status",
            api(execution_status, "executions"),
        ),
        Route(
            f"{API_PREFIX}/projects/{{project_id}}/pipeline-executions/{{execution_id}}/steps", api(steps, "executions")
        ),
        Route(f"{API_PREFIX}/agents", api(agents, "agents")),
        Route(f"{API_PREFIX}/agents/{{agent_id}}", api(agent, "agents")),
        Route(f"{API_PREFIX}/events", api(events, "events")),
        Route(f"{API_PREFIX}/consumption", api(consumption, "consumption")),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error})
    return CountRequests(app, state)


def _client_credentials(request: Request, form: dict[str, str]) -> tuple[str | None, str | None]:
    """From HTTP Basic (form-urlencoded inside, per RFC 6749) if sent, else from the form."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "basic" and encoded.strip():
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None, None
        client_id, _, secret = decoded.partition(":")
        return unquote_plus(client_id), unquote_plus(secret)
    return form.get("client_id"), form.get("client_secret")


def by_method(
    handlers: dict[str, Callable[[Request], Awaitable[Response]]],
) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        return await handlers[request.method](request)

    return endpoint


def _wrapped(execution_id: str) -> bool:
    return int(execution_id[-1], 16) % 2 == 1


async def _json_body(request: Request) -> Any:
    raw = await request.body()
    try:
        return json.loads(raw) if raw.strip() else None
    except (ValueError, UnicodeDecodeError):
        raise bad_request("The request body is not valid JSON.", ["body: invalid JSON"]) from None


def _record_body(request: Request, body: Any) -> None:
    record = request.scope.get("maia.record")
    if isinstance(record, RecordedRequest):
        record.body = body


def _date_param(request: Request, name: str) -> date:
    raw = request.query_params.get(name)
    if not raw:
        raise bad_request(f"'{name}' is required: a date such as 2026-06-01.", [f"{name}: must not be null"])
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        raise bad_request(
            f"'{name}' must be a date such as 2026-06-01, got {raw!r}.", [f"{name}: invalid date"]
        ) from None


def _iso_date(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).date().isoformat()
