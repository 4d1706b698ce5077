/*
 * roles.h — a set of roles (enum role, auth/user.h) as the forms, pages and
 * API show it: the names a roles field may choose from, a set read from and
 * written as a JSON list of names, its labels for a page, and the checkboxes
 * of a form. One way for every area that shows or takes roles (the
 * administrators' accounts, agency administrators, invitations, the second
 * factor's roles, `haven user import`).
 */
#ifndef HAVEN_AUTH_ROLES_H
#define HAVEN_AUTH_ROLES_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/user.h"

/* Every role's name in the order of enum role, then NULL: a roles field's choices (FIELD_CHOICE). */
extern const char *const roles_choices[ROLE_COUNT + 1];

/* The set of roles a JSON list of names names; a name that is no role (or not text) adds none. */
unsigned roles_from_json(const json_t *names);

/* The names of the roles in `roles`, in enum order, as a new JSON array ["admin", "dsl"]. */
json_t *roles_to_json(unsigned roles);

/* The labels of the roles in `roles`, for a page: a new array [{"label": "Administrator"}, ...]. */
json_t *roles_labels(unsigned roles);

/*
 * A form's role checkboxes: a new array with {name, label, checked, first}
 * for each role in `offered`, in enum order, ticked where it is in
 * `checked`; `first` marks the first one shown (the error summary's link
 * points at it).
 */
json_t *roles_checkboxes(unsigned offered, unsigned checked);

/*
 * A list's role filter (a GOV.UK select): "Any role" (value ""), then each
 * role in `offered` (ROLE_ALL: every role) by its label, the one named
 * `chosen` (may be NULL) selected. A new array of {value, text, selected},
 * as router/page.h's filter options.
 */
json_t *roles_filter_options(unsigned offered, const char *chosen);

/*
 * The states of an account, then NULL: its status filter's choices. "invited": made by an invitation
 * its person has not yet accepted (expired or not), so they have no password and cannot sign in;
 * "active": they can sign in; "disabled": they cannot, until re-enabled.
 */
extern const char *const account_states[4];

/* As roles_filter_options, for an account's status: "Any status", "Active", "Invited", "Disabled". */
json_t *account_state_options(const char *chosen);

/*
 * Sets an account's state on `account` (a JSON object, as the API and pages show it): "state" (a name of
 * account_states); and for an invited account "invitation_expires_at" (UTC, "2026-12-08T17:40:00Z") and
 * "invitation_expired" (whether it had by `now`). `invitation_expires_at` is 0 for an account not
 * waiting to accept an invitation (struct account).
 */
void account_state_to_json(json_t *account, bool disabled, int64_t invitation_expires_at, int64_t now);

/*
 * For a page, the GOV.UK tag of the state account_state_to_json set on `account`: "state_tag"
 * {text, colour, invited}: "Active" green, "Invited" blue, "Invitation expired" orange, "Disabled" grey
 * (templates/account-state.mustache draws it).
 */
void account_state_tag(json_t *account);

#endif
