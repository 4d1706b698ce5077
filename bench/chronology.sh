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

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${HAVEN_BIN:-$repo/build/haven}
children=${CHRONOLOGY_CHILDREN:-1000000}

die() { echo "bench: $*" >&2; exit 1; }
[[ -x $bin ]] || die "haven binary not found at $bin (build it first, or set HAVEN_BIN)"
for tool in sqlite3 node curl; do
	command -v "$tool" >/dev/null || die "$tool not found"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/haven-chronology.XXXXXX")
pid=""
cleanup() {
	if [[ -n $pid ]]; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

echo "# A child's chronology at national scale ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo), $("$bin" --version 2>/dev/null | head -1)"
db=$tmp/haven.db
"$bin" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "haven init failed"; }
start=$(date +%s)
sqlite3 -bail "$db" -cmd ".parameter set :children $children" <"$repo/bench/chronology-data.sql" >/dev/null ||
	die "the generator failed"
echo "data: $children children, each in an incident; child 1 has 1,000 events; generated in $(($(date +%s) - start)) s"

port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$bin" serve --db "$db" --listen "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 600); do
	[[ $(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$port/readyz" || true) == 200 ]] && break
	kill -0 "$pid" 2>/dev/null || { cat "$tmp/serve.log" >&2; die "haven serve stopped"; }
	sleep 0.1
done
echo

node "$repo/bench/chronology.mjs" "http://127.0.0.1:$port"

kill -TERM "$pid"
code=0
wait "$pid" || code=$?
pid=""
[[ $code == 0 ]] || die "haven serve exited with $code"
