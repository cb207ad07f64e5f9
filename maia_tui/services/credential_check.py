"""Is this credential still good? A token exchange and the first projects page (and, with
`probe`, one read per area): the facts `maia-tui check` prints, `check --all` prints for every
profile, and the app's credential board shows. Never the secret, never the token: a fingerprint.
No Textual here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from maia_tui.api.clock import Clock, SystemClock
from maia_tui.api.errors import MaiaError
from maia_tui.credentials.errors import MissingCredentials
from maia_tui.credentials.resolve import LoginSettings

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient
    from maia_tui.api.probe import ProbeReport

DEFAULT_TIMEOUT = 15.0
ClientFactory = Callable[[LoginSettings], "MaiaClient"]


def client_for(login: LoginSettings, **options: Any) -> MaiaClient:
    """The client a command (check, export, run, watch) works through; MissingCredentials when
    the settings hold no client id or secret. Options go to MaiaClient (clock, timeout, ...)."""
    from maia_tui.api.client import MaiaClient  # httpx is only needed when a command really runs

    if login.client_id is None or login.client_secret is None:
        raise MissingCredentials(login.missing() or "No credentials")
    return MaiaClient(login.endpoints, login.client_id, login.client_secret, ca_bundle=login.ca_bundle, **options)


@dataclass(frozen=True)
class CheckReport:
    """Every fact a check reports. Deliberately holds no secret and no token, only a fingerprint."""

    login: LoginSettings
    valid_until: datetime  # aware, UTC
    remaining_seconds: float
    expires_in: float
    scope: str | None
    token_fingerprint: str
    project_total: int
    permissions: ProbeReport | None = None


class ProbedFailure(Exception):
    """The check failed after a token was obtained, and the probe ran anyway: both are reported."""

    def __init__(self, error: MaiaError, permissions: ProbeReport) -> None:
        super().__init__(str(error))
        self.error = error
        self.permissions = permissions


async def check_login(
    login: LoginSettings,
    *,
    clock: Clock | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    probe: bool = False,
    make_client: ClientFactory | None = None,
    **client_options: Any,
) -> CheckReport:
    """Exchange a token and fetch the first projects page; raises the api errors on failure.
    With `probe`, the permission probe runs too (reusing that page), also when the page failed.
    `make_client` builds the client instead (the app's: its clock, timeouts and options)."""
    if make_client is not None:
        client = make_client(login)
        clock = client.clock
    else:
        clock = clock or SystemClock()
        client = client_for(login, clock=clock, timeout=timeout, **client_options)
    permissions: ProbeReport | None = None
    async with client:
        token = await client.login()
        try:
            page = await client.list_projects(page=0, size=25)
        except MaiaError as error:
            if not probe:
                raise
            from maia_tui.api.probe import probe_permissions

            raise ProbedFailure(error, await probe_permissions(client)) from None
        if probe:
            from maia_tui.api.probe import probe_permissions

            permissions = await probe_permissions(client, first_page=page)
    return CheckReport(
        login=login,
        valid_until=token.expires_at_wall,
        remaining_seconds=token.remaining(clock.monotonic()),
        expires_in=token.expires_in,
        scope=token.scope,
        token_fingerprint=token.access_token.fingerprint,
        project_total=page.total,
        permissions=permissions,
    )
