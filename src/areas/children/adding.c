/*
 * adding.c (children) — adding a child to the register. The details are
 * checked first (children_check_identity_now, match.h); then the likely
 * duplicates are shown (each audited as "child.match"), so the user takes an
 * existing record, with the reason they are sure it is the same child
 * ("child.link": taking a record shows their agency all of it), or adds a
 * new one anyway. The API is refused with the candidates instead of the
 * page. Routes: GET/POST /children/new, POST /children/{id}/link and their
 * API twins (area.c).
 */
#include <stdio.h>
#include <string.h>

#include "app/record_answer.h"
#include "areas/children/handlers.h"
#include "areas/children/match.h"
#include "areas/children/store.h"
#include "auth/session.h"
#include "router/errors.h"
#include "router/page.h"

/* GET /children/new, and the form again after errors, with the area and settings chosen kept. */
enum haven_status children_new_child_form(struct request *req, struct response *res)
{
	json_t *model = NULL;
	enum haven_status st = children_form_model(req->input, &model);
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
enum haven_status children_create_child(struct request *req, struct response *res)
{
	json_t *in = req->input, *errors = json_array();
	struct child_identity identity = children_identity_of(in);
	long long setting_ids[CHILDREN_MAX_SETTINGS];
	size_t setting_count = 0;
	enum haven_status st = children_check_identity_now(&identity, NULL, errors);
	if (st == HAVEN_OK)
		st = children_settings_of(in, setting_ids, &setting_count, errors);
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
enum haven_status children_show_taken_child(struct request *req, struct response *res)
{
	return record_answer(req, res, children_get);
}

/* POST /children/{id}/link, POST /api/v1/children/{id}/link: "Use this record", with the reason. */
enum haven_status children_take_child(struct request *req, struct response *res)
{
	long long id = json_integer_value(json_object_get(req->params, "id"));
	json_t *errors = json_array();
	struct child_identity identity = children_identity_of(req->input);
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
	response_done(res, children_show_taken_child, "/children/%lld", id);
	return HAVEN_OK;
}
