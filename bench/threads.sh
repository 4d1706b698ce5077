#!/usr/bin/env bash
# Haven's worker threads (`haven serve --threads N`, issue 21): for each count
# of threads, on SQLite, the server's CPU time a request and its latency for
# GET /healthz, the audited read (a child's record, whose audit row is durable
# before its answer: the connection waits suspended, without a thread), saves
# alone (POST /api/v1/feedback: each holds its thread until its commit is
# durable) and a mixed load (audited reads and saves at once, half the
# connections each), so that one sees whether fewer threads starve saves or
# reads when every thread waits for a commit. The counts are alternated over
# rounds, every other round in the reverse order (a load that rises or falls
# during a round would otherwise favour the counts measured first): on a
# shared machine requests/s moves with everything else running, the CPU time
# a request much less. Builds nothing; stops the server itself.
# Traffic goes to 127.0.0.1 only, and every wrk run is bounded.
#
# Usage: bench/threads.sh     (from anywhere; by hand, not in `make bench`)
# Environment:
#   HAVEN_BIN              haven binary (default: <repo>/build/haven)
#   BENCH_SERVE_THREADS    the --threads counts (default: "2 4 8 16")
#   BENCH_ROUNDS           rounds over the counts (default: 2)
#   BENCH_CONNECTIONS      wrk connections for each measure (default: 64)
#   BENCH_DURATION         wrk duration of each measure (default: 5s)

set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

read -r -a counts <<<"${BENCH_SERVE_THREADS:-2 4 8 16}"
rounds=${BENCH_ROUNDS:-2}
conns=${BENCH_CONNECTIONS:-64}
duration=${BENCH_DURATION:-5s}
half=$((conns / 2))

bench_start threads wrk
ticks_per_second=$(getconf CLK_TCK)
server_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }

# One demo database, copied fresh for each server run.
"$bin" init --db "$tmp/demo.db" --demo >"$tmp/init.log" 2>&1 ||
	{ cat "$tmp/init.log" >&2; die "haven init --demo failed"; }
cat >"$tmp/save.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"satisfaction":"satisfied","comments":"threads bench"}'
EOF

echo "## Haven benchmark: worker threads on SQLite"
echo
bench_about
echo "- wrk: $(wrk -v 2>&1 | head -n 1 | awk '{print $2}'), -c$conns (mixed: $half reads + $half saves) -d$duration --latency; wrk and haven share the machine"
echo "- load average before: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo
echo "| round | --threads | measure | requests/s | p50 ms | p99 ms | errors | haven CPU µs a request |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|"

# row ROUND THREADS MEASURE WRK_REPORT TICKS REQUESTS
row() {
	local cpu
	cpu=$(awk -v t="$5" -v hz="$ticks_per_second" -v n="$6" \
		'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "n/a" }')
	echo "| $1 | $2 | $3 | $(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$4") | $(bench_wrk_ms "$4" 50%) |" \
		"$(bench_wrk_ms "$4" 99%) | $(bench_wrk_errors "$4") | $cpu |"
}
requests() { awk '/requests in/ {print $1}' "$1"; }

reversed=()
for ((i = ${#counts[@]} - 1; i >= 0; i--)); do reversed+=("${counts[i]}"); done
for round in $(seq 1 "$rounds"); do
	order=("${counts[@]}")
	((round % 2)) || order=("${reversed[@]}")
	for threads in "${order[@]}"; do
		rm -f "$tmp"/haven.db*
		cp "$tmp/demo.db" "$tmp/haven.db"
		cp "$tmp/demo.db.key" "$tmp/haven.db.key"
		bench_serve "$tmp/haven.db" --threads "$threads"
		token=$(bench_token police@demo.haven.example)
		read=$base/api/v1/children/2
		[[ $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$read") == 200 ]] ||
			die "the audited read is not 200 for the demo police officer"
		for measure in healthz audited saves; do
			case $measure in
			healthz) args=("$base/healthz") ;;
			audited) args=(-H "Authorization: Bearer $token" "$read") ;;
			saves) args=(-s "$tmp/save.lua" "$base/api/v1/feedback") ;;
			esac
			before=$(server_ticks)
			wrk -t2 -c"$conns" -d"$duration" --timeout 5s --latency "${args[@]}" >"$tmp/wrk.txt" ||
				die "wrk failed ($measure, --threads $threads)"
			row "$round" "$threads" "$measure" "$tmp/wrk.txt" $(($(server_ticks) - before)) "$(requests "$tmp/wrk.txt")"
		done
		before=$(server_ticks)
		wrk -t1 -c"$half" -d"$duration" --timeout 5s --latency -H "Authorization: Bearer $token" "$read" \
			>"$tmp/reads.txt" &
		reads=$!
		wrk -t1 -c"$half" -d"$duration" --timeout 5s --latency -s "$tmp/save.lua" "$base/api/v1/feedback" \
			>"$tmp/saves.txt" || die "wrk failed (mixed saves, --threads $threads)"
		wait "$reads" || die "wrk failed (mixed reads, --threads $threads)"
		ticks=$(($(server_ticks) - before))
		both=$(($(requests "$tmp/reads.txt") + $(requests "$tmp/saves.txt")))
		row "$round" "$threads" "mixed: audited reads" "$tmp/reads.txt" "$ticks" "$both"
		row "$round" "$threads" "mixed: saves" "$tmp/saves.txt" "$ticks" "$both"
		bench_stop
	done
done
echo
echo "errors = non-2xx/3xx responses + socket errors. CPU: haven's user + system time over the measure"
echo "(/proc/PID/stat) divided by the requests answered; for the mixed load, by reads and saves together."
echo "- load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)"
