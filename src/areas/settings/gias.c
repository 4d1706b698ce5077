/*
 * gias.c (settings) — reads the GIAS establishment CSV (see gias.h).
 *
 * libcsv (Debian libcsv-dev) parses the CSV in strict mode: a quote inside
 * an unquoted field, text after a closing quote, or a quoted field never
 * closed is an error rather than a guess. libcsv knows nothing of lines, so
 * the file is fed to it one physical line at a time, which tells us the line
 * each record starts on (a quoted field may hold line breaks, so a record can
 * span lines). After a quoting error the parser starts afresh at the next
 * line, so one bad row does not hide the rows after it.
 *
 * Only the ten columns Haven keeps are copied out of each record; their
 * bytes are converted from Windows-1252 to UTF-8 with iconv (glibc's
 * WINDOWS-1252 refuses the five bytes that code page leaves undefined), and
 * white space (line breaks in a quoted name included) is folded to single
 * spaces.
 */
#include "areas/settings/gias.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "router/fields.h"

/* The columns Haven keeps, as the GIAS header names them. */
enum column {
	COL_URN,
	COL_NAME,
	COL_LA_CODE,
	COL_LA_NAME,
	COL_TYPE,
	COL_PHASE,
	COL_STATUS,
	COL_LOW_AGE,
	COL_HIGH_AGE,
	COL_POSTCODE,
	COL_COUNT
};

static const char *const column_names[COL_COUNT] = {
    "URN",
    "EstablishmentName",
    "LA (code)",
    "LA (name)",
    "TypeOfEstablishment (name)",
    "PhaseOfEducation (name)",
    "EstablishmentStatus (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "Postcode",
};

/* Longest establishment name kept; GIAS's longest are about 120 characters. */
#define NAME_MAX_BYTES 400
#define TEXT_MAX_BYTES 200

struct reader {
	/* the header, once read */
	bool have_header;
	size_t header_count;
	int *slot_of;        /* per header column: the enum column it is, or -1 */
	char **header_names; /* while reading the header record */
	size_t header_cap;
	/* the record being read */
	size_t field;         /* fields seen so far */
	char *raw[COL_COUNT]; /* bytes of the kept columns (NUL-terminated copies) */
	size_t raw_len[COL_COUNT];
	bool in_record;   /* a record has started and not ended */
	bool ended;       /* a record ended during the line being fed */
	long record_line; /* the line the current record started on */
	/* what the file turned out to be */
	iconv_t from_cp1252; /* (iconv_t)-1 when the file is UTF-8 */
	char *why;           /* a whole-file problem (then reading stops) */
	size_t why_size;
	long *why_line;
	bool failed;
	/* the rows */
	struct gias_row *rows;
	size_t count, cap;
};

static void fail(struct reader *r, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void fail(struct reader *r, long line, const char *fmt, ...)
{
	if (r->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->why, r->why_size, fmt, ap);
	va_end(ap);
	*r->why_line = line;
	r->failed = true;
}

static void clear_record(struct reader *r)
{
	for (size_t i = 0; i < COL_COUNT; i++) {
		free(r->raw[i]);
		r->raw[i] = NULL;
		r->raw_len[i] = 0;
	}
	for (size_t i = 0; !r->have_header && i < r->field; i++)
		free(r->header_names[i]);
	r->field = 0;
}

/* ---- text ---- */

/* Whether `len` bytes are UTF-8 (router/fields.h's one check: no overlong forms or surrogates). */
static bool valid_utf8(const unsigned char *s, size_t len)
{
	return fields_utf8_length((const char *)s, len) >= 0;
}

/*
 * The field's bytes as UTF-8 with runs of white space and control
 * characters folded to one space and the ends trimmed; NULL when nothing is
 * left. Returns false (and *bad the offending byte) if a byte is not a
 * Windows-1252 character, or (*bad 0) if a file read as UTF-8 holds a field
 * that is not.
 */
static bool to_text(struct reader *r, const char *raw, size_t len, char **out, unsigned char *bad)
{
	*out = NULL;
	char *utf8 = NULL;
	size_t utf8_len = 0;
	bool ascii = true;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)raw[i] >= 0x80)
			ascii = false;
	if (!ascii && r->from_cp1252 == (iconv_t)-1 && !valid_utf8((const unsigned char *)raw, len)) {
		/* a file with a byte order mark is read as UTF-8 without the whole-file check */
		*bad = 0;
		return false;
	}
	if (ascii || r->from_cp1252 == (iconv_t)-1) {
		utf8 = xstrndup(raw, len);
		utf8_len = len;
	} else {
		/* Windows-1252 takes at most 3 UTF-8 bytes a character */
		size_t cap = len * 3 + 1;
		utf8 = xmalloc(cap);
		char *in = (char *)raw, *o = utf8;
		size_t in_left = len, out_left = cap - 1;
		iconv(r->from_cp1252, NULL, NULL, NULL, NULL);
		if (iconv(r->from_cp1252, &in, &in_left, &o, &out_left) == (size_t)-1) {
			*bad = (unsigned char)*in;
			free(utf8);
			return false;
		}
		utf8_len = (size_t)(o - utf8);
		utf8[utf8_len] = '\0';
	}
	/* fold white space: a quoted name may hold a line break, some fields a tab */
	size_t o = 0;
	bool space = true; /* drops leading space */
	for (size_t i = 0; i < utf8_len; i++) {
		unsigned char c = (unsigned char)utf8[i];
		if (c <= 0x20 || c == 0x7f) {
			space = true;
			continue;
		}
		if (space && o)
			utf8[o++] = ' ';
		space = false;
		utf8[o++] = (char)c;
	}
	utf8[o] = '\0';
	if (!o) {
		free(utf8);
		return true;
	}
	*out = utf8;
	return true;
}

/* Reads a whole number of at most `digits` digits; false if `s` is anything else. */
static bool whole_number(const char *s, size_t digits, long long *out)
{
	size_t n = strlen(s);
	if (n == 0 || n > digits)
		return false;
	long long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool postcode_ok(char *s)
{
	size_t n = strlen(s);
	if (n < 5 || n > 8)
		return false;
	for (char *p = s; *p; p++) {
		*p = (char)toupper((unsigned char)*p);
		if (!isalnum((unsigned char)*p) && *p != ' ')
			return false;
	}
	/* a UK postcode starts with a letter and ends digit, letter, letter */
	return isalpha((unsigned char)s[0]) && isdigit((unsigned char)s[n - 3]) &&
	       isalpha((unsigned char)s[n - 2]) && isalpha((unsigned char)s[n - 1]);
}

static void reason(struct gias_row *row, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void reason(struct gias_row *row, const char *fmt, ...)
{
	if (row->reason[0])
		return; /* the first problem is the one reported */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(row->reason, sizeof row->reason, fmt, ap);
	va_end(ap);
}

/* ---- rows ---- */

static struct gias_row *new_row(struct reader *r, long line)
{
	if (r->count == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 256;
		r->rows = xrealloc(r->rows, r->cap * sizeof *r->rows);
	}
	struct gias_row *row = &r->rows[r->count++];
	memset(row, 0, sizeof *row);
	row->line = line;
	row->la_code = -1;
	row->low_age = -1;
	row->high_age = -1;
	return row;
}

/* Room for the first QUOTE_CHARS characters of a value, as a reason quotes it, and a NUL. */
#define QUOTE_CHARS 20
#define QUOTE_SIZE (QUOTE_CHARS * 4 + 1)

/*
 * The start of a (UTF-8) value to quote in a reason: its first QUOTE_CHARS
 * characters, never cut inside one, so the reason stays valid text.
 */
static const char *quote(const char *text, char out[static QUOTE_SIZE])
{
	size_t n = 0, chars = 0;
	while (text[n]) {
		if (((unsigned char)text[n] & 0xc0) != 0x80 && chars++ == QUOTE_CHARS)
			break;
		n++;
	}
	memcpy(out, text, n);
	out[n] = '\0';
	return out;
}

static void read_age(struct gias_row *row, char *text, const char *column, int *age)
{
	long long v;
	char q[QUOTE_SIZE];
	if (!text)
		return; /* GIAS leaves the age empty for some establishments: not recorded */
	if (!whole_number(text, 2, &v))
		reason(row, "%s \"%s\" is not an age (a whole number from 0 to 99)", column, quote(text, q));
	else
		*age = (int)v;
}

static void build_row(struct reader *r)
{
	struct gias_row *row = new_row(r, r->record_line);
	if (r->field != r->header_count) {
		row->broken = true;
		if (r->field < r->header_count)
			reason(row, "the row has %zu fields but the header has %zu: the line is cut short",
			       r->field, r->header_count);
		else
			reason(row, "the row has %zu fields but the header has %zu (an unquoted comma?)",
			       r->field, r->header_count);
		return;
	}
	char *text[COL_COUNT] = {0};
	for (size_t c = 0; c < COL_COUNT; c++) {
		unsigned char bad = 0;
		if (!to_text(r, r->raw[c] ? r->raw[c] : "", r->raw_len[c], &text[c], &bad)) {
			row->broken = true;
			if (r->from_cp1252 == (iconv_t)-1)
				reason(row,
				       "%s is not valid UTF-8, which the file's byte order mark says it is",
				       column_names[c]);
			else
				reason(row, "%s holds the byte 0x%02X, which is not a Windows-1252 character",
				       column_names[c], bad);
		}
	}
	if (row->broken)
		goto out;
	long long v;
	char q[QUOTE_SIZE];
	/* the local authority first: a row of another authority is skipped, whatever else is wrong with it */
	if (!text[COL_LA_CODE])
		reason(row, "LA (code) is missing");
	else if (!whole_number(text[COL_LA_CODE], 3, &v))
		reason(row, "LA (code) \"%s\" is not a local authority code (three digits)",
		       quote(text[COL_LA_CODE], q));
	else
		row->la_code = (int)v;
	if (row->reason[0]) {
		row->broken = true; /* whose row it is cannot be known */
		goto out;
	}
	if (!text[COL_URN])
		reason(row, "the URN is missing");
	else if (!whole_number(text[COL_URN], 6, &v) || v < 100000)
		reason(row, "URN \"%s\" is not a URN (six digits)", quote(text[COL_URN], q));
	else
		row->urn = v;
	if (!text[COL_NAME])
		reason(row, "EstablishmentName is missing");
	else if (strlen(text[COL_NAME]) > NAME_MAX_BYTES)
		reason(row, "EstablishmentName is longer than %d characters", NAME_MAX_BYTES);
	for (enum column c = COL_TYPE; c <= COL_STATUS; c++) {
		if (!text[c])
			reason(row, "%s is missing", column_names[c]);
		else if (strlen(text[c]) > TEXT_MAX_BYTES)
			reason(row, "%s is longer than %d characters", column_names[c], TEXT_MAX_BYTES);
	}
	read_age(row, text[COL_LOW_AGE], "StatutoryLowAge", &row->low_age);
	read_age(row, text[COL_HIGH_AGE], "StatutoryHighAge", &row->high_age);
	if (row->low_age >= 0 && row->high_age >= 0 && row->low_age > row->high_age)
		reason(row, "the age range is back to front: StatutoryLowAge %d is above StatutoryHighAge %d",
		       row->low_age, row->high_age);
	if (text[COL_POSTCODE] && !postcode_ok(text[COL_POSTCODE]))
		reason(row, "Postcode \"%s\" is not a UK postcode", quote(text[COL_POSTCODE], q));
	/* the row keeps its strings, valid or not, so a report can name the setting */
	row->name = text[COL_NAME];
	row->la_name = text[COL_LA_NAME];
	row->type = text[COL_TYPE];
	row->phase = text[COL_PHASE];
	row->status = text[COL_STATUS];
	row->postcode = text[COL_POSTCODE];
	text[COL_NAME] = text[COL_LA_NAME] = text[COL_TYPE] = text[COL_PHASE] = text[COL_STATUS] =
	    text[COL_POSTCODE] = NULL;
out:
	for (size_t c = 0; c < COL_COUNT; c++)
		free(text[c]);
}

static void read_header(struct reader *r)
{
	r->header_count = r->field;
	r->slot_of = xmalloc((r->field ? r->field : 1) * sizeof *r->slot_of);
	bool found[COL_COUNT] = {0};
	for (size_t i = 0; i < r->field; i++) {
		r->slot_of[i] = -1;
		/* the header is ASCII; a byte order mark was removed before parsing */
		for (size_t c = 0; c < COL_COUNT; c++) {
			if (!found[c] && strcasecmp(r->header_names[i], column_names[c]) == 0) {
				r->slot_of[i] = (int)c;
				found[c] = true;
			}
		}
	}
	struct buf missing = BUF_INIT;
	size_t missing_count = 0;
	for (size_t c = 0; c < COL_COUNT; c++) {
		if (found[c])
			continue;
		buf_printf(&missing, "%s\"%s\"", missing_count ? ", " : "", column_names[c]);
		missing_count++;
	}
	for (size_t i = 0; i < r->field; i++)
		free(r->header_names[i]);
	if (missing_count)
		fail(r, r->record_line,
		     "the header row lacks the column%s %s: this is not the GIAS establishment file "
		     "(edubasealldata)",
		     missing_count > 1 ? "s" : "", buf_cstr(&missing));
	buf_free(&missing);
	r->have_header = true;
}

/* ---- libcsv callbacks ---- */

static void on_field(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;
	r->in_record = true;
	if (r->failed)
		return;
	if (!r->have_header) {
		if (r->field == r->header_cap) {
			r->header_cap = r->header_cap ? r->header_cap * 2 : 256;
			r->header_names = xrealloc(r->header_names, r->header_cap * sizeof *r->header_names);
		}
		r->header_names[r->field] = xstrndup(data, len);
	} else if (r->field < r->header_count && r->slot_of[r->field] >= 0) {
		int slot = r->slot_of[r->field];
		r->raw[slot] = xstrndup(data, len);
		r->raw_len[slot] = len;
	}
	r->field++;
}

static void on_record_end(int c, void *ctx)
{
	(void)c;
	struct reader *r = ctx;
	if (!r->failed) {
		if (r->have_header)
			build_row(r);
		else
			read_header(r);
	}
	clear_record(r);
	r->in_record = false;
	r->ended = true;
}

/* A record that libcsv could not read: rejected, named by the line it starts on. */
static void quoting_error(struct reader *r, const char *why)
{
	if (!r->have_header) {
		fail(r, r->record_line, "the header row cannot be read: its quotes do not pair up");
		return;
	}
	struct gias_row *row = new_row(r, r->record_line);
	row->broken = true;
	reason(row, "%s", why);
}

static bool blank_line(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

static int cmp_by_urn(const void *a, const void *b)
{
	const struct gias_row *x = *(const struct gias_row *const *)a,
	                      *y = *(const struct gias_row *const *)b;
	if (x->urn != y->urn)
		return x->urn < y->urn ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* A URN on two rows: the later rows are rejected, naming the first. */
static void find_repeated_urns(struct reader *r)
{
	struct gias_row **by_urn = xmalloc((r->count ? r->count : 1) * sizeof *by_urn);
	size_t n = 0;
	for (size_t i = 0; i < r->count; i++)
		if (r->rows[i].urn)
			by_urn[n++] = &r->rows[i];
	qsort(by_urn, n, sizeof *by_urn, cmp_by_urn);
	for (size_t i = 1; i < n; i++) {
		size_t first = i - 1;
		while (first > 0 && by_urn[first - 1]->urn == by_urn[i]->urn)
			first--;
		if (by_urn[first]->urn == by_urn[i]->urn)
			reason(by_urn[i], "URN %lld is also on line %ld", by_urn[i]->urn,
			       by_urn[first]->line);
	}
	free(by_urn);
}

/* ---- reading a stream ---- */

/*
 * The bytes to read: a buffer, or a file read BLOCK_BYTES at a time (so a
 * file of any size needs one block of memory, not its size).
 */
struct source {
	FILE *file;         /* NULL: the buffer alone */
	const char *buffer; /* the buffer, when there is no file */
	size_t buffer_len;
	char *block;        /* the file's block buffer */
	bool buffer_served; /* the buffer was handed out (buffer sources have one block) */
	const char *data;   /* the block being split into lines */
	size_t len, pos;    /* bytes in data, and how many are used */
};

#define BLOCK_BYTES (64u << 10)

/* The next block of raw bytes in *data; 0 at the end. */
static size_t next_block(struct source *s, const char **data)
{
	if (!s->file) {
		if (s->buffer_served)
			return 0;
		s->buffer_served = true;
		*data = s->buffer;
		return s->buffer_len;
	}
	*data = s->block;
	return fread(s->block, 1, BLOCK_BYTES, s->file);
}

/* Back to the first byte; false if the file cannot be read again. */
static bool rewind_source(struct source *s)
{
	s->pos = s->len = 0;
	s->buffer_served = false;
	return !s->file || fseek(s->file, 0, SEEK_SET) == 0;
}

/*
 * The next piece of a line in *piece: up to and including its '\n', or as
 * much of a longer line as the block holds (*line_end false). 0 at the end.
 */
static size_t next_piece(struct source *s, const char **piece, bool *line_end)
{
	if (s->pos == s->len) {
		const char *data;
		s->len = next_block(s, &data);
		s->pos = 0;
		if (!s->len)
			return 0;
		s->data = data;
	}
	const char *start = s->data + s->pos;
	const char *nl = memchr(start, '\n', s->len - s->pos);
	size_t n = nl ? (size_t)(nl - start) + 1 : s->len - s->pos;
	*line_end = nl != NULL;
	*piece = start;
	s->pos += n;
	return n;
}

/* UTF-8 checked a block at a time: a character may be split between two blocks. */
struct utf8_check {
	unsigned char pending[4]; /* the start of a character the last block cut off */
	size_t have, need;
	bool bad;
};

static size_t utf8_length(unsigned char lead)
{
	return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

static void utf8_feed(struct utf8_check *u, const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (u->have && i < len && !u->bad) {
		u->pending[u->have++] = s[i++];
		if (u->have == u->need) {
			u->bad = !valid_utf8(u->pending, u->have);
			u->have = 0;
		}
	}
	/* a character cut off at the end waits for the next block */
	size_t end = len;
	for (size_t k = 1; k <= 3 && k <= len - i; k++) {
		if ((s[len - k] & 0xc0) == 0x80)
			continue;
		if (utf8_length(s[len - k]) > k)
			end = len - k;
		break;
	}
	if (u->bad || !valid_utf8(s + i, end - i)) {
		u->bad = true;
		return;
	}
	if (end < len) {
		u->have = len - end;
		u->need = utf8_length(s[end]);
		memcpy(u->pending, s + end, u->have);
	}
}

/*
 * The first pass: refuses a NUL byte (naming its line) and finds the
 * encoding: a byte order mark or valid UTF-8 throughout, else Windows-1252.
 * Returns false after fail().
 */
static bool scan(struct source *src, struct reader *r, struct gias_file *out, bool *bom)
{
	struct utf8_check utf8 = {0};
	long line = 1;
	bool first = true;
	const char *data;
	size_t n;
	*bom = false;
	while ((n = next_block(src, &data)) > 0) {
		const char *nul = memchr(data, '\0', n);
		for (const char *p = data; p < (nul ? nul : data + n); p++)
			line += *p == '\n';
		if (nul) {
			fail(r, line, "not a CSV file (it holds a NUL byte)");
			return false;
		}
		if (first && n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
			*bom = true; /* the file was saved as UTF-8 */
		first = false;
		if (!*bom && !utf8.bad)
			utf8_feed(&utf8, (const unsigned char *)data, n);
	}
	if (src->file && ferror(src->file)) {
		fail(r, 0, "the file cannot be read");
		return false;
	}
	/* valid UTF-8 is also true of plain ASCII; Windows-1252 text with é or ’ in it is almost never valid
	 * UTF-8 */
	if (*bom || (!utf8.bad && !utf8.have)) {
		out->encoding = "UTF-8";
		return true;
	}
	r->from_cp1252 = iconv_open("UTF-8", "WINDOWS-1252");
	if (r->from_cp1252 == (iconv_t)-1) {
		fail(r, 0, "cannot convert from Windows-1252 (iconv: %s)", strerror(errno));
		return false;
	}
	out->encoding = "Windows-1252";
	return true;
}

static int parse_source(struct source *src, struct gias_file *out, char *why, size_t why_size, long *why_line)
{
	memset(out, 0, sizeof *out);
	why[0] = '\0';
	*why_line = 0;
	struct reader r = {
	    .why = why, .why_size = why_size, .why_line = why_line, .from_cp1252 = (iconv_t)-1};
	bool bom = false;
	if (!scan(src, &r, out, &bom))
		goto done;
	if (!rewind_source(src)) {
		fail(&r, 0, "the file cannot be read twice (%s)", strerror(errno));
		goto done;
	}

	struct csv_parser parser;
	const unsigned char options = CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL;
	if (csv_init(&parser, options) != 0) {
		fail(&r, 0, "cannot start the CSV parser");
		goto done;
	}
	long line = 1;
	bool line_start = true, line_end = false, line_blank = true, skip_line = false;
	size_t record_bytes = 0;
	const char *start;
	size_t n;
	while (!r.failed && (n = next_piece(src, &start, &line_end)) > 0) {
		if (line == 1 && line_start && bom) {
			start += 3;
			n -= 3;
		}
		if (line_start) {
			if (!r.in_record) {
				r.record_line = line;
				record_bytes = 0;
			}
			r.ended = false;
			line_blank = true;
		}
		line_blank = line_blank && blank_line(start, n);
		record_bytes += n;
		if (skip_line) {
			/* the rest of a line the parser gave up on */
		} else if (csv_parse(&parser, start, n, on_field, on_record_end, &r) != n) {
			if (csv_error(&parser) != CSV_EPARSE) {
				fail(&r, line, "the CSV parser failed: %s", csv_strerror(csv_error(&parser)));
				break;
			}
			quoting_error(
			    &r,
			    "the quotes do not pair up (a quoted field must end with a quote, and a quote "
			    "inside a field is written twice): the line may be cut short");
			/* start afresh on the next line */
			csv_free(&parser);
			clear_record(&r);
			r.in_record = false;
			skip_line = !line_end;
			if (csv_init(&parser, options) != 0) {
				fail(&r, line, "cannot restart the CSV parser");
				break;
			}
		} else if (line_end && !r.ended && !line_blank) {
			r.in_record = true; /* a quoted field runs on to the next line */
		}
		if (r.count > GIAS_ROWS_MAX)
			fail(&r, line,
			     "more than %d rows: England's whole file has about 65,000, so this is not the "
			     "GIAS "
			     "establishment file",
			     GIAS_ROWS_MAX);
		else if (r.in_record && record_bytes > GIAS_RECORD_MAX_BYTES)
			fail(&r, r.record_line,
			     "a row runs on for more than %d MB (a quoted field never closed?): this is not "
			     "the GIAS "
			     "establishment file",
			     GIAS_RECORD_MAX_BYTES >> 20);
		if (line_end) {
			line++;
			skip_line = false;
		}
		line_start = line_end;
	}
	if (!r.failed && src->file && ferror(src->file))
		fail(&r, line, "the file cannot be read");
	if (!r.failed && csv_fini(&parser, on_field, on_record_end, &r) != 0)
		quoting_error(&r, "a quoted field is never closed: the file ends inside it (cut short?)");
	csv_free(&parser);
	clear_record(&r);
	if (!r.failed && !r.have_header)
		fail(&r, 1, "the file is empty: there is no header row");
done:
	if (r.from_cp1252 != (iconv_t)-1)
		iconv_close(r.from_cp1252);
	for (size_t i = 0; !r.have_header && i < r.field; i++)
		free(r.header_names[i]);
	free(r.header_names);
	free(r.slot_of);
	if (r.failed) {
		struct gias_file partial = {r.rows, r.count, NULL};
		gias_file_free(&partial);
		memset(out, 0, sizeof *out);
		return -1;
	}
	find_repeated_urns(&r);
	out->rows = r.rows;
	out->count = r.count;
	return 0;
}

int gias_parse(const char *data, size_t len, struct gias_file *out, char *why, size_t why_size,
               long *why_line)
{
	struct source src = {.buffer = data, .buffer_len = len};
	return parse_source(&src, out, why, why_size, why_line);
}

int gias_parse_file(FILE *f, struct gias_file *out, char *why, size_t why_size, long *why_line)
{
	struct source src = {.file = f, .block = xmalloc(BLOCK_BYTES)};
	int rc = parse_source(&src, out, why, why_size, why_line);
	free(src.block);
	return rc;
}

void gias_file_free(struct gias_file *file)
{
	for (size_t i = 0; i < file->count; i++) {
		struct gias_row *row = &file->rows[i];
		free(row->name);
		free(row->la_name);
		free(row->type);
		free(row->phase);
		free(row->status);
		free(row->postcode);
	}
	free(file->rows);
	file->rows = NULL;
	file->count = 0;
}

static bool contains(const char *haystack, const char *needle)
{
	return haystack && strcasestr(haystack, needle) != NULL;
}

const char *gias_agency_type(const char *establishment_type, const char *phase)
{
	if (contains(establishment_type, "further education") || contains(establishment_type, "sixth form") ||
	    contains(establishment_type, "16 to 19") || contains(establishment_type, "16-19"))
		return "college";
	if (contains(establishment_type, "nursery") || contains(establishment_type, "children's centre") ||
	    contains(establishment_type, "children\xE2\x80\x99s centre") ||
	    (phase && strcasecmp(phase, "Nursery") == 0))
		return "early_years";
	return "school";
}
