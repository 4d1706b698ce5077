/*
 * backup_command.c — `haven backup --db PATH --to FILE` and
 * `haven restore --from FILE --db PATH` (see store_backup, store_restore).
 *
 * The backup runs beside a serving Haven; the restore refuses to. After a
 * restore the audit trail's hash chain is checked as `haven audit verify`
 * does, so a restored database is known to be whole before it is served.
 */
#include "app/backup_command.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "auth/audit.h"
#include "core/words.h"
#include "store/store.h"

const char backup_usage[] = "Usage: haven backup --db PATH --to FILE\n"
                            "\n"
                            "Copies the database at PATH to the new file FILE, safely while Haven\n"
                            "serves it and goes on writing: the copy is the database at one instant,\n"
                            "holding everything saved before the backup began. FILE is written beside\n"
                            "its final name and renamed only once it is complete and checked, so it is\n"
                            "never a partial copy. An existing FILE is refused.\n"
                            "\n"
                            "The documents' files the copy names (sealed, in PATH.documents/) are\n"
                            "copied to FILE.documents/ before FILE is named: keep the two together,\n"
                            "and the key file apart from both.\n"
                            "\n"
                            "Prints the backup's size (exit 0), or why it failed (exit 1).\n"
                            "\n"
                            "  --db PATH   the SQLite database file\n"
                            "  --to FILE   the backup to create\n"
                            "  --help      show this help\n";

const char restore_usage[] = "Usage: haven restore --from FILE --db PATH\n"
                             "\n"
                             "Replaces the database at PATH with the backup FILE (from haven backup).\n"
                             "The backup is checked first (PRAGMA integrity_check, its audit trail's\n"
                             "hash chain, a schema this Haven can run, every document's file it names\n"
                             "in FILE.documents/) and nothing is changed if it\n"
                             "fails. The documents' files go back to PATH.documents/ (files of\n"
                             "documents the backup does not name are removed). Refused while a Haven\n"
                             "process (haven serve, an import) has PATH\n"
                             "open: stop the server first. After the restore the database and its\n"
                             "audit trail are checked again and the trail's rows counted (exit 0); run\n"
                             "haven audit verify for its newest row, to compare with the one recorded.\n"
                             "Run haven init --db PATH after restoring a backup from an older Haven.\n"
                             "\n"
                             "  --from FILE  the backup\n"
                             "  --db PATH    the SQLite database file to replace\n"
                             "  --help       show this help\n";

/* Parses two required --NAME VALUE options into values[i] for names[i]; cli_parse's answer. */
static int parse_two(const char *command, const char *usage, int argc, char **argv,
                     const char *const names[2], const char *values[2])
{
	values[0] = values[1] = NULL;
	char missing[2][16];
	for (int i = 0; i < 2; i++)
		snprintf(missing[i], sizeof missing[i], "--%s", names[i]);
	const struct cli_option options[] = {
	    {.name = names[0], .value = &values[0], .missing = missing[0]},
	    {.name = names[1], .value = &values[1], .missing = missing[1]},
	    {0},
	};
	return cli_parse(command, usage, options, false, argc, argv);
}

int cmd_backup(int argc, char **argv)
{
	static const char *const names[2] = {"db", "to"};
	const char *values[2];
	int status = parse_two("backup", backup_usage, argc, argv, names, values);
	if (status != CLI_GO_ON)
		return status;
	unsigned long long bytes = 0, documents = 0;
	char *err = NULL;
	if (store_backup(values[0], values[1], &bytes, &documents, &err) != HAVEN_OK) {
		fprintf(stderr, "haven: %s; no backup was made\n", err ? err : "the backup failed");
		free(err);
		return 1;
	}
	printf("backed up %s to %s (%llu bytes, %llu %s)\n", values[0], values[1], bytes, documents,
	       words_noun((long long)documents, "document", "documents"));
	return 0;
}

/* Checks the audit trail's chain in the database at path, as haven audit verify does; 0 or 1 after printing.
 */
static int verify_audit(const char *path, const char *what)
{
	long long rows = 0, bad = 0;
	char *why = NULL;
	enum haven_status st = audit_verify(path, &rows, &bad, &why);
	if (st != HAVEN_OK) {
		fprintf(stderr, "haven: %s: the audit trail %s: %s\n", what,
		        st == HAVEN_ERR_INVALID ? "is broken" : "cannot be checked", why ? why : "unknown");
		free(why);
		return 1;
	}
	free(why);
	printf("audit trail intact: %lld rows\n", rows);
	return 0;
}

int cmd_restore(int argc, char **argv)
{
	static const char *const names[2] = {"from", "db"};
	const char *values[2];
	int status = parse_two("restore", restore_usage, argc, argv, names, values);
	if (status != CLI_GO_ON)
		return status;
	const char *from = values[0], *db = values[1];
	char *err = NULL;
	/* The backup's own chain, before anything is replaced. */
	{
		long long rows = 0, bad = 0;
		enum haven_status st = audit_verify(from, &rows, &bad, &err);
		if (st != HAVEN_OK) {
			fprintf(stderr, "haven: %s: the audit trail %s: %s; nothing was restored\n", from,
			        st == HAVEN_ERR_INVALID ? "is broken" : "cannot be checked",
			        err ? err : "unknown");
			free(err);
			return 1;
		}
		free(err);
		err = NULL;
	}
	if (store_restore(from, db, &err) != HAVEN_OK) {
		fprintf(stderr, "haven: %s\n", err ? err : "the restore failed");
		free(err);
		return 1;
	}
	printf("restored %s from %s\n", db, from);
	return verify_audit(db, db);
}
