#!/usr/bin/env bash
# Mutation testing (issue #14) with mutmut, configured in pyproject.toml [tool.mutmut]:
# maia_tui/api/ and the emulator's paging and tokens, against the loopback tests that speak to
# them. Not in CI (about 25-30 min on 2 cores for everything). Prints survivors and a score
# per file at the end (scripts/mutation_report.py).
#
#   scripts/mutation.sh                              # everything, from scratch
#   scripts/mutation.sh "maia_tui.api.auth*"         # only the mutants of one module
#   KEEP=1 scripts/mutation.sh                       # resume: reuse results in mutants/
set -euo pipefail
cd "$(dirname "$0")/.."
python -c "import mutmut" 2>/dev/null || pip install -q -e ".[test,mutation]"
if [ -z "${KEEP:-}" ]; then rm -rf mutants; fi
# A mutant often makes a test wait for something that never comes: a short hang guard (see
# tests/helpers.py) ends those waits sooner. The clean run proves the suite passes with it.
export MAIA_TEST_HANG_GUARD="${MAIA_TEST_HANG_GUARD:-5}"
started=$(date +%s)
# mutmut exits non-zero when mutants survive; the report below is the verdict.
mutmut run --max-children "${MUTATION_CHILDREN:-2}" "$@" > mutants-run.log 2>&1 || true
echo "mutmut run took $(( $(date +%s) - started )) s (log: mutants-run.log)"
python scripts/mutation_report.py
