"""Figures for search and export (issue "Find, sort, take away"), each against a baseline
measured in the same run:

(a) indexing 10,000 projects with 50 ms added to every request, against the ideal
    pages / concurrency x 50 ms (target <= 1.3x), and the requests the emulator counted;
(b) a keystroke to re-ranked results over 100,000 indexed names: median ms (target < 30 ms),
    and as a ratio of a plain substring scan of the same names;
(c) `maia-tui export projects` of 10,000 projects against the client fetching them (target <= 1.5x).

Run: python tests/benchmarks/bench_search_export.py
"""

from __future__ import annotations

import argparse
import asyncio
import io
import statistics
import tempfile
import time
from pathlib import Path

from maia_tui.api.client import MaiaClient
from maia_tui.api.models import Project
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.commands.export import run_export
from maia_tui.commands.main import build_parser
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, Emulator, EmulatorConfig, Faults, running_emulator
from maia_tui.services.project_search import CONCURRENCY, PAGE_SIZE, ProjectIndex, fill_index


def client_for(emu: Emulator) -> MaiaClient:
    endpoints = Endpoints(api_base=emu.api_base, token_url=emu.token_url, region="custom")
    return MaiaClient(endpoints, DEMO_CLIENT_ID, Secret(DEMO_CLIENT_SECRET))


async def index_once(emu: Emulator) -> float:
    async with client_for(emu) as client:
        await client.login()
        started = time.perf_counter()
        await fill_index(ProjectIndex(), lambda n, size: client.list_projects(n, size))
        return time.perf_counter() - started


def bench_indexing(latency_ms: float, rounds: int) -> None:
    with running_emulator(EmulatorConfig(projects=10_000, seed=3)) as emu:
        emu.faults = Faults(latency_ms=latency_ms)
        pages = 10_000 // PAGE_SIZE
        ideal = pages / CONCURRENCY * latency_ms / 1000
        # Page 0 comes alone (it tells the total), then the rest in parallel: one more round trip.
        times = []
        for _ in range(rounds):
            emu.stats.reset()
            times.append(asyncio.run(index_once(emu)))
            counted = emu.stats.api_requests
        best = min(times)
        print(
            f"(a) index 10,000 projects, {latency_ms:g} ms per request, concurrency {CONCURRENCY}: "
            f"{best * 1000:.0f} ms (median {statistics.median(times) * 1000:.0f} ms) vs ideal {ideal * 1000:.0f} ms "
            f"= {best / ideal:.2f}x (target <= 1.3); the emulator counted {counted} API requests for {pages} pages"
        )


def bench_ranking(rounds: int) -> None:
    index = ProjectIndex()
    with running_emulator(EmulatorConfig(projects=100_000, seed=3)) as emu:
        # The index's own data: project names and descriptions as the emulator makes them.
        items = [emu.state.account.project(i) for i in range(100_000)]
    index.add([Project(p["id"], p["name"], p.get("description")) for p in items])
    names = [p.name.lower() for p in index.projects]
    typed = "finance led"
    keystroke_ms, scan_ms = [], []
    for _ in range(rounds):
        for end in range(1, len(typed) + 1):
            query = typed[:end]
            started = time.perf_counter()
            index.search(query)
            keystroke_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            [n for n in names if query in n]
            scan_ms.append((time.perf_counter() - started) * 1000)
    median = statistics.median(keystroke_ms)
    print(
        f"(b) keystroke to re-ranked results over 100,000 names: median {median:.1f} ms "
        f"(p90 {statistics.quantiles(keystroke_ms, n=10)[-1]:.1f} ms; target < 30 ms), "
        f"{median / statistics.median(scan_ms):.1f}x a plain substring scan ({statistics.median(scan_ms):.1f} ms)"
    )


async def fetch_all(emu: Emulator) -> float:
    async with client_for(emu) as client:
        await client.login()
        started = time.perf_counter()
        count = 0
        async for _ in client.iter_projects(size=PAGE_SIZE):
            count += 1
        assert count == 10_000
        return time.perf_counter() - started


def bench_export(rounds: int) -> None:
    with running_emulator(EmulatorConfig(projects=10_000, seed=3)) as emu, tempfile.TemporaryDirectory() as tmp:
        env = {
            "MAIA_API_URL": emu.api_base,
            "MAIA_TOKEN_URL": emu.token_url,
            "MAIA_CLIENT_ID": DEMO_CLIENT_ID,
            "MAIA_CLIENT_SECRET": DEMO_CLIENT_SECRET,
            "MAIA_TUI_CONFIG": str(Path(tmp) / "config.toml"),
        }
        fetch, export = [], []
        for _ in range(rounds):
            fetch.append(asyncio.run(fetch_all(emu)))
            args = build_parser().parse_args(["export", "projects", "-o", str(Path(tmp) / "p.csv")])
            started = time.perf_counter()
            assert run_export(args, env=env, out=io.StringIO(), err=io.StringIO()) == 0
            export.append(time.perf_counter() - started)  # includes its own token exchange
        print(
            f"(c) export 10,000 projects to CSV: {min(export) * 1000:.0f} ms vs the client fetching them "
            f"{min(fetch) * 1000:.0f} ms = {min(export) / min(fetch):.2f}x (target <= 1.5)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    args = parser.parse_args()
    bench_indexing(args.latency_ms, args.rounds)
    bench_ranking(args.rounds)
    bench_export(args.rounds)


if __name__ == "__main__":
    main()
