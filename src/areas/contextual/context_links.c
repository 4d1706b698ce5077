/*
 * context_links.c (contextual) — a child's link to a place, group or person
 * of concern: made with the nature of the link and its source (only for a
 * child the user's agency works with, and never to a duplicate merged away),
 * then changed or ended with a reason; what each link was is kept and shown
 * as the record's history (contexts.c). Both faces share these handlers;
 * which records a route holds is its path, as in contexts.c.
 */
#include <stdbool.h>

#include "app/answer_shows.h"
#include "areas/children/store.h"
#include "areas/contextual/contexts.h"
#include "areas/contextual/handlers.h"
#include "areas/contextual/store.h"
#include "auth/policy.h"
#include "auth/session.h"
#include "router/errors.h"

const struct field_spec contextual_link_fields[] = {
    {.name = "child",
     .label = "the child's record number",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = CONTEXTUAL_MAX_ID},
    {.name = "nature", .label = "the nature of the link", .type = FIELD_TEXT, .required = true, .max = 200},
    {.name = "source", .label = "the source of the link", .type = FIELD_TEXT, .required = true, .max = 200},
    {0},
};
const struct field_spec contextual_link_change_fields[] = {
    {.name = "changed_child",
     .label = "the child",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = CONTEXTUAL_MAX_ID},
    {.name = "new_nature",
     .label = "the nature of the link",
     .type = FIELD_TEXT,
     .required = true,
     .max = 200},
    {.name = "new_source",
     .label = "the source of the link",
     .type = FIELD_TEXT,
     .required = true,
     .max = 200},
    {.name = "change_reason",
     .label = "the reason for the change",
     .type = FIELD_TEXT,
     .required = true,
     .max = 2000},
    {0},
};
const struct field_spec contextual_link_end_fields[] = {
    {.name = "ended_child",
     .label = "the child",
     .type = FIELD_INT,
     .required = true,
     .min = 1,
     .max = CONTEXTUAL_MAX_ID},
    {.name = "link_end_reason",
     .label = "the reason for ending the link",
     .type = FIELD_TEXT,
     .required = true,
     .max = 2000},
    {0},
};

static enum haven_status link(struct request *req, struct response *res, bool persons)
{
	/* a person's id sent to the places' route (or the other way round) is not found */
	json_t *context = NULL;
	enum haven_status found = contextual_context_get(field_int(req->params, "id"), persons, &context);
	bool ended = found == HAVEN_OK && field_text(context, "ended_at");
	json_decref(context);
	if (found != HAVEN_OK)
		return found;
	if (ended) {
		response_error(res, "child", "This record has ended: link the child to a current one");
		return HAVEN_OK;
	}
	long long child = field_int(req->input, "child");
	/* the same test as screening the child: the viewer's agency works with them */
	if (!policy_allows(req->user, "screening.list", "child", child)) {
		response_error(res, "child", "Enter the record number of a child your agency works with");
		return HAVEN_OK;
	}
	/* a duplicate merged away stands for no one: its links belong on the record kept */
	long long kept = 0;
	enum haven_status st = children_kept_record(child, &kept);
	if (st != HAVEN_OK)
		return st;
	if (kept != child) {
		json_t *errors = json_array();
		errors_addf(errors, "child", "This record was merged into record %lld: link that one", kept);
		response_errors(res, errors);
		return HAVEN_OK;
	}
	struct context_link l = {child, field_text(req->input, "nature"), field_text(req->input, "source")};
	struct actor actor = auth_actor(req);
	/* the children the API's answer shows besides the one linked, which the row names */
	struct audit_shown shown;
	st = answer_shows(req, show_of(persons), &shown);
	if (st == HAVEN_OK)
		st = contextual_context_link(field_int(req->params, "id"), &l, &shown, &actor);
	answer_shows_free(&shown);
	if (st == HAVEN_ERR_CONFLICT) {
		response_error(res, "child", "That child is linked already");
		return HAVEN_OK;
	}
	if (st == HAVEN_OK) {
		response_success(res, persons ? "The child was linked to this person"
		                              : "The child was linked to this context");
		back_to_record(req, res, persons);
	}
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

/*
 * Changes (`ending` false: the new nature and source) or ends a child's link
 * to the context, with the reason; only for a child the user's agency works
 * with, as linking is.
 */
static enum haven_status change_link(struct request *req, struct response *res, bool persons, bool ending)
{
	bool ended;
	enum haven_status st = current(req, persons, &ended);
	if (st != HAVEN_OK)
		return st;
	const json_t *in = req->input;
	const char *child_field = ending ? "ended_child" : "changed_child";
	const char *reason_field = ending ? "link_end_reason" : "change_reason";
	if (ended) {
		response_error(res, reason_field, ended_message);
		return HAVEN_OK;
	}
	long long child = field_int(in, child_field);
	if (!policy_allows(req->user, "screening.list", "child", child)) {
		response_error(res, child_field, "Choose a child your agency works with who is linked here");
		return HAVEN_OK;
	}
	struct context_link l = {child, ending ? NULL : field_text(in, "new_nature"),
	                         ending ? NULL : field_text(in, "new_source")};
	struct actor actor = auth_actor(req);
	/* the children the API's answer shows besides the one whose link changes, which the row names */
	struct audit_shown shown;
	st = answer_shows(req, show_of(persons), &shown);
	if (st == HAVEN_OK)
		st = contextual_link_change(field_int(req->params, "id"), &l, field_text(in, reason_field),
		                            &shown, &actor);
	answer_shows_free(&shown);
	if (st == HAVEN_ERR_NOT_FOUND) {
		response_error(res, child_field, "That child is not linked here");
		return HAVEN_OK;
	}
	if (st == HAVEN_ERR_CONFLICT) {
		response_error(res, reason_field, ended_message);
		return HAVEN_OK;
	}
	if (st == HAVEN_OK)
		back_to_record(req, res, persons);
	return st;
}

enum haven_status contextual_change_context_link(struct request *req, struct response *res)
{
	response_success(res, "The link was changed");
	return change_link(req, res, false, false);
}

enum haven_status contextual_end_context_link(struct request *req, struct response *res)
{
	response_success(res, "The link was ended");
	return change_link(req, res, false, true);
}

enum haven_status contextual_change_person_link(struct request *req, struct response *res)
{
	response_success(res, "The link was changed");
	return change_link(req, res, true, false);
}

enum haven_status contextual_end_person_link(struct request *req, struct response *res)
{
	response_success(res, "The link was ended");
	return change_link(req, res, true, true);
}
