"""A run's steps as bars on one time scale: where the time went, at a glance.

One line per step: its name (a child pipeline's steps indented under their parent step), then
a bar placed by its start and sized by its duration against the whole run, in the colour of its
status (the failed step red, the running one growing as the screen repaints). Wide terminals add
each step's duration and an axis of round times. The geometry is `ui/timeline_layout.py`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from maia_tui.api.status import FAILED_WORDS, RunStatus
from maia_tui.api.text import printable
from maia_tui.ui import palette, times
from maia_tui.ui.timeline_layout import Bar, Span, place, ticks

WIDE = 110  # content cells from which names get more room, durations and the axis show
MAX_ROWS = 200  # a run with more steps shows the first ones and says how many more
BAR = "█"


@dataclass(frozen=True)
class TimelineRow:
    span: Span
    name: str
    status: str | None


def status_style(status: str | None) -> str:
    known = RunStatus.of(status)
    return palette.style(known.look) if known is not None else ""


class Timeline(Widget):
    DEFAULT_CSS = """
    Timeline { height: auto; margin: 0 1; padding: 0 1; border: round $panel-lighten-2; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self.rows: tuple[TimelineRow, ...] = ()
        self.begin = 0.0
        self.end = 0.0
        self.clock_label: Callable[[float], str] = lambda moment: ""

    def show(self, rows: Sequence[TimelineRow], begin: float, end: float, clock_label: Callable[[float], str]) -> None:
        """Draw `rows` for a run from `begin` to `end` (seconds); `clock_label` names a moment."""
        self.rows, self.begin, self.end, self.clock_label = tuple(rows), begin, end, clock_label
        self.border_title = f"Timeline · {times.duration(end - begin)}"
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Text:
        return Text("\n").join(self.lines(self.content_size.width))

    def lines(self, width: int) -> list[Text]:
        if not self.rows or width < 10:
            return [Text("No step times reported yet.", style="dim")]
        wide = width >= WIDE
        name_width = 28 if wide else min(18, width // 3)
        duration_width = 10 if wide else 0
        bar_width = max(1, width - name_width - 1 - duration_width)
        bars = place([row.span for row in self.rows[:MAX_ROWS]], self.begin, self.end, bar_width)
        by_key = {id(row.span): row for row in self.rows}
        out = [self.line(bar, by_key[id(bar.span)], name_width, bar_width, duration_width) for bar in bars]
        if len(self.rows) > MAX_ROWS:
            out.append(Text(f"… and {len(self.rows) - MAX_ROWS} more steps", style="dim"))
        if wide:
            out.extend(self.axis(name_width, bar_width))
        return out

    def line(self, bar: Bar, row: TimelineRow, name_width: int, bar_width: int, duration_width: int) -> Text:
        style = status_style(row.status)
        failed = (row.status or "").upper() in FAILED_WORDS
        name = Text("  " * bar.depth + ("↳ " if bar.depth else "") + printable(row.name, 200), no_wrap=True)
        if failed:
            name.stylize(style)
        name.truncate(name_width, overflow="ellipsis", pad=True)
        line = Text.assemble(name, " ", no_wrap=True)
        if bar.length == 0:
            line.append("no times reported".ljust(bar_width)[:bar_width], style="dim")
        else:
            line.append(" " * bar.offset)
            line.append(BAR * bar.length, style=style)
            line.append(" " * (bar_width - bar.offset - bar.length))
        if duration_width:
            span = bar.span
            seconds = None if span.start is None else (span.end if span.end is not None else self.end) - span.start
            shown = times.duration(seconds) if seconds is not None else "—"
            line.append(shown.rjust(duration_width), style="dim")
        return line

    def axis(self, name_width: int, bar_width: int) -> list[Text]:
        label_width = max(len(self.clock_label(self.begin)), 5)
        marks = ticks(self.begin, self.end, bar_width, label_width)
        rule = ["─"] * bar_width
        labels = [" "] * bar_width
        for cell, moment in marks:
            rule[cell] = "┬"
            for i, char in enumerate(self.clock_label(moment)[:label_width]):
                labels[cell + i] = char
        indent = " " * (name_width + 1)
        return [Text(indent + "".join(rule), style="dim"), Text(indent + "".join(labels), style="dim")]
