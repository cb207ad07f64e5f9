"""The first screen: client id, client secret and region in, a first token out.

The secret is read from its Input only inline, straight into a `Secret`, so no plain string
of it sits in a local variable or attribute (Textual prints crash tracebacks with locals).

Saved profiles: a list above the form fills it (the secret is read from the keyring on a
thread); "Remember" saves the profile and its secret only once a login has succeeded, and is
disabled, with its reason, when no keyring can be used; F8 forgets the chosen profile after
asking. Every keyring call and every write to the config file runs on a worker thread.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.css.query import NoMatches
from textual.widgets import Button, Checkbox, Input, LoadingIndicator, Select, Static
from textual.worker import Worker, WorkerState

from maia_tui.api.errors import CredentialsRefused, MaiaError
from maia_tui.api.regions import REGIONS, Endpoints
from maia_tui.api.secret import Secret
from maia_tui.api.text import printable
from maia_tui.ui.defaults import CUSTOM_REGION, DEMO_REGION, LoginDefaults
from maia_tui.ui.widgets.key_bar import KeyBar
from maia_tui.ui.widgets.region_picker import RegionPicker
from maia_tui.ui.worker_errors import WorkerErrors

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient
    from maia_tui.credentials.config import Profile
    from maia_tui.ui.app import MaiaApp
    from maia_tui.ui.profiles import ProfileBook, SecretLookup

# Imported where first used, after the first paint: the saved profiles' glue (maia_tui.ui.profiles,
# the credentials errors), the remember checkbox, the failure formatting.

REGION_LABELS = {"eu1": "eu1 · Europe", "us1": "us1 · US", CUSTOM_REGION: "custom URLs"}
DEMO_LABEL = "demo emulator"
PICKER_DEMO_LABEL = "demo"  # the DEMO line above says the rest; four choices must fit one line
CHECKING_KEYRING = "checking the keyring"
NO_PROFILES = "no config file in use"


def _load_the_rest() -> None:
    import maia_tui.api.client  # httpx and friends
    import maia_tui.ui.format  # noqa: F401
    import maia_tui.ui.keys  # noqa: F401
    import maia_tui.ui.messages  # noqa: F401
    import maia_tui.ui.screens.help  # noqa: F401
    import maia_tui.ui.screens.project_detail  # noqa: F401
    import maia_tui.ui.screens.projects  # noqa: F401
    import maia_tui.ui.session  # noqa: F401

    maia_tui.api.client.default_ssl_context()  # loading the CA store costs ~20 ms: not on Enter


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
    """Show/Hide beside the secret: for the mouse; the keyboard has ctrl+t (no extra tab stop)."""


class LoginScreen(WorkerErrors, Screen):
    AUTO_FOCUS = None  # focus is chosen in on_mount: the first empty field
    BINDINGS = [
        Binding("enter", "submit", "Sign in", tooltip="Sign in (from any field)", id="login.submit"),
        Binding("ctrl+t", "toggle_secret", "Show/hide secret", tooltip="Show or hide the client secret",
                id="login.toggle_secret"),
        Binding("f8", "forget_profile", "Forget profile",
                tooltip="Forget the chosen profile: delete it and its stored secret (asks first)",
                id="login.forget_profile"),
    ]

    def __init__(self, defaults: LoginDefaults) -> None:
        super().__init__()
        self.defaults = defaults
        self.busy = False
        self.focus_next_time: str | None = None  # where the cursor goes when this screen is back
        self.ca_bundle = defaults.ca_bundle  # no field of its own: it comes with a profile
        self.keyring_checked = False  # True once we know whether "remember" can be offered
        self._saying_reading = False  # the status line says a secret is being read
        self._auto_login = defaults.auto_login  # --profile: sign in as soon as the secret is in
        # The URL fields' values until those fields are built (see _url_rows).
        self._urls = {"api-url": defaults.api_url, "token-url": defaults.token_url}

    @property
    def maia(self) -> MaiaApp:
        return self.app  # type: ignore[return-value]

    # ----- layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        d = self.defaults
        with Vertical(id="login-card") as card:
            card.border_title = "maia-tui"
            card.border_subtitle = "Matillion Data Productivity Cloud"
            yield Static("Sign in with an API credential (client ID and secret)", id="login-title")
            if d.demo:
                yield Static(
                    "DEMO · built-in emulator, demo credentials filled in: press enter.",
                    id="login-demo",
                )
            yield self._row("Client ID", Input(d.client_id, placeholder="client id", id="client-id"))
            with Horizontal(classes="form-row"):
                yield Static("Client secret", classes="form-label")
                yield Input(
                    d.secret.reveal() if d.secret else "", placeholder="client secret", password=True, id="secret"
                )
                yield RevealButton("Show", id="reveal", compact=True)
            region = self._initial_region()
            yield self._row("Region", RegionPicker(self._region_options(), region, id="region"))
            # The URL rows are built only when shown (a custom region, or a token URL given).
            with Vertical(id="custom-urls"):
                yield from self._url_rows(region)
            with Horizontal(id="login-actions"):
                yield FormButton("Sign in", variant="primary", id="sign-in")
            # The loading indicator joins the status line after the first paint (or on submit).
            with Horizontal(id="login-progress-row"):
                yield Static(id="login-status", classes="-info")
        yield KeyBar()

    @staticmethod
    def _row(label: str, field: Widget, row_id: str | None = None) -> Horizontal:
        return Horizontal(Static(label, classes="form-label"), field, classes="form-row", id=row_id)

    def _url_rows(self, region: str) -> list[Horizontal]:
        """The API URL and token URL rows, if the region shows them and they are not built yet."""
        if self.query("#token-url") or not self._shows_urls(region):
            return []
        return [
            self._row("API URL", Input(self._urls["api-url"], placeholder="https://host/dpc", id="api-url"),
                      "api-url-row"),
            self._row("Token URL", Input(self._urls["token-url"], placeholder="default: the vendor's token URL",
                                         id="token-url")),
        ]

    def _shows_urls(self, region: str) -> bool:
        """Custom URLs show both fields; a preset region shows its token URL only if one is set
        (from the command line, the environment or a profile), so nothing in effect is hidden."""
        if region == DEMO_REGION:
            return False  # the emulator's URLs come with demo mode
        return region == CUSTOM_REGION or bool(self._url("token-url").strip())

    def _profile_row(self) -> Horizontal:
        return self._row("Profile", Select([], prompt="choose a saved profile", id="profile"), "profile-row")

    def _remember_row(self) -> Horizontal:
        from maia_tui.ui.widgets.remember_box import RememberBox

        return Horizontal(
            Static("Remember", classes="form-label"),
            RememberBox("as profile", id="remember", disabled=True, tooltip=(
                "After a successful sign-in, save these settings as a profile and the secret in the keyring"
            )),
            Static(id="remember-reason", markup=False),
            classes="form-row",
            id="remember-row",
        )

    def _profile_name_field(self) -> Input:
        """Mounted once the keyring is known to be usable: a form without it paints sooner."""
        return Input(
            placeholder=self._suggested_name(), id="profile-name", restrict=r"[A-Za-z0-9._-]*", max_length=64
        )

    def _region_options(self) -> list[tuple[str, str]]:
        options = [(REGION_LABELS[name], name) for name in (*REGIONS, CUSTOM_REGION)]
        if self.defaults.demo:
            options.insert(0, (PICKER_DEMO_LABEL, DEMO_REGION))
        return options

    def _initial_region(self, defaults: LoginDefaults | None = None) -> str:
        defaults = defaults or self.defaults
        if defaults.demo:
            return DEMO_REGION
        if defaults.region in REGIONS or defaults.region == CUSTOM_REGION:
            return defaults.region
        return CUSTOM_REGION if defaults.api_url else "eu1"

    def on_mount(self) -> None:
        self._show_custom_urls()
        self.set_busy(False)
        self.query_one("#login-progress-row").display = False  # nothing to say yet
        self.focus_first_empty()
        self.call_after_refresh(self.warm_up)
        self.call_after_refresh(self._after_first_paint)

    def warm_up(self) -> None:
        """The form is on screen; while the person types, load what signing in will need
        (the HTTP stack, the browsing screens) so neither start-up nor Enter waits for it."""
        self.run_worker(_load_the_rest, thread=True, group="warm-up", exit_on_error=False)

    async def _after_first_paint(self) -> None:
        """Remember, the profiles and the keyring come once the form is on screen: the config
        file needs a parser, the keyring may be slow (or prompt), and even one more row in the
        first frame costs start-up a frame."""
        from maia_tui.ui.profiles import DEMO_REASON

        self._mount_progress()
        await self.query_one("#login-card").mount(self._remember_row(), before="#login-actions")
        if self.defaults.demo:
            self._offer_remember(False, DEMO_REASON)
        elif self.maia.profile_source is None:
            self._offer_remember(False, NO_PROFILES)
        else:
            self._offer_remember(False, CHECKING_KEYRING)
            self._read_profiles()
            return
        self.keyring_checked = True  # nothing to ask

    @work(thread=True, exclusive=True, group="profiles", exit_on_error=False)
    def _read_profiles(self) -> tuple[ProfileBook, LoginDefaults]:
        source = self.maia.profile_source
        assert source is not None
        book, resolved = source.load()
        book.keyring_timeout = source.keyring_timeout
        return book, resolved

    async def _profiles_read(self, book: ProfileBook, resolved: LoginDefaults) -> None:
        """Apply what the saved profile adds to the form (a field already edited stays as it is),
        then read its secret from the keyring and ask whether remember can be offered."""
        self.maia.profiles = book
        self._fill_from(resolved)
        await self._list_profiles(resolved.profile)
        if resolved.notice:
            self.say(Text(resolved.notice), "error")
        self._auto_login = resolved.auto_login
        if resolved.secret_in_keyring and self.chosen_profile:
            self._start_reading_secret(self.chosen_profile)
        self._probe_keyring()
        if self._auto_login and self._form_complete():
            self._auto_login = False
            self.action_submit()

    def _fill_from(self, resolved: LoginDefaults) -> None:
        before, self.defaults = self.defaults, resolved
        focused = self.focused
        field = self.query_one("#client-id", Input)
        if field.value == before.client_id:
            field.value = resolved.client_id
        for name, old, new in (
            ("api-url", before.api_url, resolved.api_url),
            ("token-url", before.token_url, resolved.token_url),
        ):
            if self._url(name) == old:
                self._set_url(name, new)
        region = self.query_one("#region", RegionPicker)
        if region.value == self._initial_region(before):
            region.value = self._initial_region(resolved)
        self._show_custom_urls()
        self.ca_bundle = resolved.ca_bundle
        if isinstance(focused, Input) and focused.id == "client-id" and focused.value:
            self.focus_first_empty()  # the cursor moves on only if it had not been moved yet

    def on_screen_resume(self) -> None:
        self.set_busy(False)
        if self.focus_next_time:
            self.query_one(self.focus_next_time).focus()
            self.focus_next_time = None
        else:
            self.focus_first_empty()
        self._reread_secret()

    def _reread_secret(self) -> None:
        """Back from a session (whose secret the form dropped): the chosen profile's secret is
        read again, quietly, so enter signs in again."""
        name = self.chosen_profile
        profile = self.book.get(name) if self.book is not None and name else None
        if profile is not None and profile.secret_stored and not self.query_one("#secret", Input).value:
            self._read_secret(profile.name)

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
    def _show_custom_urls(self) -> None:
        """Custom: the API URL and token URL rows (built the first time they are needed)."""
        region = self.chosen_region
        box = self.query_one("#custom-urls")
        rows = self._url_rows(region)
        if rows:
            box.mount_all(rows)
        shown = self._shows_urls(region)
        box.display = shown
        for row in self.query("#api-url-row"):
            row.display = region == CUSTOM_REGION

    def _url(self, name: str) -> str:
        """The API URL ("api-url") or token URL ("token-url"): its field's, once built."""
        for field in self.query(f"#{name}").results(Input):
            return field.value
        return self._urls[name]

    def _set_url(self, name: str, value: str) -> None:
        self._urls[name] = value
        for field in self.query(f"#{name}").results(Input):
            field.value = value

    # ----- saved profiles ------------------------------------------------------------

    @property
    def book(self) -> ProfileBook | None:
        """The saved profiles, once read (never in demo mode)."""
        return None if self.defaults.demo else self.maia.profiles

    @property
    def chosen_profile(self) -> str | None:
        try:
            value = self.query_one("#profile", Select).value
        except NoMatches:
            return None
        return value if isinstance(value, str) else None

    async def _list_profiles(self, chosen: str | None = None) -> None:
        """(Re)fill the profile list from the book, choosing `chosen` without re-filling the form
        (what launch resolved, with the command line and environment on top, stays)."""
        names = self.book.names if self.book is not None else []
        rows = self.query("#profile-row")
        if names and not rows:
            await self.query_one("#login-card").mount(
                self._profile_row(), before=self.query_one("#client-id").parent
            )
        if names or rows:
            picker = self.query_one("#profile", Select)
            with self.prevent(Select.Changed):
                picker.set_options([(name, name) for name in names])
                if chosen in names:
                    picker.value = chosen
            self.query_one("#profile-row").display = bool(names)
        self._suggest_profile_name()
        self.refresh_bindings()

    @on(Select.Changed, "#profile")
    def _profile_chosen(self, event: Select.Changed) -> None:
        self.refresh_bindings()
        self._suggest_profile_name()
        profile = self.book.get(event.value) if self.book is not None and isinstance(event.value, str) else None
        if profile is not None:
            self.use_profile(profile)

    def use_profile(self, profile: Profile) -> None:
        """Fill the form from a profile; its secret follows from the keyring, off the UI thread."""
        endpoints = profile.endpoints
        self.query_one("#client-id", Input).value = profile.client_id
        self.query_one("#secret", Input).value = ""  # never another profile's secret
        self._set_url("token-url", profile.token_url or "")  # a preset region may have its own too
        if profile.api_url:
            self._set_url("api-url", endpoints.api_base)
            self.query_one("#region", RegionPicker).value = CUSTOM_REGION
        else:
            self.query_one("#region", RegionPicker).value = endpoints.region
        self._show_custom_urls()
        self.ca_bundle = profile.ca_bundle or self.defaults.base_ca_bundle
        self._start_reading_secret(profile.name)

    def _start_reading_secret(self, name: str) -> None:
        self.say(Text(f"Reading the secret of profile {name!r} from the keyring…"), "busy")
        self._saying_reading = True
        self._read_secret(name)

    @work(thread=True, exclusive=True, group="secret", exit_on_error=False)
    def _read_secret(self, name: str) -> SecretLookup:
        assert self.book is not None
        return self.book.load_secret(name)

    def _secret_read(self, lookup: SecretLookup) -> None:
        if lookup.profile != self.chosen_profile:
            return  # another profile was chosen meanwhile
        secret = self.query_one("#secret", Input)
        if lookup.secret is None:
            self._auto_login = False
            self.say(Text(lookup.problem or "No secret"), "warning")
            secret.focus()
            return
        secret.value = lookup.secret.reveal()
        if self._saying_reading:  # else the line says something else worth keeping
            self.say(Text(""), "info")
        if self._auto_login:
            self._auto_login = False
            self.action_submit()
        else:
            self.query_one("#sign-in", Button).focus()

    @work(thread=True, exclusive=True, group="keyring-probe", exit_on_error=False)
    def _probe_keyring(self) -> tuple[bool, str]:
        assert self.book is not None
        return self.book.availability()

    def _offer_remember(self, usable: bool, reason: str = "") -> None:
        """Remember is offered only with a keyring that can keep the secret; otherwise say why."""
        from maia_tui.ui.profiles import short_reason

        box = self.query_one("#remember", Checkbox)
        box.disabled = not usable
        if not usable:
            box.value = False
        if usable and not self.query("#profile-name"):
            self.query_one("#remember-row").mount(self._profile_name_field(), before="#remember-reason")
        for field in self.query("#profile-name"):
            field.display = usable
        note = self.query_one("#remember-reason", Static)
        note.display = not usable
        note.update(short_reason(reason))
        note.tooltip = reason if short_reason(reason) != reason else None

    def _suggested_name(self) -> str:
        """The default name: the chosen profile's, else one made from the client id."""
        from maia_tui.ui.profiles import default_profile_name

        client_id = self.query_one("#client-id", Input).value
        return self.chosen_profile or (default_profile_name(client_id) if client_id.strip() else "profile name")

    @on(Input.Changed, "#client-id")
    def _suggest_profile_name(self) -> None:
        for field in self.query("#profile-name").results(Input):
            field.placeholder = self._suggested_name()

    def _profile_to_remember(self, client_id: str, endpoints: Endpoints) -> Profile | None:
        """What to save once signed in, or None; raises ConfigError for an unusable name."""
        from maia_tui.credentials.config import Profile, check_profile_name

        box = next(iter(self.query("#remember").results(Checkbox)), None)
        if box is None or box.disabled or not box.value or self.book is None:
            return None
        field = self.query_one("#profile-name", Input)
        name = check_profile_name(field.value.strip() or field.placeholder)
        token_url = self._url("token-url").strip() or None
        if endpoints.region in REGIONS:
            return Profile(name=name, client_id=client_id, region=endpoints.region, token_url=token_url,
                           ca_bundle=self.ca_bundle)
        return Profile(
            name=name, client_id=client_id, api_url=endpoints.api_base, token_url=token_url, ca_bundle=self.ca_bundle
        )

    @work(thread=True, group="remember", exit_on_error=False)
    def _remember(self, profile: Profile, secret: Secret) -> Profile:
        assert self.book is not None
        return self.book.remember(profile, secret)

    async def _remembered(self, profile: Profile) -> None:
        await self._list_profiles(profile.name)
        self.notify(
            f"Remembered profile {profile.name!r} ({profile.endpoints.label}, client {profile.client_id}); "
            "its secret is in the keyring.",
            title="Profile saved",
            markup=False,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "forget_profile":
            return self.chosen_profile is not None and not self.busy
        return True

    def action_forget_profile(self) -> None:
        name = self.chosen_profile
        profile = self.book.get(name) if self.book is not None and name else None
        if profile is None or self.book is None:
            return
        from maia_tui.ui.screens.confirm import ConfirmScreen  # rarely needed: not at start-up

        where = f"This deletes it from {self.book.path}"
        detail = f"{where} and its secret from the keyring." if profile.secret_stored else f"{where}."
        self.app.push_screen(
            ConfirmScreen(f"Forget profile {name!r}?", detail, yes="Forget"), partial(self._forget_answered, name)
        )

    def _forget_answered(self, name: str, yes: bool | None) -> None:
        if yes:
            self._forget(name)

    @work(thread=True, group="forget", exit_on_error=False)
    def _forget(self, name: str) -> tuple[str, bool]:
        assert self.book is not None
        return name, self.book.forget(name)

    async def _forgotten(self, name: str, secret_deleted: bool) -> None:
        if self.chosen_profile == name:
            self.query_one("#secret", Input).value = ""
        await self._list_profiles()
        where = "the config file and its secret from the keyring" if secret_deleted else "the config file"
        self.notify(f"Forgot profile {name!r}: deleted from {where}.", title="Profile forgotten", markup=False)

    @on(Worker.StateChanged)
    async def _profile_work_done(self, event: Worker.StateChanged) -> None:
        if event.state is not WorkerState.SUCCESS:
            return
        group, result = event.worker.group, event.worker.result
        if group == "profiles":
            await self._profiles_read(*result)  # type: ignore[misc]
        elif group == "secret":
            self._secret_read(result)  # type: ignore[arg-type]
        elif group == "keyring-probe":
            self.keyring_checked = True
            self._offer_remember(*result)  # type: ignore[misc]
        elif group == "remember":
            await self._remembered(result)  # type: ignore[arg-type]
        elif group == "forget":
            await self._forgotten(*result)  # type: ignore[misc]

    def _form_complete(self) -> bool:
        return bool(self.query_one("#client-id", Input).value.strip() and self.query_one("#secret", Input).value)

    # ----- form -------------------------------------------------------------------------

    @on(Button.Pressed, "#reveal")
    def action_toggle_secret(self) -> None:
        secret = self.query_one("#secret", Input)
        secret.password = not secret.password
        self.query_one("#reveal", Button).label = "Show" if secret.password else "Hide"

    @on(Button.Pressed, "#sign-in")
    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_submit()

    def set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        self.query_one("#sign-in", Button).disabled = busy
        if busy:
            self._mount_progress()
        for indicator in self.query("#login-progress"):
            indicator.display = busy
        self.refresh_bindings()
        if message:
            self.say(Text(message), "busy")

    def _mount_progress(self) -> None:
        if not self.query("#login-progress"):
            indicator = LoadingIndicator(id="login-progress")
            indicator.display = self.busy
            self.query_one("#login-progress-row").mount(indicator, before="#login-status")

    def say(self, text: Text, kind: str) -> None:
        """One line (or three) under the form: progress, a refusal, a network failure."""
        self._saying_reading = False
        status = self.query_one("#login-status", Static)
        status.update(text)
        status.set_classes(f"-{kind}")
        self.query_one("#login-progress-row").display = bool(text.plain)

    def say_info(self, message: str) -> None:
        self.say(Text(message), "info")

    def show_failure(self, error: BaseException) -> None:
        """Show why signing in failed. Nothing typed is cleared; a refusal puts the cursor
        back in the secret, where the mistake most likely is."""
        from maia_tui.ui.format import error_text

        self.set_busy(False)
        self.say(error_text(error), "error")
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
        from maia_tui.credentials.errors import ConfigError

        if self.busy:
            return
        self._show_custom_urls()  # a region chosen just now: its fields exist before they are read
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
        try:
            remember = self._profile_to_remember(client_id, endpoints)
        except ConfigError as error:
            return self._invalid(printable(error.message), "#profile-name")
        where = DEMO_LABEL if self.chosen_region == DEMO_REGION else endpoints.token_host
        self.set_busy(True, f"Requesting a token from {where}…")
        self._sign_in(endpoints, client_id, Secret(self.query_one("#secret", Input).value), remember)

    def _endpoints(self) -> Endpoints:
        region = self.chosen_region
        if region == DEMO_REGION:
            return Endpoints.resolve(api_url=self.defaults.api_url, token_url=self.defaults.token_url)
        token_url = self._url("token-url").strip() or None  # for a preset region too
        if region != CUSTOM_REGION:
            return Endpoints.resolve(region=region, token_url=token_url)
        api_url = self._url("api-url").strip()
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
        if remember is not None:
            self._remember(remember, secret)  # only now: the credential is known to work
        return client

    @on(Worker.StateChanged)
    def _signed_in(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "login" or event.state is not WorkerState.SUCCESS:
            return
        client: MaiaClient = event.worker.result  # type: ignore[assignment]
        label = DEMO_LABEL if self.chosen_region == DEMO_REGION else client.endpoints.label
        self.say(Text(""), "info")
        self.focus_next_time = None
        if not self.defaults.demo:
            self.query_one("#secret", Input).value = ""  # do not keep it in memory all session
        self.maia.start_session(client, label)

    def worker_failed(self, worker: Worker, error: BaseException) -> None:
        if worker.group == "login":
            self.show_failure(error)
        elif worker.group == "profiles":
            self.keyring_checked = True
            self._offer_remember(False, "The saved profiles could not be read")
            self.maia.show_error(error, title="Saved profiles not read")
        elif worker.group == "remember":
            self.maia.show_error(error, title="Profile not remembered")
        elif worker.group == "forget":
            self.maia.show_error(error, title="Profile not forgotten")
        else:
            super().worker_failed(worker, error)
