"""A project's environments: one answer (every page read, up to a bound)."""

from __future__ import annotations

from maia_tui.api.models import Environment
from maia_tui.resources.environments import KIND as ENVIRONMENTS_KIND
from maia_tui.ui.resources import cells
from maia_tui.ui.resources.base import Column, Resource

ENVIRONMENTS: Resource[Environment] = Resource(
    kind=ENVIRONMENTS_KIND,
    columns=(
        Column("name", "Name", lambda e, ctx: cells.text(e.name), width=60, min_width=16, priority=1),
        Column(
            "agent",
            "Default agent",
            lambda e, ctx: cells.text(e.default_agent_name),
            width=40,
            min_width=14,
            priority=2,
        ),
        Column(
            "agent_id",
            "Agent id",
            lambda e, ctx: cells.text(e.default_agent_id, 36),
            width=36,
            priority=3,
            optional=True,
        ),
    ),
    filter_text=lambda environment: environment.name,
    empty="This project has no environments.",
    opens=False,
)
