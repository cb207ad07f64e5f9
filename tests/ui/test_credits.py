"""Section 5, credits: the totals by type and the daily bars equal the sums of the JSON the
emulator served for the window the app asked for (summed here, not by the app)."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs

from maia_tui.ui.screens.credits import CreditsScreen
from maia_tui.ui.widgets.credits_chart import CreditsChart
from tests.support import SIZE, raw_get, rendered_text

from .account_sections import NOW, ONE_CLOCK, cells, open_section

pytestmark = ONE_CLOCK

CONSUMPTION_PATH = "/dpc/v1/consumption"


async def test_credits_totals_equal_what_the_emulator_served(app, emulator):
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_section(pilot, "5", CreditsScreen)
        query = parse_qs(emulator.stats.queries(CONSUMPTION_PATH)[-1])
        today = NOW.date()
        assert query == {
            "consumedFrom": [(today - timedelta(days=29)).isoformat()],
            "consumedBefore": [(today + timedelta(days=1)).isoformat()],
        }
        served = raw_get(emulator, "/v1/consumption", {k: v[0] for k, v in query.items()})
        by_type: dict[str, float] = {}
        by_day: dict[str, float] = {}
        for period in served["results"]:
            for item in period["consumption"]:
                by_type[item["consumptionType"]] = by_type.get(item["consumptionType"], 0.0) + item["credits"]
                by_day[period["consumedFrom"]] = by_day.get(period["consumedFrom"], 0.0) + item["credits"]
        assert len(by_type) >= 3

        table = screen.listing.table
        shown = {cells(table, r)[0].removeprefix("█ "): cells(table, r)[1] for r in range(table.row_count)}
        assert shown == {kind: f"{credits:,.2f}" for kind, credits in by_type.items()}
        title = rendered_text(screen.query_one("#credits-title"))
        assert f"{sum(by_type.values()):,.2f} credits" in title

        chart = rendered_text(screen.query_one(CreditsChart))
        for day, credits in by_day.items():
            label = date.fromisoformat(day).strftime("%a %d %b")
            line = next(line.strip() for line in chart.splitlines() if line.strip().startswith(label))
            assert line.split()[-1] == f"{credits:,.1f}", day
        assert "refreshes consumption every 3 hours" in rendered_text(screen.query_one("#credits-note"))
