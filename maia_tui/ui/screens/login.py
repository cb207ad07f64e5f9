"""The first screen: client id, client secret and region in, a first token out.

The secret is read from its Input only inline, straight into a `Secret`, so no plain string
of it sits in a local variable or attribute (Textual prints crash tracebacks with locals).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, LoadingIndicator, Select, Static
from textual.worker import Worker, WorkerState

from maia_tui.api.errors import CredentialsRefused, MaiaError
from maia_tui.api.regions import REGIONS, Endpoints
from maia_tui.api.secret import Secret
from maia_tui.api.text import printable
from maia_tui.ui.format import error_text
from maia_tui.ui.defaults import CUSTOM_REGION, DEMO_REGION, LoginDefaults
from maia_tui.ui.messages import ProfileChosen
from maia_tui.ui.worker_errors import WorkerErrors

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient
    from maia_tui.ui.app import MaiaApp

REGION_LABELS = {"eu1": "eu1 · Europe", "us1": "us1 · United States", CUSTOM_REGION: "custom URLs"}
DEMO_LABEL = "demo emulator"


def _load_the_rest() -> None:
    import maia_tui.api.client  # noqa: F401  (httpx and friends)
    import maia_tui.ui.screens.project_detail  # noqa: F401
    import maia_tui.ui.screens.projects  # noqa: F401


class LoginScreen(WorkerErrors, Screen):
    AUTO_FOCUS = None  # focus is chosen in on_mount: the first empty field
    BINDINGS = [
        Binding("enter", "submit", "Sign in", tooltip="Sign in (from any field)", id="login.submit"),
        Binding("ctrl+t", "toggle_secret", "Show/hide secret", tooltip="Show or hide the client secret",
                id="login.toggle_secret"),
    ]

    def __init__(self, defaults: LoginDefaults) -> None:
        super().__init__()
        self.defaults = defaults
        self.busy = False
        self.focus_next_time: str | None = None  # where the cursor goes when this screen is back

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
                    "DEMO · a built-in emulator with its demo credentials filled in: press enter.",
                    id="login-demo",
                )
            if d.profiles:
                options = [(name, name) for name in d.profiles]
                yield self._row("Profile", Select(options, value=d.profile or Select.NULL, id="profile"))
            yield self._row("Client ID", Input(d.client_id, placeholder="client id", id="client-id"))
            with Horizontal(classes="form-row"):
                yield Label("Client secret", classes="form-label")
                yield Input(
                    d.secret.reveal() if d.secret else "", placeholder="client secret", password=True, id="secret"
                )
                yield Button("Show", id="reveal", compact=True)
            yield self._row("Region", Select(self._region_options(), value=self._initial_region(), allow_blank=False, id="region"))
            with Vertical(id="custom-urls"):
                yield self._row("API URL", Input(d.api_url, placeholder="https://host/dpc", id="api-url"))
                yield self._row("Token URL", Input(d.token_url, placeholder="default: the vendor's token URL", id="token-url"))
            with Horizontal(id="login-actions"):
                yield Button("Sign in", variant="primary", id="sign-in")
            with Horizontal(id="login-progress-row"):
                yield LoadingIndicator(id="login-progress")
                yield Static(id="login-status")
        yield Footer()

    @staticmethod
    def _row(label: str, field: Input | Select) -> Horizontal:
        return Horizontal(Label(label, classes="form-label"), field, classes="form-row")

    def _region_options(self) -> list[tuple[str, str]]:
        options = [(REGION_LABELS[name], name) for name in (*REGIONS, CUSTOM_REGION)]
        if self.defaults.demo:
            options.insert(0, (DEMO_LABEL, DEMO_REGION))
        return options

    def _initial_region(self) -> str:
        region = self.defaults.region
        if self.defaults.demo:
            return DEMO_REGION
        if region in REGIONS or region == CUSTOM_REGION:
            return region
        return CUSTOM_REGION if self.defaults.api_url else "eu1"

    def on_mount(self) -> None:
        self._show_custom_urls()
        self.set_busy(False)
        self.say(Text(""), "info")
        self.focus_first_empty()
        self.call_after_refresh(self.warm_up)

    def warm_up(self) -> None:
        """The form is on screen; while the person types, load what signing in will need
        (the HTTP stack, the browsing screens) so neither start-up nor Enter waits for it."""
        self.run_worker(_load_the_rest, thread=True, group="warm-up", exit_on_error=False)

    def on_screen_resume(self) -> None:
        self.set_busy(False)
        if self.focus_next_time:
            self.query_one(self.focus_next_time).focus()
            self.focus_next_time = None
        else:
            self.focus_first_empty()

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
        value = self.query_one("#region", Select).value
        return value if isinstance(value, str) else "eu1"

    @on(Select.Changed, "#region")
    def _show_custom_urls(self) -> None:
        self.query_one("#custom-urls").display = self.chosen_region == CUSTOM_REGION

    @on(Select.Changed, "#profile")
    def _profile_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.post_message(ProfileChosen(event.value))

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
        self.query_one("#login-progress").display = busy
        if message:
            self.say(Text(message), "busy")

    def say(self, text: Text, kind: str) -> None:
        """One line (or three) under the form: progress, a refusal, a network failure."""
        status = self.query_one("#login-status", Static)
        status.update(text)
        status.set_classes(f"-{kind}")
        self.query_one("#login-progress-row").display = bool(text.plain)

    def say_info(self, message: str) -> None:
        self.say(Text(message), "info")

    def show_failure(self, error: BaseException) -> None:
        """Show why signing in failed. Nothing typed is cleared; a refusal puts the cursor
        back in the secret, where the mistake most likely is."""
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
        if self.busy:
            return
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
        where = DEMO_LABEL if self.chosen_region == DEMO_REGION else endpoints.token_host
        self.set_busy(True, f"Requesting a token from {where}…")
        self._sign_in(endpoints, client_id, Secret(self.query_one("#secret", Input).value))

    def _endpoints(self) -> Endpoints:
        region = self.chosen_region
        if region == DEMO_REGION:
            return Endpoints.resolve(api_url=self.defaults.api_url, token_url=self.defaults.token_url)
        if region != CUSTOM_REGION:
            return Endpoints.resolve(region=region)
        api_url = self.query_one("#api-url", Input).value.strip()
        if not api_url:
            raise ValueError("Enter the API URL (for example https://eu1.api.matillion.com/dpc).")
        return Endpoints.resolve(api_url=api_url, token_url=self.query_one("#token-url", Input).value.strip() or None)

    @work(exclusive=True, group="login", exit_on_error=False)
    async def _sign_in(self, endpoints: Endpoints, client_id: str, secret: Secret) -> MaiaClient:
        from maia_tui.api.client import MaiaClient  # usually already loaded by warm_up()

        client = MaiaClient(endpoints, client_id, secret, clock=self.maia.clock, ca_bundle=self.defaults.ca_bundle)
        try:
            await client.login()
        except BaseException:
            await client.aclose()
            raise
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
        else:
            super().worker_failed(worker, error)
