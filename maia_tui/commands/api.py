"""`maia-tui api PATH`: one authenticated request to any API path, like `gh api`, so nobody needs
to paste a token into curl (and their shell history) for an endpoint the app does not cover.

The request goes through MaiaClient: its token (refreshed by itself, never printed), its request
budget and its retry policy. Any method but GET is a write and needs writes enabled. The answer
is printed as JSON: indented on a terminal, compact in a pipe. A failure prints the app's own
message, then the server's status and body, to stderr; exit codes are those of `maia-tui check`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any, TextIO
from urllib.parse import parse_qsl, urlsplit

import httpx

from ..api.client import MaiaClient
from ..api.errors import InvalidResponse, MaiaError
from ..api.models import CursorPage, Page
from ..api.paging import every_cursor_page, every_page
from ..api.responses import api_error, json_body
from ..api.text import printable
from ..credentials.writes import FLAG, WritesDisabled
from .common import DEFAULT_TIMEOUT, EXIT_OK, classify, client_for, exit_codes_help, login_with_writes

EXIT_USAGE = 2  # argparse's own code for a bad command line
MAX_PAGE_SIZE = 100
CURSOR_LISTS = ("/pipeline-executions",)  # the contract's cursor-paged lists (§4); the rest are page/size
# Characters json.dumps leaves as they are that a terminal would act on: DEL, C1 controls (some
# terminals take 0x9b as an escape) and the bidirectional controls. C0 ones are always escaped.
_TERMINAL_UNSAFE = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _field(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected key=value, got {text!r}")
    return key, value


def _header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    name = name.strip()
    if not sep or not name or not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", name):
        raise argparse.ArgumentTypeError(f"expected 'Name: value', got {text!r}")
    if name.lower() == "authorization":
        raise argparse.ArgumentTypeError("the token is maia-tui's to send: an Authorization header is not taken")
    return name, value.strip()


def add_api_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = exit_codes_help(
        "the server answered 2xx; the body is on stdout",
        other="anything else: writes not enabled, a 400, 409, 410 or 5xx answer, no credentials, ...",
    )
    parser.add_argument(
        "path", metavar="PATH", help="an API path, with or without /v1 and a query string: /v1/projects?size=5"
    )
    parser.add_argument("-X", "--method", default="GET", metavar="METHOD", help="the HTTP method (default GET)")
    parser.add_argument(
        "-f",
        "--raw-field",
        dest="fields",
        type=_field,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a query parameter for GET, else a JSON body field as a string (repeat for more)",
    )
    parser.add_argument(
        "-F",
        "--field",
        dest="typed_fields",
        type=_field,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="as -f, but a body value that reads as JSON (true, 3, null, {...}) is sent as that",
    )
    parser.add_argument(
        "-H",
        "--header",
        dest="headers",
        type=_header,
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="an extra request header (repeat for more)",
    )
    parser.add_argument(
        "--paginate",
        action="store_true",
        help="follow page/size or the cursor to the end and print one JSON array of every item",
    )
    parser.add_argument(
        FLAG, action="store_true", default=argparse.SUPPRESS, help="allow a write (or MAIA_ALLOW_WRITES=1)"
    )
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS", help="network timeout per request"
    )


# ----- the request, from the command line ----------------------------------------------------


@dataclass(frozen=True)
class ApiCall:
    method: str
    path: str  # relative to /v1, starting with "/"
    query: dict[str, str | list[str]]
    body: dict[str, Any] | None
    headers: dict[str, str]


def api_path(given: str) -> tuple[str, list[tuple[str, str]]]:
    """`/v1/projects?size=5`, `v1/projects` and `projects` all name `/projects`; the query is kept."""
    parts = urlsplit(given)
    if parts.scheme or parts.netloc:
        raise ValueError(f"give the path after the API base URL (e.g. /v1/projects), not a URL: {given!r}")
    path = "/" + parts.path.strip("/")
    if path == "/v1" or path.startswith("/v1/"):
        path = path[3:] or "/"
    return path, parse_qsl(parts.query, keep_blank_values=True)


def _typed(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def build_call(args: argparse.Namespace) -> ApiCall:
    method = args.method.upper()
    if not re.fullmatch(r"[A-Z]+", method):
        raise ValueError(f"-X takes an HTTP method such as GET, POST or PATCH, not {args.method!r}")
    if args.paginate and method != "GET":
        raise ValueError("--paginate follows a list, and lists are read with GET")
    path, query_pairs = api_path(args.path)
    fields = [(k, v, False) for k, v in args.fields] + [(k, v, True) for k, v in args.typed_fields]
    body: dict[str, Any] | None = None
    if method == "GET":
        query_pairs += [(k, v) for k, v, _ in fields]
    elif fields:
        body = {}
        for key, value, typed in fields:
            if key in body:
                raise ValueError(f"the body field {key!r} is given twice")
            body[key] = _typed(value) if typed else value
    query: dict[str, str | list[str]] = {}
    for key, value in query_pairs:
        previous = query.get(key)
        query[key] = value if previous is None else [*([previous] if isinstance(previous, str) else previous), value]
    return ApiCall(method, path, query, body, dict(args.headers))


# ----- answers -----------------------------------------------------------------------------------


class Refused(Exception):
    """The server answered with an error status: the app's message, and the answer itself."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.error = api_error(response)
        super().__init__(str(self.error))


async def _send(client: MaiaClient, call: ApiCall, query: Mapping[str, str | list[str]]) -> httpx.Response:
    response = await client.request(call.method, call.path, params=query, json=call.body, headers=call.headers)
    if response.status_code >= 300:
        raise Refused(response)
    return response


async def _get_json(client: MaiaClient, call: ApiCall, query: Mapping[str, str | list[str]]) -> Any:
    return json_body(await _send(client, call, query))


def _is_list(body: Any) -> bool:
    return isinstance(body, dict) and isinstance(body.get("results"), list)


async def every_item(client: MaiaClient, call: ApiCall) -> AsyncIterator[Any]:
    """Every item of a list, page after page by the API's own paging rules (api/paging.py):
    page/size when the answer has a `total`, else the cursor in `more`."""
    query = dict(call.query)
    cursor = call.path.endswith(CURSOR_LISTS)
    query.setdefault("limit" if cursor else "size", str(MAX_PAGE_SIZE))
    first = await _get_json(client, call, query)
    if not _is_list(first):
        raise InvalidResponse(f"--paginate needs a list, and {call.path} answered without a 'results' array")
    total = first.get("total")
    if isinstance(total, int) and not isinstance(total, bool):
        start, size = _int(query.get("page"), 0), _int(first.get("size"), _int(query.get("size"), MAX_PAGE_SIZE))

        async def page(number: int) -> Page[Any]:
            body = first if number == 0 else await _get_json(client, call, {**query, "page": str(start + number)})
            if not _is_list(body):
                raise InvalidResponse(f"page {start + number} of {call.path} has no 'results' array")
            count = body.get("total")
            return Page(
                page=start + number,
                size=size,
                total=count if isinstance(count, int) else total,
                results=tuple(body["results"]),
            )

        async for item in every_page(page):
            yield item
        return

    async def after(token: str | None) -> CursorPage[Any]:
        body = first if token is None else await _get_json(client, call, {**query, "paginationToken": token})
        if not _is_list(body):
            raise InvalidResponse(f"a page of {call.path} has no 'results' array")
        more = body.get("more")
        return CursorPage(results=tuple(body["results"]), more=more if isinstance(more, str) and more else None)

    async for item in every_cursor_page(after):
        yield item


def _int(value: Any, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def as_json(document: Any, *, pretty: bool) -> str:
    """Indented for a person (with what a terminal would act on escaped), compact for a pipe."""
    if not pretty:
        return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _literal(text: str, tty: bool) -> str:
    """The server's own words, as sent; on a terminal its control characters are shown, not obeyed."""
    if not tty:
        return text
    return "\n".join(printable(line, None) for line in text.split("\n"))


# ----- the command ---------------------------------------------------------------------------------


async def api_async(
    args: argparse.Namespace,
    *,
    env: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    **client_options: Any,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    env = os.environ if env is None else env
    try:
        call = build_call(args)
    except ValueError as problem:
        print(f"maia-tui api: {problem}", file=err)
        return EXIT_USAGE
    try:
        login, writes = login_with_writes(args, env)
        if call.method != "GET" and not writes.allowed:
            raise WritesDisabled(f"{call.method} /v1{call.path}")
        client_options.setdefault("timeout", args.timeout)
        async with client_for(login, **client_options) as client:
            await client.login()
            if args.paginate:
                document: Any = [item async for item in every_item(client, call)]
            else:
                response = await _send(client, call, call.query)
                document = json_body(response) if response.content else None
    except Refused as refused:
        code, kind = classify(refused.error)
        response = refused.response
        print(f"✗ Request failed ({kind.replace('_', ' ')}, exit {code}): {refused.error}", file=err)
        print(f"HTTP {response.status_code} {response.reason_phrase}".rstrip(), file=err)
        if response.content:
            print(_literal(response.text, err.isatty()), file=err)
        return code
    except (MaiaError, ValueError) as error:
        code, kind = classify(error)
        print(f"✗ Request failed ({kind.replace('_', ' ')}, exit {code}): {printable(str(error), None)}", file=err)
        return code
    if document is not None:
        print(as_json(document, pretty=out.isatty()), file=out)
    return EXIT_OK


def run_api(args: argparse.Namespace, **options: Any) -> int:
    return asyncio.run(api_async(args, **options))
