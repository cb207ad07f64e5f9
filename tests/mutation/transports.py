"""Transports for the client's mutation tests: one that sends to the emulator over loopback and
notes every URL, and one that answers one path as a server other than the emulator might."""

from __future__ import annotations

import json

import httpx


class Recording(httpx.AsyncHTTPTransport):
    """A real loopback transport that keeps the URL of every request it sends."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[httpx.Request] = []

    @property
    def urls(self) -> list[httpx.URL]:
        return [request.url for request in self.requests]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await super().handle_async_request(request)

    def queries(self, path_end: str) -> list[dict[str, list[str]]]:
        """The query of each request whose path ends with `path_end`, every value as a list."""
        found = []
        for url in self.urls:
            if url.path.endswith(path_end):
                query: dict[str, list[str]] = {}
                for key, value in url.params.multi_items():
                    query.setdefault(key, []).append(value)
                found.append(query)
        return found


class Answering(Recording):
    """Answers requests whose path ends with `path_end` with `body` (200, JSON), as a server other
    than the emulator might; the token request and everything else go to the emulator. Every
    URL is noted, as by Recording."""

    def __init__(self, path_end: str, body: object) -> None:
        super().__init__()
        self.path_end = path_end
        self.body = body

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith(self.path_end):
            return await super().handle_async_request(request)
        self.requests.append(request)
        content = json.dumps(self.body).encode()
        return httpx.Response(200, content=content, headers={"content-type": "application/json"})
