"""The permission probe: one cheap read against each area the app uses, to answer "what can
this credential do?" — allowed, refused (403: a role, or the IP allow list), not found (404:
the other region?), or failed (the network).

It never writes, so it cannot tell whether the credential may run pipelines; it says so.
Each area costs at most one request, through the client (and so through its request budget).
Once the API cannot be reached, the areas left are not tried: they would fail the same way.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from .errors import Forbidden, MaiaError, NetworkError, NotFound
from .models import Page, Project
from .text import printable

if TYPE_CHECKING:
    from .client import MaiaClient

RUN_NOTE = (
    "Whether this credential may run pipelines is not tested: that cannot be known without "
    "running one, and the probe never writes."
)
IP_WORDS = ("ip address", "allow list", "allow-list", "allowlist")
IP_ADVICE = "Ask an account administrator to add this machine's IP address to the account's allow list."


class Outcome(enum.Enum):
    ALLOWED = "allowed"
    REFUSED = "refused"
    NOT_FOUND = "not found"
    FAILED = "failed"
    SKIPPED = "not tried"
    NOT_TESTED = "not tested"

    @property
    def label(self) -> str:
        return OUTCOME_MARK[self] + " " + self.value


OUTCOME_MARK = {
    Outcome.ALLOWED: "✓",
    Outcome.REFUSED: "✖",
    Outcome.NOT_FOUND: "?",
    Outcome.FAILED: "✖",
    Outcome.SKIPPED: "·",
    Outcome.NOT_TESTED: "·",
}


@dataclass(frozen=True)
class AreaResult:
    area: str  # a stable key: projects, environments, runs, agents, events, credits, run_pipelines
    label: str  # what a person calls it
    request: str  # the one read it made (method, path and query), or what it would need
    outcome: Outcome
    status: int | None = None  # the HTTP status, when an answer came
    reason: str | None = None  # the server's own words (printable), or why it was not tried
    advice: str | None = None  # what to do about it

    @property
    def result_text(self) -> str:
        """`✖ refused (403)`: the outcome, and the HTTP status when it was not a success."""
        if self.status and self.outcome is not Outcome.ALLOWED:
            return f"{self.outcome.label} ({self.status})"
        return self.outcome.label

    @property
    def why(self) -> str:
        """The server's words (or why it was not tried), then what to do."""
        return " ".join(part for part in (self.reason, self.advice) if part)

    def to_json(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "label": self.label,
            "request": self.request,
            "outcome": self.outcome.name.lower(),
            "status": self.status,
            "reason": self.reason,
            "advice": self.advice,
        }


@dataclass(frozen=True)
class ProbeReport:
    results: tuple[AreaResult, ...]
    at: datetime  # when it ran (wall clock, UTC)

    def result(self, area: str) -> AreaResult:
        return next(r for r in self.results if r.area == area)

    def outcomes(self) -> dict[str, Outcome]:
        return {r.area: r.outcome for r in self.results}

    def to_json(self) -> dict[str, Any]:
        return {r.area: r.to_json() for r in self.results}

    def table(self, indent: str = "  ") -> list[str]:
        """Plain-text lines: area, result, why and what to do."""
        width = max(len(r.label) for r in self.results)
        return [f"{indent}{r.label:<{width}}  {r.result_text:<18}  {r.why}".rstrip() for r in self.results]


@dataclass(frozen=True)
class Area:
    key: str
    label: str
    request: str
    role_advice: str
    not_found_advice: str = "This API host does not serve it here: is the account in another region (eu1 or us1)?"


PROJECTS = Area(
    "projects",
    "Projects",
    "GET /v1/projects?page=0&size=1",
    "Give the credential an account role, or a project role, that can see projects.",
    "The account probably lives in the other region: try eu1 or us1.",
)
ENVIRONMENTS = Area(
    "environments",
    "Environments (first project)",
    "GET /v1/projects/{first project}/environments?page=0&size=1",
    "Give the credential a project role on this project.",
)
RUNS = Area(
    "runs",
    "Pipeline runs (account-wide)",
    "GET /v1/pipeline-executions?limit=1",
    "Give the credential a role that can see pipeline executions.",
)
AGENTS = Area("agents", "Agents", "GET /v1/agents?page=0&size=1", "Give the credential a role that can see agents.")
EVENTS = Area(
    "events",
    "Audit events (last 24 h)",
    "GET /v1/events?from={24 h ago}&to={now}&page=0&size=1",
    "Give the credential a role with the 'View Audit Events' permission.",
)
CREDITS = Area(
    "credits",
    "Credits (last day)",
    "GET /v1/consumption?consumedFrom={yesterday}&consumedBefore={today}",
    "Give the credential an account role that can see credit consumption.",
)
ALSO_CHECK_IP = "If the IP allow list is on, check it too."
AREAS = (PROJECTS, ENVIRONMENTS, RUNS, AGENTS, EVENTS, CREDITS)


def classify(area: Area, error: MaiaError, request: str | None = None) -> AreaResult:
    """A failed read as a row: the server's words kept, and what to do."""
    request = request or area.request
    reason = printable(error.detail, 300) if error.detail else printable(error.message, 300)
    if isinstance(error, Forbidden):
        about_ip = any(word in (error.detail or "").lower() for word in IP_WORDS)
        if about_ip:
            advice = IP_ADVICE
        elif "role" in reason.lower():  # the server already said which role to give: say it once
            advice = ALSO_CHECK_IP
        else:
            advice = f"{area.role_advice} {ALSO_CHECK_IP}"
        return AreaResult(area.key, area.label, request, Outcome.REFUSED, error.status, reason, advice)
    if isinstance(error, NotFound):
        return AreaResult(area.key, area.label, request, Outcome.NOT_FOUND, error.status, reason, area.not_found_advice)
    return AreaResult(
        area.key, area.label, request, Outcome.FAILED, error.status, printable(str(error), 300), error.hint or None
    )


class Probe:
    """Runs the reads in order, one at a time (a probe is no reason to burst)."""

    def __init__(self, client: MaiaClient, first_page: Page[Project] | None = None) -> None:
        self.client = client
        self.first_page = first_page  # a projects page already fetched (by `check`): not fetched again

    async def run(self) -> ProbeReport:
        clock = self.client.clock
        started = clock.now()
        results: list[AreaResult] = []
        unreachable: NetworkError | None = None
        first_project: Project | None = None
        projects_ok = False
        for area in AREAS:
            if unreachable is not None:
                results.append(self._not_tried(area, f"not tried: {printable(unreachable.message, 200)}"))
                continue
            if area is ENVIRONMENTS and first_project is None:
                why = "the account has no project to look in" if projects_ok else "needs the projects list first"
                results.append(self._not_tried(area, why))
                continue
            read = self._read(area, first_project, started)
            request = self._request(area, first_project, started)
            try:
                answer = await read()
            except NetworkError as error:
                unreachable = error
                results.append(classify(area, error, request))
                continue
            except MaiaError as error:
                results.append(classify(area, error, request))
                continue
            if area is PROJECTS:
                projects_ok = True
                first_project = answer.results[0] if answer.results else None
            results.append(AreaResult(area.key, area.label, request, Outcome.ALLOWED, 200))
        results.append(
            AreaResult(
                "run_pipelines",
                "Run pipelines",
                "POST /v1/projects/{id}/pipeline-executions",
                Outcome.NOT_TESTED,
                reason=RUN_NOTE,
            )
        )
        return ProbeReport(tuple(results), started)

    @staticmethod
    def _not_tried(area: Area, why: str) -> AreaResult:
        return AreaResult(area.key, area.label, area.request, Outcome.SKIPPED, reason=why)

    @staticmethod
    def _request(area: Area, first_project: Project | None, now: datetime) -> str:
        """The read as it was made: the placeholders of `area.request` filled in."""
        if area is ENVIRONMENTS and first_project is not None:
            return area.request.replace("{first project}", first_project.id)
        if area is EVENTS:
            since = _iso(now - timedelta(hours=24))
            return area.request.replace("{24 h ago}", since).replace("{now}", _iso(now))
        if area is CREDITS:
            today = now.date()
            return area.request.replace("{yesterday}", _day(today - timedelta(days=1))).replace("{today}", _day(today))
        return area.request

    def _read(self, area: Area, first_project: Project | None, now: datetime) -> Callable[[], Awaitable[Any]]:
        client = self.client
        if area is PROJECTS:
            if self.first_page is not None:
                page = self.first_page

                async def known() -> Page[Project]:
                    return page

                return known
            return lambda: client.list_projects(page=0, size=1)
        if area is ENVIRONMENTS:
            assert first_project is not None
            return lambda: client.list_environments(first_project.id, page=0, size=1)
        if area is RUNS:
            return lambda: client.list_executions(None, limit=1)
        if area is AGENTS:
            return lambda: client.list_agents(page=0, size=1)
        if area is EVENTS:
            return lambda: client.list_events(now - timedelta(hours=24), now, page=0, size=1)
        today = now.date()
        return lambda: client.get_consumption(today - timedelta(days=1), today)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _day(day: date) -> str:
    return day.isoformat()


async def probe_permissions(client: MaiaClient, first_page: Page[Project] | None = None) -> ProbeReport:
    """One read per area; see the module's docstring."""
    return await Probe(client, first_page).run()
