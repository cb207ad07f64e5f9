"""Emulator start time and memory with 100,000 projects, against a 140-project baseline.

    python tests/benchmarks/bench_emulator.py

(a) start: construct + start() until the port accepts a TCP connection; median of several
    runs, each in a fresh interpreter, alternating sizes so machine noise hits both alike.
(b) RSS growth (psutil) of starting a 100,000-project emulator, getting a token and fetching
    the first and the last page of projects; budget 60 MB.
Each measurement runs in its own subprocess so imports and caches never leak between them.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

BIG, SMALL = 100_000, 140
ROUNDS = 7
RSS_BUDGET_MB = 60.0
START_BUDGET_S = 1.0


def measure_start(projects: int) -> dict[str, float]:
    import socket
    import time

    from maia_tui.emulator import Emulator, EmulatorConfig

    started = time.perf_counter()
    emu = Emulator(EmulatorConfig(projects=projects))
    emu.start()
    while True:
        try:
            socket.create_connection((emu.host, emu.port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.001)
    elapsed = time.perf_counter() - started
    emu.stop()
    return {"seconds": elapsed}


def measure_rss(projects: int) -> dict[str, float]:
    import httpx
    import psutil

    from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorConfig, running_emulator

    process = psutil.Process()
    before = process.memory_info().rss
    with running_emulator(EmulatorConfig(projects=projects)) as emu, httpx.Client(trust_env=False) as http:
        token = http.post(
            emu.token_url,
            data={"grant_type": "client_credentials", "client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET},
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        last_page = max(0, -(-projects // 100) - 1)
        for page in (0, last_page):
            body = http.get(emu.api_base + "/v1/projects", params={"page": page, "size": 100}, headers=headers).json()
            assert body["total"] == projects and len(body["results"]) == min(100, projects - page * 100)
        after = process.memory_info().rss
    return {"mb": (after - before) / 1e6}


def in_subprocess(kind: str, projects: int) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, kind, str(projects)], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{kind} measurement with {projects} projects failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    starts: dict[int, list[float]] = {BIG: [], SMALL: []}
    for _ in range(ROUNDS):
        for projects in (SMALL, BIG):
            starts[projects].append(in_subprocess("start", projects)["seconds"])
    big, small = statistics.median(starts[BIG]), statistics.median(starts[SMALL])
    print(
        f"emulator start, {BIG:,} projects: {big:.3f} s ({big / small:.2f}x the {SMALL}-project start, "
        f"{small:.3f} s); median of {ROUNDS} fresh processes"
    )
    rss_big = in_subprocess("rss", BIG)["mb"]
    rss_small = in_subprocess("rss", SMALL)["mb"]
    print(
        f"RSS growth: {rss_big:.1f} MB (start {BIG:,} projects, token, first and last page; "
        f"{rss_small:.1f} MB for {SMALL} projects)"
    )
    ok = big < START_BUDGET_S and rss_big < RSS_BUDGET_MB
    print("within budget" if ok else f"OVER BUDGET (start < {START_BUDGET_S} s, RSS < {RSS_BUDGET_MB} MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 3:
        measure = {"start": measure_start, "rss": measure_rss}[sys.argv[1]]
        print(json.dumps(measure(int(sys.argv[2]))))
        raise SystemExit(0)
    raise SystemExit(main())
