"""The schedules tab against the emulator on the app's fake clock: the cron in English next to
the raw expression, the next fire times across a DST change (in the schedule's zone and here,
worked out by hand from the calendar), the check against the server's nextRunAt, and the
last run with its status."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import TabbedContent

from maia_tui.ui.screens.execution import ExecutionScreen
from maia_tui.ui.screens.project_detail import ProjectDetailScreen
from maia_tui.ui.widgets.schedule_details import ScheduleDetails
from maia_tui.ui.widgets.schedules_panel import SchedulesPanel
from tests.support import SIZE, log_in, raw_get, raw_pages, rendered_text, wait_until

# Thursday 2 April 2026, 12:00 UTC: Sydney leaves daylight time on Sunday 5 April at 03:00 AEDT
# (clocks go back to 02:00 AEST), London is on BST since 29 March.
NOW = datetime(2026, 4, 2, 12, 0, tzinfo=UTC)
SYDNEY_NIGHTLY = ("0 0 2 * * ?", "Australia/Sydney")


pytestmark = [pytest.mark.clock(start=NOW), pytest.mark.emulator_config(moves_with="clock")]


def find_schedule(emulator, wanted) -> tuple[int, int, dict, dict]:
    """(project row on page 1, schedule row, project, schedule) of the first schedule matching."""
    for row, project in enumerate(raw_get(emulator, "/v1/projects", {"page": 0, "size": 25})["results"]):
        for index, schedule in enumerate(raw_pages(emulator, f"/v1/projects/{project['id']}/schedules")):
            if wanted(schedule):
                return row, index, project, schedule
    raise AssertionError("no such schedule on the first page of projects")


async def open_schedule(pilot, emulator, wanted) -> tuple[SchedulesPanel, dict]:
    row, index, _, schedule = find_schedule(emulator, wanted)
    await log_in(pilot)
    await pilot.press(*["down"] * row, "enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ProjectDetailScreen), "the project")
    pilot.app.screen.query_one(TabbedContent).active = "tab-schedules"
    await wait_until(pilot, lambda: pilot.app.screen.query(SchedulesPanel), "the tab")
    panel = pilot.app.screen.query_one(SchedulesPanel)
    await wait_until(pilot, lambda: panel.listing.table.row_count > index, "the schedules")
    await wait_until(pilot, lambda: pilot.app.focused is panel.listing.table, "the rows taking the keys")
    await pilot.press(*["down"] * index)
    await wait_until(pilot, lambda: schedule["scheduleId"] in panel.last_runs, "the schedule's last run")
    await pilot.pause()
    return panel, schedule


async def test_the_cron_in_english_and_fire_times_across_the_end_of_sydney_summer_time(app, emulator):
    app.local_zone = ZoneInfo("Europe/London")
    async with app.run_test(size=SIZE) as pilot:
        panel, schedule = await open_schedule(
            pilot,
            emulator,
            lambda s: (s.get("cronExpression"), s["cronTimezone"]) == SYDNEY_NIGHTLY and s["scheduleEnabled"],
        )
        row = [str(cell) for cell in panel.listing.table.get_row_at(panel.listing.table.cursor_row)]
        assert row[1] == "At 02:00" and row[2] == "Australia/Sydney" and row[3] == "enabled"
        details = rendered_text(panel.query_one(ScheduleDetails))
        assert "0 0 2 * * ?" in details and "At 02:00" in details
        # 02:00 in Sydney: AEDT (UTC+11) until Sunday, AEST (UTC+10) after; on Sunday 5 April
        # 02:00 happens twice and fires once, at the first. Here (London, BST) it moves an hour.
        expected = [
            ("Fri 03 Apr 2026 02:00 AEDT", "Thu 02 Apr 2026 16:00 BST"),
            ("Sat 04 Apr 2026 02:00 AEDT", "Fri 03 Apr 2026 16:00 BST"),
            ("Sun 05 Apr 2026 02:00 AEDT", "Sat 04 Apr 2026 16:00 BST"),
            ("Mon 06 Apr 2026 02:00 AEST", "Sun 05 Apr 2026 17:00 BST"),
            ("Tue 07 Apr 2026 02:00 AEST", "Mon 06 Apr 2026 17:00 BST"),
        ]
        lines = [line for line in details.splitlines() if "2026 02:00 AE" in line]
        assert [tuple(re.split(r"\s{2,}", line.strip(" │"))[-2:]) for line in lines] == expected
        assert schedule["nextRunAt"] == "2026-04-02T15:00:00.000Z"  # the server's, as a check on the test
        assert "Matches the server's next run." in details


async def test_the_last_run_shows_its_status_and_enter_opens_it(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        panel, schedule = await open_schedule(
            pilot, emulator, lambda s: s["scheduleEnabled"] and s.get("lastRunAt") and s.get("cronExpression")
        )
        raw = raw_get(emulator, "/v1/pipeline-executions", {"scheduleId": schedule["scheduleId"], "limit": 1})
        newest = raw["results"][0]
        run = panel.last_runs[schedule["scheduleId"]]
        assert run is not None and run.pipeline_execution_id == newest["pipelineExecutionId"]
        details = rendered_text(panel.query_one(ScheduleDetails))
        last = next(line for line in details.splitlines() if "Last run" in line)
        assert last.split("Last run")[1].split()[1] == newest["status"]  # after its icon
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ExecutionScreen), "the last run")
        assert pilot.app.screen.run.pipeline_execution_id == newest["pipelineExecutionId"]


async def test_an_interval_schedule_in_words_with_its_fire_times(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        panel, schedule = await open_schedule(
            pilot, emulator, lambda s: "intervalExpression" in s and s["scheduleEnabled"]
        )
        every = schedule["intervalExpression"]
        assert (every["interval"], every["unit"]) == (2, "HOURS")
        row = [str(cell) for cell in panel.listing.table.get_row_at(panel.listing.table.cursor_row)]
        assert row[1] == "Every 2 hours"
        details = rendered_text(panel.query_one(ScheduleDetails))
        assert "Every 2 hours" in details and "Matches the server's next run." in details
