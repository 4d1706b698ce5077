/*
 * contexts.c (contextual) — contexts, not only children: places and peer
 * groups (/contexts) and persons of concern (/persons-of-concern) as records
 * of their own, each linked to children with the nature of the link and its
 * source, the disruption activity against a person or place, and the network
 * view of a context's links (an SVG drawn on the server, with a table as its
 * accessible version).
 *
 * Both faces share these handlers; which records a route holds is its path.
 * Persons of concern have routes of their own so that the policy, not a
 * handler, keeps them from everyone but the police and the local
 * authority's exploitation team (its front door): others are refused the
 * route, and the network views leave persons out for them.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "areas/calendar/london.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/calendar.h"
#include "router/errors.h"

/* The largest record number a form may name: beyond any register, short of overflow. */
#define MAX_ID 999999999999LL

static const char *const kinds[] = {"place", "group", NULL};
static const char *const disruption_kinds[] = {"cawn",          "arrest", "licensing_review",
                                               "closure_order", "other",  NULL};

#define CONTEXT_DETAIL_FIELDS                                                                                \
	{.name = "name", .label = "the name", .type = FIELD_TEXT, .required = true, .max = 200},             \
	    {.name = "place_kind", .label = "the kind of place", .type = FIELD_TEXT, .max = 100},            \
	    {.name = "address", .label = "the address or area", .type = FIELD_TEXT, .max = 300},             \
	{                                                                                                    \
		.name = "description", .label = "the description", .type = FIELD_TEXT, .max = 2000           \
	}

const struct field_spec contextual_context_fields[] = {
    {.name = "kind",
     .label = "whether it is a place or a group",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = kinds},
    CONTEXT_DETAIL_FIELDS,
    {0},
};
const struct field_spec contextual_person_fields[] = {CONTEXT_DETAIL_FIELDS, {0}};
const struct field_spec contextual_context_list_query[] = {PAGE_FIELDS, {0}};
const struct field_spec contextual_link_fields[] = {
    {.name = "child",
     .label = "the child's record number",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = MAX_ID},
    {.name = "nature", .label = "the nature of the link", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "source", .label = "the source of the link", .type = FIELD_TEXT, .required = true, .max = 200},
    {0},
};
const struct field_spec contextual_disruption_fields[] = {
    {.name = "disruption",
     .label = "the kind of disruption",
     .type = FIELD_CHOICE,
     .required = true,
     .choices = disruption_kinds},
    {.name = "started_on", .label = "the date it started", .type = FIELD_DATE, .required = true},
    {.name = "ended_on", .label = "the date it ended", .type = FIELD_DATE},
    {.name = "outcome", .label = "the outcome", .type = FIELD_TEXT, .max = 2000},
    {0},
};

static const char *disruption_label(const char *kind)
{
	static const char *const labels[][2] = {{"cawn", "Child abduction warning notice"},
	                                        {"arrest", "Arrest"},
	                                        {"licensing_review", "Licensing review"},
	                                        {"closure_order", "Closure order"},
	                                        {"other", "Other disruption"}};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(kind, labels[i][0]) == 0)
			return labels[i][1];
	return kind;
}

static long long path_id(const struct request *req)
{
	return json_integer_value(json_object_get(req->params, "id"));
}

/* The path a kind of record lives under. */
static const char *base_of(bool persons)
{
	return persons ? "/persons-of-concern" : "/contexts";
}

/* ---- the network view ---- */

#define NETWORK_WIDTH 720
#define NETWORK_HEIGHT 480
#define INNER_RING 120.0
#define OUTER_RING 210.0

static json_t *node(double x, double y, const char *label, const char *kind, const char *href)
{
	return json_pack("{s:i, s:i, s:s, s:s, s:s*}", "x", (int)lround(x), "y", (int)lround(y), "label",
	                 label, "kind", kind, "href", href);
}

static void edge(json_t *edges, const json_t *from, const json_t *to)
{
	json_array_append_new(edges, json_pack("{s:O, s:O, s:O, s:O}", "x1", json_object_get(from, "x"), "y1",
	                                       json_object_get(from, "y"), "x2", json_object_get(to, "x"),
	                                       "y2", json_object_get(to, "y")));
}

/*
 * The network around a context: the context in the middle, the children
 * linked to it whom the viewer works with on the inner ring, and the other
 * contexts those children are linked to on the outer ring (persons only if
 * the viewer may see persons). Sets "network" {width, height, nodes, edges}
 * and "network_rows" {from, to, nature, source} (the table that says the
 * same) in `model`.
 */
static enum haven_status add_network(const struct request *req, const json_t *context, const json_t *children,
                                     json_t *model)
{
	bool with_persons = policy_decide(req->user, "person.list", NULL) == DECISION_ALLOW;
	double cx = NETWORK_WIDTH / 2.0, cy = NETWORK_HEIGHT / 2.0;
	json_t *nodes = json_array(), *edges = json_array(), *rows = json_array(), *outer = json_object();
	json_t *centre = node(cx, cy, field_text(context, "name"), field_text(context, "kind"), NULL);
	json_array_append_new(nodes, centre);
	size_t n = json_array_size(children), i;
	json_t *child;
	json_t *others_of = json_array();
	enum haven_status st = HAVEN_OK;
	json_array_foreach(children, i, child)
	{
		json_t *others = NULL;
		if ((st = contextual_child_contexts(field_int(child, "child_id"), with_persons, &others)) !=
		    HAVEN_OK)
			break;
		json_array_append_new(others_of, others);
	}
	/* the other contexts, each placed once on the outer ring */
	json_t *outer_list = json_array();
	json_array_foreach(others_of, i, child)
	{
		size_t j;
		json_t *o;
		json_array_foreach(child, j, o)
		{
			char key[32];
			snprintf(key, sizeof key, "%lld", field_int(o, "id"));
			if (field_int(o, "id") != field_int(context, "id") && !json_object_get(outer, key)) {
				json_object_set_new(outer, key,
				                    json_integer((json_int_t)json_array_size(outer_list)));
				json_array_append(outer_list, o);
			}
		}
	}
	size_t m = json_array_size(outer_list);
	json_t *outer_nodes = json_array();
	json_t *o;
	json_array_foreach(outer_list, i, o)
	{
		double a = 2 * M_PI * (double)i / (double)m - M_PI / 2;
		char href[64];
		snprintf(href, sizeof href, "%s/%lld", base_of(strcmp(field_text(o, "kind"), "person") == 0),
		         field_int(o, "id"));
		json_t *on = node(cx + OUTER_RING * cos(a), cy + OUTER_RING * 0.95 * sin(a),
		                  field_text(o, "name"), field_text(o, "kind"), href);
		json_array_append_new(outer_nodes, on);
		json_array_append(nodes, on);
	}
	json_array_foreach(children, i, child)
	{
		double a = 2 * M_PI * (double)i / (double)(n ? n : 1) - M_PI / 2 + M_PI / 8;
		char name[300];
		snprintf(name, sizeof name, "%s %s", field_text(child, "given_name"),
		         field_text(child, "family_name"));
		json_t *cn =
		    node(cx + INNER_RING * cos(a), cy + INNER_RING * 0.9 * sin(a), name, "child", NULL);
		json_array_append_new(nodes, cn);
		edge(edges, centre, cn);
		json_array_append_new(rows,
		                      json_pack("{s:s, s:s, s:s, s:s}", "from", field_text(context, "name"),
		                                "to", name, "nature", field_text(child, "nature"), "source",
		                                field_text(child, "source")));
		size_t j;
		json_array_foreach(json_array_get(others_of, i), j, o)
		{
			char key[32];
			snprintf(key, sizeof key, "%lld", field_int(o, "id"));
			json_t *at = json_object_get(outer, key);
			if (!at)
				continue;
			edge(edges, cn, json_array_get(outer_nodes, (size_t)json_integer_value(at)));
			json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:s}", "from", name, "to",
			                                      field_text(o, "name"), "nature",
			                                      field_text(o, "nature"), "source",
			                                      field_text(o, "source")));
		}
	}
	json_decref(outer_nodes);
	json_decref(outer_list);
	json_decref(others_of);
	json_decref(outer);
	json_object_set_new(model, "network",
	                    json_pack("{s:i, s:i, s:o, s:o}", "width", NETWORK_WIDTH, "height",
	                              NETWORK_HEIGHT, "nodes", nodes, "edges", edges));
	json_object_set_new(model, "network_rows", rows);
	return st;
}

/* ---- pages ---- */

static enum haven_status list(struct request *req, struct response *res, bool persons)
{
	struct page page;
	if (!page_from_request(req, res, &page))
		return HAVEN_OK;
	json_t *rows = NULL;
	long long total = -1;
	enum haven_status st = contextual_contexts_list(persons, &page, &rows, &total);
	if (st != HAVEN_OK)
		return st;
	json_t *model =
	    json_pack("{s:s, s:s, s:b}", "title", persons ? "Persons of concern" : "Places and groups",
	              "base", base_of(persons), "persons", persons);
	page_finish(&page, req, model, "contexts", rows, "id", total,
	            persons ? "persons" : "places and groups");
	json_object_set_new(model, "found",
	                    json_boolean(json_array_size(json_object_get(model, "contexts")) > 0));
	if (!persons) {
		const char *kind = field_text(req->input, "kind");
		json_object_set_new(model, "kind_is", json_pack("{s:b}", kind ? kind : "place", 1));
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

enum haven_status contextual_list_contexts(struct request *req, struct response *res)
{
	return list(req, res, false);
}

enum haven_status contextual_list_persons(struct request *req, struct response *res)
{
	return list(req, res, true);
}

static enum haven_status create(struct request *req, struct response *res, bool persons)
{
	const json_t *in = req->input;
	struct new_context c = {persons ? "person" : field_text(in, "kind"), field_text(in, "name"),
	                        persons ? NULL : field_text(in, "place_kind"), field_text(in, "address"),
	                        field_text(in, "description")};
	struct actor actor = auth_actor(req);
	long long id = 0;
	enum haven_status st = contextual_context_add(&c, &actor, &id);
	json_t *model = NULL;
	if (st == HAVEN_OK && (st = contextual_context_get(id, persons, &model)) == HAVEN_OK)
		response_created(res, json_pack("{s:o}", "context", model), "%s/%lld", base_of(persons), id);
	return st;
}

enum haven_status contextual_create_context(struct request *req, struct response *res)
{
	return create(req, res, false);
}

enum haven_status contextual_create_person(struct request *req, struct response *res)
{
	return create(req, res, true);
}

static enum haven_status show(struct request *req, struct response *res, bool persons)
{
	json_t *context = NULL, *children = NULL, *disruptions = NULL;
	enum haven_status st = contextual_context_get(path_id(req), persons, &context);
	if (st != HAVEN_OK)
		return st;
	if ((st = contextual_context_children(path_id(req), req->user->agency_id, &children)) != HAVEN_OK ||
	    (st = contextual_disruptions(path_id(req), &disruptions)) != HAVEN_OK) {
		json_decref(context);
		json_decref(children);
		return st;
	}
	size_t i;
	json_t *d;
	json_array_foreach(disruptions, i, d)
	    json_object_set_new(d, "label", json_string(disruption_label(field_text(d, "kind"))));
	json_t *model = json_pack("{s:s, s:s, s:b, s:O, s:O, s:o}", "title", field_text(context, "name"),
	                          "base", base_of(persons), "persons", persons, "context", context,
	                          "children", children, "disruptions", disruptions);
	const char *chosen = field_text(req->input, "disruption");
	json_object_set_new(model, "disruption_is", json_pack("{s:b}", chosen ? chosen : "other", 1));
	st = add_network(req, context, children, model);
	response_audit_records(res, "child", children, "child_id");
	json_decref(context);
	json_decref(children);
	if (st != HAVEN_OK) {
		json_decref(model);
		return st;
	}
	response_set_model(res, model);
	return HAVEN_OK;
}

enum haven_status contextual_show_context(struct request *req, struct response *res)
{
	return show(req, res, false);
}

enum haven_status contextual_show_person(struct request *req, struct response *res)
{
	return show(req, res, true);
}

static enum haven_status link(struct request *req, struct response *res, bool persons)
{
	long long child = field_int(req->input, "child");
	struct resource the_child = {"child", child};
	/* the same test as screening the child: the viewer's agency works with them */
	if (policy_decide(req->user, "screening.list", &the_child) != DECISION_ALLOW) {
		response_error(res, "child", "Enter the record number of a child your agency works with");
		return HAVEN_OK;
	}
	struct context_link l = {child, field_text(req->input, "nature"), field_text(req->input, "source")};
	struct actor actor = auth_actor(req);
	enum haven_status st = contextual_context_link(path_id(req), &l, &actor);
	if (st == HAVEN_ERR_CONFLICT) {
		response_error(res, "child", "That child is linked already");
		return HAVEN_OK;
	}
	if (st == HAVEN_OK)
		response_done(res, persons ? contextual_show_person : contextual_show_context, "%s/%lld",
		              base_of(persons), path_id(req));
	return st;
}

enum haven_status contextual_link_context(struct request *req, struct response *res)
{
	return link(req, res, false);
}

enum haven_status contextual_link_person(struct request *req, struct response *res)
{
	return link(req, res, true);
}

/* Which disruptions fit which record: notices and arrests are against people, reviews and orders places. */
static bool disruption_fits(const char *disruption, const char *kind)
{
	if (strcmp(disruption, "other") == 0)
		return true;
	if (strcmp(kind, "person") == 0)
		return strcmp(disruption, "cawn") == 0 || strcmp(disruption, "arrest") == 0;
	if (strcmp(kind, "place") == 0)
		return strcmp(disruption, "licensing_review") == 0 ||
		       strcmp(disruption, "closure_order") == 0;
	return false;
}

static enum haven_status disrupt(struct request *req, struct response *res, bool persons)
{
	json_t *context = NULL, *errors = json_array();
	enum haven_status st = contextual_context_get(path_id(req), persons, &context);
	if (st != HAVEN_OK) {
		json_decref(errors);
		return st;
	}
	const json_t *in = req->input;
	struct disruption d = {field_text(in, "disruption"), field_text(in, "started_on"),
	                       field_text(in, "ended_on"), field_text(in, "outcome")};
	if (!disruption_fits(d.kind, field_text(context, "kind")))
		errors_add(
		    errors, "disruption",
		    strcmp(field_text(context, "kind"), "person") == 0
		        ? "Against a person, choose a child abduction warning notice, an arrest or other"
		    : strcmp(field_text(context, "kind"), "place") == 0
		        ? "Against a place, choose a licensing review, a closure order or other"
		        : "Against a group, choose other and describe it in the outcome");
	json_decref(context);
	char today[CALENDAR_DATE_SIZE];
	calendar_format(calendar_london_today(), today);
	if (strcmp(d.started_on, today) > 0)
		errors_add(errors, "started_on", "The date it started must be today or in the past");
	if (d.ended_on && strcmp(d.ended_on, d.started_on) < 0)
		errors_add(errors, "ended_on", "The date it ended must be on or after the date it started");
	if (json_array_size(errors)) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	struct actor actor = auth_actor(req);
	st = contextual_disruption_add(path_id(req), &d, &actor);
	if (st == HAVEN_OK)
		response_done(res, persons ? contextual_show_person : contextual_show_context, "%s/%lld",
		              base_of(persons), path_id(req));
	return st;
}

enum haven_status contextual_disrupt_context(struct request *req, struct response *res)
{
	return disrupt(req, res, false);
}

enum haven_status contextual_disrupt_person(struct request *req, struct response *res)
{
	return disrupt(req, res, true);
}
