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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/cli.h"
#include "areas/settings/gias.h"
#include "areas/settings/store.h"
#include "core/alloc.h"
#include "store/store.h"

/* The whole of England's file is about 70 MB; a guard against the wrong file. */
#define FILE_MAX (512u << 20)

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

static char *read_whole_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "haven: cannot read %s: %s\n", path, strerror(errno));
		return NULL;
	}
	struct stat sb;
	if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > (off_t)FILE_MAX) {
		fprintf(stderr, "haven: %s: not a regular file of at most %u MB\n", path, FILE_MAX >> 20);
		fclose(f);
		return NULL;
	}
	char *data = xmalloc((size_t)sb.st_size + 1);
	size_t n = fread(data, 1, (size_t)sb.st_size, f);
	fclose(f);
	if (n != (size_t)sb.st_size) {
		fprintf(stderr, "haven: cannot read %s\n", path);
		free(data);
		return NULL;
	}
	data[n] = '\0';
	*len = n;
	return data;
}

static int cmd_import(int argc, char **argv)
{
	static const char command[] = "import settings";
	static const struct option options[] = {
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	const char *db = NULL;
	int c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(import_usage, stdout); return 0;
		case ':': return cli_usage_error(command, "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error(command, "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind == argc)
		return cli_usage_error(command, "FILE.csv is required");
	if (optind + 1 < argc)
		return cli_usage_error(command, "unexpected argument %s", argv[optind + 1]);
	if (!db)
		return cli_usage_error(command, "--db PATH is required");
	const char *path = argv[optind];

	/* the whole file is read and checked before the database is opened */
	size_t len = 0;
	char *data = read_whole_file(path, &len);
	if (!data)
		return 1;
	struct gias_file file;
	char why[400];
	long why_line = 0;
	int rc = gias_parse(data, len, &file, why, sizeof why, &why_line);
	free(data);
	if (rc != 0) {
		if (why_line > 0)
			fprintf(stderr, "haven: %s: line %ld: %s; nothing was imported\n", path, why_line, why);
		else
			fprintf(stderr, "haven: %s: %s; nothing was imported\n", path, why);
		return 1;
	}
	if (cli_open_store(db) != 0) {
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
		fprintf(stderr, "haven: %s: %zu row%s rejected; nothing was imported\n", path, counts.rejected,
			counts.rejected == 1 ? "" : "s");
		return 1;
	}
	if (st != HAVEN_OK) {
		fprintf(stderr, "haven: importing settings failed (%s); nothing was imported\n", haven_status_name(st));
		return 1;
	}
	printf("%zu added, %zu updated, %zu unchanged, %zu skipped, %zu rejected\n", counts.added, counts.updated,
	       counts.unchanged, counts.skipped, counts.rejected);
	return 0;
}

const struct command settings_commands[] = {
	{"import settings", "create or update settings from the DfE GIAS establishment file", import_usage,
	 cmd_import},
	{0, 0, 0, 0},
};
