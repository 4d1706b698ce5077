/*
 * hourly_allowance.h — how many times a client address may do something
 * anyone may do unsigned-in (send feedback, ask for a password reset) in an
 * hour, kept in memory: no address is written down next to what it did, and
 * a restart forgets the counts, which costs a sender of junk one more hour's
 * allowance at most. More than the allowance is for the caller to answer 429
 * with Retry-After (hourly_allowance_refuse), saving nothing.
 */
#ifndef HAVEN_APP_HOURLY_ALLOWANCE_H
#define HAVEN_APP_HOURLY_ALLOWANCE_H

#include <pthread.h>
#include <stdint.h>

#include "core/limit_address.h"
#include "core/status.h"
#include "router/request.h"

/* Addresses remembered at once; past it the one whose hour began longest ago is forgotten. Far more
 * than use one allowance in an hour, so only a sender of junk from many addresses loses its count. */
#define HOURLY_ALLOWANCE_ADDRESSES 1024

/* One client address's uses in the hour that began at `since`: the address a limit counts
 * (core/limit_address.h), so an IPv6 client's whole /64. */
struct hourly_use {
	char address[LIMIT_ADDRESS_SIZE];
	int64_t since;
	unsigned used;
};

struct hourly_allowance {
	const char
	    *setting;   /* the environment variable that changes the limit, e.g. "HAVEN_FEEDBACK_LIMIT" */
	unsigned limit; /* the default until hourly_allowance_configure reads the setting */
	pthread_mutex_t lock;
	struct hourly_use uses[HOURLY_ALLOWANCE_ADDRESSES];
};

#define HOURLY_ALLOWANCE(SETTING, DEFAULT_LIMIT)                                                             \
	{                                                                                                    \
		.setting = SETTING, .limit = DEFAULT_LIMIT, .lock = PTHREAD_MUTEX_INITIALIZER                \
	}

/* Reads the allowance's setting, a whole number from 1 to 1,000,000 if set; anything else is
 * HAVEN_ERR_INVALID, logged (Haven does not start). Call before serving. */
enum haven_status hourly_allowance_configure(struct hourly_allowance *a) HAVEN_MUST_CHECK;

/* Counts one more use by `address` (NULL: "unknown"; counted as limit_address, so an IPv6 client's
 * /64 shares one allowance) at `now`: 0 if allowed, else the seconds until its hour ends (nothing
 * counted). Thread-safe. */
int64_t hourly_allowance_take(struct hourly_allowance *a, const char *address, int64_t now);

/* Answers 429 with Retry-After `wait` and `field`'s error: "`what` Wait N minutes, then try again". */
void hourly_allowance_refuse(struct response *res, int64_t wait, const char *field, const char *what);

#endif
