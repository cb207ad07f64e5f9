"""The sample account, derived on demand from (seed, index): nothing is stored per project.

Every item is a pure function of the seed and its index, so 100,000 projects cost no memory
and no start-up time, and the same seed always gives the same account. Times are relative to
a fixed epoch (the account's "now"), never wall time.

Executions form one global timeline, newest first: execution n belongs to project
perm(n mod P) and is the (n div P)-th newest run of that project, and starts strictly earlier
than execution n - 1. So the global list, a project's list and time filters are all arithmetic.
"""

from __future__ import annotations

import hashlib
import math
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from . import words as w
from .config import EmulatorConfig
from .ids import IdCodec

BASE_EPOCH = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
TIMELINE_MS = 30 * 86_400_000  # executions spread over the 30 days before the epoch
EVENT_SLOT_S = 420  # one audit event every 7 minutes
EVENT_RETENTION_S = 90 * 86_400
MAX_STEPS = 16

STATUSES = ("RUNNING", "SUCCESS", "FAILED", "CANCELLING", "CANCELLED", "SKIPPED", "UNKNOWN")
TRIGGERS = ("DESIGNER", "API", "SCHEDULE", "SCHEDULE_RUN_NOW", "UNKNOWN")
_FINISHED_WEIGHTS = (("SUCCESS", 70), ("FAILED", 12), ("CANCELLED", 5), ("SKIPPED", 6), ("UNKNOWN", 3))
_TRIGGER_WEIGHTS = (("SCHEDULE", 45), ("DESIGNER", 20), ("API", 20), ("SCHEDULE_RUN_NOW", 10), ("UNKNOWN", 5))


def iso_ms(ms: int) -> str:
    """ISO 8601 in UTC with milliseconds and a Z, as the API writes times."""
    when = datetime.fromtimestamp(ms / 1000, UTC)
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _weighted(table: tuple[tuple[str, int], ...], roll: int) -> str:
    roll %= sum(weight for _, weight in table)
    for value, weight in table:
        if roll < weight:
            return value
        roll -= weight
    raise AssertionError("unreachable")


def _coprime_step(n: int, start: int) -> int:
    """A multiplier coprime with n, so i -> i * step mod n is a permutation."""
    if n <= 1:
        return 1
    step = start % n or 1
    while math.gcd(step, n) != 1:
        step = step % n + 1
    return step


class Account:
    def __init__(self, config: EmulatorConfig) -> None:
        self.seed = config.seed
        self.project_count = config.projects
        self.runs_per_project = config.executions_per_project
        self.hostile = config.hostile_names
        self._key = hashlib.blake2b(f"maia-emulator-data:{self.seed}".encode(), digest_size=16).digest()
        epoch = config.data_epoch or BASE_EPOCH - timedelta(minutes=self.seed % 60)
        self.epoch_ms = int(epoch.timestamp() * 1000)

        self.project_ids = IdCodec(self.seed, "project")
        self.execution_ids = IdCodec(self.seed, "execution")
        self.schedule_ids = IdCodec(self.seed, "schedule")
        self.agent_ids = IdCodec(self.seed, "agent")
        self.step_ids = IdCodec(self.seed, "step")
        self.event_ids = IdCodec(self.seed, "event")

        p = self.project_count
        self.execution_count = p * self.runs_per_project
        self._step_ms = max(1, TIMELINE_MS // max(1, self.execution_count))
        self._in_flight = max(2, min(8, self.execution_count // 500))
        self._perm_mul = _coprime_step(p, self._h("perm") | 1)
        self._perm_add = self._h("perm-add") % max(1, p)
        self._perm_inv = pow(self._perm_mul, -1, p) if p > 1 else 0
        self._combos = len(w.THEMES) * len(w.QUALIFIERS)
        self._name_step = _coprime_step(self._combos, self._h("names") | 1)
        self.agent_count = 0 if p == 0 else min(40, 2 + p // 30)
        # The per-project derivations are cheap but called many times per request.
        self.environment_names = lru_cache(maxsize=4096)(self._environment_names)
        self.pipeline_names = lru_cache(maxsize=4096)(self._pipeline_names)
        self.schedule_specs = lru_cache(maxsize=4096)(self._schedule_specs)

    def _h(self, *parts: object) -> int:
        text = "\x1f".join(map(str, parts)).encode()
        return int.from_bytes(hashlib.blake2b(text, key=self._key, digest_size=8).digest(), "big")

    # ---- projects ---------------------------------------------------------------------

    def project_index(self, project_id: str) -> int | None:
        index = self.project_ids.decode(project_id)
        return index if index is not None and index < self.project_count else None

    def project(self, i: int) -> dict[str, Any]:
        combo = (i % self._combos * self._name_step + self.seed) % self._combos
        theme = w.THEMES[combo // len(w.QUALIFIERS)]
        name = f"{theme} – {w.QUALIFIERS[combo % len(w.QUALIFIERS)]}"
        if i >= self._combos:
            name += f" {i // self._combos + 1}"
        h = self._h("project", i)
        description: str | None = None
        if h % 12:  # one project in twelve has no description
            description = w.DESCRIPTIONS[h % len(w.DESCRIPTIONS)].format(
                src=w.SOURCES[h // 7 % len(w.SOURCES)],
                dst=w.TARGETS[h // 101 % len(w.TARGETS)],
                team=w.TEAMS[h // 997 % len(w.TEAMS)],
                bi=w.BI_TOOLS[h // 9973 % len(w.BI_TOOLS)],
                theme=theme,
            )
        if self.hostile:
            name, description = self._hostile(i, name, description)
        return {"id": self.project_ids.encode(i), "name": name, "description": description}

    def _hostile(self, i: int, name: str, description: str | None) -> tuple[str, str | None]:
        if i == min(2, self.project_count - 1):
            sentence = f"{name}: a description far longer than any screen. "
            description = (sentence * (w.HUGE_DESCRIPTION_LENGTH // len(sentence) + 1))[: w.HUGE_DESCRIPTION_LENGTH]
        if i % 3 == 1:
            k = i // 3
            name = f"{w.HOSTILE_NAMES[k % len(w.HOSTILE_NAMES)]} ({i})"
            description = w.HOSTILE_DESCRIPTIONS[k % len(w.HOSTILE_DESCRIPTIONS)]
        return name, description

    # ---- environments, agents ---------------------------------------------------------

    def _environment_names(self, i: int) -> tuple[str, ...]:
        h = self._h("environments", i)
        style = w.ENVIRONMENT_STYLES[h % len(w.ENVIRONMENT_STYLES)]
        count = 1 + h // 3 % 4
        if count == 1:
            return style[:1]
        return style[: count - 1] + style[-1:]  # dev..., always ending with prod

    def environments(self, i: int) -> list[dict[str, Any]]:
        result = []
        for name in self.environment_names(i):
            agent = self._h("env-agent", i, name) % self.agent_count
            result.append(
                {
                    "name": name,
                    "defaultAgentId": self.agent_ids.encode(agent),
                    "defaultAgentName": self.agent_name(agent),
                }
            )
        return result

    def agent_name(self, j: int) -> str:
        region, _ = w.AGENT_REGIONS[j % len(w.AGENT_REGIONS)]
        purpose = w.AGENT_PURPOSES[j // len(w.AGENT_REGIONS) % len(w.AGENT_PURPOSES)]
        return f"{region}-{purpose}-agent-{j + 1:02d}"

    def agent(self, j: int) -> dict[str, Any]:
        h = self._h("agent", j)
        region, cloud = w.AGENT_REGIONS[j % len(w.AGENT_REGIONS)]
        return {
            "agentId": self.agent_ids.encode(j),
            "name": self.agent_name(j),
            "description": f"{'Hybrid' if h % 3 else 'Matillion-hosted'} agent in {region}",
            "status": w.AGENT_STATUSES[h // 3 % len(w.AGENT_STATUSES)],
            "agentType": "HYBRID" if h % 3 else "FULL_SAAS",
            "cloudProvider": cloud,
            "region": region,
            "agentVersion": f"11.{h // 31 % 9}.{h // 311 % 40}",
            "lastSeenAt": iso_ms(self.epoch_ms - h % 600_000),
        }

    # ---- pipelines, schedules ---------------------------------------------------------

    def _pipeline_names(self, i: int) -> tuple[str, ...]:
        """The project's pipelines; earlier environments publish more of them than later ones."""
        h = self._h("pipelines", i)
        combos = len(w.PIPELINE_DIRS) * len(w.PIPELINE_BASES)
        step = _coprime_step(combos, h | 1)
        names = []
        for j in range(4 + h // 7 % 27):
            combo = (h // 1009 + j * step) % combos
            folder, kind = w.PIPELINE_DIRS[combo % len(w.PIPELINE_DIRS)]
            names.append(f"{folder}/{w.PIPELINE_BASES[combo // len(w.PIPELINE_DIRS)]}.{kind}.yaml")
        return tuple(names)

    def published_names(self, i: int, environment: str) -> tuple[str, ...] | None:
        envs = self.environment_names(i)
        if environment not in envs:
            return None
        names = self.pipeline_names(i)
        position = envs.index(environment)
        return names[: max(1, len(names) - position * (len(names) // 5))]

    def published_pipeline(self, i: int, environment: str, name: str) -> dict[str, Any]:
        age_ms = self._h("published", i, environment, name) % (60 * 86_400_000)
        return {"name": name, "publishedTime": iso_ms(self.epoch_ms - 3_600_000 - age_ms)}

    def _schedule_specs(self, i: int) -> tuple[tuple[str, str, int, bool, int], ...]:
        """(environment, pipeline, cron index, enabled, timezone index) per schedule."""
        envs = self.environment_names(i)
        specs = []
        for j in range(self._h("schedules", i) % 7):
            h = self._h("schedule", i, j)
            env = envs[-1] if h % 3 else envs[h // 3 % len(envs)]  # mostly production
            published = self.published_names(i, env) or ("",)
            pipeline = published[h // 11 % len(published)]
            enabled = h // 7 % 5 != 0  # one schedule in five is paused
            specs.append((env, pipeline, h // 101 % len(w.CRONS), enabled, h // 13 % len(w.TIMEZONES)))
        return tuple(specs)

    def schedule(self, i: int, j: int) -> dict[str, Any]:
        env, pipeline, cron_index, enabled, tz = self.schedule_specs(i)[j]
        cron, label, period_s = w.CRONS[cron_index]
        base = pipeline.rsplit("/", 1)[-1].split(".")[0]
        item: dict[str, Any] = {
            "scheduleId": self.schedule_ids.encode(i * 8 + j),
            "name": f"{label} {base} ({env})",
            "pipelineName": pipeline,
            "environmentName": env,
            "cronExpression": cron,
            "cronTimezone": w.TIMEZONES[tz],
            "scheduleEnabled": enabled,
        }
        if enabled:
            item["nextRunAt"] = iso_ms(self.epoch_ms + 1000 * (1 + self._h("next-run", i, j) % period_s))
        return item

    # ---- executions -------------------------------------------------------------------

    def execution_project(self, n: int) -> int:
        return (n % self.project_count * self._perm_mul + self._perm_add) % self.project_count

    def project_execution(self, project: int, k: int) -> int:
        """The global index of the project's k-th newest execution."""
        r = (project - self._perm_add) * self._perm_inv % self.project_count
        return r + k * self.project_count

    def execution_index(self, execution_id: str) -> int | None:
        n = self.execution_ids.decode(execution_id)
        return n if n is not None and n < self.execution_count else None

    def started_ms(self, n: int) -> int:
        # Jitter stays below one step, so start times strictly decrease with n.
        return self.epoch_ms - n * self._step_ms - self._h("jitter", n) % self._step_ms

    def _timing(self, n: int) -> tuple[int, int, bool]:
        """(start ms, duration ms, still in flight at the epoch)."""
        h = self._h("duration", n)
        seconds = 900 + h // 10 % 6300 if h % 10 == 0 else 15 + h // 10 % 885
        start = self.started_ms(n)
        duration = seconds * 1000
        if n < self._in_flight:  # the newest runs are always in flight, so a UI has live rows
            duration = max(duration, self.epoch_ms - start + 60_000)
        return start, duration, start + duration > self.epoch_ms

    def execution(self, n: int) -> dict[str, Any]:
        project = self.execution_project(n)
        h = self._h("execution", n)
        trigger = _weighted(_TRIGGER_WEIGHTS, h)
        schedules = self.schedule_specs(project)
        schedule_id = None
        if trigger.startswith("SCHEDULE") and schedules:
            j = h // 97 % len(schedules)
            env, pipeline = schedules[j][0], schedules[j][1]
            schedule_id = self.schedule_ids.encode(project * 8 + j)
        else:
            if trigger.startswith("SCHEDULE"):
                trigger = "API"  # a project without schedules cannot have scheduled runs
            envs = self.environment_names(project)
            env = envs[h // 97 % len(envs)]
            published = self.published_names(project, env) or ("",)
            pipeline = published[h // 991 % len(published)]
        start, duration, in_flight = self._timing(n)
        if in_flight:
            status = "CANCELLING" if n == 1 or (n > 1 and h // 7 % 8 == 0) else "RUNNING"
        else:
            status = _weighted(_FINISHED_WEIGHTS, h // 9973)
        item: dict[str, Any] = {
            "pipelineExecutionId": self.execution_ids.encode(n),
            "projectId": self.project_ids.encode(project),
            "pipelineName": pipeline,
            "pipelineType": "TRANSFORMATION" if pipeline.endswith(".tran.yaml") else "ORCHESTRATION",
            "environmentName": env,
            "status": status,
            "trigger": trigger,
            "startedAt": iso_ms(start),
        }
        if not in_flight:
            item["finishedAt"] = iso_ms(start + (1000 if status == "SKIPPED" else duration))
        message = self._message(status, h)
        if message:
            item["message"] = message
        if schedule_id:
            item["scheduleId"] = schedule_id
        if trigger == "DESIGNER":
            item["user"] = w.PEOPLE[h // 13 % len(w.PEOPLE)]
        elif trigger == "API":
            item["user"] = w.API_USERS[h // 13 % len(w.API_USERS)]
        return item

    @staticmethod
    def _message(status: str, h: int) -> str | None:
        if status == "FAILED":
            return w.FAILURES[h // 17 % len(w.FAILURES)]
        if status == "CANCELLED":
            return f"Cancelled by {w.PEOPLE[h // 19 % len(w.PEOPLE)]}"
        if status == "CANCELLING":
            return "Cancellation requested; waiting for the running step to stop"
        if status == "SKIPPED":
            return "Skipped: the previous run of this schedule was still running"
        if status == "UNKNOWN":
            return "The agent stopped reporting progress for this execution"
        return None

    def steps(self, n: int) -> list[dict[str, Any]]:
        run = self.execution(n)
        status = run["status"]
        start, duration, in_flight = self._timing(n)
        if in_flight:
            duration = self.epoch_ms - start
        orchestration = run["pipelineType"] == "ORCHESTRATION"
        h = self._h("steps", n)
        if status == "SKIPPED":
            count = 1
        else:
            count = (3 + h % 8) if orchestration else (2 + h % 7)
        project_pipelines = self.pipeline_names(self.execution_project(n))
        slice_ms = duration // count
        steps = []
        for i in range(count):
            if orchestration:
                name = "Start" if i == 0 else w.ORCHESTRATION_STEPS[self._h("step", n, i) % len(w.ORCHESTRATION_STEPS)]
            else:
                name = w.TRANSFORMATION_STEPS[self._h("step", n, i) % len(w.TRANSFORMATION_STEPS)]
            last = i == count - 1
            step_status = "SUCCESS"
            if last:
                step_status = {"RUNNING": "RUNNING", "CANCELLING": "RUNNING"}.get(status, status)
            result: dict[str, Any] = {"status": step_status, "startedAt": iso_ms(start + i * slice_ms)}
            if step_status != "RUNNING":
                result["finishedAt"] = iso_ms(start + (i + 1) * slice_ms)
            if last and step_status == "FAILED":
                result["message"] = run.get("message")
            elif step_status == "SUCCESS" and self._h("rows", n, i) % 3 == 0:
                result["message"] = f"{self._h('rows', n, i) % 250_000:,} rows affected"
            step: dict[str, Any] = {"id": self.step_ids.encode(n * MAX_STEPS + i), "name": name, "result": result}
            if name.startswith("Run "):
                kind = "tran" if name == "Run Transformation" else "orch"
                children = [p for p in project_pipelines if p.endswith(f".{kind}.yaml")] or list(project_pipelines)
                child = children[self._h("child", n, i) % len(children)]
                step["name"] = f"Run {child.rsplit('/', 1)[-1].split('.')[0]}"
                step["childPipeline"] = {"id": self.step_ids.encode((n * MAX_STEPS + i) | (1 << 47)), "name": child}
            steps.append(step)
        return steps

    # ---- audit events -----------------------------------------------------------------

    def event_time(self, slot: int) -> int:
        return slot * EVENT_SLOT_S + self._h("event-time", slot) % EVENT_SLOT_S

    def event_slots(self, start_s: float, end_s: float, wall_now_s: float) -> range:
        """Slots whose events fall in [start, end), newest first.

        Events exist from 90 days before the data epoch up to the later of the epoch and the
        wall clock, so both a frozen-clock UI and a real-time one find recent events.
        """
        if self.project_count == 0:
            return range(0)
        epoch_s = self.epoch_ms / 1000
        lo = math.ceil(max(start_s, min(epoch_s, wall_now_s) - EVENT_RETENTION_S))
        hi = math.ceil(min(end_s, max(epoch_s, wall_now_s)))
        if lo >= hi:
            return range(0)
        first = lo // EVENT_SLOT_S
        if self.event_time(first) < lo:
            first += 1
        last = (hi - 1) // EVENT_SLOT_S
        if self.event_time(last) >= hi:
            last -= 1
        return range(last, first - 1, -1)

    def event(self, slot: int) -> dict[str, Any]:
        h = self._h("event", slot)
        name, actor_type, subject_type = w.EVENT_KINDS[h % len(w.EVENT_KINDS)]
        project = h // 11 % self.project_count
        subject = {
            "Pipeline": lambda: self.pipeline_names(project)[0],
            "Environment": lambda: self.environment_names(project)[-1],
            "Project": lambda: self.project(project)["name"],
        }.get(subject_type, lambda: self.project(project)["name"])()
        by_credential = actor_type == "API_CREDENTIAL"
        return {
            "eventId": self.event_ids.encode(slot),
            "eventName": name,
            "eventTimestamp": iso_ms(self.event_time(slot) * 1000),
            "actorEmail": w.API_CREDENTIAL_EMAIL if by_credential else w.PEOPLE[h // 7 % len(w.PEOPLE)],
            "actorType": actor_type,
            "eventSubjectType": subject_type,
            "eventSubjectName": subject,
            "projectId": self.project_ids.encode(project),
        }
