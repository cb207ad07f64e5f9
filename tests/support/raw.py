"""The emulator's answers as raw JSON, read over HTTP with a token the emulator issues, so a
test's expected values come from what the server sent, never from the app's own parsing."""

from __future__ import annotations

from typing import Any

import httpx

from maia_tui.api.client import default_ssl_context
from maia_tui.emulator import Emulator


def raw_get(emulator: Emulator, path: str, params: dict[str, Any] | None = None) -> Any:
    """GET `path` (relative to the API base, e.g. "/v1/projects") and return the JSON body."""
    headers = {"Authorization": f"Bearer {emulator.issue_token()}"}
    response = httpx.get(
        f"{emulator.api_base}{path}",
        params=params,
        headers=headers,
        timeout=10,
        trust_env=False,  # loopback, never a proxy
        verify=default_ssl_context(),  # built once: a new one loads the CA store (~20 ms) for each call
    )
    response.raise_for_status()
    return response.json()


def raw_pages(emulator: Emulator, path: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every item of a page/size list."""
    items: list[dict[str, Any]] = []
    page = 0
    while True:
        body = raw_get(emulator, path, {**(params or {}), "page": page, "size": 100})
        items.extend(body["results"])
        if not body["results"] or len(items) >= body["total"]:
            return items
        page += 1
