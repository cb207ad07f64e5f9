"""The credits bars: every bar's segments add up to its length, the busiest day fills the
width, and the totals are the sums of what was given (worked out here by hand)."""

from __future__ import annotations

from datetime import date

from rich.console import Console

from maia_tui.ui.widgets.credits_chart import credits_bars, legend, totals_by_type

DAYS = [date(2026, 1, 12), date(2026, 1, 13), date(2026, 1, 14)]
DAILY = {
    date(2026, 1, 12): {"etl-compute": 30.0, "orchestration": 10.0},
    date(2026, 1, 13): {"etl-compute": 5.0, "dpc-users": 15.0},
    # 14 January: nothing consumed
}


def plain(renderable, width: int = 80) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_bars_scale_to_the_busiest_day_and_show_each_total():
    lines = plain(credits_bars(DAYS, DAILY, 80)).splitlines()
    assert [line[:11] for line in lines] == ["Mon 12 Jan ", "Tue 13 Jan ", "Wed 14 Jan "]
    bar_width = 80 - 11 - 9
    assert lines[0].count("█") == bar_width  # 40 credits: the peak
    assert lines[1].count("█") == bar_width // 2  # 20 credits: half of it
    assert lines[2].count("█") == 0
    assert [line.split()[-1] for line in lines] == ["40.0", "20.0", "0.0"]


def test_segments_follow_the_types_largest_total_first():
    text = credits_bars(DAYS[:1], DAILY, 80)
    styles = [span.style for span in text.spans if span.style != "dim"]
    assert styles == ["dodger_blue2", "dark_orange"]  # etl-compute (35 in all), then orchestration
    widths = [span.end - span.start for span in text.spans if span.style != "dim"]
    assert widths == [45, 15]  # 30:10 of 60 cells


def test_totals_by_type_and_the_legend_largest_first():
    assert totals_by_type(DAILY) == {"etl-compute": 35.0, "orchestration": 10.0, "dpc-users": 15.0}
    assert plain(legend(DAILY)).strip() == "█\u00a0etl-compute  █\u00a0dpc-users  █\u00a0orchestration"


def test_the_legend_breaks_between_items_never_after_a_swatch():
    """Rich wrapped "█ data-loader-batch" after its swatch at 80 columns (a no-break space is
    whitespace to it): the legend breaks its lines itself, between whole items."""
    assert plain(legend(DAILY, width=26)).rstrip("\n") == "█\u00a0etl-compute  █\u00a0dpc-users\n█\u00a0orchestration"
    assert plain(legend(DAILY, width=25)).rstrip("\n") == "█\u00a0etl-compute\n█\u00a0dpc-users\n█\u00a0orchestration"
    assert "\n" not in plain(legend(DAILY, width=43)).rstrip("\n")
