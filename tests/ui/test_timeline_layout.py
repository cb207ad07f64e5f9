"""The timeline's geometry (ui/timeline_layout.py), as properties: every bar inside the width,
bars in start order with a child pipeline's steps under their parent, a bar's start and length
within one cell of the exact figure, and axis ticks that never overlap."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from maia_tui.ui.timeline_layout import Span, place, ticks

BEGIN = 1_780_000_000.0

widths = st.integers(min_value=1, max_value=300)
totals = st.floats(min_value=0.5, max_value=86_400 * 2)


@st.composite
def runs(draw: st.DrawFn) -> tuple[float, list[Span]]:
    """A run's length and its steps: some running, some without times, some child steps."""
    total = draw(totals)
    count = draw(st.integers(min_value=0, max_value=12))
    spans: list[Span] = []
    for n in range(count):
        start = draw(st.none() | st.floats(min_value=0, max_value=total)) if n else 0.0
        end = None
        if start is not None:
            end = draw(st.none() | st.floats(min_value=start, max_value=total))
        parent = draw(st.none() | st.sampled_from([s.key for s in spans] or [None]))
        spans.append(
            Span(f"s{n}", None if start is None else BEGIN + start, None if end is None else BEGIN + end, parent=parent)
        )
    return total, spans


@given(runs(), widths)
def test_every_bar_lies_within_the_width(run: tuple[float, list[Span]], width: int) -> None:
    total, spans = run
    bars = place(spans, BEGIN, BEGIN + total, width)
    assert sorted(b.span.key for b in bars) == sorted(s.key for s in spans)  # each step once
    for bar in bars:
        assert 0 <= bar.offset < width
        assert bar.offset + bar.length <= width
        assert bar.length >= (1 if bar.span.start is not None else 0)


@given(runs(), widths)
def test_bars_are_in_start_order_with_children_right_under_their_parent(
    run: tuple[float, list[Span]], width: int
) -> None:
    total, spans = run
    bars = place(spans, BEGIN, BEGIN + total, width)
    for position, bar in enumerate(bars):
        if bar.depth == 0:
            continue
        parent = next(b for b in reversed(bars[:position]) if b.depth == bar.depth - 1)
        assert bar.span.parent == parent.span.key
    for depth in {b.depth for b in bars}:
        # Siblings (same parent, same depth) run in start order; steps without a start come last.
        by_parent: dict[str | None, list[float]] = {}
        for bar in bars:
            if bar.depth == depth:
                by_parent.setdefault(bar.span.parent, []).append(
                    float("inf") if bar.span.start is None else bar.span.start
                )
        for starts in by_parent.values():
            assert starts == sorted(starts)


@given(runs(), widths)
def test_a_bar_is_where_its_step_ran_within_one_cell(run: tuple[float, list[Span]], width: int) -> None:
    total, spans = run
    end = BEGIN + total
    for bar in place(spans, BEGIN, end, width):
        span = bar.span
        if span.start is None:
            continue
        exact_offset = (span.start - BEGIN) / total * width
        exact_length = ((span.end if span.end is not None else end) - span.start) / total * width
        assert (
            abs(bar.offset - exact_offset) <= 1 + 1e-4
        )  # a step starting at the end: the last cell (1e-4: floats of epoch seconds)
        assert abs(bar.length - exact_length) <= 1 + 1e-4


def test_a_step_that_ran_half_the_run_gets_half_the_cells() -> None:
    spans = [Span("a", BEGIN, BEGIN + 30), Span("b", BEGIN + 30, None), Span("c", BEGIN + 40, BEGIN + 50, "b")]
    bars = place(spans, BEGIN, BEGIN + 60, 60)
    assert [(b.span.key, b.depth, b.offset, b.length) for b in bars] == [
        ("a", 0, 0, 30),
        ("b", 0, 30, 30),  # running: grows to now (the end)
        ("c", 1, 40, 10),
    ]


@given(totals, widths, st.integers(min_value=5, max_value=12))
def test_axis_labels_never_overlap_and_fit(total: float, width: int, label: int) -> None:
    found = ticks(BEGIN, BEGIN + total, width, label)
    cells = [cell for cell, _ in found]
    assert cells == sorted(cells)
    assert all(b - a > label for a, b in zip(cells, cells[1:], strict=False))
    assert all(0 <= cell and cell + label <= width for cell in cells)
    assert all(BEGIN <= moment <= BEGIN + total for _, moment in found)


@given(st.lists(st.floats(min_value=0.01, max_value=3600), min_size=1, max_size=10), widths)
def test_steps_one_after_another_meet_without_gap_or_overlap_and_the_running_one_reaches_now(
    durations: list[float], width: int
) -> None:
    edges = [BEGIN + sum(durations[:n]) for n in range(len(durations) + 1)]  # one step ends where the next begins
    spans = [Span(f"s{n}", edges[n], edges[n + 1]) for n in range(len(durations))]
    spans[-1] = Span(spans[-1].key, spans[-1].start, None)  # the last one still runs
    bars = place(spans, BEGIN, edges[-1], width)
    assert bars[-1].offset + bars[-1].length == width
    for before, after in zip(bars, bars[1:], strict=False):
        right = before.offset + before.length
        if (
            before.length > 1 and after.offset < width - 1
        ):  # neither stretched to one cell nor pushed back into the last
            assert right == after.offset
        else:
            assert after.offset <= right
