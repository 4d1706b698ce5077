#!/usr/bin/env bash
# Haven benchmark for a night's national-scale batch of domestic abuse
# incidents (Operation Encompass): 10,000 incidents with 20,000 children sent
# through POST /api/v1/da-incidents in batches, each child matched to a
# children register of 20,000 and its setting notified (a notification row,
# its deadline, and an email to each Key Adult), all in the intake's units of
# work. Reports the time from the first request to the last notification
# committed (the last response: a response is only sent once its unit of
# work is durable), beside the GET /healthz throughput measured by wrk in the
# same run. Not part of CI: run it by hand (see docs/performance.md).
#
# Usage: bench/da-incidents.sh
# Environment:
#   HAVEN_BIN        haven binary                 (default: <repo>/build/haven)
#   BENCH_INCIDENTS  incidents to send            (default: 10000; two children each)
#   BENCH_BATCH      incidents per request        (default: 100)
#   BENCH_PARALLEL   requests in flight at a time (default: 4)
#   BENCH_SCHOOLS    synthetic settings, each with one Key Adult (default: 300)
#
# Everything synthetic and obviously fictional: the register children,
# settings and incidents are generated here (python3), the database is a
# fresh demo one in a temporary directory, and all traffic is to 127.0.0.1.

set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
incidents=${BENCH_INCIDENTS:-10000}
batch=${BENCH_BATCH:-100}
parallel=${BENCH_PARALLEL:-4}
schools=${BENCH_SCHOOLS:-300}

bench_start da-bench wrk sqlite3 python3

db=$tmp/haven.db
"$bin" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "haven init failed"; }

# ---- synthetic register, settings and incidents ----
python3 - "$tmp" "$incidents" "$batch" "$schools" <<'PY'
import json, os, random, sys
tmp, incidents, batch, schools = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
random.seed(20251119)
syll = ["ba", "ke", "lo", "mi", "du", "ra", "ti", "no", "ve", "su", "ga", "pe", "zo", "hu", "wi", "fa", "ly", "dro", "kan", "mel"]
def name(i, parts):
    out = ""
    for _ in range(parts):
        out += syll[i % len(syll)]
        i //= len(syll)
    return out.capitalize()
children = incidents * 2
las = [888, 889, 890]
with open(os.path.join(tmp, "setup.sql"), "w") as f:
    f.write("BEGIN;\n")
    for s in range(schools):
        la = las[s % 3]
        f.write(f"INSERT INTO agencies (slug, name, type, la_code) VALUES ('bench-school-{s}', 'Bench School {name(s, 3)} (fictional)', 'school', {la});\n")
        f.write(f"INSERT INTO settings (agency_id, urn, establishment_type, phase, status, school_day_start) VALUES (last_insert_rowid(), {300000 + s}, 'Community school', 'Primary', 'Open', '0{8 + s % 2}:{'45' if s % 2 == 0 else '00'}');\n")
        f.write(f"INSERT INTO users (email, name, agency_id, password_hash) VALUES ('keyadult{s}@example.org', 'Key Adult {s}', (SELECT id FROM agencies WHERE slug = 'bench-school-{s}'), 'not-a-password-hash');\n")
        f.write("INSERT INTO user_roles (user_id, role) VALUES (last_insert_rowid(), 'dsl');\n")
    for c in range(children):
        dob = f"{2009 + c % 12}-{1 + (c // 12) % 12:02d}-{1 + (c // 144) % 28:02d}"
        la = las[c % 3]
        f.write(f"INSERT INTO children (id, given_name, family_name, date_of_birth, la_code) VALUES ({100000 + c}, '{name(c, 2)}', '{name(c // 7 + 3, 3)}', '{dob}', {la});\n")
        school = (c % (schools // 3)) * 3 + (c % 3)   # a school in the child's own area
        f.write(f"INSERT INTO child_links (child_id, agency_id, relationship) SELECT {100000 + c}, id, 'setting' FROM agencies WHERE slug = 'bench-school-{school}';\n")
    f.write("COMMIT;\n")
    f.write("\n")
kid_list = []
n_batches = 0
for b in range(0, incidents, batch):
    items = []
    for i in range(b, min(b + batch, incidents)):
        kids = []
        for c in (2 * i, 2 * i + 1):
            dob = f"{2009 + c % 12}-{1 + (c // 12) % 12:02d}-{1 + (c // 144) % 28:02d}"
            kids.append({"given_name": name(c, 2), "family_name": name(c // 7 + 3, 3), "date_of_birth": dob,
                         "present": c % 2 == 0, "spoken_to": False})
        items.append({
            "police_reference": f"BENCH-{i:06d}",
            "occurred_at": f"2025-11-{17 + i % 5:02d}T{18 + i % 5}:{i % 60:02d}:00Z",
            "location": f"{i} Fictional Street",
            "la_code": las[(2 * i) % 3],
            "risk_level": ["standard", "medium", "high"][i % 3],
            "circumstances": "Synthetic incident for the benchmark.",
            "adults": [{"name": "Bench Victim", "role": "victim", "contact_phone": "01632 960123",
                        "safe_to_call": True, "safe_to_leave_message": False}],
            "children": kids,
        })
    with open(os.path.join(tmp, f"batch-{n_batches:05d}.json"), "w") as f:
        json.dump({"incidents": items}, f)
    n_batches += 1
PY
sqlite3 "$db" <"$tmp/setup.sql" || die "loading the synthetic register failed"

bench_serve "$db"
token=$(bench_token police@demo.haven.example)

echo "## Domestic abuse incidents: a night's batch"
echo
bench_about
echo "- register: $((incidents * 2)) children at $schools synthetic settings (one Key Adult each); demo data besides"
echo "- sent: $incidents incidents, $((incidents * 2)) children, $batch incidents a request, $parallel requests at a time"
echo

# ---- baseline: GET /healthz in the same run ----
healthz=$(bench_healthz)

# ---- the batch ----
bench_post_batches /api/v1/da-incidents "$token" "$parallel"

q() { sqlite3 "file:$db?mode=ro" "$1"; }
saved=$(q "SELECT count(*) FROM da_incidents WHERE police_reference LIKE 'BENCH-%'")
kids=$(q "SELECT count(*) FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id WHERE i.police_reference LIKE 'BENCH-%'")
matched=$(q "SELECT count(*) FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id WHERE i.police_reference LIKE 'BENCH-%' AND c.match_status = 'matched'")
queued=$(q "SELECT count(*) FROM da_incident_children c JOIN da_incidents i ON i.id = c.incident_id WHERE i.police_reference LIKE 'BENCH-%' AND c.match_status = 'unresolved'")
notes=$(q "SELECT count(*) FROM encompass_notifications n JOIN da_incident_children c ON c.id = n.incident_child_id JOIN da_incidents i ON i.id = c.incident_id WHERE i.police_reference LIKE 'BENCH-%'")
mails=$(q "SELECT count(*) FROM mail_outbox WHERE subject LIKE '%Encompass%'")
referrals=$(q "SELECT count(*) FROM idva_referrals r JOIN da_incidents i ON i.id = r.incident_id WHERE i.police_reference LIKE 'BENCH-%'")
[[ $saved == "$incidents" ]] || die "only $saved of $incidents incidents were saved"

seconds=$batch_seconds
awk -v s="$seconds" -v n="$incidents" -v k="$kids" -v h="$healthz" -v m="$matched" -v qd="$queued" -v no="$notes" \
	-v ml="$mails" -v r="$referrals" 'BEGIN {
	printf "| measure | value |\n|---|---:|\n"
	printf "| first request to last notification committed | %.2f s |\n", s
	printf "| incidents saved | %d (%.0f/s) |\n", n, n / s
	printf "| children matched and notified | %d of %d (%.0f children/s) |\n", m, k, k / s
	printf "| children queued for a person | %d |\n", qd
	printf "| notifications created | %d |\n", no
	printf "| Key Adult emails queued | %d |\n", ml
	printf "| IDVA referrals (Operation Provide) | %d |\n", r
	printf "| GET /healthz baseline (wrk -t2 -c32 -d5s, same run) | %d req/s |\n", h
	printf "| children per second as a ratio of /healthz requests per second | %.4f |\n", (k / s) / h
}'

bench_stop
