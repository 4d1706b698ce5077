#!/usr/bin/env bash
# with-pg-cluster.sh — runs a command with a throwaway PostgreSQL cluster
# (scripts/pg-cluster.sh) whose URL is in HAVEN_TEST_PG_URL, and stops and
# removes the cluster afterwards, however the command ends. `make check` runs
# the PostgreSQL tests this way (issue 21).
#
#   scripts/with-pg-cluster.sh COMMAND [ARG...]
set -euo pipefail
[ $# -ge 1 ] || {
	echo "usage: $0 COMMAND [ARG...]" >&2
	exit 2
}
here=$(dirname "$0")
dir=$(mktemp -d "${TMPDIR:-/tmp}/haven-pg.XXXXXX")
trap '"$here/pg-cluster.sh" stop "$dir"' EXIT
HAVEN_TEST_PG_URL=$("$here/pg-cluster.sh" start "$dir")
export HAVEN_TEST_PG_URL
"$@"
