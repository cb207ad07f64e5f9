"""A schedule explained to a person: its Quartz cron in plain English (cron-descriptor), its
interval, its next fire times in the schedule's zone and the local one, and whether the
server's `nextRunAt` agrees with what the expression says."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cron_descriptor import ExpressionDescriptor, Options  # type: ignore[import-untyped]

from maia_tui.api.models import Schedule, parse_time
from maia_tui.api.quartz import Interval, QuartzError, next_fire_times

FIRE_TIMES = 5
# The server may round `nextRunAt` or compute it a little before a fire; beyond this, say so.
NEXT_RUN_TOLERANCE = timedelta(seconds=1)
INTERVAL_UNITS = {
    "second": "second",
    "seconds": "second",
    "minute": "minute",
    "minutes": "minute",
    "hour": "hour",
    "hours": "hour",
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
}


def describe_cron(expression: str) -> str:
    """A Quartz expression (seconds first, `?`, day of week 1 = Sunday) in plain English."""
    options = Options()
    options.day_of_week_start_index_zero = False  # Quartz counts days of the week from 1 = Sunday
    options.use_24hour_time_format = True
    try:
        return str(ExpressionDescriptor(expression, options).get_description())
    except Exception as error:  # cron-descriptor raises several types for what it cannot read
        return f"(cannot describe this expression: {error})"


def describe_interval(interval: int, unit: str) -> str:
    """`{interval: 2, unit: "HOURS"}` -> "Every 2 hours"; an unknown unit is shown as it came."""
    word = INTERVAL_UNITS.get(unit.strip().lower())
    if word is None:
        return f"Every {interval} {unit}"
    if interval == 1:
        return f"Every {word}"
    return f"Every {interval} {word}s"


def describe_every(interval: int | None, unit: str | None) -> str:
    """An interval expression whose fields may be missing, in words."""
    if interval is None or not unit:
        return f"Every {interval if interval is not None else '?'} {unit or '(no unit)'}"
    return describe_interval(interval, unit)


def schedule_zone(name: str | None) -> tzinfo | None:
    """The schedule's zone, or None when it is missing or unknown to this machine."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


@dataclass(frozen=True)
class NextRunCheck:
    """The app's first fire time against the server's `nextRunAt`."""

    computed: datetime | None
    server: datetime | None
    server_text: str | None

    @property
    def agrees(self) -> bool:
        if self.computed is None or self.server is None:
            return self.computed is None and self.server is None
        return abs(self.computed - self.server) <= NEXT_RUN_TOLERANCE

    def words(self) -> str:
        if self.server_text is None:
            return "The server gave no next run." if self.computed else ""
        if self.server is None:
            return f"The server's next run {self.server_text!r} is not a time."
        if self.computed is None:
            return "The server gives a next run, but the expression gives none."
        if self.agrees:
            return "Matches the server's next run."
        return f"Mismatch: the server says the next run is {self.server.isoformat()}."


def check_next_run(fire_times: Sequence[datetime], next_run_at: str | None, enabled: bool | None) -> NextRunCheck:
    """A disabled schedule has no next run; an enabled one's first fire time should be it."""
    computed = fire_times[0] if fire_times and enabled is not False else None
    return NextRunCheck(computed, parse_time(next_run_at), next_run_at)


def zone_time(moment: datetime, zone: tzinfo | None) -> str:
    """`Mon 02 Mar 06:30 GMT`: weekday and zone abbreviation, since DST moves them."""
    shown = moment.astimezone(zone)
    return shown.strftime("%a %d %b %Y %H:%M %Z")


# ----- fire times ---------------------------------------------------------------------------


def fire_times(schedule: Schedule, now: datetime, count: int = FIRE_TIMES) -> list[datetime]:
    """What the app expects the schedule to do next, from its own expression (maia_tui.api.quartz,
    the same rules the emulator fires by), as aware times in the schedule's zone.
    Raises ValueError (QuartzError) when the expression, interval or zone cannot be used."""
    zone_name = schedule.cron_timezone or "UTC"
    zone = schedule_zone(zone_name) or UTC
    expression: str | Interval
    if schedule.cron_expression:
        expression = schedule.cron_expression
    elif schedule.interval_expression is not None:
        every = schedule.interval_expression
        start = parse_time(schedule.effective_from) or parse_time(schedule.last_run_at)
        if start is None:
            raise QuartzError("an interval schedule needs a start time (effectiveFrom)")
        if every.interval is None or not every.unit:
            raise QuartzError("the interval expression lacks its interval or unit")
        expression = Interval(every.interval, every.unit, start)
    else:
        return []
    return [t.astimezone(zone) for t in next_fire_times(expression, zone_name, now, count)]
