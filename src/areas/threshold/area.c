/*
 * area.c (threshold) — the levels-of-need tool and its framework.
 *
 * A practitioner picks the child's age band and local authority, ticks the
 * indicators they have seen (grouped by domain and dimension, with
 * examples, searchable), and is shown the suggested level, why, the expected
 * course of action and the local route with its contacts. They record their
 * own judgement (a reason is required if it differs from the suggestion);
 * the decision names the framework version it was made under. At Level 3 or
 * 4 the confirmation leads to a request for support (the support area).
 * Opened from an IDVA referral's household for one of its children
 * (?referral=R&child=C), the tool names the child, chooses their age band
 * and area, and the decision is recorded as made for them (child_carried).
 * The partnership publishes new versions of the framework here; the tool
 * always uses the newest, and earlier decisions keep theirs.
 *
 * Who may do what (the access table beside the routes):
 *   threshold.use      any role that works with children: the tool, the API,
 *                      and their own decisions (anyone else's is answered 404)
 *   framework.publish  the partnership: the versions page and publishing
 *
 * Pages work without JavaScript. Searching the indicators is a submit of
 * the same form (POST, so what is typed never reaches a URL or a log); ticks
 * hidden by the search travel as hidden fields, so nothing ticked is lost.
 * The page forms accept their values as text and check them here rather
 * than in the field specs, because a field-spec failure redisplays a page
 * without the ticks; the API's specs are typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/policy.h"
#include "app/area.h"
#include "app/publish_version.h"
#include "areas/children/merged.h"
#include "areas/provide/provide.h"
#include "areas/threshold/commands.h"
#include "areas/threshold/framework.h"
#include "areas/threshold/framework_priorities.h"
#include "areas/threshold/store.h"
#include "areas/threshold/threshold.h"
#include "auth/audit.h"
#include "auth/session.h"
#include "auth/user.h"
#include "router/errors.h"

#define MAX_TICKS 1000 /* as many as a framework may have indicators */
#define MAX_DOCUMENT 1000000
/* What recording a decision says, once, as the decision page's confirmation panel. */
#define DECISION_RECORDED "Your decision is recorded"

/* ---- field specs ---- */

static const char *const tool_actions[] = {"filter", "suggest", NULL};

/*
 * What the tool's page and a decision from it both send: the framework, the
 * child's age band and area; and the indicators ticked. (Laid out by hand:
 * the formatter's layout of a macro reads worse.)
 */
/* clang-format off */
#define TOOL_CHILD_FIELDS                                                                                    \
	{.name = "framework_id", .label = "the framework version", .type = FIELD_INT, .min = 1,              \
	 .max = 9007199254740991LL},                                                                         \
	{.name = "age_band", .label = "the child's age band", .type = FIELD_TEXT, .max = 100},               \
	{.name = "la_code", .label = "the local authority", .type = FIELD_TEXT, .max = 10}
#define FOR_CHILD_FIELDS                                                                                     \
	{.name = "referral", .label = "the Operation Provide referral", .type = FIELD_INT, .min = 1,         \
	 .max = 9007199254740991LL},                                                                         \
	{.name = "child", .label = "the child of the household", .type = FIELD_INT, .min = 1,                \
	 .max = 9007199254740991LL}
#define TOOL_INDICATORS_FIELD                                                                                \
	{.name = "indicators", .label = "the indicators you have seen", .type = FIELD_TEXT, .multiple = true, \
	 .max = 100}
/* clang-format on */

/* The tool's address may name the child it is used for (from an IDVA referral's household). */
static const struct field_spec tool_query[] = {FOR_CHILD_FIELDS, {0}};

static const struct field_spec tool_fields[] = {
    TOOL_CHILD_FIELDS,
    FOR_CHILD_FIELDS,
    {.name = "q", .label = "the words to search for", .type = FIELD_TEXT, .max = 200},
    TOOL_INDICATORS_FIELD,
    {.name = "action", .label = "what to do", .type = FIELD_CHOICE, .choices = tool_actions},
    {0},
};

static const struct field_spec decision_fields[] = {
    TOOL_CHILD_FIELDS,
    FOR_CHILD_FIELDS,
    TOOL_INDICATORS_FIELD,
    {.name = "chosen_level",
     .label = "the level you judge the child's needs to be at",
     .type = FIELD_TEXT,
     .max = 10},
    {.name = "chosen_reason", .label = "why your judgement differs", .type = FIELD_TEXT, .max = 5000},
    {0},
};

static const struct field_spec api_suggestion_fields[] = {
    {.name = "age_band", .label = "the child's age band", .type = FIELD_TEXT, .max = 100},
    {.name = "la_code", .label = "the local authority's code", .type = FIELD_INT, .min = 1, .max = 999},
    {.name = "indicators", .label = "the indicators seen", .type = FIELD_TEXT, .multiple = true, .max = 100},
    {0},
};

static const struct field_spec api_assessment_fields[] = {
    FOR_CHILD_FIELDS,
    {.name = "age_band", .label = "the child's age band", .type = FIELD_TEXT, .max = 100},
    {.name = "la_code", .label = "the local authority's code", .type = FIELD_INT, .min = 1, .max = 999},
    {.name = "indicators", .label = "the indicators seen", .type = FIELD_TEXT, .multiple = true, .max = 100},
    {.name = "chosen_level",
     .label = "the level you judge the child's needs to be at",
     .type = FIELD_INT,
     .min = 1,
     .max = 10},
    {.name = "chosen_reason", .label = "why your judgement differs", .type = FIELD_TEXT, .max = 5000},
    {0},
};

static const struct field_spec publish_fields[] = {
    {.name = "document",
     .label = "the framework document (JSON)",
     .type = FIELD_TEXT,
     .required = true,
     .max = MAX_DOCUMENT},
    {0},
};

/* ---- helpers ---- */

/* An integer input given as a JSON integer (API) or as text (forms): 0 if absent, -1 if not a number. */
static long long input_int(const json_t *in, const char *name)
{
	const json_t *v = json_object_get(in, name);
	if (!v)
		return 0;
	if (json_is_integer(v))
		return json_integer_value(v);
	const char *s = json_string_value(v);
	if (!s || !*s)
		return 0;
	char *end = NULL;
	long long n = strtoll(s, &end, 10);
	return end && *end == '\0' && n > 0 && n < 1000000 ? n : -1;
}

static const char *name_of(const json_t *v)
{
	const char *s = json_string_value(json_object_get(v, "name"));
	return s ? s : "";
}

/* The ticked indicator ids from the input, as a new array (at most MAX_TICKS, no repeats). */
static json_t *ticked_ids(const json_t *in)
{
	json_t *out = json_array();
	const json_t *list = json_object_get(in, "indicators");
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
	{
		bool seen = false;
		size_t j;
		json_t *w;
		json_array_foreach(out, j, w) seen = seen || json_equal(v, w);
		if (!seen && json_is_string(v) && json_array_size(out) < MAX_TICKS)
			json_array_append(out, v);
	}
	return out;
}

static bool in_list(const json_t *list, const char *id)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i,
	                   v) if (json_is_string(v) && strcmp(json_string_value(v), id) == 0) return true;
	return false;
}

/*
 * The child the tool is used for, when the journey started from an IDVA
 * referral's household ("referral" and "child", which every form of the
 * tool carries along): asked of the provide area at each step, so another
 * child, or a referral the person does not work, is answered 404 as if
 * neither existed. *child is NULL when the tool is used on its own (no
 * child is named in it then). The child's name is shown: a read of their
 * data, on the audit trail.
 */
static enum haven_status child_carried(const struct request *req, struct response *res, json_t **child)
{
	*child = NULL;
	long long referral = field_int(req->input, "referral"), id = field_int(req->input, "child");
	if (!referral && !id)
		return HAVEN_OK;
	enum haven_status st = provide_household_child(req->user, referral, id, child);
	if (st == HAVEN_OK)
		response_audit_record(res, "child", id);
	return st;
}

/*
 * The age band of framework `doc` a child of `age` whole years is in, when
 * the band's id says its ages ("5-11"); NULL if none says so (the person
 * chooses).
 */
static const char *band_for_age(const json_t *doc, const json_t *age)
{
	if (!json_is_integer(age))
		return NULL;
	long long years = json_integer_value(age);
	size_t i;
	json_t *band;
	json_array_foreach(json_object_get(doc, "age_bands"), i, band)
	{
		const char *id = json_string_value(json_object_get(band, "id"));
		long long from, to;
		char end;
		if (id && sscanf(id, "%lld-%lld%c", &from, &to, &end) == 2 && from <= years && years <= to)
			return id;
	}
	return NULL;
}

/* The current framework, or a page that says none is published (HAVEN_ERR_NOT_FOUND). */
static enum haven_status current(long long *id, json_t **doc, json_t **version)
{
	return threshold_store_framework(0, id, doc, version);
}

/* The refusal of ticks made against a version that is no longer the current one. */
static const char framework_changed[] =
    "A new version of the levels-of-need framework was published while you were using the tool: check the "
    "indicators you ticked and try again";

/* One use of the tool: the current framework (its id, document and version) and the child it is for. */
struct tool_use {
	long long fid;
	json_t *doc, *version, *child;
};

/* The child carried (child_carried) and the current framework, as every use of the tool starts; on failure
 * neither is held. */
static enum haven_status tool_start(const struct request *req, struct response *res, struct tool_use *t)
{
	*t = (struct tool_use){0};
	enum haven_status st = child_carried(req, res, &t->child);
	if (st == HAVEN_OK)
		st = current(&t->fid, &t->doc, &t->version);
	if (st != HAVEN_OK) {
		json_decref(t->child);
		t->child = NULL;
	}
	return st;
}

/* The child the tool is used for (child_carried, taken), named on the page the handler answers with. */
static void name_child(struct response *res, json_t *child)
{
	if (child && res->model)
		json_object_set(res->model, "for_child", child);
	json_decref(child);
}

/* The end of a use of the tool: its child named (name_child), its framework let go. */
static void tool_end(struct response *res, struct tool_use *t)
{
	name_child(res, t->child);
	json_decref(t->doc);
	json_decref(t->version);
}

/*
 * The suggestion for the ticks, age band and local authority posted in `in`
 * (threshold_evaluate): a new object, or NULL with the reasons in `errors`,
 * as when the ticks were drawn from a version no longer current (`stale`:
 * nothing is evaluated). The ticks go in *ticks (new) if it is not NULL.
 */
static json_t *suggestion_for(const json_t *in, const json_t *doc, bool stale, json_t *errors, json_t **ticks)
{
	json_t *ticked = ticked_ids(in), *result = NULL;
	if (stale)
		errors_add(errors, "indicators", framework_changed);
	else
		result = threshold_evaluate(doc, field_text(in, "age_band"), input_int(in, "la_code"), ticked,
		                            errors);
	if (ticks)
		*ticks = ticked;
	else
		json_decref(ticked);
	return result;
}

/* ---- the tool's form ---- */

/*
 * The model of the tool's first page: the choices, and the indicators to
 * show (those matching the search and the age band, if chosen) grouped by
 * domain and dimension, each ticked as `in` says; ticked ones not shown are
 * listed in "kept" for hidden fields.
 */
static json_t *tool_model(long long fid, const json_t *doc, const json_t *version, const json_t *in)
{
	const char *band = field_text(in, "age_band");
	long long la = input_int(in, "la_code");
	const char *q = field_text(in, "q");
	json_t *ticks = ticked_ids(in);

	json_t *bands = json_array();
	size_t i, j, k;
	json_t *v, *dim, *ind;
	json_array_foreach(json_object_get(doc, "age_bands"), i, v) json_array_append_new(
	    bands,
	    json_pack("{s:O, s:O, s:b}", "id", json_object_get(v, "id"), "name", json_object_get(v, "name"),
	              "selected", band && strcmp(band, json_string_value(json_object_get(v, "id"))) == 0));
	json_t *las = json_array();
	json_array_foreach(json_object_get(doc, "local_authorities"), i, v)
	    json_array_append_new(las, json_pack("{s:O, s:O, s:b}", "code", json_object_get(v, "code"),
	                                         "name", json_object_get(v, "name"), "selected",
	                                         json_integer_value(json_object_get(v, "code")) == la));

	bool age_known = band && threshold_age_band(doc, band);
	json_t *priority_names = threshold_priority_names();
	json_t *domains = json_array(), *kept = json_array();
	int shown = 0, total = 0;
	bool first = true;
	json_array_foreach(json_object_get(doc, "domains"), i, v)
	{
		json_t *dims = json_array();
		json_array_foreach(json_object_get(v, "dimensions"), j, dim)
		{
			json_t *items = json_array();
			json_array_foreach(json_object_get(doc, "indicators"), k, ind)
			{
				if (!json_equal(json_object_get(ind, "domain"), json_object_get(v, "id")) ||
				    !json_equal(json_object_get(ind, "dimension"),
				                json_object_get(dim, "id")))
					continue;
				total++;
				const char *id = json_string_value(json_object_get(ind, "id"));
				bool checked = in_list(ticks, id);
				bool visible = (!age_known || threshold_indicator_for_age(ind, band)) &&
				               threshold_indicator_matches(doc, ind, q);
				if (!visible) {
					if (checked)
						json_array_append_new(kept, json_string(id));
					continue;
				}
				shown++;
				long long level = json_integer_value(json_object_get(ind, "level"));
				json_t *tags = json_array();
				size_t t;
				json_t *tag;
				json_array_foreach(json_object_get(ind, "tags"), t, tag)
				{
					/* the priority's name as it is now; its key if it has gone */
					const char *label = json_string_value(
					    json_object_get(priority_names, json_string_value(tag)));
					json_array_append_new(
					    tags, json_pack("{s:s}", "label",
					                    label ? label : json_string_value(tag)));
				}
				json_array_append_new(
				    items,
				    json_pack("{s:s, s:b, s:O, s:O, s:I, s:s, s:o, s:b}", "id", id, "first",
				              first, "text", json_object_get(ind, "text"), "examples",
				              json_object_get(ind, "examples"), "level", (json_int_t)level,
				              "level_name", name_of(threshold_level(doc, level)), "tags",
				              tags, "checked", checked));
				first = false;
			}
			if (json_array_size(items))
				json_array_append_new(dims, json_pack("{s:O, s:O, s:o}", "id",
				                                      json_object_get(dim, "id"), "name",
				                                      json_object_get(dim, "name"),
				                                      "indicators", items));
			else
				json_decref(items);
		}
		if (json_array_size(dims))
			json_array_append_new(
			    domains, json_pack("{s:O, s:O, s:o}", "id", json_object_get(v, "id"), "name",
			                       json_object_get(v, "name"), "dimensions", dims));
		else
			json_decref(dims);
	}
	json_t *levels = json_array();
	json_array_foreach(json_object_get(doc, "levels"), i, v) json_array_append_new(
	    levels, json_pack("{s:O, s:O, s:O}", "number", json_object_get(v, "number"), "name",
	                      json_object_get(v, "name"), "description", json_object_get(v, "description")));
	bool filtered = (q && *q) || age_known;
	json_t *model = json_pack(
	    "{s:s, s:{s:I, s:O, s:O}, s:o, s:o, s:s, s:o, s:o, s:i, s:b, s:i, s:i, s:i, s:b, s:b, s:o}",
	    "title", "Levels of need", "framework", "id", (json_int_t)fid, "version", version, "title",
	    json_object_get(doc, "title"), "age_bands", bands, "local_authorities", las, "q", q ? q : "",
	    "domains", domains, "kept", kept, "kept_count", (int)json_array_size(kept), "has_kept",
	    json_array_size(kept) > 0, "shown_count", shown, "total_count", total, "ticked_count",
	    (int)json_array_size(ticks), "filtered", filtered, "none_shown", shown == 0, "levels", levels);
	json_decref(ticks);
	json_decref(priority_names);
	return model;
}

/*
 * GET /levels-of-need (?referral=R&child=C for a child of an IDVA
 * referral's household: their age band and local authority chosen from
 * their record), and the form again when a POST's fields fail their specs.
 */
static enum haven_status show_tool(struct request *req, struct response *res)
{
	struct tool_use t;
	enum haven_status st = tool_start(req, res, &t);
	if (st != HAVEN_OK)
		return st;
	json_t *in = req->input ? json_deep_copy(req->input) : json_object();
	if (t.child && !json_object_get(in, "age_band") && !json_object_get(in, "la_code")) {
		const char *band = band_for_age(t.doc, json_object_get(t.child, "age"));
		if (band)
			json_object_set_new(in, "age_band", json_string(band));
		json_object_set(in, "la_code", json_object_get(t.child, "la_code"));
	}
	response_set_model(res, tool_model(t.fid, t.doc, t.version, in));
	json_decref(in);
	tool_end(res, &t);
	return HAVEN_OK;
}

/* ---- the suggestion ---- */

/*
 * The model of the suggestion page: what threshold_evaluate found, the
 * levels to choose from (the suggested one marked), and the choices again as
 * hidden fields so the judgement is recorded against exactly these ticks.
 */
static json_t *result_model(long long fid, const json_t *doc, const json_t *version, const json_t *in,
                            json_t *result)
{
	long long suggested =
	    json_integer_value(json_object_get(json_object_get(result, "suggested_level"), "number"));
	long long chosen = input_int(in, "chosen_level");
	json_t *levels = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(doc, "levels"), i, v)
	{
		long long n = json_integer_value(json_object_get(v, "number"));
		json_array_append_new(levels,
		                      json_pack("{s:I, s:O, s:O, s:b, s:b, s:b}", "number", (json_int_t)n,
		                                "name", json_object_get(v, "name"), "description",
		                                json_object_get(v, "description"), "suggested",
		                                n == suggested, "checked", n == chosen, "first", i == 0));
	}
	/* the driving indicators first, then the others, each group as ticked */
	json_t *driving = json_array(), *others = json_array();
	json_array_foreach(json_object_get(result, "indicators"), i, v)
	    json_array_append(json_is_true(json_object_get(v, "driving")) ? driving : others, v);
	const json_t *route = json_object_get(result, "local_route");
	const char *band = json_string_value(json_object_get(json_object_get(result, "age_band"), "id"));
	json_t *ids = json_array();
	json_array_foreach(json_object_get(result, "indicators"), i, v)
	    json_array_append(ids, json_object_get(v, "id"));
	json_t *model = json_pack(
	    "{s:s, s:{s:I, s:O, s:O}, s:o, s:o, s:o, s:o, s:b, s:{s:s, s:I, s:o}}", "title",
	    "Suggested level of need", "framework", "id", (json_int_t)fid, "version", version, "title",
	    json_object_get(doc, "title"), "result", result, "levels", levels, "driving", driving, "others",
	    others, "has_others", json_array_size(others) > 0, "carry", "age_band", band ? band : "",
	    "la_code", json_integer_value(json_object_get(route, "la_code")), "indicators", ids);
	/* neglect indicators at Level 3 or above: the partnership's common neglect tool is the next step */
	json_object_set_new(model, "neglect_prompt",
	                    json_boolean(threshold_prompts_neglect(json_object_get(result, "indicators"))));
	return model;
}

/* The tool's form again with `errors` (taken), for the server to show them on. */
static enum haven_status tool_again(struct request *req, struct response *res, long long fid,
                                    const json_t *doc, const json_t *version, json_t *errors)
{
	response_set_model(res, tool_model(fid, doc, version, req->input));
	response_errors(res, errors);
	return HAVEN_OK;
}

/* POST /levels-of-need: search the indicators (action=filter), or see the suggestion. */
static enum haven_status use_tool(struct request *req, struct response *res)
{
	struct tool_use t;
	enum haven_status st = tool_start(req, res, &t);
	if (st != HAVEN_OK)
		return st;
	const char *action = field_text(req->input, "action");
	if (!action || strcmp(action, "suggest") != 0) {
		response_set_model(res, tool_model(t.fid, t.doc, t.version, req->input));
		goto out;
	}
	json_t *errors = json_array();
	long long posted = input_int(req->input, "framework_id");
	json_t *result = suggestion_for(req->input, t.doc, posted && posted != t.fid, errors, NULL);
	if (!result)
		st = tool_again(req, res, t.fid, t.doc, t.version, errors);
	else {
		json_decref(errors);
		response_set_model(res, result_model(t.fid, t.doc, t.version, req->input, result));
	}
out:
	tool_end(res, &t);
	return st;
}

/* POST /api/v1/threshold/suggestions: the suggestion without recording anything. */
static enum haven_status api_suggest(struct request *req, struct response *res)
{
	long long fid;
	json_t *doc = NULL, *version = NULL;
	enum haven_status st = current(&fid, &doc, &version);
	if (st != HAVEN_OK)
		return st;
	json_t *errors = json_array();
	json_t *result = suggestion_for(req->input, doc, false, errors, NULL);
	if (!result) {
		response_errors(res, errors);
	} else {
		json_decref(errors);
		json_object_set_new(result, "framework",
		                    json_pack("{s:I, s:O}", "id", (json_int_t)fid, "version", version));
		response_set_model(res, result);
	}
	json_decref(doc);
	json_decref(version);
	return HAVEN_OK;
}

/* ---- recording the judgement ---- */

/*
 * POST /levels-of-need/decisions and POST /api/v1/threshold/assessments;
 * with "referral" and "child", the decision is recorded as made for that
 * child of the referral's household, which the request form then takes.
 */
static enum haven_status decide(struct request *req, struct response *res)
{
	struct tool_use t;
	enum haven_status st = tool_start(req, res, &t);
	if (st != HAVEN_OK)
		return st;
	json_t *in = req->input;
	json_t *errors = json_array();
	json_t *ticks = NULL;
	/* only the page's form carries the version it was drawn from */
	json_t *result =
	    suggestion_for(in, t.doc, !req->api && input_int(in, "framework_id") != t.fid, errors, &ticks);
	if (!result) {
		/* the choices themselves are wrong (only a stale or altered form, for a page): start again */
		json_decref(ticks);
		st = tool_again(req, res, t.fid, t.doc, t.version, errors);
		goto out;
	}
	const json_t *suggested_level = json_object_get(result, "suggested_level");
	long long suggested = json_integer_value(json_object_get(suggested_level, "number"));
	long long chosen = input_int(in, "chosen_level");
	const char *reason = field_text(in, "chosen_reason");
	if (chosen == 0)
		errors_add(errors, "chosen_level", "Select the level you judge the child's needs to be at");
	else if (!threshold_level(t.doc, chosen))
		errors_add(errors, "chosen_level",
		           "Select the level you judge the child's needs to be at from the list");
	else if (chosen != suggested && (!reason || !*reason)) {
		char message[400];
		snprintf(message, sizeof message,
		         "Explain why you judge the child's needs to be at Level %lld rather than the "
		         "suggested Level "
		         "%lld (%s)",
		         chosen, suggested, name_of(suggested_level));
		errors_add(errors, "chosen_reason", message);
	}
	/* a decision made for a household's child whose record was merged away: that record stands for no
	 * one (children_merged_errors), the decision is made for the record kept */
	long long child_id = t.child ? json_integer_value(json_object_get(t.child, "id")) : 0;
	if (child_id && (st = children_merged_errors(child_id, "child", "use the tool for that one",
	                                             errors)) != HAVEN_OK) {
		json_decref(ticks);
		json_decref(errors);
		json_decref(result);
		goto out;
	}
	if (json_array_size(errors)) {
		json_decref(ticks);
		/* the page again is the suggestion, with the level and reason to choose again */
		response_set_model(res, result_model(t.fid, t.doc, t.version, in, result));
		response_errors(res, errors);
		st = HAVEN_OK;
		goto out;
	}
	json_decref(errors);
	struct threshold_assessment_new a = {
	    .framework_id = t.fid,
	    .user_id = req->user->id,
	    .agency_id = req->user->agency_id,
	    .la_code = input_int(in, "la_code"),
	    .age_band = field_text(in, "age_band"),
	    .indicators = ticks,
	    .suggested_level = suggested,
	    .basis = json_object_get(result, "basis"),
	    .chosen_level = chosen,
	    .chosen_reason = reason && *reason ? reason : NULL,
	    .child_id = child_id,
	    .source_referral_id = t.child ? json_integer_value(json_object_get(t.child, "referral_id")) : 0,
	};
	struct actor actor = auth_actor(req);
	long long id = 0;
	/* the API's answer names the child (tool_end), so its row does; a browser is sent on to the
	 * decision's page, whose read names them */
	const struct shown_record named = {"child", a.child_id};
	const struct audit_shown shown = {&named, req->api && a.child_id ? 1 : 0};
	st = threshold_store_assessment_add(&a, &shown, &actor, &id);
	json_decref(ticks);
	if (st != HAVEN_OK) {
		json_decref(result);
		goto out;
	}
	json_t *model = NULL;
	st = threshold_assessment_get(id, &model);
	if (st == HAVEN_OK) {
		/* the suggestion's own route and course of action, beside the decision's */
		json_object_set(model, "suggestion", result);
		/* once only: the page it leads to shows this as its confirmation panel (decision.mustache) */
		response_success(res, DECISION_RECORDED);
		response_created(res, model, "/levels-of-need/decisions/%lld", id);
	}
	json_decref(result);
out:
	tool_end(res, &t);
	return st;
}

/* GET /levels-of-need/decisions/{id}, GET /api/v1/threshold/assessments/{id}: one's own decision. */
static enum haven_status show_decision(struct request *req, struct response *res)
{
	json_t *a = NULL;
	enum haven_status st =
	    threshold_assessment_get(json_integer_value(json_object_get(req->params, "id")), &a);
	if (st != HAVEN_OK)
		return st;
	/* a decision is its maker's: anyone else is told it does not exist */
	if (json_integer_value(json_object_get(a, "user_id")) != req->user->id) {
		json_decref(a);
		return HAVEN_ERR_NOT_FOUND;
	}
	/* made for a child of an IDVA referral's household: named while the person still works it */
	json_t *child = NULL;
	long long child_id = json_integer_value(json_object_get(a, "child_id"));
	if (child_id) {
		st = provide_household_child(req->user,
		                             json_integer_value(json_object_get(a, "source_referral_id")),
		                             child_id, &child);
		if (st != HAVEN_OK && st != HAVEN_ERR_NOT_FOUND) {
			json_decref(a);
			return st;
		}
		if (child)
			response_audit_record(res, "child", child_id);
	}
	if (req->api) {
		response_set_model(res, a);
		json_decref(child);
		return HAVEN_OK;
	}
	/* the confirmation panel is the page's only on the answer to the form (the banner the change left);
	 * opened again later, it is the plain decision */
	response_set_model(res, json_pack("{s:s, s:b, s:o}", "title", "Your levels-of-need decision",
	                                  "success_in_panel", true, "decision", a));
	name_child(res, child);
	return HAVEN_OK;
}

/* ---- the framework and its versions ---- */

/* GET /api/v1/threshold/framework: the current version's document as published. */
static enum haven_status api_framework(struct request *req, struct response *res)
{
	(void)req;
	long long fid;
	json_t *doc = NULL;
	enum haven_status st = threshold_store_framework(0, &fid, &doc, NULL);
	if (st == HAVEN_OK)
		response_set_model(res, doc);
	return st;
}

/* GET /levels-of-need/framework, GET /api/v1/threshold/framework/versions.; and the page again when the
 * publish form fails its field specs or its checks. */
static enum haven_status list_versions(struct request *req, struct response *res)
{
	(void)req;
	return publish_version_list(res, "Levels-of-need framework versions", threshold_store_versions);
}

static enum haven_status publish_as_user(const struct request *req, const json_t *doc, long long *id)
{
	struct actor actor = auth_actor(req);
	return threshold_store_publish(doc, req->user->id, &actor, id);
}

static json_t *published_model(const json_t *doc, long long id)
{
	return json_pack("{s:I, s:O, s:I}", "id", (json_int_t)id, "version", json_object_get(doc, "version"),
	                 "indicator_count", (json_int_t)json_array_size(json_object_get(doc, "indicators")));
}

/* POST /levels-of-need/framework, POST /api/v1/threshold/framework/versions: publish a new version. */
static enum haven_status publish(struct request *req, struct response *res)
{
	static const struct publish_version how = {
	    .name = "framework",
	    .check = threshold_framework_check_published,
	    .publish = publish_as_user,
	    .created = published_model,
	    .location = "/levels-of-need/framework",
	    .success = "The new version is published. The levels-of-need tool uses it from now on"};
	return publish_version_answer(req, res, &how);
}

/* ---- routes ---- */

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/levels-of-need",
     .action = "threshold.use",
     .handler = show_tool,
     .page = "threshold/tool",
     .query = tool_query},
    {.method = HTTP_POST,
     .pattern = "/levels-of-need",
     .action = "threshold.use",
     .handler = use_tool,
     .page = "threshold/tool",
     .body = tool_fields,
     .redisplay = show_tool},
    {.method = HTTP_POST,
     .pattern = "/levels-of-need/decisions",
     .action = "threshold.use",
     .handler = decide,
     .page = "threshold/tool",
     .body = decision_fields,
     .redisplay = show_tool},
    {.method = HTTP_GET,
     .pattern = "/levels-of-need/decisions/{id:int}",
     .action = "threshold.use",
     .handler = show_decision,
     .page = "threshold/decision",
     .api_pattern = "/api/v1/threshold/assessments/{id:int}"},
    {.method = HTTP_GET,
     .pattern = "/levels-of-need/framework",
     .action = "framework.publish",
     .handler = list_versions,
     .page = "threshold/versions"},
    {.method = HTTP_POST,
     .pattern = "/levels-of-need/framework",
     .action = "framework.publish",
     .handler = publish,
     .page = "threshold/versions",
     .body = publish_fields,
     .redisplay = list_versions,
     .api_pattern = "/api/v1/threshold/framework/versions"},
    {.method = HTTP_GET,
     .pattern = "/api/v1/threshold/framework",
     .action = "threshold.use",
     .handler = api_framework},
    {.method = HTTP_GET,
     .pattern = "/api/v1/threshold/framework/versions",
     .action = "framework.publish",
     .handler = list_versions},
    {.method = HTTP_POST,
     .pattern = "/api/v1/threshold/suggestions",
     .action = "threshold.use",
     .handler = api_suggest,
     .body = api_suggestion_fields},
    {.method = HTTP_POST,
     .pattern = "/api/v1/threshold/assessments",
     .action = "threshold.use",
     .handler = decide,
     .body = api_assessment_fields},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* the levels-of-need tool: any practitioner records a decision; the partnership publishes the framework
     */
    {.action = "threshold.use", .roles = ROLE_CHILD_WORKERS, .audited = true},
    {.action = "framework.publish", .roles = ROLE_PARTNERSHIP, .audited = true},
    /* no route: the decisions' counts in the scrutineer's dashboard and the annual report */
    {.action = "threshold.figures", .roles = ROLE_PARTNERSHIP},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Children and families",
     .action = "threshold.use",
     .href = "/levels-of-need",
     .text = "Use the levels-of-need tool",
     .place = 10,
     /* a practitioner's tool: the partnership team publishes the framework (below), it does not screen
        children */
     .not_offered_to = ROLE_PARTNERSHIP},
    {.section = "Reviews and learning",
     .action = "framework.publish",
     .href = "/levels-of-need/framework",
     .text = "Levels-of-need framework versions",
     .place = 200},
    {0},
};

const struct area area_threshold = {
    .name = "threshold",
    .links = links,
    .access = access,
    .routes = routes,
    .commands = threshold_commands,
    .load_demo = threshold_load_demo,
    /* needs nothing but the schema; before the support area's demo, which may use its decisions */
    .demo_order = 35,
    .chronology = threshold_chronology,
    .subject_access = threshold_subject_access,
    .figures = threshold_published,
};
