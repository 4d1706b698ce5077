/*
 * store_sqlite.h (training) — what the training store's SQLite files share,
 * private to them: the columns a session and a course are read with, the
 * unit that adds a course, a session or a resource, and the helpers more
 * than one subject's file uses. store.h is the area's
 * store interface; these are parts of its SQLite backend.
 */
#ifndef HAVEN_AREAS_TRAINING_STORE_SHARED_H
#define HAVEN_AREAS_TRAINING_STORE_SHARED_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/paged_rows_sqlite.h"
#include "areas/training/store.h"
#include "store/db.h"

/*
 * The roles that may take "training.approve" (area.c's access table: ROLE_CHILD_WORKERS), by the names
 * user_roles stores: a query cannot call policy_roles. Kept equal to the policy by test_training_approvers
 * (tests/unit).
 */
#define TRAINING_APPROVING_ROLES "('practitioner', 'front_door', 'police', 'dsl', 'idva', 'partnership')"

/*
 * Whether request A's named approver can still decide it: an active account, in the requester's agency,
 * holding a role that may approve. Not so once they are deactivated, move agency (or the requester does)
 * or lose every such role; then the requester may name another (approvals_sqlite.c), and the agency's
 * other approvers may decide it.
 */
#define TRAINING_APPROVER_CAN_DECIDE(A)                                                                      \
	" EXISTS (SELECT 1 FROM users r JOIN users p ON p.id = " A ".approver_user_id"                       \
	" WHERE r.id = " A ".requester_user_id AND r.agency_id = p.agency_id AND p.disabled_at IS NULL"      \
	" AND EXISTS (SELECT 1 FROM user_roles pr WHERE pr.user_id = p.id"                                   \
	" AND pr.role IN " TRAINING_APPROVING_ROLES "))"

/* Whether account USER (an SQL expression) holds a role that may approve bookings. */
#define TRAINING_MAY_APPROVE(USER)                                                                           \
	" EXISTS (SELECT 1 FROM user_roles mr WHERE mr.user_id = " USER                                      \
	" AND mr.role IN " TRAINING_APPROVING_ROLES ")"

/*
 * A request whose requester is still in its approver's agency: an approver who moves to another agency,
 * or a requester who does, leaves the request behind (no longer listed, given as a task, or decided), as
 * a person's other work stays with the agency.
 */
#define TRAINING_STILL_SAME_AGENCY(A)                                                                        \
	" EXISTS (SELECT 1 FROM users r JOIN users p ON p.id = " A ".approver_user_id"                       \
	" WHERE r.id = " A ".requester_user_id AND r.agency_id = p.agency_id)"

/*
 * The one rule of whether session S (an alias of training_sessions) has started: its date and start,
 * "YYYY-MM-DDTHH:MM", not after NOW, England's time as an SQL expression (training_now). A date alone,
 * "YYYY-MM-DD", reads as that day's midnight. NULL when NOW is. Booking, asking, approving, lapsing
 * (TRAINING_AWAITING), cancelling and withdrawing (training_read_session's `started`) and the lists of
 * sessions to come (sessions_sqlite.c, courses_sqlite.c) all ask this, never a comparison of their own.
 */
#define TRAINING_STARTED(S, NOW) " (" S ".date || 'T' || " S ".starts <= " NOW ")"

/*
 * Whether request A still awaits a decision: none made, and its session not yet started by NOW, England's
 * time as an SQL expression (training_now; TRAINING_STARTED, the one rule; NULL: whatever the date). Once
 * the session has been (started), a pending request lapses: approving it would book a place on a session that
 * is over, so nobody decides it, nobody is given it as a task, and the booker names no other approver
 * (approvals_sqlite.c, tasks_sqlite.c, SESSION_COLUMNS); its named approver's list shows it not decided. A
 * scalar read of the request's own session, by its key, not an EXISTS: PostgreSQL answered the EXISTS by
 * hashing every session that had been, once per statement, a read growing with the years (the approvals
 * list's plan test, tests/http/training-approval.test.mjs).
 */
#define TRAINING_AWAITING(A, NOW)                                                                            \
	" (" A ".decision IS NULL AND NOT COALESCE((SELECT" TRAINING_STARTED(                                \
	    "lapse", NOW) " FROM training_sessions lapse WHERE lapse.id = " A ".session_id), false))"

/*
 * The one rule for the requests USER (an SQL expression) may see as an approver and decide: the approvals
 * list, its count, the decision, the tasks and the record's access (approvals_sqlite.c, tasks_sqlite.c).
 * Those naming them, still in their agency: decided ones (their record of what they decided), and pending
 * ones only while USER holds a role that may approve (one who lost it is listed nothing they could not
 * decide; the booker names another), including one whose session has been (listed, not decided: deciding
 * asks TRAINING_AWAITING too, as it asks that none was made). And, so that none waits for ever, a request
 * still awaiting a decision (TODAY, as TRAINING_AWAITING's) whose named approver can no longer decide it,
 * from someone else in USER's agency, when USER holds such a role: never theirs, so once its session has
 * been it is not theirs to see.
 */
#define TRAINING_FOR_APPROVER(A, USER, TODAY)                                                                \
	" ((" A ".approver_user_id = " USER " AND" TRAINING_STILL_SAME_AGENCY(                               \
	    A) " AND (" A                                                                                    \
	       ".decision IS NOT NULL OR" TRAINING_MAY_APPROVE(USER) ")) OR (" TRAINING_AWAITING(            \
	           A, TODAY) " AND " A ".requester_user_id <> " USER                                         \
	                     " AND NOT" TRAINING_APPROVER_CAN_DECIDE(                                        \
	                         A) " AND EXISTS (SELECT 1 FROM users q JOIN users me ON me.id = " USER      \
	                            " WHERE q.id = " A ".requester_user_id AND q.agency_id = me.agency_id "  \
	                            "AND q.disabled_at IS NULL)"                                             \
	                            " AND" TRAINING_MAY_APPROVE(USER) "))"

/*
 * A session as the person ?1 sees it (their booking, their request not decided, whether it is stuck,
 * whether it lapsed (its session started undecided: no place was held), the approver it names, when they last
 * withdrew one), whether it has started (TRAINING_STARTED), before its WHERE, England's time being TODAY (an
 * SQL expression: TRAINING_AWAITING's NOW).
 * Stuck: its named approver can no longer decide it while it still awaits a decision (TRAINING_AWAITING), so
 * the booker may name another (approvals_sqlite.c); once the session has been it is not, as naming is
 * refused.
 */
#define SESSION_COLUMNS(TODAY)                                                                               \
	"SELECT s.id, s.course_id, c.title AS course_title, s.date, s.starts, s.ends, s.mode, s.venue,"      \
	" s.joining_link, s.capacity, s.trainer, c.no_show_charge_pence, c.open_to,"                         \
	" (SELECT count(*) FROM training_bookings b WHERE b.session_id = s.id AND b.status = 'booked') AS "  \
	"booked,"                                                                                            \
	" (SELECT count(*) FROM training_bookings b WHERE b.session_id = s.id AND b.status = 'waiting') AS " \
	"waiting,"                                                                                           \
	" (SELECT b.id FROM training_bookings b WHERE b.session_id = s.id AND b.user_id = ?1"                \
	"   AND b.status <> 'cancelled') AS my_booking_id,"                                                  \
	" (SELECT b.status FROM training_bookings b WHERE b.session_id = s.id AND b.user_id = ?1"            \
	"   AND b.status <> 'cancelled') AS my_status,"                                                      \
	" (SELECT count(*) FROM training_approvals a WHERE a.session_id = s.id AND a.requester_user_id = ?1" \
	"   AND a.decision IS NULL) AS my_approval_pending,"                                                 \
	" (SELECT count(*) FROM training_approvals a WHERE a.session_id = s.id AND a.requester_user_id = ?1" \
	"   AND a.decision IS NULL AND NOT" TRAINING_AWAITING(                                               \
	    "a",                                                                                             \
	    TODAY) ") AS my_approval_lapsed,"                                                                \
	           " (SELECT u.name FROM training_approvals a JOIN users u ON u.id = a.approver_user_id"     \
	           "   WHERE a.session_id = s.id AND a.requester_user_id = ?1 AND a.decision IS NULL) AS "   \
	           "my_approver_name,"                                                                       \
	           " (SELECT count(*) FROM training_approvals a WHERE a.session_id = s.id AND "              \
	           "a.requester_user_id = ?1"                                                                \
	           "   AND" TRAINING_AWAITING("a", TODAY) " AND NOT" TRAINING_APPROVER_CAN_DECIDE(           \
	               "a") ") AS my_approval_stuck,"                                                        \
	                    " (SELECT max(a.decided_at) FROM training_approvals a WHERE a.session_id = s.id" \
	                    "   AND a.requester_user_id = ?1 AND a.decision = 'withdrawn') AS "              \
	                    "my_approval_withdrawn_at,"                                                      \
	                    " CASE WHEN" TRAINING_STARTED("s",                                               \
	                                                  TODAY) " THEN 1 ELSE 0 END AS started,"            \
	                                                         " COALESCE((SELECT cs.needs_approval FROM " \
	                                                         "training_course_settings cs WHERE "        \
	                                                         "cs.course_id "                             \
	                                                         "= c.id), 0)"                               \
	                                                         "   AS needs_approval"                      \
	                                                         " FROM training_sessions s JOIN "           \
	                                                         "training_courses c ON c.id = s.course_id"

/* The day of England's time NOW ("YYYY-MM-DDTHH:MM", training_now), "YYYY-MM-DD": from which sessions may
 * be to come (TRAINING_STARTED decides which are). */
#define TRAINING_DAY_OF(NOW) " substr(CAST(" NOW " AS TEXT), 1, 10)"

/* A course, with its sessions not yet started by England's time ?1 (training_now) counted, before its
 * WHERE. The day's bound (none before today has not started) lets the count read the course's sessions from
 * today on in training_sessions_by_course, not every year's. */
#define COURSE_COLUMNS                                                                                       \
	"SELECT c.id, c.title, c.description, c.audience, c.level, c.duration_minutes, c.open_to,"           \
	" c.no_show_charge_pence,"                                                                           \
	" COALESCE((SELECT cs.needs_approval FROM training_course_settings cs WHERE cs.course_id = c.id), "  \
	"0)"                                                                                                 \
	"   AS needs_approval,"                                                                              \
	" (SELECT count(*) FROM training_sessions s WHERE s.course_id = c.id AND s.date >=" TRAINING_DAY_OF( \
	    "?1") " AND NOT" TRAINING_STARTED("s", "?1") ") AS upcoming_sessions FROM training_courses c"

/* What a unit needs to know of a session to book it and write its calendar file. */
struct session_facts {
	char date[16], starts[8], ends[8], open_to[16];
	bool started; /* started by the `now` it was read with: TRAINING_STARTED */
	char title[1024], where[2048];
	long long capacity;
};

/* One booking being made inside a db_write unit: by whom, for which session, and where the result goes
 * (bookings_sqlite.c; approvals_sqlite.c books the place when a request is approved). */
struct book {
	long long session_id;
	const struct training_booker *who;
	const char *now; /* England's time, training_now: a session started is not booked */
	const struct actor *actor;
	struct training_booking_result *out;
};

/* A new course, session or resource being added in one db_write unit: the store.h struct its write function
 * knows, who adds it, and where its new id goes. */
struct training_addition {
	const void *record;
	const struct actor *actor;
	long long *id;
};

/* Runs `write` on the addition of `record` by `actor` as one db_write; *id is the new record's id, 0 unless
 * it was made. */
enum haven_status training_add_record(db_write_fn write, const void *record, const struct actor *actor,
                                      long long *id);

/* The text under `key` of `row` (a row read as JSON) copied into `to`, of `size` bytes: "" if it is
 * missing or NULL. */
void training_copy_text(char *to, size_t size, const json_t *row, const char *key);

/* The first row of `rows` (a new reference, NULL if none), freeing `rows` (which may be NULL). */
json_t *training_first_row(json_t *rows);

/* The rows of `stmt` (which this finishes; NULL if it is NULL or fails) with the period's first and last
 * days bound to ?1 and ?2. */
json_t *training_period_rows(db_stmt *stmt, const char *from, const char *to);

/*
 * The 0/1 columns named after `rows` as JSON booleans, in `rows`: one row, or an array of rows.
 *     TRAINING_BOOLEANS(rows, "evaluated", "followed_up");
 */
void training_booleans(json_t *rows, const char *const *names);
#define TRAINING_BOOLEANS(rows, ...) training_booleans((rows), (const char *const[]){__VA_ARGS__, NULL})

/* A session row's places_left, and its flags as booleans. */
void training_add_places_left(json_t *s);

/* Queues the email `template` (mail/compose.h) with `model` (may be NULL) to `to`, in the caller's unit; an
 * address the outbox refuses is skipped (the change still stands). */
enum haven_status training_queue_email(db_conn *db, const char *to, const char *template,
                                       const json_t *model);

/* The cancellation cut-off in working days, read in the caller's unit. settings_sqlite.c. */
enum haven_status training_cutoff_days_in(db_conn *db, int *days);

/* Reads session `session_id` into *f, f->started by England's time `now` (training_now; TRAINING_STARTED):
 * NOT_FOUND if there is none. bookings_sqlite.c. */
enum haven_status training_read_session(db_conn *db, long long session_id, const char *now,
                                        struct session_facts *f);

/* HAVEN_OK if course `course_id` exists, NOT_FOUND if not, HAVEN_ERR_DB if it cannot be told.
 * courses_sqlite.c. */
enum haven_status training_course_exists(db_conn *db, long long course_id);

/* The booking itself, in the caller's unit: checks, then a place or the waiting list (or, if `ask` and the
 * course needs it, a request for approval). bookings_sqlite.c. */
enum haven_status training_book_in(db_conn *db, struct book *w, bool ask);

/* A pending request to the approver the booker named (the course needs approval); no place is held.
 * approvals_sqlite.c. */
enum haven_status training_request_approval(db_conn *db, struct book *w);

#endif
