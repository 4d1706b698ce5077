/*
 * evaluations_sqlite.c (training) — after a session: a booking with what its
 * certificate shows, the evaluation, and the answer to the follow-up three
 * months on.
 */
#include "areas/training/store_sqlite.h"

#include <stdio.h>
#include <string.h>

#include "auth/audit.h"

enum haven_status training_booking_get(long long booking_id, json_t **out)
{
	*out = NULL;
	sqlite3 *db = db_reader();
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
	json_object_set_new(b, "evaluated",
	                    json_boolean(json_integer_value(json_object_get(b, "evaluated"))));
	json_object_set_new(b, "followed_up",
	                    json_boolean(json_integer_value(json_object_get(b, "followed_up"))));
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT id, text FROM training_outcomes WHERE course_id = ? ORDER BY position");
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
	if (!db_bind(stmt, DB_INT(w->booking_id)))
		return HAVEN_ERR_DB;
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
	enum haven_status st =
	    db_exec_with(db, "INSERT INTO training_evaluations (booking_id, comments) VALUES (?, ?)",
	                 DB_INT(w->booking_id), DB_TEXT(w->comments ? w->comments : ""));
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *s;
	json_array_foreach(w->scores, i, s)
	{
		st = db_exec_with(
		    db,
		    "INSERT INTO training_evaluation_scores (booking_id, outcome_id, before, after)"
		    " SELECT ?1, id, ?2, ?3 FROM training_outcomes WHERE id = ?4 AND course_id = ?5",
		    DB_INT(w->booking_id), DB_INT(json_integer_value(json_object_get(s, "before"))),
		    DB_INT(json_integer_value(json_object_get(s, "after"))),
		    DB_INT(json_integer_value(json_object_get(s, "outcome_id"))), DB_INT(course));
		if (st == HAVEN_ERR_CONFLICT)
			return HAVEN_ERR_INVALID; /* the same outcome twice */
		if (st != HAVEN_OK)
			return st;
		if (sqlite3_changes(db) != 1)
			return HAVEN_ERR_INVALID;
	}
	char detail[64];
	snprintf(detail, sizeof detail, "booking %lld", w->booking_id);
	return audit_record(db_tx(db), w->actor, "training.evaluate", "training_session", session, detail);
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

static enum haven_status write_follow_up(sqlite3 *db, void *ctx)
{
	struct follow_up *w = ctx;
	sqlite3_stmt *stmt =
	    db_prepare(db, "SELECT b.user_id, b.attendance, b.session_id,"
	                   " EXISTS (SELECT 1 FROM training_follow_ups f WHERE f.booking_id = b.id)"
	                   " FROM training_bookings b WHERE b.id = ?");
	if (!db_bind(stmt, DB_INT(w->booking_id)))
		return HAVEN_ERR_DB;
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
	enum haven_status st =
	    db_exec_with(db, "INSERT INTO training_follow_ups (booking_id, impact, changes) VALUES (?, ?, ?)",
	                 DB_INT(w->booking_id), DB_TEXT(w->impact), DB_TEXT(w->changes ? w->changes : ""));
	if (st != HAVEN_OK)
		return st;
	char detail[64];
	snprintf(detail, sizeof detail, "booking %lld", w->booking_id);
	return audit_record(db_tx(db), w->actor, "training.follow_up", "training_session", session, detail);
}

enum haven_status training_follow_up(long long booking_id, long long user_id, const char *impact,
                                     const char *changes, const struct actor *actor)
{
	struct follow_up w = {booking_id, user_id, impact, changes, actor};
	return db_write(write_follow_up, &w);
}
