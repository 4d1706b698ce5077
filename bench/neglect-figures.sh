#!/usr/bin/env bash
# Haven's neglect assessment figures (GET /api/v1/neglect/figures) over a
# large store: a demo database filled with NEGLECT_CHILDREN children and
# NEGLECT_ASSESSMENTS finished assessments (each child assessed about twice,
# so about half are reassessments, spread over two years and the three demo
# local authorities), then the figures for one reporting year and for three
# years, each as a p50/p95 time and as a ratio of GET /healthz measured the
# same way in the same run. Prints markdown; results in docs/performance.md.
#
# Usage: bench/neglect-figures.sh
# Environment:
#   HAVEN_BIN             haven binary            (default: <repo>/build/haven)
#   NEGLECT_CHILDREN      children                (default: 50000)
#   NEGLECT_ASSESSMENTS   finished assessments    (default: 100000)
#   NEGLECT_REQUESTS      measured requests each  (default: 20)
#
# Everything is fictional, the database is in a temporary directory, and all
# traffic goes to 127.0.0.1.

set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
children=${NEGLECT_CHILDREN:-50000}
assessments=${NEGLECT_ASSESSMENTS:-100000}
requests=${NEGLECT_REQUESTS:-20}

bench_start neglect sqlite3 node

echo "# Neglect figures over $assessments assessments ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo
echo "machine: $(nproc) CPUs, $("$bin" --version 2>/dev/null | head -1)"
db=$tmp/haven.db
"$bin" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "haven init failed"; }
start=$(date +%s)
# Children from id 1000; assessment i is of child 1000 + i % children, on a day
# that grows with i / children (so a child's assessments are in date order),
# with each of the four demo areas of care graded 1 to 5.
sqlite3 -bail "$db" >/dev/null <<SQL
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $children)
INSERT INTO children (id, given_name, family_name, la_code)
SELECT 1000 + i, 'Child', 'Bench' || i, CASE i % 3 WHEN 0 THEN 888 WHEN 1 THEN 889 ELSE 890 END FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < $assessments),
g(i, on_day, pc, sa, lc, st) AS (
  SELECT i, date('2025-04-01', '+' || ((i / $children) * 240 + (i % $children) % 200) || ' days'),
         1 + abs(random()) % 5, 1 + abs(random()) % 5, 1 + abs(random()) % 5, 1 + abs(random()) % 5 FROM n)
INSERT INTO neglect_assessments (tool_id, child_id, user_id, agency_id, la_code, age_band, status, grades,
  summary, assessed_on, review_on, area_grades, overall_grade)
SELECT 1, 1000 + i % $children, 3, 7, CASE (i % $children) % 3 WHEN 0 THEN 888 WHEN 1 THEN 889 ELSE 890 END,
  '5-11', 'finished', '{}', 'Bench', on_day, date(on_day, '+90 days'),
  json_object('physical-care', pc, 'safety', sa, 'love-and-care', lc, 'stimulation', st),
  max(pc, sa, lc, st) FROM g;
COMMIT;
ANALYZE;
SQL
echo "data: $children children, $(sqlite3 "$db" 'SELECT count(*) FROM neglect_assessments') finished assessments" \
	"from $(sqlite3 "$db" 'SELECT min(assessed_on) FROM neglect_assessments') to" \
	"$(sqlite3 "$db" 'SELECT max(assessed_on) FROM neglect_assessments'), generated in $(($(date +%s) - start)) s"

bench_serve "$db"
token=$(bench_token partnership@demo.haven.example)

read -r h50 h95 < <(bench_latency "$token" /healthz "$requests")
echo
echo "| request | p50 ms | p95 ms | p50 / healthz p50 |"
echo "|---|---:|---:|---:|"
echo "| GET /healthz (baseline) | $h50 | $h95 | 1 |"
for path in "/api/v1/neglect/figures?from=2025-04-01&to=2026-03-31" "/api/v1/neglect/figures?from=2024-04-01&to=2027-03-31"; do
	read -r p50 p95 < <(bench_latency "$token" "$path" "$requests")
	echo "| GET $path | $p50 | $p95 | $(awk -v a="$p50" -v b="$h50" 'BEGIN {printf "%.0f", a / b}') |"
done
echo
echo "server RSS after the figures: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status")"

bench_stop
