/*
 * store_sqlite.c (plans) — the SQLite side of store.h: groups, plans and
 * their actions (each change one unit with its audit row, what it refers to
 * checked inside the unit), their reads, the open actions on an agency's
 * task list and the record type an action is.
 */
#include "areas/plans/plans.h"
#include "areas/plans/store.h"

#include <time.h>

#include "app/record_lists_sqlite.h"
#include "areas/calendar/london.h"
#include "areas/partnership/store.h"
#include "auth/audit.h"
#include "auth/policy.h"
#include "store/db.h"
#include "store/row_found_sqlite.h"
/* ---- groups ---- */

struct group_add {
	const char *name;
	const struct actor *actor;
	long long id;
	enum plan_refusal refusal;
};

static enum haven_status group_add_unit(db_conn *db, void *ctx)
{
	struct group_add *g = ctx;
	enum haven_status st = none_found_with(
	    db, "SELECT count(*) FROM plan_groups WHERE lower(name) = lower(?1)", DB_TEXT(g->name));
	if (st == HAVEN_ERR_CONFLICT)
		g->refusal = PLAN_GROUP_NAME_TAKEN;
	if (st != HAVEN_OK)
		return st;
	st = db_integer_with(db, "INSERT INTO plan_groups (name) VALUES (?1) RETURNING id", &g->id,
	                     DB_TEXT(g->name));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), g->actor, "plan.group_add", "plan_group", g->id, NULL);
}

enum haven_status plans_group_add(const char *name, const struct actor *actor, long long *id,
                                  enum plan_refusal *refusal)
{
	struct group_add g = {.name = name, .actor = actor};
	enum haven_status st = db_write(group_add_unit, &g);
	*id = g.id;
	*refusal = g.refusal;
	return st;
}

enum haven_status plans_groups(json_t **out)
{
	return db_read_rows(out, "SELECT id, name FROM plan_groups ORDER BY name");
}

/* ---- plans ---- */

struct create {
	const struct new_plan *plan;
	const struct actor *actor;
	long long id;
	enum plan_refusal refusal;
};

static enum haven_status refuse(enum plan_refusal *refusal, enum plan_refusal why)
{
	*refusal = why;
	return HAVEN_ERR_CONFLICT;
}

static enum haven_status create_unit(db_conn *db, void *ctx)
{
	struct create *c = ctx;
	json_t *priority = NULL;
	enum haven_status st =
	    db_row_with(db, "SELECT id, retired_at IS NOT NULL AS retired FROM priorities WHERE key = ?1",
	                &priority, DB_TEXT(c->plan->priority));
	if (st == HAVEN_ERR_NOT_FOUND)
		return refuse(&c->refusal, PLAN_NO_SUCH_PRIORITY);
	if (st != HAVEN_OK)
		return st;
	long long priority_id = json_integer_value(json_object_get(priority, "id"));
	bool retired = json_integer_value(json_object_get(priority, "retired"));
	json_decref(priority);
	if (retired)
		return refuse(&c->refusal, PLAN_PRIORITY_RETIRED);
	if (c->plan->group_id) {
		st = row_found_with(db, "SELECT count(*) FROM plan_groups WHERE id = ?1",
		                    DB_INT(c->plan->group_id));
		if (st == HAVEN_ERR_NOT_FOUND)
			return refuse(&c->refusal, PLAN_NO_SUCH_GROUP);
		if (st != HAVEN_OK)
			return st;
	}
	st =
	    none_found_with(db,
	                    "SELECT count(*) FROM plans WHERE priority_id = ?1 AND coalesce(group_id, 0) = ?2"
	                    " AND starts_on = ?3",
	                    DB_INT(priority_id), DB_INT(c->plan->group_id), DB_TEXT(c->plan->starts_on));
	if (st == HAVEN_ERR_CONFLICT)
		return refuse(&c->refusal, PLAN_ALREADY);
	if (st != HAVEN_OK)
		return st;
	st = db_integer_with(db,
	                     "INSERT INTO plans (priority_id, group_id, starts_on, ends_on, aims, created_by)"
	                     " VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, nullif(?6, 0)) RETURNING id",
	                     &c->id, DB_INT(priority_id), DB_INT(c->plan->group_id),
	                     DB_TEXT(c->plan->starts_on), DB_TEXT(c->plan->ends_on), DB_TEXT(c->plan->aims),
	                     DB_INT(c->actor->user_id));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), c->actor, "plan.create", "plan", c->id, NULL);
}

enum haven_status plans_create(const struct new_plan *p, const struct actor *actor, long long *id,
                               enum plan_refusal *refusal)
{
	struct create c = {.plan = p, .actor = actor};
	enum haven_status st = db_write(create_unit, &c);
	*id = c.id;
	*refusal = c.refusal;
	return st;
}

/* ---- actions ---- */

struct action_add {
	long long plan_id;
	const struct new_plan_action *action;
	const struct actor *actor;
	long long id;
	enum plan_refusal refusal;
};

enum haven_status plans_action_insert(struct store_tx *tx, long long plan_id, const struct new_plan_action *a,
                                      const struct actor *actor, long long *id, enum plan_refusal *refusal)
{
	db_conn *db = db_tx_conn(tx);
	enum haven_status st =
	    row_found_with(db, "SELECT count(*) FROM plans WHERE id = ?1", DB_INT(plan_id));
	if (st != HAVEN_OK)
		return st;
	long long owner = 0;
	st = partnership_agency_id(tx, a->owner, &owner);
	if (st == HAVEN_ERR_NOT_FOUND)
		return refuse(refusal, PLAN_NO_SUCH_AGENCY);
	if (st != HAVEN_OK)
		return st;
	st = db_integer_with(db,
	                     "INSERT INTO plan_actions (plan_id, action, owner_agency_id, lead, due_on)"
	                     " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
	                     id, DB_INT(plan_id), DB_TEXT(a->action), DB_INT(owner), DB_TEXT(a->lead),
	                     DB_TEXT(a->due_on));
	if (st != HAVEN_OK)
		return st;
	return audit_record(tx, actor, "plan.action_add", "plan_action", *id, NULL);
}

static enum haven_status action_add_unit(db_conn *db, void *ctx)
{
	struct action_add *a = ctx;
	return plans_action_insert(db_tx(db), a->plan_id, a->action, a->actor, &a->id, &a->refusal);
}

enum haven_status plans_action_add(long long plan_id, const struct new_plan_action *a,
                                   const struct actor *actor, long long *id, enum plan_refusal *refusal)
{
	struct action_add w = {.plan_id = plan_id, .action = a, .actor = actor};
	enum haven_status st = db_write(action_add_unit, &w);
	*id = w.id;
	*refusal = w.refusal;
	return st;
}

struct progress {
	long long id;
	const struct plan_action_progress *progress;
	const struct actor *actor;
};

static enum haven_status update_unit(db_conn *db, void *ctx)
{
	struct progress *p = ctx;
	enum haven_status st =
	    row_found_with(db, "SELECT count(*) FROM plan_actions WHERE id = ?1", DB_INT(p->id));
	if (st != HAVEN_OK)
		return st;
	char now[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(time(NULL), now);
	st = db_exec_with(db,
	                  "UPDATE plan_actions SET status = ?2, evidence = ?3, impact = ?4, updated_at = ?5"
	                  " WHERE id = ?1",
	                  DB_INT(p->id), DB_TEXT(p->progress->status), DB_TEXT(p->progress->evidence),
	                  DB_TEXT(p->progress->impact), DB_TEXT(now));
	if (st != HAVEN_OK)
		return st;
	return audit_record(db_tx(db), p->actor, "plan.action_update", "plan_action", p->id,
	                    p->progress->status);
}

enum haven_status plans_action_update(long long id, const struct plan_action_progress *p,
                                      const struct actor *actor)
{
	struct progress w = {.id = id, .progress = p, .actor = actor};
	return db_write(update_unit, &w);
}

/* ---- reading ---- */

#define PLAN_COLUMNS                                                                                         \
	"SELECT pl.id, p.key AS priority_key, p.name AS priority_name,"                                      \
	" p.retired_at IS NOT NULL AS priority_retired, pl.group_id, g.name AS group_name, pl.starts_on,"    \
	" pl.ends_on, pl.aims FROM plans pl JOIN priorities p ON p.id = pl.priority_id"                      \
	" LEFT JOIN plan_groups g ON g.id = pl.group_id"

#define ACTION_COLUMNS                                                                                       \
	"SELECT a.id, a.plan_id, a.action, ag.slug AS owner_slug, ag.name AS owner_name, a.lead, a.due_on,"  \
	" a.status, a.evidence, a.impact, a.updated_at FROM plan_actions a"                                  \
	" JOIN agencies ag ON ag.id = a.owner_agency_id"

enum haven_status plans_list(json_t **out)
{
	*out = NULL;
	db_conn *db = db_reader();
	if (!db)
		return HAVEN_ERR_DB;
	json_t *plans =
	    db_rows_with(db, PLAN_COLUMNS " ORDER BY pl.starts_on DESC, p.name, g.name, pl.id LIMIT 500");
	if (!plans)
		return HAVEN_ERR_DB;
	size_t i;
	json_t *plan;
	json_array_foreach(plans, i, plan)
	{
		/* what the status needs: each action's date, status and whether it has evidence */
		enum haven_status st =
		    db_rows_into(plan, "actions", db,
		                 "SELECT id, due_on, status, evidence IS NOT NULL AS evidence"
		                 " FROM plan_actions WHERE plan_id = ?1 ORDER BY due_on, id",
		                 DB_INT(json_integer_value(json_object_get(plan, "id"))));
		if (st != HAVEN_OK) {
			json_decref(plans);
			return st;
		}
	}
	*out = plans;
	return HAVEN_OK;
}

enum haven_status plans_of_priority(long long priority_id, json_t **out)
{
	db_conn *db = db_reader();
	*out = db ? db_rows_with(db,
	                         "SELECT pl.id, pl.group_id, g.name AS group_name, pl.starts_on, pl.ends_on"
	                         " FROM plans pl LEFT JOIN plan_groups g ON g.id = pl.group_id"
	                         " WHERE pl.priority_id = ?1 ORDER BY pl.starts_on DESC, g.name, pl.id",
	                         DB_INT(priority_id))
	          : NULL;
	return *out ? HAVEN_OK : HAVEN_ERR_DB;
}

enum haven_status plans_get(long long id, json_t **out)
{
	const struct record_list lists[] = {
	    {"actions", DB_SQL(ACTION_COLUMNS " WHERE a.plan_id = ?1 ORDER BY a.due_on, a.id")}, {0}};
	return record_read_with_lists(out, DB_SQL(PLAN_COLUMNS " WHERE pl.id = ?1"), id, lists);
}

enum haven_status plans_action_get(long long id, json_t **out)
{
	return db_row_with(
	    db_reader(),
	    "SELECT x.*, p.name AS priority_name, g.name AS group_name FROM (" ACTION_COLUMNS
	    " WHERE a.id = ?1) x JOIN plans pl ON pl.id = x.plan_id"
	    " JOIN priorities p ON p.id = pl.priority_id LEFT JOIN plan_groups g ON g.id = pl.group_id",
	    out, DB_INT(id));
}

enum haven_status plans_actions_in_period(const char *from, const char *to, json_t **out)
{
	return db_read_rows(
	    out,
	    "SELECT a.plan_id, pl.priority_id, a.due_on, a.status, a.evidence IS NOT NULL AS evidence,"
	    " CASE WHEN length(trim(a.impact)) > 0 THEN 1 ELSE 0 END AS impact"
	    " FROM plan_actions a JOIN plans pl ON pl.id = a.plan_id"
	    " WHERE pl.starts_on <= ?2 AND pl.ends_on >= ?1 ORDER BY a.id",
	    DB_TEXT(from), DB_TEXT(to));
}

/* ---- demo ---- */

enum haven_status plans_load_demo(void)
{
	return db_load_demo_sql("demo/plans.sql", NULL, NULL);
}

/* ---- tasks ---- */

enum haven_status plans_tasks(const struct user *user, json_t *tasks)
{
	if (!(user->roles & policy_roles("plan.action_update")))
		return HAVEN_OK;
	return db_read_rows_append(
	    tasks,
	    "SELECT 'plan.action_update' AS kind, 'Update an action-plan action' AS text,"
	    " due_on AS due_at, '/plan-actions/' || id AS href, 'plan_action' AS record_type,"
	    " id AS record_id FROM plan_actions INDEXED BY plan_actions_open_by_owner"
	    " WHERE owner_agency_id = ?1 AND status != 'done' ORDER BY due_on, id LIMIT 200",
	    DB_INT(user->agency_id));
}

/* ---- record types ---- */

/* an action is its owning agency's to update (the partnership updates every one, by the policy) */
static const char related_plan_action[] =
    "SELECT 1 FROM plan_actions WHERE id = :id AND owner_agency_id = :agency";
DB_REGISTER(related_plan_action);

const struct record_type plans_records[] = {
    {.name = "plan_action", .related = related_plan_action},
    {0},
};
