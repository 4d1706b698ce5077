/*
 * store_refusal.c — a store's refusal answered as the form's error (see
 * store_refusal.h).
 */
#include "app/store_refusal.h"

#include <stddef.h>

bool store_refused(struct response *res, enum haven_status st, int refusal,
                   const struct refusal_words words[])
{
	if (st != HAVEN_ERR_CONFLICT)
		return false;
	for (const struct refusal_words *w = words; w->message; w++) {
		if (w->refusal != refusal)
			continue;
		res->status = w->conflict ? 409 : 422;
		response_error(res, w->field, w->message);
		return true;
	}
	return false;
}

bool store_conflict(struct response *res, enum haven_status st, const char *field, const char *message)
{
	if (st != HAVEN_ERR_CONFLICT)
		return false;
	response_conflict(res, field, message);
	return true;
}
