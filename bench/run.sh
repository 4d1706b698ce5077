#!/usr/bin/env bash
# Haven HTTP benchmark: starts build/haven on a fresh demo database on a free
# loopback port, runs wrk against a few endpoints and prints a markdown table
# of throughput and latency, with each endpoint's throughput as a ratio of the
# GET /healthz baseline measured in the same run. Builds nothing; stops the
# server itself. Traffic goes to 127.0.0.1 only, and every wrk run is bounded.
#
# Usage: bench/run.sh            (from anywhere; see bench/README.md)
# Environment:
#   HAVEN_BIN         haven binary            (default: <repo>/build/haven)
#   BENCH_THREADS     wrk threads             (default: 2)
#   BENCH_CONNECTIONS wrk connections         (default: 32)
#   BENCH_DURATION    wrk duration per endpoint (default: 10s)
#   BENCH_WARMUP      warm-up per endpoint, not reported (default: 2s; 0 = none)
#   BENCH_ENDPOINTS   space-separated paths   (default: "/healthz / /agencies";
#                     the first one is the baseline)
#   BENCH_AUDIT_CONNECTIONS  connection counts for the audited read, each
#                     beside GET /healthz at the same count (default: 64;
#                     "64 1000" for both; over 100 the server's
#                     --max-connections and --max-per-ip are raised to fit)
#   HAVEN_SERVE_ARGS  extra arguments for `haven serve` (word-split)

set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-32}
duration=${BENCH_DURATION:-10s}
warmup=${BENCH_WARMUP:-2s}
read -r -a endpoints <<<"${BENCH_ENDPOINTS:-/healthz / /agencies}"
read -r -a serve_args <<<"${HAVEN_SERVE_ARGS:-}"
read -r -a audit_conn_counts <<<"${BENCH_AUDIT_CONNECTIONS:-64}"
most_audit_conns=$(printf '%s\n' "${audit_conn_counts[@]}" | sort -n | tail -n 1)
# One client address holding more than the server's per-address default
# (100) would be refused, not measured: room for them all, and a tenth more
# (the guard evicts idle connections from a tenth below the limit).
if ((most_audit_conns > 100)); then
	room=$((most_audit_conns * 2))
	serve_args+=(--max-connections "$room" --max-per-ip "$room")
	ulimit -n "$((room + 1024))" 2>/dev/null || true
fi
((${#endpoints[@]} > 0)) || die "no endpoints"

bench_start bench wrk sqlite3
trap 'exit 130' INT
trap 'exit 143' TERM

# The HTTP status of GET $1 on the server, or nothing if no answer.
http_status() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$base$1" || true; }

# Convert a wrk duration (e.g. 812.00us, 1.20ms, 2.01s, 1.00m) to milliseconds.
to_ms() {
	awk -v v="$1" 'BEGIN {
		n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000
		else if (u == "m") n *= 60000; else if (u == "h") n *= 3600000
		printf "%.2f", n
	}'
}

# ---------------------------------------------------------------------------
# machine and build
# ---------------------------------------------------------------------------
echo "## Haven benchmark"
echo
bench_about
echo "- wrk: $(wrk -v 2>&1 | head -n 1 | awk '{print $2}'), -t$threads -c$connections -d$duration --latency (warm-up $warmup per endpoint); wrk and haven share the machine"
echo

# ---------------------------------------------------------------------------
# server
# ---------------------------------------------------------------------------
db=$tmp/haven.db
"$bin" init --db "$db" --demo >"$tmp/init.log" 2>&1 ||
	{ cat "$tmp/init.log" >&2; die "haven init --demo failed"; }
bench_serve "$db" "${serve_args[@]}"

# Each endpoint should answer 200 before it is measured: a benchmark of an
# error page would mislead.
for ep in "${endpoints[@]}"; do
	st=$(http_status "$ep")
	[[ $st == 200 ]] || echo "bench: warning: GET $ep answers ${st:-nothing}, not 200" >&2
done

# Report a failure with what the server said, and stop.
server_failed() {
	echo "bench: $1" >&2
	if kill -0 "$pid" 2>/dev/null; then
		echo "bench: haven (pid $pid) is still running" >&2
	else
		local code=0
		wait "$pid" || code=$?
		pid=""
		echo "bench: haven exited with status $code" >&2
	fi
	echo "bench: haven's stderr (last 10 lines that are not access-log lines, then the last 5):" >&2
	grep -v '"event":"request"' "$tmp/serve.err" | tail -n 10 >&2 || true
	tail -n 5 "$tmp/serve.err" >&2
	exit 1
}

# ---------------------------------------------------------------------------
# measurements
# ---------------------------------------------------------------------------
declare -A rps p50 p90 p99 errs
for ep in "${endpoints[@]}"; do
	url="$base$ep"
	if [[ $warmup != 0 && $warmup != 0s ]]; then
		wrk -t"$threads" -c"$connections" -d"$warmup" --timeout 5s "$url" >/dev/null ||
			server_failed "wrk warm-up failed on GET $ep"
	fi
	out=$tmp/wrk$(echo "$ep" | tr -c 'a-zA-Z0-9\n' '_').txt
	wrk -t"$threads" -c"$connections" -d"$duration" --timeout 5s --latency "$url" >"$out" ||
		server_failed "wrk failed on GET $ep"
	kill -0 "$pid" 2>/dev/null || server_failed "haven died during GET $ep"
	rps[$ep]=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")
	p50[$ep]=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
	p90[$ep]=$(to_ms "$(awk '$1 == "90%" {print $2}' "$out")")
	p99[$ep]=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
	sockerr=$(awk '/Socket errors:/ {
		s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i; print s }' "$out")
	errs[$ep]=$((${non2xx:-0} + ${sockerr:-0}))
	if [[ -z ${rps[$ep]} ]]; then
		cat "$out" >&2
		die "could not read wrk output for $ep"
	fi
done

baseline=${endpoints[0]}
echo "| endpoint | requests/s | p50 ms | p90 ms | p99 ms | errors | ratio to GET $baseline |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for ep in "${endpoints[@]}"; do
	ratio=$(awk -v a="${rps[$ep]}" -v b="${rps[$baseline]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
	echo "| GET $ep | ${rps[$ep]} | ${p50[$ep]} | ${p90[$ep]} | ${p99[$ep]} | ${errs[$ep]} | $ratio |"
done
echo
echo "errors = non-2xx/3xx responses + socket errors (connect, read, write, timeout)."

# ---------------------------------------------------------------------------
# an audited, authenticated read: every request commits an audit row (hash
# chained, synchronous=FULL) before it is answered. Measured at each count of
# BENCH_AUDIT_CONNECTIONS beside GET /healthz at the same count from the same
# run, with the server's resident memory (the most sampled during the run) and
# the CPU time it used for each request answered.
# ---------------------------------------------------------------------------
token=$(bench_token police@demo.haven.example)
audited=/api/v1/children/2
[[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base$audited") == 200 ]] ||
	server_failed "GET $audited is not 200 for the demo police user"
audit_rows() { sqlite3 "file:$db?mode=ro" "SELECT count(*) FROM audit_log" 2>/dev/null || echo 0; }
# The server's resident memory in MB now.
rss_mb() { awk '/^VmRSS:/ {printf "%.0f\n", $2 / 1024}' "/proc/$pid/status" 2>/dev/null || echo 0; }
# The CPU time the server has used (user + system), in clock ticks: its cost
# per request moves much less than requests/s on a machine shared with other work.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0; }
ticks_per_second=$(getconf CLK_TCK)
declare -A arps ap50 ap99 aerrs arss acpu
for conns in "${audit_conn_counts[@]}"; do
	for ep in /healthz "$audited"; do
		key="$conns $ep"
		out=$tmp/audit$conns$(echo "$ep" | tr -c 'a-zA-Z0-9\n' '_').txt
		before=$(audit_rows)
		(while kill -0 "$pid" 2>/dev/null; do rss_mb; sleep 0.2; done) >"$tmp/rss.txt" &
		sampler=$!
		cpu_before=$(cpu_ticks)
		wrk -t"$threads" -c"$conns" -d"$duration" --timeout 5s --latency \
			-H "Authorization: Bearer $token" "$base$ep" >"$out" ||
			server_failed "wrk failed on GET $ep"
		cpu_after=$(cpu_ticks)
		kill "$sampler" 2>/dev/null || true
		wait "$sampler" 2>/dev/null || true
		after=$(audit_rows)
		arps[$key]=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$out")
		ap50[$key]=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
		ap99[$key]=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
		non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
		sockerr=$(awk '/Socket errors:/ {
			s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i; print s }' "$out")
		aerrs[$key]=$((${non2xx:-0} + ${sockerr:-0}))
		arss[$key]=$(sort -n "$tmp/rss.txt" | tail -n 1)
		requests=$(awk '/requests in/ {print $1}' "$out")
		acpu[$key]=$(awk -v t=$((cpu_after - cpu_before)) -v hz="$ticks_per_second" -v n="$requests" \
			'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "n/a" }')
		echo "GET $ep at -c$conns: $requests requests, audit rows added: $((after - before))"
	done
done
echo
echo "| endpoint (bearer token) | connections | requests/s | p50 ms | p99 ms | errors | ratio to GET /healthz | haven RSS MB | haven CPU µs a request |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for conns in "${audit_conn_counts[@]}"; do
	for ep in /healthz "$audited"; do
		key="$conns $ep"
		ratio=$(awk -v a="${arps[$key]}" -v b="${arps[$conns /healthz]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')
		echo "| GET $ep | $conns | ${arps[$key]} | ${ap50[$key]} | ${ap99[$key]} | ${aerrs[$key]} | $ratio | ${arss[$key]} | ${acpu[$key]} |"
	done
done
echo

bench_stop
echo "haven stopped cleanly (exit 0 on SIGTERM)."
