"""The one place that decides how a notification shows: every `notify` of the app, a screen or a
widget goes through `Toasts.notify` (Textual's `Widget.notify` calls the app's).

- Short: at most `MAX_LINES` lines (the title one of them) in the toast's width; longer text is
  cut with "…" (the whole text belongs on a screen, not in a toast).
- One of a kind at a time: a toast's kind is its title, and a new toast of a kind expires the one
  shown before it, so repeated keys or refreshes never stack toasts.
- Errors stay until read (clicked, or replaced by a newer one of their kind); the rest go after
  `SHOWN_SECONDS` at most (a flash asks for less).
"""

from __future__ import annotations

import textwrap
from typing import Any

from rich.cells import cell_len, set_cell_size
from textual.app import App
from textual.content import Content
from textual.notifications import Notification, Notify, SeverityLevel

MAX_LINES = 3
SHOWN_SECONDS = 4.0
ERROR_SECONDS = 24 * 60 * 60.0  # until read: a click dismisses it, a newer error replaces it
# Textual's Toast: 60 columns wide, at most half its rack (the screen less the rack's scroll bar),
# with a one-column coloured left edge; maia.tcss gives it one column of padding on each side
# (and none above or below).
TOAST_WIDTH = 60
RACK_SCROLLBAR = 1
TOAST_CHROME = 3


def text_width(screen_width: int) -> int:
    """The columns a toast's text gets on a screen `screen_width` wide."""
    return max(10, min(TOAST_WIDTH, (screen_width - RACK_SCROLLBAR) // 2) - TOAST_CHROME)


def cut(line: str, width: int) -> str:
    """`line` within `width` cells, ending in "…" when something was left out."""
    if cell_len(line) <= width:
        return line
    return set_cell_size(line, width - 1).rstrip() + "…"


def shape(message: str, title: str, width: int) -> tuple[str, str]:
    """The title on one line, and the message in the lines left, each within `width` cells."""
    title = cut(" ".join(title.split()), width) if title else ""
    room = MAX_LINES - (1 if title else 0)
    lines: list[str] = []
    for paragraph in message.splitlines():
        lines.extend(textwrap.wrap(paragraph, width, break_on_hyphens=False) if paragraph.strip() else [])
    if len(lines) > room:
        lines = [*lines[: room - 1], cut(lines[room - 1] + " …", width)]
        if not lines[-1].endswith("…"):
            lines[-1] += "…"
    return "\n".join(cut(line, width) for line in lines), title


def shown_for(severity: SeverityLevel, asked: float | None) -> float:
    """How long a toast stays: errors until read, the rest `SHOWN_SECONDS` at most."""
    if severity == "error":
        return ERROR_SECONDS
    return SHOWN_SECONDS if asked is None else min(asked, SHOWN_SECONDS)


class Toasts(App[Any]):
    """The app's notify: short, one per kind, timed by severity (see the module docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.toasts_by_kind: dict[str, Notification] = {}  # the latest toast of each kind (title)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        text = Content.from_markup(message).plain if markup else message
        text, title = shape(text, title, text_width(self.size.width))
        notification = Notification(text, title, severity, shown_for(severity, timeout), markup=False)
        previous = self.toasts_by_kind.get(title)
        if previous is not None:
            previous.timeout = 0  # expired: Textual drops it, and its toast, when the new one arrives
        self.toasts_by_kind[title] = notification
        self.post_message(Notify(notification))
