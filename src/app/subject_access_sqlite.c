/*
 * subject_access_sqlite.c — an area's tables of what it holds about a child
 * read into a subject access request's pack (see subject_access.h).
 */
#include "app/subject_access.h"

#include <ctype.h>
#include <stdio.h>

#include "store/db.h"

void subject_access_label(const char *name, char *out, size_t size)
{
	size_t n = 0;
	for (const char *c = name; *c && n + 1 < size; c++, n++)
		out[n] = *c == '_' ? ' ' : (n == 0 ? (char)toupper((unsigned char)*c) : *c);
	out[n] = '\0';
}

/* A row's value as the pack's cell shows it: text as it is, a number in digits, NULL as "". */
static json_t *cell(const json_t *value)
{
	char digits[64];
	if (json_is_string(value))
		return json_pack("{s:O}", "value", value);
	if (json_is_integer(value))
		snprintf(digits, sizeof digits, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
	else if (json_is_real(value))
		snprintf(digits, sizeof digits, "%g", json_real_value(value));
	else
		digits[0] = '\0';
	return json_pack("{s:s}", "value", digits);
}

/* {title, columns, rows, count} from a table's rows (taken), its columns in the query's order. */
static json_t *section(const char *title, json_t *rows)
{
	json_t *columns = json_array(), *cells_rows = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		json_t *cells = json_array();
		const char *name;
		json_t *value;
		json_object_foreach(row, name, value)
		{
			if (i == 0) {
				char label[128];
				subject_access_label(name, label, sizeof label);
				json_array_append_new(columns, json_string(label));
			}
			json_array_append_new(cells, cell(value));
		}
		json_array_append_new(cells_rows, json_pack("{s:o}", "cells", cells));
	}
	json_t *out = json_pack("{s:s, s:o, s:o, s:I}", "title", title, "columns", columns, "rows",
	                        cells_rows, "count", (json_int_t)json_array_size(rows));
	json_decref(rows);
	return out;
}

enum haven_status subject_access_read_tables(json_t *sections, const struct subject_access_table *tables,
                                             long long child_id)
{
	for (const struct subject_access_table *t = tables; t && t->title; t++) {
		json_t *rows = NULL;
		if (db_read_rows_values(&rows, db_prepare_registered(db_reader(), t->sql),
		                        DB_VALUES(DB_INT(child_id))) != HAVEN_OK)
			return HAVEN_ERR_DB;
		json_array_append_new(sections, section(t->title, rows));
	}
	return HAVEN_OK;
}
