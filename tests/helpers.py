"""Small helpers shared by tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable


async def eventually(predicate: Callable[[], bool], timeout: float = 2.0, what: str = "condition") -> None:
    """Poll until `predicate()` holds: background work over real loopback HTTP needs a moment."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.01)


def slices(secret: str, width: int = 6) -> set[str]:
    """Every `width`-character slice of `secret` (the whole of it when shorter)."""
    if len(secret) <= width:
        return {secret}
    return {secret[i : i + width] for i in range(len(secret) - width + 1)}


def assert_no_slice(text: str, *secrets: str, where: str = "the output") -> None:
    """No 6-character slice of any secret or token appears in `text`."""
    for secret in secrets:
        leaked = sorted(s for s in slices(secret) if s in text)
        assert not leaked, f"{where} shows part of a secret or token: {leaked[:3]}"
