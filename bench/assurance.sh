#!/usr/bin/env bash
# Haven benchmark for quality assurance results (issue 19): a Section 175/157
# cycle for SCHOOLS schools (default 1,000), each having submitted a return
# scoring every one of STANDARDS standards (default 10), a tenth of them
# moderated. Measures, with wrk, GET /healthz (the baseline), the heatmap page
# (/quality-assurance/cycles/ID/results), its JSON twin, its CSV download
# and its XLSX, signed in as the partnership, and prints each one's requests/s as a ratio of
# /healthz in the same run, with p50/p99 latency and the response's size.
#
# Usage: bench/assurance.sh
# Environment: HAVEN_BIN (default <repo>/build/haven), SCHOOLS, STANDARDS,
# DURATION (seconds per endpoint, default 10), CONNECTIONS (default 8).
# Everything is fictional, the database is in a temporary directory, and all
# traffic goes to 127.0.0.1.
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
schools=${SCHOOLS:-1000}
standards=${STANDARDS:-10}
duration=${DURATION:-10}
connections=${CONNECTIONS:-8}

bench_start qa-bench sqlite3 node wrk

echo "# Quality assurance results: a Section 175/157 cycle for $schools schools ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo), $("$bin" --version 2>/dev/null | head -1)"
echo "wrk: -t2 -c$connections -d${duration}s; $standards standards a return"

db=$tmp/haven.db
"$bin" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "haven init failed"; }
node -e '
const n = Number(process.argv[1]);
const scale = [["red", "Not in place", "red"], ["amber", "Partly in place", "amber"], ["green", "In place", "green"]]
  .map(([value, label, rating]) => ({ value, label, definition: `${label}.`, rating }));
const standards = Array.from({ length: n }, (_, i) => ({
  id: `standard-${i + 1}`, title: `Standard ${i + 1}`, expectations: "What is expected.", evidence: "What shows it." }));
console.log(JSON.stringify({ kind: "section175", version: "bench", title: "Bench standards", scale, standards }));
' "$standards" >"$tmp/standards.json"
"$bin" import qa-standards --db "$db" "$tmp/standards.json" >/dev/null || die "the standards import failed"
sqlite3 -bail "$db" >/dev/null <<SQL
.parameter set :schools $schools
.parameter set :standards $standards
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :schools)
INSERT INTO agencies (slug, name, type, la_code)
	SELECT 'bench-school-' || i, 'Bench School ' || i || ' (fictional)', 'school', 888 + i % 3 FROM n;
INSERT INTO qa_cycles (id, standard_set_id, title, opens_on, returns_due_on)
	SELECT 1, id, 'Bench schools audit', '2026-01-05', '2026-03-31' FROM qa_standard_sets WHERE version = 'bench';
INSERT INTO qa_returns (cycle_id, agency_id, submitted_on, governor_name, governor_signed_on)
	SELECT 1, id, '2026-03-' || printf('%02d', 20 + id % 12), 'A Governor', '2026-03-19' FROM agencies
	WHERE type IN ('school', 'college');
WITH RECURSIVE s(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM s WHERE k < :standards)
INSERT INTO qa_scores (return_id, standard_id, score, evidence, moderated_score, moderation_reason)
	SELECT r.id, 'standard-' || s.k, CASE (r.id + s.k) % 3 WHEN 0 THEN 'red' WHEN 1 THEN 'amber' ELSE 'green' END,
		'Evidence for the standard.', CASE WHEN r.id % 10 = 0 THEN 'amber' END,
		CASE WHEN r.id % 10 = 0 THEN 'Moderated at the panel.' END
	FROM qa_returns r, s;
COMMIT;
SQL
echo "data: $(sqlite3 "$db" 'SELECT count(*) FROM qa_returns') returns, $(sqlite3 "$db" 'SELECT count(*) FROM qa_scores') scores"

bench_serve "$db"
token=$(bench_token partnership@demo.haven.example)

echo
echo "| endpoint | requests/s | p50 ms | p99 ms | bytes | ratio to /healthz |"
echo "|---|---|---|---|---|---|"
baseline=""
for path in /healthz /quality-assurance/cycles/1/results /api/v1/qa/cycles/1/results /quality-assurance/cycles/1/results.csv \
	/quality-assurance/cycles/1/results.xlsx; do
	status=$(curl -s -o "$tmp/body" -w '%{http_code}' -H "Authorization: Bearer $token" "$base$path")
	[[ $status == 200 ]] || die "GET $path answered $status"
	bytes=$(stat -c %s "$tmp/body")
	wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Authorization: Bearer $token" "$base$path" >"$tmp/wrk" 2>&1
	rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk")
	p50=$(awk '$1 == "50%" {print $2}' "$tmp/wrk")
	p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk")
	grep -q "Non-2xx" "$tmp/wrk" && die "GET $path: $(grep Non-2xx "$tmp/wrk")"
	baseline=${baseline:-$rps}
	ratio=$(awk -v a="$rps" -v b="$baseline" 'BEGIN {printf "%.4f", a / b}')
	echo "| GET $path | $rps | $p50 | $p99 | $bytes | $ratio |"
done

bench_stop
