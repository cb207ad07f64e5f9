"""textual-serve's Server behind a per-start token, the way Jupyter does it.

The page, the websocket and the download route each answer 403, and start no app process,
unless the request carries the token: as `?token=` (the printed URL) or as the cookie the page
sets once it was opened with a good token (the websocket and downloads send it; their URLs are
made by textual-serve's page script, which cannot add a query). Tokens are compared in constant
time. When the server stops, every tab's app is told to quit, and each process it started is
waited for (and ended, if it will not) before the server exits.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import psutil
from aiohttp import web
from rich.logging import RichHandler
from textual_serve.server import Server

TOKEN_PARAMETER = "token"
QUIT_GRACE = 10.0  # seconds an app has to quit when asked, then to end when terminated
REFUSED = "403: this maia-tui serve needs the token printed when it started (open the whole URL it printed)."


class TokenServer(Server):
    """Serves `command` (one process per browser tab) to requests that carry `token`."""

    def __init__(self, command: str, *, token: str, host: str, port: int, public_url: str, title: str) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.token = token
        self.cookie_name = f"maia-serve-{port}"  # cookies ignore ports: one name per server
        self.sessions: set[asyncio.Task[Any]] = set()
        self.banner: Callable[[], None] = lambda: None

    # ----- the guard ----------------------------------------------------------------------

    def carries_token(self, request: web.Request) -> bool:
        offered = request.query.get(TOKEN_PARAMETER) or request.cookies.get(self.cookie_name) or ""
        return hmac.compare_digest(offered.encode(), self.token.encode())

    def same_origin(self, request: web.Request) -> bool:
        """A browser names the page that opens a websocket; another site's page may not drive ours."""
        origin = request.headers.get("Origin")
        return origin is None or urlsplit(origin).netloc == request.host

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if not self.carries_token(request):
            raise web.HTTPForbidden(text=REFUSED)
        # textual-serve's is a template view: it returns the rendered page, not its context.
        response: web.StreamResponse = await super().handle_index(request)
        # The page's websocket and downloads carry the token as this cookie. Strict: no other
        # site's page can make the browser send it; HttpOnly: no script can read it.
        response.set_cookie(self.cookie_name, self.token, httponly=True, samesite="Strict", path="/")
        response.headers["Referrer-Policy"] = "no-referrer"  # the URL holds the token
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not (self.carries_token(request) and self.same_origin(request)):
            raise web.HTTPForbidden(text=REFUSED)
        return await self.tracked(super().handle_websocket(request))

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        if not self.carries_token(request):
            raise web.HTTPForbidden(text=REFUSED)
        return await super().handle_download(request)

    # ----- every tab's app process ends with the server -------------------------------------

    async def tracked(self, session: Awaitable[web.WebSocketResponse]) -> web.WebSocketResponse:
        """Run a tab's session as a task the shutdown can cancel: textual-serve's handler then
        asks its app to quit and waits for it."""
        task = asyncio.ensure_future(session)
        self.sessions.add(task)
        try:
            return await asyncio.shield(task)
        finally:
            self.sessions.discard(task)

    async def on_shutdown(self, app: web.Application) -> None:
        sessions = list(self.sessions)
        for task in sessions:
            task.cancel()
        if sessions:
            await asyncio.wait(sessions, timeout=QUIT_GRACE)
        # textual-serve waits for an app to close its output, which it does a moment before its
        # process ends (or never, if it hangs): wait for the processes themselves.
        await asyncio.to_thread(end_children, QUIT_GRACE)

    # ----- what it prints ---------------------------------------------------------------------

    async def on_startup(self, app: web.Application) -> None:
        self.banner()  # ours, once: the URL with the token (textual-serve's prints it without)

    def initialize_logging(self) -> None:
        """textual-serve's log in the console, without its tracebacks' local variables; and no
        access log, whose request lines would repeat the token of every page load."""
        handler = RichHandler(show_path=False, show_time=False, console=self.console, markup=False)
        logging.basicConfig(level="DEBUG" if self.debug else "INFO", format="%(message)s", handlers=[handler])
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)


def end_children(grace: float) -> None:
    """Wait until every process this server started (each app, and the shell textual-serve
    starts it with) has ended; terminate any left after `grace` seconds, then kill them.
    Polled, not waited with waitpid: asyncio reaps its own children."""

    def running(processes: list[psutil.Process]) -> list[psutil.Process]:
        left = []
        for process in processes:
            try:
                if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                    left.append(process)
            except psutil.Error:
                pass
        return left

    def wait(processes: list[psutil.Process]) -> list[psutil.Process]:
        deadline = time.monotonic() + grace
        while (left := running(processes)) and time.monotonic() < deadline:
            time.sleep(0.05)
        return left

    for end in (psutil.Process.terminate, psutil.Process.kill):
        stubborn = wait(psutil.Process().children(recursive=True))
        for process in stubborn:
            try:
                end(process)
            except psutil.Error:
                pass
