#!/usr/bin/env bash
# A police force's own figures for one reporting year over several years of
# its incidents, on each backend: the demo partnership with FORCE_INCIDENTS
# incidents of the demo force spread evenly over the FORCE_YEARS reporting
# years to 2025-26, then the force's Operation Encompass and Operation Provide
# figures for 2025-26 (GET /api/v1/encompass/figures and
# /api/v1/provide/figures as the force's officer), each as a p50/p95 time and
# as a ratio of GET /healthz measured the same way in the same run. A force's
# figures are read from its incidents themselves, through the index by force
# and time (da_incidents_by_force), so a year's page should cost about a
# year's incidents, not the force's whole history: the ratio stays near flat
# as FORCE_YEARS grows. It also prints each engine's plan for the force's
# year (EXPLAIN QUERY PLAN, EXPLAIN), which must read the period as an index
# range on occurred_at (da_incidents_by_force; PostgreSQL may take
# da_incidents_by_time when every incident is the one force's).
# Prints markdown; results in docs/performance.md.
#
# Usage: bench/force-figures.sh     (by hand; see bench/README.md)
# Environment:
#   HAVEN_BIN          haven binary (default: <repo>/build/haven)
#   BENCH_BACKENDS     "sqlite postgresql" (default), or either alone; postgresql
#                      is skipped, saying so, without PostgreSQL's programs
#                      (PG_BIN, as scripts/pg-cluster.sh)
#   FORCE_INCIDENTS    the force's incidents          (default: 200000)
#   FORCE_YEARS        reporting years they span      (default: 10)
#   FORCE_REQUESTS     measured requests each         (default: 20)
#
# Everything is fictional, the databases are in temporary directories, and
# all traffic goes to 127.0.0.1.

set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
read -r -a backends <<<"${BENCH_BACKENDS:-sqlite postgresql}"
incidents=${FORCE_INCIDENTS:-200000}
years=${FORCE_YEARS:-10}
requests=${FORCE_REQUESTS:-20}
year="from=2025-04-01&to=2026-03-31"
pg_dir=""

bench_start force-figures sqlite3 python3
stop_cluster() {
	[[ -z $pg_dir ]] || "$repo/scripts/pg-cluster.sh" stop "$pg_dir" >/dev/null 2>&1 || true
	pg_dir=""
}
trap 'bench_cleanup; stop_cluster' EXIT

# The incidents as SQL both engines run: one transaction of 1,000-row INSERTs,
# incident i at an even step through the years, in UTC as Haven writes them.
python3 - "$incidents" "$years" >"$tmp/incidents.sql" <<'PY'
import sys, datetime
n, years = int(sys.argv[1]), int(sys.argv[2])
start = datetime.datetime(2026 - years, 3, 31, 23, tzinfo=datetime.timezone.utc)  # 1 April, London
span = (datetime.datetime(2026, 3, 31, 23, tzinfo=datetime.timezone.utc) - start).total_seconds()
force = "(SELECT agency_id FROM users WHERE email = 'police@demo.haven.example')"
print("BEGIN;")
for first in range(0, n, 1000):
    rows = []
    for i in range(first, min(n, first + 1000)):
        at = (start + datetime.timedelta(seconds=int(span * i / n))).strftime("%Y-%m-%dT%H:%M:%SZ")
        rows.append(f"('BENCH-F-{i}', '{at}', '1 Bench Row', {888 + i % 3}, 'standard',"
                    f" 'Bench incident.', 'api', '{at}', 'bench-{i}', {force})")
    print("INSERT INTO da_incidents (police_reference, occurred_at, location, la_code, risk_level,"
          " circumstances, source, received_at, content_hash, police_agency_id) VALUES")
    print(",\n".join(rows) + ";")
print("COMMIT;")
PY

# The force's year as the figures ask for it (FORCE_INCIDENTS, src/areas/encompass/store_sqlite.c),
# FORCE the force's id.
plan_sql="SELECT i.la_code, unixepoch(i.occurred_at) FROM da_incidents i WHERE i.police_agency_id = FORCE
 AND i.la_code IN (SELECT code FROM local_authorities)
 AND i.occurred_at >= '2025-03-31' AND i.occurred_at < '2026-04-02'
 AND unixepoch(i.occurred_at) >= 1743462000 AND unixepoch(i.occurred_at) < 1774998000"

echo "# A force's figures for one year over $incidents incidents in $years years"
echo
bench_about
echo
echo "| backend | request | p50 ms | p95 ms | p50 / healthz p50 |"
echo "|---|---|---:|---:|---:|"
plans=""
for backend in "${backends[@]}"; do
	case $backend in
	sqlite)
		db=$tmp/haven.db
		keyfile=$tmp/haven.db.key
		run_sql() { sqlite3 -bail "$db"; }
		run_read() { sqlite3 "$db" "$1"; }
		explain="EXPLAIN QUERY PLAN"
		analyze() { :; } # Haven runs no ANALYZE on SQLite
		;;
	postgresql)
		if [[ ! -x ${PG_BIN:-/usr/lib/postgresql/15/bin}/initdb ]]; then
			echo "bench: no PostgreSQL programs (PG_BIN); PostgreSQL not measured" >&2
			continue
		fi
		command -v psql >/dev/null || die "psql not found"
		pg_dir=$(mktemp -d /tmp/haven-pg.XXXXXX)
		db=$("$repo/scripts/pg-cluster.sh" start "$pg_dir")
		keyfile=$tmp/pg.key
		run_sql() { psql -q -v ON_ERROR_STOP=1 "$db"; }
		run_read() { psql -At "$db" -c "$1"; }
		explain=EXPLAIN
		# ANALYZE, as autovacuum would after such a load
		analyze() { psql -q "$db" -c "ANALYZE"; }
		;;
	*) die "unknown backend $backend (sqlite or postgresql)" ;;
	esac
	# in $tmp, as the server below: on PostgreSQL the documents' folder is where haven runs
	(cd "$tmp" && "$bin" init --db "$db" --key-file "$keyfile" --demo) >"$tmp/init.log" 2>&1 ||
		{ cat "$tmp/init.log" >&2; die "haven init on $backend failed"; }
	run_sql <"$tmp/incidents.sql" >/dev/null || die "loading the incidents on $backend failed"
	analyze >/dev/null
	force=$(run_read "SELECT agency_id FROM users WHERE email = 'police@demo.haven.example'")
	plans+=$'\n'"$backend:"$'\n'"$(run_read "$explain ${plan_sql/FORCE/$force}" | sed 's/^/    /')"$'\n'

	cd "$tmp"
	bench_serve "$db" --key-file "$keyfile"
	cd - >/dev/null
	token=$(bench_token police@demo.haven.example)
	read -r h50 h95 < <(bench_latency "$token" /healthz "$requests")
	echo "| $backend | GET /healthz (baseline) | $h50 | $h95 | 1 |"
	for path in "/api/v1/encompass/figures?$year" "/api/v1/provide/figures?$year"; do
		read -r p50 p95 < <(bench_latency "$token" "$path" "$requests")
		echo "| $backend | GET $path | $p50 | $p95 | $(awk -v a="$p50" -v b="$h50" 'BEGIN {printf "%.0f", a / b}') |"
	done
	bench_stop
	stop_cluster
done
echo
echo "The force's year, as each engine plans it (the period must be an index range on occurred_at):"
echo "$plans"
