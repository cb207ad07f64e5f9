"""The audit log (section 4): events in a time window (`from` and `to` are always sent; presets
24 h, 7 d, 30 d, 90 d), page/size, narrowed by event type and actor.

The API filters by time only, so with a type or actor filter each page of the list reads the
server's pages on until it is full or five were read (the header says how far: event_scan.py). A 403 says which permission the credential lacks; a 400 names the window."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from rich.text import Text

from maia_tui.api.client import MaiaClient
from maia_tui.api.errors import BadRequest, Forbidden
from maia_tui.api.models import AuditEvent, Page
from maia_tui.api.text import printable
from maia_tui.resources.events import KIND as EVENTS_KIND
from maia_tui.ui.resources import cells
from maia_tui.ui.resources.base import Column, Live, Query, Resource
from maia_tui.ui.resources.event_scan import EventScan

# (label, length), in the order `w` cycles through them. The API keeps 90 days.
WINDOWS: tuple[tuple[str, timedelta], ...] = (
    ("24 h", timedelta(hours=24)),
    ("7 d", timedelta(days=7)),
    ("30 d", timedelta(days=30)),
    ("90 d", timedelta(days=90)),
)
DEFAULT_WINDOW = "24 h"
PERMISSION_HINT = (
    'This credential needs the "View Audit Events" permission to read the audit log: '
    "ask an account administrator to add it to the credential's role, then press {key:list.reload}"
)


def window_query(label: str, now: datetime, event_type: str = "", actor: str = "") -> dict[str, Any]:
    """The list's query: the window ends now and starts `label` earlier."""
    length = dict(WINDOWS)[label]
    scan = EventScan()  # a new query: its filtered pages are found afresh
    return {"window": label, "start": now - length, "end": now, "event_type": event_type, "actor": actor, "scan": scan}


def slid(query: Query, now: datetime) -> dict[str, Any]:
    """The same window and filters, ending `now`."""
    label = str(query.get("window") or DEFAULT_WINDOW)
    return window_query(label, now, str(query.get("event_type") or ""), str(query.get("actor") or ""))


def next_window(label: str) -> str:
    labels = [name for name, _ in WINDOWS]
    return labels[(labels.index(label) + 1) % len(labels)]


def matches(event: AuditEvent, query: Query) -> bool:
    event_type = str(query.get("event_type") or "").strip().lower()
    actor = str(query.get("actor") or "").strip().lower()
    if event_type and event_type not in f"{event.event_type or ''} {event.event_name or ''}".lower():
        return False
    return not actor or actor in f"{event.actor_email or ''} {event.actor_id or ''}".lower()


def _when(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


async def _page(client: MaiaClient, query: Query, page: int, size: int) -> Page[AuditEvent]:
    """A page of events; with a type or actor filter, a page of the events that match, read
    from as many server pages as it takes (event_scan.py)."""
    scan = query.get("scan")
    if not isinstance(scan, EventScan) or not (query.get("event_type") or query.get("actor")):
        return await _server_page(client, query, page, size)
    return await scan.page(
        page, size, lambda number, count: _server_page(client, query, number, count), lambda e: matches(e, query)
    )


async def _server_page(client: MaiaClient, query: Query, page: int, size: int) -> Page[AuditEvent]:
    start, end = query["start"], query["end"]
    try:
        return await client.list_events(start, end, page=page, size=size)
    except Forbidden as error:
        raise Forbidden(
            error.message, status=error.status, detail=error.detail, host=error.host, hint=PERMISSION_HINT
        ) from error
    except BadRequest as error:
        hint = (
            f"The window asked for was {_when(start)} to {_when(end)}; the audit log keeps 90 days. "
            "Press {key:audit.window} for another window or {key:list.reload} to try again"
        )
        raise BadRequest(error.message, status=error.status, detail=error.detail, host=error.host, hint=hint) from error


def describe(query: Mapping[str, Any]) -> Text:
    """The header's account of the window and filters."""
    text = Text(f" · last {query.get('window', DEFAULT_WINDOW)}", style="bold")
    start, end = query.get("start"), query.get("end")
    if isinstance(start, datetime) and isinstance(end, datetime):
        text.append(f" ({start:%Y-%m-%d %H:%M} → {end:%Y-%m-%d %H:%M} UTC)", style="dim")
    for key, label in (("event_type", "type"), ("actor", "actor")):
        if query.get(key):
            text.append(f" · {label} ~ ")
            text.append(printable(query[key], 40), style="bold")
    return text


EVENTS: Resource[AuditEvent] = Resource(
    kind=dataclasses.replace(EVENTS_KIND, fetch_page=_page),  # adds what to do on 403 and 400
    heading="Audit log",
    columns=(
        cells.time_column("time", "Time", lambda e: e.event_timestamp, width=26, priority=2),
        Column("type", "Type", lambda e, ctx: cells.text(e.event_type), width=12, priority=3),
        Column("name", "Event", lambda e, ctx: cells.text(e.event_name), width=40, min_width=12, priority=1),
        Column(
            "actor",
            "Actor",
            lambda e, ctx: cells.text(e.actor_email or e.actor_id),
            width=40,
            min_width=12,
            priority=4,
            optional=True,
        ),
        Column(
            "subject",
            "Subject",
            lambda e, ctx: cells.text(
                f"{e.event_subject_type or ''} {e.event_subject_name or ''}".strip() or e.event_description, 200
            ),
            priority=5,
            optional=True,
        ),
    ),
    filter_text=lambda e: (
        f"{e.event_name or ''} {e.event_type or ''} {e.actor_email or ''} {e.event_subject_name or ''}"
    ),
    empty="No audit events in this window: press {key:audit.window} for a longer one.",
    opens=False,
    # The window ends now, so new events arrive: the page shown is read again every 30 s.
    live=Live(fast=30.0, slow=30.0, slide=lambda query, now: slid(query, now)),
)
