"""Schedules explained: Quartz crons in English (seconds first, 1 = Sunday), fire times on the
schedule's wall clock across DST changes, intervals, and the check against `nextRunAt`.
Expected values are worked out by hand from the calendar, not by the code under test."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from maia_tui.api.models import Schedule
from maia_tui.ui.schedule_text import check_next_run, describe_cron, describe_interval, fire_times, zone_time

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("0 30 6 ? * MON-FRI", "At 06:30, Monday through Friday"),
        ("0 45 23 ? * 1", "At 23:45, only on Sunday"),  # Quartz: 1 is Sunday, not Monday
        ("0 0 3 ? * 2 *", "At 03:00, only on Monday"),  # with the optional year field
        ("0 15 10 ? * 6L", "At 10:15, on the last Friday of the month"),
        ("0 */15 * * * ?", "Every 15 minutes"),
        ("0 0 0 1 * ?", "At 00:00, on day 1 of the month"),
    ],
)
def test_quartz_cron_in_english(expression, words):
    assert describe_cron(expression) == words


def test_an_unreadable_cron_says_so():
    assert describe_cron("every tuesday").startswith("(cannot describe this expression")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def cron_schedule(expression: str, zone: str = "Europe/London") -> Schedule:
    return Schedule(schedule_id="s-1", cron_expression=expression, cron_timezone=zone, schedule_enabled=True)


def test_weekday_mornings_across_the_spring_change_keep_their_wall_time():
    """Britain moves to BST on Sunday 29 March 2026: 06:30 London is 06:30 UTC on Friday and
    05:30 UTC from Monday on."""
    times = fire_times(cron_schedule("0 30 6 ? * MON-FRI"), utc(2026, 3, 26, 12))
    assert [t.astimezone(UTC) for t in times] == [
        utc(2026, 3, 27, 6, 30),
        utc(2026, 3, 30, 5, 30),
        utc(2026, 3, 31, 5, 30),
        utc(2026, 4, 1, 5, 30),
        utc(2026, 4, 2, 5, 30),
    ]
    assert [zone_time(t, LONDON) for t in times] == [
        "Fri 27 Mar 2026 06:30 GMT",
        "Mon 30 Mar 2026 06:30 BST",
        "Tue 31 Mar 2026 06:30 BST",
        "Wed 01 Apr 2026 06:30 BST",
        "Thu 02 Apr 2026 06:30 BST",
    ]
    # and in another zone (no DST in India): the same instants move an hour on that Monday
    assert [zone_time(t, ZoneInfo("Asia/Kolkata"))[-9:] for t in times[:2]] == ["12:00 IST", "11:00 IST"]


def test_the_repeated_autumn_hour_fires_once():
    # 25 October 2026: 01:30 happens twice in London (BST, then GMT); the schedule fires at the first
    times = fire_times(cron_schedule("0 30 1 * * ?"), utc(2026, 10, 24, 12), 2)
    assert [t.astimezone(UTC) for t in times] == [utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]


def test_sunday_is_one_in_fire_times_too():
    times = fire_times(cron_schedule("0 45 23 ? * 1", "UTC"), utc(2026, 3, 18), 2)
    assert times == [utc(2026, 3, 22, 23, 45), utc(2026, 3, 29, 23, 45)]  # both Sundays


def test_a_bad_expression_raises_value_error():
    with pytest.raises(ValueError, match="6 or 7 fields"):
        fire_times(cron_schedule("0 30 6 * *"), utc(2026, 1, 1), 1)


@pytest.mark.parametrize(
    ("interval", "unit", "words"),
    [
        (1, "HOURS", "Every hour"),
        (2, "hours", "Every 2 hours"),
        (15, "MINUTES", "Every 15 minutes"),
        (3, "fortnights", "Every 3 fortnights"),
    ],
)
def test_intervals_in_words(interval, unit, words):
    assert describe_interval(interval, unit) == words


def test_next_run_check_agrees_and_shows_a_mismatch():
    times = [utc(2026, 3, 27, 6, 30)]
    agreeing = check_next_run(times, "2026-03-27T06:30:00.000Z", True)
    assert agreeing.agrees and agreeing.words() == "Matches the server's next run."
    off = check_next_run(times, "2026-03-27T07:30:00Z", True)
    assert not off.agrees
    assert off.words() == "Mismatch: the server says the next run is 2026-03-27T07:30:00+00:00."
    assert check_next_run(times, None, False).agrees  # disabled: neither side has a next run
    assert check_next_run(times, "soon", True).words() == "The server's next run 'soon' is not a time."
