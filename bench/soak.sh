#!/usr/bin/env bash
# Haven soak: starts build/haven on a fresh demo database on a free loopback
# port and keeps a mixed load on it for SOAK_SECONDS with wrk: public reads
# (GET /agencies), audited reads of a child's record as a signed-in
# practitioner (each writes an audit row) and anonymous saves (POST
# /api/v1/feedback). Every SOAK_SAMPLE seconds it samples the server's
# resident memory (VmRSS) and the database's size, then prints the samples,
# the load's throughput and errors, and the RSS trend: the slope of a
# least-squares line through the samples of the second half (after warm-up),
# in MB per hour. A steady server's slope is near zero; a leak shows as a
# slope that stays up run after run. Builds nothing; stops the server
# itself. Traffic goes to 127.0.0.1 only.
#
# Usage: bench/soak.sh            (from anywhere; see bench/README.md)
# Environment:
#   HAVEN_BIN         haven binary                     (default: <repo>/build/haven)
#   SOAK_SECONDS      how long the load runs            (default: 300)
#   SOAK_SAMPLE       seconds between RSS samples       (default: 10)
#   SOAK_CONNECTIONS  wrk connections                   (default: 8)
#   SOAK_THREADS      wrk threads                       (default: 1)
#   HAVEN_SERVE_ARGS  extra arguments for `haven serve` (word-split)

set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

seconds=${SOAK_SECONDS:-300}
sample=${SOAK_SAMPLE:-10}
connections=${SOAK_CONNECTIONS:-8}
threads=${SOAK_THREADS:-1}
read -r -a serve_args <<<"${HAVEN_SERVE_ARGS:-}"

[[ $seconds =~ ^[0-9]+$ && $seconds -ge $((2 * sample)) ]] || die "SOAK_SECONDS must be a whole number, at least 2 x SOAK_SAMPLE"
[[ $sample =~ ^[0-9]+$ && $sample -ge 1 ]] || die "SOAK_SAMPLE must be a whole number of seconds, at least 1"

bench_start soak wrk
wrk_pid=""
trap '[[ -z $wrk_pid ]] || kill "$wrk_pid" 2>/dev/null; bench_cleanup' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }
db_kb() { du -ck "$tmp"/haven.db* | awk 'END {print $1}'; }

# ---------------------------------------------------------------------------
# server and a signed-in practitioner with a child to read
# ---------------------------------------------------------------------------
db=$tmp/haven.db
"$bin" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "haven init --demo failed"; }
bench_serve "$db" "${serve_args[@]}"

json_field() { node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>console.log(JSON.parse(s)[process.argv[1]]))' "$1"; }
token=$(bench_token practitioner@demo.haven.example)
child=$(curl -s -H 'content-type: application/json' -H "authorization: Bearer $token" \
	-d '{"given_name":"Soak","family_name":"Testchild","date_of_birth":"2016-03-04","la_code":889,"confirm_new":true}' \
	"$base/api/v1/children" | json_field id)
[[ $child =~ ^[0-9]+$ ]] || die "cannot add a child to read"

cat >"$tmp/mix.lua" <<'EOF'
-- 4 in 10 public reads, 3 audited reads, 3 saves
local token, child = os.getenv("SOAK_TOKEN"), os.getenv("SOAK_CHILD")
local n = 0
request = function()
	n = n + 1
	local k = n % 10
	if k < 4 then
		return wrk.format("GET", "/agencies")
	elseif k < 7 then
		return wrk.format("GET", "/api/v1/children/" .. child, { Authorization = "Bearer " .. token })
	end
	return wrk.format("POST", "/api/v1/feedback", { ["Content-Type"] = "application/json" },
		'{"satisfaction":"satisfied","comments":"soak"}')
end
EOF

# ---------------------------------------------------------------------------
# the load, and the samples
# ---------------------------------------------------------------------------
echo "## Haven soak"
echo
bench_about
echo "- load: wrk -t$threads -c$connections for ${seconds} s: 40% GET /agencies, 30% GET /api/v1/children/{id} (audited), 30% POST /api/v1/feedback"
echo

SOAK_TOKEN=$token SOAK_CHILD=$child wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 5s --latency \
	-s "$tmp/mix.lua" "$base" >"$tmp/wrk.txt" 2>&1 &
wrk_pid=$!

echo "| seconds | RSS MB | database MB |"
echo "|---:|---:|---:|"
start=$(date +%s)
: >"$tmp/samples"
while :; do
	kill -0 "$pid" 2>/dev/null || die "haven died during the soak (see its log)"
	now=$(($(date +%s) - start))
	rss=$(rss_kb)
	echo "$now $rss" >>"$tmp/samples"
	awk -v t="$now" -v r="$rss" -v d="$(db_kb)" 'BEGIN { printf "| %d | %.1f | %.1f |\n", t, r / 1024, d / 1024 }'
	((now >= seconds)) && break
	sleep "$sample"
	kill -0 "$wrk_pid" 2>/dev/null || { ((now + sample >= seconds)) || die "wrk stopped early: $(cat "$tmp/wrk.txt")"; }
done
wait "$wrk_pid" || die "wrk failed: $(cat "$tmp/wrk.txt")"
wrk_pid=""

echo
rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$tmp/wrk.txt")
total=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$tmp/wrk.txt")
sockerr=$(awk '/Socket errors:/ {s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i; print s}' "$tmp/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")
echo "- requests: ${total:-?} (${rps:-?}/s), p99 ${p99:-?}, errors: $((${non2xx:-0} + ${sockerr:-0})) (non-2xx or socket)"
awk -v half="$((seconds / 2))" '
	{ t[NR] = $1; r[NR] = $2 / 1024 }
	END {
		n = 0; sx = sy = sxx = sxy = 0; peak = 0
		for (i = 1; i <= NR; i++) {
			if (r[i] > peak) peak = r[i]
			if (t[i] < half) continue
			n++; sx += t[i]; sy += r[i]; sxx += t[i] * t[i]; sxy += t[i] * r[i]
		}
		slope = (n > 1 && n * sxx - sx * sx > 0) ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0
		printf "- RSS: %.1f MB at the start, %.1f MB at the end, %.1f MB at most\n", r[1], r[NR], peak
		printf "- RSS trend over the second half (%d samples): %+.1f MB per hour\n", n, slope * 3600
	}' "$tmp/samples"
errs=$((${non2xx:-0} + ${sockerr:-0}))
((errs == 0)) || echo "soak: warning: $errs requests failed" >&2
