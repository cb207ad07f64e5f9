"""Observers of a status snapshot: what the token manager and connection health share."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Generic, TypeVar

S = TypeVar("S")

log = logging.getLogger("maia_tui.api")


class Listeners(Generic[S]):
    def __init__(self, what: str) -> None:
        self._what = what
        self._listeners: list[Callable[[S], None]] = []

    def subscribe(self, listener: Callable[[S], None]) -> Callable[[], None]:
        """Add `listener`; returns the call that removes it again."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def notify(self, snapshot: S) -> None:
        for listener in list(self._listeners):
            try:
                listener(snapshot)
            except Exception:  # a broken listener must not break what it observes
                log.exception("%s listener failed", self._what)
