"""Agents (§8): page/size, account-wide."""

from maia_tui.api.models import Agent
from maia_tui.resources.base import Kind

KIND: Kind[Agent] = Kind(
    name="agents",
    title="Agents",
    noun="agent",
    key=lambda agent: agent.agent_id,
    export_columns=(
        "agentId",
        "name",
        "agentStatus",
        "agentType",
        "cloudProvider",
        "deployment",
        "connected",
        "versionDetails.agentVersion",
        "versionDetails.agentUpdateAvailable",
    ),
    fetch_page=lambda client, query, page, size: client.list_agents(page=page, size=size),
)
