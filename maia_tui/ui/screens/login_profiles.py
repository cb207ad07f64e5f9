"""The login screen's saved profiles: the list above the form, "Remember", and F8 forget.

Built by the login screen once its form has painted (this module is not imported before
that): a list above the form fills it, the secret coming from the keyring on a thread;
"Remember" saves the profile and its secret only once a login has succeeded, and is disabled,
with its reason, when no keyring can be used; F8 forgets the chosen profile after asking.
Every keyring call and every write to the config file runs on a worker thread of the screen,
whose Worker.StateChanged handler hands the results back here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, Select, Static

from maia_tui.api.regions import REGIONS, Endpoints
from maia_tui.api.secret import Secret
from maia_tui.api.text import printable
from maia_tui.credentials.errors import ConfigError
from maia_tui.ui.defaults import CUSTOM_REGION, LoginDefaults
from maia_tui.ui.profiles import (
    DEMO_REASON,
    ProfileBook,
    SecretLookup,
    default_profile_name,
    short_reason,
)
from maia_tui.ui.widgets.region_picker import RegionPicker
from maia_tui.ui.widgets.remember_box import RememberBox

if TYPE_CHECKING:
    from textual.worker import Worker

    from maia_tui.credentials.config import Profile
    from maia_tui.ui.app import MaiaApp
    from maia_tui.ui.screens.login import LoginScreen

CHECKING_KEYRING = "checking the keyring"
NO_PROFILES = "no config file in use"


class SavedProfiles:
    def __init__(self, screen: LoginScreen) -> None:
        self.screen = screen
        self.auto_login = screen.defaults.auto_login  # --profile: sign in as soon as the secret is in

    @property
    def maia(self) -> MaiaApp:
        return self.screen.maia

    @property
    def book(self) -> ProfileBook | None:
        """The saved profiles, once read (never in demo mode)."""
        return None if self.screen.defaults.demo else self.maia.profiles

    def _run(self, work: Callable[[], Any], group: str, exclusive: bool = True) -> None:
        self.screen.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    # ----- rows ---------------------------------------------------------------------

    def _profile_row(self) -> Horizontal:
        return self.screen._row("Profile", Select([], prompt="choose a saved profile", id="profile"), "profile-row")

    @staticmethod
    def _remember_row() -> Horizontal:
        return Horizontal(
            Static("Remember", classes="form-label"),
            RememberBox(
                "as profile",
                id="remember",
                disabled=True,
                tooltip=("After a successful sign-in, save these settings as a profile and the secret in the keyring"),
            ),
            Static(id="remember-reason", markup=False),
            classes="form-row",
            id="remember-row",
        )

    def _profile_name_field(self) -> Input:
        """Mounted once the keyring is known to be usable: a form without it paints sooner."""
        return Input(placeholder=self._suggested_name(), id="profile-name", restrict=r"[A-Za-z0-9._-]*", max_length=64)

    # ----- start ----------------------------------------------------------------------

    async def start(self) -> None:
        """The Remember row, then the config file (and the keyring) on threads."""
        screen = self.screen
        await screen.query_one("#login-card").mount(self._remember_row(), before="#login-actions")
        if screen.defaults.demo:
            self.offer_remember(False, DEMO_REASON)
        elif self.maia.profile_source is None:
            self.offer_remember(False, NO_PROFILES)
        else:
            self.offer_remember(False, CHECKING_KEYRING)
            self._run(self._read_profiles, "profiles")
            return
        screen.keyring_checked = True  # nothing to ask

    def _read_profiles(self) -> tuple[ProfileBook, LoginDefaults]:
        source = self.maia.profile_source
        assert source is not None
        book, resolved = source.load()
        book.keyring_timeout = source.keyring_timeout
        return book, resolved

    async def _profiles_read(self, book: ProfileBook, resolved: LoginDefaults) -> None:
        """Apply what the saved profile adds to the form (a field already edited stays as it is),
        then read its secret from the keyring and ask whether remember can be offered."""
        screen = self.screen
        self.maia.profiles = book
        screen.fill_from(resolved)
        await self.list_profiles(resolved.profile)
        if resolved.notice:
            screen.say(Text(resolved.notice), "error")
        self.auto_login = resolved.auto_login
        if resolved.secret_in_keyring and screen.chosen_profile:
            self._start_reading_secret(screen.chosen_profile)
        self._run(self._probe_keyring, "keyring-probe")
        if self.auto_login and screen.form_complete():
            self.auto_login = False
            screen.action_submit()

    # ----- the list -----------------------------------------------------------------

    async def list_profiles(self, chosen: str | None = None) -> None:
        """(Re)fill the profile list from the book, choosing `chosen` without re-filling the form
        (what launch resolved, with the command line and environment on top, stays)."""
        screen = self.screen
        names = self.book.names if self.book is not None else []
        rows = screen.query("#profile-row")
        if names and not rows:
            await screen.query_one("#login-card").mount(
                self._profile_row(), before=screen.query_one("#client-id").parent
            )
        if names or rows:
            picker = screen.query_one("#profile", Select)
            with screen.prevent(Select.Changed):
                picker.set_options([(name, name) for name in names])
                if chosen in names:
                    picker.value = chosen
            screen.query_one("#profile-row").display = bool(names)
        self.suggest_profile_name()
        screen.refresh_bindings()

    def chosen(self, value: object) -> None:
        """A profile was picked in the list."""
        self.screen.refresh_bindings()
        self.suggest_profile_name()
        profile = self.book.get(value) if self.book is not None and isinstance(value, str) else None
        if profile is not None:
            self.use_profile(profile)

    def use_profile(self, profile: Profile) -> None:
        """Fill the form from a profile; its secret follows from the keyring, off the UI thread."""
        screen = self.screen
        endpoints = profile.endpoints
        screen.query_one("#client-id", Input).value = profile.client_id
        screen.query_one("#secret", Input).value = ""  # never another profile's secret
        screen.set_url("token-url", profile.token_url or "")  # a preset region may have its own too
        if profile.api_url:
            screen.set_url("api-url", endpoints.api_base)
            screen.query_one("#region", RegionPicker).value = CUSTOM_REGION
        else:
            screen.query_one("#region", RegionPicker).value = endpoints.region
        screen.show_custom_urls()
        screen.ca_bundle = profile.ca_bundle or screen.defaults.base_ca_bundle
        self._start_reading_secret(profile.name)

    # ----- the secret ---------------------------------------------------------------

    def _start_reading_secret(self, name: str) -> None:
        self.screen.say(Text(f"Reading the secret of profile {name!r} from the keyring…"), "busy")
        self.screen.saying_reading = True
        self.read_secret(name)

    def read_secret(self, name: str) -> None:
        book = self.book
        assert book is not None
        self._run(partial(book.load_secret, name), "secret")

    def reread_secret(self) -> None:
        """Back from a session (whose secret the form dropped): the chosen profile's secret is
        read again, quietly, so enter signs in again."""
        name = self.screen.chosen_profile
        profile = self.book.get(name) if self.book is not None and name else None
        if profile is not None and profile.secret_stored and not self.screen.query_one("#secret", Input).value:
            self.read_secret(profile.name)

    def _secret_read(self, lookup: SecretLookup) -> None:
        screen = self.screen
        if lookup.profile != screen.chosen_profile:
            return  # another profile was chosen meanwhile
        secret = screen.query_one("#secret", Input)
        if lookup.secret is None:
            self.auto_login = False
            screen.say(Text(lookup.problem or "No secret"), "warning")
            secret.focus()
            return
        secret.value = lookup.secret.reveal()
        if screen.saying_reading:  # else the line says something else worth keeping
            screen.say(Text(""), "info")
        if self.auto_login:
            self.auto_login = False
            screen.action_submit()
        else:
            screen.query_one("#sign-in", Button).focus()

    # ----- remember -------------------------------------------------------------------

    def _probe_keyring(self) -> tuple[bool, str]:
        assert self.book is not None
        return self.book.availability()

    def offer_remember(self, usable: bool, reason: str = "") -> None:
        """Remember is offered only with a keyring that can keep the secret; otherwise say why."""
        screen = self.screen
        box = screen.query_one("#remember", Checkbox)
        box.disabled = not usable
        if not usable:
            box.value = False
        if usable and not screen.query("#profile-name"):
            screen.query_one("#remember-row").mount(self._profile_name_field(), before="#remember-reason")
        for field in screen.query("#profile-name"):
            field.display = usable
        note = screen.query_one("#remember-reason", Static)
        note.display = not usable
        note.update(short_reason(reason))
        note.tooltip = reason if short_reason(reason) != reason else None

    def _suggested_name(self) -> str:
        """The default name: the chosen profile's, else one made from the client id."""
        client_id = self.screen.query_one("#client-id", Input).value
        return self.screen.chosen_profile or (default_profile_name(client_id) if client_id.strip() else "profile name")

    def suggest_profile_name(self) -> None:
        for field in self.screen.query("#profile-name").results(Input):
            field.placeholder = self._suggested_name()

    def profile_to_remember(self, client_id: str, endpoints: Endpoints) -> tuple[Profile | None, str | None]:
        """(what to save once signed in, or None; why the name cannot be used, or None)."""
        from maia_tui.credentials.config import Profile, check_profile_name

        screen = self.screen
        box = next(iter(screen.query("#remember").results(Checkbox)), None)
        if box is None or box.disabled or not box.value or self.book is None:
            return None, None
        field = screen.query_one("#profile-name", Input)
        try:
            name = check_profile_name(field.value.strip() or field.placeholder)
        except ConfigError as error:
            return None, printable(error.message)
        token_url = screen.url("token-url").strip() or None
        if endpoints.region in REGIONS:
            profile = Profile(
                name=name, client_id=client_id, region=endpoints.region, token_url=token_url, ca_bundle=screen.ca_bundle
            )
        else:
            profile = Profile(
                name=name,
                client_id=client_id,
                api_url=endpoints.api_base,
                token_url=token_url,
                ca_bundle=screen.ca_bundle,
            )
        return profile, None

    def remember(self, profile: Profile, secret: Secret) -> None:
        """Save it (the credential is known to work by now)."""
        book = self.book
        assert book is not None
        self._run(partial(book.remember, profile, secret), "remember", exclusive=False)

    async def _remembered(self, profile: Profile) -> None:
        await self.list_profiles(profile.name)
        self.screen.notify(
            f"Remembered profile {profile.name!r} ({profile.endpoints.label}, client {profile.client_id}); "
            "its secret is in the keyring.",
            title="Profile saved",
            markup=False,
        )

    # ----- forget ---------------------------------------------------------------------

    def forget_chosen(self) -> None:
        name = self.screen.chosen_profile
        book = self.book
        profile = book.get(name) if book is not None and name else None
        if profile is None or book is None or name is None:
            return
        from maia_tui.ui.screens.confirm import ConfirmScreen  # rarely needed

        where = f"This deletes it from {book.path}"
        detail = f"{where} and its secret from the keyring." if profile.secret_stored else f"{where}."
        self.maia.push_screen(
            ConfirmScreen(f"Forget profile {name!r}?", detail, yes="Forget"), partial(self._forget_answered, name)
        )

    def _forget_answered(self, name: str, yes: bool | None) -> None:
        if yes:
            self._run(partial(self._forget, name), "forget", exclusive=False)

    def _forget(self, name: str) -> tuple[str, bool]:
        assert self.book is not None
        return name, self.book.forget(name)

    async def _forgotten(self, name: str, secret_deleted: bool) -> None:
        if self.screen.chosen_profile == name:
            self.screen.query_one("#secret", Input).value = ""
        await self.list_profiles()
        where = "the config file and its secret from the keyring" if secret_deleted else "the config file"
        self.screen.notify(f"Forgot profile {name!r}: deleted from {where}.", title="Profile forgotten", markup=False)

    # ----- workers --------------------------------------------------------------------

    async def work_done(self, group: str, result: Any) -> None:
        if group == "profiles":
            await self._profiles_read(*result)
        elif group == "secret":
            self._secret_read(result)
        elif group == "keyring-probe":
            self.screen.keyring_checked = True
            self.offer_remember(*result)
        elif group == "remember":
            await self._remembered(result)
        elif group == "forget":
            await self._forgotten(*result)

    def work_failed(self, worker: Worker, error: BaseException) -> None:
        if worker.group == "profiles":
            self.screen.keyring_checked = True
            self.offer_remember(False, "The saved profiles could not be read")
            self.maia.show_error(error, title="Saved profiles not read")
        elif worker.group == "remember":
            self.maia.show_error(error, title="Profile not remembered")
        elif worker.group == "forget":
            self.maia.show_error(error, title="Profile not forgotten")
        else:
            self.maia.show_error(error)
