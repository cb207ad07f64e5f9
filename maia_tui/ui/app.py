"""MaiaApp: the login screen at the bottom of the stack, the browsing screens on top of it
once a client holds a token. The app owns that client (the session) and its lifetime."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import tzinfo
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker

from maia_tui.api.clock import Clock, SystemClock
from maia_tui.api.errors import CredentialsRefused, MaiaError
from maia_tui.api.text import printable
from maia_tui.ui import lazy, palette
from maia_tui.ui.crash_report import CrashSafeApp
from maia_tui.ui.defaults import LoginDefaults
from maia_tui.ui.screens.login import LoginScreen
from maia_tui.ui.worker_errors import WorkerErrors

if TYPE_CHECKING:
    from maia_tui.api.auth import TokenStatus
    from maia_tui.api.client import MaiaClient
    from maia_tui.api.health import HealthStatus
    from maia_tui.api.regions import Endpoints
    from maia_tui.api.secret import Secret
    from maia_tui.credentials.config import Settings
    from maia_tui.credentials.writes import WritePolicy
    from maia_tui.ui.app_view import MaiaAppView
    from maia_tui.ui.defaults import ProfileSource
    from maia_tui.ui.messages import ConnectionChanged, TokenChanged
    from maia_tui.ui.profiles import ProfileBook
    from maia_tui.ui.session import Session

# Start-up imports only what the login screen needs; the rest comes through `lazy` (see there).


class NotLoggedIn(RuntimeError):
    pass


class MaiaApp(WorkerErrors, CrashSafeApp[int]):
    """The app; its crash report leaves out library frames' locals (CrashSafeApp)."""

    # The session's latest token and connection news; status bars watch these.
    token_status: reactive[TokenStatus | None] = reactive(None, init=False, always_update=True)
    health_status: reactive[HealthStatus | None] = reactive(None, init=False, always_update=True)

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
        settings: Settings | None = None,
        remember: bool = False,
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
        # The remembered theme, page size and time display (ui/settings.py), applied on mount,
        # and whether changes are written back (not in most tests, nor for the screenshots).
        self.settings = settings
        self.remembering = remember or settings is not None
        self.projects_page_size: int | None = settings.page_size if settings else None

    def on_mount(self) -> None:
        settings = self.settings
        if settings is not None:
            if settings.theme in self.available_themes:
                self.theme = settings.theme
            self.utc_times = settings.time_display == "utc"
        palette.use_theme(self.get_css_variables())
        if self.is_web:
            from maia_tui.ui.keys import browser_keymap

            self.update_keymap(browser_keymap())  # keys a browser keeps give way to their alternatives

    def watch_theme(self, theme: str) -> None:
        """Cells, trees and grids take their colours from the theme (ui/palette.py): draw
        them again in the new one, and remember the choice."""
        palette.use_theme(self.get_css_variables())
        for screen in self.screen_stack:
            redraw = getattr(screen, "times_changed", None)
            if callable(redraw):
                redraw()
        self.remember(theme=theme)

    def remember(self, **changes: object) -> None:
        """A person changed a remembered setting: write it to [settings], off the UI thread."""
        from dataclasses import replace

        if not getattr(self, "remembering", False):  # a theme may be set before __init__ is done
            return
        from maia_tui.credentials.config import Settings

        current = self.settings or Settings()
        chosen = replace(current, **changes)  # type: ignore[arg-type]
        if chosen != current:
            self.settings = chosen
            self._save_settings(chosen)

    @work(thread=True, group="settings", exit_on_error=False)
    def _save_settings(self, chosen: Settings) -> None:
        from maia_tui.ui.settings import remember_settings

        try:
            remember_settings(chosen)
        except (MaiaError, OSError) as error:
            self.call_from_thread(
                self.notify,
                f"Your settings were not saved: {error}",
                title="Settings",
                severity="warning",
                markup=False,
            )

    def on_resource_list_page_size_chosen(self, message: Any) -> None:
        """`s` or the palette on the projects list: new project lists start at that size."""
        if message.resource_list.resource.name == "projects":
            self.projects_page_size = message.size
            self.remember(page_size=message.size)

    def get_default_screen(self) -> Screen:
        return LoginScreen(self.defaults)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.cursor_blink and isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    @property
    def login_screen(self) -> LoginScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, LoginScreen)  # always at the bottom of the stack
        return screen

    def require_session(self) -> Session:
        if self.session is None:
            raise NotLoggedIn("Not logged in")
        return self.session

    # ----- session ------------------------------------------------------------------

    def new_client(self, endpoints: Endpoints, client_id: str, secret: Secret, ca_bundle: str | None) -> MaiaClient:
        """The client a sign-in uses: the app's clock, timeouts from MAIA_CONNECT_TIMEOUT and
        MAIA_READ_TIMEOUT (a bad value raises ConfigurationError), and `client_options`."""
        options = dict(self.client_options)
        if "timeout" not in options:
            options["timeout"] = lazy.timeout_from_environ()
        return lazy.MaiaClient(endpoints, client_id, secret, clock=self.clock, ca_bundle=ca_bundle, **options)

    def start_session(self, client: MaiaClient, label: str) -> None:
        """Take over a client that holds a token, and show the projects."""

        def token_changed(status: TokenStatus) -> None:
            self.post_message(lazy.TokenChanged(status))

        def connection_changed(status: HealthStatus) -> None:
            self.post_message(lazy.ConnectionChanged(status))

        unsubscribe_token = client.tokens.subscribe(token_changed)
        unsubscribe_health = client.health.subscribe(connection_changed)

        def unsubscribe() -> None:
            unsubscribe_token()
            unsubscribe_health()

        self.session = lazy.Session(client, label, self.defaults.demo, unsubscribe, self.write_policy(client.client_id))
        self.section_screens["projects"] = lazy.ProjectsScreen(client, **self.page_size_option())
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
        self.remember(time_display="utc" if self.utc_times else "local")
        self.notify("Times are shown in UTC." if self.utc_times else "Times are shown in local time.", title="Times")
        for screen in self.screen_stack:
            repaint = getattr(screen, "times_changed", None)
            if callable(repaint):
                repaint()

    def page_size_option(self) -> dict[str, int]:
        return {"page_size": self.projects_page_size} if self.projects_page_size else {}

    def write_policy(self, client_id: str) -> WritePolicy:
        """Writes are on by --allow-writes, MAIA_ALLOW_WRITES=1, or allow_writes = true in the
        profile signed in with (chosen on the login screen, and its client id used)."""
        from maia_tui.credentials.writes import WritePolicy, resolve_writes

        if self.defaults.allow_writes:
            return WritePolicy(True, "--allow-writes or MAIA_ALLOW_WRITES")
        name = self.login_screen.chosen_profile if self.screen_stack else None
        profile = self.profiles.get(name) if self.profiles is not None and name else None
        allows = profile is not None and profile.client_id == client_id and profile.allow_writes
        return resolve_writes(profile_allows=allows, profile=name)

    def on_token_changed(self, message: TokenChanged) -> None:
        self.token_status = message.status
        if message.status.state is lazy.TokenState.REFUSED and self.session is not None:
            self.end_session(message.status.last_error)

    def on_connection_changed(self, message: ConnectionChanged) -> None:
        """Offline: probe with backoff until the API answers (the status bar shows when the
        next try is due). Back: every screen fetches again what it could not. No keypress."""
        self.health_status = message.status
        if self.session is None:
            return
        if not message.status.online:
            if self._reconnecting is None or self._reconnecting.is_finished:
                self._reconnecting = self._reconnect()
        elif self.session.client.health.online:  # still online when this message is handled
            for screen in self.screen_stack:
                if isinstance(screen, lazy.SessionScreen):
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
            self.token_status = tokens.status()
        self.notify(f"New token, valid for {lazy.clock_text(token.expires_in)}.", title="Token refreshed")

    def show_credential(self) -> None:
        from maia_tui.ui.screens.credential import CredentialScreen

        if self.session is not None and not isinstance(self.screen, CredentialScreen):
            self.push_screen(CredentialScreen())

    def action_help(self) -> None:
        if isinstance(self.screen, lazy.HelpScreen):
            self.pop_screen()
            return
        title = getattr(self.screen, "HELP_TITLE", "Sign in")
        self.push_screen(lazy.HelpScreen(title, lazy.key_sections(self.screen, browser=self.is_web)))

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """An SVG of the screen in the downloads folder (made if missing), and where it went;
        in a browser (maia-tui serve), a download there."""
        from datetime import datetime

        from platformdirs import user_downloads_dir

        from maia_tui.ui.take_away import in_browser, send_to_browser

        if in_browser(self):
            name = filename or f"maia-tui-{datetime.now():%Y%m%d-%H%M%S}.svg"
            send_to_browser(self, self.export_screenshot(), name, "image/svg+xml")
            return
        try:
            folder = Path(path or user_downloads_dir())
            folder.mkdir(parents=True, exist_ok=True)
            written = self.save_screenshot(filename, str(folder))
        except OSError as error:
            self.notify(f"Could not save the screenshot: {error.strerror or error}.", severity="error", markup=False)
            return
        self.notify(f"Screenshot saved to {written}", title="Screenshot", markup=False)

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        from maia_tui.ui.take_away import delivery_failed

        delivery_failed(self, event)

    def show_error(self, error: BaseException, title: str = "Error") -> None:
        """The one place an unexpected failure becomes something a person can read."""
        text = str(error) if isinstance(error, MaiaError) else f"{type(error).__name__}: {error}"
        self.notify(printable(text, 400), title=title, severity="error", timeout=10, markup=False)

    # ----- command palette ------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own entries, less "Keys" (its panel lists widget internals; ours is `?`).
        yield SystemCommand("Theme", "Change the colours (remembered)", self.action_change_theme)
        yield SystemCommand("Quit", "Quit maia-tui (ctrl+q)", self.action_quit)
        yield SystemCommand("Keys", "Every key of this screen (? or F1)", self.action_help)
        yield SystemCommand("Screenshot", "Save an SVG of this screen and say where", self.action_screenshot)
        if self.session is not None:
            yield SystemCommand("Refresh token", "Fetch a new access token now (ctrl+r)", self.action_refresh_token)
            yield SystemCommand("Log out", "Drop the token and return to the login screen (ctrl+l)", self.action_logout)
            yield SystemCommand(
                "Credential", "Token details, refresh history and the permission probe (t)", self.show_credential
            )
            yield SystemCommand(
                "Times in UTC / local time",
                "Show every time in UTC, or back in the local time zone (also: u on runs)",
                self.action_toggle_utc,
            )
        if isinstance(screen, lazy.ProjectsScreen):
            yield SystemCommand("Go to page…", "Jump to a page of projects by number (:)", screen.action_jump)
            widest = len(str(max(lazy.PAGE_SIZES)))
            for size in lazy.PAGE_SIZES:
                yield SystemCommand(
                    # Padded so the palette's alphabetical order is numeric order: 10, 25, 50, 100.
                    f"Page size {size:>{widest}}",
                    f"Show {size} projects per page (s cycles)",
                    partial(screen.set_page_size, size),
                )
            yield SystemCommand("Copy project id", "Copy the selected project's id (c)", screen.action_copy_id)
        if isinstance(screen, lazy.ProjectDetailScreen):
            yield SystemCommand("Copy project id", "Copy this project's id (c)", screen.action_copy_id)
        if isinstance(screen, LoginScreen) and screen.chosen_profile and not screen.busy:
            yield SystemCommand(
                f"Forget profile {screen.chosen_profile!r}",
                "Delete the chosen profile and its stored secret, after asking (F8)",
                screen.action_forget_profile,
            )


if TYPE_CHECKING:

    def _satisfies_the_view(app: MaiaApp) -> MaiaAppView:
        return app  # mypy checks that MaiaApp is what screens and widgets see (ui/app_view.py)
