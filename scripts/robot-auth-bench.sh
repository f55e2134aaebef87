#!/usr/bin/env bash
# robot-auth-bench.sh: what does signing in as a robot cost per request? Two release
# servers on fresh stores, one with access control off, one whose only credential is a
# robot; the load driver's pull-manifest scenario against each in turn (A B A B ...),
# ROUNDS times, the robot's Basic credentials sent on every request. Prints the
# medians, their ratio and both servers' CPU time.
#
#   ROUNDS=11 REQUESTS=30000 scripts/robot-auth-bench.sh
#
# Needs the driver built (../shared/bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
REGBENCH="${REGBENCH:-/tmp/regbench-target/release/regbench}"
ROUNDS="${ROUNDS:-11}"
REQUESTS="${REQUESTS:-30000}"
[ -x "$REGBENCH" ] || { echo "no load driver at $REGBENCH: build ../shared/bench/regbench" >&2; exit 2; }
cargo build --release --bin registryctl >&2
BIN="${CARGO_TARGET_DIR:-target}/release/registryctl"
DIR="$(mktemp -d /tmp/robot-auth-bench.XXXXXX)"
"$BIN" --root "$DIR/open" init > /dev/null
"$BIN" --root "$DIR/robot" init > /dev/null
SECRET="$("$BIN" --root "$DIR/robot" -q robot create bench --grant 'regbench/**:pull,push' --expires 1d 2> /dev/null)"
"$BIN" --root "$DIR/open" serve --listen 127.0.0.1:5201 2> "$DIR/open.log" &
OPEN=$!
"$BIN" --root "$DIR/robot" serve --listen 127.0.0.1:5202 2> "$DIR/robot.log" &
ROBOT=$!
trap 'kill $OPEN $ROBOT 2>/dev/null; rm -rf "$DIR"' EXIT
for port in 5201 5202; do
  for _ in $(seq 50); do
    "$REGBENCH" --url "http://127.0.0.1:$port" -q ping > /dev/null 2>&1 && break
    sleep 0.1
  done
done
for i in $(seq "$ROUNDS"); do
  echo "open $i $("$REGBENCH" --url http://127.0.0.1:5201 --json -q pull-manifest --requests "$REQUESTS")"
  echo "robot $i $("$REGBENCH" --url http://127.0.0.1:5202 --user robot --password "$SECRET" --json -q pull-manifest --requests "$REQUESTS")"
done > "$DIR/runs"
cpu() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }
python3 - "$DIR/runs" "$(cpu $OPEN)" "$(cpu $ROBOT)" <<'PY'
import json, statistics, sys
runs = {"open": [], "robot": []}
for line in open(sys.argv[1]):
    name, _, body = line.split(" ", 2)
    runs[name].append(json.loads(body)["metrics"])
med = {n: {k: statistics.median(m[k] for m in v) for k in ("req_per_s", "p50_ms", "p99_ms")} for n, v in runs.items()}
for n, v in runs.items():
    r = [m["req_per_s"] for m in v]
    print(f"{n:5} req/s median {med[n]['req_per_s']:.0f} [{min(r):.0f}-{max(r):.0f}]  p50 {med[n]['p50_ms']:.3f} ms  p99 {med[n]['p99_ms']:.3f} ms  ({len(v)} runs)")
print(f"robot/open: req/s {med['robot']['req_per_s'] / med['open']['req_per_s']:.3f}x, p50 {med['robot']['p50_ms'] / med['open']['p50_ms']:.3f}x")
print(f"server CPU s (all rounds and setup): open {sys.argv[2]}, robot {sys.argv[3]} ({float(sys.argv[3]) / float(sys.argv[2]):.3f}x)")
PY
echo "requests signed by the robot: $(grep -c 'user="robot:bench"' "$DIR/robot.log")"
