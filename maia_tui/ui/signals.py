"""App-wide changes, one way: Textual Signals owned by the app. A screen that shows what they
change subscribes once, when mounted; every subscriber hears a change whether its screen is
on top, under a dialog, or in another section (each section is a mode with its own stack)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.signal import Signal

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from maia_tui.api.health import HealthStatus


@dataclass(frozen=True)
class Display:
    """How times are shown (UTC or the local zone) and in which theme, after a change."""

    utc: bool
    theme: str


class AppSignals:
    def __init__(self, app: DOMNode) -> None:
        # Times in UTC or local, or the theme, changed: redraw what shows times and colours.
        self.display: Signal[Display] = Signal(app, "display")
        # The API answers again after an outage: fetch again what could not be fetched.
        self.reconnected: Signal[HealthStatus] = Signal(app, "reconnected")
        # A second passed: countdowns, running durations and "… ago" texts move on. One clock
        # for all of them, so what changes each second is painted in one frame, not one per timer.
        self.second: Signal[None] = Signal(app, "second")
