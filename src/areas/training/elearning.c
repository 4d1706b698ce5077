/*
 * elearning.c (training) — `haven import elearning --db PATH FILE.csv`:
 * completions of e-learning modules from the e-learning platform's CSV
 * export, so that online learning shows in Haven beside the sessions.
 *
 * What is all-or-nothing and what is row by row: a file that is not CSV (a
 * NUL byte, a stray or unclosed quote) or whose header lacks email, module
 * or completed_on changes nothing (exit 1), because it is probably the wrong
 * file. Otherwise every good row is added and every bad row is reported on
 * stderr with its line and reason (missing field, bad date, unknown email)
 * and left out, because one typing slip in a thousand-row export should not
 * hold back the other 999; the person fixes the rows named and imports the
 * file again, and the rows already added come back as duplicates. The
 * summary "N added, M duplicates, K rejected" goes to stdout; the exit status
 * is 0 if nothing was rejected, 3 if some rows were.
 *
 * Also the page (and API) listing the completions imported for a period.
 */
#include "areas/training/elearning.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/csv_lines.h"
#include "app/import_command.h"
#include "areas/training/attendance_csv.h"
#include "areas/calendar/calendar.h"
#include "areas/training/handlers.h"
#include "areas/training/store.h"
#include "core/alloc.h"
#include "store/store.h"

#define MODULE_MAX 200
#define EMAIL_MAX 254
#define EXIT_SOME_REJECTED 3

/* ---- reading CSV ---- */

/* The longest row an export can need; a longer one means the wrong file. */
#define RECORD_MAX_BYTES (64 * 1024)

static char *trimmed(const char *s, bool lower)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (!n)
		return NULL;
	char *out = xmalloc(n + 1);
	for (size_t i = 0; i < n; i++)
		out[i] = lower ? (char)tolower((unsigned char)s[i]) : s[i];
	out[n] = '\0';
	return out;
}

/* What the reading has found so far (csv_lines.h's callback context). */
struct reading {
	long col_email, col_module, col_date; /* -1 until the header names them */
	bool have_header;
	struct elearning_row *rows;
	size_t count, cap;
	long refused_line; /* the line of a refusal made here */
};

/* The header: the columns' places, whatever their order and case. */
static const char *read_header(struct reading *r, long line, const json_t *fields)
{
	size_t i;
	const json_t *field;
	json_array_foreach(fields, i, field)
	{
		char *name = json_is_string(field) ? trimmed(json_string_value(field), true) : NULL;
		if (name && strcmp(name, "email") == 0 && r->col_email < 0)
			r->col_email = (long)i;
		else if (name && strcmp(name, "module") == 0 && r->col_module < 0)
			r->col_module = (long)i;
		else if (name && strcmp(name, "completed_on") == 0 && r->col_date < 0)
			r->col_date = (long)i;
		free(name);
	}
	r->have_header = true;
	if (r->col_email < 0 || r->col_module < 0 || r->col_date < 0) {
		r->refused_line = line;
		return "the header row must name the columns email, module and completed_on";
	}
	return NULL;
}

/* A row's field in column `col`, trimmed; NULL if missing or empty; *not_text if it is not UTF-8. */
static char *field_at(const json_t *fields, long col, bool lower, bool *not_text)
{
	const json_t *field = json_array_get(fields, (size_t)col);
	if (field && !json_is_string(field))
		*not_text = true;
	return json_is_string(field) ? trimmed(json_string_value(field), lower) : NULL;
}

static const char *read_row(long line, json_t *fields, void *ctx)
{
	struct reading *r = ctx;
	if (!r->have_header)
		return read_header(r, line, fields);
	if (r->count == ELEARNING_ROWS_MAX) {
		r->refused_line = line;
		return "more than 200,000 rows: an export may hold at most 200,000";
	}
	if (r->count == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->rows = xrealloc(r->rows, r->cap * sizeof *r->rows);
	}
	struct elearning_row *row = &r->rows[r->count++];
	bool not_text = false;
	*row = (struct elearning_row){
	    .line = line,
	    .email = field_at(fields, r->col_email, true, &not_text),
	    .module = field_at(fields, r->col_module, false, &not_text),
	    .completed_on = field_at(fields, r->col_date, false, &not_text),
	};
	int32_t day;
	if (not_text)
		row->reason = "the row holds text that is not UTF-8";
	else if (!row->email)
		row->reason = "the email is missing";
	else if (!row->module)
		row->reason = "the module is missing";
	else if (!row->completed_on)
		row->reason = "completed_on is missing";
	else if (strlen(row->email) > EMAIL_MAX || !strchr(row->email, '@'))
		row->reason = "the email is not an email address";
	else if (strlen(row->module) > MODULE_MAX)
		row->reason = "the module name is longer than 200 characters";
	else if (!calendar_parse(row->completed_on, &day))
		row->reason = "completed_on is not a real date written YYYY-MM-DD";
	if (row->reason)
		row->outcome = ELEARNING_REJECTED;
	return NULL;
}

int elearning_read(FILE *f, struct elearning_row **rows, size_t *count, char **why, long *why_line)
{
	struct reading r = {.col_email = -1, .col_module = -1, .col_date = -1};
	struct csv_refusal refusal;
	bool read = csv_read_stream(f, RECORD_MAX_BYTES, read_row, &r, &refusal);
	if (read && !r.have_header) {
		refusal = (struct csv_refusal){xstrdup("no header row (email, module, completed_on)"), 1};
		read = false;
	}
	if (!read) {
		elearning_rows_free(r.rows, r.count);
		*rows = NULL;
		*count = 0;
		*why = refusal.why;
		*why_line = refusal.line ? refusal.line : r.refused_line;
		return -1;
	}
	*rows = r.rows;
	*count = r.count;
	*why = NULL;
	*why_line = 0;
	return 0;
}

void elearning_rows_free(struct elearning_row *rows, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(rows[i].email);
		free(rows[i].module);
		free(rows[i].completed_on);
	}
	free(rows);
}

/* ---- the command ---- */

static const char import_usage[] =
    "Usage: haven import elearning --db PATH FILE.csv\n"
    "\n"
    "Adds completions of e-learning modules from the e-learning platform's CSV\n"
    "export. The first row is a header naming the columns email, module and\n"
    "completed_on (YYYY-MM-DD), in any order; other columns are ignored. Fields\n"
    "may be quoted as RFC 4180 describes.\n"
    "\n"
    "A file that is not CSV, or whose header lacks a column, changes nothing\n"
    "(exit 1). Otherwise every good row is added and every bad row (a missing\n"
    "field, a date that is not real, an email with no Haven account) is named\n"
    "on stderr with its line and left out. A completion Haven already has (the\n"
    "same person, module and date) counts as a duplicate, so importing an\n"
    "overlapping export again is harmless. Prints \"N added, M duplicates, K\n"
    "rejected\"; exits 0 if nothing was rejected, 3 if some rows were. The file\n"
    "may be up to 32 MB and 200,000 rows, each row up to 64 KB.\n"
    "\n"
    "  --db PATH   the SQLite database file\n"
    "  --help      show this help\n";

static const struct import_command import_elearning = {
    .name = "import elearning",
    .usage = import_usage,
    .file = "FILE.csv",
    .file_max_mb = 32, /* far more than a year's completions */
};

static int cmd_import(int argc, char **argv)
{
	struct import_args args;
	int exit_status;
	if (!import_parse_args(&import_elearning, argc, argv, &args, &exit_status))
		return exit_status;
	const char *path = args.file;

	/* the whole file is read and checked, as a stream, before the database is opened */
	FILE *f = import_open_file(&import_elearning, path, import_elearning.file_max_mb);
	if (!f)
		return 1;
	struct elearning_row *rows = NULL;
	size_t count = 0;
	struct csv_refusal refusal = {0};
	int rc = elearning_read(f, &rows, &count, &refusal.why, &refusal.line);
	fclose(f);
	if (rc != 0) {
		csv_refusal_report(path, &refusal);
		return 1;
	}
	if (cli_open_store(args.db) != 0) {
		elearning_rows_free(rows, count);
		return 1;
	}
	enum haven_status st = training_elearning_import(rows, count);
	store_close();
	if (st != HAVEN_OK) {
		elearning_rows_free(rows, count);
		return import_failed("importing e-learning completions", st);
	}
	size_t added = 0, duplicates = 0, rejected = 0;
	for (size_t i = 0; i < count; i++) {
		if (rows[i].outcome == ELEARNING_ADDED)
			added++;
		else if (rows[i].outcome == ELEARNING_DUPLICATE)
			duplicates++;
		else {
			rejected++;
			fprintf(stderr, "haven: %s: line %ld: %s; row rejected\n", path, rows[i].line,
			        rows[i].reason);
		}
	}
	elearning_rows_free(rows, count);
	printf("%zu added, %zu duplicates, %zu rejected\n", added, duplicates, rejected);
	return rejected ? EXIT_SOME_REJECTED : 0;
}

const struct command training_commands[] = {
    {"import elearning", "add e-learning module completions from the platform's CSV export", import_usage,
     cmd_import},
    {"import attendance", "add past training attendance from a CSV file, all or nothing",
     training_import_attendance_usage, training_import_attendance},
    {0, 0, 0, 0},
};

/* GET /training/elearning and its API twin (training.manage): completions imported for a period. */
enum haven_status training_handle_elearning(struct request *req, struct response *res)
{
	struct period period;
	struct page page;
	json_t *model;
	if (!training_period_list(req, res, "E-learning completions", &period, &page, &model))
		return HAVEN_OK;
	const char *f = period.from_text, *t = period.to_text;
	json_t *list = NULL;
	long long total = -1;
	enum haven_status st = training_elearning_list(f, t, &page, &list, &total);
	if (st != HAVEN_OK) {
		json_decref(model);
		return st;
	}
	page_finish(&page, req, model, "completions", list, "id", total, "completions");
	size_t n = json_array_size(json_object_get(model, "completions"));
	json_object_set_new(model, "count", json_integer((json_int_t)n));
	if (!req->api)
		json_object_set_new(model, "found", json_boolean(n > 0));
	response_set_model(res, model);
	return HAVEN_OK;
}
