#!/usr/bin/env bash
# Haven benchmark at national scale: every list a person uses daily, page and
# API, against a register of national size. Fills a copy of a demo database
# with bench/scale-data.sql (1,000,000 children, 1,500,000 incidents, 20,000
# users, requests for support, and an audit trail of 100,000 rows a day),
# starts haven on it, and reports for each list the p50/p95 time and the
# bytes of the response, signed in as the demo role that uses it, beside
# GET /healthz in the same run; then the server's memory (RSS) while 16 such
# requests run at once. Results: docs/performance.md.
#
# Usage: bench/scale.sh
# Environment (defaults are the national sizes):
#   HAVEN_BIN            haven binary                      (default: <repo>/build/haven)
#   SCALE_CHILDREN       children on the register          (default: 1000000)
#   SCALE_INCIDENTS      domestic abuse incidents           (default: 1500000)
#   SCALE_USERS          user accounts                      (default: 20000)
#   SCALE_SUPPORT        requests for support               (default: 100000)
#   SCALE_AUDIT_DAYS     days of audit trail                (default: 365)
#   SCALE_AUDIT_PER_DAY  audit rows a day                   (default: 100000)
#   SCALE_REQUESTS       measured requests per list         (default: 30)
#   SCALE_ONLY           a regular expression: only the lists whose path matches (no memory phase)
#   SCALE_DB             a database this script made before: measure it, generate nothing
#   SCALE_KEEP           a path to keep the generated database at (its key file beside it), for SCALE_DB next time
#
# Everything is fictional, the database is in a temporary directory, and all
# traffic goes to 127.0.0.1.

set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
children=${SCALE_CHILDREN:-1000000}
incidents=${SCALE_INCIDENTS:-1500000}
users=${SCALE_USERS:-20000}
support=${SCALE_SUPPORT:-100000}
audit_days=${SCALE_AUDIT_DAYS:-365}
audit_per_day=${SCALE_AUDIT_PER_DAY:-100000}

bench_start scale sqlite3 node

echo "# Haven at national scale ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo), $("$bin" --version 2>/dev/null | head -1)"

db=$tmp/haven.db
if [[ -n ${SCALE_DB:-} ]]; then
	[[ -f $SCALE_DB ]] || die "SCALE_DB=$SCALE_DB is not a file"
	db=$SCALE_DB
	echo "data: $SCALE_DB, as made before (nothing generated)"
else
	"$bin" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "haven init failed"; }
	echo "data: $children children, $incidents incidents, $users users, $support requests for support," \
		"$audit_per_day audit rows a day for $audit_days days"
	start=$(date +%s)
	sqlite3 -bail "$db" \
		-cmd ".parameter set :children $children" -cmd ".parameter set :incidents $incidents" \
		-cmd ".parameter set :users $users" -cmd ".parameter set :support $support" \
		-cmd ".parameter set :audit_days $audit_days" -cmd ".parameter set :audit_per_day $audit_per_day" \
		<"$repo/bench/scale-data.sql" >/dev/null || die "the generator failed"
	echo "generated in $(($(date +%s) - start)) s; database $(du -h "$db" | cut -f1)"
	if [[ -n ${SCALE_KEEP:-} ]]; then
		# the key file goes with it: haven serve will not open a database without its key (auth/keys.h)
		cp "$db" "$SCALE_KEEP"
		cp -p "$db.key" "$SCALE_KEEP.key"
		echo "kept at $SCALE_KEEP (and its key file, $SCALE_KEEP.key)"
	fi
fi

bench_serve "$db"
echo "server: pid $pid, RSS after start $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status")"
echo

node "$repo/bench/scale.mjs" "$base" "$pid"

bench_stop
