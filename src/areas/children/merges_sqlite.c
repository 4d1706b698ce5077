/*
 * merges_sqlite.c (children) — merging two records found to be the same
 * child, and the partnership undoing a merge. A merge copies the merged
 * record's agency links to the kept one (remembering which were new), points
 * the merged record at the kept one (children.merged_into) and keeps the
 * merge with its reason; the events and notes of the merged record stay where
 * their areas keep them and are gathered into the kept record's chronology
 * (children_family). Undoing takes the new links away and clears the pointer;
 * the merged record's own links stay as they are by then (an agency that
 * stopped working with the child meanwhile ended them too: links_sqlite.c).
 * Each is one unit of work with its audit rows, about both records.
 */
#include "areas/children/store.h"

#include <stdlib.h>
#include <time.h>

#include "areas/calendar/london.h"
#include "areas/children/family_sql.h"
#include "auth/audit.h"
#include "store/db.h"

/* The records of a merge named as the merges page names them, by the child's name: k the record kept, c the
 * record merged into it, as the statements below call them. */
#define KEPT_NAME "k.given_name || ' ' || k.family_name"
#define MERGED_NAME "c.given_name || ' ' || c.family_name"

struct merge {
	long long kept, merged, id;
	const char *reason;
	const struct actor *actor;
	enum merge_refusal refusal;
};

/* The record `id` was merged into (0: none), or -1 if there is no such record. */
static long long merged_into(db_conn *db, long long id)
{
	long long into;
	return db_integer_with(db, "SELECT coalesce(merged_into, 0) FROM children WHERE id = ?", &into,
	                       DB_INT(id)) == HAVEN_OK
	           ? into
	           : -1;
}

static enum haven_status merge_unit(db_conn *db, void *ctx)
{
	struct merge *m = ctx;
	/* checked here, in the writer's unit, so two merges at once cannot both pass */
	long long kept_into = merged_into(db, m->kept), merged_into_ = merged_into(db, m->merged);
	if (kept_into < 0 || merged_into_ < 0)
		m->refusal = MERGE_NO_RECORD;
	else if (m->kept == m->merged)
		m->refusal = MERGE_ITSELF;
	else if (kept_into > 0)
		m->refusal = MERGE_KEPT_MERGED;
	else if (merged_into_ > 0)
		m->refusal = MERGE_ALREADY_MERGED;
	if (m->refusal != MERGE_OK)
		return HAVEN_ERR_CONFLICT;
	json_t *links = db_rows_with(
	    db,
	    "INSERT INTO child_links (child_id, agency_id, relationship) SELECT ?1, l.agency_id, "
	    "l.relationship"
	    " FROM child_links l WHERE l.child_id = ?2 AND NOT EXISTS (SELECT 1 FROM child_links k"
	    " WHERE k.child_id = ?1 AND k.agency_id = l.agency_id AND k.relationship = l.relationship)"
	    " RETURNING agency_id, relationship",
	    DB_INT(m->kept), DB_INT(m->merged));
	if (!links)
		return HAVEN_ERR_DB;
	char *links_text = json_dumps(links, JSON_COMPACT);
	json_decref(links);
	enum haven_status st = db_exec_with(db, "UPDATE children SET merged_into = ? WHERE id = ?",
	                                    DB_INT(m->kept), DB_INT(m->merged));
	char merged_at[CALENDAR_INSTANT_SIZE];
	calendar_format_instant((int64_t)time(NULL), merged_at);
	if (st == HAVEN_OK)
		st = db_integer_with(db,
		                     "INSERT INTO child_merges (kept_id, merged_id, reason, links_added,"
		                     " merged_by, merged_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
		                     &m->id, DB_INT(m->kept), DB_INT(m->merged), DB_TEXT(m->reason),
		                     DB_TEXT(links_text), DB_INT(m->actor->user_id), DB_TEXT(merged_at));
	free(links_text); /* bound without a copy: kept until the statement has run */
	if (st == HAVEN_OK)
		st = audit_record(db_tx(db), m->actor, "child.merge", "child", m->kept, m->reason);
	if (st == HAVEN_OK)
		st = audit_record(db_tx(db), m->actor, "child.merge", "child", m->merged, m->reason);
	return st;
}

enum haven_status children_merge(long long kept, long long merged, const char *reason,
                                 const struct actor *actor, enum merge_refusal *refusal, long long *merge_id)
{
	struct merge m = {.kept = kept, .merged = merged, .reason = reason, .actor = actor};
	enum haven_status st = db_write(merge_unit, &m);
	*refusal = m.refusal;
	*merge_id = m.id;
	return st;
}

struct undo {
	long long id;
	const char *reason;
	const struct audit_shown *shown;
	const struct actor *actor;
	long long kept, merged;
	json_t *later; /* the standing merge of this one's kept record into another */
};

/*
 * Unlinks from child `kept` the links a merge made at `merged_at` added to
 * it: `links_added` is the JSON array the merge wrote ([{agency_id,
 * relationship}, ...]; NULL for none). HAVEN_ERR_DB if it is not such an array.
 */
static enum haven_status remove_links_added(db_conn *db, long long kept, const char *links_added,
                                            const char *merged_at)
{
	if (!links_added)
		return HAVEN_OK;
	json_t *links = json_loads(links_added, 0, NULL);
	if (!json_is_array(links)) {
		json_decref(links);
		return HAVEN_ERR_DB;
	}
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *link;
	json_array_foreach(links, i, link)
	{
		if (st != HAVEN_OK)
			break;
		/* a link the merge added that the agency ended since is not there to take away: a link
		 * there now was made afresh (a new concern) and stays. Compared by the second, as the
		 * merge's time is kept: a link ended in the merge's own second is still taken away. */
		st = db_exec_with(
		    db,
		    "DELETE FROM child_links WHERE child_id = ?1 AND agency_id = ?2 AND relationship = ?3"
		    " AND NOT EXISTS (SELECT 1 FROM child_links_ended e WHERE e.child_id = ?1"
		    " AND e.agency_id = ?2 AND e.relationship = ?3"
		    " AND substr(e.ended_at, 1, 19) > substr(?4, 1, 19))",
		    DB_INT(kept), DB_JSON_INT(json_object_get(link, "agency_id")),
		    DB_JSON(json_object_get(link, "relationship")), DB_TEXT(merged_at));
	}
	json_decref(links);
	return st;
}

static enum haven_status undo_unit(db_conn *db, void *ctx)
{
	struct undo *u = ctx;
	json_t *row = NULL;
	char undone_at[CALENDAR_INSTANT_SIZE];
	calendar_format_instant((int64_t)time(NULL), undone_at);
	/* The kept record merged into another since: the links this merge added went on with it, so
	 * undoing this merge alone would leave them on that other child's record. A record is merged
	 * once at a time, so one such merge stands. */
	json_decref(u->later);
	u->later = NULL;
	enum haven_status st = db_row_with(db,
	                                   "SELECT later.merged_at, later.kept_id, " KEPT_NAME " AS kept_name"
	                                   " FROM child_merges this JOIN child_merges later"
	                                   " ON later.merged_id = this.kept_id AND later.undone_at IS NULL"
	                                   " JOIN children k ON k.id = later.kept_id"
	                                   " WHERE this.id = ? AND this.undone_at IS NULL",
	                                   &u->later, DB_INT(u->id));
	if (st == HAVEN_OK)
		return HAVEN_ERR_CONFLICT;
	if (st != HAVEN_ERR_NOT_FOUND)
		return st;
	/* HAVEN_ERR_NOT_FOUND: no such merge, or undone already */
	st = db_row_with(
	    db,
	    "UPDATE child_merges SET undone_by = ?, undone_at = ?, undo_reason = ?"
	    " WHERE id = ? AND undone_at IS NULL RETURNING kept_id, merged_id, links_added, merged_at",
	    &row, DB_INT(u->actor->user_id), DB_TEXT(undone_at), DB_TEXT(u->reason), DB_INT(u->id));
	if (st != HAVEN_OK)
		return st;
	u->kept = json_integer_value(json_object_get(row, "kept_id"));
	u->merged = json_integer_value(json_object_get(row, "merged_id"));
	st = remove_links_added(db, u->kept, json_string_value(json_object_get(row, "links_added")),
	                        json_string_value(json_object_get(row, "merged_at")));
	json_decref(row);
	if (st == HAVEN_OK)
		st = db_exec_with(db, "UPDATE children SET merged_into = NULL WHERE id = ?",
		                  DB_INT(u->merged));
	if (st == HAVEN_OK)
		st = audit_record_shown(db_tx(db), u->actor, "child.unmerge", "child", u->kept, u->reason,
		                        u->shown);
	if (st == HAVEN_OK)
		st = audit_record(db_tx(db), u->actor, "child.unmerge", "child", u->merged, u->reason);
	return st;
}

enum haven_status children_unmerge(long long merge_id, const char *reason, const struct audit_shown *shown,
                                   const struct actor *actor, json_t **later_merge)
{
	struct undo u = {.id = merge_id, .reason = reason, .shown = shown, .actor = actor};
	enum haven_status st = db_write(undo_unit, &u);
	if (st == HAVEN_ERR_CONFLICT)
		*later_merge = u.later;
	else
		json_decref(u.later);
	return st;
}

enum haven_status children_merges(json_t **out)
{
	return db_read_rows(
	    out, "SELECT m.id, m.kept_id, m.merged_id, m.reason, m.merged_at, u.name AS merged_by_name,"
	         " a.name AS merged_by_agency, m.undone_at, m.undo_reason, " KEPT_NAME " AS kept_name,"
	         " k.date_of_birth AS kept_born_on, k.created_at AS kept_added_at, " MERGED_NAME
	         " AS merged_name, c.date_of_birth AS merged_born_on, c.created_at AS merged_added_at"
	         " FROM child_merges m JOIN users u ON u.id = m.merged_by"
	         " JOIN agencies a ON a.id = u.agency_id JOIN children k ON k.id = m.kept_id"
	         " JOIN children c ON c.id = m.merged_id ORDER BY m.id DESC LIMIT 200");
}

enum haven_status children_kept_record(long long id, long long *kept)
{
	*kept = 0;
	/* a merge into a merged record is refused, but the kept record may itself be merged later */
	return db_integer_with(
	    db_reader(),
	    "WITH RECURSIVE chain (id, next, depth) AS (SELECT id, merged_into, 0 FROM children"
	    " WHERE id = ?1 UNION ALL SELECT c.id, c.merged_into, chain.depth + 1 FROM chain"
	    " JOIN children c ON c.id = chain.next WHERE chain.depth < 100)"
	    " SELECT id FROM chain WHERE next IS NULL",
	    kept, DB_INT(id));
}

enum haven_status children_family(long long id, json_t **out)
{
	return db_read_rows(out, CHILDREN_FAMILY_CTE "SELECT id FROM family", DB_INT(id));
}
