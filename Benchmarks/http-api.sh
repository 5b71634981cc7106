#!/usr/bin/env bash
# HTTP API throughput of a release build: token authentication (SHA-256 + one SQLite lookup) and one
# SQLite read per request, over loopback, with wrk. Prints wrk's summary for each endpoint, 3 runs each.
# Usage: Benchmarks/http-api.sh            (builds `swift build -c release` first; needs wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bulwark >/dev/null
BIN=.build/release/bulwark
DATA=$(mktemp -d /tmp/bulwark-bench.XXXXXX)
PORT=${PORT:-18777}
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DATA"' EXIT

$BIN admin create-user --data "$DATA" --username bench --role admin >/dev/null
TOKEN=$($BIN admin create-token --data "$DATA" --username bench --scope read 2>/dev/null)
printf 'name,criticality,ips\n' > "$DATA/assets.csv"
for i in $(seq 1 500); do printf 'host-%03d,medium,10.0.%d.%d\n' "$i" $((i / 250)) $((i % 250 + 1)) >> "$DATA/assets.csv"; done
$BIN import assets --data "$DATA" "$DATA/assets.csv" >/dev/null
BULWARK_LOG_LEVEL=warning $BIN serve --data "$DATA" --http 127.0.0.1:$PORT & PID=$!
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:$PORT/healthz >/dev/null && break; sleep 0.2; done

for endpoint in /healthz "/api/v1/assets?limit=50" "/api/v1/assets/$(curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/assets?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["assets"][0]["id"])')"; do
  for run in 1 2 3; do
    echo "== GET $endpoint (run $run)"
    wrk -t2 -c32 -d10s --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$endpoint" | grep -E "Requests/sec|Latency|99%|50%"
  done
done
