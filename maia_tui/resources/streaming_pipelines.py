"""A project's streaming pipelines (§8): page/size."""

from maia_tui.api.models import StreamingPipeline
from maia_tui.resources.base import Kind, Scope

KIND: Kind[StreamingPipeline] = Kind(
    name="streaming-pipelines",
    title="Streaming pipelines",
    noun="streaming pipeline",
    key=lambda pipeline: pipeline.streaming_pipeline_id,
    export_columns=("streamingPipelineId", "name", "projectId", "agentId", "streamingSource", "streamingTarget"),
    fetch_page=lambda client, query, page, size: client.list_streaming_pipelines(
        query["project_id"], page=page, size=size
    ),
    scope=Scope.PROJECT,
    project_tab=5,
)
