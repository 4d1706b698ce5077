/*
 * account_pages.c — what the administrators' and the agency administrators'
 * account pages do alike: showing a person's account, answering an account
 * made, checking before disabling, refusing to disable one's own, and
 * re-enabling (account_pages.h).
 */
#include "app/account_pages.h"

#include <stdio.h>

#include "auth/roles.h"
#include "auth/session.h"
#include "auth/store.h"
#include "router/errors.h"
#include "router/fields.h"

const char account_disabled_by_administrator[] =
    "An administrator disabled this account, so only Haven's administrators can enable it again: ask them";

enum haven_status account_enable(const struct request *req, long long id, bool administrator)
{
	struct account account;
	enum haven_status st = auth_store_account_by_id(id, &account);
	if (st != HAVEN_OK || !account.disabled)
		return st; /* no such account (404), or nothing to do */
	struct actor actor = auth_actor(req);
	st = auth_store_user_enable(account.user.email, &actor, field_text(req->input, "reason"),
	                            administrator);
	if (st == HAVEN_ERR_NOT_FOUND)
		st = HAVEN_OK; /* re-enabled by someone else meanwhile */
	return st;
}

enum haven_status account_enable_done(struct request *req, struct response *res,
                                      const struct account_list *list, long long id,
                                      route_handler *api_answer)
{
	/* an agency administrator's list is their own agency's; everyone's is the administrators' */
	enum haven_status st = account_enable(req, id, !list->own_agency);
	if (st == HAVEN_ERR_DENIED) {
		response_conflict(res, "reason", account_disabled_by_administrator);
		return HAVEN_OK;
	}
	if (st == HAVEN_OK)
		response_done(res, api_answer, "%s/%lld", list->path, id);
	return st;
}

json_t *account_to_json(const struct account *account)
{
	json_t *json = json_pack("{s:I, s:s, s:s, s:s, s:o, s:b}", "id", (json_int_t)account->user.id, "name",
	                         account->user.name, "email", account->user.email, "agency_name",
	                         account->user.agency_name, "roles", roles_to_json(account->user.roles),
	                         "disabled", account->disabled);
	if (account->disabled_by_administrator)
		json_object_set_new(json, "disabled_by_administrator", json_true());
	account_state_to_json(json, account->disabled, account->invitation_expires_at, auth_now());
	return json;
}

void account_answer_created(const struct request *req, struct response *res, const struct account_list *list,
                            long long id, json_t *model)
{
	if (req->api) { /* the API names the new account's own address */
		char location[96];
		snprintf(location, sizeof location, "%s/%lld", list->api_path, id);
		response_add_header_copy(res, "Location", location);
	}
	response_created(res, model, "%s", list->path);
}

void account_check_disable_model(struct response *res, const struct account_list *list,
                                 const struct account *account, const char *caption, json_t *last_row,
                                 const char *warning)
{
	json_t *rows = json_pack("[{s:s, s:s}, {s:s, s:s}, o]", "key", "Name", "value", account->user.name,
	                         "key", "Email", "value", account->user.email, last_row);
	char back[96];
	snprintf(back, sizeof back, "%s/%lld", list->path, account->user.id);
	response_set_model(res, json_pack("{s:s, s:o, s:s, s:s}", "caption", caption, "rows", rows, "warning",
	                                  warning, "back", back));
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
