#!/usr/bin/env bash
# replicas-bench.sh: pull-manifest through HAProxy in front of 1, 2 and 3
# `registryctl serve` replicas on one store, measured in one interleaved run of
# ../shared/bench's compare.sh (one=1 replica, two=2, three=3; A B C A B C ...).
#
#   scripts/replicas-bench.sh [--runs 3] [--requests 20000] [--concurrency 32]
#                             [--storage s3://BUCKET/PREFIX] [--out DIR]
#
# Starts three replicas (release build, ports 5031-5033) on one store: a fresh
# filesystem root under /tmp/bench/replicas, or --storage (endpoint and keys from
# AWS_*), and three HAProxies (5041: r1; 5042: r1 r2; 5043: r1 r2 r3), round robin
# per request as in README.md "Running replicas". Everything is stopped by PID at
# the end. Needs haproxy (apt-get install haproxy) and ../shared/bench.
#
# The replicas, HAProxy and the driver share the machine: with N cores, more
# replicas than cores add no throughput (the figure then measures the balancer's
# and the scheduler's overhead). State the machine's load with the figures.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="${BENCH:-$HERE/../shared/bench}"
RUNS=3
REQUESTS=20000
CONCURRENCY=32
STORAGE=""
OUT="/tmp/bench/replicas-results/$(date +%Y%m%d-%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2 ;;
    --requests) REQUESTS="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --storage) STORAGE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "replicas-bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
HAPROXY="${HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}"
[ -x "$HAPROXY" ] || { echo "haproxy not found (apt-get install haproxy)" >&2; exit 2; }
[ -x "$BENCH/compare.sh" ] || { echo "no $BENCH/compare.sh (set BENCH=)" >&2; exit 2; }

TARGET="${CARGO_TARGET_DIR:-$HERE/target}"
(cd "$HERE" && cargo build --release --quiet --bin registryctl)
BIN="$TARGET/release/registryctl"
WORK=/tmp/bench/replicas
rm -rf "$WORK" && mkdir -p "$WORK" "$OUT"
if [ -n "$STORAGE" ]; then
  STORE=(--storage "$STORAGE")
else
  STORE=(--root "$WORK/store")
fi
"$BIN" "${STORE[@]}" init >/dev/null

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

for i in 1 2 3; do
  RUST_LOG=warn "$BIN" "${STORE[@]}" serve --listen "127.0.0.1:503$i" --replica "r$i" \
    2>"$WORK/r$i.log" &
  PIDS+=($!)
done
for k in 1 2 3; do
  cfg="$WORK/haproxy-$k.cfg"
  cat >"$cfg" <<EOF
global
    maxconn 4000
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    option http-server-close
    http-reuse never
frontend registry
    bind 127.0.0.1:504$k
    default_backend replicas
backend replicas
    balance roundrobin
    option httpchk GET /readyz
EOF
  for i in $(seq 1 "$k"); do
    echo "    server r$i 127.0.0.1:503$i check inter 1s" >>"$cfg"
  done
  "$HAPROXY" -db -f "$cfg" >"$WORK/haproxy-$k.log" 2>&1 &
  PIDS+=($!)
done
for port in 5031 5032 5033 5041 5042 5043; do
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/v2/" 2>/dev/null && break
    sleep 0.1
  done
done

echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) on $(nproc) cores"
env -u CARGO_TARGET_DIR "$BENCH/compare.sh" --runs "$RUNS" --scenarios pull-manifest --out "$OUT" \
  --common "--concurrency $CONCURRENCY" --args pull-manifest="--requests $REQUESTS" \
  one=http://127.0.0.1:5041 two=http://127.0.0.1:5042 three=http://127.0.0.1:5043
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "results: $OUT"
