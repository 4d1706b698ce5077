/*
 * download.c — a figures table as a CSV or XLSX attachment (download.h).
 */
#include "app/download.h"

#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/xlsx.h"

/* The rows as CSV: text guarded by the CSV writer, numbers as numbers, null as an empty field. */
static void write_csv(struct buf *b, const struct download *d, const json_t *rows)
{
	struct csv csv = CSV_INIT(b);
	csv_header(&csv, d->columns, d->column_count);
	size_t i, k;
	const json_t *row, *v;
	json_array_foreach(rows, i, row)
	{
		json_array_foreach(row, k, v)
		{
			if (json_is_integer(v))
				csv_integer(&csv, json_integer_value(v));
			else if (json_is_real(v))
				csv_number(&csv, json_real_value(v), d->places);
			else if (json_is_string(v))
				csv_text(&csv, json_string_value(v));
			else
				csv_empty(&csv);
		}
		csv_end_row(&csv);
	}
}

enum haven_status download_send(struct response *res, const struct download *d, enum download_format format,
                                const json_t *rows)
{
	const char *extension = format == DOWNLOAD_XLSX ? "xlsx" : "csv";
	if (format == DOWNLOAD_XLSX) {
		enum haven_status st =
		    xlsx_table(d->sheet, d->columns, d->column_count, rows, &res->body_owned, &res->body_len);
		if (st != HAVEN_OK)
			return st;
		res->content_type = XLSX_CONTENT_TYPE;
	} else {
		struct buf b = BUF_INIT;
		write_csv(&b, d, rows);
		res->body_owned = buf_steal(&b, &res->body_len);
		res->content_type = "text/csv; charset=utf-8";
	}
	/* the name and dates are the caller's words and validated dates: nothing to escape, nothing personal
	 */
	char disposition[256];
	snprintf(disposition, sizeof disposition, "attachment; filename=\"haven-%s-%s-to-%s.%s\"", d->name,
	         d->from, d->to, extension);
	response_add_header_copy(res, "Content-Disposition", disposition);
	return HAVEN_OK;
}

enum download_format download_format_of(const struct request *req)
{
	size_t len = req->path ? strlen(req->path) : 0;
	return len >= 5 && strcmp(req->path + len - 5, ".xlsx") == 0 ? DOWNLOAD_XLSX : DOWNLOAD_CSV;
}
