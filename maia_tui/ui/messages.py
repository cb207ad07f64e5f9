"""Messages that cross widgets and screens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the HTTP stack loads after the login screen paints
    from maia_tui.api.auth import TokenStatus
    from maia_tui.api.client import MaiaClient


@dataclass
class LoggedIn(Message):
    """The login form got a first token; the app takes over the client from here."""

    client: MaiaClient


@dataclass
class TokenChanged(Message):
    """The token manager changed state (refresh started, succeeded, failed, refused)."""

    status: TokenStatus


@dataclass
class ProfileChosen(Message):
    """A saved profile was picked on the login form (filled in by the credentials layer)."""

    name: str
