/*
 * account_enable.c — re-enabling a disabled account for the administrators'
 * and the agency administrators' handlers alike (account_enable.h).
 */
#include "app/account_enable.h"

#include "auth/session.h"
#include "auth/store.h"
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
