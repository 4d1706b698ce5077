/*
 * match.c (children) — checking a child's identity before it is recorded
 * (see match.h): names, dates of birth, sex, identifiers and local
 * authority, each problem a message by its field; and the reason given for
 * taking an existing record; and the keys of a child's other names, word by
 * word. The register's SQL is in match_sqlite.c.
 */
#include "areas/children/match.h"

#include <stdio.h>
#include <string.h>

#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/children/match_internal.h"
#include "areas/partnership/store.h"
#include "core/utf8.h"
#include "router/errors.h"

const char *const children_sex_choices[] = {"female", "male", "indeterminate", "not_known", NULL};

bool match_next_other_name_key(const char **cursor, char *out)
{
	const char *at = *cursor;
	while (at && *at) {
		at += strspn(at, " ,");
		size_t n = strcspn(at, " ,");
		if (n == 0)
			break;
		char word[MATCH_KEY_SIZE];
		snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), at);
		at += n;
		match_name_key(word, out, MATCH_KEY_SIZE);
		if (*out) {
			*cursor = at;
			return true;
		}
	}
	*cursor = NULL;
	out[0] = '\0';
	return false;
}

/* ---- checking an identity ---- */

static void add_error(json_t *errors, const char *prefix, const char *field, const char *message)
{
	char name[96];
	snprintf(name, sizeof name, "%s%s", prefix ? prefix : "", field);
	errors_add(errors, name, message);
}

static void check_name(json_t *errors, const char *prefix, const char *field, const char *value,
                       const char *what, bool required, size_t max)
{
	char message[160];
	if (!match_given(value)) {
		if (required) {
			snprintf(message, sizeof message, "Enter the child's %s", what);
			add_error(errors, prefix, field, message);
		}
		return;
	}
	if (utf8_characters(value) > max) {
		snprintf(message, sizeof message, "The child's %s must be %zu characters or fewer", what,
		         max);
		add_error(errors, prefix, field, message);
		return;
	}
	char key[MATCH_KEY_SIZE];
	match_name_key(value, key, sizeof key);
	if (!key[0]) {
		snprintf(message, sizeof message, "The child's %s must contain letters", what);
		add_error(errors, prefix, field, message);
	}
}

bool children_check_identity(const struct child_identity *c, const char *field_prefix, int32_t today,
                             json_t *errors)
{
	size_t before = json_array_size(errors);
	const char *p = field_prefix;
	check_name(errors, p, "given_name", c->given_name, "given name", true, 100);
	check_name(errors, p, "family_name", c->family_name, "family name", true, 100);
	check_name(errors, p, "other_names", c->other_names, "other names", false, 200);

	int32_t day = 0;
	if (match_given(c->date_of_birth) && match_given(c->expected_date_of_birth)) {
		add_error(errors, p, "expected_date_of_birth",
		          "Enter either a date of birth or, for an unborn child, an expected date of birth, "
		          "not both");
	} else if (match_given(c->date_of_birth)) {
		if (!calendar_parse(c->date_of_birth, &day))
			add_error(errors, p, "date_of_birth", "Date of birth must be a real date");
		else if (day > today)
			add_error(errors, p, "date_of_birth", "Date of birth must be today or in the past");
		else if (day < today - 25 * 366)
			add_error(errors, p, "date_of_birth",
			          "Date of birth must be within the last 25 years");
	} else if (match_given(c->expected_date_of_birth)) {
		if (!calendar_parse(c->expected_date_of_birth, &day))
			add_error(errors, p, "expected_date_of_birth",
			          "Expected date of birth must be a real date");
		else if (day < today - 31)
			add_error(errors, p, "expected_date_of_birth",
			          "Expected date of birth must be no more than 31 days ago: if the child has "
			          "been born, enter their date of birth");
		else if (day > today + 305)
			add_error(errors, p, "expected_date_of_birth",
			          "Expected date of birth must be within the next 10 months");
	} else {
		add_error(
		    errors, p, "date_of_birth",
		    "Enter the child's date of birth, or an expected date of birth for an unborn child");
	}

	if (match_given(c->sex)) {
		bool known = false;
		for (const char *const *s = children_sex_choices; *s && !known; s++)
			known = strcmp(*s, c->sex) == 0;
		if (!known)
			add_error(errors, p, "sex", "Sex must be female, male, indeterminate or not known");
	}
	char buffer[MATCH_KEY_SIZE];
	if (match_given(c->postcode) && !match_postcode_normalise(c->postcode, buffer))
		add_error(errors, p, "postcode", "Enter a real postcode, like PR1 2HH");
	if (match_given(c->upn) && !match_upn_valid(c->upn))
		add_error(errors, p, "upn",
		          "Enter a real unique pupil number: 13 characters, a check letter then 12 digits "
		          "(or 11 and a letter)");
	if (match_given(c->nhs_number) && !match_nhs_number_valid(c->nhs_number))
		add_error(errors, p, "nhs_number", "Enter a real NHS number: 10 digits, like 943 476 5919");

	if (c->la_code == 0)
		add_error(errors, p, "la_code", "Select the local authority the child lives in");
	return json_array_size(errors) == before;
}

enum haven_status children_check_identity_now(const struct child_identity *c, const char *field_prefix,
                                              json_t *errors)
{
	children_check_identity(c, field_prefix, calendar_london_today(), errors);
	if (c->la_code == 0)
		return HAVEN_OK; /* its error is added */
	/* a read that fails is the store's failure, never a local authority taken as known */
	struct store_tx *reader = store_read_tx();
	enum haven_status st = reader ? partnership_area_found(reader, c->la_code) : HAVEN_ERR_DB;
	if (st == HAVEN_ERR_NOT_FOUND) {
		add_error(errors, field_prefix, "la_code", "Select a local authority of the partnership");
		return HAVEN_OK;
	}
	return st;
}

bool children_check_take_reason(const char *reason, const char *field, json_t *errors)
{
	size_t characters = utf8_characters(reason);
	const char *problem = NULL;
	if (characters == 0)
		problem =
		    "Enter why you are sure this is the same child: taking their record lets your agency see "
		    "all of it, and your reason is kept for review";
	else if (characters < CHILDREN_TAKE_REASON_MIN)
		problem = "Why you are sure this is the same child must be 10 characters or more";
	else if (characters > CHILDREN_TAKE_REASON_MAX)
		problem = "Why you are sure this is the same child must be 1000 characters or fewer";
	if (problem)
		errors_add(errors, field, problem);
	return problem == NULL;
}

struct children_match_tally children_tally_matches(const json_t *candidates, const char *id_key)
{
	struct children_match_tally t = {0};
	long long certain_id = 0, likely_id = 0;
	size_t i;
	const json_t *c;
	json_array_foreach(candidates, i, c)
	{
		const char *strength = json_string_value(json_object_get(c, "strength"));
		long long id = json_integer_value(json_object_get(c, id_key));
		if (strength && strcmp(strength, "certain") == 0)
			t.certain++, certain_id = id;
		else if (strength && strcmp(strength, "likely") == 0)
			t.likely++, likely_id = id;
	}
	t.chosen = t.certain == 1 ? certain_id : (t.certain == 0 && t.likely == 1) ? likely_id : 0;
	return t;
}
