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
 * an agency see their own agency's returns only (another's is answered
 * 404), and its lead (agency administrator or DSL) completes them. The partnership may open any return, but a
 * draft's scores are shown only to its own agency until it is submitted.
 *
 * The partnership team also sets how often each kind of audit comes round
 * (qa.settings: whole months, 6 to 36), which the cycles page's next-due
 * dates follow; and a cycle's page marks each school with no designated
 * safeguarding lead on Haven, who alone completes its Section 175/157
 * return (the job's emails say so too: store.h), and each Section 11 agency
 * with no agency administrator or DSL to get its reminders.
 *
 * Pages under /quality-assurance, their JSON twins under /api/v1/qa. This
 * file holds the standards, the settings and results and the route and
 * access tables; the cycles' pages are in cycles.c, the task list in
 * tasks.c, an agency's return in returns.c,
 * multi-agency case audits in case_audits.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "app/publish_version.h"
#include "app/record_answer.h"
#include "areas/assurance/published.h"
#include "areas/assurance/case_audit_handlers.h"
#include "areas/assurance/case_audits.h"
#include "areas/assurance/cycle_handlers.h"
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
#include "auth/policy.h"
#include "auth/session.h"
#include "core/buf.h"
#include "core/calendar.h"
#include "core/csv.h"
#include "core/stats.h"
#include "core/xlsx.h"
#include "view/chosen_option.h"

/* Everyone who works in an agency and may complete its return (not the partnership's own roles). */
#define ROLE_AGENCY_PEOPLE                                                                                   \
	(ROLE_PRACTITIONER | ROLE_FRONT_DOOR | ROLE_POLICE | ROLE_DSL | ROLE_IDVA | ROLE_AGENCY_ADMIN)
/* Those who complete (score and submit) their agency's return: its leads, to whom the reminders go too
 * (job_emails_sqlite.c: an agency's administrators and DSLs), never every one of its people. */
#define ROLE_RETURN_LEADS (ROLE_AGENCY_ADMIN | ROLE_DSL)
/* Those who may audit a child's case: the agency roles that work with children's records (never an
 * agency administrator, who sees no child), as case_audits_sqlite.c checks when they are named. */
#define ROLE_CASE_AUDITORS (ROLE_CHILD_WORKERS & ~ROLE_PARTNERSHIP)

/* ---- field specs ---- */

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

/* The partnership's audit intervals, whole months. The router checks each is a whole number; the handler
 * (change_settings) says the same words for one left out or out of range, naming each field. */
static const struct field_spec settings_fields[] = {
    {.name = "section11_months", .label = "the months between Section 11 returns", .type = FIELD_INT},
    {.name = "section175_months", .label = "the months between Section 175/157 returns", .type = FIELD_INT},
    {0},
};

/* ---- standards ---- */

/*
 * A page of the published standard sets, each with its kind's label: its
 * title, the sets, and under `any_key` whether there are any. With `chosen`
 * (the form's "standards" sent), that set is marked selected, so the form
 * shown again after an error keeps the kind of cycle chosen, never silently
 * the first set.
 */
enum haven_status assurance_standard_sets_page(struct response *res, const char *title, const char *any_key,
                                               const json_t *chosen)
{
	json_t *sets = NULL;
	enum haven_status st = assurance_standard_sets(&sets);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *s;
	json_array_foreach(sets, i, s) assurance_label_kind(s);
	if (chosen)
		chosen_option_mark(sets, "id", chosen);
	response_set_model(res, json_pack("{s:s, s:o, s:b}", "title", title, "standard_sets", sets, any_key,
	                                  json_array_size(sets) > 0));
	return HAVEN_OK;
}

/* GET /quality-assurance/standards, GET /api/v1/qa/standards (qa.manage): the published sets, and the form.
 */
static enum haven_status list_standards(struct request *req, struct response *res)
{
	(void)req;
	return assurance_standard_sets_page(res, "Quality assurance standards", "found", NULL);
}

static enum haven_status publish_as_user(const struct request *req, const json_t *doc, long long *id)
{
	struct actor actor = auth_actor(req);
	return assurance_publish(doc, &actor, id);
}

/* The set published, as the standards page lists it. */
static json_t *published_model(const json_t *doc, long long id)
{
	json_t *set =
	    json_pack("{s:I, s:O, s:O, s:O, s:I}", "id", (json_int_t)id, "kind", json_object_get(doc, "kind"),
	              "version", json_object_get(doc, "version"), "title", json_object_get(doc, "title"),
	              "standards", (json_int_t)json_array_size(json_object_get(doc, "standards")));
	assurance_label_kind(set);
	return set;
}

/*
 * POST /quality-assurance/standards, POST /api/v1/qa/standards (qa.manage):
 * publishes a standards document sent as text, checked whole by the checker
 * `haven import qa-standards` uses, each problem named by its JSON path; a
 * document with any problem changes nothing.
 */
static enum haven_status publish_standards(struct request *req, struct response *res)
{
	static const struct publish_version how = {.name = "standards document",
	                                           .check = assurance_standards_check,
	                                           .publish = publish_as_user,
	                                           .version_of = " of these standards",
	                                           .created = published_model,
	                                           .location = "/quality-assurance/standards"};
	return publish_version_answer(req, res, &how);
}

/* ---- the partnership's settings ---- */

/* GET /quality-assurance/settings, GET /api/v1/qa/settings (qa.settings), and the form again after errors. */
static enum haven_status settings_form(struct request *req, struct response *res)
{
	(void)req;
	json_t *settings = NULL;
	enum haven_status st = assurance_settings(&settings);
	if (st == HAVEN_OK)
		response_set_model(res, json_pack("{s:s, s:o}", "title", "Quality assurance settings",
		                                  "settings", settings));
	return st;
}

/* The months sent as `name`, or 0 (refused, naming the field) if it was left out or is out of range. */
static int months_sent(const struct request *req, struct response *res, const char *name)
{
	const json_t *v = json_object_get(req->input, name);
	json_int_t months = json_is_integer(v) ? json_integer_value(v) : 0;
	if (months < ASSURANCE_MONTHS_MIN || months > ASSURANCE_MONTHS_MAX) {
		response_error(res, name, "Enter a whole number of months from 6 to 36");
		return 0;
	}
	return (int)months;
}

/* POST /quality-assurance/settings, POST /api/v1/qa/settings (qa.settings): both intervals at once; a bad
 * one changes neither. */
static enum haven_status change_settings(struct request *req, struct response *res)
{
	struct assurance_intervals every = {months_sent(req, res, "section11_months"),
	                                    months_sent(req, res, "section175_months")};
	if (!every.section11_months || !every.section175_months)
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	enum haven_status st = assurance_set_intervals(&every, &actor);
	if (st == HAVEN_OK)
		response_done(res, settings_form, "/quality-assurance/settings");
	return st;
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
	calendar_london_today_text(day);
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
	return record_answer(req, res, results_model);
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
     .handler = cycle_list,
     .page = "assurance/cycles",
     .query = cycle_list_query,
     .api_pattern = "/api/v1/qa/cycles"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/settings",
     .action = "qa.settings",
     .handler = settings_form,
     .page = "assurance/settings",
     .api_pattern = "/api/v1/qa/settings"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/settings",
     .action = "qa.settings",
     .handler = change_settings,
     .page = "assurance/settings",
     .body = settings_fields,
     .redisplay = settings_form,
     .api_pattern = "/api/v1/qa/settings"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/cycles/new",
     .action = "qa.manage",
     .handler = cycle_new_form,
     .page = "assurance/new_cycle"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/cycles",
     .action = "qa.manage",
     .handler = cycle_open,
     .page = "assurance/new_cycle",
     .body = cycle_open_fields,
     .redisplay = cycle_new_form,
     .api_pattern = "/api/v1/qa/cycles"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/cycles/{id:int}",
     .action = "qa.cycles",
     .handler = cycle_show,
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
     .handler = return_list,
     .page = "assurance/returns",
     .api_pattern = "/api/v1/qa/returns"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/returns/{id:int}",
     .action = "qa.return.read",
     .handler = return_show,
     .page = "assurance/return",
     .api_pattern = "/api/v1/qa/returns/{id:int}"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/returns/{id:int}/standards/{standard:slug}",
     .action = "qa.return.complete",
     .handler = return_standard_form,
     .page = "assurance/standard"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/standards/{standard:slug}",
     .action = "qa.return.complete",
     .handler = return_save_score,
     .page = "assurance/standard",
     .body = return_score_fields,
     .redisplay = return_standard_form,
     .api_pattern = "/api/v1/qa/returns/{id:int}/standards/{standard:slug}"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/submit",
     .action = "qa.return.complete",
     .handler = return_submit,
     .page = "assurance/return",
     .body = return_submit_fields,
     .redisplay = return_show,
     .api_pattern = "/api/v1/qa/returns/{id:int}/submit"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/standards/{standard:slug}/moderate",
     .action = "qa.moderate",
     .handler = return_moderate,
     .page = "assurance/return",
     .body = return_moderate_fields,
     .redisplay = return_show,
     .api_pattern = "/api/v1/qa/returns/{id:int}/standards/{standard:slug}/moderate"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/moderation",
     .action = "qa.moderate",
     .handler = return_confirm_moderation,
     .page = "assurance/return",
     .redisplay = return_show,
     .api_pattern = "/api/v1/qa/returns/{id:int}/moderation"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/challenges",
     .action = "qa.moderate",
     .handler = return_ask_question,
     .page = "assurance/return",
     .body = return_question_fields,
     .redisplay = return_show,
     .api_pattern = "/api/v1/qa/returns/{id:int}/challenges"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/returns/{id:int}/challenges/{question:int}/answer",
     .action = "qa.return.update",
     .handler = return_answer_form,
     .page = "assurance/answer"},
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/returns/{id:int}/actions/{action:int}",
     .action = "qa.return.update",
     .handler = return_action_form,
     .page = "assurance/action"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/challenges/{question:int}/answer",
     .action = "qa.return.update",
     .handler = return_answer_question,
     .page = "assurance/answer",
     .body = return_answer_fields,
     .redisplay = return_answer_form,
     .api_pattern = "/api/v1/qa/returns/{id:int}/challenges/{question:int}/answer"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/actions",
     .action = "qa.return.update",
     .handler = return_add_action,
     .page = "assurance/return",
     .body = return_action_fields,
     .redisplay = return_show,
     .api_pattern = "/api/v1/qa/returns/{id:int}/actions"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/returns/{id:int}/actions/{action:int}",
     .action = "qa.return.update",
     .handler = return_update_action,
     .page = "assurance/action",
     .body = return_action_update_fields,
     .redisplay = return_action_form,
     .api_pattern = "/api/v1/qa/returns/{id:int}/actions/{action:int}"},
    /* evidence documents on a return's standards (areas/documents/attach.h) */
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/return-standards/{id:int}",
     .action = "qa.evidence.read",
     .handler = return_standard_show},
    /* DOCUMENTS_ROUTES, the form with its own example of what a return's evidence is */
    {.method = HTTP_GET,
     .pattern = "/quality-assurance/return-standards/{id:int}/documents/new",
     .action = "qa.evidence.attach",
     .handler = return_evidence_form,
     .page = "documents/new"},
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/return-standards/{id:int}/documents",
     .action = "qa.evidence.attach",
     .handler = documents_upload,
     .page = "documents/new",
     .body = documents_upload_fields,
     .redisplay = return_evidence_form,
     .max_file = DOCUMENT_MAX_BYTES,
     .api = true},
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
    {.method = HTTP_POST,
     .pattern = "/quality-assurance/case-audits/{id:int}/findings-due",
     .action = "qa.case_audit.panel",
     .handler = case_audit_findings_due,
     .page = "assurance/case_audit",
     .body = case_findings_due_fields,
     .redisplay = case_audit_show,
     .api_pattern = "/api/v1/qa/case-audits/{id:int}/findings-due"},
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
    /* the partnership's settings (how often each kind of audit comes round): its team, as qa.manage */
    {.action = "qa.settings", .roles = ROLE_PARTNERSHIP, .audited = true},
    {.action = "qa.returns", .roles = ROLE_AGENCY_PEOPLE},
    {.action = "qa.return.read",
     .roles = ROLE_AGENCY_PEOPLE | ROLE_PARTNERSHIP,
     .resource = "qa_return",
     .every_record = ROLE_PARTNERSHIP},
    /* scoring and submitting: the agency's lead, not any of its people (a practitioner at a hospital does
     * not submit the trust's self-assessment). Section 11's lead is the one its reminders go to: its
     * agency administrator on Haven (a trust's safeguarding lead, a force's head of safeguarding), or a
     * DSL; a school's Section 175/157 audit is completed by its DSL only (the record type says so, per
     * kind). Challenges and actions stay the agency's people's */
    {.action = "qa.return.complete",
     .roles = ROLE_RETURN_LEADS,
     .resource = "qa_return_to_complete",
     .audited = true},
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
     .roles = ROLE_CHILD_WORKERS,
     .resource = "qa_case_audit",
     .audited = true},
    {.action = "qa.case_audit.findings",
     .roles = ROLE_CASE_AUDITORS,
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
     .action = "qa.settings",
     .href = "/quality-assurance/settings",
     .text = "Quality assurance settings: how often agencies and schools are audited",
     .place = 35},
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
    .tasks = assurance_tasks,
    .chronology = assurance_case_audit_chronology,
    .subject_access = assurance_subject_access,
    .commands = assurance_commands,
    .load_demo = assurance_load_demo,
    /* needs the agencies, the demo accounts and the children (Sam and Jo are in the case audit) */
    .demo_order = 38,
    .job = &assurance_reminders_job,
};
