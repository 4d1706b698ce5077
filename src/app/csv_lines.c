/*
 * csv_lines.c — small CSV files read record by record with the line each
 * starts on (csv_lines.h), for the import commands' messages.
 */
#include "app/csv_lines.h"

#include <csv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* CSV records with the line each starts on: [[line, [fields...]], ...] (blank lines skipped by libcsv). */
struct csv_lines {
	json_t *records, *current;
	long line, record_line;
};

static void on_field(void *field, size_t len, void *ctx)
{
	struct csv_lines *r = ctx;
	if (!r->current) {
		r->current = json_array();
		r->record_line = r->line;
	}
	json_t *s = json_stringn(field ? field : "", field ? len : 0);
	json_array_append_new(r->current, s ? s : json_null()); /* null: not UTF-8 */
}

static void on_record(int c, void *ctx)
{
	(void)c;
	struct csv_lines *r = ctx;
	if (r->current)
		json_array_append_new(r->records,
		                      json_pack("[I, o]", (json_int_t)r->record_line, r->current));
	r->current = NULL;
}

/*
 * The length of the line at `data` with its end: LF, CR LF, or a CR alone (as
 * old spreadsheet exports end lines, and as libcsv ends a record), so every
 * record starts on a line of its own number.
 */
static size_t line_length(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n')
			return i + 1;
		if (data[i] == '\r')
			return i + 1 < len && data[i + 1] == '\n' ? i + 2 : i + 1;
	}
	return len;
}

json_t *csv_read_lines(const char *path, const char *data, size_t len)
{
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3; /* spreadsheet programs often start UTF-8 CSV with a byte order mark */
		len -= 3;
	}
	if (memchr(data, '\0', len)) {
		fprintf(stderr, "haven: %s: not a CSV file (it holds a NUL byte)\n", path);
		return NULL;
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		abort();
	struct csv_lines r = {json_array(), NULL, 1, 1};
	bool ok = true;
	for (size_t pos = 0; pos < len && ok; r.line++) {
		size_t n = line_length(data + pos, len - pos);
		ok = csv_parse(&p, data + pos, n, on_field, on_record, &r) == n;
		pos += n;
	}
	r.line--;
	ok = ok && csv_fini(&p, on_field, on_record, &r) == 0;
	csv_free(&p);
	if (!ok) {
		fprintf(stderr,
		        "haven: %s line %ld: not valid CSV (a quote inside a field must be doubled, and a "
		        "quoted field "
		        "closed)\n",
		        path, r.current ? r.record_line : r.line);
		json_decref(r.records);
		json_decref(r.current);
		return NULL;
	}
	json_decref(r.current);
	return r.records;
}

bool csv_header_is(const char *path, const json_t *records, const char *const *header, size_t count)
{
	json_t *head = json_array_get(json_array_get(records, 0), 1);
	bool same = json_array_size(head) == count;
	for (size_t i = 0; same && i < count; i++)
		same = json_string_value(json_array_get(head, i)) &&
		       strcmp(json_string_value(json_array_get(head, i)), header[i]) == 0;
	if (!same) {
		fprintf(stderr, "haven: %s line 1: the header row must be ", path);
		for (size_t i = 0; i < count; i++)
			fprintf(stderr, "%s%s", i ? "," : "", header[i]);
		fputc('\n', stderr);
	}
	return same;
}
