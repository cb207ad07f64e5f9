"""Credits per day as horizontal bars stacked by consumption type, with a legend (the totals
by type are the generic list under the chart: resources/credits.py).

Rich bars, not a plot widget: 30 days of vertical bars cannot carry a readable date under
each in 80 columns, while one row per day can (date, stacked bar, number), and the numbers
stay exact text that a test or a screen reader can read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from maia_tui.api.text import printable

BLOCK = "█"
# Known types keep their colour whatever else the account consumes; others take the rest in turn.
TYPE_COLOURS = {
    "etl-compute": "dodger_blue2",
    "orchestration": "dark_orange",
    "transformation": "green3",
    "streaming": "magenta",
    "data-loader-batch": "gold3",
    "data-loader-cdc": "cyan",
    "dpc-users": "orchid",
}
SPARE_COLOURS = ("red3", "spring_green3", "slate_blue1", "light_salmon3", "turquoise2", "yellow3")
LABEL_WIDTH = 11  # "Mon 02 Nov "
NUMBER_WIDTH = 9  # " 12,345.6"

DailyCredits = Mapping[date, Mapping[str, float]]


def type_colours(types: Sequence[str]) -> dict[str, str]:
    spare = iter(SPARE_COLOURS * (len(types) // len(SPARE_COLOURS) + 1))
    return {t: TYPE_COLOURS.get(t) or next(spare) for t in types}


def ordered_types(daily: DailyCredits) -> list[str]:
    """Largest total first, so the biggest consumer sits at the start of every bar."""
    totals = totals_by_type(daily)
    return sorted(totals, key=lambda t: (-totals[t], t))


def totals_by_type(daily: DailyCredits) -> dict[str, float]:
    totals: dict[str, float] = {}
    for by_type in daily.values():
        for kind, credits in by_type.items():
            totals[kind] = totals.get(kind, 0.0) + credits
    return totals


def _segments(values: Sequence[float], cells: int) -> list[int]:
    """Cells per value, proportional, adding up exactly to `cells` (largest remainder first)."""
    whole = sum(values)
    if whole <= 0 or cells <= 0:
        return [0] * len(values)
    exact = [v / whole * cells for v in values]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(values)), key=lambda i: exact[i] - counts[i], reverse=True)
    for i in by_remainder[: cells - sum(counts)]:
        counts[i] += 1
    return counts


def credits_bars(days: Sequence[date], daily: DailyCredits, width: int) -> Text:
    """One line per day: date, bar stacked by type (the longest day fills the width), total."""
    types = ordered_types(daily)
    colours = type_colours(types)
    bar_width = max(10, width - LABEL_WIDTH - NUMBER_WIDTH)
    day_totals = {day: sum(daily.get(day, {}).values()) for day in days}
    peak = max(day_totals.values(), default=0.0)
    text = Text(no_wrap=True, overflow="crop")
    for day in days:
        by_type = daily.get(day, {})
        text.append(day.strftime("%a %d %b").ljust(LABEL_WIDTH), style="dim")
        cells = round(day_totals[day] / peak * bar_width) if peak > 0 else 0
        for kind, count in zip(types, _segments([by_type.get(t, 0.0) for t in types], cells), strict=True):
            text.append(BLOCK * count, style=colours[kind])
        text.append(" " * (bar_width - cells))
        text.append(f"{day_totals[day]:>{NUMBER_WIDTH},.1f}")
        text.append("\n")
    text.rstrip()
    return text


def legend(daily: DailyCredits, width: int | None = None) -> Text:
    """Swatch and name per type; lines broken here, between items, to fit `width`: Rich would
    break at the space after a swatch (a no-break space is whitespace to its wrapping too)."""
    types = ordered_types(daily)
    colours = type_colours(types)
    text = Text()
    line = 0
    for kind in types:
        name = printable(kind, 40)
        item = 2 + len(name)
        if line and width is not None and line + 2 + item > width:
            text.rstrip()
            text.append("\n")
            line = 0
        elif line:
            text.append("  ")
            line += 2
        text.append(f"{BLOCK}\u00a0", style=colours[kind])
        text.append(name)
        line += item
    return text


class CreditsChart(Widget):
    """The legend and one bar per day, drawn at the width the widget has."""

    DEFAULT_CSS = """
    CreditsChart { height: auto; padding: 0 1; }
    """

    days: reactive[tuple[date, ...]] = reactive((), layout=True)
    daily: reactive[Mapping[date, Mapping[str, float]]] = reactive(dict, layout=True)

    def show(self, days: Sequence[date], daily: DailyCredits) -> None:
        self.set_reactive(CreditsChart.days, tuple(days))
        self.daily = daily

    def render(self) -> RenderableType:
        if not self.days:
            return Text("")
        if not any(self.daily.get(day) for day in self.days):
            return Text("No credits were consumed in this window.", style="dim")
        return Group(
            legend(self.daily, self.content_size.width), credits_bars(self.days, self.daily, self.content_size.width)
        )
