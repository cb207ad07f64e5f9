"""Fire times of Maia schedules: Quartz cron expressions and interval expressions.

Quartz crons have 6 or 7 fields, seconds first: `sec min hour day-of-month month day-of-week [year]`,
with `?`, `L`, `W`, `LW`, `#`, names (`MON-FRI`, `JAN`) and day numbers 1=SUN..7=SAT.

The calendar arithmetic (months, weekdays, `L`, `#`, time zones and DST, forward and backward)
is cronsim's; this module only translates Quartz syntax to cronsim's five minute-first fields and
adds what cronsim has not: the seconds and year fields and `nW`.

Around DST changes the rules are cronsim's (Debian cron's); Quartz's documentation says nothing
of them. When the minute and hour fields both name values (not `*` or `*/n`):
- a wall time that does not exist (spring forward) fires when the gap ends
  (`0 30 1 * * ?` in Europe/London on 2026-03-29 fires at 02:00 BST = 01:00 UTC);
- a wall time that happens twice (fall back) fires once, at its first occurrence.
Otherwise the cron follows real time: it keeps firing through both copies of a repeated hour, and
the wall times the clocks skip do not fire. docs/development.md ("Quartz and cron") compares this
with croniter's rules.

Interval expressions (`{"interval": 2, "unit": "HOURS"}`) fire every interval of absolute time from
their start (the schedule's `effectiveFrom`).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import islice
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cronsim import CronSim, CronSimError

__all__ = [
    "Interval",
    "QuartzError",
    "iter_fire_times",
    "next_fire_times",
    "parse_cron",
    "previous_fire_time",
]

_DAY_NAMES = {name: i + 1 for i, name in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"))}
_UNIT_SECONDS = {"SECONDS": 1, "MINUTES": 60, "HOURS": 3600, "DAYS": 86400, "WEEKS": 7 * 86400}
_MINUTE = timedelta(minutes=1)
_GIVE_UP_YEARS = 50  # cronsim's own limit for a cron that never matches


class QuartzError(ValueError):
    """An expression, interval or time zone this module cannot use; the message says which part."""


@dataclass(frozen=True)
class Interval:
    """Fires at start, start + interval*unit, ... (absolute time: DST does not move it)."""

    interval: int
    unit: str
    start: datetime

    @property
    def period(self) -> timedelta:
        seconds = _UNIT_SECONDS.get(self.unit.upper())
        if seconds is None:
            raise QuartzError(f"unknown interval unit {self.unit!r}; use one of {', '.join(_UNIT_SECONDS)}")
        if self.interval < 1:
            raise QuartzError(f"interval must be at least 1, got {self.interval}")
        return timedelta(seconds=seconds * self.interval)


@dataclass(frozen=True)
class QuartzCron:
    """A parsed Quartz expression: cronsim's five fields plus what cronsim lacks."""

    expression: str
    cron5: str
    seconds: tuple[int, ...]
    years: frozenset[int] | None
    nearest_weekday: int | None  # the n of `nW`


def _values(text: str, lo: int, hi: int, what: str) -> tuple[int, ...]:
    """A plain numeric field (seconds, year): `*`, `n`, `a-b`, lists, `/step`."""
    found: set[int] = set()
    for part in text.split(","):
        base, _, step_text = part.partition("/")
        try:
            step = int(step_text) if step_text else 1
            if base == "*":
                first, last = lo, hi
            elif "-" in base:
                a, b = base.split("-", 1)
                first, last = int(a), int(b)
            else:
                first = int(base)
                last = hi if step_text else first
        except ValueError:
            raise QuartzError(f"bad {what} field {text!r}") from None
        if step < 1 or not lo <= first <= last <= hi:
            raise QuartzError(f"bad {what} field {text!r}: values are {lo}-{hi}")
        found.update(range(first, last + 1, step))
    return tuple(sorted(found))


def _expand_start_step(part: str, top: int) -> str:
    """Quartz `5/15` means 5-top/15; cron wants the range written out."""
    base, slash, step = part.partition("/")
    if slash and base.isdigit():
        return f"{base}-{top}/{step}"
    return part


def _plain(field: str, top: int) -> str:
    return ",".join(_expand_start_step(part, top) for part in field.split(","))


def _day_of_week(field: str) -> str:
    """Quartz 1=SUN..7=SAT (or names) to cron 0=SUN..6=SAT, keeping `L`, `#` and ranges."""
    if field in ("*", "?"):
        return "*"
    if field == "L":
        return "6"  # `L` alone is the last day of the week: Saturday

    def number(token: str) -> str:
        value = _DAY_NAMES.get(token)
        if value is None:
            if not token.isdigit() or not 1 <= int(token) <= 7:
                raise QuartzError(f"bad day-of-week {token!r}: use 1-7 (1=SUN) or SUN-SAT")
            value = int(token)
        return str(value - 1)

    parts = []
    for part in field.split(","):
        if part.endswith("L"):
            parts.append(number(part[:-1]) + "L")
        elif "#" in part:
            day, nth = part.split("#", 1)
            parts.append(f"{number(day)}#{nth}")
        else:
            base, slash, step = part.partition("/")
            if base == "*":
                converted = "*"
            elif "-" in base:
                a, b = base.split("-", 1)
                converted = f"{number(a)}-{number(b)}"
            else:
                converted = number(base) + ("-6" if slash else "")
            parts.append(converted + (f"/{step}" if slash else ""))
    return ",".join(parts)


@lru_cache(maxsize=512)
def parse_cron(expression: str) -> QuartzCron:
    """Translate a Quartz expression, or raise QuartzError saying what is wrong."""
    fields = expression.upper().split()
    if len(fields) not in (6, 7):
        raise QuartzError(f"a Quartz cron has 6 or 7 fields (seconds first), got {len(fields)}: {expression!r}")
    sec, minute, hour, dom, month, dow = fields[:6]
    years = frozenset(_values(fields[6], 1970, 2199, "year")) if len(fields) == 7 and fields[6] != "*" else None
    if dom != "?" and dow != "?" and not (dom == "*" and dow == "*"):
        raise QuartzError("give either a day-of-month or a day-of-week, and '?' for the other")
    nearest = None
    if dom.endswith("W") and dom != "LW":
        day = dom[:-1]
        if not day.isdigit() or not 1 <= int(day) <= 31:
            raise QuartzError(f"bad day-of-month {dom!r}: 'W' follows a single day, e.g. 15W")
        nearest = int(day)
        dom = f"{max(1, nearest - 2)}-{min(31, nearest + 2)}"  # the nearest weekday is within two days
    elif dom.startswith("L-"):
        raise QuartzError(f"day-of-month {dom!r} (an offset from the last day) is not supported")
    cron5 = " ".join(
        [
            _plain(minute, 59),
            _plain(hour, 23),
            "*" if dom == "?" else _plain(dom, 31),
            _plain(month, 12),
            _day_of_week(dow),
        ]
    )
    seconds = _values(sec, 0, 59, "seconds")
    try:
        CronSim(cron5, datetime(2000, 1, 1, tzinfo=UTC))
    except CronSimError as exc:
        raise QuartzError(f"bad Quartz cron {expression!r}: {exc}") from None
    return QuartzCron(expression, cron5, seconds, years, nearest)


def _zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise QuartzError(f"unknown time zone {timezone!r}") from None


def _nearest_weekday(year: int, month: int, day: int) -> int | None:
    last = calendar.monthrange(year, month)[1]
    if day > last:
        return None
    weekday = calendar.weekday(year, month, day)
    if weekday == 5:  # Saturday: the Friday before, unless that leaves the month
        return day - 1 if day > 1 else day + 2
    if weekday == 6:  # Sunday: the Monday after, unless that leaves the month
        return day + 1 if day < last else day - 2
    return day


def _resume_after(cron: QuartzCron, local: datetime, reverse: bool) -> datetime | None:
    """Where to look again when cronsim's `local` minute is not a fire time (a year the cron
    leaves out, or not the `nW` day): a wall time just before the next year or day worth
    trying (after it, walking back). Restarting there, instead of taking cronsim's minutes one
    by one, keeps `0 * * * * ? 2030` from walking every minute of the years before 2030.
    None: nothing is left to try."""
    if cron.years is not None and local.year not in cron.years:
        later = [year for year in cron.years if (year < local.year if reverse else year > local.year)]
        if not later:
            return None
        year = max(later) if reverse else min(later)
        return local.replace(year + 1, 1, 1, 0, 0) if reverse else local.replace(year - 1, 12, 31, 23, 59)
    return local.replace(hour=0, minute=0) if reverse else local.replace(hour=23, minute=59)  # the next day


def _cron_times(cron: QuartzCron, zone: ZoneInfo, start: datetime, reverse: bool) -> Iterator[datetime]:
    # cronsim yields minutes strictly after the start's minute (or strictly before the start):
    # start one minute wide so the start's own minute is included, and filter exactly below.
    begin = (start + _MINUTE if reverse else start - _MINUTE).astimezone(zone)
    seconds = tuple(reversed(cron.seconds)) if reverse else cron.seconds
    minutes = CronSim(cron.cron5, begin, reverse=reverse)
    # Like cronsim, give up after 50 years without a fire time, counted from the start or from
    # the last jump to a year the cron lists: a jump is never wasted (the list is finite and each
    # jump passes the one before), so `? 2030,2090` still fires in 2090, as in Quartz.
    searching_since = begin.year
    while True:
        try:
            local = next(minutes)
        except StopIteration:  # cronsim gives up after 50 years without a match
            return
        in_year = cron.years is None or local.year in cron.years
        on_day = cron.nearest_weekday is None or local.day == _nearest_weekday(
            local.year, local.month, cron.nearest_weekday
        )
        if not (in_year and on_day):
            resume = _resume_after(cron, local, reverse)
            if resume is None:
                return
            if not in_year:
                searching_since = resume.year
            elif abs(resume.year - searching_since) > _GIVE_UP_YEARS:  # an `nW` day never found
                return
            minutes = CronSim(cron.cron5, resume, reverse=reverse)
            continue
        searching_since = local.year
        minute = local.astimezone(UTC)
        for second in seconds:
            when = minute + timedelta(seconds=second)
            if (when < start) if reverse else (when > start):
                yield when


def _interval_times(interval: Interval, start: datetime, reverse: bool) -> Iterator[datetime]:
    period = interval.period
    origin = interval.start.astimezone(UTC)
    k = (start - origin) // period  # the last fire at or before start
    if reverse:
        if origin + k * period >= start:
            k -= 1
        while k >= 0:
            yield origin + k * period
            k -= 1
    else:
        k = max(k + 1, 0)
        while True:
            yield origin + k * period
            k += 1


def iter_fire_times(
    expression: str | Interval, timezone: str, start: datetime, *, reverse: bool = False
) -> Iterator[datetime]:
    """Fire times strictly after `start` (ascending), or strictly before it with reverse (descending), in UTC."""
    if start.tzinfo is None:
        raise QuartzError("start must be an aware datetime")
    start = start.astimezone(UTC)
    if isinstance(expression, Interval):
        expression.period  # noqa: B018 - validates before the generator starts
        return _interval_times(expression, start, reverse)
    return _cron_times(parse_cron(expression), _zone(timezone), start, reverse)


def next_fire_times(expression: str | Interval, timezone: str, after: datetime, count: int) -> list[datetime]:
    """The next `count` fire times strictly after `after`, ascending, in UTC."""
    return list(islice(iter_fire_times(expression, timezone, after), count))


def previous_fire_time(expression: str | Interval, timezone: str, before: datetime) -> datetime | None:
    """The last fire time strictly before `before`, in UTC, or None if it never fired."""
    return next(iter_fire_times(expression, timezone, before, reverse=True), None)
