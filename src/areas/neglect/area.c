/*
 * area.c (neglect) — one common neglect assessment tool across the
 * partnership (issue #18).
 *
 * The tool is versioned data in Haven's own words (tool.h,
 * docs/neglect-tool.md): areas of care, their sub-areas, and for each a
 * grade from 1 (best) to 5 (worst) with a descriptor per grade and age band.
 * The partnership publishes versions here or with `haven import
 * neglect-tool`. A practitioner whose agency is linked to a child assesses
 * by observation: a grade and evidence for each sub-area, the family's and
 * the child's voice, strengths, a summary and a review date. A draft can be
 * saved and finished later by whoever began it (or, once they no longer act
 * for the agency, by a colleague who takes it over); a finished assessment never
 * changes. Each assessment keeps the tool version it was begun under. A
 * child's page shows the first (baseline) and latest finished assessments
 * side by side, the change per area as a small chart with a table.
 *
 * Who may do what (the access table beside the routes):
 *   neglect.tool     anyone who works with children: the current tool
 *   neglect.assess   practitioners and others who work with children, for a
 *                    child their agency is linked to (else 404)
 *   neglect.child    the same: a child's assessments
 *   neglect.list     the same: their agency's own assessments
 *   neglect.read     an assessment: its own agency, and the agencies linked
 *                    to the child once it is finished (else 404)
 *   neglect.update   an assessment still a draft: whoever began it; one whose
 *                    author no longer acts for the agency (moved, disabled) a
 *                    colleague there may take over, becoming its author
 *   neglect.agree    a finished assessment, in an agency that asks for a
 *                    manager's agreement: a colleague of the assessor's
 *   neglect.publish  the partnership: the tool's versions
 *   neglect.figures  the partnership team: counts only (figures.c; the
 *                    scrutineer reads them suppressed on /scrutiny)
 * Every read of an assessment or a child's assessments is audited. The
 * partnership sees figures only, never an assessment.
 *
 * This file holds the tool's pages, the lists, a child's assessments side by
 * side, the task list and the route and access tables; one assessment's
 * pages are in assessments.c, the figures in figures.c.
 */
#include <stdio.h>
#include <string.h>

#include "app/area.h"
#include "app/owned_page.h"
#include "app/publish_version.h"
#include "app/task_rows.h"
#include "areas/children/store.h"
#include "areas/neglect/commands.h"
#include "areas/neglect/handlers.h"
#include "areas/neglect/store.h"
#include "areas/neglect/tool.h"
#include "auth/session.h"
#include "router/page.h"

#define MAX_DOCUMENT 1000000

/* ---- field specs ---- */

static const struct field_spec list_query[] = {PAGE_FIELDS, {0}};

static const struct field_spec publish_fields[] = {
    {.name = "document",
     .label = "the neglect tool document (JSON)",
     .type = FIELD_TEXT,
     .required = true,
     .max = MAX_DOCUMENT},
    {0},
};

/* ---- the agency's assessments ---- */

/* GET /neglect/assessments, GET /api/v1/neglect/assessments: the agency's own, newest first, paged. */
static enum haven_status agency_list(struct request *req, struct response *res)
{
	struct page page;
	json_t *rows;
	long long total;
	enum haven_status st;
	if (!owned_page_start(req, res, req->user->agency_id, neglect_store_agency_list, &page, &rows, &total,
	                      &st))
		return st;
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) json_object_set_new(
	    r, "finished", json_boolean(strcmp(field_text(r, "status"), "finished") == 0));
	json_t *model = json_pack("{s:s, s:o}", "title", "Your agency's neglect assessments", "total",
	                          page_count_json(total));
	page_finish(&page, req, model, "assessments", rows, "id", total, "assessments");
	/* the rows the page shows, once the extra one read to know there are more is gone */
	response_audit_records(res, "neglect_assessment", json_object_get(model, "assessments"), "id");
	response_set_model(res, model);
	return HAVEN_OK;
}

/* ---- a child's assessments, side by side ---- */

/* The chart's geometry: one row per area, a bar for the baseline and one for the latest. */
static void chart(json_t *change)
{
	size_t i;
	json_t *row;
	json_array_foreach(change, i, row)
	{
		json_int_t from = json_integer_value(json_object_get(row, "baseline"));
		json_int_t to = json_integer_value(json_object_get(row, "latest"));
		json_int_t y = 10 + (json_int_t)i * 44;
		json_object_set_new(row, "label_y", json_integer(y + 17));
		json_object_set_new(row, "baseline_y", json_integer(y));
		json_object_set_new(row, "latest_y", json_integer(y + 18));
		json_object_set_new(row, "baseline_width", json_integer(from * 60));
		json_object_set_new(row, "latest_width", json_integer(to * 60));
	}
}

/* GET /neglect/children/{id}, GET /api/v1/neglect/children/{id}: the child's assessments. */
static enum haven_status child_assessments(struct request *req, struct response *res)
{
	json_t *child = NULL, *rows = NULL;
	enum haven_status st =
	    children_linked_to_agency(req->user->agency_id, field_int(req->params, "id"), &child);
	if (st == HAVEN_OK)
		st = neglect_store_child_assessments(field_int(req->params, "id"), req->user->agency_id,
		                                     &rows);
	if (st != HAVEN_OK) {
		json_decref(child);
		return st;
	}
	response_audit_records(res, "neglect_assessment", rows, "id");
	/* the baseline is the first finished assessment, the latest the last: rows are in that order */
	const json_t *baseline = NULL, *latest = NULL;
	size_t i, finished = 0;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		bool done = strcmp(field_text(r, "status"), "finished") == 0;
		json_object_set_new(r, "finished", json_boolean(done));
		if (!done)
			continue;
		finished++;
		if (!baseline)
			baseline = r;
		latest = r;
	}
	json_t *model = json_pack("{s:s, s:o, s:o, s:b}", "title", "Neglect assessments", "child", child,
	                          "assessments", rows, "has_assessments", json_array_size(rows) > 0);
	if (finished >= 2) {
		/* the areas come from the latest's tool version: a later version may have renamed or added
		 * areas */
		json_t *doc = NULL, *version = NULL;
		long long tool_id;
		st = neglect_store_tool(field_int(latest, "tool_id"), &tool_id, &doc, &version);
		if (st == HAVEN_OK) {
			json_t *named_base = json_array(), *named_latest = json_array();
			const json_t *area;
			json_array_foreach(json_object_get(doc, "areas"), i, area)
			{
				const char *id = json_string_value(json_object_get(area, "id"));
				json_array_append_new(
				    named_base,
				    json_pack("{s:s, s:O, s:O?}", "id", id, "name",
				              json_object_get(area, "name"), "grade",
				              json_object_get(json_object_get(baseline, "area_grades"), id)));
				json_array_append_new(
				    named_latest,
				    json_pack("{s:s, s:O, s:O?}", "id", id, "name",
				              json_object_get(area, "name"), "grade",
				              json_object_get(json_object_get(latest, "area_grades"), id)));
			}
			bool improving = false;
			json_t *change = neglect_tool_change(named_base, named_latest, &improving);
			chart(change);
			json_object_set_new(model, "comparison",
			                    json_pack("{s:O, s:O, s:O, s:O, s:o, s:b, s:i}", "baseline_on",
			                              json_object_get(baseline, "assessed_on"), "latest_on",
			                              json_object_get(latest, "assessed_on"), "baseline_id",
			                              json_object_get(baseline, "id"), "latest_id",
			                              json_object_get(latest, "id"), "areas", change,
			                              "improving", improving, "chart_height",
			                              (int)(20 + json_array_size(change) * 44)));
			json_decref(named_base);
			json_decref(named_latest);
			json_decref(doc);
			json_decref(version);
		}
	}
	if (latest)
		json_object_set(model, "review_on", json_object_get(latest, "review_on"));
	response_set_model(res, model);
	return st;
}

/* ---- the tool and its versions ---- */

/* GET /neglect/tool, GET /api/v1/neglect/tool: the current version as published. */
static enum haven_status show_tool(struct request *req, struct response *res)
{
	long long id;
	json_t *doc = NULL, *version = NULL;
	enum haven_status st = neglect_store_tool(0, &id, &doc, &version);
	if (st != HAVEN_OK)
		return st;
	json_object_set_new(doc, "id", json_integer(id));
	if (!req->api) {
		/* each grade's own description, null for none: a missing one would show the tool's (Mustache
		 * looks a name up in the enclosing objects) */
		size_t i;
		json_t *g;
		json_array_foreach(json_object_get(doc, "grades"), i, g)
		{
			const char *d = field_text(g, "description");
			json_object_set_new(g, "grade_description", d ? json_string(d) : json_null());
		}
	}
	response_set_model(res, doc);
	json_decref(version);
	return HAVEN_OK;
}

/* GET /neglect/tool/versions, GET /api/v1/neglect/tool/versions.; and the page again when the
 * publish form fails its field specs or its checks. */
static enum haven_status list_versions(struct request *req, struct response *res)
{
	(void)req;
	return publish_version_list(res, "Neglect tool versions", neglect_store_versions);
}

static enum haven_status publish_as_user(const struct request *req, const json_t *doc, long long *id)
{
	struct actor actor = auth_actor(req);
	return neglect_store_publish(doc, req->user->id, &actor, id);
}

static json_t *published_model(const json_t *doc, long long id)
{
	return json_pack("{s:I, s:O, s:I}", "id", (json_int_t)id, "version", json_object_get(doc, "version"),
	                 "sub_area_count", (json_int_t)neglect_tool_sub_area_count(doc));
}

/* POST /neglect/tool/versions, POST /api/v1/neglect/tool/versions: publish a new version. */
static enum haven_status publish(struct request *req, struct response *res)
{
	static const struct publish_version how = {
	    .name = "tool",
	    .check = neglect_tool_check,
	    .publish = publish_as_user,
	    .created = published_model,
	    .location = "/neglect/tool/versions",
	    .success = "The new version is published. New neglect assessments use it from now on"};
	return publish_version_answer(req, res, &how);
}

/* ---- tasks (app/area.h; the chronology is the store's, neglect_store_chronology) ---- */

/* The tasks an assessment waits on, each leading to its page (a draft to finish, to its form); only a
 * review is due on a day. */
static const struct task_rows finish_tasks = {.kind = "neglect.finish",
                                              .text = "Finish a neglect assessment",
                                              .record_type = "neglect_assessment",
                                              .href = "/neglect/assessments/",
                                              .href_after = "/edit"};
static const struct task_rows take_over_tasks = {.kind = "neglect.take_over",
                                                 .text = "Take over a neglect assessment draft",
                                                 .record_type = "neglect_assessment",
                                                 .href = "/neglect/assessments/"};
static const struct task_rows review_tasks = {.kind = "neglect.review",
                                              .text = "Review a neglect assessment",
                                              .record_type = "neglect_assessment",
                                              .due = "review_on",
                                              .href = "/neglect/assessments/"};
static const struct task_rows agree_tasks = {.kind = "neglect.agree",
                                             .text = "Agree a neglect assessment",
                                             .record_type = "neglect_assessment",
                                             .href = "/neglect/assessments/"};

/*
 * What waits for `user` in their agency, as other areas' task lists: work is the agency's, each step for
 * the roles that take it there (app/area.h), so a person moved to another agency leaves it behind and the
 * agency's own people are reminded. A draft is its author's (once they no longer act for the agency, any
 * colleague's there to take over); a review and an agreement are anyone's there. All of it only while the
 * agency works with the child, as opening it asks, so no task leads to a 404.
 */
static enum haven_status neglect_tasks(const struct user *user, json_t *tasks)
{
	if (!(user->roles & (policy_roles("neglect.update") | policy_roles("neglect.assess"))))
		return HAVEN_OK;
	json_t *drafts = NULL, *reviews = NULL;
	enum haven_status st = neglect_store_waiting(user->agency_id, user->id, &drafts, &reviews);
	if (st != HAVEN_OK)
		return st;
	if (user->roles & policy_roles("neglect.update")) {
		task_add_rows(tasks, drafts, &finish_tasks);
		/* a draft left by an author who no longer acts for the agency waits for a colleague to take
		 * it over (its page offers that), else it would wait for nobody */
		json_t *left = NULL;
		st = neglect_store_left_drafts(user->agency_id, &left);
		if (st != HAVEN_OK) {
			json_decref(drafts);
			json_decref(reviews);
			return st;
		}
		task_add_rows(tasks, left, &take_over_tasks);
		json_decref(left);
	}
	if (user->roles & policy_roles("neglect.assess"))
		task_add_rows(tasks, reviews, &review_tasks);
	json_decref(drafts);
	json_decref(reviews);
	if (!(user->roles & policy_roles("neglect.agree")))
		return HAVEN_OK;
	json_t *to_agree = NULL;
	st = neglect_store_to_agree(user->agency_id, user->id, &to_agree);
	if (st != HAVEN_OK)
		return st;
	task_add_rows(tasks, to_agree, &agree_tasks);
	json_decref(to_agree);
	return HAVEN_OK;
}

/* ---- routes ---- */

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/neglect/tool",
     .action = "neglect.tool",
     .handler = show_tool,
     .page = "neglect/tool",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/neglect/tool/versions",
     .action = "neglect.publish",
     .handler = list_versions,
     .page = "neglect/versions",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/neglect/tool/versions",
     .action = "neglect.publish",
     .handler = publish,
     .page = "neglect/versions",
     .body = publish_fields,
     .redisplay = list_versions,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/neglect/assessments",
     .action = "neglect.list",
     .handler = agency_list,
     .page = "neglect/list",
     .query = list_query,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/neglect/children/{id:int}",
     .action = "neglect.child",
     .handler = child_assessments,
     .page = "neglect/child",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/neglect/children/{id:int}/assessments/new",
     .action = "neglect.assess",
     .handler = neglect_assessment_new_form,
     .page = "neglect/form",
     .query = neglect_new_query},
    {.method = HTTP_POST,
     .pattern = "/neglect/children/{id:int}/assessments",
     .action = "neglect.assess",
     .handler = neglect_assessment_begin,
     .page = "neglect/form",
     .body = neglect_assessment_fields,
     .redisplay = neglect_assessment_begin_again,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/neglect/assessments/{id:int}",
     .action = "neglect.read",
     .handler = neglect_assessment_show,
     .page = "neglect/show",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/neglect/assessments/{id:int}/edit",
     .action = "neglect.update",
     .handler = neglect_assessment_edit_form,
     .page = "neglect/form"},
    {.method = HTTP_POST,
     .pattern = "/neglect/assessments/{id:int}",
     .action = "neglect.update",
     .handler = neglect_assessment_update,
     .page = "neglect/form",
     .body = neglect_assessment_fields,
     .redisplay = neglect_assessment_update_again,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/neglect/assessments/{id:int}/agreement",
     .action = "neglect.agree",
     .handler = neglect_assessment_agree,
     .page = "neglect/show",
     .body = neglect_agreement_fields,
     .redisplay = neglect_assessment_show,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/neglect/assessments/{id:int}/take-over",
     .action = "neglect.update",
     .handler = neglect_assessment_take_over,
     .page = "neglect/show",
     .body = neglect_take_over_fields,
     .redisplay = neglect_assessment_show,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/neglect/figures",
     .action = "neglect.figures",
     .handler = neglect_figures,
     .page = "neglect/figures",
     .query = neglect_figures_query,
     .redisplay = neglect_figures_redisplay,
     .api = true},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default. The partnership sees no assessment. */
#define ROLE_ASSESSORS (ROLE_CHILD_WORKERS & ~ROLE_PARTNERSHIP)
static const struct policy_rule access[] = {
    {.action = "neglect.tool", .roles = ROLE_CHILD_WORKERS},
    {.action = "neglect.publish", .roles = ROLE_PARTNERSHIP, .audited = true},
    {.action = "neglect.figures", .roles = ROLE_PARTNERSHIP},
    {.action = "neglect.child", .roles = ROLE_ASSESSORS, .resource = "child", .audited = true},
    {.action = "neglect.list", .roles = ROLE_ASSESSORS, .audited = true},
    {.action = "neglect.assess", .roles = ROLE_ASSESSORS, .resource = "child", .audited = true},
    {.action = "neglect.read", .roles = ROLE_ASSESSORS, .resource = "neglect_assessment", .audited = true},
    {.action = "neglect.update",
     .roles = ROLE_ASSESSORS,
     .resource = "neglect_assessment",
     .audited = true,
     .shown_as = "neglect.read"},
    {.action = "neglect.agree",
     .roles = ROLE_ASSESSORS,
     .resource = "neglect_assessment",
     .audited = true,
     .shown_as = "neglect.read"},
    {0},
};

static const struct area_link links[] = {
    {.section = "Children and families",
     .action = "neglect.tool",
     .href = "/neglect/tool",
     .text = "The neglect assessment tool",
     .place = 40},
    {.section = "Children and families",
     .action = "neglect.list",
     .href = "/neglect/assessments",
     .text = "Your agency's neglect assessments",
     .place = 39},
    {.section = "Children and families",
     .action = "neglect.publish",
     .href = "/neglect/tool/versions",
     .text = "Neglect tool versions",
     .place = 41},
    {.section = "Children and families",
     .action = "neglect.figures",
     .href = "/neglect/figures",
     .text = "Neglect assessment figures",
     .place = 42},
    {0},
};

/* On the child's record page: their neglect assessments, for an agency linked to the child. */
static const struct child_page_link child_links[] = {
    {.action = "neglect.child", .href = "/neglect/children/", .text = "This child's neglect assessments"},
    {0},
};

const struct area area_neglect = {
    .name = "neglect",
    .routes = routes,
    .access = access,
    .records = neglect_records,
    .links = links,
    .child_links = child_links,
    .tasks = neglect_tasks,
    .chronology = neglect_chronology,
    .subject_access = neglect_subject_access,
    .figures = neglect_published,
    .commands = neglect_commands,
    .load_demo = neglect_load_demo,
    /* needs nothing but the schema and the children's demo for assessments */
    .demo_order = 36,
};
