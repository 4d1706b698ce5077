/*
 * gias.h (settings) — reading the DfE "Get Information about Schools" (GIAS)
 * establishment file (edubasealldata*.csv) for `haven import settings`.
 *
 * The reader is pure (no database): it turns the file's bytes into one row
 * per establishment, each with the line it starts on, its fields converted
 * to UTF-8 and checked, and the reason it cannot be imported if it cannot;
 * or it says why the file as a whole is not a GIAS file. Whether a row's
 * local authority belongs to the partnership is the import's question
 * (store_sqlite.c), not the reader's.
 *
 * The real file is Windows-1252, comma-separated with CRLF line ends, a
 * header row of about 130 columns, and fields double-quoted when they hold a
 * comma, a quote or a line break (RFC 4180). CSV is parsed by libcsv in
 * strict mode; the reader adds line numbers, the header lookup and the
 * character conversion (iconv).
 */
#ifndef HAVEN_AREAS_SETTINGS_GIAS_H
#define HAVEN_AREAS_SETTINGS_GIAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* What the import did with a row (set by settings_import, store.h). */
enum gias_outcome {
	GIAS_PENDING,   /* not decided yet */
	GIAS_ADDED,     /* a new setting (and its agency) */
	GIAS_UPDATED,   /* a known setting whose details changed */
	GIAS_UNCHANGED, /* a known setting, nothing to change */
	GIAS_SKIPPED,   /* another local authority's, or closed and never in Haven */
	GIAS_REJECTED,  /* cannot be imported: `reason` says why */
};

/* One establishment row. Strings are UTF-8 with white space tidied, owned by the row; NULL when empty. */
struct gias_row {
	long line;      /* the physical line the row starts on (the header is line 1) */
	long long urn;  /* 0 when the URN is missing or not six digits */
	char *name;     /* EstablishmentName */
	int la_code;    /* "LA (code)"; -1 when missing or not a number */
	char *la_name;  /* "LA (name)" */
	char *type;     /* "TypeOfEstablishment (name)" */
	char *phase;    /* "PhaseOfEducation (name)" */
	char *status;   /* "EstablishmentStatus (name)" */
	int low_age;    /* StatutoryLowAge; -1 when the file leaves it empty */
	int high_age;   /* StatutoryHighAge; -1 when empty */
	char *postcode; /* upper-cased */
	/*
	 * The row cannot be read as a whole (quotes that do not pair up, the
	 * wrong number of fields, bytes that are not text): rejected whatever
	 * its local authority, since which authority it belongs to is not known.
	 */
	bool broken;
	char reason[240]; /* why the row cannot be imported, or "" */
	enum gias_outcome outcome;
};

struct gias_file {
	struct gias_row *rows;
	size_t count;
	const char *encoding; /* "Windows-1252" or "UTF-8": what the bytes were read as (static) */
};

/*
 * Reads `len` bytes of a GIAS establishment CSV file. The first record is
 * the header: the columns URN, EstablishmentName, "LA (code)", "LA (name)",
 * "TypeOfEstablishment (name)", "PhaseOfEducation (name)", "EstablishmentStatus
 * (name)", StatutoryLowAge, StatutoryHighAge and Postcode are found by name
 * (any order; others are ignored). Bytes are read as Windows-1252 unless
 * the file starts with a UTF-8 byte order mark or is valid UTF-8 as a whole.
 * Blank lines are skipped. Every data row is checked on its own and gets a
 * `reason` if it fails (a URN that is not six digits, a missing name, an age
 * that is not a whole number from 0 to 99, quotes that do not pair up, a
 * line cut short, a URN on two rows...).
 *
 * Returns 0 with `out` filled (free with gias_file_free), or -1 with `why`
 * (a sentence, NUL-terminated within why_size) and *why_line when the file
 * as a whole cannot be read: no header, a required column missing, a NUL
 * byte. Never fails for lack of memory (the process aborts, see alloc.h).
 */
int gias_parse(const char *data, size_t len, struct gias_file *out, char *why, size_t why_size,
               long *why_line);

/*
 * gias_parse reading the open file `f` (seekable: it is read twice, once
 * for NUL bytes and the encoding, once for the rows) a block at a time, so
 * memory holds a block and the rows kept, whatever the file's size. It
 * refuses, as soon as it meets them, more than GIAS_ROWS_MAX rows and a row
 * longer than GIAS_RECORD_MAX_BYTES (a quote never closed).
 */
int gias_parse_file(FILE *f, struct gias_file *out, char *why, size_t why_size, long *why_line);

#define GIAS_ROWS_MAX 200000            /* England's whole file has about 65,000 */
#define GIAS_RECORD_MAX_BYTES (1 << 20) /* a real row is about 1 KB */

void gias_file_free(struct gias_file *file);

/*
 * The kind of agency an establishment is: "college" for further education
 * and sixth form colleges (16 to 19), "early_years" for nursery schools and
 * children's centres (or the Nursery phase), else "school". Static.
 */
const char *gias_agency_type(const char *establishment_type, const char *phase);

#endif
