/*
 * csv_lines.h — the one way Haven reads CSV from outside (every `haven
 * import ...`): libcsv (strict RFC 4180) fed a line at a time, so each
 * record knows the line it starts on (a quoted field may run over several
 * lines) and every problem can name its line, and so a file is read as a
 * stream: a NUL byte or a record longer than the caller's limit refuses the
 * file as soon as it is seen, with memory bounded by what the caller keeps.
 * A spreadsheet's UTF-8 byte order mark is skipped, and so are blank lines.
 *
 * Writing CSV is core/csv.h's.
 */
#ifndef HAVEN_APP_CSV_LINES_H
#define HAVEN_APP_CSV_LINES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Called for each record with the line it starts on and its fields (strings;
 * a field that is not UTF-8 is null), which the callback may keep with
 * json_incref. Returns NULL to go on, or a sentence (static text) refusing
 * the whole file, which stops the reading: "more than 25,000 rows", say.
 */
typedef const char *(*csv_record_fn)(long line, json_t *fields, void *ctx);

/* What a reading ended with: nothing wrong (why NULL), or why the file was refused and where. */
struct csv_refusal {
	char *why; /* malloc'd, or NULL: the file was read whole */
	long line; /* the line the problem is on, or 0 when it is the file's as a whole */
};

/*
 * Reads CSV from `f` a block at a time, calling `each` for every record. A
 * record longer than `max_record_bytes` refuses the file ("a row is longer
 * than 64 KB: is it the right file?"). True if the file was read whole;
 * false with *refusal filled (free refusal->why).
 */
bool csv_read_stream(FILE *f, size_t max_record_bytes, csv_record_fn each, void *ctx,
                     struct csv_refusal *refusal);

/* The same for `len` bytes in memory (a fuzz target's input, a file already read). */
bool csv_read_memory(const char *data, size_t len, size_t max_record_bytes, csv_record_fn each, void *ctx,
                     struct csv_refusal *refusal);

/*
 * Prints why a file was refused, "haven: PATH line N: WHY; nothing was
 * imported" (or "haven: PATH: WHY; ..." for the file as a whole), and frees
 * refusal->why.
 */
void csv_refusal_report(const char *path, struct csv_refusal *refusal);

/*
 * The records of a small file in memory as a new array [[line, [field, ...]],
 * ...]; NULL after printing "haven: PATH line N: ..." for a file that is not
 * CSV (a NUL byte, quotes that do not pair up).
 */
json_t *csv_read_lines(const char *path, const char *data, size_t len);

/*
 * True if the first record is exactly `header` (`count` names, in order);
 * else prints "haven: PATH line 1: the header row must be ..." and returns false.
 */
bool csv_header_is(const char *path, const json_t *records, const char *const *header, size_t count);

#endif
