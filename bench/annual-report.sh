#!/usr/bin/env bash
# Haven benchmark for the annual report over a national-scale year: a demo
# database filled by bench/scale-data.sql (1,500,000 domestic abuse incidents
# over 2025 and, for every medium and high risk victim, an Operation Provide
# referral: about 600,000), then the 2025-26 report as JSON, as the XLSX
# workbook, in Easy Read and as a PDF, each as a p50/p95 time and as a ratio
# of GET /healthz measured the same way in the same run. Prints markdown.
#
# Usage: bench/annual-report.sh
# Environment:
#   REPORT_DB              a database this script made before (or a copy of one,
#                          with its .key file): served as it is, migrated first,
#                          instead of generating one (which takes many minutes);
#                          the server writes its audit rows to it
#   HAVEN_BIN              haven binary                         (default: <repo>/build/haven)
#   REPORT_INCIDENTS       domestic abuse incidents             (default: 1500000)
#   REPORT_CHILDREN        children on the register             (default: 200000)
#   REPORT_REQUESTS        measured requests each               (default: 20)
#   REPORT_PDF_REQUESTS    measured requests of the PDF         (default: 3)
#
# Everything is fictional, the database is in a temporary directory, and all
# traffic goes to 127.0.0.1.

set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
incidents=${REPORT_INCIDENTS:-1500000}
children=${REPORT_CHILDREN:-200000}
requests=${REPORT_REQUESTS:-20}
pdf_requests=${REPORT_PDF_REQUESTS:-3}

bench_start annual-report sqlite3

echo "# The annual report over ${REPORT_DB:-$incidents generated incidents} ($(date -u +%Y-%m-%dT%H:%M:%SZ))"
echo
bench_about
if [[ -n ${REPORT_DB:-} ]]; then
	db=$REPORT_DB
	[[ -f $db ]] || die "REPORT_DB: no database at $db"
	"$bin" init --db "$db" >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "haven init (migrating) failed"; }
	echo "- data: $db, prepared before: $(sqlite3 "$db" 'SELECT count(*) FROM da_incidents') incidents," \
		"$(sqlite3 "$db" 'SELECT count(*) FROM idva_referrals') Operation Provide referrals, database $(du -h "$db" | cut -f1)"
else
	db=$tmp/haven.db
	"$bin" init --db "$db" --demo >"$tmp/init.log" 2>&1 || { cat "$tmp/init.log" >&2; die "haven init failed"; }
	start=$(date +%s)
	# the national generator, with a small workforce, few requests for support and a day of audit trail:
	# the report reads none of them
	sqlite3 -bail "$db" \
		-cmd ".parameter set :children $children" -cmd ".parameter set :incidents $incidents" \
		-cmd ".parameter set :users 2000" -cmd ".parameter set :support 1000" \
		-cmd ".parameter set :audit_days 1" -cmd ".parameter set :audit_per_day 1000" \
		<"$repo/bench/scale-data.sql" >/dev/null || die "the generator failed"
	echo "- data: $(sqlite3 "$db" 'SELECT count(*) FROM da_incidents') incidents," \
		"$(sqlite3 "$db" 'SELECT count(*) FROM idva_referrals') Operation Provide referrals," \
		"$(sqlite3 "$db" "SELECT count(*) FROM idva_referrals WHERE created_at >= '2025-04-01'") of them in 2025-26;" \
		"generated in $(($(date +%s) - start)) s, database $(du -h "$db" | cut -f1)"
fi

bench_serve "$db"
token=$(bench_token partnership@demo.haven.example)

read -r h50 h95 < <(bench_latency "$token" /healthz "$requests")
echo
echo "| request | requests | p50 ms | p95 ms | p50 / healthz p50 |"
echo "|---|---:|---:|---:|---:|"
echo "| GET /healthz (baseline) | $requests | $h50 | $h95 | 1 |"
for path in "/api/v1/reports/annual?year=2025-26" "/reports/annual.xlsx?year=2025-26" \
	"/api/v1/reports/annual/easy-read?year=2025-26" "/reports/annual.pdf?year=2025-26"; do
	n=$requests
	[[ $path == *.pdf* ]] && n=$pdf_requests
	read -r p50 p95 < <(bench_latency "$token" "$path" "$n")
	echo "| GET $path | $n | $p50 | $p95 | $(awk -v a="$p50" -v b="$h50" 'BEGIN {printf "%.0f", a / b}') |"
done
echo
echo "- server RSS after the reports: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status")"

bench_stop
