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

#include "app/import_command.h"
#include "areas/training/attendance_csv.h"
#include "areas/calendar/calendar.h"
#include "areas/training/handlers.h"
#include "areas/training/store.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "store/store.h"

#define MODULE_MAX 200
#define EMAIL_MAX 254
#define EXIT_SOME_REJECTED 3

/* ---- reading CSV ---- */

struct record {
	char **fields;
	size_t count, cap;
	long line;
};

static void record_clear(struct record *r)
{
	for (size_t i = 0; i < r->count; i++)
		free(r->fields[i]);
	r->count = 0;
}

static void record_push(struct record *r, struct buf *field)
{
	if (r->count == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 8;
		r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
	}
	r->fields[r->count++] = xstrdup(buf_cstr(field));
	buf_reset(field);
}

/*
 * Reads the next record from data[*pos..len) into `r` (cleared first).
 * Returns 1 with a record, 0 at the end, -1 with *why on bad CSV. *pos
 * moves past the record (or to where the CSV went wrong). *line is the
 * current physical line and advances past the record.
 */
static int next_record(const char *data, size_t len, size_t *pos, long *line, struct record *r,
                       const char **why)
{
	record_clear(r);
	if (*pos >= len)
		return 0;
	r->line = *line;
	struct buf field = BUF_INIT;
	size_t i = *pos;
	for (;;) {
		if (i < len && data[i] == '"') {
			/* a quoted field: runs to the closing quote; "" is a quote; may hold line breaks */
			i++;
			for (;;) {
				if (i >= len) {
					*why = "a quoted field is never closed";
					buf_free(&field);
					*pos = i;
					return -1;
				}
				if (data[i] == '"') {
					if (i + 1 < len && data[i + 1] == '"') {
						buf_append_char(&field, '"');
						i += 2;
						continue;
					}
					i++;
					break;
				}
				if (data[i] == '\n')
					(*line)++;
				buf_append_char(&field, data[i++]);
			}
			if (i < len && data[i] != ',' && data[i] != '\n' &&
			    !(data[i] == '\r' && i + 1 < len && data[i + 1] == '\n') &&
			    !(data[i] == '\r' && i + 1 == len)) {
				*why =
				    "text follows a closing quote (a quote inside a field must be doubled)";
				buf_free(&field);
				return -1;
			}
		} else {
			while (i < len && data[i] != ',' && data[i] != '\n' && data[i] != '\r') {
				if (data[i] == '"') {
					*why = "a quote inside a field that does not start with one";
					buf_free(&field);
					return -1;
				}
				buf_append_char(&field, data[i++]);
			}
			if (i < len && data[i] == '\r' && !(i + 1 == len || data[i + 1] == '\n')) {
				*why = "a carriage return without a line feed";
				buf_free(&field);
				return -1;
			}
		}
		record_push(r, &field);
		if (i < len && data[i] == ',') {
			i++;
			continue;
		}
		/* end of record: CRLF, LF, or the end of the file */
		if (i < len && data[i] == '\r')
			i++;
		if (i < len && data[i] == '\n') {
			i++;
			(*line)++;
		}
		break;
	}
	buf_free(&field);
	*pos = i;
	return 1;
}

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

static bool blank(const struct record *r)
{
	return r->count == 1 && r->fields[0][0] == '\0';
}

/*
 * The file, read a window at a time: before each record the window holds
 * at least RECORD_MAX_BYTES more (or the rest of the file), so a record
 * that fits is always whole in it, and one that runs to the window's end
 * before the file's is too long. Memory is the window and the rows kept.
 */
#define WINDOW_BYTES (256 * 1024)
#define RECORD_MAX_BYTES (64 * 1024)

struct source {
	FILE *f;
	char *data;
	size_t len, pos;
	bool eof;
};

/* Moves what is left to the window's start and reads until it is full or the file ends; false if unreadable.
 */
static bool source_fill(struct source *src, const char **why)
{
	if (src->eof || src->len - src->pos >= RECORD_MAX_BYTES + 2)
		return true;
	memmove(src->data, src->data + src->pos, src->len - src->pos);
	src->len -= src->pos;
	src->pos = 0;
	while (src->len < WINDOW_BYTES && !src->eof) {
		size_t n = fread(src->data + src->len, 1, WINDOW_BYTES - src->len, src->f);
		if (memchr(src->data + src->len, '\0', n)) {
			*why = "not a CSV file (it holds a NUL byte)";
			return false;
		}
		src->len += n;
		if (n == 0) {
			if (ferror(src->f)) {
				*why = "the file cannot be read";
				return false;
			}
			src->eof = true;
		}
	}
	return true;
}

/* next_record from the file: refills the window first, and refuses a record longer than RECORD_MAX_BYTES. */
static int next_record_from(struct source *src, long *line, struct record *r, const char **why)
{
	if (!source_fill(src, why)) {
		r->line = *line;
		return -1;
	}
	int got = next_record(src->data, src->len, &src->pos, line, r, why);
	if (!src->eof && src->pos >= src->len) {
		*why = "a row is longer than 64 KB: is it the right file?";
		return -1;
	}
	return got;
}

int elearning_read(FILE *f, struct elearning_row **rows, size_t *count, const char **why, long *why_line)
{
	*rows = NULL;
	*count = 0;
	*why = NULL;
	*why_line = 0;
	struct source src = {.f = f, .data = xmalloc(WINDOW_BYTES)};
	long line = 1;
	struct record r = {0};
	int got;
	if (!source_fill(&src, why)) {
		free(src.data);
		*why_line = 1;
		return -1;
	}
	if (src.len >= 3 && memcmp(src.data, "\xEF\xBB\xBF", 3) == 0)
		src.pos = 3; /* spreadsheet programs often start UTF-8 CSV with a byte order mark */
	/* the header: the first record that is not blank */
	while ((got = next_record_from(&src, &line, &r, why)) == 1 && blank(&r))
		;
	if (got <= 0) {
		*why_line = got < 0 ? r.line : 1;
		if (got == 0)
			*why = "no header row (email, module, completed_on)";
		record_clear(&r);
		free(r.fields);
		free(src.data);
		return -1;
	}
	long col_email = -1, col_module = -1, col_date = -1;
	for (size_t i = 0; i < r.count; i++) {
		char *name = trimmed(r.fields[i], true);
		if (name && strcmp(name, "email") == 0 && col_email < 0)
			col_email = (long)i;
		else if (name && strcmp(name, "module") == 0 && col_module < 0)
			col_module = (long)i;
		else if (name && strcmp(name, "completed_on") == 0 && col_date < 0)
			col_date = (long)i;
		free(name);
	}
	if (col_email < 0 || col_module < 0 || col_date < 0) {
		*why = "the header row must name the columns email, module and completed_on";
		*why_line = r.line;
		record_clear(&r);
		free(r.fields);
		free(src.data);
		return -1;
	}
	size_t cap = 0;
	struct elearning_row *list = NULL;
	while ((got = next_record_from(&src, &line, &r, why)) == 1) {
		if (blank(&r))
			continue;
		if (*count == ELEARNING_ROWS_MAX) {
			*why = "more than 200,000 rows: an export may hold at most 200,000";
			got = -1;
			break;
		}
		if (*count == cap) {
			cap = cap ? cap * 2 : 64;
			list = xrealloc(list, cap * sizeof *list);
		}
		struct elearning_row *row = &list[(*count)++];
		memset(row, 0, sizeof *row);
		row->line = r.line;
		if ((size_t)col_email < r.count)
			row->email = trimmed(r.fields[col_email], true);
		if ((size_t)col_module < r.count)
			row->module = trimmed(r.fields[col_module], false);
		if ((size_t)col_date < r.count)
			row->completed_on = trimmed(r.fields[col_date], false);
		int32_t day;
		if (!row->email)
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
	}
	long bad_line = r.line; /* where the unreadable record starts */
	record_clear(&r);
	free(r.fields);
	free(src.data);
	if (got < 0) {
		*why_line = bad_line;
		elearning_rows_free(list, *count);
		*rows = NULL;
		*count = 0;
		return -1;
	}
	*rows = list;
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
	const char *why = NULL;
	long why_line = 0;
	int rc = elearning_read(f, &rows, &count, &why, &why_line);
	fclose(f);
	if (rc != 0) {
		fprintf(stderr, "haven: %s: line %ld: %s; nothing was imported\n", path, why_line, why);
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
	bool ok = training_period(req, res, &period);
	const char *f = period.from_text, *t = period.to_text;
	json_t *model = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "title", "E-learning completions", "from",
	                          f, "to", t, "submitted", "from", f, "to", t);
	if (!ok) {
		response_set_model(res, model); /* the page, showing the period asked for, with the error */
		return HAVEN_OK;
	}
	struct page page;
	if (!page_from_request(req, res, &page)) {
		json_decref(model);
		return HAVEN_OK;
	}
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
