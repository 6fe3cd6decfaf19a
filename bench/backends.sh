#!/usr/bin/env bash
# SQLite beside PostgreSQL, one and two server processes, with pgbench as the peer on the same
# cluster. Usage: bench/backends.sh [seconds per run, default 5]
#   - a durable PostgreSQL 15 cluster of its own (scripts/pg-test-cluster.sh --durable: fsync
#     and synchronous commit on, as a deployment runs), removed at the end;
#   - reads: wrk GET /api/v1/jurisdictions/1714000 (16 connections in all);
#   - commands: wrk POST /api/v1/certifications with an API token (4 connections in all), each
#     a durable transaction with its log entry, signed checkpoint and new snapshot;
#   - two processes: both servers over one database, each load generator on one of them, the
#     figures summed; then `grantcheck log verify` on what they wrote;
#   - pgbench's TPC-B-like run (4 clients) on the same cluster.
# Medians of 3 runs. Loopback only; every process it starts is stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
build=build
secs=${1:-5}
command -v wrk >/dev/null || { echo "wrk not installed (scripts/install-deps.sh)"; exit 1; }
work=$(mktemp -d /tmp/grantcheck-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [[ -n ${BENCH_KEEP:-} ]]; then echo "kept $work (cluster: $(cat "$work/pg/dsn"))"; return; fi
  scripts/pg-test-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
export GRANTCHECK_PASSWORD="a long enough password"
export GRANTCHECK_KEY="$work/log.key"

scripts/pg-test-cluster.sh start "$work/pg" --durable
cluster=$(cat "$work/pg/dsn")
psql "$cluster" -X -q -c "CREATE DATABASE bench" -c "CREATE DATABASE pgbench"
pgdb=${cluster%/postgres}/bench

median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

start_server() {  # db, out file: sets $base (in this shell, so that cleanup stops the server)
  "$build/grantcheck" serve --db "$1" --listen 127.0.0.1:0 --threads 2 --no-access-log >"$2" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do grep -q serving "$2" && break; sleep 0.1; done
  base=$(sed -n 's/.*serving \(http[^ ]*\)\//\1/p' "$2")
}

prepare() {  # db: the bundled data and the benchmark's accounts
  "$build/grantcheck" load data --db "$1" >/dev/null 2>&1
  add_bench_accounts "$1"
}

# One run of wrk against each base at once (connections split between them): summed req/s.
load() {  # connections, script or "", base...
  local conns=$1 script=$2
  shift 2
  local each=$((conns / $#)) i=0 files=() wrks=()
  for base in "$@"; do
    local url=$base/api/v1/jurisdictions/1714000
    [[ -n $script ]] && url=$base/api/v1/certifications
    wrk -t1 -c"$each" -d"${secs}s" ${script:+-s "$script"} "$url" >"$work/wrk.$i" 2>&1 &
    wrks+=($!)
    files+=("$work/wrk.$i")
    i=$((i + 1))
  done
  wait "${wrks[@]}"
  for f in "${files[@]}"; do
    if grep -q "Non-2xx" "$f"; then echo "non-2xx answers: $(grep Non-2xx "$f")" >&2; fi
    awk '/Requests\/sec/ {print $2}' "$f"
  done | awk '{s+=$1} END {printf "%.0f\n", s}'
}

measure() {  # label, connections, script, base...
  local label=$1 conns=$2 script=$3
  shift 3
  load "$conns" "$script" "$@" >/dev/null  # warm-up
  local runs=()
  for _ in 1 2 3; do runs+=("$(load "$conns" "$script" "$@")"); done
  printf "%-48s %8s /s   (runs: %s)\n" "$label" "$(printf '%s\n' "${runs[@]}" | median)" "${runs[*]}"
}

echo "== SQLite, one process =="
prepare "$work/bench.db"
start_server "$work/bench.db" "$work/sq.out"
sq=$base
certification_script "$sq" "$work/sq.lua" '"recipients":["1714000"]'
measure "reads, SQLite, 1 process" 16 "" "$sq"
measure "commands, SQLite, 1 process" 4 "$work/sq.lua" "$sq"

echo "== PostgreSQL (durable), one and two processes =="
prepare "$pgdb"
start_server "$pgdb" "$work/pa.out"
pa=$base
certification_script "$pa" "$work/pa.lua" '"recipients":["1714000"]'
measure "reads, PostgreSQL, 1 process" 16 "" "$pa"
measure "commands, PostgreSQL, 1 process" 4 "$work/pa.lua" "$pa"
start_server "$pgdb" "$work/pb.out"
pb=$base
measure "reads, PostgreSQL, 2 processes" 16 "" "$pa" "$pb"
measure "commands, PostgreSQL, 2 processes" 4 "$work/pa.lua" "$pa" "$pb"
"$build/grantcheck" --db "$pgdb" log verify >"$work/verify" || true
grep -m5 problem "$work/verify" || true
tail -1 "$work/verify"

echo "== pgbench (TPC-B-like, scale 10, 4 clients) on the same cluster =="
pgbench -i -q -s 10 "${cluster%/postgres}/pgbench" >/dev/null 2>&1
runs=()
for _ in 1 2 3; do
  runs+=("$(pgbench -n -c 4 -j 2 -T "$secs" "${cluster%/postgres}/pgbench" 2>/dev/null |
    sed -n 's/^tps = \([0-9.]*\) .*/\1/p' | cut -d. -f1)")
done
printf "%-48s %8s /s   (runs: %s)\n" "pgbench TPC-B-like transactions" "$(printf '%s\n' "${runs[@]}" | median)" "${runs[*]}"
