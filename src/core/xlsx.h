/*
 * xlsx.h — a spreadsheet (XLSX) download of one table, for figures that
 * people open in Excel: a header row and rows of text and numbers, written
 * by libxlsxwriter (Debian's libxlsxwriter-dev). Text is always written as
 * text, never as a formula, so a value that starts with = is shown, not run
 * (the CSV writer's guard, core/csv.h, is not needed here).
 *
 * xlsx_workbook writes several such tables, a sheet each, with a fixed
 * creation time, so the same tables give the same bytes (the annual report).
 *
 * libxlsxwriter 1.1.4 writes to a file, so the workbook is written to a
 * temporary file (in $TMPDIR, else /tmp), read back and removed.
 * Thread-safe: each call has its own workbook and file.
 */
#ifndef HAVEN_CORE_XLSX_H
#define HAVEN_CORE_XLSX_H

#include <jansson.h>
#include <stddef.h>
#include <time.h>

#include "core/status.h"

/*
 * Writes a workbook of one sheet named `sheet` (at most 31 characters): a
 * bold header row of `columns` names, then `rows`, an array of arrays of at
 * most `columns` values each (a string is text, an integer or real a number,
 * null an empty cell). *out is malloc'd (the caller frees it) with *len
 * bytes. HAVEN_ERR_INVALID for a row that is not an array, HAVEN_ERR_INTERNAL
 * if the workbook cannot be written (logged).
 */
enum haven_status xlsx_table(const char *sheet, const char *const *header, size_t columns, const json_t *rows,
                             char **out, size_t *len) HAVEN_MUST_CHECK;

/* One sheet of a workbook: its name (at most 31 characters, unique in the workbook), header and rows. */
struct xlsx_sheet {
	const char *name;
	const char *const *header;
	size_t columns;
	const json_t *rows; /* as xlsx_table's */
};

/*
 * Writes a workbook of `count` sheets, in order. `created` is the time the
 * workbook says it was made (its document properties, also the times of the
 * files inside it): 0 for now; a fixed time makes the bytes depend only on
 * the sheets. *out, *len and the errors as xlsx_table's.
 */
enum haven_status xlsx_workbook(const struct xlsx_sheet *sheets, size_t count, time_t created, char **out,
                                size_t *len) HAVEN_MUST_CHECK;

/* The content type of an XLSX download. */
#define XLSX_CONTENT_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#endif
