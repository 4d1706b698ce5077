/*
 * migrate_store.c — `haven migrate-store --from PATH --to URL`: moves a
 * partnership from SQLite to PostgreSQL. The copy itself, and its check
 * table by table, is the store's (store_copy_to_postgresql, store/copy.h);
 * this command checks the key file and both audit trails around it and
 * tells the operator what the database does not hold (the documents' files).
 */
#include "app/migrate_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "app/cli.h"
#include "auth/audit.h"
#include "auth/keys.h"
#include "core/words.h"
#include "store/copy.h"
#include "store/store.h"

const char migrate_store_usage[] =
    "Usage: haven migrate-store --from PATH --to URL [--key-file FILE]\n"
    "\n"
    "Copies the partnership in the SQLite database PATH into the empty PostgreSQL\n"
    "database URL (postgresql://USER@HOST[:PORT]/NAME, made with createdb): loads\n"
    "PostgreSQL's schema, copies every table's rows with their ids in one\n"
    "transaction, and commits only once every table holds as many rows as PATH\n"
    "did. Then it checks the audit trail's hash chain on PostgreSQL and prints\n"
    "what it copied. A database that has any table is refused.\n"
    "\n"
    "PATH is only read, from one snapshot, so a Haven serving it may go on, but\n"
    "what it saves after the snapshot (an audited read saves an audit row) is\n"
    "not copied: stop the server while migrating. The documents' files\n"
    "are not in the database: copy PATH.documents/ to haven.documents/ in the\n"
    "directory haven serve --db URL runs in, and serve with the same key file.\n"
    "\n"
    "  --from PATH      the SQLite database file, at this Haven's schema version\n"
    "  --to URL         the PostgreSQL database, empty\n"
    "  --key-file FILE  PATH's key file, checked here, for haven serve --db URL\n"
    "                   (default: PATH.key)\n"
    "  --help           show this help\n";

/* Checks the audit trail's chain at `where`; prints why not and returns 1 if it is broken or unread. */
static int audit_intact(const char *where, const char *which, long long *rows)
{
	long long bad = 0;
	char *why = NULL;
	enum haven_status st = audit_verify(where, rows, &bad, &why);
	if (st != HAVEN_OK)
		fprintf(stderr, "haven: the audit trail %s %s: %s\n", which,
		        st == HAVEN_ERR_INVALID ? "is broken" : "cannot be checked", why ? why : "unknown");
	free(why);
	return st == HAVEN_OK ? 0 : 1;
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

int cmd_migrate_store(int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *key_file = NULL;
	const struct cli_option options[] = {
	    {.name = "from", .value = &from, .missing = "--from PATH"},
	    {.name = "to", .value = &to, .missing = "--to URL"},
	    {.name = "key-file", .value = &key_file},
	    {0},
	};
	int parsed = cli_parse("migrate-store", migrate_store_usage, options, false, argc, argv);
	if (parsed != CLI_GO_ON)
		return parsed;
	if (store_is_postgresql(from))
		return cli_usage_error("migrate-store", "--from must be an SQLite database file, not a URL");
	if (!store_is_postgresql(to))
		return cli_usage_error("migrate-store", "--to must be a PostgreSQL URL (postgresql://…)");

	long long source_rows = 0, target_rows = 0;
	if (audit_intact(from, "in --from", &source_rows)) {
		fprintf(stderr, "haven: nothing was copied\n");
		return 1;
	}

	/* the key that sealed PATH's secrets and documents must go with the copy */
	char *fallback = key_file ? NULL : keys_default_path(from);
	const char *key = key_file ? key_file : fallback;
	char *err = NULL;
	if (keys_load(key, &err) != HAVEN_OK) {
		fprintf(stderr, "haven: %s; nothing was copied\n", err ? err : "the key file cannot be read");
		free(err);
		free(fallback);
		return 1;
	}
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	printf("copying %s to %s\n", from, to);
	struct store_copy_summary summary;
	if (store_copy_to_postgresql(from, to, stdout, &summary, &err) != HAVEN_OK) {
		fprintf(stderr, "haven: %s\n", err ? err : "the copy failed");
		free(err);
		free(fallback);
		return 1;
	}
	if (audit_intact(to, "on PostgreSQL", &target_rows)) {
		free(fallback);
		return 1;
	}
	printf("copied %zu tables, %lld rows in %.1f seconds; every table's rows counted the same "
	       "(%zu of SQLite's full-text index tables skipped: PostgreSQL indexes those rows itself)\n",
	       summary.tables, summary.rows, seconds_since(&start), summary.derived);
	printf("audit trail intact on PostgreSQL: %lld %s\n", target_rows,
	       words_noun(target_rows, "row", "rows"));
	if (summary.changed)
		fprintf(stderr,
		        "haven: warning: %s changed while it was copied (%lld %s, %s first): what was saved "
		        "after the copy's snapshot is not in %s; stop writes and migrate again into a new "
		        "database\n",
		        from, summary.changed, words_noun(summary.changed, "table", "tables"),
		        summary.first_changed, to);
	printf("next: copy %s.documents/ (if there is one) to haven.documents/ in the directory haven serve "
	       "runs in, then: haven serve --db %s --key-file %s\n",
	       from, to, key);
	free(fallback);
	return 0;
}
