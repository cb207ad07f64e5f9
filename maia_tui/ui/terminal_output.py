"""Bytes for the terminal itself rather than the screen (a desktop notification), written in
order with Textual's frames by the running driver.

Textual 8 has no public accessor for the running driver, and `App.console` writes to a null
file. Its public extension points are enough: `App.get_driver_class` picks the driver class, and
`Driver.write` writes to the terminal. `writing_driver` wraps the class Textual picked so that
the driver, once made, hands its `write` to the app's `TerminalOutput`. Under `run_test` (a
headless driver) nothing is attached unless a test attaches a sink of its own."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from textual.driver import Driver


class TerminalOutput:
    def __init__(self) -> None:
        self.sink: Callable[[str], None] | None = None

    def attach(self, sink: Callable[[str], None]) -> None:
        self.sink = sink

    def write(self, text: str) -> bool:
        """Write `text` to the terminal; False when there is none to write to."""
        if self.sink is None:
            return False
        self.sink(text)
        return True


@functools.cache
def writing_driver(base: type[Driver]) -> type[Driver]:
    """`base`, whose instances attach their `write` to their app's `terminal_output`."""

    class WritingDriver(base):  # type: ignore[valid-type,misc]
        def __init__(self, app: Any, **options: Any) -> None:
            super().__init__(app, **options)
            output = getattr(app, "terminal_output", None)
            if isinstance(output, TerminalOutput):
                output.attach(self.write)

    WritingDriver.__name__ = WritingDriver.__qualname__ = base.__name__
    return WritingDriver
