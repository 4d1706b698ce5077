/*
 * roles.c — a set of roles as forms, pages and the API show it (see roles.h).
 */
#include "auth/roles.h"

#include <string.h>

#include "core/calendar.h"

const char *const roles_choices[ROLE_COUNT + 1] = {
    "admin", "partnership", "practitioner", "front_door",   "police",
    "dsl",   "idva",        "scrutineer",   "agency_admin", NULL,
};

unsigned roles_from_json(const json_t *names)
{
	unsigned roles = 0;
	size_t i;
	json_t *v;
	json_array_foreach(names, i, v) roles |= (unsigned)role_from_name(json_string_value(v));
	return roles;
}

json_t *roles_to_json(unsigned roles)
{
	json_t *list = json_array();
	for (unsigned r = 1; r <= ROLE_ALL; r <<= 1)
		if (roles & r)
			json_array_append_new(list, json_string(role_name((enum role)r)));
	return list;
}

json_t *roles_labels(unsigned roles)
{
	json_t *labels = json_array();
	for (unsigned r = 1; r <= ROLE_ALL; r <<= 1)
		if (roles & r)
			json_array_append_new(labels, json_pack("{s:s}", "label", role_label((enum role)r)));
	return labels;
}

json_t *roles_checkboxes(unsigned offered, unsigned checked)
{
	json_t *boxes = json_array();
	for (unsigned r = 1; r <= ROLE_ALL; r <<= 1)
		if (offered & r)
			json_array_append_new(
			    boxes, json_pack("{s:s, s:s, s:b, s:b}", "name", role_name((enum role)r), "label",
			                     role_label((enum role)r), "checked", (checked & r) != 0, "first",
			                     json_array_size(boxes) == 0));
	return boxes;
}

/* One option of a filter's select. */
static json_t *option(const char *value, const char *text, bool selected)
{
	return json_pack("{s:s, s:s, s:b}", "value", value, "text", text, "selected", selected);
}

json_t *roles_filter_options(unsigned offered, const char *chosen)
{
	json_t *options = json_array();
	json_array_append_new(options, option("", "Any role", !chosen));
	for (unsigned i = 0; roles_choices[i]; i++)
		if (offered & (1u << i))
			json_array_append_new(options,
			                      option(roles_choices[i], role_label((enum role)(1u << i)),
			                             chosen && strcmp(chosen, roles_choices[i]) == 0));
	return options;
}

const char *const account_states[4] = {"active", "invited", "disabled", NULL};

json_t *account_state_options(const char *chosen)
{
	static const char *const labels[] = {"Active", "Invited", "Disabled"};
	json_t *options = json_array();
	json_array_append_new(options, option("", "Any status", !chosen));
	for (size_t i = 0; account_states[i]; i++)
		json_array_append_new(options, option(account_states[i], labels[i],
		                                      chosen && strcmp(chosen, account_states[i]) == 0));
	return options;
}

void account_state_to_json(json_t *account, bool disabled, int64_t invitation_expires_at, int64_t now)
{
	bool invited = !disabled && invitation_expires_at > 0;
	json_object_set_new(account, "state",
	                    json_string(disabled  ? "disabled"
	                                : invited ? "invited"
	                                          : "active"));
	if (!invited)
		return;
	char expires[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(invitation_expires_at, expires);
	json_object_set_new(account, "invitation_expires_at", json_string(expires));
	json_object_set_new(account, "invitation_expired", json_boolean(invitation_expires_at <= now));
}

void account_state_tag(json_t *account)
{
	const char *state = json_string_value(json_object_get(account, "state"));
	bool disabled = state && strcmp(state, "disabled") == 0,
	     invited = state && strcmp(state, "invited") == 0;
	bool expired = invited && json_is_true(json_object_get(account, "invitation_expired"));
	const char *text = disabled  ? "Disabled"
	                   : expired ? "Invitation expired"
	                   : invited ? "Invited"
	                             : "Active";
	const char *colour = disabled ? "grey" : expired ? "orange" : invited ? "blue" : "green";
	json_object_set_new(account, "state_tag",
	                    json_pack("{s:s, s:s, s:b}", "text", text, "colour", colour, "invited", invited));
}
