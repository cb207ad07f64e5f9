"""`maia-tui` without a subcommand: build the login form's defaults from the command line and
the environment (the command line wins), start the emulator for --demo, run the app.

The emulator is imported only in demo mode, so a normal start stays quick.
"""

from __future__ import annotations

import argparse
import contextlib
import os
from collections.abc import Iterator, Mapping

from maia_tui.api.secret import Secret
from maia_tui.ui.defaults import CUSTOM_REGION, DEMO_REGION, LoginDefaults


def defaults_from(args: argparse.Namespace, environ: Mapping[str, str] = os.environ) -> LoginDefaults:
    """Pre-fill the form; a secret comes only from the environment, never the command line."""
    api_url = getattr(args, "api_url", None) or environ.get("MAIA_API_URL", "")
    region = getattr(args, "region", None) or environ.get("MAIA_REGION", "") or (CUSTOM_REGION if api_url else "eu1")
    if getattr(args, "api_url", None) and not getattr(args, "region", None):
        region = CUSTOM_REGION  # a URL typed on the command line beats a region from the environment
    return LoginDefaults(
        client_id=environ.get("MAIA_CLIENT_ID", ""),
        # Straight into a Secret: no plain str of it may sit in a frame a crash would print.
        secret=Secret(environ["MAIA_CLIENT_SECRET"]) if environ.get("MAIA_CLIENT_SECRET") else None,
        region=region,
        api_url=api_url,
        token_url=getattr(args, "token_url", None) or environ.get("MAIA_TOKEN_URL", ""),
        ca_bundle=getattr(args, "ca_bundle", None) or environ.get("MAIA_CA_BUNDLE") or None,
    )


@contextlib.contextmanager
def demo_defaults(seed: int | None = None) -> Iterator[LoginDefaults]:
    """Run the emulator on a free loopback port for as long as the app runs."""
    from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorConfig, running_emulator

    config = EmulatorConfig() if seed is None else EmulatorConfig(seed=seed)
    with running_emulator(config) as emulator:
        yield LoginDefaults(
            client_id=DEMO_CLIENT_ID,
            secret=Secret(DEMO_CLIENT_SECRET),
            region=DEMO_REGION,
            api_url=emulator.api_base,
            token_url=emulator.token_url,
            demo=True,
        )


def run_app(args: argparse.Namespace) -> int:
    from maia_tui.ui.app import MaiaApp

    if getattr(args, "demo", False):
        with demo_defaults() as defaults:
            result = MaiaApp(defaults).run()
    else:
        result = MaiaApp(defaults_from(args)).run()
    return result if isinstance(result, int) else 0
