/*
 * strategy_sqlite.c (contextual) — the SQLite queries behind store.h for
 * strategy discussions about a child the repeat-missing rule flags: saving
 * one with the agencies present (one db_write unit with its audit row, on
 * the episode whose prompt led to it), and reading those that answer an
 * episode's prompt (a child's chronology reads its own, chronology_sqlite.c).
 */
#include "areas/contextual/store.h"
#include "areas/contextual/shared_sqlite.h"
#include "auth/audit.h"
#include "store/db.h"

static enum haven_status write_discussion(db_conn *db, void *ctx)
{
	struct contextual_unit *u = ctx; /* u->id: the episode */
	const struct strategy_discussion *d = u->change;
	/* no row inserted (no such episode) is HAVEN_ERR_NOT_FOUND */
	enum haven_status st = db_integer_with(
	    db,
	    "INSERT INTO strategy_discussions (episode_id, child_id, held_on, decision, next_steps,"
	    " agency_id, user_id, created_at)"
	    " SELECT id, child_id, ?2, ?3, ?4, ?5, ?6, ?7 FROM missing_episodes WHERE id = ?1 RETURNING id",
	    &u->created, DB_INT(u->id), DB_TEXT(d->held_on), DB_TEXT(d->decision), DB_TEXT(d->next_steps),
	    DB_INT(u->actor->agency_id), DB_INT(u->actor->user_id), DB_TEXT(u->now));
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *agency;
	json_array_foreach(d->agencies, i, agency)
	{
		st = db_exec_with(
		    db,
		    "INSERT INTO strategy_discussion_agencies (discussion_id, agency_id) VALUES (?, ?)"
		    " ON CONFLICT (discussion_id, agency_id) DO NOTHING",
		    DB_INT(u->created), DB_INT(json_integer_value(agency)));
		if (st != HAVEN_OK)
			return st;
	}
	/* on the episode: its record type names its child, so the trail's search by child finds it */
	return audit_record(db_tx(db), u->actor, "missing.strategy", "missing_episode", u->id, NULL);
}

enum haven_status contextual_strategy_add(long long episode_id, const struct strategy_discussion *d,
                                          const struct actor *actor, long long *id)
{
	return contextual_write(write_discussion, episode_id, d, actor, id);
}

#define DISCUSSION_COLUMNS                                                                                   \
	"SELECT d.id, d.episode_id, d.held_on, d.decision, d.next_steps, a.name AS agency_name,"             \
	" (SELECT group_concat(name, ', ') FROM (SELECT g.name FROM strategy_discussion_agencies p"          \
	" JOIN agencies g ON g.id = p.agency_id WHERE p.discussion_id = d.id ORDER BY g.name) AS sorted)"    \
	" AS agencies_present FROM strategy_discussions d JOIN agencies a ON a.id = d.agency_id"

enum haven_status contextual_strategy_for_episode(long long episode_id, json_t **out)
{
	/* those about the episode's child (or, unmatched, the episode itself) held on or after its report */
	return db_read_rows(out,
	                    DISCUSSION_COLUMNS " JOIN missing_episodes e ON e.id = ?1"
	                                       " WHERE (d.episode_id = e.id OR d.child_id = e.child_id)"
	                                       " AND d.held_on >= substr(e.reported_at, 1, 10)"
	                                       " ORDER BY d.held_on, d.id",
	                    DB_INT(episode_id));
}
