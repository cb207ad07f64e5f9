"""Resources: one small file per kind of thing the API lists (projects, runs, environments, ...).

A resource file declares *what* a list shows; `maia_tui.ui.views.resource_list.ResourceList`
does everything else (paging, loading/empty/error states, the `/` filter, live refresh, and
fetching again by itself when the connection returns). No screen is copied to add a resource.

How to add a resource (e.g. agents):

1. Create `maia_tui/ui/resources/agents.py` with one module-level `Resource`:

       AGENTS: Resource[Agent] = Resource(
           name="agents",                       # widget ids: #agents, #agents-error, #agents-header
           title="Agents",                      # the header's first word
           paging=Paging.PAGE,                  # PAGE (page/size), CURSOR (paginationToken) or NONE
           fetch_page=lambda client, query, page, size: client.list_agents(page=page, size=size),
           key=lambda agent: agent.agent_id,    # row identity: live updates and selection use it
           columns=(
               Column("name", "Name", lambda a, ctx: text(a.name), width=30),
               Column("status", "Status", lambda a, ctx: agent_status(a.agent_status), width=10),
               Column("version", "Version", lambda a, ctx: text(...)),   # width=None: takes the rest
           ),
           filter_text=lambda a: a.name,        # what `/` matches
           empty="No agents in this account.",
       )

   Cursor lists give `fetch_cursor(client, query, token, limit)`; unpaged ones give
   `fetch_all(client, query)`. `query` is the list's filters (a mapping the screen sets, e.g.
   {"project_id": ...}); pass it on to the client call.
2. Optional: `open=lambda item, query: SomeScreen(item)` (where `enter` goes; None: nowhere),
   `export=lambda item: dict(item.raw)` (how a row exports), `live=Live(...)` to follow the
   server while shown, `is_live=lambda item: ...` for rows that still change.
3. Show it: `yield ResourceList(AGENTS, client)` in a screen's compose (or a tab). For a top-level
   section, register its screen in `maia_tui/ui/sections.py`.

Cells are drawn from the API's object with the helpers in `maia_tui.ui.resources.cells`
(server text is always literal, never markup).
"""

from maia_tui.ui.resources.base import Column, Live, Paging, Query, Resource, RowContext

__all__ = ["Column", "Live", "Paging", "Query", "Resource", "RowContext"]
