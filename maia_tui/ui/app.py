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
from textual.driver import Driver
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import Worker

from maia_tui.api.clock import Clock, SystemClock
from maia_tui.api.errors import CredentialsRefused, MaiaError
from maia_tui.api.text import printable
from maia_tui.ui import lazy, palette
from maia_tui.ui.contrast import ReadableApp
from maia_tui.ui.crash_report import CrashSafeApp
from maia_tui.ui.defaults import LoginDefaults
from maia_tui.ui.idle_keys import IdleKeys
from maia_tui.ui.keys import browser_keymap, hint, key_sections
from maia_tui.ui.messages import OpenExecution
from maia_tui.ui.screens.login import LoginScreen
from maia_tui.ui.sections import BY_NAME, SECTIONS
from maia_tui.ui.signals import AppSignals, Display
from maia_tui.ui.switching import switch_commands
from maia_tui.ui.terminal_output import TerminalOutput, writing_driver
from maia_tui.ui.toasts import Toasts
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
    from maia_tui.ui.views.resource_list import ResourceList

# Start-up imports only what the login screen needs; the rest comes through `lazy` (see there).


class NotLoggedIn(RuntimeError):
    pass


class MaiaApp(WorkerErrors, Toasts, IdleKeys, ReadableApp, CrashSafeApp[int]):
    """The app; its crash report leaves out library frames' locals (CrashSafeApp); every toast
    is shaped and timed in one place (Toasts); a key with nothing to do says why (IdleKeys);
    every text colour reads at 4.5:1 on its background in any theme (ReadableApp)."""

    # The session's latest token and connection news; status bars watch these.
    token_status: reactive[TokenStatus | None] = reactive(None, init=False, always_update=True)
    health_status: reactive[HealthStatus | None] = reactive(None, init=False, always_update=True)

    # The login screen is a mode of its own; each section is one more, added at sign-in.
    DEFAULT_MODE = "login"
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
        self.signals = AppSignals(self)
        self._styled_with: dict[str, str] | None = None  # the CSS variables of the last full restyle
        self._login_screen: LoginScreen | None = None
        # The remembered theme, page size and time display (ui/settings.py), applied on mount,
        # and whether changes are written back (not in most tests, nor for the screenshots).
        self.settings = settings
        self.remembering = remember or settings is not None
        self.projects_page_size: int | None = settings.page_size if settings else None
        self.keymap: dict[str, str] = {}  # [keymap] from config.toml: binding id -> keys
        self.terminal_output = TerminalOutput()  # the driver attaches its write (desktop notifications)

    def get_driver_class(self) -> type[Driver]:
        """Textual's choice of driver, handing its terminal writes to `terminal_output`."""
        return writing_driver(super().get_driver_class())

    def refresh_css(self, animate: bool = True) -> None:
        """Textual restyles the whole app (every stylesheet parsed again, ~25 ms) when a mode's
        first screen appears, twice per section and once more per switch, although nothing
        about the styles changed. Only a change of the CSS variables (a theme) needs that; a
        screen that brings CSS of its own is parsed by Textual when it loads it. Nor does the
        screen shown need restyling here: the ScreenResume Textual sends it next restyles it
        and everything in it (so a section left before a theme change takes the theme on its
        return)."""
        variables = self.get_css_variables()
        if variables == self._styled_with:
            return
        self._styled_with = variables
        super().refresh_css(animate)

    def set_keymap(self, keymap: Mapping[str, str]) -> None:
        """Keep the keymap readable, so hints name the keys a person chose (ui/keys.key_for)."""
        self.keymap = dict(keymap)
        super().set_keymap(keymap)

    def on_mount(self) -> None:
        # The login mode is named only now that its screen exists: registered before start-up,
        # Textual would build it as a declared mode and restyle the whole app (~20 ms at start).
        self.add_mode(self.DEFAULT_MODE, self.get_default_screen)
        self.set_interval(1, lambda: self.signals.second.publish(None))
        self._styled_with = self.get_css_variables()  # what start-up styled with (a theme below restyles)
        settings = self.settings
        if settings is not None:
            if settings.theme in self.available_themes:
                self.theme = settings.theme
            self.utc_times = settings.time_display == "utc"
            if settings.keymap:
                self.set_keymap(dict(settings.keymap))
        palette.use_theme(self.get_css_variables())
        if self.is_web:  # keys a browser keeps give way to their alternatives; a person's [keymap] wins
            self.set_keymap({**browser_keymap(), **self.keymap})

    def watch_theme(self, theme: str) -> None:
        """Cells, trees and grids take their colours from the theme (ui/palette.py): draw
        them again in the new one, and remember the choice."""
        palette.use_theme(self.get_css_variables())
        self.signals.display.publish(Display(self.utc_times, theme))
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
        self._login_screen = LoginScreen(self.defaults)
        return self._login_screen

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not self.cursor_blink and isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    @property
    def login_screen(self) -> LoginScreen:
        """The bottom of the default mode's stack, whichever section is shown."""
        assert self._login_screen is not None  # made with the app's first screen
        return self._login_screen

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

    def start_session(self, client: MaiaClient, label: str, profile: str | None = None) -> None:
        """Take over a client that holds a token, and show the projects. `profile`: the saved
        profile it signed in with, when not the login screen's (a switch, ui/switching.py)."""

        def token_changed(status: TokenStatus) -> None:
            self.post_message(lazy.TokenChanged(status))

        def connection_changed(status: HealthStatus) -> None:
            self.post_message(lazy.ConnectionChanged(status))

        unsubscribe_token = client.tokens.subscribe(token_changed)
        unsubscribe_health = client.health.subscribe(connection_changed)

        def unsubscribe() -> None:
            unsubscribe_token()
            unsubscribe_health()

        writes = self.write_policy(client.client_id, profile)
        self.session = lazy.Session(client, label, self.defaults.demo, unsubscribe, writes)
        self.previous_section: str | None = None  # for `-`
        for section in SECTIONS:  # each a mode with its own stack; its screen is made when first shown
            self.add_mode(section.name, partial(self.section_screen, section.name, client))
        self.switch_mode(SECTIONS[0].name)

    def section_screen(self, name: str, client: MaiaClient) -> Screen[Any]:
        """The screen at the bottom of a section's mode."""
        if name == "projects":
            from maia_tui.ui.screens.projects import ProjectsScreen

            return ProjectsScreen(client, **self.page_size_option())
        if name == "runs":
            from maia_tui.ui.screens.runs import RunsScreen

            return RunsScreen(client)
        if name == "agents":
            from maia_tui.ui.screens.agents import AgentsScreen

            return AgentsScreen(client)
        if name == "audit":
            from maia_tui.ui.screens.audit import AuditScreen

            return AuditScreen(client)
        if name == "credits":
            from maia_tui.ui.screens.credits import CreditsScreen

            return CreditsScreen(client)
        from maia_tui.ui.screens.board import BoardScreen

        return BoardScreen(client)

    @property
    def section(self) -> str | None:
        """The section shown, or None on the login screen."""
        return self.current_mode if self.current_mode in BY_NAME else None

    # ----- sections -------------------------------------------------------------------

    async def action_section(self, name: str) -> None:
        """Keys 1-6: show a section as it was left, screens opened in it and all."""
        if self.session is None or name not in BY_NAME or self.current_mode == name:
            return
        self.previous_section = self.section
        await self.switch_mode(name)

    async def action_previous_section(self) -> None:
        """`-`: back to the section shown before this one, as k9s's `-` (again: forth)."""
        from maia_tui.ui.feedback import flash

        previous = self.previous_section
        if previous is None or previous == self.section:
            flash(self.screen, "No other section shown yet.")
            return
        await self.action_section(previous)

    # ----- where enter goes -------------------------------------------------------------

    def on_resource_list_opened(self, event: ResourceList.Opened) -> None:
        """`enter` on a row no screen took: a project opens, a run opens its execution; any
        other row has nothing more to show, and the flash says so and what shows it instead."""
        from maia_tui.api.models import PipelineExecution, Project
        from maia_tui.ui.feedback import flash
        from maia_tui.ui.idle_keys import nothing_to_open

        item = event.item
        if isinstance(item, Project):
            from maia_tui.ui.screens.project_detail import ProjectDetailScreen

            self.push_screen(ProjectDetailScreen(item, came_from=self.breadcrumb()))
        elif isinstance(item, PipelineExecution) and item.project_id:
            from maia_tui.ui.screens.execution import ExecutionScreen

            self.push_screen(ExecutionScreen(item, came_from=self.breadcrumb()))
        else:
            flash(self.screen, nothing_to_open(event.resource_list, event.resource_list.resource.noun))

    def breadcrumb(self) -> str:
        """The screen shown, as the breadcrumb of a screen opened over it (where Esc returns)."""
        from maia_tui.ui.screens.base import SessionScreen

        return self.screen.breadcrumb() if isinstance(self.screen, SessionScreen) else "Runs"

    def on_open_execution(self, message: OpenExecution) -> None:
        """The live execution screen of one run (fetched first: the screen starts from it)."""
        self._open_execution(message.project_id, message.execution_id)

    @work(group="open-execution", exclusive=True, exit_on_error=False)
    async def _open_execution(self, project_id: str, execution_id: str) -> None:
        from maia_tui.ui.screens.execution import ExecutionScreen

        try:
            run = await self.require_session().client.get_execution(project_id, execution_id)
        except MaiaError as error:
            self.show_error(error, title=f"Could not open run {execution_id}")
            return
        await self.push_screen(ExecutionScreen(run, came_from=self.breadcrumb()))

    def action_toggle_utc(self) -> None:
        """Times in UTC or in the local zone, on every screen from its next repaint."""
        self.utc_times = not self.utc_times
        self.remember(time_display="utc" if self.utc_times else "local")
        self.notify("Times are shown in UTC." if self.utc_times else "Times are shown in local time.", title="Times")
        self.signals.display.publish(Display(self.utc_times, self.theme))

    def page_size_option(self) -> dict[str, int]:
        return {"page_size": self.projects_page_size} if self.projects_page_size else {}

    def write_policy(self, client_id: str, profile_name: str | None = None) -> WritePolicy:
        """Writes are on by --allow-writes, MAIA_ALLOW_WRITES=1, or allow_writes = true in the
        profile signed in with (`profile_name`, else the one chosen on the login screen; its client id used)."""
        from maia_tui.credentials.writes import WritePolicy, resolve_writes

        if self.defaults.allow_writes:
            return WritePolicy(True, "--allow-writes or MAIA_ALLOW_WRITES")
        name = profile_name or (self.login_screen.chosen_profile if self.screen_stack else None)
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
            self.signals.reconnected.publish(message.status)

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
        session = await self.close_session()
        if session is None:
            return
        if reason is not None:
            self.login_screen.show_failure(reason)
        else:
            self.login_screen.say_info("Logged out: the token was dropped.")

    async def close_session(self) -> Session | None:
        """End the session cleanly: its listeners, caches and screens gone, its refresh loop
        stopped and its token dropped. Log-out and a profile switch (ui/switching.py) both use it."""
        session, self.session = self.session, None
        if session is None:
            return None
        session.unsubscribe()
        session.close_caches()
        self.workers.cancel_group(self, "reconnect")
        await self.switch_mode(self.DEFAULT_MODE)
        while len(self.screen_stack) > 1:  # e.g. help, opened over the login screen's mode
            await self.pop_screen()
        for section in SECTIONS:  # their screens and stacks go with the session
            await self.remove_mode(section.name)
        await session.client.logout()
        await session.client.aclose()
        return session

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
        from maia_tui.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        title = getattr(self.screen, "HELP_TITLE", "Sign in")
        self.push_screen(HelpScreen(title, key_sections(self.screen, browser=self.is_web)))

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
        keys = partial(hint, screen)
        yield SystemCommand("Quit", keys("Quit maia-tui ({key:app.quit})"), self.action_quit)
        yield SystemCommand("Keys", keys("Every key of this screen ({key:app.help})"), self.action_help)
        yield SystemCommand("Screenshot", "Save an SVG of this screen and say where", self.action_screenshot)
        if self.session is not None:
            yield SystemCommand(
                "Refresh token",
                keys("Fetch a new access token now ({key:app.refresh_token})"),
                self.action_refresh_token,
            )
            yield SystemCommand(
                "Log out", keys("Drop the token and return to the login screen ({key:app.logout})"), self.action_logout
            )
            yield SystemCommand(
                "Credential",
                keys("Token details, refresh history and the permission probe ({key:session.credential})"),
                self.show_credential,
            )
            yield from switch_commands(self)
            yield SystemCommand(
                "Times in UTC / local time",
                "Show every time in UTC, or back in the local time zone (also a key on Runs and an execution)",
                self.action_toggle_utc,
            )
        from maia_tui.ui.screens.project_detail import ProjectDetailScreen
        from maia_tui.ui.screens.projects import PAGE_SIZES, ProjectsScreen

        if isinstance(screen, ProjectsScreen):
            yield SystemCommand(
                "Go to page…", keys("Jump to a page of projects by number ({key:list.jump})"), screen.action_jump
            )
            widest = len(str(max(PAGE_SIZES)))
            for size in PAGE_SIZES:
                yield SystemCommand(
                    # Padded so the palette's alphabetical order is numeric order: 10, 25, 50, 100.
                    f"Page size {size:>{widest}}",
                    keys(f"Show {size} projects per page ({{key:list.page_size}} cycles)"),
                    partial(screen.set_page_size, size),
                )
            yield SystemCommand(
                "Copy project id",
                keys("Copy the selected project's id ({key:projects.copy_id})"),
                screen.action_copy_id,
            )
        if isinstance(screen, ProjectDetailScreen):
            yield SystemCommand(
                "Copy project id", keys("Copy this project's id ({key:project.copy_id})"), screen.action_copy_id
            )
        if isinstance(screen, LoginScreen) and screen.chosen_profile and not screen.busy:
            yield SystemCommand(
                f"Forget profile {screen.chosen_profile!r}",
                keys("Delete the chosen profile and its stored secret, after asking ({key:login.forget_profile})"),
                screen.action_forget_profile,
            )


if TYPE_CHECKING:

    def _satisfies_the_view(app: MaiaApp) -> MaiaAppView:
        return app  # mypy checks that MaiaApp is what screens and widgets see (ui/app_view.py)
