"""The login screen's saved profiles: the list above the form, "Remember", and F8 forget.

Mounted by the login screen once its form has painted (this module is not imported before
that). `SavedProfiles` is the profile list above the form and owns what goes with it: the config
file and the keyring, read on its own worker threads, and the `RememberRow` it is given (below
the form). It tells the login screen what to do by messages (`Resolved`, `Chosen`, `SecretRead`,
`Say`, `KeyringChecked`, `Forgotten`); the screen calls its public methods (attributes down,
messages up). "Remember" saves the profile and its secret only once a login has succeeded, and
is disabled, with its reason, when no keyring can be used; F8 forgets the chosen profile after
asking.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Select, Static

from maia_tui.api.regions import REGIONS, Endpoints
from maia_tui.api.secret import Secret
from maia_tui.api.text import printable
from maia_tui.credentials.errors import ConfigError
from maia_tui.ui import lazy
from maia_tui.ui.app_view import maia_app
from maia_tui.ui.defaults import LoginDefaults
from maia_tui.ui.profiles import DEMO_REASON, ProfileBook, SecretLookup, default_profile_name, short_reason
from maia_tui.ui.widgets.remember_box import RememberBox

if TYPE_CHECKING:
    from maia_tui.credentials.config import Profile

CHECKING_KEYRING = "checking the keyring"
NO_PROFILES = "no config file in use"
T = TypeVar("T")


class RememberRow(Horizontal):
    """'Remember [x] as profile [name]' under the form; only offered with a usable keyring,
    otherwise the reason is shown instead of the name field."""

    usable: reactive[bool] = reactive(False, init=False)
    reason: reactive[str] = reactive(CHECKING_KEYRING, init=False)
    suggested_name: reactive[str] = reactive("profile name", init=False)

    def __init__(self) -> None:
        super().__init__(classes="form-row", id="remember-row")

    def compose(self) -> ComposeResult:
        yield Static("Remember", classes="form-label")
        yield RememberBox(
            "as profile",
            id="remember",
            disabled=True,
            tooltip="After a successful sign-in, save these settings as a profile and the secret in the keyring",
        )
        yield Static(id="remember-reason", markup=False)

    def on_mount(self) -> None:
        self.watch_usable(self.usable)

    def offer(self, usable: bool, reason: str = "") -> None:
        self.reason = reason
        self.usable = usable

    def watch_usable(self, usable: bool) -> None:
        if not self.query(RememberBox):  # torn down as it mounts: the app quits as the form fills in
            return
        box = self.query_one(RememberBox)
        box.disabled = not usable
        if not usable:
            box.value = False
        if usable and not self.query("#profile-name"):
            # Mounted once the keyring is known to be usable: a form without it paints sooner.
            name = Input(placeholder=self.suggested_name, id="profile-name", restrict=r"[A-Za-z0-9._-]*", max_length=64)
            self.mount(name, before="#remember-reason")
        for field in self.query("#profile-name"):
            field.display = usable
        self.query_one("#remember-reason").display = not usable
        self.watch_reason(self.reason)

    def watch_reason(self, reason: str) -> None:
        if not self.query("#remember-reason"):  # torn down as it mounts (see watch_usable)
            return
        note = self.query_one("#remember-reason", Static)
        note.update(short_reason(reason))
        note.tooltip = reason if short_reason(reason) != reason else None

    def watch_suggested_name(self, name: str) -> None:
        for field in self.query("#profile-name").results(Input):
            field.placeholder = name

    @property
    def wanted(self) -> bool:
        box = self.query_one(RememberBox)
        return self.usable and not box.disabled and box.value

    @property
    def profile_name(self) -> str:
        field = self.query_one("#profile-name", Input)
        return field.value.strip() or field.placeholder


class SavedProfiles(Vertical):
    """The saved-profile list above the form (shown once there is a profile), the profiles and
    their secrets behind it, and Remember (`remember_row`)."""

    DEFAULT_CSS = "SavedProfiles { height: auto; }"

    chosen: reactive[str | None] = reactive(None, init=False)  # the chosen profile's name

    # ----- messages to the login screen -----------------------------------------------

    class Resolved(Message):
        """The saved profile (under the command line and environment) resolved: fill the form."""

        def __init__(self, defaults: LoginDefaults) -> None:
            super().__init__()
            self.defaults = defaults

    class Chosen(Message):
        """A profile was picked in the list: fill the form from it (its secret follows)."""

        def __init__(self, profile: Profile) -> None:
            super().__init__()
            self.profile = profile

    class SecretRead(Message):
        """The chosen profile's secret, or why there is none; `sign_in`: sign in with it now."""

        def __init__(self, secret: Secret | None, problem: str | None, sign_in: bool) -> None:
            super().__init__()
            self.secret, self.problem, self.sign_in = secret, problem, sign_in

    class Say(Message):
        """A line for the status under the form; `reading`: it says a secret is being read."""

        def __init__(self, text: str, kind: str, reading: bool = False) -> None:
            super().__init__()
            self.text, self.kind, self.reading = text, kind, reading

    class KeyringChecked(Message):
        """Whether Remember can be offered is known (or nothing needed asking)."""

    class SignIn(Message):
        """--profile: sign in now if the form is complete."""

    class Forgotten(Message):
        """The chosen profile was forgotten: drop its secret from the form."""

    # ----- set up -----------------------------------------------------------------

    def __init__(self, defaults: LoginDefaults, remember_row: RememberRow, client_id: str) -> None:
        super().__init__()
        self.defaults = defaults
        self.remember_row = remember_row
        self.auto_login = defaults.auto_login  # --profile: sign in as soon as the secret is in
        self.client_id = client_id  # the form's, for the suggested profile name

    @property
    def book(self) -> ProfileBook | None:
        """The saved profiles, once read (never in demo mode)."""
        return None if self.defaults.demo else maia_app(self).profiles

    def on_mount(self) -> None:
        """Remember first, then the config file (and the keyring) on threads."""
        source = maia_app(self).profile_source
        if self.defaults.demo:
            self.remember_row.offer(False, DEMO_REASON)
        elif source is None:
            self.remember_row.offer(False, NO_PROFILES)
        else:
            self.remember_row.offer(False, CHECKING_KEYRING)
            self._read_profiles()
            return
        self._suggest_name()
        self.post_message(self.KeyringChecked())  # nothing to ask

    def _on_ui(self, callback: Callable[..., Any], *args: Any) -> None:
        """From a worker thread: run `callback` on the UI thread (a closed app gets nothing)."""
        if self.is_attached:
            self.app.call_from_thread(callback, *args)

    def _off_ui(self, what: Callable[[], T], done: Callable[[T], Any], failed: Callable[[BaseException], None]) -> None:
        """Body of the thread workers below: `what` on the thread, `done` or `failed` on the UI."""
        try:
            result = what()
        except Exception as error:
            self._on_ui(failed, error)
            return
        self._on_ui(done, result)

    # ----- the profiles file --------------------------------------------------------

    @work(thread=True, exclusive=True, group="profiles", exit_on_error=False)
    def _read_profiles(self) -> None:
        source = maia_app(self).profile_source
        assert source is not None

        def read() -> tuple[ProfileBook, LoginDefaults]:
            book, resolved = source.load()
            book.keyring_timeout = source.keyring_timeout
            return book, resolved

        self._off_ui(read, self._profiles_read, self._profiles_failed)

    async def _profiles_read(self, found: tuple[ProfileBook, LoginDefaults]) -> None:
        """Tell the screen what the saved profile adds to the form, then read its secret from the
        keyring and ask whether remember can be offered."""
        book, resolved = found
        maia_app(self).profiles = book
        self.defaults = resolved
        self.post_message(self.Resolved(resolved))
        await self.list_profiles(resolved.profile)
        if resolved.notice:
            self.post_message(self.Say(resolved.notice, "error"))
        self.auto_login = resolved.auto_login
        if resolved.secret_in_keyring and self.chosen:
            self._start_reading_secret(self.chosen)
        self._probe_keyring()
        if self.auto_login:
            self.post_message(self.SignIn())  # the screen signs in (and clears auto_login) if it can

    def _profiles_failed(self, error: BaseException) -> None:
        self.post_message(self.KeyringChecked())
        self.remember_row.offer(False, "The saved profiles could not be read")
        maia_app(self).show_error(error, title="Saved profiles not read")

    # ----- the list -----------------------------------------------------------------

    async def list_profiles(self, chosen: str | None = None) -> None:
        """(Re)fill the list from the book, choosing `chosen` without re-filling the form
        (what launch resolved, with the command line and environment on top, stays)."""
        names = self.book.names if self.book is not None else []
        rows = self.query("#profile-row")
        if names and not rows:
            picker = Select[str]([], prompt="choose a saved profile", id="profile")
            row = Horizontal(Static("Profile", classes="form-label"), picker, classes="form-row", id="profile-row")
            await self.mount(row)
        for picker in self.query("#profile").results(Select):
            with self.prevent(Select.Changed):
                picker.set_options([(name, name) for name in names])
                if chosen in names:
                    picker.value = chosen
            self.chosen = picker.value if isinstance(picker.value, str) else None
            self.query_one("#profile-row").display = bool(names)
        self._suggest_name()

    @on(Select.Changed, "#profile")
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        self.chosen = event.value if isinstance(event.value, str) else None
        self._suggest_name()
        profile = self.book.get(self.chosen) if self.book is not None and self.chosen else None
        if profile is not None:
            self.post_message(self.Chosen(profile))
            self._start_reading_secret(profile.name)

    @property
    def names(self) -> list[str]:
        """The profiles in the list, in order."""
        return self.book.names if self.book is not None else []

    # ----- the secret ---------------------------------------------------------------

    def _start_reading_secret(self, name: str) -> None:
        self.post_message(self.Say(f"Reading the secret of profile {name!r} from the keyring…", "busy", reading=True))
        self._read_secret(name)

    @work(thread=True, exclusive=True, group="secret", exit_on_error=False)
    def _read_secret(self, name: str) -> None:
        book = self.book
        assert book is not None
        self._off_ui(partial(book.load_secret, name), self._secret_read, maia_app(self).show_error)

    def reread_secret(self, form_has_secret: bool) -> None:
        """Back from a session (whose secret the form dropped): the chosen profile's secret is
        read again, quietly, so enter signs in again."""
        profile = self.book.get(self.chosen) if self.book is not None and self.chosen else None
        if profile is not None and profile.secret_stored and not form_has_secret:
            self._read_secret(profile.name)

    def _secret_read(self, lookup: SecretLookup) -> None:
        if lookup.profile != self.chosen:
            return  # another profile was chosen meanwhile
        sign_in = self.auto_login and lookup.secret is not None
        self.auto_login = False
        problem = None if lookup.secret is not None else lookup.problem or "No secret"
        self.post_message(self.SecretRead(lookup.secret, problem, sign_in))

    # ----- remember -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="keyring-probe", exit_on_error=False)
    def _probe_keyring(self) -> None:
        book = self.book
        assert book is not None
        self._off_ui(book.availability, self._keyring_probed, maia_app(self).show_error)

    def _keyring_probed(self, found: tuple[bool, str]) -> None:
        self.post_message(self.KeyringChecked())
        self.remember_row.offer(*found)

    def client_id_changed(self, client_id: str) -> None:
        self.client_id = client_id
        self._suggest_name()

    def _suggest_name(self) -> None:
        """The default name: the chosen profile's, else one made from the client id."""
        made = default_profile_name(self.client_id) if self.client_id.strip() else "profile name"
        self.remember_row.suggested_name = self.chosen or made

    def profile_to_remember(
        self, client_id: str, endpoints: Endpoints, token_url: str | None, ca_bundle: str | None
    ) -> tuple[Profile | None, str | None]:
        """(what to save once signed in, or None; why the name cannot be used, or None)."""
        if not self.remember_row.wanted or self.book is None:
            return None, None
        try:
            name = lazy.check_profile_name(self.remember_row.profile_name)
        except ConfigError as error:
            return None, printable(error.message)
        if endpoints.region in REGIONS:
            where: dict[str, Any] = {"region": endpoints.region}
        else:
            where = {"api_url": endpoints.api_base}
        return lazy.Profile(name=name, client_id=client_id, token_url=token_url, ca_bundle=ca_bundle, **where), None

    @work(thread=True, group="remember", exit_on_error=False)
    def remember(self, profile: Profile, secret: Secret) -> None:
        """Save it (the credential is known to work by now)."""
        book = self.book
        assert book is not None
        self._off_ui(partial(book.remember, profile, secret), self._remembered, self._remember_failed)

    async def _remembered(self, profile: Profile) -> None:
        await self.list_profiles(profile.name)
        self.notify(
            f"Remembered profile {profile.name!r} ({profile.endpoints.label}, client {profile.client_id}); "
            "its secret is in the keyring.",
            title="Profile saved",
            markup=False,
        )

    def _remember_failed(self, error: BaseException) -> None:
        maia_app(self).show_error(error, title="Profile not remembered")

    # ----- forget ---------------------------------------------------------------------

    def forget_chosen(self) -> None:
        from maia_tui.ui.screens.confirm import ConfirmScreen

        name, book = self.chosen, self.book
        profile = book.get(name) if book is not None and name else None
        if profile is None or book is None or name is None:
            return
        where = f"This deletes it from {book.path}"
        detail = f"{where} and its secret from the keyring." if profile.secret_stored else f"{where}."
        self.app.push_screen(
            ConfirmScreen(f"Forget profile {name!r}?", detail, yes="Forget"), partial(self._forget_answered, name)
        )

    def _forget_answered(self, name: str, yes: bool | None) -> None:
        if yes:
            self._forget(name)

    @work(thread=True, group="forget", exit_on_error=False)
    def _forget(self, name: str) -> None:
        book = self.book
        assert book is not None
        self._off_ui(lambda: (name, book.forget(name)), self._forgotten, self._forget_failed)

    async def _forgotten(self, outcome: tuple[str, bool]) -> None:
        name, secret_deleted = outcome
        if self.chosen == name:
            self.post_message(self.Forgotten())
        await self.list_profiles()
        where = "the config file and its secret from the keyring" if secret_deleted else "the config file"
        self.notify(f"Forgot profile {name!r}: deleted from {where}.", title="Profile forgotten", markup=False)

    def _forget_failed(self, error: BaseException) -> None:
        maia_app(self).show_error(error, title="Profile not forgotten")
