"""The sample account, derived on demand from (seed, index, the clock): nothing is stored per project.

Every item is a pure function of the seed, its index and "now", so 100,000 projects cost no
memory and no start-up time, the same seed always gives the same account, and an account seen
a minute later is the same account a minute older: runs that existed still exist, with the
same ids; some of them have finished and new ones have started.

Runs come from two sources (see timeline.py for how lists merge them):
- ad-hoc runs (DESIGNER, API, SCHEDULE_RUN_NOW, UNKNOWN): run k starts at k*step + jitter(k) ms
  after the Unix epoch, for every k; each round of P consecutive runs gives every project one,
  in an order shifted per round. `step` spreads `runs_per_project_per_day` runs per project over
  each day;
- scheduled runs (SCHEDULE): schedule g fires at its Quartz cron's (or interval's) fire times,
  from its effectiveFrom on, while enabled. A run id names (g, fire time) or k.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from ..api.quartz import Interval, iter_fire_times, previous_fire_time
from ..api.status import RUN_STATUS_WORDS
from . import words as w
from .agent_life import agent_life
from .agent_life import version as agent_life_version
from .children import ChildIds
from .config import EmulatorConfig
from .ids import IdCodec

DAY_MS = 86_400_000
RETENTION_MS = 30 * DAY_MS  # lists and lookups reach back 30 days
EVENT_SLOT_S = 420  # one audit event every 7 minutes
EVENT_RETENTION_S = 90 * 86_400
MAX_STEPS = 16
SCHEDULE_SLOTS = 8  # schedule g = project * 8 + j
CANCELLING_MS = 5_000  # a cancel passes through CANCELLING for this long
LANE = 16  # every 16th ad-hoc run is a long one, so the account always has runs in flight
SCHEDULED, ADHOC, WRITTEN = 0, 1, 2  # sort rank of each source at equal start times
_SCHEDULED_BIT = 1 << 55
_FIRE_BITS = 34  # fire time in seconds since 2000-01-01
_Y2000_S = 946_684_800

_LEAF_STEPS = tuple(name for name in w.ORCHESTRATION_STEPS if not name.startswith("Run "))
STATUSES = RUN_STATUS_WORDS  # contract §5 (api/status.py)
TRIGGERS = ("DESIGNER", "API", "SCHEDULE", "SCHEDULE_RUN_NOW", "UNKNOWN")
_ADHOC_OUTCOMES = (("SUCCESS", 76), ("FAILED", 13), ("CANCELLED", 6), ("UNKNOWN", 3))
_SCHEDULED_OUTCOMES = (("SUCCESS", 72), ("FAILED", 12), ("SKIPPED", 8), ("CANCELLED", 4), ("UNKNOWN", 3))
_ADHOC_TRIGGERS = (("DESIGNER", 35), ("API", 35), ("SCHEDULE_RUN_NOW", 20), ("UNKNOWN", 10))


def iso_ms(ms: int) -> str:
    """ISO 8601 in UTC with milliseconds and a Z, as the API writes times."""
    when = datetime.fromtimestamp(ms / 1000, UTC)
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def to_ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def from_ms(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, UTC)


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


@dataclass(frozen=True)
class Cancel:
    at_ms: int
    force: bool
    takes_ms: int = CANCELLING_MS  # CANCELLING this long, unless forced


@dataclass(frozen=True)
class Run:
    """One pipeline execution, independent of "now": its status is derived by status_at()."""

    execution_id: str
    key: tuple[int, int, int]  # (start ms, source, index): unique, the list's sort order
    project: int
    pipeline: str
    environment: str
    trigger: str
    duration_ms: int
    outcome: str
    h: int  # the run's own hash: steps, messages and users derive from it
    schedule_id: str | None = None
    user: str | None = None
    cancel: Cancel | None = None
    parent: str | None = None  # a child pipeline's run: the execution whose step ran it (children.py)

    @property
    def start_ms(self) -> int:
        return self.key[0]


@dataclass(frozen=True)
class ScheduleSpec:
    g: int
    environment: str
    pipeline: str
    combo: int
    enabled: bool
    timezone: str
    effective_ms: int
    h: int
    schedule_id: str


def status_at(run: Run, now: int) -> tuple[str, int | None]:
    """(status, finished ms or None while it runs) of `run` at `now`."""
    natural_end = run.start_ms + run.duration_ms
    cancel = run.cancel
    if cancel is not None and cancel.at_ms < natural_end:
        end = cancel.at_ms if cancel.force else cancel.at_ms + cancel.takes_ms
        return ("CANCELLING", None) if now < end else ("CANCELLED", end)
    if now < natural_end:
        if run.outcome == "CANCELLED" and now >= natural_end - CANCELLING_MS:
            return "CANCELLING", None
        return "RUNNING", None
    return run.outcome, natural_end


class Account:
    def __init__(self, config: EmulatorConfig) -> None:
        self.seed = config.seed
        self.project_count = p = config.projects
        self.hostile = config.hostile_names
        self._key = hashlib.blake2b(f"maia-emulator-data:{self.seed}".encode(), digest_size=16).digest()

        self.project_ids = IdCodec(self.seed, "project")
        self.run_ids = IdCodec(self.seed, "run", bits=56)
        self.schedule_ids = IdCodec(self.seed, "schedule")
        self.agent_ids = IdCodec(self.seed, "agent")
        self.step_ids = IdCodec(self.seed, "step", bits=56)
        self.event_ids = IdCodec(self.seed, "event")
        self.streaming_ids = IdCodec(self.seed, "streaming")
        self.child_ids = ChildIds(self.seed)

        self.step_ms = max(1, round(DAY_MS / max(1.0, p * config.runs_per_project_per_day)))
        self.long_ms = min(8 * 3_600_000, 5 * LANE * self.step_ms)
        # No derived run lasts longer: a RUNNING filter need not look further back.
        self.max_duration_ms = max(self.long_ms + self.step_ms, 7_200_000)
        self._perm_mul = _coprime_step(p, self._h("perm") | 1)
        self._perm_add = self._h("perm-add") % max(1, p)
        self._perm_inv = pow(self._perm_mul, -1, p) if p > 1 else 0
        self._combos = len(w.THEMES) * len(w.QUALIFIERS)
        self._name_step = _coprime_step(self._combos, self._h("names") | 1)
        self.agent_count = 0 if p == 0 else min(40, 2 + p // 30)
        # Schedules: combo c is one (cron, time zone) pair or one interval; g -> combo is a
        # permutation step, so the schedules of one combo are every C-th g.
        self.combo_count = len(w.CRONS) * len(w.TIMEZONES) + len(w.INTERVALS)
        self.schedule_slots = p * SCHEDULE_SLOTS
        self._combo_mul = _coprime_step(self.combo_count, self._h("combo") | 1)
        self._combo_add = self._h("combo-add") % self.combo_count
        self._combo_inv = pow(self._combo_mul, -1, self.combo_count)
        self._effective_base_ms = to_ms(datetime(2025, 1, 1, tzinfo=UTC)) + self._h("effective") % 180 * DAY_MS
        # The per-project derivations are cheap but called many times per request.
        self.environment_names = lru_cache(maxsize=4096)(self._environment_names)
        self.pipeline_names = lru_cache(maxsize=4096)(self._pipeline_names)
        self.schedule_specs = lru_cache(maxsize=8192)(self._schedule_specs)
        self.combo_has_schedules = lru_cache(maxsize=None)(self._combo_has_schedules)

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

    # ---- environments, agents, streaming pipelines --------------------------------------

    def _environment_names(self, i: int) -> tuple[str, ...]:
        h = self._h("environments", i)
        style = w.ENVIRONMENT_STYLES[h % len(w.ENVIRONMENT_STYLES)]
        count = 1 + h // 3 % 4
        if count == 1:
            return style[:1]
        return style[: count - 1] + style[-1:]  # dev..., always ending with prod

    def environment_agent(self, i: int, name: str) -> int:
        return self._h("env-agent", i, name) % self.agent_count

    def environments(self, i: int) -> list[dict[str, Any]]:
        result = []
        for name in self.environment_names(i):
            agent = self.environment_agent(i, name)
            result.append(
                {
                    "name": name,
                    "defaultAgentId": self.agent_ids.encode(agent),
                    "defaultAgentName": self.agent_name(agent),
                }
            )
        return result

    def agent_index(self, agent_id: str) -> int | None:
        index = self.agent_ids.decode(agent_id)
        return index if index is not None and index < self.agent_count else None

    def agent_name(self, j: int) -> str:
        region, _ = w.AGENT_REGIONS[j % len(w.AGENT_REGIONS)]
        purpose = w.AGENT_PURPOSES[j // len(w.AGENT_REGIONS) % len(w.AGENT_PURPOSES)]
        return f"{region}-{purpose}-agent-{j + 1:02d}"

    def agent(self, j: int, now: int) -> dict[str, Any]:
        """Agent `j` at `now`: a running agent restarts now and then to install a release
        (see agent_life); the others stay as they are."""
        h = self._h("agent", j)
        region, cloud = w.AGENT_REGIONS[j % len(w.AGENT_REGIONS)]
        status = w.AGENT_STATUSES[h // 3 % len(w.AGENT_STATUSES)]
        streaming = h % 9 == 0
        hybrid = h % 3 != 0
        auto_updates = h // 7 % 4 != 0
        major, minor = 11 + h // 31 % 2, h // 311 % 40
        agent_version, update_available = f"{major}.{minor}.{h // 3111 % 9}", h // 17 % 3 == 0
        if status == "running":
            life = agent_life(self._h, j, auto_updates, now)
            status, update_available = life.status, life.update_available
            agent_version = agent_life_version(major, life.release)
        if self.hostile and j % 4 == 1:
            status = "hibernating"  # not a documented value: clients show it as it came
        return {
            "agentId": self.agent_ids.encode(j),
            "name": self.agent_name(j),
            "description": f"{'Hybrid' if hybrid else 'Matillion-hosted'} agent in {region}",
            "agentStatus": status,
            "agentType": "streaming" if streaming else "data_productivity_cloud",
            "cloudProvider": cloud,
            "deployment": "hybrid" if hybrid else "full_saas",
            "connected": status == "running",
            "enableAutoUpdates": auto_updates,
            "versionDetails": {
                "agentVersion": agent_version,
                "agentUpdateAvailable": update_available,
                "trackName": w.AGENT_TRACKS[h // 23 % len(w.AGENT_TRACKS)],
            },
        }

    def streaming_count(self, i: int) -> int:
        return self._h("streaming", i) % 4

    def streaming_pipeline(self, i: int, k: int) -> dict[str, Any]:
        h = self._h("streaming", i, k)
        source = w.STREAMING_SOURCES[h % len(w.STREAMING_SOURCES)]
        target = w.STREAMING_TARGETS[h // 7 % len(w.STREAMING_TARGETS)]
        return {
            "streamingPipelineId": self.streaming_ids.encode(i * 4 + k),
            "name": f"{source}-to-{target}-cdc-{k + 1}",
            "projectId": self.project_ids.encode(i),
            "agentId": self.agent_ids.encode(h // 11 % self.agent_count),
            "streamingSource": source,
            "streamingTarget": target,
        }

    # ---- pipelines --------------------------------------------------------------------

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

    def published_pipeline(self, i: int, environment: str, name: str, now: int) -> dict[str, Any]:
        # Republished every `period`: the latest publication at least an hour before now.
        h = self._h("published", i, environment, name)
        period = (7 + h % 50) * DAY_MS
        phase = h // 101 % period
        published = (now - 3_600_000 - phase) // period * period + phase
        return {"name": name, "publishedTime": iso_ms(published)}

    @staticmethod
    def pipeline_disabled(name: str) -> bool:
        return name.rsplit("/", 1)[-1].split(".")[0] == w.DISABLED_PIPELINE_BASE

    # ---- schedules --------------------------------------------------------------------

    def combo_of(self, g: int) -> int:
        return (g * self._combo_mul + self._combo_add) % self.combo_count

    def combo_expression(self, c: int) -> tuple[str | Interval, str]:
        """(Quartz cron or Interval, time zone) of combo c."""
        crons = len(w.CRONS) * len(w.TIMEZONES)
        if c < crons:
            return w.CRONS[c // len(w.TIMEZONES)][0], w.TIMEZONES[c % len(w.TIMEZONES)]
        interval, unit, _ = w.INTERVALS[c - crons]
        anchor = self._effective_base_ms + self._h("anchor", c) % DAY_MS // 1000 * 1000
        return Interval(interval, unit, from_ms(anchor)), "UTC"

    def _schedule_specs(self, i: int) -> tuple[ScheduleSpec, ...]:
        envs = self.environment_names(i)
        specs = []
        for j in range(self._h("schedules", i) % 7):
            g = i * SCHEDULE_SLOTS + j
            h = self._h("schedule", i, j)
            env = envs[-1] if h % 3 else envs[h // 3 % len(envs)]  # mostly production
            published = self.published_names(i, env) or ("",)
            pipeline = published[h // 11 % len(published)]
            combo = self.combo_of(g)
            expression, timezone = self.combo_expression(combo)
            if isinstance(expression, Interval):
                timezone = w.TIMEZONES[h // 13 % len(w.TIMEZONES)]
                period_ms = int(expression.period.total_seconds() * 1000)
                effective = to_ms(expression.start) + h // 17 % 120 * period_ms  # on the interval's grid
            else:
                effective = self._effective_base_ms + h // 17 % 120 * DAY_MS  # all before November 2025
            enabled = h // 7 % 5 != 0  # one schedule in five is paused
            schedule_id = self.schedule_ids.encode(g)
            specs.append(ScheduleSpec(g, env, pipeline, combo, enabled, timezone, effective, h, schedule_id))
        return tuple(specs)

    def schedule_spec(self, g: int) -> ScheduleSpec | None:
        i, j = divmod(g, SCHEDULE_SLOTS)
        if i >= self.project_count:
            return None
        specs = self.schedule_specs(i)
        return specs[j] if j < len(specs) else None

    def schedule_index(self, schedule_id: str) -> int | None:
        g = self.schedule_ids.decode(schedule_id)
        return g if g is not None and self.schedule_spec(g) is not None else None

    def fires_before(self, spec: ScheduleSpec, below_ms: int) -> Iterator[int]:
        """Fire times (ms) of the schedule strictly below below_ms, newest first, from effectiveFrom on."""
        expression, timezone = self.combo_expression(spec.combo)
        for when in iter_fire_times(expression, timezone, from_ms(below_ms), reverse=True):
            t = to_ms(when)
            if t < spec.effective_ms:
                return
            yield t

    def combo_fires_before(self, c: int, below_ms: int) -> Iterator[int]:
        """Fire times (ms) of combo c strictly below below_ms, newest first."""
        expression, timezone = self.combo_expression(c)
        for when in iter_fire_times(expression, timezone, from_ms(below_ms), reverse=True):
            yield to_ms(when)

    def is_fire_time(self, spec: ScheduleSpec, t: int) -> bool:
        expression, timezone = self.combo_expression(spec.combo)
        last = previous_fire_time(expression, timezone, from_ms(t + 1))
        return last is not None and to_ms(last) == t and t >= spec.effective_ms

    def schedule(self, i: int, j: int, now: int) -> dict[str, Any]:
        spec = self.schedule_specs(i)[j]
        expression, _ = self.combo_expression(spec.combo)
        base = spec.pipeline.rsplit("/", 1)[-1].split(".")[0]
        if isinstance(expression, Interval):
            label = w.INTERVALS[spec.combo - len(w.CRONS) * len(w.TIMEZONES)][2]
        else:
            label = next(lab for cron, lab in w.CRONS if cron == expression)
        item: dict[str, Any] = {
            "scheduleId": spec.schedule_id,
            "name": f"{label} {base} ({spec.environment})",
            "pipelineName": spec.pipeline,
            "environmentName": spec.environment,
        }
        if isinstance(expression, Interval):
            item["intervalExpression"] = {"interval": expression.interval, "unit": expression.unit}
        else:
            item["cronExpression"] = expression
        item["cronTimezone"] = spec.timezone
        item["scheduleEnabled"] = spec.enabled
        item["effectiveFrom"] = iso_ms(spec.effective_ms)
        if spec.enabled:
            last = next(self.fires_before(spec, now + 1), None)
            if last is not None:
                item["lastRunAt"] = iso_ms(last)
            item["nextRunAt"] = iso_ms(self.next_fire(spec, now))
        variables = {"load_mode": ("full", "incremental")[spec.h // 19 % 2]} if spec.h % 4 else {}
        item["scalarVariables"] = variables
        item["gridVariables"] = {}
        item["versionName"] = w.VERSION_NAMES[spec.h // 29 % len(w.VERSION_NAMES)]
        return item

    def next_fire(self, spec: ScheduleSpec, now: int) -> int:
        expression, timezone = self.combo_expression(spec.combo)
        after = max(now, spec.effective_ms - 1)
        return to_ms(next(iter_fire_times(expression, timezone, from_ms(after))))

    def _combo_has_schedules(self, c: int) -> bool:
        return next(self.combo_members(c, self.schedule_slots), None) is not None

    def combo_members(self, c: int, below_g: int) -> Iterator[ScheduleSpec]:
        """Enabled schedules of combo c with g < below_g, highest g first."""
        first = (c - self._combo_add) * self._combo_inv % self.combo_count
        top = min(below_g, self.schedule_slots) - 1
        if top < first:
            return
        g = top - (top - first) % self.combo_count
        while g >= 0:
            spec = self.schedule_spec(g)
            if spec is not None and spec.enabled:
                yield spec
            g -= self.combo_count

    # ---- runs ---------------------------------------------------------------------------

    def _round_shift(self, j: int) -> int:
        return self._h("round", j) % self.project_count

    def project_of_run(self, k: int) -> int:
        """Each round of P consecutive runs visits every project once, in a shifted order per round."""
        p = self.project_count
        return (k % p * self._perm_mul + self._perm_add + self._round_shift(k // p)) % p

    def project_run_in_round(self, project: int, j: int) -> int:
        """The k of the project's one ad-hoc run in round j (runs j*P .. j*P + P - 1)."""
        p = self.project_count
        return j * p + (project - self._perm_add - self._round_shift(j)) * self._perm_inv % p

    def adhoc_start(self, k: int) -> int:
        # Jitter stays below one step, so start times strictly increase with k.
        return k * self.step_ms + self._h("jitter", k) % self.step_ms

    def adhoc_run(self, k: int) -> Run:
        project = self.project_of_run(k)
        h = self._h("run", k)
        trigger = _weighted(_ADHOC_TRIGGERS, h)
        envs = self.environment_names(project)
        schedules = self.schedule_specs(project)
        if trigger == "SCHEDULE_RUN_NOW" and schedules:
            spec = schedules[h // 97 % len(schedules)]
            env, pipeline = spec.environment, spec.pipeline
        else:
            if trigger == "SCHEDULE_RUN_NOW":
                trigger = "DESIGNER"  # a project without schedules has nothing to run now
            env = envs[h // 97 % len(envs)]
            published = self.published_names(project, env) or ("",)
            pipeline = published[h // 991 % len(published)]
        d = self._h("duration", k)
        seconds = 900 + d // 10 % 6300 if d % 10 == 0 else 15 + d // 10 % 885
        duration = seconds * 1000
        if k % LANE == 0:  # a long runner: consecutive ones overlap, so runs are always in flight
            duration = max(duration, self.long_ms + d % max(1, self.step_ms))
        user = None
        if trigger in ("DESIGNER", "SCHEDULE_RUN_NOW"):
            user = w.PEOPLE[h // 13 % len(w.PEOPLE)]
        elif trigger == "API":
            user = w.API_USERS[h // 13 % len(w.API_USERS)]
        return Run(
            execution_id=self.run_ids.encode(k),
            key=(self.adhoc_start(k), ADHOC, k),
            project=project,
            pipeline=pipeline,
            environment=env,
            trigger=trigger,
            duration_ms=duration,
            outcome=_weighted(_ADHOC_OUTCOMES, h // 9973),
            h=h,
            user=user,
        )

    def scheduled_run(self, spec: ScheduleSpec, t: int) -> Run:
        fire_s = t // 1000 - _Y2000_S
        h = self._h("fired", spec.g, fire_s)
        outcome = _weighted(_SCHEDULED_OUTCOMES, h // 9973)
        duration = 1000 if outcome == "SKIPPED" else (30 + h // 7 % 1500) * 1000
        return Run(
            execution_id=self.run_ids.encode(_SCHEDULED_BIT | spec.g << _FIRE_BITS | fire_s),
            key=(t, SCHEDULED, spec.g),
            project=spec.g // SCHEDULE_SLOTS,
            pipeline=spec.pipeline,
            environment=spec.environment,
            trigger="SCHEDULE",
            duration_ms=duration,
            outcome=outcome,
            h=h,
            schedule_id=spec.schedule_id,
        )

    def find_run(self, execution_id: str, now: int) -> Run | None:
        """The derived run with this id if it has started and is within retention, else None."""
        n = self.run_ids.decode(execution_id)
        if n is None or self.project_count == 0:
            return None
        oldest = now - RETENTION_MS
        if n & _SCHEDULED_BIT:
            g, fire_s = (n & ~_SCHEDULED_BIT) >> _FIRE_BITS, n & ((1 << _FIRE_BITS) - 1)
            spec = self.schedule_spec(g)
            t = (fire_s + _Y2000_S) * 1000
            if spec is None or not spec.enabled or not oldest <= t <= now or not self.is_fire_time(spec, t):
                return None
            return self.scheduled_run(spec, t)
        start = self.adhoc_start(n)
        return self.adhoc_run(n) if oldest <= start <= now else None

    def execution(self, run: Run, now: int) -> dict[str, Any]:
        status, finished = status_at(run, now)
        item: dict[str, Any] = {
            "pipelineExecutionId": run.execution_id,
            "projectId": self.project_ids.encode(run.project),
            "pipelineName": run.pipeline,
            "pipelineType": "TRANSFORMATION" if run.pipeline.endswith(".tran.yaml") else "ORCHESTRATION",
            "environmentName": run.environment,
            "status": status,
            "trigger": run.trigger,
            "startedAt": iso_ms(run.start_ms),
        }
        if finished is not None:
            item["finishedAt"] = iso_ms(finished)
        message = self._message(run, status, now)
        if message:
            item["message"] = message
        if run.schedule_id:
            item["scheduleId"] = run.schedule_id
        if run.user:
            item["user"] = run.user
        return item

    def _message(self, run: Run, status: str, now: int) -> str | None:
        h = run.h
        if status == "FAILED":
            return w.FAILURES[h // 17 % len(w.FAILURES)]
        if status == "CANCELLED":
            if run.cancel is not None:
                return "Cancelled through the API" + (" (forced)" if run.cancel.force else "")
            return f"Cancelled by {w.PEOPLE[h // 19 % len(w.PEOPLE)]}"
        if status == "CANCELLING":
            return "Cancellation requested; waiting for the running step to stop"
        if status == "SKIPPED":
            return "Skipped: the previous run of this schedule was still running"
        if status == "UNKNOWN":
            return "The agent stopped reporting progress for this execution"
        if status == "SUCCESS":
            return f'"{self.steps(run, now)[-1]["name"]}": Success'
        return None

    def steps(self, run: Run, now: int) -> list[dict[str, Any]]:
        """The steps started by `now`, one after another; the running one has no finishedAt."""
        status, finished = status_at(run, now)
        orchestration = not run.pipeline.endswith(".tran.yaml")
        count, slice_ms = self.step_plan(run)
        project_pipelines = self.pipeline_names(run.project)
        steps = []
        for i in range(count):
            begin = run.start_ms + i * slice_ms
            if begin > now or (finished is not None and i and begin >= finished):
                break
            end = run.start_ms + run.duration_ms if i == count - 1 else begin + slice_ms
            result: dict[str, Any] = {"status": "SUCCESS", "startedAt": iso_ms(begin)}
            if finished is not None and end >= finished:  # the step the run ended in
                result["status"] = status
                result["finishedAt"] = iso_ms(finished)
                if status == "FAILED":
                    result["message"] = self._message(run, status, now)
                if status == "UNKNOWN":  # the agent went quiet: no times reported, as clients see
                    del result["startedAt"], result["finishedAt"]
            elif end > now:
                result["status"] = "RUNNING"
            else:
                result["finishedAt"] = iso_ms(end)
                rows = self._h("rows", run.execution_id, i)
                if rows % 3 == 0:
                    result["message"] = f"{rows % 250_000:,} rows affected"
            steps.append(self._step(run, i, result, orchestration, project_pipelines))
            if result["status"] != "SUCCESS":
                if self.hostile and result["status"] == "RUNNING" and i + 1 < count:
                    # Some agents list the next step as QUEUED, without times: a status outside the docs.
                    steps.append(self._step(run, i + 1, {"status": "QUEUED"}, orchestration, project_pipelines))
                break
        return steps

    def step_plan(self, run: Run) -> tuple[int, int]:
        """(how many steps, ms each) of a run: one after another, the last to the run's end."""
        h = self._h("steps", run.execution_id)
        if run.outcome == "SKIPPED":
            count = 1
        elif not run.pipeline.endswith(".tran.yaml"):
            count = 3 + h % 8
        else:
            count = 2 + h % 7
        return count, max(1, run.duration_ms // count)

    def parent_id(self, source: int, payload: int) -> str:
        """The execution id of a derived run named by a child id's parent (children.py)."""
        if source == SCHEDULED:
            g, fire_s = ChildIds.scheduled_parent(payload)
            return self.run_ids.encode(_SCHEDULED_BIT | g << _FIRE_BITS | fire_s)
        return self.run_ids.encode(payload)

    def child_run(self, parent: Run, i: int, child_id: str, now: int) -> Run | None:
        """The run of the child pipeline that step i of `parent` started, once that step has begun."""
        steps = self.steps(parent, now)
        child = steps[i].get("childPipeline") if i < len(steps) else None
        if child is None or child["id"] != child_id:
            return None
        count, slice_ms = self.step_plan(parent)
        begin = parent.start_ms + i * slice_ms
        end = parent.start_ms + parent.duration_ms if i == count - 1 else begin + slice_ms
        return Run(
            execution_id=child_id,
            key=(begin, parent.key[1], parent.key[2]),
            project=parent.project,
            pipeline=child["name"],
            environment=parent.environment,
            trigger=parent.trigger,
            duration_ms=max(1, end - begin),
            outcome=parent.outcome if i == count - 1 else "SUCCESS",
            h=parent.h,  # the same failure message as the step that ran it
            schedule_id=parent.schedule_id,
            user=parent.user,
            cancel=parent.cancel,
            parent=parent.execution_id,
        )

    def _step(
        self, run: Run, i: int, result: dict[str, Any], orchestration: bool, pipelines: tuple[str, ...]
    ) -> dict[str, Any]:
        pick = self._h("step", run.execution_id, i)
        if orchestration:
            names = w.ORCHESTRATION_STEPS if run.parent is None else _LEAF_STEPS  # children run no pipelines
            name = "Start" if i == 0 else names[pick % len(names)]
        else:
            name = w.TRANSFORMATION_STEPS[pick % len(w.TRANSFORMATION_STEPS)]
        step_index = (pick >> 8) % (1 << 50) * MAX_STEPS + i
        step: dict[str, Any] = {"id": self.step_ids.encode(step_index), "name": name, "result": result}
        if name.startswith("Run "):
            kind = "tran" if name == "Run Transformation" else "orch"
            children = [p for p in pipelines if p.endswith(f".{kind}.yaml")] or list(pipelines)
            child = children[pick // 7 % len(children)]
            step["name"] = f"Run {child.rsplit('/', 1)[-1].split('.')[0]}"
            # The child's own execution id; under hostile_names one no execution has (children.py).
            child_id = None if self.hostile else self.child_ids.encode(run.key, i)
            step["childPipeline"] = {"id": child_id or self.step_ids.encode(step_index | 1 << 55), "name": child}
        return step

    # ---- audit events, consumption ----------------------------------------------------

    def event_time(self, slot: int) -> int:
        return slot * EVENT_SLOT_S + self._h("event-time", slot) % EVENT_SLOT_S

    def event_slots(self, start_s: float, end_s: float, now_s: float) -> range:
        """Slots whose events fall in [start, end) and in the 90 days up to now, newest first."""
        if self.project_count == 0:
            return range(0)
        lo = math.ceil(max(start_s, now_s - EVENT_RETENTION_S))
        hi = math.ceil(min(end_s, now_s + 0.001))
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
        if subject_type == "Pipeline":
            subject = self.pipeline_names(project)[0]
        elif subject_type == "Environment":
            subject = self.environment_names(project)[-1]
        else:
            subject = self.project(project)["name"]
        by_credential = actor_type == "API_CREDENTIAL"
        actor = w.API_CREDENTIAL_EMAIL if by_credential else w.PEOPLE[h // 7 % len(w.PEOPLE)]
        project_id = self.project_ids.encode(project)
        return {
            "eventId": self.event_ids.encode(slot),
            "eventName": name,
            "eventType": _EVENT_TYPES.get(name, "UPDATE"),
            "eventTimestamp": iso_ms(self.event_time(slot) * 1000),
            "eventDescription": f"{name} by {actor}",
            "actorId": str(self._h("actor", actor) % 10**9),
            "actorEmail": actor,
            "actorType": actor_type,
            "eventProjectId": project_id,
            "projectId": project_id,
            "eventSource": "api" if by_credential else "hub",
            "eventSubjectId": str(self._h("subject", subject) % 10**9),
            "eventSubjectName": subject,
            "eventSubjectType": subject_type,
            "additionalInfo": {"ip": f"203.0.113.{h // 13 % 250 + 1}"},
        }

    def consumption_day(self, day_start_ms: int) -> list[dict[str, Any]]:
        scale = max(1, self.project_count) / 140
        items = []
        for kind, base in w.CONSUMPTION_TYPES:
            h = self._h("consumption", kind, day_start_ms // DAY_MS)
            credits = round(base * scale * (0.5 + h % 1000 / 1000), 3)
            items.append({"consumptionType": kind, "dimensions": {}, "credits": credits})
        return items


_EVENT_TYPES = {
    "UserLoggedIn": "LOGIN",
    "EnvironmentCreated": "CREATE",
    "ApiCredentialCreated": "CREATE",
    "SecretDefinitionCreated": "CREATE",
    "PipelineExecutionStarted": "EXECUTE",
}
