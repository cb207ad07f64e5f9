"""Profiles and settings in one TOML file. A profile never holds a secret: that lives in the
OS keyring, and the file only remembers *that* one was stored (`secret_stored`), so listing
profiles never has to read a secret.

The file lives under platformdirs' user config dir for "maia-tui" (`config.toml`);
`MAIA_TUI_CONFIG` overrides the path. Writes are atomic (temp file + os.replace) with 0600.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs
import tomli_w

from maia_tui.api.regions import REGIONS, Endpoints

from .errors import ConfigError, ProfileNotFound

APP_NAME = "maia-tui"
CONFIG_ENV = "MAIA_TUI_CONFIG"
CONFIG_FILE = "config.toml"

# Also the keyring username, so keep it plain.
TIME_DISPLAYS = ("local", "utc")
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# Keys that would mean someone put a secret in the file by hand.
_SECRET_KEY = re.compile(r"secret|password|token$|access_token", re.IGNORECASE)
_PROFILE_KEYS = ("region", "api_url", "token_url", "client_id", "ca_bundle", "secret_stored", "allow_writes")
_BOOL_KEYS = ("secret_stored", "allow_writes")


def config_path(env: Mapping[str, str] | None = None) -> Path:
    override = (os.environ if env is None else env).get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / CONFIG_FILE


def check_profile_name(name: str) -> str:
    if not isinstance(name, str) or not _PROFILE_NAME.match(name):
        raise ConfigError(
            f"{name!r} is not a usable profile name",
            hint="Use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit",
        )
    return name


@dataclass(frozen=True)
class Profile:
    """Where and as whom to log in. A custom api_url wins over region, as in `Endpoints.resolve`."""

    name: str
    client_id: str
    region: str | None = "eu1"
    api_url: str | None = None
    token_url: str | None = None
    ca_bundle: str | None = None
    secret_stored: bool = False
    # Runs and cancels are allowed while this profile is in use (read-only otherwise).
    allow_writes: bool = False

    def __post_init__(self) -> None:
        check_profile_name(self.name)
        if not self.client_id:
            raise ConfigError(f"Profile {self.name!r} has no client_id")
        if self.api_url:
            object.__setattr__(self, "region", None)  # a custom URL wins; keep equality honest
        if not self.api_url and self.region not in REGIONS:
            known = ", ".join(REGIONS)
            raise ConfigError(
                f"Profile {self.name!r} has region {self.region!r}",
                hint=f"Use one of {known}, or set api_url (and token_url) for a custom deployment",
            )

    @property
    def endpoints(self) -> Endpoints:
        return Endpoints.resolve(self.region, self.api_url, self.token_url)

    def to_toml(self) -> dict[str, Any]:
        table: dict[str, Any] = {}
        if self.api_url:
            table["api_url"] = self.api_url
        elif self.region:
            table["region"] = self.region
        if self.token_url:
            table["token_url"] = self.token_url
        table["client_id"] = self.client_id
        if self.ca_bundle:
            table["ca_bundle"] = self.ca_bundle
        table["secret_stored"] = self.secret_stored
        if self.allow_writes:  # written only when on, so read-only files stay as they were
            table["allow_writes"] = True
        return table

    @classmethod
    def from_toml(cls, name: str, table: Any) -> Profile:
        if not isinstance(table, dict):
            raise ConfigError(f"[profiles.{name}] must be a table")
        leaked = sorted(k for k in table if _SECRET_KEY.search(k) and k != "secret_stored")
        if leaked:
            raise ConfigError(
                f"Profile {name!r} has {', '.join(leaked)} in the config file, which never holds secrets",
                hint="Remove it, then log in with 'remember' (or set MAIA_CLIENT_SECRET) so the "
                "secret lives in the OS keyring",
            )
        values = {k: table[k] for k in _PROFILE_KEYS if k in table}
        for key, value in values.items():
            expected = bool if key in _BOOL_KEYS else str
            if not isinstance(value, expected):
                raise ConfigError(f"profiles.{name}.{key} must be a {expected.__name__}")
        return cls(name=name, **values)


@dataclass(frozen=True)
class Settings:
    # Off by default: a plaintext keyring would put the secret on disk in clear text.
    allow_plaintext_keyring: bool = False
    # Remembered from the app: the theme chosen, the projects page size, local or UTC times.
    theme: str | None = None
    page_size: int | None = None
    time_display: str | None = None
    # [keymap]: binding id -> key or keys ("ctrl+e" or "e,f5"), as Textual's keymaps read them.
    keymap: tuple[tuple[str, str], ...] = ()

    def to_toml(self) -> dict[str, Any]:
        table: dict[str, Any] = {"allow_plaintext_keyring": self.allow_plaintext_keyring}
        for key in ("theme", "page_size", "time_display"):
            if getattr(self, key) is not None:
                table[key] = getattr(self, key)
        return table

    @classmethod
    def from_toml(cls, table: Any) -> Settings:
        if not isinstance(table, dict):
            raise ConfigError("[settings] must be a table")
        allow = table.get("allow_plaintext_keyring", False)
        if not isinstance(allow, bool):
            raise ConfigError("settings.allow_plaintext_keyring must be true or false")
        theme = table.get("theme")
        if theme is not None and not (isinstance(theme, str) and theme):
            raise ConfigError('settings.theme must be a theme name, e.g. "textual-light"')
        size = table.get("page_size")
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or not 1 <= size <= 100):
            raise ConfigError("settings.page_size must be a whole number from 1 to 100")
        times = table.get("time_display")
        if times is not None and times not in TIME_DISPLAYS:
            raise ConfigError(f"settings.time_display must be one of {', '.join(TIME_DISPLAYS)}")
        return cls(allow_plaintext_keyring=allow, theme=theme, page_size=size, time_display=times)

    def with_keymap(self, table: Any) -> Settings:
        """The [keymap] table read into these settings: binding ids to key strings."""
        if not isinstance(table, dict):
            raise ConfigError('[keymap] must be a table of binding id = "key" (see `maia-tui keys`)')
        for binding_id, keys in table.items():
            if not isinstance(keys, str) or not keys.strip():
                raise ConfigError(f'keymap.{binding_id} must be a key or keys, e.g. "ctrl+e" or "e,f5"')
        return replace(self, keymap=tuple(sorted(table.items())))


@dataclass(frozen=True)
class Config:
    profiles: dict[str, Profile] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    last_profile: str | None = None

    def get(self, name: str) -> Profile:
        try:
            return self.profiles[name]
        except KeyError:
            known = ", ".join(sorted(self.profiles)) or "none yet"
            raise ProfileNotFound(f"No profile named {name!r} (saved profiles: {known})") from None

    def with_profile(self, profile: Profile, *, make_last: bool = True) -> Config:
        profiles = dict(self.profiles)
        profiles[profile.name] = profile
        last = profile.name if make_last else self.last_profile
        return replace(self, profiles=profiles, last_profile=last)

    def without_profile(self, name: str) -> Config:
        profiles = {k: v for k, v in self.profiles.items() if k != name}
        last = None if self.last_profile == name else self.last_profile
        return replace(self, profiles=profiles, last_profile=last)

    def to_toml(self) -> dict[str, Any]:
        doc: dict[str, Any] = {}
        if self.last_profile:
            doc["last_profile"] = self.last_profile
        doc["settings"] = self.settings.to_toml()
        if self.settings.keymap:
            doc["keymap"] = dict(self.settings.keymap)
        doc["profiles"] = {name: p.to_toml() for name, p in self.profiles.items()}
        return doc

    @classmethod
    def from_toml(cls, doc: dict[str, Any]) -> Config:
        settings = Settings.from_toml(doc.get("settings", {})).with_keymap(doc.get("keymap", {}))
        profiles_table = doc.get("profiles", {})
        if not isinstance(profiles_table, dict):
            raise ConfigError("[profiles] must be a table of tables")
        profiles = {name: Profile.from_toml(name, table) for name, table in profiles_table.items()}
        last = doc.get("last_profile")
        if last not in profiles:
            last = None
        return cls(profiles=profiles, settings=settings, last_profile=last)


def load_config(path: Path | None = None) -> Config:
    """The saved config, or an empty one when the file does not exist yet."""
    path = path or config_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise ConfigError(f"Cannot read {path}: {error.strerror}") from None
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path} is not valid TOML: {error}", hint="Fix or delete the file") from None
    try:
        return Config.from_toml(doc)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error.message}", hint=error.hint or None) from None


def save_config(config: Config, path: Path | None = None) -> Path:
    """Write atomically with owner-only permissions; a crash leaves the old file intact."""
    path = path or config_path()
    target = Path(os.path.realpath(path))  # keep a dotfiles symlink pointing at the new content
    write_private_atomically(target, tomli_w.dumps(config.to_toml()).encode("utf-8"))
    return target


def write_private_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # mkstemp creates the file 0600, so the content is never readable by others, even briefly.
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o600)
        os.replace(temp_name, path)
    except BaseException:
        try:
            os.unlink(temp_name)
        except FileNotFoundError:
            pass
        raise
