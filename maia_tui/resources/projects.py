"""Projects (§5): page/size, the account's top level."""

from maia_tui.api.models import Project
from maia_tui.resources.base import Kind

KIND: Kind[Project] = Kind(
    name="projects",
    title="Projects",
    noun="project",
    key=lambda project: project.id,
    export_columns=("id", "name", "description"),
    fetch_page=lambda client, query, page, size: client.list_projects(page=page, size=size),
)
