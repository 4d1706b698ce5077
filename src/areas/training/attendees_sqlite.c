/*
 * attendees_sqlite.c (training) — attendance that is not a booking
 * (migration 0146): a person recorded on a session's register without a
 * place (no Haven account, or a walk-in), and past attendance imported from
 * a file, all or nothing.
 */
#include "areas/training/store_sqlite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/partnership/store.h"
#include "auth/audit.h"
#include "router/errors.h"
#include "store/changed_row_sqlite.h"

/* One attendee to insert, in the caller's unit. */
struct attendee_row {
	long long course_id, session_id; /* session 0: none known */
	const char *date, *name, *email, *role, *source;
	long long agency_id, user_id, recorded_by; /* user 0: no account; recorded_by 0: a command */
};

/* The id a lookup finds into *id, 0 when it finds none: HAVEN_OK either way, unless the read fails. */
static enum haven_status found_or_zero(enum haven_status st, long long *id)
{
	if (st == HAVEN_ERR_NOT_FOUND)
		*id = 0;
	return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
}

/* The id of the agency with this slug into *id, or 0. */
static enum haven_status agency_by_slug(db_conn *db, const char *slug, long long *id)
{
	return found_or_zero(partnership_agency_id(db_tx(db), slug, id), id);
}

/* The account this email belongs to into *id, or 0: so an account holder walking in is one practitioner. */
static enum haven_status account_by_email(db_conn *db, const char *email, long long *id)
{
	*id = 0;
	if (!email)
		return HAVEN_OK;
	return found_or_zero(db_integer_with(db, "SELECT id FROM users WHERE email = ?", id, DB_TEXT(email)),
	                     id);
}

/*
 * Inserts `a`: *inserted false when the same person is already recorded for
 * that course's day (or session), which training_attendees_once refuses.
 * person_key is who the person is for counting (migration 0146).
 */
static enum haven_status insert_attendee(db_conn *db, const struct attendee_row *a, long long *id,
                                         bool *inserted)
{
	*id = 0;
	enum haven_status st = db_integer_with(
	    db,
	    "INSERT INTO training_attendees (course_id, date, session_id, user_id, name, email, agency_id,"
	    " role, person_key, source, recorded_by)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	    "  CASE WHEN CAST(?4 AS BIGINT) IS NOT NULL THEN 'u:' || CAST(?4 AS BIGINT)"
	    "  WHEN CAST(?6 AS TEXT) IS NOT NULL THEN 'e:' || lower(?6)"
	    "  ELSE 'n:' || lower(?5) || '|' || CAST(?7 AS BIGINT) END, ?9, ?10)"
	    " ON CONFLICT DO NOTHING RETURNING id",
	    id, DB_INT(a->course_id), DB_TEXT(a->date), a->session_id ? DB_INT(a->session_id) : DB_NULL,
	    a->user_id ? DB_INT(a->user_id) : DB_NULL, DB_TEXT(a->name), DB_TEXT(a->email),
	    DB_INT(a->agency_id), DB_TEXT(a->role), DB_TEXT(a->source),
	    a->recorded_by ? DB_INT(a->recorded_by) : DB_NULL);
	*inserted = st == HAVEN_OK;
	return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
}

/* ---- the register ---- */

struct attendee_add {
	long long session_id;
	const struct training_attendee *who;
	const char *now;
	const struct actor *actor;
	long long *id;
	enum training_attendee_problem *problem;
};

static enum haven_status write_attendee(db_conn *db, void *ctx)
{
	struct attendee_add *w = ctx;
	struct session_facts f;
	enum haven_status st = training_read_session(db, w->session_id, w->now, &f);
	if (st != HAVEN_OK)
		return st;
	struct attendee_row a = {.session_id = w->session_id,
	                         .date = f.date,
	                         .name = w->who->name,
	                         .email = w->who->email,
	                         .role = w->who->role,
	                         .source = "register",
	                         .recorded_by = w->actor ? w->actor->user_id : 0};
	if ((st = agency_by_slug(db, w->who->agency, &a.agency_id)) != HAVEN_OK)
		return st;
	/* as for ticking: nobody attends before the start */
	if (!f.started)
		*w->problem = TRAINING_ATTENDEE_NOT_STARTED;
	else if (!a.agency_id)
		*w->problem = TRAINING_ATTENDEE_UNKNOWN_AGENCY;
	if (*w->problem)
		return HAVEN_ERR_INVALID;
	if ((st = db_integer_with(db, "SELECT course_id FROM training_sessions WHERE id = ?", &a.course_id,
	                          DB_INT(w->session_id))) != HAVEN_OK)
		return st;
	if ((st = account_by_email(db, w->who->email, &a.user_id)) != HAVEN_OK)
		return st;
	long long has_place = 0;
	if (a.user_id &&
	    (st = db_integer_with(db,
	                          "SELECT count(*) FROM training_bookings"
	                          " WHERE session_id = ? AND user_id = ? AND status = 'booked'",
	                          &has_place, DB_INT(w->session_id), DB_INT(a.user_id))) != HAVEN_OK)
		return st;
	if (has_place) {
		*w->problem = TRAINING_ATTENDEE_HAS_PLACE;
		return HAVEN_ERR_INVALID;
	}
	bool inserted;
	if ((st = insert_attendee(db, &a, w->id, &inserted)) != HAVEN_OK)
		return st;
	if (!inserted) {
		*w->problem = TRAINING_ATTENDEE_ALREADY;
		return HAVEN_ERR_INVALID;
	}
	return audit_record(db_tx(db), w->actor, "training.attendee_add", "training_session", w->session_id,
	                    a.user_id ? "walk-in with an account" : "no account");
}

enum haven_status training_attendee_add(long long session_id, const struct training_attendee *who,
                                        const char *now, const struct actor *actor, long long *id,
                                        enum training_attendee_problem *problem)
{
	*problem = TRAINING_ATTENDEE_OK;
	struct attendee_add w = {session_id, who, now, actor, id, problem};
	return db_write(write_attendee, &w);
}

struct attendee_remove {
	long long session_id, attendee_id;
	const struct actor *actor;
};

static enum haven_status write_attendee_removal(db_conn *db, void *ctx)
{
	struct attendee_remove *w = ctx;
	enum haven_status st =
	    exec_changed_or(db, "DELETE FROM training_attendees WHERE id = ? AND session_id = ?",
	                    HAVEN_ERR_NOT_FOUND, DB_INT(w->attendee_id), DB_INT(w->session_id));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "training.attendee_remove", "training_session",
	                    w->session_id, NULL);
}

enum haven_status training_attendee_remove(long long session_id, long long attendee_id,
                                           const struct actor *actor)
{
	struct attendee_remove w = {session_id, attendee_id, actor};
	return db_write(write_attendee_removal, &w);
}

enum haven_status training_register_attendees(long long session_id, json_t **out)
{
	*out = NULL;
	enum haven_status st = db_read_rows(out,
	                                    "SELECT a.id, a.name, g.name AS agency_name, a.role,"
	                                    " a.user_id IS NOT NULL AS has_account"
	                                    " FROM training_attendees a JOIN agencies g ON g.id = a.agency_id"
	                                    " WHERE a.session_id = ? ORDER BY a.id",
	                                    DB_INT(session_id));
	if (st != HAVEN_OK)
		return st;
	TRAINING_BOOLEANS(*out, "has_account");
	return HAVEN_OK;
}

enum haven_status training_agencies(json_t **out)
{
	return db_read_rows(out, "SELECT slug, name FROM agencies ORDER BY name, id");
}

/* ---- the import ---- */

struct attendance_import {
	json_t *rows;
	struct training_import_counts *counts;
};

/* Adds `message` on `field` to the row's errors. */
static void row_error(json_t *row, const char *field, const char *message)
{
	errors_add(json_object_get(row, "errors"), field, message);
}

/* The course number `text` writes (digits, not starting with 0), or 0 if it is not one. */
static long long course_number(const char *text)
{
	if (!text)
		return 0;
	size_t digits = strspn(text, "0123456789");
	if (text[0] < '1' || text[0] > '9' || text[digits] != '\0' || digits > 18)
		return 0;
	return strtoll(text, NULL, 10);
}

/* The course a row names: its title (any case) or its number in Haven; 0 after naming the problem. */
static enum haven_status course_of(db_conn *db, json_t *row, long long *course_id)
{
	*course_id = 0;
	const char *course = field_text(row, "course");
	json_t *found = db_rows_with(db,
	                             "SELECT id FROM training_courses WHERE lower(title) = lower(?1)"
	                             " OR id = ?2 LIMIT 2",
	                             DB_TEXT(course), DB_INT(course_number(course)));
	if (!found)
		return HAVEN_ERR_DB;
	if (json_array_size(found) == 1)
		*course_id = json_integer_value(json_object_get(json_array_get(found, 0), "id"));
	else if (json_array_size(found) == 0)
		row_error(row, "course", "There is no course with this title or number in Haven");
	else
		row_error(row, "course",
		          "More than one course has this title: give the course's number instead");
	json_decref(found);
	return HAVEN_OK;
}

/* One good row: checked against the database, then added unless it is already recorded. */
static enum haven_status import_row(db_conn *db, json_t *row, struct training_import_counts *counts)
{
	struct attendee_row a = {.date = field_text(row, "date"),
	                         .name = field_text(row, "name"),
	                         .email = field_text(row, "email"),
	                         .role = field_text(row, "role"),
	                         .source = "import"};
	enum haven_status st = course_of(db, row, &a.course_id);
	if (st != HAVEN_OK)
		return st;
	if ((st = agency_by_slug(db, field_text(row, "agency"), &a.agency_id)) != HAVEN_OK)
		return st;
	if (!a.agency_id)
		row_error(row, "agency",
		          "There is no agency with this slug in Haven (see 'haven agency list')");
	if (!a.course_id || !a.agency_id)
		return HAVEN_OK;
	if (!json_is_true(json_object_get(row, "attended"))) {
		/* counted, not recorded: a booking's no-show has a place to count against; this row has none
		 */
		counts->not_attended++;
		return HAVEN_OK;
	}
	/* the course's session that day, if Haven has it, so the register shows the attendance too */
	st = db_integer_with(db,
	                     "SELECT id FROM training_sessions WHERE course_id = ? AND date = ?"
	                     " ORDER BY starts, id LIMIT 1",
	                     &a.session_id, DB_INT(a.course_id), DB_TEXT(a.date));
	if ((st = found_or_zero(st, &a.session_id)) != HAVEN_OK ||
	    (st = account_by_email(db, a.email, &a.user_id)) != HAVEN_OK)
		return st;
	long long booked = 0;
	if (a.user_id &&
	    (st = db_integer_with(
	         db,
	         "SELECT count(*) FROM training_bookings b JOIN training_sessions s ON s.id = b.session_id"
	         " WHERE b.user_id = ? AND s.course_id = ? AND s.date = ? AND b.attendance = 'attended'",
	         &booked, DB_INT(a.user_id), DB_INT(a.course_id), DB_TEXT(a.date))) != HAVEN_OK)
		return st;
	bool inserted = false;
	long long id;
	if (!booked && (st = insert_attendee(db, &a, &id, &inserted)) != HAVEN_OK)
		return st;
	if (inserted)
		counts->added++;
	else
		counts->already_recorded++;
	return HAVEN_OK;
}

static enum haven_status write_import(db_conn *db, void *ctx)
{
	struct attendance_import *w = ctx;
	size_t i;
	json_t *row;
	bool bad = false;
	json_array_foreach(w->rows, i, row)
	{
		if (json_array_size(json_object_get(row, "errors")) == 0) {
			enum haven_status st = import_row(db, row, w->counts);
			if (st != HAVEN_OK)
				return st;
		}
		bad = bad || json_array_size(json_object_get(row, "errors")) > 0;
	}
	if (bad)
		return HAVEN_ERR_INVALID; /* rolled back: every bad row is named, and nothing is added */
	char counts[160];
	snprintf(counts, sizeof counts, "%lld added, %lld already recorded, %lld did not attend",
	         w->counts->added, w->counts->already_recorded, w->counts->not_attended);
	return audit_record(db_tx(db), NULL, "training.attendance_import", NULL, 0, counts);
}

enum haven_status training_attendance_import(json_t *rows, struct training_import_counts *counts)
{
	*counts = (struct training_import_counts){0};
	struct attendance_import w = {rows, counts};
	enum haven_status st = db_write(write_import, &w);
	if (st != HAVEN_OK)
		*counts = (struct training_import_counts){0};
	return st;
}
