"""A schedule explained to a person: its Quartz cron in plain English (cron-descriptor), its
interval, its next fire times in the schedule's zone and the local one, and whether the
server's `nextRunAt` agrees with what the expression says."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cron_descriptor import ExpressionDescriptor, Options
from croniter import CroniterError, croniter

from maia_tui.api.models import Schedule, parse_time

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

_QUARTZ_WEEKDAY = re.compile(r"(?<![#/\d])([1-7])(?!\d)")


def _croniter_expression(expression: str) -> str:
    """Quartz (seconds first, optional year, day of week 1 = Sunday) in croniter's dialect
    (seconds first with `second_at_beginning`, day of week 0 = Sunday)."""
    fields = expression.split()
    if len(fields) not in (6, 7):
        raise ValueError(f"a Quartz expression has 6 or 7 fields, this one has {len(fields)}")
    if len(fields) == 7 and fields[6] not in ("*", "?"):
        raise ValueError("a year field other than * is not supported")
    fields = fields[:6]
    weekday = _QUARTZ_WEEKDAY.sub(lambda m: str(int(m.group(1)) - 1), fields[5])
    fields[5] = re.sub(r"^(\w+)L$", r"L\1", weekday)  # Quartz `6L` (last Friday) is croniter's `L5`
    return " ".join(fields)


def cron_fire_times(expression: str, zone: tzinfo, after: datetime, count: int) -> list[datetime]:
    """The next `count` fire times strictly after `after`, as aware times in `zone`.

    Walked on the zone's wall clock, as Quartz does: a time in the spring-forward gap fires
    an hour later (01:30 becomes 02:30 BST) and a time in the repeated autumn hour fires once."""
    start = after.astimezone(zone).replace(tzinfo=None)
    try:
        walls = croniter(_croniter_expression(expression), start, ret_type=datetime, second_at_beginning=True)
        times: list[datetime] = []
        while len(times) < count:
            moment = walls.get_next().replace(tzinfo=zone, fold=0).astimezone(UTC).astimezone(zone)
            if moment > after and (not times or moment > times[-1]):
                times.append(moment)
        return times
    except (CroniterError, KeyError) as error:
        raise ValueError(f"cannot read {expression!r}: {error}") from error


INTERVAL_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 7 * 86400}


def interval_fire_times(interval: int, unit: str, start: datetime, after: datetime, count: int) -> list[datetime]:
    """Fixed steps of `interval` units from `start` (the schedule's effective-from time)."""
    word = INTERVAL_UNITS.get(unit.strip().lower())
    if word not in INTERVAL_SECONDS or interval <= 0:
        raise ValueError(f"cannot step by {interval} {unit}")
    step = timedelta(seconds=interval * INTERVAL_SECONDS[word])
    passed = max(0, int((after - start) // step) + 1) if after >= start else 0
    return [start + step * (passed + k) for k in range(count)]


def fire_times(schedule: Schedule, now: datetime, count: int = FIRE_TIMES) -> list[datetime]:
    """What the app expects the schedule to do next, computed from its own expression."""
    zone = schedule_zone(schedule.cron_timezone) or UTC
    if schedule.cron_expression:
        return cron_fire_times(schedule.cron_expression, zone, now, count)
    interval = schedule.interval_expression
    if interval is not None:
        start = parse_time(schedule.effective_from) or parse_time(schedule.last_run_at)
        if start is None:
            raise ValueError("an interval schedule without a start time")
        return [t.astimezone(zone) for t in interval_fire_times(interval.interval, interval.unit, start, now, count)]
    return []
