/*
 * audit.h — the tamper-evident audit trail.
 *
 * Every access to a child's data, every sign-in and every change leaves a
 * row in audit_log, written in the same transaction as the change it
 * records (audit_append runs inside a db_write unit). Each row holds the
 * SHA-256 of the row before it, so editing or deleting a row (or inserting
 * one out of order) breaks the chain, and audit_verify finds the first row
 * where it breaks. UPDATE and DELETE are also refused by triggers.
 *
 * What the chain alone cannot show: rows cut off the end (what is left is
 * still a valid chain), or a chain rewritten and re-hashed from an edit
 * onwards by someone who has the file (the hash has no secret key). Both
 * need the head of the chain (last id and hash) kept somewhere else too.
 * The hashed encoding is described at the top of audit_sqlite.c.
 */
#ifndef HAVEN_AUTH_AUDIT_H
#define HAVEN_AUTH_AUDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/status.h"
#include "store/store.h"
#include "router/request.h"

struct audit_event {
	long long user_id;          /* 0: none (anonymous, or an unknown account); stored as NULL */
	long long agency_id;        /* 0: none; stored as NULL */
	const char *action;         /* required, non-empty: "sign_in", "child.read", ... */
	const char *resource_type;  /* may be NULL */
	const char *resource_id;    /* may be NULL */
	const char *reason;         /* may be NULL: the break-glass reason */
	const char *client_address; /* may be NULL */
	/* Records the answer showed besides the one above (a list's rows, a
	 * search's, candidates offered): their children go in audit_children too.
	 * May be NULL. */
	const struct shown_record *shown;
	size_t shown_count;
};

/*
 * Appends one row, chained to the last, with id = last id + 1 and `at` =
 * now (UTC, milliseconds). Must be called with the unit of work `tx` of a
 * db_write unit (so the row commits with the change it records, or rolls
 * back with it if the unit fails, and rows are chained in commit order).
 * Strings are copied; NULL strings are stored as NULL and "" as "".
 *
 * In the same transaction it records which children the row is about, in
 * audit_children: the children of the record named by resource_type and
 * resource_id (a child is its own; an incident, notification, request for
 * support, referral or review has those it names that are on the register;
 * other record types have none), and likewise of each of event->shown. So a
 * search by child finds every row about the child, whichever route wrote it.
 * HAVEN_ERR_INVALID for a missing action or a negative id.
 */
enum haven_status audit_append(struct store_tx *tx, const struct audit_event *event) HAVEN_MUST_CHECK;

/*
 * Checks the whole chain of the database at `path` (opened read-only with
 * plain SQLite: no store_open needed, safe while Haven runs). HAVEN_OK if
 * every row's hash is right, links to the row before and ids run 1, 2, 3...
 * (*first_bad_id 0, *why NULL); else HAVEN_ERR_INVALID with the id of the
 * first broken row in *first_bad_id and a sentence saying what is wrong in
 * *why, e.g. "row 18: does not follow row 16 (row 17 deleted?)". If the
 * file cannot be read: HAVEN_ERR_NOT_FOUND (no file) or HAVEN_ERR_DB, with
 * *why saying so. *why is malloc'd (caller frees). *rows gets the number of
 * rows checked, the broken one included.
 */
enum haven_status audit_verify(const char *path, long long *rows, long long *first_bad_id,
                               char **why) HAVEN_MUST_CHECK;

struct actor; /* auth/actor.h */

/*
 * The one way a store records what someone did: audit_append (same rules:
 * on the writer's connection, inside the db_write unit of the change) of a
 * row saying that `actor` did `action` to record `type` `id`, with `reason`
 * (may be NULL). `actor` NULL is nobody signed in (a command, a background
 * job). With `type` NULL or `id` 0 the row names no record (a change to
 * settings, a sign-in).
 */
enum haven_status audit_record(struct store_tx *tx, const struct actor *actor, const char *action,
                               const char *type, long long id, const char *reason) HAVEN_MUST_CHECK;

/*
 * The records the answer to a change shows besides the one its row names (the API's answer showing the
 * record as it now is, with the children on it that the reader may see): for that change's row, so the
 * trail names the children the reader was shown, and no others. `count` 0 (`records` NULL): none.
 */
struct audit_shown {
	const struct shown_record *records;
	size_t count;
};

/* audit_record, naming besides the record the children of each of `shown` (may be NULL: none). */
enum haven_status audit_record_shown(struct store_tx *tx, const struct actor *actor, const char *action,
                                     const char *type, long long id, const char *reason,
                                     const struct audit_shown *shown) HAVEN_MUST_CHECK;

struct audit_query {
	long long user_id;         /* 0: any */
	long long child_id;        /* 0: any; else the rows about this child (see audit_search) */
	const char *resource_type; /* NULL or "": any (likewise the strings below) */
	const char *resource_id;   /* NULL: any */
	const char *action;        /* NULL: any */
	const char *from_date;     /* YYYY-MM-DD inclusive (UTC date of `at`), NULL: no bound */
	const char *to_date;       /* YYYY-MM-DD inclusive, NULL: no bound */
	long long limit;           /* rows, 1..1000 (0: 100) */
	long long before_id; /* paging: rows with id below this (0: newest); pass the last id of a page */
	long long after_id;  /* or the page before: rows with id above this, oldest first (0: not this) */
	bool one_more;       /* also read the row after the limit, to tell whether there are more */
};

/*
 * Searches the trail on this thread's read connection, newest first (the
 * page before `after_id` oldest first). By child, the rows about the child:
 * those whose audit_children name it (its record, and every incident,
 * notification, request, referral, review or list that showed it), and rows
 * with the child as their resource written before audit_children existed.
 * Results:
 * a new array of {id, at, user_id, user_name, agency_id, agency_name, action,
 * resource_type, resource_id, reason, client_address} in *out (absent
 * values are JSON null). HAVEN_ERR_INVALID (and *out NULL) for a limit
 * outside 0..1000, a negative id or a date that is not a real one written YYYY-MM-DD.
 */
enum haven_status audit_search(const struct audit_query *query, json_t **out) HAVEN_MUST_CHECK;

/*
 * Appends rows from audit_search to out as CSV (core/csv.h): RFC 4180 with CRLF line
 * ends and a header row, columns in the order of the object above. Text a
 * spreadsheet would run as a formula (starting =, +, -, @, tab or CR) gets
 * a leading ' (OWASP's advice against CSV injection).
 */
void audit_write_csv(const json_t *rows, struct buf *out);

#endif
