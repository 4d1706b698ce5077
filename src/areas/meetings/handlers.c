/*
 * handlers.c (meetings) — the board's and local operational groups'
 * meetings' pages and API (issue 20): the list, a new meeting, one meeting
 * in sections (agenda, attendance with its quorum, decisions, actions), and
 * the partnership team's forms for each section and the meeting's status,
 * and its corrections: the meeting's date, time and place, an agenda item,
 * a decision, and attendance recorded by mistake removed.
 *
 * Quorum is worked out here, never typed in: a meeting is quorate when
 * someone was present for each of the three statutory safeguarding partners
 * (Children Act 2004 s.16E): a local authority, a police force and health
 * (an agency of type health or icb). A meeting's actions are plans'
 * actions, so their red, amber and green status is plans' one rule (rag.h).
 */
#include <stdio.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "areas/meetings/handlers.h"
#include "areas/meetings/store.h"
#include "areas/partnership/store.h"
#include "areas/plans/plans.h"
#include "areas/plans/store.h"
#include "areas/priorities/store.h"
#include "app/date_words.h"
#include "app/record_created.h"
#include "app/row_with_id.h"
#include "app/store_refusal.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/calendar.h"
#include "router/errors.h"
#include "router/fields.h"
#include "view/chosen_option.h"
#include "view/status_tag.h"
#include "router/page_found.h"

const struct status_tag meetings_statuses[] = {{"planned", "Planned", "govuk-tag--blue"},
                                               {"held", "Held", "govuk-tag--green"},
                                               {"cancelled", "Cancelled", "govuk-tag--grey"},
                                               {0}};

/* The statutory safeguarding partners a quorum needs, and the agency types that stand for each. */
static const struct {
	const char *partner;
	const char *types[3];
} partners[] = {
    {"a local authority", {"local_authority", NULL}},
    {"the police", {"police", NULL}},
    {"health", {"health", "icb", NULL}},
};

/* The text field `name` of what was sent, or NULL when it was left empty (an optional field). */
static const char *given_text(const struct request *req, const char *name)
{
	const char *text = field_text(req->input, name);
	return text && *text ? text : NULL;
}

/* Who met ("The partnership board", or the group's name), the date in words and the status's words. */
static void describe_meeting(json_t *meeting)
{
	const char *group = field_text(meeting, "group_name");
	json_object_set_new(meeting, "body", json_string(group ? group : "The partnership board"));
	date_words_set(meeting, "held_on", "held_words");
	status_tag_set(meeting, status_tag_find(meetings_statuses, field_text(meeting, "status")));
}

/*
 * The meeting's quorum from who was present: {met, words, missing: [partner]},
 * worked out from the agencies' types, so it follows the attendance as
 * recorded and is never typed in.
 */
static json_t *quorum_of(const json_t *attendance)
{
	json_t *missing = json_array();
	for (size_t p = 0; p < sizeof partners / sizeof *partners; p++) {
		bool present = false;
		size_t i;
		const json_t *a;
		json_array_foreach(attendance, i, a)
		{
			if (strcmp(field_text(a, "attendance"), "present") != 0)
				continue;
			for (size_t t = 0; partners[p].types[t]; t++)
				present = present ||
				          strcmp(field_text(a, "agency_type"), partners[p].types[t]) == 0;
		}
		if (!present)
			json_array_append_new(missing, json_string(partners[p].partner));
	}
	bool met = json_array_size(missing) == 0;
	char words[200];
	if (met) {
		snprintf(words, sizeof words,
		         "Quorate: a local authority, the police and health were each represented");
	} else {
		size_t n = json_array_size(missing);
		snprintf(words, sizeof words, "Not quorate: no one was present for %s%s%s%s%s",
		         json_string_value(json_array_get(missing, 0)),
		         n > 2    ? ", "
		         : n == 2 ? " or "
		                  : "",
		         n > 1 ? json_string_value(json_array_get(missing, 1)) : "", n > 2 ? " or " : "",
		         n > 2 ? json_string_value(json_array_get(missing, 2)) : "");
	}
	return json_pack("{s:b, s:s, s:o}", "met", met, "words", words, "missing", missing);
}

/* Each action as a plan shows it today: its red, amber or green status and its words. */
static void describe_actions(json_t *actions)
{
	int32_t today = calendar_london_today();
	size_t i;
	json_t *a;
	json_array_foreach(actions, i, a) plans_action_describe(a, today, "progress_label");
}

/* Attendance's words: "Present" or "Apologies", and whether a name was given. */
static void describe_attendance(json_t *attendance)
{
	size_t i;
	json_t *a;
	json_array_foreach(attendance, i, a) json_object_set_new(
	    a, "attendance_label",
	    json_string(strcmp(field_text(a, "attendance"), "present") == 0 ? "Present" : "Apologies"));
}

/* Meeting `id` as the page and the API show it: its sections' words, the quorum. */
static enum haven_status meeting_record(long long id, json_t **out)
{
	enum haven_status st = meetings_get(id, out);
	if (st != HAVEN_OK)
		return st;
	describe_meeting(*out);
	describe_attendance(json_object_get(*out, "attendance"));
	describe_actions(json_object_get(*out, "actions"));
	json_t *quorum = quorum_of(json_object_get(*out, "attendance"));
	/* quorum is a held meeting's (or one whose attendance is recorded): a meeting still to come, or
	 * cancelled, with no one recorded was not inquorate, it has not met */
	const char *status = field_text(*out, "status");
	bool met_yet = strcmp(status, "held") == 0 || json_array_size(json_object_get(*out, "attendance"));
	json_object_set_new(quorum, "applies", json_boolean(met_yet));
	if (!met_yet)
		json_object_set_new(quorum, "words",
		                    json_string(strcmp(status, "cancelled") == 0
		                                    ? "Not held: the meeting was cancelled"
		                                    : "Not yet held"));
	json_object_set_new(*out, "quorum", quorum);
	/* decisions are listed numbered, and a correction's link names the number seen */
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(*out, "decisions"), i, d)
	    json_object_set_new(d, "number", json_integer((json_int_t)i + 1));
	/* an item withdrawn (store.h) is kept for its decision, not for discussion: said as true or false;
	 * escalated challenges still on the agenda (source 'challenge', not withdrawn) are what cancelling a
	 * board meeting sends back to the partnership team, so the page warns only when there are some */
	bool challenges = false;
	json_t *item;
	json_array_foreach(json_object_get(*out, "agenda"), i, item)
	{
		bool withdrawn = json_integer_value(json_object_get(item, "withdrawn")) != 0 ||
		                 json_is_true(json_object_get(item, "withdrawn"));
		json_object_set_new(item, "withdrawn", json_boolean(withdrawn));
		const char *source = field_text(item, "source");
		challenges = challenges || (!withdrawn && source && strcmp(source, "challenge") == 0);
	}
	json_object_set_new(*out, "escalated_challenges", json_boolean(challenges));
	/* for the page: whether to draw a section's list at all */
	json_object_set_new(*out, "has_agenda",
	                    json_boolean(json_array_size(json_object_get(*out, "agenda"))));
	json_object_set_new(*out, "has_decisions",
	                    json_boolean(json_array_size(json_object_get(*out, "decisions"))));
	return HAVEN_OK;
}

/* ---- the list ---- */

enum haven_status meetings_index(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	/* the partnership team and the scrutineer see every meeting; others those their agency attended */
	bool every = policy_allows(req->user, "meeting.read_every", NULL, 0);
	json_t *rows = NULL;
	long long total = -1;
	enum haven_status st = meetings_list(every, req->user->agency_id, &page, &rows, &total);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *m;
	json_array_foreach(rows, i, m) describe_meeting(m);
	json_t *model = json_pack("{s:s, s:b, s:b}", "title", "Board and group meetings", "can_manage",
	                          policy_allows(req->user, "meeting.manage", NULL, 0), "every", every);
	page_finish_found(&page, req, model, "meetings", rows, "id", total, "meetings");
	response_set_model(res, model);
	return HAVEN_OK;
}

/*
 * What the store's refusals mean on the meeting's forms; an action's form
 * names its plan and owner otherwise (action_refusals).
 */
static const struct refusal_words refusals[] = {
    {MEETING_NO_SUCH_GROUP, "group", "Choose the board or one of the local operational groups", false},
    {MEETING_NO_SUCH_PRIORITY, "priority", "Choose one of the partnership's priorities", false},
    {MEETING_NO_SUCH_PLAN, "agenda_plan", "Choose one of the action plans", false},
    {MEETING_NO_SUCH_AGENCY, "agency", "Choose an agency from the list", false},
    {MEETING_NO_SUCH_ITEM, "agenda_item", "Choose an item on this meeting's agenda", false},
    {MEETING_ITEM_WITHDRAWN, "agenda_item",
     "That item was withdrawn from this meeting's agenda, so it is not for a decision here: choose another "
     "item or none",
     false},
    {MEETING_NO_SUCH_DECISION, "decision_id", "Choose a decision made at this meeting", false},
    {MEETING_CANCELLED, "status",
     "This meeting was cancelled, so it is not held: plan it again (its status) before recording anything at "
     "it",
     true},
    {0, NULL, NULL, false},
};
static const struct refusal_words status_refusals[] = {
    {MEETING_HELD_IS_FINAL, "status", "This meeting was held: its status cannot change", true},
    {MEETING_NOT_YET_HELD, "status", "A meeting can be marked held only on or after its date", true},
    {MEETING_STATUS_ORDER, "status",
     "A planned meeting can be marked held or cancelled, and a cancelled one planned again", true},
    {0, NULL, NULL, false},
};
static const struct refusal_words correct_refusals[] = {
    {MEETING_HELD_IN_FUTURE, "held_on", "This meeting was held: its date cannot be after today", true},
    {0, NULL, NULL, false},
};
static const struct refusal_words action_refusals[] = {
    {MEETING_NO_SUCH_PLAN, "plan", "Choose the action plan the action belongs to", false},
    {MEETING_NO_SUCH_AGENCY, "owner", "Choose the agency that owns the action", false},
    {MEETING_NO_SUCH_DECISION, "decision_id", "Choose a decision made at this meeting", false},
    {MEETING_CANCELLED, "status",
     "This meeting was cancelled, so it is not held: plan it again (its status) before recording anything at "
     "it",
     true},
    {0, NULL, NULL, false},
};

/* ---- a new meeting ---- */

enum haven_status meetings_new_form(struct request *req, struct response *res)
{
	json_t *groups = NULL;
	enum haven_status st = plans_groups(&groups);
	if (st != HAVEN_OK)
		return st;
	chosen_option_mark(groups, "id", json_object_get(req->input, "group"));
	response_set_model(res, json_pack("{s:s, s:o}", "title", "Add a meeting", "groups", groups));
	return HAVEN_OK;
}

/* Whether a meeting's form gave its start time as a clock time; else the error is on `res`. */
static bool start_time_ok(const char *starts_at, struct response *res)
{
	int minute;
	if (calendar_parse_clock(starts_at, &minute))
		return true;
	response_error(res, "starts_at", "Enter the start time as hours and minutes, like 14:00");
	return false;
}

enum haven_status meetings_add(struct request *req, struct response *res)
{
	struct new_meeting m = {.group_id = field_int(req->input, "group"),
	                        .held_on = field_text(req->input, "held_on"),
	                        .starts_at = field_text(req->input, "starts_at"),
	                        .place = field_text(req->input, "place")};
	if (!start_time_ok(m.starts_at, res))
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum meeting_refusal refusal = MEETING_DONE;
	enum haven_status st = meetings_create(&m, &actor, &id, &refusal);
	return record_added(res, st, refusal, refusals, "The meeting was added", id, meeting_record,
	                    "/meetings");
}

/* ---- one meeting ---- */

/*
 * The agenda items a decision may name: the agenda less the items withdrawn from it (another area took their
 * matter off this meeting: not its business for a new decision), but for `named`, the item the decision
 * being corrected names now (0: none), which stays its record. `meeting` is meeting_record's (withdrawn: true
 * or false).
 */
static json_t *decision_items(const json_t *meeting, json_int_t named)
{
	json_t *items = json_array();
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(meeting, "agenda"), i, item)
	{
		if (!json_is_true(json_object_get(item, "withdrawn")) ||
		    json_integer_value(json_object_get(item, "id")) == named)
			json_array_append_new(items, json_deep_copy(item));
	}
	return items;
}

/* The choices the partnership team's forms offer: agencies, priorities, plans and the statuses. */
static enum haven_status add_choices(const json_t *in, json_t *model, const json_t *meeting)
{
	json_t *agencies = NULL, *priorities = NULL, *plans = NULL;
	enum haven_status st = partnership_list_agencies(NULL, NULL, &agencies);
	if (st == HAVEN_OK)
		st = priorities_list(false, &priorities);
	if (st == HAVEN_OK)
		st = plans_list(&plans);
	if (st != HAVEN_OK) {
		json_decref(agencies);
		json_decref(priorities);
		json_decref(plans);
		return st;
	}
	chosen_option_mark(agencies, "slug", json_object_get(in, "agency"));
	json_t *owners = json_deep_copy(agencies);
	chosen_option_mark(owners, "slug", json_object_get(in, "owner"));
	chosen_option_mark(priorities, "key", json_object_get(in, "priority"));
	json_t *plan_choices = json_array();
	size_t i;
	json_t *p;
	json_array_foreach(plans, i, p)
	{
		const char *group = field_text(p, "group_name");
		date_words_set(p, "starts_on", "starts_words");
		char label[600];
		snprintf(label, sizeof label, "%s — %s, from %s", field_text(p, "priority_name"),
		         group ? group : "the board", field_text(p, "starts_words"));
		json_array_append_new(
		    plan_choices, json_pack("{s:O, s:s}", "id", json_object_get(p, "id"), "label", label));
	}
	json_decref(plans);
	json_t *for_actions = json_deep_copy(plan_choices);
	chosen_option_mark(plan_choices, "id", json_object_get(in, "agenda_plan"));
	chosen_option_mark(for_actions, "id", json_object_get(in, "plan"));
	json_t *items = decision_items(meeting, 0);
	chosen_option_mark(items, "id", json_object_get(in, "agenda_item"));
	json_t *decisions = json_deep_copy(json_object_get(meeting, "decisions"));
	chosen_option_mark(decisions, "id", json_object_get(in, "decision_id"));
	const char *status = field_text(in, "status");
	if (!status)
		status = field_text(meeting, "status");
	json_t *statuses = status_tag_choices("status", meetings_statuses, status);
	const char *attendance = field_text(in, "attendance");
	json_object_set_new(model, "choices",
	                    json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "agencies", agencies,
	                              "owners", owners, "priorities", priorities, "agenda_plans",
	                              plan_choices, "plans", for_actions, "items", items, "decisions",
	                              decisions, "statuses", statuses, "apologies",
	                              attendance && strcmp(attendance, "apologies") == 0));
	return HAVEN_OK;
}

enum haven_status meetings_show(struct request *req, struct response *res)
{
	json_t *meeting = NULL;
	enum haven_status st = meeting_record(field_int(req->params, "id"), &meeting);
	if (st != HAVEN_OK)
		return st;
	bool can_manage = policy_allows(req->user, "meeting.manage", NULL, 0);
	char title[300];
	snprintf(title, sizeof title, "%s meeting, %s", field_text(meeting, "group_name") ? "Group" : "Board",
	         field_text(meeting, "held_words"));
	/* held is final (store.h): the page offers no change of status then */
	const char *status = field_text(meeting, "status");
	bool status_final = strcmp(status, "held") == 0;
	/* a cancelled meeting is not held: nothing is added to its record until it is planned again (the
	 * store refuses it too); what was recorded stays shown */
	bool cancelled = strcmp(status, "cancelled") == 0;
	/* cancelling a board meeting sends escalated challenges on its agenda back to the partnership team
	 * (scrutiny's ON_BOARD_AGENDA): the status form says so before it is done, when its agenda has one
	 * (as meetings itself records its items' source: it reads no table of scrutiny's, which calls it) */
	bool board_planned = !field_text(meeting, "group_name") && strcmp(status, "planned") == 0 &&
	                     json_is_true(json_object_get(meeting, "escalated_challenges"));
	json_t *model =
	    json_pack("{s:s, s:O, s:b, s:b, s:b, s:b, s:b}", "title", title, "meeting", meeting, "can_manage",
	              can_manage, "status_final", status_final, "cancelled", cancelled, "can_add",
	              can_manage && !cancelled, "board_planned", board_planned);
	if (can_manage && (st = add_choices(req->input, model, meeting)) != HAVEN_OK) {
		json_decref(meeting);
		json_decref(model);
		return st;
	}
	json_decref(meeting);
	response_set_model(res, model);
	return HAVEN_OK;
}

/*
 * How a change to a meeting ends: a refusal of the store's answered from `words` (may be NULL) as
 * its form's error; else, once done, the meeting's page, saying `success` (may be NULL). Returns what
 * the handler returns.
 */
static enum haven_status meeting_changed(struct request *req, struct response *res, enum haven_status st,
                                         enum meeting_refusal refusal, const struct refusal_words *words,
                                         const char *success)
{
	if (words && store_refused(res, st, refusal, words))
		return HAVEN_OK;
	return record_changed(res, st, success, meetings_show, "/meetings", field_int(req->params, "id"));
}

enum haven_status meetings_change_status(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	enum meeting_refusal refusal = MEETING_DONE;
	const char *status = field_text(req->input, "status");
	enum haven_status st = meetings_set_status(field_int(req->params, "id"), status, &actor, &refusal);
	const char *success = strcmp(status, "held") == 0      ? "The meeting was marked held"
	                      : strcmp(status, "planned") == 0 ? "The meeting was planned again"
	                                                       : "The meeting was cancelled";
	/* a board meeting's agenda may hold escalated challenges, which go back to the partnership team to
	 * place on the board's next meeting (scrutiny's ON_BOARD_AGENDA): said when it is cancelled with one
	 * on its agenda */
	json_t *meeting = NULL;
	if (st == HAVEN_OK && strcmp(status, "cancelled") == 0 &&
	    meeting_record(field_int(req->params, "id"), &meeting) == HAVEN_OK) {
		if (!field_text(meeting, "group_name") &&
		    json_is_true(json_object_get(meeting, "escalated_challenges")))
			success = "The meeting was cancelled. Any escalated challenge on its agenda goes "
			          "back to the "
			          "partnership team, to place on the board's next meeting";
		json_decref(meeting);
	}
	return meeting_changed(req, res, st, refusal, status_refusals, success);
}

/* An agenda item as its form (adding or correcting one) sends it: no priority when none is chosen. */
static struct new_agenda_item agenda_item_of(const struct request *req)
{
	return (struct new_agenda_item){.title = field_text(req->input, "title"),
	                                .priority = given_text(req, "priority"),
	                                .plan_id = field_int(req->input, "agenda_plan")};
}

enum haven_status meetings_add_item(struct request *req, struct response *res)
{
	struct new_agenda_item item = agenda_item_of(req);
	struct actor actor = auth_actor(req);
	enum meeting_refusal refusal = MEETING_DONE;
	enum haven_status st = meetings_agenda_add(field_int(req->params, "id"), &item, &actor, &refusal);
	return meeting_changed(req, res, st, refusal, refusals, NULL);
}

enum haven_status meetings_add_attendance(struct request *req, struct response *res)
{
	struct new_attendance a = {.agency = field_text(req->input, "agency"),
	                           .attendance = field_text(req->input, "attendance"),
	                           .name = given_text(req, "name"),
	                           .role = given_text(req, "role")};
	/* someone present is named with their role; apologies may come from the agency as a whole */
	if (strcmp(a.attendance, "present") == 0) {
		if (!a.name)
			response_error(res, "name", "Enter the name of the person who was present");
		if (!a.role)
			response_error(res, "role", "Enter the role of the person who was present");
	}
	if (res->errors)
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	enum meeting_refusal refusal = MEETING_DONE;
	enum haven_status st = meetings_attendance_add(field_int(req->params, "id"), &a, &actor, &refusal);
	return meeting_changed(req, res, st, refusal, refusals, NULL);
}

enum haven_status meetings_add_decision(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	enum meeting_refusal refusal = MEETING_DONE;
	enum haven_status st =
	    meetings_decision_add(field_int(req->params, "id"), field_text(req->input, "decision"),
	                          field_int(req->input, "agenda_item"), &actor, &refusal);
	return meeting_changed(req, res, st, refusal, refusals, NULL);
}

enum haven_status meetings_add_action(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *meeting = NULL;
	enum haven_status st = meetings_get(id, &meeting);
	if (st != HAVEN_OK)
		return st;
	const char *due_on = field_text(req->input, "due_on");
	if (strcmp(due_on, field_text(meeting, "held_on")) < 0)
		response_error(res, "due_on", "The due date must be on or after the day of the meeting");
	json_decref(meeting);
	if (res->errors)
		return HAVEN_OK;
	struct new_plan_action a = {.action = field_text(req->input, "action"),
	                            .owner = field_text(req->input, "owner"),
	                            .lead = field_text(req->input, "lead"),
	                            .due_on = due_on};
	struct actor actor = auth_actor(req);
	long long action_id = 0;
	enum meeting_refusal refusal = MEETING_DONE;
	st = meetings_action_add(id, field_int(req->input, "plan"), &a, field_int(req->input, "decision_id"),
	                         &actor, &action_id, &refusal);
	return meeting_changed(req, res, st, refusal, action_refusals, NULL);
}

/* ---- corrections ---- */

/*
 * What a correction's form shows: what was sent when it is shown again
 * after an error (a text field that failed is not in the input: the page
 * shows it as typed, "submitted"), else the record as it stands (`record`'s
 * `fields`, as the form names them in `names`).
 */
static json_t *form_values(const struct request *req, const json_t *record, const char *const names[],
                           const char *const fields[])
{
	json_t *form = json_object();
	for (size_t i = 0; names[i]; i++) {
		const json_t *value = req->method == HTTP_POST ? json_object_get(req->input, names[i])
		                                               : json_object_get(record, fields[i]);
		if (value && !json_is_null(value))
			json_object_set(form, names[i], (json_t *)value);
	}
	return form;
}

enum haven_status meetings_edit_form(struct request *req, struct response *res)
{
	json_t *meeting = NULL;
	enum haven_status st = meeting_record(field_int(req->params, "id"), &meeting);
	if (st != HAVEN_OK)
		return st;
	static const char *const names[] = {"starts_at", "place", NULL};
	json_t *form = form_values(req, meeting, names, names);
	response_set_model(res, json_pack("{s:s, s:o, s:o}", "title", "Correct the meeting's details",
	                                  "meeting", meeting, "form", form));
	return HAVEN_OK;
}

enum haven_status meetings_correct_details(struct request *req, struct response *res)
{
	struct new_meeting m = {.held_on = field_text(req->input, "held_on"),
	                        .starts_at = field_text(req->input, "starts_at"),
	                        .place = field_text(req->input, "place")};
	if (!start_time_ok(m.starts_at, res))
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	enum meeting_refusal refusal = MEETING_DONE;
	enum haven_status st = meetings_correct(field_int(req->params, "id"), &m, &actor, &refusal);
	return meeting_changed(req, res, st, refusal, correct_refusals,
	                       "The meeting's details were corrected");
}

/* Meeting `id` and its row `row_id` of `section` for a correction's form: NOT_FOUND if either is missing. */
static enum haven_status meeting_and_row(long long id, const char *section, long long row_id,
                                         json_t **meeting, json_t **row)
{
	enum haven_status st = meeting_record(id, meeting);
	if (st != HAVEN_OK)
		return st;
	*row = row_with_id(json_object_get(*meeting, section), row_id);
	if (!*row) {
		json_decref(*meeting);
		*meeting = NULL;
		return HAVEN_ERR_NOT_FOUND;
	}
	json_incref(*row);
	return HAVEN_OK;
}

enum haven_status meetings_item_form(struct request *req, struct response *res)
{
	json_t *meeting = NULL, *item = NULL;
	enum haven_status st = meeting_and_row(field_int(req->params, "id"), "agenda",
	                                       field_int(req->params, "item"), &meeting, &item);
	if (st != HAVEN_OK)
		return st;
	static const char *const names[] = {"title", "priority", "agenda_plan", NULL};
	static const char *const fields[] = {"title", "priority_key", "plan_id", NULL};
	json_t *form = form_values(req, item, names, fields);
	char title[80];
	snprintf(title, sizeof title, "Correct agenda item %lld", field_int(item, "position"));
	json_t *model =
	    json_pack("{s:s, s:O, s:o, s:o}", "title", title, "meeting", meeting, "item", item, "form", form);
	st = add_choices(form, model, meeting);
	json_decref(meeting);
	if (st != HAVEN_OK) {
		json_decref(model);
		return st;
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

enum haven_status meetings_correct_item(struct request *req, struct response *res)
{
	struct new_agenda_item item = agenda_item_of(req);
	struct actor actor = auth_actor(req);
	enum meeting_refusal refusal = MEETING_DONE;
	enum haven_status st = meetings_agenda_correct(
	    field_int(req->params, "id"), field_int(req->params, "item"), &item, &actor, &refusal);
	return meeting_changed(req, res, st, refusal, refusals, "The agenda item was corrected");
}

enum haven_status meetings_remove_attendance(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	enum haven_status st =
	    meetings_attendance_remove(field_int(req->params, "id"), field_int(req->params, "row"), &actor);
	return meeting_changed(req, res, st, MEETING_DONE, NULL, "The attendance was removed");
}

enum haven_status meetings_decision_form(struct request *req, struct response *res)
{
	json_t *meeting = NULL, *decision = NULL;
	enum haven_status st = meeting_and_row(field_int(req->params, "id"), "decisions",
	                                       field_int(req->params, "decision"), &meeting, &decision);
	if (st != HAVEN_OK)
		return st;
	static const char *const names[] = {"decision", "agenda_item", NULL};
	static const char *const fields[] = {"decision", "agenda_item_id", NULL};
	json_t *form = form_values(req, decision, names, fields);
	json_t *items =
	    decision_items(meeting, json_integer_value(json_object_get(decision, "agenda_item_id")));
	chosen_option_mark(items, "id", json_object_get(form, "agenda_item"));
	json_t *model = json_pack("{s:s, s:o, s:o, s:o, s:o}", "title", "Correct a decision", "meeting",
	                          meeting, "decision", decision, "form", form, "items", items);
	response_set_model(res, model);
	return HAVEN_OK;
}

enum haven_status meetings_correct_decision(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	enum meeting_refusal refusal = MEETING_DONE;
	enum haven_status st = meetings_decision_correct(
	    field_int(req->params, "id"), field_int(req->params, "decision"),
	    field_text(req->input, "decision"), field_int(req->input, "agenda_item"), &actor, &refusal);
	return meeting_changed(req, res, st, refusal, refusals, "The decision was corrected");
}
