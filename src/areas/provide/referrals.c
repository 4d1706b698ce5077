/*
 * referrals.c (provide) — a referral as the IDVA sees it: the list of the
 * service's referrals (the adult victims of incidents police attended, made
 * by provide_refer when the incident is saved), narrowed and ordered as
 * asked, and one referral's page — the safe-contact instructions the police
 * recorded, before any contact details — with its attempts, outcome and the
 * children of the victim's household. Codes are shown in words, instants in
 * England's time beside them (NAME_local), and the status is worked out from
 * what was recorded. The routes are area.c's; the changes are contact.c's.
 */
#include "areas/provide/referrals.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/calendar/model_words.h"
#include "areas/households/households.h"
#include "areas/provide/store.h"
#include "auth/session.h"
#include "router/page.h"
#include "router/page_found.h"
#include "view/status_tag.h"

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
	model_words_local_time(r, "occurred_at");
}

long long provide_referral_id(const struct request *req)
{
	return json_integer_value(json_object_get(req->params, "id"));
}

const char *provide_outcome_label(const char *code)
{
	return label_of(outcome_labels, code);
}

/* ---- the list ---- */

/* How a list of referrals may be narrowed and ordered (the list's "risk" and "sort"), as its selects say. */
static const char *const risk_filters[] = {"high", "medium", "standard", NULL};
static const char *const risk_filter_labels[] = {"High", "Medium", "Standard", NULL};
static const char *const referral_orders[] = {"newest", "oldest", NULL};
static const char *const referral_order_labels[] = {"Newest first", "Oldest first", NULL};

static const char *const referral_states[] = {"open", "closed", NULL};
const struct field_spec provide_list_query[] = {
    {.name = "status", .label = "open or closed referrals", .type = FIELD_CHOICE, .choices = referral_states},
    {.name = "risk", .label = "the risk level", .type = FIELD_CHOICE, .choices = risk_filters},
    {.name = "reference", .label = "the police reference", .type = FIELD_TEXT, .max = 100},
    {.name = "sort", .label = "the order", .type = FIELD_CHOICE, .choices = referral_orders},
    PAGE_FIELDS,
    {0},
};

/*
 * GET /provide, GET /api/v1/provide/referrals: one page of the service's
 * open referrals (or, with status=closed, its closed ones), newest first
 * (or, with sort=oldest, the longest waiting first), narrowed when asked to
 * a risk level or one incident's police reference, with how many of each
 * there are.
 */
enum haven_status provide_list_referrals(struct request *req, struct response *res)
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
		model_words_local_time(r, "created_at");
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

void provide_as_bool(json_t *obj, const char *key)
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
	model_words_local_time(r, "created_at");
	model_words_local_time(r, "first_attempt_at");
	model_words_local_time(r, "first_contact_at");
	model_words_local_time(r, "closed_at");
	provide_as_bool(r, "safe_to_call");
	provide_as_bool(r, "safe_to_leave_message");
	provide_as_bool(r, "made_safer");
	provide_as_bool(r, "engaged_with_investigation");
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
		model_words_local_time(a, "attempted_at");
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
enum haven_status provide_show_referral(struct request *req, struct response *res)
{
	json_t *model = NULL, *children = NULL;
	enum haven_status st = referral_model(provide_referral_id(req), &model);
	/* the children of the victim's household, for the IDVA to think of (and the trail to record) */
	if (st == HAVEN_OK &&
	    (st = households_children_of_referral(provide_referral_id(req), &children)) != HAVEN_OK)
		json_decref(model);
	if (st != HAVEN_OK)
		return st;
	response_audit_records(res, "child", children, "id");
	json_object_set_new(model, "household_any", json_boolean(json_array_size(children) > 0));
	json_object_set_new(model, "household_children", children);
	response_set_model(res, model);
	return HAVEN_OK;
}
