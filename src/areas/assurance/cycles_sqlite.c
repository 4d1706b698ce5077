/*
 * cycles_sqlite.c (assurance) — the SQLite side of store.h's audit cycles:
 * opening one (its returns and their standards with it), the list, one
 * cycle and its returns, which agencies are due which audit, and the cycle
 * before one.
 */
#include "areas/assurance/store.h"

#include <string.h>

#include "areas/assurance/actor_sqlite.h"
#include "areas/assurance/store_sqlite.h"
#include "auth/audit.h"
#include "store/db.h"

struct open_cycle {
	const struct assurance_new_cycle *c;
	const struct actor *actor;
	long long id;
	json_t *clash; /* the cycle of the same kind whose period overlaps, if there is one */
};

/*
 * Each standard of each return of cycle `cycle_id`, as a record that takes
 * documents as its evidence: returns in id order, and for each the
 * standards in the order of the set's document.
 */
static enum haven_status add_return_standards(db_conn *db, long long cycle_id, const json_t *standards)
{
	json_t *returns =
	    db_rows_with(db, "SELECT id FROM qa_returns WHERE cycle_id = ? ORDER BY id", DB_INT(cycle_id));
	if (!returns)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i, j;
	json_t *ret, *standard;
	json_array_foreach(returns, i, ret)
	{
		json_array_foreach(standards, j, standard)
		{
			if (st == HAVEN_OK)
				st = db_exec_with(
				    db,
				    "INSERT INTO qa_return_standards (return_id, standard_id) VALUES (?, ?)",
				    DB_JSON_INT(json_object_get(ret, "id")),
				    DB_JSON(json_object_get(standard, "id")));
		}
	}
	json_decref(returns);
	return st;
}

static enum haven_status write_open_cycle(db_conn *db, void *ctx)
{
	struct open_cycle *w = ctx;
	json_decref(w->clash); /* from an attempt the store began again */
	w->clash = NULL;
	json_t *set = NULL;
	enum haven_status st = db_row_with(db, "SELECT kind, document FROM qa_standard_sets WHERE id = ?",
	                                   &set, DB_INT(w->c->standard_set_id));
	if (st != HAVEN_OK)
		return st;
	bool schools = strcmp(json_string_value(json_object_get(set, "kind")), "section175") == 0;
	/* One cycle of a kind at a time: two whose periods overlap would ask the same agencies for the same
	 * return twice, each with its own date. Asked inside the unit of work that opens the new one, so two
	 * opened at once cannot both pass. Periods are whole days, both ends included. */
	st = db_row_with(db,
	                 "SELECT c.id, c.title, c.opens_on, c.returns_due_on FROM qa_cycles c"
	                 " JOIN qa_standard_sets s ON s.id = c.standard_set_id"
	                 " WHERE s.kind = ? AND c.opens_on <= ? AND c.returns_due_on >= ?"
	                 " ORDER BY c.opens_on, c.id LIMIT 1",
	                 &w->clash, DB_JSON(json_object_get(set, "kind")), DB_TEXT(w->c->returns_due_on),
	                 DB_TEXT(w->c->opens_on));
	if (st != HAVEN_ERR_NOT_FOUND) {
		json_decref(set);
		return st == HAVEN_OK ? HAVEN_ERR_CONFLICT : st;
	}
	if (!w->c->past_confirmed && strcmp(w->c->returns_due_on, w->c->today) < 0) {
		json_decref(set);
		return HAVEN_ERR_INVALID; /* not yet sure: nothing written */
	}
	const json_t *text = json_object_get(set, "document");
	json_t *document = json_loadb(json_string_value(text), json_string_length(text), 0, NULL);
	json_decref(set);
	if (!document)
		return HAVEN_ERR_INTERNAL;

	if ((st = db_integer_with(db,
	                          "INSERT INTO qa_cycles (standard_set_id, title, opens_on, "
	                          "returns_due_on, created_by) VALUES (?, ?, ?, ?, ?) RETURNING id",
	                          &w->id, DB_INT(w->c->standard_set_id), DB_TEXT(w->c->title),
	                          DB_TEXT(w->c->opens_on), DB_TEXT(w->c->returns_due_on),
	                          actor_user(w->actor))) == HAVEN_OK)
		/* Who must return: Section 175/157 is for schools and colleges; Section 11 for every other
		 * agency. */
		st = db_exec_with(
		    db,
		    "INSERT INTO qa_returns (cycle_id, agency_id) SELECT ?1, id FROM agencies"
		    " WHERE (?2 <> 0 AND type IN ('school', 'college'))"
		    " OR (?2 = 0 AND type NOT IN ('school', 'college', 'early_years', 'partnership'))",
		    DB_INT(w->id), DB_INT(schools ? 1 : 0));
	if (st == HAVEN_OK)
		st = add_return_standards(db, w->id, json_object_get(document, "standards"));
	json_decref(document);
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.cycle_open", "qa_cycle", w->id, NULL);
}

enum haven_status assurance_cycle_open(const struct assurance_new_cycle *c, const struct actor *actor,
                                       long long *id, json_t **clash)
{
	struct open_cycle w = {c, actor, 0, NULL};
	enum haven_status st = db_write(write_open_cycle, &w);
	*id = w.id;
	if (st == HAVEN_ERR_CONFLICT && w.clash)
		*clash = w.clash;
	else
		json_decref(w.clash);
	return st;
}

enum haven_status assurance_cycles(const char *today, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT c.id, c.title, s.kind, s.version, c.opens_on, c.returns_due_on,"
	                    " (SELECT count(*) FROM qa_returns r WHERE r.cycle_id = c.id) AS returns,"
	                    " (SELECT count(*) FROM qa_returns r WHERE r.cycle_id = c.id"
	                    "   AND r.submitted_on IS NOT NULL) AS submitted,"
	                    " (SELECT count(*) FROM qa_returns r WHERE r.cycle_id = c.id"
	                    "   AND r.submitted_on > c.returns_due_on) AS late,"
	                    " (SELECT count(*) FROM qa_returns r WHERE r.cycle_id = c.id"
	                    "   AND r.submitted_on IS NULL AND ?1 > c.returns_due_on) AS overdue"
	                    " FROM qa_cycles c JOIN qa_standard_sets s ON s.id = c.standard_set_id"
	                    " ORDER BY c.returns_due_on DESC, c.id DESC",
	                    DB_TEXT(today));
}

/* `what` of the agency's return of the kind in its newest cycle of that kind (by return date), for
 * assurance_audits_due: whether a cycle still awaits its return. */
#define NEWEST_RETURN(what)                                                                                  \
	" (SELECT " what " FROM qa_returns r JOIN qa_cycles c ON c.id = r.cycle_id"                          \
	" JOIN qa_standard_sets s ON s.id = c.standard_set_id WHERE r.agency_id = a.id AND s.kind = k.kind"  \
	" ORDER BY c.returns_due_on DESC, c.id DESC LIMIT 1)"

enum haven_status assurance_audits_due(json_t **out)
{
	/* who returns which kind: as write_open_cycle makes a cycle's returns */
	return db_read_rows(
	    out, "SELECT a.id AS agency_id, a.name AS agency_name, k.kind,"
	         " (SELECT max(r.submitted_on) FROM qa_returns r"
	         "   JOIN qa_cycles c ON c.id = r.cycle_id"
	         "   JOIN qa_standard_sets s ON s.id = c.standard_set_id"
	         "   WHERE r.agency_id = a.id AND s.kind = k.kind) AS "
	         "last_submitted_on," NEWEST_RETURN("c.id") " AS newest_cycle_id," NEWEST_RETURN("c.title") " AS newest_cycle_title," NEWEST_RETURN(
	             "c.returns_due_on") " AS newest_due_on," NEWEST_RETURN("CASE WHEN "
	                                                                    "r.submitted_on IS "
	                                                                    "NULL THEN 0 ELSE 1 "
	                                                                    "END") " AS "
	                                                                           "newest_"
	                                                                           "submitted"
	                                                                           " FROM "
	                                                                           "agencies a "
	                                                                           "JOIN (SELECT "
	                                                                           "'section11' "
	                                                                           "AS kind UNION "
	                                                                           "ALL SELECT "
	                                                                           "'section175') "
	                                                                           "k"
	                                                                           "   ON (k.kind "
	                                                                           "= "
	                                                                           "'section175' "
	                                                                           "AND a.type IN "
	                                                                           "('school', "
	                                                                           "'college'))"
	                                                                           "   OR (k.kind "
	                                                                           "= 'section11'"
	                                                                           "       AND "
	                                                                           "a.type NOT IN "
	                                                                           "('school', "
	                                                                           "'college', "
	                                                                           "'early_years',"
	                                                                           " 'partnership'"
	                                                                           "))"
	                                                                           " ORDER BY "
	                                                                           "a.name, a.id, "
	                                                                           "k.kind");
}

enum haven_status assurance_cycle_get(long long id, json_t **out)
{
	return qa_with_standards(
	    db_row_with(db_reader(),
	                "SELECT c.id, c.title, s.kind, s.version, c.opens_on, c.returns_due_on,"
	                " c.standard_set_id, s.document, (SELECT u.name" CYCLE_MODERATOR ") AS moderator"
	                " FROM qa_cycles c"
	                " JOIN qa_standard_sets s ON s.id = c.standard_set_id WHERE c.id = ?",
	                out, DB_INT(id)),
	    out);
}

enum haven_status assurance_cycle_returns(long long cycle_id, json_t **out)
{
	return db_read_rows(
	    out,
	    "SELECT r.id, a.name AS agency, a.type AS agency_type, l.name AS la, r.submitted_on,"
	    " EXISTS (SELECT 1 FROM qa_scores q WHERE q.return_id = r.id) AS scored,"
	    " EXISTS (SELECT 1 FROM users u WHERE u.agency_id = r.agency_id AND" LEADING DSL_ROLE
	    ") AS has_dsl,"
	    " EXISTS (SELECT 1 FROM users u WHERE u.agency_id = r.agency_id AND" LEADING LEAD_ROLES
	    ") AS has_lead,"
	    " EXISTS (SELECT 1 FROM users u WHERE u.agency_id = r.agency_id AND u.disabled_at IS NULL)"
	    " AS has_account,"
	    " (SELECT count(*) FROM qa_challenges q WHERE q.return_id = r.id AND q.answer IS NULL)"
	    " AS questions_waiting,"
	    " (SELECT count(*) FROM qa_challenges q WHERE q.return_id = r.id AND q.answer IS NOT NULL)"
	    " AS questions_answered"
	    " FROM qa_returns r JOIN agencies a ON a.id = r.agency_id"
	    " LEFT JOIN local_authorities l ON l.code = a.la_code"
	    " WHERE r.cycle_id = ? ORDER BY a.name, r.id",
	    DB_INT(cycle_id));
}

enum haven_status assurance_previous_cycle(long long cycle_id, long long *previous)
{
	*previous = 0;
	json_t *row = NULL;
	enum haven_status st =
	    db_row_with(db_reader(),
	                "SELECT p.id FROM qa_cycles c JOIN qa_standard_sets cs ON cs.id = c.standard_set_id"
	                " JOIN qa_cycles p ON (p.returns_due_on, p.id) < (c.returns_due_on, c.id)"
	                " JOIN qa_standard_sets ps ON ps.id = p.standard_set_id AND ps.kind = cs.kind"
	                " WHERE c.id = ? ORDER BY p.returns_due_on DESC, p.id DESC LIMIT 1",
	                &row, DB_INT(cycle_id));
	if (st == HAVEN_OK)
		*previous = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	return st;
}
