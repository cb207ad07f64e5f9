"""A section that is not built yet says so (keys 3-5 until their screens land)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from maia_tui.ui.screens.base import SessionScreen
from maia_tui.ui.sections import BY_NAME

COMING = (
    "{title} is coming: it arrives with “Everything a project holds, and the account around it”. "
    "Press 1 for projects or 2 for runs."
)


class ComingScreen(SessionScreen):
    HELP_TITLE = "Coming"

    def __init__(self, section: str) -> None:
        super().__init__()
        self.SECTION = section

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        title = BY_NAME[self.SECTION].title
        yield Static(title, classes="screen-header")
        yield Static(COMING.format(title=title), id="coming", markup=False)
