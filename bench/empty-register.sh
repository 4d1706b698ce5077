#!/usr/bin/env bash
# Haven benchmark for Operation Encompass on a new deployment (issue 14): a
# batch of incidents (default 1,000, one child each) sent through
# POST /api/v1/da-incidents to a register that holds none of their children,
# only the settings the police name by URN. Each child the police identified
# at a known setting is added to the register and notified at once
# ('registered'); every 25th is named with no setting and waits for a person.
# Reports the children notified automatically (%), the time from the first
# request to the last notification committed (a response is sent only once
# its unit of work is durable), and GET /healthz throughput measured by wrk in
# the same run, as a ratio. Not part of CI: run it by hand.
#
# Usage: bench/empty-register.sh
# Environment:
#   HAVEN_BIN        haven binary                 (default: <repo>/build/haven)
#   BENCH_INCIDENTS  incidents to send            (default: 1000; one child each)
#   BENCH_BATCH      incidents per request        (default: 100)
#   BENCH_PARALLEL   requests in flight at a time (default: 2)
#   BENCH_SCHOOLS    synthetic settings, each with one Key Adult (default: 100)
#
# Everything synthetic and obviously fictional, generated here (python3); the
# database is a fresh demo one in a temporary directory (its register's few
# demo children share no name and date of birth with the synthetic ones);
# all traffic is to 127.0.0.1.

set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
incidents=${BENCH_INCIDENTS:-1000}
batch=${BENCH_BATCH:-100}
parallel=${BENCH_PARALLEL:-2}
schools=${BENCH_SCHOOLS:-100}

bench_start empty-bench wrk sqlite3 python3

db=$tmp/haven.db
"$bin" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "haven init failed"; }

# ---- synthetic settings and incidents ----
python3 - "$tmp" "$incidents" "$batch" "$schools" <<'PY'
import json, os, sys
tmp, incidents, batch, schools = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
syll = ["ba", "ke", "lo", "mi", "du", "ra", "ti", "no", "ve", "su", "ga", "pe", "zo", "hu", "wi", "fa", "ly", "dro", "kan", "mel"]
def name(i, parts):
    out = ""
    for _ in range(parts):
        out += syll[i % len(syll)]
        i //= len(syll)
    return out.capitalize()
las = [888, 889, 890]
with open(os.path.join(tmp, "setup.sql"), "w") as f:
    f.write("BEGIN;\n")
    for s in range(schools):
        f.write(f"INSERT INTO agencies (slug, name, type, la_code) VALUES ('empty-school-{s}', 'Empty Register School {s} (fictional)', 'school', {las[s % 3]});\n")
        f.write(f"INSERT INTO settings (agency_id, urn, establishment_type, phase, status, school_day_start) VALUES (last_insert_rowid(), {520000 + s}, 'Community school', 'Primary', 'Open', '08:45');\n")
        f.write(f"INSERT INTO users (email, name, agency_id, password_hash) VALUES ('keyadult{s}@empty.example', 'Key Adult {s}', (SELECT id FROM agencies WHERE slug = 'empty-school-{s}'), 'not-a-password-hash');\n")
        f.write("INSERT INTO user_roles (user_id, role) VALUES (last_insert_rowid(), 'dsl');\n")
    f.write("COMMIT;\n")
n = 0
for b in range(0, incidents, batch):
    items = []
    for i in range(b, min(b + batch, incidents)):
        child = {"given_name": name(i, 2), "family_name": name(i * 7 + 3, 3) + "son",
                 "date_of_birth": f"{2010 + (i // 336) % 3 * 3 + i % 2}-{1 + (i // 28) % 12:02d}-{1 + i % 28:02d}",
                 "present": True, "spoken_to": False}
        if i % 25 != 7:
            child["setting_urn"] = 520000 + i % schools
        items.append({"police_reference": f"EMPTY-{i:06d}", "occurred_at": "2025-11-19T21:00:00Z",
                      "location": f"{i} Synthetic Street", "la_code": las[i % 3], "risk_level": "standard",
                      "circumstances": "Synthetic incident for the benchmark.", "adults": [], "children": [child]})
    with open(os.path.join(tmp, f"batch-{n:05d}.json"), "w") as f:
        json.dump({"incidents": items}, f)
    n += 1
PY
sqlite3 "$db" <"$tmp/setup.sql" || die "loading the synthetic settings failed"

bench_serve "$db"
token=$(bench_token police@demo.haven.example)

echo "## Operation Encompass on an empty register"
echo
bench_about
echo "- register: none of the batch's children; $schools synthetic settings (one Key Adult each); demo data besides"
echo "- sent: $incidents incidents, one child each, $batch incidents a request, $parallel requests at a time"
echo

# ---- baseline: GET /healthz in the same run ----
healthz=$(bench_healthz)

# ---- the batch ----
bench_post_batches /api/v1/da-incidents "$token" "$parallel"

q() { sqlite3 "file:$db?mode=ro" "$1"; }
of_batch="FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id WHERE i.police_reference LIKE 'EMPTY-%'"
kids=$(q "SELECT count(*) $of_batch")
registered=$(q "SELECT count(*) $of_batch AND c.match_status = 'registered'")
notified=$(q "SELECT count(DISTINCT c.id) $of_batch AND EXISTS (SELECT 1 FROM encompass_notifications n WHERE n.incident_child_id = c.id)")
waiting=$(q "SELECT count(*) $of_batch AND c.match_status = 'unresolved' AND c.waiting_due_at IS NOT NULL")
[[ $kids == "$incidents" ]] || die "only $kids of $incidents children were saved"

seconds=$batch_seconds
awk -v s="$seconds" -v k="$kids" -v h="$healthz" -v r="$registered" -v no="$notified" -v w="$waiting" 'BEGIN {
	printf "| measure | value |\n|---|---:|\n"
	printf "| children notified with no person involved | %d of %d (%.1f%%) |\n", no, k, 100 * no / k
	printf "| of which added to the register from the police'"'"'s details | %d |\n", r
	printf "| children waiting for a person, each with its deadline | %d |\n", w
	printf "| first request to last notification committed | %.2f s |\n", s
	printf "| children per second | %.0f |\n", k / s
	printf "| GET /healthz baseline (wrk -t2 -c32 -d5s, same run) | %d req/s |\n", h
	printf "| children per second as a ratio of /healthz requests per second | %.4f |\n", (k / s) / h
}'

bench_stop
