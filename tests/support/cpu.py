"""Where the suite's CPU goes: a plugin, off unless MAIA_CPU is set (tests/conftest.py loads it).

Each test's `time.process_time()` over setup, call and teardown (the emulator and the app run
in threads of the test's process, so their work counts), and each fixture's setup, are written
as JSON lines to MAIA_CPU_DIR (default .cpu/), one file per xdist worker. At the end the
controller prints the costliest folders, files, tests and fixtures, and each process's whole
CPU (collection and start-up are outside any test). Wall time on a shared machine is noisy; CPU
is what two cores have to spend.

    MAIA_CPU=1 python -m pytest                       # the whole suite, ranked at the end
    MAIA_CPU=1 python -m pytest -n 0 tests/ui/test_board.py
"""

from __future__ import annotations

import json
import os
import time
from collections import defaultdict
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

DIR = Path(os.environ.get("MAIA_CPU_DIR", ".cpu"))
SHOWN = 25  # rows in each ranking


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _record(row: dict[str, Any]) -> None:
    with (DIR / f"{_worker()}.jsonl").open("a") as out:
        out.write(json.dumps(row) + "\n")


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the controller (or a run without workers) starts afresh
        DIR.mkdir(exist_ok=True)
        for old in DIR.glob("*.jsonl"):
            old.unlink()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    start = time.process_time()
    try:
        return (yield)
    finally:
        _record({"test": item.nodeid, "cpu": time.process_time() - start})


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(
    fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
) -> Generator[None, object, object]:
    start = time.process_time()
    try:
        return (yield)
    finally:
        _record({"fixture": fixturedef.argname, "scope": fixturedef.scope, "cpu": time.process_time() - start})


def pytest_collection_finish(session: pytest.Session) -> None:
    _record({"process": _worker(), "collected": time.process_time()})


def pytest_unconfigure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        _record({"process": _worker(), "whole": time.process_time()})


def _ranked(totals: dict[str, float], counts: dict[str, int]) -> list[str]:
    rows = sorted(totals.items(), key=lambda kv: -kv[1])[:SHOWN]
    return [f"{cpu:8.1f} s  {counts[name]:5d}×  {name}" for name, cpu in rows]


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        return
    tests: dict[str, float] = {}
    fixtures: dict[str, float] = defaultdict(float)
    fixture_counts: dict[str, int] = defaultdict(int)
    processes: dict[str, dict[str, float]] = defaultdict(dict)
    for path in DIR.glob("*.jsonl"):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            if "test" in row:
                tests[row["test"]] = row["cpu"]
            elif "process" in row:
                processes[row["process"]].update(row)
            else:
                fixtures[row["fixture"]] += row["cpu"]
                fixture_counts[row["fixture"]] += 1
    folders: dict[str, float] = defaultdict(float)
    files: dict[str, float] = defaultdict(float)
    folder_counts: dict[str, int] = defaultdict(int)
    file_counts: dict[str, int] = defaultdict(int)
    for nodeid, cpu in tests.items():
        file = nodeid.split("::")[0]
        folder = str(Path(file).parent)
        files[file] += cpu
        folders[folder] += cpu
        file_counts[file] += 1
        folder_counts[folder] += 1
    write = terminalreporter.write_line
    write(f"CPU of {len(tests)} tests: {sum(tests.values()):.1f} s (setup + call + teardown; JSON lines in {DIR}/)")
    for name, figures in sorted(processes.items()):
        whole = figures.get("whole", time.process_time())  # the controller is still running
        write(f"{name}: {whole:.1f} s CPU, {figures.get('collected', 0):.1f} s of it to start and collect")
    for title, totals, counts in (
        ("folders", folders, folder_counts),
        ("files", files, file_counts),
        ("fixtures (setup only, nested fixtures counted in each)", fixtures, fixture_counts),
    ):
        write(f"-- costliest {title}")
        for row in _ranked(totals, counts):
            write(row)
    write("-- costliest tests")
    for nodeid, cpu in sorted(tests.items(), key=lambda kv: -kv[1])[:SHOWN]:
        write(f"{cpu:8.2f} s  {nodeid}")
