#!/usr/bin/env bash
# run.sh — runs every fuzz target in build-fuzz/ (built by `make fuzz`) for
# FUZZ_SECONDS each (default 300), one at a time, and says how many inputs
# each tried. Usage: tests/fuzz/run.sh [TARGET...] (default: all of them).
#
# Each target starts from its seeds (tests/fuzz/corpus/TARGET) and past
# crashes (tests/fuzz/regressions/TARGET) and keeps what it learns in
# build-fuzz/corpus/TARGET, which later runs go on from; the repository's
# folders are only read. A crash stops the run with the target's report and
# the input saved under build-fuzz/crashes/TARGET/: fix the bug, then copy the
# input into tests/fuzz/regressions/TARGET/ so `make check` replays it.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${FUZZ_BUILD:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-300}

targets=("$@")
if ((${#targets[@]} == 0)); then
	for f in tests/fuzz/fuzz_*.c; do
		name=$(basename "$f" .c)
		targets+=("${name#fuzz_}")
	done
fi

status=0
for t in "${targets[@]}"; do
	mkdir -p "$BUILD/corpus/$t" "$BUILD/crashes/$t"
	log="$BUILD/crashes/$t/last-run.log"
	if "$BUILD/fuzz_$t" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$BUILD/crashes/$t/" "$BUILD/corpus/$t" "tests/fuzz/corpus/$t" \
		"tests/fuzz/regressions/$t" >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		corpus=$(find "$BUILD/corpus/$t" -type f | wc -l)
		printf 'fuzz %-15s %ss: %s inputs run, nothing found (%s inputs learnt in %s/corpus/%s)\n' \
			"$t" "$SECONDS_EACH" "$execs" "$corpus" "$BUILD" "$t"
	else
		echo "fuzz $t: FOUND A BUG; the report ($log) ends:" >&2
		grep -v '^#\|^INFO\|^replay' "$log" | tail -40 >&2
		status=1
	fi
done
exit $status
