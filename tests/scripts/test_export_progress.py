"""`maia-tui export` at scale: --limit takes the newest N runs and stops asking, progress shows on
stderr (a bar on a terminal, a line at most every 5 s elsewhere, nothing with -q), and Ctrl+C
leaves neither the file nor a temporary one. Expected rows come from the emulator's own answers."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from maia_tui.api.clock import FakeClock
from maia_tui.commands.export import run_export
from maia_tui.commands.progress import Progress
from maia_tui.emulator import Emulator
from tests.support import HANG_GUARD, Result, parse, raw_get


class Ticking(FakeClock):
    """A clock that moves `step` seconds each time it is read: progress over a long export,
    without waiting for it."""

    def __init__(self, step: float) -> None:
        super().__init__()
        self.step = step
        self.reads = 0

    def monotonic(self) -> float:
        self.reads += 1
        return super().monotonic() + self.reads * self.step


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def export(env: dict[str, str], *argv: str, err: io.StringIO | None = None, **options: Any) -> Result:
    out, err = io.StringIO(), err or io.StringIO()
    code = run_export(parse("export", *argv), env=env, out=out, err=err, **options)
    return Result(code, out.getvalue(), err.getvalue())


def newest_runs(emulator: Emulator, count: int) -> list[dict[str, Any]]:
    runs: list[dict[str, Any]] = []
    token = None
    while len(runs) < count:
        body = raw_get(emulator, "/v1/pipeline-executions", {"limit": 100, "paginationToken": token})
        runs.extend(body["results"])
        token = body["more"]
    return runs[:count]


def sent_by_maia_tui(emulator: Emulator, path: str) -> list[Any]:
    return [
        r
        for r in emulator.stats.requests
        if r.path == "/dpc/v1" + path and r.headers.get("user-agent", "").startswith("maia-tui/")
    ]


def test_limit_500_is_the_newest_500_newest_first_in_five_requests(env, emulator) -> None:  # type: ignore[no-untyped-def]
    result = export(env, "runs", "--limit", "500", "--format", "jsonl")
    assert result.code == 0, result.err
    rows = [json.loads(line) for line in result.out.splitlines()]
    assert rows == newest_runs(emulator, 500)
    started = [row["startedAt"] for row in rows]
    assert started == sorted(started, reverse=True)
    assert len(sent_by_maia_tui(emulator, "/pipeline-executions")) == 5
    assert "Exported 500 runs" in result.err


def test_a_small_limit_asks_for_one_small_page(env, emulator) -> None:  # type: ignore[no-untyped-def]
    result = export(env, "projects", "--limit", "7", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out) == raw_get(emulator, "/v1/projects", {"page": 0, "size": 7})["results"]
    (sent,) = sent_by_maia_tui(emulator, "/projects")
    assert sent.query == "page=0&size=7"


def test_progress_lines_on_a_stderr_that_is_not_a_terminal(env) -> None:  # type: ignore[no-untyped-def]
    clock = Ticking(0.01)  # 100 rows a second on this clock: 2,000 rows take 20 s of it
    result = export(env, "runs", "--limit", "2000", "--format", "csv", progress_clock=clock)
    assert result.code == 0, result.err
    lines = result.err.splitlines()
    progress, summary = lines[:-1], lines[-1]
    assert summary == "Exported 2,000 runs"
    assert 3 <= len(progress) <= 4, progress  # at most one a 5 s, none before the first 5 s
    for line in progress:
        assert line.endswith(" elapsed") and " of 2,000 runs (" in line and " so far, " in line and "/s, " in line
    counts = [int(line.split(" of ")[0].replace(",", "")) for line in progress]
    assert counts == sorted(counts) and counts[0] >= 400


def test_a_page_size_lists_total_shows_in_the_progress(env) -> None:  # type: ignore[no-untyped-def]
    result = export(env, "projects", progress_clock=Ticking(0.1))
    assert result.code == 0
    assert "of 140 projects (" in result.err


def test_quiet_prints_nothing_on_stderr(env) -> None:  # type: ignore[no-untyped-def]
    result = export(env, "runs", "--limit", "300", "-q", progress_clock=Ticking(1.0))
    assert result.code == 0 and result.err == ""
    assert len(result.out.splitlines()) == 301  # the header and 300 rows


def test_on_a_terminal_a_bar_is_redrawn_in_place_and_cleared(env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    err, target = Terminal(), tmp_path / "runs.csv"  # never /dev/null: as root, a rename would replace the device
    result = export(env, "runs", "--limit", "400", "-o", str(target), err=err, progress_clock=Ticking(0.05))
    assert result.code == 0, result.err
    frames = result.err.split("\r")
    assert any(frame.startswith("[####") and "of 400 runs" in frame for frame in frames)
    assert "\n" not in "".join(frames[:-1]), "the bar stays on one line"
    assert frames[-1] == f"\x1b[KExported 400 runs to {target}\n"


def test_progress_shows_nothing_before_5_seconds_then_a_line_at_most_every_5() -> None:
    clock, err = FakeClock(), io.StringIO()
    progress = Progress(err, "rows", clock=clock, tty=False)
    for count, seconds in [(10, 1.0), (20, 3.9), (30, 0.2), (40, 2.0), (50, 2.9), (60, 0.2)]:
        clock.advance(seconds)
        progress.update(count)
    assert err.getvalue().splitlines() == ["30 rows so far, 6/s, 0:05 elapsed", "60 rows so far, 6/s, 0:10 elapsed"]


@pytest.fixture
def exporter(env: dict[str, str], tmp_path: Path) -> subprocess.Popen[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MAIA_")}
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "maia_tui", "export", "runs", "-o", str(out / "runs.csv")],
        env={**environ, **env},
        stderr=subprocess.PIPE,
        text=True,
    )
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


def test_ctrl_c_during_a_long_export_leaves_no_file_and_no_temporary_file(  # type: ignore[no-untyped-def]
    exporter: subprocess.Popen[str], emulator, tmp_path: Path
) -> None:
    deadline = time.monotonic() + HANG_GUARD
    while len(sent_by_maia_tui(emulator, "/pipeline-executions")) < 3:  # well under way, far from done
        assert exporter.poll() is None and time.monotonic() < deadline, "the export never got going"
        time.sleep(0.02)
    assert [p.name for p in (tmp_path / "out").iterdir()][0].endswith(".partial")
    exporter.send_signal(signal.SIGINT)
    _, err = exporter.communicate(timeout=HANG_GUARD)  # 10 s ran out in a full run under a load of 8
    assert exporter.returncode == 130, err
    assert list((tmp_path / "out").iterdir()) == []
    assert "Interrupted after " in err and "nothing was written to" in err
    assert "Traceback" not in err
