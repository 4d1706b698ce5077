/*
 * download.h — one way to hand over a figures page's tables to take away
 * (issue #16, point 11): the same rows as CSV (core/csv.h) or as an XLSX
 * spreadsheet (core/xlsx.h), as an attachment whose file name says what
 * and which period it holds ("haven-provide-figures-2025-04-01-to-2026-03-31.csv")
 * and nothing about a person. Encompass, Provide, review and training
 * figures each build their table once and serve it through here as both.
 */
#ifndef HAVEN_APP_DOWNLOAD_H
#define HAVEN_APP_DOWNLOAD_H

#include <jansson.h>
#include <stddef.h>

#include "core/status.h"
#include "router/request.h"

enum download_format { DOWNLOAD_CSV, DOWNLOAD_XLSX };

/* What a download holds, beside its rows. */
struct download {
	const char *name;      /* the file's name before the period: "provide-figures" */
	const char *from, *to; /* the period (YYYY-MM-DD), in the file's name */
	const char *sheet;     /* the spreadsheet's one sheet, at most 31 characters: "Provide figures" */
	const char *const *columns; /* the header row's names */
	size_t column_count;
	int places; /* decimal places of a real number in CSV (a spreadsheet keeps the number) */
};

/*
 * Answers with `rows` (an array of arrays of strings, integers, reals and
 * nulls, each at most column_count long) as a `format` attachment. Does not
 * take `rows`. HAVEN_ERR_INTERNAL if the spreadsheet cannot be written.
 */
enum haven_status download_send(struct response *res, const struct download *d, enum download_format format,
                                const json_t *rows) HAVEN_MUST_CHECK;

/*
 * The format a download's route asks for by its path's ending (".xlsx" a
 * spreadsheet, else CSV), so that one handler serves a page's two download
 * routes (/provide/figures.csv and /provide/figures.xlsx).
 */
enum download_format download_format_of(const struct request *req);

#endif
