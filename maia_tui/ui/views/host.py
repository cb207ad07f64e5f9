"""What a generic view needs from the app it runs in, without importing the app module
(views are imported by screens, screens by the app): its clock, how times are shown, and the
session's shared caches. Any Textual app works; MaiaApp provides the real values."""

from __future__ import annotations

import weakref
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from maia_tui.api.clock import Clock, SystemClock
from maia_tui.ui.resources.base import RowContext
from maia_tui.ui.session import Caches

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.dom import DOMNode

    from maia_tui.api.client import MaiaClient
    from maia_tui.ui.project_names import ProjectNames

_SYSTEM_CLOCK = SystemClock()
# Caches for an app without a session (a view tried on its own): one per client, dropped with it.
_FALLBACK: weakref.WeakKeyDictionary[Any, Caches] = weakref.WeakKeyDictionary()


class Host:
    def __init__(self, app: Any) -> None:
        self.app = app

    @property
    def clock(self) -> Clock:
        clock: Clock = getattr(self.app, "clock", _SYSTEM_CLOCK)
        return clock

    @property
    def utc(self) -> bool:
        return bool(getattr(self.app, "utc_times", False))

    @property
    def local_zone(self) -> tzinfo | None:
        zone: tzinfo | None = getattr(self.app, "local_zone", None)
        return zone

    def every_second(self, node: DOMNode, callback: Callable[[], object]) -> None:
        """Call back every second, on the app's one clock (ui/signals.py) when it has one."""
        signals = getattr(self.app, "signals", None)
        if signals is None:
            node.set_interval(1, callback)
        else:
            signals.second.subscribe(node, lambda _: callback())

    def project_names(self, client: MaiaClient) -> ProjectNames:
        """One cache per session (per client), kept on the app's session when there is one."""
        from maia_tui.ui.project_names import ProjectNames

        session = getattr(self.app, "session", None)
        holder = session.caches if session is not None else _FALLBACK.setdefault(client, Caches())
        names = holder.project_names
        if names is None or names.client is not client:
            names = holder.project_names = ProjectNames(client)
        return names

    def row_context(self, client: MaiaClient) -> RowContext:
        session = getattr(self.app, "session", None)
        names = session.caches.project_names if session is not None else None
        return RowContext(
            now=self.clock.now(), utc=self.utc, local=self.local_zone, project_names=names.names if names else {}
        )


def host_of(node: DOMNode) -> Host:
    return Host(node.app)
