/*
 * plans_sqlite.c (assurance) — the SQLite side of store.h's action plans: the
 * actions an agency agrees against a submitted return, their progress, and
 * those still open for an agency.
 */
#include "areas/assurance/store.h"

#include <stdio.h>

#include "areas/assurance/actor_sqlite.h"
#include "areas/assurance/store_sqlite.h"
#include "auth/audit.h"
#include "store/db.h"

/* ---- action plans ---- */

struct add_action {
	const struct assurance_new_action *a;
	const struct actor *actor;
	long long id;
};

static enum haven_status write_add_action(db_conn *db, void *ctx)
{
	struct add_action *w = ctx;
	/* a plan answers the return as submitted */
	enum haven_status st = qa_submitted(db, w->a->return_id);
	if (st != HAVEN_OK)
		return st;
	if ((st = db_integer_with(db,
	                          "INSERT INTO qa_actions (return_id, standard_id, action, owner, due_on) "
	                          "VALUES (?, ?, ?, ?, ?) RETURNING id",
	                          &w->id, DB_INT(w->a->return_id), DB_TEXT(w->a->standard_id),
	                          DB_TEXT(w->a->action), DB_TEXT(w->a->owner), DB_TEXT(w->a->due_on))) !=
	    HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.action_add", "qa_return", w->a->return_id,
	                    w->a->standard_id);
}

enum haven_status assurance_action_add(const struct assurance_new_action *a, const struct actor *actor,
                                       long long *id)
{
	struct add_action w = {a, actor, 0};
	enum haven_status st = db_write(write_add_action, &w);
	*id = w.id;
	return st;
}

struct update_action {
	const struct assurance_action_update *u;
	const struct actor *actor;
};

static enum haven_status write_update_action(db_conn *db, void *ctx)
{
	struct update_action *w = ctx;
	json_t *row = NULL;
	enum haven_status st = db_row_with(
	    db,
	    "UPDATE qa_actions SET status = ?, completion_evidence = coalesce(?, completion_evidence),"
	    " impact_evidence = coalesce(?, impact_evidence), completed_on = ? WHERE id = ? AND return_id = ?"
	    " RETURNING id",
	    &row, DB_TEXT(w->u->status), DB_TEXT(w->u->completion_evidence), DB_TEXT(w->u->impact_evidence),
	    DB_TEXT(w->u->completed_on), DB_INT(w->u->action_id), DB_INT(w->u->return_id));
	if (st != HAVEN_OK)
		return st;
	json_decref(row);
	char detail[48];
	snprintf(detail, sizeof detail, "action %lld", w->u->action_id);
	return audit_record(db_tx(db), w->actor, "qa.action_update", "qa_return", w->u->return_id, detail);
}

enum haven_status assurance_action_update(const struct assurance_action_update *u, const struct actor *actor)
{
	struct update_action w = {u, actor};
	return db_write(write_update_action, &w);
}

enum haven_status assurance_actions(long long return_id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT id, standard_id, action, owner, due_on, status, completion_evidence,"
	                    " impact_evidence, completed_on FROM qa_actions WHERE return_id = ?"
	                    " ORDER BY standard_id, id",
	                    DB_INT(return_id));
}

enum haven_status assurance_actions_due(long long agency_id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT a.id, a.return_id, a.action, a.due_on FROM qa_actions a"
	                    " JOIN qa_returns r ON r.id = a.return_id WHERE r.agency_id = ?"
	                    " AND a.status != 'complete' ORDER BY a.due_on, a.id",
	                    DB_INT(agency_id));
}
