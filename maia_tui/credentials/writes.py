"""Read-only unless asked: whether this run of maia-tui may start or cancel pipelines.

Writes are on when the command line says `--allow-writes`, the environment says
`MAIA_ALLOW_WRITES=1`, or the profile in use says `allow_writes = true`. Anything else (the
default, and `--demo` without one of those) is read-only. No Textual here: the app and the
CLI both ask this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from maia_tui.api.errors import MaiaError

from .errors import ConfigError

ENV_ALLOW_WRITES = "MAIA_ALLOW_WRITES"
FLAG = "--allow-writes"
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})

HOW_TO_ENABLE = (
    f"maia-tui is read-only unless writes are enabled: start it with {FLAG}, "
    f"set {ENV_ALLOW_WRITES}=1, or put allow_writes = true in the profile"
)


@dataclass(frozen=True)
class WritePolicy:
    """Whether writes are allowed and who said so (for the status bar's tooltip and the CLI)."""

    allowed: bool = False
    source: str | None = None  # "command line", "environment (MAIA_ALLOW_WRITES)", "profile 'x'"


READ_ONLY = WritePolicy()


class WritesDisabled(MaiaError):
    """A write was asked for while maia-tui is read-only."""

    hint = HOW_TO_ENABLE

    def __init__(self, action: str = "This") -> None:
        super().__init__(f"{action} writes to the account, and writes are off")


def env_allows_writes(env: Mapping[str, str]) -> bool:
    """MAIA_ALLOW_WRITES as a boolean; a value that is neither yes nor no is an error, not a guess."""
    value = env.get(ENV_ALLOW_WRITES, "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{ENV_ALLOW_WRITES}={value!r} is neither 1 nor 0", hint=f"Set {ENV_ALLOW_WRITES}=1 or unset it")


def resolve_writes(
    *,
    flag: bool = False,
    env: Mapping[str, str] | None = None,
    profile_allows: bool = False,
    profile: str | None = None,
) -> WritePolicy:
    """Any one of the three switches turns writes on; the strongest one that did is the source."""
    if flag:
        return WritePolicy(True, "command line")
    if env is not None and env_allows_writes(env):
        return WritePolicy(True, f"environment ({ENV_ALLOW_WRITES})")
    if profile_allows:
        return WritePolicy(True, f"profile {profile!r}" if profile else "profile")
    return READ_ONLY
