"""Credits (section 5): consumption over the last 30 days, one row per consumption type with
its total and share; the same answer draws the chart of credits per day (widgets/credits_chart).

`GET /v1/consumption` is not paged: one answer holds the window. The API refreshes it every
3 hours, so the list asks again only hourly (its window, the last 30 days, moving with the day)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from rich.text import Text

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import Consumption
from maia_tui.resources.base import Kind
from maia_tui.ui.resources import cells
from maia_tui.ui.resources.base import Column, Live, Paging, Query, Resource
from maia_tui.ui.widgets.credits_chart import BLOCK, DailyCredits, type_colours

DAYS = 30
REFRESH_NOTE = "The API refreshes consumption every 3 hours."


def window(now: datetime, days: int = DAYS) -> dict[str, Any]:
    """The last `days` days up to and including today (UTC): consumedBefore is exclusive."""
    today = now.date()
    return {"consumed_from": today - timedelta(days=days - 1), "consumed_before": today + timedelta(days=1)}


def window_days(query: Query) -> list[date]:
    first: date = query["consumed_from"]
    return [first + timedelta(days=k) for k in range((query["consumed_before"] - first).days)]


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def daily(consumption: Consumption) -> dict[date, dict[str, float]]:
    """Credits per day and type; a period is counted on the day it starts."""
    by_day: dict[date, dict[str, float]] = {}
    for period in consumption.results:
        day = _day(period.consumed_from)
        if day is None:
            continue
        bucket = by_day.setdefault(day, {})
        for item in period.consumption:
            kind = item.consumption_type or "unknown"
            bucket[kind] = bucket.get(kind, 0.0) + item.credits
    return by_day


@dataclass(frozen=True)
class TypeTotal:
    """One consumption type over the window: its credits, its share and its days."""

    consumption_type: str
    credits: float
    share: float
    colour: str
    days: tuple[tuple[date, float], ...]

    @property
    def raw(self) -> Mapping[str, Any]:
        return {
            "consumptionType": self.consumption_type,
            "credits": self.credits,
            "share": self.share,
            "days": {day.isoformat(): credits for day, credits in self.days},
        }


def type_totals(by_day: DailyCredits) -> list[TypeTotal]:
    totals: dict[str, float] = {}
    for kinds in by_day.values():
        for kind, credits in kinds.items():
            totals[kind] = totals.get(kind, 0.0) + credits
    whole = sum(totals.values())
    order = sorted(totals, key=lambda t: (-totals[t], t))
    colours = type_colours(order)
    return [
        TypeTotal(
            kind,
            totals[kind],
            totals[kind] / whole if whole else 0.0,
            colours[kind],
            tuple(sorted((day, kinds[kind]) for day, kinds in by_day.items() if kind in kinds)),
        )
        for kind in order
    ]


def daily_of(totals: Sequence[TypeTotal]) -> dict[date, dict[str, float]]:
    """Back from the rows to credits per day and type, for the chart."""
    by_day: dict[date, dict[str, float]] = {}
    for total in totals:
        for day, credits in total.days:
            by_day.setdefault(day, {})[total.consumption_type] = credits
    return by_day


async def _all(client: MaiaClient, query: Query) -> Sequence[TypeTotal]:
    consumption = await client.get_consumption(query["consumed_from"], query["consumed_before"])
    return type_totals(daily(consumption))


def _type(total: TypeTotal) -> Text:
    return Text.assemble((f"{BLOCK} ", total.colour), cells.text(total.consumption_type, 28))


# Totals the app adds up from /v1/consumption for its chart: a kind of the app's own, not of the
# API, so not in the registry (`maia-tui export` offers what the API lists).
CREDITS_KIND: Kind[TypeTotal] = Kind(
    name="credits",
    title="Credits by type",
    noun="type",
    key=lambda total: total.consumption_type,
    export_columns=(),
    paging=Paging.NONE,
    fetch_all=_all,
    exportable=False,
)

CREDITS: Resource[TypeTotal] = Resource(
    kind=CREDITS_KIND,
    columns=(
        Column("type", "Type", lambda t, ctx: _type(t), width=30),
        Column("credits", "Credits", lambda t, ctx: Text(f"{t.credits:,.2f}", justify="right"), width=14),
        Column("share", "Share", lambda t, ctx: Text(f"{t.share:.0%}", justify="right"), width=6),
        Column("days", "Days used", lambda t, ctx: Text(str(len(t.days)), justify="right"), width=9),
    ),
    filter_text=lambda total: total.consumption_type,
    empty="No credits were consumed in the last 30 days.",
    opens=False,
    # The API refreshes consumption every 3 hours: asking more than hourly spends the budget for nothing.
    live=Live(fast=3600.0, slow=3600.0, slide=lambda query, now: window(now)),
)
