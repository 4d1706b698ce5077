/*
 * xlsx.c — one table as an XLSX workbook (xlsx.h), through libxlsxwriter.
 */
#include "core/xlsx.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/log.h"

/* Reads the whole of the file at path into a malloc'd buffer. */
static enum haven_status read_back(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return HAVEN_ERR_INTERNAL;
	enum haven_status st = HAVEN_ERR_INTERNAL;
	char *data = NULL;
	long size = -1;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (data = malloc((size_t)size)) && fread(data, 1, (size_t)size, f) == (size_t)size) {
		*out = data;
		*len = (size_t)size;
		data = NULL;
		st = HAVEN_OK;
	}
	free(data);
	fclose(f);
	return st;
}

/* Writes one cell: text as text (never a formula), numbers as numbers, null as nothing. */
static void write_cell(lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col, const json_t *v)
{
	if (json_is_string(v))
		worksheet_write_string(sheet, row, col, json_string_value(v), NULL);
	else if (json_is_number(v))
		worksheet_write_number(sheet, row, col, json_number_value(v), NULL);
}

/* Writes one sheet: a bold header row, then its rows. False if the sheet cannot be added. */
static bool write_sheet(lxw_workbook *book, lxw_format *bold, const struct xlsx_sheet *s)
{
	lxw_worksheet *sheet = workbook_add_worksheet(book, s->name);
	if (!sheet)
		return false;
	for (size_t c = 0; c < s->columns; c++)
		worksheet_write_string(sheet, 0, (lxw_col_t)c, s->header[c], bold);
	size_t i;
	const json_t *row;
	json_array_foreach(s->rows, i, row)
	{
		for (size_t c = 0; c < s->columns && c < json_array_size(row); c++)
			write_cell(sheet, (lxw_row_t)(i + 1), (lxw_col_t)c, json_array_get(row, c));
	}
	return true;
}

enum haven_status xlsx_workbook(const struct xlsx_sheet *sheets, size_t count, time_t created, char **out,
                                size_t *len)
{
	*out = NULL;
	*len = 0;
	for (size_t s = 0; s < count; s++) {
		size_t i;
		const json_t *row;
		json_array_foreach(sheets[s].rows, i, row) if (!json_is_array(row)) return HAVEN_ERR_INVALID;
	}

	const char *dir = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/haven-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		log_error("xlsx: cannot make a temporary file for a workbook");
		return HAVEN_ERR_INTERNAL;
	}
	close(fd);
	/* constant memory: rows are written in order and flushed as they go, so a large table stays small */
	lxw_workbook_options options = {.constant_memory = LXW_TRUE,
	                                .tmpdir = dir && *dir ? (char *)dir : NULL};
	lxw_workbook *book = workbook_new_opt(path, &options);
	bool written = book != NULL;
	if (book && created) {
		lxw_doc_properties properties = {.created = created};
		written = workbook_set_properties(book, &properties) == LXW_NO_ERROR;
	}
	if (written) {
		lxw_format *bold = workbook_add_format(book);
		format_set_bold(bold);
		for (size_t s = 0; s < count && written; s++)
			written = write_sheet(book, bold, &sheets[s]);
		if (!written)
			log_error("xlsx: cannot add a worksheet");
	}
	enum haven_status st = HAVEN_ERR_INTERNAL;
	/* closed even after a failure: it frees the workbook */
	if (book && workbook_close(book) == LXW_NO_ERROR && written)
		st = read_back(path, out, len);
	unlink(path);
	if (st != HAVEN_OK)
		log_error("xlsx: cannot write a workbook");
	return st;
}

enum haven_status xlsx_table(const char *sheet_name, const char *const *header, size_t columns,
                             const json_t *rows, char **out, size_t *len)
{
	const struct xlsx_sheet sheet = {
	    .name = sheet_name, .header = header, .columns = columns, .rows = rows};
	return xlsx_workbook(&sheet, 1, 0, out, len);
}
