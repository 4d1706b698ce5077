/*
 * import.c (settings) — `haven import settings --db PATH FILE.csv`: the
 * partnership's schools, colleges and early years settings from the DfE
 * "Get Information about Schools" establishment file (edubasealldata*.csv).
 *
 * All or nothing, unlike the e-learning import: a settings file is a
 * national register that should be whole and consistent, a bad row in it is
 * more likely a damaged download (a line cut short, the wrong file) than a
 * typing slip, and settings half-imported would leave Encompass notifying a
 * school under its old details. So a wrong header or any rejected row
 * changes nothing (exit 1), with every rejected row named on stderr by its
 * line and reason; a good file commits whole (exit 0). Importing the same
 * file again changes nothing: every row comes back unchanged.
 */
#include "areas/settings/import.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/import_command.h"
#include "areas/settings/gias.h"
#include "areas/settings/store.h"
#include "store/store.h"

static const char import_usage[] =
    "Usage: haven import settings --db PATH FILE.csv\n"
    "\n"
    "Creates or updates the partnership's schools, colleges and early years\n"
    "settings from the DfE \"Get Information about Schools\" establishment file\n"
    "(edubasealldata*.csv, Windows-1252 or UTF-8). The header row names the\n"
    "columns; Haven reads URN, EstablishmentName, \"LA (code)\", \"LA (name)\",\n"
    "\"TypeOfEstablishment (name)\", \"PhaseOfEducation (name)\",\n"
    "\"EstablishmentStatus (name)\", StatutoryLowAge, StatutoryHighAge and\n"
    "Postcode, in any order, and ignores the others.\n"
    "\n"
    "Rows of local authorities outside the partnership, and closed\n"
    "establishments Haven never had, are skipped. A setting is matched by its\n"
    "URN: a new one becomes an agency (urn-NNNNNN), a known one is updated and\n"
    "keeps its school-day start time.\n"
    "\n"
    "All or nothing: if the header lacks a column, or any row is rejected (a\n"
    "URN that is not six digits, a missing name, an age that is not a number,\n"
    "quotes that do not pair up, a line cut short...), nothing is imported and\n"
    "every rejected row is named on stderr with its line and reason (exit 1).\n"
    "Prints \"N added, N updated, N unchanged, N skipped, N rejected\".\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --help      show this help\n";

static const struct import_command import_settings = {
    .name = "import settings",
    .usage = import_usage,
    .file = "FILE.csv",
    .file_max_mb = 512, /* the whole of England's file is about 70 MB */
};

static int cmd_import(int argc, char **argv)
{
	struct import_args args;
	int exit_status;
	if (!import_parse_args(&import_settings, argc, argv, &args, &exit_status))
		return exit_status;
	const char *path = args.file;

	/* the whole file is read (as a stream) and checked before the database is opened */
	FILE *f = import_open_file(&import_settings, path, import_settings.file_max_mb);
	if (!f)
		return 1;
	struct gias_file file;
	char why[400];
	long why_line = 0;
	int rc = gias_parse_file(f, &file, why, sizeof why, &why_line);
	fclose(f);
	if (rc != 0) {
		if (why_line > 0)
			fprintf(stderr, "haven: %s: line %ld: %s; nothing was imported\n", path, why_line,
			        why);
		else
			fprintf(stderr, "haven: %s: %s; nothing was imported\n", path, why);
		return 1;
	}
	if (cli_open_store(args.db) != 0) {
		gias_file_free(&file);
		return 1;
	}
	struct settings_import_counts counts;
	enum haven_status st = settings_import(&file, &counts);
	store_close();
	for (size_t i = 0; i < file.count; i++)
		if (file.rows[i].outcome == GIAS_REJECTED)
			fprintf(stderr, "haven: %s: line %ld: %s; row rejected\n", path, file.rows[i].line,
			        file.rows[i].reason);
	gias_file_free(&file);
	if (st == HAVEN_ERR_INVALID) {
		fprintf(stderr, "haven: %s: %zu row%s rejected; nothing was imported\n", path,
		        counts.rejected, counts.rejected == 1 ? "" : "s");
		return 1;
	}
	if (st != HAVEN_OK)
		return import_failed("importing settings", st);
	printf("%zu added, %zu updated, %zu unchanged, %zu skipped, %zu rejected\n", counts.added,
	       counts.updated, counts.unchanged, counts.skipped, counts.rejected);
	return 0;
}

const struct command settings_commands[] = {
    {"import settings", "create or update settings from the DfE GIAS establishment file", import_usage,
     cmd_import},
    {0, 0, 0, 0},
};
