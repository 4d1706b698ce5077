/*
 * area.c (agencyadmin) — an agency's own administrator (a school's business
 * manager, an NHS trust's safeguarding lead) looks after the accounts of
 * their own agency's people, and nobody else's:
 *
 *   /agency/users                  their agency's people, a page at a time
 *   /agency/users/search           the same, by a part of a name or email (POST)
 *   /agency/invitations/new        invite a person to their agency by email
 *   /agency/users/{id}             one of their people: disable or re-enable, with the reason
 *
 * and the same under /api/v1/agency/. The policy (auth/policy.c) lets only
 * agency administrators in; a person of another agency, or an
 * administrator, is not one of theirs (the "agency_user" relationship in
 * this area's store_sqlite.c), so asking about them is answered 404 as if
 * they did not exist. The handlers add what only they can check: the agency
 * is always the administrator's own, nobody is made an administrator, and
 * every role given is one their agency's type may hold
 * (policy_role_agency_problem). Every change is audited with who did it and
 * why, in the same unit of work. The list and its search are the
 * administrators' list's, scoped to the agency (auth/account_list.h).
 */

#include "areas/agencyadmin/store.h"
#include "app/account_pages.h"
#include "app/area.h"
#include "areas/partnership/store.h"
#include "areas/passwords/account_fields.h"
#include "areas/passwords/invite.h"
#include "auth/account_list.h"
#include "auth/policy.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "auth/store.h"
#include "auth/user.h"
#include "router/errors.h"
#include "router/page.h"

/* What the invitation accepts: plain text, checked by the handler with invite_fields. */
static const struct field_spec invite_input[] = {
    ACCOUNT_NAME_INPUT,
    ACCOUNT_EMAIL_INPUT,
    ACCOUNT_ROLES_INPUT,
    {0},
};
static const struct field_spec invite_fields[] = {
    ACCOUNT_NAME_FIELD,
    ACCOUNT_EMAIL_FIELD,
    ACCOUNT_ROLES_FIELD,
    {0},
};
static const struct field_spec reason_input[] = {
    {.name = "reason", .label = "why", .type = FIELD_TEXT, .required = true, .max = 500},
    {0},
};
static const struct field_spec list_query[] = {
    ACCOUNT_FILTERS,
    PAGE_FIELDS,
    {0},
};

/* The search: the list's filters and a part of a name or email address, in a POST body. */
static const struct field_spec search_body[] = {
    ACCOUNT_SEARCH_FIELD,
    ACCOUNT_FILTERS,
    PAGE_FIELDS,
    {0},
};

static const char no_admin[] = "An agency administrator cannot make anyone an administrator: ask the "
                               "partnership's Haven administrators";

/* The administrator's own agency (slug, name, type); new object in *out. */
static enum haven_status own_agency(const struct request *req, json_t **out)
{
	return partnership_agency_by_id(req->user->agency_id, out);
}

/* The roles a person of `agency` (its type) may be given here: never admin, and only what the type may hold.
 */
static unsigned roles_offered_to(const json_t *agency)
{
	unsigned offered = 0;
	for (unsigned r = ROLE_ADMIN << 1; r <= ROLE_ALL; r <<= 1)
		if (!policy_role_agency_problem(r, field_text(agency, "type")))
			offered |= r;
	return offered;
}

/* ---- the agency's people ---- */

/* The people list's role filter: the roles the invitation form offers, not every role. */
static enum haven_status own_roles_offered(const struct request *req, unsigned *out)
{
	json_t *agency = NULL;
	enum haven_status st = own_agency(req, &agency);
	if (st == HAVEN_OK)
		*out = roles_offered_to(agency);
	json_decref(agency);
	return st;
}

/* The people of the administrator's own agency (auth/account_list.h). */
static const struct account_list own_people = {
    .own_agency = true,
    .title = "Your agency's people",
    .noun = "people",
    .search_action = "/agency/users/search",
    .path = "/agency/users",
    .api_path = "/api/v1/agency/users",
    .roles_offered = own_roles_offered,
};

/* own_people_show: GET /agency/users, /api/v1/agency/users, the agency's people by name, narrowed to a role
 * or status; own_people_search: POST /agency/users/search, /api/v1/agency/users/search, searched by a part of
 * a name or email address sent in the body, audited as the list is ("agency_users.list"), without the words;
 * own_people_first_page: the search form again after errors. */
ACCOUNT_LIST_HANDLERS(own_people)

/* ---- inviting a person to the agency ---- */

/* GET /agency/invitations/new, and the form again after errors: the roles the agency's type may hold (never
 * admin), the chosen ones ticked. */
static enum haven_status invite_form(struct request *req, struct response *res)
{
	const json_t *kept = json_object_size(req->input) ? req->input : NULL;
	json_t *agency = NULL;
	enum haven_status st = own_agency(req, &agency);
	if (st != HAVEN_OK)
		return st;
	json_t *roles = roles_checkboxes(roles_offered_to(agency),
	                                 roles_from_json(kept ? json_object_get(kept, "roles") : NULL));
	json_t *model =
	    json_pack("{s:s, s:s, s:o, s:o}", "title", "Invite a person to your agency", "agency_name",
	              field_text(agency, "name"), "roles", roles, "submitted", account_typed(kept));
	invitation_mail_model(model);
	response_set_model(res, model);
	json_decref(agency);
	return HAVEN_OK;
}

/* POST /agency/invitations, /api/v1/agency/invitations: a person invited to the administrator's own agency.
 */
static enum haven_status invite(struct request *req, struct response *res)
{
	json_t *errors = json_array(), *values = NULL, *agency = NULL;
	enum haven_status st = fields_validate_json(invite_fields, req->input, &values, errors);
	const char *email = field_text(values, "email");
	if ((st = account_check_email(email, account_email_taken_elsewhere, errors)) != HAVEN_OK)
		goto out;
	if ((st = own_agency(req, &agency)) != HAVEN_OK)
		goto out;
	unsigned roles = roles_from_json(json_object_get(values, "roles"));
	const char *problem = (roles & ROLE_ADMIN) ? no_admin : policy_roles_problem(roles);
	if (!problem)
		problem = policy_role_agency_problem(roles, field_text(agency, "type"));
	if (problem)
		errors_add(errors, "roles", problem);
	if (json_array_size(errors)) {
		response_errors(res, errors); /* the form again: invite_form keeps what was typed */
		errors = NULL;
		goto out;
	}
	struct new_user u = {email, field_text(values, "name"), field_text(agency, "slug"), roles, NULL};
	struct actor actor = auth_actor(req);
	long long id = 0;
	st = passwords_invite_now(&u, &actor, &id);
	/* taken or the type changed since, or a role the database refuses; their own agency is no refusal */
	const char *field = NULL, *refusal = st == HAVEN_ERR_NOT_FOUND ? NULL : account_refusal(st, &field);
	if (refusal) {
		/* an account elsewhere is one they cannot see: the words say what to do */
		errors_add(errors, field, st == HAVEN_ERR_CONFLICT ? account_email_taken_elsewhere : refusal);
		response_errors(res, errors);
		errors = NULL;
		st = HAVEN_OK;
		goto out;
	}
	if (st == HAVEN_OK) {
		account_answer_created(req, res, &own_people, id,
		                       json_pack("{s:I, s:b}", "id", (json_int_t)id, "invited", 1));
		response_success(res, invitation_sent_message(false));
	}
out:
	json_decref(agency);
	json_decref(errors);
	json_decref(values);
	return st;
}

/* ---- one of the agency's people ---- */

/* GET /agency/users/{id}, /api/v1/agency/users/{id} (the policy has checked they are the agency's). */
static enum haven_status show_person(struct request *req, struct response *res)
{
	struct account account;
	enum haven_status st = auth_store_account_by_id(field_int(req->params, "id"), &account);
	if (st != HAVEN_OK)
		return st;
	json_t *person = account_to_json(&account);
	if (req->api) { /* the API's answer is the person alone; the page adds labels and a title */
		response_set_model(res, person);
		return HAVEN_OK;
	}
	json_object_set_new(person, "role_labels", roles_labels(account.user.roles));
	account_state_tag(person);
	json_object_set_new(person, "is_me", json_boolean(account.user.id == req->user->id));
	json_t *model = json_pack("{s:s, s:o}", "title", account.user.name, "user", person);
	if (field_text(req->input, "reason"))
		json_object_set_new(model, "submitted",
		                    json_pack("{s:s}", "reason", field_text(req->input, "reason")));
	invitation_mail_model(model); /* what a new invitation's email would do, for the resend's words */
	response_set_model(res, model);
	return HAVEN_OK;
}

/* POST /agency/users/{id}/disable, /api/v1/agency/users/{id}/disable {"reason"}: signed out everywhere. */
static enum haven_status disable_person(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	if (id == req->user->id) {
		account_refuse_disabling_yourself(req, res, "reason"); /* the page: the route's redisplay */
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	enum haven_status st =
	    passwords_disable(id, &actor, auth_now(), field_text(req->input, "reason"), false);
	if (st == HAVEN_ERR_NOT_FOUND)
		st = HAVEN_OK; /* disabled already */
	response_success(res, "The account was disabled");
	if (st == HAVEN_OK)
		response_done(res, show_person, "/agency/users/%lld",
		              id); /* the API: the person as they now are */
	return st;
}

/*
 * Disabling one of the agency's people, checked first (router.h, struct
 * check_step): they are signed out at once and cannot sign in until
 * re-enabled.
 */
static enum haven_status check_disable(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	if (id == req->user->id) {
		response_conflict(res, "reason", account_not_yourself);
		return HAVEN_OK;
	}
	struct account account;
	enum haven_status st = auth_store_account_by_id(id, &account);
	if (st != HAVEN_OK)
		return st;
	json_t *why = json_pack("{s:s, s:s, s:s}", "key", "Why you are disabling the account", "value",
	                        field_text(req->input, "reason"), "change", "reason");
	account_check_disable_model(res, &own_people, &account, account.user.agency_name, why,
	                            "They will be signed out at once and cannot sign in until you "
	                            "enable their account again.");
	return HAVEN_OK;
}

static const struct check_step disable_check = {
    .title = "Check before you disable this account",
    .button = "Disable the account",
    .answers = check_disable,
};

/* POST /agency/users/{id}/enable, /api/v1/agency/users/{id}/enable {"reason"}: may sign in again. */
static enum haven_status enable_person(struct request *req, struct response *res)
{
	return account_enable_done(req, res, &own_people, field_int(req->params, "id"), show_person);
}

static const struct route routes[] = {
    {.method = HTTP_POST,
     .pattern = "/agency/users/search",
     .action = "agency_users.list",
     .handler = own_people_search,
     .page = "agencyadmin/users",
     .body = search_body,
     .redisplay = own_people_first_page,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/agency/users",
     .action = "agency_users.list",
     .handler = own_people_show,
     .page = "agencyadmin/users",
     .query = list_query,
     .redisplay = own_people_show,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/agency/invitations/new",
     .action = "agency_users.invite",
     .handler = invite_form,
     .page = "agencyadmin/invite"},
    {.method = HTTP_POST,
     .pattern = "/agency/invitations",
     .action = "agency_users.invite",
     .handler = invite,
     .page = "agencyadmin/invite",
     .body = invite_input,
     .redisplay = invite_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/agency/users/{id:int}",
     .action = "agency_user.read",
     .handler = show_person,
     .page = "agencyadmin/user",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/agency/users/{id:int}/disable",
     .action = "agency_user.disable",
     .handler = disable_person,
     .page = "agencyadmin/user",
     .body = reason_input,
     .redisplay = show_person,
     .check = &disable_check,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/agency/users/{id:int}/enable",
     .action = "agency_user.enable",
     .handler = enable_person,
     .page = "agencyadmin/user",
     .body = reason_input,
     .redisplay = show_person,
     .api = true},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* an agency's own administrator: the people of their own agency only (a person of another agency is
     * not found); handlers also refuse admin and roles the agency's type may not hold */
    {.action = "agency_users.list", .roles = ROLE_AGENCY_ADMIN, .audited = true},
    {.action = "agency_users.invite", .roles = ROLE_AGENCY_ADMIN, .audited = true},
    {.action = "agency_user.read", .roles = ROLE_AGENCY_ADMIN, .resource = "agency_user", .audited = true},
    {.action = "agency_user.disable",
     .roles = ROLE_AGENCY_ADMIN,
     .resource = "agency_user",
     .audited = true,
     .shown_as = "agency_user.read"},
    {.action = "agency_user.enable",
     .roles = ROLE_AGENCY_ADMIN,
     .resource = "agency_user",
     .audited = true,
     .shown_as = "agency_user.read"},
    /* an invitation sent again (the passwords area's routes, /agency/users/{id}/invitation) */
    {.action = "agency_user.reinvite",
     .roles = ROLE_AGENCY_ADMIN,
     .resource = "agency_user",
     .audited = true,
     .shown_as = "agency_user.read"},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Administration and assurance",
     .action = "agency_users.list",
     .href = "/agency/users",
     .text = "Your agency's people and their accounts",
     .place = 220},
    {0},
};

const struct area area_agencyadmin = {
    .name = "agencyadmin",
    .links = links,
    .access = access,
    .records = agencyadmin_records,
    .routes = routes,
};
