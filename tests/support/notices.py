"""What the app was asked to notify, read through public API only.

Textual keeps notifications in the private `App._notifications`. Instead, `record_notifications`
(autouse in every test) wraps MaiaApp.notify, which still runs, and keeps every
notification per app; a widget's or screen's `notify` goes through the app's."""

from __future__ import annotations

from collections.abc import Iterator
from weakref import WeakKeyDictionary

import pytest
from textual.app import App
from textual.notifications import Notification, SeverityLevel

from maia_tui.ui.app import MaiaApp

_sent: WeakKeyDictionary[App[object], list[Notification]] = WeakKeyDictionary()


def notifications(app: App[object]) -> list[Notification]:
    """Every notification `app` was asked to show, oldest first."""
    return _sent.setdefault(app, [])


@pytest.fixture(autouse=True)
def record_notifications(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    original = MaiaApp.notify

    def notify(
        self: MaiaApp,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        shown_for = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        notifications(self).append(Notification(message, title, severity, shown_for, markup))
        original(self, message, title=title, severity=severity, timeout=timeout, markup=markup)

    monkeypatch.setattr(MaiaApp, "notify", notify)
    yield
