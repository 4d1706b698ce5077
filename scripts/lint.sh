#!/bin/sh
# lint.sh — the house rules a compiler cannot check (run by `make lint`, part
# of `make check`). Each check prints what breaks the rule and fails.
set -eu
cd "$(dirname "$0")/.."
status=0

# One check per rule, each saying why beside it.

# Only the owning area writes its tables (each write to another's goes through
# a function of the owner, in the caller's unit of work); the self-test proves
# the check still fails on a violation.
python3 scripts/lint_tables.py --self-test src || status=1

exit $status
