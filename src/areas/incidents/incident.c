/*
 * incident.c (incidents) — checking an incident as the police sent it and
 * making its canonical form and content hash (contract in incident.h).
 *
 * Every problem is reported, not just the first, each naming its field by
 * path ("children[1].date_of_birth") with a GOV.UK-style message, so a
 * police system (or the person at the form) can fix them all at once.
 */
#include "areas/incidents/incident.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app/check_errors.h"
#include "app/police_reference.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/incidents/deadline.h"
#include "core/utf8.h"
#include "router/fields.h"

#define FUTURE_SLACK_SECONDS 600

static const char *const risk_levels[] = {"standard", "medium", "high", NULL};
static const char *const adult_roles[] = {"victim", "suspect", "other", NULL};

/*
 * An optional or required text field: stores the trimmed string (or null)
 * under `key` in `out`. `label` reads mid-sentence ("child 2's given name").
 */
static void text_field(struct check_errors *c, const json_t *in, json_t *out, const char *path,
                       const char *key, const char *label, bool required, size_t max)
{
	char field[96];
	snprintf(field, sizeof field, "%s%s", path, key);
	const json_t *v = json_object_get(in, key);
	json_t *value = NULL;
	if (v && !json_is_null(v)) {
		if (!json_is_string(v)) {
			check_errors_add(c, field, "%s must be text", label);
			json_object_set_new(out, key, json_null());
			return;
		}
		/* checked before trimming: a control character such as a form feed at either end is refused
		 */
		const char *unusable = fields_unusable_chars(json_string_value(v));
		if (unusable) {
			check_errors_add(c, field, "%s must %s", label, unusable);
			json_object_set_new(out, key, json_null());
			return;
		}
		char *text = fields_trim_text(json_string_value(v));
		value = *text ? json_string(text) : NULL;
		free(text);
	}
	if (!value) {
		if (required)
			check_errors_add(c, field, "Enter %s", label);
		json_object_set_new(out, key, json_null());
		return;
	}
	if (fields_utf8_length(json_string_value(value), json_string_length(value)) > (long)max)
		check_errors_add(c, field, "%s must be %zu characters or fewer", label, max);
	json_object_set_new(out, key, value);
}

static void bool_field(struct check_errors *c, const json_t *in, json_t *out, const char *path,
                       const char *key, const char *question, bool required)
{
	char field[96];
	snprintf(field, sizeof field, "%s%s", path, key);
	const json_t *v = json_object_get(in, key);
	if (!v || json_is_null(v)) {
		if (required)
			check_errors_add(c, field, "Say %s", question);
		json_object_set_new(out, key, json_null());
		return;
	}
	if (!json_is_boolean(v)) {
		check_errors_add(c, field, "Say %s: yes or no (true or false)", question);
		json_object_set_new(out, key, json_null());
		return;
	}
	json_object_set_new(out, key, json_boolean(json_is_true(v)));
}

static void choice_field(struct check_errors *c, const json_t *in, json_t *out, const char *path,
                         const char *key, const char *label, const char *const *choices, const char *listed)
{
	char field[96];
	snprintf(field, sizeof field, "%s%s", path, key);
	const json_t *v = json_object_get(in, key);
	json_object_set_new(out, key, json_null());
	if (!v || json_is_null(v) || (json_is_string(v) && json_string_value(v)[0] == '\0')) {
		check_errors_add(c, field, "Select %s", label);
		return;
	}
	for (size_t i = 0; json_is_string(v) && choices[i]; i++)
		if (strcmp(json_string_value(v), choices[i]) == 0) {
			json_object_set_new(out, key, json_string(choices[i]));
			return;
		}
	check_errors_add(c, field, "%s must be %s", label, listed);
}

/* A date of birth: optional, a real YYYY-MM-DD, not after the incident's day. */
static void birth_field(struct check_errors *c, const json_t *in, json_t *out, const char *path,
                        const char *label, int32_t incident_day)
{
	char field[96];
	snprintf(field, sizeof field, "%sdate_of_birth", path);
	const json_t *v = json_object_get(in, "date_of_birth");
	json_object_set_new(out, "date_of_birth", json_null());
	if (!v || json_is_null(v) || (json_is_string(v) && json_string_value(v)[0] == '\0'))
		return;
	int32_t day;
	if (!json_is_string(v) || !calendar_parse(json_string_value(v), &day)) {
		check_errors_add(c, field, "%s must be a real date, written like 2016-04-12", label);
		return;
	}
	if (incident_day && day > incident_day) {
		check_errors_add(c, field, "%s must be on or before the day of the incident", label);
		return;
	}
	json_object_set_new(out, "date_of_birth", json_string(json_string_value(v)));
}

/* A UK phone number as people write it: digits, spaces, and a leading +; 10 to 15 digits. */
static void phone_field(struct check_errors *c, const json_t *in, json_t *out, const char *path,
                        const char *key, const char *label)
{
	text_field(c, in, out, path, key, label, false, 30);
	const char *s = json_string_value(json_object_get(out, key));
	if (!s)
		return;
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!(*p == ' ' || (*p == '+' && p == s)))
			digits = -100;
	}
	if (digits < 10 || digits > 15) {
		char field[96];
		snprintf(field, sizeof field, "%s%s", path, key);
		check_errors_add(c, field, "%s must be a phone number, like 01632 960 001", label);
	}
}

/* Refuses fields not in `known` (NULL-terminated). */
static void unknown_fields(struct check_errors *c, const json_t *in, const char *path,
                           const char *const *known)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)in, key, v)
	{
		bool found = false;
		for (size_t i = 0; known[i] && !found; i++)
			found = strcmp(known[i], key) == 0;
		if (!found) {
			char field[160];
			int shown = (int)utf8_cut_length(key, 100);
			snprintf(field, sizeof field, "%s%.*s", path, shown, key);
			check_errors_add(c, field, "The field %.*s is not one an incident has", shown, key);
		}
	}
}

#define ITEM_PATH_SIZE 48

/*
 * Begins checking item `i` of the list `list` ("adults"), one `noun`
 * ("adult"): writes its fields' path prefix ("adults[0].") into `path` and
 * reports any field not in `known`. False, with the error on the item itself,
 * if it is not an object.
 */
static bool item_fields(struct check_errors *c, const json_t *in, const char *list, const char *noun,
                        size_t i, const char *const known[], char path[static ITEM_PATH_SIZE])
{
	if (!json_is_object(in)) {
		snprintf(path, ITEM_PATH_SIZE, "%s[%zu]", list, i);
		/* check_errors_add capitalises the noun */
		check_errors_add(c, path, "%s %zu must be an object with the %s's details", noun, i + 1,
		                 noun);
		return false;
	}
	snprintf(path, ITEM_PATH_SIZE, "%s[%zu].", list, i);
	unknown_fields(c, in, path, known);
	return true;
}

static void check_adult(struct check_errors *c, const json_t *in, size_t i, int32_t incident_day, json_t *out)
{
	static const char *const known[] = {"name",          "role",         "date_of_birth",
	                                    "contact_phone", "safe_to_call", "safe_to_leave_message",
	                                    "safe_times",    "safe_number",  NULL};
	char path[ITEM_PATH_SIZE], label[96];
	if (!item_fields(c, in, "adults", "adult", i, known, path))
		return;
	snprintf(label, sizeof label, "adult %zu's name", i + 1);
	text_field(c, in, out, path, "name", label, true, 200);
	snprintf(label, sizeof label, "adult %zu's role", i + 1);
	choice_field(c, in, out, path, "role", label, adult_roles, "victim, suspect or other");
	snprintf(label, sizeof label, "adult %zu's date of birth", i + 1);
	birth_field(c, in, out, path, label, incident_day);
	const char *role = json_string_value(json_object_get(out, "role"));
	bool victim = role && strcmp(role, "victim") == 0;
	if (victim || !role) {
		snprintf(label, sizeof label, "adult %zu's contact phone number", i + 1);
		phone_field(c, in, out, path, "contact_phone", label);
		snprintf(label, sizeof label, "whether it is safe to call adult %zu", i + 1);
		bool_field(c, in, out, path, "safe_to_call", label, victim);
		snprintf(label, sizeof label, "whether it is safe to leave adult %zu a message", i + 1);
		bool_field(c, in, out, path, "safe_to_leave_message", label, victim);
		snprintf(label, sizeof label, "the safe times to contact adult %zu", i + 1);
		text_field(c, in, out, path, "safe_times", label, false, 200);
		snprintf(label, sizeof label, "adult %zu's safe number", i + 1);
		phone_field(c, in, out, path, "safe_number", label);
	} else {
		/* safe-contact details are the victim's: recorded for anyone else they would mislead an IDVA
		 */
		static const char *const victim_only[] = {"contact_phone",         "safe_to_call",
		                                          "safe_to_leave_message", "safe_times",
		                                          "safe_number",           NULL};
		for (size_t k = 0; victim_only[k]; k++) {
			const json_t *v = json_object_get(in, victim_only[k]);
			if (v && !json_is_null(v) &&
			    !(json_is_string(v) && json_string_value(v)[0] == '\0')) {
				char field[96];
				snprintf(field, sizeof field, "%s%s", path, victim_only[k]);
				check_errors_add(
				    c, field,
				    "Safe-contact details are recorded only for a victim: adult %zu is a %s",
				    i + 1, role);
			}
			json_object_set_new(out, victim_only[k], json_null());
		}
	}
}

static void check_child(struct check_errors *c, const json_t *in, size_t i, int32_t incident_day, json_t *out)
{
	static const char *const known[] = {"given_name",  "family_name", "date_of_birth", "setting_name",
	                                    "setting_urn", "present",     "where_during",  "spoken_to",
	                                    "child_said",  NULL};
	char path[ITEM_PATH_SIZE], label[96], field[96];
	if (!item_fields(c, in, "children", "child", i, known, path))
		return;
	snprintf(label, sizeof label, "child %zu's given name", i + 1);
	text_field(c, in, out, path, "given_name", label, true, 100);
	snprintf(label, sizeof label, "child %zu's family name", i + 1);
	text_field(c, in, out, path, "family_name", label, true, 100);
	snprintf(label, sizeof label, "child %zu's date of birth", i + 1);
	birth_field(c, in, out, path, label, incident_day);
	snprintf(label, sizeof label, "child %zu's school, college or setting", i + 1);
	text_field(c, in, out, path, "setting_name", label, false, 200);
	const json_t *urn = json_object_get(in, "setting_urn");
	json_object_set_new(out, "setting_urn", json_null());
	snprintf(field, sizeof field, "%ssetting_urn", path);
	if (urn && !json_is_null(urn) && !(json_is_string(urn) && json_string_value(urn)[0] == '\0')) {
		if (!json_is_integer(urn) || json_integer_value(urn) < 100000 ||
		    json_integer_value(urn) > 999999)
			check_errors_add(
			    c, field,
			    "Child %zu's setting URN must be the 6-digit unique reference number, like "
			    "119876",
			    i + 1);
		else
			json_object_set_new(out, "setting_urn", json_integer(json_integer_value(urn)));
	}
	snprintf(label, sizeof label, "whether child %zu was present", i + 1);
	bool_field(c, in, out, path, "present", label, true);
	snprintf(label, sizeof label, "where child %zu was during the incident", i + 1);
	text_field(c, in, out, path, "where_during", label, false, 500);
	snprintf(label, sizeof label, "whether child %zu was spoken to", i + 1);
	bool_field(c, in, out, path, "spoken_to", label, true);
	snprintf(label, sizeof label, "what child %zu said", i + 1);
	text_field(c, in, out, path, "child_said", label, false, 2000);
	if (json_is_false(json_object_get(out, "spoken_to")) &&
	    json_is_string(json_object_get(out, "child_said"))) {
		snprintf(field, sizeof field, "%schild_said", path);
		check_errors_add(c, field, "Child %zu was not spoken to, so leave what they said empty",
		                 i + 1);
	}
}

json_t *incident_check(const json_t *raw, const struct incident_check *check, json_t *errors)
{
	static const char *const known[] = {"police_reference", "occurred_at", "location",
	                                    "la_code",          "risk_level",  "circumstances",
	                                    "adults",           "children",    NULL};
	struct check_errors c = check_errors_start(errors, check->field_prefix, check->message_prefix);
	if (!json_is_object(raw)) {
		check_errors_add(&c, "", "An incident must be a JSON object");
		return NULL;
	}
	json_t *out = json_object();
	unknown_fields(&c, raw, "", known);

	const json_t *ref = json_object_get(raw, "police_reference");
	if (!ref || json_is_null(ref) || (json_is_string(ref) && json_string_value(ref)[0] == '\0'))
		check_errors_add(&c, "police_reference", "Enter the police reference");
	else if (!json_is_string(ref) || !police_reference_ok(json_string_value(ref)))
		check_errors_add(
		    &c, "police_reference",
		    "The police reference must be 1 to 50 letters, numbers and the characters / - _ .");
	else
		json_object_set_new(out, "police_reference", json_string(json_string_value(ref)));

	const json_t *at = json_object_get(raw, "occurred_at");
	int64_t when = 0;
	int32_t incident_day = 0;
	if (!at || json_is_null(at) || (json_is_string(at) && json_string_value(at)[0] == '\0')) {
		check_errors_add(&c, "occurred_at", "Enter the date and time of the incident");
	} else if (!json_is_string(at) || !calendar_parse_instant(json_string_value(at), &when)) {
		check_errors_add(&c, "occurred_at",
		                 "The date and time of the incident must be ISO 8601 with its offset, like "
		                 "2026-11-26T19:30:00Z "
		                 "or 2026-06-26T20:30:00+01:00");
	} else if (when > check->now + FUTURE_SLACK_SECONDS) {
		check_errors_add(&c, "occurred_at", "The date and time of the incident must be in the past");
	} else if (when < (int64_t)calendar_from_ymd(2000, 1, 1) * 86400) {
		check_errors_add(&c, "occurred_at",
		                 "The date and time of the incident must be in 2000 or later");
	} else {
		char text[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(when, text);
		json_object_set_new(out, "occurred_at", json_string(text));
		incident_day = calendar_london_day(when);
	}

	text_field(&c, raw, out, "", "location", "the location", false, 500);
	if (json_is_null(json_object_get(out, "location")))
		json_object_set_new(out, "location", json_string(""));

	const json_t *la = json_object_get(raw, "la_code");
	if (!la || json_is_null(la) || (json_is_string(la) && json_string_value(la)[0] == '\0')) {
		check_errors_add(&c, "la_code", "Select the local authority area");
	} else {
		bool known_la = false;
		for (size_t i = 0; json_is_integer(la) && i < check->la_count; i++)
			known_la = known_la || check->la_codes[i] == json_integer_value(la);
		if (!known_la)
			check_errors_add(
			    &c, "la_code",
			    check->la_limited
			        ? "The local authority must be one of the areas the sending force serves, "
			          "by its code (like 888)"
			        : "The local authority must be one of the partnership's, by its code (like "
			          "888)");
		else
			json_object_set_new(out, "la_code", json_integer(json_integer_value(la)));
	}
	choice_field(&c, raw, out, "", "risk_level", "the DASH risk level", risk_levels,
	             "standard, medium or high");
	text_field(&c, raw, out, "", "circumstances", "the brief circumstances", true, 2000);

	const json_t *adults = json_object_get(raw, "adults");
	const json_t *children = json_object_get(raw, "children");
	json_t *adults_out = json_array(), *children_out = json_array();
	json_object_set_new(out, "adults", adults_out);
	json_object_set_new(out, "children", children_out);
	if (adults && !json_is_null(adults) && !json_is_array(adults))
		check_errors_add(&c, "adults", "The adults must be a list");
	else if (json_array_size(adults) > INCIDENT_MAX_ADULTS)
		check_errors_add(&c, "adults", "An incident can have at most %d adults", INCIDENT_MAX_ADULTS);
	if (children && !json_is_null(children) && !json_is_array(children))
		check_errors_add(&c, "children", "The children must be a list");
	else if (json_array_size(children) > INCIDENT_MAX_CHILDREN)
		check_errors_add(&c, "children", "An incident can have at most %d children",
		                 INCIDENT_MAX_CHILDREN);
	size_t n_adults = json_is_array(adults) ? json_array_size(adults) : 0;
	size_t n_children = json_is_array(children) ? json_array_size(children) : 0;
	if (n_adults + n_children == 0 && (!adults || json_is_array(adults)) &&
	    (!children || json_is_array(children)))
		check_errors_add(&c, "children", "Add at least one adult or child involved");
	for (size_t i = 0; i < n_adults && i < INCIDENT_MAX_ADULTS; i++) {
		json_t *a = json_object();
		check_adult(&c, json_array_get(adults, i), i, incident_day, a);
		json_array_append_new(adults_out, a);
	}
	for (size_t i = 0; i < n_children && i < INCIDENT_MAX_CHILDREN; i++) {
		json_t *ch = json_object();
		check_child(&c, json_array_get(children, i), i, incident_day, ch);
		json_array_append_new(children_out, ch);
	}
	return check_errors_finish(&c, out);
}
