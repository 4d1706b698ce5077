#!/usr/bin/env bash
# Haven benchmark: one child's chronology of 1,000 events (from incidents,
# Encompass, case notes and the register; each decided by the access policy)
# in a register of 1,000,000 children, beside GET /healthz in the same run.
# Fills a copy of a demo database with bench/chronology-data.sql, starts
# haven on it and measures with bench/chronology.mjs. Results:
# docs/performance.md.
#
# Usage: bench/chronology.sh
# Environment:
#   HAVEN_BIN             haven binary                 (default: <repo>/build/haven)
#   CHRONOLOGY_CHILDREN   children on the register     (default: 1000000)
#   CHRONOLOGY_REQUESTS   measured requests each       (default: 30)
#
# Everything is fictional, the database is in a temporary directory, and all
# traffic goes to 127.0.0.1.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
children=${CHRONOLOGY_CHILDREN:-1000000}

bench_start chronology sqlite3 node

echo "# A child's chronology at national scale ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo), $("$bin" --version 2>/dev/null | head -1)"
db=$tmp/haven.db
"$bin" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "haven init failed"; }
start=$(date +%s)
sqlite3 -bail "$db" -cmd ".parameter set :children $children" <"$repo/bench/chronology-data.sql" >/dev/null ||
	die "the generator failed"
echo "data: $children children, each in an incident; child 1 has 1,000 events; generated in $(($(date +%s) - start)) s"

bench_serve "$db"
echo

node "$repo/bench/chronology.mjs" "$base"

bench_stop
