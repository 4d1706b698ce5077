/*
 * contexts.c (contextual) — contexts, not only children: places and peer
 * groups (/contexts) and persons of concern (/persons-of-concern) as records
 * of their own, each linked to children (the links are context_links.c's)
 * and with the disruption activity against a person or place shown
 * (context_disruptions.c records it), and the network view of a context's
 * links (an SVG drawn on the server, with a table as its accessible
 * version). A context's details are corrected, and a context
 * ended or reopened, with a reason; what each was (and each link was) is
 * kept and shown as its history.
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

#include "app/answer_shows.h"
#include "areas/contextual/contexts.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "router/errors.h"
#include "router/page_found.h"

static const char *const kinds[] = {"place", "group", NULL};

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

const struct field_spec contextual_context_edit_fields[] = {
    CONTEXT_DETAIL_FIELDS,
    {.name = "edit_reason",
     .label = "the reason for the change",
     .type = FIELD_TEXT,
     .required = true,
     .max = 2000},
    {0},
};
const struct field_spec contextual_context_end_fields[] = {
    {.name = "end_reason",
     .label = "the reason for ending it",
     .type = FIELD_TEXT,
     .required = true,
     .max = 2000},
    /* the page asks "Are you sure" first, as ending takes the record out of every agency's networks and
     * agendas; the API's call is the deliberate act itself */
    {.name = "confirmed", .label = "whether you are sure", .type = FIELD_BOOL},
    {0},
};
const struct field_spec contextual_context_reopen_fields[] = {
    {.name = "reopen_reason",
     .label = "the reason for reopening it",
     .type = FIELD_TEXT,
     .required = true,
     .max = 2000},
    {0},
};

/* What a change to a context or a link did, in words. */
static const char *change_label(const char *change)
{
	static const char *const labels[][2] = {
	    {"edited", "Details corrected"}, {"ended", "Ended"},
	    {"reopened", "Reopened"},        {"link_changed", "Link changed"},
	    {"link_ended", "Link ended"},    {"link_reopened", "Linked again"}};
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (strcmp(change, labels[i][0]) == 0)
			return labels[i][1];
	return change;
}

/* What a history row's record was before the change, in words ("Name: X; address: Y"). */
static json_t *was_words(const json_t *row)
{
	static const char *const parts[][2] = {{"was_name", "name"},
	                                       {"was_place_kind", "kind of place"},
	                                       {"was_address", "address or area"},
	                                       {"was_description", "description"}};
	static const char *const link_parts[][2] = {{"was_nature", "nature"}, {"was_source", "source"}};
	bool link = json_integer_value(json_object_get(row, "child_id")) > 0;
	char text[3000] = "";
	size_t used = 0;
	if (link)
		used += (size_t)snprintf(text, sizeof text, "%s %s: ", field_text(row, "given_name"),
		                         field_text(row, "family_name"));
	size_t count = link ? 2 : 4;
	for (size_t i = 0; i < count && used < sizeof text; i++) {
		const char *const *part = link ? link_parts[i] : parts[i];
		const char *value = field_text(row, part[0]);
		if (!value)
			continue;
		used += (size_t)snprintf(text + used, sizeof text - used, "%s%s was %s",
		                         i && used ? "; " : "", part[1], value);
	}
	return json_string(text);
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
 * Draws a network in `model`: `centre` {label, kind} in the middle, the
 * `inner` nodes on a ring round it, and on an outer ring the nodes of
 * `outer_of` (an array per inner node, each placed once however many inner
 * nodes link to it; one whose "key" is `centre_key` is the centre itself and
 * left out). Nodes are {key, label, kind, href (may be absent), nature,
 * source}. Sets "network" {width, height, nodes, edges} and "network_rows"
 * {from, to, nature, source}, the table that says the same as the picture.
 */
static void draw_network(const json_t *centre, const json_t *inner, const json_t *outer_of,
                         const char *centre_key, json_t *model)
{
	double cx = NETWORK_WIDTH / 2.0, cy = NETWORK_HEIGHT / 2.0;
	json_t *nodes = json_array(), *edges = json_array(), *rows = json_array();
	json_t *outer_at = json_object(), *outer_nodes = json_array(), *outer_list = json_array();
	json_t *middle = node(cx, cy, field_text(centre, "label"), field_text(centre, "kind"), NULL);
	json_array_append_new(nodes, middle);
	size_t i, j;
	json_t *list, *o;
	json_array_foreach(outer_of, i, list)
	{
		json_array_foreach(list, j, o)
		{
			const char *key = field_text(o, "key");
			if (strcmp(key, centre_key) != 0 && !json_object_get(outer_at, key)) {
				json_object_set_new(outer_at, key,
				                    json_integer((json_int_t)json_array_size(outer_list)));
				json_array_append(outer_list, o);
			}
		}
	}
	size_t m = json_array_size(outer_list), n = json_array_size(inner);
	json_array_foreach(outer_list, i, o)
	{
		double a = 2 * M_PI * (double)i / (double)m - M_PI / 2;
		json_t *on = node(cx + OUTER_RING * cos(a), cy + OUTER_RING * 0.95 * sin(a),
		                  field_text(o, "label"), field_text(o, "kind"), field_text(o, "href"));
		json_array_append_new(outer_nodes, on);
		json_array_append(nodes, on);
	}
	json_t *in;
	json_array_foreach(inner, i, in)
	{
		double a = 2 * M_PI * (double)i / (double)(n ? n : 1) - M_PI / 2 + M_PI / 8;
		json_t *inn = node(cx + INNER_RING * cos(a), cy + INNER_RING * 0.9 * sin(a),
		                   field_text(in, "label"), field_text(in, "kind"), field_text(in, "href"));
		json_array_append_new(nodes, inn);
		edge(edges, middle, inn);
		json_array_append_new(
		    rows, json_pack("{s:s, s:s, s:s, s:s}", "from", field_text(centre, "label"), "to",
		                    field_text(in, "label"), "nature", field_text(in, "nature"), "source",
		                    field_text(in, "source")));
		json_array_foreach(json_array_get(outer_of, i), j, o)
		{
			json_t *at = json_object_get(outer_at, field_text(o, "key"));
			if (!at)
				continue;
			edge(edges, inn, json_array_get(outer_nodes, (size_t)json_integer_value(at)));
			json_array_append_new(
			    rows, json_pack("{s:s, s:s, s:s, s:s}", "from", field_text(in, "label"), "to",
			                    field_text(o, "label"), "nature", field_text(o, "nature"),
			                    "source", field_text(o, "source")));
		}
	}
	json_decref(outer_nodes);
	json_decref(outer_list);
	json_decref(outer_at);
	json_object_set_new(model, "network",
	                    json_pack("{s:i, s:i, s:o, s:o}", "width", NETWORK_WIDTH, "height",
	                              NETWORK_HEIGHT, "nodes", nodes, "edges", edges));
	json_object_set_new(model, "network_rows", rows);
}

/* A context's link to a child as a network node. */
static json_t *child_node(const json_t *link)
{
	char key[32], label[300];
	snprintf(key, sizeof key, "child-%lld", field_int(link, "child_id"));
	snprintf(label, sizeof label, "%s %s", field_text(link, "given_name"),
	         field_text(link, "family_name"));
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "key", key, "label", label, "kind", "child", "nature",
	                 field_text(link, "nature"), "source", field_text(link, "source"));
}

/* A child's link to a context as a network node, with the way to its page. */
static json_t *context_node(const json_t *link)
{
	char key[32], href[64];
	snprintf(key, sizeof key, "context-%lld", field_int(link, "id"));
	snprintf(href, sizeof href, "%s/%lld", base_of(strcmp(field_text(link, "kind"), "person") == 0),
	         field_int(link, "id"));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "key", key, "label", field_text(link, "name"),
	                 "kind", field_text(link, "kind"), "href", href, "nature", field_text(link, "nature"),
	                 "source", field_text(link, "source"));
}

/* Whether `req`'s user may see persons of concern (the policy says; persons are left out for others). */
static bool sees_persons(const struct request *req)
{
	return policy_allows(req->user, "person.list", NULL, 0);
}

/*
 * The network around a context: the children linked to it whom the viewer
 * works with, and the other contexts those children are linked to (persons
 * only if the viewer may see persons).
 */
static enum haven_status add_network(const struct request *req, const json_t *context, const json_t *children,
                                     json_t *model)
{
	json_t *inner = json_array(), *outer_of = json_array();
	enum haven_status st = HAVEN_OK;
	size_t i, j;
	json_t *child, *o;
	json_array_foreach(children, i, child)
	{
		json_t *others = NULL, *nodes = json_array();
		if ((st = contextual_child_contexts(field_int(child, "child_id"), sees_persons(req),
		                                    &others)) != HAVEN_OK) {
			json_decref(nodes);
			break;
		}
		json_array_foreach(others, j, o) json_array_append_new(nodes, context_node(o));
		json_decref(others);
		json_array_append_new(inner, child_node(child));
		json_array_append_new(outer_of, nodes);
	}
	char key[32];
	snprintf(key, sizeof key, "context-%lld", field_int(context, "id"));
	json_t *centre = json_pack("{s:s, s:s}", "label", field_text(context, "name"), "kind",
	                           field_text(context, "kind"));
	if (st == HAVEN_OK)
		draw_network(centre, inner, outer_of, key, model);
	json_decref(centre);
	json_decref(inner);
	json_decref(outer_of);
	return st;
}

/*
 * GET /exploitation/children/{id}/network: the network around a child: the
 * places, groups (and, for those who may see them, persons) the child is
 * linked to, and the other children linked to those whom the viewer works
 * with. Each child shown is reported for the audit trail.
 */
enum haven_status contextual_child_network(struct request *req, struct response *res)
{
	long long child_id = field_int(req->params, "id");
	json_t *child = NULL, *screenings = NULL, *contexts = NULL;
	enum haven_status st = contextual_child_screenings(child_id, &child, &screenings);
	json_decref(screenings);
	if (st != HAVEN_OK)
		return st;
	if ((st = contextual_child_contexts(child_id, sees_persons(req), &contexts)) != HAVEN_OK) {
		json_decref(child);
		return st;
	}
	json_t *inner = json_array(), *outer_of = json_array(), *links = json_array();
	size_t i, j;
	json_t *c, *o;
	json_array_foreach(contexts, i, c)
	{
		json_t *others = NULL, *nodes = json_array();
		if ((st = contextual_context_children(field_int(c, "id"), req->user->agency_id, &others)) !=
		    HAVEN_OK) {
			json_decref(nodes);
			break;
		}
		json_array_foreach(others, j, o)
		{
			json_array_append_new(nodes, child_node(o));
			json_array_append(links, o);
		}
		json_decref(others);
		json_array_append_new(inner, context_node(c));
		json_array_append_new(outer_of, nodes);
	}
	char key[32], name[300];
	snprintf(key, sizeof key, "child-%lld", child_id);
	snprintf(name, sizeof name, "%s %s", field_text(child, "given_name"),
	         field_text(child, "family_name"));
	json_t *model = NULL;
	if (st == HAVEN_OK) {
		json_t *centre = json_pack("{s:s, s:s}", "label", name, "kind", "child");
		model = json_pack("{s:s, s:o, s:O}", "title", name, "child", child, "contexts", contexts);
		child = NULL;
		draw_network(centre, inner, outer_of, key, model);
		json_decref(centre);
		response_audit_records(res, "child", links, "child_id");
		response_set_model(res, model);
	}
	json_decref(child);
	json_decref(contexts);
	json_decref(inner);
	json_decref(outer_of);
	json_decref(links);
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
	page_finish_found(&page, req, model, "contexts", rows, "id", total,
	                  persons ? "persons" : "places and groups");
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
	response_success(res,
	                 persons ? "The person of concern was recorded" : "The place or group was recorded");
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
	enum haven_status st = contextual_context_get(field_int(req->params, "id"), persons, &context);
	if (st != HAVEN_OK)
		return st;
	if ((st = contextual_context_children(field_int(req->params, "id"), req->user->agency_id,
	                                      &children)) != HAVEN_OK ||
	    (st = contextual_disruptions(field_int(req->params, "id"), &disruptions)) != HAVEN_OK) {
		json_decref(context);
		json_decref(children);
		return st;
	}
	size_t i;
	json_t *d;
	json_array_foreach(disruptions, i, d)
	    json_object_set_new(d, "label", json_string(contextual_disruption_label(field_text(d, "kind"))));
	json_t *history = NULL;
	if ((st = contextual_context_history(field_int(req->params, "id"), req->user->agency_id, &history)) !=
	    HAVEN_OK) {
		json_decref(context);
		json_decref(children);
		json_decref(disruptions);
		return st;
	}
	json_t *h;
	json_array_foreach(history, i, h)
	{
		json_object_set_new(h, "label", json_string(change_label(field_text(h, "change"))));
		json_object_set_new(h, "was", was_words(h));
	}
	response_audit_records(res, "child", history, "child_id");
	json_t *model = json_pack("{s:s, s:s, s:b, s:O, s:O, s:o, s:o, s:b}", "title",
	                          field_text(context, "name"), "base", base_of(persons), "persons", persons,
	                          "context", context, "children", children, "disruptions", disruptions,
	                          "history", history, "ended", field_text(context, "ended_at") != NULL);
	json_object_set_new(model, "has_children", json_boolean(json_array_size(children) > 0));
	const char *chosen = field_text(req->input, "disruption");
	json_object_set_new(
	    model, "disruption_choices",
	    contextual_disruption_choices(field_text(context, "kind"), chosen ? chosen : "other"));
	/* the forms that correct, end or reopen it, only for whoever the policy lets */
	json_object_set_new(model, "can_edit",
	                    json_boolean(policy_allows(req->user, persons ? "person.edit" : "context.edit",
	                                               persons ? "person_of_concern" : "context",
	                                               field_int(req->params, "id"))));
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

/* ---- corrections and endings, with reasons; what each was is kept ---- */

static enum haven_status edit(struct request *req, struct response *res, bool persons)
{
	bool ended;
	enum haven_status st = current(req, persons, &ended);
	if (st != HAVEN_OK)
		return st;
	const json_t *in = req->input;
	struct new_context c = {NULL, field_text(in, "name"), persons ? NULL : field_text(in, "place_kind"),
	                        field_text(in, "address"), field_text(in, "description")};
	struct actor actor = auth_actor(req);
	struct audit_shown shown = {0}; /* the children the API's answer shows the reader */
	if (!ended && (st = answer_shows(req, show_of(persons), &shown)) == HAVEN_OK)
		st = contextual_context_edit(field_int(req->params, "id"), &c, field_text(in, "edit_reason"),
		                             &shown, &actor);
	answer_shows_free(&shown);
	if (ended || st == HAVEN_ERR_CONFLICT) {
		response_error(res, "edit_reason", ended_message);
		return HAVEN_OK;
	}
	if (st == HAVEN_OK)
		back_to_record(req, res, persons);
	return st;
}

enum haven_status contextual_edit_context(struct request *req, struct response *res)
{
	response_success(res, "The context was updated");
	return edit(req, res, false);
}

enum haven_status contextual_edit_person(struct request *req, struct response *res)
{
	response_success(res, "The person's details were updated");
	return edit(req, res, true);
}

/*
 * Ends the context the path names (`ended` says whether it has) or, `reopening`, reopens it, with the reason
 * sent: refused on the reason's field unless it is current (to end) or has ended (to reopen), as the store
 * refuses it when another change got there first (write_end_or_reopen).
 */
static enum haven_status end_or_reopen(struct request *req, struct response *res, bool persons, bool ended,
                                       bool reopening)
{
	const char *reason_field = reopening ? "reopen_reason" : "end_reason";
	enum haven_status st = HAVEN_OK;
	struct actor actor = auth_actor(req);
	struct audit_shown shown = {0}; /* the children the API's answer shows the reader */
	if (ended == reopening && (st = answer_shows(req, show_of(persons), &shown)) == HAVEN_OK)
		st = (reopening ? contextual_context_reopen : contextual_context_end)(
		    field_int(req->params, "id"), field_text(req->input, reason_field), &shown, &actor);
	answer_shows_free(&shown);
	if (ended != reopening || st == HAVEN_ERR_CONFLICT) {
		response_error(res, reason_field,
		               reopening ? "This record is current: it has not ended"
		                         : "This record has ended already");
		return HAVEN_OK;
	}
	if (st == HAVEN_OK) {
		response_success(res, reopening ? "Record reopened" : "Record ended");
		back_to_record(req, res, persons);
	}
	return st;
}

static enum haven_status end(struct request *req, struct response *res, bool persons)
{
	bool ended;
	enum haven_status st = current(req, persons, &ended);
	if (st != HAVEN_OK)
		return st;
	if (!ended && !req->api && !json_is_true(json_object_get(req->input, "confirmed"))) {
		/* the page again, asking "Are you sure" with the reason given; nothing is changed yet */
		if ((st = show(req, res, persons)) == HAVEN_OK) {
			json_object_set_new(
			    res->model, "confirm_end",
			    json_pack("{s:s}", "reason", field_text(req->input, "end_reason")));
			response_confirm(res); /* the record's page again: a read, audited */
		}
		return st;
	}
	return end_or_reopen(req, res, persons, ended, false);
}

enum haven_status contextual_end_context(struct request *req, struct response *res)
{
	return end(req, res, false);
}

enum haven_status contextual_end_person(struct request *req, struct response *res)
{
	return end(req, res, true);
}

static enum haven_status reopen(struct request *req, struct response *res, bool persons)
{
	bool ended;
	enum haven_status st = current(req, persons, &ended);
	return st == HAVEN_OK ? end_or_reopen(req, res, persons, ended, true) : st;
}

enum haven_status contextual_reopen_context(struct request *req, struct response *res)
{
	return reopen(req, res, false);
}

enum haven_status contextual_reopen_person(struct request *req, struct response *res)
{
	return reopen(req, res, true);
}
