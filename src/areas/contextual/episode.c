/*
 * episode.c (contextual) — checking a missing episode as the police send
 * it, its canonical form and hash, the interview clock and the
 * repeat-missing rule, and the day of what follows a report (contract in
 * episode.h).
 */
#include "areas/contextual/episode.h"

#include <string.h>

#include "app/check_errors.h"
#include "app/police_reference.h"
#include "areas/calendar/london.h"
#include "areas/children/match.h"
#include "core/calendar.h"
#include "router/errors.h"

/* Police and Haven's clocks differ a little: an instant this far ahead of now is still accepted. */
#define FUTURE_SLACK_SECONDS 600
#define TEXT_MAX 500

static const char *const gradings[] = {"low", "medium", "high", NULL};
static const char *const places[] = {"home", "care", NULL};

struct ctx {
	const struct episode_check *check;
	struct check_errors errors;
};

static bool is_blank(const json_t *v)
{
	return !v || json_is_null(v) ||
	       (json_is_string(v) && strspn(json_string_value(v), " \t\r\n") == strlen(json_string_value(v)));
}

/*
 * Optional text `name` of `raw`, trimmed, into `out` (null when not given).
 * Refuses what is not a string, longer than `max` characters or holding
 * control characters other than line breaks and tabs.
 */
static void text_field(struct ctx *c, const json_t *raw, json_t *out, const char *name, const char *label,
                       size_t max)
{
	const json_t *v = json_object_get(raw, name);
	if (is_blank(v)) {
		json_object_set_new(out, name, json_null());
		return;
	}
	if (!json_is_string(v)) {
		check_errors_add(&c->errors, name, "%s must be text", label);
		return;
	}
	const char *s = json_string_value(v);
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s), chars = 0;
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if ((ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t') || ch == 0x7f) {
			check_errors_add(&c->errors, name, "%s must not hold control characters", label);
			return;
		}
		chars += (ch & 0xc0) != 0x80;
	}
	if (chars > max) {
		check_errors_add(&c->errors, name, "%s must be %zu characters or fewer", label, max);
		return;
	}
	json_object_set_new(out, name, json_stringn(s, n));
}

static void choice_field(struct ctx *c, const json_t *raw, json_t *out, const char *name,
                         const char *const *choices, const char *missing, const char *wrong)
{
	const json_t *v = json_object_get(raw, name);
	if (is_blank(v)) {
		check_errors_add(&c->errors, name, "%s", missing);
		return;
	}
	for (const char *const *p = choices; json_is_string(v) && *p; p++)
		if (strcmp(json_string_value(v), *p) == 0) {
			json_object_set_new(out, name, json_string(*p));
			return;
		}
	check_errors_add(&c->errors, name, "%s", wrong);
}

/* An instant `name` (ISO 8601 with Z or an offset), not in the future; written in UTC. */
static bool instant_field(struct ctx *c, const json_t *raw, json_t *out, const char *name, const char *label,
                          bool required, int64_t *t)
{
	const json_t *v = json_object_get(raw, name);
	if (is_blank(v)) {
		if (required)
			check_errors_add(&c->errors, name, "Enter %s", label);
		json_object_set_new(out, name, json_null());
		return false;
	}
	if (!json_is_string(v) || !calendar_parse_instant(json_string_value(v), t)) {
		check_errors_add(
		    &c->errors, name,
		    "Enter %s as a date and time with its offset, for example 2026-11-28T22:15:00Z", label);
		return false;
	}
	if (*t > c->check->now + FUTURE_SLACK_SECONDS) {
		check_errors_add(&c->errors, name, "%s must not be in the future", label);
		return false;
	}
	char text[CALENDAR_INSTANT_SIZE];
	calendar_format_instant(*t, text);
	json_object_set_new(out, name, json_string(text));
	return true;
}

/*
 * The placing authority of a child missing from care: one of the
 * partnership's local authorities (placing_la_code, not the child's own:
 * its front door is then given the task and the episode) or another's name
 * (placing_authority), not both, and neither for a child missing from home.
 * placing_la_code is in the canonical episode only when given, so the hash
 * of an episode sent before it existed is unchanged.
 */
static void placing_field(struct ctx *c, const json_t *raw, json_t *out, long long la_code)
{
	const json_t *v = json_object_get(raw, "placing_la_code");
	bool named = !json_is_null(json_object_get(out, "placing_authority")) &&
	             json_object_get(out, "placing_authority");
	const char *from = json_string_value(json_object_get(out, "missing_from"));
	if (is_blank(v)) {
		if (named && from && strcmp(from, "home") == 0)
			check_errors_add(&c->errors, "placing_authority",
			                 "A placing authority is only for a child missing from care");
		return;
	}
	if (!json_is_integer(v)) {
		check_errors_add(&c->errors, "placing_la_code",
		                 "The placing authority's code must be a whole number, like 888");
		return;
	}
	long long code = json_integer_value(v);
	bool known = false;
	for (size_t i = 0; i < c->check->la_count && !known; i++)
		known = c->check->la_codes[i] == code;
	if (!known)
		check_errors_add(&c->errors, "placing_la_code",
		                 "%lld is not the code of a local authority of the partnership: type the "
		                 "placing authority's name instead",
		                 code);
	else if (code == la_code)
		check_errors_add(&c->errors, "placing_la_code",
		                 "The placing authority must be another authority than the child's own");
	else if (named)
		check_errors_add(&c->errors, "placing_authority",
		                 "Choose the placing authority from the list or type its name, not both");
	else if (from && strcmp(from, "home") == 0)
		check_errors_add(&c->errors, "placing_la_code",
		                 "A placing authority is only for a child missing from care");
	else
		json_object_set_new(out, "placing_la_code", json_integer(code));
}

json_t *episode_check(const json_t *raw, const struct episode_check *check, json_t *errors)
{
	static const char *const known[] = {"police_reference",
	                                    "given_name",
	                                    "family_name",
	                                    "date_of_birth",
	                                    "la_code",
	                                    "reported_at",
	                                    "risk_grading",
	                                    "missing_from",
	                                    "placing_authority",
	                                    "placing_la_code",
	                                    "returned_at",
	                                    "found_where",
	                                    "safe_and_well_check",
	                                    NULL};
	struct ctx c = {.check = check,
	                .errors = check_errors_start(errors, check->field_prefix, check->message_prefix)};
	if (!json_is_object(raw)) {
		check_errors_add(&c.errors, "", "A missing episode must be a JSON object");
		return NULL;
	}
	const char *key;
	const json_t *value;
	json_object_foreach((json_t *)raw, key, value)
	{
		bool ok = false;
		for (const char *const *k = known; *k && !ok; k++)
			ok = strcmp(*k, key) == 0;
		if (!ok)
			check_errors_add(&c.errors, key, "Haven does not know the field %s", key);
	}
	json_t *out = json_object();

	const json_t *ref = json_object_get(raw, "police_reference");
	if (is_blank(ref))
		check_errors_add(&c.errors, "police_reference", "Enter the police reference");
	else if (!json_is_string(ref) || !police_reference_ok(json_string_value(ref)))
		check_errors_add(
		    &c.errors, "police_reference",
		    "The police reference must be 1 to 50 letters, numbers and the characters / - _ .");
	else
		json_object_set_new(out, "police_reference", json_string(json_string_value(ref)));

	/* the child or young person, checked as the register checks anyone it records */
	text_field(&c, raw, out, "given_name", "The given name", 100);
	text_field(&c, raw, out, "family_name", "The family name", 100);
	text_field(&c, raw, out, "date_of_birth", "The date of birth", 10);
	const json_t *la = json_object_get(raw, "la_code");
	long long la_code = 0;
	if (is_blank(la)) {
		check_errors_add(&c.errors, "la_code", "Select the local authority where the child lives");
	} else if (!json_is_integer(la)) {
		check_errors_add(&c.errors, "la_code",
		                 "The local authority code must be a whole number, like 888");
	} else {
		la_code = json_integer_value(la);
		bool known_la = false;
		for (size_t i = 0; i < check->la_count && !known_la; i++)
			known_la = check->la_codes[i] == la_code;
		if (known_la)
			json_object_set_new(out, "la_code", json_integer(la_code));
		else
			check_errors_add(&c.errors, "la_code",
			                 "%lld is not the code of a local authority of the partnership",
			                 la_code);
	}
	json_t *identity_errors = json_array();
	struct child_identity who = {.given_name = json_string_value(json_object_get(out, "given_name")),
	                             .family_name = json_string_value(json_object_get(out, "family_name")),
	                             .date_of_birth =
	                                 json_string_value(json_object_get(out, "date_of_birth")),
	                             .la_code = la_code ? (int)la_code : 1};
	children_check_identity(&who, NULL, check->today, identity_errors);
	size_t i;
	json_t *e;
	json_array_foreach(identity_errors, i, e)
	{
		const char *field = json_string_value(json_object_get(e, "field"));
		/* a missing date of birth is said as the police need it said: the register's other choice
		 * (an expected date of birth) is not one for a child who went missing */
		if (strcmp(field, "expected_date_of_birth") == 0 || strcmp(field, "date_of_birth") == 0)
			check_errors_add(&c.errors, "date_of_birth", "%s",
			                 who.date_of_birth ? json_string_value(json_object_get(e, "message"))
			                                   : "Enter the date of birth");
		else if (strcmp(field, "la_code") != 0)
			check_errors_add(&c.errors, field, "%s",
			                 json_string_value(json_object_get(e, "message")));
	}
	json_decref(identity_errors);

	int64_t reported = 0, returned = 0;
	bool have_reported = instant_field(&c, raw, out, "reported_at", "when the child was reported missing",
	                                   true, &reported);
	choice_field(&c, raw, out, "risk_grading", gradings, "Select the police risk grading",
	             "The police risk grading must be low, medium or high");
	choice_field(&c, raw, out, "missing_from", places,
	             "Select whether the child went missing from home or from care",
	             "Missing from must be home or care");
	text_field(&c, raw, out, "placing_authority", "The placing authority", 200);
	placing_field(&c, raw, out, la_code);
	bool have_returned = instant_field(&c, raw, out, "returned_at",
	                                   "when the child was found or returned", false, &returned);
	if (have_reported && have_returned && returned < reported)
		check_errors_add(&c.errors, "returned_at", RETURN_BEFORE_REPORT);
	text_field(&c, raw, out, "found_where", "Where the child was found", TEXT_MAX);
	const json_t *sw = json_object_get(raw, "safe_and_well_check");
	if (sw && !json_is_null(sw) && !json_is_boolean(sw))
		check_errors_add(&c.errors, "safe_and_well_check",
		                 "Whether a safe and well check was done must be true or false");
	else
		json_object_set_new(out, "safe_and_well_check", sw ? json_incref((json_t *)sw) : json_null());
	if (!have_returned && is_blank(json_object_get(raw, "returned_at")) &&
	    (!json_is_null(json_object_get(out, "found_where")) ||
	     json_is_boolean(json_object_get(out, "safe_and_well_check"))))
		check_errors_add(
		    &c.errors, "returned_at",
		    "Enter when the child was found or returned, to say where and whether a safe and well "
		    "check was done");

	return check_errors_finish(&c.errors, out);
}

int64_t episode_interview_due(int64_t returned_at)
{
	return returned_at + (int64_t)EPISODE_INTERVIEW_HOURS * 3600;
}

bool episode_is_repeat(const int64_t *reported, size_t count, int64_t at, int episodes, int days)
{
	int64_t from = at - (int64_t)days * 86400;
	int within = 0;
	for (size_t i = 0; i < count; i++)
		within += reported[i] > from && reported[i] <= at;
	return within >= episodes;
}

void episode_check_day_since_report(const char *on, const char *reported_at, const char *field,
                                    const char *what, json_t *errors)
{
	char reported[CALENDAR_DATE_SIZE] = "";
	int64_t at;
	if (calendar_parse_instant(reported_at, &at))
		calendar_format(calendar_london_day(at), reported);
	if (strcmp(on, reported) < 0)
		errors_addf(errors, field, "%s must be on or after %s, when the child was reported missing",
		            what, reported);
}
