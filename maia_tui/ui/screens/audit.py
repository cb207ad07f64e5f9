"""Section 4: the audit log in a time window (w cycles 24 h, 7 d, 30 d, 90 d; the window ends
now), narrowed by event type (t) and actor (a). The window and filters are the list's query,
so they show in its header and are kept when you come back to the section."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import AuditEvent
from maia_tui.ui.resources.events import DEFAULT_WINDOW, EVENTS, WINDOWS, describe, next_window, window_query
from maia_tui.ui.screens.base import SessionScreen
from maia_tui.ui.screens.runs_filters import TextPrompt
from maia_tui.ui.views.resource_list import ResourceList


class AuditScreen(SessionScreen):
    HELP_TITLE = "Audit log"
    SECTION = "audit"
    BINDINGS = [
        Binding(
            "w", "next_window", "Window", tooltip="Time window: 24 h, 7 d, 30 d, 90 d (ending now)", id="audit.window"
        ),
        Binding("T", "filter_type", "Type", tooltip="Show only events of a type (e.g. LOGIN)", id="audit.type"),
        Binding(
            "a", "filter_actor", "Actor", tooltip="Show only events by an actor (part of an email)", id="audit.actor"
        ),
    ]

    def __init__(self, client: MaiaClient) -> None:
        super().__init__()
        self.client = client
        self.listing: ResourceList[AuditEvent] | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_chrome()
        query = window_query(DEFAULT_WINDOW, self.maia.clock.now())
        self.listing = ResourceList(EVENTS, self.client, query=query, describe=describe)
        yield self.listing

    @property
    def query_now(self) -> dict[str, object]:
        assert self.listing is not None
        return dict(self.listing.params)

    def set_window(self, label: str) -> None:
        """One of WINDOWS' labels; the window ends now."""
        assert self.listing is not None and label in dict(WINDOWS)
        query = self.query_now
        self.listing.set_query(
            window_query(label, self.maia.clock.now(), str(query.get("event_type", "")), str(query.get("actor", "")))
        )

    def action_next_window(self) -> None:
        self.set_window(next_window(str(self.query_now.get("window", DEFAULT_WINDOW))))

    def _refilter(self, key: str, value: str | None) -> None:
        if value is None or self.listing is None:
            return
        query = self.query_now
        query[key] = value
        self.listing.set_query(
            window_query(str(query["window"]), self.maia.clock.now(), str(query["event_type"]), str(query["actor"]))
        )

    def action_filter_type(self) -> None:
        note = "Part of an event type or name, e.g. LOGIN or pipeline_run. Empty: every type."
        current = str(self.query_now.get("event_type", ""))
        self.app.push_screen(TextPrompt("Event type", note, current), lambda v: self._refilter("event_type", v))

    def action_filter_actor(self) -> None:
        note = "Part of the actor's email or id. Empty: everyone."
        current = str(self.query_now.get("actor", ""))
        self.app.push_screen(TextPrompt("Actor", note, current), lambda v: self._refilter("actor", v))
