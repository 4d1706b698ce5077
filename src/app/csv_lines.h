/*
 * csv_lines.h — reading a small CSV file for a `haven import ...` command
 * so that each problem can name its line: libcsv (strict RFC 4180) fed one
 * physical line at a time, each record remembering the line it starts on
 * (a quoted field may run over several lines).
 */
#ifndef HAVEN_APP_CSV_LINES_H
#define HAVEN_APP_CSV_LINES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * The records of `data` (`len` bytes; a UTF-8 byte order mark is skipped;
 * blank lines are skipped) as a new array [[line, [field, ...]], ...]; a
 * field that is not UTF-8 is null. NULL after printing "haven: PATH line N:
 * ..." for a NUL byte or quotes that do not pair up.
 */
json_t *csv_read_lines(const char *path, const char *data, size_t len);

/*
 * True if the first record is exactly `header` (`count` names, in order);
 * else prints "haven: PATH line 1: the header row must be ..." and returns false.
 */
bool csv_header_is(const char *path, const json_t *records, const char *const *header, size_t count);

#endif
