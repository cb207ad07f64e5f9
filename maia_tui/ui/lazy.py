"""Start-up's one rule, in one place: what is loaded only after the login form has painted.

`maia-tui` must paint its login form within 1.3x the time of a minimal Textual app, so the
modules below are not imported at start-up. Code that needs one writes `lazy.MaiaClient`
(`from maia_tui.ui import lazy`): the first use imports its module, later uses are a plain
attribute. Once the form has painted, `load_all` (on a thread, LoginScreen.warm_up) imports them
all while the person types, so neither Enter nor the first browsing screen waits for them.

A module belongs here when the login form's first frame does not need it: the HTTP stack (httpx
and the API client), the browsing and help screens, the saved profiles (config parser, keyring).
cli.py and ui/launch.py run before the app exists and import what each command needs inside it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what each name is, for the type checker; at run time see LATER
    from rich.segment import Segments as Segments
    from rich.traceback import Traceback as Traceback

    from maia_tui.api.auth import TokenState as TokenState
    from maia_tui.api.client import MaiaClient as MaiaClient
    from maia_tui.api.client import default_ssl_context as default_ssl_context
    from maia_tui.api.client import timeout_from_environ as timeout_from_environ
    from maia_tui.credentials.config import Profile as Profile
    from maia_tui.credentials.config import check_profile_name as check_profile_name
    from maia_tui.credentials.config import load_config as load_config
    from maia_tui.credentials.errors import KeyringUnavailable as KeyringUnavailable
    from maia_tui.credentials.profiles import remember_profile as remember_profile
    from maia_tui.credentials.profiles import remove_profile as remove_profile
    from maia_tui.credentials.profiles import secret_store_for as secret_store_for
    from maia_tui.ui.format import clock_text as clock_text
    from maia_tui.ui.format import error_text as error_text
    from maia_tui.ui.messages import ConnectionChanged as ConnectionChanged
    from maia_tui.ui.messages import TokenChanged as TokenChanged
    from maia_tui.ui.session import Session as Session

# name -> the module that defines it
LATER = {
    "Segments": "rich.segment",
    "Traceback": "rich.traceback",  # pygments and all: only for a crash report
    "TokenState": "maia_tui.api.auth",
    "MaiaClient": "maia_tui.api.client",
    "default_ssl_context": "maia_tui.api.client",
    "timeout_from_environ": "maia_tui.api.client",
    "Profile": "maia_tui.credentials.config",
    "check_profile_name": "maia_tui.credentials.config",
    "load_config": "maia_tui.credentials.config",
    "KeyringUnavailable": "maia_tui.credentials.errors",
    "remember_profile": "maia_tui.credentials.profiles",
    "remove_profile": "maia_tui.credentials.profiles",
    "secret_store_for": "maia_tui.credentials.profiles",
    "clock_text": "maia_tui.ui.format",
    "error_text": "maia_tui.ui.format",
    "ConnectionChanged": "maia_tui.ui.messages",
    "TokenChanged": "maia_tui.ui.messages",
    "Session": "maia_tui.ui.session",
}

# Screens and widgets for after the login: imported ahead by `load_all`, by name, and where used
# by a plain import inside the function that needs one (this module imports no screen, so no
# screen that uses it goes round in a circle).
SCREENS = (
    "maia_tui.ui.screens.base",
    "maia_tui.ui.screens.confirm",
    "maia_tui.ui.screens.help",
    "maia_tui.ui.screens.login_profiles",
    "maia_tui.ui.screens.project_detail",
    "maia_tui.ui.screens.projects",
    "maia_tui.ui.widgets.status_bar",
)

# Not loaded ahead: the credentials modules (keyring) load when the saved profiles are read, on
# their own thread; Rich's traceback (pygments) only for a crash report.
ON_USE_ONLY = {
    "maia_tui.credentials.config",
    "maia_tui.credentials.errors",
    "maia_tui.credentials.profiles",
    "rich.traceback",
}


def __getattr__(name: str) -> Any:
    module = LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later uses skip this function
    return value


def load_all() -> None:
    """Import what signing in and browsing need (a worker thread calls this once the form has
    painted), and load the CA store, which costs ~20 ms: not on Enter. ON_USE_ONLY load when
    first used, and only then."""
    for module in sorted((set(LATER.values()) | set(SCREENS)) - ON_USE_ONLY):
        importlib.import_module(module)
    __getattr__("default_ssl_context")()
