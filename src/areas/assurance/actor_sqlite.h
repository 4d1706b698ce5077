/*
 * actor_sqlite.h (assurance) — the one value the area's store files all
 * bind for "who did it": the acting user's id, or NULL for the command line
 * (no user). Only assurance's *_sqlite.c files include it.
 */
#ifndef HAVEN_AREAS_ASSURANCE_ACTOR_VALUE_H
#define HAVEN_AREAS_ASSURANCE_ACTOR_VALUE_H

#include "auth/actor.h"
#include "store/db.h"

static inline struct db_value actor_user(const struct actor *actor)
{
	return actor && actor->user_id > 0 ? DB_INT(actor->user_id) : DB_NULL;
}

#endif
