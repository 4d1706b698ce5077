/*
 * area.c (children) — the children register: a child's record, the list of
 * children linked to the user's agency (searched by name or date of birth in
 * a POST body, never in the address), and adding a child, which first shows
 * the likely duplicates so the user can take an existing record instead.
 * Each use case is one handler serving its page (under /children) and the
 * same JSON under /api/v1/children.
 *
 * Who may see a child is the access policy's (action "child.read": a
 * relationship between the user's agency and the child, or broken glass);
 * the server audits every GET of a child or of the list before the handler
 * runs, and the POSTs here audit in their own unit of work (store_sqlite.c):
 * a search ("child.list"), each likely duplicate shown ("child.match"), a new
 * child ("child.create") and a record taken ("child.link", with the reason
 * the user must give: taking a record shows their agency all of it, so it is
 * reviewed by information governance beside break-glass access).
 *
 * Field specs here are deliberately loose (text, lengths): children_check_identity
 * (match.h) makes every check, so a page shows all of a form's errors at once
 * and other areas that record a child check it the same way.
 *
 * The list and the search are in list.c, an agency stopping work with a
 * child in links_end.c; this file holds a child's record, adding,
 * correcting and merging, and the route and access tables.
 */
#include <stdio.h>
#include <string.h>

#include "app/answer_shows.h"
#include "app/area.h"
#include "app/date_words.h"
#include "app/record_answer.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/children/chronology.h"
#include "areas/children/links_end.h"
#include "areas/children/list.h"
#include "areas/children/match.h"
#include "areas/children/record_text.h"
#include "areas/children/store.h"
#include "core/buf.h"
#include "core/calendar.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "router/errors.h"
#include "router/page.h"

#define MAX_SETTINGS 8

/* ---- field specs ---- */

/* A child's details and their settings, as each form that adds, takes or corrects a record sends them. */
#define CHILD_FIELDS                                                                                         \
	{.name = "given_name", .label = "the child's given name", .type = FIELD_TEXT, .max = 100},           \
	    {.name = "family_name", .label = "the child's family name", .type = FIELD_TEXT, .max = 100},     \
	    {.name = "other_names",                                                                          \
	     .label = "other names the child is known by",                                                   \
	     .type = FIELD_TEXT,                                                                             \
	     .max = 200},                                                                                    \
	    {.name = "date_of_birth",                                                                        \
	     .label = "date of birth",                                                                       \
	     .type = FIELD_TEXT,                                                                             \
	     .max = 40,                                                                                      \
	     .date_input = true},                                                                            \
	    {.name = "expected_date_of_birth",                                                               \
	     .label = "expected date of birth",                                                              \
	     .type = FIELD_TEXT,                                                                             \
	     .max = 40,                                                                                      \
	     .date_input = true},                                                                            \
	    {.name = "sex", .label = "the child's sex", .type = FIELD_TEXT, .max = 40},                      \
	    {.name = "postcode", .label = "the home postcode", .type = FIELD_TEXT, .max = 20},               \
	    {.name = "la_code", .label = "the local authority", .type = FIELD_INT, .min = 1, .max = 999999}, \
	    {.name = "upn", .label = "the unique pupil number", .type = FIELD_TEXT, .max = 40},              \
	    {.name = "nhs_number", .label = "the NHS number", .type = FIELD_TEXT, .max = 40},                \
	{                                                                                                    \
		.name = "settings", .label = "the child's school, college or setting", .type = FIELD_SLUG,   \
		.multiple = true, .max = 100                                                                 \
	}

static const struct field_spec create_fields[] = {
    CHILD_FIELDS,
    {.name = "confirm_new",
     .label = "whether to add a new record after seeing the likely matches",
     .type = FIELD_BOOL},
    {0},
};

/*
 * Taking an existing record: what the user was about to add, which that record must be a likely match of,
 * and why they are sure it is the same child (checked in the handler, children_check_take_reason, so a
 * page shown again keeps the records offered).
 */
static const struct field_spec take_fields[] = {
    CHILD_FIELDS,
    {.name = "reason", .label = "why you are sure this is the same child", .type = FIELD_TEXT},
    {0},
};

/* Correcting a child's details: the whole set as it should be, and why. */
static const struct field_spec correct_fields[] = {
    CHILD_FIELDS,
    /* required, but checked by the handler so that every error is answered at once */
    {.name = "reason", .label = "why the details are corrected", .type = FIELD_TEXT, .max = 1000},
    {0},
};

/* Merging another record into this one: its number, and why they are the same child. */
static const struct field_spec merge_fields[] = {
    {.name = "other",
     .label = "the number of the other record",
     .type = FIELD_INT,
     .min = 1,
     .max = 999999999999},
    {.name = "reason", .label = "why they are the same child", .type = FIELD_TEXT, .max = 1000},
    {0},
};

static const struct field_spec undo_fields[] = {
    {.name = "reason", .label = "why the merge is undone", .type = FIELD_TEXT, .required = true, .max = 1000},
    {0},
};

/* ---- labels ---- */

const char *children_relationship_label(const char *r)
{
	if (strcmp(r, "setting") == 0)
		return "School or setting";
	if (strcmp(r, "local_authority") == 0)
		return "Local authority for the child's area";
	if (strcmp(r, "raised_concern") == 0)
		return "Raised a concern or incident";
	if (strcmp(r, "allocated_team") == 0)
		return "Team the child is allocated to";
	return r;
}

/* ---- helpers ---- */

/* The identity in validated input (borrowed strings: valid while `in` is). */
static struct child_identity identity_of(const json_t *in)
{
	return (struct child_identity){
	    .given_name = field_text(in, "given_name"),
	    .family_name = field_text(in, "family_name"),
	    .other_names = field_text(in, "other_names"),
	    .date_of_birth = field_text(in, "date_of_birth"),
	    .expected_date_of_birth = field_text(in, "expected_date_of_birth"),
	    .sex = field_text(in, "sex"),
	    .postcode = field_text(in, "postcode"),
	    .upn = field_text(in, "upn"),
	    .nhs_number = field_text(in, "nhs_number"),
	    .la_code = (int)field_int(in, "la_code"),
	};
}

static void add_nhs_display(json_t *child)
{
	char text[16];
	if (children_nhs_display(field_text(child, "nhs_number"), text))
		json_object_set_new(child, "nhs_number_display", json_string(text));
}

/* The settings picked (slugs) as agency ids, adding an error for any that is not a setting. */
static enum haven_status settings_of(const json_t *in, long long ids[MAX_SETTINGS], size_t *count,
                                     json_t *errors)
{
	json_t *slugs = json_object_get(in, "settings");
	*count = 0;
	if (json_array_size(slugs) > MAX_SETTINGS) {
		errors_add(errors, "settings", "Select 8 settings or fewer");
		return HAVEN_OK;
	}
	size_t i;
	json_t *s;
	json_array_foreach(slugs, i, s)
	{
		long long id = 0;
		enum haven_status st = children_setting_id(json_string_value(s), &id);
		if (st == HAVEN_ERR_NOT_FOUND) {
			errors_add(errors, "settings",
			           "Select the child's school, college or setting from the list");
			return HAVEN_OK;
		}
		if (st != HAVEN_OK)
			return st;
		bool seen = false;
		for (size_t j = 0; j < *count; j++)
			seen = seen || ids[j] == id;
		if (!seen)
			ids[(*count)++] = id;
	}
	return HAVEN_OK;
}

/* ---- a child's record ---- */

static route_handler show_taken_child;

/* Whether the request, allowed its route's action on child `id` (show_child's routes are each about
 * the child whose record they show), may also take `action` on them: the relationship the route's
 * decision read is not read again (policy_allows_beside). */
static bool allowed_on_shown_child(const struct request *req, const char *action, long long id)
{
	return policy_allows_beside(req->user, action, req->route ? req->route->action : NULL, "child", id);
}

/* show_child's answer to the API, written by children_record_text (record_text.h); false, with `res`
 * untouched, where it cannot be. */
static bool answer_record_text(struct request *req, struct response *res, long long id)
{
	struct child_record r;
	if (children_record(id, &r) != HAVEN_OK)
		return false;
	if (r.merged_into) {
		long long kept = r.merged_into;
		children_record_free(&r);
		response_success(res, ""); /* a redirect on reading, not a change: no banner */
		response_done(res, show_taken_child, "/children/%lld", kept);
		return true;
	}
	json_t *corrections = NULL;
	if (r.corrected && children_corrections(id, &corrections) != HAVEN_OK) {
		children_record_free(&r);
		return false;
	}
	bool can_merge = allowed_on_shown_child(req, "child.merge", id);
	struct buf text = BUF_INIT;
	buf_reserve(&text, 4096); /* as the server's own writer: one allocation for most records */
	bool ok = children_record_text(&text, &r, corrections, can_merge);
	children_record_free(&r);
	json_decref(corrections);
	if (!ok) {
		buf_free(&text);
		return false;
	}
	res->body_owned = buf_steal(&text, &res->body_len);
	res->content_type = "application/json";
	return true;
}

/* The other areas' pages about child `id` that the request may open (app/area.h, child_links): [{href,
 * text}]. */
static json_t *area_links(const struct request *req, long long id)
{
	json_t *links = json_array();
	for (const struct area *const *a = haven_areas; *a; a++)
		for (const struct child_page_link *l = (*a)->child_links; l && l->href; l++) {
			if (!allowed_on_shown_child(req, l->action, id))
				continue;
			char href[128];
			snprintf(href, sizeof href, "%s%lld%s", l->href, id, l->after ? l->after : "");
			json_array_append_new(links, json_pack("{s:s, s:s}", "href", href, "text", l->text));
		}
	return links;
}

/*
 * GET /children/{id}, GET /api/v1/children/{id}. The API's answer is
 * children_record_text's, the page's this model: a key added to one is added to
 * the other (tests/http/children-record-text.test.mjs holds the API's keys).
 */
static enum haven_status show_child(struct request *req, struct response *res)
{
	long long id = json_integer_value(json_object_get(req->params, "id"));
	if (req->api && answer_record_text(req, res, id))
		return HAVEN_OK;
	json_t *child = NULL, *history = NULL;
	enum haven_status st = children_get_with_corrections(id, &child, &history);
	if (st != HAVEN_OK)
		return st;
	long long kept = field_int(child, "merged_into");
	if (kept) {
		/* merged into another record: a browser goes there; the API hears where (merged_into) */
		json_decref(child);
		json_decref(history);
		response_success(res, ""); /* a redirect on reading, not a change: no banner */
		response_done(res, show_taken_child, "/children/%lld", kept);
		return HAVEN_OK;
	}
	size_t i;
	json_t *link;
	json_array_foreach(json_object_get(child, "links"), i, link)
	    json_object_set_new(link, "relationship_label",
	                        json_string(children_relationship_label(
	                            json_string_value(json_object_get(link, "relationship")))));
	const char *sex = children_sex_label(field_text(child, "sex"));
	if (sex)
		json_object_set_new(child, "sex_label", json_string(sex));
	add_nhs_display(child);
	json_object_set_new(child, "has_settings",
	                    json_boolean(json_array_size(json_object_get(child, "settings")) > 0));
	json_object_set_new(child, "can_merge", json_boolean(allowed_on_shown_child(req, "child.merge", id)));
	json_object_set_new(child, "can_end_link",
	                    json_boolean(allowed_on_shown_child(req, "child.end_link", id)));
	json_t *ended = NULL;
	if ((st = children_links_ended(id, &ended)) != HAVEN_OK) {
		json_decref(child);
		json_decref(history);
		return st;
	}
	json_array_foreach(ended, i, link)
	{
		json_object_set_new(
		    link, "relationship_label",
		    json_string(children_relationship_label(field_text(link, "relationship"))));
		date_words_set(link, "ended_on", "ended_on_words");
	}
	json_object_set_new(child, "links_ended", ended);
	json_object_set_new(child, "any_links_ended", json_boolean(json_array_size(ended) > 0));
	response_set_model(res, json_pack("{s:s, s:o, s:o, s:b, s:o}", "title", "Child's record", "child",
	                                  child, "corrections", history, "corrected",
	                                  json_array_size(history) > 0, "area_links", area_links(req, id)));
	return HAVEN_OK;
}

/* ---- adding a child ---- */

/* The form's choices, with the ones in `in` (may be NULL) selected again. */
static enum haven_status form_model(const json_t *in, json_t **out)
{
	json_t *areas = NULL, *settings = NULL;
	enum haven_status st = children_form_choices(&areas, &settings);
	if (st != HAVEN_OK)
		return st;
	long long la = in ? field_int(in, "la_code") : 0;
	size_t i, j;
	json_t *a, *s;
	json_array_foreach(areas, i, a) if (la && json_integer_value(json_object_get(a, "code")) == la)
	    json_object_set_new(a, "selected", json_true());
	json_array_foreach(settings, i, a) json_array_foreach(
	    in ? json_object_get(in, "settings") : NULL, j, s) if (json_equal(json_object_get(a, "slug"), s))
	    json_object_set_new(a, "selected", json_true());
	*out = json_pack("{s:s, s:o, s:o}", "title", "Add a child", "areas", areas, "settings", settings);
	return HAVEN_OK;
}

/* GET /children/new, and the form again after errors, with the area and settings chosen kept. */
static enum haven_status new_child_form(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = form_model(req->input, &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/* What the user typed, as hidden fields to send again with "Use this record" or "create a new record". */
static json_t *hidden_fields(const json_t *in)
{
	static const char *const names[] = {
	    "given_name", "family_name", "other_names", "date_of_birth", "expected_date_of_birth",
	    "sex",        "postcode",    "upn",         "nhs_number"};
	json_t *hidden = json_array();
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = field_text(in, names[i]);
		if (v)
			json_array_append_new(hidden, json_pack("{s:s, s:s}", "name", names[i], "value", v));
	}
	char la[32];
	snprintf(la, sizeof la, "%lld", field_int(in, "la_code"));
	json_array_append_new(hidden, json_pack("{s:s, s:s}", "name", "la_code", "value", la));
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(in, "settings"), i, s)
	    json_array_append_new(hidden, json_pack("{s:s, s:O}", "name", "settings", "value", s));
	return hidden;
}

/* The page of likely duplicates (takes `candidates`), to take one of them or add a new record anyway. */
static json_t *matching_model(const json_t *in, const struct child_identity *identity, json_t *candidates)
{
	size_t i;
	json_t *c;
	json_array_foreach(candidates, i, c) json_object_set_new(
	    c, "strength_certain", json_boolean(strcmp(field_text(c, "strength"), "certain") == 0));
	return json_pack("{s:s, s:b, s:b, s:o, s:o, s:s++}", "title",
	                 "This child may already be on the register", "matching", 1, "several",
	                 json_array_size(candidates) > 1, "candidates", candidates, "hidden",
	                 hidden_fields(in), "typed_name", identity->given_name, " ", identity->family_name);
}

/* POST /children/new, POST /api/v1/children. */
static enum haven_status create_child(struct request *req, struct response *res)
{
	json_t *in = req->input, *errors = json_array();
	struct child_identity identity = identity_of(in);
	long long setting_ids[MAX_SETTINGS];
	size_t setting_count = 0;
	enum haven_status st = children_check_identity_now(&identity, NULL, errors);
	if (st == HAVEN_OK)
		st = settings_of(in, setting_ids, &setting_count, errors);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	if (json_array_size(errors)) {
		response_errors(res, errors); /* the form again: the route's redisplay keeps what was typed */
		return HAVEN_OK;
	}
	json_decref(errors);

	struct child_new n = {
	    .identity = &identity,
	    .setting_ids = setting_ids,
	    .setting_count = setting_count,
	    .confirm_new = json_is_true(json_object_get(in, "confirm_new")),
	};
	struct actor actor = auth_actor(req);
	if ((st = children_create(&n, &actor)) != HAVEN_OK)
		return st;
	if (n.candidates) {
		/* The API is refused with the candidates to choose from; a browser is offered them on a page.
		 */
		if (req->api) {
			json_t *problem = errors_problem(
			    409,
			    "This child may already be on the register: take one of the "
			    "records in \"candidates\" with POST /api/v1/children/{id}/link "
			    "(sending the same fields and a \"reason\": why you are sure it is the same "
			    "child), or send \"confirm_new\": true to add a new record",
			    NULL);
			json_object_set_new(problem, "candidates", n.candidates);
			res->status = 409;
			res->content_type = "application/problem+json";
			response_set_model(res, problem);
			return HAVEN_OK;
		}
		response_set_model(res, matching_model(in, &identity, n.candidates));
		return HAVEN_OK;
	}
	json_t *child = NULL;
	if ((st = children_get(n.id, &child)) != HAVEN_OK)
		return st;
	response_success(res, "The child's record was created");
	response_created(res, child, "/children/%lld", n.id);
	return HAVEN_OK;
}

/*
 * The likely duplicates page again, with the reason's error on record `id`'s "Use this record" form (takes
 * `errors`). The records are looked for (and recorded as shown) again; a record no longer among them is not
 * found, as when it is taken.
 */
static enum haven_status reason_again(struct request *req, struct response *res,
                                      const struct child_identity *identity, long long id, json_t *errors)
{
	struct actor actor = auth_actor(req);
	json_t *candidates = NULL;
	enum haven_status st = children_offer(identity, &actor, &candidates);
	json_t *mine = NULL;
	size_t i;
	json_t *c;
	json_array_foreach(st == HAVEN_OK ? candidates : NULL, i,
	                   c) if (json_integer_value(json_object_get(c, "id")) == id) mine = c;
	if (!mine) {
		json_decref(candidates);
		json_decref(errors);
		return st == HAVEN_OK ? HAVEN_ERR_NOT_FOUND : st;
	}
	json_object_set(mine, "reason_error", json_object_get(json_array_get(errors, 0), "message"));
	const char *typed = field_text(req->input, "reason");
	json_object_set_new(mine, "reason_typed", json_string(typed ? typed : ""));
	response_set_model(res, matching_model(req->input, identity, candidates));
	response_errors(res, errors);
	return HAVEN_OK;
}

/* The API's answer after a record is taken: the child's record as it now is. */
static enum haven_status show_taken_child(struct request *req, struct response *res)
{
	return record_answer(req, res, children_get);
}

/* POST /children/{id}/link, POST /api/v1/children/{id}/link: "Use this record", with the reason. */
static enum haven_status take_child(struct request *req, struct response *res)
{
	long long id = json_integer_value(json_object_get(req->params, "id"));
	json_t *errors = json_array();
	struct child_identity identity = identity_of(req->input);
	enum haven_status st = children_check_identity_now(&identity, NULL, errors);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	bool identity_ok = json_array_size(errors) == 0;
	const char *reason = field_text(req->input, "reason");
	if (!identity_ok || req->api) {
		/* the API hears of every problem at once; a page whose typed details are wrong shows the form
		 */
		if (req->api)
			children_check_take_reason(reason, "reason", errors);
		if (json_array_size(errors)) {
			response_errors(res, errors); /* a page: the form again (the route's redisplay) */
			return HAVEN_OK;
		}
		json_decref(errors);
	} else {
		json_decref(errors);
		errors = json_array();
		if (!children_check_take_reason(reason, "reason", errors))
			return reason_again(req, res, &identity, id, errors);
		json_decref(errors);
	}
	struct actor actor = auth_actor(req);
	if ((st = children_take(id, &identity, reason, &actor)) != HAVEN_OK)
		return st;
	response_success(res, "Your setting is now linked to this child");
	response_done(res, show_taken_child, "/children/%lld", id);
	return HAVEN_OK;
}

/* ---- correcting a child's details ---- */

/*
 * GET /children/{id}/correct, and the form again after errors: the details as they are now (or as typed),
 * and the history of corrections.
 */
static enum haven_status correct_form(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *child = NULL, *history = NULL, *model = NULL;
	enum haven_status st = children_get(id, &child);
	if (st != HAVEN_OK)
		return st;
	/* the form's values: the record's, as the form's fields name them (what was typed replaces them) */
	static const char *const names[] = {
	    "given_name", "family_name", "other_names", "date_of_birth", "expected_date_of_birth",
	    "sex",        "postcode",    "upn",         "nhs_number"};
	json_t *submitted = json_object(), *chosen = json_object(), *current = json_object();
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = field_text(child, names[i]);
		json_object_set_new(submitted, names[i], json_string(v ? v : ""));
		if (v)
			json_object_set_new(chosen, names[i], json_pack("{s:b}", v, 1));
	}
	json_object_set(current, "la_code", json_object_get(child, "la_code"));
	json_t *slugs = json_array();
	size_t i;
	json_t *setting;
	json_array_foreach(json_object_get(child, "settings"), i, setting)
	    json_array_append(slugs, json_object_get(setting, "slug"));
	json_object_set_new(current, "settings", slugs);
	const json_t *choices = json_object_size(req->input) ? req->input : current;
	if ((st = form_model(choices, &model)) == HAVEN_OK)
		st = children_corrections(id, &history);
	json_decref(current);
	if (st != HAVEN_OK) {
		json_decref(child);
		json_decref(submitted);
		json_decref(chosen);
		json_decref(model);
		return st;
	}
	json_object_set_new(model, "title", json_string("Correct a child's details"));
	json_object_set_new(model, "child", child);
	json_object_set_new(model, "submitted", submitted);
	json_object_set_new(model, "chosen", chosen);
	json_object_set_new(model, "corrections", history);
	json_object_set_new(model, "corrected", json_boolean(json_array_size(history) > 0));
	response_set_model(res, model);
	return HAVEN_OK;
}

/* The API's answer after a correction: the record as it now is, and its corrections. */
static enum haven_status show_corrected_child(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *child = NULL, *history = NULL;
	enum haven_status st = children_get_with_corrections(id, &child, &history);
	if (st == HAVEN_OK)
		response_set_model(res, json_pack("{s:o, s:o}", "child", child, "corrections", history));
	return st;
}

/* POST /children/{id}/correct, POST /api/v1/children/{id}/correct. */
static enum haven_status correct_child(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	json_t *errors = json_array();
	struct child_identity identity = identity_of(req->input);
	long long setting_ids[MAX_SETTINGS];
	size_t setting_count = 0;
	enum haven_status st = children_check_identity_now(&identity, NULL, errors);
	if (st == HAVEN_OK)
		st = settings_of(req->input, setting_ids, &setting_count, errors);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	if (!field_text(req->input, "reason"))
		errors_add(errors, "reason", "Enter why you are correcting the child's details");
	if (json_array_size(errors)) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	struct actor actor = auth_actor(req);
	st = children_correct(id, &identity, setting_ids, setting_count, field_text(req->input, "reason"),
	                      &actor);
	if (st == HAVEN_ERR_CONFLICT) {
		response_error(res, "given_name", "Change at least one of the child's details, or go back");
		return HAVEN_OK;
	}
	response_success(res, "The record was corrected");
	if (st == HAVEN_OK)
		response_done(res, show_corrected_child, "/children/%lld", id);
	return st;
}

/* ---- merging two records of one child ---- */

/* GET /children/{id}/merge, and the form again after errors. */
static enum haven_status merge_form(struct request *req, struct response *res)
{
	json_t *child = NULL;
	enum haven_status st = children_get(field_int(req->params, "id"), &child);
	if (st == HAVEN_OK)
		response_set_model(res, json_pack("{s:s, s:o}", "title", "Merge another record into this one",
		                                  "child", child));
	return st;
}

/* POST /children/{id}/merge, POST /api/v1/children/{id}/merge: record `other` merged into this one. */
static enum haven_status merge_child(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id"), other = field_int(req->input, "other");
	const char *reason = field_text(req->input, "reason");
	if (!other)
		response_error(res, "other", "Enter the number of the other record");
	if (!reason)
		response_error(res, "reason", "Enter why you are sure they are the same child");
	if (other && other != id && !policy_allows(req->user, "child.merge", "child", other))
		response_error(res, "other", "Enter the number of a record your agency works with");
	if (res->errors)
		return HAVEN_OK;
	struct actor actor = auth_actor(req);
	enum merge_refusal refusal;
	long long merge_id = 0;
	enum haven_status st = children_merge(id, other, reason, &actor, &refusal, &merge_id);
	if (st == HAVEN_ERR_CONFLICT) {
		static const char *const why[] = {
		    [MERGE_NO_RECORD] = "Enter the number of a record on the register",
		    [MERGE_ITSELF] = "A record cannot be merged into itself: enter the other record's number",
		    [MERGE_KEPT_MERGED] =
		        "This record has been merged into another: merge into that one instead",
		    [MERGE_ALREADY_MERGED] = "That record has already been merged into another",
		};
		response_error(res, "other", why[refusal]);
		return HAVEN_OK;
	}
	response_success(res, "The records were merged");
	if (st == HAVEN_OK)
		response_done(res, show_child, "/children/%lld", id);
	return st;
}

/* GET /children/merges, GET /api/v1/children/merges: the latest merges, for the partnership to undo one. */
static enum haven_status list_merges(struct request *req, struct response *res)
{
	(void)req;
	json_t *merges = NULL;
	enum haven_status st = children_merges(&merges);
	if (st != HAVEN_OK)
		return st;
	size_t i;
	json_t *merge;
	json_array_foreach(merges, i, merge)
	{
		date_words_set(merge, "kept_born_on", "kept_born");
		date_words_set(merge, "merged_born_on", "merged_born");
	}
	response_audit_records(res, "child", merges, "kept_id");
	response_audit_records(res, "child", merges, "merged_id");
	response_set_model(res, json_pack("{s:s, s:o, s:b}", "title", "Merged records", "merges", merges,
	                                  "any", json_array_size(merges) > 0));
	return HAVEN_OK;
}

/* POST /children/merges/{id}/undo, POST /api/v1/children/merges/{id}/undo. */
static enum haven_status undo_merge(struct request *req, struct response *res)
{
	struct actor actor = auth_actor(req);
	struct audit_shown shown; /* the children of the merges the API's answer lists */
	enum haven_status st = answer_shows(req, list_merges, &shown);
	long long later = 0;
	if (st == HAVEN_OK)
		st = children_unmerge(field_int(req->params, "id"), field_text(req->input, "reason"), &shown,
		                      &actor, &later);
	answer_shows_free(&shown);
	if (st == HAVEN_ERR_CONFLICT) {
		char message[200];
		snprintf(
		    message, sizeof message,
		    "The record this merge kept has since been merged into another: undo merge %lld first",
		    later);
		response_conflict(res, "reason", message);
		return list_merges(req, res);
	}
	response_success(res, "The merge was undone");
	if (st == HAVEN_OK)
		response_done(res, list_merges, "/children/merges");
	return st;
}

/* ---- routes ---- */

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/children",
     .action = "child.list",
     .handler = children_list_page,
     .page = "children/list",
     .query = children_list_query,
     .redisplay = children_list_page,
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/children/search",
     .action = "child.list",
     .handler = children_search_page,
     .page = "children/list",
     .body = children_search_fields,
     .redisplay = children_first_page,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/children/new",
     .action = "child.create",
     .handler = new_child_form,
     .page = "children/new"},
    {.method = HTTP_POST,
     .pattern = "/children/new",
     .action = "child.create",
     .handler = create_child,
     .page = "children/new",
     .body = create_fields,
     .redisplay = new_child_form,
     .api_pattern = "/api/v1/children"},
    {.method = HTTP_POST,
     .pattern = "/children/{id:int}/link",
     .action = "child.create",
     .handler = take_child,
     .page = "children/new",
     .body = take_fields,
     .redisplay = new_child_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/children/{id:int}",
     .action = "child.read",
     .handler = show_child,
     .page = "children/child",
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/children/{id:int}/merge",
     .action = "child.merge",
     .handler = merge_form,
     .page = "children/merge"},
    {.method = HTTP_POST,
     .pattern = "/children/{id:int}/merge",
     .action = "child.merge",
     .handler = merge_child,
     .page = "children/merge",
     .body = merge_fields,
     .redisplay = merge_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/children/merges",
     .action = "child.unmerge",
     .handler = list_merges,
     .page = "children/merges",
     .api = true},
    {.method = HTTP_POST,
     .pattern = "/children/merges/{id:int}/undo",
     .action = "child.unmerge",
     .handler = undo_merge,
     .page = "children/merges",
     .body = undo_fields,
     .redisplay = list_merges,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/children/{id:int}/correct",
     .action = "child.correct",
     .handler = correct_form,
     .page = "children/correct"},
    {.method = HTTP_POST,
     .pattern = "/children/{id:int}/correct",
     .action = "child.correct",
     .handler = correct_child,
     .page = "children/correct",
     .body = correct_fields,
     .redisplay = correct_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/children/{id:int}/links/end",
     .action = "child.end_link",
     .handler = children_end_link_form,
     .page = "children/end_link"},
    {.method = HTTP_POST,
     .pattern = "/children/{id:int}/links/end",
     .action = "child.end_link",
     .handler = children_end_link_handler,
     .page = "children/end_link",
     .body = children_end_link_fields,
     .redisplay = children_end_link_form,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/children/{id:int}/chronology",
     .action = "child.chronology",
     .handler = show_chronology,
     .page = "children/chronology",
     .query = chronology_query,
     .redisplay = show_chronology,
     .api = true},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* a child's record: needs a relationship, or broken glass */
    {.action = "child.read",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "child",
     .break_glass = ROLE_FRONT_DOOR | ROLE_POLICE,
     .audited = true},
    /* correcting a child's details, with the reason: an agency working with the child */
    {.action = "child.correct",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "child",
     .audited = true,
     .shown_as = "child.read"},
    /* merging two records of one child: the front door and the partnership, related to both */
    {.action = "child.merge",
     .roles = ROLE_FRONT_DOOR | ROLE_PARTNERSHIP,
     .resource = "child",
     .audited = true,
     .shown_as = "child.read"},
    /* an agency stopping work with a child (a concern raised, a team's allocation), with the date and
     * why: the agency working with the child, whose access then ends */
    {.action = "child.end_link",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "child",
     .audited = true,
     .shown_as = "child.read"},
    /* undoing a merge: the partnership, which oversees every merge */
    {.action = "child.unmerge", .roles = ROLE_PARTNERSHIP, .audited = true},
    /* a child's chronology: as the record, and then each event only as its own record's rule allows */
    {.action = "child.chronology",
     .roles = ROLE_CHILD_WORKERS,
     .resource = "child",
     .break_glass = ROLE_FRONT_DOOR | ROLE_POLICE,
     .audited = true},
    /* the children register: people who work with children list those linked to their agency, and add
     * a child (a likely duplicate is offered instead, which links their agency to it) */
    {.action = "child.list", .roles = ROLE_CHILD_WORKERS, .audited = true},
    {.action = "child.create", .roles = ROLE_CHILD_WORKERS, .audited = true},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "Children and families",
     .action = "child.list",
     .href = "/children",
     .text = "Your agency's children",
     .place = 40,
     /* the partnership team works with no child itself: it reaches one from a merge or a review, not a list
      */
     .not_offered_to = ROLE_PARTNERSHIP},
    {.section = "Children and families",
     .action = "child.create",
     .href = "/children/new",
     .text = "Add a child to the register",
     .place = 50,
     .not_offered_to = ROLE_PARTNERSHIP},
    {.section = "Children and families",
     .action = "child.unmerge",
     .href = "/children/merges",
     .text = "Merged records of a child, and undoing a merge",
     .place = 55},
    {0},
};

const struct area area_children = {
    .name = "children",
    .links = links,
    .access = access,
    .records = children_records,
    .chronology = children_chronology,
    .subject_access = children_subject_access,
    .routes = routes,
    .demo_order = 30,
    .load_demo = children_load_demo,
    /* rows written by plain SQL (older databases, imports) get their match keys before serving */
    .start = children_backfill_keys,
};
