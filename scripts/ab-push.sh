#!/usr/bin/env bash
# ab-push.sh: push-large, one round at a time, alternating between two or more
# registryctl binaries, each serving its own fresh root on the same filesystem, so
# that the disk's slow and fast phases fall on all of them alike. Prints each
# round and the medians.
#
#   ROUNDS=8 MODE=chunked scripts/ab-push.sh /tmp/bin-old /tmp/bin-new
#   STORE=/dev/shm/ab MODE=mono scripts/ab-push.sh A B   # tmpfs: no disk at all
#
# Needs the driver built (../shared/bench/README.md). MODE is chunked or mono.
set -euo pipefail
cd "$(dirname "$0")/.."
REGBENCH="${REGBENCH:-${CARGO_TARGET_DIR:-/tmp/regbench-target}/release/regbench}"
STORE="${STORE:-/tmp/ab-push}"
MODE="${MODE:-chunked}"
ROUNDS="${ROUNDS:-8}"
[ -x "$REGBENCH" ] || { echo "no load driver at $REGBENCH: build ../shared/bench/regbench" >&2; exit 2; }
[ "$#" -ge 2 ] || { echo "usage: $0 BINARY BINARY [BINARY...]" >&2; exit 2; }

rm -rf "$STORE"
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null; rm -rf "$STORE"' EXIT
port=5040
for bin in "$@"; do
  mkdir -p "$STORE/$port"
  "$bin" serve --listen "127.0.0.1:$port" --root "$STORE/$port" 2> /dev/null &
  PIDS+=($!)
  for _ in $(seq 100); do
    "$REGBENCH" --url "http://127.0.0.1:$port" -q ping > /dev/null 2>&1 && break
    sleep 0.1
  done
  port=$((port + 1))
done

RESULTS="$(mktemp)"
for r in $(seq "$ROUNDS"); do
  port=5040
  line="round $r:"
  for bin in "$@"; do
    v=$("$REGBENCH" --url "http://127.0.0.1:$port" -q --json push-large --mode "$MODE" --delete |
      python3 -c 'import json, sys; m = json.load(sys.stdin)["metrics"]
print(round(m.get("'"$MODE"'_mib_s", 0), 1))')
    echo "$bin $v" >> "$RESULTS"
    line="$line $(basename "$bin") $v"
    port=$((port + 1))
  done
  echo "$line MiB/s"
done
python3 - "$RESULTS" <<'EOF'
import statistics, sys
by = {}
for line in open(sys.argv[1]):
    b, v = line.split()
    by.setdefault(b, []).append(float(v))
for b, vs in by.items():
    print(f"{b}: median {statistics.median(vs):.1f} MiB/s over {len(vs)} rounds [{min(vs):.1f}-{max(vs):.1f}]")
EOF
rm -f "$RESULTS"
