"""Profiles (config file) and secrets (OS keyring). Never imports Textual."""

from .config import (
    CONFIG_ENV,
    Config,
    Profile,
    Settings,
    config_path,
    load_config,
    save_config,
)
from .errors import ConfigError, KeyringTimeout, KeyringUnavailable, ProfileNotFound
from .profiles import forget_profile, remember_profile, secret_store_for
from .resolve import CommandLine, LoginSettings, resolve_login
from .store import SERVICE, SecretStore

__all__ = [
    "CONFIG_ENV",
    "SERVICE",
    "CommandLine",
    "Config",
    "ConfigError",
    "KeyringTimeout",
    "KeyringUnavailable",
    "LoginSettings",
    "Profile",
    "ProfileNotFound",
    "SecretStore",
    "Settings",
    "config_path",
    "forget_profile",
    "load_config",
    "remember_profile",
    "resolve_login",
    "save_config",
    "secret_store_for",
]
