"""A transport that keeps chosen requests in flight until the test lets them go: "the answer is
slow" made exact, however slow or loaded the machine (a real latency can pass before the test
looks, and then the test sees the answer it meant to wait for)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

Choice = Callable[[httpx.Request], bool]


def page_of(path: str, page: int) -> Choice:
    """Requests for `page` (the `page` query parameter) of a path ending in `path`."""
    return lambda request: request.url.path.endswith(path) and request.url.params.get("page") == str(page)


class HeldRequests(httpx.AsyncBaseTransport):
    """The real transport, except that requests `held_if` chooses wait until `release()`.
    `held` counts them; `hold(choice)` starts holding (again) after a release."""

    def __init__(self, held_if: Choice | None = None) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.held = 0
        self.hold(held_if)

    def hold(self, held_if: Choice | None) -> None:
        self.held_if = held_if
        self._released = asyncio.Event()

    def release(self) -> None:
        """Every held request goes on, and nothing more is held."""
        self.held_if = None
        self._released.set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.held_if is not None and self.held_if(request):
            self.held += 1
            await self._released.wait()
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        self.release()
        await self.inner.aclose()
