/*
 * cycles.c (assurance) — audit cycles, pages and API: the list of cycles and
 * every agency's next return (or those overdue), opening a cycle (refused
 * while another of its kind overlaps it), and one cycle's returns with their
 * status and what the partnership should know (a school with no DSL on
 * Haven, an agency nobody on Haven gets the reminders of).
 */
#include "areas/assurance/cycle_handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "app/area.h"
#include "app/publish_version.h"
#include "app/record_answer.h"
#include "areas/assurance/published.h"
#include "areas/assurance/case_audit_handlers.h"
#include "areas/assurance/case_audits.h"
#include "areas/assurance/due.h"
#include "areas/assurance/return_handlers.h"
#include "areas/assurance/commands.h"
#include "areas/assurance/jobs.h"
#include "areas/assurance/rules.h"
#include "areas/assurance/standards.h"
#include "areas/assurance/store.h"
#include "areas/assurance/tasks.h"
#include "areas/calendar/london.h"
#include "areas/documents/attach.h"
#include "areas/work/rules.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/buf.h"
#include "core/calendar.h"
#include "core/csv.h"
#include "core/stats.h"
#include "core/xlsx.h"
#include "view/chosen_option.h"

static const char *const cycles_shows[] = {"all", "overdue", NULL};

/* The cycles page: every agency's next return, or only those overdue. */
const struct field_spec cycle_list_query[] = {
    {.name = "show", .label = "which agencies to show", .type = FIELD_CHOICE, .choices = cycles_shows},
    {0},
};

const struct field_spec cycle_open_fields[] = {
    {.name = "standards", .label = "the standards", .type = FIELD_INT, .required = true},
    {.name = "title", .label = "the cycle's title", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "opens_on", .label = "the opening date", .type = FIELD_DATE, .required = true},
    {.name = "returns_due_on", .label = "the return date", .type = FIELD_DATE, .required = true},
    /* sure to open a cycle whose return date has passed (cycle_open) */
    {.name = "confirmed", .label = "whether you are sure", .type = FIELD_BOOL},
    {0},
};

/* ---- cycles ---- */

/* GET /quality-assurance/cycles, GET /api/v1/qa/cycles (qa.cycles): every cycle with its counts, and when
 * each agency's next return is due (?show=overdue: only those overdue). */
enum haven_status cycle_list(struct request *req, struct response *res)
{
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	const char *show = field_text(req->input, "show");
	bool overdue_only = show && strcmp(show, "overdue") == 0;
	json_t *cycles = NULL, *due = NULL;
	int overdue11 = 0, overdue175 = 0;
	struct assurance_intervals every;
	enum haven_status st = assurance_intervals(&every);
	if (st != HAVEN_OK || (st = assurance_cycles(day, &cycles)) != HAVEN_OK)
		return st;
	if ((st = assurance_due_list(day, &every, overdue_only, &due, &overdue11, &overdue175)) != HAVEN_OK) {
		json_decref(cycles);
		return st;
	}
	size_t i;
	json_t *c;
	json_array_foreach(cycles, i, c) assurance_label_kind(c);
	json_t *model = json_pack("{s:s, s:o, s:b, s:b}", "title", "Quality assurance cycles", "cycles",
	                          cycles, "found", json_array_size(cycles) > 0, "can_manage",
	                          policy_allows(req->user, "qa.manage", NULL, 0));
	json_object_set_new(model, "audits_due", due);
	json_object_set_new(model, "overdue",
	                    json_pack("{s:i, s:i}", "section11", overdue11, "section175", overdue175));
	json_object_set_new(model, "show", json_string(overdue_only ? "overdue" : "all"));
	/* the partnership's intervals the next-due dates follow (its settings) */
	json_object_set_new(model, "intervals",
	                    json_pack("{s:i, s:i}", "section11_months", every.section11_months,
	                              "section175_months", every.section175_months));
	if (!req->api) {
		json_object_set_new(model, "can_set",
		                    json_boolean(policy_allows(req->user, "qa.settings", NULL, 0)));
		json_object_set_new(model, "overdue_only", json_boolean(overdue_only));
		json_object_set_new(model, "any_due", json_boolean(json_array_size(due) > 0));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

/* GET /quality-assurance/cycles/new (qa.manage): the form, with the published standards to choose from. */
enum haven_status cycle_new_form(struct request *req, struct response *res)
{
	return assurance_standard_sets_page(res, "Open a quality assurance cycle", "has_standards",
	                                    req->api ? NULL : json_object_get(req->input, "standards"));
}

/* The cycle in the path with its returns, each with its status on `day`, and the counts. */
enum haven_status cycle_model(long long id, const char *day, json_t **out)
{
	json_t *cycle = NULL, *returns = NULL;
	enum haven_status st = assurance_cycle_get(id, &cycle);
	if (st != HAVEN_OK)
		return st;
	if ((st = assurance_cycle_returns(id, &returns)) != HAVEN_OK) {
		json_decref(cycle);
		return st;
	}
	assurance_label_kind(cycle);
	const char *opens = json_string_value(json_object_get(cycle, "opens_on"));
	const char *due = json_string_value(json_object_get(cycle, "returns_due_on"));
	bool schools = strcmp(json_string_value(json_object_get(cycle, "kind")), "section175") == 0;
	long long submitted = 0, on_time = 0, overdue = 0, no_dsl = 0, no_lead = 0;
	size_t i;
	json_t *r;
	json_array_foreach(returns, i, r)
	{
		const char *status =
		    assurance_return_status(opens, due, json_string_value(json_object_get(r, "submitted_on")),
		                            json_integer_value(json_object_get(r, "scored")) != 0, day);
		assurance_return_tag(r, status);
		json_object_del(r, "scored");
		/* A school's Section 175/157 return is scored and submitted by its DSL only: with none on
		 * Haven it can never be, so the cycle says so until it is in (and who can add one: the
		 * school's agency administrator, or with none Haven's administrator). */
		bool without = schools && !json_is_string(json_object_get(r, "submitted_on")) &&
		               json_integer_value(json_object_get(r, "has_dsl")) == 0;
		json_object_set_new(r, "no_dsl", json_boolean(without));
		json_object_set_new(
		    r, "no_agency_admin",
		    json_boolean(without && json_integer_value(json_object_get(r, "has_lead")) == 0));
		/* A Section 11 agency's return is completed by its DSLs and agency administrators, who get
		 * the cycle's emails too: with none, the cycle says so until it is in (and
		 * whether the agency has anybody on Haven Haven's administrator could make its agency
		 * administrator), as the job tells the partnership team. */
		bool unreached = !schools && !json_is_string(json_object_get(r, "submitted_on")) &&
		                 json_integer_value(json_object_get(r, "has_lead")) == 0;
		json_object_set_new(r, "no_lead", json_boolean(unreached));
		json_object_set_new(
		    r, "no_accounts",
		    json_boolean(unreached && json_integer_value(json_object_get(r, "has_account")) == 0));
		json_object_del(r, "has_dsl");
		json_object_del(r, "has_lead");
		json_object_del(r, "has_account");
		no_dsl += without;
		no_lead += unreached;
		submitted += strncmp(status, "submitted", 9) == 0;
		on_time += strcmp(status, "submitted") == 0;
		overdue += strcmp(status, "overdue") == 0;
	}
	double percent = 0;
	bool any = stats_percent(on_time, (long long)json_array_size(returns), &percent);
	json_object_set_new(cycle, "returns", returns);
	json_object_set_new(
	    cycle, "counts",
	    json_pack("{s:I, s:I, s:I, s:I, s:o, s:I, s:I}", "returns", (json_int_t)json_array_size(returns),
	              "submitted", (json_int_t)submitted, "on_time", (json_int_t)on_time, "overdue",
	              (json_int_t)overdue, "on_time_percent", any ? json_real(percent) : json_null(),
	              "no_dsl", (json_int_t)no_dsl, "no_lead", (json_int_t)no_lead));
	*out = cycle;
	return HAVEN_OK;
}

/* GET /quality-assurance/cycles/{id}, GET /api/v1/qa/cycles/{id} (qa.cycles). */
enum haven_status cycle_show(struct request *req, struct response *res)
{
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	json_t *cycle = NULL;
	enum haven_status st = cycle_model(field_int(req->params, "id"), day, &cycle);
	if (st == HAVEN_OK) {
		json_object_set(cycle, "cycle_title", json_object_get(cycle, "title"));
		/* each return links to its page for those who may read it (the partnership; not the
		 * scrutineer, who sees the cycle's counts and results) */
		size_t i;
		json_t *r;
		json_array_foreach(json_object_get(cycle, "returns"), i, r)
		    json_object_set_new(r, "can_read",
		                        json_boolean(policy_allows(req->user, "qa.return.read", "qa_return",
		                                                   field_int(r, "id"))));
		response_set_model(res, cycle);
	}
	return st;
}

/*
 * The refusal of a cycle whose period overlaps `clash`, a cycle of the same kind (open now, to come or
 * closed long ago, so the words say it covers the period, not that it is open): named on the
 * standards chosen, with the other cycle's title and dates, so the partnership can pick dates outside it
 * or see it is the cycle it meant.
 */
static void refuse_overlap(struct response *res, const json_t *clash)
{
	int32_t opens = 0, due = 0;
	char opens_text[CALENDAR_LONG_DATE_SIZE] = "", due_text[CALENDAR_LONG_DATE_SIZE] = "";
	if (calendar_parse(json_string_value(json_object_get(clash, "opens_on")), &opens))
		calendar_format_long(opens, opens_text);
	if (calendar_parse(json_string_value(json_object_get(clash, "returns_due_on")), &due))
		calendar_format_long(due, due_text);
	char message[512];
	snprintf(message, sizeof message,
	         "A cycle of these standards already covers part of that period: %s, %s to %s. Choose "
	         "dates outside it, or use that cycle",
	         json_string_value(json_object_get(clash, "title")), opens_text, due_text);
	response_error(res, "standards", message);
}

/*
 * A cycle whose return date is before England's today: every agency's return is overdue, and its
 * task says so, the moment it opens, and its on-time figures count them, for good (a cycle is neither
 * corrected nor removed). One mistyped year does it, so it opens only once the user confirms (a
 * partnership recording a cycle already under way). A cycle refused anyway (standards not published, an
 * overlap) is refused first, by the store: nothing to be sure of. The API answers 422 naming `confirmed`; the
 * page asks "Are you sure?" with what was typed, nothing saved.
 */
static enum haven_status ask_if_past(struct request *req, struct response *res,
                                     const struct assurance_new_cycle *c)
{
	enum haven_status st = HAVEN_OK;
	int32_t due = 0;
	char due_text[CALENDAR_LONG_DATE_SIZE] = "";
	if (calendar_parse(c->returns_due_on, &due))
		calendar_format_long(due, due_text);
	/* how late, counted as each agency's task will count it ("Overdue by 6 days": from the end of the
	 * return date, England's), so the question and the tasks it makes say the same */
	int64_t due_at = 0;
	bool overdue = false;
	char words[WORK_WORDS_SIZE] = "";
	if (work_due_instant(c->returns_due_on, &due_at))
		work_due_words(due_at, auth_now(), &overdue, words);
	const char *late = strncmp(words, "Overdue by ", 11) == 0 ? words + 11 : words;
	char message[600];
	snprintf(message, sizeof message,
	         "The return date, %s, has passed: every agency's return will be overdue at once, by %s, "
	         "and its task will say so. Confirm to open the cycle all the same",
	         due_text, late);
	if (req->api) {
		response_error(res, "confirmed", message);
		return HAVEN_OK;
	}
	if ((st = cycle_new_form(req, res)) != HAVEN_OK)
		return st;
	const char *standards_title = NULL;
	size_t i;
	json_t *set;
	json_array_foreach(json_object_get(res->model, "standard_sets"), i, set)
	{
		if (json_integer_value(json_object_get(set, "id")) == c->standard_set_id)
			standards_title = json_string_value(json_object_get(set, "title"));
	}
	json_object_set_new(res->model, "confirm",
	                    json_pack("{s:I, s:s?, s:s, s:s, s:s, s:s}", "standards",
	                              (json_int_t)c->standard_set_id, "standards_title", standards_title,
	                              "title", c->title, "opens_on", c->opens_on, "returns_due_on",
	                              c->returns_due_on, "overdue_by", late));
	/* the form below the question keeps what was typed, to change the dates instead */
	json_object_set_new(res->model, "submitted", json_pack("{s:s}", "title", c->title));
	response_confirm(res);
	return HAVEN_OK;
}

/* POST /quality-assurance/cycles, POST /api/v1/qa/cycles (qa.manage): refused, nothing saved, while a
 * cycle of the same kind covers any day of the new one's period; one whose return date has passed opens
 * only `confirmed` (ask_if_past). */
enum haven_status cycle_open(struct request *req, struct response *res)
{
	char day[CALENDAR_DATE_SIZE];
	calendar_london_today_text(day);
	struct assurance_new_cycle c = {
	    .standard_set_id = field_int(req->input, "standards"),
	    .title = field_text(req->input, "title"),
	    .opens_on = field_text(req->input, "opens_on"),
	    .returns_due_on = field_text(req->input, "returns_due_on"),
	    .today = day,
	    .past_confirmed = json_is_true(json_object_get(req->input, "confirmed")),
	};
	if (strcmp(c.returns_due_on, c.opens_on) < 0) {
		response_error(res, "returns_due_on",
		               "The return date must be the same as or after the opening date");
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	long long id = 0;
	json_t *clash = NULL;
	enum haven_status st = assurance_cycle_open(&c, &actor, &id, &clash);
	if (st == HAVEN_ERR_INVALID) /* a return date passed, not yet confirmed: nothing saved */
		return ask_if_past(req, res, &c);
	if (st == HAVEN_ERR_NOT_FOUND) {
		response_error(res, "standards", "Choose a published set of standards");
		return HAVEN_OK;
	}
	if (st == HAVEN_ERR_CONFLICT && clash) {
		refuse_overlap(res, clash);
		json_decref(clash);
		return HAVEN_OK;
	}
	json_t *cycle = NULL;
	if (st != HAVEN_OK || (st = cycle_model(id, day, &cycle)) != HAVEN_OK)
		return st;
	response_success(res, "The cycle was opened");
	response_created(res, cycle, "/quality-assurance/cycles/%lld", id);
	return HAVEN_OK;
}
