"""Every saved profile checked at once, each through its own client (and so its own token and
request budget): what `maia-tui check --all` prints and the app's credential board shows.

Each profile is taken as the config file has it: the environment's MAIA_* variables, which
describe one credential, do not apply to all of them. Its secret comes from the keyring
(`profile_logins`, blocking: call it off the UI thread). No Textual here."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from maia_tui.api.errors import MaiaError
from maia_tui.credentials.errors import MissingCredentials
from maia_tui.credentials.resolve import CommandLine, LoginSettings, resolve_login

from .credential_check import CheckReport, ProbedFailure, check_login

if TYPE_CHECKING:
    from maia_tui.api.probe import ProbeReport
    from maia_tui.credentials.config import Config
    from maia_tui.credentials.store import SecretStore


@dataclass(frozen=True)
class ProfileLogin:
    """A saved profile ready to check: its login settings, or why there are none."""

    name: str
    login: LoginSettings | None
    problem: MaiaError | None = None  # set when login is None

    @property
    def has_secret(self) -> bool:
        return self.login is not None and self.login.client_secret is not None


@dataclass(frozen=True)
class ProfileCheck:
    """What checking one profile found: a report, or the error (with the probe, if it ran)."""

    name: str
    login: LoginSettings | None
    report: CheckReport | None = None
    error: BaseException | None = None
    permissions: ProbeReport | None = None


def no_secret_problem(config: Config, name: str, login: LoginSettings) -> MissingCredentials:
    """Why a profile has no secret to check with, and how to give it one."""
    if not config.get(name).secret_stored:
        return MissingCredentials(
            f"Profile {name!r} has no stored secret: save it with `maia-tui profiles add {name} --client-id "
            f"{login.client_id} ...` (or sign in from the app with Remember ticked)"
        )
    return MissingCredentials(f"The secret of profile {name!r} could not be read: {login.secret_problem}")


def profile_logins(config: Config, store: SecretStore | None) -> list[ProfileLogin]:
    """Every saved profile, by name, with its secret read from the keyring (blocking)."""
    found = []
    for name in sorted(config.profiles):
        try:
            login = resolve_login(CommandLine(profile=name), config=config, env={}, secrets=store)
        except (MaiaError, ValueError) as error:
            problem = error if isinstance(error, MaiaError) else MaiaError(str(error))
            found.append(ProfileLogin(name, None, problem))
            continue
        found.append(ProfileLogin(name, login, None if login.client_secret else no_secret_problem(config, name, login)))
    return found


async def check_profile(profile: ProfileLogin, *, probe: bool = False, **options: Any) -> ProfileCheck:
    """One profile's check; never raises a MaiaError: it is in the result."""
    if profile.login is None or profile.problem is not None:
        return ProfileCheck(profile.name, profile.login, error=profile.problem)
    try:
        report = await check_login(profile.login, probe=probe, **options)
    except ProbedFailure as failure:
        return ProfileCheck(profile.name, profile.login, error=failure.error, permissions=failure.permissions)
    except (MaiaError, ValueError) as error:
        return ProfileCheck(profile.name, profile.login, error=error)
    return ProfileCheck(profile.name, profile.login, report=report, permissions=report.permissions)


async def check_profiles(profiles: list[ProfileLogin], *, probe: bool = False, **options: Any) -> list[ProfileCheck]:
    """All of them concurrently, in the order given."""
    return list(await asyncio.gather(*(check_profile(p, probe=probe, **options) for p in profiles)))
