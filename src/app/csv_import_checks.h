/*
 * csv_import_checks.h — the checks a `haven import ...` command that reads a
 * small CSV file whole makes before its own: the file is CSV and its header
 * row is the one expected; and how a row's problems are said, one line each
 * naming the file, the line and the field. (Agencies, people to invite and
 * missing episodes are imported this way.)
 */
#ifndef HAVEN_APP_CSV_IMPORT_CHECKS_H
#define HAVEN_APP_CSV_IMPORT_CHECKS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/import_command.h"

/*
 * The records of `len` bytes of CSV from `path` as csv_read_lines gives them
 * (a new array [[line, [field, ...]], ...], the header row first), if the
 * first record is exactly `header` (`count` names); else NULL after printing
 * why ("haven: PATH line N: ...").
 */
json_t *csv_read_with_header(const char *path, const char *data, size_t len, const char *const *header,
                             size_t count);

/*
 * The start of a command that imports a small CSV file whole: its arguments
 * parsed into *args (import_parse_args), the file read (import_read_file)
 * and its records, with `header` checked (csv_read_with_header), in
 * *records. False when the command ends there, with *exit_status: as
 * import_parse_args says after --help or a usage error, else 1 after
 * printing why, then "haven: NOTHING" (such as "nothing was imported") when
 * the file is not the CSV expected.
 */
bool csv_import_records(const struct import_command *cmd, int argc, char **argv, const char *const *header,
                        size_t count, const char *nothing, struct import_args *args, json_t **records,
                        int *exit_status);

/*
 * Prints each of a row's `errors` ([{field, message}, ...]) on standard
 * error as "haven: PATH line LINE: FIELD: MESSAGE". True if there were any.
 */
bool csv_say_row_errors(const char *path, long long line, const json_t *errors);

#endif
