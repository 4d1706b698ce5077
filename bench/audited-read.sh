#!/usr/bin/env bash
# Haven's audited read at its limit, on each backend (issue 21): an
# authenticated JSON read of a child's record, whose audit row (hash chained)
# is durable before its answer is sent, measured with wrk beside GET /healthz
# at the same connection count in the same server run, on SQLite and on
# PostgreSQL (a throwaway cluster, scripts/pg-cluster.sh, reached over its
# unix socket). Prints one markdown table with the backend, the ratio to
# /healthz, the server's memory and the CPU time used for each request
# answered. Builds nothing;
# stops the servers and the cluster itself. Traffic goes to 127.0.0.1 only,
# and every wrk run is bounded.
#
# Each backend gets the same partnership, made as an operator would (not
# `init --demo`, which PostgreSQL does not load yet): a local authority area,
# two agencies and a police officer's account by the CLI, then a child added
# over the API by the officer (linked to the police and to the council), so
# the read is the same on both.
#
# Usage: bench/audited-read.sh     (from anywhere; see bench/README.md)
# Environment:
#   HAVEN_BIN                haven binary (default: <repo>/build/haven)
#   BENCH_BACKENDS           "sqlite postgresql" (default), or either alone;
#                            postgresql is skipped, saying so, without
#                            PostgreSQL's programs (PG_BIN, as pg-cluster.sh)
#   BENCH_THREADS            wrk threads (default: 2)
#   BENCH_DURATION           wrk duration per measure (default: 10s)
#   BENCH_AUDIT_CONNECTIONS  connection counts (default: "64 1000"); over 100
#                            the server's --max-connections and --max-per-ip
#                            are raised to fit
#   HAVEN_SERVE_ARGS         extra arguments for `haven serve` (word-split)

set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

threads=${BENCH_THREADS:-2}
duration=${BENCH_DURATION:-10s}
read -r -a backends <<<"${BENCH_BACKENDS:-sqlite postgresql}"
read -r -a conn_counts <<<"${BENCH_AUDIT_CONNECTIONS:-64 1000}"
read -r -a serve_args <<<"${HAVEN_SERVE_ARGS:-}"
most_conns=$(printf '%s\n' "${conn_counts[@]}" | sort -n | tail -n 1)
# One client address holding more than the server's per-address default
# (100) would be refused, not measured: room for them all, and as many again
# (the guard evicts idle connections from a tenth below the limit).
if ((most_conns > 100)); then
	room=$((most_conns * 2))
	serve_args+=(--max-connections "$room" --max-per-ip "$room")
	ulimit -n "$((room + 1024))" 2>/dev/null || true
fi
password='Q7v!rT9-kLm2#xW4-zp'
pg_dir=""

bench_start audited-read wrk sqlite3
# The cluster goes with the script however it ends (after the server, which
# bench_cleanup stops, so the server never loses its database under it).
stop_cluster() {
	[[ -z $pg_dir ]] || "$repo/scripts/pg-cluster.sh" stop "$pg_dir" >/dev/null 2>&1 || true
	pg_dir=""
}
trap 'bench_cleanup; stop_cluster' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The server's resident memory in MB now.
rss_mb() { awk '/^VmRSS:/ {printf "%.0f\n", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || echo 0; }
# CPU time (user + system, clock ticks) used by process $1, with its waited-for children's.
process_ticks() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# CPU time used by the cluster: its postmaster and every process it started.
cluster_ticks() {
	local postmaster total child
	[[ -n $pg_dir ]] || {
		echo 0
		return
	}
	postmaster=$(head -n 1 "$pg_dir/data/postmaster.pid")
	total=$(process_ticks "$postmaster")
	for child in $(pgrep -P "$postmaster"); do
		total=$((total + $(process_ticks "$child")))
	done
	echo "$total"
}
ticks_per_second=$(getconf CLK_TCK)
# The writer's units and transactions so far (/metrics, from loopback), as "UNITS TRANSACTIONS".
writer_counts() {
	curl -s -m 5 "$base/metrics" | awk '/^haven_store_writer_units_total / {u = $2}
		/^haven_store_writer_transactions_total / {t = $2} END {printf "%d %d\n", u, t}'
}

echo "## Haven benchmark: the audited read on each backend"
echo
bench_about
echo "- wrk: $(wrk -v 2>&1 | head -n 1 | awk '{print $2}'), -t$threads -d$duration --latency, bearer token; wrk, haven and PostgreSQL share the machine"
echo "- load average before: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo

# ---------------------------------------------------------------------------
# one backend: the partnership, the server, the measures
# ---------------------------------------------------------------------------
declare -A rps p50 p99 errs rss cpu dbcpu rows batch
ran=()
measure_backend() {
	local backend=$1 db keyfile
	case $backend in
	sqlite)
		db=$tmp/haven.db
		keyfile=$tmp/haven.db.key
		audit_rows() { sqlite3 "file:$db?mode=ro" "SELECT count(*) FROM audit_log" 2>/dev/null || echo 0; }
		;;
	postgresql)
		if [[ ! -x ${PG_BIN:-/usr/lib/postgresql/15/bin}/initdb ]]; then
			echo "bench: no PostgreSQL programs (PG_BIN); PostgreSQL not measured" >&2
			return 0
		fi
		command -v psql >/dev/null || die "psql not found"
		pg_dir=$(mktemp -d /tmp/haven-pg.XXXXXX)
		db=$("$repo/scripts/pg-cluster.sh" start "$pg_dir")
		# Over the cluster's unix socket (in its directory), as a server on
		# the same machine would be: the writer waits for each statement's
		# answer, and a socket's round trip is the shorter.
		db=$(echo "$db" | sed -E "s|@127\.0\.0\.1:([0-9]+)/haven\$|@/haven?host=$pg_dir\&port=\1|")
		keyfile=$tmp/pg.key
		audit_rows() { psql "$db" -Atc "SELECT count(*) FROM audit_log" 2>/dev/null || echo 0; }
		;;
	*) die "unknown backend $backend (sqlite or postgresql)" ;;
	esac
	"$bin" init --db "$db" --key-file "$keyfile" >"$tmp/init.log" 2>&1 ||
		{ cat "$tmp/init.log" >&2; die "haven init on $backend failed"; }
	{
		"$bin" la add --db "$db" --code 890 --name Blackpool
		"$bin" agency add --db "$db" --slug blackpool-council --type local_authority \
			--name "Blackpool Council" --la 890
		"$bin" agency add --db "$db" --slug bench-constabulary --type police --name "Bench Constabulary"
		echo "$password" | "$bin" user add --db "$db" --email officer@bench.example \
			--name "Bench Officer" --agency bench-constabulary --role police
	} >>"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "setting up the partnership on $backend failed"; }

	bench_serve "$db" --key-file "$keyfile" "${serve_args[@]}"
	local token child
	token=$(bench_token officer@bench.example "$password")
	child=$(curl -s -m 10 -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
		-d '{"given_name":"Sam","family_name":"Sample","date_of_birth":"2012-09-30","la_code":890,"sex":"male","postcode":"FY1 9ZZ"}' \
		"$base/api/v1/children" | sed -n 's/^{"id":\([0-9]*\),.*/\1/p')
	[[ -n $child ]] || die "could not add the child on $backend"
	local audited=/api/v1/children/$child
	[[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base$audited") == 200 ]] ||
		die "GET $audited is not 200 for the officer on $backend"

	local conns ep key out before after sampler cpu_before cpu_after db_before db_after requests
	local writer_before writer_after
	for conns in "${conn_counts[@]}"; do
		for ep in /healthz "$audited"; do
			key="$backend $conns $ep"
			out=$tmp/wrk-$backend-$conns$(echo "$ep" | tr -c 'a-zA-Z0-9\n' '_').txt
			before=$(audit_rows)
			(while kill -0 "$pid" 2>/dev/null; do rss_mb; sleep 0.2; done) >"$tmp/rss.txt" &
			sampler=$!
			cpu_before=$(process_ticks "$pid")
			db_before=$(cluster_ticks)
			writer_before=$(writer_counts)
			wrk -t"$threads" -c"$conns" -d"$duration" --timeout 5s --latency \
				-H "Authorization: Bearer $token" "$base$ep" >"$out" ||
				die "wrk failed on GET $ep ($backend)"
			cpu_after=$(process_ticks "$pid")
			db_after=$(cluster_ticks)
			writer_after=$(writer_counts)
			kill "$sampler" 2>/dev/null || true
			wait "$sampler" 2>/dev/null || true
			kill -0 "$pid" 2>/dev/null || die "haven died during GET $ep ($backend)"
			after=$(audit_rows)
			rps[$key]=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")
			p50[$key]=$(bench_wrk_ms "$out" 50%)
			p99[$key]=$(bench_wrk_ms "$out" 99%)
			errs[$key]=$(bench_wrk_errors "$out")
			rss[$key]=$(sort -n "$tmp/rss.txt" | tail -n 1)
			requests=$(awk '/requests in/ {print $1}' "$out")
			rows[$key]=$((after - before))
			# the group commit: how many units (audit rows) shared each writer transaction
			batch[$key]=$(echo "$writer_before $writer_after" | awk '{ t = $4 - $2
				if (t > 0) printf "%.1f", ($3 - $1) / t; else print "—" }')
			cpu[$key]=$(awk -v t=$((cpu_after - cpu_before)) -v hz="$ticks_per_second" -v n="$requests" \
				'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "n/a" }')
			if [[ $backend == postgresql ]]; then
				dbcpu[$key]=$(awk -v t=$((db_after - db_before)) -v hz="$ticks_per_second" -v n="$requests" \
					'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "n/a" }')
			else
				dbcpu[$key]="—"
			fi
			echo "$backend: GET $ep at -c$conns: $requests requests, audit rows added: ${rows[$key]}"
		done
	done
	audited_path[$backend]=$audited
	bench_stop
	stop_cluster
	ran+=("$backend")
}

declare -A audited_path
for backend in "${backends[@]}"; do
	measure_backend "$backend"
done
echo

echo "| backend | endpoint (bearer token) | connections | requests/s | p50 ms | p99 ms | errors | audit rows added | ratio to GET /healthz | haven RSS MB | units a commit | haven CPU µs a request | PostgreSQL CPU µs a request |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for backend in "${ran[@]}"; do
	for conns in "${conn_counts[@]}"; do
		for ep in /healthz "${audited_path[$backend]}"; do
			key="$backend $conns $ep"
			ratio=$(awk -v a="${rps[$key]}" -v b="${rps[$backend $conns /healthz]}" \
				'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
			echo "| $backend | GET $ep | $conns | ${rps[$key]} | ${p50[$key]} | ${p99[$key]} | ${errs[$key]} | ${rows[$key]} | $ratio | ${rss[$key]} | ${batch[$key]} | ${cpu[$key]} | ${dbcpu[$key]} |"
		done
	done
done
echo
echo "errors = non-2xx/3xx responses + socket errors; the ratio is to GET /healthz on the same backend, at the same"
echo "connection count, in the same server run. Audit rows added should match the audited requests (a few more:"
echo "reads in flight when wrk stopped). RSS: the most sampled every 0.2 s; CPU: user + system time over the run,"
echo "divided by the requests answered (PostgreSQL's: its postmaster and every backend). Units a commit: the"
echo "writer's units (audit rows) over its transactions during the run, from /metrics."
echo "- load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
