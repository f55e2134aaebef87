#!/usr/bin/env bash
# push-vs-disk.sh: is a slow `push-large` the server or the disk? Runs the load driver's
# push-large scenario against a fresh `registryctl serve` ROUNDS times and, around
# each round, times a plain `dd ... conv=fdatasync` of 512 MiB on the same filesystem:
# the fastest any fsyncing writer can store those bytes at that moment.
#
#   ROUNDS=8 scripts/push-vs-disk.sh             # store under /tmp (the disk)
#   STORE=/dev/shm/pvd scripts/push-vs-disk.sh   # store in tmpfs: the ceiling of the
#                                                # receive/hash/write pipeline alone
#
# Needs the driver built (../shared/bench/README.md); prints one line per round.
set -euo pipefail
cd "$(dirname "$0")/.."
REGBENCH="${REGBENCH:-${CARGO_TARGET_DIR:-/tmp/regbench-target}/release/regbench}"
STORE="${STORE:-/tmp/push-vs-disk/store}"
SCRATCH="$(dirname "$STORE")/dd-scratch"
PORT="${PORT:-5029}"
[ -x "$REGBENCH" ] || { echo "no load driver at $REGBENCH: build ../shared/bench/regbench" >&2; exit 2; }
cargo build --release --bin registryctl >&2

rm -rf "$STORE" "$SCRATCH"
mkdir -p "$STORE"
SRC="$(mktemp /dev/shm/push-vs-disk.XXXXXX)"
head -c 512M /dev/urandom > "$SRC"
target/release/registryctl serve --listen "127.0.0.1:$PORT" --root "$STORE" 2> /dev/null &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -f "$SRC" "$SCRATCH"' EXIT
for _ in $(seq 50); do
  "$REGBENCH" --url "http://127.0.0.1:$PORT" -q ping > /dev/null 2>&1 && break
  sleep 0.1
done

dd_mib_s() { # 512 MiB from tmpfs to the store's filesystem, fdatasynced
  local t0 t1
  t0=$(date +%s.%N)
  dd if="$SRC" of="$SCRATCH" bs=8M conv=fdatasync status=none
  t1=$(date +%s.%N)
  rm -f "$SCRATCH"
  python3 -c "print(round(512 / ($t1 - $t0)))"
}

for r in $(seq "${ROUNDS:-6}"); do
  before=$(dd_mib_s)
  push=$("$REGBENCH" --url "http://127.0.0.1:$PORT" -q --json push-large --delete |
    python3 -c 'import json, sys; m = json.load(sys.stdin)["metrics"]
print("mono %5.0f  chunked %5.0f" % (m["mono_mib_s"], m["chunked_mib_s"]))')
  after=$(dd_mib_s)
  echo "round $r: dd before $before MiB/s | registryctl $push MiB/s | dd after $after MiB/s"
done
