"""A project's published pipelines in one environment (§5): page/size."""

from maia_tui.api.models import PublishedPipeline
from maia_tui.resources.base import Kind, Scope

KIND: Kind[PublishedPipeline] = Kind(
    name="pipelines",
    title="Published pipelines",
    noun="pipeline",
    key=lambda pipeline: pipeline.name,
    export_columns=("name", "publishedTime"),
    fetch_page=lambda client, query, page, size: client.list_published_pipelines(
        query["project_id"], query["environment_name"], page=page, size=size
    ),
    scope=Scope.ENVIRONMENT,
    project_tab=2,
)
