"""The credential board (section 6): one row per saved profile, with its state, time left for
the one signed in here, when it was last checked, and the probe's areas as compact marks.

The rows come from `maia_tui.ui.board.BoardSource`, handed over in the list's query as "source"."""

from __future__ import annotations

from rich.text import Text

from maia_tui.api.probe import AREAS, Outcome
from maia_tui.resources.base import Kind, Paging
from maia_tui.ui import palette
from maia_tui.ui.board import BoardRow
from maia_tui.ui.format import ago, clock_text
from maia_tui.ui.resources import cells
from maia_tui.ui.resources.base import Column, Resource, RowContext

# One letter per probed area, in the probe's order: the column's title, and the legend.
AREA_LETTERS = {
    "projects": "P",
    "environments": "E",
    "runs": "R",
    "agents": "A",
    "events": "L",  # the audit log
    "credits": "C",
}
AREAS_TITLE = " ".join(AREA_LETTERS[area.key] for area in AREAS)
LEGEND = "P projects · E environments · R runs · A agents · L audit log · C credits"
MARKS = {
    Outcome.ALLOWED: ("✓", "good"),
    Outcome.REFUSED: ("✖", "bold bad"),
    Outcome.NOT_FOUND: ("?", "warn"),
    Outcome.FAILED: ("!", "bad"),
    Outcome.SKIPPED: ("·", "dim"),
    Outcome.NOT_TESTED: ("·", "dim"),
}


def state(row: BoardRow) -> Text:
    return Text(row.state.label, style=palette.style(row.state.look), no_wrap=True)


def time_left(row: BoardRow) -> Text:
    """Read from the session's tokens at every redraw (the column ticks): a refresh shows at once."""
    status = row.tokens.status() if row.tokens is not None else None
    if status is None or status.token is None:
        return Text("—", style="dim")
    return Text(clock_text(status.remaining), no_wrap=True)


def left_seconds(row: BoardRow, ctx: RowContext) -> float | None:
    status = row.tokens.status() if row.tokens is not None else None
    return status.remaining if status is not None and status.token is not None else None


def checked(row: BoardRow, ctx: RowContext) -> Text:
    if row.checked_at is None:
        return Text("—", style="dim")
    return Text(ago(row.checked_at, ctx.now), no_wrap=True)


def areas(row: BoardRow) -> Text:
    """✓ allowed, ✖ refused, ? not found, ! failed, · not tried; one a letter of the title."""
    if row.permissions is None:
        return Text("—", style="dim")
    outcomes = row.permissions.outcomes()
    text = Text(no_wrap=True)
    for index, area in enumerate(AREAS):
        mark, look = MARKS[outcomes.get(area.key, Outcome.SKIPPED)]
        text.append((" " if index else "") + mark, style=palette.style(look))
    return text


# The saved profiles, checked: a kind of the app's own, not of the API, so not in the registry.
CREDENTIALS_KIND: Kind[BoardRow] = Kind(
    name="credentials",
    title="Credentials",
    noun="profile",
    key=lambda row: row.name,
    # BoardRow.export's fields: never a secret or a token.
    export_columns=(
        "profile",
        "where",
        "api_base",
        "client_id",
        "state",
        "reason",
        "checked_at",
        "token_remaining_seconds",
        *(f"permissions.{area.key}.outcome" for area in AREAS),
    ),
    paging=Paging.NONE,
    fetch_all=lambda client, query: query["source"].fetch(),
    exportable=False,
)

CREDENTIALS: Resource[BoardRow] = Resource(
    kind=CREDENTIALS_KIND,
    columns=(
        Column("profile", "Profile", lambda r, ctx: cells.text(r.name, 14), width=14, min_width=8),
        Column(
            "where", "Where", lambda r, ctx: cells.text(r.where, 18), width=18, min_width=9, priority=6, optional=True
        ),
        Column("client_id", "Client id", lambda r, ctx: cells.text(r.client_id, 18), width=18, min_width=10),
        Column("state", "State", lambda r, ctx: state(r), width=16),
        Column("left", "Left", lambda r, ctx: time_left(r), width=7, ticks=True, sort_key=left_seconds),
        Column(
            "checked",
            "Checked",
            checked,
            width=9,
            ages=True,
            priority=7,
            optional=True,
            sort_key=lambda r, ctx: r.checked_at.timestamp() if r.checked_at else None,
        ),
        Column("areas", AREAS_TITLE, lambda r, ctx: areas(r), width=len(AREAS_TITLE)),
    ),
    filter_text=lambda r: f"{r.name} {r.where} {r.client_id} {r.state.label}",
    is_live=lambda row: row.tokens is not None,  # its time left ticks
    export=BoardRow.export,
    empty="No saved profiles yet. Add one from a shell: maia-tui profiles add NAME --client-id ID --region eu1 "
    "(the secret is read from standard input), or sign in with Remember ticked.",
)
