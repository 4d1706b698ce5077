/*
 * missing_sqlite.c (contextual) — the SQLite queries behind store.h for
 * missing episodes, their returns and return home interviews.
 *
 * Who is related to an episode: the police force that reported it, and the
 * local authority of the child's home (which is told of every episode by
 * it appearing in its list and on its people's task lists). Each change is
 * one db_write unit holding the change and its audit row. The force that
 * reports a child on the register missing works with the child from then
 * on (it leads the search and, on the return, the safe and well check; a
 * child abduction warning notice it serves protects that child): the same
 * unit links it to the child as an agency that raised a concern, when the
 * report matches the child certainly or adds them (enum episode_match says
 * why not on a likely match). A child missing from care placed by another of
 * the partnership's authorities (placing_la_code): that authority sees the
 * episode, its people are given a task until it is recorded as told, and,
 * matched as the force is, it is linked to the child as a local authority.
 */
#include "areas/contextual/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/paged_rows_sqlite.h"
#include "areas/calendar/london.h"
#include "areas/children/match.h"
#include "areas/contextual/shared_sqlite.h"
#include "auth/audit.h"
#include "core/alloc.h"
#include "router/errors.h"
#include "store/changed_row_sqlite.h"
#include "store/column_list_sqlite.h"
#include "store/db.h"

/* The agency's own episodes: those it reported, and its area's children's if it is a local authority, and
 * those of the children it placed (placing_la_code: it must be told and may need to act). */
#define VISIBLE_TO_AGENCY(AGENCY)                                                                            \
	"(e.reported_by_agency_id = " AGENCY " OR e.la_code = (SELECT la_code FROM agencies"                 \
	" WHERE id = " AGENCY " AND type = 'local_authority') OR e.placing_la_code = (SELECT la_code"        \
	" FROM agencies WHERE id = " AGENCY " AND type = 'local_authority'))"

static const char related_episode[] =
    "SELECT 1 FROM missing_episodes e WHERE e.id = :id AND " VISIBLE_TO_AGENCY(":agency");
DB_REGISTER(related_episode);
static RECORD_CHILDREN(children_of_episode,
                       "SELECT child_id FROM missing_episodes WHERE id = :id AND child_id IS NOT NULL");

/* screening_sqlite.c's and nrm_sqlite.c's, so the area's record types are listed in one place */
extern const char contextual_screening_related[], contextual_screening_children[],
    contextual_screening_children_insert[];
extern const char contextual_nrm_related[], contextual_nrm_children[], contextual_nrm_children_insert[],
    contextual_nrm_referrer_related[];
extern const char contextual_mace_related[], contextual_mace_action_related[];
extern const char contextual_context_related[];

const struct record_type contextual_records[] = {
    {.name = "missing_episode", .related = related_episode, RECORD_CHILDREN_OF(children_of_episode)},
    {.name = "exploitation_screening",
     .related = contextual_screening_related,
     RECORD_CHILDREN_OF(contextual_screening_children)},
    {.name = "nrm_referral", .related = contextual_nrm_related, RECORD_CHILDREN_OF(contextual_nrm_children)},
    /* a referral's decisions are the referring agency's (the one that recorded it), while linked to the
     * child: only it records or corrects them; its children are the referral's */
    {.name = "nrm_referral_referrer",
     .related = contextual_nrm_referrer_related,
     .children_as = "nrm_referral"},
    /* a place or group is related to the agency that recorded it (who may correct, end or reopen it); the
     * roles that may see one see every one (area.c); the children its page shows are those the viewer's
     * agency works with, and the handler reports them */
    {.name = "context", .related = contextual_context_related},
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
	/* stepped by hand: the codes fill a C array, read for every police notification received */
	db_stmt *st = db_prepare(db_reader(), "SELECT code FROM local_authorities ORDER BY code");
	if (!st)
		return HAVEN_ERR_DB;
	size_t n = 0, cap = 16;
	long long *out = xmalloc(cap * sizeof *out);
	enum db_step step;
	while ((step = db_step(st)) == DB_STEP_ROW) {
		if (n == cap)
			out = xrealloc(out, (cap *= 2) * sizeof *out);
		out[n++] = db_column_int(st, 0);
	}
	db_done(st);
	if (step != DB_STEP_DONE) {
		free(out);
		return HAVEN_ERR_DB;
	}
	*codes = out;
	*count = n;
	return HAVEN_OK;
}

enum haven_status contextual_areas(json_t **out)
{
	return db_read_rows(out, "SELECT code, name FROM local_authorities ORDER BY name");
}

#define LIST_COLUMNS                                                                                         \
	"SELECT e.id, e.police_reference, e.reported_at, e.returned_at, e.risk_grading, e.missing_from,"     \
	" la.name AS la_name, e.interview_offered_at, e.interview_response, e.interview_completed_at,"       \
	" e.placing_authority, e.placing_la_code, e.placing_authority_told_on"                               \
	" FROM missing_episodes e JOIN local_authorities la ON la.code = e.la_code"

enum haven_status contextual_episodes_list(long long agency_id, const struct page *page, json_t **out,
                                           long long *total)
{
	const struct paged_rows episodes = {
	    .after = DB_SQL(LIST_COLUMNS
	                    " WHERE " VISIBLE_TO_AGENCY("?1") " AND e.id < ?2 ORDER BY e.id DESC LIMIT ?3"),
	    .before = DB_SQL(LIST_COLUMNS
	                     " WHERE " VISIBLE_TO_AGENCY("?1") " AND e.id > ?2 ORDER BY e.id ASC LIMIT ?3"),
	    .count = DB_SQL("SELECT count(*) FROM (SELECT 1 FROM missing_episodes e WHERE " VISIBLE_TO_AGENCY(
	        "?1") " LIMIT ?2) AS page"),
	    .none_after = PAGE_NO_ROW_ABOVE};
	return paged_rows_read(page, &episodes, DB_VALUES(DB_INT(agency_id)), out, total);
}

enum haven_status contextual_episode_get(long long id, json_t **out)
{
	*out = NULL;
	db_conn *db = db_reader();
	json_t *e = NULL;
	enum haven_status status =
	    db_row_with(db,
	                "SELECT e.id, e.police_reference, e.source, e.given_name, e.family_name,"
	                " e.date_of_birth, e.la_code, la.name AS la_name, e.child_id, e.match_note,"
	                " e.reported_at, e.risk_grading, e.missing_from, e.placing_authority,"
	                " e.returned_at, e.found_where, e.safe_and_well_check, e.created_at,"
	                " a.name AS reported_by, e.interview_offered_at, e.interview_response,"
	                " e.interview_completed_at, e.interview_by, e.push_factors, e.pull_factors,"
	                " e.harm_while_missing, e.exploitation_indicators, e.interview_actions,"
	                " e.placing_la_code, pla.name AS placing_la_name, e.placing_authority_told_on,"
	                " e.placing_authority_told_by"
	                " FROM missing_episodes e JOIN local_authorities la ON la.code = e.la_code"
	                " LEFT JOIN local_authorities pla ON pla.code = e.placing_la_code"
	                " LEFT JOIN agencies a ON a.id = e.reported_by_agency_id WHERE e.id = ?",
	                &e, DB_INT(id));
	if (status != HAVEN_OK)
		return status;
	json_t *child = json_object_get(e, "child_id");
	json_t *times = json_is_integer(child) ? column_list_with(db,
	                                                          "SELECT reported_at FROM missing_episodes"
	                                                          " WHERE child_id = ? ORDER BY reported_at",
	                                                          DB_INT(json_integer_value(child)))
	                                       : json_array();
	if (!times) {
		json_decref(e);
		return HAVEN_ERR_DB;
	}
	json_object_set_new(e, "child_reported", times);
	*out = e;
	return HAVEN_OK;
}

enum haven_status contextual_repeat_rule(int *episodes, int *days)
{
	json_t *rule = NULL;
	enum haven_status st = db_row(
	    db_prepare(db_reader(), "SELECT repeat_episodes, repeat_days FROM missing_settings WHERE id = 1"),
	    &rule);
	if (st == HAVEN_OK) {
		*episodes = (int)json_integer_value(json_object_get(rule, "repeat_episodes"));
		*days = (int)json_integer_value(json_object_get(rule, "repeat_days"));
	}
	json_decref(rule);
	/* the settings row is made by a migration: its absence is a broken store */
	return st == HAVEN_OK ? HAVEN_OK : HAVEN_ERR_DB;
}

enum haven_status contextual_figure_rows(long long force_id, const char *from, const char *to, json_t **rows,
                                         json_t **history)
{
	*rows = *history = NULL;
	db_conn *db = db_reader();
	*rows = db_rows_with(db,
	                     "SELECT e.id, la.name AS la_name, e.reported_at, e.returned_at, e.child_id,"
	                     " e.interview_offered_at, e.interview_completed_at,"
	                     " (e.placing_authority IS NOT NULL OR e.placing_la_code IS NOT NULL)"
	                     " AND e.placing_authority_told_on IS NULL AS placing_not_told"
	                     " FROM missing_episodes e JOIN local_authorities la ON la.code = e.la_code"
	                     " WHERE e.reported_at >= ?1 AND e.reported_at < ?2"
	                     " AND (?3 = 0 OR e.reported_by_agency_id = ?3) ORDER BY la.name, e.reported_at",
	                     DB_TEXT(from), DB_TEXT(to), DB_INT(force_id));
	*history = *rows ? db_rows_with(db,
	                                "SELECT child_id, reported_at FROM missing_episodes"
	                                " WHERE (?3 = 0 OR reported_by_agency_id = ?3) AND child_id IN"
	                                " (SELECT child_id FROM missing_episodes WHERE reported_at >= ?1"
	                                "  AND reported_at < ?2 AND child_id IS NOT NULL"
	                                "  AND (?3 = 0 OR reported_by_agency_id = ?3))",
	                                DB_TEXT(from), DB_TEXT(to), DB_INT(force_id))
	                 : NULL;
	if (!*history) {
		json_decref(*rows);
		*rows = NULL;
		return HAVEN_ERR_DB;
	}
	return HAVEN_OK;
}

enum haven_status contextual_interviews_waiting(long long agency_id, json_t **out)
{
	return db_read_rows(
	    out,
	    "SELECT e.id, e.returned_at, e.interview_offered_at FROM missing_episodes e"
	    " WHERE e.la_code = (SELECT la_code FROM agencies WHERE id = ?"
	    "  AND type = 'local_authority') AND e.returned_at IS NOT NULL"
	    " AND e.interview_completed_at IS NULL AND e.interview_response IS DISTINCT FROM 'declined'"
	    " ORDER BY e.returned_at LIMIT 500",
	    DB_INT(agency_id));
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
 * How match_child found an episode's child. Only a certain match (the children area's rule: the same NHS
 * number or UPN and date of birth) or a record the report itself added links the reporting force: a likely
 * one (the same date of birth, a similar name) is what anyone could type, and the children area makes a
 * user who takes such a record say why (a reason, "child.link"), so a report names the child but gives the
 * force no record.
 */
enum episode_match {
	EPISODE_UNMATCHED,
	EPISODE_MATCHED_LIKELY,
	EPISODE_MATCHED_CERTAIN,
	EPISODE_CHILD_ADDED
};

/*
 * The register child for the police's details: one certain match, or no
 * certain and one likely; no candidate: a new register record; several:
 * none (0), with *note saying why. *kind says which.
 */
static enum haven_status match_child(struct store_tx *tx, const json_t *e, long long user_id,
                                     long long *child_id, enum episode_match *kind, const char **note)
{
	*child_id = 0;
	*kind = EPISODE_UNMATCHED;
	*note = NULL;
	struct child_identity who = {.given_name = json_string_value(json_object_get(e, "given_name")),
	                             .family_name = json_string_value(json_object_get(e, "family_name")),
	                             .date_of_birth = json_string_value(json_object_get(e, "date_of_birth")),
	                             .la_code = (int)json_integer_value(json_object_get(e, "la_code"))};
	json_t *found = NULL;
	enum haven_status st = children_likely_matches(tx, &who, &found);
	if (st != HAVEN_OK)
		return st;
	struct children_match_tally tally = children_tally_matches(found, "id");
	size_t candidates = json_array_size(found);
	json_decref(found);
	if (tally.chosen) {
		*child_id = tally.chosen;
		*kind = tally.certain == 1 ? EPISODE_MATCHED_CERTAIN : EPISODE_MATCHED_LIKELY;
	} else if (candidates == 0) {
		st = children_insert(tx, &who, user_id, child_id);
		if (st == HAVEN_OK) {
			*kind = EPISODE_CHILD_ADDED;
			*note =
			    "Added to the children register: no child on it matched the police's details.";
		}
	} else {
		*note = "Several children on the register could be this child: the local authority should "
		        "confirm who it is.";
	}
	if (st == HAVEN_OK && *child_id)
		st = children_link_local_authority(tx, *child_id);
	return st;
}

/*
 * Links the force (agency `agency_id`) that reported child `child_id` missing to the child, through the
 * children area's own link function, in the caller's unit (the top of this file says why).
 */
static enum haven_status link_reporter(struct store_tx *tx, long long child_id, long long agency_id)
{
	return children_link(tx, child_id, agency_id, "raised_concern");
}

/*
 * Links the local authority agencies of area `la_code` (the placing authority) to child `child_id` through
 * the children area's link function, as the child's own area is (children_link_local_authority).
 */
static enum haven_status link_placing_authority(db_conn *db, long long child_id, long long la_code)
{
	json_t *agencies = column_list_with(
	    db, "SELECT id FROM agencies WHERE type = 'local_authority' AND la_code = ?", DB_INT(la_code));
	if (!agencies)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *a;
	json_array_foreach(agencies, i, a)
	{
		if (st == HAVEN_OK)
			st = children_link(db_tx(db), child_id, json_integer_value(a), "local_authority");
	}
	json_decref(agencies);
	return st;
}

static enum haven_status insert_episode(db_conn *db, struct save_unit *u, const json_t *e, long long *id,
                                        bool *matched)
{
	long long child_id = 0;
	enum episode_match kind;
	const char *note = NULL;
	enum haven_status st = match_child(db_tx(db), e, u->actor->user_id, &child_id, &kind, &note);
	if (st != HAVEN_OK)
		return st;
	const json_t *sw = json_object_get(e, "safe_and_well_check");
	/* the episode's texts are bound from `e`, which outlives the statement */
	st = db_integer_with(
	    db,
	    "INSERT INTO missing_episodes (police_reference, content_hash, source, reported_by_agency_id,"
	    " reported_by_user_id, given_name, family_name, date_of_birth, la_code, child_id, match_note,"
	    " reported_at, risk_grading, missing_from, placing_authority, returned_at, found_where,"
	    " safe_and_well_check, created_at, placing_la_code)"
	    " VALUES (?1, ?2, ?3, NULLIF(?4, 0), NULLIF(?5, 0), ?6, ?7, ?8, ?9, NULLIF(?10, 0), ?11, ?12,"
	    " ?13, ?14, ?15, ?16, ?17, ?18, ?19, NULLIF(?20, 0)) RETURNING id",
	    id, DB_JSON(json_object_get(e, "police_reference")), DB_JSON(json_object_get(e, "content_hash")),
	    DB_TEXT(u->source), DB_INT(u->actor->agency_id), DB_INT(u->actor->user_id),
	    DB_JSON(json_object_get(e, "given_name")), DB_JSON(json_object_get(e, "family_name")),
	    DB_JSON(json_object_get(e, "date_of_birth")),
	    DB_INT(json_integer_value(json_object_get(e, "la_code"))), DB_INT(child_id), DB_TEXT(note),
	    DB_JSON(json_object_get(e, "reported_at")), DB_JSON(json_object_get(e, "risk_grading")),
	    DB_JSON(json_object_get(e, "missing_from")), DB_JSON(json_object_get(e, "placing_authority")),
	    DB_JSON(json_object_get(e, "returned_at")), DB_JSON(json_object_get(e, "found_where")),
	    json_is_boolean(sw) ? DB_INT(json_is_true(sw) ? 1 : 0) : DB_NULL, DB_TEXT(u->now),
	    DB_INT(json_integer_value(json_object_get(e, "placing_la_code"))));
	if (st != HAVEN_OK)
		return st;
	*matched = child_id != 0;
	st = audit_record(db_tx(db), u->actor, "missing.create", "missing_episode", *id, NULL);
	/* an import names no agency: the force is linked when it reports one itself, certainly matched or
	 * added (enum episode_match says why not a likely one) */
	bool linked = kind == EPISODE_MATCHED_CERTAIN || kind == EPISODE_CHILD_ADDED;
	if (st != HAVEN_OK || !linked || u->actor->agency_id <= 0)
		return st;
	if ((st = link_reporter(db_tx(db), child_id, u->actor->agency_id)) != HAVEN_OK)
		return st;
	long long placing = json_integer_value(json_object_get(e, "placing_la_code"));
	if (placing && (st = link_placing_authority(db, child_id, placing)) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), u->actor, "missing.link", "child", child_id, NULL);
}

enum haven_status contextual_link_demo_reporters(struct store_tx *tx)
{
	json_t *episodes =
	    db_rows_with(db_tx_conn(tx), "SELECT child_id, reported_by_agency_id FROM missing_episodes"
	                                 " WHERE child_id IS NOT NULL AND reported_by_agency_id IS NOT NULL"
	                                 " ORDER BY id");
	if (!episodes)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *e;
	json_array_foreach(episodes, i, e)
	{
		if ((st = link_reporter(tx, json_integer_value(json_object_get(e, "child_id")),
		                        json_integer_value(json_object_get(e, "reported_by_agency_id")))) !=
		    HAVEN_OK)
			break;
	}
	json_decref(episodes);
	return st;
}

static enum haven_status write_episodes(db_conn *db, void *ctx)
{
	struct save_unit *u = ctx;
	size_t i;
	json_t *e;
	json_array_foreach(u->episodes, i, e)
	{
		const char *ref = json_string_value(json_object_get(e, "police_reference"));
		json_t *known = NULL;
		enum haven_status found =
		    db_row_with(db,
		                "SELECT id, content_hash, child_id IS NOT NULL AS matched"
		                " FROM missing_episodes WHERE police_reference = ?",
		                &known, DB_TEXT(ref));
		if (found != HAVEN_OK && found != HAVEN_ERR_NOT_FOUND)
			return found;
		long long id = json_integer_value(json_object_get(known, "id"));
		bool same =
		    json_equal(json_object_get(known, "content_hash"), json_object_get(e, "content_hash"));
		bool matched = json_integer_value(json_object_get(known, "matched")) != 0;
		json_decref(known);
		const char *status = "unchanged";
		if (found == HAVEN_OK && !same) {
			char field[64] = "police_reference";
			if (u->batch)
				snprintf(field, sizeof field, "episodes[%zu].police_reference", i);
			errors_addf(
			    u->conflicts, field,
			    "A missing episode with the police reference %s was already received with other "
			    "details; a resend cannot change it (record the return at its own address)",
			    ref);
			continue;
		}
		if (found == HAVEN_ERR_NOT_FOUND) {
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

static enum haven_status write_return(db_conn *db, void *ctx)
{
	struct contextual_unit *u = ctx;
	const struct missing_return *r = u->change;
	enum haven_status status = exec_changed_or(
	    db,
	    "UPDATE missing_episodes SET returned_at = ?2, found_where = ?3,"
	    " safe_and_well_check = ?4 WHERE id = ?1 AND returned_at IS NULL",
	    HAVEN_ERR_CONFLICT, DB_INT(u->id), DB_TEXT(r->returned_at), DB_TEXT(r->found_where),
	    r->safe_and_well_check >= 0 ? DB_INT(r->safe_and_well_check) : DB_NULL);
	if (status != HAVEN_OK)
		return status;
	return audit_record(db_tx(db), u->actor, "missing.return", "missing_episode", u->id, NULL);
}

static enum haven_status write_placing_told(db_conn *db, void *ctx)
{
	struct contextual_unit *u = ctx;
	const struct placing_told *t = u->change;
	/* told once: a second record is the store's conflict, as a return recorded twice is */
	enum haven_status status = exec_changed_or(
	    db,
	    "UPDATE missing_episodes SET placing_authority_told_on = ?2, placing_authority_told_by = ?3,"
	    " placing_authority_told_recorded_by = ?4 WHERE id = ?1 AND placing_authority_told_on IS NULL"
	    " AND (placing_authority IS NOT NULL OR placing_la_code IS NOT NULL)",
	    HAVEN_ERR_CONFLICT, DB_INT(u->id), DB_TEXT(t->told_on), DB_TEXT(t->told_by),
	    DB_INT(u->actor->user_id));
	if (status != HAVEN_OK)
		return status;
	return audit_record(db_tx(db), u->actor, "missing.placing_told", "missing_episode", u->id, NULL);
}

enum haven_status contextual_record_placing_told(long long id, const struct placing_told *t,
                                                 const struct actor *actor)
{
	return contextual_write(write_placing_told, id, t, actor, NULL);
}

enum haven_status contextual_placed_children_missing(long long agency_id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT e.id, e.reported_at FROM missing_episodes e"
	                    " WHERE e.placing_la_code = (SELECT la_code FROM agencies WHERE id = ?"
	                    "  AND type = 'local_authority') AND e.placing_authority_told_on IS NULL"
	                    " ORDER BY e.reported_at LIMIT 500",
	                    DB_INT(agency_id));
}

enum haven_status contextual_strategy_candidates(long long agency_id, json_t **out)
{
	/* every episode of each register child with an episode in the agency's area, in the order they were
	 * reported, with whether it is the area's and whether a discussion about the child (or the episode)
	 * was held on or after its report: the caller applies the rule to each child's last episode */
	return db_read_rows(
	    out,
	    "WITH area AS (SELECT la_code FROM agencies WHERE id = ?1 AND type = 'local_authority')"
	    " SELECT e.id, e.child_id, e.reported_at, e.la_code IN (SELECT la_code FROM area) AS ours,"
	    " EXISTS (SELECT 1 FROM strategy_discussions d WHERE (d.episode_id = e.id OR d.child_id = "
	    "e.child_id)"
	    "  AND d.held_on >= substr(e.reported_at, 1, 10)) AS answered"
	    " FROM missing_episodes e WHERE e.child_id IN (SELECT child_id FROM missing_episodes"
	    "  WHERE la_code IN (SELECT la_code FROM area) AND child_id IS NOT NULL)"
	    " ORDER BY e.child_id, e.reported_at, e.id LIMIT 20000",
	    DB_INT(agency_id));
}

enum haven_status contextual_record_return(long long id, const struct missing_return *r,
                                           const struct actor *actor)
{
	return contextual_write(write_return, id, r, actor, NULL);
}

static enum haven_status write_interview(db_conn *db, void *ctx)
{
	const struct contextual_unit *u = ctx;
	const struct missing_interview *in = u->change;
	/* once completed, an interview is a record of what was said: it is not rewritten */
	enum haven_status status = exec_changed_or(
	    db,
	    "UPDATE missing_episodes SET interview_offered_at = ?2, interview_response = ?3,"
	    " interview_completed_at = ?4, interview_by = ?5, push_factors = ?6, pull_factors = ?7,"
	    " harm_while_missing = ?8, exploitation_indicators = ?9, interview_actions = ?10,"
	    " interview_recorded_by = ?11"
	    " WHERE id = ?1 AND returned_at IS NOT NULL AND interview_completed_at IS NULL",
	    HAVEN_ERR_CONFLICT, DB_INT(u->id), DB_TEXT(in->offered_at), DB_TEXT(in->response),
	    DB_TEXT(in->completed_at), DB_TEXT(in->interviewer), DB_TEXT(in->push_factors),
	    DB_TEXT(in->pull_factors), DB_TEXT(in->harm_while_missing), DB_TEXT(in->exploitation_indicators),
	    DB_TEXT(in->actions), DB_INT(u->actor->user_id));
	if (status != HAVEN_OK)
		return status;
	return audit_record(db_tx(db), u->actor, "missing.interview", "missing_episode", u->id, NULL);
}

enum haven_status contextual_record_interview(long long id, const struct missing_interview *in,
                                              const struct actor *actor)
{
	return contextual_write(write_interview, id, in, actor, NULL);
}

struct rule_unit {
	int episodes, days;
	const struct actor *actor;
};

static enum haven_status write_rule(db_conn *db, void *ctx)
{
	struct rule_unit *u = ctx;
	enum haven_status status =
	    db_exec_with(db, "UPDATE missing_settings SET repeat_episodes = ?, repeat_days = ? WHERE id = 1",
	                 DB_INT(u->episodes), DB_INT(u->days));
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
