/*
 * terms.c (incidents) — reading a file of school term dates (terms.h): the
 * checks every term goes through, whether it came from the command line or
 * an administrator's upload, so a problem reads the same in both.
 */
#include "areas/incidents/terms.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/csv_lines.h"
#include "areas/calendar/calendar.h"
#include "areas/incidents/deadline.h"
#include "core/alloc.h"
#include "router/fields.h"

_Static_assert(INCIDENT_TERMS_MAX == 200, "the messages below name this limit");
const char incidents_terms_too_many[] = "more than 200 terms: a file may hold at most 200";

/* A record longer than this is not a term: at most a few hundred bytes. */
#define TERM_RECORD_MAX_BYTES (1u << 20)

static void start(struct incident_terms *out)
{
	*out = (struct incident_terms){.terms = xcalloc(INCIDENT_TERMS_MAX, sizeof *out->terms),
	                               .years = xcalloc(INCIDENT_TERMS_MAX, sizeof *out->years)};
}

void incidents_terms_free(struct incident_terms *t)
{
	free(t->terms);
	free(t->years);
	*t = (struct incident_terms){0};
}

/*
 * Whether `name` holds a control character: a line break or tab (a quoted CSV
 * field may hold either), another below U+0020, DEL, or one of U+0080 to
 * U+009F (C2 80 to C2 9F in UTF-8). A name is one line a person reads in a
 * list, and such a character is unseen there or breaks the line.
 */
static bool has_control_character(const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return true;
	return false;
}

/* Checks one term and appends it; problems go to `problems` naming `where`. */
static void add_term(const char *where, const char *name, const char *first, const char *last,
                     struct incident_terms *out, struct buf *problems)
{
	int32_t a = 0, b = 0;
	bool ok = true;
	_Static_assert(INCIDENT_TERM_NAME_MAX == 200, "the messages below name this limit");
	long chars = name ? fields_utf8_length(name, strlen(name)) : 0;
	if (!name || !*name) {
		buf_printf(problems, "%s: enter the term's name (up to 200 characters)\n", where);
		ok = false;
	} else if (has_control_character(name)) {
		buf_printf(problems,
		           "%s: the term's name holds a control character (a line break, a tab or "
		           "another unseen character): a name is one line of text\n",
		           where);
		ok = false;
	} else if (chars < 0 || chars > INCIDENT_TERM_NAME_MAX) {
		buf_printf(problems, "%s: the term's name is longer than 200 characters\n", where);
		ok = false;
	}
	if (!first || !calendar_parse(first, &a)) {
		buf_printf(problems, "%s: first_day must be a real date, written like 2026-09-03\n", where);
		ok = false;
	}
	if (!last || !calendar_parse(last, &b)) {
		buf_printf(problems, "%s: last_day must be a real date, written like 2026-10-23\n", where);
		ok = false;
	}
	if (ok && b < a) {
		buf_printf(problems, "%s: last_day (%s) is before first_day (%s)\n", where, last, first);
		ok = false;
	}
	/* a term counts for the school year it starts in: one running into the next year would make
	 * that year "have terms" and every other weekday of it a holiday, a deadline a year late */
	int32_t year_first = 0, year_last = 0;
	if (ok)
		deadline_school_year(a, &year_first, &year_last);
	if (ok && b > year_last) {
		char end[CALENDAR_DATE_SIZE];
		calendar_format(year_last, end);
		buf_printf(problems,
		           "%s: a term must end by 31 August of the school year it starts in (last_day %s "
		           "is after %s)\n",
		           where, last, end);
		ok = false;
	}
	if (!ok)
		return;
	if (out->count == INCIDENT_TERMS_MAX) {
		buf_printf(problems, "%s: a file may hold at most %d terms\n", where, INCIDENT_TERMS_MAX);
		return;
	}
	struct incident_term *t = &out->terms[out->count++];
	snprintf(t->where, sizeof t->where, "%s", where);
	snprintf(t->first_day, sizeof t->first_day, "%s", first);
	snprintf(t->last_day, sizeof t->last_day, "%s", last);
	snprintf(t->name, sizeof t->name, "%s", name);
}

static int compare_days(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* What every file's terms must be together: some, none overlapping; then the school years they start in
 * (add_term has kept each within the one it starts in). */
static bool finish(struct incident_terms *out, struct buf *problems)
{
	if (!problems->len && out->count == 0)
		buf_printf(problems, "the file lists no terms\n");
	/* each term against the first before it that it overlaps: one message a term at most, so a
	 * spreadsheet with its dates filled down gets 199 lines, not one for each of 19,900 pairs */
	for (size_t j = 1; j < out->count; j++)
		for (size_t i = 0; i < j; i++)
			if (strcmp(out->terms[i].first_day, out->terms[j].last_day) <= 0 &&
			    strcmp(out->terms[j].first_day, out->terms[i].last_day) <= 0) {
				buf_printf(problems, "the terms \"%s\" and \"%s\" overlap\n",
				           out->terms[i].name, out->terms[j].name);
				break;
			}
	if (problems->len)
		return false;
	/* each school year the terms start in, once, earliest first: an import replaces only these */
	int32_t starts[INCIDENT_TERMS_MAX], day, first, last;
	for (size_t i = 0; i < out->count; i++) {
		calendar_parse(out->terms[i].first_day, &day);
		deadline_school_year(day, &starts[i], &last);
	}
	qsort(starts, out->count, sizeof *starts, compare_days);
	for (size_t i = 0; i < out->count; i++) {
		if (i > 0 && starts[i] == starts[i - 1])
			continue;
		struct incident_school_year *y = &out->years[out->year_count++];
		deadline_school_year(starts[i], &first, &last);
		calendar_format(first, y->first_day);
		calendar_format(last, y->last_day);
	}
	return true;
}

bool incidents_terms_from_list(const json_t *list, struct incident_terms *out, struct buf *problems)
{
	start(out);
	size_t i;
	json_t *t;
	json_array_foreach(list, i, t)
	{
		char where[48];
		snprintf(where, sizeof where, "terms[%zu]", i);
		add_term(where, json_string_value(json_object_get(t, "name")),
		         json_string_value(json_object_get(t, "first_day")),
		         json_string_value(json_object_get(t, "last_day")), out, problems);
	}
	return finish(out, problems);
}

bool incidents_terms_from_records(const json_t *records, struct incident_terms *out, struct buf *problems)
{
	start(out);
	int col[3] = {-1, -1, -1};
	static const char *const names[] = {"name", "first_day", "last_day"};
	size_t i;
	json_t *c;
	json_array_foreach(json_array_get(records, 0), i, c)
	{
		for (int k = 0; k < 3; k++)
			if (json_is_string(c) && strcasecmp(json_string_value(c), names[k]) == 0 &&
			    col[k] < 0)
				col[k] = (int)i;
	}
	if (col[0] < 0 || col[1] < 0 || col[2] < 0)
		buf_printf(problems,
		           "row 1: the header row must name the columns name, first_day and last_day\n");
	json_t *r;
	json_array_foreach(records, i, r)
	{
		if (i == 0 || col[0] < 0 || col[1] < 0 || col[2] < 0)
			continue;
		char where[32];
		snprintf(where, sizeof where, "row %zu", i + 1);
		add_term(where, json_string_value(json_array_get(r, (size_t)col[0])),
		         json_string_value(json_array_get(r, (size_t)col[1])),
		         json_string_value(json_array_get(r, (size_t)col[2])), out, problems);
	}
	return finish(out, problems);
}

/* Keeps each record, up to a header and INCIDENT_TERMS_MAX terms (csv_lines.h's callback). */
static const char *keep_record(long line, json_t *fields, void *ctx)
{
	(void)line; /* rows are named as a spreadsheet numbers them, as the command names them */
	json_t *records = ctx;
	if (json_array_size(records) == INCIDENT_TERMS_MAX + 1)
		return incidents_terms_too_many;
	json_array_append(records, fields);
	return NULL;
}

bool incidents_terms_from_csv(const char *data, size_t len, struct incident_terms *out, struct buf *problems)
{
	*out = (struct incident_terms){0};
	/* a spreadsheet saved as .xlsx, a PDF or an image: say what the file must be, not where it broke */
	json_t *text = memchr(data, '\0', len) ? NULL : json_stringn(data, len);
	if (!text) {
		buf_printf(problems,
		           "the file is not a CSV file: save the term dates from the spreadsheet as "
		           "CSV (comma-separated values, UTF-8)\n");
		return false;
	}
	json_decref(text);
	json_t *records = json_array();
	struct csv_refusal refusal;
	if (!csv_read_memory(data, len, TERM_RECORD_MAX_BYTES, keep_record, records, &refusal)) {
		if (refusal.line > 0)
			buf_printf(problems, "line %ld: ", refusal.line);
		buf_printf(problems, "%s\n", refusal.why);
		free(refusal.why);
		json_decref(records);
		return false;
	}
	bool ok = incidents_terms_from_records(records, out, problems);
	json_decref(records);
	return ok;
}
