#!/usr/bin/env python3
"""Plant, one at a time, the bugs an independent review slipped past the suite (issue #14),
run the tests that should catch each, put the code back, and report which tests failed.

    python scripts/planted_bugs.py            # every bug
    python scripts/planted_bugs.py send-margin retry-after

A bug whose code is no longer there (the code moved on) is reported as "not planted", never
as caught. The working tree is restored after each bug, also on Ctrl-C. Not part of CI.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Bug:
    name: str
    what: str
    path: str
    old: str  # exact text replaced, must occur once
    new: str
    tests: tuple[str, ...]
    # The same bug where the code has moved on: (path, old, new), tried when `old` is not found.
    elsewhere: tuple[tuple[str, str, str], ...] = ()


BUGS = (
    Bug(
        "refresh-60s",
        "refresh 60 s before expiry whatever the lifetime (the 10% rule ignored)",
        "maia_tui/api/auth.py",
        "return token.expires_at - min(REFRESH_AHEAD_CAP, REFRESH_AHEAD_SHARE * token.lifetime)",
        "return token.expires_at - REFRESH_AHEAD_CAP",
        ("tests/api/test_tokens.py",),
    ),
    Bug(
        "send-margin",
        "a token is sent in its last second (the 1 s send margin dropped)",
        "maia_tui/api/auth.py",
        "token.remaining(self._clock.monotonic()) > SEND_MARGIN",
        "token.remaining(self._clock.monotonic()) > 0",
        ("tests/api/test_tokens.py",),
    ),
    Bug(
        "retry-after",
        "Retry-After ignored: every 429 waits the 1 s fallback",
        "maia_tui/api/client.py",
        "delay = retry_after_seconds(response) or 1.0",
        "delay = 1.0",
        ("tests/api/test_errors.py", "tests/hardening/test_rate_limit_storm.py"),
        # after branch `api`: one retry policy
        elsewhere=(
            (
                "maia_tui/api/retry.py",
                "delay = FALLBACK_RETRY_AFTER if retry_after is None else retry_after",
                "delay = FALLBACK_RETRY_AFTER",
            ),
        ),
    ),
    Bug(
        "wait-for-refresh",
        "requests past the refresh point wait for the refresh though the old token is still valid",
        "maia_tui/api/auth.py",
        "if past_refresh_point and self._inflight is None and not self._backing_off():\n"
        "                    self._start_background_refresh()\n"
        "                return token",
        "if past_refresh_point:\n                    return await self.refresh()\n                return token",
        ("tests/api/test_tokens.py",),
    ),
    Bug(
        "empty-schedules",
        "the Schedules tab always renders empty",
        "maia_tui/ui/resources/schedules.py",
        'client.list_schedules(query["project_id"], page=page, size=size)',
        'client.list_schedules(query["project_id"], page=page + 10**6, size=size)',  # always past the end
        ("tests/ui/test_projects.py", "tests/ui/test_schedules_tab.py"),
    ),
    Bug(
        "truncated-secret",
        "the token request's body shows itself in a traceback, the secret far to the right where "
        "a 200-column render cuts the line",
        "maia_tui/api/token_exchange.py",
        'return "<form body, secret masked>"',
        'return "<form body, secret masked>".ljust(170) + self._encode().decode()',
        ("tests/api/test_secrets.py", "tests/hardening/test_app_secrets.py"),
    ),
)


def run_tests(tests: tuple[str, ...]) -> tuple[int, list[str], float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "-rf", *tests],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    failed = sorted(set(re.findall(r"^FAILED (\S+)", result.stdout, flags=re.MULTILINE)))
    return result.returncode, failed, time.monotonic() - started


def plant(bug: Bug) -> tuple[Path, str] | None:
    """Plant the bug; the file and its original text to put back, or None when the code is
    not there (in any of the places it has lived)."""
    for where, old, new in ((bug.path, bug.old, bug.new), *bug.elsewhere):
        path = ROOT / where
        original = path.read_text(encoding="utf-8") if path.exists() else ""
        if original.count(old) == 1:
            path.write_text(original.replace(old, new), encoding="utf-8")
            return path, original
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help=f"bugs to plant (default all): {', '.join(b.name for b in BUGS)}")
    args = parser.parse_args()
    chosen = [b for b in BUGS if not args.names or b.name in args.names]
    missed = 0
    for bug in chosen:
        print(f"== {bug.name}: {bug.what}", flush=True)
        planted = plant(bug)
        if planted is None:
            print(f"   not planted: the code to change is no longer in {bug.path}\n", flush=True)
            missed += 1
            continue
        path, original = planted
        try:
            code, failed, took = run_tests(bug.tests)
        finally:
            path.write_text(original, encoding="utf-8")
        if failed:
            print(f"   CAUGHT by {len(failed)} test(s) in {took:.0f}s ({' '.join(bug.tests)}):")
            for test in failed:
                print(f"     {test}")
        else:
            missed += 1
            print(f"   MISSED (pytest exit {code}) in {took:.0f}s: no test failed in {' '.join(bug.tests)}")
        print(flush=True)
    print(f"{len(chosen) - missed} of {len(chosen)} planted bugs caught")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
