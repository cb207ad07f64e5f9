"""The credential board's rows and where they come from: every saved profile, its state (checked
by a token exchange and the permission probe, each through its own client), time left for the
one signed in here, when it was last checked. No Textual here: the screen (screens/board.py)
shows the rows through the generic resource list.

A round of checks starts when the board opens and on `r`: the config file is read again and
every secret fetched from the keyring off the UI thread (`BoardSource.fetch`), the rows appear
at once as "checking…", and each check then replaces its row as it ends (`BoardSource.check`).
"""

from __future__ import annotations

import asyncio
import enum
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from maia_tui.api.errors import CredentialsRefused, Forbidden, NetworkError, NotFound
from maia_tui.api.text import printable
from maia_tui.credentials.errors import MissingCredentials
from maia_tui.ui.defaults import DEMO_LABEL

if TYPE_CHECKING:
    from maia_tui.api.auth import TokenManager
    from maia_tui.api.client import MaiaClient
    from maia_tui.api.probe import ProbeReport
    from maia_tui.credentials.resolve import LoginSettings
    from maia_tui.services.profile_checks import ProfileCheck, ProfileLogin
    from maia_tui.ui.app_view import MaiaAppView
    from maia_tui.ui.profiles import ProfileBook


class RowState(enum.Enum):
    """(what the State column says, its theme role)."""

    CHECKING = ("… checking", "dim")
    SIGNED_IN = ("● signed in here", "bold good")
    VALID = ("✓ valid", "good")
    REFUSED = ("✖ refused", "bold bad")
    UNREACHABLE = ("✖ unreachable", "bad")
    API_REFUSED = ("✖ API refused", "bad")
    FAILED = ("✖ failed", "bad")
    NO_SECRET = ("· no secret", "warn")
    NOT_CHECKED = ("· not checked", "dim")

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def look(self) -> str:
        return self.value[1]

    @property
    def word(self) -> str:
        """For the export and `v`: "signed_in", "refused", ..."""
        return self.name.lower()


@dataclass(frozen=True)
class BoardRow:
    name: str
    where: str  # the region, or the host of a custom URL
    api_base: str
    token_url: str
    client_id: str
    state: RowState
    reason: str | None = None  # why it is not valid: the server's words (printable) or ours
    checked_at: datetime | None = None
    permissions: ProbeReport | None = None
    # The session's tokens on the row signed in here: its time left is read live from them.
    tokens: TokenManager | None = field(default=None, compare=False)

    def export(self) -> dict[str, Any]:
        """What `v` and `e` show: never a secret or a token."""
        status = self.tokens.status() if self.tokens is not None else None
        return {
            "profile": self.name,
            "where": self.where,
            "api_base": self.api_base,
            "client_id": self.client_id,
            "state": self.state.word,
            "reason": self.reason,
            "checked_at": self.checked_at.isoformat(timespec="seconds") if self.checked_at else None,
            "token_remaining_seconds": int(status.remaining) if status is not None and status.token else None,
            "permissions": self.permissions.to_json() if self.permissions is not None else None,
        }


def state_of(check: ProfileCheck, secret_stored: bool) -> RowState:
    error = check.error
    if error is None:
        return RowState.VALID
    if isinstance(error, CredentialsRefused):
        return RowState.REFUSED
    if isinstance(error, NetworkError):  # TLS and timeouts too: the API cannot be used from here
        return RowState.UNREACHABLE
    if isinstance(error, (Forbidden, NotFound)):
        return RowState.API_REFUSED
    if isinstance(error, MissingCredentials):
        return RowState.NOT_CHECKED if secret_stored else RowState.NO_SECRET
    return RowState.FAILED


def signed_in_here(login: LoginSettings | None, client: MaiaClient | None) -> bool:
    """The session's client is this profile's credential at the same place."""
    from maia_tui.ui.switching import is_session_of

    return login is not None and is_session_of(login.client_id, login.endpoints, client)


class BoardSource:
    """The rows of the board for one app: fetched (config file and keyring, off the UI thread)
    at the start of a round, then checked one by one (concurrently, by the screen's worker)."""

    def __init__(self, app: MaiaAppView) -> None:
        self.app = app
        self.rows: dict[str, BoardRow] = {}
        self.logins: dict[str, ProfileLogin] = {}
        self.round_wanted = True  # the next fetch reads the file and the keyring again
        self.to_check: list[ProfileLogin] = []  # the round fetched, not yet checked

    def new_round(self) -> None:
        self.round_wanted = True

    async def fetch(self) -> list[BoardRow]:
        """The rows: a new round's (all "checking…"), else the rows as they stand (for `e`)."""
        if not self.round_wanted:
            return list(self.rows.values())
        self.round_wanted = False
        book = await asyncio.to_thread(self._read_book)
        if book is None:
            self.rows, self.logins, self.to_check = {}, {}, []
            return []
        logins = await asyncio.to_thread(book.logins)  # the keyring: never on the UI thread
        self.logins = {login.name: login for login in logins}
        self.rows = {login.name: self._first_row(book, login) for login in logins}
        self.to_check = [login for login in logins if self.rows[login.name].state is RowState.CHECKING]
        return list(self.rows.values())

    def _read_book(self) -> ProfileBook | None:
        """The app's profiles, read again from the file (or read now, if the login screen has not)."""
        app = self.app
        source = app.profile_source
        if app.profiles is None and source is not None:
            book, _ = source.load()
            book.keyring_timeout = source.keyring_timeout
            app.profiles = book
        elif app.profiles is not None:
            app.profiles.reload()
        return app.profiles

    def _first_row(self, book: ProfileBook, login: ProfileLogin) -> BoardRow:
        profile = book.config.get(login.name)
        endpoints = profile.endpoints
        # The demo's profiles all point at its emulator: named as the status bar names it.
        where = DEMO_LABEL if self.app.defaults.demo else endpoints.label
        state = RowState.CHECKING
        reason = None
        session = self.app.session
        here = signed_in_here(login.login, session.client if session is not None else None)
        if login.problem is not None and not here:  # signed in here with a typed secret: still probed
            state = RowState.NO_SECRET if not profile.secret_stored else RowState.NOT_CHECKED
            reason = printable(str(login.problem), 400)
        return BoardRow(
            name=login.name,
            where=where,
            api_base=endpoints.api_base,
            token_url=endpoints.token_url,
            client_id=profile.client_id,
            state=state,
            reason=reason,
        )

    def take_round(self) -> list[ProfileLogin]:
        """The profiles of the round just fetched, once: the screen's worker checks them."""
        found, self.to_check = self.to_check, []
        return found

    async def check(self, login: ProfileLogin) -> BoardRow:
        """One profile's row once checked: the session's own credential is probed through the
        session's client (no second sign-in); any other signs in with a client of its own."""
        from maia_tui.api.probe import probe_permissions
        from maia_tui.services.profile_checks import check_profile

        row = self.rows[login.name]
        session = self.app.session
        client = session.client if session is not None else None
        if signed_in_here(login.login, client):
            assert client is not None
            report = await probe_permissions(client)
            checked = replace(
                row, state=RowState.SIGNED_IN, permissions=report, checked_at=self.app.clock.now(), tokens=client.tokens
            )
        else:
            result = await check_profile(login, probe=True, make_client=self._client_for)
            profile = self.app.profiles.get(login.name) if self.app.profiles is not None else None
            state = state_of(result, profile is not None and profile.secret_stored)
            reason = printable(str(result.error), 400) if result.error is not None else None
            checked = replace(
                row, state=state, reason=reason, permissions=result.permissions, checked_at=self.app.clock.now()
            )
        self.rows[login.name] = checked
        return checked

    def _client_for(self, login: LoginSettings) -> MaiaClient:
        if login.client_id is None or login.client_secret is None:
            raise MissingCredentials(login.missing() or "No credentials")
        return self.app.new_client(login.endpoints, login.client_id, login.client_secret, login.ca_bundle)
