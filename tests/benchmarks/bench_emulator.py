"""Emulator start time and memory with 100,000 projects, against a 140-project baseline.

    python tests/benchmarks/bench_emulator.py

(a) start: construct + start() until the port accepts a TCP connection; median of several
    runs, each in a fresh interpreter, alternating sizes so machine noise hits both alike.
(b) RSS growth (psutil) of starting a 100,000-project emulator, getting a token and fetching
    the first and the last page of projects and the first page of executions; budget 60 MB.
(c) the first page of the account-wide executions list (GET /v1/pipeline-executions) with no
    filter and with each kind of filter: the slowest median over the filters; budget 200 ms,
    against the same requests to a 140-project account.
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
LIST_BUDGET_S = 0.2
LIST_REPEATS = 5


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
        runs = http.get(emu.api_base + "/v1/pipeline-executions", params={"limit": 100}, headers=headers).json()
        assert len(runs["results"]) == 100
        after = process.memory_info().rss
    return {"mb": (after - before) / 1e6}


def measure_lists(projects: int) -> dict[str, float]:
    import time
    from datetime import UTC, datetime, timedelta

    import httpx

    from maia_tui.emulator import EmulatorConfig, running_emulator

    with running_emulator(EmulatorConfig(projects=projects)) as emu, httpx.Client(trust_env=False) as http:
        headers = {"Authorization": f"Bearer {emu.issue_token()}"}
        url = emu.api_base + "/v1/pipeline-executions"
        project = http.get(emu.api_base + "/v1/projects", headers=headers).json()["results"][0]["id"]
        hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
        variants: dict[str, dict[str, object]] = {
            "none": {},
            "status=RUNNING": {"status": "RUNNING"},
            "status=FAILED&status=SKIPPED": {"status": ["FAILED", "SKIPPED"]},
            "pipelineName=load": {"pipelineName": "load"},
            "environmentName=prod": {"environmentName": "prod"},
            "startedAfter=-1h": {"startedAfter": hour_ago},
            "projectId": {"projectId": project},
            "pipelineName=no-match": {"pipelineName": "no-such-pipeline"},
        }
        timings: dict[str, float] = {}
        for name, params in variants.items():
            samples = []
            for _ in range(LIST_REPEATS):
                started = time.perf_counter()
                response = http.get(url, params=params, headers=headers)
                samples.append(time.perf_counter() - started)
                assert response.status_code == 200, response.text
            timings[name] = statistics.median(samples)
    return timings


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
        f"RSS growth: {rss_big:.1f} MB (start {BIG:,} projects, token, first and last page of projects, first page of executions; "
        f"{rss_small:.1f} MB for {SMALL} projects)"
    )
    lists_big, lists_small = in_subprocess("lists", BIG), in_subprocess("lists", SMALL)
    for name, seconds in lists_big.items():
        print(
            f"first page of executions, {BIG:,} projects, filter {name}: {seconds * 1000:.1f} ms "
            f"({seconds / lists_small[name]:.2f}x the {SMALL}-project account, {lists_small[name] * 1000:.1f} ms)"
        )
    slowest = max(lists_big.values())
    ok = big < START_BUDGET_S and rss_big < RSS_BUDGET_MB and slowest < LIST_BUDGET_S
    print(
        "within budget"
        if ok
        else f"OVER BUDGET (start < {START_BUDGET_S} s, RSS < {RSS_BUDGET_MB} MB, first page < {LIST_BUDGET_S} s)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) == 3:
        measure = {"start": measure_start, "rss": measure_rss, "lists": measure_lists}[sys.argv[1]]
        print(json.dumps(measure(int(sys.argv[2]))))
        raise SystemExit(0)
    raise SystemExit(main())
