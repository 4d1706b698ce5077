/*
 * attendance_csv.h (training) — reading a file of past attendance for
 * `haven import attendance` (import.c): one person attending one course on
 * one day a row, under the header
 *
 *     date,course,name,email,agency,role,attended
 *
 * The reader is pure (no database), so it is fuzzed
 * (tests/fuzz/fuzz_attendance_csv.c) and unit-tested
 * (tests/unit/test_training_attendance_csv.c). What only the database can
 * tell (is there such a course, such an agency) is the import's
 * (training_attendance_import, store.h).
 */
#ifndef HAVEN_AREAS_TRAINING_ATTENDANCE_CSV_H
#define HAVEN_AREAS_TRAINING_ATTENDANCE_CSV_H

#include <jansson.h>
#include <stddef.h>

#include "router/fields.h"

/* The header row, in order. */
#define TRAINING_ATTENDANCE_COLUMNS 7
extern const char *const training_attendance_columns[TRAINING_ATTENDANCE_COLUMNS];

/* The most data rows a file may hold: far more than a partnership's years of attendance. */
#define TRAINING_ATTENDANCE_ROWS_MAX 100000

/*
 * The fields of a person who attended without a place, as the register's
 * form and the file both give them: name, email (optional), agency (its
 * slug) and role. For a route's body and for each row of the file.
 */
extern const struct field_spec training_attendee_fields[];

/*
 * The data rows of `data` (`len` bytes of CSV, RFC 4180, UTF-8) as a new
 * array, one object a row in file order: {line (the file's line the row
 * starts on; the header is line 1), date, course, name, email (absent when
 * blank), agency, role, attended (true or false), errors: [{field,
 * message}]}. Every field of every row is checked here (present, the right
 * length, a real date no later than `today`, an email, a slug, yes or no);
 * a row with errors keeps only the fields that passed. NULL, after printing
 * "haven: PATH line N: ..." on stderr, when the file as a whole cannot be
 * read: not CSV, a header other than the one above, or more than
 * TRAINING_ATTENDANCE_ROWS_MAX rows.
 */
json_t *training_attendance_csv(const char *path, const char *data, size_t len, const char *today);

/* `haven import attendance --db PATH FILE.csv` (attendance_import.c; in training's commands). */
extern const char training_import_attendance_usage[];
int training_import_attendance(int argc, char **argv);

#endif
