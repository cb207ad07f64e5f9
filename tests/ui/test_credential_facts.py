"""The credential screen's time format: local time and UTC, or UTC once where they agree."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from maia_tui.ui.credential_facts import when

MOMENT = datetime(2026, 1, 15, 23, 30, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("CET-1", "2026-01-16 00:30:05 CET (2026-01-15 23:30:05 UTC)"),  # another day: the date is given
        ("EST+5", "2026-01-15 18:30:05 EST (23:30:05 UTC)"),
        ("UTC0", "2026-01-15 23:30:05 UTC"),
    ],
)
def test_local_time_then_utc(monkeypatch: pytest.MonkeyPatch, zone: str, expected: str) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert when(MOMENT) == expected
    finally:
        monkeypatch.undo()
        time.tzset()


def test_no_time_is_a_dash() -> None:
    assert when(None) == "—"
