"""Pages per second through MaiaClient against a bare httpx loop, same emulator, same run.

    python tests/benchmarks/bench_client.py

Both walk all pages of 10,000 projects at size 100 (100 pages). Runs alternate so machine
noise hits both alike; the figure is the ratio of medians (target: at least 0.9).

The client runs with its request budget and retry policy in place; the budget is set to
1,000,000 requests a minute so that it is consulted on every request but never makes one wait
(the default 600 a minute would pace 800 pages over 80 s, which measures the budget, not the client).
"""

from __future__ import annotations

import asyncio
import statistics
import time

import httpx

from maia_tui.api.client import MaiaClient
from maia_tui.api.regions import Endpoints
from maia_tui.api.secret import Secret
from maia_tui.emulator import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, EmulatorConfig, running_emulator

PROJECTS = 10_000
SIZE = 100
ROUNDS = 7
UNTHROTTLED = 1_000_000  # requests a minute: the budget is asked every time but never waits


async def bare_httpx(emu) -> float:  # type: ignore[no-untyped-def]
    async with httpx.AsyncClient() as http:
        answer = await http.post(
            emu.token_url,
            data={
                "grant_type": "client_credentials",
                "client_id": DEMO_CLIENT_ID,
                "client_secret": DEMO_CLIENT_SECRET,
                "audience": "https://api.matillion.com",
            },
        )
        headers = {"Authorization": "Bearer " + answer.json()["access_token"]}
        start = time.perf_counter()
        page, count = 0, 0
        while True:
            body = (
                await http.get(f"{emu.api_base}/v1/projects", params={"page": page, "size": SIZE}, headers=headers)
            ).json()
            count += len(body["results"])
            if not body["results"] or page + 1 >= -(-body["total"] // body["size"]):
                break
            page += 1
        assert count == PROJECTS
        return (page + 1) / (time.perf_counter() - start)


async def maia_client(emu) -> float:  # type: ignore[no-untyped-def]
    endpoints = Endpoints(api_base=emu.api_base, token_url=emu.token_url)
    async with MaiaClient(
        endpoints, DEMO_CLIENT_ID, Secret(DEMO_CLIENT_SECRET), requests_per_minute=UNTHROTTLED
    ) as client:
        await client.login()
        start = time.perf_counter()
        count = 0
        async for _ in client.iter_projects(size=SIZE):
            count += 1
        assert count == PROJECTS
        assert client.budget.granted == PROJECTS // SIZE and client.budget.delayed == 0
        return (PROJECTS // SIZE) / (time.perf_counter() - start)


async def main() -> None:
    with running_emulator(EmulatorConfig(projects=PROJECTS)) as emu:
        await bare_httpx(emu)  # warm both paths once
        await maia_client(emu)
        bare, ours = [], []
        for _ in range(ROUNDS):
            bare.append(await bare_httpx(emu))
            ours.append(await maia_client(emu))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"bare httpx loop:  {b:7.1f} pages/s (median of {ROUNDS})")
    print(f"MaiaClient:       {o:7.1f} pages/s (median of {ROUNDS})")
    print(f"ratio MaiaClient / bare httpx: {o / b:.2f} (target >= 0.90)")


if __name__ == "__main__":
    asyncio.run(main())
