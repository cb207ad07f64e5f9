"""Switching to another saved profile in place, from the credential board (`enter`) or the
palette ("Switch profile: NAME"), without going back to the login screen.

The new credential signs in first, with its secret read from the keyring off the UI thread.
Only once it holds a token does the old session end cleanly (refresh loop stopped, token dropped,
caches and section screens gone: `MaiaApp.close_session`) and the new one start on the projects,
its client named in the status bar. A switch that fails leaves the old session as it was and says
why. Imported with the app, so this module stays light: the rest loads when a switch starts.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from maia_tui.api.errors import MaiaError
from maia_tui.api.text import printable
from maia_tui.ui.app_view import maia_app
from maia_tui.ui.defaults import DEMO_LABEL

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from maia_tui.api.client import MaiaClient
    from maia_tui.api.regions import Endpoints

GROUP = "switch-profile"


def is_session_of(client_id: str | None, endpoints: Endpoints, client: MaiaClient | None) -> bool:
    """Whether the session's client is this credential at this place (the board's "signed in here")."""
    if client is None:
        return False
    return (client_id, endpoints.api_base, endpoints.token_url) == (
        client.client_id,
        client.endpoints.api_base,
        client.endpoints.token_url,
    )


def switching(node: DOMNode) -> bool:
    return any(worker.group == GROUP and not worker.is_finished for worker in node.app.workers)


def switch_profile(node: DOMNode, name: str) -> None:
    """Start switching to profile `name` (a worker of the app: it outlives the screen that asked)."""
    if switching(node):
        node.app.notify("A profile switch is already under way.", timeout=2, markup=False)
        return
    node.app.run_worker(_switch(node, name), group=GROUP, exit_on_error=False)


async def _switch(node: DOMNode, name: str) -> None:
    app = maia_app(node)
    notify = node.app.notify
    session = app.session
    book = app.profiles
    profile = book.get(name) if book is not None else None
    if session is None or book is None or profile is None:
        _refused(node, name, f"there is no saved profile {name!r} any more")
        return
    notify(f"Signing in with profile {name!r}…", title="Switch profile", timeout=3, markup=False)
    lookup = await asyncio.to_thread(book.load_secret, name)  # the keyring: never on the UI thread
    if lookup.secret is None:
        _refused(node, name, lookup.problem or "its secret could not be read")
        return
    ca_bundle = profile.ca_bundle or app.defaults.base_ca_bundle
    try:
        client = app.new_client(
            profile.endpoints, profile.client_id, lookup.secret, os.path.expanduser(ca_bundle) if ca_bundle else None
        )
    except (MaiaError, ValueError) as error:
        _refused(node, name, str(error))
        return
    try:
        await client.login()
    except MaiaError as error:
        await client.aclose()
        _refused(node, name, str(error))
        return
    except BaseException:
        await client.aclose()
        raise
    if app.session is not session:  # logged out (or switched) meanwhile: this sign-in is not wanted
        await client.aclose()
        return
    await app.close_session()
    label = DEMO_LABEL if app.defaults.demo else client.endpoints.label
    app.start_session(client, label, profile=name)
    notify(
        f"Signed in with profile {name!r} ({label}, client {client.client_id}).",
        title="Profile switched",
        markup=False,
    )


def _refused(node: DOMNode, name: str, why: str) -> None:
    """The old session stays: say why, and as whom the app is still signed in."""
    session = maia_app(node).session
    still = f" Still signed in as client {session.client_id}." if session is not None else ""
    node.app.notify(
        printable(f"Not switched to profile {name!r}: {why}", 400) + still,
        title="Switch profile",
        severity="error",
        timeout=10,
        markup=False,
    )


def switch_commands(node: DOMNode) -> Iterator[SystemCommand]:
    """The palette's "Switch profile: NAME", one per saved profile but the one signed in here."""
    app = maia_app(node)
    book, session = app.profiles, app.session
    if book is None or session is None:
        return
    for name in book.names:
        profile = book.get(name)
        if profile is None or is_session_of(profile.client_id, profile.endpoints, session.client):
            continue
        where = DEMO_LABEL if app.defaults.demo else profile.endpoints.label
        yield SystemCommand(
            f"Switch profile: {name}",
            f"Sign in as {profile.client_id} ({where}) in place of this session",
            partial(switch_profile, node, name),
        )
