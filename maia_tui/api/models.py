"""Typed views of the Maia API's JSON. Field names follow the contract (camelCase on the wire,
snake_case here); unknown extra fields are tolerated, wrong types raise `InvalidResponse`.

Every model parsed from the API keeps `raw`: the JSON object exactly as the server sent it
(not compared, not shown in repr), so a "raw JSON" view shows what the API said, unknown
fields included."""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from .errors import InvalidResponse
from .secret import Secret

T = TypeVar("T")

_CAMEL = re.compile(r"_([a-z])")


def _wire_name(name: str) -> str:
    return _CAMEL.sub(lambda m: m.group(1).upper(), name)


def _kind(annotation: Any) -> Any:
    """The one type a field holds, with `X | None` unwrapped: str, int, float, bool, a model,
    a tuple of models, a mapping, or Any."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


def _check(value: Any, kind: Any, where: str, key: str) -> Any:
    """Validate one JSON value against its field's kind; nested models are parsed."""
    if kind is str:
        ok = isinstance(value, str)
    elif isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return parse(kind, value, f"{where}.{key}")
    elif kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
        ok = False
    elif kind is bool:
        ok = isinstance(value, bool)
    elif typing.get_origin(kind) is tuple:  # tuple[Model, ...]: a JSON array of objects
        if not isinstance(value, list):
            raise InvalidResponse(f"Unexpected type for {where}.{key}: {type(value).__name__}, not an array")
        item = typing.get_args(kind)[0]
        return tuple(_check(entry, item, where, f"{key}[{index}]") for index, entry in enumerate(value))
    elif typing.get_origin(kind) in (Mapping, dict):
        ok = isinstance(value, dict)
    else:
        ok = True
    if not ok:
        raise InvalidResponse(f"Unexpected type for {where}.{key}: {type(value).__name__}")
    return value


RAW = "raw"  # the field that keeps the server's object; never read from the wire


@functools.cache
def _field_specs(cls: type) -> tuple[tuple[str, str, Any, bool], ...]:
    """(attribute, wire key, kind, required) per field, worked out once per model."""
    hints = typing.get_type_hints(cls)
    return tuple(
        (
            f.name,
            _wire_name(f.name),
            _kind(hints[f.name]),
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
        )
        for f in dataclasses.fields(cls)
        if f.name != RAW
    )


@functools.cache
def _keeps_raw(cls: type) -> bool:
    return any(f.name == RAW for f in dataclasses.fields(cls))


def _raw() -> Any:
    """The `raw` field of a model: the JSON object as received, left out of == and repr."""
    return field(default_factory=dict, compare=False, repr=False)


def parse(cls: type[T], data: Any, where: str | None = None) -> T:
    """Build a model from a JSON object; fields without a default are required."""
    if not isinstance(data, dict):
        where = where or cls.__name__
        raise InvalidResponse(f"Expected an object for {where}, got {type(data).__name__}")
    model: type = cls  # a class is hashable, whatever T is
    values: dict[str, Any] = {}
    for name, key, kind, required in _field_specs(model):
        value = data.get(key)
        if value is not None:
            # Most fields are strings: check those inline, a call per field shows on big pages.
            values[name] = (
                value if kind is str and type(value) is str else _check(value, kind, where or cls.__name__, key)
            )
        elif required:
            raise InvalidResponse(f"Missing field {where or cls.__name__}.{key}")
    if _keeps_raw(model):
        values[RAW] = data
    return cls(**values)


def parse_time(value: str | None) -> datetime | None:
    """ISO 8601 with zone, tolerating a trailing Z; None when absent or unreadable."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True)
class Project:
    id: str
    name: str
    description: str | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class Environment:
    name: str
    default_agent_id: str | None = None
    default_agent_name: str | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class PublishedPipeline:
    name: str
    published_time: str | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class IntervalExpression:
    """A schedule that fires every `interval` `unit`s (e.g. 15, "minutes") instead of on a cron."""

    interval: int | None = None
    unit: str | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class Schedule:
    schedule_id: str
    name: str | None = None
    pipeline_name: str | None = None
    environment_name: str | None = None
    cron_expression: str | None = None
    cron_timezone: str | None = None
    schedule_enabled: bool | None = None
    next_run_at: str | None = None
    effective_from: str | None = None
    last_run_at: str | None = None
    interval_expression: IntervalExpression | None = None
    scalar_variables: Mapping[str, Any] | None = field(default=None, hash=False)
    grid_variables: Any = field(default=None, hash=False)
    version_name: str | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class PipelineExecution:
    pipeline_execution_id: str
    project_id: str | None = None
    pipeline_name: str | None = None
    pipeline_type: str | None = None
    environment_name: str | None = None
    status: str | None = None
    trigger: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    message: str | None = None
    schedule_id: str | None = None
    user: str | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class StepResult:
    status: str | None = None
    started_at: str | None = None
    finished_at: str | None = None
    message: str | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class ChildPipeline:
    id: str | None = None
    name: str | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class Step:
    id: str
    name: str | None = None
    result: StepResult | None = None
    child_pipeline: ChildPipeline | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class AgentVersion:
    agent_version: str | None = None
    agent_update_available: bool | None = None
    track_name: str | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class Agent:
    """`agent_status` is lower case on the wire (running, stopped, paused, ...); an unknown
    one is kept as it came."""

    agent_id: str
    name: str | None = None
    description: str | None = None
    agent_status: str | None = None
    agent_type: str | None = None
    cloud_provider: str | None = None
    deployment: str | None = None
    connected: bool | None = None
    enable_auto_updates: bool | None = None
    version_details: AgentVersion | None = None
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class AuditEvent:
    event_id: str
    event_name: str | None = None
    event_type: str | None = None
    event_timestamp: str | None = None
    event_description: str | None = None
    actor_id: str | None = None
    actor_email: str | None = None
    event_project_id: str | None = None
    event_source: str | None = None
    event_subject_id: str | None = None
    event_subject_name: str | None = None
    event_subject_type: str | None = None
    additional_info: Mapping[str, Any] | None = field(default=None, hash=False)  # e.g. {"ip": ...}
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class ConsumptionItem:
    credits: float
    consumption_type: str | None = None
    dimensions: Mapping[str, Any] | None = field(default=None, hash=False)
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class ConsumptionPeriod:
    consumed_from: str | None = None
    consumed_before: str | None = None
    consumption: tuple[ConsumptionItem, ...] = ()
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class Consumption:
    """Credits used, per period and type; the service refreshes it every 3 hours."""

    results: tuple[ConsumptionPeriod, ...] = ()
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class StreamingPipeline:
    streaming_pipeline_id: str
    name: str | None = None
    project_id: str | None = None
    agent_id: str | None = None
    streaming_source: Any = field(default=None, hash=False)  # undocumented shape: kept as sent
    streaming_target: Any = field(default=None, hash=False)
    raw: Mapping[str, Any] = _raw()


@dataclass(frozen=True)
class RunStarted:
    """A run the API accepted: its id, the tag it carries, and exactly the body that was sent."""

    pipeline_execution_id: str
    execution_tag: str | None
    body: Mapping[str, Any] = field(hash=False)
    resolved_after_conflict: bool = False  # a retry got 409 and this is the run the first try started


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a page/size list. `total` counts every page."""

    page: int
    size: int
    total: int
    results: tuple[T, ...]
    problems: tuple[str, ...] = ()  # what could not be read (items first, then the page's own fields), in words
    skipped: int = 0  # items left out because they could not be read
    raw: Mapping[str, Any] = _raw()  # the whole answer, as sent
    note: str = ""  # a word for the list's header from whoever made the page (a filter's reach)

    @property
    def page_count(self) -> int:
        if self.size <= 0:
            return 1 if self.results else 0
        return math.ceil(self.total / self.size)

    @property
    def is_last(self) -> bool:
        return not self.results or self.page + 1 >= self.page_count


@dataclass(frozen=True)
class CursorPage(Generic[T]):
    """One page of a cursor list; `more` is the next page's token, None on the last page."""

    results: tuple[T, ...]
    more: str | None = None
    problems: tuple[str, ...] = ()
    raw: Mapping[str, Any] = _raw()  # the whole answer, as sent


@dataclass(frozen=True)
class Token:
    """An access token and when it dies: an absolute monotonic deadline for countdowns and
    refresh timing, and the wall-clock expiry for display."""

    access_token: Secret = field(repr=False)
    expires_in: float
    obtained_at: float
    expires_at: float
    expires_at_wall: datetime
    obtained_at_wall: datetime
    token_type: str = "Bearer"
    scope: str | None = None

    @property
    def lifetime(self) -> float:
        return self.expires_at - self.obtained_at

    def remaining(self, monotonic_now: float) -> float:
        return max(0.0, self.expires_at - monotonic_now)

    def is_expired(self, monotonic_now: float) -> bool:
        return monotonic_now >= self.expires_at
