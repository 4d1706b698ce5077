/*
 * check_errors.h — how a checker of one record sent whole (a police
 * incident, a missing episode) says what is wrong with it: each problem a
 * {field, message} appended to the caller's errors, the field and message
 * prefixed as the caller asks so that, in a batch, they name the record
 * ("incidents[2].", "Incident 3: "); and what the checker then gives: the
 * canonical record with its content hash, or nothing.
 */
#ifndef HAVEN_APP_CHECK_ERRORS_H
#define HAVEN_APP_CHECK_ERRORS_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

struct check_errors {
	json_t *list;               /* borrowed: [{field, message}, ...], may already hold others */
	const char *field_prefix;   /* or NULL */
	const char *message_prefix; /* or NULL */
	size_t before;              /* the list's length when the check began */
};

/* Starts collecting into `list` (borrowed), with the prefixes (each may be NULL). */
struct check_errors check_errors_start(json_t *list, const char *field_prefix, const char *message_prefix);

/*
 * Appends {field, message}: the message from `fmt`, its first letter made a
 * capital (a label may open it: "%s must be text"); a message that is not
 * valid text (a bad byte in what was sent) is said as such instead.
 */
void check_errors_add(struct check_errors *e, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* True if this check found anything wrong. */
bool check_errors_found(const struct check_errors *e);

/* A content hash: SHA-256 in hex, and its NUL. */
#define CHECK_HASH_SIZE 65

/*
 * What a checker gives for the canonical record it built (`record`, taken):
 * NULL, the record freed, if this check found anything wrong; else the
 * record with "content_hash" added, the SHA-256 of its JSON with sorted keys,
 * so a resend of the same record, however it was spelled, has the same hash
 * and a change does not.
 */
json_t *check_errors_finish(const struct check_errors *e, json_t *record);

#endif
