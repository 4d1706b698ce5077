/*
 * store_sqlite.c (assurance) — the SQLite side of store.h.
 */
#include "areas/assurance/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "areas/assurance/actor_sqlite.h"
#include "areas/assurance/standards.h"
#include "areas/mail/compose.h"
#include "auth/audit.h"
#include "store/db.h"

static const char related_return[] = "SELECT 1 FROM qa_returns WHERE id = :id AND agency_id = :agency";
DB_REGISTER(related_return);

/*
 * A return as the record that is scored and submitted: its own agency's, as
 * a return is, except that a Section 175/157 audit of a school is completed
 * by its Designated Safeguarding Lead (Keeping Children Safe in Education),
 * so only a person holding the dsl role is related to one of those. Its
 * other people still read it (qa_return) and answer its challenges.
 */
static const char related_return_to_complete[] =
    "SELECT 1 FROM qa_returns r JOIN qa_cycles c ON c.id = r.cycle_id"
    " JOIN qa_standard_sets s ON s.id = c.standard_set_id"
    " WHERE r.id = :id AND r.agency_id = :agency AND (s.kind <> 'section175' OR EXISTS"
    " (SELECT 1 FROM user_roles u WHERE u.user_id = :user AND u.role = 'dsl'))";
DB_REGISTER(related_return_to_complete);

/* Need to know: only the people named for a case audit are related to it (and so see its children). */
static const char related_case_audit[] =
    "SELECT 1 FROM qa_case_audit_auditors WHERE audit_id = :id AND user_id = :user";
DB_REGISTER(related_case_audit);
static RECORD_CHILDREN(children_of_case_audit,
                       "SELECT child_id FROM qa_case_audit_children WHERE audit_id = :id"
                       " AND on_register = 1");

/* A case audit's action is its owner's to change. */
static const char related_case_audit_action[] =
    "SELECT 1 FROM qa_case_audit_actions WHERE id = :id AND owner_id = :user";
DB_REGISTER(related_case_audit_action);

/*
 * A standard of a return, as the record its evidence documents are attached
 * to: its own agency's, and the partnership's (an agency of type
 * "partnership") once the return is submitted, as the scores are.
 */
static const char related_return_standard[] =
    "SELECT 1 FROM qa_return_standards s JOIN qa_returns r ON r.id = s.return_id WHERE s.id = :id"
    " AND (r.agency_id = :agency OR (r.submitted_on IS NOT NULL AND EXISTS"
    " (SELECT 1 FROM agencies a WHERE a.id = :agency AND a.type = 'partnership')))";
DB_REGISTER(related_return_standard);
/* Evidence is attached by the return's own agency while it is a draft. */
static const char related_draft_standard[] =
    "SELECT 1 FROM qa_return_standards s JOIN qa_returns r ON r.id = s.return_id WHERE s.id = :id"
    " AND r.agency_id = :agency AND r.submitted_on IS NULL";
DB_REGISTER(related_draft_standard);

const struct record_type assurance_records[] = {
    /* a return is its own agency's; the partnership sees every one through its rules */
    {.name = "qa_return", .related = related_return},
    /* the same return as its scorers and submitters are related to it: a school's Section 175/157
     * audit, its DSL only */
    {.name = "qa_return_to_complete", .related = related_return_to_complete},
    /* a case audit (case_audits.h) is its named auditors' only, and is about the children of its sample */
    {.name = "qa_case_audit", .related = related_case_audit, RECORD_CHILDREN_OF(children_of_case_audit)},
    /* an action agreed in a case audit (case_audits.h) names no child; only its owner changes it */
    {.name = "qa_case_audit_action", .related = related_case_audit_action},
    /* a standard of a return takes documents as its evidence (areas/documents/attach.h); its page is the
     * return's, at the standard */
    {.name = "qa_return_standard",
     .related = related_return_standard,
     .documents = "qa.evidence.read",
     .href = "/quality-assurance/return-standards/"},
    {.name = "qa_draft_standard", .related = related_draft_standard, .children_as = "qa_return_standard"},
    {0},
};

/*
 * The row a read found (`found`, in *out) with its text field "document"
 * replaced by the parsed document, as "standards"; *out NULL if either failed.
 */
static enum haven_status with_standards(enum haven_status found, json_t **out)
{
	if (found != HAVEN_OK)
		return found;
	const char *text = json_string_value(json_object_get(*out, "document"));
	json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
	if (!doc) {
		json_decref(*out);
		*out = NULL;
		return HAVEN_ERR_DB;
	}
	assurance_scale_shown(doc);
	json_object_set_new(*out, "standards", doc);
	json_object_del(*out, "document");
	return HAVEN_OK;
}

/* ---- standards ---- */

struct publish {
	const json_t *doc;
	const struct actor *actor;
	long long id;
};

static enum haven_status write_publish(db_conn *db, void *ctx)
{
	struct publish *p = ctx;
	char *text = json_dumps(p->doc, JSON_COMPACT);
	if (!text)
		return HAVEN_ERR_DB;
	enum haven_status st = db_integer_with(
	    db,
	    "INSERT INTO qa_standard_sets (kind, version, title, document) VALUES (?, ?, ?, ?) RETURNING id",
	    &p->id, DB_TEXT(json_string_value(json_object_get(p->doc, "kind"))),
	    DB_TEXT(json_string_value(json_object_get(p->doc, "version"))),
	    DB_TEXT(json_string_value(json_object_get(p->doc, "title"))), DB_TEXT(text));
	free(text);
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), p->actor, "qa.standards_publish", "qa_standard_set", p->id,
	                    json_string_value(json_object_get(p->doc, "version")));
}

enum haven_status assurance_publish(const json_t *doc, const struct actor *actor, long long *id)
{
	struct publish p = {doc, actor, 0};
	enum haven_status st = db_write(write_publish, &p);
	*id = p.id;
	return st;
}

enum haven_status assurance_load_demo_rows(void)
{
	return db_load_demo_sql("demo/assurance.sql", NULL, NULL);
}

enum haven_status assurance_standard_sets(json_t **out)
{
	return db_read_rows(out, "SELECT id, kind, version, title, published_at"
	                         " FROM qa_standard_sets ORDER BY id DESC");
}

/* ---- cycles ---- */

/*
 * Who leads on an agency's returns: an account of users u, not disabled,
 * holding one of the roles that follow (LEAD_ROLES: its DSLs and agency
 * administrators, who get the cycle's emails; DSL_ROLE: who alone completes
 * a school's Section 175/157 return). The cycle page's "no DSL" tag and the
 * job's emails (email_leads) ask the same question.
 */
#define LEADING                                                                                              \
	" u.disabled_at IS NULL AND EXISTS"                                                                  \
	" (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id AND ur.role IN "
#define LEAD_ROLES "('dsl', 'agency_admin'))"
#define DSL_ROLE "('dsl'))"

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
	return with_standards(
	    db_row_with(db_reader(),
	                "SELECT c.id, c.title, s.kind, s.version, c.opens_on, c.returns_due_on,"
	                " c.standard_set_id, s.document FROM qa_cycles c"
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

/* ---- returns ---- */

enum haven_status assurance_return_get(long long id, json_t **out)
{
	return with_standards(
	    db_row_with(db_reader(),
	                "SELECT r.id, r.cycle_id, r.agency_id, a.name AS agency, r.submitted_on,"
	                " r.governor_name, r.governor_signed_on, c.title, s.kind, c.opens_on,"
	                " c.returns_due_on, s.document FROM qa_returns r"
	                " JOIN qa_cycles c ON c.id = r.cycle_id"
	                " JOIN qa_standard_sets s ON s.id = c.standard_set_id"
	                " JOIN agencies a ON a.id = r.agency_id WHERE r.id = ?",
	                out, DB_INT(id)),
	    out);
}

enum haven_status assurance_return_scores(long long id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT standard_id, score, evidence, moderated_score, moderation_reason"
	                    " FROM qa_scores WHERE return_id = ? ORDER BY standard_id",
	                    DB_INT(id));
}

enum haven_status assurance_agency_returns(long long agency_id, json_t **out)
{
	return db_read_rows(
	    out,
	    "SELECT r.id, r.cycle_id, c.title, s.kind, c.opens_on, c.returns_due_on,"
	    " r.submitted_on, EXISTS (SELECT 1 FROM qa_scores q WHERE q.return_id = r.id) AS scored"
	    " FROM qa_returns r JOIN qa_cycles c ON c.id = r.cycle_id"
	    " JOIN qa_standard_sets s ON s.id = c.standard_set_id"
	    " WHERE r.agency_id = ? ORDER BY c.returns_due_on DESC, r.id DESC",
	    DB_INT(agency_id));
}

/* Whether return `id` is submitted: HAVEN_ERR_CONFLICT if it is, HAVEN_OK if not, NOT_FOUND if none. */
static enum haven_status still_open(db_conn *db, long long id)
{
	json_t *row = NULL;
	enum haven_status st =
	    db_row_with(db, "SELECT submitted_on FROM qa_returns WHERE id = ?", &row, DB_INT(id));
	if (st != HAVEN_OK)
		return st;
	bool submitted = json_is_string(json_object_get(row, "submitted_on"));
	json_decref(row);
	return submitted ? HAVEN_ERR_CONFLICT : HAVEN_OK;
}

/* Whether return `id` is submitted: HAVEN_OK if so, HAVEN_ERR_CONFLICT while a draft, NOT_FOUND if none. */
static enum haven_status submitted(db_conn *db, long long id)
{
	enum haven_status st = still_open(db, id);
	if (st == HAVEN_OK)
		return HAVEN_ERR_CONFLICT;
	return st == HAVEN_ERR_CONFLICT ? HAVEN_OK : st;
}

struct score {
	long long return_id;
	const char *standard_id, *score, *text; /* text: the evidence, or the moderation's reason */
	const struct actor *actor;
};

static enum haven_status write_score(db_conn *db, void *ctx)
{
	struct score *w = ctx;
	enum haven_status st = still_open(db, w->return_id);
	if (st != HAVEN_OK)
		return st;
	if ((st = db_exec_with(
	         db,
	         "INSERT INTO qa_scores (return_id, standard_id, score, evidence) VALUES (?, ?, ?, ?)"
	         " ON CONFLICT (return_id, standard_id) DO UPDATE SET score = excluded.score,"
	         " evidence = excluded.evidence",
	         DB_INT(w->return_id), DB_TEXT(w->standard_id), DB_TEXT(w->score), DB_TEXT(w->text))) !=
	    HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.score_save", "qa_return", w->return_id, w->standard_id);
}

enum haven_status assurance_score_save(long long return_id, const char *standard_id, const char *score,
                                       const char *evidence, const struct actor *actor)
{
	struct score w = {return_id, standard_id, score, evidence, actor};
	return db_write(write_score, &w);
}

struct submit {
	const struct assurance_submission *s;
	const struct actor *actor;
};

static enum haven_status write_submit(db_conn *db, void *ctx)
{
	struct submit *w = ctx;
	enum haven_status st = still_open(db, w->s->return_id);
	if (st != HAVEN_OK)
		return st;
	json_t *row = NULL;
	if ((st = db_row_with(db, "SELECT count(*) AS n FROM qa_scores WHERE return_id = ?", &row,
	                      DB_INT(w->s->return_id))) != HAVEN_OK)
		return st;
	long long scored = json_integer_value(json_object_get(row, "n"));
	json_decref(row);
	if (scored < w->s->standards)
		return HAVEN_ERR_INVALID;
	if ((st = db_exec_with(db,
	                       "UPDATE qa_returns SET submitted_on = ?, submitted_by = ?,"
	                       " governor_name = ?, governor_signed_on = ? WHERE id = ?",
	                       DB_TEXT(w->s->today), actor_user(w->actor), DB_TEXT(w->s->governor_name),
	                       DB_TEXT(w->s->governor_signed_on), DB_INT(w->s->return_id))) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.return_submit", "qa_return", w->s->return_id, NULL);
}

enum haven_status assurance_return_submit(const struct assurance_submission *s, const struct actor *actor)
{
	struct submit w = {s, actor};
	return db_write(write_submit, &w);
}

static enum haven_status write_moderate(db_conn *db, void *ctx)
{
	struct score *w = ctx;
	/* a draft is the agency's until it is submitted */
	enum haven_status st = submitted(db, w->return_id);
	if (st != HAVEN_OK)
		return st;
	json_t *row = NULL;
	if ((st = db_row_with(
	         db,
	         "UPDATE qa_scores SET moderated_score = ?, moderation_reason = ?, moderated_by = ?"
	         " WHERE return_id = ? AND standard_id = ? RETURNING 1",
	         &row, DB_TEXT(w->score), DB_TEXT(w->text), actor_user(w->actor), DB_INT(w->return_id),
	         DB_TEXT(w->standard_id))) != HAVEN_OK)
		return st;
	json_decref(row);
	return audit_record(db_tx(db), w->actor, "qa.moderate", "qa_return", w->return_id, w->standard_id);
}

enum haven_status assurance_moderate(long long return_id, const char *standard_id, const char *score,
                                     const char *reason, const struct actor *actor)
{
	struct score w = {return_id, standard_id, score, reason, actor};
	return db_write(write_moderate, &w);
}

static enum haven_status write_moderation_confirm(db_conn *db, void *ctx)
{
	struct score *w = ctx;
	enum haven_status st = submitted(db, w->return_id);
	if (st != HAVEN_OK)
		return st;
	if ((st = db_exec_with(db,
	                       "UPDATE qa_scores SET moderated_score = score, moderated_by = ?"
	                       " WHERE return_id = ? AND moderated_score IS NULL",
	                       actor_user(w->actor), DB_INT(w->return_id))) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.moderation_confirm", "qa_return", w->return_id, NULL);
}

enum haven_status assurance_moderation_confirm(long long return_id, const struct actor *actor)
{
	struct score w = {return_id, NULL, NULL, NULL, actor};
	return db_write(write_moderation_confirm, &w);
}

/* ---- results and tasks ---- */

enum haven_status assurance_results(long long cycle_id, json_t **out)
{
	return db_read_rows(
	    out,
	    "SELECT r.id AS return_id, r.agency_id, a.name AS agency, l.name AS la, r.submitted_on,"
	    " q.standard_id, q.score, q.moderated_score FROM qa_returns r"
	    " JOIN agencies a ON a.id = r.agency_id"
	    " LEFT JOIN local_authorities l ON l.code = a.la_code"
	    " JOIN qa_scores q ON q.return_id = r.id"
	    " WHERE r.cycle_id = ? AND r.submitted_on IS NOT NULL"
	    " ORDER BY l.name, a.name, r.id",
	    DB_INT(cycle_id));
}

enum haven_status assurance_returns_due(long long agency_id, const char *today, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT r.id, c.title, c.returns_due_on FROM qa_returns r"
	                    " JOIN qa_cycles c ON c.id = r.cycle_id WHERE r.agency_id = ?"
	                    " AND r.submitted_on IS NULL AND c.opens_on <= ? ORDER BY c.returns_due_on, r.id",
	                    DB_INT(agency_id), DB_TEXT(today));
}

enum haven_status assurance_returns_to_moderate(json_t **out)
{
	*out = db_rows(db_prepare(
	    db_reader(), "SELECT r.id, c.title, a.name AS agency, r.submitted_on FROM qa_returns r"
	                 " JOIN qa_cycles c ON c.id = r.cycle_id JOIN agencies a ON a.id = r.agency_id"
	                 " WHERE r.submitted_on IS NOT NULL AND EXISTS (SELECT 1 FROM qa_scores q"
	                 "   WHERE q.return_id = r.id AND q.moderated_score IS NULL)"
	                 " ORDER BY r.submitted_on, r.id"));
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}

/* ---- the job's emails ---- */

/* Returns due a reminder: not submitted, open, due from ?1 to ?2, not reminded; at most ?3. */
static const char reminders_due[] =
    "SELECT r.id, r.agency_id, r.cycle_id, s.kind, c.title, c.returns_due_on AS due FROM qa_returns r"
    " JOIN qa_cycles c ON c.id = r.cycle_id JOIN qa_standard_sets s ON s.id = c.standard_set_id"
    " WHERE r.submitted_on IS NULL AND c.opens_on <= ?1"
    " AND c.returns_due_on BETWEEN ?1 AND ?2 AND NOT EXISTS (SELECT 1 FROM qa_return_emails e"
    "   WHERE e.return_id = r.id AND e.kind = 'reminder') ORDER BY r.id LIMIT ?3";
DB_REGISTER(reminders_due);

/* Returns due a chase: not submitted, due before ?1, not chased after ?2; at most ?3. */
static const char overdue_due[] =
    "SELECT r.id, r.agency_id, r.cycle_id, s.kind, c.title, c.returns_due_on AS due FROM qa_returns r"
    " JOIN qa_cycles c ON c.id = r.cycle_id JOIN qa_standard_sets s ON s.id = c.standard_set_id"
    " WHERE r.submitted_on IS NULL AND c.returns_due_on < ?1"
    " AND NOT EXISTS (SELECT 1 FROM qa_return_emails e WHERE e.return_id = r.id AND e.kind = 'overdue'"
    "   AND e.sent_on > ?2) ORDER BY r.id LIMIT ?3";
DB_REGISTER(overdue_due);

struct job_emails {
	const char *due, *kind, *template;
	const char *today, *bound;
	int limit, *count;
};

/*
 * The partnership team (whoever holds qa.manage: the partnership role), told
 * once for cycle `cycle_id` that an agency of it has nobody on Haven to
 * receive its emails (`template`: a school's words, with nobody to complete
 * its return either, or another agency's). The cycle's row of
 * qa_cycle_no_lead_told is written in the same unit, so a second such
 * agency, or the next run, tells nobody again.
 */
static enum haven_status tell_partnership(db_conn *db, long long cycle_id, const char *template,
                                          const char *today)
{
	json_t *row = NULL;
	enum haven_status st =
	    db_row_with(db,
	                "INSERT INTO qa_cycle_no_lead_told (cycle_id, told_on) VALUES (?, ?)"
	                " ON CONFLICT (cycle_id) DO NOTHING RETURNING cycle_id",
	                &row, DB_INT(cycle_id), DB_TEXT(today));
	if (st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_OK; /* told already */
	json_decref(row);
	if (st != HAVEN_OK)
		return st;
	json_t *team = db_rows_with(db, "SELECT u.email FROM users u WHERE u.disabled_at IS NULL AND EXISTS"
	                                " (SELECT 1 FROM user_roles ur WHERE ur.user_id = u.id"
	                                "  AND ur.role = 'partnership') ORDER BY u.id");
	if (!team)
		return HAVEN_ERR_DB;
	char path[64];
	snprintf(path, sizeof path, "/quality-assurance/cycles/%lld", cycle_id);
	char *link = mail_link(path);
	/* fixed words and the cycle's link: neither the agency nor any person is named */
	json_t *model = json_pack("{s:s}", "link", link ? link : path);
	free(link);
	st = mail_enqueue_each(db_tx(db), template, model, team);
	json_decref(model);
	json_decref(team);
	return st;
}

/*
 * Queues one email about return `r` (a row of reminders_due or overdue_due)
 * to each person who leads on it in its agency. A school's Section 175/157
 * return is completed by its DSL alone: with none on Haven the email (then
 * its agency administrators') says so. With nobody to email, a school or
 * any other agency (a Section 11 agency whose people hold neither role, or
 * that has nobody on Haven), the partnership team is told instead
 * (tell_partnership), in words for its kind.
 */
static enum haven_status email_leads(db_conn *db, json_t *r, const char *template, const char *today)
{
	json_t *people = db_rows_with(
	    db,
	    "SELECT u.email, EXISTS (SELECT 1 FROM user_roles d WHERE d.user_id = u.id AND d.role = 'dsl')"
	    " AS dsl FROM users u WHERE u.agency_id = ? AND" LEADING LEAD_ROLES " ORDER BY u.id",
	    DB_INT(json_integer_value(json_object_get(r, "agency_id"))));
	if (!people)
		return HAVEN_ERR_DB;
	bool schools = strcmp(json_string_value(json_object_get(r, "kind")), "section175") == 0;
	bool dsl = false;
	size_t i;
	json_t *p;
	json_array_foreach(people, i, p) dsl = dsl || json_integer_value(json_object_get(p, "dsl")) != 0;
	json_object_set_new(r, "no_dsl", json_boolean(schools && !dsl));
	enum haven_status st =
	    json_array_size(people) == 0
	        ? tell_partnership(db, json_integer_value(json_object_get(r, "cycle_id")),
	                           schools ? "assurance/no-lead" : "assurance/no-lead-agency", today)
	        : mail_enqueue_each(db_tx(db), template, r, people);
	json_decref(people);
	return st;
}

static enum haven_status write_job_emails(db_conn *db, void *ctx)
{
	struct job_emails *w = ctx;
	json_t *due = db_rows_values(db_prepare_registered(db, w->due),
	                             DB_VALUES(DB_TEXT(w->today), DB_TEXT(w->bound), DB_INT(w->limit)));
	if (!due)
		return HAVEN_ERR_DB;
	enum haven_status st = HAVEN_OK;
	size_t i;
	json_t *r;
	json_array_foreach(due, i, r)
	{
		/* the cycle's title and return date: about the audit, not a person (mail.h) */
		st = email_leads(db, r, w->template, w->today);
		if (st != HAVEN_OK)
			break;
		if ((st = db_exec_with(
		         db, "INSERT INTO qa_return_emails (return_id, kind, sent_on) VALUES (?, ?, ?)",
		         DB_INT(json_integer_value(json_object_get(r, "id"))), DB_TEXT(w->kind),
		         DB_TEXT(w->today))) != HAVEN_OK)
			break;
	}
	*w->count = st == HAVEN_OK ? (int)json_array_size(due) : 0;
	json_decref(due);
	return st;
}

enum haven_status assurance_queue_reminders(const char *today, const char *until, int limit, int *queued)
{
	*queued = 0;
	struct job_emails w = {reminders_due, "reminder", "assurance/reminder", today, until, limit, queued};
	return db_write(write_job_emails, &w);
}

enum haven_status assurance_queue_overdue(const char *today, const char *chased_after, int limit, int *queued)
{
	*queued = 0;
	struct job_emails w = {overdue_due, "overdue", "assurance/overdue", today, chased_after,
	                       limit,       queued};
	return db_write(write_job_emails, &w);
}

/* ---- challenge events ---- */

struct challenge {
	long long return_id, id;
	const char *text, *today;
	const struct actor *actor;
};

static enum haven_status write_ask(db_conn *db, void *ctx)
{
	struct challenge *w = ctx;
	/* a draft is not challenged: it is not the agency's answer yet */
	enum haven_status st = submitted(db, w->return_id);
	if (st != HAVEN_OK)
		return st;
	if ((st = db_integer_with(db,
	                          "INSERT INTO qa_challenges (return_id, question, asked_by, asked_on) "
	                          "VALUES (?, ?, ?, ?) RETURNING id",
	                          &w->id, DB_INT(w->return_id), DB_TEXT(w->text), actor_user(w->actor),
	                          DB_TEXT(w->today))) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.challenge_ask", "qa_return", w->return_id, NULL);
}

enum haven_status assurance_challenge_ask(long long return_id, const char *question, const char *today,
                                          const struct actor *actor, long long *id)
{
	struct challenge w = {return_id, 0, question, today, actor};
	enum haven_status st = db_write(write_ask, &w);
	*id = w.id;
	return st;
}

static enum haven_status write_answer(db_conn *db, void *ctx)
{
	struct challenge *w = ctx;
	json_t *row = NULL;
	enum haven_status st =
	    db_row_with(db, "SELECT answer FROM qa_challenges WHERE id = ? AND return_id = ?", &row,
	                DB_INT(w->id), DB_INT(w->return_id));
	if (st != HAVEN_OK)
		return st;
	bool answered = json_is_string(json_object_get(row, "answer"));
	json_decref(row);
	if (answered)
		return HAVEN_ERR_CONFLICT;
	if ((st = db_exec_with(
	         db, "UPDATE qa_challenges SET answer = ?, answered_by = ?, answered_on = ? WHERE id = ?",
	         DB_TEXT(w->text), actor_user(w->actor), DB_TEXT(w->today), DB_INT(w->id))) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.challenge_answer", "qa_return", w->return_id, NULL);
}

enum haven_status assurance_challenge_answer(long long return_id, long long challenge_id, const char *answer,
                                             const char *today, const struct actor *actor)
{
	struct challenge w = {return_id, challenge_id, answer, today, actor};
	return db_write(write_answer, &w);
}

enum haven_status assurance_questions_due(long long agency_id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT q.id, q.return_id, q.asked_on, c.title FROM qa_challenges q"
	                    " JOIN qa_returns r ON r.id = q.return_id JOIN qa_cycles c ON c.id = r.cycle_id"
	                    " WHERE r.agency_id = ? AND q.answer IS NULL ORDER BY q.id LIMIT 200",
	                    DB_INT(agency_id));
}

enum haven_status assurance_challenges(long long return_id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT id, question, asked_on, answer, answered_on FROM qa_challenges"
	                    " WHERE return_id = ? ORDER BY id",
	                    DB_INT(return_id));
}

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
	enum haven_status st = submitted(db, w->a->return_id);
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

/* ---- the records that evidence documents are attached to ---- */

enum haven_status assurance_return_standards(long long id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT id, standard_id FROM qa_return_standards WHERE return_id = ? ORDER BY id",
	                    DB_INT(id));
}

enum haven_status assurance_return_standard_get(long long id, json_t **out)
{
	return db_row_with(db_reader(),
	                   "SELECT id, return_id, standard_id FROM qa_return_standards WHERE id = ?", out,
	                   DB_INT(id));
}
