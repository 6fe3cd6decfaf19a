#!/usr/bin/env bash
# Runs the benchmarks and prints medians. Usage: bench/run.sh [benchmark filter regex]
#  1. Google Benchmark (bench/foundation_bench.cpp), 5 repetitions, medians only, pinned to core 0.
#  2. HTTP over loopback: wrk on core 1 against `grantcheck serve` on core 0 (one thread),
#     GET /api/v1/jurisdictions/1714000, after a warm-up; median of 3 runs of 10 s.
#  3. Pages and API writes under wrk; then bench/backends.sh (SQLite beside PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
build=build
filter="${1:-.}"
pin0=""; pin1=""
if command -v taskset >/dev/null && [[ $(nproc) -ge 2 ]]; then pin0="taskset -c 0"; pin1="taskset -c 1"; fi

echo "== Google Benchmark (medians of 5) =="
$pin0 "$build/grantcheck_bench" --benchmark_filter="$filter" --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true --benchmark_display_aggregates_only=true 2>&1 |
  grep -E "^(Benchmark|-----|BM_.*_median)"

command -v wrk >/dev/null || { echo "wrk not installed; skipping HTTP"; exit 0; }
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
"$build/grantcheck" load data --db "$work/bench.db" >/dev/null 2>&1
$pin0 "$build/grantcheck" serve --db "$work/bench.db" --listen 127.0.0.1:0 --threads 1 --no-access-log \
  >"$work/out" 2>&1 &
server=$!
for _ in $(seq 50); do grep -q serving "$work/out" && break; sleep 0.1; done
url=$(sed -n 's/.*serving \(http[^ ]*\)/\1/p' "$work/out")api/v1/jurisdictions/1714000
echo "== HTTP: wrk -t1 -c16 -d10s $url (server on 1 core) =="
$pin1 wrk -t1 -c16 -d3s "$url" >/dev/null  # warm-up
for i in 1 2 3; do
  $pin1 wrk -t1 -c16 -d10s --latency "$url" | awk '/Requests\/sec/ {print $2} /^ +99%/ {p99=$2} END {print "p99", p99}' \
    | paste -sd' ' -
done | sort -n | awk '{print "run: " $0} NR==2 {m=$0} END {print "median: " m " req/s"}'

# Pages: server time at the 99th percentile under load, each page on its own (server on one core).
echo "== Pages: wrk -t1 -c16 -d5s, p99 latency per page (server on 1 core) =="
base=${url%/api/v1/jurisdictions/1714000}
for page in / "/jurisdictions/1714000?as_of=2017-10-01" /lists/doj-2017-11 /cases/chicago-v-sessions-2017 \
    /timeline "/search?q=Welcoming+City" "/api/v1/status?as_of=2017-10-01&condition=jag-2017-access&kind=county"; do
  $pin1 wrk -t1 -c16 -d2s "$base$page" >/dev/null  # warm-up
  $pin1 wrk -t1 -c16 -d5s --latency -H 'Accept-Encoding: gzip' "$base$page" |
    awk -v p="$page" '/Requests\/sec/ {r=$2} /^ +99%/ {l=$2} END {printf "%-70s %10s req/s  p99 %s\n", p, r, l}'
done

# Certification submissions through the API: POST /api/v1/certifications with an API token,
# each a durable transaction, a log entry and a new snapshot (server on one core, 4 connections).
echo "== API writes: wrk -t1 -c4 -d10s POST /api/v1/certifications (server on 1 core) =="
export GRANTCHECK_PASSWORD="a long enough password"
kill $server 2>/dev/null || true
wait $server 2>/dev/null || true
add_bench_accounts "$work/bench.db"
$pin0 "$build/grantcheck" serve --db "$work/bench.db" --listen 127.0.0.1:0 --threads 1 --no-access-log \
  >"$work/out2" 2>&1 &
server=$!
for _ in $(seq 50); do grep -q serving "$work/out2" && break; sleep 0.1; done
base=$(sed -n 's/.*serving \(http[^ ]*\)\//\1/p' "$work/out2")
certification_script "$base" "$work/post.lua" '"recipients_list":"doj-2018-01"'
$pin1 wrk -t1 -c4 -d10s --latency -s "$work/post.lua" "$base/api/v1/certifications" |
  awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {bad=$NF} END {printf "%s certifications/s  p50 %s  p99 %s  non-2xx %s\n", r, p50, p99, bad+0}'
"$build/grantcheck" --db "$work/bench.db" log verify | tail -1

# SQLite beside PostgreSQL, one and two server processes, with pgbench as the peer.
kill $server 2>/dev/null || true
echo "== Backends: bench/backends.sh =="
bench/backends.sh
