# Sourced by the S3 benchmark scripts: one SeaweedFS (`weed mini`) on loopback.
#
#   start_weed WORK PORT BUCKET   starts it with its data in WORK/data, S3 on PORT and
#                                 its other services on PORT+1..PORT+5; sets WEED_PID,
#                                 exports the AWS_* variables for it and unsets
#                                 AWS_CA_BUNDLE (plain HTTP on loopback)
#   wait_bucket BIN STORE         waits (bounded, 60 s) until BIN answers a signed request
#                                 on STORE: `scan` of an empty prefix exits 6 ("no store")
# WEED names the binary (default: weed on PATH).

start_weed() {
  local work="$1" port="$2" bucket="$3"
  mkdir -p "$work/data"
  cat > "$work/s3.json" <<'J'
{"identities":[{"name":"admin","credentials":[{"accessKey":"k","secretKey":"s"}],"actions":["Admin","Read","Write","List","Tagging"]}]}
J
  "${WEED:-weed}" mini -dir="$work/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
    -master.telemetry=false -bucket="$bucket" -s3.config="$work/s3.json" -s3.port="$port" \
    -master.port=$((port+1)) -volume.port=$((port+2)) -filer.port=$((port+3)) \
    -admin.port=$((port+4)) -metricsPort=$((port+5)) -s3.port.iceberg=0 -s3.port.lance=0 \
    -webdav=false -admin.ui=false > "$work/weed.log" 2>&1 &
  WEED_PID=$!
  export AWS_ENDPOINT_URL=http://127.0.0.1:$port AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=k AWS_SECRET_ACCESS_KEY=s
  # distribution's AWS SDK (and some others) fail on a CA bundle for plain HTTP.
  unset AWS_CA_BUNDLE
}

wait_bucket() {
  local bin="$1" store="$2" i rc
  for i in $(seq 1 60); do
    rc=0; "$bin" --storage "$store" scan -q >/dev/null 2>&1 || rc=$?
    { [ "$rc" -eq 0 ] || [ "$rc" -eq 6 ]; } && return 0
    sleep 1
  done
  echo "SeaweedFS did not become ready (see its weed.log)" >&2
  return 1
}
