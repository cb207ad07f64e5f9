"""`maia-tui` without a subcommand: build the login form's defaults (command line > environment >
saved profile > defaults), start the emulator for --demo, run the app.

Before the first paint the form is filled from the command line and environment only
(`quick_defaults`); the config file is read, and the form resolved against the saved profile,
by the login screen on a thread right after it has painted (`resolve_profiles`), and a
profile's secret comes from the keyring after that. The emulator is imported only in demo
mode, and demo mode neither reads nor writes the user's config.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from maia_tui.api.regions import REGIONS
from maia_tui.api.secret import Secret
from maia_tui.ui.defaults import CUSTOM_REGION, DEMO_REGION, LoginDefaults

if TYPE_CHECKING:
    from maia_tui.credentials.config import Config
    from maia_tui.ui.app import MaiaApp
    from maia_tui.ui.profiles import ProfileBook


def quick_defaults(args: argparse.Namespace, environ: Mapping[str, str] = os.environ) -> LoginDefaults:
    """The form as first painted: the command line and environment only, by resolve_login's
    rules (the strongest layer that names a place decides it, its URL before its region).
    Cheap on purpose: no credentials module, no file."""

    def arg(name: str) -> str:
        return (getattr(args, name, None) or "").strip()

    def env(name: str) -> str:
        return environ.get(name, "").strip()

    if arg("region") or arg("api_url"):
        region, api_url = (CUSTOM_REGION, arg("api_url")) if arg("api_url") else (arg("region"), "")
    elif env("MAIA_API_URL"):
        region, api_url = CUSTOM_REGION, env("MAIA_API_URL")
    else:
        region, api_url = env("MAIA_REGION") or "eu1", ""
    ca_bundle = arg("ca_bundle") or env("MAIA_CA_BUNDLE")
    allow_writes, notice = _writes_from(args, environ)
    return LoginDefaults(
        client_id=env("MAIA_CLIENT_ID"),
        # Straight into a Secret: no plain str of it may sit in a frame a crash would print.
        secret=Secret(environ["MAIA_CLIENT_SECRET"]) if environ.get("MAIA_CLIENT_SECRET") else None,
        region=region,
        api_url=api_url,
        token_url=arg("token_url") or env("MAIA_TOKEN_URL"),
        ca_bundle=os.path.expanduser(ca_bundle) if ca_bundle else None,
        base_ca_bundle=os.path.expanduser(ca_bundle) if ca_bundle else None,
        allow_writes=allow_writes,
        notice=notice,
    )


def _writes_from(args: argparse.Namespace, environ: Mapping[str, str]) -> tuple[bool, str | None]:
    """--allow-writes or MAIA_ALLOW_WRITES; an unreadable value stays read-only and says why."""
    from maia_tui.credentials.errors import ConfigError
    from maia_tui.credentials.writes import resolve_writes

    try:
        return resolve_writes(flag=bool(getattr(args, "allow_writes", False)), env=environ).allowed, None
    except ConfigError as error:
        return False, f"Read-only: {error}"


def defaults_from(
    args: argparse.Namespace, environ: Mapping[str, str] = os.environ, config: Config | None = None
) -> LoginDefaults:
    """Pre-fill the form. A secret comes only from the environment here, never the command line;
    a profile's stored secret is left for the screen to read (`secret_in_keyring`)."""
    from maia_tui.credentials.config import Config
    from maia_tui.credentials.errors import ProfileNotFound
    from maia_tui.credentials.resolve import (
        COMMAND_LINE,
        DEFAULT,
        ENV_CA_BUNDLE,
        ENV_PROFILE,
        CommandLine,
        resolve_login,
    )

    config = config if config is not None else Config()
    command_line = CommandLine(
        profile=getattr(args, "profile", None),
        region=getattr(args, "region", None),
        api_url=getattr(args, "api_url", None),
        token_url=getattr(args, "token_url", None),
        ca_bundle=getattr(args, "ca_bundle", None),
    )
    notice = None
    try:
        login = resolve_login(command_line, config=config, env=environ)
    except ProfileNotFound as error:
        # Start on the form without any profile (not even the last used one) and say why.
        notice = error.message
        environ = {k: v for k, v in environ.items() if k != ENV_PROFILE}
        login = resolve_login(
            replace(command_line, profile=None), config=replace(config, last_profile=None), env=environ
        )

    endpoints = login.endpoints
    explicit_token_url = login.sources.get("token_url", DEFAULT) != DEFAULT
    if endpoints.region in REGIONS:
        region, api_url = endpoints.region, ""
    else:
        region, api_url = CUSTOM_REGION, endpoints.api_base
    profile = config.profiles.get(login.profile) if login.profile else None
    explicit = login.sources.get("profile") in (COMMAND_LINE, f"environment ({ENV_PROFILE})")
    in_keyring = profile is not None and login.client_secret is None and login.secret_problem is None
    if explicit and login.secret_problem:
        notice = f"{login.secret_problem[:1].upper()}{login.secret_problem[1:]}: type the secret in."
    base_ca_bundle = command_line.ca_bundle or environ.get(ENV_CA_BUNDLE, "").strip() or None
    return LoginDefaults(
        client_id=login.client_id or "",
        secret=login.client_secret,  # from MAIA_CLIENT_SECRET, already a Secret
        region=region,
        api_url=api_url,
        token_url=endpoints.token_url if explicit_token_url else "",
        ca_bundle=login.ca_bundle,
        profile=login.profile,
        secret_in_keyring=in_keyring,
        auto_login=explicit and (in_keyring or login.complete),
        notice=notice,
        base_ca_bundle=os.path.expanduser(base_ca_bundle) if base_ca_bundle else None,
        allow_writes=_writes_from(args, environ)[0],
    )


def load_profiles(environ: Mapping[str, str] = os.environ) -> ProfileBook:
    """The config file (MAIA_TUI_CONFIG or the platform's place); a broken file is reported, not fatal."""
    from maia_tui.credentials.config import Config, config_path, load_config
    from maia_tui.credentials.errors import ConfigError
    from maia_tui.ui.profiles import ProfileBook

    path = config_path(dict(environ))
    try:
        return ProfileBook(path, load_config(path))
    except ConfigError as error:
        return ProfileBook(path, Config(), problem=f"The config file cannot be used: {error}")


def resolve_profiles(args: argparse.Namespace, environ: Mapping[str, str]) -> tuple[ProfileBook, LoginDefaults]:
    """Read the config file and resolve the form against it (on a thread, after the first paint)."""
    book = load_profiles(environ)
    defaults = defaults_from(args, environ, book.config)
    if book.problem:
        defaults = replace(defaults, notice=book.problem)
    return book, defaults


def build_app(args: argparse.Namespace, environ: Mapping[str, str] = os.environ, **app_options: object) -> MaiaApp:
    """The app for a normal (not demo) start. Profiles are read once the login form is on screen."""
    from maia_tui.ui.app import MaiaApp
    from maia_tui.ui.defaults import ProfileSource
    from maia_tui.ui.settings import read_settings, settings_path

    environ = dict(environ)  # a snapshot: it is resolved later, on another thread
    source = ProfileSource(partial(resolve_profiles, args, environ))
    app_options.setdefault("settings", read_settings(settings_path(environ)))
    app_options.setdefault("remember", True)
    return MaiaApp(quick_defaults(args, environ), profiles=source, **app_options)  # type: ignore[arg-type]


def demo_login_defaults(api_url: str, token_url: str, **overrides: object) -> LoginDefaults:
    """The login form pointed at an emulator at these URLs, with its demo credentials filled in."""
    from maia_tui.emulator.config import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET

    values: dict[str, object] = dict(
        client_id=DEMO_CLIENT_ID,
        secret=Secret(DEMO_CLIENT_SECRET),
        region=DEMO_REGION,
        api_url=api_url,
        token_url=token_url,
        demo=True,
    )
    values.update(overrides)
    return LoginDefaults(**values)  # type: ignore[arg-type]


@contextlib.contextmanager
def running_demo(seed: int | None = None) -> Iterator[tuple[LoginDefaults, ProfileBook]]:
    """Run the emulator on a free loopback port, with the demo profiles (ui/demo.py) in a
    throwaway config file and keyring, for as long as the app runs."""
    from maia_tui.emulator import running_emulator
    from maia_tui.ui.demo import demo_emulator_config, demo_profiles

    config = demo_emulator_config() if seed is None else demo_emulator_config(seed=seed)
    with running_emulator(config) as emulator, demo_profiles(emulator.api_base, emulator.token_url) as book:
        yield demo_login_defaults(emulator.api_base, emulator.token_url), book


@contextlib.contextmanager
def demo_defaults(seed: int | None = None) -> Iterator[LoginDefaults]:
    """The demo's login form, its emulator running for as long as the app runs."""
    with running_demo(seed) as (defaults, _):
        yield defaults


def run_app(args: argparse.Namespace) -> int:
    # No garbage collection until the login form has painted (LoginScreen._after_first_paint):
    # start-up makes tens of thousands of objects that live all session, and the collector
    # would walk them a hundred times before the first frame (~25 ms of ~300; bench_ui.py).
    gc.disable()
    from maia_tui.ui.app import MaiaApp
    from maia_tui.ui.settings import read_settings

    if getattr(args, "demo", False):
        # The demo is read-only too, unless --allow-writes or MAIA_ALLOW_WRITES=1 say otherwise.
        with running_demo() as (defaults, book):
            allow_writes, notice = _writes_from(args, os.environ)
            demo = replace(defaults, allow_writes=allow_writes, notice=notice)
            app = MaiaApp(demo, settings=read_settings(), remember=True)
            app.profiles = book  # the demo profiles, never the user's (the login form does not read them)
            result = app.run()
    else:
        result = build_app(args).run()
    return result if isinstance(result, int) else 0
