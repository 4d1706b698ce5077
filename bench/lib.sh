# bench/lib.sh — what every benchmark script starts and ends with, sourced
# (`. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"`): find the haven binary, check
# the tools, make a temporary directory removed on exit, start `haven serve`
# on a free loopback port and wait until it is ready, sign a demo account in,
# describe the machine, and stop the server checking it exits cleanly.
#
# It also reads wrk's reports (bench_wrk_ms, bench_wrk_errors).
#
# After bench_start and bench_serve a script has: $repo, $bin, $tmp, $port,
# $base (http://127.0.0.1:PORT) and $pid. The server's stdout and stderr are
# in $tmp/serve.out and $tmp/serve.err. Everything is synthetic and all
# traffic goes to 127.0.0.1.

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${HAVEN_BIN:-$repo/build/haven}
tmp=""
pid=""

die() {
	echo "bench: $*" >&2
	exit 1
}

# The server (if running) is stopped and the temporary directory removed,
# however the script ends.
bench_cleanup() {
	if [[ -n $pid ]]; then
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	[[ -z $tmp ]] || rm -rf "$tmp"
}

# bench_start NAME TOOL...: checks the binary and each tool, and makes $tmp
# (haven-NAME.XXXXXX in $TMPDIR).
bench_start() {
	local name=$1 tool
	shift
	[[ -x $bin ]] || die "haven binary not found at $bin (build it first, or set HAVEN_BIN)"
	for tool in curl "$@"; do
		command -v "$tool" >/dev/null || die "$tool not found"
	done
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/haven-$name.XXXXXX")
	trap bench_cleanup EXIT
}

# bench_serve DB [ARG...]: `haven serve --db DB ARG...` on a free port of
# 127.0.0.1 (or on BENCH_PORT, if set); returns once /readyz answers 200 (dies if the server exits first,
# showing what it said).
bench_serve() {
	local db=$1
	shift
	port=${BENCH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')}
	base=http://127.0.0.1:$port
	"$bin" serve --db "$db" --listen "127.0.0.1:$port" "$@" >"$tmp/serve.out" 2>"$tmp/serve.err" &
	pid=$!
	for _ in $(seq 1 1200); do
		[[ $(curl -s -o /dev/null -m 2 -w '%{http_code}' "$base/readyz" || true) == 200 ]] && return 0
		kill -0 "$pid" 2>/dev/null || {
			cat "$tmp/serve.err" >&2
			pid=""
			die "haven serve exited before it was ready"
		}
		sleep 0.05
	done
	die "haven serve was not ready after a minute"
}

# bench_token EMAIL [PASSWORD]: signs the account EMAIL in over the API (with
# the demo accounts' password unless PASSWORD is given; no " or \ in either)
# and prints its bearer token (dies if it cannot).
bench_token() {
	local token
	token=$(curl -s -m 10 -H 'content-type: application/json' \
		-d "{\"email\":\"$1\",\"password\":\"${2:-demo-password-for-haven}\"}" "$base/api/v1/session" |
		sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
	[[ -n $token ]] || die "could not sign in as $1"
	echo "$token"
}

# bench_wrk_ms FILE PERCENTILE: wrk's latency at PERCENTILE ("50%", "99%")
# from its --latency report in FILE, in milliseconds (wrk writes 812.00us,
# 1.20ms, 2.01s, 1.00m).
bench_wrk_ms() {
	awk -v p="$2" '$1 == p {
		n = $2 + 0; u = $2; sub(/^[0-9.]+/, "", u)
		if (u == "us") n /= 1000; else if (u == "s") n *= 1000
		else if (u == "m") n *= 60000; else if (u == "h") n *= 3600000
		printf "%.2f", n
	}' "$1"
}

# bench_wrk_errors FILE: the non-2xx/3xx responses and socket errors
# (connect, read, write, timeout) in wrk's report in FILE, added up.
bench_wrk_errors() {
	awk '/Non-2xx or 3xx responses:/ { s += $NF }
		/Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i }
		END { print s + 0 }' "$1"
}

# bench_about: the report's opening lines, saying when, which haven and on
# what machine it was measured.
bench_about() {
	echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "- haven: $("$bin" --version 2>&1 | head -n 1)"
	echo "- machine: $(nproc) CPUs, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)," \
		"$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) memory, Linux $(uname -r)"
}

# bench_healthz: the baseline every figure is a ratio to, measured in the same
# run: GET /healthz with wrk (2 threads, 32 connections, 5 s); prints its
# requests a second.
bench_healthz() {
	wrk -t2 -c32 -d5s --timeout 5s "$base/healthz" >"$tmp/healthz.txt"
	awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$tmp/healthz.txt"
}

# bench_latency TOKEN PATH N: GET $base/PATH with the bearer TOKEN once,
# unmeasured, which must answer 200 (dies showing the server's last words
# otherwise), then N times one after another; prints the p50 and p95 of
# those N, in ms ("p50 p95").
bench_latency() {
	local token=$1 path=$2 n=$3 code
	code=$(curl -s -o /dev/null -m 120 -w '%{http_code}' -H "authorization: Bearer $token" "$base$path")
	[[ $code == 200 ]] || die "$path answered $code; the server said: $(tail -n 5 "$tmp/serve.err")"
	for _ in $(seq 1 "$n"); do
		curl -s -o /dev/null -m 120 -w '%{time_total}\n' -H "authorization: Bearer $token" "$base$path"
	done | sort -n | awk '{t[NR] = $1 * 1000} END {p50 = t[int((NR + 1) / 2)]; p95 = t[int(NR * 0.95 + 0.999)]; printf "%.2f %.2f\n", p50, p95}'
}

# bench_post_batches PATH TOKEN PARALLEL: POSTs each $tmp/batch-*.json to
# $base/PATH with the bearer TOKEN, PARALLEL at a time, each expected to answer
# 201 (dies naming the batch otherwise). Sets $batch_seconds to the time the
# whole set took.
bench_post_batches() {
	local path=$1 token=$2 parallel=$3 start end
	post_batch() {
		local code
		code=$(curl -s -o "$1.out" -w '%{http_code}' -H "Authorization: Bearer $BENCH_TOKEN" \
			-H 'Content-Type: application/json' --data-binary "@$1" "$BENCH_URL")
		[[ $code == 201 ]] || { echo "bench: $1 answered $code: $(head -c 300 "$1.out")" >&2; return 1; }
	}
	export -f post_batch
	start=$(date +%s.%N)
	ls "$tmp"/batch-*.json | BENCH_TOKEN=$token BENCH_URL=$base$path xargs -P "$parallel" -I{} bash -c 'post_batch {}' ||
		die "a batch failed"
	end=$(date +%s.%N)
	batch_seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
}

# bench_stop: stops the server (SIGTERM; SIGKILL if it has not exited 10 s
# later) and dies unless it exits cleanly (status 0), showing what it said.
bench_stop() {
	local p=$pid code=0
	pid=""
	kill -TERM "$p"
	for _ in $(seq 1 100); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$p" 2>/dev/null; then
		echo "bench: haven did not exit 10 s after SIGTERM; killing it" >&2
		kill -KILL "$p" 2>/dev/null || true
	fi
	wait "$p" || code=$?
	[[ $code == 0 ]] || { tail -n 20 "$tmp/serve.err" >&2; die "haven serve exited with $code"; }
}
