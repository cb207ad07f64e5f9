"""A project's environments: one answer (every page read, up to a bound)."""

from __future__ import annotations

from collections.abc import Sequence

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import Environment
from maia_tui.ui.resources import cells
from maia_tui.ui.resources.base import Column, Paging, Query, Resource

ENVIRONMENTS_LIMIT = 500  # environments are few; stop reading pages beyond this many


async def _all(client: MaiaClient, query: Query) -> Sequence[Environment]:
    found: list[Environment] = []
    async for environment in client.iter_environments(query["project_id"]):
        found.append(environment)
        if len(found) >= ENVIRONMENTS_LIMIT:
            break
    return found


ENVIRONMENTS: Resource[Environment] = Resource(
    name="environments",
    title="Environments",
    noun="environment",
    paging=Paging.NONE,
    fetch_all=_all,
    key=lambda environment: environment.name,
    columns=(
        Column("name", "Name", lambda e, ctx: cells.text(e.name, 40), width=40, min_width=16),
        Column("agent", "Default agent", lambda e, ctx: cells.text(e.default_agent_name, 30), width=30, min_width=14),
        Column("agent_id", "Agent id", lambda e, ctx: cells.text(e.default_agent_id, 36), width=36),
    ),
    filter_text=lambda environment: environment.name,
    empty="This project has no environments.",
)
