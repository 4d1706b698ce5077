/*
 * evaluations_sqlite.c (training) — after a session: a booking with what its
 * certificate shows, the evaluation, and the answer to the follow-up three
 * months on.
 */
#include "areas/training/store_sqlite.h"

#include <stdio.h>

#include "auth/audit.h"
#include "store/changed_row_sqlite.h"

enum haven_status training_booking_get(long long booking_id, json_t **out)
{
	*out = NULL;
	db_conn *db = db_reader();
	json_t *b;
	enum haven_status st = db_row_with(
	    db,
	    "SELECT b.id, b.user_id, u.name, g.name AS agency_name, b.status, b.attendance,"
	    " s.id AS session_id, s.date, s.starts, s.ends, s.trainer, c.id AS course_id,"
	    " c.title AS course_title, c.duration_minutes,"
	    " EXISTS (SELECT 1 FROM training_evaluations e WHERE e.booking_id = b.id) AS evaluated,"
	    " EXISTS (SELECT 1 FROM training_follow_ups f WHERE f.booking_id = b.id) AS followed_up"
	    " FROM training_bookings b JOIN users u ON u.id = b.user_id"
	    " JOIN agencies g ON g.id = b.agency_id JOIN training_sessions s ON s.id = b.session_id"
	    " JOIN training_courses c ON c.id = s.course_id WHERE b.id = ?",
	    &b, DB_INT(booking_id));
	if (st != HAVEN_OK)
		return st;
	TRAINING_BOOLEANS(b, "evaluated", "followed_up");
	st = db_rows_into(b, "outcomes", db,
	                  "SELECT id, text FROM training_outcomes WHERE course_id = ? ORDER BY position",
	                  DB_INT(json_integer_value(json_object_get(b, "course_id"))));
	if (st != HAVEN_OK) {
		json_decref(b);
		return st;
	}
	*out = b;
	return HAVEN_OK;
}

/* What the evaluation and the follow-up ask of a booking before they are kept. */
struct attended_booking {
	long long session, course, outcomes; /* outcomes: how many the course's evaluation scores */
	bool evaluated, followed_up;
};

/*
 * Booking `booking_id` as its owner answers about it: HAVEN_ERR_NOT_FOUND
 * if there is none or it is not `user_id`'s (so nobody learns of another's
 * booking), HAVEN_ERR_DENIED if they did not attend; else *out.
 */
static enum haven_status read_attended_booking(db_conn *db, long long booking_id, long long user_id,
                                               struct attended_booking *out)
{
	json_t *b = NULL;
	enum haven_status st = db_row_with(
	    db,
	    "SELECT b.user_id, b.attendance = 'attended' AS attended, s.id AS session, s.course_id AS course,"
	    " (SELECT count(*) FROM training_outcomes o WHERE o.course_id = s.course_id) AS outcomes,"
	    " EXISTS (SELECT 1 FROM training_evaluations e WHERE e.booking_id = b.id) AS evaluated,"
	    " EXISTS (SELECT 1 FROM training_follow_ups f WHERE f.booking_id = b.id) AS followed_up"
	    " FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id WHERE b.id = ?",
	    &b, DB_INT(booking_id));
	if (st != HAVEN_OK)
		return st;
	bool owner = json_integer_value(json_object_get(b, "user_id")) == user_id;
	bool attended = json_integer_value(json_object_get(b, "attended")) != 0;
	*out = (struct attended_booking){
	    .session = json_integer_value(json_object_get(b, "session")),
	    .course = json_integer_value(json_object_get(b, "course")),
	    .outcomes = json_integer_value(json_object_get(b, "outcomes")),
	    .evaluated = json_integer_value(json_object_get(b, "evaluated")) != 0,
	    .followed_up = json_integer_value(json_object_get(b, "followed_up")) != 0,
	};
	json_decref(b);
	if (!owner)
		return HAVEN_ERR_NOT_FOUND;
	return attended ? HAVEN_OK : HAVEN_ERR_DENIED;
}

/* The audit row of an answer about booking `booking_id`: on its session, naming the booking. */
static enum haven_status audit_answer(db_conn *db, const struct actor *actor, const char *action,
                                      long long booking_id, const struct attended_booking *b)
{
	char detail[64];
	snprintf(detail, sizeof detail, "booking %lld", booking_id);
	return audit_record(db_tx(db), actor, action, "training_session", b->session, detail);
}

struct evaluate {
	long long booking_id, user_id;
	const json_t *scores;
	const char *comments;
	const struct actor *actor;
};

static enum haven_status write_evaluate(db_conn *db, void *ctx)
{
	struct evaluate *w = ctx;
	struct attended_booking b;
	enum haven_status st = read_attended_booking(db, w->booking_id, w->user_id, &b);
	if (st != HAVEN_OK)
		return st;
	if (b.evaluated)
		return HAVEN_ERR_CONFLICT;
	if ((long long)json_array_size(w->scores) != b.outcomes)
		return HAVEN_ERR_INVALID;
	st = db_exec_with(db, "INSERT INTO training_evaluations (booking_id, comments) VALUES (?, ?)",
	                  DB_INT(w->booking_id), DB_TEXT(w->comments ? w->comments : ""));
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *s;
	json_array_foreach(w->scores, i, s)
	{
		/* no row inserted: the outcome is not the course's */
		st = exec_changed_or(
		    db,
		    "INSERT INTO training_evaluation_scores (booking_id, outcome_id, before, after)"
		    " SELECT ?1, id, ?2, ?3 FROM training_outcomes WHERE id = ?4 AND course_id = ?5",
		    HAVEN_ERR_INVALID, DB_INT(w->booking_id),
		    DB_INT(json_integer_value(json_object_get(s, "before"))),
		    DB_INT(json_integer_value(json_object_get(s, "after"))),
		    DB_INT(json_integer_value(json_object_get(s, "outcome_id"))), DB_INT(b.course));
		if (st == HAVEN_ERR_CONFLICT)
			return HAVEN_ERR_INVALID; /* the same outcome twice */
		if (st != HAVEN_OK)
			return st;
	}
	return audit_answer(db, w->actor, "training.evaluate", w->booking_id, &b);
}

enum haven_status training_evaluate(long long booking_id, long long user_id, const json_t *scores,
                                    const char *comments, const struct actor *actor)
{
	struct evaluate w = {booking_id, user_id, scores, comments, actor};
	return db_write(write_evaluate, &w);
}

struct follow_up {
	long long booking_id, user_id;
	const char *impact, *changes;
	const struct actor *actor;
};

static enum haven_status write_follow_up(db_conn *db, void *ctx)
{
	struct follow_up *w = ctx;
	struct attended_booking b;
	enum haven_status st = read_attended_booking(db, w->booking_id, w->user_id, &b);
	if (st != HAVEN_OK)
		return st;
	if (b.followed_up)
		return HAVEN_ERR_CONFLICT;
	st =
	    db_exec_with(db, "INSERT INTO training_follow_ups (booking_id, impact, changes) VALUES (?, ?, ?)",
	                 DB_INT(w->booking_id), DB_TEXT(w->impact), DB_TEXT(w->changes ? w->changes : ""));
	if (st != HAVEN_OK)
		return st;
	return audit_answer(db, w->actor, "training.follow_up", w->booking_id, &b);
}

enum haven_status training_follow_up(long long booking_id, long long user_id, const char *impact,
                                     const char *changes, const struct actor *actor)
{
	struct follow_up w = {booking_id, user_id, impact, changes, actor};
	return db_write(write_follow_up, &w);
}
