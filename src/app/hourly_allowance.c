/*
 * hourly_allowance.c — a client address's allowance an hour of something
 * anyone may do unsigned-in (hourly_allowance.h): feedback, password resets.
 */
#include "app/hourly_allowance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limit_address.h"
#include "core/log.h"
#include "core/words.h"

#define WINDOW_SECONDS 3600

enum haven_status hourly_allowance_configure(struct hourly_allowance *a)
{
	const char *text = getenv(a->setting);
	if (!text || !*text)
		return HAVEN_OK;
	char *end = NULL;
	long v = strtol(text, &end, 10);
	if (*end || v < 1 || v > 1000000) {
		log_error("%s must be a whole number from 1 to 1000000", a->setting);
		return HAVEN_ERR_INVALID;
	}
	a->limit = (unsigned)v;
	return HAVEN_OK;
}

int64_t hourly_allowance_take(struct hourly_allowance *a, const char *address, int64_t now)
{
	char counted[LIMIT_ADDRESS_SIZE]; /* an IPv6 client's /64, which it may roam at will */
	limit_address(address ? address : "unknown", counted);
	pthread_mutex_lock(&a->lock);
	/* the address's own slot, else a free one, else the one whose hour began longest ago */
	struct hourly_use *mine = NULL, *spare = &a->uses[0];
	for (size_t i = 0; i < HOURLY_ALLOWANCE_ADDRESSES && !mine; i++) {
		struct hourly_use *u = &a->uses[i];
		if (u->used && strcmp(u->address, counted) == 0)
			mine = u;
		else if (spare->used && (!u->used || u->since < spare->since))
			spare = u;
	}
	if (!mine || now - mine->since >= WINDOW_SECONDS) { /* a new hour begins */
		mine = mine ? mine : spare;
		snprintf(mine->address, sizeof mine->address, "%s", counted);
		mine->since = now;
		mine->used = 0;
	}
	int64_t wait = 0;
	if (mine->used >= a->limit)
		wait = mine->since + WINDOW_SECONDS - now;
	else
		mine->used++;
	pthread_mutex_unlock(&a->lock);
	return wait;
}

void hourly_allowance_refuse(struct response *res, int64_t wait, const char *field, const char *what)
{
	char retry[24], message[240];
	snprintf(retry, sizeof retry, "%lld", (long long)wait);
	long long minutes = (wait + 59) / 60;
	snprintf(message, sizeof message, "%s Wait %lld %s, then try again", what, minutes,
	         words_noun(minutes, "minute", "minutes"));
	res->status = 429;
	response_add_header_copy(res, "Retry-After", retry);
	response_error(res, field, message);
}
