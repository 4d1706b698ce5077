/*
 * area.c (partnership) — the partnership's structure as pages and API:
 * its local authority areas and the agencies in them, for everyone to
 * read (/agencies), and for administrators to set up (/admin/setup, the
 * checklist of what a new partnership still has to do;
 * /admin/local-authorities; /admin/agencies; the partnership's name and an
 * area's school term dates, whose handlers are in setup_steps.c) with the
 * same API (/api/v1/setup, /api/v1/local-authorities, /api/v1/agencies,
 * /api/v1/partnership). The command-line side is commands.c.
 *
 * One handler per use case serves both faces: a page renders the view
 * model through a template, the API sends the same model as JSON. Forms
 * post plain text, which the handler checks with the same field specs as
 * the API and the command line (agency.h), so every problem (those only
 * the database knows included) is reported at once, and the page keeps
 * what was typed and ticked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/area.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/mail/sender.h"
#include "areas/partnership/agency.h"
#include "areas/partnership/commands.h"
#include "areas/partnership/handlers.h"
#include "areas/partnership/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "auth/store.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/words.h"
#include "router/errors.h"
#include "router/page.h"

static void add_type_labels(json_t *agencies)
{
	size_t i;
	json_t *a;
	json_array_foreach(agencies, i, a) json_object_set_new(
	    a, "type_label",
	    json_string(partnership_type_label(json_string_value(json_object_get(a, "type")))));
}

static const struct field_spec agency_filter[] = {
    {.name = "type",
     .label = "the type of agency",
     .type = FIELD_CHOICE,
     .choices = partnership_agency_types},
    {.name = "area", .label = "the local authority area", .type = FIELD_SLUG, .max = 100},
    PAGE_FIELDS,
    {0},
};

/* The filter form's options, marking the chosen ones as selected. */
static json_t *filter_options(json_t *areas, const char *type, const char *area)
{
	json_t *types = json_array();
	for (size_t i = 0; partnership_agency_types[i]; i++)
		json_array_append_new(
		    types, json_pack("{s:s, s:s, s:b}", "value", partnership_agency_types[i], "label",
		                     partnership_type_label(partnership_agency_types[i]), "selected",
		                     type && strcmp(type, partnership_agency_types[i]) == 0));
	size_t i;
	json_t *a;
	json_array_foreach(areas, i, a) json_object_set_new(
	    a, "selected",
	    json_boolean(area && strcmp(area, json_string_value(json_object_get(a, "slug"))) == 0));
	return json_pack("{s:o, s:O}", "types", types, "areas", areas);
}

static enum haven_status list_agencies(struct request *req, struct response *res)
{
	const char *type = json_string_value(json_object_get(req->input, "type"));
	const char *area = json_string_value(json_object_get(req->input, "area"));
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *agencies = NULL, *areas = NULL;
	long long total = -1;
	enum haven_status st = partnership_agencies_page(type, area, &page, &agencies, &total);
	if (st == HAVEN_OK)
		st = partnership_list_areas(&areas);
	if (st != HAVEN_OK) {
		json_decref(agencies);
		return st;
	}
	add_type_labels(agencies);
	json_t *model = json_pack("{s:s, s:o, s:b}", "title", "Agencies in the partnership", "count",
	                          page_count_json(total), "found", total > 0);
	page_finish(&page, req, model, "agencies", agencies, "id", total, "agencies");
	json_t *filter = json_object();
	if (type)
		json_object_set_new(filter, "type", json_string(type));
	if (area)
		json_object_set_new(filter, "area", json_string(area));
	json_object_set_new(model, "filter", filter);
	if (!req->api)
		json_object_set_new(model, "options", filter_options(areas, type, area));
	json_decref(areas);
	response_set_model(res, model);
	return HAVEN_OK;
}

static enum haven_status list_areas(struct request *req, struct response *res)
{
	(void)req;
	json_t *areas = NULL;
	enum haven_status st = partnership_list_areas(&areas);
	if (st == HAVEN_OK)
		response_set_model(res, json_pack("{s:o}", "areas", areas));
	return st;
}

static enum haven_status show_agency(struct request *req, struct response *res)
{
	const char *slug = json_string_value(json_object_get(req->params, "slug"));
	json_t *agency = NULL;
	enum haven_status st = partnership_get_agency(slug, &agency);
	if (st != HAVEN_OK)
		return st;
	json_object_set_new(
	    agency, "type_label",
	    json_string(partnership_type_label(json_string_value(json_object_get(agency, "type")))));
	response_set_model(
	    res, json_pack("{s:O, s:o}", "title", json_object_get(agency, "name"), "agency", agency));
	return HAVEN_OK;
}

/* ---- setting the partnership up (administrators) ---- */

/* A form's plain-text values (strings, or lists of strings for ticked boxes) as pairs to check. */
static size_t form_pairs(const json_t *input, struct field_pair *pairs, size_t room)
{
	size_t n = 0;
	const char *name;
	json_t *v;
	json_object_foreach((json_t *)input, name, v)
	{
		if (json_is_string(v) && n < room && *json_string_value(v)) {
			pairs[n++] = (struct field_pair){name, json_string_value(v)};
		} else if (json_is_array(v)) {
			size_t i;
			json_t *item;
			json_array_foreach(v, i, item) if (json_is_string(item) && n < room) pairs[n++] =
			    (struct field_pair){name, json_string_value(item)};
		}
	}
	return n;
}

/*
 * The checked values of a request: the API's come checked by the route's
 * field specs; a form's are checked here with the same specs. New object in
 * *values (NULL if not valid); problems appended to `errors`.
 */
static void checked_values(const struct request *req, const struct field_spec *specs, json_t **values,
                           json_t *errors)
{
	if (req->api) {
		*values = json_deep_copy(req->input);
		return;
	}
	struct field_pair pairs[64];
	size_t n = form_pairs(req->input, pairs, 64);
	if (fields_validate_pairs(specs, pairs, n, NULL, values, errors) != HAVEN_OK) {
		json_decref(*values);
		*values = NULL;
	}
}

/* Store problems {index, field, message} as errors {field, message}. */
static void add_problems(json_t *errors, const json_t *problems)
{
	size_t i;
	json_t *p;
	json_array_foreach(problems, i, p)
	    errors_add(errors, field_text(p, "field"), field_text(p, "message"));
}

/*
 * A store change's status `st`, its `problems` (taken) added to `errors`:
 * HAVEN_ERR_INVALID, refused for what the problems say, is HAVEN_OK here,
 * the handler answering with the errors.
 */
static enum haven_status refused_for(enum haven_status st, json_t *problems, json_t *errors)
{
	add_problems(errors, problems);
	json_decref(problems);
	return st == HAVEN_ERR_INVALID ? HAVEN_OK : st;
}

static json_t *link_item(const char *key, const char *title, bool done, const char *detail, const char *href,
                         const char *how)
{
	json_t *item =
	    json_pack("{s:s, s:s, s:b, s:s}", "key", key, "title", title, "done", done, "detail", detail);
	if (href)
		json_object_set_new(item, "href", json_string(href));
	if (how)
		json_object_set_new(item, "how", json_string(how));
	return item;
}

/* "Blackpool, Lancashire" from a list of names (new string: free it). */
static char *joined(const json_t *names)
{
	struct buf out = BUF_INIT;
	size_t i;
	json_t *n;
	json_array_foreach(names, i, n) buf_printf(&out, "%s%s", i ? ", " : "", json_string_value(n));
	char *text = buf_steal(&out, NULL);
	return text ? text : xstrdup("");
}

/*
 * The detail of a setup step that every area needs (a front door, an IDVA
 * service), in `text`: to add the areas first while there are none; else
 * the areas still `without` it, after `missing_words`; else `all_words`.
 */
static void areas_step_text(char *text, size_t size, long long areas, const json_t *without,
                            const char *missing_words, const char *all_words)
{
	char *missing = joined(without);
	if (areas == 0)
		snprintf(text, size, "Add the local authority areas first.");
	else if (*missing)
		snprintf(text, size, "%s: %s.", missing_words, missing);
	else
		snprintf(text, size, "%s", all_words);
	free(missing);
}

/* GET /admin/setup, /api/v1/setup: each step of setting a partnership up, done or not. */
static enum haven_status setup_checklist(struct request *req, struct response *res)
{
	json_t *c = NULL;
	enum haven_status st = partnership_setup_counts(&c);
	if (st != HAVEN_OK)
		return st;
	long long areas = field_int(c, "areas"), agencies = field_int(c, "agencies"),
	          settings = field_int(c, "settings"), with_terms = field_int(c, "areas_with_terms"),
	          people = field_int(c, "people"), invited = field_int(c, "invited");
	const char *partnership = field_text(c, "partnership");
	json_t *no_front_door = json_object_get(c, "areas_without_front_door");
	json_t *no_idva = json_object_get(c, "areas_without_idva");
	int32_t today = calendar_london_today();
	bool holidays = calendar_covers(today) && calendar_covers(today + 366);
	bool mail = mail_relay_set();
	char text[512];
	json_t *steps = json_array();

	snprintf(text, sizeof text, "%s", partnership ? partnership : "The partnership has no name yet.");
	json_array_append_new(steps,
	                      link_item("partnership", "The partnership itself", partnership != NULL, text,
	                                "/admin/partnership", "haven partnership set --db PATH --name NAME"));
	snprintf(text, sizeof text, "%lld local authority %s.", areas, words_noun(areas, "area", "areas"));
	json_array_append_new(steps, link_item("local_authorities", "Local authority areas", areas > 0, text,
	                                       "/admin/local-authorities",
	                                       "haven la add --db PATH --code CODE --name NAME"));
	snprintf(text, sizeof text, "%lld %s besides the partnership.", agencies,
	         words_noun(agencies, "agency", "agencies"));
	json_array_append_new(steps, link_item("agencies", "Agencies", agencies > 0, text, "/admin/agencies",
	                                       "haven import agencies --db PATH FILE.csv"));
	areas_step_text(text, sizeof text, areas, no_front_door,
	                "No local authority children's services agency for",
	                "Every area has its local authority's children's services.");
	json_array_append_new(steps, link_item("front_doors",
	                                       "Front doors (an agency of type local authority "
	                                       "children's services in each area)",
	                                       areas > 0 && json_array_size(no_front_door) == 0, text,
	                                       "/admin/agencies/new", NULL));
	/* no page imports them: the list is linked once there is something in it to see */
	snprintf(text, sizeof text, "%lld %s.%s", settings,
	         words_noun(settings, "school, college or early years setting",
	                    "schools, colleges and early years settings"),
	         settings > 0 ? ""
	                      : " Whoever runs Haven's server imports them from the DfE's file of every"
	                        " establishment (edubasealldata.csv).");
	json_array_append_new(steps,
	                      link_item("settings", "Settings imported from Get Information about Schools",
	                                settings > 0, text, settings > 0 ? "/settings" : NULL,
	                                "haven import settings --db PATH edubasealldata.csv"));
	snprintf(text, sizeof text, "Term dates for %lld of %lld %s.", with_terms, areas,
	         words_noun(areas, "area", "areas"));
	json_array_append_new(steps,
	                      link_item("term_dates", "School term dates", areas > 0 && with_terms == areas,
	                                text, "/admin/local-authorities",
	                                "haven import term-dates --db PATH --la CODE FILE.csv"));
	json_array_append_new(steps,
	                      link_item("bank_holidays", "Bank holidays", holidays,
	                                holidays ? "Known for this year and the next."
	                                         : "Not known for the coming year: import the gov.uk file.",
	                                "/admin/bank-holidays",
	                                "haven import bank-holidays --db PATH bank-holidays.json"));
	areas_step_text(text, sizeof text, areas, no_idva, "No IDVA service covers",
	                "An IDVA service covers every area.");
	/* the coverage page is the partnership team's: linked only for whoever may open it, named for the
	 * others */
	bool sets_coverage = policy_allows(req->user, "da.settings", NULL, 0);
	if (!sets_coverage && areas > 0 && json_array_size(no_idva) > 0)
		snprintf(text + strlen(text), sizeof text - strlen(text),
		         " Someone with the partnership team role chooses the IDVA service for each area, on"
		         " Operation Provide's coverage page.");
	json_array_append_new(steps, link_item("idva_coverage", "IDVA coverage (Operation Provide)",
	                                       areas > 0 && json_array_size(no_idva) == 0, text,
	                                       sets_coverage ? "/provide/coverage" : NULL, NULL));
	/* an invitation not yet accepted is not an account anyone can sign in with yet: with invitations
	 * only, the step is started, not done */
	long long active = people - invited;
	snprintf(text, sizeof text, "%lld active %s with a role other than administrator", active,
	         words_noun(active, "account", "accounts"));
	if (invited > 0)
		snprintf(text + strlen(text), sizeof text - strlen(text), "; %lld invited %s to accept.",
		         invited, words_noun(invited, "person waits", "people wait"));
	else
		snprintf(text + strlen(text), sizeof text - strlen(text), ".");
	/* inviting is the way the accounts page puts first: the person chooses their own password */
	json_t *first_users = link_item("first_users", "The first users", active > 0, text,
	                                "/admin/invitations/new", "haven user add --db PATH ...");
	json_object_set_new(first_users, "started", json_boolean(active == 0 && invited > 0));
	json_array_append_new(steps, first_users);
	json_array_append_new(
	    steps,
	    link_item("mail_relay", "Mail relay", mail,
	              mail ? "Haven sends email through the configured SMTP relay."
	                   : "No SMTP relay is set: emails wait in the outbox.",
	              NULL, "set HAVEN_SMTP_URL, HAVEN_SMTP_FROM and HAVEN_PUBLIC_URL for haven serve"));
	size_t done = 0, i;
	json_t *step;
	json_array_foreach(steps, i, step) done += json_is_true(json_object_get(step, "done"));
	json_decref(c);
	response_set_model(res, json_pack("{s:s, s:I, s:I, s:o}", "title", "Setting up the partnership",
	                                  "done", (json_int_t)done, "total",
	                                  (json_int_t)json_array_size(steps), "steps", steps));
	return HAVEN_OK;
}

/* ---- local authority areas ---- */

static enum haven_status admin_areas(struct request *req, struct response *res)
{
	(void)req;
	json_t *areas = NULL;
	enum haven_status st = partnership_list_areas(&areas);
	if (st == HAVEN_OK)
		response_set_model(res,
		                   json_pack("{s:s, s:I, s:o}", "title", "Local authority areas", "count",
		                             (json_int_t)json_array_size(areas), "areas", areas));
	return st;
}

/* POST /admin/local-authorities, /api/v1/local-authorities. */
static enum haven_status add_area(struct request *req, struct response *res)
{
	json_t *errors = json_array(), *values = NULL;
	checked_values(req, partnership_area_fields, &values, errors);
	if (values)
		partnership_slug_for(values, errors);
	enum haven_status st = HAVEN_OK;
	if (!json_array_size(errors)) {
		json_t *problems = json_array();
		struct actor actor = auth_actor(req);
		st = refused_for(partnership_add_area((int)field_int(values, "code"),
		                                      field_text(values, "slug"), field_text(values, "name"),
		                                      &actor, problems),
		                 problems, errors);
	}
	if (st != HAVEN_OK || json_array_size(errors)) {
		json_decref(values);
		if (st == HAVEN_OK)
			response_errors(res, errors); /* the page again: the route's redisplay */
		else
			json_decref(errors);
		return st;
	}
	json_decref(errors);
	response_success(res, "The local authority area was added");
	response_created(res,
	                 json_pack("{s:I, s:O, s:O}", "code", (json_int_t)field_int(values, "code"), "slug",
	                           json_object_get(values, "slug"), "name", json_object_get(values, "name")),
	                 "/admin/local-authorities");
	json_decref(values);
	return HAVEN_OK;
}

/* ---- agencies ---- */

static enum haven_status admin_agencies(struct request *req, struct response *res)
{
	(void)req;
	json_t *agencies = NULL;
	enum haven_status st = partnership_list_agencies(NULL, NULL, &agencies);
	if (st != HAVEN_OK)
		return st;
	add_type_labels(agencies);
	response_set_model(res, json_pack("{s:s, s:I, s:o}", "title", "Agencies", "count",
	                                  (json_int_t)json_array_size(agencies), "agencies", agencies));
	return HAVEN_OK;
}

/*
 * The add or change form: every type (the chosen one selected; when adding,
 * not the partnership once it has its own agency) and every
 * area (the chosen ones ticked). `kept` holds the values to show: the
 * agency's own, or what was typed; may be NULL.
 */
static enum haven_status agency_form(const char *slug, const json_t *kept, struct response *res)
{
	json_t *areas = NULL;
	enum haven_status st = partnership_list_areas(&areas);
	if (st != HAVEN_OK)
		return st;
	const char *type = kept ? field_text(kept, "type") : NULL;
	/* a partnership has one agency of its own: once it exists, adding another would only be refused */
	bool self_exists = false;
	if (!slug) {
		json_t *self = NULL;
		enum haven_status found = partnership_get_self(&self);
		json_decref(self);
		if (found != HAVEN_OK && found != HAVEN_ERR_NOT_FOUND) {
			json_decref(areas);
			return found;
		}
		self_exists = found == HAVEN_OK;
	}
	json_t *types = json_array();
	for (size_t i = 0; partnership_agency_types[i]; i++)
		if (!self_exists || strcmp(partnership_agency_types[i], "partnership") != 0)
			json_array_append_new(
			    types, json_pack("{s:s, s:s, s:b}", "value", partnership_agency_types[i], "label",
			                     partnership_type_label(partnership_agency_types[i]), "selected",
			                     type && strcmp(type, partnership_agency_types[i]) == 0));
	json_t *chosen = kept ? json_object_get(kept, "la") : NULL;
	size_t i, k;
	json_t *a, *v;
	json_array_foreach(areas, i, a)
	{
		bool ticked = false;
		char code[16];
		snprintf(code, sizeof code, "%lld", field_int(a, "code"));
		json_array_foreach(chosen, k, v) ticked =
		    ticked || (json_is_integer(v) && json_integer_value(v) == field_int(a, "code")) ||
		    (json_is_string(v) && strcmp(json_string_value(v), code) == 0);
		json_object_set_new(a, "ticked", json_boolean(ticked));
		json_object_set_new(a, "first", json_boolean(i == 0));
	}
	json_t *model =
	    json_pack("{s:s, s:o, s:o, s:b}", "title", slug ? "Change an agency" : "Add an agency", "types",
	              types, "areas", areas, "has_areas", json_array_size(areas) > 0);
	json_t *values = json_object();
	if (kept && field_text(kept, "name"))
		json_object_set_new(values, "name", json_string(field_text(kept, "name")));
	if (kept && field_text(kept, "slug"))
		json_object_set_new(values, "slug", json_string(field_text(kept, "slug")));
	json_object_set_new(model, "values", values);
	if (slug) {
		json_object_set_new(model, "editing", json_true());
		json_object_set_new(model, "slug", json_string(slug));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

static enum haven_status new_agency_form(struct request *req, struct response *res)
{
	return agency_form(NULL, req->input && json_object_size(req->input) ? req->input : NULL, res);
}

static enum haven_status edit_agency_form(struct request *req, struct response *res)
{
	const char *slug = field_text(req->params, "slug");
	if (req->input && json_object_size(req->input)) /* shown again after errors: what was typed */
		return agency_form(slug, req->input, res);
	json_t *agency = NULL;
	enum haven_status st = partnership_agency_for_change(slug, &agency);
	if (st == HAVEN_OK)
		st = agency_form(slug, agency, res);
	json_decref(agency);
	return st;
}

/* The API's answer after a change: the agency as it now is. */
static enum haven_status show_changed_agency(struct request *req, struct response *res)
{
	json_t *agency = NULL;
	enum haven_status st = partnership_agency_for_change(field_text(req->params, "slug"), &agency);
	if (st == HAVEN_OK)
		response_set_model(res, agency);
	return st;
}

/* POST /admin/agencies, /api/v1/agencies. */
static enum haven_status create_agency(struct request *req, struct response *res)
{
	json_t *errors = json_array(), *values = NULL;
	checked_values(req, partnership_agency_fields, &values, errors);
	struct partnership_agency a = {0};
	if (values) {
		partnership_slug_for(values, errors);
		a = (struct partnership_agency){field_text(values, "slug"), field_text(values, "name"),
		                                field_text(values, "type"), json_object_get(values, "la")};
		partnership_check_agency_areas(a.type, a.la, errors);
	}
	enum haven_status st = HAVEN_OK;
	if (!json_array_size(errors)) {
		json_t *problems = json_array();
		struct actor actor = auth_actor(req);
		st = refused_for(partnership_add_agencies(&a, 1, &actor, problems), problems, errors);
	}
	json_t *agency = NULL;
	if (st == HAVEN_OK && json_array_size(errors)) {
		response_errors(res, errors); /* the form again: the route's redisplay keeps what was typed */
		errors = NULL;
	} else if (st == HAVEN_OK && (st = partnership_agency_for_change(a.slug, &agency)) == HAVEN_OK) {
		response_success(res, "The agency was added");
		response_created(res, agency, "/admin/agencies");
	}
	json_decref(errors);
	json_decref(values);
	return st;
}

/* POST /admin/agencies/{slug} (the whole form), PATCH /api/v1/agencies/{slug} (what is sent changes). */
static enum haven_status update_agency(struct request *req, struct response *res)
{
	const char *slug = field_text(req->params, "slug");
	json_t *current = NULL;
	enum haven_status st = partnership_agency_for_change(slug, &current);
	if (st != HAVEN_OK)
		return st; /* no such agency: 404 */
	json_t *errors = json_array(), *values = NULL;
	checked_values(req, partnership_agency_changes, &values, errors);
	if (values && !req->api && !json_object_get(values, "la"))
		json_object_set_new(values, "la", json_array()); /* no box ticked: the whole partnership */
	struct partnership_agency a = {0};
	if (values) {
		json_object_update(current, values);
		a = (struct partnership_agency){slug, field_text(current, "name"),
		                                field_text(current, "type"), json_object_get(current, "la")};
		partnership_check_agency_areas(a.type, a.la, errors);
	}
	if (!json_array_size(errors)) {
		json_t *problems = json_array();
		struct actor actor = auth_actor(req);
		st = refused_for(partnership_update_agency(&a, &actor, problems), problems, errors);
	}
	if (st == HAVEN_OK && json_array_size(errors)) {
		response_errors(res, errors); /* the form again: the route's redisplay keeps what was typed */
		errors = NULL;
	} else if (st == HAVEN_OK) {
		response_success(res, "The agency was updated");
		response_done(res, show_changed_agency, "/admin/agencies");
	}
	json_decref(errors);
	json_decref(values);
	json_decref(current);
	return st;
}

/* What the forms post: plain text, checked by the handlers with the shared specs (agency.h). */
static const struct field_spec agency_form_input[] = {
    {.name = "slug", .label = "the agency's short name (slug)", .type = FIELD_TEXT, .max = 100},
    {.name = "name", .label = "the agency's name", .type = FIELD_TEXT, .max = 400},
    {.name = "type", .label = "the type of agency", .type = FIELD_TEXT, .max = 40},
    {.name = "la", .label = "a local authority code", .type = FIELD_TEXT, .multiple = true, .max = 10},
    {0},
};
static const struct field_spec area_form_input[] = {
    {.name = "code", .label = "the local authority's DfE code", .type = FIELD_TEXT, .max = 20},
    {.name = "name", .label = "the local authority's name", .type = FIELD_TEXT, .max = 400},
    {.name = "slug", .label = "the local authority's short name (slug)", .type = FIELD_TEXT, .max = 100},
    {0},
};

/* A term dates file is the only part of its form: the CSRF token comes with it, and nothing else. */
static const struct field_spec no_fields[] = {{0}};

static const struct route routes[] = {
    {.method = HTTP_GET,
     .pattern = "/agencies",
     .action = ACTION_PUBLIC,
     .handler = list_agencies,
     .page = "partnership/agencies",
     .query = agency_filter,
     .redisplay = list_agencies,
     .api = true},
    {.method = HTTP_GET,
     .pattern = "/agencies/{slug:slug}",
     .action = ACTION_PUBLIC,
     .handler = show_agency,
     .page = "partnership/agency",
     .api = true},
    {.method = HTTP_GET, .pattern = "/api/v1/areas", .action = ACTION_PUBLIC, .handler = list_areas},
    /* setting the partnership up: administrators */
    {.method = HTTP_GET,
     .pattern = "/admin/setup",
     .action = "partnership.manage",
     .handler = setup_checklist,
     .page = "partnership/setup",
     .api_pattern = "/api/v1/setup"},
    {.method = HTTP_PUT,
     .pattern = "/api/v1/partnership",
     .action = "partnership.manage",
     .handler = partnership_name_put,
     .body = partnership_self_fields},
    {.method = HTTP_GET,
     .pattern = "/admin/local-authorities",
     .action = "partnership.manage",
     .handler = admin_areas,
     .page = "partnership/admin-areas"},
    {.method = HTTP_POST,
     .pattern = "/admin/local-authorities",
     .action = "partnership.manage",
     .handler = add_area,
     .page = "partnership/admin-areas",
     .body = area_form_input,
     .redisplay = admin_areas},
    {.method = HTTP_POST,
     .pattern = "/api/v1/local-authorities",
     .action = "partnership.manage",
     .handler = add_area,
     .body = partnership_area_fields},
    {.method = HTTP_GET,
     .pattern = "/admin/agencies",
     .action = "partnership.manage",
     .handler = admin_agencies,
     .page = "partnership/admin-agencies"},
    {.method = HTTP_GET,
     .pattern = "/admin/agencies/new",
     .action = "partnership.manage",
     .handler = new_agency_form,
     .page = "partnership/agency-form"},
    {.method = HTTP_POST,
     .pattern = "/admin/agencies",
     .action = "partnership.manage",
     .handler = create_agency,
     .page = "partnership/agency-form",
     .body = agency_form_input,
     .redisplay = new_agency_form},
    {.method = HTTP_GET,
     .pattern = "/admin/agencies/{slug:slug}/edit",
     .action = "partnership.manage",
     .handler = edit_agency_form,
     .page = "partnership/agency-form"},
    {.method = HTTP_POST,
     .pattern = "/admin/agencies/{slug:slug}",
     .action = "partnership.manage",
     .handler = update_agency,
     .page = "partnership/agency-form",
     .body = agency_form_input,
     .redisplay = edit_agency_form},
    {.method = HTTP_POST,
     .pattern = "/api/v1/agencies",
     .action = "partnership.manage",
     .handler = create_agency,
     .body = partnership_agency_fields},
    {.method = HTTP_PATCH,
     .pattern = "/api/v1/agencies/{slug:slug}",
     .action = "partnership.manage",
     .handler = update_agency,
     .body = partnership_agency_changes},
    /* the set-up steps that were commands only (setup_steps.c); the name's API is PUT /api/v1/partnership */
    {.method = HTTP_GET,
     .pattern = "/admin/partnership",
     .action = "partnership.manage",
     .handler = partnership_name_form,
     .page = "partnership/name",
     .api_pattern = "/api/v1/partnership"},
    {.method = HTTP_POST,
     .pattern = "/admin/partnership",
     .action = "partnership.manage",
     .handler = partnership_name_save,
     .page = "partnership/name",
     .body = partnership_self_fields,
     .redisplay = partnership_name_form},
    {.method = HTTP_GET,
     .pattern = "/admin/local-authorities/{code:int}/term-dates",
     .action = "partnership.manage",
     .handler = partnership_term_dates,
     .page = "partnership/term-dates",
     .api_pattern = "/api/v1/local-authorities/{code:int}/term-dates"},
    {.method = HTTP_POST,
     .pattern = "/admin/local-authorities/{code:int}/term-dates",
     .action = "partnership.manage",
     .handler = partnership_term_dates_upload,
     .page = "partnership/term-dates",
     .body = no_fields,
     .redisplay = partnership_term_dates,
     .max_file = PARTNERSHIP_TERMS_MAX_BYTES,
     .api_pattern = "/api/v1/local-authorities/{code:int}/term-dates"},
    {0},
};

/* Who may take this area's actions (auth/policy.h): deny by default, so an action not here is refused. */
static const struct policy_rule access[] = {
    /* setting the partnership up: its local authority areas and agencies */
    {.action = "partnership.manage", .roles = ROLE_ADMIN, .audited = true},
    {0},
};

/* Its links on the dashboard (app/area.h); `place` orders them within their section. */
static const struct area_link links[] = {
    {.section = "The partnership",
     .action = ACTION_SIGNED_IN,
     .href = "/agencies",
     .text = "See the agencies in the partnership",
     .place = 270},
    {.section = "Administration and assurance",
     .action = "partnership.manage",
     .href = "/admin/setup",
     .text = "Set up the partnership: areas, agencies and what is left to do",
     .place = 205},
    {0},
};

const struct area area_partnership = {
    .name = "partnership",
    .links = links,
    .access = access,
    .routes = routes,
    .commands = partnership_commands,
    .demo_order = 10,
    .load_demo = partnership_load_demo,
};
