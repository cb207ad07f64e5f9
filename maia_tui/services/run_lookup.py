"""Finding what a person named: a project by name or id, a published pipeline by its full name
or its short name, an execution's project however old, the newest run of a pipeline, the runs
running now. No Textual; used by `maia-tui run` and `watch`.

A name that fits several things is never guessed: `Ambiguous` lists the candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from maia_tui.api.client import MaiaClient
from maia_tui.api.errors import Forbidden, MaiaError, NotFound
from maia_tui.api.models import PipelineExecution, Project
from maia_tui.api.paging import every_page
from maia_tui.api.text import printable

CONSOLE = "https://app.matillion.com"
PIPELINE_SUFFIXES = (".orch.yaml", ".tran.yaml", ".yaml")
EXECUTION_SCAN_LIMIT = 1000  # newest runs searched for an execution whose project was not given
# Pages of a filtered runs list searched for a pipeline's newest run: a server may hand back
# empty pages with a `more` token while it scans (the emulator does), so pages are counted too.
LATEST_PAGE_LIMIT = 20
CANDIDATES_SHOWN = 20


def console_execution_url(execution_id: str) -> str:
    """The execution in Matillion's web console (one global host; the account is chosen at sign-in)."""
    return f"{CONSOLE}/observability-dashboard/pipeline/{execution_id}"


class NotResolved(MaiaError):
    """Nothing (or several things) answer to a name given on the command line."""


class Ambiguous(NotResolved):
    """Several things answer to the name: they are listed, one per line, to choose from."""

    def __init__(self, what: str, given: str, candidates: Sequence[str]) -> None:
        self.candidates = tuple(candidates)
        super().__init__(
            f"{what} {given!r} is ambiguous: it matches {len(self.candidates)}",
            hint="Give one of these exactly (or an id)",
        )

    def __str__(self) -> str:
        lines = [f"{self.message}. {self.hint}:"]
        lines += [f"    {printable(c)}" for c in self.candidates[:CANDIDATES_SHOWN]]
        if len(self.candidates) > CANDIDATES_SHOWN:
            lines.append(f"    … and {len(self.candidates) - CANDIDATES_SHOWN} more")
        return "\n".join(lines)


@dataclass(frozen=True)
class ProjectRef:
    id: str
    name: str


async def find_project(client: MaiaClient, given: str) -> ProjectRef:
    """By id, else by exact name, else by name ignoring case; several matches are ambiguous."""
    projects: list[Project] = [p async for p in client.iter_projects()]
    for wanted in (
        [p for p in projects if p.id == given],
        [p for p in projects if p.name == given],
        [p for p in projects if p.name.casefold() == given.casefold()],
    ):
        if len(wanted) == 1:
            return ProjectRef(wanted[0].id, wanted[0].name)
        if len(wanted) > 1:
            raise Ambiguous("Project name", given, [f"{p.name}  (id {p.id})" for p in wanted])
    similar = [p.name for p in projects if given.casefold() in p.name.casefold()]
    hint = "Run `maia-tui` to browse the projects, or give the project's id"
    if similar:
        hint = "Did you mean one of: " + "; ".join(printable(n) for n in similar[:CANDIDATES_SHOWN])
    raise NotResolved(f"No project named {given!r} in this account", hint=hint)


def short_name(pipeline_name: str) -> str:
    """`ingest/load_orders.orch.yaml` -> `load_orders`."""
    base = pipeline_name.rsplit("/", 1)[-1]
    for suffix in PIPELINE_SUFFIXES:
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


async def find_pipeline(client: MaiaClient, project: ProjectRef, environment: str, given: str) -> str:
    """A pipeline published to `environment`: its full name (`dir/name.orch.yaml`), its file name,
    or its short name (`name`) when only one pipeline has it."""
    names = [
        pipeline.name
        async for pipeline in every_page(
            lambda number: client.list_published_pipelines(project.id, environment, number, 100)
        )
    ]
    if given in names:
        return given
    for matches in (
        [n for n in names if n.rsplit("/", 1)[-1] == given],
        [n for n in names if short_name(n) == given],
        [n for n in names if short_name(n).casefold() == given.casefold()],
    ):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise Ambiguous("Pipeline name", given, sorted(matches))
    raise NotResolved(
        f"No pipeline {given!r} is published to environment {environment!r} of project {project.name!r}",
        hint="Publish it to that environment, or check the name and --env",
    )


async def find_execution_project(
    client: MaiaClient,
    execution_id: str,
    *,
    emit: Callable[[str], None] = lambda _: None,
    asked: Callable[[int, int], None] = lambda done, total: None,
) -> str:
    """The project of an execution however old (no endpoint gives it by id alone): first among
    the account's newest runs, then by asking each project in turn, one request each through
    the client's request budget. `emit` hears what it is doing; `asked(n, of)` each project asked."""
    emit(f"Looking for run {execution_id} among the newest {EXECUTION_SCAN_LIMIT:,} runs of the account")
    seen = 0
    async for execution in client.iter_executions(limit=100):
        if execution.pipeline_execution_id == execution_id and execution.project_id:
            return execution.project_id
        seen += 1
        if seen >= EXECUTION_SCAN_LIMIT:
            break
    projects = [p async for p in client.iter_projects()]
    emit(
        f"Not among the newest {seen:,}; asking each of the {len(projects):,} projects in turn "
        "(one request each, within the request budget)"
    )
    refused = 0
    for number, project in enumerate(projects, start=1):
        try:
            await client.get_execution(project.id, execution_id)
        except NotFound:
            pass
        except Forbidden:
            refused += 1  # a project this credential may not read cannot be searched: go on
        else:
            emit(f"Found it in project {printable(project.name)} ({project.id})")
            return project.id
        finally:
            asked(number, len(projects))
    unread = f" ({refused} of them refused this credential)" if refused else ""
    raise NotResolved(
        f"Execution {execution_id} is in none of the {len(projects):,} projects of this account{unread}",
        hint="Check the id; runs are kept for a limited time",
    )


def matches_pipeline(name: str, given: str) -> bool:
    """`given` names the pipeline `name` by its full name, its file name or its short name."""
    return given in (name, name.rsplit("/", 1)[-1]) or short_name(name).casefold() == given.casefold()


async def latest_execution(
    client: MaiaClient, pipeline: str, *, project_id: str | None = None, environment: str | None = None
) -> PipelineExecution:
    """The newest run of a pipeline (full, file or short name), from the server's own filters,
    newest first. Two pipelines (or one name in two projects) answering to the name on the same
    page are never guessed between: `Ambiguous` lists them."""
    seen, token = 0, None
    for _ in range(LATEST_PAGE_LIMIT):
        page = await client.list_executions(
            project_id, limit=100, pagination_token=token, pipeline_name=pipeline, environment_name=environment
        )
        matched = [e for e in page.results if e.pipeline_name and matches_pipeline(e.pipeline_name, pipeline)]
        if matched:
            found = sorted({f"{e.pipeline_name}  (project {e.project_id})" for e in matched})
            if len(found) > 1:
                raise Ambiguous("Pipeline name", pipeline, found)
            return matched[0]
        seen += len(page.results)
        if page.more is None or page.more == token or seen >= EXECUTION_SCAN_LIMIT:
            break
        token = page.more
    where = " in that project" if project_id else ""
    where += f" in environment {environment!r}" if environment else ""
    raise NotResolved(
        f"No run of a pipeline named {pipeline!r}{where} among the newest runs whose name contains it"
        f" ({seen:,} such runs looked at)",
        hint="Give its full name (dir/name.orch.yaml), or check --project and --env",
    )


async def running_executions(client: MaiaClient, limit: int = 20) -> list[PipelineExecution]:
    """The account's newest RUNNING runs, to pick one from."""
    page = await client.list_executions(status="RUNNING", limit=limit)
    return list(page.results)
