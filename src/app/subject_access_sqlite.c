/*
 * subject_access_sqlite.c — an area's tables of what it holds about a child
 * read into a subject access request's pack (see subject_access.h), each the
 * same way:
 *
 * - a column's label is its name in words, the first capitalised, and each
 *   abbreviation in its own capitals (`abbreviations` below: "nhs_number"
 *   is "NHS number", "upn" is "UPN", "dfe_number" "DfE number");
 * - a flag is a column the area's table declares in `flags` (one rule: the
 *   declaration, not the values, since a count or a version holds 0 and 1
 *   too; the unit test holds the declarations to the schema's
 *   CHECK (x IN (0, 1)) columns): 1 is "Yes" and 0 "No";
 * - any other number is its digits, text as it is, NULL "".
 */
#include "app/subject_access.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "store/db.h"

/* The abbreviations the pack's columns use, as they are written in a sentence. */
static const char *const abbreviations[] = {"CSPR",  "DfE",  "DSL", "GP",  "ID",  "IDVA", "LA", "MACE",
                                            "MARAC", "MASH", "NHS", "NRM", "UPN", "URN",  NULL};

/* The abbreviation `word` (lower case, `length` bytes: "nhs") stands for, or NULL if it is a word. */
static const char *abbreviation(const char *word, size_t length)
{
	for (const char *const *a = abbreviations; *a; a++)
		if (strlen(*a) == length && strncasecmp(*a, word, length) == 0)
			return *a;
	return NULL;
}

void subject_access_label(const char *name, char *out, size_t size)
{
	size_t n = 0;
	for (const char *word = name; *word && n + 1 < size;) {
		size_t length = strcspn(word, "_");
		const char *capitals = abbreviation(word, length);
		if (word != name)
			out[n++] = ' ';
		for (size_t i = 0; i < length && n + 1 < size; i++, n++)
			out[n] = capitals ? capitals[i]
			                  : (n == 0 ? (char)toupper((unsigned char)word[i]) : word[i]);
		word += length;
		if (*word == '_')
			word++;
	}
	out[n] = '\0';
}

/* True if column `name` is one of `flags` (NULL-ended; NULL: none). */
static bool is_flag(const char *const *flags, const char *name)
{
	for (const char *const *f = flags; f && *f; f++)
		if (strcmp(*f, name) == 0)
			return true;
	return false;
}

/* A row's value as the pack's cell shows it (above); `flag`: its column is a flag. */
static json_t *cell(const json_t *value, bool flag)
{
	char digits[64];
	if (json_is_string(value))
		return json_pack("{s:O}", "value", value);
	if (flag && json_is_integer(value))
		return json_pack("{s:s}", "value", json_integer_value(value) ? "Yes" : "No");
	if (json_is_integer(value))
		snprintf(digits, sizeof digits, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
	else if (json_is_real(value))
		snprintf(digits, sizeof digits, "%g", json_real_value(value));
	else
		digits[0] = '\0';
	return json_pack("{s:s}", "value", digits);
}

/* {title, columns, rows, count} from table `t`'s rows (taken), its columns in the query's order. */
static json_t *section(const struct subject_access_table *t, json_t *rows)
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
			json_array_append_new(cells, cell(value, is_flag(t->flags, name)));
		}
		json_array_append_new(cells_rows, json_pack("{s:o}", "cells", cells));
	}
	json_t *out = json_pack("{s:s, s:o, s:o, s:I}", "title", t->title, "columns", columns, "rows",
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
		json_array_append_new(sections, section(t, rows));
	}
	return HAVEN_OK;
}
