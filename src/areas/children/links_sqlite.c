/*
 * links_sqlite.c (children) — an agency stopping work with a child: the
 * unit of work that moves one link (a concern raised, a team's allocation)
 * from child_links to child_links_ended with its audit row, so the agency's
 * access ends at once and every reader of child_links stays as it is (the
 * same link of every duplicate merged into the record ends with it, so
 * undoing the merge cannot give it back); and the history of the links
 * ended, for the child's record.
 */
#include "areas/children/store.h"

#include "areas/children/family_sql.h"
#include "auth/audit.h"
#include "store/db.h"

struct link_end_unit {
	const struct child_link_end *e;
	const struct actor *actor;
	enum link_end_refusal refusal;
};

static enum haven_status end_link(db_conn *db, void *ctx)
{
	struct link_end_unit *u = ctx;
	const struct child_link_end *e = u->e;
	long long linked = 0, links = 0;
	/* read inside the unit, so a link ended (or added) by another request since the form is seen */
	enum haven_status st = db_integer_with(
	    db,
	    "SELECT count(*) FROM child_links l JOIN children c ON c.id = l.child_id"
	    " WHERE l.child_id = ? AND l.agency_id = ? AND l.relationship = ? AND c.merged_into IS NULL",
	    &linked, DB_INT(e->child_id), DB_INT(e->agency_id), DB_TEXT(e->relationship));
	if (st == HAVEN_OK)
		st = db_integer_with(db, "SELECT count(*) FROM child_links WHERE child_id = ?", &links,
		                     DB_INT(e->child_id));
	if (st != HAVEN_OK)
		return st;
	if (!linked || links < 2) {
		u->refusal = linked ? LINK_END_LAST_LINK : LINK_END_NO_LINK;
		return HAVEN_ERR_CONFLICT;
	}
	char now[DB_TIME_SIZE];
	db_now_text(now);
	/*
	 * The agency stops working with the child, not with one record of it: a duplicate merged into this
	 * record still holds the link it had (the merge copied it here), so that link ends too, each record
	 * keeping who ended it. Otherwise undoing the merge would give the agency back the access it gave up.
	 */
	json_t *records = db_rows_with(
	    db,
	    CHILDREN_FAMILY_CTE
	    "INSERT INTO child_links_ended (child_id, agency_id, relationship, ended_on, reason, ended_by,"
	    " ended_at) SELECT l.child_id, l.agency_id, l.relationship, ?4, ?5, ?6, ?7 FROM child_links l"
	    " WHERE l.child_id IN (SELECT id FROM family) AND l.agency_id = ?2 AND l.relationship = ?3"
	    " RETURNING child_id",
	    DB_INT(e->child_id), DB_INT(e->agency_id), DB_TEXT(e->relationship), DB_TEXT(e->ended_on),
	    DB_TEXT(e->reason), DB_INT(u->actor->user_id), DB_TEXT(now));
	if (!records)
		return HAVEN_ERR_DB;
	st = db_exec_with(db,
	                  CHILDREN_FAMILY_CTE
	                  "DELETE FROM child_links WHERE child_id IN (SELECT id FROM family)"
	                  " AND agency_id = ?2 AND relationship = ?3",
	                  DB_INT(e->child_id), DB_INT(e->agency_id), DB_TEXT(e->relationship));
	size_t i;
	json_t *record;
	json_array_foreach(records, i, record)
	{
		if (st != HAVEN_OK)
			break;
		st = audit_record(db_tx(db), u->actor, "child.end_link", "child",
		                  json_integer_value(json_object_get(record, "child_id")), e->reason);
	}
	json_decref(records);
	return st;
}

enum haven_status children_end_link(const struct child_link_end *e, const struct actor *actor,
                                    enum link_end_refusal *refusal)
{
	struct link_end_unit u = {.e = e, .actor = actor, .refusal = LINK_END_OK};
	enum haven_status st = db_write(end_link, &u);
	*refusal = u.refusal;
	return st;
}

enum haven_status children_links_ended(long long id, json_t **out)
{
	*out = db_rows_with(db_reader(),
	                    "SELECT a.name AS agency_name, e.relationship, e.ended_on, e.ended_at"
	                    " FROM child_links_ended e JOIN agencies a ON a.id = e.agency_id"
	                    " WHERE e.child_id = ? ORDER BY e.ended_on DESC, e.id DESC",
	                    DB_INT(id));
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}

enum haven_status children_agency_links(long long id, long long agency_id, json_t **out)
{
	json_t *rows =
	    db_rows_with(db_reader(),
	                 "SELECT relationship FROM child_links WHERE child_id = ? AND agency_id = ?"
	                 " ORDER BY relationship",
	                 DB_INT(id), DB_INT(agency_id));
	if (!rows)
		return HAVEN_ERR_DB;
	*out = json_array();
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) json_array_append(*out, json_object_get(row, "relationship"));
	json_decref(rows);
	return HAVEN_OK;
}
