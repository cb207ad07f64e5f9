"""Column widths for a table width: fixed columns keep theirs, names give up width first, free
text takes the rest, and optional columns are left out, highest drop_order first."""

from __future__ import annotations

from rich.text import Text

from maia_tui.ui.resources.base import Column
from maia_tui.ui.views.column_widths import column_widths


def col(key: str, width: int | None = None, min_width: int | None = None, drop: int = 0) -> Column[object]:
    return Column(key, key.title(), lambda item, ctx: Text(""), width=width, min_width=min_width, drop_order=drop)


ID = col("id", 36)
NAME = col("name", 30, min_width=10)
TEXT = col("text")


def test_free_text_takes_what_the_fixed_columns_leave() -> None:
    # 100 - 3 columns x 2 padding - 2 for the scrollbar = 92; 92 - 36 - 30 = 26
    assert column_widths([NAME, TEXT, ID], 100) == {"name": 30, "text": 26, "id": 36}
    assert column_widths([NAME, TEXT, ID], 200) == {"name": 30, "text": 126, "id": 36}


def test_a_name_gives_up_width_before_free_text_drops_below_twelve() -> None:
    # 80: room 72; 36 + 30 + 12 = 78, 6 too many: the name gives them
    assert column_widths([NAME, TEXT, ID], 80) == {"name": 24, "text": 12, "id": 36}


def test_optional_columns_are_left_out_highest_first_and_ids_never() -> None:
    columns = [col("status", 12), col("who", 14, drop=1), col("how", 10, drop=2), TEXT, ID]
    # 90: room 90 - 10 - 2 = 78 for 12 + 14 + 10 + 36 + 12 = 84: "how" (2) goes first
    widths = column_widths(columns, 90)
    assert widths["how"] == 0 and widths["who"] == 14 and widths["id"] == 36 and widths["status"] == 12
    # 70: "who" goes too; the id and the status stay whole
    widths = column_widths(columns, 70)
    assert widths["how"] == widths["who"] == 0 and widths["id"] == 36 and widths["status"] == 12


def test_runs_at_80_columns_keep_status_pipeline_start_and_duration() -> None:
    from maia_tui.ui.resources.runs import RUNS

    widths = column_widths(RUNS.columns, 80)
    assert [key for key, width in widths.items() if width == 0] == ["project", "environment", "trigger", "user"]
    assert (widths["status"], widths["started"], widths["duration"]) == (12, 24, 9)
    assert sum(w + 2 for w in widths.values() if w) + 2 <= 80
    assert column_widths(RUNS.columns, 200)["trigger"] == 9  # wide enough: nothing left out
