#!/usr/bin/env bash
# The hostile load of tests/slow_clients.rs against a release-built `registryctl serve`
# on loopback: 1,000 connections that start a GET of a 16 MiB blob and never read, one
# HTTP/2 connection with 100 zero-window streams, 200 uploads and 200 request headers
# trickled a byte a second; meanwhile one client pulls a manifest, pushes (POST + PUT +
# manifest PUT), HEADs a blob and probes /readyz, and its latencies are reported
# (unloaded first, then under the load), with the server's memory and peak RSS.
#
#   scripts/slow-clients.sh [SECONDS] [DOWNLOADS]
#
# SECONDS (default 10): how long the well-behaved client runs under load; DOWNLOADS
# (default 1000): the stuck downloads. REGISTRYCTL_BIN=PATH runs another build (an
# older one, for comparison); SERVE_ARGS replaces the extra serve flags (default
# "--max-requests 4096 --max-uploads-per-user 1000": the hostile clients hold 1,300
# requests, above the default
# cap of 1,024, and 200 upload sessions from one address, above the 100 per caller,
# beyond which the well-behaved client would get 429 by design;
# SERVE_ARGS= for none, with a build older than the flag).
# Exit status: 0, or 1 when a well-behaved request failed or got no answer in 5 s.
set -euo pipefail
cd "$(dirname "$0")/.."
LOADED_SECS=${1:-10}
DOWNLOADS=${2:-1000}
TARGET=${CARGO_TARGET_DIR:-target}
cargo build --release --bin registryctl --example slow_clients
BIN=${REGISTRYCTL_BIN:-$TARGET/release/registryctl}
DRIVER=$TARGET/release/examples/slow_clients
read -r -a EXTRA <<< "${SERVE_ARGS---max-requests 4096 --max-uploads-per-user 1000}"

WORK=$(mktemp -d)
: > "$WORK/empty.toml"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ulimit -n "$(ulimit -Hn)"
REGISTRYCTL_CONFIG="$WORK/empty.toml" RUST_LOG=warn \
  "$BIN" --root "$WORK/store" serve --listen "127.0.0.1:$PORT" "${EXTRA[@]}" 2> "$WORK/serve.log" &
PID=$!
trap 'kill "$PID" 2> /dev/null || true; wait "$PID" 2> /dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do
  if python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 1)" 2> /dev/null; then
    break
  fi
  sleep 0.1
done

echo "server: $BIN ${EXTRA[*]} (pid $PID, 127.0.0.1:$PORT)"
status=0
"$DRIVER" "127.0.0.1:$PORT" "$PID" "$LOADED_SECS" "$DOWNLOADS" || status=$?
echo "server peak RSS: $(awk '/^VmHWM/ {print int($2 / 1024) " MiB"}' "/proc/$PID/status")"
if [ "$status" -ne 0 ]; then
  echo "server log (last lines):"
  tail -20 "$WORK/serve.log"
fi
exit "$status"
