"""The audit log (§8): page/size within a time window (`from` and `to` always sent)."""

from maia_tui.api.models import AuditEvent
from maia_tui.resources.base import Filter, Kind

KIND: Kind[AuditEvent] = Kind(
    name="events",
    title="Audit events",
    noun="event",
    key=lambda event: event.event_id,
    export_columns=(
        "eventId",
        "eventTimestamp",
        "eventName",
        "eventType",
        "actorEmail",
        "eventSubjectType",
        "eventSubjectName",
        "eventProjectId",
        "additionalInfo.ip",
    ),
    fetch_page=lambda client, query, page, size: client.list_events(query["start"], query["end"], page=page, size=size),
    filters=(Filter.SINCE, Filter.UNTIL),
)
