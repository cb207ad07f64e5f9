"""The first screen: client id, client secret and region in, a first token out.

The secret is read from its Input only inline, straight into a `Secret`, so no plain string
of it sits in a local variable or attribute (Textual prints crash tracebacks with locals).

The first frame holds only what signing in needs; saved profiles, "Remember" and F8 forget
(login_profiles.SavedProfiles, which tells this screen what to do by messages) are mounted once
it has painted. What the screen shows follows its reactives: `busy` and `status`.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, NamedTuple

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Static
from textual.worker import Worker, WorkerState

from maia_tui.api.errors import CredentialsRefused, MaiaError
from maia_tui.api.regions import REGIONS, Endpoints
from maia_tui.api.secret import Secret
from maia_tui.api.text import printable
from maia_tui.ui import lazy
from maia_tui.ui.app_view import MaiaAppView, maia_app
from maia_tui.ui.defaults import CUSTOM_REGION, DEMO_LABEL, DEMO_REGION, LoginDefaults
from maia_tui.ui.idle_keys import idle_check
from maia_tui.ui.keys import hint
from maia_tui.ui.widgets.key_bar import KeyBar
from maia_tui.ui.widgets.region_picker import RegionPicker
from maia_tui.ui.widgets.spinner import Spinner
from maia_tui.ui.worker_errors import WorkerErrors

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient
    from maia_tui.credentials.config import Profile
    from maia_tui.ui.screens.login_profiles import SavedProfiles

# The saved profiles (login_profiles, with the credentials layer's glue and the remember
# checkbox) and the failure formatting come through `lazy`, after the first paint.

REGION_LABELS = {"eu1": "eu1 · Europe", "us1": "us1 · US", CUSTOM_REGION: "custom URLs"}
PICKER_DEMO_LABEL = "demo · the built-in emulator only"
DEMO_FIXED = "Demo mode signs in to the built-in emulator only; start without --demo for eu1 or us1."
FULL_HEIGHT = 40  # rows the roomy form needs with every optional row shown; below, one line a field


class LoginStatus(NamedTuple):
    """The line under the form: what it says and how (info, busy, warning, error)."""

    text: Text
    kind: str


class FormButton(Button, inherit_css=False):
    """A Button with only the styles the form uses: Button's own stylesheet (every variant in
    every state, 7 kB) would be parsed before the login form's first paint."""

    DEFAULT_CSS = """
    FormButton {
        width: auto;
        min-width: 16;
        height: auto;
        line-pad: 1;
        text-align: center;
        content-align: center middle;
        pointer: pointer;
        text-style: bold;
        color: $button-foreground;
        background: $surface;
        border: none;
        border-top: tall $surface-lighten-1;
        border-bottom: tall $surface-darken-1;

        &.-textual-compact { border: none !important; }
        &:disabled { text-opacity: 0.6; pointer: not-allowed; }
        &:focus { text-style: $button-focus-text-style; background-tint: $foreground 5%; }
        &:hover { border-top: tall $surface; background: $surface-darken-1; }
        &.-active {
            background: $surface;
            border-bottom: tall $surface-lighten-1;
            border-top: tall $surface-darken-1;
            tint: $background 30%;
        }
        &.-primary {
            color: $button-color-foreground;
            background: $primary;
            border-top: tall $primary-lighten-3;
            border-bottom: tall $primary-darken-3;
            &:hover { background: $primary-darken-2; border-top: tall $primary; }
            &.-active {
                background: $primary;
                border-bottom: tall $primary-lighten-3;
                border-top: tall $primary-darken-3;
            }
        }
    }
    """


class RevealButton(FormButton, can_focus=False):
    """Show/Hide beside the secret: for the mouse; the keyboard has ctrl+t or F2 (no extra tab stop)."""


class LoginScreen(WorkerErrors, Screen[None]):
    AUTO_FOCUS = None  # focus is chosen in on_mount: the first empty field
    BINDINGS = [
        Binding("enter", "submit", "Sign in", tooltip="Sign in (from any field)", id="login.submit"),
        Binding(
            "ctrl+t,f2",  # f2: a browser keeps ctrl+t (maia-tui serve)
            "toggle_secret",
            "Show/hide secret",
            tooltip="Show or hide the client secret",
            id="login.toggle_secret",
        ),
        Binding(
            "f8",
            "forget_profile",
            "Forget profile",
            tooltip="Forget the chosen profile: delete it and its stored secret (asks first)",
            id="login.forget_profile",
        ),
    ]

    busy: reactive[bool] = reactive(False, init=False)  # signing in: the button is off, the indicator on
    status: reactive[LoginStatus] = reactive(LoginStatus(Text(""), "info"), init=False, always_update=True)

    def __init__(self, defaults: LoginDefaults) -> None:
        super().__init__()
        self.defaults = defaults
        self.focus_next_time: str | None = None  # where the cursor goes when this screen is back
        self.ca_bundle = defaults.ca_bundle  # no field of its own: it comes with a profile
        self.keyring_checked = False  # True once we know whether "remember" can be offered
        self.saying_reading = False  # the status line says a secret is being read
        self.saved: SavedProfiles | None = None  # profiles and remember, once the form has painted
        self._status: tuple[Horizontal, Spinner, Static] | None = None  # see _status_row
        # The URL fields' values until those fields are built (see _url_rows).
        self._urls = {"api-url": defaults.api_url, "token-url": defaults.token_url}

    @property
    def maia(self) -> MaiaAppView:
        return maia_app(self)

    # ----- layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        d = self.defaults
        with Vertical(id="login-card") as card:
            card.border_title = "maia-tui"
            card.border_subtitle = "Matillion Data Productivity Cloud"
            yield Static("Sign in with an API credential (client ID and secret)", id="login-title")
            if d.demo:
                yield Static(
                    hint(self, "DEMO · built-in emulator, demo credentials filled in: press {key:login.submit}."),
                    id="login-demo",
                )
            yield self._row("Client ID", Input(d.client_id, placeholder="client id", id="client-id"), "client-id-row")
            with Horizontal(classes="form-row"):
                yield Static("Client secret", classes="form-label")
                yield Input(
                    d.secret.reveal() if d.secret else "", placeholder="client secret", password=True, id="secret"
                )
                yield RevealButton("Show", id="reveal", compact=True)
            region = self._initial_region()
            yield self._row("Region", RegionPicker(self._region_options(), region, id="region", fixed_note=DEMO_FIXED))
            # The URL rows are built only when shown (a custom region, or a token URL given).
            with Vertical(id="custom-urls") as urls:
                urls.display = self._shows_urls(region)  # set now: no restyle after mounting
                yield from self._url_rows(region)
            with Horizontal(id="login-actions"):
                yield FormButton("Sign in", variant="primary", id="sign-in")
            # The status line (with its loading indicator) is built after the first paint, or
            # when there is something to say (_status_row).
        yield KeyBar()

    @staticmethod
    def _row(label: str, field: Widget, row_id: str | None = None) -> Horizontal:
        return Horizontal(Static(label, classes="form-label"), field, classes="form-row", id=row_id)

    def _url_rows(self, region: str) -> list[Horizontal]:
        """The API URL and token URL rows, if the region shows them and they are not built yet."""
        if self.query("#token-url") or not self._shows_urls(region):
            return []
        api_row = self._row(
            "API URL", Input(self._urls["api-url"], placeholder="https://host/dpc", id="api-url"), "api-url-row"
        )
        api_row.display = region == CUSTOM_REGION
        token_row = self._row(
            "Token URL", Input(self._urls["token-url"], placeholder="default: the vendor's token URL", id="token-url")
        )
        return [api_row, token_row]

    def _shows_urls(self, region: str) -> bool:
        """Custom URLs show both fields; a preset region shows its token URL only if one is set
        (from the command line, the environment or a profile), so nothing in effect is hidden."""
        if region == DEMO_REGION:
            return False  # the emulator's URLs come with demo mode
        return region == CUSTOM_REGION or bool(self.url("token-url").strip())

    def _region_options(self) -> list[tuple[str, str]]:
        if self.defaults.demo:
            # Fixed: the demo's token and API URLs are the emulator's, and a demo secret must
            # never travel to a real host, so no other region can be mixed in.
            return [(PICKER_DEMO_LABEL, DEMO_REGION)]
        return [(REGION_LABELS[name], name) for name in (*REGIONS, CUSTOM_REGION)]

    def _initial_region(self, defaults: LoginDefaults | None = None) -> str:
        defaults = defaults or self.defaults
        if defaults.demo:
            return DEMO_REGION
        if defaults.region in REGIONS or defaults.region == CUSTOM_REGION:
            return defaults.region
        return CUSTOM_REGION if defaults.api_url else "eu1"

    def on_resize(self, event: events.Resize) -> None:
        # One line per field below FULL_HEIGHT rows (see maia.tcss): the card never scrolls.
        self.set_class(event.size.height < FULL_HEIGHT, "-short")

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < FULL_HEIGHT, "-short")  # no restyle after the first paint
        self.focus_first_empty()
        self.call_after_refresh(self.warm_up)
        self.call_after_refresh(self._after_first_paint)

    def warm_up(self) -> None:
        """The form is on screen; while the person types, load what signing in will need
        (the HTTP stack, the browsing screens) so neither start-up nor Enter waits for it."""
        self.run_worker(lazy.load_all, thread=True, group="warm-up", exit_on_error=False)

    async def _after_first_paint(self) -> None:
        """Remember, the profiles and the keyring come once the form is on screen: the config
        file needs a parser, the keyring may be slow (or prompt), and even one more row in the
        first frame costs start-up a frame."""
        gc.enable()  # held since launch (ui/launch.run_app): the form has painted
        self._status_row()
        card = self.query_one("#login-card")
        from maia_tui.ui.screens.login_profiles import RememberRow, SavedProfiles

        remember = RememberRow()
        await card.mount(remember, before="#login-actions")
        client_id = self.query_one("#client-id", Input).value
        self.saved = SavedProfiles(self.defaults, remember, client_id)
        self.watch(self.saved, "chosen", self.refresh_bindings, init=False)
        await card.mount(self.saved, before="#client-id-row")

    def fill_from(self, resolved: LoginDefaults) -> None:
        """Resolved defaults (a saved profile under the command line and environment) arrived:
        every field still showing what it started with takes the new value."""
        before, self.defaults = self.defaults, resolved
        focused = self.focused
        field = self.query_one("#client-id", Input)
        if field.value == before.client_id:
            field.value = resolved.client_id
        for name, old, new in (
            ("api-url", before.api_url, resolved.api_url),
            ("token-url", before.token_url, resolved.token_url),
        ):
            if self.url(name) == old:
                self.set_url(name, new)
        region = self.query_one("#region", RegionPicker)
        if region.value == self._initial_region(before):
            region.value = self._initial_region(resolved)
        self.show_custom_urls()
        self.ca_bundle = resolved.ca_bundle
        if isinstance(focused, Input) and focused.id == "client-id" and focused.value:
            self.focus_first_empty()  # the cursor moves on only if it had not been moved yet

    def on_screen_resume(self) -> None:
        self.busy = False
        if self.focus_next_time:
            self.query_one(self.focus_next_time).focus()
            self.focus_next_time = None
        else:
            self.focus_first_empty()
        if self.saved is not None:
            self.saved.reread_secret(bool(self.query_one("#secret", Input).value))

    def focus_first_empty(self) -> None:
        for selector in ("#client-id", "#secret"):
            field = self.query_one(selector, Input)
            if not field.value:
                field.focus()
                return
        self.query_one("#sign-in", Button).focus()

    # ----- reactions ----------------------------------------------------------------

    @property
    def chosen_region(self) -> str:
        return self.query_one("#region", RegionPicker).value

    @on(RegionPicker.Changed, "#region")
    def show_custom_urls(self) -> None:
        """Custom: the API URL and token URL rows (built the first time they are needed)."""
        region = self.chosen_region
        box = self.query_one("#custom-urls")
        rows = self._url_rows(region)
        if rows:
            box.mount_all(rows)
        box.display = self._shows_urls(region)
        for row in self.query("#api-url-row"):
            row.display = region == CUSTOM_REGION

    def url(self, name: str) -> str:
        """The API URL ("api-url") or token URL ("token-url"): its field's, once built."""
        for field in self.query(f"#{name}").results(Input):
            return field.value
        return self._urls[name]

    def set_url(self, name: str, value: str) -> None:
        self._urls[name] = value
        for field in self.query(f"#{name}").results(Input):
            field.value = value

    # ----- saved profiles (login_profiles.SavedProfiles does the work, and says what to do) ---

    @property
    def chosen_profile(self) -> str | None:
        return self.saved.chosen if self.saved is not None else None

    @on(Input.Changed, "#client-id")
    def _client_id_changed(self, event: Input.Changed) -> None:
        if self.saved is not None:
            self.saved.client_id_changed(event.value)

    def on_saved_profiles_resolved(self, message: SavedProfiles.Resolved) -> None:
        self.fill_from(message.defaults)

    def on_saved_profiles_chosen(self, message: SavedProfiles.Chosen) -> None:
        """Fill the form from the profile; its secret follows from the keyring."""
        profile = message.profile
        self.query_one("#client-id", Input).value = profile.client_id
        self.query_one("#secret", Input).value = ""  # never another profile's secret
        self.set_url("token-url", profile.token_url or "")  # a preset region may have its own too
        if profile.api_url:
            self.set_url("api-url", profile.endpoints.api_base)
            self.query_one("#region", RegionPicker).value = CUSTOM_REGION
        else:
            self.query_one("#region", RegionPicker).value = profile.endpoints.region
        self.show_custom_urls()
        self.ca_bundle = profile.ca_bundle or self.defaults.base_ca_bundle

    def on_saved_profiles_secret_read(self, message: SavedProfiles.SecretRead) -> None:
        secret = self.query_one("#secret", Input)
        if message.secret is None:
            self.say(Text(message.problem or ""), "warning")
            secret.focus()
            return
        secret.value = message.secret.reveal()
        if self.saying_reading:  # else the line says something else worth keeping
            self.say(Text(""), "info")
        if message.sign_in:
            self.action_submit()
        else:
            self.query_one("#sign-in", Button).focus()

    def on_saved_profiles_say(self, message: SavedProfiles.Say) -> None:
        self.say(Text(message.text), message.kind)
        self.saying_reading = message.reading

    def on_saved_profiles_keyring_checked(self) -> None:
        self.keyring_checked = True

    def on_saved_profiles_sign_in(self) -> None:
        if self.saved is not None and self.form_complete():
            self.saved.auto_login = False
            self.action_submit()

    def on_saved_profiles_forgotten(self) -> None:
        self.query_one("#secret", Input).value = ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return idle_check(self, action) if action == "forget_profile" else True

    def why_idle(self, action: str) -> str | None:
        """F8 with no saved profile chosen, or while signing in (ui/idle_keys.py)."""
        if action != "forget_profile":
            return None
        if self.chosen_profile is None:
            return "No saved profile is chosen, so there is none to forget."
        return "Signing in: wait for it to end to forget a profile." if self.busy else None

    def action_forget_profile(self) -> None:
        if self.saved is not None:
            self.saved.forget_chosen()

    def form_complete(self) -> bool:
        return bool(self.query_one("#client-id", Input).value.strip() and self.query_one("#secret", Input).value)

    # ----- form -------------------------------------------------------------------------

    @on(Button.Pressed, "#reveal")
    def action_toggle_secret(self) -> None:
        self.show_secret(self.query_one("#secret", Input).password)

    def show_secret(self, shown: bool) -> None:
        self.query_one("#secret", Input).password = not shown
        self.query_one("#reveal", Button).label = "Hide" if shown else "Show"

    def on_screen_suspend(self) -> None:
        """Signed in: a secret shown with ctrl+t is masked again before anyone logs out and
        comes back to this form."""
        self.show_secret(False)

    @on(Button.Pressed, "#sign-in")
    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    def watch_busy(self, busy: bool) -> None:
        self.query_one("#sign-in", Button).disabled = busy
        if busy or self._status is not None:
            _, indicator, _ = self._status_row()
            indicator.spin(busy)
        self.refresh_bindings()

    def watch_status(self, status: LoginStatus) -> None:
        row, _, line = self._status_row()
        line.update(status.text)
        line.set_classes(f"-{status.kind}")
        row.display = bool(status.text.plain)

    def _status_row(self) -> tuple[Horizontal, Spinner, Static]:
        """The line under the form: a loading indicator and the status. Built after the first
        paint, or on first use (the widgets are kept: their row mounts them a moment later)."""
        if self._status is None:
            indicator = Spinner(id="login-progress")
            indicator.display = self.busy
            status = Static(id="login-status", classes="-info")
            row = Horizontal(indicator, status, id="login-progress-row")
            row.display = False  # nothing to say yet
            self.query_one("#login-card").mount(row)
            self._status = (row, indicator, status)
        return self._status

    def say(self, text: Text, kind: str) -> None:
        """One line (or three) under the form: progress, a refusal, a network failure."""
        self.saying_reading = False
        self.status = LoginStatus(text, kind)

    def say_info(self, message: str) -> None:
        self.say(Text(message), "info")

    def show_failure(self, error: BaseException) -> None:
        """Show why signing in failed. Nothing typed is cleared; a refusal puts the cursor
        back in the secret, where the mistake most likely is."""
        self.busy = False
        self.say(lazy.error_text(error), "error")
        target = None
        if isinstance(error, CredentialsRefused):
            target = "#secret"
        elif isinstance(error, MaiaError) and self.chosen_region == CUSTOM_REGION:
            target = "#api-url"
        if target:
            self.query_one(target).focus()
            self.focus_next_time = target

    def _invalid(self, message: str, selector: str) -> None:
        self.say(Text(message, style="bold"), "error")
        self.query_one(selector).focus()

    # ----- signing in ---------------------------------------------------------------

    def action_submit(self) -> None:
        if self.busy:
            return
        self.show_custom_urls()  # a region chosen just now: its fields exist before they are read
        client_id = self.query_one("#client-id", Input).value.strip()
        if not client_id:
            return self._invalid("Enter the client ID of an API credential.", "#client-id")
        if not self.query_one("#secret", Input).value:
            return self._invalid("Enter the client secret (shown once, when the credential was created).", "#secret")
        try:
            endpoints = self._endpoints()
            endpoints.check_secure()
        except (ValueError, MaiaError) as error:
            return self._invalid(printable(str(error)), "#api-url")
        remember, problem = (None, None)
        if self.saved is not None:
            token_url = self.url("token-url").strip() or None
            remember, problem = self.saved.profile_to_remember(client_id, endpoints, token_url, self.ca_bundle)
        if problem:
            return self._invalid(problem, "#profile-name")
        where = DEMO_LABEL if self.chosen_region == DEMO_REGION else endpoints.token_host
        self.busy = True
        self.say(Text(f"Requesting a token from {where}…"), "busy")
        self._sign_in(endpoints, client_id, Secret(self.query_one("#secret", Input).value), remember)

    def _endpoints(self) -> Endpoints:
        region = self.chosen_region
        if region == DEMO_REGION or self.defaults.demo:  # both URLs the emulator's, always together
            return Endpoints.resolve(api_url=self.defaults.api_url, token_url=self.defaults.token_url)
        token_url = self.url("token-url").strip() or None  # for a preset region too
        if region != CUSTOM_REGION:
            return Endpoints.resolve(region=region, token_url=token_url)
        api_url = self.url("api-url").strip()
        if not api_url:
            raise ValueError("Enter the API URL (for example https://eu1.api.matillion.com/dpc).")
        return Endpoints.resolve(api_url=api_url, token_url=token_url)

    @work(exclusive=True, group="login", exit_on_error=False)
    async def _sign_in(
        self, endpoints: Endpoints, client_id: str, secret: Secret, remember: Profile | None = None
    ) -> MaiaClient:
        client = self.maia.new_client(endpoints, client_id, secret, self.ca_bundle)  # timeouts, clock, options
        try:
            await client.login()
        except BaseException:
            await client.aclose()
            raise
        if remember is not None and self.saved is not None:
            self.saved.remember(remember, secret)  # only now: the credential is known to work
        return client

    @on(Worker.StateChanged)
    def _signed_in(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "login" or event.state is not WorkerState.SUCCESS:
            return
        client = event.worker.result
        assert isinstance(client, lazy.MaiaClient)
        label = DEMO_LABEL if self.chosen_region == DEMO_REGION else client.endpoints.label
        self.say(Text(""), "info")
        self.focus_next_time = None
        if not self.defaults.demo:
            self.query_one("#secret", Input).value = ""  # do not keep it in memory all session
        self.maia.start_session(client, label)
        self.busy = False  # signed in: the indicator stops, on this screen kept under the sections

    def worker_failed(self, worker: Worker[object], error: BaseException) -> None:
        if worker.group == "login":
            self.show_failure(error)
        else:
            super().worker_failed(worker, error)
