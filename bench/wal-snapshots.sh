#!/usr/bin/env bash
# bench/wal-snapshots.sh — the write-ahead log under slow requests' snapshots
# on SQLite: steady audited reads (each commits an audit row) with, at the
# same time, loops of Haven's slowest requests (sign-ins, whose password hash
# is slow by design, and the annual report's JSON and PDF) overlapping so one
# is nearly always running. Every second it samples the -wal file's size, the
# frames in use (mxFrame), the frames checkpointed (nBackfill), the WAL's
# restarts (its header's checkpoint sequence) and the server's memory; at the
# end it prints the samples' summary and the load's counts.
#
# A reader's snapshot stops the checkpoint copying past it, and the WAL starts
# again from its beginning only when no reader needs it: if some request
# always holds a snapshot, the WAL grows for as long. This measures how much.
#
# By hand, not in `make bench` (minutes). It builds nothing:
#   WAL_DB=/path/to/copy/of/a.db bench/wal-snapshots.sh
# Settings:
#   WAL_DB                 the database to serve a copy of (its key file and
#                          documents beside it; default: a fresh demo one)
#   WAL_SECONDS            how long the load runs                       (180)
#   WAL_READ_CONNECTIONS   wrk connections of audited reads               (8)
#   WAL_CHILD              the child the police officer reads             (2)
#   WAL_SIGN_INS           sign-in loops at once, each its own account    (2)
#   WAL_REPORTS            annual report loops at once (JSON, then PDF)   (1)
#   WAL_YEAR               the report's year                        (2025-26)
#   WAL_SAMPLES            write the per-second samples here (default: none)
#   BENCH_PORT             the port to serve on (default: a free one)
#   HAVEN_BIN, HAVEN_SERVE_ARGS as in bench/README.md
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
seconds=${WAL_SECONDS:-180}
read_connections=${WAL_READ_CONNECTIONS:-8}
child=${WAL_CHILD:-2}
sign_ins=${WAL_SIGN_INS:-2}
reports=${WAL_REPORTS:-1}
year=${WAL_YEAR:-2025-26}

bench_start wal-snapshots wrk python3

db=$tmp/haven.db
if [[ -n ${WAL_DB:-} ]]; then
	[[ -f $WAL_DB && -f $WAL_DB.key ]] || die "WAL_DB: no database and key file at $WAL_DB"
	cp "$WAL_DB" "$db"
	cp -p "$WAL_DB.key" "$db.key"
	[[ ! -d $WAL_DB.documents ]] || cp -a "$WAL_DB.documents" "$db.documents"
else
	"$bin" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "haven init failed"; }
fi

echo "# The write-ahead log under slow requests' snapshots"
echo
bench_about
echo "- load: ${seconds} s; audited reads of child $child on $read_connections connections (wrk);" \
	"$sign_ins sign-in loops; $reports annual report loops (year $year, JSON then PDF)"

# shellcheck disable=SC2086 # HAVEN_SERVE_ARGS is a list of arguments
bench_serve "$db" ${HAVEN_SERVE_ARGS:-}
police=$(bench_token police@demo.haven.example)
partnership=$(bench_token partnership@demo.haven.example)
code=$(curl -s -o /dev/null -w '%{http_code}' -H "authorization: Bearer $police" "$base/api/v1/children/$child")
[[ $code == 200 ]] || die "the audited read of child $child answered $code"
echo "- server: pid $pid, port $port"

# The slow loops run until $tmp/stop exists; each line of their logs is one request's status and seconds.
sign_in_loop() {
	local email=$1 log=$2
	until [[ -e $tmp/stop ]]; do
		curl -s -o /dev/null -m 60 -w '%{http_code} %{time_total}\n' -H 'content-type: application/json' \
			-d "{\"email\":\"$email\",\"password\":\"demo-password-for-haven\"}" "$base/api/v1/session" >>"$log" || true
	done
}
report_loop() {
	local log=$1 path
	until [[ -e $tmp/stop ]]; do
		for path in "/api/v1/reports/annual?year=$year" "/reports/annual.pdf?year=$year"; do
			curl -s -o /dev/null -m 300 -w "%{http_code} %{time_total} $path\n" \
				-H "authorization: Bearer $partnership" "$base$path" >>"$log" || true
		done
	done
}

accounts=(dsl@demo.haven.example idva@demo.haven.example frontdoor@demo.haven.example
	practitioner@demo.haven.example dsl2@demo.haven.example idva2@demo.haven.example)
loops=()
for i in $(seq 1 "$sign_ins"); do
	sign_in_loop "${accounts[$(((i - 1) % ${#accounts[@]}))]}" "$tmp/sign-ins.log" &
	loops+=($!)
done
for _ in $(seq 1 "$reports"); do
	report_loop "$tmp/reports.log" &
	loops+=($!)
done
wrk -t1 -c"$read_connections" -d"${seconds}s" --latency --timeout 30s \
	-H "authorization: Bearer $police" "$base/api/v1/children/$child" >"$tmp/wrk.txt" &
wrk_pid=$!

# Samples every second while wrk runs: seconds, -wal bytes, mxFrame, nBackfill, the WAL's checkpoint
# sequence (one more at each restart), VmRSS kB. The -shm's header is the WAL index (native byte order:
# mxFrame at 16, nBackfill at 96); the -wal's header is big-endian (the sequence at 12).
python3 - "$db" "$pid" "$wrk_pid" >"$tmp/samples.txt" <<'EOF'
import os, struct, sys, time
db, pid, wrk = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = time.monotonic()
def read(path, n):
    try:
        with open(path, 'rb') as f:
            return f.read(n)
    except OSError:
        return b''
while True:
    try:
        os.kill(wrk, 0)
    except OSError:
        break
    shm, wal = read(db + '-shm', 136), read(db + '-wal', 32)
    mx, backfill = (struct.unpack_from('=I', shm, 16)[0], struct.unpack_from('=I', shm, 96)[0]) if len(shm) >= 100 else (0, 0)
    seq = struct.unpack_from('>I', wal, 12)[0] if len(wal) >= 16 else 0
    try:
        size = os.path.getsize(db + '-wal')
    except OSError:
        size = 0
    rss = 0
    for line in read('/proc/%s/status' % pid, 4096).decode().splitlines():
        if line.startswith('VmRSS:'):
            rss = int(line.split()[1])
    print('%.0f %d %d %d %d %d' % (time.monotonic() - start, size, mx, backfill, seq, rss), flush=True)
    time.sleep(1 - (time.monotonic() - start) % 1)
EOF
wait "$wrk_pid"
touch "$tmp/stop"
wait "${loops[@]}" 2>/dev/null || true
curl -s "$base/metrics" >"$tmp/metrics.txt" || true
[[ -z ${WAL_SAMPLES:-} ]] || cp "$tmp/samples.txt" "$WAL_SAMPLES"

echo
echo "## The load"
echo
echo "- audited reads: $(awk '/requests in/ {print $1}' "$tmp/wrk.txt"), p50 $(bench_wrk_ms "$tmp/wrk.txt" 50%) ms," \
	"p99 $(bench_wrk_ms "$tmp/wrk.txt" 99%) ms, errors $(bench_wrk_errors "$tmp/wrk.txt")"
awk '{n++; if ($1 == 200 || $1 == 201) ok++; t += $2; if ($2 > m) m = $2}
	END {printf "- sign-ins: %d (%d answered 2xx), mean %.3f s, longest %.3f s\n", n, ok, n ? t / n : 0, m}' \
	"$tmp/sign-ins.log" 2>/dev/null || echo "- sign-ins: none"
awk '{n[$3]++; if ($1 == 200) ok[$3]++; t[$3] += $2; if ($2 > m[$3]) m[$3] = $2}
	END {for (p in n) printf "- %s: %d (%d answered 200), mean %.2f s, longest %.2f s\n", p, n[p], ok[p], t[p] / n[p], m[p]}' \
	"$tmp/reports.log" 2>/dev/null || echo "- reports: none"
echo "- writer: $(awk '/^haven_store_writer_transactions_total/ {t = $2} /^haven_store_writer_units_total/ {u = $2}
	END {printf "%d transactions, %d units", t, u}' "$tmp/metrics.txt")"

echo
echo "## The write-ahead log and memory (sampled every second)"
echo
awk '{
	n++; s[n] = $1; size[n] = $2; mx[n] = $3; seq[n] = $5; rss[n] = $6
	if ($2 > maxsize) maxsize = $2; if ($3 > maxmx) maxmx = $3; if ($6 > maxrss) maxrss = $6
	if (n > 1 && $5 != seq[n - 1]) restarts++
	if (n > 1 && $5 == seq[n - 1]) { run++; if (run > longest) longest = run } else run = 0
}
END {
	printf "| second | -wal MB | frames in use | restarts so far | RSS MB |\n|---:|---:|---:|---:|---:|\n"
	for (q = 1; q <= 8; q++) { i = int(n * q / 8); if (i < 1) i = 1
		printf "| %d | %.1f | %d | %d | %.0f |\n", s[i], size[i] / 1048576, mx[i], seq[i] - seq[1], rss[i] / 1024 }
	printf "\n- -wal file: largest %.1f MB, at the end %.1f MB; frames in use at most %d (%.1f MB of 4 kB pages)\n",
		maxsize / 1048576, size[n] / 1048576, maxmx, maxmx * 4096 / 1048576
	printf "- the WAL started again from its beginning in %d of %d seconds; the longest run of seconds without: %d\n",
		restarts, n - 1, longest
	printf "- RSS: first %.0f MB, largest %.0f MB, last %.0f MB\n", rss[1] / 1024, maxrss / 1024, rss[n] / 1024
}' "$tmp/samples.txt"

bench_stop
