/*
 * shared_sqlite.h (contextual) — what the area's stores share, so each says
 * only its SQL: the unit of work the simpler ones (NRM referrals,
 * transitions, strategy discussions, screenings, an episode's return and
 * interview) hand to db_write, with the record a change is about, the change
 * itself, who makes it and when. Only the area's *_sqlite.c files include
 * it.
 */
#ifndef HAVEN_AREAS_CONTEXTUAL_SHARED_STORE_H
#define HAVEN_AREAS_CONTEXTUAL_SHARED_STORE_H

#include <time.h>

#include "areas/calendar/london.h"
#include "auth/actor.h"
#include "store/db.h"

struct contextual_unit {
	long long id;              /* the record the change is about (0 for a new one) */
	const void *change;        /* the details: the store's own struct, which its write function knows */
	const struct actor *actor; /* who makes it */
	long long created;         /* the id an insert gave its new record */
	char now[CALENDAR_INSTANT_SIZE]; /* when: one instant for the whole unit */
};

/*
 * Runs `write` on `unit` as one db_write, with `now` (the unit's own instant)
 * stamped with the time it is made first: every store of the area stamps its
 * units this one way, whether its unit is the one below or its own struct
 * (contexts, MACE meetings).
 */
static inline enum haven_status contextual_write_stamped(db_write_fn write, void *unit,
                                                         char now[static CALENDAR_INSTANT_SIZE])
{
	calendar_format_instant((int64_t)time(NULL), now);
	return db_write(write, unit);
}

/*
 * Runs `write` on a unit for `change` to record `id` by `actor` as one
 * db_write, stamped with the time it is made; the id the unit's insert gave,
 * if any, in *created (unless NULL), whatever the result.
 */
static inline enum haven_status contextual_write(db_write_fn write, long long id, const void *change,
                                                 const struct actor *actor, long long *created)
{
	struct contextual_unit u = {.id = id, .change = change, .actor = actor};
	enum haven_status st = contextual_write_stamped(write, &u, u.now);
	if (created)
		*created = u.created;
	return st;
}

/* The demo's episodes (demo.sql, plain SQL) link their reporters as a reported episode does: for its load's
 * unit. Unaudited, as the demo's rows are. */
enum haven_status contextual_link_demo_reporters(struct store_tx *tx) HAVEN_MUST_CHECK;

#endif
