"""What the run dialog starts from: a published pipeline, or a run to run again. Its own module
so the run key can be refused (read-only) without loading the dialog."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RunPlan:
    """What the dialog starts from: a published pipeline, or a run to run again."""

    project_id: str
    pipeline_name: str
    environment_name: str
    project_name: str | None = None
    agent_id: str | None = None
    variables: Mapping[str, str] = field(default_factory=dict)
    again_of: str | None = None  # the execution being run again, if any
