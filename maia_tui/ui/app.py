"""MaiaApp: the login screen at the bottom of the stack, the browsing screens on top of it
once a client holds a token. The app owns that client (the session) and its lifetime."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import tzinfo
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker

from maia_tui.api.clock import Clock, SystemClock
from maia_tui.api.errors import CredentialsRefused, MaiaError
from maia_tui.api.text import printable
from maia_tui.ui.defaults import LoginDefaults
from maia_tui.ui.screens.login import LoginScreen
from maia_tui.ui.worker_errors import WorkerErrors

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient
    from maia_tui.api.regions import Endpoints
    from maia_tui.api.secret import Secret
    from maia_tui.ui.defaults import ProfileSource
    from maia_tui.ui.messages import ConnectionChanged, TokenChanged
    from maia_tui.ui.profiles import ProfileBook
    from maia_tui.ui.session import Session

# Start-up imports only what the login screen needs; the HTTP stack, the session, the help
# screen and the browsing screens load in the background once it has painted
# (LoginScreen.warm_up), each also imported where it is first used.


class NotLoggedIn(RuntimeError):
    pass


class MaiaApp(WorkerErrors, App[int]):
    CSS_PATH = "maia.tcss"
    TITLE = "maia-tui"
    BINDINGS = [
        Binding("f1,question_mark", "help", "Help", tooltip="This list of keys", id="app.help"),
        Binding("ctrl+r", "refresh_token", "New token", tooltip="Refresh the access token now", id="app.refresh_token"),
        Binding(
            "ctrl+l", "logout", "Log out", tooltip="Log out: drop the token, back to the login screen", id="app.logout"
        ),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="Quit maia-tui", id="app.quit"),
    ]

    def __init__(
        self,
        defaults: LoginDefaults | None = None,
        *,
        clock: Clock | None = None,
        on_exit: Callable[[], None] | None = None,
        cursor_blink: bool = True,
        profiles: ProfileSource | None = None,
        client_options: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.defaults = defaults or LoginDefaults()
        # Where saved profiles come from; None (demo mode, most tests) means none are read or
        # written. The login screen reads them after its first paint and keeps them here:
        self.profile_source = profiles
        self.profiles: ProfileBook | None = None
        self.cursor_blink = cursor_blink  # off for snapshots and screenshots: a blink is a flake
        self.clock: Clock = clock or SystemClock()
        self.session: Session | None = None
        self._on_exit = on_exit
        # Extra MaiaClient arguments (timeout, retry_sleep, max_rate_limit_wait, backoff,
        # transport, ...): tests shorten waits here. Without a timeout, the environment's.
        self.client_options: dict[str, Any] = dict(client_options or {})
        self._reconnecting: Worker[None] | None = None
        # How times show: the machine's zone (or `local_zone`, for tests and snapshots), or UTC.
        self.utc_times = False
        self.local_zone: tzinfo | None = None
        self.section_screens: dict[str, Screen[Any]] = {}  # one per section for the session

    def _fatal_error(self) -> None:
        """Textual's handling of an unhandled exception (App._fatal_error in Textual 8.2),
        with a report that leaves out library frames' locals: see crash_report."""
        from rich.segment import Segments

        from maia_tui.ui.crash_report import crash_traceback

        self.bell()
        self._exit_renderables.append(Segments(self.console.render(crash_traceback(), self.console.options)))
        self._close_messages_no_wait()

    def get_default_screen(self) -> Screen:
        return LoginScreen(self.defaults)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.cursor_blink and isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    @property
    def login_screen(self) -> LoginScreen:
        return self.screen_stack[0]  # type: ignore[return-value]

    def require_session(self) -> Session:
        if self.session is None:
            raise NotLoggedIn("Not logged in")
        return self.session

    # ----- session ------------------------------------------------------------------

    def new_client(self, endpoints: Endpoints, client_id: str, secret: Secret, ca_bundle: str | None) -> MaiaClient:
        """The client a sign-in uses: the app's clock, timeouts from MAIA_CONNECT_TIMEOUT and
        MAIA_READ_TIMEOUT (a bad value raises ConfigurationError), and `client_options`."""
        from maia_tui.api.client import MaiaClient, timeout_from_environ

        options = dict(self.client_options)
        if "timeout" not in options:
            options["timeout"] = timeout_from_environ()
        return MaiaClient(endpoints, client_id, secret, clock=self.clock, ca_bundle=ca_bundle, **options)

    def start_session(self, client: MaiaClient, label: str) -> None:
        """Take over a client that holds a token, and show the projects."""
        from maia_tui.ui.messages import ConnectionChanged, TokenChanged
        from maia_tui.ui.screens.projects import ProjectsScreen
        from maia_tui.ui.session import Session

        unsubscribe_token = client.tokens.subscribe(lambda status: self.post_message(TokenChanged(status)))
        unsubscribe_health = client.health.subscribe(lambda status: self.post_message(ConnectionChanged(status)))

        def unsubscribe() -> None:
            unsubscribe_token()
            unsubscribe_health()

        self.session = Session(client, label, self.defaults.demo, unsubscribe)
        self.section_screens["projects"] = ProjectsScreen(client)
        self.install_screen(self.section_screens["projects"], name="section-projects")
        self.push_screen("section-projects")

    # ----- sections -------------------------------------------------------------------

    async def action_section(self, name: str) -> None:
        """Keys 1-5: show a section's screen, as it was left (screens opened on top of the
        current section are closed)."""
        from maia_tui.ui.sections import BY_NAME

        session = self.session
        section = BY_NAME.get(name)
        if session is None or section is None:
            return
        screen = self.section_screens.get(name)
        if screen is None:
            screen = self.section_screens[name] = section.make(session.client)
            self.install_screen(screen, name=f"section-{name}")
        if self.screen is screen:
            return
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.push_screen(screen)

    def action_toggle_utc(self) -> None:
        """Times in UTC or in the local zone, on every screen from its next repaint."""
        self.utc_times = not self.utc_times
        self.notify("Times are shown in UTC." if self.utc_times else "Times are shown in local time.", title="Times")
        for screen in self.screen_stack:
            repaint = getattr(screen, "times_changed", None)
            if callable(repaint):
                repaint()

    def repaint_status(self) -> None:
        from maia_tui.ui.widgets.status_bar import StatusBar

        if not self.screen_stack:  # shutting down: a late token or health message has nothing to paint
            return
        for bar in self.screen.query(StatusBar):
            bar.repaint()

    def on_token_changed(self, message: TokenChanged) -> None:
        from maia_tui.api.auth import TokenState

        self.repaint_status()
        if message.status.state is TokenState.REFUSED and self.session is not None:
            self.end_session(message.status.last_error)

    def on_connection_changed(self, message: ConnectionChanged) -> None:
        """Offline: probe with backoff until the API answers (the status bar shows when the
        next try is due). Back: every screen fetches again what it could not. No keypress."""
        from maia_tui.ui.screens.base import SessionScreen

        self.repaint_status()
        if self.session is None:
            return
        if not message.status.online:
            if self._reconnecting is None or self._reconnecting.is_finished:
                self._reconnecting = self._reconnect()
        elif self.session.client.health.online:  # still online when this message is handled
            for screen in self.screen_stack:
                if isinstance(screen, SessionScreen):
                    screen.connection_restored()

    @work(group="reconnect", exit_on_error=False)
    async def _reconnect(self) -> None:
        session = self.session
        if session is None:
            return
        health = session.client.health
        while self.session is session and not health.online:
            await health.wait_for_retry()
            if self.session is not session or health.online:
                return
            try:
                await session.client.probe()
            except MaiaError:
                pass  # the outcome is in the client's health (or its token state)

    @work(group="session", exit_on_error=False)
    async def end_session(self, reason: BaseException | None = None) -> None:
        """Back to the login screen (client id kept), dropping the token. With a reason
        (the credential was refused while in use) the login screen shows it."""
        session, self.session = self.session, None
        if session is None:
            return
        session.unsubscribe()
        session.close_caches()
        self.workers.cancel_group(self, "reconnect")
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        for name, screen in self.section_screens.items():
            self.uninstall_screen(f"section-{name}")
            await screen.remove()
        self.section_screens.clear()
        if reason is not None:
            self.login_screen.show_failure(reason)
        else:
            self.login_screen.say_info("Logged out: the token was dropped.")
        await session.client.logout()
        await session.client.aclose()

    async def on_unmount(self) -> None:
        session, self.session = self.session, None
        self.workers.cancel_group(self, "reconnect")
        if session is not None:
            session.unsubscribe()
            session.close_caches()
            await session.client.aclose()
        if self._on_exit is not None:
            self._on_exit()

    # ----- actions --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("refresh_token", "logout"):
            return self.session is not None
        return True

    def action_logout(self) -> None:
        self.end_session()

    def action_refresh_token(self) -> None:
        if self.session is not None:
            self._refresh_token()

    @work(exclusive=True, group="token", exit_on_error=False)
    async def _refresh_token(self) -> None:
        session = self.require_session()
        tokens = session.client.tokens
        try:
            token = await tokens.refresh()
        except CredentialsRefused as error:
            self.end_session(error)
            return
        except MaiaError as error:
            self.show_error(error, title="Token refresh failed")
            return
        finally:
            self.repaint_status()
        from maia_tui.ui.format import clock_text

        self.notify(f"New token, valid for {clock_text(token.expires_in)}.", title="Token refreshed")

    def action_help(self) -> None:
        from maia_tui.ui.keys import key_sections
        from maia_tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        title = getattr(self.screen, "HELP_TITLE", "Sign in")
        self.push_screen(HelpScreen(title, key_sections(self.screen)))

    def show_error(self, error: BaseException, title: str = "Error") -> None:
        """The one place an unexpected failure becomes something a person can read."""
        text = str(error) if isinstance(error, MaiaError) else f"{type(error).__name__}: {error}"
        self.notify(printable(text, 400), title=title, severity="error", timeout=10, markup=False)

    # ----- command palette ------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from maia_tui.ui.screens.project_detail import ProjectDetailScreen
        from maia_tui.ui.screens.projects import PAGE_SIZES, ProjectsScreen

        yield from super().get_system_commands(screen)
        if self.session is not None:
            yield SystemCommand("Refresh token", "Fetch a new access token now (ctrl+r)", self.action_refresh_token)
            yield SystemCommand("Log out", "Drop the token and return to the login screen (ctrl+l)", self.action_logout)
        if self.session is not None:
            yield SystemCommand(
                "Times in UTC / local time",
                "Show every time in UTC, or back in the local time zone (also: u on runs)",
                self.action_toggle_utc,
            )
        if isinstance(screen, ProjectsScreen):
            yield SystemCommand("Go to page…", "Jump to a page of projects by number (:)", screen.action_jump)
            for size in PAGE_SIZES:
                yield SystemCommand(
                    f"Page size {size}",
                    f"Show {size} projects per page (s cycles)",
                    partial(screen.set_page_size, size),
                )
            yield SystemCommand("Copy project id", "Copy the selected project's id (c)", screen.action_copy_id)
        if isinstance(screen, ProjectDetailScreen):
            yield SystemCommand("Copy project id", "Copy this project's id (c)", screen.action_copy_id)
        if isinstance(screen, LoginScreen) and screen.chosen_profile and not screen.busy:
            yield SystemCommand(
                f"Forget profile {screen.chosen_profile!r}",
                "Delete the chosen profile and its stored secret, after asking (F8)",
                screen.action_forget_profile,
            )
