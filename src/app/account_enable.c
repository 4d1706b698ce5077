/*
 * account_enable.c — re-enabling a disabled account, and refusing to disable
 * one's own, for the administrators' and the agency administrators' handlers
 * alike (account_enable.h).
 */
#include "app/account_enable.h"

#include "auth/session.h"
#include "auth/store.h"
#include "router/errors.h"
#include "router/fields.h"

enum haven_status account_enable(const struct request *req, long long id)
{
	struct account account;
	enum haven_status st = auth_store_account_by_id(id, &account);
	if (st != HAVEN_OK || !account.disabled)
		return st; /* no such account (404), or nothing to do */
	struct actor actor = auth_actor(req);
	st = auth_store_user_enable(account.user.email, &actor, field_text(req->input, "reason"));
	if (st == HAVEN_ERR_NOT_FOUND)
		st = HAVEN_OK; /* re-enabled by someone else meanwhile */
	return st;
}

const char account_not_yourself[] = "You cannot disable your own account: ask another administrator";

void account_refuse_disabling_yourself(const struct request *req, struct response *res, const char *field)
{
	res->status = 409;
	if (req->api) {
		res->content_type = "application/problem+json";
		response_set_model(res, errors_problem(409, account_not_yourself, NULL));
	} else {
		response_error(res, field, account_not_yourself);
	}
}
