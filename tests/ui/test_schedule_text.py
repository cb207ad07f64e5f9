"""Schedules explained: Quartz crons in English (seconds first, 1 = Sunday), fire times on the
schedule's wall clock across DST changes, intervals, and the check against `nextRunAt`.
Expected values are worked out by hand from the calendar, not by the code under test."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from maia_tui.ui.schedule_text import (
    check_next_run,
    cron_fire_times,
    describe_cron,
    describe_interval,
    interval_fire_times,
)

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


def test_weekday_mornings_across_the_spring_change_keep_their_wall_time():
    """Britain moves to BST on Sunday 29 March 2026: 06:30 London is 06:30 UTC on Friday and
    05:30 UTC from Monday on."""
    times = cron_fire_times("0 30 6 ? * MON-FRI", LONDON, utc(2026, 3, 26, 12), 5)
    assert [t.astimezone(UTC) for t in times] == [
        utc(2026, 3, 27, 6, 30),
        utc(2026, 3, 30, 5, 30),
        utc(2026, 3, 31, 5, 30),
        utc(2026, 4, 1, 5, 30),
        utc(2026, 4, 2, 5, 30),
    ]
    assert [t.strftime("%a %H:%M %Z") for t in times] == [
        "Fri 06:30 GMT",
        "Mon 06:30 BST",
        "Tue 06:30 BST",
        "Wed 06:30 BST",
        "Thu 06:30 BST",
    ]


def test_a_time_in_the_spring_gap_fires_an_hour_later_and_the_repeated_hour_once():
    gap = cron_fire_times("0 30 1 * * ?", LONDON, utc(2026, 3, 27, 12), 3)
    assert [t.astimezone(UTC) for t in gap] == [
        utc(2026, 3, 28, 1, 30),
        utc(2026, 3, 29, 1, 30),
        utc(2026, 3, 30, 0, 30),
    ]
    assert gap[1].strftime("%H:%M %Z") == "02:30 BST"
    autumn = cron_fire_times("0 30 1 * * ?", LONDON, utc(2026, 10, 24, 12), 2)
    # 25 October: 01:30 happens twice (BST, then GMT); the schedule fires at the first only
    assert [t.astimezone(UTC) for t in autumn] == [utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]


def test_sunday_is_one_in_fire_times_too():
    times = cron_fire_times("0 45 23 ? * 1", ZoneInfo("UTC"), utc(2026, 3, 18), 2)
    assert times == [utc(2026, 3, 22, 23, 45), utc(2026, 3, 29, 23, 45)]  # both Sundays


def test_last_friday_of_the_month():
    assert cron_fire_times("0 15 10 ? * 6L", ZoneInfo("UTC"), utc(2026, 3, 20), 2) == [
        utc(2026, 3, 27, 10, 15),
        utc(2026, 4, 24, 10, 15),
    ]


def test_a_bad_expression_raises_value_error():
    with pytest.raises(ValueError, match="6 or 7 fields"):
        cron_fire_times("0 30 6 * *", LONDON, utc(2026, 1, 1), 1)


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


def test_interval_fire_times_step_from_the_start():
    times = interval_fire_times(90, "minutes", utc(2026, 1, 1, 0, 0), utc(2026, 1, 1, 2, 0), 3)
    assert times == [utc(2026, 1, 1, 3, 0), utc(2026, 1, 1, 4, 30), utc(2026, 1, 1, 6, 0)]


def test_next_run_check_agrees_and_shows_a_mismatch():
    times = [utc(2026, 3, 27, 6, 30)]
    agreeing = check_next_run(times, "2026-03-27T06:30:00.000Z", True)
    assert agreeing.agrees and agreeing.words() == "Matches the server's next run."
    off = check_next_run(times, "2026-03-27T07:30:00Z", True)
    assert not off.agrees
    assert off.words() == "Mismatch: the server says the next run is 2026-03-27T07:30:00+00:00."
    assert check_next_run(times, None, False).agrees  # disabled: neither side has a next run
    assert check_next_run(times, "soon", True).words() == "The server's next run 'soon' is not a time."
