"""Messages that cross widgets and screens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the HTTP stack loads after the login screen paints
    from maia_tui.api.auth import TokenStatus


@dataclass
class TokenChanged(Message):
    """The token manager changed state (refresh started, succeeded, failed, refused).

    Posted to the app from the manager's callback, so every screen's status bar repaints
    at once and a refusal can send the person back to the login screen."""

    status: TokenStatus
