"""maia_tui.api.quartz against Quartz examples whose fire times were worked out by hand.

Calendar facts used: 2026-01-01 is a Thursday; 2026-02-15 a Sunday; 2026-03-14/15 Sat/Sun;
2026-08-01 a Saturday; 2026-05-31 a Sunday. Europe/London moves to BST (UTC+1) at 01:00 UTC on
2026-03-29 and back to GMT at 01:00 UTC on 2026-10-25; America/New_York moves to EDT (UTC-4) at
07:00 UTC on 2026-03-08 and back to EST (UTC-5) at 06:00 UTC on 2026-11-01.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from maia_tui.api.quartz import Interval, QuartzError, next_fire_times, parse_cron, previous_fire_time


@pytest.fixture(autouse=True)
def fresh_parses():
    """Each test parses its expressions anew: parse_cron's cache outlives a test (and mutmut's
    children inherit what its clean run cached), so a cached parse would hide a changed parser."""
    parse_cron.cache_clear()


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


CASES = [
    # (expression, zone, after, the next fire times in UTC)
    ("0 0 12 * * ?", "UTC", "2026-01-01T12:00", ["2026-01-02T12:00", "2026-01-03T12:00"]),
    ("0 15 10 ? * MON-FRI", "UTC", "2026-01-01T00:00", ["2026-01-01T10:15", "2026-01-02T10:15", "2026-01-05T10:15"]),
    ("0 15 10 ? * 2-6", "UTC", "2026-01-01T00:00", ["2026-01-01T10:15", "2026-01-02T10:15", "2026-01-05T10:15"]),
    ("0 0 9 ? * 1", "UTC", "2026-01-01T00:00", ["2026-01-04T09:00", "2026-01-11T09:00"]),  # 1 = Sunday
    ("0 0 9 ? * SUN", "UTC", "2026-01-01T00:00", ["2026-01-04T09:00", "2026-01-11T09:00"]),
    ("0 0 9 ? * L", "UTC", "2026-01-01T00:00", ["2026-01-03T09:00", "2026-01-10T09:00"]),  # L alone: Saturday
    ("0 0 12 ? * 6L", "UTC", "2026-01-01T00:00", ["2026-01-30T12:00", "2026-02-27T12:00"]),  # last Friday
    ("0 0 12 ? * 6#3", "UTC", "2026-01-01T00:00", ["2026-01-16T12:00", "2026-02-20T12:00"]),  # third Friday
    ("0 0 12 ? * FRIL", "UTC", "2026-01-01T00:00", ["2026-01-30T12:00", "2026-02-27T12:00"]),  # a name, then L
    ("0 0 12 ? * FRI#3", "UTC", "2026-01-01T00:00", ["2026-01-16T12:00", "2026-02-20T12:00"]),
    # Steps in day-of-week count from their start, 1=SUN: 2/2 is MON, WED, FRI; */3 is SUN, WED, SAT.
    ("0 0 9 ? * 2/2", "UTC", "2026-01-01T00:00", ["2026-01-02T09:00", "2026-01-05T09:00", "2026-01-07T09:00"]),
    ("0 0 9 ? * */3", "UTC", "2026-01-01T00:00", ["2026-01-03T09:00", "2026-01-04T09:00", "2026-01-07T09:00"]),
    ("0 0 9 ? * 2-6/2", "UTC", "2026-01-01T00:00", ["2026-01-02T09:00", "2026-01-05T09:00", "2026-01-07T09:00"]),
    ("0 0 9 ? * 2#1", "UTC", "2026-01-01T00:00", ["2026-01-05T09:00", "2026-02-02T09:00"]),  # first Monday
    ("0 0 12 L * ?", "UTC", "2026-01-01T00:00", ["2026-01-31T12:00", "2026-02-28T12:00", "2026-03-31T12:00"]),
    ("0 0 12 LW * ?", "UTC", "2026-05-01T00:00", ["2026-05-29T12:00", "2026-06-30T12:00"]),  # May 31 is a Sunday
    ("0 0 7 15W * ?", "UTC", "2026-02-01T00:00", ["2026-02-16T07:00", "2026-03-16T07:00", "2026-04-15T07:00"]),
    ("0 0 7 1W * ?", "UTC", "2026-07-15T00:00", ["2026-08-03T07:00"]),  # Aug 1 is a Saturday: Monday the 3rd
    # The month's last day: a Thursday and a Friday fire on it; a Sunday gives Friday the 29th (W
    # never leaves the month, so not Monday 1 June); 2027's May 31 is a Monday.
    ("0 0 7 30W 4 ?", "UTC", "2026-04-01T00:00", ["2026-04-30T07:00", "2027-04-30T07:00"]),
    ("0 0 7 31W 5 ?", "UTC", "2026-05-01T00:00", ["2026-05-29T07:00", "2027-05-31T07:00"]),
    ("0 0 0 1 JAN ?", "UTC", "2026-01-01T00:00", ["2027-01-01T00:00"]),
    ("0 0 0 1 1 ? 2028", "UTC", "2026-01-01T00:00", ["2028-01-01T00:00"]),
    # Two years ahead, the nearer first (and walking back, the later from the earlier).
    ("0 0 0 1 1 ? 2035,2030", "UTC", "2026-01-01T00:00", ["2030-01-01T00:00", "2035-01-01T00:00"]),
    # Years 60 apart: a year the cron lists fires however far ahead (until Quartz's 2099), both
    # ways; the 50 years without a fire time after which the walk gives up count from the jump.
    ("0 0 0 1 1 ? 2030,2090", "UTC", "2026-01-01T00:00", ["2030-01-01T00:00", "2090-01-01T00:00"]),
    ("0 0 12 ? * *", "UTC", "2026-01-01T12:00", ["2026-01-02T12:00", "2026-01-03T12:00"]),  # any day of the week
    (
        "15,45 0 12 * * ?",
        "UTC",
        "2026-01-01T12:00",
        ["2026-01-01T12:00:15", "2026-01-01T12:00:45", "2026-01-02T12:00:15"],
    ),
    (
        "30 5/20 * * * ?",
        "UTC",
        "2026-01-01T10:00",
        ["2026-01-01T10:05:30", "2026-01-01T10:25:30", "2026-01-01T10:45:30"],
    ),
    ("0 0 */6 * * ?", "Asia/Kolkata", "2026-01-01T00:00", ["2026-01-01T00:30", "2026-01-01T06:30"]),  # UTC+5:30
    # Europe/London, spring forward: 01:30 local does not exist on 2026-03-29; it fires when the
    # gap ends (02:00 BST = 01:00 UTC), and at 01:30 BST (00:30 UTC) from the next day.
    ("0 30 1 * * ?", "Europe/London", "2026-03-28T00:00", ["2026-03-28T01:30", "2026-03-29T01:00", "2026-03-30T00:30"]),
    ("0 0 2 * * ?", "Europe/London", "2026-03-28T00:00", ["2026-03-28T02:00", "2026-03-29T01:00", "2026-03-30T01:00"]),
    # Europe/London, fall back: 01:30 happens twice on 2026-10-25 and fires once, the first time.
    ("0 30 1 * * ?", "Europe/London", "2026-10-24T00:00", ["2026-10-24T00:30", "2026-10-25T00:30", "2026-10-26T01:30"]),
    # Every 30 minutes keeps going through both copies of the repeated hour.
    (
        "0 0/30 * * * ?",
        "Europe/London",
        "2026-10-25T00:00",
        ["2026-10-25T00:30", "2026-10-25T01:00", "2026-10-25T01:30", "2026-10-25T02:00"],
    ),
    # America/New_York: 02:00 EST is 07:00 UTC; from 2026-03-08 02:00 does not exist (gap end 03:00
    # EDT = 07:00 UTC), then 02:00 EDT = 06:00 UTC. In November 02:00 EST = 07:00 UTC again.
    (
        "0 0 2 * * ?",
        "America/New_York",
        "2026-03-07T00:00",
        ["2026-03-07T07:00", "2026-03-08T07:00", "2026-03-09T06:00"],
    ),
    ("0 0 9 * * ?", "America/New_York", "2026-10-31T00:00", ["2026-10-31T13:00", "2026-11-01T14:00"]),
]


@pytest.mark.parametrize(("expression", "zone", "after", "expected"), CASES)
def test_next_fire_times(expression, zone, after, expected):
    got = next_fire_times(expression, zone, utc(after), len(expected))
    assert got == [utc(t) for t in expected]


@pytest.mark.parametrize(("expression", "zone", "after", "expected"), CASES)
def test_previous_fire_time_walks_back(expression, zone, after, expected):
    for earlier, later in zip(expected, expected[1:], strict=False):
        assert previous_fire_time(expression, zone, utc(later)) == utc(earlier)


def test_intervals_fire_every_period_from_their_start():
    every_90 = Interval(90, "MINUTES", utc("2026-01-01T00:00"))
    assert next_fire_times(every_90, "UTC", utc("2026-01-01T03:00"), 2) == [
        utc("2026-01-01T04:30"),
        utc("2026-01-01T06:00"),
    ]
    assert previous_fire_time(every_90, "UTC", utc("2026-01-01T03:00")) == utc("2026-01-01T01:30")
    assert previous_fire_time(every_90, "UTC", utc("2026-01-01T00:00")) is None  # never fired yet
    assert previous_fire_time(every_90, "UTC", utc("2026-01-01T00:30")) == utc("2026-01-01T00:00")  # its start
    # Asked from before its start, it fires first at its start.
    assert next_fire_times(every_90, "UTC", utc("2025-12-31T20:00"), 2) == [
        utc("2026-01-01T00:00"),
        utc("2026-01-01T01:30"),
    ]
    # Absolute time: a daily interval in London still fires every 24 hours across the change.
    daily = Interval(1, "days", utc("2026-03-27T12:00"))
    assert next_fire_times(daily, "Europe/London", utc("2026-03-28T00:00"), 2) == [
        utc("2026-03-28T12:00"),
        utc("2026-03-29T12:00"),
    ]


@pytest.mark.parametrize(
    ("expression", "says"),
    [
        ("0 0 12 * *", "6 or 7 fields"),
        ("0 0 12 1 * MON", "'?'"),
        ("0 0 12 ? * 8", "day-of-week"),
        ("61 0 12 * * ?", "seconds"),
        ("0 0 12 L-3 * ?", "not supported"),
        ("0 0 25 * * ?", "bad Quartz cron"),
    ],
)
def test_bad_expressions_say_what_is_wrong(expression, says):
    with pytest.raises(QuartzError, match=says):
        next_fire_times(expression, "UTC", utc("2026-01-01T00:00"), 1)


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("x 0 12 * * ?", "bad seconds field 'X'"),
        ("0 0 12 * * ? 1969", "bad year field '1969': values are 1970-2199"),
        ("0 0 12 ? * 0", "bad day-of-week '0': use 1-7 (1=SUN) or SUN-SAT"),
        ("0 0 12 ? * 1-2-3", "bad day-of-week '2-3': use 1-7 (1=SUN) or SUN-SAT"),
    ],
)
def test_a_bad_field_is_named_with_what_it_may_hold(expression, message):
    with pytest.raises(QuartzError) as caught:
        next_fire_times(expression, "UTC", utc("2026-01-01T00:00"), 1)
    assert str(caught.value) == message


@pytest.mark.parametrize("expression", ["0 0 12 ? * 6#3#1", "0 0 12 ? * 1-2-3", "0/5/2 0 12 * * ?", "0 0 12 ? * 2/2/2"])
def test_a_field_with_a_part_too_many_is_a_quartz_error(expression):
    """Not a bare ValueError from unpacking: callers catch QuartzError."""
    with pytest.raises(QuartzError):
        next_fire_times(expression, "UTC", utc("2026-01-01T00:00"), 1)


def test_a_start_without_a_zone_is_refused():
    with pytest.raises(QuartzError) as caught:
        next_fire_times("0 0 12 * * ?", "UTC", datetime(2026, 1, 1), 1)
    assert str(caught.value) == "start must be an aware datetime"


def test_unknown_zone_and_unit():
    with pytest.raises(QuartzError) as caught:
        next_fire_times("0 0 12 * * ?", "Mars/Olympus", utc("2026-01-01T00:00"), 1)
    assert str(caught.value) == "unknown time zone 'Mars/Olympus'"
    with pytest.raises(QuartzError, match="unit"):
        next_fire_times(Interval(1, "FORTNIGHTS", utc("2026-01-01T00:00")), "UTC", utc("2026-01-02T00:00"), 1)


def test_a_later_year_is_found_without_walking_every_minute_before_it():
    """A year field skips to the years it names: `0 * * * * ? 2030` from 2026 once walked every
    minute of 2026-2029 (half a minute of CPU). Measured in CPU time: load cannot make it fail."""
    started = time.process_time()
    assert next_fire_times("0 * * * * ? 2030", "Europe/London", utc("2026-01-01T00:00"), 2) == [
        utc("2030-01-01T00:00"),
        utc("2030-01-01T00:01"),
    ]
    assert previous_fire_time("0 * * * * ? 2020,2022", "UTC", utc("2026-05-01T00:00")) == utc("2022-12-31T23:59")
    assert next_fire_times("0 0 12 LW * ? 2028", "UTC", utc("2026-01-01T00:00"), 2) == [
        utc("2028-01-31T12:00"),
        utc("2028-02-29T12:00"),
    ]
    assert time.process_time() - started < 2.0


@pytest.mark.parametrize("expression", ["0 0 0 31W 9 ?", "0 */16 0 31W 9-10/4 ?", "0 0 0 30W 2 ?"])
def test_a_nearest_weekday_to_a_day_the_months_never_have_never_fires(expression):
    """September has no 31st and February no 30th: no fire time, either way (it once walked
    minutes until the year 9999 and failed with OverflowError)."""
    assert next_fire_times(expression, "America/New_York", utc("2026-04-06T18:00"), 3) == []
    assert previous_fire_time(expression, "America/New_York", utc("2026-04-06T18:00")) is None
