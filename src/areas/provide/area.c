/*
 * area.c (provide) — Operation Provide: an Independent Domestic Violence
 * Adviser's list of referrals (the adult victims of incidents police
 * attended, made by provide_refer when the incident is saved), one
 * referral's page — the safe-contact instructions the police recorded,
 * before any contact details — each contact attempt, the outcome and the
 * closure; the partnership's coverage settings (which IDVA service covers
 * which area, coverage.c); and the figures by area and month (figures.c). Each use case is one
 * handler serving its page (under /provide) and the same JSON under
 * /api/v1/provide.
 *
 * Who may do what (the access table beside the routes): "provide.read"
 * and "provide.record" need the user's agency to be the service the
 * referral went to (anyone else gets 404 before a handler runs); the list
 * is scoped to the user's agency in its query. Reads are audited by the
 * server; each change writes its audit row in its own unit of work.
 *
 * Times are stored as UTC instants and shown in Europe/London time
 * (rules.h). The checks only a handler can make (an attempt neither before
 * the incident nor in the future, an outcome that agrees with the attempts,
 * both answers at closure) are gathered with the field errors and answered
 * as the API's 422 problem+json or the page again with the error summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/policy.h"
#include "app/answer_shows.h"
#include "app/area.h"
#include "areas/provide/tasks.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/households/households.h"
#include "areas/provide/coverage.h"
#include "areas/provide/figures.h"
#include "areas/provide/published.h"
#include "areas/provide/rules.h"
#include "areas/provide/store.h"
#include "auth/session.h"
#include "router/errors.h"
#include "router/page.h"
#include "router/page_found.h"
#include "view/status_tag.h"

/* An attempt may be up to this far ahead of the server's clock (clocks differ a little). */
#define CLOCK_SLACK_SECONDS 120

/* ---- field specs ---- */

static const char *const methods[] = {"phone", "text", "email", "in_person", "letter", NULL};
static const char *const results[] = {
    "contacted", "no_answer", "message_left", "unsafe_to_continue", "wrong_number", "declined", NULL};
static const char *const outcomes[] = {"engaged", "declined", "could_not_contact", "not_appropriate", NULL};

static const struct field_spec attempt_fields[] = {
    {.name = "attempted_at",
     .label = "when the attempt was made (UTC, for example 2026-11-26T19:30:00Z)",
     .type = FIELD_TEXT,
     .max = 40},
    {.name = "attempted_on", .label = "the date of the attempt", .type = FIELD_DATE},
    /* loose: "2:30pm" reaches the handler, which says how to write it */
    {.name = "attempted_time", .label = "the time of the attempt", .type = FIELD_TEXT, .max = 20},
    {.name = "method",
     .label = "how you tried to make contact",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = methods},
    {.name = "result", .label = "what happened", .type = FIELD_CHOICE, .required = true, .choices = results},
    {.name = "note", .label = "the note", .type = FIELD_TEXT, .max = 2000},
    {.name = "safe_contact_reason",
     .label = "why it was safe to go against the safe-contact instructions",
     .type = FIELD_TEXT,
     .max = 1000},
    {0},
};

#define OUTCOME_FIELDS                                                                                       \
	{.name = "outcome",                                                                                  \
	 .label = "the outcome",                                                                             \
	 .type = FIELD_CHOICE,                                                                               \
	 .required = true,                                                                                   \
	 .choices = outcomes},                                                                               \
	    {.name = "made_safer", .label = "whether the victim was made safer", .type = FIELD_BOOL},        \
	{                                                                                                    \
		.name = "engaged_with_investigation",                                                        \
		.label = "whether the victim engaged with the investigation", .type = FIELD_BOOL             \
	}

static const struct field_spec outcome_fields[] = {
    OUTCOME_FIELDS,
    {.name = "close", .label = "whether to close the referral", .type = FIELD_BOOL},
    {0},
};

static const struct field_spec closure_fields[] = {
    OUTCOME_FIELDS,
    {0},
};

/* ---- words for codes ---- */

struct label {
	const char *code, *text;
};

static const char *label_of(const struct label *labels, const char *code)
{
	for (; code && labels->code; labels++)
		if (strcmp(labels->code, code) == 0)
			return labels->text;
	return code;
}

static const struct label method_labels[] = {
    {"phone", "Phone call"},    {"text", "Text message"}, {"email", "Email"},
    {"in_person", "In person"}, {"letter", "Letter"},     {0},
};
static const struct label result_labels[] = {
    {"contacted", "Spoke with them"},
    {"no_answer", "No answer"},
    {"message_left", "Left a message"},
    {"unsafe_to_continue", "Stopped: not safe to continue"},
    {"wrong_number", "Wrong number"},
    {"declined", "Reached them: they declined support"},
    {0},
};
static const struct label outcome_labels[] = {
    {"engaged", "Engaged"},
    {"declined", "Declined"},
    {"could_not_contact", "Could not be contacted"},
    {"not_appropriate", "Not appropriate"},
    {0},
};
static const struct status_tag risk_levels[] = {{"standard", "Standard", "govuk-tag--grey"},
                                                {"medium", "Medium", "govuk-tag--orange"},
                                                {"high", "High", "govuk-tag--red"},
                                                {0}};

/* "2026-11-26" as "26 November 2026". */
static void long_date(const char *ymd, char *out, size_t size)
{
	int32_t day;
	char text[CALENDAR_LONG_DATE_SIZE];
	if (!calendar_parse(ymd, &day)) {
		snprintf(out, size, "%s", ymd);
		return;
	}
	calendar_format_long(day, text);
	snprintf(out, size, "%s", text);
}

/* England's local date "YYYY-MM-DD" and time "HH:MM" at instant `t`. */
static void london_date_time(int64_t t, char date[static CALENDAR_DATE_SIZE], char hhmm[static 8])
{
	int32_t day, seconds;
	calendar_london_from_utc(t, &day, &seconds);
	calendar_format(day, date);
	snprintf(hhmm, 8, "%02d:%02d", (int)(seconds / 3600 % 24), (int)(seconds / 60 % 60));
}

/*
 * Adds NAME_local ("26 November 2026 at 19:30", London time) beside the
 * instant `name` of `obj`, if it has one.
 */
static void add_local_time(json_t *obj, const char *name)
{
	int64_t t;
	if (!calendar_parse_instant(field_text(obj, name), &t))
		return;
	char date[CALENDAR_DATE_SIZE], hhmm[8], day[48], text[80], key[64];
	london_date_time(t, date, hhmm);
	long_date(date, day, sizeof day);
	snprintf(text, sizeof text, "%s at %s", day, hhmm);
	snprintf(key, sizeof key, "%s_local", name);
	json_object_set_new(obj, key, json_string(text));
}

static void set_label(json_t *obj, const char *key, const struct label *labels, const char *code)
{
	if (code)
		json_object_set_new(obj, key, json_string(label_of(labels, code)));
}

static const struct status_tag referral_statuses[] = {
    {"new", "New", "govuk-tag--red"},
    {"attempting", "Trying to contact", "govuk-tag--yellow"},
    {"contacted", "Contacted", "govuk-tag--green"},
    {"outcome_recorded", "Outcome recorded", "govuk-tag--blue"},
    {"closed", "Closed", "govuk-tag--grey"},
    {0},
};

/* The status of a referral as its list and page show it: {status, status_label, status_tag}. */
static void add_status(json_t *r)
{
	const char *outcome = field_text(r, "outcome");
	const char *status = field_text(r, "closed_at")          ? "closed"
	                     : outcome                           ? "outcome_recorded"
	                     : field_text(r, "first_contact_at") ? "contacted"
	                     : field_text(r, "first_attempt_at") ? "attempting"
	                                                         : "new";
	status_tag_set(r, status_tag_find(referral_statuses, status));
	/* a recorded outcome is shown as itself: "Engaged", "Declined" */
	if (strcmp(status, "outcome_recorded") == 0)
		json_object_set_new(r, "status_label", json_string(label_of(outcome_labels, outcome)));
}

/* The time since the incident, in words and seconds. */
static void add_since(json_t *r, int64_t now)
{
	int64_t t;
	if (!calendar_parse_instant(field_text(r, "occurred_at"), &t))
		return;
	char text[CALENDAR_DURATION_SIZE];
	/* an incident a few minutes in the future (clocks differ) has just happened */
	calendar_format_duration(now > t ? now - t : 0, text);
	json_object_set_new(r, "since_incident", json_string(text));
	json_object_set_new(r, "seconds_since_incident", json_integer(now - t));
}

static void add_incident_labels(json_t *r)
{
	const struct status_tag *risk = status_tag_find(risk_levels, field_text(r, "risk_level"));
	if (risk) {
		json_object_set_new(r, "risk_label", json_string(risk->label));
		json_object_set_new(r, "risk_tag", json_string(risk->tag));
	}
	set_label(r, "outcome_label", outcome_labels, field_text(r, "outcome"));
	add_local_time(r, "occurred_at");
}

static long long referral_id(const struct request *req)
{
	return json_integer_value(json_object_get(req->params, "id"));
}

/* ---- the list ---- */

/* How a list of referrals may be narrowed and ordered (the list's "risk" and "sort"), as its selects say. */
static const char *const risk_filters[] = {"high", "medium", "standard", NULL};
static const char *const risk_filter_labels[] = {"High", "Medium", "Standard", NULL};
static const char *const referral_orders[] = {"newest", "oldest", NULL};
static const char *const referral_order_labels[] = {"Newest first", "Oldest first", NULL};

/*
 * GET /provide, GET /api/v1/provide/referrals: one page of the service's
 * open referrals (or, with status=closed, its closed ones), newest first
 * (or, with sort=oldest, the longest waiting first), narrowed when asked to
 * a risk level or one incident's police reference, with how many of each
 * there are.
 */
static enum haven_status list_referrals(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	const char *status = field_text(req->input, "status"), *sort = field_text(req->input, "sort");
	struct provide_list_filter filter = {.closed = status && strcmp(status, "closed") == 0,
	                                     .oldest_first = sort && strcmp(sort, "oldest") == 0,
	                                     .risk_level = field_text(req->input, "risk"),
	                                     .police_reference = field_text(req->input, "reference")};
	bool closed = filter.closed;
	json_t *rows = NULL;
	long long total = -1, open_count = -1, closed_count = -1;
	enum haven_status st = provide_store_list(req->user->agency_id, &filter, &page, &rows, &total,
	                                          &open_count, &closed_count);
	if (st != HAVEN_OK)
		return st;
	int64_t now = (int64_t)time(NULL);
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		add_incident_labels(r);
		add_status(r);
		add_since(r, now);
		add_local_time(r, "created_at");
	}
	bool filtered = filter.risk_level || filter.police_reference;
	json_t *model = json_pack(
	    "{s:s, s:s, s:s, s:b, s:o, s:o, s:b, s:s, s:s, s:o, s:o}", "title", "Operation Provide referrals",
	    "idva_service_name", req->user->agency_name, "status", closed ? "closed" : "open", "closed",
	    closed, "open_count", page_count_json(open_count), "closed_count", page_count_json(closed_count),
	    "filtered", filtered, "reference", filter.police_reference ? filter.police_reference : "",
	    "order", filter.oldest_first ? "oldest first" : "newest first", "risk_choices",
	    page_filter_options("Any risk", risk_filters, risk_filter_labels, filter.risk_level),
	    "sort_choices", page_filter_options(NULL, referral_orders, referral_order_labels, sort));
	page_finish_found(&page, req, model, "referrals", rows, "id", total,
	                  closed ? "closed referrals" : "open referrals");
	response_audit_records(res, "idva_referral", json_object_get(model, "referrals"), "id");
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- one referral ---- */

/*
 * The safe-contact instructions as sentences, the safest reading first:
 * anything police did not record is treated as not safe.
 */
static json_t *safe_contact(const json_t *r)
{
	json_t *lines = json_array();
	const json_t *call = json_object_get(r, "safe_to_call"),
	             *message = json_object_get(r, "safe_to_leave_message");
	const char *times = field_text(r, "safe_times"), *number = field_text(r, "safe_number");
	char text[2300];
	if (json_is_true(call))
		json_array_append_new(lines,
		                      json_string(number ? "It is safe to call, on the safe number below."
		                                         : "It is safe to call."));
	else if (json_is_false(call))
		json_array_append_new(lines, json_string("Do not call."));
	else
		json_array_append_new(
		    lines, json_string("Police did not record whether it is safe to call: do not call "
		                       "until you know it is safe."));
	if (json_is_true(message))
		json_array_append_new(lines, json_string("It is safe to leave a message."));
	else if (json_is_false(message))
		json_array_append_new(lines, json_string("Do not leave a message or voicemail."));
	else
		json_array_append_new(
		    lines, json_string("Police did not record whether it is safe to leave a message: do "
		                       "not leave one."));
	if (times) {
		snprintf(text, sizeof text, "Only contact at these times: %s.", times);
		json_array_append_new(lines, json_string(text));
	} else {
		json_array_append_new(lines, json_string("Police recorded no safe times."));
	}
	if (number) {
		snprintf(text, sizeof text, "Use only this safe number: %s.", number);
		json_array_append_new(lines, json_string(text));
	}
	return lines;
}

/* A 0/1 column as JSON false/true (null stays null), for the API and because Mustache holds 0 true. */
static void as_bool(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (json_is_integer(v))
		json_object_set_new(obj, key, json_boolean(json_integer_value(v) != 0));
}

/* Today's date and the time now in London, for the attempt form's defaults. */
static void london_now(char date[static CALENDAR_DATE_SIZE], char hhmm[static 8])
{
	london_date_time((int64_t)time(NULL), date, hhmm);
}

/* Everything the referral page (and the API) shows. */
static enum haven_status referral_model(long long id, json_t **out)
{
	json_t *r = NULL;
	enum haven_status st = provide_store_get(id, &r);
	if (st != HAVEN_OK)
		return st;
	add_incident_labels(r);
	add_status(r);
	add_since(r, (int64_t)time(NULL));
	add_local_time(r, "created_at");
	add_local_time(r, "first_attempt_at");
	add_local_time(r, "first_contact_at");
	add_local_time(r, "closed_at");
	as_bool(r, "safe_to_call");
	as_bool(r, "safe_to_leave_message");
	as_bool(r, "made_safer");
	as_bool(r, "engaged_with_investigation");
	json_object_set_new(r, "safe_contact", safe_contact(r));
	if (field_text(r, "date_of_birth")) {
		char text[48];
		long_date(field_text(r, "date_of_birth"), text, sizeof text);
		json_object_set_new(r, "date_of_birth_long", json_string(text));
	}
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(r, "attempts"), i, a)
	{
		add_local_time(a, "attempted_at");
		set_label(a, "method_label", method_labels, field_text(a, "method"));
		set_label(a, "result_label", result_labels, field_text(a, "result"));
	}
	char date[16], hhmm[8], title[160];
	london_now(date, hhmm);
	snprintf(title, sizeof title, "Referral %s", field_text(r, "police_reference"));
	const char *outcome = field_text(r, "outcome");
	json_t *made_safer = json_object_get(r, "made_safer"),
	       *engaged = json_object_get(r, "engaged_with_investigation");
	/* an attempt's date is today unless typed: "attempted_on" fills its date input's boxes */
	*out = json_pack("{s:s, s:o, s:{s:s, s:s}, s:s, s:b, s:{s:b}, s:{s:b, s:b}, s:{s:b, s:b}}", "title",
	                 title, "referral", r, "now", "date", date, "time", hhmm, "attempted_on", date,
	                 "is_open", !field_text(r, "closed_at"), "outcome_is", outcome ? outcome : "none", 1,
	                 "made_safer_is", "yes", json_is_true(made_safer), "no", json_is_false(made_safer),
	                 "engaged_is", "yes", json_is_true(engaged), "no", json_is_false(engaged));
	return *out ? HAVEN_OK : HAVEN_ERR_INTERNAL;
}

/* GET /provide/referrals/{id}, GET /api/v1/provide/referrals/{id} (and the page again after a form's errors).
 */
static enum haven_status show_referral(struct request *req, struct response *res)
{
	json_t *model = NULL, *children = NULL;
	enum haven_status st = referral_model(referral_id(req), &model);
	/* the children of the victim's household, for the IDVA to think of (and the trail to record) */
	if (st == HAVEN_OK && (st = households_children_of_referral(referral_id(req), &children)) != HAVEN_OK)
		json_decref(model);
	if (st != HAVEN_OK)
		return st;
	response_audit_records(res, "child", children, "id");
	json_object_set_new(model, "household_any", json_boolean(json_array_size(children) > 0));
	json_object_set_new(model, "household_children", children);
	response_set_model(res, model);
	return HAVEN_OK;
}

/* The API's answer after an attempt is recorded: the referral as it now is, 201. */
static enum haven_status show_referral_with_new_attempt(struct request *req, struct response *res)
{
	enum haven_status st = show_referral(req, res);
	res->status = 201;
	return st;
}

static const char closed_message[] = "This referral is closed: it cannot be changed";

/*
 * How a change to the referral of `req` ends, its store asked only if there
 * were no `errors` before: the store's conflict is the referral closed in the
 * meantime (409); with errors (the array is taken), the page again with them
 * at `status` (422, or 409 for a closed referral); else done: the API answers
 * with `show`, a browser goes to the referral's page.
 */
static enum haven_status referral_changed(struct request *req, struct response *res, enum haven_status st,
                                          json_t *errors, unsigned status, route_handler show)
{
	if (st == HAVEN_ERR_CONFLICT) {
		errors_add(errors, "referral", closed_message);
		status = 409;
		st = HAVEN_OK;
	}
	if (json_array_size(errors)) {
		res->status = status;
		response_errors(res, errors); /* the page again: the route's redisplay */
		return HAVEN_OK;
	}
	json_decref(errors);
	if (st == HAVEN_OK)
		response_done(res, show, "/provide/referrals/%lld", referral_id(req));
	return st;
}

/*
 * Safe contact enforced: an attempt that goes against what police recorded
 * about the victim (leaving a message when they said not to, or did not say
 * it was safe; a call or text outside the safe times, when Haven can read
 * them: provide_safe_times_read) is refused until the IDVA says why it was
 * safe, in safe_contact_reason. Adds the error, naming that field.
 */
static void safe_contact_problem(json_t *r, const char *method, const char *result, int64_t when,
                                 json_t *errors)
{
	as_bool(r, "safe_to_leave_message"); /* stored 1, 0 or NULL */
	const json_t *message_ok = json_object_get(r, "safe_to_leave_message");
	if (strcmp(result, "message_left") == 0 && !json_is_true(message_ok)) {
		errors_add(errors, "safe_contact_reason",
		           json_is_false(message_ok)
		               ? "Police said not to leave a message. Enter why it was safe to leave this one"
		               : "Police did not record whether it is safe to leave a message. Enter why it "
		                 "was safe to leave this one");
		return;
	}
	if (strcmp(method, "phone") != 0 && strcmp(method, "text") != 0)
		return;
	struct provide_safe_times times;
	provide_safe_times_read(field_text(r, "safe_times"), &times);
	int32_t day, seconds;
	calendar_london_from_utc(when, &day, &seconds);
	if (provide_safe_times_allow(&times, calendar_weekday(day), (int)(seconds / 60)))
		return;
	errors_addf(
	    errors, "safe_contact_reason",
	    "This %s was outside the safe times police gave (%s). Enter why it was safe to make contact "
	    "then",
	    strcmp(method, "phone") == 0 ? "call" : "text", field_text(r, "safe_times"));
}

/* POST /provide/referrals/{id}/attempts: one contact attempt. */
static enum haven_status record_attempt(struct request *req, struct response *res)
{
	json_t *r = NULL;
	enum haven_status st = provide_store_get(referral_id(req), &r);
	if (st != HAVEN_OK)
		return st;
	json_t *in = req->input, *errors = json_array();
	unsigned status = 422;
	const char *at = field_text(in, "attempted_at"), *on = field_text(in, "attempted_on"),
	           *hhmm = field_text(in, "attempted_time");
	int64_t when = 0;
	bool have_time = false;
	if (field_text(r, "closed_at")) {
		errors_add(errors, "referral", closed_message);
		status = 409;
	} else if (at && (on || hhmm)) {
		errors_add(errors, "attempted_at",
		           "Give the time of the attempt once: as attempted_at, or as attempted_on and "
		           "attempted_time");
	} else if (at) {
		if (!calendar_parse_instant(at, &when))
			errors_add(errors, "attempted_at",
			           "Enter when the attempt was made as a UTC time, for example "
			           "2026-11-26T19:30:00Z");
		else
			have_time = true;
	} else {
		int32_t day = 0;
		int minute = 0;
		if (!on)
			errors_add(errors, "attempted_on", "Enter the date of the attempt");
		if (!hhmm)
			errors_add(errors, "attempted_time", "Enter the time of the attempt");
		else if (!calendar_parse_clock(hhmm, &minute))
			errors_add(errors, "attempted_time",
			           "Enter the time of the attempt as hours and minutes, like 14:30");
		if (on && hhmm && calendar_parse(on, &day) && calendar_parse_clock(hhmm, &minute)) {
			when = calendar_utc_from_london(day, minute * 60);
			have_time = true;
		}
	}
	int64_t incident = 0;
	const char *field = at ? "attempted_at" : "attempted_on";
	if (have_time && when > (int64_t)time(NULL) + CLOCK_SLACK_SECONDS) {
		errors_add(errors, field, "The time of the attempt must be now or in the past");
	} else if (have_time && calendar_parse_instant(field_text(r, "occurred_at"), &incident) &&
	           when < incident) {
		add_local_time(r, "occurred_at");
		errors_addf(errors, field, "The time of the attempt must be after the incident (%s)",
		            field_text(r, "occurred_at_local"));
	}
	const char *reason = field_text(in, "safe_contact_reason");
	if (have_time && !json_array_size(errors) && !reason)
		safe_contact_problem(r, field_text(in, "method"), field_text(in, "result"), when, errors);
	json_decref(r);
	if (!json_array_size(errors)) {
		char instant[CALENDAR_INSTANT_SIZE];
		calendar_format_instant(when, instant);
		struct provide_attempt attempt = {.attempted_at = instant,
		                                  .method = field_text(in, "method"),
		                                  .outcome = field_text(in, "result"),
		                                  .note = field_text(in, "note"),
		                                  .safe_contact_reason = reason};
		struct actor actor = auth_actor(req);
		long long attempt_id = 0;
		struct audit_shown shown; /* the household's children the API's answer shows */
		if ((st = answer_shows(req, show_referral, &shown)) == HAVEN_OK)
			st = provide_store_add_attempt(referral_id(req), &attempt, &shown, &actor,
			                               &attempt_id);
		answer_shows_free(&shown);
	}
	response_success(res, "The attempt to make contact was recorded");
	return referral_changed(req, res, st, errors, status, show_referral_with_new_attempt);
}

/* POST /provide/referrals/{id}/outcome (close optional) and .../closure (close implied). */
/*
 * What is wrong with recording `outcome` input `in` on referral `r` (and
 * closing it, if `close`): a new array of errors, empty if none; *status is
 * 409 for a closed referral, else 422.
 */
static json_t *outcome_errors(const json_t *r, const json_t *in, bool close, unsigned *status)
{
	json_t *errors = json_array();
	*status = 422;
	const char *outcome = field_text(in, "outcome");
	bool contacted = field_text(r, "first_contact_at") != NULL;
	if (field_text(r, "closed_at")) {
		errors_add(errors, "referral", closed_message);
		*status = 409;
		return errors;
	}
	/* the outcome must agree with the attempts recorded */
	if ((strcmp(outcome, "engaged") == 0 || strcmp(outcome, "declined") == 0) && !contacted)
		errors_add(errors, "outcome",
		           "Record the contact attempt that reached the victim before recording that "
		           "they engaged "
		           "or declined");
	else if (strcmp(outcome, "could_not_contact") == 0 && contacted)
		errors_add(errors, "outcome",
		           "An attempt reached the victim: the outcome cannot be that they could not "
		           "be contacted");
	else if (strcmp(outcome, "could_not_contact") == 0 && !field_text(r, "first_attempt_at"))
		errors_add(errors, "outcome",
		           "Record the contact attempts before recording that the victim could "
		           "not be contacted");
	if (close && !json_object_get(in, "made_safer"))
		errors_add(errors, "made_safer",
		           "Select whether the victim was made safer, to close the referral");
	if (close && !json_object_get(in, "engaged_with_investigation"))
		errors_add(errors, "engaged_with_investigation",
		           "Select whether the victim engaged with the investigation, to close the "
		           "referral");
	return errors;
}

static enum haven_status record_outcome_or_closure(struct request *req, struct response *res, bool closure)
{
	json_t *r = NULL;
	enum haven_status st = provide_store_get(referral_id(req), &r);
	if (st != HAVEN_OK)
		return st;
	json_t *in = req->input;
	unsigned status;
	const char *outcome = field_text(in, "outcome");
	bool close = closure || json_is_true(json_object_get(in, "close"));
	json_t *safer = json_object_get(in, "made_safer"),
	       *engaged = json_object_get(in, "engaged_with_investigation");
	json_t *errors = outcome_errors(r, in, close, &status);
	json_decref(r);
	if (!json_array_size(errors)) {
		struct actor actor = auth_actor(req);
		struct audit_shown shown; /* the household's children the API's answer shows */
		if ((st = answer_shows(req, show_referral, &shown)) == HAVEN_OK)
			st = provide_store_set_outcome(
			    referral_id(req), outcome, safer ? json_is_true(safer) : -1,
			    engaged ? json_is_true(engaged) : -1, close, &shown, &actor);
		answer_shows_free(&shown);
	}
	response_success(res, "The referral was updated");
	return referral_changed(req, res, st, errors, status, show_referral);
}

static enum haven_status record_outcome(struct request *req, struct response *res)
{
	return record_outcome_or_closure(req, res, false);
}

static enum haven_status record_closure(struct request *req, struct response *res)
{
	return record_outcome_or_closure(req, res, true);
}

/* A yes/no answer as a check page shows it; "Not given" for one left out. */
static const char *yes_no(const json_t *answer)
{
	return json_is_true(answer) ? "Yes" : json_is_false(answer) ? "No" : "Not given";
}

/*
 * Closing a referral, checked first (router.h, struct check_step): a closed
 * referral cannot be changed, so the outcome and answers are shown before it
 * is closed, with the same refusals the change would give.
 */
static enum haven_status check_closure(struct request *req, struct response *res)
{
	json_t *r = NULL;
	enum haven_status st = provide_store_get(referral_id(req), &r);
	if (st != HAVEN_OK)
		return st;
	unsigned status;
	json_t *errors = outcome_errors(r, req->input, true, &status);
	if (json_array_size(errors)) {
		json_decref(r);
		res->status = status;
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	const json_t *in = req->input;
	json_t *rows = json_pack(
	    "[{s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]", "key", "Referral", "value",
	    field_text(r, "police_reference") ? field_text(r, "police_reference") : "", "key", "Outcome",
	    "value", label_of(outcome_labels, field_text(in, "outcome")), "change", "outcome", "key",
	    "Was the victim made safer?", "value", yes_no(json_object_get(in, "made_safer")), "change",
	    "made_safer", "key", "Did the victim engage with the investigation?", "value",
	    yes_no(json_object_get(in, "engaged_with_investigation")), "change",
	    "engaged_with_investigation");
	char back[64];
	snprintf(back, sizeof back, "/provide/referrals/%lld", referral_id(req));
	response_set_model(res, json_pack("{s:o, s:s, s:s}", "rows", rows, "warning",
	                                  "Once closed, the referral cannot be changed, and no more "
	                                  "contact attempts can be recorded.",
	                                  "back", back));
	json_decref(r);
	return HAVEN_OK;
}

/* Recording an outcome that closes the referral is checked; one that leaves it open is not. */
static bool closes_referral(const struct request *req)
{
	return json_is_true(json_object_get(req->input, "close"));
}

static const struct check_step closure_check = {
    .title = "Check the outcome before you close the referral",
    .button = "Close the referral",
    .answers = check_closure,
};
static const struct check_step outcome_closure_check = {
    .title = "Check the outcome before you close the referral",
    .button = "Close the referral",
    .answers = check_closure,
    .needed = closes_referral,
};

/* ---- routes ---- */

#define REFERRAL_FORM(path, fn, fields, check_step)                                                          \
	{.method = HTTP_POST,                                                                                \
	 .pattern = "/provide/referrals/{id:int}" path,                                                      \
	 .action = "provide.record",                                                                         \
	 .handler = fn,                                                                                      \
	 .page = "provide/referral",                                                                         \
	 .body = fields,                                                                                     \
	 .redisplay = show_referral,                                                                         \
	 .check = check_step},                                                                               \
	{                                                                                                    \
		.method = HTTP_POST, .pattern = "/api/v1/provide/referrals/{id:int}" path,                   \
		.action = "provide.record", .handler = fn, .body = fields                                    \
	}

static const char *const referral_states[] = {"open", "closed", NULL};
static const struct field_spec list_query[] = {
    {.name = "status", .label = "open or closed referrals", .type = FIELD_CHOICE, .choices = referral_states},
    {.name = "risk", .label = "the risk level", .type = FIELD_CHOICE, .choices = risk_filters},
    {.name = "reference", .label = "the police reference", .type = FIELD_TEXT, .max = 100},
    {.name = "sort", .label = "the order", .type = FIELD_CHOICE, .choices = referral_orders},
    PAGE_FIELDS,
    {0},
};

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/provide",
     .action = "provide.list",
     .handler = list_referrals,
     .page = "provide/list",
     .query = list_query,
     .redisplay = list_referrals,
     .api_pattern = "/api/v1/provide/referrals"},
    {.method = HTTP_GET,
     .pattern = "/provide/referrals/{id:int}",
     .action = "provide.read",
     .handler = show_referral,
     .page = "provide/referral",
     .api = true},
    REFERRAL_FORM("/attempts", record_attempt, attempt_fields, NULL),
    REFERRAL_FORM("/outcome", record_outcome, outcome_fields, &outcome_closure_check),
    REFERRAL_FORM("/closure", record_closure, closure_fields, &closure_check),
    {.method = HTTP_GET,
     .pattern = "/provide/coverage",
     .action = "da.settings",
     .handler = provide_show_coverage,
     .page = "provide/coverage",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/provide/coverage",
     .action = "da.settings",
     .handler = provide_save_coverage,
     .page = "provide/coverage",
     .body = provide_coverage_fields,
     .redisplay = provide_coverage_again,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/provide/figures.csv",
     .action = "provide.figures",
     .handler = provide_figures_download,
     .query = provide_figures_query},
    {.method = HTTP_GET,
     .pattern = "/provide/figures.xlsx",
     .action = "provide.figures",
     .handler = provide_figures_download,
     .query = provide_figures_query},
    {.method = HTTP_GET,
     .pattern = "/provide/figures",
     .action = "provide.figures",
     .handler = provide_show_figures,
     .page = "provide/figures",
     .query = provide_figures_query,
     .redisplay = provide_figures_redisplay,
     .api = true},
    {0},
};

static enum haven_status load_demo(void)
{
	return provide_load_demo();
}

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* Operation Provide: an IDVA service sees and works only its own referrals */
    {.action = "provide.list", .roles = ROLE_IDVA, .audited = true},
    {.action = "provide.read", .roles = ROLE_IDVA, .resource = "idva_referral", .audited = true},
    {.action = "provide.record",
     .roles = ROLE_IDVA,
     .resource = "idva_referral",
     .audited = true,
     .shown_as = "provide.read"},
    {.action = "provide.figures", .roles = ROLE_PARTNERSHIP | ROLE_SCRUTINEER | ROLE_IDVA | ROLE_POLICE},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Domestic abuse",
     .action = "provide.list",
     .href = "/provide",
     .text = "Operation Provide referrals",
     .place = 110},
    {.section = "Domestic abuse",
     .action = "provide.figures",
     .href = "/provide/figures",
     .text = "Operation Provide figures",
     .place = 130},
    {.section = "Domestic abuse",
     .action = "da.settings",
     .href = "/provide/coverage",
     .text = "Which IDVA service covers which area",
     .place = 150},
    {0},
};

const struct area area_provide = {
    .tasks = provide_tasks,
    .figures = provide_published,
    .name = "provide",
    .links = links,
    .access = access,
    .records = provide_records,
    .chronology = provide_chronology,
    .routes = routes,
    .load_demo = load_demo,
    /* after the partnership (10), accounts (20) and the police intake's own demo, if any */
    .demo_order = 70,
};
