/*
 * actor.h (auth) — who did something, and from where: what every change
 * hands its store so the audit row says who made it. On its own so that an
 * area's store header can name it without the accounts' store (auth/store.h).
 */
#ifndef HAVEN_AUTH_ACTOR_H
#define HAVEN_AUTH_ACTOR_H

/* Who did something, and from where, for the audit row of a change. */
struct actor {
	long long user_id; /* 0: nobody signed in */
	long long agency_id;
	const char *client_address; /* may be NULL (the command line) */
};

#endif
