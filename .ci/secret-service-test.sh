#!/usr/bin/env bash
# The keyring integration tests against a real Secret Service: a private D-Bus session with an
# unlocked gnome-keyring-daemon whose keyrings live in a temp dir (never the user's own). They
# store, read and delete a secret, and run `maia-tui profiles add` and `remove` as the real command.
# In CI (CI=true) a skipped test is a failure: the point is to prove the real thing works.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"

missing=()
command -v gnome-keyring-daemon >/dev/null || missing+=(gnome-keyring)
command -v dbus-run-session >/dev/null || missing+=(dbus)
command -v dbus-launch >/dev/null || missing+=(dbus-x11)
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "secret-service-test: installing ${missing[*]}" >&2
  $sudo apt-get update -qq >/dev/null &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq gnome-keyring dbus dbus-x11 >/dev/null ||
    echo "secret-service-test: could not install ${missing[*]}; the test will skip" >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/run" "$work/data"
junit="$work/junit.xml"
in_ci=false
if [ "${CI:-}" = "true" ]; then
  in_ci=true
  export MAIA_REQUIRE_SECRET_SERVICE=1 # the test fails instead of skipping
fi

run_test() {
  # Inside the session: start the daemon unlocked with a throwaway password, then run the test.
  export XDG_RUNTIME_DIR="$work/run" XDG_DATA_HOME="$work/data"
  eval "$(printf 'throwaway' | gnome-keyring-daemon --unlock --components=secrets --daemonize | sed 's/^/export /')"
  pytest_secret_service
}

pytest_secret_service() {
  "$PYTHON" -m pytest -p no:cacheprovider -rs -m secret_service \
    --junitxml="$junit" tests/credentials/test_secret_service.py
}

status=0
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  export -f run_test pytest_secret_service
  export work junit PYTHON
  # (In containers dbus-daemon may print "Failed to set fd limit": harmless.)
  dbus-run-session -- bash -euo pipefail -c run_test || status=$?
else
  # No D-Bus tools: run anyway so the skip reason is printed.
  pytest_secret_service || status=$?
fi
[ "$status" -eq 0 ] || exit "$status"

if $in_ci; then
  # Belt and braces: the report must show the test ran, and ran without a skip.
  "$PYTHON" - "$junit" <<'PY'
import sys
import xml.etree.ElementTree as ET

suite = ET.parse(sys.argv[1]).getroot()
suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
tests, skipped = int(suite.get("tests", 0)), int(suite.get("skipped", 0))
names = {case.get("name") for case in suite.iter("testcase")}
wanted = {"test_store_read_delete_through_a_real_secret_service", "test_profiles_add_and_remove_through_a_real_secret_service"}
if not wanted <= names:
    sys.exit(f"secret-service-test: missing {sorted(wanted - names)}: each must run against a real Secret Service in CI")
if tests == 0 or skipped:
    sys.exit(f"secret-service-test: {tests} test(s), {skipped} skipped: the Secret Service test must run in CI")
print(f"secret-service-test: {tests} test(s) ran against a real Secret Service, none skipped")
PY
fi
