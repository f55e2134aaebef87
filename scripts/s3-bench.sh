#!/usr/bin/env bash
# s3-bench.sh: registryctl and CNCF distribution 2.8.2 (Debian's `docker-registry`,
# its s3 driver) on the same SeaweedFS, side by side with ../shared/bench/compare.sh
# (interleaved rounds, one run). Everything listens on loopback.
#
#   WEED=/path/to/weed scripts/s3-bench.sh [RUNS] [compare.sh options...]
#
# Defaults: 3 rounds of push-small (200 images), pull-manifest (5,000 requests),
# push-large and pull-large (256 MiB), all at --concurrency 8. The table is printed
# and kept in $OUT/summary.txt (OUT defaults to /tmp/s3-bench/results).
# COMPARE=path/to/compare.sh when ../shared/bench is elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
shift || true
WEED=${WEED:-weed}
COMPARE=${COMPARE:-../shared/bench/compare.sh}
WORK=${WORK:-/tmp/s3-bench}
OUT=${OUT:-$WORK/results}
PORT=${PORT:-28200}
OURS=127.0.0.1:${OURS_PORT:-5100}
THEIRS=127.0.0.1:${THEIRS_PORT:-5101}
command -v docker-registry >/dev/null || { echo "needs docker-registry (apt-get install docker-registry)" >&2; exit 2; }
[ -x "$COMPARE" ] || { echo "no compare.sh at $COMPARE (set COMPARE)" >&2; exit 2; }
rm -rf "$WORK"
. scripts/lib/weed.sh
start_weed "$WORK" "$PORT" bench
trap 'kill $WEED_PID 2>/dev/null; wait $WEED_PID 2>/dev/null || true' EXIT
cargo build --release --bin registryctl >&2
BIN=$PWD/target/release/registryctl
wait_bucket "$BIN" s3://bench/ready
cat > "$WORK/distribution.yml" <<Y
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  s3:
    accesskey: k
    secretkey: s
    region: us-east-1
    regionendpoint: http://127.0.0.1:$PORT
    bucket: bench
    rootdirectory: /distribution
    forcepathstyle: true
    secure: false
    v4auth: true
  redirect:
    disable: true
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: $THEIRS
Y
"$COMPARE" --runs "$RUNS" --out "$OUT" \
  --scenarios "push-small pull-manifest push-large pull-large" \
  --common "--concurrency 8" \
  --args push-small="--images 200" --args pull-manifest="--requests 5000" \
  --args push-large="--size-mib 256" --args pull-large="--size-mib 256" \
  --start registryctl="$BIN --storage s3://bench/registryctl serve --listen $OURS" \
  --start distribution="docker-registry serve $WORK/distribution.yml" \
  "$@" registryctl="http://$OURS" distribution="http://$THEIRS"
