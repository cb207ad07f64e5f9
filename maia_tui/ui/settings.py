"""The app's remembered choices (theme, projects page size, local or UTC times), kept in the
config file's [settings] beside the profiles.

Read once before the app starts (`read_settings`: the file is small and tomllib quick, so the
first frame already has the chosen theme), written on a worker thread whenever a person changes
one (`remember_settings`), never on the UI thread. No Textual here."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from pathlib import Path

from maia_tui.credentials.config import Settings, load_config, save_config
from maia_tui.credentials.errors import ConfigError

log = logging.getLogger(__name__)
# Profiles are saved from other threads too: one writer at a time, each reading the file afresh.
_WRITING = threading.Lock()


def read_settings(path: Path | None = None) -> Settings:
    """The remembered settings; the defaults when the file is missing or cannot be used (the
    login form says why once it reads the profiles)."""
    try:
        return load_config(path).settings
    except (ConfigError, OSError) as error:
        log.debug("settings not read: %s", error)
        return Settings()


def remember_settings(chosen: Settings, path: Path | None = None) -> Path:
    """Write the theme, page size and time display of `chosen` into the file, keeping the
    profiles and every other setting as the file has them now."""
    with _WRITING:
        config = load_config(path)
        settings = replace(
            config.settings, theme=chosen.theme, page_size=chosen.page_size, time_display=chosen.time_display
        )
        return save_config(replace(config, settings=settings), path)
