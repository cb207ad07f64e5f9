#!/usr/bin/env python3
"""Hunt for flaky tests (issue #16); slow, not in CI. By default, the full hunt:

  - every test file alone, 5 times each (random order inside the file, in one process: `-n 0`);
  - the whole suite 5 times in random order (pytest-randomly, a new seed each run), in parallel
    workers as `python -m pytest` runs it (pyproject's addopts);
  - the whole suite 3 times in random order while both cores are kept busy
    (`stress-ng --cpu N` when installed, else N Python busy loops).

Every failing run is reported with its seed (replay: `python -m pytest --randomly-seed=SEED
<targets>`, printed in the summary; in parallel workers the seed fixes the order, not which worker
runs what, so add `-n 0` to replay in one process) and the time it took. Exit status 1 when
anything failed.

    python scripts/flake_hunt.py                       # the full hunt (hours on a busy machine)
    python scripts/flake_hunt.py --jobs 2              # file runs two at a time (each file still alone)
    python scripts/flake_hunt.py --file-runs 1 --suite-runs 2 --load-runs 1   # a reduced one
    python scripts/flake_hunt.py --files tests/hardening/test_app_tokens.py --file-runs 8 --suite-runs 0 --load-runs 0
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    label: str
    targets: list[str]
    options: list[str]  # besides the seed, e.g. ["-n", "0"]
    seed: int
    seconds: float
    code: int
    failed: list[str]
    tail: str
    output: str = ""  # the whole pytest output, kept for a failing run

    @property
    def ok(self) -> bool:
        return self.code == 0


def test_files() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("test_*.py"))


def pytest_run(label: str, targets: list[str], seed: int, timeout: float, options: list[str] | None = None) -> Run:
    # pytest-randomly is on by default once installed; the seed makes the order replayable.
    options = options or []
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        f"--randomly-seed={seed}",
        "-rfE",
        *options,
        *targets,
    ]
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        code, out = done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired as expired:
        code = -9
        out = (expired.stdout or b"").decode(errors="replace") if isinstance(expired.stdout, bytes) else ""
        out += f"\n(killed after {timeout:.0f}s)"
    seconds = time.monotonic() - started
    failed = sorted(set(re.findall(r"^(?:FAILED|ERROR) (\S+)", out, flags=re.MULTILINE)))
    tail = "\n".join(out.strip().splitlines()[-3:])
    if code == 5:  # no tests collected (a file of benchmarks only): not a failure
        code = 0
    return Run(label, targets, options, seed, seconds, code, failed, tail, out)


def _burn() -> None:
    while True:
        pass


@contextlib.contextmanager
def cpu_load(cores: int) -> Iterator[str]:
    """Keep `cores` CPUs busy for the duration."""
    stress = shutil.which("stress-ng")
    if stress:
        process = subprocess.Popen(
            [stress, "--cpu", str(cores), "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            yield f"stress-ng --cpu {cores}"
        finally:
            process.terminate()
            process.wait(10)
        return
    burners = [multiprocessing.Process(target=_burn, daemon=True) for _ in range(cores)]
    for burner in burners:
        burner.start()
    try:
        yield f"{cores} Python busy loops"
    finally:
        for burner in burners:
            burner.terminate()
        for burner in burners:
            burner.join(10)


FAILURES = ROOT / "flake-hunt"  # the whole output of every failing run, to read afterwards


def report(run: Run) -> None:
    verdict = "ok  " if run.ok else "FAIL"
    print(f"{verdict} {run.label:<60} seed={run.seed:<10} {run.seconds:7.1f}s  {run.tail.splitlines()[-1]}", flush=True)
    for test in run.failed:
        print(f"       {test}", flush=True)
    if not run.ok:
        FAILURES.mkdir(exist_ok=True)
        saved = FAILURES / (re.sub(r"[^\w.-]+", "_", run.label) + f"-{run.seed}.txt")
        saved.write_text(run.output)
        print(f"       output: {saved.relative_to(ROOT)}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file-runs", type=int, default=5, help="runs of each test file alone (default 5)")
    parser.add_argument("--suite-runs", type=int, default=5, help="whole-suite runs in random order (default 5)")
    parser.add_argument("--load-runs", type=int, default=3, help="whole-suite runs under CPU load (default 3)")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 2, help="cores to keep busy under load")
    parser.add_argument("--files", nargs="*", help="only these test files (default: every tests/**/test_*.py)")
    parser.add_argument("--jobs", type=int, default=1, help="file runs at once (default 1)")
    parser.add_argument("--timeout", type=float, default=1800, help="kill a run after this many seconds")
    args = parser.parse_args()

    rng = random.Random()
    runs: list[Run] = []
    started = time.monotonic()
    files = args.files or test_files()
    # Each file runs alone in its own pytest process (no workers); --jobs runs several at once.
    file_jobs = [
        (f"file {round_ + 1}/{args.file_runs} {path}", [path], rng.randrange(10**9))
        for round_ in range(args.file_runs)
        for path in files
    ]
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for run in pool.map(lambda job: pytest_run(job[0], job[1], job[2], args.timeout, ["-n", "0"]), file_jobs):
            report(run)
            runs.append(run)
    for round_ in range(args.suite_runs):
        run = pytest_run(f"suite {round_ + 1}/{args.suite_runs} random order", ["tests"], rng.randrange(10**9), 3600)
        report(run)
        runs.append(run)
    for round_ in range(args.load_runs):
        with cpu_load(args.cores) as how:
            label = f"suite {round_ + 1}/{args.load_runs} under load ({how})"
            run = pytest_run(label, ["tests"], rng.randrange(10**9), 3600)
        report(run)
        runs.append(run)

    failures = [r for r in runs if not r.ok]
    total = time.monotonic() - started
    print()
    print(f"flake hunt: {len(runs)} runs, {len(failures)} failed, {total / 60:.1f} min")
    print(
        f"  file runs: {args.file_runs} x {len(files)} files ({args.jobs} at a time); suite runs: {args.suite_runs}; under load: {args.load_runs}"
    )
    print(f"  seeds: {' '.join(str(r.seed) for r in runs if r.label.startswith('suite'))}")
    for run in failures:
        print(f"  FAILED {run.label} seed={run.seed} ({run.seconds:.0f}s): {', '.join(run.failed) or run.tail}")
        print(f"    replay: python -m pytest --randomly-seed={run.seed} {' '.join(run.options + run.targets)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
