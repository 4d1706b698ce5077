/*
 * area.c (passwords) — people set and change their own passwords; an
 * administrator never chooses or sees one:
 *
 *   invitations   an administrator invites a person by email (/admin/invitations/new,
 *                 POST /api/v1/invitations, `haven user add --invite`); the email's
 *                 one-time link (72 hours) is where they choose their password
 *                 (/invitations/{token}); their second factor, where their role needs
 *                 one, is set up at their first sign-in as for everyone; until they
 *                 choose it, their page offers a new invitation, which cancels the
 *                 earlier link (/admin/users/{id}/invitation, and an agency
 *                 administrator's /agency/users/{id}/invitation for their own people)
 *   resets        anyone may ask for a reset link (/password-reset, POST
 *                 /api/v1/password-reset): the answer is the same whether or not the
 *                 address has an account; the link works for 1 hour, once, and using
 *                 it ends every session of the account
 *   changing      a signed-in person changes theirs (/account/password), giving the
 *                 current one; every session ends and they sign in again
 *
 * Links are 32 random bytes (auth/token.h) of which only a hash is stored
 * (store.h). A link that is expired or used says so plainly and says how
 * to get a new one; one Haven does not hold (altered, or removed by the
 * retention job 30 days after it ended) says it is not valid, may have
 * expired or been used, and how to get a new one.
 */
#include <stdio.h>
#include <string.h>

#include "app/account_pages.h"
#include "app/area.h"
#include "app/hourly_allowance.h"
#include "areas/partnership/store.h"
#include "areas/passwords/account_fields.h"
#include "areas/passwords/commands.h"
#include "areas/passwords/invite.h"
#include "areas/passwords/store.h"
#include "auth/password.h"
#include "auth/policy.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "auth/user.h"
#include "router/errors.h"
#include "core/words.h"

/* What the invitation form posts: plain text, checked by the handler with invite_fields. */
static const struct field_spec invite_input[] = {
    ACCOUNT_NAME_INPUT, ACCOUNT_EMAIL_INPUT, ACCOUNT_AGENCY_INPUT, ACCOUNT_ROLES_INPUT, {0},
};
static const struct field_spec invite_fields[] = {
    ACCOUNT_NAME_FIELD,
    ACCOUNT_EMAIL_FIELD,
    {.name = "agency",
     .label = "the person's agency",
     .type = FIELD_SLUG,
     .required = true,
     .in_select = true,
     .max = ACCOUNT_AGENCY_MAX},
    ACCOUNT_ROLES_FIELD,
    {0},
};
/* The new password a person chooses, in each form that takes one. */
#define NEW_PASSWORD_INPUT                                                                                   \
	{                                                                                                    \
		.name = "password", .label = "a new password", .type = FIELD_TEXT, .secret = true,           \
		.max = PASSWORD_MAX_LENGTH                                                                   \
	}
static const struct field_spec password_input[] = {
    NEW_PASSWORD_INPUT,
    {0},
};
static const struct field_spec change_input[] = {
    {.name = "current_password",
     .label = "your current password",
     .type = FIELD_TEXT,
     .secret = true,
     .max = PASSWORD_MAX_LENGTH},
    NEW_PASSWORD_INPUT,
    {0},
};
static const struct field_spec reset_input[] = {
    {.name = "email", .label = "your email address", .type = FIELD_EMAIL, .required = true, .max = 254},
    {0},
};
static const struct field_spec no_fields[] = {{0}};

static const char reset_answer[] =
    "If an account has this email address, we have sent it a link to choose a new "
    "password. The link works once, for 1 hour. If no email comes, check the address "
    "or ask your agency's Haven administrator.";

/* ---- inviting (administrators) ---- */

/* GET /admin/invitations/new, and the form again after errors: every agency (the chosen one selected) and
 * role (the chosen ones ticked). */
static enum haven_status invite_form(struct request *req, struct response *res)
{
	const json_t *kept = json_object_size(req->input) ? req->input : NULL;
	json_t *agencies = NULL, *roles = NULL;
	enum haven_status st = account_form_choices(kept, &agencies, &roles);
	if (st == HAVEN_OK) {
		json_t *model = json_pack("{s:s, s:o, s:o, s:o}", "title", "Invite a person", "agencies",
		                          agencies, "roles", roles, "submitted", account_typed(kept));
		invitation_mail_model(model);
		response_set_model(res, model);
	}
	return st;
}

/* POST /admin/invitations, /api/v1/invitations. */
static enum haven_status invite(struct request *req, struct response *res)
{
	json_t *errors = json_array(), *values = NULL;
	enum haven_status st = fields_validate_json(invite_fields, req->input, &values, errors);
	const char *email = field_text(values, "email"), *agency = field_text(values, "agency");
	if ((st = account_check_email(email, account_email_taken, errors)) != HAVEN_OK)
		goto out;
	unsigned roles = roles_from_json(json_object_get(values, "roles"));
	if ((st = account_check_agency_roles(agency, roles, errors)) != HAVEN_OK)
		goto out;
	if (json_array_size(errors)) {
		response_errors(res, errors); /* the form again: invite_form keeps what was chosen */
		errors = NULL;
		goto out;
	}
	struct new_user u = {email, field_text(values, "name"), agency, roles, NULL};
	struct actor actor = auth_actor(req);
	long long id = 0;
	st = passwords_invite_now(&u, &actor, &id);
	if (account_refused_meanwhile(st, errors)) { /* taken or removed since the checks */
		response_errors(res, errors);
		errors = NULL;
		st = HAVEN_OK;
		goto out;
	}
	if (st != HAVEN_OK)
		goto out;
	response_created(res, json_pack("{s:I, s:b}", "id", (json_int_t)id, "invited", 1), "/admin/users");
	response_success(res, invitation_sent_message(true));
out:
	json_decref(errors);
	json_decref(values);
	return st;
}

/* ---- sending an invitation again (administrators, and agency administrators for their own people) ---- */

/* The list a person's invitation page belongs to: the administrators' (/admin/users) or an agency
 * administrator's (/agency/users), by the route's own path. */
static const char *people_path(const struct request *req)
{
	return strncmp(req->route->pattern, "/agency/", 8) == 0 ? "/agency/users" : "/admin/users";
}

/* Why a person cannot be sent an invitation again, for the page and the API. */
static const char *refusal_text(enum reinvite_refusal refusal)
{
	return refusal == REINVITE_DISABLED
	           ? "This account is disabled, so it cannot be sent an invitation: re-enable it first "
	             "if the person should have one"
	           : "This person has already chosen their password (they accepted their invitation, reset "
	             "their password, or their account was made with one), so they need no invitation: if "
	             "they have forgotten it, they can reset it from the sign-in page";
}

/*
 * GET /admin/users/{id}/invitation, /agency/users/{id}/invitation: where a new invitation leads, naming
 * whom it was sent to in a panel (the success message, which names nobody, is its sign: success_in_panel),
 * or, with no mail relay set, that its email waits in the outbox (an administrator is led to the set-up
 * checklist); otherwise the person's invitation as it now is. The page of a refusal too, with its error.
 */
static enum haven_status invitation_page(struct request *req, struct response *res)
{
	struct account account;
	enum haven_status st = auth_store_account_by_id(field_int(req->params, "id"), &account);
	if (st != HAVEN_OK)
		return st; /* no such person: 404 */
	json_t *person = account_to_json(&account);
	account_state_tag(person);
	char back[64];
	snprintf(back, sizeof back, "%s/%lld", people_path(req), account.user.id);
	json_t *model =
	    json_pack("{s:s, s:o, s:s, s:b, s:b}", "title", "Invitation", "user", person, "back", back,
	              "success_in_panel", 1, "administrator", strcmp(people_path(req), "/admin/users") == 0);
	invitation_mail_model(model);
	response_set_model(res, model);
	return HAVEN_OK;
}

/* POST /admin/users/{id}/invitation, /agency/users/{id}/invitation and their API twins: a new invitation
 * for someone who has not chosen their password, the earlier link cancelled. */
static enum haven_status resend_invitation(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	char token[TOKEN_TEXT_SIZE];
	token_new(token);
	struct new_link link = {token, auth_now()};
	struct actor actor = auth_actor(req);
	enum reinvite_refusal refusal = REINVITE_HAS_PASSWORD;
	enum haven_status st = passwords_reinvite(id, &actor, &link, &refusal);
	explicit_bzero(token, sizeof token);
	if (st == HAVEN_ERR_CONFLICT) {
		const char *why = refusal_text(refusal);
		if (req->api) {
			res->status = 409;
			res->content_type = "application/problem+json";
			response_set_model(res, errors_problem(409, why, NULL));
			return HAVEN_OK;
		}
		if ((st = invitation_page(req, res)) == HAVEN_OK)
			response_conflict(res, "invitation", why);
		return st;
	}
	if (st != HAVEN_OK)
		return st; /* no such person: 404 */
	response_set_model(res, json_pack("{s:I, s:b}", "id", (json_int_t)id, "invited", 1));
	response_done(res, NULL, "%s/%lld/invitation", people_path(req), id);
	response_success(res, INVITATION_RESENT); /* the page names whom to: the message carries no name */
	return HAVEN_OK;
}

/* ---- using a link ---- */

static enum link_purpose purpose_of(const struct request *req)
{
	return strstr(req->route->pattern, "invitation") ? LINK_INVITATION : LINK_PASSWORD_RESET;
}

/* Why a link cannot be used, and what to do, for the page and the API. A link Haven does not hold
 * (altered, cut short, or removed 30 days after it ended: src/areas/retention) may well have been real,
 * so its answer says it may have expired or been used, and never whether it was ever made. */
static const char *link_problem(enum link_state state, enum link_purpose purpose, unsigned *status)
{
	*status = state == LINK_UNKNOWN ? 404 : 410;
	if (purpose == LINK_INVITATION)
		return state == LINK_EXPIRED
		           ? "This invitation link has expired: invitations last 72 hours. Ask your "
		             "Haven administrator to send you a new one."
		       : state == LINK_USED
		           ? "This invitation link has been used already, or a newer one was sent. "
		             "Sign in, or ask your Haven administrator to send you a new one."
		           : "This invitation link is not valid. It may have expired or been used "
		             "already, or not been copied whole from the email. Ask your Haven "
		             "administrator to send you a new one.";
	return state == LINK_EXPIRED
	           ? "This password reset link has expired: links last 1 hour. Ask for a new one."
	       : state == LINK_USED
	           ? "This password reset link has been used already, or a newer one was sent. "
	             "Ask for a new one if you need it."
	           : "This password reset link is not valid. It may have expired or been used "
	             "already, or not been copied whole from the email. Ask for a new one.";
}

/* The heading of a link that cannot be used, in the GOV.UK pattern's words: not the words of a fault in
 * the service (a 410's usual title), as nothing is wrong but the link. */
static const char *link_title(enum link_state state)
{
	return state == LINK_EXPIRED ? "This link has expired"
	       : state == LINK_USED  ? "This link has already been used"
	                             : "This link is not valid";
}

/* The page or answer for a link that cannot be used. */
static void refuse_link(struct request *req, struct response *res, enum link_state state,
                        enum link_purpose purpose)
{
	unsigned status;
	const char *why = link_problem(state, purpose, &status);
	res->status = status;
	if (req->api) {
		res->content_type = "application/problem+json";
		json_t *problem = errors_problem(status, why, NULL);
		json_object_set_new(problem, "title", json_string(link_title(state)));
		response_set_model(res, problem);
		return;
	}
	/* the choose page shows `problem` instead of its form */
	response_set_model(res, json_pack("{s:s, s:s, s:b}", "title", link_title(state), "problem", why,
	                                  "reset", purpose == LINK_PASSWORD_RESET));
}

static json_t *choose_model(enum link_purpose purpose, const char *name, const char *action)
{
	return json_pack("{s:s, s:s, s:s, s:i, s:b}", "title",
	                 purpose == LINK_INVITATION ? "Choose your password" : "Choose a new password",
	                 "name", name, "action", action, "password_min", PASSWORD_MIN_LENGTH, "invitation",
	                 purpose == LINK_INVITATION);
}

/* GET /invitations/{token}, /password-reset/{token}: the form, or why the link cannot be used. */
static enum haven_status choose_form(struct request *req, struct response *res)
{
	enum link_purpose purpose = purpose_of(req);
	const char *token = field_text(req->params, "token");
	enum link_state state;
	char name[512];
	enum haven_status st = passwords_link_state(token, purpose, auth_now(), &state, name, NULL);
	if (st != HAVEN_OK)
		return st;
	if (state != LINK_VALID) {
		refuse_link(req, res, state, purpose);
		return HAVEN_OK;
	}
	char action[128];
	snprintf(action, sizeof action, "%s%s",
	         purpose == LINK_INVITATION ? "/invitations/" : "/password-reset/", token);
	response_set_model(res, choose_model(purpose, name, action));
	return HAVEN_OK;
}

/* POST /invitations/{token}, /password-reset/{token} and their API twins: the person's new password. */
static enum haven_status choose(struct request *req, struct response *res)
{
	enum link_purpose purpose = purpose_of(req);
	const char *token = field_text(req->params, "token");
	const char *password = field_text(req->input, "password");
	/* the rule refuses a password made of the person's own name or email, so find whose link it is */
	enum link_state state;
	char name[512];
	long long owner = 0;
	struct account account = {0};
	enum haven_status found = passwords_link_state(token, purpose, auth_now(), &state, name, &owner);
	if (found != HAVEN_OK)
		return found;
	if (state != LINK_VALID) {
		refuse_link(req, res, state, purpose);
		return HAVEN_OK;
	}
	if ((found = auth_store_account_by_id(owner, &account)) != HAVEN_OK)
		return found;
	const char *problem =
	    password ? password_problem(password, account.user.name, account.user.email) : "Enter a password";
	if (problem) {
		response_error(res, "password", problem); /* the form again: the route's redisplay */
		return HAVEN_OK;
	}
	char hash[160];
	enum haven_status st = password_hash(password, hash, sizeof hash);
	if (st != HAVEN_OK)
		return st;
	/* checked again as it is used: another request may have used it meanwhile */
	st = passwords_use_link(token, purpose, hash, auth_now(), req->client_address, &state);
	if (st != HAVEN_OK)
		return st;
	if (state != LINK_VALID) {
		refuse_link(req, res, state, purpose);
		return HAVEN_OK;
	}
	response_set_model(res, json_pack("{s:b}", "password_set", 1));
	response_done(res, NULL, "/password-set");
	return HAVEN_OK;
}

static enum haven_status password_set(struct request *req, struct response *res)
{
	(void)req;
	response_set_model(res, json_pack("{s:s}", "title", "Your password is set"));
	return HAVEN_OK;
}

/* ---- asking for a reset ---- */

static enum haven_status reset_form(struct request *req, struct response *res)
{
	(void)req;
	response_set_model(res, json_pack("{s:s}", "title", "Reset your password"));
	return HAVEN_OK;
}

/* Reset requests a client address may make in an hour (HAVEN_RESET_LIMIT, 30 unless set): each is run by
 * the writer after its answer, so an allowance keeps anyone from queueing them faster than it runs them. */
static struct hourly_allowance resetters = HOURLY_ALLOWANCE("HAVEN_RESET_LIMIT", 30);

static enum haven_status start(void)
{
	return hourly_allowance_configure(&resetters);
}

/*
 * POST /password-reset, /api/v1/password-reset: the same answer, at once, for every address. The request
 * is queued for the writer and not waited for (passwords_request_reset), so the answer's time does not
 * depend on whether the address has an account, and no thread is held to make it seem so.
 */
static enum haven_status request_reset(struct request *req, struct response *res)
{
	int64_t wait = hourly_allowance_take(&resetters, req->client_address, auth_now());
	if (wait > 0) {
		hourly_allowance_refuse(res, wait, "email", "You have asked for a lot of password resets.");
		return HAVEN_OK;
	}
	char token[TOKEN_TEXT_SIZE];
	token_new(token);
	enum haven_status st =
	    passwords_request_reset(field_text(req->input, "email"), token, auth_now(), req->client_address);
	explicit_bzero(token, sizeof token);
	if (st != HAVEN_OK)
		return st;
	/* the API says the request is taken (the email may follow); a browser sees the page that says so */
	res->status = req->api ? 202 : 200;
	response_set_model(res,
	                   json_pack("{s:s, s:s}", "title", "Check your email", "message", reset_answer));
	return HAVEN_OK;
}

/* ---- changing one's own password ---- */

static enum haven_status change_form(struct request *req, struct response *res)
{
	(void)req;
	response_set_model(res, json_pack("{s:s, s:i}", "title", "Change your password", "password_min",
	                                  PASSWORD_MIN_LENGTH));
	return HAVEN_OK;
}

/*
 * The answer once the account's throttle is locked: wait, whatever the password. The session is not
 * ended: anyone guessing at the email from elsewhere can lock it, and must not sign its owner out by
 * doing so; the guesses are what is limited (auth_check_current_password).
 */
static void refuse_locked(struct response *res, int64_t wait_seconds)
{
	char retry[32], message[200];
	snprintf(retry, sizeof retry, "%lld", (long long)wait_seconds);
	response_add_header_copy(res, "Retry-After", retry);
	snprintf(message, sizeof message,
	         "You have entered a wrong password too many times. Wait %lld %s, then try again",
	         (long long)wait_seconds, words_noun(wait_seconds, "second", "seconds"));
	res->status = 429;
	response_error(res, "current_password", message);
}

/*
 * POST /account/password, /api/v1/account/password: the current password, then the new one. The
 * current password is checked first, on the account's sign-in throttle (auth_check_current_password),
 * and nothing that depends on it being right (a new password the same as it) is said until it is.
 */
static enum haven_status change(struct request *req, struct response *res)
{
	const char *current = field_text(req->input, "current_password");
	const char *password = field_text(req->input, "password");
	struct password_check check = {0};
	if (current) {
		enum haven_status st =
		    auth_check_current_password(req->user, current, req->client_address, &check);
		if (st != HAVEN_OK)
			return st;
		if (check.wait_seconds) {
			refuse_locked(res, check.wait_seconds);
			return HAVEN_OK;
		}
	}
	json_t *errors = json_array();
	if (!current)
		errors_add(errors, "current_password", "Enter your current password");
	else if (!check.right)
		errors_add(errors, "current_password", "Enter your current password correctly");
	const char *problem =
	    password ? password_problem(password, req->user->name, req->user->email) : "Enter a new password";
	if (problem)
		errors_add(errors, "password", problem);
	else if (check.right && strcmp(current, password) == 0)
		errors_add(errors, "password", "Choose a password different from your current one");
	if (json_array_size(errors)) {
		response_errors(res, errors); /* the form again: the route's redisplay */
		return HAVEN_OK;
	}
	json_decref(errors);
	char hash[160];
	enum haven_status st;
	if ((st = password_hash(password, hash, sizeof hash)) != HAVEN_OK)
		return st;
	struct actor actor = auth_actor(req);
	if ((st = passwords_change(&actor, hash, auth_now())) != HAVEN_OK)
		return st;
	response_set_model(res, json_pack("{s:b}", "password_set", 1));
	response_done(res, NULL, "/password-set");
	return HAVEN_OK;
}

/* A form's page at `path` and the POST that answers it (with its JSON twin), both taken as action `act`. */
#define FORM_ROUTES(path, act, template, form, submit, fields)                                               \
	{.method = HTTP_GET, .pattern = path, .action = act, .handler = form, .page = template},             \
	{                                                                                                    \
		.method = HTTP_POST, .pattern = path, .action = act, .handler = submit, .page = template,    \
		.body = fields, .redisplay = form, .api = true                                               \
	}

static const struct route routes[] = {
    /* administrators invite */
    {.method = HTTP_GET,
     .pattern = "/admin/invitations/new",
     .action = "user.manage",
     .handler = invite_form,
     .page = "passwords/invite"},
    {.method = HTTP_POST,
     .pattern = "/admin/invitations",
     .action = "user.manage",
     .handler = invite,
     .page = "passwords/invite",
     .body = invite_input,
     .redisplay = invite_form,
     .api_pattern = "/api/v1/invitations"},
    /* sending it again: administrators to anyone, an agency administrator to their own agency's people */
    {.method = HTTP_GET,
     .pattern = "/admin/users/{id:int}/invitation",
     .action = "user.manage",
     .handler = invitation_page,
     .page = "passwords/invitation"},
    {.method = HTTP_POST,
     .pattern = "/admin/users/{id:int}/invitation",
     .action = "user.manage",
     .handler = resend_invitation,
     .page = "passwords/invitation",
     .body = no_fields,
     .redisplay = invitation_page,
     .api_pattern = "/api/v1/users/{id:int}/invitation"},
    {.method = HTTP_GET,
     .pattern = "/agency/users/{id:int}/invitation",
     .action = "agency_user.reinvite",
     .handler = invitation_page,
     .page = "passwords/invitation"},
    {.method = HTTP_POST,
     .pattern = "/agency/users/{id:int}/invitation",
     .action = "agency_user.reinvite",
     .handler = resend_invitation,
     .page = "passwords/invitation",
     .body = no_fields,
     .redisplay = invitation_page,
     .api = true},
    /* the person invited, or resetting: anyone with the link */
    FORM_ROUTES("/invitations/{token}", ACTION_PUBLIC, "passwords/choose", choose_form, choose,
                password_input),
    FORM_ROUTES("/password-reset", ACTION_PUBLIC, "passwords/reset-request", reset_form, request_reset,
                reset_input),
    FORM_ROUTES("/password-reset/{token}", ACTION_PUBLIC, "passwords/choose", choose_form, choose,
                password_input),
    {.method = HTTP_GET,
     .pattern = "/password-set",
     .action = ACTION_PUBLIC,
     .handler = password_set,
     .page = "passwords/password-set"},
    /* anyone signed in, for themselves */
    FORM_ROUTES("/account/password", ACTION_SIGNED_IN, "passwords/change", change_form, change, change_input),
    {0},
};

const struct area area_passwords = {
    .name = "passwords",
    .routes = routes,
    .commands = passwords_commands,
    .start = start,
};
