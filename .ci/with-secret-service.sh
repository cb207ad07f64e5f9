#!/usr/bin/env bash
# Run a command inside a private D-Bus session with an unlocked gnome-keyring Secret Service
# whose keyrings live in a temp dir (never the user's own). .ci/secret-service-test.sh has
# installed the Debian packages by then.
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -m 700 "$work/run" "$work/data"
export XDG_RUNTIME_DIR="$work/run" XDG_DATA_HOME="$work/data"
export MAIA_CI_COMMAND="$*"
exec dbus-run-session -- bash -euo pipefail -c '
  eval "$(printf throwaway | gnome-keyring-daemon --unlock --components=secrets --daemonize | sed "s/^/export /")"
  eval "$MAIA_CI_COMMAND"
'
