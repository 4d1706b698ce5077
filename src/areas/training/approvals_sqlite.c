/*
 * approvals_sqlite.c (training) — manager approval: whether a course needs
 * it, the request made when someone books such a course, the approver's
 * list, and the decision (approving books the place in the same unit).
 */
#include "areas/training/store_sqlite.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"

/* A pending request to the approver the booker named (the course needs approval); no place is held. */
enum haven_status training_request_approval(sqlite3 *db, struct book *w)
{
	const struct training_booker *who = w->who;
	if (!who->approver_email || !*who->approver_email) {
		w->out->approver_problem = TRAINING_APPROVER_MISSING;
		return HAVEN_ERR_INVALID;
	}
	sqlite3_stmt *stmt = db_prepare(db, "SELECT id, agency_id, email FROM users WHERE email = lower(?)"
	                                    " AND disabled_at IS NULL");
	if (!db_bind(stmt, DB_TEXT(who->approver_email)))
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(stmt);
	long long approver = 0, agency = 0;
	char email[320] = "";
	if (rc == SQLITE_ROW) {
		approver = sqlite3_column_int64(stmt, 0);
		agency = sqlite3_column_int64(stmt, 1);
		snprintf(email, sizeof email, "%s", (const char *)sqlite3_column_text(stmt, 2));
	}
	db_done(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return HAVEN_ERR_DB;
	/* no account and an account in another agency are one answer (store.h) */
	w->out->approver_problem = approver && approver == who->user_id    ? TRAINING_APPROVER_SELF
	                           : !approver || agency != who->agency_id ? TRAINING_APPROVER_UNSUITABLE
	                                                                   : TRAINING_APPROVER_OK;
	if (w->out->approver_problem != TRAINING_APPROVER_OK)
		return HAVEN_ERR_INVALID;
	stmt =
	    db_prepare(db, "SELECT 1 FROM training_approvals WHERE session_id = ? AND requester_user_id = ?"
	                   " AND decision IS NULL");
	if (!db_bind(stmt, DB_INT(w->session_id), DB_INT(who->user_id)))
		return HAVEN_ERR_DB;
	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc == SQLITE_ROW)
		return HAVEN_ERR_CONFLICT; /* already awaiting approval */
	if (rc != SQLITE_DONE)
		return HAVEN_ERR_DB;
	enum haven_status st =
	    db_exec_with(db,
	                 "INSERT INTO training_approvals (session_id, requester_user_id, approver_user_id)"
	                 " VALUES (?, ?, ?)",
	                 DB_INT(w->session_id), DB_INT(who->user_id), DB_INT(approver));
	if (st != HAVEN_OK)
		return st;
	w->out->approval_id = sqlite3_last_insert_rowid(db);
	char detail[64];
	snprintf(detail, sizeof detail, "session %lld", w->session_id);
	if ((st = audit_record(db_tx(db), w->actor, "training.approval_request", "training_approval",
	                       w->out->approval_id, detail)) != HAVEN_OK)
		return st;
	return training_queue_email(db, email, "training/approval-request", NULL);
}

struct course_approval {
	long long course_id;
	bool needs;
	const struct actor *actor;
};

static enum haven_status write_course_approval(sqlite3 *db, void *ctx)
{
	struct course_approval *w = ctx;
	sqlite3_stmt *stmt = db_prepare(db, "SELECT 1 FROM training_courses WHERE id = ?");
	if (!db_bind(stmt, DB_INT(w->course_id)))
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc == SQLITE_DONE)
		return HAVEN_ERR_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return HAVEN_ERR_DB;
	enum haven_status st =
	    db_exec_with(db,
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
 * The requests approver ?1 is asked to decide, by approval_order descending
 * (waiting first, then decided; newest first in each: migration 0040), a
 * page at a time from the cursor request ?2 (one of the approver's own).
 */
#define APPROVALS_PAGE(CMP, ORDER, NO_ROW, PICK)                                                             \
	"SELECT a.id, a.session_id, c.title AS course_title, s.date, s.starts, s.ends,"                      \
	" u.name AS requester_name, u.email AS requester_email, a.requested_at, a.decided_at,"               \
	" a.decision, a.booking_id"                                                                          \
	" FROM training_approvals a JOIN training_sessions s ON s.id = a.session_id"                         \
	" JOIN training_courses c ON c.id = s.course_id JOIN users u ON u.id = a.requester_user_id"          \
	" WHERE a.approver_user_id = ?1 AND a.approval_order " CMP " (SELECT approval_order"                 \
	" FROM training_approvals k WHERE k.id = ?2 AND k.approver_user_id = ?1"                             \
	" UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK " LIMIT 1)"                                          \
	" ORDER BY a.approval_order " ORDER " LIMIT ?3"

enum haven_status training_approvals_list(long long approver_user_id, const struct page *page, json_t **out,
                                          long long *total)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = !db ? NULL
	                     : page_backward(page)
	                         ? db_prepare(db, APPROVALS_PAGE(">", "ASC", "0", "DESC"))
	                         : db_prepare(db, APPROVALS_PAGE("<", "DESC", "9223372036854775807", "ASC"));
	if (!db_bind(stmt, DB_INT(approver_user_id), DB_INT(page_cursor(page, 0)), DB_INT(page_fetch(page))))
		return HAVEN_ERR_DB;
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	*out = rows;
	sqlite3_stmt *count = db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM training_approvals"
	                                     " WHERE approver_user_id = ? LIMIT ?)");
	if (count) {
		sqlite3_bind_int64(count, 1, approver_user_id);
		sqlite3_bind_int64(count, 2, PAGE_COUNT_CAP + 1);
	}
	*total = training_count_of(count);
	return HAVEN_OK;
}

struct decide {
	long long approval_id, approver_user_id;
	bool approve;
	const char *today;
	const struct actor *actor;
	struct training_booking_result *out;
};

static enum haven_status write_decide(sqlite3 *db, void *ctx)
{
	struct decide *w = ctx;
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT a.session_id, a.decision IS NOT NULL, u.id, u.agency_id, u.email"
	                   " FROM training_approvals a JOIN users u ON u.id = a.requester_user_id"
	                   " WHERE a.id = ? AND a.approver_user_id = ?");
	if (!db_bind(stmt, DB_INT(w->approval_id), DB_INT(w->approver_user_id)))
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(stmt);
	long long session_id = 0;
	bool decided = false;
	struct training_booker requester = {0};
	char email[320] = "";
	if (rc == SQLITE_ROW) {
		session_id = sqlite3_column_int64(stmt, 0);
		decided = sqlite3_column_int(stmt, 1) != 0;
		requester.user_id = sqlite3_column_int64(stmt, 2);
		requester.agency_id = sqlite3_column_int64(stmt, 3);
		snprintf(email, sizeof email, "%s", (const char *)sqlite3_column_text(stmt, 4));
		requester.email = email;
	}
	db_done(stmt);
	if (rc == SQLITE_DONE)
		return HAVEN_ERR_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return HAVEN_ERR_DB;
	if (decided)
		return HAVEN_ERR_CONFLICT;
	enum haven_status st;
	if (w->approve) {
		struct book b = {session_id, &requester, w->today, w->actor, w->out};
		if ((st = training_book_in(db, &b, false)) != HAVEN_OK)
			return st;
	}
	stmt = db_prepare(
	    db, "UPDATE training_approvals SET decision = ?, booking_id = ?,"
	        " decided_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND decision IS NULL");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, w->approve ? "approved" : "declined", -1, SQLITE_STATIC);
	if (w->out->booking_id)
		sqlite3_bind_int64(stmt, 2, w->out->booking_id);
	sqlite3_bind_int64(stmt, 3, w->approval_id);
	if ((st = db_exec_stmt(stmt)) != HAVEN_OK)
		return st;
	char detail[64];
	snprintf(detail, sizeof detail, "session %lld", session_id);
	if ((st = audit_record(db_tx(db), w->actor, w->approve ? "training.approve" : "training.decline",
	                       "training_approval", w->approval_id, detail)) != HAVEN_OK)
		return st;
	return training_queue_email(db, email, "training/approval-decided", NULL);
}

enum haven_status training_approval_decide(long long approval_id, long long approver_user_id, bool approve,
                                           const char *today, const struct actor *actor,
                                           struct training_booking_result *out)
{
	memset(out, 0, sizeof *out);
	struct decide w = {approval_id, approver_user_id, approve, today, actor, out};
	return db_write(write_decide, &w);
}

/* ---- the records this area holds, auth/records.h ---- */

/* only the approver the practitioner named */
static const char related_training_approval[] =
    "SELECT 1 FROM training_approvals WHERE id = :id AND approver_user_id = :user";
DB_REGISTER(related_training_approval);

const struct record_type training_records[] = {
    {.name = "training_approval", .related = related_training_approval},
    {0},
};
