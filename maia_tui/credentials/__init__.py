"""Profiles (config file) and secrets (OS keyring). Never imports Textual.

The names below are loaded on first use (PEP 562), so importing `maia_tui.credentials.config`
or `.resolve` does not pull in `keyring` (about 50 ms): the app reads its profiles before the
first paint and touches the keyring only afterwards, off the UI thread.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "CONFIG_ENV": "config",
    "Config": "config",
    "Profile": "config",
    "Settings": "config",
    "config_path": "config",
    "load_config": "config",
    "save_config": "config",
    "ConfigError": "errors",
    "KeyringTimeout": "errors",
    "KeyringUnavailable": "errors",
    "ProfileNotFound": "errors",
    "forget_profile": "profiles",
    "remember_profile": "profiles",
    "remove_profile": "profiles",
    "secret_store_for": "profiles",
    "CommandLine": "resolve",
    "LoginSettings": "resolve",
    "resolve_login": "resolve",
    "SERVICE": "store",
    "SecretStore": "store",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


if TYPE_CHECKING:
    from .config import CONFIG_ENV, Config, Profile, Settings, config_path, load_config, save_config
    from .errors import ConfigError, KeyringTimeout, KeyringUnavailable, ProfileNotFound
    from .profiles import forget_profile, remember_profile, remove_profile, secret_store_for
    from .resolve import CommandLine, LoginSettings, resolve_login
    from .store import SERVICE, SecretStore
