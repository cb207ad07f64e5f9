"""Times and durations as people read them: local time by default (UTC on request), "3 min ago",
"1 h 04 m", "52 s". Pure functions; the caller passes "now" (the app's clock)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from maia_tui.api.models import parse_time


def zone(utc: bool, local: tzinfo | None = None) -> tzinfo | None:
    """The zone to show times in: UTC, the given local zone, or the machine's (None)."""
    return UTC if utc else local


def shown(moment: datetime, utc: bool = False, local: tzinfo | None = None) -> datetime:
    return moment.astimezone(zone(utc, local))


def duration(seconds: float) -> str:
    """52 s · 3 m 07 s · 1 h 04 m · 2 d 03 h."""
    whole = max(0, int(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} m {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes:02d} m"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours:02d} h"


def relative(moment: datetime, now: datetime) -> str:
    """How long ago: just now · 45 s ago · 3 min ago · 2 h ago · 3 d ago (or "in 5 min")."""
    seconds = (now - moment).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    if seconds < 5:
        return "just now"
    if seconds < 60:
        amount = f"{int(seconds)} s"
    elif seconds < 3600:
        amount = f"{int(seconds // 60)} min"
    elif seconds < 86400:
        amount = f"{int(seconds // 3600)} h"
    else:
        amount = f"{int(seconds // 86400)} d"
    return f"in {amount}" if future else f"{amount} ago"


def clock_time(moment: datetime, now: datetime, utc: bool = False, local: tzinfo | None = None) -> str:
    """14:02 today, "Nov 27 14:02" on another day, "2025-11-27 14:02" in another year."""
    at, today = shown(moment, utc, local), shown(now, utc, local)
    suffix = " UTC" if utc else ""
    if at.date() == today.date():
        return at.strftime("%H:%M") + suffix
    if at.year == today.year:
        return at.strftime("%b %d %H:%M") + suffix
    return at.strftime("%Y-%m-%d %H:%M") + suffix


def started(value: str | None, now: datetime, utc: bool = False, local: tzinfo | None = None) -> str:
    """'14:02 · 3 min ago' from an API timestamp; the text as it came when it cannot be read."""
    moment = parse_time(value)
    if moment is None:
        return value or "—"
    return f"{clock_time(moment, now, utc, local)} · {relative(moment, now)}"


def short_age(moment: datetime, now: datetime) -> str:
    """How long ago in a few cells: now · 45s · 2m · 3h · 4d (or "in 5m")."""
    seconds = (now - moment).total_seconds()
    future, seconds = seconds < 0, abs(seconds)
    if seconds < 5:
        return "now"
    for size, unit in ((86400, "d"), (3600, "h"), (60, "m"), (1, "s")):
        if seconds >= size:
            amount = f"{int(seconds // size)}{unit}"
            break
    return f"in {amount}" if future else amount


def compact(value: str | None, now: datetime, utc: bool = False, local: tzinfo | None = None) -> str:
    """'14:02 3m' (UTC: '14:02Z 3m'): the time of day and a short age, for a narrow column."""
    moment = parse_time(value)
    if moment is None:
        return value or "—"
    return f"{shown(moment, utc, local).strftime('%H:%M')}{'Z' if utc else ''} {short_age(moment, now)}"


def age(value: str | None, now: datetime) -> str:
    """'3m': the short age alone, for the narrowest column."""
    moment = parse_time(value)
    if moment is None:
        return value or "—"
    return short_age(moment, now)


def exact(value: str | None, utc: bool = False, local: tzinfo | None = None) -> str:
    """The full ISO timestamp in the zone shown (seconds and offset), for the 'exact time' key."""
    moment = parse_time(value)
    if moment is None:
        return value or "—"
    return shown(moment, utc, local).isoformat(timespec="milliseconds")


def span(start: str | None, end: str | None, now: datetime) -> float | None:
    """Seconds from start to end (to now while there is no end); None without a readable start."""
    begun = parse_time(start)
    if begun is None:
        return None
    finished = parse_time(end) if end else None
    return max(0.0, ((finished or now) - begun).total_seconds())
