"""Messages that cross widgets and screens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:  # the HTTP stack loads after the login screen paints
    from maia_tui.api.auth import TokenStatus
    from maia_tui.api.health import HealthStatus


@dataclass
class TokenChanged(Message):
    """The token manager changed state (refresh started, succeeded, failed, refused).

    Posted to the app from the manager's callback, so every screen's status bar repaints
    at once and a refusal can send the person back to the login screen."""

    status: TokenStatus


@dataclass
class ConnectionChanged(Message):
    """The API stopped answering, failed again, planned a retry, or answers again.

    Posted to the app from the client's health callback: status bars repaint, the app probes
    until the server answers, then screens fetch again what they could not."""

    status: HealthStatus


@dataclass
class OpenExecution(Message):
    """Show one run's live execution screen (after starting it, or to see the run a conflict
    named). The app fetches the run first, since the screen starts from it."""

    project_id: str
    execution_id: str
