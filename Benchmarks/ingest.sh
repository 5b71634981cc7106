#!/usr/bin/env bash
# Sustained ingest of a release build into SQLite: syslog over TCP (octet-counted) and HTTP bulk (POST /api/v1/ingest,
# NDJSON, 2,000 events per request), 3 runs each, with the receipt-to-searchable delay from the server's histogram.
# Each run uses a fresh data directory and sends 200,000 events (EVENTS to change) over 4 connections as fast as it can
# (sustained throughput), then 50,000 more at 5,000 events/s (PACED to change) for the delay at a load it keeps up with.
# Usage: Benchmarks/ingest.sh     (builds `swift build -c release` first; SCRATCH=.build-release to use another build folder;
#        RULES=DIR to run the server with those Sigma rules loaded, e.g. RULES=../shared/data/sigma/rules/windows)
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build}
swift build -c release --scratch-path "$SCRATCH" --product bulwark >/dev/null
BIN=$SCRATCH/release/bulwark
EVENTS=${EVENTS:-200000}
PACED=${PACED:-5000}   # events/s offered for the delay measurement: below the sustained rate
PID=
DATA=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; [ -n "$DATA" ] && rm -rf "$DATA"' EXIT

run() {
  local mode=$1
  DATA=$(mktemp -d /tmp/bulwark-ingest.XXXXXX)
  $BIN admin create-user --data "$DATA" --username ops --role admin >/dev/null 2>&1
  $BIN admin create-user --data "$DATA" --username shipper --role engineer >/dev/null 2>&1
  local admin token
  admin=$($BIN admin create-token --data "$DATA" --username ops --scope admin 2>/dev/null)
  token=$($BIN admin create-token --data "$DATA" --username shipper --scope ingest 2>/dev/null)
  BULWARK_LOG_LEVEL=warning $BIN serve --data "$DATA" --http 127.0.0.1:18778 --syslog-tcp 127.0.0.1:15515 ${RULES:+--rules "$RULES"} & PID=$!
  for _ in $(seq 1 600); do curl -sf http://127.0.0.1:18778/healthz >/dev/null && break; sleep 0.1; done
  if [ "$mode" = syslog-tcp ]; then
    python3 Benchmarks/ingest-load.py syslog-tcp --metrics http://127.0.0.1:18778 --admin-token "$admin" --port 15515 --events "$EVENTS"
    python3 Benchmarks/ingest-load.py syslog-tcp --metrics http://127.0.0.1:18778 --admin-token "$admin" --port 15515 --events 50000 --rate "$PACED"
  else
    python3 Benchmarks/ingest-load.py http --metrics http://127.0.0.1:18778 --admin-token "$admin" --url http://127.0.0.1:18778 --token "$token" --events "$EVENTS"
    python3 Benchmarks/ingest-load.py http --metrics http://127.0.0.1:18778 --admin-token "$admin" --url http://127.0.0.1:18778 --token "$token" --events 50000 --rate "$PACED" --batch 500
  fi
  kill $PID; wait $PID 2>/dev/null || true; PID=
  du -sh "$DATA" | cut -f1 | sed 's/^/  data directory: /'
  rm -rf "$DATA"; DATA=
}

for mode in syslog-tcp http; do
  for n in 1 2 3; do echo "== $mode run $n"; run "$mode"; done
done
