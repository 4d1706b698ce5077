/*
 * attendance_import.c (training) — `haven import attendance --db PATH
 * FILE.csv`: past attendance of the partnership's training, from before
 * Haven or from sessions run elsewhere, so the year's figures (and the
 * annual report's "practitioners trained") count everyone.
 *
 * All or nothing, unlike `haven import elearning`: these rows are the
 * figures the partnership publishes, and a file half in is a year's figure
 * that is quietly wrong. So every row is checked (its fields here, in
 * attendance_csv.c; its course and agency in the database, in one unit)
 * and, if any is wrong, each wrong row is named with its line and field and
 * nothing is added.
 *
 * Importing is idempotent rather than refusing duplicates: a person already
 * recorded as attending that course that day (by an earlier import, on the
 * register, or by a ticked booking) is counted as already recorded and not
 * added again. So a file corrected and run again, or a second file that
 * overlaps the first (two trainers' spreadsheets of one course), never
 * counts anyone twice, and nobody has to cut rows out by hand first.
 */
#include "areas/training/attendance_csv.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/cli.h"
#include "app/import_command.h"
#include "areas/calendar/london.h"
#include "areas/training/handlers.h"
#include "areas/training/store.h"
#include "store/store.h"

const char training_import_attendance_usage[] =
    "Usage: haven import attendance --db PATH FILE.csv\n"
    "\n"
    "Adds past attendance of the partnership's training. FILE.csv (UTF-8, RFC\n"
    "4180) has the header row date,course,name,email,agency,role,attended and one\n"
    "person attending one course on one day a row: date YYYY-MM-DD (not after\n"
    "today); course the course's title in Haven (any case) or its number; email\n"
    "optional (if a Haven account has it, the attendance is that account's);\n"
    "agency the agency's slug; role in words; attended yes or no (a \"no\" row is\n"
    "counted, not recorded).\n"
    "\n"
    "All or nothing: if any row is wrong, each wrong row is named with its line\n"
    "and field, and nothing is added (exit 1). Someone already recorded as\n"
    "attending that course that day is not added again, so importing a file\n"
    "twice adds nothing the second time. Prints \"N added, M already recorded,\n"
    "K did not attend\". The file may be up to 32 MB and 100,000 rows.\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --help      show this help\n";

static const struct import_command import_attendance = {
    .name = "import attendance",
    .usage = training_import_attendance_usage,
    .file = "FILE.csv",
    .file_max_mb = 32,
};

/* Names every error of every row on stderr, in file order; how many rows had one. */
static size_t say_errors(const char *path, const json_t *rows)
{
	size_t bad = 0, i, k;
	json_t *row, *e;
	json_array_foreach(rows, i, row)
	{
		const json_t *errors = json_object_get(row, "errors");
		json_array_foreach(errors, k, e)
		    fprintf(stderr, "haven: %s line %lld: %s: %s\n", path, (long long)field_int(row, "line"),
		            field_text(e, "field"), field_text(e, "message"));
		bad += json_array_size(errors) > 0;
	}
	return bad;
}

int training_import_attendance(int argc, char **argv)
{
	struct import_args args;
	int status;
	if (!import_parse_args(&import_attendance, argc, argv, &args, &status))
		return status;
	size_t len;
	char *data = import_read_file(&import_attendance, args.file, &len);
	if (!data)
		return 1;
	char today[CALENDAR_DATE_SIZE];
	calendar_london_today_text(today);
	json_t *rows = training_attendance_csv(args.file, data, len, today);
	free(data);
	if (!rows) {
		fprintf(stderr, "haven: nothing was imported\n");
		return 1;
	}
	if (cli_open_store(args.db) != 0) {
		json_decref(rows);
		return 1;
	}
	/* the database checks every row the file's checks passed, so one run names every wrong row */
	struct training_import_counts counts;
	enum haven_status st = training_attendance_import(rows, &counts);
	store_close();
	size_t bad = say_errors(args.file, rows);
	size_t count = json_array_size(rows);
	json_decref(rows);
	if (bad) {
		fprintf(stderr, "haven: %zu of %zu rows are wrong; nothing was imported\n", bad, count);
		return 1;
	}
	if (st != HAVEN_OK)
		return import_failed("importing attendance", st);
	printf("%lld added, %lld already recorded, %lld did not attend\n", counts.added,
	       counts.already_recorded, counts.not_attended);
	return 0;
}
