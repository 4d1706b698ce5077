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
#   HAVEN_SERVE_ARGS  extra arguments for `haven serve` (word-split)
#
# The audited read (bearer token, durable audit row) on SQLite and on
# PostgreSQL is bench/audited-read.sh.

set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-32}
duration=${BENCH_DURATION:-10s}
warmup=${BENCH_WARMUP:-2s}
read -r -a endpoints <<<"${BENCH_ENDPOINTS:-/healthz / /agencies}"
read -r -a serve_args <<<"${HAVEN_SERVE_ARGS:-}"
((${#endpoints[@]} > 0)) || die "no endpoints"

bench_start bench wrk
trap 'exit 130' INT
trap 'exit 143' TERM

# The HTTP status of GET $1 on the server, or nothing if no answer.
http_status() { curl -s -o /dev/null -m 2 -w '%{http_code}' "$base$1" || true; }

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
	p50[$ep]=$(bench_wrk_ms "$out" 50%)
	p90[$ep]=$(bench_wrk_ms "$out" 90%)
	p99[$ep]=$(bench_wrk_ms "$out" 99%)
	errs[$ep]=$(bench_wrk_errors "$out")
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

bench_stop
echo "haven stopped cleanly (exit 0 on SIGTERM)."
