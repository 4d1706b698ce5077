/*
 * coverage.c (provide) — the partnership's coverage settings: which IDVA
 * service covers which local authority area (or none), and the rule for
 * which incidents create a referral, at /provide/coverage and
 * /api/v1/provide/coverage ("da.settings"). Choosing a service for an area
 * refers the victims waiting there (provide_store_set_coverage, audited in
 * the same unit of work). The routes are area.c's.
 */
#include "areas/provide/coverage.h"

#include <string.h>

#include "app/la_code.h"
#include "areas/provide/store.h"
#include "auth/session.h"
#include "router/errors.h"

const struct field_spec provide_coverage_fields[] = {
    {.name = "la",
     .label = "the local authority area",
     .type = FIELD_SLUG,
     .required = true,
     .in_select = true,
     .max = 100},
    {.name = "service",
     .label = "the IDVA service (or none)",
     .type = FIELD_SLUG,
     .required = true,
     .max = 100},
    {0},
};

/* GET /provide/coverage, GET /api/v1/provide/coverage (and the page again after errors). */
enum haven_status provide_show_coverage(struct request *req, struct response *res)
{
	(void)req;
	json_t *c = NULL;
	enum haven_status st = provide_store_coverage(&c);
	if (st != HAVEN_OK)
		return st;
	const char *rule = field_text(c, "rule");
	bool all = rule && strcmp(rule, "all") == 0;
	json_object_set_new(
	    c, "rule_label",
	    json_string(all ? "Every incident creates a referral"
	                    : "Incidents assessed as medium or high risk (DASH) create a referral"));
	long long waiting = 0;
	size_t i, j;
	json_t *a, *s;
	json_array_foreach(json_object_get(c, "areas"), i, a)
	{
		waiting += json_integer_value(json_object_get(a, "not_referred"));
		/* the select's options, with the area's service chosen */
		json_t *options = json_array();
		json_array_foreach(json_object_get(c, "services"), j, s)
		{
			json_t *o = json_deep_copy(s);
			json_object_set_new(o, "selected",
			                    json_boolean(json_equal(json_object_get(s, "slug"),
			                                            json_object_get(a, "service_slug"))));
			json_array_append_new(options, o);
		}
		json_object_set_new(a, "options", options);
	}
	json_object_set_new(c, "not_referred", json_integer(waiting));
	json_object_set_new(c, "title", json_string("Operation Provide: IDVA services by area"));
	response_set_model(res, c);
	return HAVEN_OK;
}

/* On the coverage page shown again after errors, the area and service sent, picked again in the form that
 * fixes them ("picked" on an area and on a service). */
static void keep_coverage_choices(json_t *model, const json_t *in)
{
	static const char *const lists[][2] = {{"areas", "la_slug"}, {"services", "slug"}};
	const char *sent[] = {field_text(in, "la"), field_text(in, "service")};
	for (size_t l = 0; l < 2; l++) {
		size_t i;
		json_t *o;
		json_array_foreach(json_object_get(model, lists[l][0]), i, o)
		{
			const char *slug = field_text(o, lists[l][1]);
			json_object_set_new(o, "picked",
			                    json_boolean(sent[l] && slug && strcmp(sent[l], slug) == 0));
		}
	}
}

/* The coverage page again after errors (the save's redisplay), the area and service sent picked again. */
enum haven_status provide_coverage_again(struct request *req, struct response *res)
{
	enum haven_status st = provide_show_coverage(req, res);
	if (st == HAVEN_OK)
		keep_coverage_choices(res->model, req->input);
	return st;
}

/* POST /provide/coverage: the IDVA service for one area ("none" for none); refers the victims waiting there.
 */
enum haven_status provide_save_coverage(struct request *req, struct response *res)
{
	json_t *errors = json_array();
	long long la_code = 0, agency_id = 0, referred = 0;
	const char *service = field_text(req->input, "service");
	enum haven_status st = la_code_of_slug(field_text(req->input, "la"), &la_code);
	if (st == HAVEN_ERR_NOT_FOUND) {
		errors_add(errors, "la", "Select a local authority area from the list");
		st = HAVEN_OK;
	}
	if (st == HAVEN_OK && strcmp(service, "none") != 0) {
		st = provide_store_service(service, &agency_id);
		if (st == HAVEN_ERR_NOT_FOUND) {
			errors_add(errors, "service", "Select an IDVA service from the list, or none");
			st = HAVEN_OK;
		}
	}
	if (st == HAVEN_OK && !json_array_size(errors)) {
		struct actor actor = auth_actor(req);
		st = provide_store_set_coverage(la_code, agency_id, &actor, &referred);
	}
	if (json_array_size(errors)) {
		response_errors(res, errors);
		return HAVEN_OK;
	}
	json_decref(errors);
	if (st != HAVEN_OK)
		return st;
	/* for the API, the coverage as it now is and how many victims waiting were referred */
	if ((st = provide_show_coverage(req, res)) != HAVEN_OK)
		return st;
	json_object_set_new(res->model, "referred", json_integer(referred));
	response_success(res, "The coverage was saved");
	response_done(res, NULL, "/provide/coverage");
	return HAVEN_OK;
}
