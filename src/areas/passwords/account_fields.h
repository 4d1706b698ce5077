/*
 * account_fields.h (passwords) — the fields that say who a new account is
 * for, spelt once for every form that makes one: an invitation (here), an
 * administrator's new account (admin) and an agency administrator's
 * invitation (agencyadmin). A route accepts them as plain text (`_INPUT`),
 * so that the handler can check them all at once with the `_FIELD` specs
 * and report every problem together, with what only it can check (a taken
 * email address, an unknown agency).
 */
#ifndef HAVEN_PASSWORDS_ACCOUNT_FIELDS_H
#define HAVEN_PASSWORDS_ACCOUNT_FIELDS_H

#include "auth/roles.h"
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
	 .max = ACCOUNT_NAME_MAX}
#define ACCOUNT_EMAIL_FIELD                                                                                  \
	{.name = "email", .label = "the person's email address", .type = FIELD_EMAIL, .required = true,      \
	 .max = ACCOUNT_EMAIL_MAX}
#define ACCOUNT_ROLES_FIELD                                                                                  \
	{.name = "roles", .label = "the person's roles", .type = FIELD_CHOICE, .required = true,             \
	 .multiple = true, .choices = roles_choices}
/* clang-format on */

#endif
