"""Child pipelines: a step that ran another pipeline names it in `childPipeline: {id, name}`, and
here that id is the child's own pipeline execution id (contract §7, as this emulator decides).

The id carries its parent and the step's index, so the child is derived like every run: from
(seed, clock) and, for a run started through the API, from what was written. GET
.../pipeline-executions/{childId}, .../status and .../steps answer for it in the parent's
project; the account-wide list does not show it (it lists the runs that were started). A child
lasts exactly as long as its parent's step, ends as that step ends (the run's outcome when the
run ended in it), is cancelled with its parent, and its own steps run no further pipelines.

Under `hostile_names` the id is instead one no execution has (as an agent reporting the child
pipeline's design id would send): clients must say that its steps cannot be listed."""

from __future__ import annotations

from .ids import IdCodec

_Y2000_S = 946_684_800
_SCHEDULED, _ADHOC, _WRITTEN = 0, 1, 2  # data.SCHEDULED, ADHOC, WRITTEN (the run key's source)
_FIRE_BITS = 30  # a scheduled parent's fire time, seconds since 2000: good until 2034
_BASES = {_SCHEDULED: 0, _ADHOC: 1 << 51, _WRITTEN: (1 << 51) + (1 << 50)}
_STEP_SLOTS = 10  # a run has at most 10 steps (data.Account.steps)


class ChildIds:
    """(parent run's key, step index) <-> the child execution's id."""

    def __init__(self, seed: int) -> None:
        self.codec = IdCodec(seed, "child-run", bits=56)

    def encode(self, key: tuple[int, int, int], step: int) -> str | None:
        """The child id for step `step` of the run with this key, or None when it cannot carry it."""
        start_ms, source, index = key
        if source == _SCHEDULED:
            fire_s = start_ms // 1000 - _Y2000_S
            if not 0 <= fire_s < 1 << _FIRE_BITS or index >= 1 << 21:
                return None
            payload = index << _FIRE_BITS | fire_s
        else:
            payload = index
            if payload >= 1 << 50:
                return None
        if not 0 <= step < _STEP_SLOTS:
            return None
        return self.codec.encode((_BASES[source] + payload) * _STEP_SLOTS + step)

    def decode(self, child_id: str) -> tuple[int, int, int] | None:
        """(source, parent payload, step) of a child id this account minted, else None."""
        number = self.codec.decode(child_id)
        if number is None:
            return None
        value, step = divmod(number, _STEP_SLOTS)
        if value >= _BASES[_WRITTEN]:
            return _WRITTEN, value - _BASES[_WRITTEN], step
        if value >= _BASES[_ADHOC]:
            return _ADHOC, value - _BASES[_ADHOC], step
        return _SCHEDULED, value, step

    @staticmethod
    def scheduled_parent(payload: int) -> tuple[int, int]:
        """(schedule index g, fire time in seconds since 2000) of a scheduled parent."""
        return payload >> _FIRE_BITS, payload & ((1 << _FIRE_BITS) - 1)
