"""A project's environments (§5): few, so read whole (every page, up to a bound)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from maia_tui.api.models import Environment
from maia_tui.resources.base import Kind, Paging, Query, Scope

if TYPE_CHECKING:
    from maia_tui.api.client import MaiaClient

ENVIRONMENTS_LIMIT = 500  # environments are few; stop reading pages beyond this many


async def _all(client: MaiaClient, query: Query) -> Sequence[Environment]:
    found: list[Environment] = []
    async for environment in client.iter_environments(query["project_id"]):
        found.append(environment)
        if len(found) >= ENVIRONMENTS_LIMIT:
            break
    return found


KIND: Kind[Environment] = Kind(
    name="environments",
    title="Environments",
    noun="environment",
    key=lambda environment: environment.name,
    export_columns=("name", "defaultAgentId", "defaultAgentName"),
    paging=Paging.NONE,
    fetch_all=_all,
    scope=Scope.PROJECT,
    project_tab=1,
)
