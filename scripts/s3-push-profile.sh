#!/usr/bin/env bash
# s3-push-profile.sh: where push-small's time goes on S3. One SeaweedFS and one
# `serve` on loopback, `regbench push-small` against it; prints images/s, the CPU
# seconds SeaweedFS, registryctl and regbench each used, and the object requests
# SeaweedFS counted (its Prometheus counters), per type and per image.
#
#   WEED=/path/to/weed scripts/s3-push-profile.sh [IMAGES]
#
# Needs regbench built (cd ../shared/bench/regbench && CARGO_TARGET_DIR=/tmp/regbench-target
# cargo build --release; REGBENCH=path overrides) and bc.
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGES=${1:-200}
WORK=${WORK:-/tmp/s3-push-profile}
PORT=${PORT:-28300}
LISTEN=127.0.0.1:${LISTEN_PORT:-5200}
RB=${REGBENCH:-/tmp/regbench-target/release/regbench}
[ -x "$RB" ] || { echo "no regbench at $RB (set REGBENCH)" >&2; exit 2; }
rm -rf "$WORK"
. scripts/lib/weed.sh
start_weed "$WORK" "$PORT" bench
SERVE_PID=
trap 'kill $SERVE_PID $WEED_PID 2>/dev/null; wait 2>/dev/null || true' EXIT
cargo build --release --bin registryctl >&2
BIN=$PWD/target/release/registryctl
wait_bucket "$BIN" s3://bench/ready
"$BIN" --storage s3://bench/r serve --listen "$LISTEN" > "$WORK/serve.log" 2>&1 &
SERVE_PID=$!
for i in $(seq 1 60); do
  curl -sf -o /dev/null "http://$LISTEN/v2/" && break
  [ "$i" -lt 60 ] || { echo "serve did not start: $WORK/serve.log" >&2; exit 1; }
  sleep 0.5
done
# CPU ticks (user + system) of the given processes.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo "$t"; }
counters() { curl -s "http://127.0.0.1:$((PORT+5))/metrics" | grep -E '^SeaweedFS_s3_request_total' > "$1"; }
WEED_PIDS=$(pgrep -f "mini -dir=$WORK/data" | tr '\n' ' ')
"$RB" --url "http://$LISTEN" --concurrency 8 -q push-small --images 50 > /dev/null # warm up
counters "$WORK/before"
w0=$(ticks $WEED_PIDS); s0=$(ticks "$SERVE_PID")
/usr/bin/time -f "regbench: %U s user + %S s system, wall %e s" \
  "$RB" --url "http://$LISTEN" --concurrency 8 -q push-small --images "$IMAGES" 2>&1 |
  grep -E "images_per_s|p99|regbench:"
w1=$(ticks $WEED_PIDS); s1=$(ticks "$SERVE_PID")
counters "$WORK/after"
HZ=$(getconf CLK_TCK)
echo "SeaweedFS: $(echo "scale=2; ($w1-$w0)/$HZ" | bc) CPU s, registryctl: $(echo "scale=2; ($s1-$s0)/$HZ" | bc) CPU s"
python3 - "$WORK/before" "$WORK/after" "$IMAGES" <<'PY'
import re, sys
def read(path):
    out = {}
    for line in open(path):
        m = re.match(r'\S+\{(.*)\} (\S+)', line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out
a, b, n = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3])
total = 0
for k in sorted(b):
    d = b[k] - a.get(k, 0)
    if d:
        print(f"  {k}: {int(d)} ({d / n:.1f} per image)")
        total += d
print(f"  object requests: {int(total)} ({total / n:.1f} per image)")
PY
