/*
 * area.c (admin) — administration for the partnership's Haven: people's
 * accounts (list, search, add, disable) and which roles need a second factor, as
 * pages under /admin/ and as the API under /api/v1/users and
 * /api/v1/settings/second-factor. The command-line side is commands.c; the
 * list of accounts and its search are auth/account_list.h's, as an agency
 * administrator's list of their own people is.
 *
 * Only admins reach these handlers (actions "user.manage" and
 * "settings.manage" in auth/policy.c); the changes go through auth/store.h,
 * which writes each one's audit row in the same unit of work.
 *
 * Adding a user validates in the handler rather than in the route's field
 * specs: the route accepts the fields as plain text and the handler checks
 * them against user_fields with the same validator, together with the checks
 * only a handler can make (a taken email address, an unknown agency, a weak
 * password). So every problem is reported at once, to the API and the page
 * alike, and the page keeps the agency and every role that was chosen.
 */
#include <stdio.h>
#include <string.h>

#include "app/account_pages.h"
#include "app/area.h"
#include "router/errors.h"
#include "router/page.h"
#include "areas/admin/commands.h"
#include "areas/partnership/store.h"
#include "areas/passwords/account_fields.h"
#include "areas/passwords/invite.h"
#include "auth/account_list.h"
#include "auth/password.h"
#include "auth/policy.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "auth/store.h"
#include "auth/user.h"

/* What the routes accept: plain text, checked by the handler against user_fields. */
static const struct field_spec user_input[] = {
    ACCOUNT_NAME_INPUT,
    ACCOUNT_EMAIL_INPUT,
    ACCOUNT_AGENCY_INPUT,
    ACCOUNT_ROLES_INPUT,
    {.name = "password",
     .label = "a first password",
     .type = FIELD_TEXT,
     .secret = true,
     .max = PASSWORD_MAX_LENGTH},
    {0},
};

/* What a new user needs (the agency is checked against the database separately). */
static const struct field_spec user_fields[] = {
    ACCOUNT_NAME_FIELD,
    ACCOUNT_EMAIL_FIELD,
    {.name = "agency", .label = "the person's agency", .type = FIELD_SLUG, .max = ACCOUNT_AGENCY_MAX},
    ACCOUNT_ROLES_FIELD,
    {.name = "password",
     .label = "a first password",
     .type = FIELD_TEXT,
     .secret = true,
     .required = true,
     .max = PASSWORD_MAX_LENGTH},
    {0},
};

/* The order errors are listed in, as the form asks. */
static const char *const field_order[] = {"name", "email", "agency", "roles", "password", NULL};

static const struct field_spec roles_input[] = {
    {.name = "roles",
     .label = "the roles that need a second factor",
     .type = FIELD_CHOICE,
     .multiple = true,
     .choices = roles_choices},
    {0},
};

/* A form whose only field is the CSRF token (which the server checks and skips). */
/* Disabling an account: why (who asked, and why), required and kept in its audit row, as an agency
 * administrator's disable requires one. */
static const struct field_spec disable_input[] = {
    {.name = "reason",
     .label = "why the account is disabled",
     .type = FIELD_TEXT,
     .required = true,
     .max = 500},
    {0},
};

static const char no_agency[] = "Select the person's agency";

/* ---- user accounts ---- */

/* Every agency's accounts, narrowed to one agency when asked (auth/account_list.h). */
static const struct account_list every_account = {
    .title = "User accounts",
    .noun = "user accounts",
    .search_action = "/admin/users/search",
    .path = "/admin/users",
    .api_path = "/api/v1/users",
};

/* every_account_show: GET /admin/users, GET /api/v1/users, a page of every account by name, narrowed by the
 * filters; every_account_search: POST /admin/users/search, POST /api/v1/users/search, the list searched by a
 * part of a name or email address sent in the body, audited as the list is ("user.manage"), without the words
 * searched; every_account_first_page: the search form again after errors. */
ACCOUNT_LIST_HANDLERS(every_account)

/*
 * The add-a-user page. `kept` (may be NULL) holds what was typed, to show
 * again: the agency stays selected and every chosen role stays checked.
 */
static enum haven_status user_form_model(const json_t *kept, json_t **out)
{
	json_t *agencies = NULL, *roles = NULL;
	enum haven_status st = account_form_choices(kept, &agencies, &roles);
	if (st != HAVEN_OK)
		return st;
	*out = json_pack("{s:s, s:o, s:o, s:i}", "title", "Add a user account", "agencies", agencies, "roles",
	                 roles, "password_min", PASSWORD_MIN_LENGTH);
	return HAVEN_OK;
}

/* GET /admin/users/new; and the form again after errors, with the agency and roles chosen kept. */
static enum haven_status new_user_form(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = user_form_model(req->input, &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* Errors in the order the form asks for the fields (new array; `errors` is taken). The form shown
 * again keeps the agency and roles chosen (new_user_form); the server adds what was typed (the page
 * never shows the password). */
static json_t *in_field_order(json_t *errors)
{
	json_t *sorted = json_array();
	for (size_t f = 0; field_order[f]; f++) {
		size_t i;
		json_t *e;
		json_array_foreach(errors, i, e) if (strcmp(field_text(e, "field"), field_order[f]) == 0)
		    json_array_append(sorted, e);
	}
	size_t i;
	json_t *e;
	json_array_foreach(errors, i, e)
	{
		bool listed = false;
		for (size_t f = 0; field_order[f] && !listed; f++)
			listed = strcmp(field_text(e, "field"), field_order[f]) == 0;
		if (!listed)
			json_array_append(sorted, e);
	}
	json_decref(errors);
	return sorted;
}

static enum haven_status create_user(struct request *req, struct response *res)
{
	json_t *errors = json_array();
	json_t *values = NULL;
	/* the same checks as any route's fields, so the messages are Haven's usual ones;
	 * the errors are gathered with those only this handler can find */
	enum haven_status st = fields_validate_json(user_fields, req->input, &values, errors);
	const char *name = field_text(values, "name");
	const char *email = field_text(values, "email");
	const char *agency = field_text(values, "agency");
	const char *password = field_text(values, "password");

	if ((st = account_check_email(email, account_email_taken, errors)) != HAVEN_OK)
		goto out;
	if (!agency && !field_text(req->input, "agency"))
		errors_add(errors, "agency", no_agency);
	st = account_check_agency_roles(agency, roles_from_json(json_object_get(values, "roles")), errors);
	if (st != HAVEN_OK)
		goto out;
	const char *problem = password ? password_problem(password, name, email) : NULL;
	if (problem)
		errors_add(errors, "password", problem);
	st = HAVEN_OK;
	if (json_array_size(errors)) {
		response_errors(res, in_field_order(errors));
		errors = NULL;
		goto out;
	}

	char hash[160];
	st = password_hash(password, hash, sizeof hash);
	if (st != HAVEN_OK)
		goto out;
	struct new_user u = {email, name, agency, roles_from_json(json_object_get(values, "roles")), hash};
	struct actor actor = auth_actor(req);
	long long id = 0;
	st = auth_store_user_create(&u, &actor, &id);
	if (account_refused_meanwhile(st, errors)) { /* taken or removed since the checks above */
		response_errors(res, in_field_order(errors));
		errors = NULL;
		st = HAVEN_OK;
		goto out;
	}
	response_success(res, "The account was added");
	if (st == HAVEN_OK)
		account_answer_created(req, res, &every_account, id,
		                       json_pack("{s:I}", "id", (json_int_t)id));
out:
	json_decref(errors);
	json_decref(values);
	return st;
}

/*
 * GET /admin/users/{id}/disable, and the page again when its form is refused:
 * the person, what disabling does, and the reason asked for. Nobody disables
 * their own account: their own page says so by the reason (409).
 */
static enum haven_status disable_form(struct request *req, struct response *res)
{
	struct account account;
	enum haven_status st = auth_store_account_by_id(field_int(req->params, "id"), &account);
	if (st != HAVEN_OK)
		return st; /* no such user: 404 */
	json_t *model =
	    json_pack("{s:s, s:o}", "title", "Disable this account", "user", account_to_json(&account));
	if (field_text(req->input, "reason"))
		json_object_set_new(model, "submitted",
		                    json_pack("{s:s}", "reason", field_text(req->input, "reason")));
	response_set_model(res, model);
	if (account.user.id == req->user->id)
		account_refuse_disabling_yourself(req, res, "reason");
	return HAVEN_OK;
}

/*
 * The account the path names, to disable (or check before disabling) into
 * *account: HAVEN_ERR_NOT_FOUND (404) when there is none. Nobody disables
 * their own account: then *refused is set and the refusal answered (409; the
 * page is the disable form with the refusal by its reason).
 */
static enum haven_status account_to_disable(struct request *req, struct response *res,
                                            struct account *account, bool *refused)
{
	long long id = json_integer_value(json_object_get(req->params, "id"));
	*refused = id == req->user->id;
	if (!*refused)
		return auth_store_account_by_id(id, account);
	if (!req->api)
		return disable_form(req, res);
	account_refuse_disabling_yourself(req, res, "reason");
	return HAVEN_OK;
}

/*
 * Disabling someone, checked first (router.h, struct check_step): they are
 * signed out everywhere at once and cannot sign in until re-enabled.
 */
static enum haven_status check_disable(struct request *req, struct response *res)
{
	struct account account;
	bool refused = false;
	enum haven_status st = account_to_disable(req, res, &account, &refused);
	if (st != HAVEN_OK || refused)
		return st;
	json_t *why = json_pack("{s:s, s:s, s:s}", "key", "Why you are disabling the account", "value",
	                        field_text(req->input, "reason"), "change", "reason");
	account_check_disable_model(res, &every_account, &account, account.user.agency_name, why,
	                            "They will be signed out at once and cannot sign in until an "
	                            "administrator enables their account again.");
	return HAVEN_OK;
}

static const struct check_step disable_check = {
    .title = "Check before you disable this account",
    .button = "Disable the account",
    .answers = check_disable,
};

/* POST /admin/users/{id}/disable, /api/v1/users/{id}/disable {"reason"}: signed out everywhere. */
static enum haven_status disable_user(struct request *req, struct response *res)
{
	struct account account;
	bool refused = false;
	enum haven_status st = account_to_disable(req, res, &account, &refused);
	if (st != HAVEN_OK || refused)
		return st;
	long long id = account.user.id;
	/* an account an agency administrator disabled becomes the administrator's to enable again */
	if (!account.disabled || !account.disabled_by_administrator) {
		struct actor actor = auth_actor(req);
		st = passwords_disable(id, &actor, auth_now(), field_text(req->input, "reason"), true);
		if (st == HAVEN_ERR_NOT_FOUND)
			st = HAVEN_OK; /* disabled by someone else meanwhile */
		if (st != HAVEN_OK)
			return st;
	}
	response_set_model(res, json_pack("{s:I, s:b}", "id", (json_int_t)id, "disabled", 1));
	response_success(res, "The account was disabled");
	response_done(res, NULL, "/admin/users/%lld", id);
	return HAVEN_OK;
}

/* POST /api/v1/users/{id}/enable {"reason"}: a disabled account may sign in again; audited with the reason.
 */
static enum haven_status enable_user(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	enum haven_status st = account_enable_done(req, res, &every_account, id, NULL);
	if (st == HAVEN_OK) /* else no such user: 404 */
		response_set_model(res, json_pack("{s:I, s:b}", "id", (json_int_t)id, "disabled", 0));
	return st;
}

/* What a change of roles or agency accepts: plain text, checked by change_user. The API's "roles": [] is
 * kept (keeps_empty), so that it is refused as no role, never taken for roles not sent. */
static const struct field_spec change_input[] = {
    {.name = "roles",
     .label = "the person's roles",
     .type = FIELD_TEXT,
     .multiple = true,
     .keeps_empty = true,
     .max = 40},
    {.name = "agency", .label = "the person's agency", .type = FIELD_TEXT, .max = 100},
    {.name = "reason", .label = "why", .type = FIELD_TEXT, .max = 500},
    {0},
};

static const struct field_spec enable_input[] = {
    {.name = "reason",
     .label = "why the account is re-enabled",
     .type = FIELD_TEXT,
     .required = true,
     .max = 500},
    {0},
};

/* ---- one person's account: roles, agency, re-enabling ---- */

static const char last_admin[] = "This would leave the partnership without an active administrator: give "
                                 "another account the admin role first";
static const char reason_needed[] = "Enter why: who asked for this change, and why";
/* An account keeps at least one role, as it is made with one: taking all of someone's access away is
 * disabling their account (signed out everywhere, audited with why, undone by enabling it). */
static const char no_role[] = "Select at least one role. To stop someone using Haven, disable their account";

/*
 * The account page's model: the person, their roles (checked) and agency
 * (selected) to change, or `kept` (what was typed, after errors) instead.
 */
static enum haven_status account_model(const struct account *account, const json_t *kept, json_t **out)
{
	json_t *agency = NULL;
	enum haven_status st = partnership_agency_by_id(account->user.agency_id, &agency);
	if (st != HAVEN_OK)
		return st;
	json_t *model = NULL;
	json_t *shown = kept ? json_deep_copy(kept) : json_object();
	if (!kept) {
		json_object_set_new(shown, "agency", json_string(field_text(agency, "slug")));
		json_object_set_new(shown, "roles", roles_to_json(account->user.roles));
	}
	st = user_form_model(shown, &model);
	json_decref(shown);
	if (st != HAVEN_OK) {
		json_decref(agency);
		return st;
	}
	json_object_set_new(model, "title", json_string(account->user.name));
	json_t *user = account_to_json(account);
	json_object_set(user, "agency", json_object_get(agency, "slug"));
	json_object_set_new(model, "user", user);
	invitation_mail_model(model); /* what a new invitation's email would do, for the resend's words */
	json_decref(agency);
	*out = model;
	return HAVEN_OK;
}

/* GET /admin/users/{id}, /api/v1/users/{id}. */
static enum haven_status show_user(struct request *req, struct response *res)
{
	struct account account;
	enum haven_status st = auth_store_account_by_id(field_int(req->params, "id"), &account);
	if (st != HAVEN_OK)
		return st; /* no such user: 404 */
	json_t *model = NULL;
	st = account_model(&account, req->input && json_object_size(req->input) ? req->input : NULL, &model);
	if (st != HAVEN_OK)
		return st;
	if (req->api) { /* the API's answer is the account alone; the page has the form's choices too */
		json_t *user = json_incref(json_object_get(model, "user"));
		json_decref(model);
		model = user;
	} else {
		json_t *user = json_object_get(model, "user");
		account_state_tag(user);
		/* nobody disables their own account: their page offers no link to */
		json_object_set_new(user, "is_me", json_boolean(account.user.id == req->user->id));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/*
 * POST /admin/users/{id} (the whole form), PATCH /api/v1/users/{id} (what
 * is sent changes): roles and agency, with the reason. Audited each.
 */
static enum haven_status change_user(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	struct account account;
	enum haven_status st = auth_store_account_by_id(id, &account);
	if (st != HAVEN_OK)
		return st; /* no such user: 404 */
	json_t *errors = json_array(), *values = NULL;
	json_t *given = json_object();
	const char *const fields[] = {"roles", "agency", NULL};
	for (size_t f = 0; fields[f]; f++)
		if (json_object_get(req->input, fields[f]))
			json_object_set(given, fields[f], json_object_get(req->input, fields[f]));
	/* no box ticked on the page is the API's "roles": [] (kept as sent, change_input): no role, refused
	 * below; roles left out of a PATCH stay as they are */
	if (!req->api && !json_object_get(given, "roles"))
		json_object_set_new(given, "roles", json_array());
	static const struct field_spec change_fields[] = {
	    {.name = "agency", .label = "the person's agency", .type = FIELD_SLUG, .max = 100},
	    {.name = "roles",
	     .label = "the person's roles",
	     .type = FIELD_CHOICE,
	     .multiple = true,
	     .keeps_empty = true,
	     .choices = roles_choices},
	    {0},
	};
	bool valid = fields_validate_json(change_fields, given, &values, errors) == HAVEN_OK;
	json_decref(given);
	const char *reason = field_text(req->input, "reason");
	if (!reason || !*reason)
		errors_add(errors, "reason", reason_needed);
	json_t *role_list = json_object_get(values, "roles");
	unsigned roles = roles_from_json(role_list);
	if (valid && role_list && !roles)
		errors_add(errors, "roles", no_role);
	const char *problem = roles ? policy_roles_problem(roles) : NULL;
	if (problem)
		errors_add(errors, "roles", problem);
	const char *agency = field_text(values, "agency");
	/* the roles the person will hold, in the agency they will be in, whichever of the two changes */
	json_t *target = NULL;
	st = agency ? partnership_get_agency(agency, &target)
	            : partnership_agency_by_id(account.user.agency_id, &target);
	if (st == HAVEN_OK) {
		const char *type_problem =
		    problem ? NULL
		            : policy_role_agency_problem(roles ? roles : account.user.roles,
		                                         field_text(target, "type"));
		if (type_problem)
			errors_add(errors, "roles", type_problem);
	} else if (st == HAVEN_ERR_NOT_FOUND) {
		errors_add(errors, "agency", account_unknown_agency);
	}
	json_decref(target);
	if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND) {
		json_decref(values);
		json_decref(errors);
		return st;
	}
	st = HAVEN_OK;
	if (!json_array_size(errors)) {
		struct actor actor = auth_actor(req);
		st = auth_store_user_change(id, roles, agency, &actor, reason);
		if (st == HAVEN_ERR_INVALID) {
			errors_add(errors, "agency", account_unknown_agency);
			st = HAVEN_OK;
		} else if (st == HAVEN_ERR_DENIED) {
			errors_add(errors, "roles", account_roles_changed_meanwhile);
			st = HAVEN_OK;
		} else if (st == HAVEN_ERR_CONFLICT) {
			errors_add(errors, "roles", last_admin);
			st = HAVEN_OK;
			res->status = 409;
		}
	}
	json_decref(values);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	if (json_array_size(errors)) {
		response_errors(res, errors); /* the page again: the route's redisplay keeps what was typed */
		return HAVEN_OK;
	}
	json_decref(errors);
	response_success(res, "The account was updated");
	response_done(res, show_user, "/admin/users"); /* the API: the account as it now is */
	return HAVEN_OK;
}

/* ---- which roles need a second factor ---- */

static enum haven_status second_factor_settings(struct request *req, struct response *res)
{
	unsigned required = 0;
	enum haven_status st = auth_store_totp_roles(&required);
	if (st != HAVEN_OK)
		return st;
	json_t *model = json_pack("{s:s, s:o}", "title", "Roles that need a second factor", "roles",
	                          roles_to_json(required));
	if (!req->api) {
		json_object_set_new(model, "options", roles_checkboxes(ROLE_ALL, required));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/*
 * The banner after saving: how many people a newly required role signed out. Static for the
 * response (response_success keeps a pointer), per thread: the answer is sent on the handler's thread.
 */
static const char *second_factor_saved(long long signed_out)
{
	static _Thread_local char banner[200];
	if (!signed_out)
		return "The second factor settings were saved";
	snprintf(banner, sizeof banner,
	         "The second factor settings were saved. %lld %s signed in without a second factor %s signed "
	         "out",
	         signed_out, signed_out == 1 ? "person who had" : "people who had",
	         signed_out == 1 ? "was" : "were");
	return banner;
}

static enum haven_status save_second_factor(struct request *req, struct response *res)
{
	unsigned roles = roles_from_json(json_object_get(req->input, "roles"));
	struct actor actor = auth_actor(req);
	const struct auth_settings *settings = auth_get_settings();
	struct session_window window = {auth_now(), settings->idle_timeout, settings->absolute_timeout};
	long long signed_out = 0;
	enum haven_status st = auth_store_set_totp_roles(roles, &actor, &window, &signed_out);
	if (st != HAVEN_OK)
		return st;
	/* the API's answer: the settings as they now are, and how many people were signed out */
	if ((st = second_factor_settings(req, res)) != HAVEN_OK)
		return st;
	json_object_set_new(res->model, "signed_out", json_integer(signed_out));
	response_success(res, second_factor_saved(signed_out));
	response_done(res, NULL, "/admin/second-factor");
	return HAVEN_OK;
}

static const struct field_spec list_query[] = {
    ACCOUNT_AGENCY_FILTER,
    ACCOUNT_FILTERS,
    PAGE_FIELDS,
    {0},
};

/* The search: the list's filters and a part of a name or email address, in a POST body. */
static const struct field_spec search_body[] = {
    ACCOUNT_SEARCH_FIELD, ACCOUNT_AGENCY_FILTER, ACCOUNT_FILTERS, PAGE_FIELDS, {0},
};

static const struct route routes[] = {
    {.method = HTTP_POST,
     .pattern = "/admin/users/search",
     .action = "user.manage",
     .handler = every_account_search,
     .page = "admin/users",
     .body = search_body,
     .redisplay = every_account_first_page,
     .api_pattern = "/api/v1/users/search"},
    {.method = HTTP_GET,
     .pattern = "/admin/users",
     .action = "user.manage",
     .handler = every_account_show,
     .page = "admin/users",
     .query = list_query,
     .redisplay = every_account_show,
     .api_pattern = "/api/v1/users"},
    {.method = HTTP_GET,
     .pattern = "/admin/users/new",
     .action = "user.manage",
     .handler = new_user_form,
     .page = "admin/user-new"},
    {.method = HTTP_POST,
     .pattern = "/admin/users",
     .action = "user.manage",
     .handler = create_user,
     .page = "admin/user-new",
     .body = user_input,
     .redisplay = new_user_form,
     .api_pattern = "/api/v1/users"},
    {.method = HTTP_GET,
     .pattern = "/admin/users/{id:int}/disable",
     .action = "user.manage",
     .handler = disable_form,
     .page = "admin/user-disable"},
    {.method = HTTP_POST,
     .pattern = "/admin/users/{id:int}/disable",
     .action = "user.manage",
     .handler = disable_user,
     .page = "admin/user-disable",
     .body = disable_input,
     .redisplay = disable_form,
     .check = &disable_check,
     .api_pattern = "/api/v1/users/{id:int}/disable"},
    {.method = HTTP_GET,
     .pattern = "/admin/users/{id:int}",
     .action = "user.manage",
     .handler = show_user,
     .page = "admin/user",
     .api_pattern = "/api/v1/users/{id:int}"},
    {.method = HTTP_POST,
     .pattern = "/admin/users/{id:int}",
     .action = "user.manage",
     .handler = change_user,
     .page = "admin/user",
     .body = change_input,
     .redisplay = show_user},
    {.method = HTTP_PATCH,
     .pattern = "/api/v1/users/{id:int}",
     .action = "user.manage",
     .handler = change_user,
     .body = change_input},
    {.method = HTTP_POST,
     .pattern = "/admin/users/{id:int}/enable",
     .action = "user.manage",
     .handler = enable_user,
     .page = "admin/user",
     .body = enable_input,
     .redisplay = show_user,
     .api_pattern = "/api/v1/users/{id:int}/enable"},
    {.method = HTTP_GET,
     .pattern = "/admin/second-factor",
     .action = "settings.manage",
     .handler = second_factor_settings,
     .page = "admin/second-factor",
     .api_pattern = "/api/v1/settings/second-factor"},
    {.method = HTTP_POST,
     .pattern = "/admin/second-factor",
     .action = "settings.manage",
     .handler = save_second_factor,
     .page = "admin/second-factor",
     .body = roles_input,
     .redisplay = second_factor_settings},
    {.method = HTTP_PUT,
     .pattern = "/api/v1/settings/second-factor",
     .action = "settings.manage",
     .handler = save_second_factor,
     .body = roles_input},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* administration: accounts and settings, never a child's data */
    {.action = "user.manage", .roles = ROLE_ADMIN, .audited = true},
    {.action = "settings.manage", .roles = ROLE_ADMIN, .audited = true},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Administration and assurance",
     .action = "user.manage",
     .href = "/admin/users",
     .text = "Manage user accounts",
     .place = 210},
    {.section = "Administration and assurance",
     .action = "settings.manage",
     .href = "/admin/second-factor",
     .text = "Choose which roles need a second factor",
     .place = 230},
    {0},
};

const struct area area_admin = {
    .name = "admin",
    .links = links,
    .access = access,
    .routes = routes,
    .commands = admin_commands,
};
