"""#22: columns share the width by priority and by what the rows hold — names whole first, times
compact when room is short, user, trigger and environment left out first, free text takes what
is left; wide mode shows every column whole (views/column_fit.py, without Textual)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from maia_tui.ui.resources.runs import RUNS
from maia_tui.ui.views.column_fit import (
    CELL_PADDING,
    FREE_FLOOR,
    SCROLLBAR,
    Want,
    fit_columns,
    natural_fit,
    want_for,
)

# The widest cells of a first page of runs in the sample account (what the table measures):
# a 42-character pipeline (the longest there is), `⊘ CANCELLED`, a project name of 31, ...
RUN_CELLS = {
    "status": (11,),
    "pipeline": (42,),
    "project": (31,),
    "environment": (11,),
    "trigger": (8,),
    "user": (27,),
    "started": (18, 9, 3),  # `09:58 · 12 min ago`, `09:58 12m`, `12m`
    "duration": (8,),
    "message": (90,),
}


def run_wants() -> list[Want]:
    return [want_for(column, RUN_CELLS[column.key]) for column in RUNS.columns]


def shown(width: int) -> dict[str, int]:
    return {key: w for key, w in fit_columns(run_wants(), width).widths.items() if w}


def test_at_80_columns_the_pipeline_name_is_whole_beside_status_start_and_duration() -> None:
    fit = fit_columns(run_wants(), 80)
    assert shown(80) == {"status": 11, "pipeline": 42, "started": 9, "duration": 8}
    assert fit.forms["started"] == 1  # `09:58 12m`: the compact form
    assert fit.used() <= 80


def test_at_120_columns_the_project_is_there_too_and_whole() -> None:
    widths = shown(120)
    assert widths["pipeline"] == 42 and widths["project"] == 31
    assert fit_columns(run_wants(), 120).used() <= 120


def test_user_goes_first_then_trigger_then_environment() -> None:
    left_out = []
    for width in range(260, 60, -1):
        gone = [key for key in ("user", "trigger", "environment") if key not in shown(width) and key not in left_out]
        left_out += gone
    assert left_out == ["user", "trigger", "environment"]


def test_the_time_goes_compact_before_any_column_is_left_out() -> None:
    # Every column whole needs 246 cells, 9 columns x 2 of padding and 2 for the scrollbar: 266.
    assert len(shown(266)) == len(RUN_CELLS) and fit_columns(run_wants(), 266).forms["started"] == 0
    # 9 cells fewer: `09:58 12m` instead of `09:58 · 12 min ago`, and nothing left out.
    fit = fit_columns(run_wants(), 257)
    assert len(shown(257)) == len(RUN_CELLS) and fit.forms["started"] == 1
    assert fit.widths["message"] == 90  # whole too
    assert shown(256)["message"] == 89  # then the free text narrows


def test_free_text_takes_what_the_others_leave() -> None:
    fit = fit_columns(run_wants(), 300)
    assert fit.used() == 300
    assert fit.widths["message"] == 90 + 300 - 266


def test_wide_mode_shows_every_column_at_its_natural_width() -> None:
    fit = natural_fit(run_wants())
    assert fit.widths == {key: cells[0] for key, cells in RUN_CELLS.items()}
    assert set(fit.forms.values()) == {0}


def test_a_title_wider_than_every_cell_sets_the_width_and_the_cap_stops_a_long_name() -> None:
    (duration,) = (c for c in RUNS.columns if c.key == "duration")
    (pipeline,) = (c for c in RUNS.columns if c.key == "pipeline")
    assert want_for(duration, (4,)).natural == len("Duration")
    assert want_for(duration, (4,), title_extra=2).natural == len("Duration") + 2  # the sort arrow
    assert want_for(pipeline, (300,)).natural == pipeline.width


wants = st.lists(
    st.builds(
        lambda key, forms, cut, priority, optional, free: Want(
            key,
            tuple(sorted(forms, reverse=True)),
            min(cut, forms[0]) if cut is not None and not free else None,
            priority,
            optional,
            free,
        ),
        key=st.none(),
        forms=st.lists(st.integers(1, 60), min_size=1, max_size=3),
        cut=st.none() | st.integers(1, 30),
        priority=st.integers(0, 9),
        optional=st.booleans(),
        free=st.booleans(),
    ),
    min_size=1,
    max_size=9,
).map(lambda found: [Want(f"c{i}", w.forms, w.minimum, w.priority, w.optional, w.free) for i, w in enumerate(found)])


def narrowest(want: Want) -> int:
    """The least a column that may not be left out takes."""
    least = want.forms[-1] if want.minimum is None else min(want.minimum, want.forms[-1])
    return min(least, FREE_FLOOR) if want.free else least


@given(wants, st.integers(10, 300))
def test_a_fit_fits_whenever_the_columns_that_must_stay_fit_at_their_narrowest(found: list[Want], width: int) -> None:
    fit = fit_columns(found, width)
    required = [w for w in found if not w.optional]
    least = sum(narrowest(w) + CELL_PADDING for w in required) + SCROLLBAR
    if least <= width:
        assert fit.used() <= width
    for want in found:
        got, form = fit.widths[want.key], fit.forms[want.key]
        assert 0 <= form < len(want.forms)
        if not want.optional:
            assert got > 0  # never left out
        if got and not want.free:
            assert got <= want.forms[form]  # never wider than its widest cell
    if fit_columns(found, width + 50).used() <= width:  # everything fits whole: nothing is cut
        assert fit == fit_columns(found, width) or fit.used() <= width


@given(wants, st.integers(10, 300))
def test_nothing_is_cut_or_left_out_when_every_column_fits_whole(found: list[Want], width: int) -> None:
    whole = natural_fit(found)
    if whole.used() <= width:
        fit = fit_columns(found, width)
        for want in found:
            assert fit.forms[want.key] == 0
            assert fit.widths[want.key] >= want.natural


def test_the_compact_forms_of_a_time_read_the_clock_and_a_short_age() -> None:
    from datetime import UTC, datetime, timedelta

    from maia_tui.ui import times

    now = datetime(2026, 3, 4, 17, 41, 30, tzinfo=UTC)
    cases = {
        timedelta(seconds=3): "now",
        timedelta(seconds=47): "47s",
        timedelta(minutes=12, seconds=59): "12m",
        timedelta(hours=5, minutes=1): "5h",
        timedelta(days=9, hours=23): "9d",
        timedelta(minutes=-6): "in 6m",
    }
    for ago, age in cases.items():
        moment = (now - ago).isoformat().replace("+00:00", "Z")
        assert times.age(moment, now) == age
        clock = (now - ago).strftime("%H:%M")
        assert times.compact(moment, now, utc=True) == f"{clock}Z {age}"
    assert times.compact(None, now) == "—" and times.age("not a time", now) == "not a time"
