/*
 * bookings_sqlite.c (training) — booking, cancelling and the waiting list,
 * with the confirmation email and its calendar file, and a person's own
 * bookings.
 *
 * Booking, cancelling and the waiting list are each one db_write unit: the
 * writer runs units one at a time, so the count of places taken and the
 * insert (or the cancellation and the promotion of the first on the waiting
 * list) can never interleave with another person's. The confirmation email
 * (mail_enqueue) and the audit row are written in the same unit.
 */
#include "areas/training/store_sqlite.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/mail/compose.h"
#include "areas/mail/ical.h"
#include "areas/mail/mail.h"
#include "areas/training/rules.h"
#include "auth/audit.h"
#include "core/buf.h"
#include "core/log.h"
#include "store/text_found_sqlite.h"

enum haven_status training_read_session(db_conn *db, long long session_id, const char *now,
                                        struct session_facts *f)
{
	json_t *row = NULL;
	enum haven_status st = db_row_with(
	    db,
	    "SELECT s.date, s.starts, s.ends, c.open_to, c.title, s.capacity,"
	    " CASE s.mode WHEN 'virtual' THEN 'Online' ELSE s.venue END AS place,"
	    " CASE WHEN" TRAINING_STARTED("s", "?2") " THEN 1 ELSE 0 END AS started"
	                                             " FROM training_sessions s JOIN training_courses c ON "
	                                             "c.id = s.course_id WHERE s.id = ?1",
	    &row, DB_INT(session_id), DB_TEXT(now));
	if (st != HAVEN_OK)
		return st;
	training_copy_text(f->date, sizeof f->date, row, "date");
	training_copy_text(f->starts, sizeof f->starts, row, "starts");
	training_copy_text(f->ends, sizeof f->ends, row, "ends");
	training_copy_text(f->open_to, sizeof f->open_to, row, "open_to");
	training_copy_text(f->title, sizeof f->title, row, "title");
	training_copy_text(f->where, sizeof f->where, row, "place");
	f->capacity = json_integer_value(json_object_get(row, "capacity"));
	f->started = json_integer_value(json_object_get(row, "started")) != 0;
	json_decref(row);
	return HAVEN_OK;
}

/*
 * Writes a session's iCalendar file (calendar/london.h turns its London times into UTC).
 * The joining link is not put in it: the file travels by email, and the link
 * is shown in Haven to people with a place.
 */
static enum haven_status session_ical(long long uid_id, const char *uid_kind, const char *date,
                                      const char *starts, const char *ends, const char *title,
                                      const char *where, bool cancelled, struct buf *out)
{
	int32_t day;
	int start_minute, end_minute;
	if (!calendar_parse(date, &day) || !calendar_parse_clock(starts, &start_minute) ||
	    !calendar_parse_clock(ends, &end_minute))
		return HAVEN_ERR_INVALID;
	int64_t start = calendar_utc_from_london(day, start_minute * 60);
	int64_t end = calendar_utc_from_london(day, end_minute * 60);
	char uid[96];
	snprintf(uid, sizeof uid, "training-%s-%lld@haven", uid_kind, uid_id);
	struct ical_event e = {
	    .uid = uid,
	    .dtstamp = (int64_t)time(NULL),
	    .start = start,
	    .end = end,
	    .summary = title,
	    .location = where && *where ? where : NULL,
	    .description = "Safeguarding partnership training. Sign in to Haven for the details.",
	    .sequence = cancelled ? 1 : 0,
	    .cancelled = cancelled,
	};
	return ical_event(&e, out);
}

enum haven_status training_session_ical(long long session_id, struct buf *out)
{
	json_t *s = NULL;
	enum haven_status st = training_session_get(session_id, 0, &s);
	if (st != HAVEN_OK)
		return st;
	const char *mode = json_string_value(json_object_get(s, "mode"));
	const char *where =
	    mode && strcmp(mode, "virtual") == 0 ? "Online" : json_string_value(json_object_get(s, "venue"));
	st = session_ical(session_id, "session", json_string_value(json_object_get(s, "date")),
	                  json_string_value(json_object_get(s, "starts")),
	                  json_string_value(json_object_get(s, "ends")),
	                  json_string_value(json_object_get(s, "course_title")), where, false, out);
	json_decref(s);
	return st;
}

/* Queues the email telling someone their place is confirmed (or cancelled), with the calendar file. */
static enum haven_status tell(db_conn *db, const char *email, long long booking_id,
                              const struct session_facts *f, bool cancelled, bool from_waiting_list)
{
	if (!email || !*email)
		return HAVEN_OK;
	struct buf ics = BUF_INIT;
	enum haven_status st = session_ical(booking_id, "booking", f->date, f->starts, f->ends, f->title,
	                                    f->where, cancelled, &ics);
	if (st != HAVEN_OK) {
		buf_free(&ics);
		return st;
	}
	/* the course title, date and time are about the session, not a person (mail.h); the times in words,
	 * "9:30am", as the pages say them */
	json_t *model = json_pack("{s:s, s:s, s:s, s:s}", "title", f->title, "date", f->date, "starts",
	                          f->starts, "ends", f->ends);
	training_time_words(model);
	const char *kind = cancelled           ? "training/cancelled"
	                   : from_waiting_list ? "training/place-from-waiting-list"
	                                       : "training/booked";
	struct mail_text text = MAIL_TEXT_INIT;
	st = mail_compose(kind, model, &text);
	json_decref(model);
	if (st == HAVEN_OK) {
		size_t ics_len = ics.len;
		struct mail m = {
		    .kind = kind,
		    .to = email,
		    .subject = text.subject,
		    .body_text = text.body,
		    .attachment_name = "session.ics",
		    .attachment_type = ICAL_CONTENT_TYPE,
		    .attachment = buf_cstr(&ics),
		    .attachment_len = ics_len,
		};
		st = mail_enqueue(db_tx(db), &m);
	}
	mail_text_free(&text);
	buf_free(&ics);
	/* An address the outbox refuses must not cost the person their place. */
	if (st == HAVEN_ERR_INVALID) {
		log_info("training: booking %lld: the confirmation email was refused", booking_id);
		return HAVEN_OK;
	}
	return st;
}

/* Whether booking a session's course needs approval. */
static enum haven_status session_needs_approval(db_conn *db, long long session_id, bool *needs)
{
	long long flag = 0;
	enum haven_status st =
	    db_integer_with(db,
	                    "SELECT cs.needs_approval FROM training_sessions s"
	                    " JOIN training_course_settings cs ON cs.course_id = s.course_id WHERE s.id = ?",
	                    &flag, DB_INT(session_id));
	*needs = st == HAVEN_OK && flag == 1;
	return st == HAVEN_OK || st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : HAVEN_ERR_DB;
}

/* The booking itself: checks, then a place or the waiting list (or, if `ask` and the course needs it, a
 * request for approval). */
enum haven_status training_book_in(db_conn *db, struct book *w, bool ask)
{
	struct session_facts f;
	enum haven_status st = training_read_session(db, w->session_id, w->now, &f);
	if (st != HAVEN_OK)
		return st;
	/* a session that has started is not booked, asked for or approved: TRAINING_STARTED, the rule
	 * TRAINING_AWAITING lapses a request by */
	if (f.started)
		return HAVEN_ERR_CONFLICT;
	if (strcmp(f.open_to, "partners") == 0) {
		char type[32];
		st = text_found_with(db, "SELECT type FROM agencies WHERE id = ?", type, sizeof type,
		                     DB_INT(w->who->agency_id));
		if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND)
			return HAVEN_ERR_DB;
		if (!type[0] || strcmp(type, "other") == 0)
			return HAVEN_ERR_DENIED;
	}
	json_t *taken = NULL;
	if (db_row_with(db,
	                "SELECT count(*) FILTER (WHERE status = 'booked') AS booked,"
	                " count(*) FILTER (WHERE user_id = ?2 AND status <> 'cancelled') AS mine"
	                " FROM training_bookings WHERE session_id = ?1",
	                &taken, DB_INT(w->session_id), DB_INT(w->who->user_id)) != HAVEN_OK)
		return HAVEN_ERR_DB;
	long long booked = json_integer_value(json_object_get(taken, "booked"));
	long long mine = json_integer_value(json_object_get(taken, "mine"));
	json_decref(taken);
	if (mine)
		return HAVEN_ERR_CONFLICT;
	if (ask) {
		bool needs = false;
		if ((st = session_needs_approval(db, w->session_id, &needs)) != HAVEN_OK)
			return st;
		if (needs)
			return training_request_approval(db, w);
	}
	bool waiting = booked >= f.capacity;
	char now[DB_TIME_SIZE];
	db_now_text(now);
	if ((st = db_integer_with(
	         db,
	         "INSERT INTO training_bookings (session_id, user_id, agency_id, status, booked_at)"
	         " VALUES (?, ?, ?, ?, ?) RETURNING id",
	         &w->out->booking_id, DB_INT(w->session_id), DB_INT(w->who->user_id),
	         DB_INT(w->who->agency_id), DB_TEXT(waiting ? "waiting" : "booked"),
	         waiting ? DB_NULL : DB_TEXT(now))) != HAVEN_OK) /* booked_at: only with a place */
		return st;
	w->out->waiting = waiting;
	char detail[64];
	snprintf(detail, sizeof detail, "booking %lld", w->out->booking_id);
	st = audit_record(db_tx(db), w->actor, waiting ? "training.wait" : "training.book",
	                  "training_session", w->session_id, detail);
	if (st != HAVEN_OK || waiting)
		return st;
	return tell(db, w->who->email, w->out->booking_id, &f, false, false);
}

static enum haven_status write_book(db_conn *db, void *ctx)
{
	return training_book_in(db, ctx, true);
}

enum haven_status training_book(long long session_id, const struct training_booker *who, const char *now,
                                const struct actor *actor, struct training_booking_result *out)
{
	memset(out, 0, sizeof *out);
	struct book w = {session_id, who, now, actor, out};
	return db_write(write_book, &w);
}

struct cancel {
	long long session_id, user_id;
	const char *now;                /* England's time, training_now: a session started is not cancelled */
	char today[CALENDAR_DATE_SIZE]; /* its day: the cut-off and cancelled_on */
	const struct actor *actor;
	struct training_booking_result *out;
};

/*
 * The person's own request for a place still awaiting approval, withdrawn: closed as 'withdrawn'
 * (migration 0189) with its time, never deleted (its id must not pass to the next request), so the
 * approver can no longer approve or decline it, and audited as a cancellation. The approver, emailed
 * when it was asked, is emailed that it was withdrawn (naming nothing, as that email did), unless their
 * account is disabled now. NOT_FOUND if they have none pending.
 */
static enum haven_status withdraw_request(db_conn *db, struct cancel *w)
{
	json_t *request = NULL;
	enum haven_status st = db_row_with(db,
	                                   "SELECT a.id, CASE WHEN u.disabled_at IS NULL THEN u.email END"
	                                   " AS approver_email FROM training_approvals a"
	                                   " JOIN users u ON u.id = a.approver_user_id"
	                                   " WHERE a.session_id = ? AND a.requester_user_id = ?"
	                                   " AND a.decision IS NULL",
	                                   &request, DB_INT(w->session_id), DB_INT(w->user_id));
	if (st != HAVEN_OK)
		return st;
	long long id = json_integer_value(json_object_get(request, "id"));
	char approver[320];
	training_copy_text(approver, sizeof approver, request, "approver_email");
	json_decref(request);
	char now[DB_TIME_SIZE];
	db_now_text(now);
	if ((st = db_exec_with(db,
	                       "UPDATE training_approvals SET decision = 'withdrawn', decided_at = ?"
	                       " WHERE id = ? AND decision IS NULL",
	                       DB_TEXT(now), DB_INT(id))) != HAVEN_OK)
		return st;
	w->out->approval_id = id;
	char detail[96];
	snprintf(detail, sizeof detail, "approval request %lld withdrawn", id);
	if ((st = audit_record(db_tx(db), w->actor, "training.cancel", "training_session", w->session_id,
	                       detail)) != HAVEN_OK)
		return st;
	return *approver ? training_queue_email(db, approver, "training/approval-withdrawn", NULL) : HAVEN_OK;
}

static enum haven_status write_cancel(db_conn *db, void *ctx)
{
	struct cancel *w = ctx;
	struct session_facts f;
	enum haven_status st = training_read_session(db, w->session_id, w->now, &f);
	if (st != HAVEN_OK)
		return st;
	/* nobody cancels a place, or withdraws a request, once the session has started (TRAINING_STARTED, as
	 * booking asks): the place is then taken up, or not, and a request has lapsed */
	if (f.started)
		return HAVEN_ERR_CONFLICT;
	json_t *booking = NULL;
	st = db_row_with(db,
	                 "SELECT b.id, b.status, u.email FROM training_bookings b"
	                 " JOIN users u ON u.id = b.user_id"
	                 " WHERE b.session_id = ? AND b.user_id = ? AND b.status <> 'cancelled'",
	                 &booking, DB_INT(w->session_id), DB_INT(w->user_id));
	/* no place or waiting spot: a request awaiting approval is what there is to give up */
	if (st == HAVEN_ERR_NOT_FOUND)
		return withdraw_request(db, w);
	if (st != HAVEN_OK)
		return st;
	long long id = json_integer_value(json_object_get(booking, "id"));
	const char *status = json_string_value(json_object_get(booking, "status"));
	bool had_place = status && strcmp(status, "booked") == 0;
	char email[256];
	training_copy_text(email, sizeof email, booking, "email");
	json_decref(booking);
	int32_t session_day, today;
	if (!calendar_parse(f.date, &session_day) || !calendar_parse(w->today, &today))
		return HAVEN_ERR_INTERNAL;
	int cutoff_days = TRAINING_CUTOFF_DEFAULT;
	if ((st = training_cutoff_days_in(db, &cutoff_days)) != HAVEN_OK)
		return st;
	bool late = had_place && training_cancellation_late(session_day, today, cutoff_days);
	if ((st = db_exec_with(db,
	                       "UPDATE training_bookings SET status = 'cancelled', late_cancellation = ?,"
	                       " cancelled_on = ? WHERE id = ?",
	                       DB_INT(late), DB_TEXT(w->today), DB_INT(id))) != HAVEN_OK)
		return st;
	w->out->booking_id = id;
	w->out->late = late;
	char detail[96];
	snprintf(detail, sizeof detail, "booking %lld%s", id, late ? " (late)" : "");
	if ((st = audit_record(db_tx(db), w->actor, "training.cancel", "training_session", w->session_id,
	                       detail)) != HAVEN_OK)
		return st;
	if (!had_place)
		return HAVEN_OK;
	if ((st = tell(db, email, id, &f, true, false)) != HAVEN_OK)
		return st;

	/* The freed place goes to the first on the waiting list, who is booked and told. */
	json_t *first = NULL;
	st = db_row_with(db,
	                 "SELECT b.id, u.email FROM training_bookings b JOIN users u ON u.id = b.user_id"
	                 " WHERE b.session_id = ? AND b.status = 'waiting' ORDER BY b.id LIMIT 1",
	                 &first, DB_INT(w->session_id));
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
	long long next = json_integer_value(json_object_get(first, "id"));
	training_copy_text(email, sizeof email, first, "email");
	json_decref(first);
	char now[DB_TIME_SIZE];
	db_now_text(now);
	if ((st =
	         db_exec_with(db,
	                      "UPDATE training_bookings SET status = 'booked', offered_from_waiting_list = 1,"
	                      " booked_at = ? WHERE id = ?",
	                      DB_TEXT(now), DB_INT(next))) != HAVEN_OK)
		return st;
	w->out->promoted_id = next;
	snprintf(detail, sizeof detail, "booking %lld from the waiting list", next);
	if ((st = audit_record(db_tx(db), w->actor, "training.offer", "training_session", w->session_id,
	                       detail)) != HAVEN_OK)
		return st;
	return tell(db, email, next, &f, false, true);
}

enum haven_status training_cancel(long long session_id, long long user_id, const char *now,
                                  const struct actor *actor, struct training_booking_result *out)
{
	memset(out, 0, sizeof *out);
	struct cancel w = {
	    .session_id = session_id, .user_id = user_id, .now = now, .actor = actor, .out = out};
	/* the day of `now`: its "YYYY-MM-DD" */
	snprintf(w.today, sizeof w.today, "%.10s", now);
	return db_write(write_cancel, &w);
}

/*
 * Person ?1's bookings by their session's (date, starts), then booking id,
 * newest first, a page at a time from the cursor booking ?2 (one of theirs).
 * The rows come from the index training_bookings_by_user: one person's
 * bookings, so the sort is over a career's training, not the partnership's.
 */
#define BOOKINGS_PAGE(CMP, ORDER, NO_ROW, PICK)                                                              \
	"SELECT b.id, b.session_id, c.title AS course_title, s.date, s.starts, s.ends, b.status,"            \
	" b.late_cancellation, b.attendance,"                                                                \
	" EXISTS (SELECT 1 FROM training_evaluations e WHERE e.booking_id = b.id) AS evaluated,"             \
	" EXISTS (SELECT 1 FROM training_booking_emails m WHERE m.booking_id = b.id"                         \
	"   AND m.follow_up_queued_at IS NOT NULL) AS follow_up_asked,"                                      \
	" EXISTS (SELECT 1 FROM training_follow_ups f WHERE f.booking_id = b.id) AS followed_up"             \
	" FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id"                          \
	" JOIN training_courses c ON c.id = s.course_id"                                                     \
	" WHERE b.user_id = ?1 AND (s.date, s.starts, b.id) " CMP " (SELECT ks.date, ks.starts, kb.id"       \
	" FROM training_bookings kb JOIN training_sessions ks ON ks.id = kb.session_id"                      \
	" WHERE kb.id = ?2 AND kb.user_id = ?1"                                                              \
	" UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK ", 3 " PICK " LIMIT 1)"                  \
	" ORDER BY s.date " ORDER ", s.starts " ORDER ", b.id " ORDER " LIMIT ?3"

enum haven_status training_my_bookings(long long user_id, const struct page *page, json_t **out,
                                       long long *total)
{
	const struct paged_rows bookings = {
	    .after = DB_SQL(BOOKINGS_PAGE("<", "DESC", "'~', '~', 0", "ASC")),
	    .before = DB_SQL(BOOKINGS_PAGE(">", "ASC", "'', '', 0", "DESC")),
	    .count = DB_SQL(
	        "SELECT count(*) FROM (SELECT 1 FROM training_bookings WHERE user_id = ? LIMIT ?) AS page"),
	    .none_after = 0};
	enum haven_status st = paged_rows_read(page, &bookings, DB_VALUES(DB_INT(user_id)), out, total);
	if (st != HAVEN_OK)
		return st;
	TRAINING_BOOLEANS(*out, "late_cancellation", "evaluated", "follow_up_asked", "followed_up");
	return HAVEN_OK;
}
