"""Projects: page/size; enter opens the project (its fields, environments, schedules, runs)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from maia_tui.api.models import Project
from maia_tui.resources.projects import KIND as PROJECTS_KIND
from maia_tui.ui.resources import cells
from maia_tui.ui.resources.base import Column, Live, Resource

if TYPE_CHECKING:
    pass

ID_WIDTH = 36  # a UUID
NAME_WIDTH = 60  # the most a name takes; most take their own width


PROJECTS: Resource[Project] = Resource(
    kind=PROJECTS_KIND,
    columns=(
        Column("name", "Name", lambda p, ctx: cells.text(p.name), width=NAME_WIDTH, min_width=16, priority=1),
        Column(
            "description", "Description", lambda p, ctx: cells.text(p.description or "", 200), priority=5, optional=True
        ),
        Column("id", "ID", lambda p, ctx: Text(p.id, style="dim", no_wrap=True), width=ID_WIDTH, priority=2),
    ),
    filter_text=lambda project: project.name,
    live=Live(fast=30.0, slow=30.0),  # projects come and go rarely: the page shown, every 30 s
    empty=(
        "No projects in this account yet — create one in the Data Productivity Cloud designer, then press {key:list.reload} to reload."
    ),
)
