/*
 * csv.h — the one way Haven writes CSV: every export (the audit trail's, the
 * training figures', any area's) builds its rows here, so quoting and the
 * guard against spreadsheet formulas cannot drift apart between them.
 *
 * The output is RFC 4180: fields separated by commas, rows ended by CRLF, a
 * field holding a comma, double quote, CR or LF written in double quotes
 * with each quote inside doubled; other fields are written as they are.
 *
 * Text that a spreadsheet would take for a formula (starting with =, +, -
 * or @, or with a tab or CR, which some spreadsheets skip before one) gets a
 * leading ' so it is shown as text and never run: OWASP's advice against
 * CSV injection, since names, reasons and addresses come from users. The
 * exported text then differs from the stored text by that quote. Numbers
 * written as numbers (csv_integer, csv_number) are not text and are left
 * alone, so -3 stays -3.
 *
 * Reading CSV is src/app/csv_lines.h's (libcsv); this only writes it.
 * Pure and thread-safe; tested in tests/unit/test_csv.c.
 */
#ifndef HAVEN_CORE_CSV_H
#define HAVEN_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* A CSV document being written into `out` (not owned); start with CSV_INIT(&buf). */
struct csv {
	struct buf *out;
	bool in_row; /* a field is already in the current row, so the next needs a comma */
};

#define CSV_INIT(buf)                                                                                        \
	{                                                                                                    \
		.out = (buf), .in_row = false                                                                \
	}

/* One text field of `len` bytes (may hold NUL bytes; NULL with len 0 is an empty field). */
void csv_text_len(struct csv *csv, const char *text, size_t len);

/* One text field; NULL is an empty field (as "" is). */
void csv_text(struct csv *csv, const char *text);

/* One empty field (a missing value). */
void csv_empty(struct csv *csv);

/* One whole number, as digits. */
void csv_integer(struct csv *csv, long long value);

/* One number with `places` digits after the point (0 to 9), e.g. 0.125 with 3 places is "0.125". */
void csv_number(struct csv *csv, double value, int places);

/* Ends the current row (CRLF); the next field starts a new one. */
void csv_end_row(struct csv *csv);

/* A header row: the `count` names, each a text field, then the end of the row. */
void csv_header(struct csv *csv, const char *const *names, size_t count);

#endif
