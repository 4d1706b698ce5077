#!/bin/sh
# lint.sh — the house rules a compiler cannot check (run by `make lint`, part
# of `make check`). Each check prints what breaks the rule and fails.
set -eu
cd "$(dirname "$0")/.."
status=0

# Only the store speaks SQLite: an area's handlers and its interfaces to other
# areas take the store's opaque unit of work (store/store.h), never sqlite3 *.
# (Add checks below as the house gains rules; say why beside each.)

exit $status
