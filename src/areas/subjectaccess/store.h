/*
 * store.h (subjectaccess) — the register of subject access requests about
 * children held in Haven: recording one (its due date worked out by
 * subject_access_due_on), recording how the requester's identity was
 * checked, extending it, closing it (each one unit of work with its audit
 * row), the reads for the list, the record and the task list, the pack:
 * everything every area holds about the child, and who has seen the child's
 * records (the audit trail, by agency, not by person), and the pack's
 * openings for the information governance review.
 */
#ifndef HAVEN_AREAS_SUBJECTACCESS_STORE_H
#define HAVEN_AREAS_SUBJECTACCESS_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/actor.h"
#include "auth/records.h"
#include "auth/user.h"
#include "app/subject_access.h"
#include "core/status.h"

/*
 * The day a request received on `received` (days since the epoch, as
 * core/calendar.h counts them) must be answered by: one calendar month
 * later, plus `extension_months` (0 to 2) further months, the ICO's way:
 * the same day of the month (received 3 March, due 3 April), or the last
 * day of a shorter month (received 31 January, due 28 or 29 February).
 */
int32_t subject_access_due_on(int32_t received, int extension_months);

/* A request as recorded (borrowed strings). */
struct subject_access_new {
	long long child_id;
	const char *requester;   /* "child", "parent" or "representative" */
	const char *received_on; /* YYYY-MM-DD */
};

/*
 * Records a request, its requester's identity not verified (only
 * subject_access_verify, by someone else, verifies it), audited
 * "subject_access.create", naming the child; its id in *id. HAVEN_ERR_NOT_FOUND if there is no child
 * `child_id` on the register (a merged child's record is its survivor's); HAVEN_ERR_CONFLICT, with the open
 * one's id in *id, if a request about the child from the same requester received the same day is open already
 * (typed twice).
 */
enum haven_status subject_access_create(const struct subject_access_new *n, const struct actor *actor,
                                        long long *id) HAVEN_MUST_CHECK;

/*
 * Extends open request `id` to `months` (1 or 2) further months for
 * `reason` (audited "subject_access.extend"), moving its due date.
 * HAVEN_ERR_NOT_FOUND if none; HAVEN_ERR_CONFLICT if it is closed.
 */
enum haven_status subject_access_extend(long long id, int months, const char *reason,
                                        const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * Closes open request `id`, answered on `closed_on` with `outcome`
 * ("full", "part", "refused", "withdrawn") and `reason` (may be NULL)
 * (audited "subject_access.close"). HAVEN_ERR_NOT_FOUND if none;
 * HAVEN_ERR_CONFLICT if it is closed already.
 */
enum haven_status subject_access_close(long long id, const char *closed_on, const char *outcome,
                                       const char *reason, const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * Records that the identity of the requester of open request `id`, recorded
 * as not verified, was checked by `actor` on `checked_on` (YYYY-MM-DD) with
 * `evidence` ("photo_id_address", "parental_responsibility",
 * "signed_authority", "known_in_person"), so its pack can be gathered
 * (audited "subject_access.verify"). HAVEN_ERR_NOT_FOUND if none;
 * HAVEN_ERR_CONFLICT if it is closed or its requester's identity is
 * verified already.
 */
enum haven_status subject_access_verify(long long id, const char *checked_on, const char *evidence,
                                        const struct actor *actor) HAVEN_MUST_CHECK;

/*
 * Request `id`: {id, child_id, given_name, family_name, requester,
 * received_on, identity_verified (true/false), identity_checked_on,
 * identity_evidence, identity_checked_by_name (NULL until checked, and on
 * a request recorded as verified before creation stopped asking),
 * recorded_by (the account that recorded it,
 * who may not also check the identity), extension_months,
 * extension_reason, due_on, closed_on, outcome, outcome_reason, open
 * (true/false)}. HAVEN_ERR_NOT_FOUND if none.
 */
enum haven_status subject_access_get(long long id, json_t **out) HAVEN_MUST_CHECK;

/* The open requests, soonest due first, as rows of subject_access_get. */
enum haven_status subject_access_list_open(json_t **out) HAVEN_MUST_CHECK;

/*
 * The requests answered (closed) on or after `since` (YYYY-MM-DD), the latest answered first, up to
 * 500, as rows of subject_access_get with on_time: answered on or before the day they were due.
 */
enum haven_status subject_access_list_closed(const char *since, json_t **out) HAVEN_MUST_CHECK;

/*
 * Every opening of a request's pack (the audit trail's "subject_access.pack"
 * reads, each with the record number the request was made about), newest first, up to 500,
 * for the information governance review: [{at, user_name, agency_name,
 * request_id, child_id}]. An opening the pack refused (the request closed,
 * or its requester's identity not verified) is listed too: it was an
 * attempt to see everything held about the child. New array in *out.
 */
enum haven_status subject_access_pack_reads(json_t **out) HAVEN_MUST_CHECK;

/* The partnership team's tasks: open requests due on or before `by` (YYYY-MM-DD), overdue ones too. */
enum haven_status subject_access_tasks(const struct user *user, json_t *tasks) HAVEN_MUST_CHECK;

/*
 * Appends to `sections` everything every area holds about child `child_id`
 * (their `.subject_access` tables) and who has seen or changed the child's
 * records: when, which agency and what, from the audit trail (no person's
 * name), as subject_access_read_tables gives them. A record merged into
 * another since the request was made is followed to the record kept
 * (*kept, else child_id), and the pack is the kept record's with every
 * record merged into it; *records gets each record read ([{id}], for the
 * audit row).
 */
enum haven_status subject_access_pack(long long child_id, json_t *sections, long long *kept,
                                      json_t **records) HAVEN_MUST_CHECK;

/* Loads the demo's requests: one open, one overdue (haven init --demo). */
enum haven_status subject_access_load_demo(void) HAVEN_MUST_CHECK;

extern const struct record_type subject_access_records[];
extern const struct subject_access_table subject_access_own_tables[];

#endif
