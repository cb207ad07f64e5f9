"""A loading indicator whose animation runs only while it is shown."""

from __future__ import annotations

from textual.widgets import LoadingIndicator

FRAME_SECONDS = 1 / 16  # LoadingIndicator's own pace


class Spinner(LoadingIndicator):
    """Textual's indicator repaints 16 times a second for as long as it is mounted, shown or
    not. The login screen's stays mounted under the sections all session, so hidden, it stops."""

    def on_mount(self) -> None:  # after LoadingIndicator's own mount handler started the timer
        self.spin(self.display)

    def spin(self, on: bool) -> None:
        self.display = on
        self.auto_refresh = FRAME_SECONDS if on else None
