#!/usr/bin/env bash
# gc-bench-s3.sh: times `registryctl gc` on S3 (a SeaweedFS on loopback this script
# starts) over a generated store of 100,000 layer/config blobs and 20,020 manifests
# (examples/gen_store.rs writes it straight to the bucket).
#
#   WEED=/path/to/weed scripts/gc-bench-s3.sh [gen_store options...]
#
# Prints the generator's time, then wall time and max RSS of a dry run, of a real
# plain run (it writes gc's memo), of a dry run and a real --delete-untagged run
# with the memo (all --grace-period 0s), with the report's counts. Needs ~2 GB
# free under /tmp. Generating takes ~7-11 min on 2 cores; KEEP=1 DRY_ONLY=1 keeps
# the store for repeated dry runs; GC_ARGS adds gc options to every run (e.g.
# GC_ARGS="--threads 32", or "--no-memo").
set -euo pipefail
cd "$(dirname "$0")/.."
WEED=${WEED:-weed}
WORK=/tmp/gc-bench-s3
PORT=${PORT:-28100}
# KEEP=1 keeps the generated store (and reuses it on the next KEEP=1 run).
KEEP=${KEEP:-}
[ -n "$KEEP" ] && [ -e "$WORK/generated" ] || rm -rf "$WORK"
. scripts/lib/weed.sh
start_weed "$WORK" "$PORT" bench
trap 'kill $WEED_PID 2>/dev/null; wait $WEED_PID 2>/dev/null; [ -n "$KEEP" ] || rm -rf "$WORK"' EXIT
cargo build --release --bin registryctl --example gen_store >&2
BIN=target/release/registryctl
STORE=s3://bench/gc
wait_bucket "$BIN" "$STORE-ready"
if [ ! -e "$WORK/generated" ]; then
  /usr/bin/time -f "generate: %e s" target/release/examples/gen_store "$STORE" --threads 32 "$@"
  [ -z "$KEEP" ] || touch "$WORK/generated"
fi
run() { # label, gc args...
  local label="$1"; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" \
    "$BIN" --storage "$STORE" gc --json -q ${GC_ARGS:-} "$@" > "$WORK/report-$label.json"
  read -r wall rss < "$WORK/time.txt"
  python3 - "$WORK/report-$label.json" "$label" "$wall" "$rss" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]:>8}: wall {sys.argv[3]} s, max RSS {int(sys.argv[4])//1024} MiB, "
      f"gc duration {r['duration_seconds']:.2f} s; scanned {r['blobs_scanned']} blobs, "
      f"{r['manifests_scanned']} manifests; removed {r['manifests_removed']} manifests, "
      f"{r['layer_links_removed']} layer links, {r['blobs_deleted']} blobs "
      f"({r['bytes_freed']} bytes); kept {r['blobs_referenced']} blobs")
PY
}
run dry-run --dry-run --delete-untagged --grace-period 0s
# DRY_ONLY=1 (with KEEP=1) leaves the store as generated, for more dry runs.
[ -z "${DRY_ONLY:-}" ] || exit 0
run plain --grace-period 0s
# The plain run wrote gc's memo: these two use it.
run memo-dry --dry-run --delete-untagged --grace-period 0s
run untagged --delete-untagged --grace-period 0s
"$BIN" --storage "$STORE" scan -q || echo "scan after gc: exit $?"
