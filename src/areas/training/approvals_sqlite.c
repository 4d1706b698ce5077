/*
 * approvals_sqlite.c (training) — manager approval: whether a course needs
 * it, the request made when someone books such a course, the approver's
 * list, and the decision (approving books the place in the same unit).
 */
#include "areas/training/store_sqlite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "areas/calendar/london.h"
#include "areas/mail/compose.h"
#include "auth/audit.h"
#include "auth/policy.h"
#include "auth/user.h"
#include "store/row_found_sqlite.h"

/* Whether account `user_id` holds a role that may approve bookings ("training.approve", area.c's access
 * table), into *can. */
static enum haven_status may_approve(db_conn *db, long long user_id, bool *can)
{
	json_t *held = json_object();
	enum haven_status st =
	    db_rows_into(held, "roles", db, "SELECT role FROM user_roles WHERE user_id = ?", DB_INT(user_id));
	unsigned roles = 0;
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(held, "roles"), i, row)
	{
		enum role r = role_from_name(json_string_value(json_object_get(row, "role")));
		roles |= (unsigned)r; /* 0 for a name that is no role */
	}
	json_decref(held);
	*can = (roles & policy_roles("training.approve")) != 0;
	return st;
}

/*
 * Checks the approver the booker names: an active account in the booker's agency, not the booker, with a
 * role that may approve bookings. Sets *problem (TRAINING_APPROVER_OK when suitable), and then *approver
 * and `email` (320 bytes), their account's.
 */
static enum haven_status check_approver(db_conn *db, const struct training_booker *who,
                                        enum training_approver_problem *problem, long long *approver,
                                        char *email)
{
	*approver = 0;
	email[0] = '\0';
	if (!who->approver_email || !*who->approver_email) {
		*problem = TRAINING_APPROVER_MISSING;
		return HAVEN_OK;
	}
	json_t *account = NULL;
	enum haven_status st = db_row_with(
	    db, "SELECT id, agency_id, email FROM users WHERE email = lower(?) AND disabled_at IS NULL",
	    &account, DB_TEXT(who->approver_email));
	if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND)
		return HAVEN_ERR_DB;
	long long id = json_integer_value(json_object_get(account, "id"));
	long long agency = json_integer_value(json_object_get(account, "agency_id"));
	training_copy_text(email, 320, account, "email");
	json_decref(account);
	/* no account and an account in another agency are one answer (store.h) */
	*problem = id && id == who->user_id          ? TRAINING_APPROVER_SELF
	           : !id || agency != who->agency_id ? TRAINING_APPROVER_UNSUITABLE
	                                             : TRAINING_APPROVER_OK;
	if (*problem != TRAINING_APPROVER_OK)
		return HAVEN_OK;
	/* someone in the agency, but the request would wait for ever: they could not decide it */
	bool can = false;
	if ((st = may_approve(db, id, &can)) != HAVEN_OK)
		return st;
	if (!can)
		*problem = TRAINING_APPROVER_CANNOT_APPROVE;
	else
		*approver = id;
	return HAVEN_OK;
}

/* A pending request to the approver the booker named (the course needs approval): an active account in the
 * booker's agency, not the booker, with a role that may approve bookings; no place is held. */
enum haven_status training_request_approval(db_conn *db, struct book *w)
{
	const struct training_booker *who = w->who;
	long long approver = 0;
	char email[320];
	enum haven_status st = check_approver(db, who, &w->out->approver_problem, &approver, email);
	if (st != HAVEN_OK)
		return st;
	if (w->out->approver_problem != TRAINING_APPROVER_OK)
		return HAVEN_ERR_INVALID;
	/* HAVEN_ERR_CONFLICT: already awaiting approval */
	st = none_found_with(db,
	                     "SELECT 1 FROM training_approvals WHERE session_id = ? AND requester_user_id = ?"
	                     " AND decision IS NULL",
	                     DB_INT(w->session_id), DB_INT(who->user_id));
	if (st != HAVEN_OK)
		return st;
	st = db_integer_with(
	    db,
	    "INSERT INTO training_approvals (session_id, requester_user_id, approver_user_id)"
	    " VALUES (?, ?, ?) RETURNING id",
	    &w->out->approval_id, DB_INT(w->session_id), DB_INT(who->user_id), DB_INT(approver));
	if (st != HAVEN_OK)
		return st;
	char detail[64];
	snprintf(detail, sizeof detail, "session %lld", w->session_id);
	if ((st = audit_record(db_tx(db), w->actor, "training.approval_request", "training_approval",
	                       w->out->approval_id, detail)) != HAVEN_OK)
		return st;
	return training_queue_email(db, email, "training/approval-request", NULL);
}

struct rename {
	long long session_id;
	const struct training_booker *who;
	const char *now;
	const struct actor *actor;
	struct training_booking_result *out;
};

/* The booker's pending request on session ?1 (the booker ?2), whether its named approver can decide it, and
 * whether it has lapsed, its session started by England's time ?3 (store_sqlite.h's TRAINING_AWAITING). */
static const char pending_request[] = "SELECT a.id, CASE WHEN" TRAINING_APPROVER_CAN_DECIDE(
    "a") " THEN 1 ELSE 0 END AS can,"
         " CASE WHEN" TRAINING_AWAITING(
             "a", "?3") " THEN 0 ELSE 1 END AS lapsed FROM training_approvals a"
                        " WHERE a.session_id = ?1 AND a.requester_user_id = ?2 AND a.decision IS NULL";

/* The booker's pending request on the session, its named approver unable to decide it now, given to
 * another: checked as when it was asked; its place in the queue (approval_order) kept. Not once the session
 * has been: nobody could decide it then, so the new approver would only be given a task overdue for ever. */
static enum haven_status write_rename(db_conn *db, void *ctx)
{
	struct rename *w = ctx;
	json_t *request = NULL;
	enum haven_status st = db_row_with(db, pending_request, &request, DB_INT(w->session_id),
	                                   DB_INT(w->who->user_id), DB_TEXT(w->now));
	if (st != HAVEN_OK)
		return st;
	long long id = json_integer_value(json_object_get(request, "id"));
	bool can = json_integer_value(json_object_get(request, "can")) != 0;
	w->out->session_over = json_integer_value(json_object_get(request, "lapsed")) != 0;
	json_decref(request);
	w->out->approval_id = id;
	if (can || w->out->session_over)
		return HAVEN_ERR_CONFLICT;
	long long approver = 0;
	char email[320];
	if ((st = check_approver(db, w->who, &w->out->approver_problem, &approver, email)) != HAVEN_OK)
		return st;
	if (w->out->approver_problem != TRAINING_APPROVER_OK)
		return HAVEN_ERR_INVALID;
	if ((st = db_exec_with(
	         db, "UPDATE training_approvals SET approver_user_id = ? WHERE id = ? AND decision IS NULL",
	         DB_INT(approver), DB_INT(id))) != HAVEN_OK)
		return st;
	char detail[64];
	snprintf(detail, sizeof detail, "session %lld", w->session_id);
	if ((st = audit_record(db_tx(db), w->actor, "training.approver_change", "training_approval", id,
	                       detail)) != HAVEN_OK)
		return st;
	return training_queue_email(db, email, "training/approval-request", NULL);
}

enum haven_status training_approval_rename(long long session_id, const struct training_booker *who,
                                           const char *now, const struct actor *actor,
                                           struct training_booking_result *out)
{
	memset(out, 0, sizeof *out);
	struct rename w = {session_id, who, now, actor, out};
	return db_write(write_rename, &w);
}

struct course_approval {
	long long course_id;
	bool needs;
	const struct actor *actor;
};

static enum haven_status write_course_approval(db_conn *db, void *ctx)
{
	struct course_approval *w = ctx;
	enum haven_status st = training_course_exists(db, w->course_id);
	if (st != HAVEN_OK)
		return st;
	st = db_exec_with(db,
	                  "INSERT INTO training_course_settings (course_id, needs_approval) VALUES (?1, ?2)"
	                  " ON CONFLICT (course_id) DO UPDATE SET needs_approval = excluded.needs_approval",
	                  DB_INT(w->course_id), DB_INT(w->needs ? 1 : 0));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "training.course_approval", "training_course", w->course_id,
	                    w->needs ? "needs approval" : "no approval needed");
}

enum haven_status training_course_set_approval(long long course_id, bool needs_approval,
                                               const struct actor *actor)
{
	struct course_approval w = {course_id, needs_approval, actor};
	return db_write(write_course_approval, &w);
}

/*
 * The requests approver ?1 is asked to decide, England's time being ?2 (training_now), by approval_order
 * descending (waiting first, then decided; newest first in each: migration 0040; a request that lapsed
 * undecided, its session been, stays among the waiting, as its decision does), a page at a time from the
 * cursor request ?3 (one of the approver's own).
 */
#define APPROVALS_PAGE(CMP, ORDER, NO_ROW, PICK)                                                             \
	"SELECT a.id, a.session_id, c.title AS course_title, s.date, s.starts, s.ends,"                      \
	" u.name AS requester_name, u.email AS requester_email, a.requested_at, a.decided_at,"               \
	" a.decision, a.booking_id,"                                                                         \
	" CASE WHEN a.decision IS NULL AND NOT" TRAINING_AWAITING(                                           \
	    "a", "?2") " THEN 1 ELSE 0 END AS lapsed"                                                        \
	               " FROM training_approvals a JOIN training_sessions s ON s.id = a.session_id"          \
	               " JOIN training_courses c ON c.id = s.course_id JOIN users u ON u.id = "              \
	               "a.requester_user_id"                                                                 \
	               " WHERE" TRAINING_FOR_APPROVER(                                                       \
	                   "a", "?1",                                                                        \
	                   "?2") " AND a.approval_order " CMP " (SELECT approval_order"                      \
	                         " FROM training_approvals k WHERE k.id = ?3 AND" TRAINING_FOR_APPROVER(     \
	                             "k", "?1", "?2") " UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK        \
	                                              " LIMIT 1)"                                            \
	                                              " ORDER BY a.approval_order " ORDER " LIMIT ?4"

enum haven_status training_approvals_list(long long approver_user_id, const struct page *page, json_t **out,
                                          long long *total)
{
	/* the rule's time: which requests still await a decision (owned_page.h's reader is given none) */
	char today[TRAINING_NOW_SIZE];
	training_now(today);
	const struct paged_rows approvals = {
	    .after = DB_SQL(APPROVALS_PAGE("<", "DESC", "9223372036854775807", "ASC")),
	    .before = DB_SQL(APPROVALS_PAGE(">", "ASC", "0", "DESC")),
	    .count = DB_SQL("SELECT count(*) FROM (SELECT 1 FROM training_approvals a"
	                    " WHERE" TRAINING_FOR_APPROVER("a", "?1", "?2") " LIMIT ?3) AS page"),
	    .none_after = 0};
	enum haven_status st = paged_rows_read(
	    page, &approvals, DB_VALUES(DB_INT(approver_user_id), DB_TEXT(today)), out, total);
	if (st == HAVEN_OK)
		TRAINING_BOOLEANS(*out, "lapsed");
	return st;
}

enum haven_status training_my_requests(long long user_id, const char *now, json_t **out)
{
	*out = json_array();
	enum haven_status st = db_read_rows_append(
	    *out,
	    "SELECT a.id, CASE WHEN" TRAINING_AWAITING(
	        "a", "?2") " THEN 0 ELSE 1 END AS lapsed,"
	                   " a.session_id, c.title AS course_title, s.date, s.starts, s.ends,"
	                   " u.name AS approver_name, a.requested_at"
	                   " FROM training_approvals a JOIN training_sessions s ON s.id = a.session_id"
	                   " JOIN training_courses c ON c.id = s.course_id JOIN users u ON u.id = "
	                   "a.approver_user_id"
	                   " WHERE a.requester_user_id = ?1 AND a.decision IS NULL"
	                   " ORDER BY s.date DESC, s.starts DESC, a.id DESC LIMIT 100",
	    DB_INT(user_id), DB_TEXT(now));
	if (st == HAVEN_OK)
		TRAINING_BOOLEANS(*out, "lapsed");
	return st;
}

/* Requests lapsed undecided, their session started by ?2 (England's time) and dated from ?1, whose
 * requester is not yet told: at most ?3. */
static const char lapsed_due[] =
    "SELECT a.id, u.email FROM training_approvals a"
    " JOIN training_sessions s ON s.id = a.session_id JOIN users u ON u.id = a.requester_user_id"
    " WHERE a.decision IS NULL AND a.lapse_told_at IS NULL AND s.date >= ?1 AND NOT" TRAINING_AWAITING(
        "a", "?2") " AND u.disabled_at IS NULL ORDER BY a.id LIMIT ?3";
DB_REGISTER(lapsed_due);

struct lapsed {
	const char *oldest, *now;
	int limit, *count;
};

static enum haven_status write_lapsed(db_conn *db, void *ctx)
{
	struct lapsed *w = ctx;
	json_t *rows = db_rows_values(db_prepare_registered(db, lapsed_due),
	                              DB_VALUES(DB_TEXT(w->oldest), DB_TEXT(w->now), DB_INT(w->limit)));
	if (!rows)
		return HAVEN_ERR_DB;
	char told[DB_TIME_SIZE];
	db_now_text(told);
	/* fixed words and a link to "Your training": no course, no names (mail.h) */
	char *link = mail_link("/training/bookings");
	json_t *model = json_pack("{s:s}", "link", link ? link : "/training/bookings");
	free(link);
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		if ((st = training_queue_email(db, json_string_value(json_object_get(r, "email")),
		                               "training/approval-lapsed", model)) != HAVEN_OK)
			break;
		if ((st = db_exec_with(db,
		                       "UPDATE training_approvals SET lapse_told_at = ? WHERE id = ?"
		                       " AND lapse_told_at IS NULL",
		                       DB_TEXT(told),
		                       DB_INT(json_integer_value(json_object_get(r, "id"))))) != HAVEN_OK)
			break;
	}
	*w->count = st == HAVEN_OK ? (int)json_array_size(rows) : 0;
	json_decref(model);
	json_decref(rows);
	return st;
}

enum haven_status training_queue_lapsed(const char *oldest, const char *now, int limit, int *queued)
{
	*queued = 0;
	struct lapsed w = {oldest, now, limit, queued};
	return db_write(write_lapsed, &w);
}

struct decide {
	long long approval_id, approver_user_id;
	bool approve;
	const char *now;
	const struct actor *actor;
	struct training_booking_result *out;
};

static enum haven_status write_decide(db_conn *db, void *ctx)
{
	struct decide *w = ctx;
	json_t *request = NULL;
	enum haven_status st =
	    db_row_with(db,
	                "SELECT a.session_id, a.decision IS NOT NULL AS decided,"
	                " CASE WHEN" TRAINING_AWAITING(
	                    "a", "?3") " THEN 0 ELSE 1 END AS closed,"
	                               " u.id AS user_id, u.agency_id, u.email"
	                               " FROM training_approvals a JOIN users u ON u.id = a.requester_user_id"
	                               " WHERE a.id = ?1 AND" TRAINING_FOR_APPROVER("a", "?2", "?3"),
	                &request, DB_INT(w->approval_id), DB_INT(w->approver_user_id), DB_TEXT(w->now));
	if (st != HAVEN_OK)
		return st;
	long long session_id = json_integer_value(json_object_get(request, "session_id"));
	bool decided = json_integer_value(json_object_get(request, "decided")) != 0;
	/* not decided, yet no longer awaiting a decision: its session has been (TRAINING_AWAITING) */
	w->out->session_over = !decided && json_integer_value(json_object_get(request, "closed")) != 0;
	char email[320];
	training_copy_text(email, sizeof email, request, "email");
	struct training_booker requester = {
	    .user_id = json_integer_value(json_object_get(request, "user_id")),
	    .agency_id = json_integer_value(json_object_get(request, "agency_id")),
	    .email = email,
	};
	json_decref(request);
	if (decided || w->out->session_over)
		return HAVEN_ERR_CONFLICT;
	if (w->approve) {
		struct book b = {session_id, &requester, w->now, w->actor, w->out};
		if ((st = training_book_in(db, &b, false)) != HAVEN_OK)
			return st;
	}
	char decided_at[DB_TIME_SIZE];
	db_now_text(decided_at);
	if ((st = db_exec_with(db,
	                       /* its approver is whoever decided it (another in the agency, when the one
	                        * named could no longer): it stays in their list, decided */
	                       "UPDATE training_approvals SET decision = ?, booking_id = ?, decided_at = ?,"
	                       " approver_user_id = ? WHERE id = ? AND decision IS NULL",
	                       DB_TEXT(w->approve ? "approved" : "declined"),
	                       w->out->booking_id ? DB_INT(w->out->booking_id) : DB_NULL, DB_TEXT(decided_at),
	                       DB_INT(w->approver_user_id), DB_INT(w->approval_id))) != HAVEN_OK)
		return st;
	char detail[64];
	snprintf(detail, sizeof detail, "session %lld", session_id);
	if ((st = audit_record(db_tx(db), w->actor, w->approve ? "training.approve" : "training.decline",
	                       "training_approval", w->approval_id, detail)) != HAVEN_OK)
		return st;
	return training_queue_email(db, email, "training/approval-decided", NULL);
}

enum haven_status training_approval_decide(long long approval_id, long long approver_user_id, bool approve,
                                           const char *now, const struct actor *actor,
                                           struct training_booking_result *out)
{
	memset(out, 0, sizeof *out);
	struct decide w = {approval_id, approver_user_id, approve, now, actor, out};
	return db_write(write_decide, &w);
}

/* ---- the records this area holds, auth/records.h ---- */

/* the approver the practitioner named; another approver in their agency once that one can no longer decide
 * it. Whatever the session's date (NULL: a related statement is given no date): deciding reads the rule
 * again with England's date (write_decide), so a request lapsed is refused there, 409 or 404 as the rule
 * says. */
static const char related_training_approval[] =
    "SELECT 1 FROM training_approvals a WHERE a.id = :id AND" TRAINING_FOR_APPROVER("a", ":user", "NULL");
DB_REGISTER(related_training_approval);

const struct record_type training_records[] = {
    {.name = "training_approval", .related = related_training_approval},
    {0},
};
