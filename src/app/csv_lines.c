/*
 * csv_lines.c — CSV read record by record with the line each starts on
 * (csv_lines.h): libcsv fed one physical line at a time, so that a record's
 * first line is known when libcsv hands over its fields, and a block at a
 * time from a file, so that nothing but the current record is held.
 */
#include "app/csv_lines.h"

#include <csv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"

#define BLOCK_BYTES (64u << 10)

static const char not_csv_quote[] =
    "not valid CSV: a quote inside a field must be doubled, and only a comma or the line's end may "
    "follow a field's closing quote";
static const char not_csv_unclosed[] =
    "not valid CSV: a quoted field is never closed (the file ends inside it)";

struct reading {
	struct csv_parser parser;
	csv_record_fn each;
	void *ctx;
	size_t max_record_bytes;
	json_t *fields;      /* of the record being read */
	long line;           /* the physical line being fed */
	long record_line;    /* the line the record being read starts on */
	size_t record_bytes; /* fed since that line began */
	bool at_line_start;  /* the next byte fed begins a line */
	bool pending_cr;     /* the last block ended with a CR: a LF first in the next ends the same line */
	bool started;        /* a byte order mark can only be first */
	const char *stop;    /* the callback's refusal */
	struct csv_refusal *refusal;
};

static void refuse(struct reading *r, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void refuse(struct reading *r, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	struct buf why = BUF_INIT;
	buf_vprintf(&why, fmt, ap);
	va_end(ap);
	r->refusal->why = buf_steal(&why, NULL);
	r->refusal->line = line;
}

static void on_field(void *field, size_t len, void *ctx)
{
	struct reading *r = ctx;
	if (r->stop)
		return;
	if (!r->fields)
		r->fields = json_array();
	json_t *s = json_stringn(field ? field : "", field ? len : 0);
	json_array_append_new(r->fields, s ? s : json_null()); /* null: not UTF-8 */
}

static void on_record(int c, void *ctx)
{
	(void)c;
	struct reading *r = ctx;
	json_t *fields = r->fields;
	r->fields = NULL;
	if (fields && !r->stop)
		r->stop = r->each(r->record_line, fields, r->ctx);
	json_decref(fields);
}

/*
 * The length of the line at `data` with its end: LF, CR LF, or a CR alone (as
 * old spreadsheet exports end lines, and as libcsv ends a record), or all of
 * `len` when the line goes on past it; *ended says whether it ended.
 */
static size_t line_length(const char *data, size_t len, bool *ended)
{
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == len || data[i + 1] != '\n'))) {
			*ended = true;
			return i + 1;
		}
	}
	*ended = false;
	return len;
}

static const char *size_words(size_t bytes, char out[static 32])
{
	if (bytes % (1u << 20) == 0)
		snprintf(out, 32, "%zu MB", bytes >> 20);
	else
		snprintf(out, 32, "%zu KB", bytes >> 10);
	return out;
}

/* Feeds a block; false once the file is refused (r->refusal says why). */
static bool feed(struct reading *r, const char *data, size_t len)
{
	if (!r->started && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3; /* spreadsheet programs often start UTF-8 CSV with a byte order mark */
		len -= 3;
	}
	r->started = r->started || len > 0;
	if (r->pending_cr && len > 0 && data[0] == '\n') {
		if (csv_parse(&r->parser, data, 1, on_field, on_record, r) != 1)
			abort(); /* a LF after a record's end is skipped by libcsv */
		data++;
		len--;
	}
	r->pending_cr = false;
	while (len > 0) {
		bool ended;
		size_t n = line_length(data, len, &ended);
		if (memchr(data, '\0', n)) {
			refuse(r, r->line, "not a CSV file (it holds a NUL byte)");
			return false;
		}
		if (r->at_line_start && !r->parser.quoted) {
			/* no quoted field runs on into this line: a record read here starts here */
			r->record_line = r->line;
			r->record_bytes = 0;
		}
		if (csv_parse(&r->parser, data, n, on_field, on_record, r) != n) {
			refuse(r, r->line, "%s", not_csv_quote);
			return false;
		}
		if (r->stop) {
			refuse(r, 0, "%s", r->stop);
			return false;
		}
		r->record_bytes += n;
		if (r->record_bytes > r->max_record_bytes) {
			char words[32];
			refuse(r, r->record_line, "a row is longer than %s: is it the right file?",
			       size_words(r->max_record_bytes, words));
			return false;
		}
		r->at_line_start = ended;
		if (ended) {
			r->line++;
			r->pending_cr = data[n - 1] == '\r' && n == len;
		}
		data += n;
		len -= n;
	}
	return true;
}

/* The end of the input: the last record, if it has no line end. */
static bool finish(struct reading *r)
{
	if (csv_fini(&r->parser, on_field, on_record, r) != 0) {
		refuse(r, r->record_line, "%s", not_csv_unclosed);
		return false;
	}
	if (r->stop) {
		refuse(r, 0, "%s", r->stop);
		return false;
	}
	return true;
}

static void begin(struct reading *r, size_t max_record_bytes, csv_record_fn each, void *ctx,
                  struct csv_refusal *refusal)
{
	*r = (struct reading){.each = each,
	                      .ctx = ctx,
	                      .max_record_bytes = max_record_bytes,
	                      .line = 1,
	                      .record_line = 1,
	                      .at_line_start = true,
	                      .refusal = refusal};
	*refusal = (struct csv_refusal){0};
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		abort();
}

static bool end(struct reading *r, bool ok)
{
	csv_free(&r->parser);
	json_decref(r->fields);
	return ok;
}

bool csv_read_stream(FILE *f, size_t max_record_bytes, csv_record_fn each, void *ctx,
                     struct csv_refusal *refusal)
{
	struct reading r;
	begin(&r, max_record_bytes, each, ctx, refusal);
	char *block = xmalloc(BLOCK_BYTES);
	bool ok = true;
	size_t n;
	while (ok && (n = fread(block, 1, BLOCK_BYTES, f)) > 0)
		ok = feed(&r, block, n);
	free(block);
	if (ok && ferror(f)) {
		refuse(&r, 0, "the file cannot be read");
		ok = false;
	}
	return end(&r, ok && finish(&r));
}

bool csv_read_memory(const char *data, size_t len, size_t max_record_bytes, csv_record_fn each, void *ctx,
                     struct csv_refusal *refusal)
{
	struct reading r;
	begin(&r, max_record_bytes, each, ctx, refusal);
	return end(&r, feed(&r, data, len) && finish(&r));
}

void csv_refusal_report(const char *path, struct csv_refusal *refusal)
{
	if (refusal->line > 0)
		fprintf(stderr, "haven: %s line %ld: %s; nothing was imported\n", path, refusal->line,
		        refusal->why);
	else
		fprintf(stderr, "haven: %s: %s; nothing was imported\n", path, refusal->why);
	free(refusal->why);
	refusal->why = NULL;
}

/* csv_read_lines's callback: every record kept, with its line. */
static const char *keep_record(long line, json_t *fields, void *ctx)
{
	json_array_append_new(ctx, json_pack("[I, O]", (json_int_t)line, fields));
	return NULL;
}

json_t *csv_read_lines(const char *path, const char *data, size_t len)
{
	json_t *records = json_array();
	struct csv_refusal refusal;
	if (!csv_read_memory(data, len, SIZE_MAX, keep_record, records, &refusal)) {
		fprintf(stderr, "haven: %s line %ld: %s\n", path, refusal.line, refusal.why);
		free(refusal.why);
		json_decref(records);
		return NULL;
	}
	return records;
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
