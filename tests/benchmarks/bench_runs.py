"""The Runs screen's published figures, in one run (a script, not collected by pytest):

    python tests/benchmarks/bench_runs.py [--quick]

(a) CPU used by the app with the Runs screen open on 100 runs, 10 of them RUNNING (their
    durations tick every second, the list polls every 5 s), over 60 s of wall time
    (target: under 2% of one core). The emulator runs in its own process (20 projects), frozen
    at an instant chosen so that exactly 10 of the newest 100 runs are RUNNING, so only the app
    is measured;
(b) a status change on the server to that row repainted: a run started through the API with
    `--run-seconds 3` on a living emulator (wall clock); from the instant it ends on the server
    to its row showing SUCCESS (target: at most the poll interval + 150 ms);
(c) with 2,000 runs loaded, one row in view updated in place: the merge plus drawing the
    table's visible lines (median of 50; target: under 16 ms);
(d) RSS after one simulated hour of polling (FakeClock shared by the app and a living emulator;
    720 polls at 5 s), against the RSS after the first page (target: within 5 MB);
(e) the requests a minute of a Runs list filtered to RUNNING with 100 rows loaded, all RUNNING
    (FakeClock shared by the app and a living emulator of 140 projects, ~120 runs in flight),
    every read of a run counted: the window, status-only reads and full reads (target: a small
    share of the API's documented 1,000 a minute, which every screen shares).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psutil
from textual.geometry import Region
from textual.pilot import Pilot

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from maia_tui.api.clock import FakeClock, SystemClock  # noqa: E402
from maia_tui.api.errors import PipelineDisabled  # noqa: E402
from maia_tui.emulator import EmulatorConfig, running_emulator  # noqa: E402
from maia_tui.ui.app import MaiaApp  # noqa: E402
from maia_tui.ui.launch import demo_login_defaults  # noqa: E402
from maia_tui.ui.screens.runs import RunsScreen  # noqa: E402
from maia_tui.ui.views.resource_list import ResourceList  # noqa: E402
from tests.benchmarks.bench_ui import emulator_process  # noqa: E402

SIZE = (160, 40)
RUNS_PATH = "/dpc/v1/pipeline-executions"  # counted without bound (the recorded queries keep 1,000)
PROJECTS = 20  # a small account: about a tenth of its newest runs are in flight at any time


async def until(pilot: Pilot, predicate: Callable[[], object], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await pilot.pause(0.002)


async def open_runs(app: MaiaApp, pilot: Pilot) -> ResourceList:  # type: ignore[type-arg]
    await pilot.press("enter")
    await until(pilot, lambda: app.session is not None, "login")  # (sections are modes: one screen each)
    await pilot.press("2")
    await until(pilot, lambda: isinstance(app.screen, RunsScreen), "the runs screen")
    listing: ResourceList = app.screen.panel.listing  # type: ignore[attr-defined, type-arg]
    await until(pilot, lambda: listing.status == "ready", "the first runs")
    return listing


async def load_rows(pilot: Pilot, listing: ResourceList, count: int) -> None:  # type: ignore[type-arg]
    while len(listing.items) < count:
        before = len(listing.items)
        listing.load_more()
        await until(pilot, lambda: len(listing.items) > before, "another page")


# ----- (a) CPU with 100 runs, 10 running ----------------------------------------------------


def instant_with_running(newest: int, running: int) -> datetime:
    """A frozen instant at which exactly `running` of the newest `newest` runs are RUNNING."""
    start = datetime(2026, 1, 15, 10, 3, 17, tzinfo=UTC)
    for step in range(200):
        at = start + timedelta(minutes=11 * step, seconds=step)
        with running_emulator(EmulatorConfig(frozen_at=at, projects=PROJECTS)) as emu:
            token = emu.issue_token()
            body = httpx.get(
                f"{emu.api_base}/v1/pipeline-executions",
                params={"limit": 100},
                headers={"Authorization": f"Bearer {token}"},
            ).json()
        if sum(1 for r in body["results"] if r["status"] == "RUNNING") == running:
            return at
    raise RuntimeError("no instant found")


class FrozenStartClock(SystemClock):
    """Wall time that starts at the emulator's frozen instant and runs on in real time, so the
    running rows' durations are seconds and minutes (and tick every second), as in real use."""

    def __init__(self, start: datetime) -> None:
        self.offset = start - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


async def cpu_share(api: str, token: str, at: datetime, seconds: float) -> tuple[float, int, int, float]:
    process = psutil.Process()
    app = MaiaApp(demo_login_defaults(api, token), clock=FrozenStartClock(at))
    async with app.run_test(size=SIZE) as pilot:
        listing = await open_runs(app, pilot)
        await load_rows(pilot, listing, 100)
        running = sum(1 for r in listing.items[:100] if r.status == "RUNNING")
        await pilot.pause(1.0)
        before = process.cpu_times()
        started = time.monotonic()
        await asyncio.sleep(seconds)
        after = process.cpu_times()
        elapsed = time.monotonic() - started
        used = (after.user - before.user) + (after.system - before.system)
        return used / elapsed, len(listing.items), running, listing.poll_interval or 0.0


# ----- (b) server change to repaint -----------------------------------------------------------


async def enabled_pipeline(client) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """(project id, environment, pipeline) of a published pipeline that is not disabled."""
    for project in (await client.list_projects(0, 20)).results:
        async for environment in client.iter_environments(project.id):
            for pipeline in (await client.list_published_pipelines(project.id, environment.name, 0, 25)).results:
                try:  # a first run, to find out (the emulator disables some pipelines)
                    await client.run_pipeline(project.id, pipeline.name, environment.name)
                except PipelineDisabled:
                    continue
                return project.id, environment.name, pipeline.name
    raise RuntimeError("no enabled pipeline")


async def change_to_repaint(api: str, token: str, rounds: int) -> list[tuple[float, float]]:
    app = MaiaApp(demo_login_defaults(api, token), clock=SystemClock())
    results = []
    async with app.run_test(size=SIZE) as pilot:
        listing = await open_runs(app, pilot)
        client = app.session.client  # type: ignore[union-attr]
        project, environment, pipeline = await enabled_pipeline(client)
        for _ in range(rounds):
            started = await client.run_pipeline(project, pipeline, environment)
            run_id = started.pipeline_execution_id
            run = await client.get_execution(project, run_id)
            ends = datetime.fromisoformat(run.started_at.replace("Z", "+00:00")).timestamp() + 3.0  # type: ignore[union-attr]
            table = listing.table
            await until(pilot, lambda: table.index_of(run_id) is not None, "the new run", timeout=30)

            def shows_success() -> bool:
                row = table.index_of(run_id)
                return row is not None and str(table.get_row_at(row)[0]).endswith("SUCCESS")

            await until(pilot, shows_success, "SUCCESS", timeout=30)
            await pilot.pause()  # the frame with it
            results.append((time.time() - ends, listing.poll_interval or 0.0))
    return results


# ----- (c) one row of 2,000 updated in place -----------------------------------------------


async def update_in_place(api: str, token: str, rows: int, rounds: int) -> list[float]:
    app = MaiaApp(demo_login_defaults(api, token), clock=SystemClock())
    timings = []
    async with app.run_test(size=SIZE) as pilot:
        listing = await open_runs(app, pilot)
        await load_rows(pilot, listing, rows)
        listing.pause()  # no live poll in the middle of the measurement
        table = listing.table
        assert table.row_count >= rows
        width, height = table.size
        for number in range(rounds):
            item = listing.items[5]
            changed = dataclasses.replace(item, status=("SUCCESS", "FAILED")[number % 2], message=f"round {number}")
            start = time.perf_counter()
            listing.merge([changed])
            table.render_lines(Region(0, 0, width, height))
            timings.append(time.perf_counter() - start)
            await pilot.pause()
    return timings


# ----- (d) memory over a simulated hour -------------------------------------------------------


async def settle(pilot: Pilot, emu: object, quiet: float = 0.02) -> None:
    """Until the emulator has seen no request for `quiet` seconds (bounded)."""
    deadline = time.monotonic() + 2.0
    count = emu.stats.api_requests  # type: ignore[attr-defined]
    while time.monotonic() < deadline:
        await pilot.pause(quiet)
        if emu.stats.api_requests == count:  # type: ignore[attr-defined]
            return
        count = emu.stats.api_requests  # type: ignore[attr-defined]


async def hour_of_polling(seconds: int) -> tuple[float, float, int]:
    process = psutil.Process()
    clock = FakeClock()
    with running_emulator(EmulatorConfig(clock=clock)) as emu:
        app = MaiaApp(demo_login_defaults(emu.api_base, emu.token_url), clock=clock)
        async with app.run_test(size=SIZE) as pilot:
            listing = await open_runs(app, pilot)
            for _ in range(30):  # warm up: a few polls first
                clock.advance(1.0)
                await pilot.pause(0)
            gc.collect()
            first = process.memory_info().rss
            polls = emu.stats.requests_by_path[RUNS_PATH]
            for _ in range(seconds // 5):  # one poll interval at a time, each poll let finish
                sent = emu.stats.requests_by_path[RUNS_PATH]
                clock.advance(5.0)
                deadline = time.monotonic() + 2.0
                while emu.stats.requests_by_path[RUNS_PATH] == sent and time.monotonic() < deadline:
                    await pilot.pause(0.002)
                await settle(pilot, emu)  # its reads of live rows further down, too
            polls = emu.stats.requests_by_path[RUNS_PATH] - polls
            gc.collect()
            last = process.memory_info().rss
            assert listing.status == "ready"
    return first / 2**20, last / 2**20, polls


# ----- (e) what live polling costs ---------------------------------------------------------------

API_BUDGET_PER_MINUTE = 1000  # the documented rate limit (contract §3)


async def requests_a_minute(minutes: int) -> tuple[int, int, float, dict[str, int]]:
    clock = FakeClock()  # starts at the machine's now: the tokens the emulator issues are valid on it
    with running_emulator(EmulatorConfig(projects=140, seed=7, clock=clock)) as emu:
        app = MaiaApp(demo_login_defaults(emu.api_base, emu.token_url), clock=clock)
        async with app.run_test(size=SIZE) as pilot:
            listing = await open_runs(app, pilot)
            await pilot.press("R")  # running only
            await until(pilot, lambda: listing.params.get("statuses") == ("RUNNING",), "the filter")
            await until(pilot, lambda: listing.status == "ready" and len(listing.items) > 0, "running runs")
            await load_rows(pilot, listing, 100)
            running = sum(run.status == "RUNNING" for run in listing.items)
            await settle(pilot, emu)

            def reads() -> dict[str, int]:
                by_path = emu.stats.requests_by_path
                kinds = {"list": by_path[RUNS_PATH], "status": 0, "run": 0}
                for path, count in by_path.items():
                    if "/pipeline-executions/" in path:
                        kinds["status" if path.endswith("/status") else "run"] += count
                return kinds

            before = reads()
            for _ in range(minutes * 60):
                clock.advance(1.0)
                await pilot.pause(0.002)
                await settle(pilot, emu, quiet=0.005)
            after = reads()
            spent = {kind: after[kind] - before[kind] for kind in after}
            assert listing.status == "ready"
    return len(listing.items), running, sum(spent.values()) / minutes, spent


def main() -> int:
    parser = argparse.ArgumentParser(description="Runs screen benchmarks")
    parser.add_argument("--quick", action="store_true", help="shorter runs (a smoke run)")
    args = parser.parse_args()
    cpu_seconds, rounds, hour = (10.0, 2, 600) if args.quick else (60.0, 5, 3600)

    at = instant_with_running(100, 10)
    with emulator_process("--frozen-at", at.isoformat(), "--projects", str(PROJECTS)) as (api, token):
        share, loaded, running, interval = asyncio.run(cpu_share(api, token, at, cpu_seconds))
    print(
        f"(a) CPU with the Runs screen on {loaded} runs ({running} RUNNING, polled every {interval:.0f} s)"
        f" over {cpu_seconds:.0f} s: {share * 100:.2f}% of one core (target < 2%) {'OK' if share < 0.02 else 'MISSED'}"
    )

    with emulator_process("--run-seconds", "3") as (api, token):
        lags = asyncio.run(change_to_repaint(api, token, rounds))
    worst = max(lag - interval for lag, interval in lags)
    print(
        "(b) server status change to row repainted: "
        + ", ".join(f"{lag:.2f} s" for lag, _ in lags)
        + f" with a {lags[0][1]:.0f} s poll; worst {worst * 1000:+.0f} ms against the interval"
        f" (target <= +150 ms) {'OK' if worst <= 0.15 else 'MISSED'}"
    )

    with emulator_process("--frozen-at", at.isoformat(), "--projects", str(PROJECTS)) as (api, token):
        timings = asyncio.run(update_in_place(api, token, 2000, 50))
    median = statistics.median(timings)
    print(
        f"(c) one row of 2,000 updated in place and painted: median {median * 1000:.2f} ms"
        f" (max {max(timings) * 1000:.2f}; target < 16) {'OK' if median < 0.016 else 'MISSED'}"
    )

    first, last, polls = asyncio.run(hour_of_polling(hour))
    print(
        f"(d) RSS after {hour // 60} simulated minutes of polling ({polls} polls): {first:.1f} -> {last:.1f} MB"
        f" ({last - first:+.1f} MB; target within 5) {'OK' if abs(last - first) <= 5 else 'MISSED'}"
    )

    minutes = 1 if args.quick else 5
    loaded, running, per_minute, spent = asyncio.run(requests_a_minute(minutes))
    share = per_minute / API_BUDGET_PER_MINUTE
    print(
        f"(e) a Runs list of {loaded} loaded rows ({running} RUNNING, filter: running only) over {minutes} min:"
        f" {per_minute:.1f} requests a minute ({spent}), {share:.1%} of the API's {API_BUDGET_PER_MINUTE} a minute"
        f" (target < 5%) {'OK' if share < 0.05 else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
