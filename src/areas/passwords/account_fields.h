/*
 * account_fields.h (passwords) — the fields that say who a new account is
 * for, spelt once for every form that makes one: an invitation (here), an
 * administrator's new account (admin) and an agency administrator's
 * invitation (agencyadmin). A route accepts them as plain text (`_INPUT`),
 * so that the handler can check them all at once with the `_FIELD` specs
 * and report every problem together, with what only it can check (a taken
 * email address, an unknown agency): the checks of account_fields.c, which
 * also gives a form its agency and role choices.
 */
#ifndef HAVEN_PASSWORDS_ACCOUNT_FIELDS_H
#define HAVEN_PASSWORDS_ACCOUNT_FIELDS_H

#include <jansson.h>
#include <stdbool.h>

#include "auth/roles.h"
#include "core/status.h"
#include "router/fields.h"

#define ACCOUNT_NAME_MAX 120
#define ACCOUNT_EMAIL_MAX 254
#define ACCOUNT_AGENCY_MAX 100

/* Laid out by hand, one field to a line: the formatter's layout of a macro reads worse. */
/* clang-format off */
#define ACCOUNT_NAME_INPUT                                                                                   \
	{.name = "name", .label = "the person's full name", .type = FIELD_TEXT, .max = ACCOUNT_NAME_MAX}
#define ACCOUNT_EMAIL_INPUT                                                                                  \
	{.name = "email", .label = "the person's email address", .type = FIELD_TEXT, .max = ACCOUNT_EMAIL_MAX}
#define ACCOUNT_AGENCY_INPUT                                                                                 \
	{.name = "agency", .label = "the person's agency", .type = FIELD_TEXT, .max = ACCOUNT_AGENCY_MAX}
#define ACCOUNT_ROLES_INPUT                                                                                  \
	{.name = "roles", .label = "the person's roles", .type = FIELD_TEXT, .multiple = true, .max = 40}

#define ACCOUNT_NAME_FIELD                                                                                   \
	{.name = "name", .label = "the person's full name", .type = FIELD_TEXT, .required = true,            \
	 .max = ACCOUNT_NAME_MAX, .in_emails = true}
#define ACCOUNT_EMAIL_FIELD                                                                                  \
	{.name = "email", .label = "the person's email address", .type = FIELD_EMAIL, .required = true,      \
	 .max = ACCOUNT_EMAIL_MAX}
#define ACCOUNT_ROLES_FIELD                                                                                  \
	{.name = "roles", .label = "the person's roles", .type = FIELD_CHOICE, .required = true,             \
	 .multiple = true, .choices = roles_choices}
/* clang-format on */

/* The refusals every form that makes an account gives in the same words. */
extern const char account_email_taken[];           /* on "email" */
extern const char account_email_taken_elsewhere[]; /* on "email", to an agency's administrator */
extern const char account_unknown_agency[];        /* on "agency" */

/*
 * A form that makes an account for any agency: *agencies, every agency
 * [{slug, name, type, selected}], and *roles, every role's checkbox, with
 * the agency and roles in `kept` (what was typed; may be NULL) chosen. New
 * arrays in both.
 */
enum haven_status account_form_choices(const json_t *kept, json_t **agencies,
                                       json_t **roles) HAVEN_MUST_CHECK;

/* What was typed in the name and email fields of `kept` (may be NULL), to show again: {name, email}, each
 * only when typed. New object. */
json_t *account_typed(const json_t *kept);

/*
 * Adds `taken` (account_email_taken, or account_email_taken_elsewhere for an agency's administrator, who
 * cannot see the account) on "email" to `errors` when an account has `email` (NULL: nothing to check).
 */
enum haven_status account_check_email(const char *email, const char *taken, json_t *errors) HAVEN_MUST_CHECK;

/*
 * Adds to `errors` what is wrong with giving `roles` in the agency whose
 * slug is `agency` (NULL: none chosen, only the roles are checked): an
 * unknown agency on "agency"; on "roles", roles that cannot go together,
 * else roles the agency's type may not hold (policy.h).
 */
enum haven_status account_check_agency_roles(const char *agency, unsigned roles,
                                             json_t *errors) HAVEN_MUST_CHECK;

/*
 * After a change refused by the store because what was checked changed
 * meanwhile, or the database refused a role: the refusal (account_refusal)
 * is added to `errors` on its field, as the checks would have said it; true
 * then, false for any other status.
 */
bool account_refused_meanwhile(enum haven_status st, json_t *errors);

/*
 * What the store's answer to making an account (auth_store_user_create,
 * passwords_invite) says was refused, for every form and command that makes
 * one: the message, with the field it is about in *field ("email", "agency"
 * or "roles"), or NULL for a status that is no refusal (HAVEN_OK, a fault).
 * HAVEN_ERR_CONFLICT is the email address taken, and only that (the store
 * answers a constraint on anything else otherwise); HAVEN_ERR_NOT_FOUND the
 * agency removed; HAVEN_ERR_DENIED its type changed to one that may not hold
 * the roles; HAVEN_ERR_INVALID a role the database refuses.
 */
const char *account_refusal(enum haven_status st, const char **field);

/* The roles refused because the agency's type changed while they were being given (HAVEN_ERR_DENIED). */
extern const char account_roles_changed_meanwhile[];
/* A role the database refuses (HAVEN_ERR_INVALID): its schema does not list it. */
extern const char account_role_refused[];

#endif
