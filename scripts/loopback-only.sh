#!/usr/bin/env bash
# Run a command (the test suite) in a network namespace of its own whose only interface is
# loopback, so that every server the tests start can be reached from this machine only.
#
# Why: Ray binds its GCS and raylet servers to all interfaces whatever --node-ip-address
# says (and maps 127.0.0.1 to the machine's address), so on the host's network a test's Ray
# node listens on the network. In this namespace "all interfaces" is loopback. PostgreSQL,
# the web app and Chromium already listen on 127.0.0.1; they work the same in here.
#
# Needs root (CI runs the tests as root, as it installs system packages with apt). Without
# the privilege the command runs in the host's network and this says so; the two tests that
# check where Ray listens then skip with that reason. KPO_LOOPBACK_ONLY=1 marks the inside.
set -euo pipefail
if [ "${1:-}" = "--inside" ]; then
  shift
  ip link set lo up
  export KPO_LOOPBACK_ONLY=1
  exec "$@"
fi
if [ "$(id -u)" = 0 ] && command -v ip >/dev/null 2>&1 && unshare --net true 2>/dev/null; then
  exec unshare --net -- "$0" --inside "$@"
fi
echo "warning: cannot make a loopback-only network namespace (needs root, unshare and ip);" \
  "running in this machine's network: test Ray nodes listen on all its interfaces" >&2
exec "$@"
