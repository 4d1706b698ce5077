/*
 * csv_import_checks.c — a small CSV file's header checked, and a row's
 * problems said, the same way for every import that reads one whole
 * (csv_import_checks.h).
 */
#include "app/csv_import_checks.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/csv_lines.h"
#include "router/fields.h"

json_t *csv_read_with_header(const char *path, const char *data, size_t len, const char *const *header,
                             size_t count)
{
	json_t *records = csv_read_lines(path, data, len);
	if (records && !csv_header_is(path, records, header, count)) {
		json_decref(records);
		return NULL;
	}
	return records;
}

bool csv_import_records(const struct import_command *cmd, int argc, char **argv, const char *const *header,
                        size_t count, const char *nothing, struct import_args *args, json_t **records,
                        int *exit_status)
{
	*records = NULL;
	if (!import_parse_args(cmd, argc, argv, args, exit_status))
		return false;
	*exit_status = 1;
	size_t len;
	char *data = import_read_file(cmd, args->file, &len);
	if (!data)
		return false;
	*records = csv_read_with_header(args->file, data, len, header, count);
	free(data);
	if (!*records) {
		fprintf(stderr, "haven: %s\n", nothing);
		return false;
	}
	return true;
}

bool csv_say_row_errors(const char *path, long long line, const json_t *errors)
{
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e) fprintf(stderr, "haven: %s line %lld: %s: %s\n", path, line,
	                                         field_text(e, "field"), field_text(e, "message"));
	return json_array_size(errors) > 0;
}
