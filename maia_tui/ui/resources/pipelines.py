"""A project's published pipelines in one environment, and each pipeline's last run.

Shown as a folder tree (widgets/pipeline_tree.py, in the project's Published pipelines tab),
not as a flat list: the names are paths. The last run is one execution per pipeline, asked
for only when the tree shows that pipeline."""

from __future__ import annotations

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import PipelineExecution, PublishedPipeline
from maia_tui.api.paging import every_page

PIPELINES_LIMIT = 2000  # stop reading pages beyond this many published pipelines
PAGE_SIZE = 100


async def published(client: MaiaClient, project_id: str, environment: str) -> list[PublishedPipeline]:
    """Every published pipeline of the environment, page after page (bounded)."""
    pipelines: list[PublishedPipeline] = []
    async for pipeline in every_page(
        lambda number: client.list_published_pipelines(project_id, environment, page=number, size=PAGE_SIZE)
    ):
        pipelines.append(pipeline)
        if len(pipelines) >= PIPELINES_LIMIT:
            break
    return pipelines


async def last_run(client: MaiaClient, project_id: str, environment: str, name: str) -> PipelineExecution | None:
    """The pipeline's newest execution in the environment (executions filtered, limit 1)."""
    page = await client.list_executions(project_id, limit=1, pipeline_name=name, environment_name=environment)
    # `pipelineName` matches partially: a newer run of `x.orch.yaml.bak` must not pass for x's.
    return next((run for run in page.results if run.pipeline_name == name), None)
