/*
 * mace_sqlite.c (contextual) — the SQLite queries behind store.h for
 * multi-agency child exploitation (MACE) meetings: setting one up with its
 * agenda built from the data, attendance by agency, decisions with their
 * actions, and what the task list and the chronology gather.
 *
 * Who is related to a meeting: to a level 1 meeting (children), everyone
 * whom the rules let read one (its page shows only the children the viewer's
 * agency works with); to a level 2 meeting (persons of concern and places),
 * nobody, so only the roles that see every one (the police and the local
 * authority's exploitation team, area.c) reach it. An action is related to
 * its owner agency, at level 1. Each change is one db_write unit holding the
 * change and its audit row.
 */
#include <string.h>
#include <time.h>

#include "app/paged_rows_sqlite.h"
#include "areas/calendar/london.h"
#include "areas/contextual/shared_sqlite.h"
#include "areas/contextual/store.h"
#include "auth/audit.h"
#include "store/db.h"

const char contextual_mace_related[] = "SELECT 1 FROM mace_meetings WHERE id = :id AND level = 1";
DB_REGISTER(contextual_mace_related);
const char contextual_mace_action_related[] =
    "SELECT 1 FROM mace_actions x JOIN mace_meetings m ON m.id = x.meeting_id"
    " WHERE x.id = :id AND x.owner_agency_id = :agency AND m.level = 1";
DB_REGISTER(contextual_mace_action_related);

/* How many rows of each kind an agenda takes: enough for a meeting, bounded for the page. */
#define AGENDA_CAP 50

struct mace_unit {
	long long id;
	int level;
	const char *held_on;
	long long agency_id;
	const char *attendance;
	const struct mace_action *action;
	const char *status;
	const struct audit_shown *shown; /* what the API's answer shows the reader, for the audit row */
	const struct actor *actor;
	char now[CALENDAR_INSTANT_SIZE]; /* when the change is made: set by contextual_write_stamped */
};

static long long field_of(const json_t *row, const char *name)
{
	return (long long)json_integer_value(json_object_get(row, name));
}

/*
 * The agenda of meeting `id` from the data as it stands at `now`: at level 1
 * the children whose latest screening was judged high risk, the children
 * screened since the last level 1 meeting was set up (screenings after
 * `since`, the newest one then: 0 for the first meeting), and the children missing as often as the
 * repeat-missing rule says within its window; at level 2 the places and persons of concern with the most
 * children linked.
 */
static enum haven_status build_agenda(db_conn *db, long long id, int level, long long since, const char *now)
{
	enum haven_status st;
	if (level == 2)
		return db_exec_with(
		    db,
		    "INSERT INTO mace_agenda_items (meeting_id, reason, context_id, detail)"
		    " SELECT ?1, 'most_linked', c.id,"
		    " count(*) || CASE count(*) WHEN 1 THEN ' child' ELSE ' children' END || ' linked'"
		    " FROM contexts c JOIN context_links l ON l.context_id = c.id"
		    " WHERE c.kind IN ('place', 'person') AND c.ended_at IS NULL AND l.ended_at IS NULL"
		    " GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT ?2",
		    DB_INT(id), DB_INT(AGENDA_CAP));
	st = db_exec_with(
	    db,
	    "INSERT INTO mace_agenda_items (meeting_id, reason, child_id, detail)"
	    " SELECT ?1, 'high_risk', s.child_id, 'Judged high risk on ' || s.screened_on"
	    " FROM exploitation_screenings s WHERE s.judgement = 'high'"
	    " AND s.id = (SELECT l.id FROM exploitation_screenings l WHERE l.child_id = s.child_id"
	    " ORDER BY l.screened_on DESC, l.id DESC LIMIT 1)"
	    " ORDER BY s.screened_on DESC, s.id DESC LIMIT ?2",
	    DB_INT(id), DB_INT(AGENDA_CAP));
	if (st != HAVEN_OK)
		return st;
	st = db_exec_with(db,
	                  "INSERT INTO mace_agenda_items (meeting_id, reason, child_id, detail)"
	                  " SELECT ?1, 'new_screening', s.child_id, 'Screened on ' || s.screened_on || ': '"
	                  " || s.judgement || ' risk' FROM exploitation_screenings s"
	                  " WHERE s.id IN (SELECT max(id) FROM exploitation_screenings WHERE id > ?2"
	                  " GROUP BY child_id) ORDER BY s.id DESC LIMIT ?3",
	                  DB_INT(id), DB_INT(since), DB_INT(AGENDA_CAP));
	if (st != HAVEN_OK)
		return st;
	/* The repeat-missing window starts `repeat_days` whole days (in UTC, so 86,400 s each) before now. */
	long long repeat_days = 0;
	int64_t now_utc = 0;
	st = db_integer_with(db, "SELECT repeat_days FROM missing_settings WHERE id = ?", &repeat_days,
	                     DB_INT(1)); /* the one row of settings */
	if (st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_OK; /* no rule, no repeat-missing items */
	if (st != HAVEN_OK)
		return st;
	if (!calendar_parse_instant(now, &now_utc))
		return HAVEN_ERR_DB; /* run_unit wrote it: cannot happen */
	char window_start[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(now_utc - (int64_t)repeat_days * 86400, window_start);
	return db_exec_with(
	    db,
	    "INSERT INTO mace_agenda_items (meeting_id, reason, child_id, detail)"
	    " SELECT ?1, 'repeat_missing', e.child_id, count(*) || ' missing episodes in the last '"
	    " || r.repeat_days || ' days' FROM missing_episodes e, missing_settings r"
	    " WHERE r.id = 1 AND e.child_id IS NOT NULL AND e.reported_at >= ?2"
	    " GROUP BY e.child_id, r.repeat_days, r.repeat_episodes HAVING count(*) >= r.repeat_episodes "
	    "ORDER BY count(*) DESC, e.child_id"
	    " LIMIT ?3",
	    DB_INT(id), DB_TEXT(window_start), DB_INT(AGENDA_CAP));
}

/*
 * Gives meeting `id` its agenda from the data as it stands at `now`, and
 * keeps with it the newest screening, so the next meeting of its level
 * takes as new the screenings after it.
 */
static enum haven_status set_agenda(db_conn *db, long long id, int level, const char *now)
{
	json_t *marks = NULL;
	enum haven_status st =
	    db_row_with(db,
	                "SELECT coalesce((SELECT max(last_screening_id) FROM mace_meetings"
	                " WHERE level = ?1 AND id < ?2), 0) AS since,"
	                " coalesce((SELECT max(id) FROM exploitation_screenings), 0) AS newest",
	                &marks, DB_INT(level), DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	st = db_exec_with(db, "UPDATE mace_meetings SET last_screening_id = ?2 WHERE id = ?1", DB_INT(id),
	                  DB_INT(field_of(marks, "newest")));
	if (st == HAVEN_OK)
		st = build_agenda(db, id, level, field_of(marks, "since"), now);
	json_decref(marks);
	return st;
}

static enum haven_status write_meeting(db_conn *db, void *ctx)
{
	struct mace_unit *u = ctx;
	enum haven_status st =
	    db_integer_with(db,
	                    "INSERT INTO mace_meetings (level, held_on, agency_id, user_id,"
	                    " last_screening_id, created_at) VALUES (?, ?, ?, ?, 0, ?) RETURNING id",
	                    &u->id, DB_INT(u->level), DB_TEXT(u->held_on), DB_INT(u->actor->agency_id),
	                    DB_INT(u->actor->user_id), DB_TEXT(u->now));
	if (st != HAVEN_OK)
		return st;
	if ((st = set_agenda(db, u->id, u->level, u->now)) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), u->actor, "mace.create", "mace_meeting", u->id, NULL);
}

/*
 * demo.sql's meetings, given their agendas as setting one up would, in the same unit as the demo's rows;
 * first its episodes' reporters linked to their children, as reporting one links them.
 */
static enum haven_status demo_agendas(db_conn *db, void *ctx)
{
	(void)ctx;
	enum haven_status linked = contextual_link_demo_reporters(db_tx(db));
	if (linked != HAVEN_OK)
		return linked;
	json_t *meetings = db_rows_with(db, "SELECT id, level, created_at FROM mace_meetings ORDER BY id");
	if (!meetings)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *m;
	json_array_foreach(meetings, i, m)
	{
		if ((st = set_agenda(db, field_of(m, "id"), (int)field_of(m, "level"),
		                     json_string_value(json_object_get(m, "created_at")))) != HAVEN_OK)
			break;
	}
	json_decref(meetings);
	return st;
}

enum haven_status contextual_load_demo(void)
{
	/* the screening in demo.sql names the demo tool's version */
	enum haven_status st = contextual_load_demo_tool();
	return st == HAVEN_OK ? db_load_demo_sql("demo/contextual.sql", demo_agendas, NULL) : st;
}

enum haven_status contextual_mace_add(int level, const char *held_on, const struct actor *actor,
                                      long long *id)
{
	struct mace_unit u = {.level = level, .held_on = held_on, .actor = actor};
	enum haven_status st = contextual_write_stamped(write_meeting, &u, u.now);
	*id = u.id;
	return st;
}

static enum haven_status write_attendance(db_conn *db, void *ctx)
{
	struct mace_unit *u = ctx;
	enum haven_status st = db_exec_with(
	    db,
	    "INSERT INTO mace_attendance (meeting_id, agency_id, attendance, recorded_at)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (meeting_id, agency_id)"
	    " DO UPDATE SET attendance = excluded.attendance, recorded_at = excluded.recorded_at",
	    DB_INT(u->id), DB_INT(u->agency_id), DB_TEXT(u->attendance), DB_TEXT(u->now));
	if (st != HAVEN_OK)
		return st;
	return audit_record_shown(db_tx(db), u->actor, "mace.update", "mace_meeting", u->id, "attendance",
	                          u->shown);
}

enum haven_status contextual_mace_attend(long long id, long long agency_id, const char *attendance,
                                         const struct audit_shown *shown, const struct actor *actor)
{
	struct mace_unit u = {
	    .id = id, .agency_id = agency_id, .attendance = attendance, .shown = shown, .actor = actor};
	return contextual_write_stamped(write_attendance, &u, u.now);
}

static enum haven_status write_action(db_conn *db, void *ctx)
{
	struct mace_unit *u = ctx;
	const struct mace_action *a = u->action;
	long long action_id;
	enum haven_status st = db_integer_with(
	    db,
	    "INSERT INTO mace_actions (meeting_id, decision, action, owner_agency_id, due_on, created_at,"
	    " updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7) RETURNING id",
	    &action_id, DB_INT(u->id), DB_TEXT(a->decision), DB_TEXT(a->action), DB_INT(a->owner_agency_id),
	    DB_TEXT(a->due_on), DB_TEXT(u->now), DB_INT(u->actor->user_id));
	if (st != HAVEN_OK)
		return st;
	return audit_record_shown(db_tx(db), u->actor, "mace.update", "mace_action", action_id,
	                          "action agreed", u->shown);
}

enum haven_status contextual_mace_action_add(long long id, const struct mace_action *action,
                                             const struct audit_shown *shown, const struct actor *actor)
{
	struct mace_unit u = {.id = id, .action = action, .shown = shown, .actor = actor};
	return contextual_write_stamped(write_action, &u, u.now);
}

static enum haven_status write_status(db_conn *db, void *ctx)
{
	struct mace_unit *u = ctx;
	enum haven_status st = db_exec_with(
	    db, "UPDATE mace_actions SET status = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
	    DB_INT(u->id), DB_TEXT(u->status), DB_TEXT(u->now), DB_INT(u->actor->user_id));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), u->actor, "mace.action.update", "mace_action", u->id, u->status);
}

enum haven_status contextual_mace_action_status(long long action_id, const char *status,
                                                const struct actor *actor)
{
	struct mace_unit u = {.id = action_id, .status = status, .actor = actor};
	return contextual_write_stamped(write_status, &u, u.now);
}

/* ---- reading ---- */

#define MEETING_COLUMNS                                                                                      \
	"SELECT m.id, m.level, m.held_on, m.created_at, a.name AS agency_name,"                              \
	" (SELECT count(*) FROM mace_agenda_items i WHERE i.meeting_id = m.id) AS agenda_items,"             \
	" (SELECT count(*) FROM mace_actions x WHERE x.meeting_id = m.id AND x.status = 'open')"             \
	" AS open_actions FROM mace_meetings m JOIN agencies a ON a.id = m.agency_id"

enum haven_status contextual_mace_list(bool with_level2, const struct page *page, json_t **out,
                                       long long *total)
{
	const struct paged_rows meetings = {
	    .after = DB_SQL(MEETING_COLUMNS
	                    " WHERE (m.level = 1 OR ?1 = 1) AND m.id < ?2 ORDER BY m.id DESC LIMIT ?3"),
	    .before = DB_SQL(MEETING_COLUMNS
	                     " WHERE (m.level = 1 OR ?1 = 1) AND m.id > ?2 ORDER BY m.id ASC LIMIT ?3"),
	    .count = DB_SQL("SELECT count(*) FROM (SELECT 1 FROM mace_meetings WHERE (level = 1 OR ?1 = 1) "
	                    "LIMIT ?2) AS page"),
	    .none_after = PAGE_NO_ROW_ABOVE};
	return paged_rows_read(page, &meetings, DB_VALUES(DB_INT(with_level2)), out, total);
}

enum haven_status contextual_mace_get(long long id, json_t **meeting, json_t **attendance, json_t **actions)
{
	*meeting = *attendance = *actions = NULL;
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	enum haven_status st = db_row_with(db, MEETING_COLUMNS " WHERE m.id = ?", meeting, DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	*attendance =
	    db_rows_with(db,
	                 "SELECT t.agency_id, a.name AS agency_name, t.attendance FROM mace_attendance t"
	                 " JOIN agencies a ON a.id = t.agency_id WHERE t.meeting_id = ? ORDER BY a.name",
	                 DB_INT(id));
	*actions =
	    db_rows_with(db,
	                 "SELECT x.id, x.decision, x.action, x.owner_agency_id, a.name AS owner_name,"
	                 " x.due_on, x.status, x.updated_at FROM mace_actions x"
	                 " JOIN agencies a ON a.id = x.owner_agency_id WHERE x.meeting_id = ? ORDER BY x.id",
	                 DB_INT(id));
	if (!*attendance || !*actions) {
		json_decref(*meeting);
		json_decref(*attendance);
		json_decref(*actions);
		*meeting = *attendance = *actions = NULL;
		return HAVEN_ERR_DB;
	}
	return HAVEN_OK;
}

enum haven_status contextual_mace_agenda(long long id, long long agency_id, json_t **items, long long *hidden)
{
	*items = NULL;
	*hidden = 0;
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	/* the children the agency works with (a child_links row), and the places and persons; never others */
	*items = db_rows_with(
	    db,
	    "SELECT i.id AS item_id, i.reason, i.child_id, ch.given_name, ch.family_name, NULL AS context_id,"
	    " NULL AS kind, NULL AS name, i.detail FROM mace_agenda_items i JOIN children ch ON ch.id = "
	    "i.child_id"
	    " WHERE i.meeting_id = ?1 AND EXISTS (SELECT 1 FROM child_links cl WHERE cl.child_id = i.child_id"
	    " AND cl.agency_id = ?2)"
	    " UNION ALL SELECT i.id, i.reason, NULL, NULL, NULL, c.id, c.kind, c.name, i.detail"
	    " FROM mace_agenda_items i JOIN contexts c ON c.id = i.context_id WHERE i.meeting_id = ?1"
	    /* children by name; places and persons as the agenda was built, most links first */
	    " ORDER BY 2, 5, 4, 1",
	    DB_INT(id), DB_INT(agency_id));
	if (!*items)
		return HAVEN_ERR_DB;
	*hidden = db_count(db_prepare(db, "SELECT count(DISTINCT i.child_id) FROM mace_agenda_items i"
	                                  " WHERE i.meeting_id = ?1 AND i.child_id IS NOT NULL"
	                                  " AND NOT EXISTS (SELECT 1 FROM child_links cl"
	                                  " WHERE cl.child_id = i.child_id AND cl.agency_id = ?2)"),
	                   DB_INT(id), DB_INT(agency_id));
	return *hidden < 0 ? HAVEN_ERR_DB : HAVEN_OK;
}

enum haven_status contextual_mace_action_get(long long action_id, json_t **out)
{
	return db_row_with(
	    db_reader(),
	    "SELECT x.id, x.meeting_id, m.level, x.decision, x.action, x.owner_agency_id, x.due_on,"
	    " x.status FROM mace_actions x JOIN mace_meetings m ON m.id = x.meeting_id"
	    " WHERE x.id = ?",
	    out, DB_INT(action_id));
}

enum haven_status contextual_mace_agencies(json_t **out)
{
	return db_read_rows(out, "SELECT id, name, type FROM agencies WHERE type <> 'partnership'"
	                         " ORDER BY name, id");
}

enum haven_status contextual_mace_actions_due(long long agency_id, bool with_level2, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT x.id, x.meeting_id, x.due_on FROM mace_actions x"
	                    " JOIN mace_meetings m ON m.id = x.meeting_id WHERE x.owner_agency_id = ?1"
	                    " AND x.status = 'open' AND (m.level = 1 OR ?2 = 1) ORDER BY x.due_on, x.id"
	                    " LIMIT 200",
	                    DB_INT(agency_id), DB_INT(with_level2));
}
