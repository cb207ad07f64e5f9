"""What `maia-tui export runs` costs, and what narrowing it saves (docs/scripting.md's table).

Against an emulator frozen at one instant (the same account every run), through the real
command with its default request budget (600 requests a minute, bursts of 100): rows written,
API requests the emulator counted, and wall time, for the whole list and for each way to narrow
it. `--full` adds the export of every run (about 5 minutes for the default 140 projects).

Run: python tests/benchmarks/bench_export_runs.py [--projects 140] [--full]
"""

from __future__ import annotations

import argparse
import csv
import io
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from maia_tui.commands.export import run_export
from maia_tui.commands.main import build_parser
from maia_tui.emulator import EmulatorConfig, running_emulator

FROZEN_AT = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def iso(when: datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=140)
    parser.add_argument("--full", action="store_true", help="also export every run")
    options = parser.parse_args()
    config = EmulatorConfig(projects=options.projects, frozen_at=FROZEN_AT)
    with running_emulator(config) as emu, tempfile.TemporaryDirectory() as tmp:
        env = {**emu.client_environment(), "MAIA_TUI_CONFIG": str(Path(tmp) / "config.toml")}
        project = emu.state.account.project(0)["id"]
        cases = [
            ("--limit 1000", ["--limit", "1000"]),
            ("--since 24 h ago", ["--since", iso(FROZEN_AT - timedelta(hours=24))]),
            (
                "--status FAILED --since 7 days ago",
                ["--status", "FAILED", "--since", iso(FROZEN_AT - timedelta(days=7))],
            ),
            ("--project ID (one project)", ["--project", project]),
        ]
        if options.full:
            cases.append(("every run", []))
        print(f"{options.projects:,} projects, emulator frozen at {iso(FROZEN_AT)}")
        print("| export runs ... | rows | requests | seconds |")
        print("| --- | ---: | ---: | ---: |")
        for label, argv in cases:
            args = build_parser().parse_args(["export", "runs", "-q", "-o", str(Path(tmp) / "runs.csv"), *argv])
            before = emu.stats.api_requests
            started = time.perf_counter()
            assert run_export(args, env=env, out=io.StringIO(), err=io.StringIO()) == 0
            seconds = time.perf_counter() - started
            with (Path(tmp) / "runs.csv").open(encoding="utf-8", newline="") as written:
                rows = sum(1 for _ in csv.reader(written)) - 1  # less the header
            print(f"| {label} | {rows:,} | {emu.stats.api_requests - before:,} | {seconds:,.1f} |", flush=True)


if __name__ == "__main__":
    main()
