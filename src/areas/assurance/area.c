/*
 * area.c (assurance) — quality assurance audits (issue 19): the partnership
 * publishes its standards as versioned documents (`haven import
 * qa-standards`), opens a cycle (Section 11 for agencies, Section 175/157
 * for schools and colleges), each agency completes its return (a score and
 * evidence per standard, drafts until it submits once; a school's with its
 * governor's sign-off), the partnership moderates each score with a reason,
 * and the results show standards by agency as a table whose cells say the
 * score in words as well as colour, with a CSV download.
 *
 * Who may do what (the access table beside the routes): the partnership
 * opens cycles and moderates; the partnership and the scrutineer see cycles
 * and results (counts and submitted scores, never a draft); the people of
 * an agency see and complete their own agency's returns only (another's is
 * answered 404). The partnership may open any return, but a draft's scores
 * are shown only to its own agency until it is submitted.
 *
 * Pages under /quality-assurance, their JSON twins under /api/v1/qa.
 */
#include <stdio.h>
#include <string.h>

#include "app/area.h"
#include "areas/assurance/published.h"
#include "areas/assurance/case_audit_handlers.h"
#include "areas/assurance/case_audits.h"
#include "areas/assurance/commands.h"
#include "areas/assurance/jobs.h"
#include "areas/assurance/rules.h"
#include "areas/assurance/standards.h"
#include "areas/assurance/store.h"
#include "areas/calendar/london.h"
#include "areas/documents/attach.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/buf.h"
#include "core/calendar.h"
#include "core/csv.h"
#include "core/stats.h"
#include "core/xlsx.h"
#include "router/errors.h"
#include "view/status_tag.h"

/* Everyone who works in an agency and may complete its return (not the partnership's own roles). */
#define ROLE_AGENCY_PEOPLE                                                                                   \
	(ROLE_PRACTITIONER | ROLE_FRONT_DOOR | ROLE_POLICE | ROLE_DSL | ROLE_IDVA | ROLE_AGENCY_ADMIN)

/* ---- field specs ---- */

static const struct field_spec cycle_fields[] = {
    {.name = "standards", .label = "the standards", .type = FIELD_INT, .required = true},
    {.name = "title", .label = "the cycle's title", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "opens_on", .label = "the opening date", .type = FIELD_DATE, .required = true},
    {.name = "returns_due_on", .label = "the return date", .type = FIELD_DATE, .required = true},
    {0},
};

/* A standards document as text: what the publish form's text area and the API send alike (the body limit
 * of 1 MB bounds it; a document of 200 long standards is about that). */
static const struct field_spec standards_fields[] = {
    {.name = "document",
     .label = "the standards document",
     .type = FIELD_TEXT,
     .required = true,
     .max = 1000000},
    {0},
};

static const struct field_spec score_fields[] = {
    {.name = "score", .label = "the score", .type = FIELD_TEXT, .required = true, .max = 20},
    {.name = "evidence", .label = "the evidence", .type = FIELD_TEXT, .required = true, .max = 10000},
    {0},
};

static const struct field_spec submit_fields[] = {
    {.name = "governor_name", .label = "the governor's name", .type = FIELD_TEXT, .max = 200},
    {.name = "governor_signed_on", .label = "the date the governor signed it off", .type = FIELD_DATE},
    {0},
};

static const struct field_spec moderate_fields[] = {
    {.name = "score", .label = "the moderated score", .type = FIELD_TEXT, .required = true, .max = 20},
    {.name = "reason", .label = "the reason", .type = FIELD_TEXT, .required = true, .max = 5000},
    {0},
};

static const struct field_spec question_fields[] = {
    {.name = "question", .label = "the question", .type = FIELD_TEXT, .required = true, .max = 5000},
    {0},
};

static const struct field_spec answer_fields[] = {
    {.name = "answer", .label = "the answer", .type = FIELD_TEXT, .required = true, .max = 10000},
    {0},
};

static const struct field_spec action_fields[] = {
    {.name = "standard", .label = "the standard", .type = FIELD_SLUG, .required = true, .max = 40},
    {.name = "action", .label = "the action", .type = FIELD_TEXT, .required = true, .max = 2000},
    {.name = "owner", .label = "the action's owner", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "due_on", .label = "the due date", .type = FIELD_DATE, .required = true},
    {0},
};

static const char *const action_statuses[] = {"not_started", "in_progress", "complete", NULL};

static const struct field_spec action_update_fields[] = {
    {.name = "status",
     .label = "the status",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = action_statuses},
    {.name = "completion_evidence", .label = "the evidence of completion", .type = FIELD_TEXT, .max = 5000},
    {.name = "impact_evidence", .label = "the evidence of impact", .type = FIELD_TEXT, .max = 5000},
    {0},
};

/* How an action's status looks (view/status_tag.h). */
static const struct status_tag action_tags[] = {
    {"not_started", "Not started", "govuk-tag--grey"},
    {"in_progress", "In progress", "govuk-tag--blue"},
    {"complete", "Complete", "govuk-tag--green"},
    {0},
};

/* Today in England (the partnership's day, not UTC's). */
static void today(char out[static CALENDAR_DATE_SIZE])
{
	calendar_format(calendar_london_today(), out);
}

static const char *kind_label(const char *kind)
{
	return kind && strcmp(kind, "section175") == 0 ? "Section 175/157 (schools and colleges)"
	                                               : "Section 11 (agencies)";
}

static void label_kind(json_t *record)
{
	json_object_set_new(record, "kind_label",
	                    json_string(kind_label(json_string_value(json_object_get(record, "kind")))));
}

static bool may(const struct request *req, const char *action, const char *type, long long id)
{
	struct resource r = {type, id};
	return policy_decide(req->user, action, type ? &r : NULL) == DECISION_ALLOW;
}

/* ---- standards ---- */

/* GET /quality-assurance/standards, GET /api/v1/qa/standards (qa.manage): the published sets, and the form.
 */
static enum haven_status list_standards(struct request *req, struct response *res)
{
	(void)req;
	json_t *sets = NULL;
	enum haven_status st = assurance_standard_sets(&sets);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *s;
	json_array_foreach(sets, i, s) label_kind(s);
	response_set_model(res, json_pack("{s:s, s:o, s:b}", "title", "Quality assurance standards",
	                                  "standard_sets", sets, "found", json_array_size(sets) > 0));
	return HAVEN_OK;
}

/*
 * POST /quality-assurance/standards, POST /api/v1/qa/standards (qa.manage):
 * publishes a standards document sent as text, checked whole by the checker
 * `haven import qa-standards` uses, each problem named by its JSON path; a
 * document with any problem changes nothing.
 */
static enum haven_status publish_standards(struct request *req, struct response *res)
{
	json_error_t parse_error;
	json_t *doc = json_loads(field_text(req->input, "document"), JSON_REJECT_DUPLICATES, &parse_error);
	if (!doc) {
		char message[400];
		snprintf(message, sizeof message,
		         "The standards document is not JSON: line %d, column %d: %s", parse_error.line,
		         parse_error.column, parse_error.text);
		response_error(res, "document", message);
		return HAVEN_OK;
	}
	json_t *problems = json_array();
	if (!assurance_standards_check(doc, problems)) {
		size_t i;
		json_t *p;
		json_array_foreach(problems, i, p)
		{
			char message[600];
			snprintf(message, sizeof message, "The standards document's %s %s",
			         json_string_value(json_object_get(p, "path")),
			         json_string_value(json_object_get(p, "message")));
			response_error(res, "document", message);
		}
		json_decref(problems);
		json_decref(doc);
		return HAVEN_OK;
	}
	json_decref(problems);
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st = assurance_publish(doc, &actor, &id);
	if (st == HAVEN_ERR_CONFLICT) {
		char message[200];
		snprintf(
		    message, sizeof message,
		    "The standards document's $.version %s is already published for its kind: give the new "
		    "version a version string of its own",
		    json_string_value(json_object_get(doc, "version")));
		response_conflict(res, "document", message);
	} else if (st == HAVEN_OK) {
		json_t *set = json_pack(
		    "{s:I, s:O, s:O, s:O, s:I}", "id", (json_int_t)id, "kind", json_object_get(doc, "kind"),
		    "version", json_object_get(doc, "version"), "title", json_object_get(doc, "title"),
		    "standards", (json_int_t)json_array_size(json_object_get(doc, "standards")));
		label_kind(set);
		response_created(res, set, "/quality-assurance/standards");
	}
	json_decref(doc);
	return st == HAVEN_ERR_CONFLICT ? HAVEN_OK : st;
}

/* ---- cycles ---- */

/* GET /quality-assurance/cycles, GET /api/v1/qa/cycles (qa.cycles): every cycle with its counts. */
static enum haven_status list_cycles(struct request *req, struct response *res)
{
	char day[CALENDAR_DATE_SIZE];
	today(day);
	json_t *cycles = NULL;
	enum haven_status st = assurance_cycles(day, &cycles);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *c;
	json_array_foreach(cycles, i, c) label_kind(c);
	response_set_model(res, json_pack("{s:s, s:o, s:b, s:b}", "title", "Quality assurance cycles",
	                                  "cycles", cycles, "found", json_array_size(cycles) > 0,
	                                  "can_manage", may(req, "qa.manage", NULL, 0)));
	return HAVEN_OK;
}

/* GET /quality-assurance/cycles/new (qa.manage): the form, with the published standards to choose from. */
static enum haven_status new_cycle_form(struct request *req, struct response *res)
{
	(void)req;
	json_t *sets = NULL;
	enum haven_status st = assurance_standard_sets(&sets);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *s;
	json_array_foreach(sets, i, s) label_kind(s);
	response_set_model(res, json_pack("{s:s, s:o, s:b}", "title", "Open a quality assurance cycle",
	                                  "standard_sets", sets, "has_standards", json_array_size(sets) > 0));
	return HAVEN_OK;
}

/* The cycle in the path with its returns, each with its status on `day`, and the counts. */
static enum haven_status cycle_model(long long id, const char *day, json_t **out)
{
	json_t *cycle = NULL, *returns = NULL;
	enum haven_status st = assurance_cycle_get(id, &cycle);
	if (st != HAVEN_OK)
		return st;
	if ((st = assurance_cycle_returns(id, &returns)) != HAVEN_OK) {
		json_decref(cycle);
		return st;
	}
	label_kind(cycle);
	const char *opens = json_string_value(json_object_get(cycle, "opens_on"));
	const char *due = json_string_value(json_object_get(cycle, "returns_due_on"));
	long long submitted = 0, on_time = 0, overdue = 0;
	size_t i;
	json_t *r;
	json_array_foreach(returns, i, r)
	{
		const char *status =
		    assurance_return_status(opens, due, json_string_value(json_object_get(r, "submitted_on")),
		                            json_integer_value(json_object_get(r, "scored")) != 0, day);
		assurance_return_tag(r, status);
		json_object_del(r, "scored");
		submitted += strncmp(status, "submitted", 9) == 0;
		on_time += strcmp(status, "submitted") == 0;
		overdue += strcmp(status, "overdue") == 0;
	}
	double percent = 0;
	bool any = stats_percent(on_time, (long long)json_array_size(returns), &percent);
	json_object_set_new(cycle, "returns", returns);
	json_object_set_new(
	    cycle, "counts",
	    json_pack("{s:I, s:I, s:I, s:I, s:o}", "returns", (json_int_t)json_array_size(returns),
	              "submitted", (json_int_t)submitted, "on_time", (json_int_t)on_time, "overdue",
	              (json_int_t)overdue, "on_time_percent", any ? json_real(percent) : json_null()));
	*out = cycle;
	return HAVEN_OK;
}

/* GET /quality-assurance/cycles/{id}, GET /api/v1/qa/cycles/{id} (qa.cycles). */
static enum haven_status show_cycle(struct request *req, struct response *res)
{
	char day[CALENDAR_DATE_SIZE];
	today(day);
	json_t *cycle = NULL;
	enum haven_status st = cycle_model(field_int(req->params, "id"), day, &cycle);
	if (st == HAVEN_OK) {
		json_object_set(cycle, "cycle_title", json_object_get(cycle, "title"));
		response_set_model(res, cycle);
	}
	return st;
}

/* POST /quality-assurance/cycles, POST /api/v1/qa/cycles (qa.manage). */
static enum haven_status open_cycle(struct request *req, struct response *res)
{
	struct assurance_new_cycle c = {
	    .standard_set_id = field_int(req->input, "standards"),
	    .title = field_text(req->input, "title"),
	    .opens_on = field_text(req->input, "opens_on"),
	    .returns_due_on = field_text(req->input, "returns_due_on"),
	};
	if (strcmp(c.returns_due_on, c.opens_on) < 0) {
		response_error(res, "returns_due_on",
		               "The return date must be the same as or after the opening date");
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st = assurance_cycle_open(&c, &actor, &id);
	if (st == HAVEN_ERR_NOT_FOUND) {
		response_error(res, "standards", "Choose a published set of standards");
		return HAVEN_OK;
	}
	char day[CALENDAR_DATE_SIZE];
	today(day);
	json_t *cycle = NULL;
	if (st != HAVEN_OK || (st = cycle_model(id, day, &cycle)) != HAVEN_OK)
		return st;
	response_created(res, cycle, "/quality-assurance/cycles/%lld", id);
	return HAVEN_OK;
}

/* ---- results ---- */

/* Adds each cell's movement since the previous cycle of its kind, if there is one. */
static enum haven_status add_movement(long long id, json_t *heatmap)
{
	long long previous = 0;
	enum haven_status st = assurance_previous_cycle(id, &previous);
	if (st == HAVEN_ERR_NOT_FOUND)
		return HAVEN_OK;
	json_t *before = NULL, *rows = NULL;
	if (st != HAVEN_OK || (st = assurance_cycle_get(previous, &before)) != HAVEN_OK)
		return st;
	if ((st = assurance_results(previous, &rows)) == HAVEN_OK)
		assurance_heatmap_movement(heatmap, json_object_get(before, "standards"), rows);
	json_decref(rows);
	json_decref(before);
	return st;
}

static enum haven_status results_model(long long id, json_t **out)
{
	char day[CALENDAR_DATE_SIZE];
	today(day);
	json_t *cycle = NULL, *rows = NULL;
	enum haven_status st = cycle_model(id, day, &cycle);
	if (st != HAVEN_OK)
		return st;
	if ((st = assurance_results(id, &rows)) != HAVEN_OK) {
		json_decref(cycle);
		return st;
	}
	json_t *heatmap = assurance_heatmap(json_object_get(cycle, "standards"), rows);
	json_decref(rows);
	if ((st = add_movement(id, heatmap)) != HAVEN_OK) {
		json_decref(heatmap);
		json_decref(cycle);
		return st;
	}
	char title[300];
	snprintf(title, sizeof title, "Results: %s", json_string_value(json_object_get(cycle, "title")));
	json_t *model = json_pack("{s:s, s:I, s:O, s:O, s:O, s:o, s:O}", "title", title, "id", (json_int_t)id,
	                          "cycle_title", json_object_get(cycle, "title"), "kind_label",
	                          json_object_get(cycle, "kind_label"), "counts",
	                          json_object_get(cycle, "counts"), "heatmap", heatmap, "scale",
	                          json_object_get(json_object_get(cycle, "standards"), "scale"));
	json_decref(cycle);
	json_object_set_new(model, "found",
	                    json_boolean(json_array_size(json_object_get(heatmap, "agencies")) > 0));
	*out = model;
	return HAVEN_OK;
}

/* GET /quality-assurance/cycles/{id}/results, GET /api/v1/qa/cycles/{id}/results (qa.cycles). */
static enum haven_status show_results(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = results_model(field_int(req->params, "id"), &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* The results' download columns: one row per agency and standard. */
static const char *const results_columns[] = {"agency",         "local_authority", "submitted_on", "standard",
                                              "agency_score",   "moderated",       "score",        "rating",
                                              "previous_score", "movement"};
#define RESULTS_COLUMNS (sizeof results_columns / sizeof results_columns[0])

/* The results of cycle `id` as rows of results_columns (an array of arrays of strings or nulls). */
static enum haven_status results_table(long long id, json_t **out)
{
	json_t *model = NULL;
	enum haven_status st = results_model(id, &model);
	if (st != HAVEN_OK)
		return st;
	json_t *table = json_array();
	size_t i, k;
	json_t *a, *cell;
	json_array_foreach(json_object_get(json_object_get(model, "heatmap"), "agencies"), i, a)
	{
		json_array_foreach(json_object_get(a, "cells"), k, cell)
		{
			json_array_append_new(
			    table,
			    json_pack(
			        "[O?, O?, O?, O?, O?, s, O?, O?, O?, O?]", json_object_get(a, "agency"),
			        json_object_get(a, "la"), json_object_get(a, "submitted_on"),
			        json_object_get(cell, "standard_id"), json_object_get(cell, "agency_score"),
			        json_is_true(json_object_get(cell, "moderated")) ? "yes" : "no",
			        json_object_get(cell, "score"), json_object_get(cell, "rating"),
			        json_object_get(cell, "previous_score"), json_object_get(cell, "movement")));
		}
	}
	json_decref(model);
	*out = table;
	return HAVEN_OK;
}

/* GET /quality-assurance/cycles/{id}/results.csv (qa.cycles): the results table as CSV. */
static enum haven_status results_csv(struct request *req, struct response *res)
{
	json_t *table = NULL;
	enum haven_status st = results_table(field_int(req->params, "id"), &table);
	if (st != HAVEN_OK)
		return st;
	struct buf b = BUF_INIT;
	struct csv csv = CSV_INIT(&b);
	csv_header(&csv, results_columns, RESULTS_COLUMNS);
	size_t i, k;
	json_t *row, *v;
	json_array_foreach(table, i, row)
	{
		json_array_foreach(row, k, v) csv_text(&csv, json_string_value(v));
		csv_end_row(&csv);
	}
	json_decref(table);
	res->body_owned = buf_steal(&b, &res->body_len);
	res->content_type = "text/csv; charset=utf-8";
	response_add_header(res, "Content-Disposition", "attachment; filename=\"haven-qa-results.csv\"");
	return HAVEN_OK;
}

/* GET /quality-assurance/cycles/{id}/results.xlsx (qa.cycles): the same table as a spreadsheet. */
static enum haven_status results_xlsx(struct request *req, struct response *res)
{
	json_t *table = NULL;
	enum haven_status st = results_table(field_int(req->params, "id"), &table);
	if (st != HAVEN_OK)
		return st;
	st = xlsx_table("Results", results_columns, RESULTS_COLUMNS, table, &res->body_owned, &res->body_len);
	json_decref(table);
	if (st != HAVEN_OK)
		return st;
	res->content_type = XLSX_CONTENT_TYPE;
	response_add_header(res, "Content-Disposition", "attachment; filename=\"haven-qa-results.xlsx\"");
	return HAVEN_OK;
}

/* ---- returns ---- */

/* GET /quality-assurance/returns, GET /api/v1/qa/returns (qa.returns): the user's agency's returns. */
static enum haven_status list_returns(struct request *req, struct response *res)
{
	char day[CALENDAR_DATE_SIZE];
	today(day);
	json_t *returns = NULL;
	enum haven_status st = assurance_agency_returns(req->user->agency_id, &returns);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(returns, i, r)
	{
		label_kind(r);
		assurance_return_tag(
		    r, assurance_return_status(json_string_value(json_object_get(r, "opens_on")),
		                               json_string_value(json_object_get(r, "returns_due_on")),
		                               json_string_value(json_object_get(r, "submitted_on")),
		                               json_integer_value(json_object_get(r, "scored")) != 0, day));
		json_object_del(r, "scored");
	}
	response_set_model(res, json_pack("{s:s, s:o, s:b}", "title", "Your agency's self-assessments",
	                                  "returns", returns, "found", json_array_size(returns) > 0));
	return HAVEN_OK;
}

/*
 * Puts each action under its standard ("actions"), and says which standards
 * may have actions added: red or amber by the score that counts (moderated,
 * else the agency's own), when the viewer is the agency and it has submitted.
 */
static void plan_actions(json_t *standards, const json_t *actions, const json_t *doc, bool own_submitted)
{
	size_t i, k;
	json_t *s;
	const json_t *a;
	json_array_foreach(standards, i, s)
	{
		json_t *mine = json_array();
		json_array_foreach(actions, k, a)
		{
			if (!json_equal(json_object_get(a, "standard_id"), json_object_get(s, "id")))
				continue;
			json_t *copy = json_deep_copy(a);
			status_tag_set(copy, status_tag_find(action_tags, json_string_value(
			                                                      json_object_get(a, "status"))));
			json_object_set(copy, "return_id", json_object_get(s, "return_id"));
			json_object_set_new(copy, "can_update", json_boolean(own_submitted));
			json_array_append_new(mine, copy);
		}
		const json_t *counted = json_object_get(s, "moderated_score");
		if (!counted)
			counted = json_object_get(s, "score");
		const char *rating = assurance_rating(doc, json_string_value(counted));
		bool needs_plan = rating && strcmp(rating, "green") != 0;
		json_object_set_new(s, "needs_plan", json_boolean(needs_plan));
		json_object_set_new(s, "can_plan", json_boolean(needs_plan && own_submitted));
		json_object_set_new(s, "has_actions", json_boolean(json_array_size(mine) > 0));
		json_object_set_new(s, "actions", mine);
	}
}

/*
 * Puts on each standard of `standards` (of return `return_id`) the documents
 * attached as its evidence ("documents", "has_documents") and the id of the
 * record they are attached to ("evidence_id"), and whether the viewer may
 * attach more (`can_attach`: the agency's own draft). Every row gets every
 * key, so a page never finds the return's own fields instead.
 */
static enum haven_status attach_evidence(long long return_id, json_t *standards, bool can_attach)
{
	json_t *records = NULL;
	enum haven_status st = assurance_return_standards(return_id, &records);
	if (st != HAVEN_OK)
		return st;
	size_t i, k;
	json_t *row, *record;
	json_array_foreach(standards, i, row)
	{
		long long evidence_id = 0;
		json_array_foreach(records, k, record) if (json_equal(json_object_get(record, "standard_id"),
		                                                      json_object_get(row, "id")))
		    evidence_id = json_integer_value(json_object_get(record, "id"));
		json_t *documents = NULL;
		if (evidence_id &&
		    (st = documents_attached("qa_return_standard", evidence_id, &documents)) != HAVEN_OK)
			break;
		json_object_set_new(row, "evidence_id",
		                    evidence_id ? json_integer(evidence_id) : json_null());
		json_object_set_new(row, "has_documents", json_boolean(json_array_size(documents) > 0));
		json_object_set_new(row, "documents", documents ? documents : json_array());
		json_object_set_new(row, "documents_shown", json_boolean(evidence_id != 0));
		json_object_set_new(row, "can_attach", json_boolean(can_attach && evidence_id));
	}
	json_decref(records);
	return st;
}

/*
 * The return in the path, its standards each with its score and moderation,
 * and what the viewer may do with it. A draft's scores are its own agency's
 * until it is submitted, so anyone else (the partnership) sees none.
 */
static enum haven_status return_model(struct request *req, json_t **out)
{
	long long id = field_int(req->params, "id");
	json_t *ret = NULL, *scores = NULL;
	enum haven_status st = assurance_return_get(id, &ret);
	if (st != HAVEN_OK)
		return st;
	if ((st = assurance_return_scores(id, &scores)) != HAVEN_OK) {
		json_decref(ret);
		return st;
	}
	char day[CALENDAR_DATE_SIZE];
	today(day);
	bool own = json_integer_value(json_object_get(ret, "agency_id")) == req->user->agency_id;
	bool submitted = json_is_string(json_object_get(ret, "submitted_on"));
	const json_t *doc = json_object_get(ret, "standards");
	const char *status = assurance_return_status(
	    json_string_value(json_object_get(ret, "opens_on")),
	    json_string_value(json_object_get(ret, "returns_due_on")),
	    json_string_value(json_object_get(ret, "submitted_on")), json_array_size(scores) > 0, day);
	bool open = !submitted && strcmp(status, "not_open") != 0;
	bool can_moderate = submitted && may(req, "qa.moderate", "qa_return", id);
	bool show_scores = own || submitted;

	json_t *standards = json_array();
	long long scored = 0;
	size_t i, k;
	const json_t *s;
	json_array_foreach(json_object_get(doc, "standards"), i, s)
	{
		/* "scored" false, not absent: a page would otherwise find the return's own fields */
		json_t *row = json_pack("{s:O, s:O, s:O, s:O, s:I, s:b, s:b, s:b}", "id",
		                        json_object_get(s, "id"), "title", json_object_get(s, "title"),
		                        "expectations", json_object_get(s, "expectations"), "evidence_asked",
		                        json_object_get(s, "evidence"), "return_id", (json_int_t)id,
		                        "editable", own && open, "can_moderate", can_moderate, "scored", 0);
		json_t *sc;
		json_array_foreach(scores, k, sc)
		{
			if (!json_equal(json_object_get(sc, "standard_id"), json_object_get(s, "id")))
				continue;
			scored++;
			if (!show_scores)
				break;
			const char *value = json_string_value(json_object_get(sc, "score"));
			const char *moderated = json_string_value(json_object_get(sc, "moderated_score"));
			json_object_set(row, "score", json_object_get(sc, "score"));
			json_object_set(row, "score_label",
			                json_object_get(assurance_scale_entry(doc, value), "label"));
			json_object_set(row, "evidence", json_object_get(sc, "evidence"));
			if (moderated) {
				json_object_set(row, "moderated_score",
				                json_object_get(sc, "moderated_score"));
				json_object_set(
				    row, "moderated_label",
				    json_object_get(assurance_scale_entry(doc, moderated), "label"));
				json_object_set(row, "moderation_reason",
				                json_object_get(sc, "moderation_reason"));
			}
			json_object_set_new(row, "scored", json_true());
			break;
		}
		json_array_append_new(standards, row);
	}
	json_decref(scores);
	if (show_scores && (st = attach_evidence(id, standards, own && open)) != HAVEN_OK) {
		json_decref(standards);
		json_decref(ret);
		return st;
	}
	json_t *actions = NULL, *challenges = NULL;
	if ((st = assurance_actions(id, &actions)) != HAVEN_OK ||
	    (st = assurance_challenges(id, &challenges)) != HAVEN_OK) {
		json_decref(actions);
		json_decref(standards);
		json_decref(ret);
		return st;
	}
	plan_actions(standards, actions, doc, own && submitted);
	json_decref(actions);
	json_t *c;
	json_array_foreach(challenges, i, c)
	{
		json_object_set_new(c, "return_id", json_integer(id));
		json_object_set_new(c, "can_answer",
		                    json_boolean(own && json_is_null(json_object_get(c, "answer"))));
	}
	json_object_set_new(ret, "challenges", challenges);
	json_object_set_new(ret, "has_challenges", json_boolean(json_array_size(challenges) > 0));
	json_object_set_new(ret, "can_ask", json_boolean(can_moderate));
	json_t *plannable = json_array();
	json_array_foreach(standards, i, c)
	{
		if (json_is_true(json_object_get(c, "can_plan")))
			json_array_append_new(plannable,
			                      json_pack("{s:O, s:O}", "id", json_object_get(c, "id"), "title",
			                                json_object_get(c, "title")));
	}
	json_object_set_new(ret, "can_plan", json_boolean(json_array_size(plannable) > 0));
	json_object_set_new(ret, "plannable", plannable);
	char title[300];
	snprintf(title, sizeof title, "Self-assessment: %s",
	         json_string_value(json_object_get(ret, "title")));
	json_object_set_new(ret, "cycle_title",
	                    json_string(json_string_value(json_object_get(ret, "title"))));
	json_object_set_new(ret, "title", json_string(title));
	label_kind(ret);
	assurance_return_tag(ret, status);
	json_object_set(ret, "scale", json_object_get(doc, "scale"));
	json_object_del(ret, "standards");
	json_object_set_new(ret, "standards", standards);
	json_object_set_new(ret, "scored_count", json_integer(scored));
	json_object_set_new(ret, "standard_count", json_integer((json_int_t)json_array_size(standards)));
	json_object_set_new(ret, "scores_shown", json_boolean(show_scores));
	json_object_set_new(ret, "can_submit", json_boolean(own && open));
	json_object_set_new(
	    ret, "needs_governor",
	    json_boolean(strcmp(json_string_value(json_object_get(ret, "kind")), "section175") == 0));
	*out = ret;
	return HAVEN_OK;
}

/* GET /quality-assurance/returns/{id}, GET /api/v1/qa/returns/{id} (qa.return.read). */
static enum haven_status show_return(struct request *req, struct response *res)
{
	json_t *ret = NULL;
	enum haven_status st = return_model(req, &ret);
	if (st == HAVEN_OK)
		response_set_model(res, ret);
	return st;
}

/* The standard in the path of the return's document (borrowed from `ret`), or NULL. */
static json_t *standard_of(json_t *ret, const char *standard_id)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(ret, "standards"), i, s)
	{
		if (strcmp(json_string_value(json_object_get(s, "id")), standard_id) == 0)
			return s;
	}
	return NULL;
}

/* GET /quality-assurance/returns/{id}/standards/{standard} (qa.return.update): one standard's form. */
static enum haven_status standard_form(struct request *req, struct response *res)
{
	json_t *ret = NULL;
	enum haven_status st = return_model(req, &ret);
	if (st != HAVEN_OK)
		return st;
	json_t *s = standard_of(ret, field_text(req->params, "standard"));
	if (!s) {
		json_decref(ret);
		return HAVEN_ERR_NOT_FOUND;
	}
	json_t *scale = json_deep_copy(json_object_get(ret, "scale"));
	size_t i;
	json_t *entry;
	json_array_foreach(scale, i, entry)
	{
		json_object_set_new(
		    entry, "checked",
		    json_boolean(json_equal(json_object_get(entry, "value"), json_object_get(s, "score"))));
		/* the first radio's id is the field's, so the error summary's link reaches it (GOV.UK) */
		char input_id[32];
		snprintf(input_id, sizeof input_id, i ? "score-%zu" : "score", i + 1);
		json_object_set_new(entry, "input_id", json_string(input_id));
	}
	json_t *model =
	    json_pack("{s:O, s:O, s:O, s:o, s:O}", "title", json_object_get(s, "title"), "return", ret,
	              "standard", s, "scale", scale, "editable", json_object_get(s, "editable"));
	json_decref(ret);
	response_set_model(res, model);
	return HAVEN_OK;
}

/* POST /quality-assurance/returns/{id}/standards/{standard} and its API twin (qa.return.update). */
static enum haven_status save_score(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	const char *standard_id = field_text(req->params, "standard");
	json_t *ret = NULL;
	enum haven_status st = assurance_return_get(id, &ret);
	if (st != HAVEN_OK)
		return st;
	const json_t *doc = json_object_get(ret, "standards");
	if (!assurance_standard(doc, standard_id)) {
		json_decref(ret);
		return HAVEN_ERR_NOT_FOUND;
	}
	char day[CALENDAR_DATE_SIZE];
	today(day);
	const char *score = field_text(req->input, "score");
	bool on_scale = assurance_scale_entry(doc, score) != NULL;
	bool not_open = strcmp(day, json_string_value(json_object_get(ret, "opens_on"))) < 0;
	json_decref(ret);
	if (!on_scale) {
		response_error(res, "score", "Choose a score from the cycle's scale");
		return HAVEN_OK;
	}
	if (not_open) {
		response_conflict(res, "score",
		                  "The cycle has not opened yet: scores can be saved from its opening date");
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	st = assurance_score_save(id, standard_id, score, field_text(req->input, "evidence"), &actor);
	if (st == HAVEN_ERR_CONFLICT) {
		response_conflict(res, "score",
		                  "The return has been submitted: its scores can no longer be changed");
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	response_done(res, show_return, "/quality-assurance/returns/%lld", id);
	return HAVEN_OK;
}

/* POST /quality-assurance/returns/{id}/submit and its API twin (qa.return.update): submitted once. */
static enum haven_status submit_return(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *ret = NULL;
	enum haven_status st = assurance_return_get(id, &ret);
	if (st != HAVEN_OK)
		return st;
	char day[CALENDAR_DATE_SIZE];
	today(day);
	bool schools = strcmp(json_string_value(json_object_get(ret, "kind")), "section175") == 0;
	long long standards =
	    (long long)json_array_size(json_object_get(json_object_get(ret, "standards"), "standards"));
	bool not_open = strcmp(day, json_string_value(json_object_get(ret, "opens_on"))) < 0;
	json_decref(ret);
	const char *governor = field_text(req->input, "governor_name");
	const char *signed_on = field_text(req->input, "governor_signed_on");
	json_t *errors = json_array();
	if (schools && !governor)
		errors_add(errors, "governor_name",
		           "Enter the name of the governor who signed the return off");
	if (schools && !signed_on)
		errors_add(errors, "governor_signed_on", "Enter the date the governor signed the return off");
	if (signed_on && strcmp(signed_on, day) > 0)
		errors_add(errors, "governor_signed_on",
		           "The date the governor signed it off must be today or in the past");
	if (!schools && (governor || signed_on))
		errors_add(errors, governor ? "governor_name" : "governor_signed_on",
		           "Only a Section 175/157 return has a governor's sign-off");
	if (not_open)
		errors_add(errors, "return", "The cycle has not opened yet");
	if (json_array_size(errors)) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	struct assurance_submission s = {.return_id = id,
	                                 .today = day,
	                                 .standards = standards,
	                                 .governor_name = governor,
	                                 .governor_signed_on = signed_on};
	struct actor actor = auth_actor(req);
	st = assurance_return_submit(&s, &actor);
	if (st == HAVEN_ERR_CONFLICT) {
		response_conflict(res, "return", "The return has already been submitted");
		return HAVEN_OK;
	}
	if (st == HAVEN_ERR_INVALID) {
		response_error(res, "return",
		               "Score every standard, with its evidence, before submitting the return");
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	response_done(res, show_return, "/quality-assurance/returns/%lld", id);
	return HAVEN_OK;
}

/* POST /quality-assurance/returns/{id}/standards/{standard}/moderate and its API twin (qa.moderate). */
static enum haven_status moderate(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	const char *standard_id = field_text(req->params, "standard");
	json_t *ret = NULL;
	enum haven_status st = assurance_return_get(id, &ret);
	if (st != HAVEN_OK)
		return st;
	const json_t *doc = json_object_get(ret, "standards");
	bool known = assurance_standard(doc, standard_id) != NULL;
	bool on_scale = assurance_scale_entry(doc, field_text(req->input, "score")) != NULL;
	json_decref(ret);
	if (!known)
		return HAVEN_ERR_NOT_FOUND;
	if (!on_scale) {
		response_error(res, "score", "Choose a score from the cycle's scale");
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	st = assurance_moderate(id, standard_id, field_text(req->input, "score"),
	                        field_text(req->input, "reason"), &actor);
	if (st == HAVEN_ERR_CONFLICT || st == HAVEN_ERR_NOT_FOUND) {
		response_conflict(res, "score", "Only a submitted return's scores can be moderated");
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	response_done(res, show_return, "/quality-assurance/returns/%lld", id);
	return HAVEN_OK;
}

/* ---- challenge events ---- */

/* POST /quality-assurance/returns/{id}/challenges and its API twin (qa.moderate): a question to the agency.
 */
static enum haven_status ask_question(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	char day[CALENDAR_DATE_SIZE];
	today(day);
	struct actor actor = auth_actor(req);
	long long question_id = 0;
	const char *question = field_text(req->input, "question");
	enum haven_status st = assurance_challenge_ask(id, question, day, &actor, &question_id);
	if (st == HAVEN_ERR_CONFLICT) {
		response_conflict(res, "question", "Only a submitted return can be challenged");
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	response_created(res,
	                 json_pack("{s:I, s:I, s:s, s:s, s:n}", "id", (json_int_t)question_id, "return_id",
	                           (json_int_t)id, "question", question, "asked_on", day, "answer"),
	                 "/quality-assurance/returns/%lld", id);
	return HAVEN_OK;
}

/* The entry of array `list` whose "id" is `id` (borrowed), or NULL. */
static json_t *by_id(json_t *list, long long id)
{
	size_t i;
	json_t *e;
	json_array_foreach(list, i, e)
	{
		if (json_integer_value(json_object_get(e, "id")) == id)
			return e;
	}
	return NULL;
}

/* GET /quality-assurance/returns/{id}/challenges/{question}/answer (qa.return.update): the answer's form. */
static enum haven_status answer_form(struct request *req, struct response *res)
{
	json_t *ret = NULL;
	enum haven_status st = return_model(req, &ret);
	if (st != HAVEN_OK)
		return st;
	json_t *q = by_id(json_object_get(ret, "challenges"), field_int(req->params, "question"));
	if (!q) {
		json_decref(ret);
		return HAVEN_ERR_NOT_FOUND;
	}
	response_set_model(res, json_pack("{s:s, s:O, s:O}", "title", "Answer the partnership's question",
	                                  "return", ret, "challenge", q));
	json_decref(ret);
	return HAVEN_OK;
}

/* GET /quality-assurance/returns/{id}/actions/{action} (qa.return.update): the action's update form. */
static enum haven_status action_form(struct request *req, struct response *res)
{
	json_t *ret = NULL;
	enum haven_status st = return_model(req, &ret);
	if (st != HAVEN_OK)
		return st;
	long long action_id = field_int(req->params, "action");
	json_t *found = NULL, *s;
	size_t i;
	json_array_foreach(json_object_get(ret, "standards"), i, s)
	{
		if (!found)
			found = by_id(json_object_get(s, "actions"), action_id);
	}
	if (!found) {
		json_decref(ret);
		return HAVEN_ERR_NOT_FOUND;
	}
	const char *status = json_string_value(json_object_get(found, "status"));
	for (const struct status_tag *t = action_tags; t->status; t++) {
		char key[32];
		snprintf(key, sizeof key, "is_%s", t->status);
		json_object_set_new(found, key, json_boolean(strcmp(t->status, status) == 0));
	}
	response_set_model(
	    res, json_pack("{s:s, s:O, s:O}", "title", "Update an action", "return", ret, "action", found));
	json_decref(ret);
	return HAVEN_OK;
}

/* POST /quality-assurance/returns/{id}/challenges/{question}/answer and its API twin (qa.return.update). */
static enum haven_status answer_question(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	char day[CALENDAR_DATE_SIZE];
	today(day);
	struct actor actor = auth_actor(req);
	enum haven_status st = assurance_challenge_answer(id, field_int(req->params, "question"),
	                                                  field_text(req->input, "answer"), day, &actor);
	if (st == HAVEN_ERR_CONFLICT) {
		response_conflict(res, "answer", "The question has already been answered");
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	response_done(res, show_return, "/quality-assurance/returns/%lld", id);
	return HAVEN_OK;
}

/* ---- action plans ---- */

/* POST /quality-assurance/returns/{id}/actions and its API twin (qa.return.update): an action for a red or
 * amber standard. */
static enum haven_status add_action(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *ret = NULL;
	enum haven_status st = return_model(req, &ret);
	if (st != HAVEN_OK)
		return st;
	const char *standard_id = field_text(req->input, "standard");
	json_t *s = standard_of(ret, standard_id);
	bool submitted = json_is_string(json_object_get(ret, "submitted_on"));
	bool needs_plan = s && json_is_true(json_object_get(s, "needs_plan"));
	json_decref(ret);
	if (!s) {
		response_error(res, "standard", "Choose a standard of this return");
		return HAVEN_OK;
	}
	if (!submitted) {
		response_conflict(res, "standard", "Submit the return before planning its actions");
		return HAVEN_OK;
	}
	if (!needs_plan) {
		response_error(res, "standard", "Only a standard scored red or amber needs an action");
		return HAVEN_OK;
	}
	struct assurance_new_action a = {.return_id = id,
	                                 .standard_id = standard_id,
	                                 .action = field_text(req->input, "action"),
	                                 .owner = field_text(req->input, "owner"),
	                                 .due_on = field_text(req->input, "due_on")};
	struct actor actor = auth_actor(req);
	long long action_id = 0;
	st = assurance_action_add(&a, &actor, &action_id);
	if (st != HAVEN_OK)
		return st;
	response_created(res,
	                 json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)action_id,
	                           "return_id", (json_int_t)id, "standard_id", a.standard_id, "action",
	                           a.action, "owner", a.owner, "due_on", a.due_on, "status", "not_started"),
	                 "/quality-assurance/returns/%lld", id);
	return HAVEN_OK;
}

/* POST /quality-assurance/returns/{id}/actions/{action} and its API twin (qa.return.update). */
static enum haven_status update_action(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	const char *status = field_text(req->input, "status");
	const char *completion = field_text(req->input, "completion_evidence");
	bool complete = strcmp(status, "complete") == 0;
	char day[CALENDAR_DATE_SIZE];
	today(day);
	struct assurance_action_update u = {.return_id = id,
	                                    .action_id = field_int(req->params, "action"),
	                                    .status = status,
	                                    .completion_evidence = completion,
	                                    .impact_evidence = field_text(req->input, "impact_evidence"),
	                                    .completed_on = complete ? day : NULL};
	if (complete && !completion) {
		response_error(res, "completion_evidence", "Enter the evidence that the action is complete");
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	enum haven_status st = assurance_action_update(&u, &actor);
	if (st != HAVEN_OK)
		return st;
	response_done(res, show_return, "/quality-assurance/returns/%lld", id);
	return HAVEN_OK;
}

/* ---- evidence documents (areas/documents/attach.h) ---- */

/*
 * GET /quality-assurance/return-standards/{id} (qa.evidence.read): where a
 * standard's evidence documents are listed, which is the return's page at
 * the standard; an upload comes back here.
 */
static enum haven_status show_return_standard(struct request *req, struct response *res)
{
	json_t *record = NULL;
	enum haven_status st = assurance_return_standard_get(field_int(req->params, "id"), &record);
	if (st != HAVEN_OK)
		return st;
	char location[160];
	snprintf(location, sizeof location, "/quality-assurance/returns/%lld#standard-%s",
	         (long long)json_integer_value(json_object_get(record, "return_id")),
	         json_string_value(json_object_get(record, "standard_id")));
	json_decref(record);
	response_redirect(res, location);
	return HAVEN_OK;
}

/* ---- what waits for a person (app/area.h) ---- */

/*
 * Appends one task per row of `rows` (taken: {audit_id, child_id, title}) that
 * the policy lets `user` take `action` on: `text` and the title, and a link to
 * the child's form (`form`: "findings" or "grade"). No child is named.
 */
static void case_audit_rows_to_tasks(const struct user *user, json_t *rows, const char *action,
                                     const char *kind, const char *text, const char *form, json_t *out)
{
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		long long audit_id = json_integer_value(json_object_get(r, "audit_id"));
		struct resource res = {"qa_case_audit", audit_id};
		if (policy_decide(user, action, &res) != DECISION_ALLOW)
			continue;
		char line[400], href[128];
		snprintf(line, sizeof line, "%s: %s", text, json_string_value(json_object_get(r, "title")));
		snprintf(href, sizeof href, "/quality-assurance/case-audits/%lld/children/%lld/%s", audit_id,
		         (long long)json_integer_value(json_object_get(r, "child_id")), form);
		json_array_append_new(out, json_pack("{s:s, s:s, s:n, s:s, s:s, s:I}", "kind", kind, "text",
		                                     line, "due_at", "href", href, "record_type",
		                                     "qa_case_audit", "record_id", (json_int_t)audit_id));
	}
	json_decref(rows);
}

/* A named auditor's parts of case audits still to record, the panel's children to grade, and the actions
 * agreed that the person owns and has not done. */
static enum haven_status case_audit_tasks(const struct user *user, json_t *out)
{
	json_t *rows = NULL;
	enum haven_status st = assurance_case_audit_findings_due(user->id, user->agency_id, &rows);
	if (st != HAVEN_OK)
		return st;
	case_audit_rows_to_tasks(user, rows, "qa.case_audit.findings", "qa.case_audit.findings",
	                         "Record your agency's findings for a child in a case audit", "findings",
	                         out);
	if ((st = assurance_case_audit_grading_due(user->id, &rows)) != HAVEN_OK)
		return st;
	case_audit_rows_to_tasks(user, rows, "qa.case_audit.panel", "qa.case_audit.grade",
	                         "Grade a child's case as the panel of a case audit", "grade", out);
	if ((st = assurance_case_audit_actions_due(user->id, &rows)) != HAVEN_OK)
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		long long id = json_integer_value(json_object_get(r, "id"));
		struct resource res = {"qa_case_audit_action", id};
		if (policy_decide(user, "qa.case_audit.action", &res) != DECISION_ALLOW)
			continue;
		/* the audit's title, not the action's words, which may name a child */
		char text[300], href[128];
		snprintf(text, sizeof text, "Complete an action agreed in a case audit: %s",
		         json_string_value(json_object_get(r, "title")));
		snprintf(href, sizeof href, "/quality-assurance/case-audits/%lld/actions/%lld",
		         (long long)json_integer_value(json_object_get(r, "audit_id")), id);
		json_array_append_new(
		    out, json_pack("{s:s, s:s, s:O, s:s, s:s, s:I}", "kind", "qa.case_audit.action", "text",
		                   text, "due_at", json_object_get(r, "due_on"), "href", href, "record_type",
		                   "qa_case_audit_action", "record_id", (json_int_t)id));
	}
	json_decref(rows);
	return HAVEN_OK;
}

static enum haven_status tasks(const struct user *user, json_t *out)
{
	char day[CALENDAR_DATE_SIZE];
	today(day);
	json_t *rows = NULL;
	enum haven_status st = assurance_returns_due(user->agency_id, day, &rows);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		long long id = json_integer_value(json_object_get(r, "id"));
		struct resource res = {"qa_return", id};
		if (policy_decide(user, "qa.return.update", &res) != DECISION_ALLOW)
			continue;
		char text[300], href[64];
		snprintf(text, sizeof text, "Complete and submit your agency's self-assessment: %s",
		         json_string_value(json_object_get(r, "title")));
		snprintf(href, sizeof href, "/quality-assurance/returns/%lld", id);
		json_array_append_new(
		    out, json_pack("{s:s, s:s, s:O, s:s, s:s, s:I}", "kind", "qa.return", "text", text,
		                   "due_at", json_object_get(r, "returns_due_on"), "href", href,
		                   "record_type", "qa_return", "record_id", (json_int_t)id));
	}
	json_decref(rows);
	if ((st = assurance_actions_due(user->agency_id, &rows)) != HAVEN_OK)
		return st;
	json_array_foreach(rows, i, r)
	{
		long long return_id = json_integer_value(json_object_get(r, "return_id"));
		struct resource res = {"qa_return", return_id};
		if (policy_decide(user, "qa.return.update", &res) != DECISION_ALLOW)
			continue;
		char text[300], href[64];
		snprintf(text, sizeof text, "Complete an action from your agency's self-assessment: %.200s",
		         json_string_value(json_object_get(r, "action")));
		snprintf(href, sizeof href, "/quality-assurance/returns/%lld", return_id);
		json_array_append_new(out, json_pack("{s:s, s:s, s:O, s:s, s:s, s:I}", "kind", "qa.action",
		                                     "text", text, "due_at", json_object_get(r, "due_on"),
		                                     "href", href, "record_type", "qa_return", "record_id",
		                                     (json_int_t)return_id));
	}
	json_decref(rows);
	if ((st = case_audit_tasks(user, out)) != HAVEN_OK)
		return st;
	/* a role that may not moderate is refused whatever the return; the partnership oversees every one */
	struct resource any = {"qa_return", 0};
	if (policy_decide(user, "qa.moderate", &any) != DECISION_ALLOW)
		return HAVEN_OK;
	if ((st = assurance_returns_to_moderate(&rows)) != HAVEN_OK)
		return st;
	json_array_foreach(rows, i, r)
	{
		long long id = json_integer_value(json_object_get(r, "id"));
		char text[600], href[64];
		snprintf(text, sizeof text, "Moderate the self-assessment of %s: %s",
		         json_string_value(json_object_get(r, "agency")),
		         json_string_value(json_object_get(r, "title")));
		snprintf(href, sizeof href, "/quality-assurance/returns/%lld", id);
		json_array_append_new(out, json_pack("{s:s, s:s, s:n, s:s, s:s, s:I}", "kind", "qa.moderate",
		                                     "text", text, "due_at", "href", href, "record_type",
		                                     "qa_return", "record_id", (json_int_t)id));
	}
	json_decref(rows);
	return HAVEN_OK;
}

/* ---- routes and who may take them ---- */

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/standards",
     .action = "qa.manage",
     .handler = list_standards,
     .page = "assurance/standards",
     .api_pattern = "/api/v1/qa/standards"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/standards",
     .action = "qa.manage",
     .handler = publish_standards,
     .page = "assurance/standards",
     .body = standards_fields,
     .redisplay = list_standards,
     .api_pattern = "/api/v1/qa/standards"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/cycles",
     .action = "qa.cycles",
     .handler = list_cycles,
     .page = "assurance/cycles",
     .api_pattern = "/api/v1/qa/cycles"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/cycles/new",
     .action = "qa.manage",
     .handler = new_cycle_form,
     .page = "assurance/new_cycle"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/cycles",
     .action = "qa.manage",
     .handler = open_cycle,
     .page = "assurance/new_cycle",
     .body = cycle_fields,
     .redisplay = new_cycle_form,
     .api_pattern = "/api/v1/qa/cycles"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/cycles/{id:int}",
     .action = "qa.cycles",
     .handler = show_cycle,
     .page = "assurance/cycle",
     .api_pattern = "/api/v1/qa/cycles/{id:int}"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/cycles/{id:int}/results",
     .action = "qa.cycles",
     .handler = show_results,
     .page = "assurance/results",
     .api_pattern = "/api/v1/qa/cycles/{id:int}/results"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/cycles/{id:int}/results.csv",
     .action = "qa.cycles",
     .handler = results_csv},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/cycles/{id:int}/results.xlsx",
     .action = "qa.cycles",
     .handler = results_xlsx},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/returns",
     .action = "qa.returns",
     .handler = list_returns,
     .page = "assurance/returns",
     .api_pattern = "/api/v1/qa/returns"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/returns/{id:int}",
     .action = "qa.return.read",
     .handler = show_return,
     .page = "assurance/return",
     .api_pattern = "/api/v1/qa/returns/{id:int}"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/returns/{id:int}/standards/{standard:slug}",
     .action = "qa.return.update",
     .handler = standard_form,
     .page = "assurance/standard"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/standards/{standard:slug}",
     .action = "qa.return.update",
     .handler = save_score,
     .page = "assurance/standard",
     .body = score_fields,
     .redisplay = standard_form,
     .api_pattern = "/api/v1/qa/returns/{id:int}/standards/{standard:slug}"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/submit",
     .action = "qa.return.update",
     .handler = submit_return,
     .page = "assurance/return",
     .body = submit_fields,
     .redisplay = show_return,
     .api_pattern = "/api/v1/qa/returns/{id:int}/submit"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/standards/{standard:slug}/moderate",
     .action = "qa.moderate",
     .handler = moderate,
     .page = "assurance/return",
     .body = moderate_fields,
     .redisplay = show_return,
     .api_pattern = "/api/v1/qa/returns/{id:int}/standards/{standard:slug}/moderate"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/challenges",
     .action = "qa.moderate",
     .handler = ask_question,
     .page = "assurance/return",
     .body = question_fields,
     .redisplay = show_return,
     .api_pattern = "/api/v1/qa/returns/{id:int}/challenges"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/returns/{id:int}/challenges/{question:int}/answer",
     .action = "qa.return.update",
     .handler = answer_form,
     .page = "assurance/answer"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/returns/{id:int}/actions/{action:int}",
     .action = "qa.return.update",
     .handler = action_form,
     .page = "assurance/action"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/challenges/{question:int}/answer",
     .action = "qa.return.update",
     .handler = answer_question,
     .page = "assurance/answer",
     .body = answer_fields,
     .redisplay = answer_form,
     .api_pattern = "/api/v1/qa/returns/{id:int}/challenges/{question:int}/answer"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/actions",
     .action = "qa.return.update",
     .handler = add_action,
     .page = "assurance/return",
     .body = action_fields,
     .redisplay = show_return,
     .api_pattern = "/api/v1/qa/returns/{id:int}/actions"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/actions/{action:int}",
     .action = "qa.return.update",
     .handler = update_action,
     .page = "assurance/action",
     .body = action_update_fields,
     .redisplay = action_form,
     .api_pattern = "/api/v1/qa/returns/{id:int}/actions/{action:int}"},
    /* evidence documents on a return's standards (areas/documents/attach.h) */
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/return-standards/{id:int}",
     .action = "qa.evidence.read",
     .handler = show_return_standard},
    DOCUMENTS_ROUTES("/quality-assurance/return-standards/{id:int}", "qa.evidence.attach"),
    /* multi-agency case audits (case_audits.c) */
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/case-audits",
     .action = "qa.case_audits",
     .handler = case_audits_list,
     .page = "assurance/case_audits",
     .api_pattern = "/api/v1/qa/case-audits"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/case-audits/new",
     .action = "qa.case_audit.create",
     .handler = case_audit_new_form,
     .page = "assurance/new_case_audit"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/case-audits",
     .action = "qa.case_audit.create",
     .handler = case_audit_create,
     .page = "assurance/new_case_audit",
     .body = case_audit_input,
     .redisplay = case_audit_new_form,
     .api_pattern = "/api/v1/qa/case-audits"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/case-audits/{id:int}",
     .action = "qa.case_audit.read",
     .handler = case_audit_show,
     .page = "assurance/case_audit",
     .api_pattern = "/api/v1/qa/case-audits/{id:int}"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/case-audits/{id:int}/children/{child:int}/findings",
     .action = "qa.case_audit.findings",
     .handler = case_finding_form,
     .page = "assurance/case_finding"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/case-audits/{id:int}/children/{child:int}/findings",
     .action = "qa.case_audit.findings",
     .handler = case_audit_record_finding,
     .page = "assurance/case_finding",
     .body = case_finding_fields,
     .redisplay = case_finding_form,
     .api_pattern = "/api/v1/qa/case-audits/{id:int}/children/{child:int}/findings"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/case-audits/{id:int}/children/{child:int}/grade",
     .action = "qa.case_audit.panel",
     .handler = case_grade_form,
     .page = "assurance/case_grade"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/case-audits/{id:int}/children/{child:int}/grade",
     .action = "qa.case_audit.panel",
     .handler = case_audit_grade,
     .page = "assurance/case_grade",
     .body = case_grade_fields,
     .redisplay = case_grade_form,
     .api_pattern = "/api/v1/qa/case-audits/{id:int}/children/{child:int}/grade"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/case-audits/{id:int}/actions",
     .action = "qa.case_audit.panel",
     .handler = case_audit_add_action,
     .page = "assurance/case_audit",
     .body = case_action_input,
     .redisplay = case_audit_show,
     .api_pattern = "/api/v1/qa/case-audits/{id:int}/actions"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/case-audits/{audit:int}/actions/{id:int}",
     .action = "qa.case_audit.action",
     .handler = case_action_form,
     .page = "assurance/case_action"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/case-audits/{audit:int}/actions/{id:int}",
     .action = "qa.case_audit.action",
     .handler = case_audit_update_action,
     .page = "assurance/case_action",
     .body = case_action_update_fields,
     .redisplay = case_action_form,
     .api_pattern = "/api/v1/qa/case-audits/{audit:int}/actions/{id:int}"},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default. No child is named in any of it. */
static const struct policy_rule access[] = {
    /* counts and submitted scores across agencies: the partnership and its independent scrutiny */
    {.action = "qa.cycles", .roles = ROLE_PARTNERSHIP | ROLE_SCRUTINEER},
    {.action = "qa.manage", .roles = ROLE_PARTNERSHIP, .audited = true},
    {.action = "qa.returns", .roles = ROLE_AGENCY_PEOPLE},
    {.action = "qa.return.read",
     .roles = ROLE_AGENCY_PEOPLE | ROLE_PARTNERSHIP,
     .resource = "qa_return",
     .every_record = ROLE_PARTNERSHIP},
    {.action = "qa.return.update", .roles = ROLE_AGENCY_PEOPLE, .resource = "qa_return", .audited = true},
    {.action = "qa.moderate",
     .roles = ROLE_PARTNERSHIP,
     .resource = "qa_return",
     .every_record = ROLE_PARTNERSHIP,
     .audited = true},
    /* a standard's evidence documents: seen as its scores are (the agency's own, the partnership's once
     * submitted: the record's relationship says so), attached by the agency while its return is a draft */
    {.action = "qa.evidence.read",
     .roles = ROLE_AGENCY_PEOPLE | ROLE_PARTNERSHIP,
     .resource = "qa_return_standard",
     .audited = true},
    {.action = "qa.evidence.attach",
     .roles = ROLE_AGENCY_PEOPLE,
     .resource = "qa_draft_standard",
     .audited = true},
    /* case audits name children: need to know, so only the people named for an audit reach it, and
     * every read and change is audited */
    {.action = "qa.case_audits", .roles = ROLE_AGENCY_PEOPLE | ROLE_PARTNERSHIP},
    {.action = "qa.case_audit.create", .roles = ROLE_PARTNERSHIP, .audited = true},
    {.action = "qa.case_audit.read",
     .roles = ROLE_AGENCY_PEOPLE | ROLE_PARTNERSHIP,
     .resource = "qa_case_audit",
     .audited = true},
    {.action = "qa.case_audit.findings",
     .roles = ROLE_AGENCY_PEOPLE,
     .resource = "qa_case_audit",
     .audited = true,
     .shown_as = "qa.case_audit.read"},
    {.action = "qa.case_audit.panel",
     .roles = ROLE_PARTNERSHIP,
     .resource = "qa_case_audit",
     .audited = true,
     .shown_as = "qa.case_audit.read"},
    /* an agreed action names no child: its owner (named for the audit) moves it on, audited */
    {.action = "qa.case_audit.action",
     .roles = ROLE_AGENCY_PEOPLE | ROLE_PARTNERSHIP,
     .resource = "qa_case_audit_action",
     .audited = true},
    {0},
};

static const struct area_link links[] = {
    {.section = "Quality and assurance",
     .action = "qa.cycles",
     .href = "/quality-assurance/cycles",
     .text = "Audit cycles: Section 11 and Section 175/157",
     .place = 10},
    {.section = "Quality and assurance",
     .action = "qa.returns",
     .href = "/quality-assurance/returns",
     .text = "Your agency's self-assessments",
     .place = 20},
    {.section = "Quality and assurance",
     .action = "qa.manage",
     .href = "/quality-assurance/standards",
     .text = "Quality assurance standards: publish a new version",
     .place = 30},
    {.section = "Quality and assurance",
     .action = "qa.case_audits",
     .href = "/quality-assurance/case-audits",
     .text = "Multi-agency case audits you are named for",
     .place = 40},
    {0},
};

const struct area area_assurance = {
    .name = "assurance",
    .figures = assurance_published,
    .routes = routes,
    .access = access,
    .records = assurance_records,
    .links = links,
    .tasks = tasks,
    .chronology = assurance_case_audit_chronology,
    .commands = assurance_commands,
    .start = assurance_jobs_start,
    .stop = assurance_jobs_stop,
};
