/*
 * store_refusal.h — a store's refusal of a change (its area's enum: no such
 * group, the name is taken, already answered) answered as the form's error,
 * from a table of what each refusal means to the person who sent the form,
 * so a handler says "refused? then that is the answer" in one line; and a
 * store whose only refusal is HAVEN_ERR_CONFLICT, answered with its words.
 */
#ifndef HAVEN_APP_STORE_REFUSAL_H
#define HAVEN_APP_STORE_REFUSAL_H

#include <stdbool.h>

#include "core/status.h"
#include "router/request.h"

/*
 * What one refusal means: the field it is about, the message, and whether
 * it is a conflict with the record as it now is (409 for the API) or a
 * choice that is not there (422). A table ends with a row whose message is
 * NULL.
 */
struct refusal_words {
	int refusal;
	const char *field;
	const char *message;
	bool conflict;
};

/*
 * True when the store refused (`st` is HAVEN_ERR_CONFLICT and `refusal` has
 * a row in `words`): that row's error is set on `res`, and the handler
 * answers HAVEN_OK. False otherwise, `res` untouched.
 */
bool store_refused(struct response *res, enum haven_status st, int refusal,
                   const struct refusal_words words[]);

/*
 * True when the store refused (`st` is HAVEN_ERR_CONFLICT, for a store with
 * one refusal): `message` on `field` is set on `res` as a conflict (409 for
 * the API), and the handler answers HAVEN_OK. False otherwise.
 */
bool store_conflict(struct response *res, enum haven_status st, const char *field, const char *message);

#endif
