#!/usr/bin/env bash
# Haven benchmark for a night's batch of missing episodes from the police:
# 1,000 episodes sent through POST /api/v1/missing-episodes in batches, each
# child matched to a children register of 2,000 (half the episodes are of
# children already on it, half of children Haven adds) and the local
# authority linked, all in the intake's units of work. Reports the time from
# the first request to the last batch committed (a response is only sent
# once its unit of work is durable), beside the GET /healthz throughput
# measured by wrk in the same run. Not part of CI: run it by hand.
#
# Usage: bench/missing-episodes.sh
# Environment:
#   HAVEN_BIN       haven binary                (default: <repo>/build/haven)
#   BENCH_EPISODES  episodes to send            (default: 1000)
#   BENCH_BATCH     episodes per request        (default: 100)
#   BENCH_PARALLEL  requests in flight at once  (default: 2)
#
# Everything synthetic and obviously fictional; the database is a fresh demo
# one in a temporary directory, and all traffic is to 127.0.0.1.

set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
episodes=${BENCH_EPISODES:-1000}
batch=${BENCH_BATCH:-100}
parallel=${BENCH_PARALLEL:-2}

bench_start missing-bench wrk sqlite3 python3

db=$tmp/haven.db
"$bin" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "haven init failed"; }

# ---- a synthetic register and the night's episodes ----
python3 - "$tmp" "$episodes" "$batch" <<'PY'
import json, os, sys
tmp, episodes, batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
syll = ["ba", "ke", "lo", "mi", "du", "ra", "ti", "no", "ve", "su", "ga", "pe", "zo", "hu", "wi", "fa", "ly", "dro", "kan", "mel"]
def name(i, parts):
    out = ""
    for _ in range(parts):
        out += syll[i % len(syll)]
        i //= len(syll)
    return out.capitalize()
def dob(c):
    return f"{2008 + c % 12}-{1 + (c // 12) % 12:02d}-{1 + (c // 144) % 28:02d}"
las = [888, 889, 890]
register = episodes * 2
with open(os.path.join(tmp, "setup.sql"), "w") as f:
    f.write("BEGIN;\n")
    for c in range(register):
        f.write(f"INSERT INTO children (id, given_name, family_name, date_of_birth, la_code) VALUES ({100000 + c}, "
                f"'{name(c, 2)}', '{name(c // 7 + 3, 3)}', '{dob(c)}', {las[c % 3]});\n")
    f.write("COMMIT;\n")
n = 0
for b in range(0, episodes, batch):
    items = []
    for i in range(b, min(b + batch, episodes)):
        c = 2 * i if i % 2 == 0 else register + i   # even: on the register; odd: a child Haven adds
        items.append({
            "police_reference": f"BENCH-MISS-{i:06d}",
            "given_name": name(c, 2), "family_name": name(c // 7 + 3, 3), "date_of_birth": dob(c),
            "la_code": las[c % 3],
            "reported_at": f"2025-11-{17 + i % 5:02d}T{18 + i % 5}:{i % 60:02d}:00Z",
            "risk_grading": ["low", "medium", "high"][i % 3],
            "missing_from": ["home", "care"][i % 2],
            "returned_at": f"2025-11-{18 + i % 5:02d}T07:{i % 60:02d}:00Z",
            "found_where": "A fictional place", "safe_and_well_check": True,
        })
    with open(os.path.join(tmp, f"batch-{n:05d}.json"), "w") as f:
        json.dump({"episodes": items}, f)
    n += 1
PY
sqlite3 "$db" <"$tmp/setup.sql" || die "loading the synthetic register failed"

bench_serve "$db"
token=$(bench_token police@demo.haven.example)

echo "## Missing episodes: a night's batch"
echo
bench_about
echo "- register: $((episodes * 2)) synthetic children; demo data besides"
echo "- sent: $episodes episodes, $batch a request, $parallel requests at a time"
echo

healthz=$(bench_healthz)

# ---- the batch ----
bench_post_batches /api/v1/missing-episodes "$token" "$parallel"

q() { sqlite3 "file:$db?mode=ro" "$1"; }
saved=$(q "SELECT count(*) FROM missing_episodes WHERE police_reference LIKE 'BENCH-MISS-%'")
matched=$(q "SELECT count(*) FROM missing_episodes WHERE police_reference LIKE 'BENCH-MISS-%' AND child_id IS NOT NULL")
[[ $saved == "$episodes" ]] || die "only $saved of $episodes episodes were saved"

seconds=$batch_seconds
awk -v s="$seconds" -v n="$episodes" -v m="$matched" -v h="$healthz" 'BEGIN {
	printf "| measure | value |\n|---|---:|\n"
	printf "| first request to last batch committed | %.2f s |\n", s
	printf "| episodes saved | %d (%.0f/s) |\n", n, n / s
	printf "| children matched or added to the register | %d |\n", m
	printf "| GET /healthz baseline (wrk -t2 -c32 -d5s, same run) | %d req/s |\n", h
	printf "| episodes per second as a ratio of /healthz requests per second | %.4f |\n", (n / s) / h
}'

bench_stop
