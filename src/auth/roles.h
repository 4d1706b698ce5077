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
 * A list's role filter (a GOV.UK select): "Any role" (value ""), then every
 * role by its label, the one named `chosen` (may be NULL) selected. A new
 * array of {value, text, selected}, as router/page.h's filter options.
 */
json_t *roles_filter_options(const char *chosen);

/* The states a list of accounts may be narrowed to ("active", "disabled"), then NULL: its field's choices. */
extern const char *const account_states[3];

/* As roles_filter_options, for an account's status: "Any status", "Active", "Disabled". */
json_t *account_state_options(const char *chosen);

#endif
