/*
 * missing_sqlite.c (contextual) — the SQLite queries behind store.h for
 * missing episodes, their returns and return home interviews.
 *
 * Who is related to an episode: the police force that reported it, and the
 * local authority of the child's home (which is told of every episode by
 * it appearing in its list and on its people's task lists). Each change is
 * one db_write unit holding the change and its audit row.
 */
#include "areas/contextual/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "areas/calendar/london.h"
#include "areas/children/match.h"
#include "auth/audit.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "store/db.h"

/* The agency's own episodes: those it reported, and its area's children's if it is a local authority. */
#define VISIBLE_TO_AGENCY(AGENCY)                                                                            \
	"(e.reported_by_agency_id = " AGENCY " OR e.la_code = (SELECT la_code FROM agencies"                 \
	" WHERE id = " AGENCY " AND type = 'local_authority'))"

static const char related_episode[] =
    "SELECT 1 FROM missing_episodes e WHERE e.id = :id AND " VISIBLE_TO_AGENCY(":agency");
DB_REGISTER(related_episode);
static const char children_of_episode[] =
    "SELECT child_id FROM missing_episodes WHERE id = :id AND child_id IS NOT NULL";
DB_REGISTER(children_of_episode);

/* screening_sqlite.c's and nrm_sqlite.c's, so the area's record types are listed in one place */
extern const char contextual_screening_related[], contextual_screening_children[];
extern const char contextual_nrm_related[], contextual_nrm_children[];
extern const char contextual_mace_related[], contextual_mace_action_related[];

const struct record_type contextual_records[] = {
    {.name = "missing_episode", .related = related_episode, .children = children_of_episode},
    {.name = "exploitation_screening",
     .related = contextual_screening_related,
     .children = contextual_screening_children},
    {.name = "nrm_referral", .related = contextual_nrm_related, .children = contextual_nrm_children},
    /* nobody is related to a context: the roles that may see one see every one (area.c); the children
     * its page shows are those the viewer's agency works with, and the handler reports them */
    {.name = "context"},
    {.name = "person_of_concern"},
    /* a meeting's and an action's children are those its page shows the viewer: the handler reports them */
    {.name = "mace_meeting", .related = contextual_mace_related},
    {.name = "mace_action", .related = contextual_mace_action_related},
    {0},
};

/* ---- reading ---- */

enum haven_status contextual_la_codes(long long **codes, size_t *count)
{
	*codes = NULL;
	*count = 0;
	sqlite3 *db = db_reader();
	sqlite3_stmt *st = db ? db_prepare(db, "SELECT code FROM local_authorities ORDER BY code") : NULL;
	if (!st)
		return HAVEN_ERR_DB;
	size_t n = 0, cap = 16;
	long long *out = xmalloc(cap * sizeof *out);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap)
			out = xrealloc(out, (cap *= 2) * sizeof *out);
		out[n++] = sqlite3_column_int64(st, 0);
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		free(out);
		return HAVEN_ERR_DB;
	}
	*codes = out;
	*count = n;
	return HAVEN_OK;
}

enum haven_status contextual_areas(json_t **out)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *st =
	    db ? db_prepare(db, "SELECT code, name FROM local_authorities ORDER BY name") : NULL;
	*out = st ? db_rows(st) : NULL;
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}

enum haven_status contextual_known_hash(const char *reference, char hash[65])
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *st =
	    db ? db_prepare(db, "SELECT content_hash FROM missing_episodes WHERE police_reference = ?")
	       : NULL;
	if (!st)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(st, 1, reference, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(hash, 65, "%s", (const char *)sqlite3_column_text(st, 0));
	db_done(st);
	return rc == SQLITE_ROW ? HAVEN_OK : rc == SQLITE_DONE ? HAVEN_ERR_NOT_FOUND : HAVEN_ERR_DB;
}

#define LIST_COLUMNS                                                                                         \
	"SELECT e.id, e.police_reference, e.reported_at, e.returned_at, e.risk_grading, e.missing_from,"     \
	" la.name AS la_name, e.interview_offered_at, e.interview_response, e.interview_completed_at"        \
	" FROM missing_episodes e JOIN local_authorities la ON la.code = e.la_code"

enum haven_status contextual_episodes_list(long long agency_id, const struct page *page, json_t **out,
                                           long long *total)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	sqlite3_stmt *st =
	    page_backward(page)
	        ? db_prepare(db, LIST_COLUMNS
	                     " WHERE " VISIBLE_TO_AGENCY("?1") " AND e.id > ?2 ORDER BY e.id ASC LIMIT ?3")
	        : db_prepare(db, LIST_COLUMNS
	                     " WHERE " VISIBLE_TO_AGENCY("?1") " AND e.id < ?2 ORDER BY e.id DESC LIMIT ?3");
	if (!st)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(st, 1, agency_id);
	sqlite3_bind_int64(st, 2, page_cursor(page, PAGE_NO_ROW_ABOVE));
	sqlite3_bind_int64(st, 3, page_fetch(page));
	*out = db_rows(st);
	if (!*out)
		return HAVEN_ERR_DB;
	sqlite3_stmt *count =
	    db_prepare(db, "SELECT count(*) FROM (SELECT 1 FROM missing_episodes e WHERE " VISIBLE_TO_AGENCY(
	                       "?1") " LIMIT ?2)");
	if (!count)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(count, 1, agency_id);
	sqlite3_bind_int64(count, 2, PAGE_COUNT_CAP + 1);
	*total = sqlite3_step(count) == SQLITE_ROW ? sqlite3_column_int64(count, 0) : -1;
	db_done(count);
	return HAVEN_OK;
}

enum haven_status contextual_episode_get(long long id, json_t **out)
{
	*out = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *st =
	    db ? db_prepare(db, "SELECT e.id, e.police_reference, e.source, e.given_name, e.family_name,"
	                        " e.date_of_birth, e.la_code, la.name AS la_name, e.child_id, e.match_note,"
	                        " e.reported_at, e.risk_grading, e.missing_from, e.placing_authority,"
	                        " e.returned_at, e.found_where, e.safe_and_well_check, e.created_at,"
	                        " a.name AS reported_by, e.interview_offered_at, e.interview_response,"
	                        " e.interview_completed_at, e.interview_by, e.push_factors, e.pull_factors,"
	                        " e.harm_while_missing, e.exploitation_indicators, e.interview_actions"
	                        " FROM missing_episodes e JOIN local_authorities la ON la.code = e.la_code"
	                        " LEFT JOIN agencies a ON a.id = e.reported_by_agency_id WHERE e.id = ?")
	       : NULL;
	if (!st)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	json_t *e = NULL;
	enum haven_status status = db_row(st, &e);
	if (status != HAVEN_OK)
		return status;
	json_t *times = json_array();
	json_t *child = json_object_get(e, "child_id");
	if (json_is_integer(child)) {
		sqlite3_stmt *h = db_prepare(db, "SELECT reported_at FROM missing_episodes WHERE child_id = ?"
		                                 " ORDER BY reported_at");
		if (!h) {
			json_decref(e);
			json_decref(times);
			return HAVEN_ERR_DB;
		}
		sqlite3_bind_int64(h, 1, json_integer_value(child));
		while (sqlite3_step(h) == SQLITE_ROW)
			json_array_append_new(times, json_string((const char *)sqlite3_column_text(h, 0)));
		db_done(h);
	}
	json_object_set_new(e, "child_reported", times);
	*out = e;
	return HAVEN_OK;
}

enum haven_status contextual_repeat_rule(int *episodes, int *days)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *st =
	    db ? db_prepare(db, "SELECT repeat_episodes, repeat_days FROM missing_settings WHERE id = 1")
	       : NULL;
	if (!st)
		return HAVEN_ERR_DB;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*episodes = sqlite3_column_int(st, 0);
		*days = sqlite3_column_int(st, 1);
	}
	db_done(st);
	return rc == SQLITE_ROW ? HAVEN_OK : HAVEN_ERR_DB;
}

enum haven_status contextual_figure_rows(const char *from, const char *to, json_t **rows, json_t **history)
{
	*rows = *history = NULL;
	sqlite3 *db = db_reader();
	sqlite3_stmt *st =
	    db ? db_prepare(db,
	                    "SELECT e.id, la.name AS la_name, e.reported_at, e.returned_at, e.child_id,"
	                    " e.interview_offered_at, e.interview_completed_at"
	                    " FROM missing_episodes e JOIN local_authorities la ON la.code = e.la_code"
	                    " WHERE e.reported_at >= ? AND e.reported_at < ? ORDER BY la.name, e.reported_at")
	       : NULL;
	if (!st)
		return HAVEN_ERR_DB;
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	*rows = db_rows(st);
	st = *rows ? db_prepare(db, "SELECT child_id, reported_at FROM missing_episodes WHERE child_id IN"
	                            " (SELECT child_id FROM missing_episodes WHERE reported_at >= ?"
	                            "  AND reported_at < ? AND child_id IS NOT NULL)")
	           : NULL;
	if (!st) {
		json_decref(*rows);
		*rows = NULL;
		return HAVEN_ERR_DB;
	}
	sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	*history = db_rows(st);
	if (!*history) {
		json_decref(*rows);
		*rows = NULL;
		return HAVEN_ERR_DB;
	}
	return HAVEN_OK;
}

enum haven_status contextual_interviews_waiting(long long agency_id, json_t **out)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *st =
	    db ? db_prepare(db,
	                    "SELECT e.id, e.returned_at, e.interview_offered_at FROM missing_episodes e"
	                    " WHERE e.la_code = (SELECT la_code FROM agencies WHERE id = ?"
	                    "  AND type = 'local_authority') AND e.returned_at IS NOT NULL"
	                    " AND e.interview_completed_at IS NULL AND e.interview_response IS NOT 'declined'"
	                    " ORDER BY e.returned_at LIMIT 500")
	       : NULL;
	if (!st)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(st, 1, agency_id);
	*out = db_rows(st);
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}

enum haven_status contextual_child_episodes(long long child_id, json_t **out)
{
	sqlite3 *db = db_reader();
	sqlite3_stmt *st = db ? db_prepare(db, "SELECT id, reported_at, returned_at, risk_grading,"
	                                       " interview_completed_at FROM missing_episodes"
	                                       " WHERE child_id = ? ORDER BY reported_at")
	                      : NULL;
	if (!st)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(st, 1, child_id);
	*out = db_rows(st);
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}

/* ---- saving episodes ---- */

struct save_unit {
	const json_t *episodes;
	bool batch;
	const char *source;
	const struct actor *actor;
	json_t *results, *conflicts;
	char now[CALENDAR_INSTANT_SIZE];
};

/*
 * The register child for the police's details: one certain match, or no
 * certain and one likely; no candidate: a new register record; several:
 * none (0), with *note saying why.
 */
static enum haven_status match_child(struct store_tx *tx, const json_t *e, long long user_id,
                                     long long *child_id, const char **note)
{
	*child_id = 0;
	*note = NULL;
	struct child_identity who = {.given_name = json_string_value(json_object_get(e, "given_name")),
	                             .family_name = json_string_value(json_object_get(e, "family_name")),
	                             .date_of_birth = json_string_value(json_object_get(e, "date_of_birth")),
	                             .la_code = (int)json_integer_value(json_object_get(e, "la_code"))};
	json_t *found = NULL;
	enum haven_status st = children_likely_matches(tx, &who, &found);
	if (st != HAVEN_OK)
		return st;
	size_t certain = 0, likely = 0, i;
	long long certain_id = 0, likely_id = 0;
	json_t *c;
	json_array_foreach(found, i, c)
	{
		const char *strength = json_string_value(json_object_get(c, "strength"));
		long long id = json_integer_value(json_object_get(c, "id"));
		if (strength && strcmp(strength, "certain") == 0)
			certain++, certain_id = id;
		else if (strength && strcmp(strength, "likely") == 0)
			likely++, likely_id = id;
	}
	size_t candidates = json_array_size(found);
	json_decref(found);
	if (certain == 1) {
		*child_id = certain_id;
	} else if (certain == 0 && likely == 1) {
		*child_id = likely_id;
	} else if (candidates == 0) {
		st = children_insert(tx, &who, user_id, child_id);
		if (st == HAVEN_OK)
			*note =
			    "Added to the children register: no child on it matched the police's details.";
	} else {
		*note = "Several children on the register could be this child: the local authority should "
		        "confirm who it is.";
	}
	if (st == HAVEN_OK && *child_id)
		st = children_link_local_authority(tx, *child_id);
	return st;
}

static void bind_text_or_null(sqlite3_stmt *st, int index, const json_t *v)
{
	if (json_is_string(v))
		sqlite3_bind_text(st, index, json_string_value(v), -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, index);
}

static enum haven_status insert_episode(sqlite3 *db, struct save_unit *u, const json_t *e, long long *id,
                                        bool *matched)
{
	long long child_id = 0;
	const char *note = NULL;
	enum haven_status st = match_child(db_tx(db), e, u->actor->user_id, &child_id, &note);
	if (st != HAVEN_OK)
		return st;
	sqlite3_stmt *ins = db_prepare(
	    db, "INSERT INTO missing_episodes (police_reference, content_hash, source, reported_by_agency_id,"
	        " reported_by_user_id, given_name, family_name, date_of_birth, la_code, child_id, match_note,"
	        " reported_at, risk_grading, missing_from, placing_authority, returned_at, found_where,"
	        " safe_and_well_check, created_at)"
	        " VALUES (?1, ?2, ?3, NULLIF(?4, 0), NULLIF(?5, 0), ?6, ?7, ?8, ?9, NULLIF(?10, 0), ?11, ?12,"
	        " ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
	if (!ins)
		return HAVEN_ERR_DB;
	static const char *const texts[] = {"police_reference", "content_hash"};
	for (int i = 0; i < 2; i++)
		bind_text_or_null(ins, i + 1, json_object_get(e, texts[i]));
	sqlite3_bind_text(ins, 3, u->source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 4, u->actor->agency_id);
	sqlite3_bind_int64(ins, 5, u->actor->user_id);
	bind_text_or_null(ins, 6, json_object_get(e, "given_name"));
	bind_text_or_null(ins, 7, json_object_get(e, "family_name"));
	bind_text_or_null(ins, 8, json_object_get(e, "date_of_birth"));
	sqlite3_bind_int64(ins, 9, json_integer_value(json_object_get(e, "la_code")));
	sqlite3_bind_int64(ins, 10, child_id);
	if (note)
		sqlite3_bind_text(ins, 11, note, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(ins, 11);
	static const char *const rest[] = {"reported_at",       "risk_grading", "missing_from",
	                                   "placing_authority", "returned_at",  "found_where"};
	for (int i = 0; i < 6; i++)
		bind_text_or_null(ins, 12 + i, json_object_get(e, rest[i]));
	const json_t *sw = json_object_get(e, "safe_and_well_check");
	if (json_is_boolean(sw))
		sqlite3_bind_int(ins, 18, json_is_true(sw));
	else
		sqlite3_bind_null(ins, 18);
	sqlite3_bind_text(ins, 19, u->now, -1, SQLITE_STATIC);
	st = db_exec_stmt(ins);
	if (st != HAVEN_OK)
		return st;
	*id = sqlite3_last_insert_rowid(db);
	*matched = child_id != 0;
	return audit_record(db_tx(db), u->actor, "missing.create", "missing_episode", *id, NULL);
}

static enum haven_status write_episodes(sqlite3 *db, void *ctx)
{
	struct save_unit *u = ctx;
	sqlite3_stmt *known = db_prepare(
	    db,
	    "SELECT id, content_hash, child_id IS NOT NULL FROM missing_episodes WHERE police_reference = ?");
	if (!known)
		return HAVEN_ERR_DB;
	size_t i;
	json_t *e;
	json_array_foreach(u->episodes, i, e)
	{
		const char *ref = json_string_value(json_object_get(e, "police_reference"));
		sqlite3_bind_text(known, 1, ref, -1, SQLITE_TRANSIENT);
		int rc = sqlite3_step(known);
		long long id = 0;
		bool same = false, matched = false;
		if (rc == SQLITE_ROW) {
			id = sqlite3_column_int64(known, 0);
			same = strcmp((const char *)sqlite3_column_text(known, 1),
			              json_string_value(json_object_get(e, "content_hash"))) == 0;
			matched = sqlite3_column_int(known, 2) != 0;
		}
		db_done(known);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return HAVEN_ERR_DB;
		const char *status = "unchanged";
		if (rc == SQLITE_ROW && !same) {
			char field[64] = "police_reference", message[300];
			if (u->batch)
				snprintf(field, sizeof field, "episodes[%zu].police_reference", i);
			snprintf(
			    message, sizeof message,
			    "A missing episode with the police reference %s was already received with other "
			    "details; a resend cannot change it (record the return at its own address)",
			    ref);
			json_array_append_new(u->conflicts,
			                      json_pack("{s:s, s:s}", "field", field, "message", message));
			continue;
		}
		if (rc == SQLITE_DONE) {
			enum haven_status st = insert_episode(db, u, e, &id, &matched);
			if (st != HAVEN_OK)
				return st;
			status = "created";
		}
		json_array_append_new(u->results,
		                      json_pack("{s:I, s:s, s:I, s:s, s:b}", "index", (json_int_t)i,
		                                "police_reference", ref, "id", (json_int_t)id, "status",
		                                status, "child_matched", matched));
	}
	/* a conflict anywhere saves nothing: undo this unit's inserts */
	return json_array_size(u->conflicts) ? HAVEN_ERR_CONFLICT : HAVEN_OK;
}

enum haven_status contextual_save_episodes(const json_t *episodes, bool batch, const char *source,
                                           const struct actor *actor, json_t **results, json_t *conflicts)
{
	struct save_unit u = {.episodes = episodes,
	                      .batch = batch,
	                      .source = source,
	                      .actor = actor,
	                      .results = json_array(),
	                      .conflicts = json_array()};
	calendar_format_instant((int64_t)time(NULL), u.now);
	enum haven_status st = db_write(write_episodes, &u);
	if (st == HAVEN_ERR_CONFLICT) {
		json_array_extend(conflicts, u.conflicts);
		json_decref(u.results);
		u.results = NULL;
	}
	json_decref(u.conflicts);
	*results = st == HAVEN_OK ? u.results : NULL;
	if (st != HAVEN_OK)
		json_decref(u.results);
	return st;
}

/* ---- the return and the interview ---- */

struct return_unit {
	long long id;
	const struct missing_return *r;
	const struct actor *actor;
};

static enum haven_status write_return(sqlite3 *db, void *ctx)
{
	struct return_unit *u = ctx;
	sqlite3_stmt *st = db_prepare(db, "UPDATE missing_episodes SET returned_at = ?2, found_where = ?3,"
	                                  " safe_and_well_check = ?4 WHERE id = ?1 AND returned_at IS NULL");
	if (!st)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(st, 1, u->id);
	sqlite3_bind_text(st, 2, u->r->returned_at, -1, SQLITE_STATIC);
	if (u->r->found_where)
		sqlite3_bind_text(st, 3, u->r->found_where, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 3);
	if (u->r->safe_and_well_check >= 0)
		sqlite3_bind_int(st, 4, u->r->safe_and_well_check);
	else
		sqlite3_bind_null(st, 4);
	enum haven_status status = db_exec_stmt(st);
	if (status != HAVEN_OK)
		return status;
	if (sqlite3_changes(db) == 0)
		return HAVEN_ERR_CONFLICT;
	return audit_record(db_tx(db), u->actor, "missing.return", "missing_episode", u->id, NULL);
}

enum haven_status contextual_record_return(long long id, const struct missing_return *r,
                                           const struct actor *actor)
{
	struct return_unit u = {id, r, actor};
	return db_write(write_return, &u);
}

struct interview_unit {
	long long id;
	const struct missing_interview *in;
	const struct actor *actor;
};

static enum haven_status write_interview(sqlite3 *db, void *ctx)
{
	struct interview_unit u = *(struct interview_unit *)ctx;
	/* once completed, an interview is a record of what was said: it is not rewritten */
	sqlite3_stmt *st = db_prepare(
	    db, "UPDATE missing_episodes SET interview_offered_at = ?2, interview_response = ?3,"
	        " interview_completed_at = ?4, interview_by = ?5, push_factors = ?6, pull_factors = ?7,"
	        " harm_while_missing = ?8, exploitation_indicators = ?9, interview_actions = ?10,"
	        " interview_recorded_by = ?11"
	        " WHERE id = ?1 AND returned_at IS NOT NULL AND interview_completed_at IS NULL");
	if (!st)
		return HAVEN_ERR_DB;
	sqlite3_bind_int64(st, 1, u.id);
	const char *values[] = {
	    u.in->offered_at,   u.in->response,     u.in->completed_at,       u.in->interviewer,
	    u.in->push_factors, u.in->pull_factors, u.in->harm_while_missing, u.in->exploitation_indicators,
	    u.in->actions};
	for (int i = 0; i < 9; i++) {
		if (values[i])
			sqlite3_bind_text(st, i + 2, values[i], -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, i + 2);
	}
	sqlite3_bind_int64(st, 11, u.actor->user_id);
	enum haven_status status = db_exec_stmt(st);
	if (status != HAVEN_OK)
		return status;
	if (sqlite3_changes(db) == 0)
		return HAVEN_ERR_CONFLICT;
	return audit_record(db_tx(db), u.actor, "missing.interview", "missing_episode", u.id, NULL);
}

enum haven_status contextual_record_interview(long long id, const struct missing_interview *in,
                                              const struct actor *actor)
{
	struct interview_unit u = {id, in, actor};
	return db_write(write_interview, &u);
}

struct rule_unit {
	int episodes, days;
	const struct actor *actor;
};

static enum haven_status write_rule(sqlite3 *db, void *ctx)
{
	struct rule_unit *u = ctx;
	sqlite3_stmt *st =
	    db_prepare(db, "UPDATE missing_settings SET repeat_episodes = ?, repeat_days = ? WHERE id = 1");
	if (!st)
		return HAVEN_ERR_DB;
	sqlite3_bind_int(st, 1, u->episodes);
	sqlite3_bind_int(st, 2, u->days);
	enum haven_status status = db_exec_stmt(st);
	if (status != HAVEN_OK)
		return status;
	char reason[80];
	snprintf(reason, sizeof reason, "%d episodes in %d days", u->episodes, u->days);
	return audit_record(db_tx(db), u->actor, "missing.settings", NULL, 0, reason);
}

enum haven_status contextual_set_repeat_rule(int episodes, int days, const struct actor *actor)
{
	struct rule_unit u = {episodes, days, actor};
	return db_write(write_rule, &u);
}
