/*
 * attendance_csv.c (training) — reading a file of past attendance into rows,
 * each field checked as a form's would be (contract in attendance_csv.h).
 */
#include "areas/training/attendance_csv.h"

#include <string.h>

#include "app/csv_lines.h"
#include "router/errors.h"

const char *const training_attendance_columns[TRAINING_ATTENDANCE_COLUMNS] = {
    "date", "course", "name", "email", "agency", "role", "attended",
};

const struct field_spec training_attendee_fields[] = {
    {.name = "name", .label = "the person's name", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "email", .label = "their email address", .type = FIELD_EMAIL, .max = 254},
    {.name = "agency", .label = "their agency", .type = FIELD_SLUG, .required = true, .max = 100},
    {.name = "role", .label = "their role", .type = FIELD_TEXT, .required = true, .max = 100},
    {0},
};

/* A row of the file: the attendee's fields, and which course on which day, and whether they came. */
static const struct field_spec row_fields[] = {
    {.name = "date", .label = "the date", .type = FIELD_DATE, .required = true},
    {.name = "course", .label = "the course", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "name", .label = "the person's name", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "email", .label = "their email address", .type = FIELD_EMAIL, .max = 254},
    {.name = "agency", .label = "their agency", .type = FIELD_SLUG, .required = true, .max = 100},
    {.name = "role", .label = "their role", .type = FIELD_TEXT, .required = true, .max = 100},
    /* yes or no; a form's other spellings of a yes (true, 1) are taken too */
    {.name = "attended", .label = "attended", .type = FIELD_BOOL, .required = true},
    {0},
};

/*
 * The errors of a row as a person fixing the file reads them: the row's own
 * first, then one a column, left to right (a field that is not UTF-8 is
 * also missing to the checks: it is named once).
 */
static json_t *in_column_order(const json_t *errors)
{
	json_t *ordered = json_array();
	for (int c = -1; c < TRAINING_ATTENDANCE_COLUMNS; c++) {
		const char *field = c < 0 ? "row" : training_attendance_columns[c];
		size_t i;
		json_t *e;
		json_array_foreach(errors, i, e)
		{
			if (strcmp(field_text(e, "field"), field) == 0) {
				json_array_append(ordered, e);
				break;
			}
		}
	}
	return ordered;
}

/* One record's fields checked into a row object. */
static json_t *row_of(long long line, const json_t *fields, const char *today)
{
	json_t *errors = json_array(), *values = NULL;
	if (json_array_size(fields) != TRAINING_ATTENDANCE_COLUMNS) {
		errors_addf(errors, "row", "The row has %zu fields where the header has %d",
		            json_array_size(fields), TRAINING_ATTENDANCE_COLUMNS);
		values = json_object();
	} else {
		struct field_pair pairs[TRAINING_ATTENDANCE_COLUMNS];
		size_t n = 0;
		for (size_t c = 0; c < TRAINING_ATTENDANCE_COLUMNS; c++) {
			const char *text = json_string_value(json_array_get(fields, c));
			if (!json_is_string(json_array_get(fields, c)))
				errors_add(errors, training_attendance_columns[c],
				           "The field is not UTF-8 text: save the file as UTF-8");
			else if (*text) /* blank is missing, as on a form */
				pairs[n++] = (struct field_pair){training_attendance_columns[c], text};
		}
		if (fields_validate_pairs(row_fields, pairs, n, NULL, &values, errors) == HAVEN_OK) {
			/* past attendance: a day still to come has not been attended */
			if (strcmp(field_text(values, "date"), today) > 0)
				errors_add(errors, "date",
				           "The date is after today: only past attendance is imported");
		}
	}
	json_object_set_new(values, "line", json_integer(line));
	json_object_set_new(values, "errors", in_column_order(errors));
	json_decref(errors);
	return values;
}

json_t *training_attendance_csv(const char *path, const char *data, size_t len, const char *today)
{
	json_t *records = csv_read_lines(path, data, len);
	if (!records)
		return NULL;
	if (!csv_header_is(path, records, training_attendance_columns, TRAINING_ATTENDANCE_COLUMNS)) {
		json_decref(records);
		return NULL;
	}
	if (json_array_size(records) - 1 > TRAINING_ATTENDANCE_ROWS_MAX) {
		fprintf(stderr, "haven: %s: more than %d rows: a file may hold at most %d\n", path,
		        TRAINING_ATTENDANCE_ROWS_MAX, TRAINING_ATTENDANCE_ROWS_MAX);
		json_decref(records);
		return NULL;
	}
	json_t *rows = json_array();
	for (size_t r = 1; r < json_array_size(records); r++) {
		const json_t *record = json_array_get(records, r);
		json_array_append_new(rows, row_of(json_integer_value(json_array_get(record, 0)),
		                                   json_array_get(record, 1), today));
	}
	json_decref(records);
	return rows;
}
