#!/bin/sh
# lint.sh — the house rules a compiler cannot check (run by `make lint`, part
# of `make check`). Each check prints what breaks the rule and fails.
set -eu
cd "$(dirname "$0")/.."
status=0

# One check per rule, each saying why beside it.

exit $status
