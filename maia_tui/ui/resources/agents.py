"""The account's agents (section 3): status in colour as the API sends it (lower case),
connected, type, cloud and deployment, version, and whether an update is available."""

from __future__ import annotations

from rich.text import Text

from maia_tui.api.models import Agent
from maia_tui.api.text import printable
from maia_tui.resources.agents import KIND as AGENTS_KIND
from maia_tui.ui import palette
from maia_tui.ui.resources import cells
from maia_tui.ui.resources.base import Column, Live, Resource

# Theme roles (ui/palette.py). §8: running, stopped, paused, pending, stopping, pausing, unknown. Anything else: as it came.
AGENT_STATUS_STYLE = {
    "running": "bold good",
    "stopped": "bold bad",
    "paused": "warn",
    "pending": "info",
    "stopping": "note",
    "pausing": "note",
    "unknown": "dim",
}
UPDATE_AVAILABLE = "⬆ available"
# On the way somewhere (a restart, a pause): polled fast until it gets there.
MOVING_STATUSES = frozenset({"stopping", "pausing", "pending"})


def agent_status(value: str | None) -> Text:
    if not value:
        return Text("—", style="dim")
    return Text(printable(value, 20), style=palette.style(AGENT_STATUS_STYLE.get(value, "")), no_wrap=True)


def yes_no(value: bool | None, yes_style: str = "good", no_style: str = "bad") -> Text:
    if value is None:
        return Text("—", style="dim")
    return Text("yes", style=palette.style(yes_style)) if value else Text("no", style=palette.style(no_style))


def version(agent: Agent) -> Text:
    details = agent.version_details
    if details is None or not details.agent_version:
        return Text("—", style="dim")
    return cells.text(details.agent_version, 9)


def update(agent: Agent) -> Text:
    details = agent.version_details
    if details is None or details.agent_update_available is None:
        return Text("—", style="dim")
    if details.agent_update_available:
        return Text(UPDATE_AVAILABLE, style=palette.style("bold warn"))
    return Text("up to date", style="dim")


AGENTS: Resource[Agent] = Resource(
    kind=AGENTS_KIND,
    # The widest value (agentType `data_productivity_cloud`) goes last, where the table flexes.
    columns=(
        Column("name", "Name", lambda a, ctx: cells.text(a.name), width=48, min_width=12, priority=1),
        Column("status", "Status", lambda a, ctx: agent_status(a.agent_status), width=8),
        Column("connected", "Conn", lambda a, ctx: yes_no(a.connected), width=4),
        Column("version", "Version", lambda a, ctx: version(a), width=9),
        Column("update", "Update", lambda a, ctx: update(a), width=11),
        Column("cloud", "Cloud", lambda a, ctx: cells.text(a.cloud_provider), width=12, priority=4, optional=True),
        Column(
            "deployment", "Deployment", lambda a, ctx: cells.text(a.deployment), width=14, priority=5, optional=True
        ),
        Column("type", "Type", lambda a, ctx: cells.text(a.agent_type, 40), priority=6, optional=True),
    ),
    filter_text=lambda agent: f"{agent.name} {agent.agent_status or ''} {agent.cloud_provider or ''}",
    # the track, auto-updates and the rest are in the export (the JSON exactly as sent)
    empty="No agents in this account.",
    opens=False,
    # Status, connection and version move (agents restart, updates arrive): every 5 s while an
    # agent is on its way somewhere or something changed, slowing to 30 s.
    live=Live(fast=5.0, slow=30.0),
    is_live=lambda agent: (agent.agent_status or "") in MOVING_STATUSES,
)
