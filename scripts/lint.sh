#!/bin/sh
# lint.sh — the house rules a compiler cannot check (run by `make lint`, part
# of `make check`). Each check prints what breaks the rule and fails.
set -eu
cd "$(dirname "$0")/.."
status=0

# One check per rule, each saying why beside it.

# Only the server speaks HTTP: handlers see struct request and struct
# response, never libmicrohttpd, so the server can change without them.
found=$(grep -rl '#include <microhttpd.h>' src | grep -v '^src/http/' || true)
if [ -n "$found" ]; then
	echo "lint: microhttpd.h is for src/http only; included by:" $found >&2
	status=1
fi

# Nothing above the store sees the database library: other files take the
# opaque unit of work (struct store_tx, store/store.h), so a second backend
# needs only new *_sqlite.c-like files behind the same headers.
found=$(grep -rlE '#include (<sqlite3.h>|"store/db.h")' src | grep -v '^src/store/' | grep -vE '_sqlite\.[ch]$' || true)
if [ -n "$found" ]; then
	echo "lint: sqlite3.h (and store/db.h) are for src/store and *_sqlite.c files (and their private *_sqlite.h) only; included by:" $found >&2
	status=1
fi

# Store files speak db.h, never SQLite's own API: a second backend (#21)
# implements db.h once, and every area's store runs on it unchanged.
found=$(grep -rlE 'sqlite3|SQLITE_' src --include='*.c' --include='*.h' | grep -v '^src/store/' || true)
if [ -n "$found" ]; then
	echo "lint: only src/store calls SQLite (sqlite3_*, SQLITE_*); others use store/db.h. Found in:" $found >&2
	status=1
fi

# Only the owning area writes its tables (each write to another's goes through
# a function of the owner, in the caller's unit of work); the self-test proves
# the check still fails on a violation.
python3 scripts/lint_tables.py --self-test src || status=1

# A table of more than two columns fits a phone: a list is cards (haven-cards,
# each cell labelled with its column), a table of figures scrolls in its own
# region (haven-table-scroll); the self-test proves the check still fails.
python3 scripts/lint_list_tables.py --self-test src templates || status=1

# A page that creates a record says what it made in its success banner, not
# the default "Your changes have been saved" (which stays for edits); the
# self-test proves the check still fails.
python3 scripts/lint_create_banners.py --self-test src || status=1

# A form sent twice is saved once (docs/architecture.md "One submission, one save"): every form that
# carries the CSRF token carries the page's submission token on the next line (or right after it).
# The layout's own forms sign out, which saves nothing (and the layout is on every page, whose
# answers some must be byte for byte the same: a token there would make each differ).
found=$(grep -rl --include='*.mustache' 'name="csrf_token"' src templates | grep -v '^templates/layout.mustache$' | while read -r f; do
	csrf=$(grep -o 'name="csrf_token" value="{{csrf_token}}">' "$f" | wc -l)
	tail=$(grep -A1 'name="csrf_token" value="{{csrf_token}}">' "$f" | grep -c 'name="submission" value="{{submission_token}}"' || true)
	[ "$csrf" -le "$tail" ] || echo "$f"
done)
if [ -n "$found" ]; then
	echo "lint: a form with csrf_token must carry <input type=\"hidden\" name=\"submission\" value=\"{{submission_token}}\"> right after it:" $found >&2
	status=1
fi

exit $status
