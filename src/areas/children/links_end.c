/*
 * links_end.c (children) — an agency records that it has stopped working
 * with a child (a concern it raised, a team's allocation), with the date and
 * the reason, after "Are you sure?": the link moves out of child_links
 * (links_sqlite.c), so the agency's access to the record ends at once.
 * Routes: GET/POST /children/{id}/links/end and the API twin (area.c).
 */
#include "areas/children/handlers.h"
#include "areas/children/merged.h"

#include <stdio.h>
#include <string.h>

#include "app/date_words.h"
#include "areas/calendar/calendar.h"
#include "areas/calendar/london.h"
#include "areas/children/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "core/calendar.h"
#include "router/errors.h"
#include "router/page.h"

/* An agency stopping work with a child: which of its links, from when, why, and "Yes" on the page asking
 * "Are you sure?". Required fields are checked by the handler, so a page names every missing one at once. */
static const char *const endable_relationships[] = {"raised_concern", "allocated_team", NULL};
const struct field_spec children_end_link_fields[] = {
    {.name = "relationship",
     .label = "which of your agency's links to the child has ended",
     .type = FIELD_CHOICE,
     .choices = endable_relationships},
    {.name = "ended_on",
     .label = "the date your agency stopped working with the child",
     .type = FIELD_DATE,
     .when = FIELD_DATE_NOT_AFTER_TODAY},
    {.name = "reason", .label = "why your agency stopped", .type = FIELD_TEXT, .max = 1000},
    {.name = "confirmed", .label = "whether you are sure", .type = FIELD_BOOL},
    {0},
};

/*
 * The page to end one of the user's agency's links to child `id` (GET, and again after errors or to ask
 * "Are you sure?"): the links it may end here (a concern raised, a team's allocation), the ones it may not
 * (a setting, the local authority: changed elsewhere), and what was typed.
 */
static enum haven_status end_link_model(struct request *req, long long id, json_t **out)
{
	json_t *child = NULL, *mine = NULL;
	enum haven_status st = children_get(id, &child);
	if (st == HAVEN_OK && field_int(child, "merged_into"))
		st = HAVEN_ERR_NOT_FOUND; /* a record merged away: its links are the kept record's */
	if (st == HAVEN_OK)
		st = children_agency_links(id, req->user->agency_id, &mine);
	if (st != HAVEN_OK) {
		json_decref(child);
		return st;
	}
	const char *chosen = field_text(req->input, "relationship");
	json_t *endable = json_array(), *kept = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(mine, i, r)
	{
		const char *relationship = json_string_value(r);
		bool ends_here = fields_is_choice(&children_end_link_fields[0], relationship);
		/* the first radio's id is the field's, so an error about the field links to it */
		char radio[64];
		snprintf(radio, sizeof radio, json_array_size(endable) ? "relationship-%s" : "relationship",
		         relationship);
		json_array_append_new(ends_here ? endable : kept,
		                      json_pack("{s:s, s:s, s:s, s:b}", "id", radio, "value", relationship,
		                                "label", children_relationship_label(relationship), "checked",
		                                chosen && strcmp(chosen, relationship) == 0));
	}
	json_decref(mine);
	/* one link to end is chosen for the user: the form still shows which */
	if (json_array_size(endable) == 1)
		json_object_set_new(json_array_get(endable, 0), "checked", json_true());
	*out = json_pack("{s:s, s:o, s:o, s:b, s:o, s:b}", "title",
	                 "Your agency has stopped working with this child", "child", child, "endable",
	                 endable, "any_endable", json_array_size(endable) > 0, "kept", kept, "any_kept",
	                 json_array_size(kept) > 0);
	return HAVEN_OK;
}

/* GET /children/{id}/links/end, and the page again after errors. */
enum haven_status children_end_link_form(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = end_link_model(req, field_int(req->params, "id"), &model);
	if (st == HAVEN_OK)
		response_set_model(res, model);
	return st;
}

/*
 * POST /children/{id}/links/end, POST /api/v1/children/{id}/links/end: the user's agency has stopped
 * working with the child. A browser is first asked "Are you sure?" (nothing changes until it says yes);
 * the API makes the change in one request. The link moves to the record's history and the agency's
 * access ends with it, so a browser is led back to the record only if the user may still open it.
 */
enum haven_status children_end_link_handler(struct request *req, struct response *res)
{
	long long id = field_int(req->params, "id");
	const char *relationship = field_text(req->input, "relationship");
	const char *ended_on = field_text(req->input, "ended_on");
	const char *reason = field_text(req->input, "reason");
	json_t *child = NULL;
	enum haven_status st = children_refuse_merged(id, "child", "end the link on that one", res);
	if (st != HAVEN_OK || res->errors)
		return st;
	st = children_get(id, &child);
	if (st != HAVEN_OK)
		return st;
	char added[CALENDAR_DATE_SIZE] = "";
	const char *created_at = field_text(child, "created_at");
	if (created_at)
		snprintf(added, sizeof added, "%.10s", created_at);
	json_decref(child);
	if (!relationship)
		response_error(res, "relationship",
		               "Select which of your agency's links to the child has ended");
	if (!ended_on)
		response_error(res, "ended_on", "Enter the date your agency stopped working with the child");
	else if (strcmp(ended_on, added) < 0) {
		char words[CALENDAR_LONG_DATE_SIZE] = "", message[160];
		int32_t day;
		if (calendar_parse(added, &day))
			calendar_format_long(day, words);
		snprintf(
		    message, sizeof message,
		    "The date your agency stopped working with the child must be on or after %s, when the "
		    "child was added to the register",
		    words);
		response_error(res, "ended_on", message);
	}
	if (!reason)
		response_error(res, "reason", "Enter why your agency has stopped working with the child");
	if (res->errors)
		return HAVEN_OK;
	if (!req->api && !json_is_true(json_object_get(req->input, "confirmed"))) {
		/* the page again, asking "Are you sure?" with what was given; nothing is changed yet */
		json_t *model = NULL;
		if ((st = end_link_model(req, id, &model)) != HAVEN_OK)
			return st;
		json_t *confirm = json_pack("{s:s, s:s, s:s, s:s}", "relationship", relationship,
		                            "relationship_label", children_relationship_label(relationship),
		                            "ended_on", ended_on, "reason", reason);
		date_words_set(confirm, "ended_on", "ended_on_words");
		json_object_set_new(model, "confirm", confirm);
		response_set_model(res, model);
		response_confirm(res); /* the record's page again: a read, audited */
		return HAVEN_OK;
	}
	struct actor actor = auth_actor(req);
	struct child_link_end e = {.child_id = id,
	                           .agency_id = actor.agency_id,
	                           .relationship = relationship,
	                           .ended_on = ended_on,
	                           .reason = reason};
	enum link_end_refusal refusal;
	st = children_end_link(&e, &actor, &refusal);
	if (st == HAVEN_ERR_CONFLICT && refusal == LINK_END_NO_LINK) {
		/* as for a child the user may not see: there is nothing of theirs to end */
		res->status = 404;
		response_error(res, "relationship", "Your agency has no such link to this child");
		return HAVEN_OK;
	}
	if (st == HAVEN_ERR_CONFLICT) {
		response_conflict(
		    res, "relationship",
		    "Your agency is the only one linked to this child, so no agency would see the "
		    "record: ask the front door to link the local authority for the child's area first");
		return HAVEN_OK;
	}
	if (st != HAVEN_OK)
		return st;
	response_set_model(res,
	                   json_pack("{s:{s:I, s:s, s:s, s:s}}", "ended", "child_id", (json_int_t)id,
	                             "relationship", relationship, "ended_on", ended_on, "reason", reason));
	response_success(res, "Your agency is no longer linked to the child");
	if (policy_allows(req->user, "child.read", "child", id))
		response_done(res, NULL, "/children/%lld", id);
	else
		response_done(res, NULL, "/children");
	return HAVEN_OK;
}
