"""Cell helpers for resource columns: literal server text cut to its column, status chips,
times. A cell is cut here (not by the table) so a huge server value never costs a wrap."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rich.text import Text

from maia_tui.api.status import FAILED_WORDS, LIVE_WORDS, RunStatus
from maia_tui.api.text import printable
from maia_tui.ui import palette, times
from maia_tui.ui.resources.base import Column, RowContext

T = TypeVar("T")

LIVE_STATUSES = LIVE_WORDS  # api/status.py: every status's icon, look and whether it is final
FAILED_STATUSES = FAILED_WORDS


def text(value: object, width: int | None = None, style: str = "") -> Text:
    """Server text, literal (no markup, no escapes), on one line, cut to `width` with an ellipsis."""
    if value is None or value == "":
        return Text("—", style="dim")
    cell = Text(printable(value, (width + 1) if width else 300), style=style, no_wrap=True)
    if width:
        cell.truncate(width, overflow="ellipsis")
    return cell


def first_line(value: str | None, width: int | None = None) -> Text:
    return text((value or "").strip().splitlines()[0] if value and value.strip() else None, width)


def status(value: str | None) -> Text:
    """An icon and colour for every known status; anything else shown as it came, plainly."""
    if not value:
        return Text("—", style="dim")
    known = RunStatus.of(value)
    icon, look = (known.icon, known.look) if known is not None else ("•", "")
    style = palette.style(look)
    return Text.assemble((f"{icon} ", style), (printable(value, 20), style), no_wrap=True)


def started(value: str | None, ctx: RowContext) -> Text:
    return Text(times.started(value, ctx.now, ctx.utc, ctx.local), no_wrap=True)


def started_compact(value: str | None, ctx: RowContext) -> Text:
    return Text(times.compact(value, ctx.now, ctx.utc, ctx.local), no_wrap=True)


def age(value: str | None, ctx: RowContext) -> Text:
    return Text(times.age(value, ctx.now), no_wrap=True)


def duration(start: str | None, end: str | None, ctx: RowContext, running: bool = False) -> Text:
    seconds = times.span(start, end if not running else None, ctx.now) if (end or running) else None
    if seconds is None:
        return Text("—", style="dim")
    return Text(times.duration(seconds), style=palette.style("warn") if running else "", no_wrap=True)


def time_column(key: str, title: str, value: Callable[[T], str | None], **options: Any) -> Column[T]:
    """A time in three forms, as room allows: `09:55 · 2 min ago`, `09:55 2m`, `2m`."""
    return Column(
        key,
        title,
        lambda item, ctx: started(value(item), ctx),
        forms=(lambda item, ctx: started_compact(value(item), ctx), lambda item, ctx: age(value(item), ctx)),
        **options,
    )
