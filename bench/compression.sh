#!/usr/bin/env bash
# Compression (issue 16, point 13): for the assets (compressed at build
# time) and a signed-in page and a JSON list (compressed per answer), the
# bytes sent with no compression, gzip and brotli, and requests a second
# with wrk for each coding as a ratio of GET /healthz in the same run. Prints
# markdown; results in docs/performance.md.
#
# Usage: bench/compression.sh
# Environment:
#   HAVEN_BIN        haven binary                 (default: <repo>/build/haven)
#   BENCH_SECONDS    seconds of wrk per measure   (default: 5)
#   BENCH_CONNS      wrk connections              (default: 8)
#
# Everything is the demo partnership's (fictional), the database is in a
# temporary directory, and all traffic goes to 127.0.0.1.

set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seconds=${BENCH_SECONDS:-5}
conns=${BENCH_CONNS:-8}

bench_start compression wrk node

"$bin" init --db "$tmp/haven.db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "haven init failed"; }
bench_serve "$tmp/haven.db"
url=$base
token=$(bench_token dsl@demo.haven.example)

# requests a second for PATH with the headers after it
rate() {
	local path=$1
	shift
	local args=()
	for h in "$@"; do args+=(-H "$h"); done
	wrk -t2 -c"$conns" -d"${seconds}s" "${args[@]}" "$url$path" | awk '/Requests\/sec/ {print $2}'
}
bytes() {
	local path=$1
	shift
	local args=()
	for h in "$@"; do args+=(-H "$h"); done
	curl -s -o /dev/null -w '%{size_download}' "${args[@]}" "$url$path"
}

echo "# Compression ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo
echo "machine: $(nproc) CPUs, $("$bin" --version 2>/dev/null | head -1); wrk -t2 -c$conns -d${seconds}s each"
echo
healthz=$(rate /healthz)
echo "GET /healthz: $healthz requests/s (the baseline, 1.00)"
echo
echo "| answer | coding | bytes | requests/s | vs /healthz |"
echo "|---|---|---:|---:|---:|"
auth="Authorization: Bearer $token"
own="Sec-Fetch-Site: same-origin"
for row in "/assets/haven.css|" "/assets/govuk-frontend.min.js|" "/dashboard|$auth" "/api/v1/agencies|$auth"; do
	path=${row%%|*}
	extra=${row#*|}
	for coding in identity gzip br; do
		headers=("Accept-Encoding: $coding")
		[[ -n $extra ]] && headers+=("$extra" "$own")
		size=$(bytes "$path" "${headers[@]}")
		r=$(rate "$path" "${headers[@]}")
		ratio=$(node -e "console.log(($r / $healthz).toFixed(2))")
		echo "| \`GET $path\` | $coding | $size | $r | $ratio |"
	done
done
