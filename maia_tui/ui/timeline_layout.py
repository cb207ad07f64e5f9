"""Where each step's bar goes on a run's timeline: pure geometry, no Textual, no Rich.

A run spans `begin` .. `end` (its finish, or now while it runs) over `width` cells. A step's bar
starts at the cell of its start and is as long as its duration at that scale (at least one
cell, so a two-second step still shows). Steps come out ordered by start; a child pipeline's
steps follow their parent step, one level deeper. `ticks` picks round times for the axis."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

# Round steps for the axis, in seconds: the first one that leaves room for the labels wins.
TICK_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400)


@dataclass(frozen=True)
class Span:
    """One step in time: `start` and `end` in seconds (any epoch); `end` None while it runs,
    `start` None when the API gave no time. `parent` is the key of the step whose child
    pipeline this step belongs to."""

    key: str
    start: float | None
    end: float | None = None
    parent: str | None = None


@dataclass(frozen=True)
class Bar:
    span: Span
    depth: int
    offset: int  # the first cell
    length: int  # cells; 0 for a step without a start time


def place(spans: Sequence[Span], begin: float, end: float, width: int) -> list[Bar]:
    """The bars of `spans` on `width` cells for a run from `begin` to `end`."""
    if width < 1:
        raise ValueError("a timeline needs at least one cell")
    total = max(end - begin, 1e-9)
    scale = width / total
    keys = {span.key for span in spans}
    children: dict[str | None, list[Span]] = {}
    for span in spans:
        parent = span.parent if span.parent in keys else None
        children.setdefault(parent, []).append(span)

    bars: list[Bar] = []
    seen: set[int] = set()

    def visit(group: list[Span], depth: int) -> None:
        for span in sorted(group, key=_start_order):
            if id(span) in seen:
                continue
            seen.add(id(span))
            bars.append(_bar(span, depth, begin, end, scale, width))
            visit(children.pop(span.key, []), depth + 1)

    visit(children.pop(None, []), 0)
    for group in list(children.values()):  # parents that loop onto each other: shown at the top
        visit(group, 0)
    return bars


def _start_order(span: Span) -> tuple[bool, float]:
    return (span.start is None, span.start or 0.0)


def _bar(span: Span, depth: int, begin: float, end: float, scale: float, width: int) -> Bar:
    if span.start is None:
        return Bar(span, depth, 0, 0)
    start = min(max(span.start, begin), end)
    finish = min(max(span.end if span.end is not None else end, start), end)
    # Both edges rounded to the nearest cell: a step that ends where the next begins meets it
    # without a gap or an overlap, and a running step reaches the last cell.
    offset = min(width - 1, round((start - begin) * scale))
    right = min(width, max(offset + 1, round((finish - begin) * scale)))
    return Bar(span, depth, offset, right - offset)


def ticks(begin: float, end: float, width: int, label_width: int) -> list[tuple[int, float]]:
    """(cell, time) of round times between begin and end, at least `label_width + 1` cells apart."""
    total = end - begin
    if width < 1 or total <= 0:
        return []
    gap = (label_width + 1) * total / width  # the least time between two labels
    step = next((s for s in TICK_STEPS if s >= gap), None)
    if step is None:
        step = math.ceil(gap / TICK_STEPS[-1]) * TICK_STEPS[-1]
    found = []
    moment = math.ceil(begin / step) * step
    while moment <= end:
        cell = math.floor((moment - begin) * width / total)
        if cell + label_width <= width:
            found.append((cell, float(moment)))
        moment += step
    return found
