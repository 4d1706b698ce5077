/*
 * case_audits_sqlite.c (assurance) — the SQLite side of case_audits.h:
 * multi-agency case audits (migration 0083). Every change writes its audit
 * row in its own unit of work.
 */
#include "areas/assurance/case_audits.h"

#include <stdio.h>
#include <string.h>

#include "app/record_lists_sqlite.h"
#include "areas/assurance/actor_sqlite.h"
#include "auth/audit.h"
#include "core/json_sort.h"
#include "router/errors.h"
#include "store/changed_row_sqlite.h"
#include "store/db.h"
#include "store/row_found_sqlite.h"

/* ---- making an audit ---- */

struct create {
	const struct assurance_new_case_audit *a;
	const struct actor *actor;
	json_t *errors;
	long long id;
};

/* Two record numbers (json_t *const *), lower first. */
static int by_number(const void *a, const void *b)
{
	json_int_t x = json_integer_value(*(json_t *const *)a), y = json_integer_value(*(json_t *const *)b);
	return (x > y) - (x < y);
}

/*
 * Adds each record number typed to the sample, as it is: not checked against
 * the register, nor against the agencies that work with the child, so that
 * making an audit answers the same whatever a number is (need to know: the
 * maker may not learn who works with a child, nor whether a number is one).
 * A number no named agency works with is a case no one answers, which the
 * panel cannot tell from one not answered yet (docs/architecture.md).
 * Added in the order of their numbers, so each case's own number (its id,
 * what its tasks and alerts are about) follows its number in the audit.
 */
static enum haven_status add_children(db_conn *db, struct create *w)
{
	json_t *in_order = json_copy((json_t *)w->a->children); /* jansson takes no const */
	json_sort_array(in_order, by_number);
	size_t i;
	json_t *v;
	enum haven_status st = HAVEN_OK;
	json_array_foreach(in_order, i, v)
	{
		st = db_exec_with(db,
		                  "INSERT INTO qa_case_audit_children (audit_id, child_id, on_register)"
		                  " VALUES (?1, ?2, CASE WHEN EXISTS (SELECT 1 FROM children WHERE id = ?2)"
		                  " THEN 1 ELSE 0 END) ON CONFLICT (audit_id, child_id) DO NOTHING",
		                  DB_INT(w->id), DB_INT(json_integer_value(v)));
		if (st != HAVEN_OK)
			break;
	}
	json_decref(in_order);
	return st;
}

/*
 * The roles that may record an agency's findings on a case (qa.case_audit.findings:
 * ROLE_CASE_AUDITORS in area.c, the child workers less the partnership's own
 * role), as SQL; the panel may be named too, but records none.
 */
#define CASE_AUDITOR_ROLES "'practitioner', 'front_door', 'police', 'dsl', 'idva'"

/*
 * The account (*user) of `email`, box `item` of "auditors", if it may audit
 * cases, else 0 and an error naming the box in `errors`. Only a role that works
 * with children's records (ROLE_CHILD_WORKERS, auth/policy.h): an audit shows
 * its auditors children's names and other agencies' findings, so an agency
 * administrator or the scrutineer named would see children they may not
 * otherwise. The same answer for no account and for one that may not audit, so
 * the form finds out nothing.
 */
static enum haven_status may_audit(db_conn *db, const json_t *email, size_t item, json_t *errors,
                                   long long *user)
{
	*user = 0;
	enum haven_status st = db_integer_with(
	    db,
	    "SELECT u.id FROM users u WHERE u.email = ? AND u.disabled_at IS NULL AND EXISTS"
	    " (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role IN (" CASE_AUDITOR_ROLES
	    ", 'partnership'))",
	    user, DB_TEXT(json_string_value(email)));
	if (st != HAVEN_ERR_NOT_FOUND)
		return st;
	char message[400];
	snprintf(message, sizeof message, "%s is not someone who can audit cases: check the email",
	         json_string_value(email));
	errors_add_entry(errors, "auditors", item, message);
	*user = 0;
	return HAVEN_OK;
}

enum haven_status assurance_case_audit_auditors_check(const json_t *emails, json_t *errors)
{
	size_t i;
	json_t *v;
	json_array_foreach(emails, i, v)
	{
		long long user;
		enum haven_status st = may_audit(db_reader(), v, i, errors, &user);
		if (st != HAVEN_OK)
			return st;
	}
	return HAVEN_OK;
}

/*
 * Adds each person named, checking as it goes (an email that is not someone
 * who may audit becomes an error naming its field, and the unit is undone),
 * then the sample as typed.
 */
static enum haven_status write_create(db_conn *db, void *ctx)
{
	struct create *w = ctx;
	enum haven_status st = db_integer_with(
	    db,
	    "INSERT INTO qa_case_audits (title, theme, findings_due_on, created_by) VALUES (?, ?, ?, ?)"
	    " RETURNING id",
	    &w->id, DB_TEXT(w->a->title), DB_TEXT(w->a->theme), DB_TEXT(w->a->findings_due_on),
	    actor_user(w->actor));
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *v;
	json_array_foreach(w->a->auditors, i, v)
	{
		long long user = 0;
		if ((st = may_audit(db, v, i, w->errors, &user)) != HAVEN_OK)
			return st;
		if (user > 0 &&
		    (st = db_exec_with(db,
		                       "INSERT INTO qa_case_audit_auditors (audit_id, user_id)"
		                       " VALUES (?, ?) ON CONFLICT (audit_id, user_id) DO NOTHING",
		                       DB_INT(w->id), DB_INT(user))) != HAVEN_OK)
			return st;
	}
	if (json_array_size(w->errors) > 0)
		return HAVEN_ERR_INVALID;
	if ((st = add_children(db, w)) != HAVEN_OK)
		return st;
	/* whoever makes the audit chairs its panel, so is named for it too */
	if (w->actor && w->actor->user_id > 0 &&
	    (st = db_exec_with(db,
	                       "INSERT INTO qa_case_audit_auditors (audit_id, user_id) VALUES (?, ?)"
	                       " ON CONFLICT (audit_id, user_id) DO NOTHING",
	                       DB_INT(w->id), DB_INT(w->actor->user_id))) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.case_audit_create", "qa_case_audit", w->id, NULL);
}

enum haven_status assurance_case_audit_create(const struct assurance_new_case_audit *a,
                                              const struct actor *actor, long long *id, json_t **errors)
{
	struct create w = {a, actor, json_array(), 0};
	enum haven_status st = db_write(write_create, &w);
	*id = st == HAVEN_OK ? w.id : 0;
	if (st == HAVEN_ERR_INVALID)
		*errors = w.errors;
	else
		json_decref(w.errors);
	return st;
}

/* ---- reading ---- */

/*
 * The one rule of who is asked for findings on a case (c): each agency with
 * someone named for the audit (n, u) who may record its findings (a role of
 * CASE_AUDITOR_ROLES, as the access rule qa.case_audit.findings allows) and
 * that works with the child (child_links), the case being a child on the
 * register. Its findings task (assurance_case_audit_findings_due), the case's
 * list of agencies yet to answer (assurance_case_audit_get's "asked") and the
 * panel's "Are you sure?" on a case it may identify all come from it. Why the
 * named person's roles: the chair is named on every audit and records no
 * findings, so the partnership's own agency, once it worked with a child, was
 * waited on for ever, and named in the panel's "Are you sure?" (December
 * 2026); the roles are what the access rule itself decides by, so the two
 * cannot disagree (an agency's type would be a second account of it), and
 * none of them is given in the partnership's agency (policy_role_agency_problem,
 * auth/policy.c), so it is never asked. The caller adds its conditions after
 * it (it ends in a WHERE).
 */
#define ASKED_FOR_FINDINGS                                                                                   \
	" qa_case_audit_children c JOIN qa_case_audit_auditors n ON n.audit_id = c.audit_id"                 \
	" JOIN users u ON u.id = n.user_id JOIN child_links l ON l.child_id = c.child_id"                    \
	"  AND l.agency_id = u.agency_id WHERE c.on_register = 1 AND EXISTS (SELECT 1 FROM user_roles r"     \
	"  WHERE r.user_id = u.id AND r.role IN (" CASE_AUDITOR_ROLES "))"

/* An action as the audit and its own form show it. */
#define ACTION_COLUMNS                                                                                       \
	"id, audit_id, action, owner, due_on, status, completion_evidence, impact_evidence, done_on"

enum haven_status assurance_case_audits_of(long long user_id, long long agency_id, json_t **out)
{
	return db_read_rows(
	    out,
	    "SELECT a.id, a.title, a.theme, substr(a.created_at, 1, 10) AS created_on, a.findings_due_on,"
	    " (SELECT count(*) FROM qa_case_audit_children c WHERE c.audit_id = a.id) AS cases,"
	    " (SELECT count(*) FROM qa_case_audit_children c WHERE c.audit_id = a.id AND c.on_register = 1"
	    "  AND EXISTS (SELECT 1"
	    "  FROM child_links l WHERE l.child_id = c.child_id AND l.agency_id = ?)) AS cases_known"
	    " FROM qa_case_audits a JOIN qa_case_audit_auditors n ON n.audit_id = a.id"
	    " WHERE n.user_id = ? ORDER BY a.id DESC",
	    DB_INT(agency_id), DB_INT(user_id));
}

/*
 * The sample as viewer agency ?1 may see it (case_audits.h): each case's
 * number in the sample (by record number, so the order says nothing of the
 * names), whether the agency works with the child, and the child's names and
 * date of birth only then; the cases the agency does not work with only when
 * ?3 is 1 (the panel). A case is the number typed, which may be no child on
 * the register (the left join), shown like any case no named agency answers.
 */
static const char audit_children[] =
    "SELECT s.id, s.case_number, s.known, CASE WHEN s.known = 1 THEN ch.given_name END AS given_name,"
    " CASE WHEN s.known = 1 THEN ch.family_name END AS family_name,"
    " CASE WHEN s.known = 1 THEN ch.date_of_birth END AS date_of_birth,"
    " g.grade AS panel_grade, g.learning AS panel_learning"
    " FROM (SELECT c.audit_id, c.child_id AS id, row_number() OVER (ORDER BY c.child_id) AS case_number,"
    "  CASE WHEN c.on_register = 1 AND EXISTS (SELECT 1 FROM child_links l WHERE l.child_id = c.child_id"
    "  AND l.agency_id = ?1)"
    "  THEN 1 ELSE 0 END AS known FROM qa_case_audit_children c WHERE c.audit_id = ?2) s"
    " LEFT JOIN children ch ON ch.id = s.id"
    " LEFT JOIN qa_case_audit_gradings g ON g.audit_id = s.audit_id AND g.child_id = s.id"
    " WHERE s.known = 1 OR ?3 = 1 ORDER BY s.case_number";
DB_REGISTER(audit_children);

enum haven_status assurance_case_audit_get(long long id, long long agency_id, bool every_case, json_t **out)
{
	const struct record_list lists[] = {
	    {"findings",
	     DB_SQL("SELECT f.child_id, f.agency_id, ag.name AS agency, f.grade, f.what_went_well,"
	            " f.what_could_be_better, f.child_voice, substr(f.recorded_at, 1, 10) AS recorded_on"
	            " FROM qa_case_audit_findings f JOIN agencies ag ON ag.id = f.agency_id"
	            " WHERE f.audit_id = ? ORDER BY f.child_id, ag.name")},
	    {"auditors", DB_SQL("SELECT u.name, u.email, ag.name AS agency FROM qa_case_audit_auditors n"
	                        " JOIN users u ON u.id = n.user_id JOIN agencies ag ON ag.id = u.agency_id"
	                        " WHERE n.audit_id = ? ORDER BY ag.name, u.name")},
	    /* each case's agencies asked for its findings (ASKED_FOR_FINDINGS); the handler names them only
	     * to a viewer whose agency works with the child (case_audits.c, audit_model) */
	    {"asked",
	     DB_SQL("SELECT DISTINCT c.child_id, u.agency_id,"
	            " (SELECT name FROM agencies WHERE id = u.agency_id) AS agency FROM" ASKED_FOR_FINDINGS
	            " AND c.audit_id = ? ORDER BY c.child_id, agency")},
	    {"actions", DB_SQL("SELECT " ACTION_COLUMNS " FROM qa_case_audit_actions WHERE audit_id = ?"
	                       " ORDER BY id")},
	    {0}};
	enum haven_status st = record_read_with_lists(
	    out,
	    DB_SQL(
	        "SELECT a.id, a.title, a.theme, substr(a.created_at, 1, 10) AS created_on, a.findings_due_on"
	        " FROM qa_case_audits a WHERE a.id = ?"),
	    id, lists);
	if (st != HAVEN_OK)
		return st;
	json_t *children = NULL;
	if ((st = db_read_rows_values(
	         &children, db_prepare_registered(db_reader(), audit_children),
	         DB_VALUES(DB_INT(agency_id), DB_INT(id), DB_INT(every_case ? 1 : 0)))) != HAVEN_OK) {
		json_decref(*out);
		*out = NULL;
		return st;
	}
	json_object_set_new(*out, "children", children);
	return HAVEN_OK;
}

/* ---- findings, grading and actions ---- */

/* HAVEN_ERR_NOT_FOUND unless `child` is in audit `audit`'s sample; HAVEN_ERR_CONFLICT once the panel graded
 * it. */
static enum haven_status child_open(db_conn *db, long long audit, long long child)
{
	enum haven_status st = row_found_with(db,
	                                      "SELECT count(*) FROM qa_case_audit_children WHERE audit_id = "
	                                      "? AND child_id = ? AND on_register = 1",
	                                      DB_INT(audit), DB_INT(child));
	if (st == HAVEN_OK)
		st = none_found_with(
		    db, "SELECT count(*) FROM qa_case_audit_gradings WHERE audit_id = ? AND child_id = ?",
		    DB_INT(audit), DB_INT(child));
	return st;
}

struct finding {
	const struct assurance_case_finding *f;
	const struct actor *actor;
};

/* An agency answers only for a child it works with (need to know: it is asked about its own work). */
static enum haven_status write_finding(db_conn *db, void *ctx)
{
	struct finding *w = ctx;
	enum haven_status st =
	    row_found_with(db, "SELECT count(*) FROM child_links WHERE child_id = ? AND agency_id = ?",
	                   DB_INT(w->f->child_id), DB_INT(w->actor->agency_id));
	if (st == HAVEN_OK)
		st = child_open(db, w->f->audit_id, w->f->child_id);
	if (st == HAVEN_ERR_CONFLICT)
		/* graded: an agency that had not answered still may, once (its task waited); findings the
		 * panel graded on are never changed */
		st = none_found_with(db,
		                     "SELECT count(*) FROM qa_case_audit_findings"
		                     " WHERE audit_id = ? AND child_id = ? AND agency_id = ?",
		                     DB_INT(w->f->audit_id), DB_INT(w->f->child_id),
		                     DB_INT(w->actor->agency_id));
	if (st != HAVEN_OK)
		return st;
	char now[DB_TIME_SIZE];
	db_now_text(now);
	st = db_exec_with(
	    db,
	    "INSERT INTO qa_case_audit_findings (audit_id, child_id, agency_id, grade, what_went_well,"
	    " what_could_be_better, child_voice, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
	    " ON CONFLICT (audit_id, child_id, agency_id) DO UPDATE SET grade = excluded.grade,"
	    " what_went_well = excluded.what_went_well, what_could_be_better = excluded.what_could_be_better,"
	    " child_voice = excluded.child_voice, recorded_by = excluded.recorded_by,"
	    " recorded_at = excluded.recorded_at",
	    DB_INT(w->f->audit_id), DB_INT(w->f->child_id), DB_INT(w->actor->agency_id), DB_TEXT(w->f->grade),
	    DB_TEXT(w->f->what_went_well), DB_TEXT(w->f->what_could_be_better), DB_TEXT(w->f->child_voice),
	    actor_user(w->actor), DB_TEXT(now));
	if (st != HAVEN_OK)
		return st;
	char reason[40];
	snprintf(reason, sizeof reason, "child %lld", w->f->child_id);
	return audit_record(db_tx(db), w->actor, "qa.case_audit_finding", "qa_case_audit", w->f->audit_id,
	                    reason);
}

enum haven_status assurance_case_audit_finding(const struct assurance_case_finding *f,
                                               const struct actor *actor)
{
	struct finding w = {f, actor};
	return db_write(write_finding, &w);
}

struct grading {
	long long audit_id, child_id;
	const char *grade, *learning;
	const struct actor *actor;
};

static enum haven_status write_grading(db_conn *db, void *ctx)
{
	struct grading *w = ctx;
	enum haven_status st = child_open(db, w->audit_id, w->child_id);
	if (st != HAVEN_OK)
		return st;
	/* the panel grades a child on the agencies' findings: none yet cannot be graded */
	st = row_found_with(db,
	                    "SELECT count(*) FROM qa_case_audit_findings WHERE audit_id = ? AND child_id = ?",
	                    DB_INT(w->audit_id), DB_INT(w->child_id));
	if (st != HAVEN_OK)
		return st == HAVEN_ERR_NOT_FOUND ? HAVEN_ERR_INVALID : st;
	if ((st = db_exec_with(
	         db,
	         "INSERT INTO qa_case_audit_gradings (audit_id, child_id, grade, learning, graded_by)"
	         " VALUES (?, ?, ?, ?, ?)",
	         DB_INT(w->audit_id), DB_INT(w->child_id), DB_TEXT(w->grade), DB_TEXT(w->learning),
	         actor_user(w->actor))) != HAVEN_OK)
		return st;
	char reason[40];
	snprintf(reason, sizeof reason, "child %lld", w->child_id);
	return audit_record(db_tx(db), w->actor, "qa.case_audit_grade", "qa_case_audit", w->audit_id, reason);
}

enum haven_status assurance_case_audit_grade(long long audit_id, long long child_id, const char *grade,
                                             const char *learning, const struct actor *actor)
{
	struct grading w = {audit_id, child_id, grade, learning, actor};
	return db_write(write_grading, &w);
}

struct action {
	long long audit_id;
	const char *action, *owner_email, *due_on;
	const struct actor *actor;
	long long id;
};

/* The owner must be named for the audit, so that they can open it to see and change the action. */
static enum haven_status write_action(db_conn *db, void *ctx)
{
	struct action *w = ctx;
	long long owner = 0;
	enum haven_status st =
	    db_integer_with(db,
	                    "SELECT u.id FROM qa_case_audit_auditors n JOIN users u ON u.id = n.user_id"
	                    " WHERE n.audit_id = ? AND u.email = ?",
	                    &owner, DB_INT(w->audit_id), DB_TEXT(w->owner_email));
	if (st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_ERR_INVALID;
	if (st != HAVEN_OK)
		return st;
	st = db_integer_with(db,
	                     "INSERT INTO qa_case_audit_actions (audit_id, action, owner, owner_id, due_on,"
	                     " created_by) SELECT ?, ?, name, id, ?, ? FROM users WHERE id = ? RETURNING id",
	                     &w->id, DB_INT(w->audit_id), DB_TEXT(w->action), DB_TEXT(w->due_on),
	                     actor_user(w->actor), DB_INT(owner));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.case_audit_action", "qa_case_audit", w->audit_id, NULL);
}

enum haven_status assurance_case_audit_action(long long audit_id, const char *action, const char *owner_email,
                                              const char *due_on, const struct actor *actor, long long *id)
{
	struct action w = {audit_id, action, owner_email, due_on, actor, 0};
	enum haven_status st = db_write(write_action, &w);
	*id = w.id;
	return st;
}

enum haven_status assurance_case_audit_action_get(long long audit_id, long long action_id, json_t **out)
{
	return db_row_with(
	    db_reader(),
	    "SELECT x.id, x.audit_id, a.title AS audit_title, x.action, x.owner, x.due_on, x.status,"
	    " x.completion_evidence, x.impact_evidence, x.done_on FROM qa_case_audit_actions x"
	    " JOIN qa_case_audits a ON a.id = x.audit_id WHERE x.id = ? AND x.audit_id = ?",
	    out, DB_INT(action_id), DB_INT(audit_id));
}

struct action_update {
	const struct assurance_case_action_update *u;
	const struct actor *actor;
};

static enum haven_status write_action_update(db_conn *db, void *ctx)
{
	struct action_update *w = ctx;
	enum haven_status st = exec_changed_or(
	    db,
	    "UPDATE qa_case_audit_actions SET status = ?, completion_evidence = ?, impact_evidence = ?,"
	    " done_on = ? WHERE id = ? AND audit_id = ?",
	    HAVEN_ERR_NOT_FOUND, DB_TEXT(w->u->status), DB_TEXT(w->u->completion_evidence),
	    DB_TEXT(w->u->impact_evidence), DB_TEXT(w->u->done_on), DB_INT(w->u->action_id),
	    DB_INT(w->u->audit_id));
	if (st != HAVEN_OK)
		return st;
	char reason[60];
	snprintf(reason, sizeof reason, "action %lld: %s", w->u->action_id, w->u->status);
	return audit_record(db_tx(db), w->actor, "qa.case_audit_action_update", "qa_case_audit_action",
	                    w->u->action_id, reason);
}

enum haven_status assurance_case_audit_action_update(const struct assurance_case_action_update *u,
                                                     const struct actor *actor)
{
	struct action_update w = {u, actor};
	return db_write(write_action_update, &w);
}

enum haven_status assurance_case_audit_actions_due(long long user_id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT x.id, x.audit_id, a.title, x.due_on FROM qa_case_audit_actions x"
	                    " JOIN qa_case_audits a ON a.id = x.audit_id"
	                    " WHERE x.owner_id = ? AND x.status <> 'done' ORDER BY x.due_on, x.id LIMIT 200",
	                    DB_INT(user_id));
}

struct findings_due {
	long long audit_id;
	const char *on;
	const struct actor *actor;
};

static enum haven_status write_findings_due(db_conn *db, void *ctx)
{
	struct findings_due *w = ctx;
	json_t *row = NULL;
	/* whatever the agencies have answered: refusing once none was left to chase told a panel that may not
	 * identify a case whether an agency that works with it had yet to answer (case_audits.h) */
	enum haven_status st =
	    db_row_with(db, "SELECT id FROM qa_case_audits WHERE id = ?", &row, DB_INT(w->audit_id));
	if (st != HAVEN_OK)
		return st;
	json_decref(row);
	if ((st = db_exec_with(db, "UPDATE qa_case_audits SET findings_due_on = ? WHERE id = ?",
	                       DB_TEXT(w->on), DB_INT(w->audit_id))) != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), w->actor, "qa.case_audit_findings_due", "qa_case_audit", w->audit_id,
	                    w->on);
}

enum haven_status assurance_case_audit_findings_due_set(long long audit_id, const char *findings_due_on,
                                                        const struct actor *actor)
{
	struct findings_due w = {audit_id, findings_due_on, actor};
	return db_write(write_findings_due, &w);
}

/* ---- what waits for a person, and what happened to a child ---- */

/*
 * The children of the audits person ?1 is named for, only those not graded yet
 * when GRADED is "NOT EXISTS" (any when "1 = 1 OR EXISTS"), narrowed by
 * FINDINGS (EXISTS or NOT EXISTS) on their findings: the caller ends that
 * subquery, and may narrow the findings first.
 */
#define AUDITED_CHILDREN(GRADED, FINDINGS)                                                                   \
	"SELECT a.id AS audit_id, c.id AS case_id, c.child_id, a.title, a.findings_due_on,"                  \
	" (SELECT count(*) FROM qa_case_audit_children o WHERE o.audit_id = c.audit_id"                      \
	"  AND o.child_id <= c.child_id) AS case_number FROM qa_case_audit_auditors n"                       \
	" JOIN qa_case_audits a ON a.id = n.audit_id"                                                        \
	" JOIN qa_case_audit_children c ON c.audit_id = a.id AND c.on_register = 1"                          \
	" WHERE n.user_id = ? AND (" GRADED " (SELECT 1 FROM qa_case_audit_gradings g"                       \
	"  WHERE g.audit_id = c.audit_id AND g.child_id = c.child_id))"                                      \
	" AND " FINDINGS " (SELECT 1 FROM qa_case_audit_findings f"                                          \
	"  WHERE f.audit_id = c.audit_id AND f.child_id = c.child_id"

enum haven_status assurance_case_audit_findings_due(long long user_id, long long agency_id, json_t **out)
{
	/* the cases the person's agency is asked about (ASKED_FOR_FINDINGS: its own work, and no other) and
	 * has not answered; graded or not: a case the panel graded before the agency answered still waits
	 * for its findings */
	return db_read_rows(
	    out,
	    "SELECT c.audit_id, c.id AS case_id, c.child_id, a.title, a.findings_due_on,"
	    " (SELECT count(*) FROM qa_case_audit_children o WHERE o.audit_id = c.audit_id"
	    "  AND o.child_id <= c.child_id) AS case_number"
	    " FROM qa_case_audits a JOIN (SELECT c.audit_id, c.id, c.child_id FROM" ASKED_FOR_FINDINGS
	    "  AND n.user_id = ? AND u.agency_id = ? AND NOT EXISTS (SELECT 1 FROM qa_case_audit_findings f"
	    "  WHERE f.audit_id = c.audit_id AND f.child_id = c.child_id AND f.agency_id = u.agency_id)) c"
	    " ON c.audit_id = a.id ORDER BY a.id, c.child_id LIMIT 200",
	    DB_INT(user_id), DB_INT(agency_id));
}

enum haven_status assurance_case_audit_grading_due(long long user_id, json_t **out)
{
	return db_read_rows(out,
	                    AUDITED_CHILDREN("NOT EXISTS", "EXISTS") ") ORDER BY a.id, c.child_id LIMIT 200",
	                    DB_INT(user_id));
}

static const char case_audit_events[] =
    "SELECT substr(g.graded_at, 1, 19) || 'Z' AS at, a.id AS record_id,"
    " 'Multi-agency case audit completed (' || a.theme || '): the panel graded the case '"
    " || CASE g.grade WHEN 'outstanding' THEN 'outstanding' WHEN 'good' THEN 'good'"
    " WHEN 'requires_improvement' THEN 'requires improvement' ELSE 'inadequate' END"
    " AS text, coalesce(ag.name, 'The partnership') AS agency"
    " FROM qa_case_audit_gradings g JOIN qa_case_audits a ON a.id = g.audit_id"
    " LEFT JOIN users u ON u.id = g.graded_by LEFT JOIN agencies ag ON ag.id = u.agency_id"
    " WHERE g.child_id = ?";
DB_REGISTER(case_audit_events);

const struct chronology_kind assurance_case_audit_chronology[] = {{.kind = "case-audit",
                                                                   .kind_label = "Multi-agency case audits",
                                                                   .action = "qa.case_audit.read",
                                                                   .record_type = "qa_case_audit",
                                                                   .href = "/quality-assurance/case-audits/",
                                                                   .sql = case_audit_events},
                                                                  {0}};

/* ---- what it holds about a child, for a subject access request's pack (app/area.h) ---- */

static const char case_audit_children_held[] =
    "SELECT audit_id AS audit FROM qa_case_audit_children WHERE child_id = ?1 AND on_register = 1"
    " ORDER BY audit_id";
DB_REGISTER(case_audit_children_held);
static const char case_audit_findings_held[] =
    "SELECT audit_id AS audit, (SELECT name FROM agencies WHERE id = agency_id) AS agency, grade, "
    "what_went_well, what_could_be_better, child_voice, recorded_at FROM qa_case_audit_findings "
    "WHERE child_id = ?1 ORDER BY audit_id, recorded_at";
DB_REGISTER(case_audit_findings_held);
static const char case_audit_gradings_held[] =
    "SELECT audit_id AS audit, grade, learning, graded_at FROM qa_case_audit_gradings WHERE "
    "child_id = ?1 ORDER BY audit_id";
DB_REGISTER(case_audit_gradings_held);

const struct subject_access_table assurance_subject_access[] = {
    {.title = "Case audits", .sql = case_audit_children_held},
    {.title = "Case audits' findings", .sql = case_audit_findings_held},
    {.title = "Case audits' gradings", .sql = case_audit_gradings_held},
    {0},
};
