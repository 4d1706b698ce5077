/*
 * mace.c (contextual) — multi-agency child exploitation (MACE) meetings:
 * level 1 about children, level 2 about persons of concern and places. A
 * meeting is set up with an agenda built from the data (children judged at
 * high risk, screened since the last meeting, missing again and again;
 * places and persons with most children linked), then records which
 * agencies attended, and its decisions with the actions that follow, each
 * owned by an agency with a due date and a status. Open actions wait on the
 * owner agency's task list; a child on an agenda has the meeting in their
 * chronology.
 *
 * Need to know: a level 1 meeting's page shows only the children on its
 * agenda whom the viewer's agency works with (and how many others there
 * are); a level 2 meeting is for the police and the local authority's
 * exploitation team only, as persons of concern are (area.c's rules and the
 * record type's relationship, not this file, decide).
 */
#include <stdio.h>
#include <string.h>

#include "app/answer_shows.h"
#include "app/date_words.h"
#include "app/record_created.h"
#include "app/row_with_id.h"
#include "app/task_rows.h"
#include "areas/contextual/contexts.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/buf.h"
#include "core/calendar.h"
#include "core/words.h"
#include "router/errors.h"
#include "view/status_tag.h"
#include "router/page_found.h"

static const char *const attendances[] = {"present", "apologies", NULL};
/* An action's statuses and how each looks: the status field's choices too. */
static const struct status_tag action_tags[] = {{"open", "Open", "govuk-tag--blue"},
                                                {"done", "Done", "govuk-tag--green"},
                                                {"dropped", "Dropped", "govuk-tag--grey"},
                                                {0}};

const struct field_spec contextual_mace_list_query[] = {PAGE_FIELDS, {0}};
const struct field_spec contextual_mace_fields[] = {
    {.name = "level",
     .label = "the level of the meeting",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = 2},
    {.name = "held_on", .label = "the date of the meeting", .type = FIELD_DATE, .required = true},
    {0},
};
const struct field_spec contextual_mace_attendance_fields[] = {
    {.name = "agency",
     .label = "the agency",
     .type = FIELD_INT,
     .required = true,
     .in_select = true,
     .min = 1,
     .max = CONTEXTUAL_MAX_ID},
    {.name = "attendance",
     .label = "whether the agency was present or sent apologies",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = attendances},
    {0},
};
const struct field_spec contextual_mace_action_fields[] = {
    {.name = "decision", .label = "the decision", .type = FIELD_TEXT, .required = true, .max = 2000},
    {.name = "action", .label = "the action", .type = FIELD_TEXT, .required = true, .max = 2000},
    {.name = "owner_agency",
     .label = "the agency that owns the action",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = CONTEXTUAL_MAX_ID},
    {.name = "due_on", .label = "the date the action is due", .type = FIELD_DATE, .required = true},
    {0},
};
const struct field_spec contextual_mace_status_fields[] = {
    {.name = "status",
     .label = "the status of the action",
     .type = FIELD_CHOICE,
     .required = true,
     STATUS_TAG_FIELD_CHOICES(action_tags)},
    {0},
};

/* The agenda's sections in the order the page shows them, with their headings. */
static const char *const agenda_sections[][2] = {
    {"high_risk", "Children judged at high risk"},
    {"new_screening", "Children screened since the last meeting"},
    {"repeat_missing", "Children missing repeatedly"},
    {"most_linked", "Places and persons of concern with most children linked"},
};

static json_t *level_words(long long level)
{
	return json_string(level == 2 ? "Level 2: persons of concern and places" : "Level 1: children");
}

/*
 * Sets `res`'s model to meeting `id`'s page: the meeting, its agenda in
 * sections (children only those the viewer's agency works with, each
 * reported to the audit trail; a count of the others), attendance, actions
 * (each with whether the viewer may change its status), and for those who
 * may record them the agencies to choose from.
 */
static enum haven_status meeting_model(struct request *req, struct response *res, long long id)
{
	json_t *meeting = NULL, *attendance = NULL, *actions = NULL, *items = NULL, *agencies = NULL;
	long long hidden = 0;
	enum haven_status st = contextual_mace_get(id, &meeting, &attendance, &actions);
	if (st != HAVEN_OK)
		return st;
	if ((st = contextual_mace_agenda(id, req->user->agency_id, &items, &hidden)) != HAVEN_OK)
		goto out;
	/* may record attendance and actions at this meeting */
	bool updater = policy_allows(req->user, "mace.update", "mace_meeting", id);
	if (updater && (st = contextual_mace_agencies(&agencies)) != HAVEN_OK)
		goto out;
	json_t *sections = json_array(), *shown_children = json_array();
	for (size_t s = 0; s < sizeof agenda_sections / sizeof *agenda_sections; s++) {
		json_t *rows = json_array();
		size_t i;
		json_t *item;
		json_array_foreach(items, i, item)
		{
			if (strcmp(field_text(item, "reason"), agenda_sections[s][0]) != 0)
				continue;
			date_words_in_text(item, "detail"); /* written with the date as stored */
			if (json_integer_value(json_object_get(item, "context_id")) > 0) {
				bool person = strcmp(field_text(item, "kind"), "person") == 0;
				char href[64];
				snprintf(href, sizeof href, "%s/%lld", base_of(person),
				         field_int(item, "context_id"));
				json_object_set_new(item, "href", json_string(href));
			} else {
				json_array_append(shown_children, item);
			}
			json_array_append(rows, item);
		}
		if (json_array_size(rows))
			json_array_append_new(sections,
			                      json_pack("{s:s, s:s, s:o}", "reason", agenda_sections[s][0],
			                                "heading", agenda_sections[s][1], "items", rows));
		else
			json_decref(rows);
	}
	size_t i;
	json_t *a;
	/* a form shown again keeps what was chosen */
	json_array_foreach(agencies, i, a)
	{
		json_object_set_new(a, "agency_chosen",
		                    json_boolean(field_int(a, "id") == field_int(req->input, "agency")));
		json_object_set_new(
		    a, "owner_chosen",
		    json_boolean(field_int(a, "id") == field_int(req->input, "owner_agency")));
	}
	const char *attendance_sent = field_text(req->input, "attendance");
	json_array_foreach(actions, i, a)
	{
		status_tag_set(a, status_tag_find(action_tags, field_text(a, "status")));
		json_object_set_new(a, "status_is", json_pack("{s:b}", field_text(a, "status"), 1));
		json_object_set_new(
		    a, "may_update",
		    json_boolean(updater || field_int(a, "owner_agency_id") == req->user->agency_id));
	}
	json_array_foreach(attendance, i, a) json_object_set_new(
	    a, "attendance_label",
	    json_string(strcmp(field_text(a, "attendance"), "present") == 0 ? "Present" : "Apologies"));
	long long level = field_int(meeting, "level");
	json_object_set_new(meeting, "level_words", level_words(level));
	/* the title says the day as the heading does, in words: a tab or a bookmark reads like the page */
	char title[80], held_words[CALENDAR_LONG_DATE_SIZE] = "";
	int32_t held;
	if (calendar_parse(field_text(meeting, "held_on"), &held))
		calendar_format_long(held, held_words);
	snprintf(title, sizeof title, "MACE meeting, %s", held_words);
	response_audit_records(res, "child", shown_children, "child_id");
	json_decref(shown_children);
	struct buf hidden_words = BUF_INIT;
	words_count(&hidden_words, hidden, "other child on the agenda is",
	            "other children on the agenda are");
	json_t *model =
	    json_pack("{s:s, s:o, s:b, s:o, s:I, s:s, s:O, s:O, s:b, s:o*, s:b}", "title", title, "meeting",
	              meeting, "level2", level == 2, "agenda", sections, "hidden_children",
	              (json_int_t)hidden, "hidden_children_words", buf_cstr(&hidden_words), "attendance",
	              attendance, "actions", actions, "may_update", updater, "agencies", agencies,
	              "apologies_chosen", attendance_sent && strcmp(attendance_sent, "apologies") == 0);
	buf_free(&hidden_words);
	meeting = agencies = NULL;
	response_set_model(res, model);
out:
	json_decref(meeting);
	json_decref(attendance);
	json_decref(actions);
	json_decref(items);
	json_decref(agencies);
	return st;
}

/* GET /mace/meetings/{id}: one meeting, its agenda, attendance, decisions and actions. */
enum haven_status contextual_mace_show(struct request *req, struct response *res)
{
	return meeting_model(req, res, field_int(req->params, "id"));
}

/* GET /mace/meetings: the meetings, newest first (level 2 only for those who see persons of concern). */
enum haven_status contextual_mace_list_page(struct request *req, struct response *res)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	bool level2 = policy_allows(req->user, "person.list", NULL, 0);
	json_t *rows = NULL;
	long long total = -1;
	enum haven_status st = contextual_mace_list(level2, &page, &rows, &total);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *m;
	json_array_foreach(rows, i, m)
	    json_object_set_new(m, "level_words", level_words(field_int(m, "level")));
	json_t *model = json_pack("{s:s, s:b, s:b}", "title", "MACE meetings", "may_create",
	                          policy_allows(req->user, "mace.create", NULL, 0), "level2", level2);
	page_finish_found(&page, req, model, "meetings", rows, "id", total, "meetings");
	const json_t *level = json_object_get(req->input, "level");
	json_object_set_new(model, "level_is",
	                    json_pack("{s:b}", json_integer_value(level) == 2 ? "two" : "one", 1));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* POST /mace/meetings: sets a meeting up, its agenda built from the data as it stands. */
enum haven_status contextual_mace_create(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st = contextual_mace_add((int)field_int(req->input, "level"),
	                                           field_text(req->input, "held_on"), &actor, &id);
	if (st != HAVEN_OK)
		return st;
	response_success(res, "The meeting was set up");
	response_created(res, json_pack("{s:I}", "id", (json_int_t)id), "/mace/meetings/%lld", id);
	return HAVEN_OK;
}

/*
 * What a change to meeting `id` is checked against: the meeting's own row
 * (new in *meeting) and the agencies that may attend or own an action (new
 * in *agencies); NOT_FOUND if there is no such meeting. Nothing is left to
 * free unless it returns HAVEN_OK.
 */
static enum haven_status meeting_and_agencies(long long id, json_t **meeting, json_t **agencies)
{
	json_t *attendance = NULL, *actions = NULL;
	*agencies = NULL;
	enum haven_status st = contextual_mace_get(id, meeting, &attendance, &actions);
	json_decref(attendance);
	json_decref(actions);
	if (st == HAVEN_OK && (st = contextual_mace_agencies(agencies)) != HAVEN_OK) {
		json_decref(*meeting);
		*meeting = NULL;
	}
	return st;
}

/* POST /mace/meetings/{id}/attendance: an agency present or sending apologies. */
enum haven_status contextual_mace_attendance(struct request *req, struct response *res)
{
	json_t *meeting = NULL, *agencies = NULL;
	enum haven_status st = meeting_and_agencies(field_int(req->params, "id"), &meeting, &agencies);
	if (st != HAVEN_OK)
		return st;
	json_decref(meeting);
	long long agency = field_int(req->input, "agency");
	bool known = row_with_id(agencies, agency) != NULL;
	json_decref(agencies);
	if (!known) {
		response_error(res, "agency", "Choose an agency from the list");
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	struct audit_shown shown; /* the children on the agenda the API's answer shows the reader */
	st = answer_shows(req, contextual_mace_show, &shown);
	if (st == HAVEN_OK)
		st = contextual_mace_attend(field_int(req->params, "id"), agency,
		                            field_text(req->input, "attendance"), &shown, &actor);
	answer_shows_free(&shown);
	return record_changed(res, st, "The attendance was recorded", contextual_mace_show, "/mace/meetings",
	                      field_int(req->params, "id"));
}

/* POST /mace/meetings/{id}/actions: a decision and the action following it, owned by an agency. */
enum haven_status contextual_mace_add_action(struct request *req, struct response *res)
{
	json_t *meeting = NULL, *agencies = NULL;
	enum haven_status st = meeting_and_agencies(field_int(req->params, "id"), &meeting, &agencies);
	if (st != HAVEN_OK)
		return st;
	long long level = field_int(meeting, "level");
	const char *held_on = field_text(meeting, "held_on");
	json_t *errors = json_array();
	const json_t *in = req->input;
	const json_t *owner = row_with_id(agencies, field_int(in, "owner_agency"));
	if (!owner)
		errors_add(errors, "owner_agency", "Choose the agency that owns the action from the list");
	/* a level 2 meeting's business is for the police and the local authority's exploitation team only */
	else if (level == 2 && strcmp(field_text(owner, "type"), "police") != 0 &&
	         strcmp(field_text(owner, "type"), "local_authority") != 0)
		errors_add(
		    errors, "owner_agency",
		    "At a level 2 meeting, choose a police force or a local authority to own the action");
	if (strcmp(field_text(in, "due_on"), held_on) < 0)
		errors_add(errors, "due_on", "The date the action is due must be on or after the meeting");
	if (json_array_size(errors)) {
		response_errors(res, errors);
		errors = NULL;
		goto out;
	}
	struct mace_action a = {field_text(in, "decision"), field_text(in, "action"),
	                        field_text(in, "due_on"), field_int(in, "owner_agency")};
	struct actor actor = auth_actor(req);
	struct audit_shown shown; /* the children on the agenda the API's answer shows the reader */
	if ((st = answer_shows(req, contextual_mace_show, &shown)) == HAVEN_OK)
		st = contextual_mace_action_add(field_int(req->params, "id"), &a, &shown, &actor);
	answer_shows_free(&shown);
	st = record_changed(res, st, "The action was added", contextual_mace_show, "/mace/meetings",
	                    field_int(req->params, "id"));
out:
	json_decref(errors);
	json_decref(meeting);
	json_decref(agencies);
	return st;
}

/* The action the path names, as the API gives it after a change. */
static enum haven_status show_action(struct request *req, struct response *res)
{
	json_t *action = NULL;
	enum haven_status st = contextual_mace_action_get(field_int(req->params, "id"), &action);
	if (st != HAVEN_OK)
		return st;
	status_tag_set(action, status_tag_find(action_tags, field_text(action, "status")));
	response_set_model(res, json_pack("{s:o}", "action", action));
	return HAVEN_OK;
}

/* The meeting the action the path names was agreed at, in *meeting. */
static enum haven_status meeting_of_action(struct request *req, long long *meeting)
{
	json_t *action = NULL;
	enum haven_status st = contextual_mace_action_get(field_int(req->params, "id"), &action);
	if (st == HAVEN_OK)
		*meeting = field_int(action, "meeting_id");
	json_decref(action);
	return st;
}

/* The page of the meeting the action the path names was agreed at (shown again after a failed change). */
enum haven_status contextual_mace_action_meeting(struct request *req, struct response *res)
{
	long long meeting = 0;
	enum haven_status st = meeting_of_action(req, &meeting);
	return st == HAVEN_OK ? meeting_model(req, res, meeting) : st;
}

/* POST /mace/actions/{id}: the action's status (open, done, dropped), by its owner agency or the chair. */
enum haven_status contextual_mace_set_action_status(struct request *req, struct response *res)
{
	long long meeting = 0;
	enum haven_status st = meeting_of_action(req, &meeting);
	if (st != HAVEN_OK)
		return st;
	struct actor actor = auth_actor(req);
	st = contextual_mace_action_status(field_int(req->params, "id"), field_text(req->input, "status"),
	                                   &actor);
	return record_changed(res, st, "The action's status was changed", show_action, "/mace/meetings",
	                      meeting);
}

/* An open action the agency owns, on the page of the meeting that agreed it. */
static const struct task_rows action_tasks = {.kind = "contextual.mace_action",
                                              .text = "Complete an action agreed at a MACE meeting",
                                              .record_type = "mace_action",
                                              .due = "due_on",
                                              .href = "/mace/meetings/",
                                              .href_id = "meeting_id"};

enum haven_status contextual_mace_tasks(const struct user *user, json_t *tasks)
{
	if (!policy_allows(user, "mace.list", NULL, 0))
		return HAVEN_OK;
	bool level2 = policy_allows(user, "person.list", NULL, 0);
	json_t *rows = NULL;
	enum haven_status st = contextual_mace_actions_due(user->agency_id, level2, &rows);
	if (st == HAVEN_OK)
		task_add_rows(tasks, rows, &action_tasks);
	json_decref(rows);
	return st;
}

void contextual_mace_chronology_text(json_t *meeting, char *text, size_t size)
{
	date_words_in_text(meeting, "detail");
	snprintf(text, size, "On the agenda of a MACE meeting (%s)", field_text(meeting, "detail"));
}
