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

token_of() {  # base, email
  curl -s -c "$work/jar" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$2\",\"password\":\"$GRANTCHECK_PASSWORD\"}" "$1/api/v1/session" |
    sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p' >"$work/csrf"
  curl -s -b "$work/jar" -H "X-CSRF-Token: $(cat "$work/csrf")" -H 'Content-Type: application/json' \
    -d '{"name":"bench","days":30}' "$1/api/v1/tokens" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

prepare() {  # db: data, accounts, a notice; writes $work/post.lua
  "$build/grantcheck" load data --db "$1" >/dev/null 2>&1
  "$build/grantcheck" --db "$1" user add rev@bench.example --name R --role reviewer --scope byrne-jag >/dev/null
  "$build/grantcheck" --db "$1" user add cert@bench.example --name C --role certifier --scope 1714000 >/dev/null
}

post_script() {  # base -> a wrk script that certifies for Chicago with a token made on base
  local rev cert notice
  rev=$(token_of "$1" rev@bench.example)
  cert=$(token_of "$1" cert@bench.example)
  notice=$(curl -s -H "Authorization: Bearer $rev" -H 'Content-Type: application/json' \
    -d '{"program":"byrne-jag","fiscal_year":2026,"conditions":["jag-2018-1373-certification"],"recipients":["1714000"],"deadline_days":60,"title":"Certify","letter":"Certify by {deadline}.","signer":"A"}' \
    "$1/api/v1/notices" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
  cat >"$2" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $cert"
wrk.body = '{"notice":"$notice","jurisdiction":"1714000","statement":"Chicago complies.","signer_name":"S","signer_title":"T"}'
LUA
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
post_script "$sq" "$work/sq.lua"
measure "reads, SQLite, 1 process" 16 "" "$sq"
measure "commands, SQLite, 1 process" 4 "$work/sq.lua" "$sq"

echo "== PostgreSQL (durable), one and two processes =="
prepare "$pgdb"
start_server "$pgdb" "$work/pa.out"
pa=$base
post_script "$pa" "$work/pa.lua"
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
