#!/usr/bin/env bash
# gc-bench.sh: times `registryctl gc` on a generated store of 100,000 layer/config
# blobs and 20,020 manifests (examples/gen_store.rs), on the disk under /tmp.
#
#   RUNS=3 scripts/gc-bench.sh [gen_store options...]
#
# The store is generated once into /dev/shm (tmpfs: the generator's fsyncs cost
# nothing there), then copied with its mtimes to /tmp/gc-bench/store for each run.
# Prints the wall time and max RSS of a dry run and of the real runs (plain and
# --delete-untagged, both --grace-period 0s), and the report's counts; RUNS times.
set -euo pipefail
cd "$(dirname "$0")/.."
GEN=/dev/shm/gc-bench-gen
WORK=/tmp/gc-bench
cargo build --release --bin registryctl --example gen_store >&2
BIN=target/release/registryctl
if [ ! -d "$GEN/blobs" ]; then
  rm -rf "$GEN"
  /usr/bin/time -f "generate: %e s" target/release/examples/gen_store "$GEN" "$@"
fi
run() { # label, gc args...
  local label="$1"; shift
  rm -rf "$WORK/store"; mkdir -p "$WORK"
  cp -a "$GEN" "$WORK/store"
  sync
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" \
    "$BIN" --root "$WORK/store" gc --json -q "$@" > "$WORK/report-$label.json"
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
for _ in $(seq "${RUNS:-1}"); do
  run dry-run --dry-run --delete-untagged --grace-period 0s
  run plain --grace-period 0s
  run untagged --delete-untagged --grace-period 0s
done
rm -rf "$WORK/store"
