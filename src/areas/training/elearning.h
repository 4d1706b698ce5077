/*
 * elearning.h (training) — reading the e-learning platform's CSV export of
 * module completions, for `haven import elearning` (elearning.c).
 *
 * The reader is pure (no database): it turns the file's bytes into rows of
 * email, module and completion date, each with the line it starts on, or
 * says why the file as a whole is not an export Haven can read.
 */
#ifndef HAVEN_AREAS_TRAINING_ELEARNING_H
#define HAVEN_AREAS_TRAINING_ELEARNING_H

#include <stddef.h>
#include <stdio.h>

#include "app/area.h"

/* One data row of the export. Strings are owned by the row list. */
struct elearning_row {
	long line;          /* the line of the file the row starts on (the header is line 1) */
	char *email;        /* lower-cased and trimmed; NULL if the field was missing or empty */
	char *module;       /* trimmed; NULL if missing or empty */
	char *completed_on; /* trimmed, as written; NULL if missing or empty */
	const char *reason; /* why the row cannot be imported, or NULL (static text) */
	int outcome;        /* set by the import: ELEARNING_ADDED, ... */
};

enum { ELEARNING_ADDED, ELEARNING_DUPLICATE, ELEARNING_REJECTED };

/* The most data rows an export may hold: far more than a year's completions. */
#define ELEARNING_ROWS_MAX 200000

/*
 * Reads CSV from `f` as a stream (app/csv_lines.h: RFC 4180, a record
 * longer than 64 KB refused) whose first record is a header naming the
 * columns email, module and completed_on (any order and case; other columns
 * ignored). Each data row is checked on its own (a missing field, a date
 * that is not a real YYYY-MM-DD, an over-long module) and gets a `reason` if
 * it fails; blank lines are skipped. Returns 0 with *rows (malloc'd, free
 * with elearning_rows_free) and *count, or -1 with *why (malloc'd) and
 * *why_line (0 for the file as a whole) when the file is not CSV, the header
 * is missing a column, a row is too long or there are more than
 * ELEARNING_ROWS_MAX rows: refused where it is seen, memory bounded by the
 * rows kept.
 */
int elearning_read(FILE *f, struct elearning_row **rows, size_t *count, char **why, long *why_line);

void elearning_rows_free(struct elearning_row *rows, size_t count);

/* `haven import elearning` (in training's commands). */
extern const struct command training_commands[];

#endif
