"""The app's remembered choices (theme, projects page size, local or UTC times), kept in the
config file's [settings] beside the profiles.

Read once before the app starts (`read_settings`: the file is small and tomllib quick, so the
first frame already has the chosen theme; with no file yet, nothing is even imported), written
on a worker thread whenever a person changes one (`remember_settings`), never on the UI thread.
No Textual here."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from maia_tui.credentials.config import Settings

log = logging.getLogger(__name__)
# Profiles are saved from other threads too: one writer at a time, each reading the file afresh.
_WRITING = threading.Lock()


def settings_path(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the config file is: credentials.config.config_path, without importing that module
    (and its TOML reader and writer) on a first start, when there is no file to read."""
    import platformdirs  # already loaded by Textual

    override = environ.get("MAIA_TUI_CONFIG")
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path("maia-tui", appauthor=False) / "config.toml"


def read_settings(path: Path | None = None) -> Settings | None:
    """The remembered settings; None when there is no config file yet, the defaults when it
    cannot be used (the login form says why once it reads the profiles)."""
    path = path or settings_path()
    if not path.is_file():
        return None
    from maia_tui.credentials.config import Settings, load_config
    from maia_tui.credentials.errors import ConfigError

    try:
        return load_config(path).settings
    except (ConfigError, OSError) as error:
        log.debug("settings not read: %s", error)
        return Settings()


def remember_settings(chosen: Settings, path: Path | None = None) -> Path:
    """Write the theme, page size and time display of `chosen` into the file, keeping the
    profiles and every other setting as the file has them now."""
    from maia_tui.credentials.config import load_config, save_config

    with _WRITING:
        config = load_config(path)
        settings = replace(
            config.settings, theme=chosen.theme, page_size=chosen.page_size, time_display=chosen.time_display
        )
        return save_config(replace(config, settings=settings), path)
