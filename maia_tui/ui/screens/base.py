"""What every screen after login shares: the status bar on top, the footer below, and one
place where a failed worker becomes something a person can read."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen

from maia_tui.ui.app_view import maia_app
from maia_tui.ui.sections import BY_NAME, SECTIONS
from maia_tui.ui.views.resource_list import ResourceList
from maia_tui.ui.widgets.key_bar import KeyBar
from maia_tui.ui.widgets.section_tabs import SectionTabs
from maia_tui.ui.widgets.status_bar import StatusBar
from maia_tui.ui.worker_errors import WorkerErrors

if TYPE_CHECKING:
    from maia_tui.ui.app_view import MaiaAppView


class SessionScreen(WorkerErrors, Screen):
    """A screen that exists only while logged in. Keys 1-6 switch sections from any of them;
    the tab strip under the status bar lights the section this screen belongs to."""

    SECTION = "projects"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(
                section.key,
                f"app.section('{section.name}')",
                section.title,
                show=False,
                tooltip=f"Go to {section.title}",
                id=f"section.{section.name}",
            )
            for section in SECTIONS
        ),
        Binding(
            "minus",
            "app.previous_section",
            "Previous",
            show=False,
            tooltip="Back to the section shown before (as k9s's -)",
            id="section.previous",
        ),
        # Not on the login form, where q is typed; an input that has the focus takes it first.
        Binding("q", "app.quit", "Quit", show=False, tooltip="Quit maia-tui", id="session.quit"),
        Binding(
            "t",
            "credential",
            "Token",  # short: the footer is full; the help and the palette say "credential"
            tooltip="The credential: token details, refresh history, permission probe",
            id="session.credential",
        ),
    ]

    # Here, not in maia.tcss: parsed when the first browsing screen is pushed, not before the
    # login form's first paint. Scoped to SessionScreen and the screens derived from it.
    DEFAULT_CSS = """
    SessionScreen {
        .screen-header {
            height: 1;
            padding: 0 1;
            background: $boost;
            color: $text;
        }
        #projects, #detail-tabs, #search-results { height: 1fr; }
        #filter {
            dock: bottom;
            margin-bottom: 1;
            border: tall $accent;
        }
        #project-fields {
            height: auto;
            padding: 0 2;
            border: round $panel-lighten-2;
            margin: 0 1;
            &.-folded { height: 1; border: none; padding: 0 2; background: $boost; }
        }
    }
    """

    @property
    def maia(self) -> MaiaAppView:
        return maia_app(self)

    def breadcrumb(self) -> str:
        """Where this screen is, as a screen opened from it names the way back (Esc)."""
        return BY_NAME[self.SECTION].title

    def compose_chrome(self) -> ComposeResult:
        yield StatusBar()
        yield SectionTabs(self.SECTION)
        yield KeyBar()

    def action_credential(self) -> None:
        self.maia.show_credential()

    @on(events.Mount)
    def _follow_app_signals(self) -> None:
        """Hear app-wide changes whether this screen is on top, under a dialog, or in another section."""
        signals = self.maia.signals
        signals.display.subscribe(self, lambda display: self.times_changed())
        signals.reconnected.subscribe(self, lambda status: self.connection_restored())

    def on_screen_resume(self) -> None:
        for bar in self.query(StatusBar):
            bar.sample()  # time has passed while another screen was on top
        for resource_list in self.query(ResourceList):
            resource_list.resume()

    def on_screen_suspend(self) -> None:
        """Hidden (another screen on top, or another section): live lists stop polling."""
        for resource_list in self.query(ResourceList):
            resource_list.pause()

    def times_changed(self) -> None:
        """UTC or local time was chosen: lists redraw their rows."""
        for resource_list in self.query(ResourceList):
            resource_list.names_arrived()

    def connection_restored(self) -> None:
        """The API answers again after an outage: every list fetches what it could not."""
        for resource_list in self.query(ResourceList):
            resource_list.connection_restored()
