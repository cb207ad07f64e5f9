#!/usr/bin/env bash
# Mutation testing (issue #14) with mutmut, configured in pyproject.toml [tool.mutmut]: the API
# client and the emulator's paging and tokens, against the loopback tests that speak to them.
# Not in CI. Prints a score per file and the survivors at the end (scripts/mutation_report.py).
#
#   scripts/mutation.sh                        # the delicate logic: tokens, requests, retries,
#                                              # answers, paging (client, auth, token_exchange,
#                                              # responses, retry, api and emulator paging,
#                                              # emulator tokens); under 30 min on 2 cores
#   scripts/mutation.sh --living               # the living parts (issue #26): Quartz, the budget,
#                                              # watching, retries, paging walks, the services
#                                              # (run follow, export, search) and the emulator's
#                                              # timeline and run state
#   scripts/mutation.sh --all                  # every mutant of maia_tui/api/ too (about 1 h)
#   scripts/mutation.sh "maia_tui.api.auth*"   # only the mutants of one module
#   KEEP=1 scripts/mutation.sh ...             # resume: reuse results and stats in mutants/
set -euo pipefail
cd "$(dirname "$0")/.."
python -c "import mutmut" 2>/dev/null || pip install -q -e ".[test,mutation]"
if [ -z "${KEEP:-}" ]; then rm -rf mutants; fi
# A mutant often makes a test wait for something that never comes: a short hang guard (see
# tests/support/waiting.py) ends those waits sooner. The clean run proves the suite passes with it.
export MAIA_TEST_HANG_GUARD="${MAIA_TEST_HANG_GUARD:-5}"
# Two or four mutants at once load the machine: pyproject's 60 s per test is too short for the
# clean run's slowest tests then (pytest-timeout reads this variable).
export PYTEST_TIMEOUT="${PYTEST_TIMEOUT:-180}"
# A mutant that makes a walk endless (Quartz's fire times, a paging loop) may spin in the
# emulator's thread, which a signal cannot stop: the thread method ends the whole test process at
# the timeout, so such a mutant counts as killed after PYTEST_TIMEOUT, not after mutmut's CPU
# limit (minutes). PYTEST_TIMEOUT=30 suits a run of Quartz alone.
export PYTEST_ADDOPTS="${PYTEST_ADDOPTS:-} --timeout-method=thread"
started=$(date +%s)
DELICATE=(
    "maia_tui.api.client.*" "maia_tui.api.auth.*" "maia_tui.api.token_exchange.*" "maia_tui.api.responses.*"
    "maia_tui.api.retry.*" "maia_tui.api.paging.*" "maia_tui.emulator.paging.*" "maia_tui.emulator.tokens.*"
)
LIVING=(
    "maia_tui.api.quartz.*" "maia_tui.api.budget.*" "maia_tui.api.watch.*" "maia_tui.api.retry.*"
    "maia_tui.api.paging.*" "maia_tui.services.*" "maia_tui.emulator.timeline.*" "maia_tui.emulator.runs.*"
)
if [ "${1:-}" = "--living" ]; then
    targets=("${LIVING[@]}")
elif [ "${1:-}" = "--all" ]; then
    targets=()
elif [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=("${DELICATE[@]}")
fi
# mutmut exits non-zero when mutants survive; the report below is the verdict.
# Four at once on 2 cores: most of a mutant's test time is spent waiting on loopback.
mutmut run --max-children "${MUTATION_CHILDREN:-4}" "${targets[@]}" > mutants-run.log 2>&1 || true
echo "mutmut run took $(( $(date +%s) - started )) s (log: mutants-run.log)"
python scripts/mutation_report.py
