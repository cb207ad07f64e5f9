#!/usr/bin/env python3
"""Summarise `mutmut results`: per source file, how many mutants were killed, survived or had
no test, a score, and the surviving mutants by name (`mutmut show NAME` prints the diff).

Score = killed / (killed + survived + no tests); a timeout counts as killed (the mutant hung
the tests), mutants not yet checked are left out and counted separately.

    python scripts/mutation_report.py            # every file
    python scripts/mutation_report.py --brief    # the table only
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys

KILLED = {"killed", "timeout", "segfault"}
SURVIVED = {"survived", "no tests", "suspicious"}


def module_of(name: str) -> str:
    """maia_tui.api.auth.xǁTokenManagerǁstatus__mutmut_3 -> maia_tui/api/auth.py"""
    parts = []
    for part in name.split("."):
        if part.startswith(("x_", "xǁ")) or "__mutmut_" in part:
            break
        parts.append(part)
    return "/".join(parts) + ".py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--brief", action="store_true", help="the table only, no list of survivors")
    args = parser.parse_args()
    out = subprocess.run(["mutmut", "results", "--all", "true"], capture_output=True, text=True, check=True).stdout
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    survivors: dict[str, list[str]] = collections.defaultdict(list)
    for line in out.splitlines():
        if ": " not in line:
            continue
        name, status = line.strip().rsplit(": ", 1)
        path = module_of(name)
        counts[path][status] += 1
        if status in SURVIVED:
            survivors[path].append(f"{name} ({status})")
    print(f"{'file':<36} {'killed':>6} {'surv.':>6} {'no test':>7} {'unchecked':>9} {'score':>6}")
    not_run = []
    for path in sorted(counts):
        c = counts[path]
        killed = sum(c[s] for s in KILLED)
        survived = c["survived"] + c["suspicious"]
        judged = killed + survived + c["no tests"]
        if not judged:
            not_run.append(path)
            continue
        score = f"{100 * killed / judged:5.1f}%" if judged else "    -"
        print(f"{path:<36} {killed:>6} {survived:>6} {c['no tests']:>7} {c['not checked']:>9} {score:>6}")
    if not_run:
        print(f"not run this time: {', '.join(not_run)}")
    if not args.brief:
        for path in sorted(survivors):
            print(f"\nsurvivors in {path}:")
            for survivor in survivors[path]:
                print(f"  {survivor}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
