"""Key latency while a request hangs: the 100 ms target of docs/reliability.md.

Runs tests/hardening/test_app_responsiveness.py::test_keys_answer_within_100_ms_while_a_fetch_hangs
with its budget enforced (MAIA_KEY_BUDGET_MS, default 100) and prints the timings. A figure for
a quiet machine, not part of the suite's pass/fail (issue #16).

    python tests/benchmarks/bench_keys.py [budget_ms]
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEST = "tests/hardening/test_app_responsiveness.py::test_keys_answer_within_100_ms_while_a_fetch_hangs"


def main() -> int:
    budget = sys.argv[1] if len(sys.argv) > 1 else "100"
    env = {**os.environ, "MAIA_KEY_BUDGET_MS": budget}
    command = [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:randomly", "-p", "no:cacheprovider", TEST]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
