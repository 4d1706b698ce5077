/*
 * account_fields.c (passwords) — the checks and choices of every form that
 * makes an account (account_fields.h): an administrator's new account
 * (admin), an invitation (here) and an agency administrator's invitation
 * (agencyadmin), so that each says the same thing the same way.
 */
#include "areas/passwords/account_fields.h"

#include "areas/partnership/store.h"
#include "auth/policy.h"
#include "auth/store.h"
#include "router/errors.h"
#include "view/chosen_option.h"

const char account_email_taken[] = "An account with this email address already exists";
/* An agency's administrator sees only their own agency's people, so the words say what to do: the
 * partnership's administrators move a person's account when they change agency. */
const char account_email_taken_elsewhere[] =
    "This person already has a Haven account. If they now work for your agency, ask the partnership's "
    "administrators to move their account to it";
const char account_unknown_agency[] = "Select the person's agency from the list";
const char account_roles_changed_meanwhile[] =
    "The agency's type changed while this was being saved, and its people may no longer hold one of "
    "these roles: choose the roles again";
/* Haven knows the role but the database's list of roles (a CHECK on user_roles) does not: its migrations
 * are behind or were changed by hand. Nothing the person typing can fix but by choosing other roles. */
const char account_role_refused[] =
    "The database does not accept one of these roles (its list of roles is not this version of Haven's): "
    "nothing was saved; choose other roles or ask whoever runs Haven to check its migrations";

enum haven_status account_form_choices(const json_t *kept, json_t **agencies, json_t **roles)
{
	enum haven_status st = partnership_list_agencies(NULL, NULL, agencies);
	if (st != HAVEN_OK)
		return st;
	chosen_option_mark(*agencies, "slug", kept ? json_object_get(kept, "agency") : NULL);
	*roles = roles_checkboxes(ROLE_ALL, roles_from_json(kept ? json_object_get(kept, "roles") : NULL));
	/* every role, whatever the agency: each says which agencies may hold it, so a wrong one is seen
	 * before sending (the boxes are in enum order, the i-th for role 1 << i) */
	size_t i;
	json_t *box;
	json_array_foreach(*roles, i, box)
	{
		const char *hint = policy_role_agency_hint(1u << i);
		if (hint)
			json_object_set_new(box, "hint", json_string(hint));
	}
	return HAVEN_OK;
}

json_t *account_typed(const json_t *kept)
{
	json_t *typed = json_object();
	const char *const texts[] = {"name", "email", NULL};
	for (size_t f = 0; kept && texts[f]; f++)
		if (field_text(kept, texts[f]))
			json_object_set_new(typed, texts[f], json_string(field_text(kept, texts[f])));
	return typed;
}

enum haven_status account_check_email(const char *email, const char *taken, json_t *errors)
{
	if (!email)
		return HAVEN_OK;
	struct account existing;
	enum haven_status st = auth_store_account_by_email(email, &existing);
	if (st == HAVEN_OK)
		errors_add(errors, "email", taken);
	return st == HAVEN_ERR_NOT_FOUND ? HAVEN_OK : st;
}

enum haven_status account_check_agency_roles(const char *agency, unsigned roles, json_t *errors)
{
	if (agency) {
		json_t *found = NULL;
		enum haven_status st = partnership_get_agency(agency, &found);
		/* one message for the roles: why they cannot go together first */
		const char *type_problem = policy_roles_problem(roles)
		                               ? NULL
		                               : policy_role_agency_problem(roles, field_text(found, "type"));
		if (type_problem)
			errors_add(errors, "roles", type_problem);
		json_decref(found);
		if (st == HAVEN_ERR_NOT_FOUND)
			errors_add(errors, "agency", account_unknown_agency);
		else if (st != HAVEN_OK)
			return st;
	}
	const char *problem = policy_roles_problem(roles);
	if (problem)
		errors_add(errors, "roles", problem);
	return HAVEN_OK;
}

const char *account_refusal(enum haven_status st, const char **field)
{
	switch (st) {
	case HAVEN_ERR_CONFLICT: *field = "email"; return account_email_taken;
	case HAVEN_ERR_NOT_FOUND: *field = "agency"; return account_unknown_agency;
	case HAVEN_ERR_DENIED: *field = "roles"; return account_roles_changed_meanwhile;
	case HAVEN_ERR_INVALID: *field = "roles"; return account_role_refused;
	default: *field = NULL; return NULL;
	}
}

bool account_refused_meanwhile(enum haven_status st, json_t *errors)
{
	const char *field, *message = account_refusal(st, &field);
	if (message)
		errors_add(errors, field, message);
	return message != NULL;
}
