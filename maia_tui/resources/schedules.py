"""A project's schedules (§5, §8): page/size."""

from maia_tui.api.models import Schedule
from maia_tui.resources.base import Kind, Scope

KIND: Kind[Schedule] = Kind(
    name="schedules",
    title="Schedules",
    noun="schedule",
    key=lambda schedule: schedule.schedule_id,
    export_columns=(
        "scheduleId",
        "name",
        "pipelineName",
        "environmentName",
        "cronExpression",
        "cronTimezone",
        "scheduleEnabled",
        "lastRunAt",
        "nextRunAt",
    ),
    fetch_page=lambda client, query, page, size: client.list_schedules(query["project_id"], page=page, size=size),
    scope=Scope.PROJECT,
    project_tab=3,
)
