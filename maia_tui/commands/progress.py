"""Progress of a long command on stderr: a bar redrawn in place on a terminal, or, in a log or a
pipe, one plain line at most every 5 s. Time comes from an injected clock, so tests move a
FakeClock instead of waiting."""

from __future__ import annotations

import shutil
from typing import TextIO

from ..api.clock import Clock, SystemClock

LINE_EVERY = 5.0  # seconds between plain lines when stderr is not a terminal
REDRAW_EVERY = 0.1  # seconds between redraws of the bar
BAR_WIDTH = 24


class Progress:
    """How many so far, how fast, and of how many when that is known."""

    def __init__(
        self,
        err: TextIO,
        what: str,
        *,
        clock: Clock | None = None,
        tty: bool | None = None,
        quiet: bool = False,
        total: int | None = None,
    ) -> None:
        self.err = err
        self.what = what
        self.clock = clock or SystemClock()
        self.tty = err.isatty() if tty is None else tty
        self.quiet = quiet
        self.total = total
        self.count = 0
        self.started = self.clock.monotonic()
        self._shown_at = self.started  # nothing shown before the first interval has passed
        self._drawn = False

    def update(self, count: int) -> None:
        self.count = count
        if self.quiet:
            return
        now = self.clock.monotonic()
        if now - self._shown_at < (REDRAW_EVERY if self.tty else LINE_EVERY):
            return
        self._shown_at = now
        if self.tty:
            width = shutil.get_terminal_size((80, 24)).columns - 1
            self.err.write("\r" + self.bar()[:width].ljust(width))
            self._drawn = True
        else:
            self.err.write(self.line() + "\n")
        self.err.flush()

    def rate(self) -> float:
        elapsed = self.clock.monotonic() - self.started
        return self.count / elapsed if elapsed > 0 else 0.0

    def _of_total(self) -> str:
        if self.total is None:
            return f"{self.count:,} {self.what}"
        share = self.count / self.total if self.total else 1.0
        return f"{self.count:,} of {self.total:,} {self.what} ({share:.0%})"

    def _elapsed(self) -> str:
        minutes, seconds = divmod(int(self.clock.monotonic() - self.started), 60)
        return f"{minutes}:{seconds:02d}"

    def line(self) -> str:
        return f"{self._of_total()} so far, {self.rate():,.0f}/s, {self._elapsed()} elapsed"

    def bar(self) -> str:
        if self.total:
            filled = min(BAR_WIDTH, round(BAR_WIDTH * self.count / self.total))
            return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self._of_total()}, {self.rate():,.0f}/s, {self._elapsed()}"
        return self.line()

    def close(self) -> None:
        """Clear the bar, so what is printed next starts on a clean line."""
        if self._drawn:
            self.err.write("\r\x1b[K")
            self.err.flush()
            self._drawn = False
