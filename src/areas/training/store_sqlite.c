/*
 * store_sqlite.c (training) — the SQLite queries behind store.h.
 *
 * Booking, cancelling and the waiting list are each one db_write unit: the
 * writer runs units one at a time, so the count of places taken and the
 * insert (or the cancellation and the promotion of the first on the waiting
 * list) can never interleave with another person's. The confirmation email
 * (mail_enqueue) and the audit row are written in the same unit.
 */
#include "areas/training/store.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/mail/ical.h"
#include "areas/mail/mail.h"
#include "areas/training/elearning.h"
#include "areas/training/rules.h"
#include "auth/audit.h"
#include "core/buf.h"
#include "core/log.h"
#include "store/db.h"

#define SESSION_COLUMNS                                                                                      \
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
	" COALESCE((SELECT cs.needs_approval FROM training_course_settings cs WHERE cs.course_id = c.id), "  \
	"0)"                                                                                                 \
	"   AS needs_approval"                                                                               \
	" FROM training_sessions s JOIN training_courses c ON c.id = s.course_id"

#define COURSE_COLUMNS                                                                                       \
	"SELECT c.id, c.title, c.description, c.audience, c.level, c.duration_minutes, c.open_to,"           \
	" c.no_show_charge_pence,"                                                                           \
	" COALESCE((SELECT cs.needs_approval FROM training_course_settings cs WHERE cs.course_id = c.id), "  \
	"0)"                                                                                                 \
	"   AS needs_approval,"                                                                              \
	" (SELECT count(*) FROM training_sessions s WHERE s.course_id = c.id AND s.date >= ?1) AS "          \
	"upcoming_sessions"                                                                                  \
	" FROM training_courses c"

/* ---- helpers ---- */

/* Steps a count(*) statement already bound, and finishes it: the count, or -1 if it failed. */
static long long count_of(sqlite3_stmt *stmt)
{
	if (!stmt)
		return -1;
	long long n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
	db_done(stmt);
	return n;
}

static json_t *first_row(json_t *rows)
{
	if (!rows)
		return NULL;
	json_t *row = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return row;
}

static enum haven_status audit_session(sqlite3 *db, const struct actor *actor, const char *action,
                                       long long session_id, const char *detail)
{
	char id[32];
	snprintf(id, sizeof id, "%lld", session_id);
	struct audit_event e = {
	    .user_id = actor->user_id,
	    .agency_id = actor->agency_id,
	    .action = action,
	    .resource_type = "training_session",
	    .resource_id = id,
	    .reason = detail,
	    .client_address = actor->client_address,
	};
	return audit_append(db_tx(db), &e);
}

static void add_places_left(json_t *s)
{
	long long capacity = json_integer_value(json_object_get(s, "capacity"));
	long long booked = json_integer_value(json_object_get(s, "booked"));
	json_object_set_new(s, "places_left", json_integer(capacity > booked ? capacity - booked : 0));
	json_object_set_new(s, "needs_approval",
	                    json_boolean(json_integer_value(json_object_get(s, "needs_approval"))));
	json_object_set_new(s, "my_approval_pending",
	                    json_boolean(json_integer_value(json_object_get(s, "my_approval_pending"))));
}

/* ---- courses ---- */

struct add_course {
	const struct training_new_course *c;
	const struct actor *actor;
	long long id;
};

static enum haven_status write_add_course(sqlite3 *db, void *ctx)
{
	struct add_course *w = ctx;
	const struct training_new_course *c = w->c;
	sqlite3_stmt *stmt =
	    db_prepare(db, "INSERT INTO training_courses (title, description, audience, level,"
	                   " duration_minutes, open_to, no_show_charge_pence, created_by)"
	                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, c->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, c->description, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, c->audience, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, c->level, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, c->duration_minutes);
	sqlite3_bind_text(stmt, 6, c->open_to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 7, c->no_show_charge_pence);
	if (w->actor->user_id)
		sqlite3_bind_int64(stmt, 8, w->actor->user_id);
	enum haven_status st = db_exec_stmt(stmt);
	if (st != HAVEN_OK)
		return st;
	w->id = sqlite3_last_insert_rowid(db);
	size_t i;
	json_t *v;
	json_array_foreach(c->areas, i, v)
	{
		stmt = db_prepare(
		    db, "INSERT OR IGNORE INTO training_course_areas (course_id, area) VALUES (?, ?)");
		if (!stmt)
			return HAVEN_ERR_DB;
		sqlite3_bind_int64(stmt, 1, w->id);
		sqlite3_bind_text(stmt, 2, json_string_value(v), -1, SQLITE_STATIC);
		if ((st = db_exec_stmt(stmt)) != HAVEN_OK)
			return st;
	}
	json_array_foreach(c->outcomes, i, v)
	{
		stmt = db_prepare(
		    db, "INSERT INTO training_outcomes (course_id, position, text) VALUES (?, ?, ?)");
		if (!stmt)
			return HAVEN_ERR_DB;
		sqlite3_bind_int64(stmt, 1, w->id);
		sqlite3_bind_int64(stmt, 2, (long long)i + 1);
		sqlite3_bind_text(stmt, 3, json_string_value(v), -1, SQLITE_STATIC);
		if ((st = db_exec_stmt(stmt)) != HAVEN_OK)
			return st;
	}
	if (c->needs_approval) {
		stmt = db_prepare(
		    db, "INSERT INTO training_course_settings (course_id, needs_approval) VALUES (?, 1)");
		if (!stmt)
			return HAVEN_ERR_DB;
		sqlite3_bind_int64(stmt, 1, w->id);
		if ((st = db_exec_stmt(stmt)) != HAVEN_OK)
			return st;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "course %lld", w->id);
	char id[32];
	snprintf(id, sizeof id, "%lld", w->id);
	struct audit_event e = {.user_id = w->actor->user_id,
	                        .agency_id = w->actor->agency_id,
	                        .action = "training.course_add",
	                        .resource_type = "training_course",
	                        .resource_id = id,
	                        .reason = detail,
	                        .client_address = w->actor->client_address};
	return audit_append(db_tx(db), &e);
}

enum haven_status training_course_add(const struct training_new_course *c, const struct actor *actor,
                                      long long *id)
{
	struct add_course w = {c, actor, 0};
	enum haven_status st = db_write(write_add_course, &w);
	*id = w.id;
	return st;
}

/* Adds areas and outcomes to a course row (read connection). */
static enum haven_status decorate_course(sqlite3 *db, json_t *course)
{
	long long id = json_integer_value(json_object_get(course, "id"));
	json_object_set_new(course, "needs_approval",
	                    json_boolean(json_integer_value(json_object_get(course, "needs_approval"))));
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT area FROM training_course_areas WHERE course_id = ? ORDER BY area");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, id);
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	json_t *areas = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) json_array_append(areas, json_object_get(r, "area"));
	json_decref(rows);
	json_object_set_new(course, "areas", areas);
	stmt = db_prepare(db, "SELECT id, text FROM training_outcomes WHERE course_id = ? ORDER BY position");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, id);
	rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	json_object_set_new(course, "outcomes", rows);
	return HAVEN_OK;
}

/*
 * Courses by (title, id), a page at a time from the cursor course ?2 (with
 * none, compared with a key before every row forward, after every row
 * backward), on the index training_courses_by_title.
 */
#define COURSES_PAGE(CMP, ORDER, NO_ROW, PICK)                                                               \
	COURSE_COLUMNS " WHERE (c.title, c.id) " CMP                                                         \
	               " (SELECT title, id FROM training_courses k WHERE k.id = ?2"                          \
	               " UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK " LIMIT 1)"               \
	               " ORDER BY c.title " ORDER ", c.id " ORDER " LIMIT ?3"

enum haven_status training_courses_list(const char *today, const struct page *page, json_t **out,
                                        long long *total)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = !db ? NULL
	                     : page_backward(page)
	                         ? db_prepare(db, COURSES_PAGE("<", "DESC", "x'', 0", "ASC"))
	                         : db_prepare(db, COURSES_PAGE(">", "ASC", "'', 0", "DESC"));
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, today, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, page_cursor(page, 0));
	sqlite3_bind_int64(stmt, 3, page_fetch(page));
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	size_t i;
	json_t *c;
	json_array_foreach(rows, i, c)
	{
		enum haven_status st = decorate_course(db, c);
		if (st != HAVEN_OK) {
			json_decref(rows);
			return st;
		}
	}
	*out = rows;
	sqlite3_stmt *count = db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM training_courses LIMIT ?)");
	if (count)
		sqlite3_bind_int64(count, 1, PAGE_COUNT_CAP + 1);
	*total = count_of(count);
	return HAVEN_OK;
}

enum haven_status training_course_get(long long id, const char *today, json_t **out)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = db ? db_prepare(db, COURSE_COLUMNS " WHERE c.id = ?2") : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, today, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, id);
	json_t *course;
	enum haven_status st = db_row(stmt, &course);
	if (st != HAVEN_OK)
		return st;
	st = decorate_course(db, course);
	if (st != HAVEN_OK) {
		json_decref(course);
		return st;
	}
	*out = course;
	return HAVEN_OK;
}

/* ---- sessions ---- */

struct add_session {
	const struct training_new_session *s;
	const struct actor *actor;
	long long id;
};

static enum haven_status write_add_session(sqlite3 *db, void *ctx)
{
	struct add_session *w = ctx;
	const struct training_new_session *s = w->s;
	sqlite3_stmt *stmt = db_prepare(db, "SELECT 1 FROM training_courses WHERE id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, s->course_id);
	int rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
	stmt = db_prepare(
	    db, "INSERT INTO training_sessions (course_id, date, starts, ends, mode, venue, joining_link,"
	        " capacity, trainer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!stmt)
		return HAVEN_ERR_DB;
	bool virtual = strcmp(s->mode, "virtual") == 0;
	sqlite3_bind_int64(stmt, 1, s->course_id);
	sqlite3_bind_text(stmt, 2, s->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, s->starts, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, s->ends, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, s->mode, -1, SQLITE_STATIC);
	if (!virtual)
		sqlite3_bind_text(stmt, 6, s->venue, -1, SQLITE_STATIC);
	if (virtual)
		sqlite3_bind_text(stmt, 7, s->joining_link, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 8, s->capacity);
	sqlite3_bind_text(stmt, 9, s->trainer, -1, SQLITE_STATIC);
	enum haven_status st = db_exec_stmt(stmt);
	if (st != HAVEN_OK)
		return st;
	w->id = sqlite3_last_insert_rowid(db);
	char detail[64];
	snprintf(detail, sizeof detail, "course %lld", s->course_id);
	return audit_session(db, w->actor, "training.session_add", w->id, detail);
}

enum haven_status training_session_add(const struct training_new_session *s, const struct actor *actor,
                                       long long *id)
{
	struct add_session w = {s, actor, 0};
	enum haven_status st = db_write(write_add_session, &w);
	*id = w.id;
	return st;
}

/*
 * Sessions on or after ?2 (of course ?3 unless 0, of priority area ?4 unless
 * NULL), by (date, starts, id), a page at a time from the cursor row ?5 (a
 * session in the same filter; with none, compared with a key before every row
 * forward, or after every row backward).
 */
#define SESSIONS_PAGE(CMP, ORDER, NO_ROW, PICK)                                                              \
	SESSION_COLUMNS " WHERE s.date >= ?2 AND (?3 = 0 OR s.course_id = ?3)"                               \
	                " AND (?4 IS NULL OR EXISTS (SELECT 1 FROM training_course_areas a"                  \
	                " WHERE a.course_id = c.id AND a.area = ?4))"                                        \
	                " AND (s.date, s.starts, s.id) " CMP                                                 \
	                " (SELECT date, starts, id FROM training_sessions k WHERE k.id = ?5"                 \
	                " AND k.date >= ?2 UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK         \
	                " LIMIT 1)"                                                                          \
	                " ORDER BY s.date " ORDER ", s.starts " ORDER ", s.id " ORDER " LIMIT ?6"

enum haven_status training_sessions_list(const char *from, long long course_id, const char *area,
                                         long long user_id, const struct page *page, json_t **out)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = !db ? NULL
	                     : page_backward(page)
	                         ? db_prepare(db, SESSIONS_PAGE("<", "DESC", "'~', '~', 0", "ASC"))
	                         : db_prepare(db, SESSIONS_PAGE(">", "ASC", "'', '', 0", "DESC"));
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, user_id);
	sqlite3_bind_text(stmt, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, course_id);
	if (area)
		sqlite3_bind_text(stmt, 4, area, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, page_cursor(page, 0));
	sqlite3_bind_int64(stmt, 6, page_fetch(page));
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	size_t i;
	json_t *s;
	json_array_foreach(rows, i, s) add_places_left(s);
	*out = rows;
	return HAVEN_OK;
}

enum haven_status training_session_get(long long id, long long user_id, json_t **out)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = db ? db_prepare(db, SESSION_COLUMNS " WHERE s.id = ?2") : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, user_id);
	sqlite3_bind_int64(stmt, 2, id);
	json_t *s;
	enum haven_status st = db_row(stmt, &s);
	if (st != HAVEN_OK)
		return st;
	add_places_left(s);
	*out = s;
	return HAVEN_OK;
}

/* ---- booking ---- */

/* What a unit needs to know of a session to book it and write its calendar file. */
struct session_facts {
	char date[16], starts[8], ends[8], open_to[16];
	char title[1024], where[2048];
	long long capacity;
};

static enum haven_status read_session(sqlite3 *db, long long session_id, struct session_facts *f)
{
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT s.date, s.starts, s.ends, c.open_to, c.title, s.capacity,"
	                   " CASE s.mode WHEN 'virtual' THEN 'Online' ELSE s.venue END"
	                   " FROM training_sessions s JOIN training_courses c ON c.id = s.course_id"
	                   " WHERE s.id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, session_id);
	int rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		snprintf(f->date, sizeof f->date, "%s", (const char *)sqlite3_column_text(stmt, 0));
		snprintf(f->starts, sizeof f->starts, "%s", (const char *)sqlite3_column_text(stmt, 1));
		snprintf(f->ends, sizeof f->ends, "%s", (const char *)sqlite3_column_text(stmt, 2));
		snprintf(f->open_to, sizeof f->open_to, "%s", (const char *)sqlite3_column_text(stmt, 3));
		snprintf(f->title, sizeof f->title, "%s", (const char *)sqlite3_column_text(stmt, 4));
		f->capacity = sqlite3_column_int64(stmt, 5);
		const unsigned char *where = sqlite3_column_text(stmt, 6);
		snprintf(f->where, sizeof f->where, "%s", where ? (const char *)where : "");
	}
	db_done(stmt);
	return rc == SQLITE_ROW ? HAVEN_OK : rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
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
static enum haven_status tell(sqlite3 *db, const char *email, long long booking_id,
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
	struct buf body = BUF_INIT;
	if (cancelled)
		buf_printf(&body, "Your place on %s on %s at %s has been cancelled.\n\n", f->title, f->date,
		           f->starts);
	else if (from_waiting_list)
		buf_printf(
		    &body,
		    "A place has come free and is now yours: %s on %s, %s to %s.\n\n"
		    "If you cannot come, please cancel it in Haven so that someone else can have it.\n\n",
		    f->title, f->date, f->starts, f->ends);
	else
		buf_printf(&body, "Your place is booked: %s on %s, %s to %s.\n\n", f->title, f->date,
		           f->starts, f->ends);
	buf_append_str(&body, "Sign in to Haven to see the details, add it to your calendar or cancel.\n");
	size_t ics_len = ics.len;
	struct mail m = {
	    .to = email,
	    .subject = cancelled           ? "Your training place is cancelled"
	               : from_waiting_list ? "A training place is now yours"
	                                   : "Your training place is booked",
	    .body_text = buf_cstr(&body),
	    .attachment_name = "session.ics",
	    .attachment_type = ICAL_CONTENT_TYPE,
	    .attachment = buf_cstr(&ics),
	    .attachment_len = ics_len,
	};
	st = mail_enqueue(db_tx(db), &m);
	buf_free(&body);
	buf_free(&ics);
	/* An address the outbox refuses must not cost the person their place. */
	if (st == HAVEN_ERR_INVALID) {
		log_info("training: booking %lld: the confirmation email was refused", booking_id);
		return HAVEN_OK;
	}
	return st;
}

struct book {
	long long session_id;
	const struct training_booker *who;
	const char *today;
	const struct actor *actor;
	struct training_booking_result *out;
};

/* Whether booking a session's course needs approval. */
static enum haven_status session_needs_approval(sqlite3 *db, long long session_id, bool *needs)
{
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT cs.needs_approval FROM training_sessions s"
	                   " JOIN training_course_settings cs ON cs.course_id = s.course_id WHERE s.id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, session_id);
	int rc = sqlite3_step(stmt);
	*needs = rc == SQLITE_ROW && sqlite3_column_int64(stmt, 0) == 1;
	db_done(stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? HAVEN_OK : HAVEN_ERR_DB;
}

static enum haven_status audit_approval(sqlite3 *db, const struct actor *actor, const char *action,
                                        long long approval_id, const char *detail)
{
	char id[32];
	snprintf(id, sizeof id, "%lld", approval_id);
	struct audit_event e = {.user_id = actor->user_id,
	                        .agency_id = actor->agency_id,
	                        .action = action,
	                        .resource_type = "training_approval",
	                        .resource_id = id,
	                        .reason = detail,
	                        .client_address = actor->client_address};
	return audit_append(db_tx(db), &e);
}

/* Queues a generic email to `to`; an address the outbox refuses is skipped. */
static enum haven_status queue_plain(sqlite3 *db, const char *to, const char *subject, const char *body);

/* A pending request to the approver the booker named (the course needs approval); no place is held. */
static enum haven_status request_approval(sqlite3 *db, struct book *w)
{
	const struct training_booker *who = w->who;
	if (!who->approver_email || !*who->approver_email) {
		w->out->approver_problem = TRAINING_APPROVER_MISSING;
		return HAVEN_ERR_INVALID;
	}
	sqlite3_stmt *stmt = db_prepare(db, "SELECT id, agency_id, email FROM users WHERE email = lower(?)"
	                                    " AND disabled_at IS NULL");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, who->approver_email, -1, SQLITE_STATIC);
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
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->session_id);
	sqlite3_bind_int64(stmt, 2, who->user_id);
	rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc == SQLITE_ROW)
		return HAVEN_ERR_CONFLICT; /* already awaiting approval */
	if (rc != SQLITE_DONE)
		return HAVEN_ERR_DB;
	stmt =
	    db_prepare(db, "INSERT INTO training_approvals (session_id, requester_user_id, approver_user_id)"
	                   " VALUES (?, ?, ?)");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->session_id);
	sqlite3_bind_int64(stmt, 2, who->user_id);
	sqlite3_bind_int64(stmt, 3, approver);
	enum haven_status st = db_exec_stmt(stmt);
	if (st != HAVEN_OK)
		return st;
	w->out->approval_id = sqlite3_last_insert_rowid(db);
	char detail[64];
	snprintf(detail, sizeof detail, "session %lld", w->session_id);
	if ((st = audit_approval(db, w->actor, "training.approval_request", w->out->approval_id, detail)) !=
	    HAVEN_OK)
		return st;
	return queue_plain(db, email, "A training booking needs your approval",
	                   "A training booking needs your approval. Sign in to Haven to see it.\n");
}

/* The booking itself: checks, then a place or the waiting list (or, if `ask` and the course needs it, a
 * request for approval). */
static enum haven_status book_in(sqlite3 *db, struct book *w, bool ask)
{
	struct session_facts f;
	enum haven_status st = read_session(db, w->session_id, &f);
	if (st != HAVEN_OK)
		return st;
	if (strcmp(f.date, w->today) < 0)
		return HAVEN_ERR_CONFLICT;
	if (strcmp(f.open_to, "partners") == 0) {
		sqlite3_stmt *stmt = db_prepare(db, "SELECT type FROM agencies WHERE id = ?");
		if (!stmt)
			return HAVEN_ERR_DB;
		sqlite3_bind_int64(stmt, 1, w->who->agency_id);
		int rc = sqlite3_step(stmt);
		bool other =
		    rc != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(stmt, 0), "other") == 0;
		db_done(stmt);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return HAVEN_ERR_DB;
		if (other)
			return HAVEN_ERR_DENIED;
	}
	sqlite3_stmt *stmt = db_prepare(db, "SELECT count(*) FILTER (WHERE status = 'booked'),"
	                                    " count(*) FILTER (WHERE user_id = ?2 AND status <> 'cancelled')"
	                                    " FROM training_bookings WHERE session_id = ?1");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->session_id);
	sqlite3_bind_int64(stmt, 2, w->who->user_id);
	int rc = sqlite3_step(stmt);
	long long booked = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
	long long mine = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 1) : 0;
	db_done(stmt);
	if (rc != SQLITE_ROW)
		return HAVEN_ERR_DB;
	if (mine)
		return HAVEN_ERR_CONFLICT;
	if (ask) {
		bool needs = false;
		if ((st = session_needs_approval(db, w->session_id, &needs)) != HAVEN_OK)
			return st;
		if (needs)
			return request_approval(db, w);
	}
	bool waiting = booked >= f.capacity;
	stmt = db_prepare(
	    db,
	    "INSERT INTO training_bookings (session_id, user_id, agency_id, status, booked_at)"
	    " VALUES (?, ?, ?, ?, CASE WHEN ?4 = 'booked' THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') END)");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->session_id);
	sqlite3_bind_int64(stmt, 2, w->who->user_id);
	sqlite3_bind_int64(stmt, 3, w->who->agency_id);
	sqlite3_bind_text(stmt, 4, waiting ? "waiting" : "booked", -1, SQLITE_STATIC);
	if ((st = db_exec_stmt(stmt)) != HAVEN_OK)
		return st;
	w->out->booking_id = sqlite3_last_insert_rowid(db);
	w->out->waiting = waiting;
	char detail[64];
	snprintf(detail, sizeof detail, "booking %lld", w->out->booking_id);
	st = audit_session(db, w->actor, waiting ? "training.wait" : "training.book", w->session_id, detail);
	if (st != HAVEN_OK || waiting)
		return st;
	return tell(db, w->who->email, w->out->booking_id, &f, false, false);
}

static enum haven_status write_book(sqlite3 *db, void *ctx)
{
	return book_in(db, ctx, true);
}

enum haven_status training_book(long long session_id, const struct training_booker *who, const char *today,
                                const struct actor *actor, struct training_booking_result *out)
{
	memset(out, 0, sizeof *out);
	struct book w = {session_id, who, today, actor, out};
	return db_write(write_book, &w);
}

/* ---- manager approval ---- */

struct course_approval {
	long long course_id;
	bool needs;
	const struct actor *actor;
};

static enum haven_status write_course_approval(sqlite3 *db, void *ctx)
{
	struct course_approval *w = ctx;
	sqlite3_stmt *stmt = db_prepare(db, "SELECT 1 FROM training_courses WHERE id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->course_id);
	int rc = sqlite3_step(stmt);
	db_done(stmt);
	if (rc == SQLITE_DONE)
		return HAVEN_ERR_NOT_FOUND;
	if (rc != SQLITE_ROW)
		return HAVEN_ERR_DB;
	stmt =
	    db_prepare(db, "INSERT INTO training_course_settings (course_id, needs_approval) VALUES (?1, ?2)"
	                   " ON CONFLICT (course_id) DO UPDATE SET needs_approval = excluded.needs_approval");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->course_id);
	sqlite3_bind_int(stmt, 2, w->needs ? 1 : 0);
	enum haven_status st = db_exec_stmt(stmt);
	if (st != HAVEN_OK)
		return st;
	char id[32];
	snprintf(id, sizeof id, "%lld", w->course_id);
	struct audit_event e = {.user_id = w->actor->user_id,
	                        .agency_id = w->actor->agency_id,
	                        .action = "training.course_approval",
	                        .resource_type = "training_course",
	                        .resource_id = id,
	                        .reason = w->needs ? "needs approval" : "no approval needed",
	                        .client_address = w->actor->client_address};
	return audit_append(db_tx(db), &e);
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
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, approver_user_id);
	sqlite3_bind_int64(stmt, 2, page_cursor(page, 0));
	sqlite3_bind_int64(stmt, 3, page_fetch(page));
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
	*total = count_of(count);
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
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->approval_id);
	sqlite3_bind_int64(stmt, 2, w->approver_user_id);
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
		if ((st = book_in(db, &b, false)) != HAVEN_OK)
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
	if ((st = audit_approval(db, w->actor, w->approve ? "training.approve" : "training.decline",
	                         w->approval_id, detail)) != HAVEN_OK)
		return st;
	return queue_plain(db, email, "Your training booking has an update",
	                   "Your training booking has an update. Sign in to Haven to see it.\n");
}

enum haven_status training_approval_decide(long long approval_id, long long approver_user_id, bool approve,
                                           const char *today, const struct actor *actor,
                                           struct training_booking_result *out)
{
	memset(out, 0, sizeof *out);
	struct decide w = {approval_id, approver_user_id, approve, today, actor, out};
	return db_write(write_decide, &w);
}

struct cancel {
	long long session_id, user_id;
	const char *today;
	const struct actor *actor;
	struct training_booking_result *out;
};

static enum haven_status write_cancel(sqlite3 *db, void *ctx)
{
	struct cancel *w = ctx;
	struct session_facts f;
	enum haven_status st = read_session(db, w->session_id, &f);
	if (st != HAVEN_OK)
		return st;
	if (strcmp(f.date, w->today) < 0)
		return HAVEN_ERR_CONFLICT;
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT b.id, b.status, u.email FROM training_bookings b"
	                   " JOIN users u ON u.id = b.user_id"
	                   " WHERE b.session_id = ? AND b.user_id = ? AND b.status <> 'cancelled'");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->session_id);
	sqlite3_bind_int64(stmt, 2, w->user_id);
	int rc = sqlite3_step(stmt);
	long long id = 0;
	bool had_place = false;
	char email[256] = "";
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		had_place = strcmp((const char *)sqlite3_column_text(stmt, 1), "booked") == 0;
		snprintf(email, sizeof email, "%s", (const char *)sqlite3_column_text(stmt, 2));
	}
	db_done(stmt);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
	int32_t session_day, today;
	if (!calendar_parse(f.date, &session_day) || !calendar_parse(w->today, &today))
		return HAVEN_ERR_INTERNAL;
	bool late = had_place && training_cancellation_late(session_day, today);
	stmt = db_prepare(db, "UPDATE training_bookings SET status = 'cancelled', late_cancellation = ?,"
	                      " cancelled_on = ? WHERE id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int(stmt, 1, late);
	sqlite3_bind_text(stmt, 2, w->today, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, id);
	if ((st = db_exec_stmt(stmt)) != HAVEN_OK)
		return st;
	w->out->booking_id = id;
	w->out->late = late;
	char detail[96];
	snprintf(detail, sizeof detail, "booking %lld%s", id, late ? " (late)" : "");
	if ((st = audit_session(db, w->actor, "training.cancel", w->session_id, detail)) != HAVEN_OK)
		return st;
	if (!had_place)
		return HAVEN_OK;
	if ((st = tell(db, email, id, &f, true, false)) != HAVEN_OK)
		return st;

	/* The freed place goes to the first on the waiting list, who is booked and told. */
	stmt = db_prepare(db, "SELECT b.id, u.email FROM training_bookings b JOIN users u ON u.id = b.user_id"
	                      " WHERE b.session_id = ? AND b.status = 'waiting' ORDER BY b.id LIMIT 1");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->session_id);
	rc = sqlite3_step(stmt);
	long long next = 0;
	if (rc == SQLITE_ROW) {
		next = sqlite3_column_int64(stmt, 0);
		snprintf(email, sizeof email, "%s", (const char *)sqlite3_column_text(stmt, 1));
	}
	db_done(stmt);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? HAVEN_OK : HAVEN_ERR_DB;
	stmt = db_prepare(db, "UPDATE training_bookings SET status = 'booked', offered_from_waiting_list = 1,"
	                      " booked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, next);
	if ((st = db_exec_stmt(stmt)) != HAVEN_OK)
		return st;
	w->out->promoted_id = next;
	snprintf(detail, sizeof detail, "booking %lld from the waiting list", next);
	if ((st = audit_session(db, w->actor, "training.offer", w->session_id, detail)) != HAVEN_OK)
		return st;
	return tell(db, email, next, &f, false, true);
}

enum haven_status training_cancel(long long session_id, long long user_id, const char *today,
                                  const struct actor *actor, struct training_booking_result *out)
{
	memset(out, 0, sizeof *out);
	struct cancel w = {session_id, user_id, today, actor, out};
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
	*out = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = !db ? NULL
	                     : page_backward(page)
	                         ? db_prepare(db, BOOKINGS_PAGE(">", "ASC", "'', '', 0", "DESC"))
	                         : db_prepare(db, BOOKINGS_PAGE("<", "DESC", "'~', '~', 0", "ASC"));
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, user_id);
	sqlite3_bind_int64(stmt, 2, page_cursor(page, 0));
	sqlite3_bind_int64(stmt, 3, page_fetch(page));
	*out = db_rows(stmt);
	if (!*out)
		return HAVEN_ERR_DB;
	sqlite3_stmt *count = db_prepare(
	    db, "SELECT count(*) FROM (SELECT 1 FROM training_bookings WHERE user_id = ? LIMIT ?)");
	if (count) {
		sqlite3_bind_int64(count, 1, user_id);
		sqlite3_bind_int64(count, 2, PAGE_COUNT_CAP + 1);
	}
	*total = count_of(count);
	size_t i;
	json_t *r;
	json_array_foreach(*out, i, r)
	{
		json_object_set_new(
		    r, "late_cancellation",
		    json_boolean(json_integer_value(json_object_get(r, "late_cancellation"))));
		json_object_set_new(r, "evaluated",
		                    json_boolean(json_integer_value(json_object_get(r, "evaluated"))));
		json_object_set_new(r, "follow_up_asked",
		                    json_boolean(json_integer_value(json_object_get(r, "follow_up_asked"))));
		json_object_set_new(r, "followed_up",
		                    json_boolean(json_integer_value(json_object_get(r, "followed_up"))));
	}
	return HAVEN_OK;
}

enum haven_status training_register(long long session_id, json_t **out)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt =
	    db ? db_prepare(
	             db,
	             "SELECT b.id, u.name, g.name AS agency_name, b.status, b.attendance,"
	             " b.offered_from_waiting_list FROM training_bookings b JOIN users u ON u.id = b.user_id"
	             " JOIN agencies g ON g.id = b.agency_id"
	             " WHERE b.session_id = ? AND b.status <> 'cancelled'"
	             " ORDER BY b.status = 'waiting', b.id")
	       : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, session_id);
	*out = db_rows(stmt);
	if (!*out)
		return HAVEN_ERR_DB;
	size_t i;
	json_t *r;
	json_array_foreach(*out, i, r)
	{
		json_object_set_new(
		    r, "offered_from_waiting_list",
		    json_boolean(json_integer_value(json_object_get(r, "offered_from_waiting_list"))));
	}
	return HAVEN_OK;
}

/* ---- attendance ---- */

struct attendance {
	long long session_id;
	const json_t *attended;
	const char *today;
	const struct actor *actor;
};

static enum haven_status write_attendance(sqlite3 *db, void *ctx)
{
	struct attendance *w = ctx;
	struct session_facts f;
	enum haven_status st = read_session(db, w->session_id, &f);
	if (st != HAVEN_OK)
		return st;
	if (strcmp(f.date, w->today) > 0)
		return HAVEN_ERR_CONFLICT;
	sqlite3_stmt *stmt = db_prepare(db, "UPDATE training_bookings SET attendance = 'no_show'"
	                                    " WHERE session_id = ? AND status = 'booked'");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->session_id);
	if ((st = db_exec_stmt(stmt)) != HAVEN_OK)
		return st;
	size_t i;
	json_t *v;
	long long attended = 0;
	json_array_foreach(w->attended, i, v)
	{
		stmt = db_prepare(db, "UPDATE training_bookings SET attendance = 'attended'"
		                      " WHERE id = ? AND session_id = ? AND status = 'booked'");
		if (!stmt)
			return HAVEN_ERR_DB;
		sqlite3_bind_int64(stmt, 1, json_integer_value(v));
		sqlite3_bind_int64(stmt, 2, w->session_id);
		if ((st = db_exec_stmt(stmt)) != HAVEN_OK)
			return st;
		if (sqlite3_changes(db) != 1)
			return HAVEN_ERR_INVALID;
		attended++;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "%lld attended", attended);
	return audit_session(db, w->actor, "training.attendance", w->session_id, detail);
}

enum haven_status training_mark_attendance(long long session_id, const json_t *attended, const char *today,
                                           const struct actor *actor)
{
	struct attendance w = {session_id, attended, today, actor};
	return db_write(write_attendance, &w);
}

/* The no-shows to invoice: on charged courses, sessions dated in [?1, ?2]. */
#define NO_SHOWS_JOINS                                                                                       \
	" FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id"                          \
	" JOIN training_courses c ON c.id = s.course_id"
#define NO_SHOWS_WHERE                                                                                       \
	" WHERE b.attendance = 'no_show' AND c.no_show_charge_pence > 0 AND s.date BETWEEN ?1 AND ?2"

/*
 * A page of them by (session date, booking id), from the cursor booking ?3:
 * sessions come in date order from training_sessions_by_date, their
 * bookings from training_bookings_by_session.
 */
#define NO_SHOWS_PAGE(CMP, ORDER, NO_ROW, PICK)                                                              \
	"SELECT b.id AS booking_id, s.date, c.title AS course_title, u.name,"                                \
	" g.name AS agency_name, c.no_show_charge_pence AS charge_pence" NO_SHOWS_JOINS                      \
	" JOIN users u ON u.id = b.user_id JOIN agencies g ON g.id = b.agency_id" NO_SHOWS_WHERE             \
	" AND (s.date, b.id) " CMP " (SELECT ks.date, kb.id FROM training_bookings kb"                       \
	" JOIN training_sessions ks ON ks.id = kb.session_id WHERE kb.id = ?3"                               \
	" UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK " LIMIT 1)"                              \
	" ORDER BY s.date " ORDER ", b.id " ORDER " LIMIT ?4"

enum haven_status training_no_shows(const char *from, const char *to, const struct page *page, json_t **out,
                                    long long *total, long long *total_pence)
{
	*out = NULL;
	*total = -1;
	*total_pence = 0;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = !db ? NULL
	                     : page_backward(page)
	                         ? db_prepare(db, NO_SHOWS_PAGE("<", "DESC", "'~', 0", "ASC"))
	                         : db_prepare(db, NO_SHOWS_PAGE(">", "ASC", "'', 0", "DESC"));
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, page_cursor(page, 0));
	sqlite3_bind_int64(stmt, 4, page_fetch(page));
	*out = db_rows(stmt);
	if (!*out)
		return HAVEN_ERR_DB;
	/* the invoice's figures are over the whole period, one aggregate over the same index range */
	sqlite3_stmt *sum = db_prepare(
	    db, "SELECT count(*), COALESCE(sum(c.no_show_charge_pence), 0)" NO_SHOWS_JOINS NO_SHOWS_WHERE);
	if (!sum)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(sum, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(sum, 2, to, -1, SQLITE_STATIC);
	if (sqlite3_step(sum) == SQLITE_ROW) {
		*total = sqlite3_column_int64(sum, 0);
		*total_pence = sqlite3_column_int64(sum, 1);
	}
	db_done(sum);
	return HAVEN_OK;
}

/* ---- certificates and evaluation ---- */

enum haven_status training_booking_get(long long booking_id, json_t **out)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt =
	    db ? db_prepare(
	             db,
	             "SELECT b.id, b.user_id, u.name, g.name AS agency_name, b.status, b.attendance,"
	             " s.id AS session_id, s.date, s.starts, s.ends, s.trainer, c.id AS course_id,"
	             " c.title AS course_title, c.duration_minutes,"
	             " EXISTS (SELECT 1 FROM training_evaluations e WHERE e.booking_id = b.id) AS evaluated,"
	             " EXISTS (SELECT 1 FROM training_follow_ups f WHERE f.booking_id = b.id) AS followed_up"
	             " FROM training_bookings b JOIN users u ON u.id = b.user_id"
	             " JOIN agencies g ON g.id = b.agency_id JOIN training_sessions s ON s.id = b.session_id"
	             " JOIN training_courses c ON c.id = s.course_id WHERE b.id = ?")
	       : NULL;
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, booking_id);
	json_t *b;
	enum haven_status st = db_row(stmt, &b);
	if (st != HAVEN_OK)
		return st;
	json_object_set_new(b, "evaluated",
	                    json_boolean(json_integer_value(json_object_get(b, "evaluated"))));
	json_object_set_new(b, "followed_up",
	                    json_boolean(json_integer_value(json_object_get(b, "followed_up"))));
	stmt = db_prepare(db, "SELECT id, text FROM training_outcomes WHERE course_id = ? ORDER BY position");
	if (!stmt) {
		json_decref(b);
		return HAVEN_ERR_DB;
	}
	sqlite3_bind_int64(stmt, 1, json_integer_value(json_object_get(b, "course_id")));
	json_t *outcomes = db_rows(stmt);
	if (!outcomes) {
		json_decref(b);
		return HAVEN_ERR_DB;
	}
	json_object_set_new(b, "outcomes", outcomes);
	*out = b;
	return HAVEN_OK;
}

struct evaluate {
	long long booking_id, user_id;
	const json_t *scores;
	const char *comments;
	const struct actor *actor;
};

static enum haven_status write_evaluate(sqlite3 *db, void *ctx)
{
	struct evaluate *w = ctx;
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT b.user_id, b.attendance, s.course_id, s.id,"
	                   " (SELECT count(*) FROM training_outcomes o WHERE o.course_id = s.course_id),"
	                   " EXISTS (SELECT 1 FROM training_evaluations e WHERE e.booking_id = b.id)"
	                   " FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id"
	                   " WHERE b.id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->booking_id);
	int rc = sqlite3_step(stmt);
	long long owner = 0, course = 0, session = 0, outcomes = 0;
	bool attended = false, done = false;
	if (rc == SQLITE_ROW) {
		owner = sqlite3_column_int64(stmt, 0);
		const unsigned char *a = sqlite3_column_text(stmt, 1);
		attended = a && strcmp((const char *)a, "attended") == 0;
		course = sqlite3_column_int64(stmt, 2);
		session = sqlite3_column_int64(stmt, 3);
		outcomes = sqlite3_column_int64(stmt, 4);
		done = sqlite3_column_int(stmt, 5) != 0;
	}
	db_done(stmt);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
	if (owner != w->user_id)
		return HAVEN_ERR_NOT_FOUND;
	if (!attended)
		return HAVEN_ERR_DENIED;
	if (done)
		return HAVEN_ERR_CONFLICT;
	if ((long long)json_array_size(w->scores) != outcomes)
		return HAVEN_ERR_INVALID;
	stmt = db_prepare(db, "INSERT INTO training_evaluations (booking_id, comments) VALUES (?, ?)");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->booking_id);
	sqlite3_bind_text(stmt, 2, w->comments ? w->comments : "", -1, SQLITE_STATIC);
	enum haven_status st = db_exec_stmt(stmt);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *s;
	json_array_foreach(w->scores, i, s)
	{
		stmt = db_prepare(
		    db, "INSERT INTO training_evaluation_scores (booking_id, outcome_id, before, after)"
		        " SELECT ?1, id, ?2, ?3 FROM training_outcomes WHERE id = ?4 AND course_id = ?5");
		if (!stmt)
			return HAVEN_ERR_DB;
		sqlite3_bind_int64(stmt, 1, w->booking_id);
		sqlite3_bind_int64(stmt, 2, json_integer_value(json_object_get(s, "before")));
		sqlite3_bind_int64(stmt, 3, json_integer_value(json_object_get(s, "after")));
		sqlite3_bind_int64(stmt, 4, json_integer_value(json_object_get(s, "outcome_id")));
		sqlite3_bind_int64(stmt, 5, course);
		st = db_exec_stmt(stmt);
		if (st == HAVEN_ERR_CONFLICT)
			return HAVEN_ERR_INVALID; /* the same outcome twice */
		if (st != HAVEN_OK)
			return st;
		if (sqlite3_changes(db) != 1)
			return HAVEN_ERR_INVALID;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "booking %lld", w->booking_id);
	return audit_session(db, w->actor, "training.evaluate", session, detail);
}

enum haven_status training_evaluate(long long booking_id, long long user_id, const json_t *scores,
                                    const char *comments, const struct actor *actor)
{
	struct evaluate w = {booking_id, user_id, scores, comments, actor};
	return db_write(write_evaluate, &w);
}

/* ---- figures ---- */

static json_t *rows_2(sqlite3_stmt *stmt, const char *from, const char *to)
{
	if (!stmt)
		return NULL;
	sqlite3_bind_text(stmt, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, to, -1, SQLITE_STATIC);
	return db_rows(stmt);
}

static json_t *ratio(long long num, long long den)
{
	return den > 0 ? json_real((double)(long long)((double)num * 1000.0 / (double)den + 0.5) / 1000.0)
	               : json_null();
}

enum haven_status training_summary(const char *from, const char *to, json_t **out)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	json_t *totals = first_row(rows_2(
	    db_prepare(db,
	               "SELECT count(*) FILTER (WHERE b.attendance = 'attended') AS attendances,"
	               " count(DISTINCT b.user_id) FILTER (WHERE b.attendance = 'attended') AS practitioners,"
	               " count(*) FILTER (WHERE b.attendance = 'no_show') AS no_shows,"
	               " count(*) FILTER (WHERE b.status = 'booked') AS booked,"
	               " count(*) FILTER (WHERE b.late_cancellation = 1) AS late_cancellations"
	               " FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id"
	               " WHERE s.date BETWEEN ?1 AND ?2"),
	    from, to));
	json_t *places = first_row(
	    rows_2(db_prepare(db, "SELECT count(*) AS sessions, coalesce(sum(capacity), 0) AS places"
	                          " FROM training_sessions WHERE date BETWEEN ?1 AND ?2"),
	           from, to));
	json_t *by_agency =
	    rows_2(db_prepare(db, "SELECT g.name, count(*) AS attendances FROM training_bookings b"
	                          " JOIN training_sessions s ON s.id = b.session_id"
	                          " JOIN agencies g ON g.id = b.agency_id"
	                          " WHERE s.date BETWEEN ?1 AND ?2 AND b.attendance = 'attended'"
	                          " GROUP BY g.id ORDER BY attendances DESC, g.name"),
	           from, to);
	json_t *by_course = rows_2(
	    db_prepare(db,
	               "SELECT c.id, c.title, count(DISTINCT s.id) AS sessions,"
	               " count(b.id) AS attendances FROM training_sessions s"
	               " JOIN training_courses c ON c.id = s.course_id"
	               " LEFT JOIN training_bookings b ON b.session_id = s.id AND b.attendance = 'attended'"
	               " WHERE s.date BETWEEN ?1 AND ?2 GROUP BY c.id ORDER BY c.title, c.id"),
	    from, to);
	json_t *by_area = rows_2(
	    db_prepare(db,
	               "SELECT a.area, count(b.id) AS attendances FROM training_course_areas a"
	               " JOIN training_sessions s ON s.course_id = a.course_id"
	               " LEFT JOIN training_bookings b ON b.session_id = s.id AND b.attendance = 'attended'"
	               " WHERE s.date BETWEEN ?1 AND ?2 GROUP BY a.area ORDER BY a.area"),
	    from, to);
	json_t *conf = first_row(rows_2(
	    db_prepare(db, "SELECT count(DISTINCT sc.booking_id) AS evaluations, avg(sc.before) AS before,"
	                   " avg(sc.after) AS after FROM training_evaluation_scores sc"
	                   " JOIN training_bookings b ON b.id = sc.booking_id"
	                   " JOIN training_sessions s ON s.id = b.session_id WHERE s.date BETWEEN ?1 AND ?2"),
	    from, to));
	if (!totals || !places || !by_agency || !by_course || !by_area || !conf) {
		json_decref(totals);
		json_decref(places);
		json_decref(by_agency);
		json_decref(by_course);
		json_decref(by_area);
		json_decref(conf);
		return HAVEN_ERR_DB;
	}
	long long attendances = json_integer_value(json_object_get(totals, "attendances"));
	long long no_shows = json_integer_value(json_object_get(totals, "no_shows"));
	long long booked = json_integer_value(json_object_get(totals, "booked"));
	long long n_places = json_integer_value(json_object_get(places, "places"));
	json_t *before = json_object_get(conf, "before"), *after = json_object_get(conf, "after");
	json_t *change =
	    json_is_number(before) && json_is_number(after)
	        ? json_real(
	              (double)(long long)((json_number_value(after) - json_number_value(before)) * 100.0 +
	                                  (json_number_value(after) >= json_number_value(before) ? 0.5
	                                                                                         : -0.5)) /
	              100.0)
	        : json_null();
	json_t *model = json_pack(
	    "{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:{s:O, s:O, s:O, s:o}}",
	    "from", from, "to", to, "attendances", (json_int_t)attendances, "practitioners",
	    (json_int_t)json_integer_value(json_object_get(totals, "practitioners")), "sessions",
	    (json_int_t)json_integer_value(json_object_get(places, "sessions")), "places",
	    (json_int_t)n_places, "booked", (json_int_t)booked, "fill_rate", ratio(booked, n_places),
	    "no_shows", (json_int_t)no_shows, "late_cancellations",
	    (json_int_t)json_integer_value(json_object_get(totals, "late_cancellations")), "no_show_rate",
	    ratio(no_shows, attendances + no_shows), "by_agency", by_agency, "by_course", by_course,
	    "by_area", by_area, "confidence", "evaluations", json_object_get(conf, "evaluations"), "before",
	    before, "after", after, "change", change);
	json_decref(totals);
	json_decref(places);
	json_decref(conf);
	if (!model)
		return HAVEN_ERR_INTERNAL;
	/* e-learning completions are counted beside attendances, not in them (migration 0010 says why) */
	json_t *el = first_row(rows_2(
	    db_prepare(db, "SELECT count(*) AS completions, count(DISTINCT user_id) AS people"
	                   " FROM training_elearning_completions WHERE completed_on BETWEEN ?1 AND ?2"),
	    from, to));
	if (!el) {
		json_decref(model);
		return HAVEN_ERR_DB;
	}
	/* the follow-up response rate: answers over follow-ups sent, for sessions in the period */
	json_t *fu =
	    first_row(rows_2(db_prepare(db, "SELECT count(m.follow_up_queued_at) AS sent,"
	                                    " count(f.booking_id) AS answered FROM training_bookings b"
	                                    " JOIN training_sessions s ON s.id = b.session_id"
	                                    " LEFT JOIN training_booking_emails m ON m.booking_id = b.id"
	                                    " LEFT JOIN training_follow_ups f ON f.booking_id = b.id"
	                                    " WHERE s.date BETWEEN ?1 AND ?2"),
	                     from, to));
	if (!fu) {
		json_decref(el);
		json_decref(model);
		return HAVEN_ERR_DB;
	}
	long long sent = json_integer_value(json_object_get(fu, "sent"));
	long long answered = json_integer_value(json_object_get(fu, "answered"));
	json_object_set_new(model, "follow_ups",
	                    json_pack("{s:I, s:I, s:o}", "sent", (json_int_t)sent, "answered",
	                              (json_int_t)answered, "response_rate", ratio(answered, sent)));
	json_decref(fu);
	json_object_set(model, "elearning_completions", json_object_get(el, "completions"));
	json_object_set(model, "elearning_practitioners", json_object_get(el, "people"));
	json_decref(el);
	*out = model;
	return HAVEN_OK;
}

/* ---- demo ---- */

enum haven_status training_load_demo(void)
{
	return db_load_demo_sql("demo/training.sql", NULL, NULL);
}

/* ---- e-learning ---- */

struct elearning_import {
	struct elearning_row *rows;
	size_t count;
};

static enum haven_status write_elearning(sqlite3 *db, void *ctx)
{
	struct elearning_import *w = ctx;
	size_t added = 0;
	for (size_t i = 0; i < w->count; i++) {
		struct elearning_row *r = &w->rows[i];
		if (r->reason)
			continue;
		sqlite3_stmt *stmt = db_prepare(db, "SELECT id FROM users WHERE email = ?");
		if (!stmt)
			return HAVEN_ERR_DB;
		sqlite3_bind_text(stmt, 1, r->email, -1, SQLITE_STATIC);
		int rc = sqlite3_step(stmt);
		long long user = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
		db_done(stmt);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return HAVEN_ERR_DB;
		if (!user) {
			r->reason = "no Haven account has this email";
			r->outcome = ELEARNING_REJECTED;
			continue;
		}
		/* OR IGNORE: the unique (user, module, date) makes a repeat a duplicate, within the file or
		 * across imports */
		stmt = db_prepare(
		    db, "INSERT OR IGNORE INTO training_elearning_completions (user_id, module, completed_on)"
		        " VALUES (?, ?, ?)");
		if (!stmt)
			return HAVEN_ERR_DB;
		sqlite3_bind_int64(stmt, 1, user);
		sqlite3_bind_text(stmt, 2, r->module, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 3, r->completed_on, -1, SQLITE_STATIC);
		enum haven_status st = db_exec_stmt(stmt);
		if (st != HAVEN_OK)
			return st;
		r->outcome = sqlite3_changes(db) == 1 ? ELEARNING_ADDED : ELEARNING_DUPLICATE;
		if (r->outcome == ELEARNING_ADDED)
			added++;
	}
	char detail[32];
	snprintf(detail, sizeof detail, "%zu", added);
	struct audit_event e = {
	    .action = "training.elearning_import",
	    .resource_type = "training_elearning_completions",
	    .resource_id = detail, /* how many were added: the rows themselves are in the table */
	};
	return audit_append(db_tx(db), &e);
}

enum haven_status training_elearning_import(struct elearning_row *rows, size_t count)
{
	struct elearning_import w = {rows, count};
	enum haven_status st = db_write(write_elearning, &w);
	if (st != HAVEN_OK) /* rolled back: no outcome set in the unit stands */
		for (size_t i = 0; i < count; i++)
			if (!rows[i].reason)
				rows[i].outcome = ELEARNING_REJECTED;
	return st;
}

/*
 * Completions dated in [?1, ?2] by (completed_on, id), newest first, a page
 * at a time from the cursor completion ?3, on training_elearning_by_date.
 */
#define ELEARNING_PAGE(CMP, ORDER, NO_ROW, PICK)                                                             \
	"SELECT e.id, e.module, e.completed_on, u.name, u.email, g.name AS agency_name"                      \
	" FROM training_elearning_completions e JOIN users u ON u.id = e.user_id"                            \
	" JOIN agencies g ON g.id = u.agency_id WHERE e.completed_on BETWEEN ?1 AND ?2"                      \
	" AND (e.completed_on, e.id) " CMP " (SELECT completed_on, id FROM training_elearning_completions k" \
	" WHERE k.id = ?3 UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK " LIMIT 1)"              \
	" ORDER BY e.completed_on " ORDER ", e.id " ORDER " LIMIT ?4"

enum haven_status training_elearning_list(const char *from, const char *to, const struct page *page,
                                          json_t **out, long long *total)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = !db ? NULL
	                     : page_backward(page)
	                         ? db_prepare(db, ELEARNING_PAGE(">", "ASC", "'', 0", "DESC"))
	                         : db_prepare(db, ELEARNING_PAGE("<", "DESC", "'~', 0", "ASC"));
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 3, page_cursor(page, 0));
	sqlite3_bind_int64(stmt, 4, page_fetch(page));
	json_t *rows = rows_2(stmt, from, to);
	if (!rows)
		return HAVEN_ERR_DB;
	*out = rows;
	sqlite3_stmt *count =
	    db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM training_elearning_completions"
	                   " WHERE completed_on BETWEEN ?1 AND ?2 LIMIT ?3)");
	if (count) {
		sqlite3_bind_text(count, 1, from, -1, SQLITE_STATIC);
		sqlite3_bind_text(count, 2, to, -1, SQLITE_STATIC);
		sqlite3_bind_int64(count, 3, PAGE_COUNT_CAP + 1);
	}
	*total = count_of(count);
	return HAVEN_OK;
}

/* ---- the resource library ---- */

/* Views of one resource by one person closer together than this are counted once. */
#define VIEW_WINDOW_SECONDS 3600

struct add_resource {
	const struct training_new_resource *r;
	const struct actor *actor;
	long long *id;
};

static enum haven_status write_add_resource(sqlite3 *db, void *ctx)
{
	struct add_resource *w = ctx;
	sqlite3_stmt *stmt = db_prepare(
	    db, "INSERT INTO training_resources (title, kind, area, summary, body, link, created_by)"
	        " VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, w->r->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, w->r->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, w->r->area, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, w->r->summary, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 5, w->r->body, -1, SQLITE_STATIC);
	if (w->r->link && *w->r->link)
		sqlite3_bind_text(stmt, 6, w->r->link, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, 6);
	if (w->actor->user_id)
		sqlite3_bind_int64(stmt, 7, w->actor->user_id);
	else
		sqlite3_bind_null(stmt, 7);
	enum haven_status st = db_exec_stmt(stmt);
	if (st != HAVEN_OK)
		return st;
	*w->id = sqlite3_last_insert_rowid(db);
	char id[32];
	snprintf(id, sizeof id, "%lld", *w->id);
	struct audit_event e = {
	    .user_id = w->actor->user_id,
	    .agency_id = w->actor->agency_id,
	    .action = "training.resource_add",
	    .resource_type = "training_resource",
	    .resource_id = id,
	    .client_address = w->actor->client_address,
	};
	return audit_append(db_tx(db), &e);
}

enum haven_status training_resource_add(const struct training_new_resource *r, const struct actor *actor,
                                        long long *id)
{
	struct add_resource w = {r, actor, id};
	return db_write(write_add_resource, &w);
}

/*
 * The library by (created_at, id), newest first, a page at a time from the
 * cursor resource ?2; FILTER is "" for every resource (on the index
 * training_resources_by_time) or one priority area's, ?1 (on
 * training_resources_by_area): two texts, so each query has its index.
 */
#define RESOURCES_PAGE(FILTER, CMP, ORDER, NO_ROW, PICK)                                                     \
	"SELECT id, title, kind, area, summary, link, views, created_at FROM training_resources r"           \
	" WHERE " FILTER "(r.created_at, r.id) " CMP " (SELECT created_at, id FROM training_resources k"     \
	" WHERE k.id = ?2 UNION ALL SELECT " NO_ROW " ORDER BY 1 " PICK ", 2 " PICK " LIMIT 1)"              \
	" ORDER BY r.created_at " ORDER ", r.id " ORDER " LIMIT ?3"
#define RESOURCES_IN_AREA "r.area = ?1 AND "

enum haven_status training_resources_list(const char *area, const struct page *page, json_t **out,
                                          long long *total)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *stmt = NULL;
	if (db && area)
		stmt = page_backward(page)
		           ? db_prepare(db, RESOURCES_PAGE(RESOURCES_IN_AREA, ">", "ASC", "'', 0", "DESC"))
		           : db_prepare(db, RESOURCES_PAGE(RESOURCES_IN_AREA, "<", "DESC", "'~', 0", "ASC"));
	else if (db)
		stmt = page_backward(page) ? db_prepare(db, RESOURCES_PAGE("", ">", "ASC", "'', 0", "DESC"))
		                           : db_prepare(db, RESOURCES_PAGE("", "<", "DESC", "'~', 0", "ASC"));
	if (!stmt)
		return HAVEN_ERR_DB;
	if (area)
		sqlite3_bind_text(stmt, 1, area, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, page_cursor(page, 0));
	sqlite3_bind_int64(stmt, 3, page_fetch(page));
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	*out = rows;
	sqlite3_stmt *count = db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM training_resources"
	                                     " WHERE ?1 IS NULL OR area = ?1 LIMIT ?2)");
	if (count) {
		if (area)
			sqlite3_bind_text(count, 1, area, -1, SQLITE_STATIC);
		sqlite3_bind_int64(count, 2, PAGE_COUNT_CAP + 1);
	}
	*total = count_of(count);
	return HAVEN_OK;
}

struct view {
	long long id, user_id;
};

static enum haven_status write_view(sqlite3 *db, void *ctx)
{
	struct view *w = ctx;
	long long now = (long long)time(NULL);
	/* claim the view: a new reader, or one last counted over an hour ago; otherwise nothing changes */
	sqlite3_stmt *stmt = db_prepare(
	    db, "INSERT INTO training_resource_viewers (resource_id, user_id, counted_at)"
	        " SELECT id, ?2, ?3 FROM training_resources WHERE id = ?1"
	        " ON CONFLICT (resource_id, user_id) DO UPDATE SET counted_at = excluded.counted_at"
	        " WHERE counted_at <= excluded.counted_at - ?4");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->id);
	sqlite3_bind_int64(stmt, 2, w->user_id);
	sqlite3_bind_int64(stmt, 3, now);
	sqlite3_bind_int64(stmt, 4, VIEW_WINDOW_SECONDS);
	enum haven_status st = db_exec_stmt(stmt);
	if (st != HAVEN_OK || sqlite3_changes(db) == 0)
		return st;
	stmt = db_prepare(db, "UPDATE training_resources SET views = views + 1 WHERE id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->id);
	return db_exec_stmt(stmt);
}

static enum haven_status read_resource(sqlite3 *db, long long id, json_t **out)
{
	*out = NULL;
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT id, title, kind, area, summary, body, link, views, created_at"
	                   " FROM training_resources WHERE id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, id);
	return db_row(stmt, out);
}

enum haven_status training_resource_view(long long id, long long user_id, json_t **out)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	/* a missing resource is answered before anything is written */
	json_t *row = NULL;
	enum haven_status st = read_resource(db, id, &row);
	if (st != HAVEN_OK)
		return st;
	json_decref(row);
	struct view w = {id, user_id};
	if ((st = db_write(write_view, &w)) != HAVEN_OK)
		return st;
	/* read again after the write, so the count shown includes this view */
	return read_resource(db, id, out);
}

/* ---- reminders and follow-ups ---- */

struct queue_job {
	const char *from, *to;
	int limit, *queued;
};

/* Queues a generic email to `to`; an address the outbox refuses is skipped (and still marked, so it is not
 * retried every minute). */
static enum haven_status queue_plain(sqlite3 *db, const char *to, const char *subject, const char *body)
{
	struct mail m = {.to = to, .subject = subject, .body_text = body};
	enum haven_status st = mail_enqueue(db_tx(db), &m);
	if (st == HAVEN_ERR_INVALID) {
		log_info("training: an email was refused by the outbox");
		return HAVEN_OK;
	}
	return st;
}

static enum haven_status mark(sqlite3 *db, long long booking_id, bool follow_up)
{
	sqlite3_stmt *stmt =
	    follow_up
	        ? db_prepare(db, "INSERT INTO training_booking_emails (booking_id, follow_up_queued_at)"
	                         " VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT (booking_id)"
	                         " DO UPDATE SET follow_up_queued_at = excluded.follow_up_queued_at")
	        : db_prepare(db, "INSERT INTO training_booking_emails (booking_id, reminder_queued_at)"
	                         " VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT (booking_id)"
	                         " DO UPDATE SET reminder_queued_at = excluded.reminder_queued_at");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, booking_id);
	return db_exec_stmt(stmt);
}

static enum haven_status write_reminders(sqlite3 *db, void *ctx)
{
	struct queue_job *w = ctx;
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT b.id, u.email, c.title, s.date, s.starts, s.ends"
	                   " FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id"
	                   " JOIN training_courses c ON c.id = s.course_id JOIN users u ON u.id = b.user_id"
	                   " LEFT JOIN training_booking_emails m ON m.booking_id = b.id"
	                   " WHERE b.status = 'booked' AND m.reminder_queued_at IS NULL"
	                   " AND s.date BETWEEN ?1 AND ?2 AND u.disabled_at IS NULL ORDER BY b.id LIMIT ?3");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, w->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, w->to, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, w->limit);
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		struct buf body = BUF_INIT;
		/* the course title, date and time are about the session, not a person (mail.h) */
		buf_printf(&body,
		           "A reminder: your training, %s, is on %s from %s to %s.\n\n"
		           "Sign in to Haven to see the details. If you can no longer come, please cancel\n"
		           "your place in Haven so that someone on the waiting list can have it.\n",
		           json_string_value(json_object_get(r, "title")),
		           json_string_value(json_object_get(r, "date")),
		           json_string_value(json_object_get(r, "starts")),
		           json_string_value(json_object_get(r, "ends")));
		long long id = json_integer_value(json_object_get(r, "id"));
		st = queue_plain(db, json_string_value(json_object_get(r, "email")),
		                 "Reminder: your training session", buf_cstr(&body));
		buf_free(&body);
		if (st == HAVEN_OK)
			st = mark(db, id, false);
		if (st != HAVEN_OK)
			break;
	}
	*w->queued = st == HAVEN_OK ? (int)json_array_size(rows) : 0;
	json_decref(rows);
	return st;
}

enum haven_status training_queue_reminders(const char *today, const char *remind_until, int limit,
                                           int *queued)
{
	*queued = 0;
	struct queue_job w = {today, remind_until, limit, queued};
	return db_write(write_reminders, &w);
}

static enum haven_status write_follow_ups(sqlite3 *db, void *ctx)
{
	struct queue_job *w = ctx;
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT b.id, u.email, c.title, s.date"
	                   " FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id"
	                   " JOIN training_courses c ON c.id = s.course_id JOIN users u ON u.id = b.user_id"
	                   " LEFT JOIN training_booking_emails m ON m.booking_id = b.id"
	                   " WHERE b.attendance = 'attended' AND m.follow_up_queued_at IS NULL"
	                   " AND s.date BETWEEN ?1 AND ?2 AND u.disabled_at IS NULL ORDER BY b.id LIMIT ?3");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(stmt, 1, w->from, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, w->to, -1, SQLITE_STATIC);
	sqlite3_bind_int(stmt, 3, w->limit);
	json_t *rows = db_rows(stmt);
	if (!rows)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		long long id = json_integer_value(json_object_get(r, "id"));
		struct buf body = BUF_INIT;
		buf_printf(&body,
		           "Three months ago you attended %s (%s).\n\n"
		           "Has it made a difference to your practice? Please tell us in Haven: it takes a\n"
		           "minute, and it shows the partnership which training works.\n\n"
		           "Sign in to Haven and open Your training to answer.\n",
		           json_string_value(json_object_get(r, "title")),
		           json_string_value(json_object_get(r, "date")));
		st = queue_plain(db, json_string_value(json_object_get(r, "email")),
		                 "Has your training made a difference?", buf_cstr(&body));
		buf_free(&body);
		if (st == HAVEN_OK)
			st = mark(db, id, true);
		if (st != HAVEN_OK)
			break;
	}
	*w->queued = st == HAVEN_OK ? (int)json_array_size(rows) : 0;
	json_decref(rows);
	return st;
}

enum haven_status training_queue_follow_ups(const char *oldest, const char *newest, int limit, int *queued)
{
	*queued = 0;
	struct queue_job w = {oldest, newest, limit, queued};
	return db_write(write_follow_ups, &w);
}

struct follow_up {
	long long booking_id, user_id;
	const char *impact, *changes;
	const struct actor *actor;
};

static enum haven_status write_follow_up(sqlite3 *db, void *ctx)
{
	struct follow_up *w = ctx;
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT b.user_id, b.attendance, b.session_id,"
	                   " EXISTS (SELECT 1 FROM training_follow_ups f WHERE f.booking_id = b.id)"
	                   " FROM training_bookings b WHERE b.id = ?");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->booking_id);
	int rc = sqlite3_step(stmt);
	long long owner = 0, session = 0;
	bool attended = false, done = false;
	if (rc == SQLITE_ROW) {
		owner = sqlite3_column_int64(stmt, 0);
		const unsigned char *a = sqlite3_column_text(stmt, 1);
		attended = a && strcmp((const char *)a, "attended") == 0;
		session = sqlite3_column_int64(stmt, 2);
		done = sqlite3_column_int(stmt, 3) != 0;
	}
	db_done(stmt);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
	if (owner != w->user_id)
		return HAVEN_ERR_NOT_FOUND;
	if (!attended)
		return HAVEN_ERR_DENIED;
	if (done)
		return HAVEN_ERR_CONFLICT;
	stmt =
	    db_prepare(db, "INSERT INTO training_follow_ups (booking_id, impact, changes) VALUES (?, ?, ?)");
	if (!stmt)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(stmt, 1, w->booking_id);
	sqlite3_bind_text(stmt, 2, w->impact, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, w->changes ? w->changes : "", -1, SQLITE_STATIC);
	enum haven_status st = db_exec_stmt(stmt);
	if (st != HAVEN_OK)
		return st;
	char detail[64];
	snprintf(detail, sizeof detail, "booking %lld", w->booking_id);
	return audit_session(db, w->actor, "training.follow_up", session, detail);
}

enum haven_status training_follow_up(long long booking_id, long long user_id, const char *impact,
                                     const char *changes, const struct actor *actor)
{
	struct follow_up w = {booking_id, user_id, impact, changes, actor};
	return db_write(write_follow_up, &w);
}

/* ---- the records this area holds, for the access policy and the audit trail (auth/records.h) ---- */

/* only the approver the practitioner named */
static const char related_training_approval[] =
    "SELECT 1 FROM training_approvals WHERE id = :id AND approver_user_id = :user";
DB_REGISTER(related_training_approval);

const struct record_type training_records[] = {
    {.name = "training_approval", .related = related_training_approval},
    {0},
};
