/*
 * nrm_sqlite.c (contextual) — the SQLite queries behind store.h for
 * National Referral Mechanism referrals and transitions to adult services. A referral is related to the
 * agencies linked to its child, as the child's record is. Each change is
 * one db_write unit holding the change and its audit row.
 */
#include "areas/contextual/store.h"
#include "areas/contextual/shared_sqlite.h"
#include "auth/audit.h"
#include "store/changed_row_sqlite.h"
#include "store/db.h"

const char contextual_nrm_related[] =
    "SELECT 1 FROM nrm_referrals r JOIN child_links l ON l.child_id = r.child_id"
    " WHERE r.id = :id AND l.agency_id = :agency";
DB_REGISTER(contextual_nrm_related);
/* The referring agency (the one that recorded the referral), while linked to the child: it alone records
 * and corrects the referral's decisions (area.c); the others linked to the child read them. */
const char contextual_nrm_referrer_related[] =
    "SELECT 1 FROM nrm_referrals r JOIN child_links l ON l.child_id = r.child_id"
    " WHERE r.id = :id AND r.agency_id = :agency AND l.agency_id = :agency";
DB_REGISTER(contextual_nrm_referrer_related);
RECORD_CHILDREN(contextual_nrm_children, "SELECT child_id FROM nrm_referrals WHERE id = :id");

static enum haven_status write_add(db_conn *db, void *ctx)
{
	struct contextual_unit *u = ctx;
	const struct nrm_referral *r = u->change;
	enum haven_status status = db_integer_with(
	    db,
	    "INSERT INTO nrm_referrals (child_id, referred_on, first_responder, reasonable_grounds,"
	    " reasonable_grounds_on, conclusive_grounds, conclusive_grounds_on, agency_id, user_id,"
	    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    &u->created, DB_INT(r->child_id), DB_TEXT(r->referred_on), DB_TEXT(r->first_responder),
	    DB_TEXT(r->reasonable_grounds), DB_TEXT(r->reasonable_grounds_on), DB_TEXT(r->conclusive_grounds),
	    DB_TEXT(r->conclusive_grounds_on), DB_INT(u->actor->agency_id), DB_INT(u->actor->user_id),
	    DB_TEXT(u->now));
	if (status != HAVEN_OK)
		return status;
	return audit_record(db_tx(db), u->actor, "nrm.create", "nrm_referral", u->created, NULL);
}

enum haven_status contextual_nrm_add(const struct nrm_referral *r, const struct actor *actor, long long *id)
{
	return contextual_write(write_add, 0, r, actor, id);
}

static const char *or_empty(const char *text)
{
	return text ? text : "";
}

/* The decisions change only if they are still those the handler checked the change against (`was`): a
 * change made meanwhile would leave the audit row's before -> after untrue, or let a decision made go
 * back to pending unchecked. */
static enum haven_status write_decide(db_conn *db, void *ctx)
{
	struct contextual_unit *u = ctx;
	const struct nrm_referral *r = u->change;
	enum haven_status status = exec_changed_or(
	    db,
	    "UPDATE nrm_referrals SET reasonable_grounds = ?2, reasonable_grounds_on = ?3,"
	    " conclusive_grounds = ?4, conclusive_grounds_on = ?5 WHERE id = ?1"
	    " AND reasonable_grounds = ?6 AND coalesce(reasonable_grounds_on, '') = ?7"
	    " AND conclusive_grounds = ?8 AND coalesce(conclusive_grounds_on, '') = ?9",
	    HAVEN_ERR_CONFLICT, DB_INT(u->id), DB_TEXT(r->reasonable_grounds),
	    DB_TEXT(r->reasonable_grounds_on), DB_TEXT(r->conclusive_grounds),
	    DB_TEXT(r->conclusive_grounds_on), DB_TEXT(r->was->reasonable_grounds),
	    DB_TEXT(or_empty(r->was->reasonable_grounds_on)), DB_TEXT(r->was->conclusive_grounds),
	    DB_TEXT(or_empty(r->was->conclusive_grounds_on)));
	if (status != HAVEN_OK)
		return status;
	return audit_record(db_tx(db), u->actor, "nrm.update", "nrm_referral", u->id, r->change_reason);
}

enum haven_status contextual_nrm_decide(long long id, const struct nrm_referral *r, const struct actor *actor)
{
	return contextual_write(write_decide, id, r, actor, NULL);
}

#define NRM_COLUMNS                                                                                          \
	"SELECT r.id, r.child_id, c.given_name, c.family_name, r.referred_on, r.first_responder,"            \
	" r.reasonable_grounds, r.reasonable_grounds_on, r.conclusive_grounds, r.conclusive_grounds_on,"     \
	" a.name AS agency_name FROM nrm_referrals r JOIN children c ON c.id = r.child_id"                   \
	" JOIN agencies a ON a.id = r.agency_id"

enum haven_status contextual_nrm_get(long long id, json_t **out)
{
	return db_row_with(db_reader(), NRM_COLUMNS " WHERE r.id = ?", out, DB_INT(id));
}

enum haven_status contextual_child_nrm(long long child_id, json_t **out)
{
	return db_read_rows(out, NRM_COLUMNS " WHERE r.child_id = ? ORDER BY r.referred_on, r.id",
	                    DB_INT(child_id));
}

static enum haven_status write_transition(db_conn *db, void *ctx)
{
	struct contextual_unit *u = ctx;
	const struct adult_transition *t = u->change;
	enum haven_status status = db_exec_with(
	    db,
	    "INSERT INTO adult_transitions (child_id, transferred_on, adult_service, notes, agency_id,"
	    " user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    DB_INT(t->child_id), DB_TEXT(t->transferred_on), DB_TEXT(t->adult_service), DB_TEXT(t->notes),
	    DB_INT(u->actor->agency_id), DB_INT(u->actor->user_id), DB_TEXT(u->now));
	if (status != HAVEN_OK)
		return status;
	return audit_record(db_tx(db), u->actor, "transition.create", "child", t->child_id, t->adult_service);
}

enum haven_status contextual_transition_add(const struct adult_transition *t, const struct actor *actor)
{
	return contextual_write(write_transition, 0, t, actor, NULL);
}

enum haven_status contextual_child_transitions(long long child_id, json_t **out)
{
	return db_read_rows(out,
	                    "SELECT t.id, t.transferred_on, t.adult_service, t.notes,"
	                    " a.name AS agency_name FROM adult_transitions t"
	                    " JOIN agencies a ON a.id = t.agency_id WHERE t.child_id = ?"
	                    " ORDER BY t.transferred_on, t.id",
	                    DB_INT(child_id));
}
