/*
 * store_sqlite.c (meetings) — the SQLite side of store.h: meetings, their
 * agenda, attendance, decisions and actions (each change one unit with its
 * audit row, what it refers to checked inside the unit), the paged list,
 * one meeting in full, the board's attendance for the annual report, and
 * the record type a meeting is.
 *
 * Who is related to a meeting: an agency that was present at it or sent
 * apologies (the board's and groups' members); the partnership team and the
 * scrutineer see every one (area.c's rules).
 */
#include "areas/meetings/store.h"

#include <stdio.h>
#include <string.h>

#include "app/paged_rows_sqlite.h"
#include "app/record_lists_sqlite.h"
#include "areas/calendar/london.h"
#include "areas/meetings/board_sql.h"
#include "areas/partnership/store.h"
#include "areas/plans/plans.h"
#include "auth/audit.h"
#include "store/db.h"
#include "store/row_found_sqlite.h"

static enum haven_status refuse(enum meeting_refusal *refusal, enum meeting_refusal why)
{
	*refusal = why;
	return HAVEN_ERR_CONFLICT;
}

/* HAVEN_OK if `count` (a statement counting rows, with its values) finds one, else refused with `why`. */
static enum haven_status found_or_refuse(db_stmt *count, const struct db_value *values, size_t n,
                                         enum meeting_refusal *refusal, enum meeting_refusal why)
{
	enum haven_status st = row_found_values(count, values, n);
	return st == HAVEN_ERR_NOT_FOUND ? refuse(refusal, why) : st;
}

/* Runs `unit` (whose context holds `unit_refusal`) in the writer and passes its refusal on. */
static enum haven_status write_refusable(db_write_fn unit, void *ctx,
                                         const enum meeting_refusal *unit_refusal,
                                         enum meeting_refusal *refusal)
{
	enum haven_status st = db_write(unit, ctx);
	*refusal = *unit_refusal;
	return st;
}

/* Whether meeting `id` exists (NOT_FOUND if not), so a change to none is a 404. */
static enum haven_status meeting_exists(db_conn *db, long long id)
{
	return row_found_with(db, "SELECT count(*) FROM meetings WHERE id = ?1", DB_INT(id));
}

/*
 * Whether meeting `id` takes additions to its record (NOT_FOUND if there is no such meeting): refused
 * MEETING_CANCELLED when it was cancelled, as it is not held (store.h).
 */
static enum haven_status meeting_open(db_conn *db, long long id, enum meeting_refusal *refusal)
{
	enum haven_status st = meeting_exists(db, id);
	if (st != HAVEN_OK)
		return st;
	st = row_found_with(db, "SELECT count(*) FROM meetings WHERE id = ?1 AND status = 'cancelled'",
	                    DB_INT(id));
	if (st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_OK;
	return st == HAVEN_OK ? refuse(refusal, MEETING_CANCELLED) : st;
}

/* ---- a new meeting, and its status ---- */

struct create {
	const struct new_meeting *meeting;
	const struct actor *actor;
	long long id;
	enum meeting_refusal refusal;
};

static enum haven_status create_unit(db_conn *db, void *ctx)
{
	struct create *c = ctx;
	enum haven_status st;
	if (c->meeting->group_id &&
	    (st = found_or_refuse(db_prepare(db, "SELECT count(*) FROM plan_groups WHERE id = ?1"),
	                          DB_VALUES(DB_INT(c->meeting->group_id)), &c->refusal,
	                          MEETING_NO_SUCH_GROUP)) != HAVEN_OK)
		return st;
	st = db_integer_with(db,
	                     "INSERT INTO meetings (group_id, held_on, starts_at, place, created_by)"
	                     " VALUES (nullif(?1, 0), ?2, ?3, ?4, nullif(?5, 0)) RETURNING id",
	                     &c->id, DB_INT(c->meeting->group_id), DB_TEXT(c->meeting->held_on),
	                     DB_TEXT(c->meeting->starts_at), DB_TEXT(c->meeting->place),
	                     DB_INT(c->actor->user_id));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "meeting.create", "meeting", c->id, NULL);
}

enum haven_status meetings_create(const struct new_meeting *m, const struct actor *actor, long long *id,
                                  enum meeting_refusal *refusal)
{
	struct create c = {.meeting = m, .actor = actor};
	enum haven_status st = write_refusable(create_unit, &c, &c.refusal, refusal);
	*id = c.id;
	return st;
}

struct status {
	long long id;
	const char *status;
	const struct actor *actor;
	enum meeting_refusal refusal;
};

/* Why a meeting on day `held_on` may not move from status `from` to `to` today (`today`), or MEETING_DONE. */
static enum meeting_refusal status_move_refusal(const char *from, const char *to, const char *held_on,
                                                const char *today)
{
	if (strcmp(from, "held") == 0)
		return MEETING_HELD_IS_FINAL;
	if (strcmp(from, "planned") == 0 && strcmp(to, "held") == 0)
		/* both YYYY-MM-DD: their order as text is their order as days */
		return strcmp(held_on, today) <= 0 ? MEETING_DONE : MEETING_NOT_YET_HELD;
	if ((strcmp(from, "planned") == 0 && strcmp(to, "cancelled") == 0) ||
	    (strcmp(from, "cancelled") == 0 && strcmp(to, "planned") == 0))
		return MEETING_DONE;
	return MEETING_STATUS_ORDER;
}

static enum haven_status status_unit(db_conn *db, void *ctx)
{
	struct status *s = ctx;
	/* read inside the unit, so a change made by another request since the page is seen */
	json_t *meeting = NULL;
	enum haven_status st =
	    db_row_with(db, "SELECT status, held_on FROM meetings WHERE id = ?1", &meeting, DB_INT(s->id));
	if (st != HAVEN_OK)
		return st;
	char today[CALENDAR_DATE_SIZE];
	calendar_london_today_text(today);
	enum meeting_refusal why =
	    status_move_refusal(json_string_value(json_object_get(meeting, "status")), s->status,
	                        json_string_value(json_object_get(meeting, "held_on")), today);
	json_decref(meeting);
	if (why != MEETING_DONE)
		return refuse(&s->refusal, why);
	st = db_exec_with(db, "UPDATE meetings SET status = ?2 WHERE id = ?1", DB_INT(s->id),
	                  DB_TEXT(s->status));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), s->actor, "meeting.status", "meeting", s->id, s->status);
}

enum haven_status meetings_set_status(long long id, const char *status, const struct actor *actor,
                                      enum meeting_refusal *refusal)
{
	struct status s = {.id = id, .status = status, .actor = actor};
	return write_refusable(status_unit, &s, &s.refusal, refusal);
}

struct correct {
	long long id;
	const struct new_meeting *details;
	const struct actor *actor;
	enum meeting_refusal refusal;
};

static enum haven_status correct_unit(db_conn *db, void *ctx)
{
	struct correct *c = ctx;
	long long id = 0;
	/* a held meeting counts in the board's attendance: its date may not move past today */
	char today[CALENDAR_DATE_SIZE];
	calendar_london_today_text(today);
	json_t *meeting = NULL;
	enum haven_status st =
	    db_row_with(db, "SELECT status FROM meetings WHERE id = ?1", &meeting, DB_INT(c->id));
	if (st != HAVEN_OK)
		return st;
	bool held = strcmp(json_string_value(json_object_get(meeting, "status")), "held") == 0;
	json_decref(meeting);
	if (held && strcmp(c->details->held_on, today) > 0)
		return refuse(&c->refusal, MEETING_HELD_IN_FUTURE);
	st = db_integer_with(db,
	                     "UPDATE meetings SET held_on = ?2, starts_at = ?3, place = ?4 WHERE id = ?1"
	                     " RETURNING id",
	                     &id, DB_INT(c->id), DB_TEXT(c->details->held_on), DB_TEXT(c->details->starts_at),
	                     DB_TEXT(c->details->place));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "meeting.correct", "meeting", c->id, NULL);
}

enum haven_status meetings_correct(long long id, const struct new_meeting *details, const struct actor *actor,
                                   enum meeting_refusal *refusal)
{
	struct correct c = {.id = id, .details = details, .actor = actor};
	return write_refusable(correct_unit, &c, &c.refusal, refusal);
}

/* ---- the agenda ---- */

struct agenda_add {
	long long id;
	const struct new_agenda_item *item;
	const struct actor *actor;
	enum meeting_refusal refusal;
};

/* The priority agenda item `item` is about (its id in *priority_id, 0: none), and that its plan exists. */
static enum haven_status agenda_refers(db_conn *db, const struct new_agenda_item *item,
                                       long long *priority_id, enum meeting_refusal *refusal)
{
	enum haven_status st;
	*priority_id = 0;
	if (item->priority) {
		st = db_integer_with(db, "SELECT id FROM priorities WHERE key = ?1", priority_id,
		                     DB_TEXT(item->priority));
		if (st == HAVEN_ERR_NOT_FOUND)
			return refuse(refusal, MEETING_NO_SUCH_PRIORITY);
		if (st != HAVEN_OK)
			return st;
	}
	if (item->plan_id)
		return found_or_refuse(db_prepare(db, "SELECT count(*) FROM plans WHERE id = ?1"),
		                       DB_VALUES(DB_INT(item->plan_id)), refusal, MEETING_NO_SUCH_PLAN);
	return HAVEN_OK;
}

static enum haven_status agenda_unit(db_conn *db, void *ctx)
{
	struct agenda_add *a = ctx;
	enum haven_status st = meeting_open(db, a->id, &a->refusal);
	if (st != HAVEN_OK)
		return st;
	long long priority_id = 0;
	if ((st = agenda_refers(db, a->item, &priority_id, &a->refusal)) != HAVEN_OK)
		return st;
	st = db_exec_with(
	    db,
	    "INSERT INTO meeting_agenda_items (meeting_id, position, title, priority_id, plan_id)"
	    " SELECT ?1, coalesce(max(position), 0) + 1, ?2, nullif(?3, 0), nullif(?4, 0)"
	    " FROM meeting_agenda_items WHERE meeting_id = ?1",
	    DB_INT(a->id), DB_TEXT(a->item->title), DB_INT(priority_id), DB_INT(a->item->plan_id));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), a->actor, "meeting.agenda_add", "meeting", a->id, NULL);
}

/*
 * The board's next planned meeting: planned, starting after `now` in England's time (a meeting this morning
 * not yet marked held has been), the earliest; its id in *meeting_id, NOT_FOUND when none.
 */
static enum haven_status board_next(db_conn *db, int64_t now, long long *meeting_id)
{
	/* England's date and clock now, as a meeting's held_on and starts_at (HH:MM) are written */
	int32_t day, seconds;
	calendar_london_from_utc(now, &day, &seconds);
	char today[CALENDAR_DATE_SIZE], clock[16];
	calendar_format(day, today);
	snprintf(clock, sizeof clock, "%02d:%02d", (int)(seconds / 3600), (int)(seconds / 60 % 60));
	return db_integer_with(db,
	                       "SELECT id FROM meetings WHERE group_id IS NULL"
	                       " AND status = 'planned'"
	                       " AND (held_on > ?1 OR (held_on = ?1 AND starts_at > ?2))"
	                       " ORDER BY held_on, starts_at, id LIMIT 1",
	                       meeting_id, DB_TEXT(today), DB_TEXT(clock));
}

enum haven_status meetings_board_next(int64_t now, long long *meeting_id)
{
	*meeting_id = 0;
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	return board_next(db, now, meeting_id);
}

enum haven_status meetings_board_agenda_insert(struct store_tx *tx, int64_t now, const char *title,
                                               const struct actor *actor, long long *meeting_id,
                                               long long *item_id)
{
	db_conn *db = db_tx_conn(tx);
	*meeting_id = *item_id = 0;
	enum haven_status st = board_next(db, now, meeting_id);
	if (st == HAVEN_OK)
		st = db_integer_with(db,
		                     "INSERT INTO meeting_agenda_items (meeting_id, position, title, source)"
		                     " SELECT ?1, coalesce(max(position), 0) + 1, ?2, 'challenge'"
		                     " FROM meeting_agenda_items WHERE meeting_id = ?1 RETURNING id",
		                     item_id, DB_INT(*meeting_id), DB_TEXT(title));
	if (st != HAVEN_OK)
		return st;
	return audit_record(tx, actor, "meeting.agenda_add", "meeting", *meeting_id, NULL);
}

/*
 * Takes item `item_id` (one meetings_board_agenda_insert added) off its meeting's agenda, as store.h's
 * meetings_board_agenda_withdraw (`settled` false: only a meeting that no longer counts,
 * MEETINGS_BOARD_MEETING_COUNTS, the rule scrutiny reads too: cancelled or passed unheld) and
 * meetings_board_agenda_settled (true: any meeting not held) say. An item a decision names stays as the
 * meeting's record, marked withdrawn, so that planning the meeting again (or moving its day) does not put the
 * matter on two live agendas.
 */
static enum haven_status board_agenda_leave(struct store_tx *tx, int64_t now, long long item_id, bool settled,
                                            const struct actor *actor)
{
	db_conn *db = db_tx_conn(tx);
	char today[CALENDAR_DATE_SIZE], at[CALENDAR_INSTANT_SIZE];
	int32_t day, seconds;
	calendar_london_from_utc(now, &day, &seconds);
	calendar_format(day, today);
	calendar_format_instant(now, at);
	json_t *item = NULL;
	enum haven_status st = db_row_with(
	    db,
	    "SELECT i.meeting_id, i.position, EXISTS (SELECT 1 FROM meeting_decisions d"
	    " WHERE d.agenda_item_id = i.id) AS decided FROM meeting_agenda_items i"
	    " JOIN meetings m ON m.id = i.meeting_id WHERE i.id = ?1 AND i.withdrawn_at IS NULL"
	    " AND (NOT " MEETINGS_BOARD_MEETING_COUNTS("m", "?2") " OR (?3 <> 0 AND m.status <> 'held'))",
	    &item, DB_INT(item_id), DB_TEXT(today), DB_INT(settled));
	if (st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_OK;
	if (st != HAVEN_OK)
		return st;
	long long meeting = json_integer_value(json_object_get(item, "meeting_id"));
	long long position = json_integer_value(json_object_get(item, "position"));
	bool decided = json_is_true(json_object_get(item, "decided")) ||
	               json_integer_value(json_object_get(item, "decided")) != 0;
	json_decref(item);
	if (decided) {
		st = db_exec_with(db, "UPDATE meeting_agenda_items SET withdrawn_at = ?2 WHERE id = ?1",
		                  DB_INT(item_id), DB_TEXT(at));
		if (st != HAVEN_OK)
			return st;
		return audit_record(tx, actor, "meeting.agenda_remove", "meeting", meeting,
		                    "withdrawn, kept for its decision");
	}
	st = db_exec_with(db, "DELETE FROM meeting_agenda_items WHERE id = ?1", DB_INT(item_id));
	/* the later items up one, through negative places: (meeting_id, position) is unique at every row */
	if (st == HAVEN_OK)
		st = db_exec_with(db,
		                  "UPDATE meeting_agenda_items SET position = -position"
		                  " WHERE meeting_id = ?1 AND position > ?2",
		                  DB_INT(meeting), DB_INT(position));
	if (st == HAVEN_OK)
		st = db_exec_with(db,
		                  "UPDATE meeting_agenda_items SET position = -position - 1"
		                  " WHERE meeting_id = ?1 AND position < 0",
		                  DB_INT(meeting));
	if (st != HAVEN_OK)
		return st;
	return audit_record(tx, actor, "meeting.agenda_remove", "meeting", meeting, NULL);
}

enum haven_status meetings_board_agenda_withdraw(struct store_tx *tx, int64_t now, long long item_id,
                                                 const struct actor *actor)
{
	return board_agenda_leave(tx, now, item_id, false, actor);
}

enum haven_status meetings_board_agenda_settled(struct store_tx *tx, int64_t now, long long item_id,
                                                const struct actor *actor)
{
	return board_agenda_leave(tx, now, item_id, true, actor);
}

enum haven_status meetings_agenda_add(long long id, const struct new_agenda_item *item,
                                      const struct actor *actor, enum meeting_refusal *refusal)
{
	struct agenda_add a = {.id = id, .item = item, .actor = actor};
	return write_refusable(agenda_unit, &a, &a.refusal, refusal);
}

struct agenda_correct {
	long long id, item_id;
	const struct new_agenda_item *item;
	const struct actor *actor;
	enum meeting_refusal refusal;
};

static enum haven_status agenda_correct_unit(db_conn *db, void *ctx)
{
	struct agenda_correct *a = ctx;
	long long priority_id = 0, found = 0;
	enum haven_status st = agenda_refers(db, a->item, &priority_id, &a->refusal);
	if (st == HAVEN_OK)
		st =
		    db_integer_with(db,
		                    "UPDATE meeting_agenda_items SET title = ?3, priority_id = nullif(?4, 0),"
		                    " plan_id = nullif(?5, 0) WHERE id = ?2 AND meeting_id = ?1 RETURNING id",
		                    &found, DB_INT(a->id), DB_INT(a->item_id), DB_TEXT(a->item->title),
		                    DB_INT(priority_id), DB_INT(a->item->plan_id));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), a->actor, "meeting.agenda_correct", "meeting", a->id, NULL);
}

enum haven_status meetings_agenda_correct(long long id, long long item_id, const struct new_agenda_item *item,
                                          const struct actor *actor, enum meeting_refusal *refusal)
{
	struct agenda_correct a = {.id = id, .item_id = item_id, .item = item, .actor = actor};
	return write_refusable(agenda_correct_unit, &a, &a.refusal, refusal);
}

/* ---- attendance ---- */

struct attend {
	long long id;
	const struct new_attendance *attendance;
	const struct actor *actor;
	enum meeting_refusal refusal;
};

static enum haven_status attend_unit(db_conn *db, void *ctx)
{
	struct attend *a = ctx;
	enum haven_status st = meeting_open(db, a->id, &a->refusal);
	if (st != HAVEN_OK)
		return st;
	long long agency = 0;
	st = partnership_agency_id(db_tx(db), a->attendance->agency, &agency);
	if (st == HAVEN_ERR_NOT_FOUND)
		return refuse(&a->refusal, MEETING_NO_SUCH_AGENCY);
	if (st != HAVEN_OK)
		return st;
	st = db_exec_with(db,
	                  "INSERT INTO meeting_attendance (meeting_id, agency_id, attendance, name, role)"
	                  " VALUES (?1, ?2, ?3, ?4, ?5)",
	                  DB_INT(a->id), DB_INT(agency), DB_TEXT(a->attendance->attendance),
	                  DB_TEXT(a->attendance->name), DB_TEXT(a->attendance->role));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), a->actor, "meeting.attendance", "meeting", a->id,
	                    a->attendance->attendance);
}

enum haven_status meetings_attendance_add(long long id, const struct new_attendance *a,
                                          const struct actor *actor, enum meeting_refusal *refusal)
{
	struct attend w = {.id = id, .attendance = a, .actor = actor};
	return write_refusable(attend_unit, &w, &w.refusal, refusal);
}

struct unattend {
	long long id, row_id;
	const struct actor *actor;
};

static enum haven_status unattend_unit(db_conn *db, void *ctx)
{
	struct unattend *u = ctx;
	json_t *row = NULL;
	enum haven_status st = db_row_with(db,
	                                   "DELETE FROM meeting_attendance WHERE id = ?2 AND meeting_id = ?1"
	                                   " RETURNING attendance",
	                                   &row, DB_INT(u->id), DB_INT(u->row_id));
	if (st != HAVEN_OK)
		return st;
	st = audit_record(db_tx(db), u->actor, "meeting.attendance_remove", "meeting", u->id,
	                  json_string_value(json_object_get(row, "attendance")));
	json_decref(row);
	return st;
}

enum haven_status meetings_attendance_remove(long long id, long long row_id, const struct actor *actor)
{
	struct unattend u = {.id = id, .row_id = row_id, .actor = actor};
	return db_write(unattend_unit, &u);
}

/* ---- decisions ---- */

struct decide {
	long long id, item_id;
	const char *decision;
	const struct actor *actor;
	enum meeting_refusal refusal;
};

/*
 * A decision's agenda item, when it names one (0: none), must be on the same meeting's agenda and still for
 * discussion there: a matter another area withdrew from this meeting is not its business for a new
 * decision. The item a decision already names (`named`; 0 for a new decision) stays allowed though
 * withdrawn: correcting that decision keeps its record.
 */
static enum haven_status item_on_meeting(db_conn *db, long long meeting_id, long long item_id,
                                         long long named, enum meeting_refusal *refusal)
{
	if (!item_id)
		return HAVEN_OK;
	enum haven_status st = found_or_refuse(
	    db_prepare(db, "SELECT count(*) FROM meeting_agenda_items WHERE id = ?1 AND meeting_id = ?2"),
	    DB_VALUES(DB_INT(item_id), DB_INT(meeting_id)), refusal, MEETING_NO_SUCH_ITEM);
	if (st != HAVEN_OK || item_id == named)
		return st;
	return found_or_refuse(
	    db_prepare(db,
	               "SELECT count(*) FROM meeting_agenda_items WHERE id = ?1 AND withdrawn_at IS NULL"),
	    DB_VALUES(DB_INT(item_id)), refusal, MEETING_ITEM_WITHDRAWN);
}

static enum haven_status decide_unit(db_conn *db, void *ctx)
{
	struct decide *d = ctx;
	enum haven_status st = meeting_open(db, d->id, &d->refusal);
	if (st != HAVEN_OK)
		return st;
	st = item_on_meeting(db, d->id, d->item_id, 0, &d->refusal);
	if (st != HAVEN_OK)
		return st;
	st = db_exec_with(db,
	                  "INSERT INTO meeting_decisions (meeting_id, agenda_item_id, decision)"
	                  " VALUES (?1, nullif(?2, 0), ?3)",
	                  DB_INT(d->id), DB_INT(d->item_id), DB_TEXT(d->decision));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), d->actor, "meeting.decision", "meeting", d->id, NULL);
}

enum haven_status meetings_decision_add(long long id, const char *decision, long long item_id,
                                        const struct actor *actor, enum meeting_refusal *refusal)
{
	struct decide d = {.id = id, .item_id = item_id, .decision = decision, .actor = actor};
	return write_refusable(decide_unit, &d, &d.refusal, refusal);
}

struct decision_correct {
	long long id, decision_id, item_id;
	const char *decision;
	const struct actor *actor;
	enum meeting_refusal refusal;
};

static enum haven_status decision_correct_unit(db_conn *db, void *ctx)
{
	struct decision_correct *d = ctx;
	long long found = 0, named = 0;
	enum haven_status st = db_integer_with(db,
	                                       "SELECT agenda_item_id FROM meeting_decisions"
	                                       " WHERE id = ?2 AND meeting_id = ?1",
	                                       &named, DB_INT(d->id), DB_INT(d->decision_id));
	if (st != HAVEN_OK)
		return st;
	st = item_on_meeting(db, d->id, d->item_id, named, &d->refusal);
	if (st != HAVEN_OK)
		return st;
	st = db_integer_with(db,
	                     "UPDATE meeting_decisions SET decision = ?3, agenda_item_id = nullif(?4, 0)"
	                     " WHERE id = ?2 AND meeting_id = ?1 RETURNING id",
	                     &found, DB_INT(d->id), DB_INT(d->decision_id), DB_TEXT(d->decision),
	                     DB_INT(d->item_id));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), d->actor, "meeting.decision_correct", "meeting", d->id, NULL);
}

enum haven_status meetings_decision_correct(long long id, long long decision_id, const char *decision,
                                            long long item_id, const struct actor *actor,
                                            enum meeting_refusal *refusal)
{
	struct decision_correct d = {
	    .id = id, .decision_id = decision_id, .item_id = item_id, .decision = decision, .actor = actor};
	return write_refusable(decision_correct_unit, &d, &d.refusal, refusal);
}

/* ---- actions: plans' actions, agreed at a meeting ---- */

struct action_add {
	long long id, plan_id, decision_id;
	const struct new_plan_action *action;
	const struct actor *actor;
	long long action_id;
	enum meeting_refusal refusal;
};

static enum haven_status action_unit(db_conn *db, void *ctx)
{
	struct action_add *a = ctx;
	enum haven_status st = meeting_open(db, a->id, &a->refusal);
	if (st != HAVEN_OK)
		return st;
	if (a->decision_id &&
	    (st = found_or_refuse(
	         db_prepare(db, "SELECT count(*) FROM meeting_decisions WHERE id = ?1 AND meeting_id = ?2"),
	         DB_VALUES(DB_INT(a->decision_id), DB_INT(a->id)), &a->refusal, MEETING_NO_SUCH_DECISION)) !=
	        HAVEN_OK)
		return st;
	enum plan_refusal plans_refusal = PLAN_DONE;
	st = plans_action_insert(db_tx(db), a->plan_id, a->action, a->actor, &a->action_id, &plans_refusal);
	if (st == HAVEN_ERR_NOT_FOUND) /* the plan, not the meeting */
		return refuse(&a->refusal, MEETING_NO_SUCH_PLAN);
	if (st == HAVEN_ERR_CONFLICT && plans_refusal == PLAN_NO_SUCH_AGENCY)
		return refuse(&a->refusal, MEETING_NO_SUCH_AGENCY);
	if (st != HAVEN_OK)
		return st;
	st = db_exec_with(db,
	                  "INSERT INTO meeting_actions (plan_action_id, meeting_id, decision_id)"
	                  " VALUES (?1, ?2, nullif(?3, 0))",
	                  DB_INT(a->action_id), DB_INT(a->id), DB_INT(a->decision_id));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), a->actor, "meeting.action", "meeting", a->id, NULL);
}

enum haven_status meetings_action_add(long long id, long long plan_id, const struct new_plan_action *a,
                                      long long decision_id, const struct actor *actor, long long *action_id,
                                      enum meeting_refusal *refusal)
{
	struct action_add w = {
	    .id = id, .plan_id = plan_id, .decision_id = decision_id, .action = a, .actor = actor};
	enum haven_status st = write_refusable(action_unit, &w, &w.refusal, refusal);
	*action_id = w.action_id;
	return st;
}

/* ---- reading ---- */

#define MEETING_COLUMNS                                                                                      \
	"SELECT m.id, m.group_id, g.name AS group_name, m.held_on, m.starts_at, m.place, m.status,"          \
	" (SELECT count(DISTINCT agency_id) FROM meeting_attendance t WHERE t.meeting_id = m.id"             \
	" AND t.attendance = 'present') AS present_agencies FROM meetings m"                                 \
	" LEFT JOIN plan_groups g ON g.id = m.group_id"

/* a meeting the reader may see: every one, or one their agency was at or sent apologies to */
#define MEETING_SEEN                                                                                         \
	" (?1 = 1 OR EXISTS (SELECT 1 FROM meeting_attendance t WHERE t.meeting_id = m.id"                   \
	" AND t.agency_id = ?2))"

enum haven_status meetings_list(bool every, long long agency_id, const struct page *page, json_t **out,
                                long long *total)
{
	/* latest date first; the cursor names a row, whose (date, id) the next page continues from */
	const struct paged_rows meetings = {
	    .after = DB_SQL(MEETING_COLUMNS
	                    " WHERE" MEETING_SEEN " AND (?3 = 0 OR (m.held_on, m.id) < (SELECT held_on, id"
	                    " FROM meetings WHERE id = ?3)) ORDER BY m.held_on DESC, m.id DESC LIMIT ?4"),
	    .before = DB_SQL(MEETING_COLUMNS " WHERE" MEETING_SEEN
	                                     " AND (m.held_on, m.id) > (SELECT held_on, id FROM meetings"
	                                     " WHERE id = ?3) ORDER BY m.held_on, m.id LIMIT ?4"),
	    .count = DB_SQL("SELECT count(*) FROM (SELECT 1 FROM meetings m WHERE" MEETING_SEEN
	                    " LIMIT ?3) AS page"),
	    .none_after = 0};
	return paged_rows_read(page, &meetings, DB_VALUES(DB_INT(every), DB_INT(agency_id)), out, total);
}

enum haven_status meetings_get(long long id, json_t **out)
{
	const struct record_list lists[] = {
	    {"agenda",
	     DB_SQL(
	         "SELECT i.id, i.position, i.title, p.key AS priority_key, p.name AS priority_name, "
	         "i.plan_id, i.source, i.withdrawn_at IS NOT NULL AS withdrawn,"
	         " CASE WHEN pl.id IS NULL THEN NULL ELSE pp.name || ' — '"
	         " || coalesce(g.name, 'the board') END AS plan_label, pl.starts_on AS plan_starts_on"
	         " FROM meeting_agenda_items i LEFT JOIN priorities p ON p.id = i.priority_id"
	         " LEFT JOIN plans pl ON pl.id = i.plan_id LEFT JOIN priorities pp ON pp.id = pl.priority_id"
	         " LEFT JOIN plan_groups g ON g.id = pl.group_id"
	         " WHERE i.meeting_id = ?1 ORDER BY i.position")},
	    {"attendance",
	     DB_SQL("SELECT t.id, a.slug AS agency_slug, a.name AS agency_name, a.type AS agency_type,"
	            " t.attendance, t.name, t.role FROM meeting_attendance t"
	            " JOIN agencies a ON a.id = t.agency_id WHERE t.meeting_id = ?1"
	            " ORDER BY a.name, t.attendance DESC, t.id")},
	    {"decisions", DB_SQL("SELECT d.id, d.decision, d.agenda_item_id, i.position AS agenda_position,"
	                         " i.title AS agenda_title FROM meeting_decisions d"
	                         " LEFT JOIN meeting_agenda_items i ON i.id = d.agenda_item_id"
	                         " WHERE d.meeting_id = ?1 ORDER BY d.id")},
	    {"actions", DB_SQL("SELECT x.id, x.plan_id, x.action, ag.name AS owner_name, x.lead, x.due_on,"
	                       " x.status, x.evidence IS NOT NULL AS evidence, ma.decision_id"
	                       " FROM meeting_actions ma JOIN plan_actions x ON x.id = ma.plan_action_id"
	                       " JOIN agencies ag ON ag.id = x.owner_agency_id WHERE ma.meeting_id = ?1"
	                       " ORDER BY x.due_on, x.id")},
	    {0}};
	return record_read_with_lists(out, DB_SQL(MEETING_COLUMNS " WHERE m.id = ?1"), id, lists);
}

enum haven_status meetings_board_attendance(const char *from, const char *to, json_t **out)
{
	*out = NULL;
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	long long held = 0;
	enum haven_status st = db_integer_with(db,
	                                       "SELECT count(*) FROM meetings WHERE group_id IS NULL"
	                                       " AND status = 'held' AND held_on BETWEEN ?1 AND ?2",
	                                       &held, DB_TEXT(from), DB_TEXT(to));
	if (st != HAVEN_OK)
		return st;
	json_t *agencies = db_rows_with(db,
	                                "SELECT a.name AS agency_name, count(DISTINCT m.id) AS present"
	                                " FROM meetings m JOIN meeting_attendance t ON t.meeting_id = m.id"
	                                " AND t.attendance = 'present' JOIN agencies a ON a.id = t.agency_id"
	                                " WHERE m.group_id IS NULL AND m.status = 'held'"
	                                " AND m.held_on BETWEEN ?1 AND ?2 GROUP BY a.id ORDER BY a.name",
	                                DB_TEXT(from), DB_TEXT(to));
	if (!agencies)
		return HAVEN_ERR_DB;
	*out = json_pack("{s:I, s:o}", "held", (json_int_t)held, "agencies", agencies);
	return HAVEN_OK;
}

/* ---- demo ---- */

enum haven_status meetings_load_demo(void)
{
	return db_load_demo_sql("demo/meetings.sql", NULL, NULL);
}

/* ---- record types ---- */

/* the agencies present at a meeting or sending apologies are its members: they read it */
static const char related_meeting[] =
    "SELECT 1 FROM meeting_attendance WHERE meeting_id = :id AND agency_id = :agency";
DB_REGISTER(related_meeting);

const struct record_type meetings_records[] = {
    {.name = "meeting", .related = related_meeting},
    {0},
};
